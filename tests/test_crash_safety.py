"""A large import killed with SIGKILL part way leaves the database as it was before the import.

20,000 CSV membership rows (bench/generate.py's world: 3,000 cities, 100 networks) are
imported in a process of their own, killed at several seeded-random moments of its run (within the first half of the time a complete
import took, which varies with the load of the machine). After
every kill the database passes SQLite's `PRAGMA integrity_check`, holds none of the killed
import's rows (every table, the audit log included, is row for row what it was), and the next
commands work: `citylinks timeline AMF`, and at the end the same import, run to completion.

The very first run, killed while it creates the default database (part way through the schema,
or between the schema and the data), is finished by the next command, whatever it is.
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

from citylinks import resources

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
    assert complete_out.startswith(f"loaded memberships: {rows} imported, 0 already recorded"), (
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


# --- the very first run, killed ----------------------------------------------------------------

# A first run of `citylinks` that kills itself (SIGKILL, as kill -9 does) at a chosen point of
# creating the default database: just after the statement that records schema revision STOP
# (SQLite commits each migration on its own, so the file keeps that revision), or, with STOP
# "data", once the whole schema is committed and the bundled dataset is about to be loaded
# ("data-uncommitted": loaded, and not yet committed).
_FIRST_RUN_KILLED = """
import os, runpy, signal, sys
from sqlalchemy import Engine, event

STOP = sys.argv.pop(1)
if STOP in ("data", "data-uncommitted"):
    from citylinks.services import imports

    seed = imports.seed

    def killed(*args, **kwargs):
        if STOP == "data-uncommitted":
            seed(*args, **kwargs)  # every row written, the transaction not yet committed
        os.kill(os.getpid(), signal.SIGKILL)

    imports.seed = killed
else:
    stamped = []

    @event.listens_for(Engine, "after_cursor_execute")
    def kill_after_the_stamp(conn, cursor, statement, parameters, context, many):
        if stamped:  # the next statement: the stamp is in, the next migration under way
            os.kill(os.getpid(), signal.SIGKILL)
        if "alembic_version" in statement and f"'{STOP}'" in statement:
            stamped.append(STOP)

sys.argv[0] = "citylinks"
runpy.run_module("citylinks", run_name="__main__")
"""


def _default_database_state(tmp_path: Path) -> tuple[str | None, int | None]:
    path = tmp_path / "xdg-data" / "citylinks" / "citylinks.sqlite"
    conn = sqlite3.connect(path)
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        organizations = conn.execute("SELECT count(*) FROM organization").fetchone()
        return revision[0] if revision else None, organizations[0] if organizations else None
    finally:
        conn.close()


@pytest.mark.any_backend  # the embedded default database is SQLite whatever the tests' backend
@pytest.mark.parametrize("stop", [*resources.known_revisions()[:-1], "data", "data-uncommitted"])
def test_a_first_run_killed_part_way_is_finished_by_the_next_command(tmp_path, stop):
    """kill -9 during the very first run, between the schema and the data (or part way through
    the schema): the next command, whatever it is, finishes the schema and loads the bundled
    dataset, saying so in one line; before, a run killed part way through the schema left the
    next command upgrading it with no data ("0 organizations"), and only the one after that
    loaded the dataset."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
           "HOME": str(tmp_path / "home"), "CITYLINKS_OFFICER": "test-officer"}  # fmt: skip
    env.pop("CITYLINKS_DATABASE_URL", None)
    killed = subprocess.run(
        [sys.executable, "-c", _FIRST_RUN_KILLED, stop, "org", "list"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    head = resources.head_revision()
    data = stop.startswith("data")
    assert _default_database_state(tmp_path) == (head if data else stop, 0)

    def org_list() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "citylinks", "org", "list"],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    first = org_list()

    assert first.returncode == 0, first.stderr
    path = tmp_path / "xdg-data" / "citylinks" / "citylinks.sqlite"
    done = "" if data else f"upgraded sqlite:///{path} from schema {stop} to {head} and "
    notice = first.stderr.splitlines()
    assert len(notice) == 1 and notice[0].startswith(
        f"citylinks: {done}loaded the bundled dataset"
        + (f" into sqlite:///{path}" if not done else "")
    ), first.stderr
    assert not first.stdout.startswith("0 organizations") and "AMF" in first.stdout, first.stdout
    second = org_list()
    assert second.returncode == 0 and second.stderr == "", second.stderr
    assert second.stdout == first.stdout


@pytest.mark.any_backend  # the embedded default database is SQLite whatever the tests' backend
def test_db_upgrade_after_a_first_run_killed_before_the_data_loads_the_data(tmp_path):
    """`db upgrade`, the command an officer may reach for after an interruption, finishes the
    first use too: the bundled dataset is loaded then, not by the command after it."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
           "HOME": str(tmp_path / "home"), "CITYLINKS_OFFICER": "test-officer"}  # fmt: skip
    env.pop("CITYLINKS_DATABASE_URL", None)
    stop = resources.known_revisions()[0]
    killed = subprocess.run(
        [sys.executable, "-c", _FIRST_RUN_KILLED, stop, "org", "list"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    upgraded = subprocess.run(
        [sys.executable, "-m", "citylinks", "db", "upgrade"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip() == f"schema {stop} -> {resources.head_revision()}"
    assert "loaded the bundled dataset" in upgraded.stderr
    revision, organizations = _default_database_state(tmp_path)
    assert revision == resources.head_revision() and organizations
