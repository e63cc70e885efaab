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


# --- 2. undo of a document's first import after a newer version -------------------------------


def newer_version(tmp_path: Path, change) -> Path:
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "ep-popolo-v1.0.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def a_new_member(document: dict) -> None:
    document["persons"].append({"id": "new-person-1", "name": "Ann New"})
    document["memberships"].append({**document["memberships"][0], "person_id": "new-person-1"})


def a_new_gender(document: dict) -> None:
    document["persons"][0]["gender"] = "female"


def test_undoing_a_newer_version_then_the_first_import_leaves_the_database_as_before(
    empty_db, tmp_path
):
    db = empty_db
    before = without_log(db)
    for change, options in ((a_new_member, ()), (a_new_gender, ("--overwrite",))):
        assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
        first = last_change(db)
        after_first = without_log(db)
        v2 = newer_version(tmp_path, change)
        loaded = run_cli(
            db, "import", "popolo", str(v2), "--namespace", "Alderney-States", *options
        )
        assert loaded.exit_code == 0, loaded.output
        newer = last_change(db)
        assert newer != first
        assert db.scalar("SELECT file_name FROM popolo_document") == "ep-popolo-v1.0.json"
        undone = run_cli(db, "undo", "--change", newer[:8])
        assert undone.exit_code == 0, undone.output
        # The document is as the first import left it: its file, digest and top level.
        assert without_log(db)["popolo_document"] == after_first["popolo_document"]
        assert db.scalar("SELECT COUNT(*) FROM person") == 10
        undone = run_cli(db, "undo", "--change", first[:8])
        assert undone.exit_code == 0, undone.output
        assert without_log(db) == before


def test_undoing_the_first_import_while_a_newer_version_stands_names_that_import(
    empty_db, tmp_path
):
    db = empty_db
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    first = last_change(db)
    v2 = newer_version(tmp_path, a_new_member)
    assert run_cli(db, "import", "popolo", str(v2), "--namespace", "Alderney-States").exit_code == 0
    newer = last_change(db)
    held = without_log(db)
    refused = run_cli(db, "undo", "--change", first[:8])
    assert refused.exit_code == 1
    message = refused.output.strip()
    assert "\n" not in message and "Traceback" not in message
    assert f"of the later change {newer[:8]}" in message
    assert f"undo that change first (`citylinks undo --change {newer[:8]}`)" in message
    assert without_log(db) == held


def test_the_same_document_again_does_not_stand_in_the_way_of_undoing_its_import(empty_db):
    db = empty_db
    before = without_log(db)
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    first = last_change(db)
    again = run_cli(db, "import", "popolo", str(ALDERNEY))
    assert again.exit_code == 0 and "created 0" in again.stdout
    assert last_change(db) == first  # the same file again changed nothing
    assert run_cli(db, "undo", "--change", first[:8]).exit_code == 0
    assert without_log(db) == before
