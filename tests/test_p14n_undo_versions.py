"""Issue 14 leftovers (p14n): `undo` of imports that carry other tools' Popolo objects, and
what a newer version of a Popolo document says about the one before it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import new_database, run_cli, table_snapshot

ALDERNEY = Path(__file__).parent / "data" / "popolo" / "Alderney-States.json"


def without_log(db) -> dict:
    return {k: v for k, v in table_snapshot(db).items() if k != "audit_log"}


def last_change(db) -> str:
    return db.scalar("SELECT change_id FROM audit_log ORDER BY id DESC LIMIT 1")


def exported_dataset(db, tmp_path: Path) -> Path:
    """A dataset exported from a database that imported an EveryPolitician file."""
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    path = tmp_path / "alderney.toml"
    done = run_cli(db, "export", "dataset", "--output", str(path))
    assert done.exit_code == 0, done.output
    return path


# --- 1. undo of `import dataset` removes the kept Popolo rows it added ------------------------


def test_undoing_a_dataset_import_removes_its_popolo_document_and_kept_objects(
    empty_db, backend, tmp_path, request
):
    dataset = exported_dataset(empty_db, tmp_path)
    fresh = new_database(backend, tmp_path, request)
    before = without_log(fresh)
    loaded = run_cli(fresh, "import", "dataset", str(dataset))
    assert loaded.exit_code == 0, loaded.output
    assert "1 Popolo document, 1 kept Popolo object" in loaded.stdout
    assert fresh.scalar("SELECT COUNT(*) FROM popolo_document") == 1
    assert fresh.scalar("SELECT COUNT(*) FROM popolo_extra WHERE table_name IS NULL") == 1
    log = json.loads(run_cli(fresh, "log", "--format", "json").stdout)
    added = {(e["table"], e["record"]) for e in log if e["action"] == "insert"}
    assert ("popolo_document", "Popolo document Alderney-States") in added
    assert ("popolo_extra", "Popolo object areas area/alderney") in added

    undone = run_cli(fresh, "undo", "--change", last_change(fresh)[:8])
    assert undone.exit_code == 0, undone.output
    assert without_log(fresh) == before  # every row the import added is gone
    # ...and the same file imports again as new, and its undo leaves nothing either.
    assert run_cli(fresh, "import", "dataset", str(dataset)).exit_code == 0
    assert run_cli(fresh, "undo", "--change", last_change(fresh)[:8]).exit_code == 0
    assert without_log(fresh) == before


def test_undoing_a_dataset_import_puts_back_the_document_it_changed(
    empty_db, backend, tmp_path, request
):
    db = empty_db
    dataset = exported_dataset(db, tmp_path)
    text = dataset.read_text(encoding="utf-8")
    assert "morph.io/tmtmtmtm/Alderney" in text
    changed = tmp_path / "changed.toml"
    changed.write_text(text.replace("morph.io/tmtmtmtm/Alderney", "example.org/x"), "utf-8")
    before = without_log(db)
    refused = run_cli(db, "import", "dataset", str(changed))
    assert refused.exit_code == 1
    assert "top_level of the Popolo document 'Alderney-States' differs" in refused.output
    loaded = run_cli(db, "import", "dataset", str(changed), "--overwrite")
    assert loaded.exit_code == 0, loaded.output
    assert "example.org/x" in str(db.scalar("SELECT top_level FROM popolo_document"))
    log = json.loads(run_cli(db, "log", "--format", "json").stdout)
    assert log[-1]["table"] == "popolo_document" and log[-1]["action"] == "update"
    undone = run_cli(db, "undo", "--change", last_change(db)[:8])
    assert undone.exit_code == 0, undone.output
    assert without_log(db) == before
