"""An edited record read from another tool's Popolo document is exported as the kept object
with only the officer's change applied, and importing that export into the database it came
from keeps every field (issue 14, the fresh-clone tester's scenario)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from conftest import run_cli
from sqlalchemy import text

DOCUMENT = {
    "organizations": [
        {
            "id": "legislature",
            "name": "Mazhilis",
            "classification": "legislature",
            "seats": 107,
            "other_names": [
                {"name": "Мәжіліс", "lang": "kk"},
                {"name": "Мажилис", "lang": "ru", "start_date": "1995", "end_date": "2025"},
            ],
        }
    ],
    "persons": [
        {
            "id": "p-1",
            "name": "Нұрсұлтан Әбішұлы",
            "other_names": [
                {"name": "Nursultan Abishuly", "lang": "en", "note": "multilingual"},
                {"name": "نورسلطان", "lang": "kk-arab"},
            ],
            "gender": "male",
        },
        {
            "id": "p-3",
            "name": "محمد علی جناح",
            "other_names": [
                {"name": "Muhammad Ali Jinnah", "lang": "en"},
                {"name": "محمد علی جناح", "lang": "ur"},
                {"name": "محمد علي جناح", "lang": "ar", "start_date": "1947", "end_date": "1948"},
            ],
            "gender": "male",
        },
    ],
    "memberships": [{"person_id": "p-1", "organization_id": "legislature", "role": "member"}],
}


def _expected() -> dict:
    """The document with the officer's three edits applied, in Popolo's own form."""
    doc = copy.deepcopy(DOCUMENT)
    doc["persons"][0]["other_names"].append({"name": "نورسلطان", "lang": "fa", "note": "official"})
    doc["organizations"][0]["identifiers"] = [{"scheme": "wikidata", "identifier": "Q123"}]
    return doc


def _kept(db) -> dict[str, dict]:
    with db.engine().connect() as connection:
        rows = list(connection.execute(text("SELECT popolo_id, data FROM popolo_extra")))
    return {r[0]: json.loads(r[1]) if isinstance(r[1], str) else r[1] for r in rows}


def _export(db, path: Path) -> dict:
    result = run_cli(db, "export", "popolo", "-o", str(path), "--force")
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text(encoding="utf-8"))


def test_an_edited_record_keeps_the_fields_citylinks_does_not_model(empty_db, tmp_path):
    source = tmp_path / "kz.json"
    source.write_text(json.dumps(DOCUMENT, ensure_ascii=False), encoding="utf-8")
    assert run_cli(empty_db, "import", "popolo", str(source)).exit_code == 0
    for edit in (
        ("person", "edit", "p-1", "--add-name", "fa=نورسلطان"),
        ("person", "edit", "p-3", "--key", "jinnah"),
        ("org", "edit", "legislature", "--add-id", "wikidata=Q123"),
    ):
        result = run_cli(empty_db, *edit)
        assert result.exit_code == 0, result.output

    exported = _export(empty_db, tmp_path / "out.json")
    expected = _expected()
    # The key the officer gave is said beside the document's id (p14j), not kept in the object.
    written = copy.deepcopy(expected)
    assert written["persons"][1]["id"] == "p-3"
    written["persons"][1]["citylinks:key"] = "jinnah"
    for section in ("organizations", "persons", "memberships"):
        assert len(exported[section]) == len(written[section])
        for got, want in zip(exported[section], written[section], strict=True):
            assert got.keys() == want.keys(), (section, got)
            for field in want:
                assert got[field] == want[field], (section, field)

    # Imported into the database it came from: matched, and the kept objects lose nothing.
    result = run_cli(empty_db, "import", "popolo", str(tmp_path / "out.json"))
    assert result.exit_code == 0, result.output
    assert "persons: read 2, created 0, matched 2" in result.stdout
    assert "organizations: read 1, created 0, matched 1" in result.stdout
    kept = _kept(empty_db)
    for obj in expected["persons"] + expected["organizations"]:
        assert kept[obj["id"]] == obj
    # ... and exported again, the same document.
    assert _export(empty_db, tmp_path / "again.json") == exported


def test_a_kept_name_the_officer_removes_leaves_the_export(empty_db, tmp_path):
    source = tmp_path / "kz.json"
    source.write_text(json.dumps(DOCUMENT, ensure_ascii=False), encoding="utf-8")
    assert run_cli(empty_db, "import", "popolo", str(source)).exit_code == 0
    result = run_cli(empty_db, "person", "edit", "p-3", "--remove-name", "ur=محمد علی جناح")
    assert result.exit_code == 0, result.output
    person = _export(empty_db, tmp_path / "out.json")["persons"][1]
    assert person["other_names"] == [
        {"name": "Muhammad Ali Jinnah", "lang": "en"},
        {"name": "محمد علي جناح", "lang": "ar", "start_date": "1947", "end_date": "1948"},
    ]
    assert person["gender"] == "male"
