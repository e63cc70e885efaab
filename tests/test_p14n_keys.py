"""Issue 14 leftovers (p14n): a `citylinks:key` that another record holds is not given, and
the import report (and --dry-run) says so, per object, with the key given and the key used."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import new_database, run_cli

ALDERNEY = Path(__file__).parent / "data" / "popolo" / "Alderney-States.json"
ROWLEY = "6baacce2-655a-493f-883a-29feea8a799d"
SIMONET = "4703e873-67fd-4322-9659-39f6d47b8eab"


def test_a_given_key_another_record_holds_is_reported_with_the_key_used(
    empty_db, backend, tmp_path, request
):
    db = empty_db
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    assert run_cli(db, "person", "edit", ROWLEY, "--key", "rowley").exit_code == 0
    assert run_cli(db, "person", "edit", SIMONET, "--key", "simonet").exit_code == 0
    exported = tmp_path / "out.json"
    assert run_cli(db, "export", "popolo", "--output", str(exported)).exit_code == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    keys = {p["id"]: p.get("citylinks:key") for p in document["persons"]}
    assert keys[ROWLEY] == "rowley" and keys[SIMONET] == "simonet"

    (tmp_path / "other").mkdir()
    other = new_database(backend, tmp_path / "other", request)
    assert run_cli(other, "person", "add", "Rowley").exit_code == 0  # holds the key rowley
    said = (
        f"note: persons #1 ({ROWLEY}): its citylinks:key 'rowley' is the key of another"
        f" person; this one is keyed '{ROWLEY}'"
    )
    dry = run_cli(other, "import", "popolo", str(exported), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert said in dry.stdout
    assert dry.stdout.count("citylinks:key") == 1  # simonet's key is free: given, no word
    loaded = run_cli(other, "import", "popolo", str(exported))
    assert loaded.exit_code == 0, loaded.output
    assert said in loaded.stdout
    stored = dict(
        other.rows(
            "SELECT n.name, p.key FROM person p JOIN person_name n ON n.person_id = p.id"
            " WHERE n.name IN ('Rowley', 'Chris Rowley', 'Francis Simonet')"
        )
    )
    assert stored == {"Rowley": "rowley", "Chris Rowley": ROWLEY, "Francis Simonet": "simonet"}
    # The same file again: the record made of it keeps its key, and nothing more is said.
    again = run_cli(other, "import", "popolo", str(exported))
    assert again.exit_code == 0, again.output
    assert "citylinks:key" not in again.stdout
