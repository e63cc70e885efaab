"""The names a Tab offers (organizations, cities, sources, meeting series), read from the
database without SQLAlchemy: every Tab starts citylinks anew, and importing SQLAlchemy's Core
for one query took most of its time (bench/completion.py).

A SQLite file is read with the standard library's sqlite3, read-only, so that a Tab never
creates, locks for writing or changes a file; PostgreSQL through psycopg and MariaDB through
PyMySQL directly (a fifth and a tenth of the import time of SQLAlchemy with the same driver);
a URL naming another driver, or driver options PyMySQL would need converted, through
citylinks.db as every command connects. The statements are plain SQL, without parameters, on
the columns citylinks.schema defines; a column is always named with its table, so that
MariaDB's reserved word `key` needs no quoting.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from citylinks.dburl import UrlParts, resolve_url, sqlite_file, url_parts

Rows = list[tuple[Any, ...]]

# What is completed: the statement reading its rows (the values that name a row, then the one
# shown as their help), and the one reading its other names with the key of what each names.
_COMPLETED = {
    "organization": (
        "SELECT organization.key, organization.acronym, organization.acronym FROM organization",
        "SELECT organization_name.name, organization.key FROM organization_name"
        " JOIN organization ON organization_name.organization_id = organization.id",
    ),
    "city": (
        "SELECT city.key, city.key FROM city",
        "SELECT city_name.name, city.key FROM city_name JOIN city ON city_name.city_id = city.id",
    ),
    "source": ("SELECT source.key, source.title FROM source",),
}


def database_url(given: str | None) -> str | None:
    """The URL of the database a command line with `--db given` (or None) selects, as every
    command selects it (citylinks.dburl); None when it names a SQLite file that does not
    exist: a Tab never creates one."""
    path = sqlite_file(given)
    if path is not None and not path.is_file():
        return None
    return resolve_url(given)[0]


def names(kind: str, url: str) -> dict[str, str]:
    """Every name of `kind` ("organization", "city", "source"): its key (and acronym), each
    with a short help (its acronym, key or title), then the names in the names table, each
    with the key of what it names; the first help found for a name is kept."""
    results = read(url, _COMPLETED[kind])
    found: dict[str, str] = {}
    for row in results[0]:
        for value in row[:-1]:
            if value:
                found.setdefault(str(value), str(row[-1] or "")[:60])
    for name, owner_key in results[1] if len(results) > 1 else ():
        found.setdefault(name, owner_key)
    return found


def series(organization: str | None, url: str) -> dict[str, str]:
    """The keys and names of the meeting series of `organization` (its key, acronym, id or
    any name, matched folded; None: every organization's), each with its English name (or,
    for the English name itself, its key) as help."""
    from citylinks.text import fold

    statements = [
        "SELECT meeting_series.organization_id, meeting_series.key, meeting_series.name_en,"
        " meeting_series.name_fa FROM meeting_series"
    ]
    if organization:
        statements += [
            "SELECT organization.id, organization.key, organization.acronym FROM organization",
            "SELECT organization_name.organization_id, organization_name.name"
            " FROM organization_name",
        ]
    results = read(url, statements)
    owners = None
    if organization:
        typed = fold(organization)
        owners = {
            id_
            for id_, *named in results[1]
            if typed in {fold(str(id_)), *(fold(n) for n in named if n)}
        }
        owners |= {id_ for id_, name in results[2] if fold(name) == typed}
    found: dict[str, str] = {}
    for owner, key, name_en, name_fa in results[0]:
        if owners is not None and owner not in owners:
            continue
        for value in (key, name_en, name_fa):
            if value:
                found.setdefault(value, name_en if value != name_en else key)
    return found


def read(url: str, statements: Sequence[str]) -> list[Rows]:
    """The rows of each statement, read on one connection to the database `url` names; none
    from a SQLite file that is not there or is no database."""
    parts = url_parts(url)
    if parts is None:
        raise ValueError("not a database URL")
    if parts.backend == "sqlite":
        path = sqlite_file(url)
        if path is None or parts.query:  # refused by every command too (db._driver_url)
            raise ValueError("not a SQLite file's URL")
        return _sqlite(path, statements)
    if parts.backend in ("postgresql", "postgres") and parts.driver in (None, "psycopg"):
        return _postgresql(parts, statements)
    if (
        parts.backend in ("mysql", "mariadb")
        and parts.driver in (None, "pymysql")
        and {key for key, _value in parts.query} <= {"charset"}  # always utf8mb4 (db.py)
    ):
        return _mariadb(parts, statements)
    return _through_sqlalchemy(url, statements)


# How long a Tab waits for a SQLite file locked by a writer not in WAL mode, in seconds.
_SQLITE_WAIT = 2.0


def _sqlite(path: Path, statements: Sequence[str]) -> list[Rows]:
    """Read a SQLite file without changing it or the files beside it. citylinks keeps its
    files in WAL mode: a read-only connection to one no process has open (no -wal file
    beside it) would leave an empty -wal and -shm behind, so such a file is read as
    immutable, and read again read-only if its file changed meanwhile (a writer's
    checkpoint). While a process has it open, the -wal and -shm are there to be shared."""
    try:
        with open(path, "rb") as file:
            header = file.read(100)
    except OSError:
        return [[] for _ in statements]
    if not header.startswith(b"SQLite format 3\x00"):
        return [[] for _ in statements]
    uri = "file:" + quote(os.path.abspath(path))
    if header[18] == 2 and not os.path.exists(f"{path}-wal"):  # WAL mode, no writer
        before = _stamp(path)
        rows = _sqlite_rows(uri + "?immutable=1", statements)
        if _stamp(path) == before:
            return rows
    return _sqlite_rows(uri + "?mode=ro", statements)


def _stamp(path: Path) -> tuple[int, int, int]:
    status = os.stat(path)
    return status.st_ino, status.st_size, status.st_mtime_ns


def _sqlite_rows(uri: str, statements: Sequence[str]) -> list[Rows]:
    import sqlite3

    connection = sqlite3.connect(uri, uri=True, timeout=_SQLITE_WAIT)
    try:
        return [connection.execute(sql).fetchall() for sql in statements]
    finally:
        connection.close()


# How long a Tab waits to connect to a server, in seconds.
_CONNECT_TIMEOUT = 3


def _postgresql(parts: UrlParts, statements: Sequence[str]) -> list[Rows]:
    """As SQLAlchemy's psycopg dialect connects: the URL's parts, and its query string's
    libpq parameters (sslmode, host=/socket/folder, options)."""
    import psycopg

    given = {
        "host": parts.host,
        "port": parts.port,
        "user": parts.username,
        "password": parts.password,
        "dbname": parts.database,
    }
    arguments: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    arguments.update(parts.query)
    arguments.setdefault("connect_timeout", _CONNECT_TIMEOUT)
    with psycopg.connect(autocommit=True, **arguments) as connection:
        return [connection.execute(sql).fetchall() for sql in statements]


def _mariadb(parts: UrlParts, statements: Sequence[str]) -> list[Rows]:
    """As SQLAlchemy's PyMySQL dialect connects, with the utf8mb4 character set every
    citylinks connection uses."""
    import pymysql  # type: ignore[import-untyped]

    given = {
        "host": parts.host,
        "port": parts.port,
        "user": parts.username,
        "password": parts.password,
        "database": parts.database,
    }
    arguments: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    connection = pymysql.connect(
        charset="utf8mb4", connect_timeout=_CONNECT_TIMEOUT, autocommit=True, **arguments
    )
    try:
        with connection.cursor() as cursor:
            results = []
            for sql in statements:
                cursor.execute(sql)
                results.append(list(cursor.fetchall()))
            return results
    finally:
        connection.close()


def _through_sqlalchemy(url: str, statements: Sequence[str]) -> list[Rows]:
    """Another driver named in the URL (postgresql+pg8000), or driver options: connected as
    every command connects."""
    from citylinks.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [[tuple(row) for row in connection.exec_driver_sql(sql)] for sql in statements]
    finally:
        engine.dispose()
