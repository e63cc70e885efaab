"""Issue 14: an officer's edit of a person read from another tool's document shows in the
Popolo export without inventing anything: a name added is written in Popolo's own form with
the language it was stored with, the document's untagged name gets no language tag ("und" is
never written); a key changed (`person edit KEY --key NEW`) is said in `citylinks:key` (the
id stays the document's) and read back by an import into another database."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import new_database, run_cli

ALDERNEY = Path(__file__).parent / "data" / "popolo" / "Alderney-States.json"
ROWLEY = "6baacce2-655a-493f-883a-29feea8a799d"


def export(db, path: Path) -> dict:
    result = run_cli(db, "export", "popolo", "--force", "--output", str(path))
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text(encoding="utf-8"))


def person(document: dict, popolo_id: str) -> dict:
    (found,) = [p for p in document["persons"] if p["id"] == popolo_id]
    return found


def test_a_name_added_to_an_imported_person_is_exported_with_no_invented_language(
    empty_db, tmp_path
):
    db = empty_db
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    edit = run_cli(db, "person", "edit", ROWLEY, "--add-name", "fr=Christophe Rowley")
    assert edit.exit_code == 0, edit.output
    rowley = person(export(db, tmp_path / "out.json"), ROWLEY)
    assert rowley["name"] == "Chris Rowley"
    assert rowley["other_names"] == [
        {"name": "Christophe Rowley", "lang": "fr", "note": "official"}
    ]
    written = json.dumps(rowley)
    assert '"und"' not in written and "citylinks:lang" not in written


def test_a_key_changed_shows_in_the_export_and_is_read_back(empty_db, tmp_path, backend, request):
    db = empty_db
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    edit = run_cli(db, "person", "edit", ROWLEY, "--key", "rowley")
    assert edit.exit_code == 0, edit.output
    document = export(db, tmp_path / "out.json")
    rowley = person(document, ROWLEY)
    assert rowley["citylinks:key"] == "rowley"
    assert rowley["id"] == ROWLEY  # the document's id, which its memberships name
    assert ROWLEY in {m["person_id"] for m in document["memberships"]}

    # The same export into the same database changes nothing; exported again, the same.
    again = run_cli(db, "import", "popolo", str(tmp_path / "out.json"))
    assert again.exit_code == 0, again.output
    assert export(db, tmp_path / "again.json") == document

    (tmp_path / "other").mkdir()
    other = new_database(backend, tmp_path / "other", request)
    loaded = run_cli(other, "import", "popolo", str(tmp_path / "out.json"))
    assert loaded.exit_code == 0, loaded.output
    assert (
        other.scalar(
            "SELECT COUNT(*) FROM person_name n JOIN person p ON p.id = n.person_id"
            " WHERE p.key = 'rowley' AND n.name = 'Chris Rowley'"
        )
        == 1
    )
    assert export(other, tmp_path / "other.json")["persons"] == document["persons"]

    back = run_cli(db, "person", "edit", "rowley", "--key", ROWLEY)
    assert back.exit_code == 0, back.output
    # Back to the key its id makes: nothing more to say.
    assert "citylinks:key" not in person(export(db, tmp_path / "back.json"), ROWLEY)


def test_a_key_that_is_not_text_is_refused_in_one_line(empty_db, tmp_path):
    db = empty_db
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    assert run_cli(db, "person", "edit", ROWLEY, "--key", "rowley").exit_code == 0
    document = export(db, tmp_path / "out.json")
    person(document, ROWLEY)["citylinks:key"] = 5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    refused = run_cli(db, "import", "popolo", str(bad))
    assert refused.exit_code == 1, refused.output
    assert "citylinks:key is 5, not a record's key: give the key as text" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
