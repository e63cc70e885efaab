"""A large import killed with SIGKILL part way leaves the database as it was before the import.

20,000 CSV membership rows (bench/generate.py's world: 3,000 cities, 100 networks) are
imported in a process of their own, killed at several seeded-random moments of its run (within the first half of the time a complete
import took, which varies with the load of the machine). After
every kill the database passes SQLite's `PRAGMA integrity_check`, holds none of the killed
import's rows (every table, the audit log included, is row for row what it was), and the next
commands work: `citylinks timeline AMF`, and at the end the same import, run to completion.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import new_database, run_cli, table_snapshot

# slow: tens of seconds (a 20,000-row import, killed several times); out of the quick loop.
pytestmark = pytest.mark.slow

BENCH = Path(__file__).parents[1] / "bench"
ROWS = 20_000
KILLS = 5
SEED = 20_251_129


def _generator():
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    return generate


def _import(url: str, csv_path: Path) -> subprocess.Popen:
    argv = [sys.executable, "-m", "citylinks", "--db", url, "import", "csv", "memberships"]
    return subprocess.Popen(
        [*argv, str(csv_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _integrity(db) -> str:
    if db.backend != "sqlite":
        return "ok"
    conn = sqlite3.connect(db.url.removeprefix("sqlite:///"))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _copy(db, backend: str, tmp_path: Path, request) -> object:
    """A second database holding what `db` holds (to time a complete import on)."""
    if backend == "sqlite":
        copy = new_database(backend, tmp_path, request, migrate=False)
        source = sqlite3.connect(db.url.removeprefix("sqlite:///"))
        target = sqlite3.connect(copy.url.removeprefix("sqlite:///"))
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return copy
    from sqlalchemy import text

    admin = request.getfixturevalue("_postgresql_admin")
    name = db.url.rsplit("/", 1)[1] + "_copy"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{db.url.rsplit("/", 1)[1]}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    request.addfinalizer(drop)
    return type(db)(backend, db.url.rsplit("/", 1)[0] + f"/{name}")


@pytest.mark.backends("sqlite", "postgresql")  # see the skip below
def test_an_import_killed_at_random_points_leaves_no_rows_and_no_damage(
    empty_db, backend, tmp_path, request
):
    if backend not in ("sqlite", "postgresql"):
        pytest.skip("the kill test runs on SQLite and PostgreSQL")
    db = empty_db
    assert run_cli(db, "seed").exit_code == 0
    generate = _generator()
    generate.generate(db.url, "small", memberships=False, out=open(os.devnull, "w"))  # noqa: SIM115
    csv_path = tmp_path / "memberships.csv"
    generate.write_memberships_csv(db.url, csv_path, ROWS)

    # How long a complete import takes here, on a copy: the kills are spread over that time.
    scratch = _copy(db, backend, tmp_path, request)
    started = time.monotonic()
    complete = _import(scratch.url, csv_path)
    complete_out, err = complete.communicate(timeout=600)
    duration = time.monotonic() - started
    assert complete.returncode == 0, err
    rows = len(csv_path.read_text("utf-8").splitlines()) - 1
    assert complete_out.startswith(f"memberships: {rows} imported, 0 already recorded"), (
        complete_out
    )

    before = table_snapshot(db)
    audit_before = len(before["audit_log"])
    rng = random.Random(SEED)
    moments = sorted(rng.uniform(0.03, 0.5) * duration for _ in range(KILLS))
    survived = 0
    for moment in moments:
        proc = _import(db.url, csv_path)
        time.sleep(moment)
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        assert not finished, f"the import ended before its kill at {moment:.1f}s of {duration:.1f}s"
        assert proc.returncode == -signal.SIGKILL

        assert _integrity(db) == "ok"
        after = table_snapshot(db)
        assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
        assert after == before, f"rows changed after the kill at {moment:.1f}s"
        timeline = run_cli(db, "timeline", "AMF")
        assert timeline.exit_code == 0, timeline.output
        assert "Tehran" in timeline.stdout
        survived += 1

    again = _import(db.url, csv_path)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert out == complete_out
    assert _integrity(db) == "ok"
    phases = db.scalar("SELECT COUNT(*) FROM membership_phase")
    assert phases == len(before["membership_phase"]) + rows
    assert db.scalar("SELECT COUNT(*) FROM audit_log") > audit_before
    assert run_cli(db, "timeline", "AMF").exit_code == 0
    print(
        f"\n{backend}: {survived} kills survived (at "
        + ", ".join(f"{m:.1f}s" for m in moments)
        + f" of a {duration:.1f}s import of {ROWS} rows)"
    )
