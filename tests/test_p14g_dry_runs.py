"""Issue 14: every dry run into a SQLite file not made yet rehearses on a temporary one and
leaves no file behind, the commands that guard against stale writes (--expect-version)
included: they open the database named only to explain a conflict."""

from __future__ import annotations

import pytest
from conftest import run_cli

COMMANDS = {
    "setting": ("setting", "set", "sources", "required"),
    "cite": ("cite", "org:x", "S1"),
    "city edit": ("city", "edit", "Yazd", "--add-name", "fa=یزد"),
    "person edit": ("person", "edit", "someone", "--add-name", "en=Someone"),
}


# A file path, whatever the backend under test: the dry run's own SQLite file.
@pytest.mark.any_backend
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_dry_run_into_a_new_sqlite_file_leaves_no_file(tmp_path, command):
    target = tmp_path / "w" / "new.sqlite"
    target.parent.mkdir()
    result = run_cli(None, "--db", str(target), *COMMANDS[command], "--dry-run")
    assert list(target.parent.iterdir()) == [], result.output
    if command == "setting":
        assert result.exit_code == 0, result.output
        assert "dry run, would set sources: optional -> required" in result.stdout
        assert "dry run: nothing was written" in result.stderr
    else:
        # A new database holds nothing to cite or edit: the rehearsal says so.
        assert result.exit_code == 1
        assert "no " in result.stderr and "matches" in result.stderr


def test_a_stale_edit_is_still_refused_naming_who_changed_it(seeded_cli):
    for value in ("required", "optional"):  # versions 1 and 2
        done = seeded_cli("setting", "set", "sources", value)
        assert done.exit_code == 0, done.output
    stale = seeded_cli(
        "setting", "set", "sources", "required", "--expect-version", "1", "--dry-run"
    )
    assert stale.exit_code == 1
    assert "was changed by" in stale.stderr and "since you read it" in stale.stderr
