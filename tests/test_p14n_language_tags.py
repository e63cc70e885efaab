"""Issue 14 leftovers (p14n): other people's language tags are kept as written (`EN`), and
matched as BCP 47 says, in any case: `en` in a newer version, a command or a dataset is the
same language, so the same name, never a second one beside it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

ALDERNEY = Path(__file__).parent / "data" / "popolo" / "Alderney-States.json"
SIMONET = "4703e873-67fd-4322-9659-39f6d47b8eab"


def tagged(tmp_path: Path, lang: str) -> Path:
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    person = next(p for p in document["persons"] if p["id"] == SIMONET)
    person["other_names"] = [{"name": "Francis S", "lang": lang}]
    path = tmp_path / lang / "ep-popolo-v1.0.json"
    path.parent.mkdir()
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def names(db) -> list[tuple]:
    return db.rows(
        "SELECT n.lang, n.name FROM person_name n JOIN person p ON p.id = n.person_id"
        f" WHERE p.key = '{SIMONET}' ORDER BY n.position"
    )


def test_a_tag_in_another_case_is_the_same_language_and_the_stored_tag_stays(empty_db, tmp_path):
    db = empty_db
    first = run_cli(db, "import", "popolo", str(tagged(tmp_path, "EN")), "--namespace", "A")
    assert first.exit_code == 0, first.output
    assert names(db) == [("und", "Francis Simonet"), ("EN", "Francis S")]  # as written
    newer = run_cli(db, "import", "popolo", str(tagged(tmp_path, "en")), "--namespace", "A")
    assert newer.exit_code == 0, newer.output
    assert names(db) == [("und", "Francis Simonet"), ("EN", "Francis S")]  # one name, as it was

    # At the commands' door too: en=Francis S is the name tagged EN.
    again = run_cli(db, "person", "edit", SIMONET, "--add-name", "en=Francis S")
    assert again.exit_code == 1
    assert "already has the name en=Francis S" in again.stderr
    removed = run_cli(db, "person", "edit", SIMONET, "--remove-name", "en=Francis S")
    assert removed.exit_code == 0, removed.output
    assert names(db) == [("und", "Francis Simonet")]


def test_a_name_given_twice_in_one_language_written_two_ways_is_one_name(empty_db, tmp_path):
    db = empty_db
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    person = next(p for p in document["persons"] if p["id"] == SIMONET)
    person["other_names"] = [
        {"name": "Francis S", "lang": "sr-Latn"},
        {"name": "Francis S", "lang": "SR-latn"},
    ]
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    loaded = run_cli(db, "import", "popolo", str(path))
    assert loaded.exit_code == 0, loaded.output
    assert names(db) == [("und", "Francis Simonet"), ("sr-Latn", "Francis S")]
    exported = tmp_path / "out.json"
    assert run_cli(db, "export", "popolo", "--output", str(exported)).exit_code == 0
    written = json.loads(exported.read_text(encoding="utf-8"))
    back = next(p for p in written["persons"] if p["id"] == SIMONET)
    assert back["other_names"] == person["other_names"]  # the object kept as the file had it
