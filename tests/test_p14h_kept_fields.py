"""Issue 14: a newer version of another tool's document that changes only the fields
citylinks keeps beside a record (not in its columns: an organization's `seats`, a person's
`gender`, `images`) is refused unless --overwrite, listed by --dry-run; with --overwrite it is
applied, in the audit log (so `undo` reverts it), with a new version of the record."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli, table_snapshot

ALDERNEY = Path(__file__).parent / "data" / "popolo" / "Alderney-States.json"
NEWER = ("--namespace", "Alderney-States")  # a newer version of the document imported


def newer(tmp_path: Path) -> Path:
    """Alderney's document, as its publisher might publish it again: one more seat, a
    person's gender given, another's picture changed. Nothing citylinks keeps in columns."""
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    (legislature,) = [o for o in document["organizations"] if o["id"] == "legislature"]
    assert legislature["seats"] == 10
    legislature["seats"] = 11
    first, second = document["persons"][0], document["persons"][1]
    assert "gender" not in first
    first["gender"] = "male"
    second["images"] = [{"url": "https://example.org/new.jpg"}]
    path = tmp_path / "Alderney-States.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def exported(db, tmp_path: Path) -> dict:
    out = tmp_path / "out.json"
    assert run_cli(db, "export", "popolo", "--output", str(out)).exit_code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return document


def seats(document: dict) -> list:
    return [o.get("seats") for o in document["organizations"] if o.get("name") == "States"]


def rows_but_documents(db) -> dict:
    """Every row but the documents' (whose row notes when each was last imported)."""
    return {k: v for k, v in table_snapshot(db).items() if k != "popolo_document"}


def test_kept_fields_changed_are_refused_listed_and_applied_only_with_overwrite(empty_db, tmp_path):
    assert run_cli(empty_db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    path = newer(tmp_path)
    before = rows_but_documents(empty_db)

    dry = run_cli(empty_db, "import", "popolo", "--dry-run", *NEWER, str(path))
    assert dry.exit_code == 1, dry.output
    assert "seats is '10' in the database but '11' in the file" in dry.stderr
    assert "gender is empty in the database but 'male' in the file" in dry.stderr
    assert "images is " in dry.stderr
    assert rows_but_documents(empty_db) == before

    refused = run_cli(empty_db, "import", "popolo", *NEWER, str(path))
    assert refused.exit_code == 1, refused.output
    assert "add --overwrite to replace it" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert rows_but_documents(empty_db) == before
    assert seats(exported(empty_db, tmp_path)) == [10]

    version = empty_db.scalar("SELECT version FROM organization WHERE key = 'legislature'")
    forced = run_cli(empty_db, "import", "popolo", "--overwrite", *NEWER, str(path))
    assert forced.exit_code == 0, forced.output
    assert "seats '10' replaced by '11' (--overwrite)" in forced.stdout
    assert seats(exported(empty_db, tmp_path)) == [11]
    assert empty_db.scalar("SELECT version FROM organization WHERE key = 'legislature'") > version
    log = run_cli(empty_db, "log", "--format", "json")
    assert log.exit_code == 0, log.output
    changed = [
        (e["record"], e["before"]["data"].get("seats"), e["after"]["data"].get("seats"))
        for e in json.loads(log.stdout)
        if e["table"] == "popolo_extra" and e["action"] == "update"  # (inserts: p14j)
    ]
    assert ("States", 10, 11) in changed

    change = empty_db.scalar("SELECT change_id FROM audit_log ORDER BY id DESC LIMIT 1")
    undone = run_cli(empty_db, "undo", "--change", change)
    assert undone.exit_code == 0, undone.output
    assert seats(exported(empty_db, tmp_path)) == [10]
    again = run_cli(empty_db, "import", "popolo", *NEWER, str(ALDERNEY))
    assert again.exit_code == 0, again.output  # the original document is what is kept again


def test_a_dry_run_lists_kept_fields_beside_a_changed_name_and_an_areas_fields(empty_db, tmp_path):
    assert run_cli(empty_db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    (legislature,) = [o for o in document["organizations"] if o["id"] == "legislature"]
    legislature["name"], legislature["seats"] = "States of Alderney", 12
    document["areas"][0]["type"] = "island"  # an object kept with no row
    path = tmp_path / "Alderney-States.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = rows_but_documents(empty_db)

    dry = run_cli(empty_db, "import", "popolo", "--dry-run", *NEWER, str(path))
    assert dry.exit_code == 1, dry.output
    assert "'States' in the database but 'States of Alderney' in the file" in dry.stderr
    assert "seats is '10' in the database but '12' in the file" in dry.stderr
    assert (
        "areas (area/alderney): type is 'constituency' in the database but 'island'" in dry.stderr
    )
    assert rows_but_documents(empty_db) == before

    forced = run_cli(empty_db, "import", "popolo", "--overwrite", *NEWER, str(path))
    assert forced.exit_code == 0, forced.output
    exported = tmp_path / "out.json"
    assert run_cli(empty_db, "export", "popolo", "--output", str(exported)).exit_code == 0
    out = json.loads(exported.read_text(encoding="utf-8"))
    assert [a.get("type") for a in out["areas"] if a.get("id") == "area/alderney"] == ["island"]
    assert [o.get("seats") for o in out["organizations"] if o.get("id") == "legislature"] == [12]
