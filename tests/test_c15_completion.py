"""A name's completion without SQLAlchemy (issue 15, item 6): the same names and help as the
Core queries gave before, on every backend; the database selected by the one rule every
command follows (citylinks.dburl); a SQLite file read without being created, locked for
writing or changed, nor any file left beside it."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from citylinks.cli import params
from citylinks.completion import database_url
from citylinks.dburl import resolve_url, sqlite_file, url_parts

CITYLINKS = str(Path(sys.executable).parent / "citylinks")


# --- what the completion gave before: SQLAlchemy Core on citylinks.db's engine ----------------
# (cli/params.py until this change, kept here as the reference the new reading must match)

_BEFORE = {
    "organization": ("organization", "key", ("acronym",), "organization_name"),
    "city": ("city", "key", (), "city_name"),
    "source": ("source", "key", (), None),
}


def names_before(kind: str, incomplete: str, url: str) -> list[tuple[str, str]]:
    from sqlalchemy import column, select, table

    from citylinks.db import make_engine

    table_name, key, others, names_table = _BEFORE[kind]
    described = "title" if kind == "source" else (others[0] if others else key)
    records = table(table_name, column("id"), column(key), *(column(c) for c in others))
    if described not in records.c:
        records.append_column(column(described))
    found: dict[str, str] = {}
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            shown = [records.c[key], *(records.c[c] for c in others)]
            for row in connection.execute(select(*shown, records.c[described])):
                for value in row[:-1]:
                    if value:
                        found.setdefault(str(value), str(row[-1] or "")[:60])
            if names_table is not None:
                owner = f"{table_name}_id"
                names = table(names_table, column(owner), column("name"))
                stmt = select(names.c.name, records.c[key]).join_from(
                    names, records, names.c[owner] == records.c.id
                )
                for name, owner_key in connection.execute(stmt):
                    found.setdefault(name, owner_key)
    finally:
        engine.dispose()
    return params._offered(found, incomplete)


def series_before(organization: str | None, incomplete: str, url: str) -> list[tuple[str, str]]:
    from sqlalchemy import column, select, table

    from citylinks.db import make_engine
    from citylinks.text import fold

    series = table(
        "meeting_series", column("organization_id"), column("key"), column("name_en"),
        column("name_fa"),
    )  # fmt: skip
    orgs = table("organization", column("id"), column("key"), column("acronym"))
    names = table("organization_name", column("organization_id"), column("name"))
    found: dict[str, str] = {}
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            owners = None
            if organization:
                typed = fold(organization)
                owners = {
                    id_
                    for id_, *named in connection.execute(
                        select(orgs.c.id, orgs.c.key, orgs.c.acronym)
                    )
                    if typed in {fold(str(id_)), *(fold(n) for n in named if n)}
                }
                owners |= {
                    id_
                    for id_, name in connection.execute(
                        select(names.c.organization_id, names.c.name)
                    )
                    if fold(name) == typed
                }
            for owner, key, name_en, name_fa in connection.execute(select(series)):
                if owners is not None and owner not in owners:
                    continue
                for value in (key, name_en, name_fa):
                    if value:
                        found.setdefault(value, name_en if value != name_en else key)
    finally:
        engine.dispose()
    return params._offered(found, incomplete)


TYPED = ["", "A", "a", "AM", "amf-", "Asian", "Ya", "ya", "Yazd", "یز", "يز", "ی", "S", "s1", "X"]


def _spellings(url: str) -> list[str]:
    """The URL as the fixtures give it and as a user types it (no driver named)."""
    plain = url.replace("postgresql+psycopg://", "postgresql://").replace(
        "mysql+pymysql://", "mysql://"
    )
    return sorted({url, plain})


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_names_and_series_complete_as_before_on_every_backend(seeded_db, monkeypatch, shell):
    """Organizations, cities (Latin, Persian, «يز» with the Arabic yeh), sources and --series:
    the same completions with the same help, for every beginning typed; bash keeps one-word
    names only."""
    monkeypatch.setenv("_CITYLINKS_COMPLETE", f"complete_{shell}")
    for url in _spellings(seeded_db.url):
        for kind in ("organization", "city", "source"):
            for typed in TYPED:
                expected = names_before(kind, typed, seeded_db.url)
                assert params.completed_names(kind, typed, url) == expected, (kind, typed, url)
        for organization in (None, "AMF", "amf", "Asian Mayors Forum", "ZZZ", "1"):
            for typed in ("", "a", "AMF", "Ex"):
                expected = series_before(organization, typed, seeded_db.url)
                got = params.completed_series(organization, typed, url)
                assert got == expected, (organization, typed, url)
    # Not an empty comparison: the bundled dataset's names are there.
    assert ("AMF", "AMF") in params.completed_names("organization", "A", seeded_db.url)
    persian = [v for v, _help in params.completed_names("city", "يز", seeded_db.url)]
    assert "یزد" in persian
    assert params.completed_names("source", "S", seeded_db.url)
    assert params.completed_series("AMF", "", seeded_db.url)


def test_a_server_url_with_driver_options_completes_through_sqlalchemy_as_before(seeded_db):
    """A URL the driver could not be given directly (another driver's options) is read as
    every command connects; the names are the same."""
    if seeded_db.backend == "sqlite":
        pytest.skip("a SQLite URL takes no options (refused by every command)")
    option = "connect_timeout=10" if seeded_db.backend == "postgresql" else "read_timeout=10"
    url = seeded_db.url + ("&" if "?" in seeded_db.url else "?") + option
    assert params.completed_names("city", "Y", url) == names_before("city", "Y", seeded_db.url)
    assert ("Yazd", "yazd") in params.completed_names("city", "Y", url)


def _tab(words: str) -> subprocess.CompletedProcess[str]:
    """A Tab in bash after `words`, in a new process, reporting the heavy modules imported."""
    code = (
        "import sys\n"
        "from citylinks.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlalchemy', 'rich', 'alembic', 'jdatetime', 'citylinks.db')"
        " if m in sys.modules]\n"
        "print('heavy:', heavy, file=sys.stderr)\n"
    )
    env = {
        **os.environ,
        "_CITYLINKS_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    env.pop("CITYLINKS_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )


def test_completing_a_name_imports_no_sqlalchemy_on_any_backend(seeded_db):
    """Every Tab starts citylinks anew: a name's completion imports neither SQLAlchemy (nor
    citylinks.db, which does), nor Rich, Alembic or jdatetime."""
    # zsh and fish send the whole URL; bash splits it at its colons (tests/test_completion.py).
    url = seeded_db.url.replace(":", " : ")
    for words, expected in (
        (f"citylinks --db {url} timeline A", "AMF"),
        (f"citylinks --db {url} history يز", "یزد"),
        (f"citylinks --db {url} member record Yazd AMF member --source S", "S1"),
        (f"citylinks --db {url} attend add AMF 11 Shiraz --series amf-", None),
    ):
        done = _tab(words)
        assert done.returncode == 0
        if expected is not None:
            assert expected in done.stdout.split(), (words, done.stdout, done.stderr)
        assert "heavy: []" in done.stderr, words


def test_the_database_named_by_the_environment_is_the_one_completed(seeded_db):
    """No --db on the line: CITYLINKS_DATABASE_URL, as for every command."""
    env = {
        **os.environ,
        "CITYLINKS_DATABASE_URL": seeded_db.url,
        "_CITYLINKS_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": "citylinks roster AM",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    done = subprocess.run([CITYLINKS], capture_output=True, text=True, env=env, timeout=120)
    assert done.stdout.splitlines() == ["AMF\tAMF"]


# --- the one rule for which database ---------------------------------------------------------


@pytest.mark.any_backend
@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////var/data/citylinks.sqlite",
        "sqlite:///relative/c.sqlite",
        "sqlite:///~/c.sqlite",
        "sqlite:///with%20space%3F.sqlite",
        "sqlite+pysqlite:////tmp/x.db",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///file:x.db?mode=ro",
        "sqlite:///x.db?timeout=3",
        "sqlite://host:12/x.db",
        "sqlite://host:port/x.db",
        "postgresql://u:p%40ss@db.example:5433/citylinks?sslmode=require",
        "postgres://u@[::1]:5432/c",
        "mysql+pymysql://root@127.0.0.1:3306/test?charset=utf8mb4",
        "mariadb://root:@localhost/test",
        "not a url",
        "://nothing",
    ],
)
def test_a_url_names_the_same_database_as_sqlalchemy_reads_it(url):
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    parts = url_parts(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        assert parts is None
        return
    assert parts is not None
    assert parts.backend == parsed.get_backend_name()
    assert (parts.username, parts.password) == (parsed.username, parsed.password)
    assert (parts.host, parts.port, parts.database) == (parsed.host, parsed.port, parsed.database)
    assert dict(parts.query) == dict(parsed.query)


@pytest.mark.any_backend
def test_the_database_selected_is_the_one_every_command_selects(tmp_path, monkeypatch):
    from citylinks import db

    assert db.resolve_url is resolve_url and db.sqlite_file is sqlite_file  # one rule
    default, is_default = resolve_url(None)
    assert is_default and default.endswith("/citylinks.sqlite")
    assert database_url(None) is None  # the default file is not there yet: never created
    assert not sqlite_file(None).exists()
    monkeypatch.setenv("CITYLINKS_DATABASE_URL", "postgresql://u@h/d")
    assert database_url(None) == "postgresql://u@h/d"
    assert database_url(str(tmp_path / "missing.sqlite")) is None
    file = tmp_path / "here.sqlite"
    file.write_bytes(b"")
    assert database_url(str(file)) == f"sqlite:///{file.resolve()}"


# --- a SQLite file is read, never written ----------------------------------------------------


def _state(folder: Path) -> dict[str, str]:
    """Every file in `folder` with its content's digest and its time of change."""
    return {
        p.name: f"{hashlib.sha256(p.read_bytes()).hexdigest()} {p.stat().st_mtime_ns}"
        for p in sorted(folder.iterdir())
    }


