"""Issue 14: `undo --change` of a Popolo import removes everything the import added: its
records, the document's row (popolo_document) and the objects kept with no row of their own
(an area citylinks has no table for), each an entry of the import's change that `log` lists,
and the undo's removals in the log too. The database is left as it was before the import."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli, table_snapshot

ALDERNEY = Path(__file__).parent / "data" / "popolo" / "Alderney-States.json"


def without_log(db) -> dict:
    return {k: v for k, v in table_snapshot(db).items() if k != "audit_log"}


def last_change(db) -> str:
    return db.scalar("SELECT change_id FROM audit_log ORDER BY id DESC LIMIT 1")


def test_undoing_a_popolo_import_removes_its_document_and_kept_objects(empty_db):
    db = empty_db
    before = without_log(db)
    loaded = run_cli(db, "import", "popolo", str(ALDERNEY))
    assert loaded.exit_code == 0, loaded.output
    assert db.scalar("SELECT COUNT(*) FROM popolo_document") == 1
    assert db.scalar("SELECT COUNT(*) FROM popolo_extra WHERE table_name IS NULL") == 1
    change = last_change(db)

    log = json.loads(run_cli(db, "log", "--format", "json").stdout)
    added = {(e["table"], e["record"]) for e in log if e["action"] == "insert"}
    assert ("popolo_document", "Popolo document Alderney-States") in added
    assert ("popolo_extra", "Popolo object areas area/alderney") in added

    undone = run_cli(db, "undo", "--change", change[:8])
    assert undone.exit_code == 0, undone.output
    assert without_log(db) == before  # nothing of the import is left
    log = json.loads(run_cli(db, "log", "--format", "json").stdout)
    removed = {(e["table"], e["record"]) for e in log if e["action"] == "delete"}
    assert ("popolo_document", "Popolo document Alderney-States") in removed
    assert ("popolo_extra", "Popolo object areas area/alderney") in removed

    # The same document imports again as new, and its undo can be undone.
    again = run_cli(db, "import", "popolo", str(ALDERNEY))
    assert again.exit_code == 0, again.output
    assert "namespace Alderney-States: a new document" in again.stdout


def test_undoing_an_import_into_recorded_rows_removes_the_objects_kept_beside_them(
    seeded_db, tmp_path
):
    db = seeded_db
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    # Another tool's document naming a recorded country: its area is kept beside that row.
    document["areas"].append(
        {"id": "country/ir", "classification": "country", "identifier": "IR", "name": "Iran"}
    )
    path = tmp_path / "Alderney-States.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = without_log(db)
    loaded = run_cli(db, "import", "popolo", str(path))
    assert loaded.exit_code == 0, loaded.output
    assert db.scalar("SELECT COUNT(*) FROM popolo_extra WHERE table_name = 'country'") == 1
    undone = run_cli(db, "undo", "--change", last_change(db)[:8])
    assert undone.exit_code == 0, undone.output
    assert without_log(db) == before
