"""Issue 14, a fresh-clone tester's finding: the parts of one publication imported in the
"wrong" order. A stub made for an object a part refers to is filled in by the part that
holds the object (its placeholder values are no officer's edit): without --overwrite, in the
audit log, with a new version of the row; a stub an officer edited meanwhile is a conflict."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli, table_snapshot

PART_A = {
    "organizations": [{"id": "o1", "name": "Org One"}],
    "memberships": [
        {"id": "m1", "person_id": "p-ext", "organization_id": "o1", "role": "member"},
        {"id": "m2", "member": {"@type": "Organization", "id": "o-ext"}, "organization_id": "o1"},
    ],
}
PART_B = {
    "persons": [{"id": "p-ext", "name": "Real Person"}],
    "organizations": [{"id": "o-ext", "name": "Real Organization"}],
}


def _write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _import(db, path: Path, *more: str):
    return run_cli(db, "import", "popolo", str(path), "--namespace", "pub", *more)


def test_a_later_part_fills_the_stubs_an_earlier_part_made(empty_db, tmp_path):
    assert _import(empty_db, _write(tmp_path / "partA.json", PART_A)).exit_code == 0
    assert empty_db.scalar("SELECT count(*) FROM popolo_extra WHERE stub") == 2
    result = _import(empty_db, _write(tmp_path / "partB.json", PART_B))
    assert result.exit_code == 0, result.output
    assert "persons: read 1, created 0, matched 1" in result.stdout
    assert "organizations: read 1, created 0, matched 1" in result.stdout

    shown = run_cli(empty_db, "person", "show", "p-ext").stdout
    assert "Person p-ext: Real Person" in shown
    assert "version: 2" in shown
    assert "p-ext (official)" not in shown  # the placeholder replaced, not kept beside
    org = run_cli(empty_db, "org", "show", "o-ext").stdout
    assert "Real Organization" in org
    assert "A stub" not in org  # the stub's note was a placeholder too
    assert empty_db.scalar("SELECT count(*) FROM popolo_extra WHERE stub") == 0
    log = run_cli(empty_db, "log").stdout
    assert "name: p-ext" in log and "name: Real Person" in log

    # The fill is a change: an officer holding the stub's version is refused as stale.
    stale = run_cli(
        empty_db, "person", "edit", "p-ext", "--add-name", "X Y", "--expect-version", "1"
    )
    assert stale.exit_code == 1, stale.output
    assert "Traceback" not in stale.output

    # The same part again changes nothing (but the document's moment of last import).
    before = table_snapshot(empty_db)
    again = _import(empty_db, tmp_path / "partB.json")
    assert again.exit_code == 0, again.output
    after = table_snapshot(empty_db)
    assert {k: v for k, v in after.items() if k != "popolo_document"} == {
        k: v for k, v in before.items() if k != "popolo_document"
    }


def test_a_stub_an_officer_edited_is_a_conflict(empty_db, tmp_path):
    assert _import(empty_db, _write(tmp_path / "partA.json", PART_A)).exit_code == 0
    edit = run_cli(empty_db, "person", "edit", "p-ext", "--add-name", "Officer Name")
    assert edit.exit_code == 0, edit.output
    before = table_snapshot(empty_db)
    result = _import(empty_db, _write(tmp_path / "partB.json", PART_B))
    assert result.exit_code == 1, result.output
    assert "name is 'p-ext' in the database but 'Real Person' in the file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(empty_db) == before
