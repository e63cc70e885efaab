"""Fixtures: every database test runs on each backend in CITYLINKS_TEST_BACKENDS.

The default is "sqlite,postgresql": PostgreSQL on 127.0.0.1:5432 (user postgres, database
test) is part of every machine this project runs on, so an unreachable server is an error,
never a skip. CITYLINKS_TEST_POSTGRESQL_URL and CITYLINKS_TEST_MARIADB_URL point elsewhere.

Each test gets a database of its own at the newest schema: a copy of a migrated SQLite file,
or a fresh PostgreSQL schema (selected through search_path) in the shared test database.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from citylinks.cli.app import app

BACKENDS = [
    b.strip()
    for b in os.environ.get("CITYLINKS_TEST_BACKENDS", "sqlite,postgresql").split(",")
    if b.strip()
]
POSTGRESQL_URL = os.environ.get(
    "CITYLINKS_TEST_POSTGRESQL_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
MARIADB_URL = os.environ.get(
    "CITYLINKS_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test"
)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real data directory or inherits a database choice."""
    monkeypatch.delenv("CITYLINKS_DATABASE_URL", raising=False)
    monkeypatch.delenv("CITYLINKS_BIDI", raising=False)
    monkeypatch.setenv("CITYLINKS_OFFICER", "test-officer")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")


@dataclass
class TestDatabase:
    backend: str
    url: str
    _cleanup: object = None

    def engine(self):
        from citylinks.db import make_engine

        return make_engine(self.url)

    def scalar(self, sql: str, **params):
        engine = self.engine()
        try:
            with engine.connect() as conn:
                return conn.execute(text(sql), params).scalar()
        finally:
            engine.dispose()

    def rows(self, sql: str, **params) -> list[tuple]:
        engine = self.engine()
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.execute(text(sql), params)]
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from citylinks import migrations
    from citylinks.db import make_engine

    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)
    engine.dispose()
    return path


def _postgresql_schema_url(schema: str) -> str:
    return f"{POSTGRESQL_URL}?options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def _postgresql_admin():
    engine = create_engine(POSTGRESQL_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # a missing server is a failure, not a skip
        pytest.fail(f"PostgreSQL at {POSTGRESQL_URL} is not reachable: {exc}")
    yield engine
    engine.dispose()


def new_empty_database(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, migrate: bool = True
) -> TestDatabase:
    """A database of its own for one test, at the newest schema unless `migrate` is False."""
    if backend == "sqlite":
        path = tmp_path / f"{uuid.uuid4().hex[:8]}.sqlite"
        if migrate:
            shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        return TestDatabase(backend, f"sqlite:///{path}")
    if backend == "postgresql":
        admin = request.getfixturevalue("_postgresql_admin")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))

        request.addfinalizer(drop)
        db = TestDatabase(backend, _postgresql_schema_url(schema))
    elif backend == "mariadb":
        admin = create_engine(MARIADB_URL, isolation_level="AUTOCOMMIT")
        name = f"t_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(
                text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
            )

        def drop_db() -> None:
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE `{name}`"))
            admin.dispose()

        request.addfinalizer(drop_db)
        db = TestDatabase(backend, MARIADB_URL.rsplit("/", 1)[0] + f"/{name}")
    else:
        raise pytest.UsageError(f"unknown backend {backend!r} in CITYLINKS_TEST_BACKENDS")
    if migrate:
        from citylinks import migrations

        engine = db.engine()
        migrations.upgrade(engine)
        engine.dispose()
    return db


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def empty_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> TestDatabase:
    """A database at the newest schema, with no rows."""
    return new_empty_database(backend, tmp_path, request)


@pytest.fixture
def seeded_db(empty_db: TestDatabase) -> TestDatabase:
    """A database holding the bundled dataset, loaded through `citylinks seed`."""
    result = run_cli(empty_db, "seed")
    assert result.exit_code == 0, result.output
    return empty_db


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(
    db: TestDatabase | None, *args: str, input: str | None = None, env: dict | None = None
) -> Result:
    """Run `citylinks [--db URL] ARGS...` in-process, as a user would type it."""
    runner = CliRunner()
    argv = (["--db", db.url] if db is not None else []) + list(args)
    result = runner.invoke(app, argv, input=input, env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli(empty_db: TestDatabase):
    """`cli(*args)` runs citylinks against this test's database."""

    def run(*args: str, **kwargs) -> Result:
        return run_cli(empty_db, *args, **kwargs)

    return run


@pytest.fixture
def seeded_cli(seeded_db: TestDatabase):
    def run(*args: str, **kwargs) -> Result:
        return run_cli(seeded_db, *args, **kwargs)

    return run


def table_snapshot(db: TestDatabase) -> dict[str, list[tuple]]:
    """Every row of every table, ordered: to show that a refused command changed nothing."""
    from citylinks.model import Base

    engine = db.engine()
    snapshot = {}
    try:
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                rows = conn.execute(table.select().order_by(*table.primary_key.columns)).all()
                snapshot[table.name] = [tuple(r) for r in rows]
    finally:
        engine.dispose()
    return snapshot
