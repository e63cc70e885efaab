"""Which database: the one rule every command and every Tab follows (--db, else
CITYLINKS_DATABASE_URL, else a SQLite file in the user's data directory), without importing
SQLAlchemy, so that shell completion can follow it too. citylinks.db connects to what it names.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote

ENV_URL = "CITYLINKS_DATABASE_URL"
DEFAULT_FILE_NAME = "citylinks.sqlite"


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("citylinks", appauthor=False)) / DEFAULT_FILE_NAME


def resolve_url(given: str | None) -> tuple[str, bool]:
    """The database URL to use and whether it is the embedded default."""
    value = given or os.environ.get(ENV_URL)
    if not value:
        return f"sqlite:///{default_path()}", True
    if "://" not in value:  # a plain file path means a SQLite file
        return f"sqlite:///{Path(value).expanduser().resolve()}", False
    return value, False


class UrlParts(NamedTuple):
    """A database URL's parts, read as SQLAlchemy's make_url reads them (its pattern)."""

    drivername: str
    username: str | None
    password: str | None
    host: str | None
    port: int | None
    database: str | None
    query: tuple[tuple[str, str], ...]

    @property
    def backend(self) -> str:
        return self.drivername.split("+")[0]

    @property
    def driver(self) -> str | None:
        return self.drivername.split("+")[1] if "+" in self.drivername else None


# sqlalchemy.engine.url._parse_url's pattern, so that a URL names the same database here as
# where citylinks.db connects (tests/test_c15_completion.py compares the two).
_URL = re.compile(
    r"""
        (?P<name>[\w\+]+)://
        (?:
            (?P<username>[^:/]*)
            (?::(?P<password>[^@]*))?
        @)?
        (?:
            (?:
                \[(?P<ipv6host>[^/\?]+)\] |
                (?P<ipv4host>[^/:\?]+)
            )?
            (?::(?P<port>[^/\?]*))?
        )?
        (?:/(?P<database>[^\?]*))?
        (?:\?(?P<query>.*))?
    """,
    re.X,
)


def url_parts(url: str) -> UrlParts | None:
    """The parts of a database URL; None when SQLAlchemy would refuse it as a URL."""
    m = _URL.match(url)
    if m is None:
        return None
    found = m.groupdict()
    try:
        port = int(found["port"]) if found["port"] else None
    except ValueError:
        return None

    def unquoted(name: str) -> str | None:
        return unquote(found[name]) if found[name] is not None else None

    return UrlParts(
        drivername=found["name"],
        username=unquoted("username"),
        password=unquoted("password"),
        host=found["ipv4host"] or found["ipv6host"],
        port=port,
        database=unquoted("database"),
        query=tuple(parse_qsl(found["query"])) if found["query"] is not None else (),
    )


def sqlite_file(given: str | None) -> Path | None:
    """The SQLite file the database URL `given` (or the default) names; None for a server or
    an in-memory database."""
    parsed = url_parts(resolve_url(given)[0])
    if parsed is None or parsed.backend != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database).expanduser()
