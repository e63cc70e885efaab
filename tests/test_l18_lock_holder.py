"""A command that waited in vain for another's write lock names the officer whose command
holds it, the command, its process and machine, and since when, on every backend.

The holder is a real second process (it opens the database as an officer would and holds a
writing transaction until told to end it); the waiter is the citylinks command line in a
process of its own, as an officer runs it.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import TestDatabase

OFFICER = "Officer Āzar"  # a letter beyond ASCII, carried as typed
BUSY = re.compile(
    r"Error: the database is busy: (?P<who>.+) \(process (?P<pid>\d+) on (?P<host>[^,]+),"
    r" since (?P<since>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC\) holds its write lock, and this"
    r" command waited 1 s for it; nothing was written\. Run your command again when that one"
    r" is done \(or set CITYLINKS_LOCK_TIMEOUT to wait longer\)\n"
)

HOLD = textwrap.dedent(
    """
    import sys
    from citylinks.db import open_database

    db = open_database(sys.argv[1], sys.argv[2], activity="import dataset", migrate=False)
    with db.transaction() as session:
        session.connection()  # the transaction begins: the write lock is taken
        print("holding", flush=True)
        sys.stdin.readline()
    print("done", flush=True)
    """
)


@contextmanager
def holding_the_write_lock(db: TestDatabase, officer: str = OFFICER) -> Iterator[int]:
    """A second process holding the database's write lock; its process id."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, db.url, officer],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline() == "holding\n", proc.communicate()
        yield proc.pid
        proc.stdin.write("\n")
        proc.stdin.flush()
        out, err = proc.communicate(timeout=120)
        assert (out, err, proc.returncode) == ("done\n", "", 0)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def waiting_officer(db: TestDatabase, tmp_path: Path) -> subprocess.CompletedProcess:
    cities = tmp_path / "cities.csv"
    cities.write_text("city,country\nLockcity,IR\n", encoding="utf-8")
    argv = [sys.executable, "-m", "citylinks", "--db", db.url, "--as", "officer-b"]
    return subprocess.run(
        [*argv, "import", "csv", "cities", str(cities)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "CITYLINKS_LOCK_TIMEOUT": "1"},
        timeout=120,
    )


def test_a_waiting_officer_is_told_whose_command_holds_the_write_lock(empty_db, tmp_path):
    with holding_the_write_lock(empty_db) as pid:
        waited = waiting_officer(empty_db, tmp_path)
    assert waited.returncode == 1 and waited.stdout == ""
    said = BUSY.fullmatch(waited.stderr)
    assert said is not None, waited.stderr
    assert said["who"] == f"{OFFICER}: citylinks import dataset"
    if empty_db.backend == "postgresql":
        assert said["host"] in ("127.0.0.1", "localhost")  # the server's view of the client
    else:
        assert (said["pid"], said["host"]) == (str(pid), socket.gethostname())
    assert empty_db.scalar("SELECT COUNT(*) FROM city") == 0
    assert empty_db.scalar("SELECT COUNT(*) FROM audit_log") == 0


def test_the_officer_named_is_the_one_holding_the_lock_now(empty_db, tmp_path):
    """After one officer's command ends, the next holder is named, never the one before."""
    with holding_the_write_lock(empty_db, "officer-first"):
        pass
    with holding_the_write_lock(empty_db, "officer-second"):
        waited = waiting_officer(empty_db, tmp_path)
    said = BUSY.fullmatch(waited.stderr)
    assert said is not None, waited.stderr
    assert said["who"] == "officer-second: citylinks import dataset"


@pytest.mark.backends("sqlite")  # the record beside a SQLite file; servers keep theirs
def test_the_writer_record_beside_a_sqlite_file_is_the_owners_alone_and_goes_with_the_lock(
    empty_db, tmp_path
):
    database = Path(empty_db.url.removeprefix("sqlite:///"))
    record = database.with_name(database.name + ".writer")
    with holding_the_write_lock(empty_db):
        assert oct(record.stat().st_mode & 0o777) == "0o600"
        assert OFFICER in record.read_text(encoding="utf-8")
    assert not record.exists()
    assert sorted(p.name for p in database.parent.iterdir() if p.name.startswith(".")) == []


@pytest.mark.backends("sqlite")  # the record beside a SQLite file
def test_a_record_left_by_a_killed_writer_names_no_one(empty_db, tmp_path):
    """A writer killed with its transaction open leaves its record; SQLite gave the lock back
    with the process, and a later wait (here, for another holder that wrote no record) does
    not name the dead one."""
    database = Path(empty_db.url.removeprefix("sqlite:///"))
    record = database.with_name(database.name + ".writer")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, empty_db.url, "officer-killed"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    holder.kill()
    holder.wait()
    assert "officer-killed" in record.read_text(encoding="utf-8")
    import sqlite3

    # A writer that says nothing (another program, or citylinks before this record existed).
    other = sqlite3.connect(database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        waited = waiting_officer(empty_db, tmp_path)
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert waited.returncode == 1
    assert "officer-killed" not in waited.stderr
    assert waited.stderr.startswith("Error: the database is busy: another command holds its")


@pytest.mark.backends("mariadb")  # MariaDB's PROCESS privilege
def test_a_mariadb_user_who_cannot_see_other_users_is_given_the_holders_connection(
    empty_db, tmp_path
):
    """Without the PROCESS privilege, MariaDB shows a user its own connections only: the
    holder (another user) is named by its connection number, for an administrator to find."""
    from sqlalchemy import create_engine, make_url, text

    from citylinks.db import write_lock_name

    url = make_url(empty_db.url)
    user = f"l18_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE USER IF NOT EXISTS '{user}'@'%'"))
            conn.execute(text(f"GRANT ALL ON `{url.database}`.* TO '{user}'@'%'"))
        limited = type(empty_db)(empty_db.backend, url.set(username=user).render_as_string(False))
        with holding_the_write_lock(empty_db):
            with admin.connect() as conn:
                holder = conn.execute(
                    text("SELECT IS_USED_LOCK(:n)"),
                    {"n": write_lock_name(url.database)},
                ).scalar()
            waited = waiting_officer(limited, tmp_path)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP USER IF EXISTS '{user}'@'%'"))
        admin.dispose()
    assert waited.returncode == 1
    assert waited.stderr.startswith(
        f"Error: the database is busy: another command (connection {holder}) holds its write"
        " lock, and this command waited 1 s for it; nothing was written."
    ), waited.stderr