def _sqlite_copy(seeded_db, tmp_path: Path) -> Path:
    folder = tmp_path / "copy"
    folder.mkdir()
    path = folder / "c.sqlite"
    source = sqlite3.connect(seeded_db.url.removeprefix("sqlite:///"))
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.execute("PRAGMA journal_mode=WAL")  # as citylinks keeps its files
    target.close()
    return path


@pytest.mark.backends("sqlite")
def test_a_tab_leaves_the_file_and_its_folder_as_they_were(seeded_db, tmp_path):
    """No -wal or -shm left beside a file no process has open, the file unchanged."""
    path = _sqlite_copy(seeded_db, tmp_path)
    before = _state(path.parent)
    assert list(before) == ["c.sqlite"]
    url = f"sqlite:///{path}"
    assert ("AMF", "AMF") in params.completed_names("organization", "AM", url)
    assert params.completed_series("AMF", "", url)
    assert _state(path.parent) == before


@pytest.mark.backends("sqlite")
def test_a_read_only_file_completes_without_being_changed(seeded_db, tmp_path):
    path = _sqlite_copy(seeded_db, tmp_path)
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        before = _state(path.parent)
        done = _tab(f"citylinks --db {path} history Ya")
        assert done.returncode == 0 and done.stdout.split() == ["Yazd"], done.stderr
        assert _state(path.parent) == before
    finally:
        path.parent.chmod(0o755)


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_file_another_process_is_writing_completes_what_is_committed(
    seeded_db, tmp_path, journal
):
    """A writer in the middle of its transaction (its write lock taken, a city renamed and not
    committed): the Tab completes the names committed, and writes nothing."""
    path = _sqlite_copy(seeded_db, tmp_path)
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute(f"PRAGMA journal_mode={journal}")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE city SET key = 'renamed' WHERE key = 'yazd'")
        main_file = hashlib.sha256(path.read_bytes()).hexdigest()
        done = _tab(f"citylinks --db {path} history ya")
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["yazd"]
        assert "heavy: []" in done.stderr
        assert hashlib.sha256(path.read_bytes()).hexdigest() == main_file
        writer.execute("ROLLBACK")
    finally:
        writer.close()


@pytest.mark.backends("sqlite")
def test_a_file_that_is_no_database_completes_nothing_and_is_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database\n", encoding="utf-8")
    before = _state(tmp_path)
    done = _tab(f"citylinks --db {path} timeline A")
    assert (done.returncode, done.stdout.strip()) == (0, "")
    assert "Traceback" not in done.stderr
    assert _state(tmp_path) == before
