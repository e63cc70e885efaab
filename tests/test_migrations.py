"""The migrations: every revision up, down and up again with rows in the tables, and no drift
between the models and the migrations."""

from __future__ import annotations

import pytest
from conftest import new_database, run_cli, table_snapshot
from sqlalchemy import text

from citylinks import migrations, resources


def _counts(db) -> dict[str, int]:
    return {name: len(rows) for name, rows in table_snapshot(db).items()}


def _columns(engine) -> dict[str, set[str]]:
    from sqlalchemy import inspect

    inspector = inspect(engine)
    return {t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}


def _only(snapshot: dict[str, list[tuple]], kept: dict[str, set[str]]) -> dict[str, list]:
    """The snapshot's values in the columns `kept` holds (a row as a name-to-value dict);
    rows of tables it does not hold are dropped and made again empty."""
    from citylinks.model import Base

    tables = Base.metadata.tables
    return {
        name: [
            {
                c.name: v
                for c, v in zip(tables[name].columns, row, strict=True)
                if c.name in kept[name]
            }
            for row in rows
        ]
        for name, rows in snapshot.items()
        if name in kept
    }


def test_every_migration_runs_up_down_and_up_again_keeping_the_rows(backend, tmp_path, request):
    db = new_database(backend, tmp_path, request, migrate=False)
    engine = db.engine()
    try:
        for revision in resources.known_revisions():
            migrations.upgrade(engine, revision)
        assert run_cli(db, "seed").exit_code == 0
        seeded = table_snapshot(db)
        assert sum(len(rows) for rows in seeded.values()) > 100
        revisions = resources.known_revisions()
        # Step down and up one revision at a time above the first; rows in tables that a
        # revision keeps survive the round trip, and so do their values, but for the columns
        # a newer revision added (they come back empty).
        for lower in reversed(revisions[:-1]):
            migrations.downgrade(engine, lower)
            kept = _columns(engine)
            migrations.upgrade(engine, "head")
            assert _only(table_snapshot(db), kept) == _only(seeded, kept)
        migrations.downgrade(engine, "base")
        migrations.upgrade(engine, "head")
        assert all(count == 0 for count in _counts(db).values())
        assert run_cli(db, "seed").exit_code == 0
        assert _counts(db) == {name: len(rows) for name, rows in seeded.items()}
    finally:
        engine.dispose()


def test_models_and_migrations_do_not_drift(empty_db):
    from alembic import command

    engine = empty_db.engine()
    try:
        command.check(migrations.config(engine))  # raises if autogenerate finds any difference
    finally:
        engine.dispose()


@pytest.mark.backends("postgresql", "mariadb")  # SQLite writers take turns at BEGIN already
def test_processes_creating_one_schema_at_once_take_turns(tmp_path, request, backend):
    """Three citylinks processes meet a new, empty server database at once: the migration
    lock (PostgreSQL's advisory lock, MariaDB's GET_LOCK) makes them take turns, and each
    ends well, with the schema at its newest."""
    import os
    import subprocess
    import sys

    db = new_database(backend, tmp_path, request, migrate=False)
    env = {**os.environ, "CITYLINKS_OFFICER": "test"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "citylinks", "--db", db.url, "db", "upgrade"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outcomes = [(p.wait(timeout=300), *p.communicate()) for p in processes]
    for code, _, stderr in outcomes:
        assert code == 0, stderr
        assert "Traceback" not in stderr
    assert db.scalar("SELECT version_num FROM alembic_version") == resources.head_revision()


@pytest.mark.parametrize("command", [["db", "upgrade"], ["db", "downgrade", "base"]])
def test_a_schema_newer_than_this_citylinks_is_left_alone(empty_db, command):
    engine = empty_db.engine()
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, *command)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().endswith(
        "is at schema revision 9999, newer than this citylinks knows"
        f" ({resources.head_revision()}): upgrade citylinks"
    ), result.stderr
    assert table_snapshot(empty_db) == before
