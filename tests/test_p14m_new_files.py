"""A refused command leaves no new database file: a SQLite file named with --db that does not
exist yet is made beside its name and takes it only once the command succeeds (p14m)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from citylinks.db import open_database
from citylinks.errors import CitylinksError

# SQLite files by nature: each test names a file of its own, whatever the backend under test.


def _folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "office"
    folder.mkdir()
    bad = tmp_path / "bad.csv"
    bad.write_text("city,country\n,ZZ\n", encoding="utf-8")
    return folder, folder / "new.sqlite"


REFUSED = {
    "import csv": ("import", "csv", "cities", "{bad}"),
    "city add": ("city", "add", "Yazd", "--country", "ZZ"),
    "db restore": ("db", "restore", "{bad}", "--yes"),
    "city show": ("city", "show", "Nowhere"),
}


@pytest.mark.any_backend
@pytest.mark.parametrize("command", list(REFUSED))
def test_a_refused_command_into_a_new_sqlite_file_leaves_no_file(tmp_path, command):
    folder, target = _folder(tmp_path)
    args = [a.format(bad=tmp_path / "bad.csv") for a in REFUSED[command]]
    result = run_cli(None, "--db", str(target), *args)
    assert result.exit_code == 1, result.output
    assert "Error:" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == []
    # Nothing was created, so nothing is said to have been.
    assert "created the citylinks schema" not in result.stderr


@pytest.mark.any_backend
def test_a_command_that_succeeds_creates_the_file_it_names(tmp_path):
    folder, target = _folder(tmp_path)
    result = run_cli(None, "--db", str(target), "country", "add", "IR", "--name", "Iran")
    assert result.exit_code == 0, result.output
    assert f"created the citylinks schema in sqlite:///{target}" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["new.sqlite"]
    shown = run_cli(None, "--db", str(target), "country", "list")
    assert "Iran" in shown.stdout


@pytest.mark.any_backend
def test_a_new_file_whose_name_appeared_meanwhile_is_not_written_over(tmp_path):
    folder, target = _folder(tmp_path)
    db = open_database(str(target), notify=lambda _line: None, provisional=True)
    with db.engine.begin() as conn:  # the command changed something: it cannot be kept
        conn.exec_driver_sql(
            "INSERT INTO audit_log (at, officer, action, table_name, row_id)"
            " VALUES ('2026-12-01 00:00:00', 'Tester', 'insert', 'country', 1)"
        )
    target.write_bytes(b"another command's file")
    with pytest.raises(CitylinksError, match="appeared while this command ran"):
        db.place()
    assert target.read_bytes() == b"another command's file"
    assert sorted(p.name for p in folder.iterdir()) == ["new.sqlite"]


def test_a_command_that_changed_nothing_leaves_a_file_made_meanwhile_alone_quietly(tmp_path):
    folder, target = _folder(tmp_path)
    said: list[str] = []
    db = open_database(str(target), notify=said.append, provisional=True)
    target.write_bytes(b"another command's file")
    db.place()  # a read of an empty database, as the other command's was: nothing to keep
    assert target.read_bytes() == b"another command's file"
    assert sorted(p.name for p in folder.iterdir()) == ["new.sqlite"]
    assert not any("created the citylinks schema" in line for line in said), said


@pytest.mark.any_backend
def test_a_new_file_left_by_a_killed_process_is_removed(tmp_path):
    folder, target = _folder(tmp_path)
    # A process id that is not running: the highest one the kernel may give, plus one.
    dead = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1
    left = folder / f".new.sqlite.{dead}.abc123.new"
    left.write_bytes(b"")
    Path(f"{left}-wal").write_bytes(b"")
    result = run_cli(None, "--db", str(target), "country", "add", "IR")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["new.sqlite"]
