"""Fixtures: every database test runs on each backend in CITYLINKS_TEST_BACKENDS, unless it
is marked `any_backend`.

The default is "sqlite,postgresql,mariadb": PostgreSQL on 127.0.0.1:5432 (user postgres,
database test) and MariaDB on 127.0.0.1:3306 (user root, database test) are part of every
machine this project runs on, so an unreachable server is an error, never a skip.
CITYLINKS_TEST_POSTGRESQL_URL and CITYLINKS_TEST_MARIADB_URL point elsewhere.

Which backends a test runs on: a test that asks for a database (the `backend` fixture, or
`empty_db`, `seeded_db`, `cli`, `seeded_cli` built on it) runs once per backend. A test
whose outcome cannot depend on the database's dialect is marked
`@pytest.mark.any_backend` (on the test, or for a whole module with
`pytestmark = pytest.mark.any_backend`), with a comment saying why: it runs once, on SQLite
(on the first backend listed if SQLite is not). Constraints, concurrency, the bulk and COPY
import paths, migrations, parameter limits, backup and restore, bad input that reaches the
database, and anything that checks stored rows where types, collation or ordering could
differ stay on every backend; when in doubt, a test stays on every backend.
CITYLINKS_TEST_EVERY_BACKEND=1 runs the `any_backend` tests on every backend too. A test
that means only some backends says which with `@pytest.mark.backends("postgresql", ...)`,
rather than skipping itself on the others, so that a skip in a full run always means
something.
`pytest_generate_tests` below reads the marker.

Each test gets a database of its own: a copy of a template made once per run and per
process (a migrated, and possibly seeded, SQLite file; a PostgreSQL database created from a
template database; MariaDB work databases refilled from a template). Templates and
databases are named by process, so the suite runs in several processes: pytest-xdist's
`-n auto` is in pyproject's addopts (`-n 0` runs it in one).
"""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Alembic's Config takes sys.stdout as a default argument, bound when alembic.config is first
# imported. Imported here, before any CliRunner swaps sys.stdout; otherwise the process's first
# command that imports it (which test that is depends on how xdist shares out the tests) leaves
# Alembic a stream that is closed after that test ("I/O operation on closed file").
import alembic.config  # noqa: F401
import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

