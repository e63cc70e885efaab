"""Officers importing and recording at the same time, as separate OS processes, on every
backend: a command that writes waits for the one writing before it (SQLite's BEGIN IMMEDIATE;
PostgreSQL's advisory lock; MariaDB's named lock), then reads what that one wrote, so both land
with nothing lost and every change logged. A wait longer than CITYLINKS_LOCK_TIMEOUT ends in
one line saying whose command holds the lock and what to do, with nothing written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from citylinks.db import WRITE_LOCK_ID, open_database, write_lock_name
from citylinks.services import csv_import

if TYPE_CHECKING:
    from conftest import TestDatabase


def _citylinks(db: TestDatabase, officer: str, *args: str, **env: str):
    argv = [sys.executable, "-m", "citylinks", "--db", db.url, "--as", officer, *args]
    return subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


def _cities(path: Path, numbers: range) -> Path:
    path.write_text(
        "city,country\n" + "".join(f"Lockcity {n:03},IR\n" for n in numbers), encoding="utf-8"
    )
    return path


def _memberships(path: Path, numbers: range) -> Path:
    path.write_text(
        "city,country,organization,status,from,to,reason,source\n"
        + "".join(f"Lockcity {n:03},IR,AMF,member,2020,,,S0\n" for n in numbers),
        encoding="utf-8",
    )
    return path


def _waiting_for_the_lock(db: TestDatabase, proc: subprocess.Popen) -> None:
    """Until `proc` is seen waiting for the write lock (on a server; SQLite's wait inside
    the library cannot be seen, and it waited before this change too)."""
    if db.backend == "sqlite":
        return
    if db.backend == "postgresql":
        query = (
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            f" AND objid::text::bigint = {WRITE_LOCK_ID}"
        )
    else:
        query = (
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
            f" WHERE INFO LIKE 'SELECT GET_LOCK(%{write_lock_name(db.url.rsplit('/', 1)[1])}%'"
        )
    for _ in range(600):  # a bound on the loop, not a time the test asserts
        if db.scalar(query):
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    raise AssertionError("the import never reached the write lock")


def test_an_import_waits_for_the_officer_writing_before_it_and_reads_what_was_written(
    seeded_db, tmp_path
):
    """Officer A's import holds the write lock; officer B's import of overlapping cities
    waits for it, then finds A's cities recorded (no duplicate, no refusal with a retry hint)."""
    db = seeded_db
    holder = open_database(db.url, "officer-a", activity="import csv cities", migrate=False)
    try:
        with holder.transaction() as session:
            csv_import.import_file(session, "cities", _cities(tmp_path / "a.csv", range(0, 20)))
            waiter = _citylinks(
                db,
                "officer-b",
                "import",
                "csv",
                "cities",
                str(_cities(tmp_path / "b.csv", range(10, 30))),
            )
            _waiting_for_the_lock(db, waiter)
        out, err = waiter.communicate(timeout=120)
    finally:
        holder.engine.dispose()
    assert waiter.returncode == 0, err
    assert "cities: 10 imported, 10 already recorded, 0 bad, of 20 rows" in out + err
    assert db.rows(
        "SELECT c.key, COUNT(*) FROM city c JOIN city_name n ON n.city_id = c.id"
        " WHERE c.key LIKE 'lockcity%' GROUP BY c.key ORDER BY c.key"
    ) == [(f"lockcity-{n:03}", 1) for n in range(30)]
    assert db.rows(
        "SELECT officer, COUNT(*) FROM audit_log WHERE table_name = 'city' AND action = 'insert'"
        " AND officer LIKE 'officer-%' GROUP BY officer ORDER BY officer"
    ) == [("officer-a", 20), ("officer-b", 10)]


@pytest.mark.slow  # a few hundred rows imported by two processes at once; out of the quick loop
def test_two_officers_importing_overlapping_cities_and_memberships_at_once_both_land(
    seeded_db, tmp_path
):
    db = seeded_db
    audit_before = db.scalar("SELECT COUNT(*) FROM audit_log")
    jobs = {
        "officer-a": [
            "import", "csv", "memberships", str(_memberships(tmp_path / "m.csv", range(0, 200))),
            "--create-missing",
        ],
        "officer-b": ["import", "csv", "cities", str(_cities(tmp_path / "c.csv", range(100, 300)))],
    }  # fmt: skip
    start = threading.Barrier(len(jobs))

    def run(officer: str) -> tuple[str, int, str]:
        start.wait()
        proc = _citylinks(db, officer, *jobs[officer])
        out, err = proc.communicate(timeout=300)
        return officer, proc.returncode, out + err

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(run, jobs))
    for officer, code, said in results:
        assert code == 0, (officer, said)
        assert "Traceback" not in said and "run the command again" not in said, said
    cities = db.scalar("SELECT COUNT(*) FROM city WHERE key LIKE 'lockcity%'")
    assert cities == 300
    assert (
        db.scalar(
            "SELECT COUNT(*) FROM membership m JOIN city c ON c.id = m.city_id"
            " WHERE c.key LIKE 'lockcity%'"
        )
        == 200
    )
    # Every row written is in the log once, by the officer who wrote it.
    for table in ("city", "city_name", "membership", "membership_phase"):
        rows = db.scalar(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        inserts = db.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE table_name = :t AND action = 'insert'", t=table
        )
        assert inserts == rows, table
    city_inserts = dict(
        db.rows(
            "SELECT officer, COUNT(*) FROM audit_log WHERE table_name = 'city'"
            " AND officer LIKE 'officer-%' GROUP BY officer"
        )
    )
    assert sum(city_inserts.values()) == 300
    assert db.scalar("SELECT COUNT(*) FROM audit_log") > audit_before


def test_a_wait_past_the_lock_timeout_says_whose_command_holds_it_and_writes_nothing(
    seeded_db, tmp_path
):
    db = seeded_db
    holder = open_database(db.url, "officer-a", activity="import dataset", migrate=False)
    cities = _cities(tmp_path / "b.csv", range(0, 5))
    try:
        with holder.transaction() as session:
            session.connection()  # the transaction begins: the lock is taken
            waiter = _citylinks(
                db, "officer-b", "import", "csv", "cities", str(cities), CITYLINKS_LOCK_TIMEOUT="1"
            )
            out, err = waiter.communicate(timeout=120)
    finally:
        holder.engine.dispose()
    assert waiter.returncode == 1, err
    assert out == "" and len(err.splitlines()) == 1 and "Traceback" not in err
    # Every backend names the officer and the command (issue 18; tests/test_l18_lock_holder.py).
    assert err.startswith(
        "Error: the database is busy: officer-a: citylinks import dataset (process "
    ), err
    assert err.rstrip().endswith(
        "holds its write lock, and this command waited 1 s for it; nothing was written."
        " Run your command again when that one is done (or set CITYLINKS_LOCK_TIMEOUT to"
        " wait longer)"
    ), err
    assert db.scalar("SELECT COUNT(*) FROM city WHERE key LIKE 'lockcity%'") == 0
    assert db.scalar("SELECT COUNT(*) FROM audit_log WHERE officer = 'officer-b'") == 0


@pytest.mark.any_backend  # the environment variable, read before any database is opened
@pytest.mark.parametrize("value", ["soon", "-5", "nan", "1e9"])  # 0: do not wait (h18x)
def test_a_lock_timeout_that_is_not_a_number_of_seconds_is_one_line(seeded_db, value):
    proc = _citylinks(seeded_db, "officer-b", "city", "list", CITYLINKS_LOCK_TIMEOUT=value)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and out == ""
    assert err == (
        f"Error: CITYLINKS_LOCK_TIMEOUT={value!r} is not a number of seconds from 0 to 86400:"
        " give how long a command may wait for another's lock, e.g. 30\n"
    )