# The machines are shared and often loaded: a property test's examples are judged by what they
# find, never by how fast they were drawn or run (a loaded run failed the weekday test's
# "input generation is slow" check).
settings.register_profile(
    "shared-machines", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("shared-machines")

# The suite speaks English unless a test asks for Persian, whatever the developer's LANG says
# (a Persian locale would make the interface Persian; tests/test_i18n.py sets it where it tests it).
os.environ["CITYLINKS_LANG"] = "en"

from citylinks.cli.app import app  # noqa: E402

BACKENDS = [
    b.strip()
    for b in os.environ.get("CITYLINKS_TEST_BACKENDS", "sqlite,postgresql,mariadb").split(",")
    if b.strip()
]
POSTGRESQL_URL = os.environ.get(
    "CITYLINKS_TEST_POSTGRESQL_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
MARIADB_URL = os.environ.get(
    "CITYLINKS_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test"
)
# Where an `any_backend` test runs.
ONCE_BACKEND = "sqlite" if "sqlite" in BACKENDS else BACKENDS[0]
EVERY_BACKEND = os.environ.get("CITYLINKS_TEST_EVERY_BACKEND") == "1"


def backends_for(node: pytest.Item | pytest.Function) -> list[str]:
    """The backends a test runs on: all of them, one if it is marked `any_backend`, those
    named if it is marked `backends(...)`."""
    only = node.get_closest_marker("backends")
    if only is not None:
        return [b for b in BACKENDS if b in only.args]
    if node.get_closest_marker("any_backend") is not None and not EVERY_BACKEND:
        return [ONCE_BACKEND]
    return BACKENDS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Module scope, so that a module-scoped fixture (test_bad_input's shared database) can ask
    # for the backend too; pytest then runs a module's tests backend by backend.
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize(
            "backend", backends_for(metafunc.definition), indirect=True, scope="module"
        )


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test touches the user's real data directory or inherits a database choice, or the
    interface language a command run in-process before it chose (a process runs one command;
    a test worker runs many)."""
    monkeypatch.delenv("CITYLINKS_DATABASE_URL", raising=False)
    monkeypatch.delenv("CITYLINKS_BIDI", raising=False)
    monkeypatch.setenv("CITYLINKS_OFFICER", "test-officer")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")
    yield
    from citylinks.cli.language import speak

    speak("en")


@dataclass
class TestDatabase:
    backend: str
    url: str
    _cleanup: object = None

    def engine(self):
        from citylinks.db import make_engine

        return make_engine(self.url)

    def _sql(self, sql: str):
        """The tests' SQL, with the column names that MariaDB reserves quoted for it."""
        if self.backend != "mariadb":
            return text(sql)
        parts = re.split(r"('(?:[^']|'')*')", sql)  # keep string literals as they are
        for i in range(0, len(parts), 2):
            parts[i] = re.sub(r"(?<![`.:\w])(key|before|after)(?![`\w])", r"`\1`", parts[i])
        return text("".join(parts))

    def scalar(self, sql: str, **params):
        engine = self.engine()
        try:
            with engine.connect() as conn:
                return conn.execute(self._sql(sql), params).scalar()
        finally:
            engine.dispose()

    def rows(self, sql: str, **params) -> list[tuple]:
        engine = self.engine()
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.execute(self._sql(sql), params)]
        finally:
            engine.dispose()


def _postgresql_database_url(name: str) -> str:
    return POSTGRESQL_URL.rsplit("/", 1)[0] + f"/{name}"


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


class _PostgreSQLDropper:
    """DROP DATABASE waits for a checkpoint, a second or more on a busy server: each test's
    database is dropped by background threads, so that the next test does not wait for it, and
    drops that wait at the same time share a checkpoint. The run waits for all of them at its
    end, and a drop that failed fails it there."""

    def __init__(self, admin) -> None:
        self.admin = admin
        self.threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="drop-database")
        self.pending: list[Future] = []

    def drop(self, name: str) -> None:
        self.pending.append(self.threads.submit(self._drop, name))

    def _drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self.threads.shutdown(wait=True)
        for dropped in self.pending:
            dropped.result()


@pytest.fixture(scope="session")
def _postgresql_dropper(_postgresql_admin):
    dropper = _PostgreSQLDropper(_postgresql_admin)
    yield dropper
    dropper.close()


def _mariadb_admin():
    return create_engine(MARIADB_URL, isolation_level="AUTOCOMMIT")


class _Templates:
    """Per backend, an empty migrated database and one holding the bundled dataset, made once
    per test run; each test gets a copy (a file copy for SQLite, CREATE DATABASE ... TEMPLATE
    for PostgreSQL), which is much faster than migrating and seeding every time."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
        self.tmp = tmp_path_factory.mktemp("templates")
        self.request = request
        self.made: dict[tuple[str, bool], TestDatabase] = {}
        self.prefix = f"citylinks_{os.getpid()}"
        self.admin = None
        self.mariadb = None

    def get(self, backend: str, seeded: bool) -> TestDatabase:
        key = (backend, seeded)
        if key not in self.made:
            self.made[key] = self._make(backend, seeded)
        return self.made[key]

    def _make(self, backend: str, seeded: bool) -> TestDatabase:
        from citylinks import migrations

        name = f"{self.prefix}_{'seeded' if seeded else 'empty'}"
        if backend == "sqlite":
            db = TestDatabase(backend, f"sqlite:///{self.tmp / name}.sqlite")
        elif backend == "postgresql":
            admin = self.admin = self.request.getfixturevalue("_postgresql_admin")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            db = TestDatabase(backend, _postgresql_database_url(name))
        elif backend == "mariadb":
            self.mariadb = self.mariadb or _mariadb_admin()
            with self.mariadb.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
                conn.execute(
                    text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
                )
            db = TestDatabase(backend, MARIADB_URL.rsplit("/", 1)[0] + f"/{name}")
        else:
            raise pytest.UsageError(f"unknown backend {backend!r} in CITYLINKS_TEST_BACKENDS")
        engine = db.engine()
        migrations.upgrade(engine)
        engine.dispose()
        if seeded:
            result = run_cli(db, "seed")
            assert result.exit_code == 0, result.output
        return db

    def drop_all(self) -> None:
        if self.mariadb is not None:
            with self.mariadb.connect() as conn:
                for (backend, _), db in self.made.items():
                    if backend == "mariadb":
                        conn.execute(text(f"DROP DATABASE IF EXISTS `{db.url.rsplit('/', 1)[1]}`"))
            self.mariadb.dispose()
        if self.admin is not None:
            with self.admin.connect() as conn:
                for (backend, _), db in self.made.items():
                    if backend == "postgresql":
                        name = db.url.rsplit("/", 1)[1]
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    templates = _Templates(tmp_path_factory, request)
    yield templates
    templates.drop_all()


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy a SQLite database, including what is still in its write-ahead log."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


class _MariaDBPool:
    """Work databases for MariaDB tests, reused: MariaDB has no CREATE DATABASE ... TEMPLATE
    and creating ~50 tables per test is slow, so a work database gets the template's tables
    once and, for each test, its rows. A test that changed the
    schema gives its work database back to be dropped, not reused."""

    def __init__(self) -> None:
        self.admin = _mariadb_admin()
        self.writer = create_engine(MARIADB_URL)
        self.free: list[str] = []
        self.all: list[str] = []

    def _tables(self, conn, database: str) -> list[str]:
        return sorted(r[0] for r in conn.execute(text(f"SHOW TABLES FROM `{database}`")))

    def _schema(self, conn, database: str) -> tuple:
        version = conn.execute(
            text(f"SELECT version_num FROM `{database}`.alembic_version")
        ).scalar()
        return (tuple(self._tables(conn, database)), version)

    def acquire(self, template: str) -> str:
        with self.admin.connect() as conn:
            conn.execute(text("SET FOREIGN_KEY_CHECKS = 0"))
            try:
                if self.free:
                    name = self.free.pop()
                else:
                    name = f"t_{os.getpid()}_{uuid.uuid4().hex[:10]}"
                    self.all.append(name)
                    conn.execute(
                        text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
                    )
                    for table in self._tables(conn, template):
                        create = conn.execute(
                            text(f"SHOW CREATE TABLE `{template}`.`{table}`")
                        ).one()[1]
                        conn.execute(text(f"USE `{name}`"))
                        conn.execute(text(create))
            finally:
                conn.execute(text("SET FOREIGN_KEY_CHECKS = 1"))
        # The rows, in one transaction (one flush to disk). DELETE is much faster here than
        # TRUNCATE; the id counters are not reset, so tests must not expect particular ids.
        with self.writer.begin() as conn:
            conn.execute(text("SET FOREIGN_KEY_CHECKS = 0"))
            for table in self._tables(conn, template):
                conn.execute(text(f"DELETE FROM `{name}`.`{table}`"))
                conn.execute(
                    text(f"INSERT INTO `{name}`.`{table}` SELECT * FROM `{template}`.`{table}`")
                )
            conn.execute(text("SET FOREIGN_KEY_CHECKS = 1"))
        self.template = template
        return name

    def release(self, name: str) -> None:
        with self.admin.connect() as conn:
            try:
                same = self._schema(conn, name) == self._schema(conn, self.template)
            except Exception:
                same = False
            if same:
                self.free.append(name)
            else:
                conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
                self.all.remove(name)

    def close(self) -> None:
        with self.admin.connect() as conn:
            for name in self.all:
                conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        self.admin.dispose()
        self.writer.dispose()


@pytest.fixture(scope="session")
def _mariadb_pool():
    pool = _MariaDBPool()
    yield pool
    pool.close()


def new_database(
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    migrate: bool = True,
    seeded: bool = False,
) -> TestDatabase:
    """A database of its own for one test: at the newest schema (unless `migrate` is False),
    holding the bundled dataset if `seeded`."""
    name = f"t_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    if migrate:
        template = request.getfixturevalue("_templates").get(backend, seeded)
    elif seeded and not migrate:
        raise pytest.UsageError("a seeded database needs migrate=True")
    else:
        template = None
    if backend == "sqlite":
        path = tmp_path / f"{name}.sqlite"
        if template is not None:
            _copy_sqlite(Path(template.url.removeprefix("sqlite:///")), path)
        return TestDatabase(backend, f"sqlite:///{path}")
    if backend == "postgresql":
        admin = request.getfixturevalue("_postgresql_admin")
        with admin.connect() as conn:
            if template is not None:
                template_name = template.url.rsplit("/", 1)[1]
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
            else:
                conn.execute(text(f'CREATE DATABASE "{name}"'))

        dropper = request.getfixturevalue("_postgresql_dropper")
        request.addfinalizer(lambda: dropper.drop(name))
        return TestDatabase(backend, _postgresql_database_url(name))
    if backend == "mariadb":
        if template is None:
            admin = _mariadb_admin()
            with admin.connect() as conn:
                conn.execute(
                    text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
                )

            def drop_db() -> None:
                with admin.connect() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
                admin.dispose()

            request.addfinalizer(drop_db)
            return TestDatabase(backend, MARIADB_URL.rsplit("/", 1)[0] + f"/{name}")
        pool = request.getfixturevalue("_mariadb_pool")
        work = pool.acquire(template.url.rsplit("/", 1)[1])
        request.addfinalizer(lambda: pool.release(work))
        return TestDatabase(backend, MARIADB_URL.rsplit("/", 1)[0] + f"/{work}")
    raise pytest.UsageError(f"unknown backend {backend!r} in CITYLINKS_TEST_BACKENDS")


@pytest.fixture(scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    """The backend's name, set by `pytest_generate_tests`."""
    return request.param


@pytest.fixture
def empty_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> TestDatabase:
    """A database at the newest schema, with no rows."""
    return new_database(backend, tmp_path, request)


@pytest.fixture
def seeded_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> TestDatabase:
    """A database holding the bundled dataset, as `citylinks seed` loads it."""
    return new_database(backend, tmp_path, request, seeded=True)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


# Typer's CliRunner builds the Click command from the app on every invocation (0.1-0.25 s,
# thousands of times in a run); the command keeps no state between invocations (each gets its
# own context), so it is built once and reused, for every CliRunner in the tests.
_COMMAND = typer.main.get_command(app)
_build_command = typer.testing._get_command
typer.testing._get_command = lambda given: _COMMAND if given is app else _build_command(given)


def run_cli(
    db: TestDatabase | None, *args: str, input: str | None = None, env: dict | None = None
) -> Result:
    """Run `citylinks [--db URL] ARGS...` in-process, as a user would type it."""
    runner = CliRunner()
    argv = (["--db", db.url] if db is not None else []) + list(args)
    result = runner.invoke(app, argv, input=input, env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


@contextmanager
def persian() -> Iterator[None]:
    """Commands run in-process speak Persian (as with CITYLINKS_LANG=fa) until the block ends."""
    from citylinks.cli.language import speak

    speak("fa")
    try:
        yield
    finally:
        speak("en")


def run_fa(db: TestDatabase | None, *args: str) -> Result:
    """citylinks ARGS as an officer with CITYLINKS_LANG=fa runs it."""
    with persian():
        return run_cli(db, *args)


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


BUNDLED_KINDS = (
    ("source", "sources"),
    ("country", "countries"),
    ("city", "cities"),
    ("person", "people"),
    ("organization", "organizations"),
    ("session", "sessions"),
    ("membership", "memberships"),
    ("role", "roles"),
    ("post", "posts"),
)


def _bundled() -> dict:
    """data/amf.toml, read with tomllib (not citylinks), so that tests of what citylinks says
    about the bundled record follow the record as it grows."""
    import tomllib

    return tomllib.loads((Path(__file__).parents[1] / "data" / "amf.toml").read_text("utf-8"))


def bundled_cities() -> list[dict]:
    """The [[city]] blocks of data/amf.toml."""
    return list(_bundled().get("city", []))


def bundled_counts() -> dict[str, int]:
    """How many blocks of each kind data/amf.toml holds."""
    data = _bundled()
    return {kind: len(data.get(kind, [])) for kind, _ in BUNDLED_KINDS}


def bundled_summary() -> str:
    """'55 sources, 15 countries, ...': the bundled record counted as seed and export say it."""
    counts = bundled_counts()
    return ", ".join(
        f"{counts[kind]} {kind if counts[kind] == 1 else plural}" for kind, plural in BUNDLED_KINDS
    )
