"""The database: which one, how to connect, and bringing its schema up to date.

A SQLite file in the user's data directory is the default, so a new user needs no server;
`--db URL` or CITYLINKS_DATABASE_URL selects another (PostgreSQL through psycopg 3, or
MariaDB/MySQL through PyMySQL). The schema revision is checked at start-up with one query,
without importing Alembic; Alembic is imported only when there is something to migrate.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, ProgrammingError

from citylinks import resources
from citylinks.dburl import DEFAULT_FILE_NAME, default_path, resolve_url, sqlite_file
from citylinks.errors import CitylinksError
from citylinks.i18n import N_, _

if TYPE_CHECKING:
    # The ORM is imported when a session is opened: reports that read plain rows through
    # Database.connection() never import it.
    from sqlalchemy.orm import Session

ENV_OFFICER = "CITYLINKS_OFFICER"
# Any fixed number; every citylinks process migrating the same PostgreSQL database takes it.
MIGRATION_LOCK_ID = 0x6369_7479
# The database's write lock on PostgreSQL (an advisory lock, per database); on MariaDB a named
# lock of the server, named after the database (write_lock_name).
WRITE_LOCK_ID = MIGRATION_LOCK_ID + 1
WRITE_OPTION = "citylinks_write"
# How long a command that writes waits for another's write lock before it gives up, in seconds.
ENV_LOCK_TIMEOUT = "CITYLINKS_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 30


# Query-string parameters that carry a secret (libpq's password and sslpassword, PyMySQL's
# passwd, tokens): masked wherever a URL is shown, as the password in its user part is.
_SECRET_PARAMETER = re.compile(r"pass|secret|token|key", re.IGNORECASE)


def masked(url: str) -> str:
    """The URL with any password (in its user part or its query string) replaced by ***, for
    printing: a SQLite file's name shown as every path is (files.shown_path), its escape
    sequences and bidi controls made visible."""
    from citylinks.files import shown_path

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a malformed port or IPv6 host
        hidden = re.sub(r"//([^:/@]*):[^@]*@", r"//\1:***@", url)
        return shown_path(
            re.sub(
                r"([?&][^=&]*(?:pass|secret|token|key)[^=&]*=)[^&]*", r"\1***", hidden, flags=re.I
            )
        )
    secrets = {k: "***" for k in parsed.query if _SECRET_PARAMETER.search(k)}
    if secrets:
        parsed = parsed.update_query_dict(secrets)
    return shown_path(parsed.render_as_string(hide_password=True).replace("%2A%2A%2A", "***"))


def _driver_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise CitylinksError(
            _(
                "'{masked}' is not a database URL: use sqlite:///FILE, postgresql://USER@HOST/DB or mysql://USER@HOST/DB",
                masked=masked(url),
            )
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):  # postgres:// is a common spelling
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif parsed.drivername in ("mysql", "mariadb"):
        parsed = parsed.set(drivername="mysql+pymysql")
    backend = parsed.get_backend_name()
    if backend == "sqlite" and (parsed.query or (parsed.database or "").startswith("file:")):
        # A URI filename or driver options would name the file another way than the path
        # every guard compares (the live database no output may replace, the backup that
        # must not be restored onto itself): one way to name a SQLite database.
        raise CitylinksError(
            _(
                "'{masked}': a SQLite database is given by its file's path alone (sqlite:///FILE or FILE), without 'file:' or '?options'",
                masked=masked(url),
            )
        )
    if backend in ("mysql", "mariadb"):
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    elif backend not in ("sqlite", "postgresql"):
        raise CitylinksError(
            _(
                "citylinks does not support '{backend}' databases: use SQLite, PostgreSQL or MariaDB",
                backend=backend,
            )
        )
    return parsed


def make_engine(url: str, holder: str = "citylinks") -> Engine:
    """An engine for `url`. `holder` says who is at work (the officer and the command), shown
    to an officer whose command waited too long for this one's write lock: PostgreSQL keeps it
    as the connection's application name, SQLite in a file beside the database while the lock
    is held (writer_file), MariaDB in a statement another connection runs (_announce)."""
    parsed = _driver_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = parsed.database
        if path and path != ":memory:":
            _prepare_sqlite_file(Path(path), make_folder=_is_default_path(Path(path)))
        engine = create_engine(parsed, connect_args={"timeout": lock_timeout()})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", lambda conn: _sqlite_on_begin(conn, holder))
        # The record of who writes is gone when the transaction ends, however it ends.
        event.listen(engine, "commit", _withdraw_writer_file)
        event.listen(engine, "rollback", _withdraw_writer_file)
        event.listen(engine.pool, "checkin", lambda _dbapi, record: _withdraw_writer_file(record))
        return engine
    try:
        engine = _server_engine(parsed, backend, holder)
    except NoSuchModuleError as exc:
        raise CitylinksError(
            _("no driver for '{masked}': {exc}", masked=masked(url), exc=_no_driver(parsed, exc))
        ) from None
    except ImportError as exc:  # a driver SQLAlchemy knows, not installed (postgresql+pg8000)
        raise CitylinksError(
            _(
                "no driver for '{masked}': {exc}",
                masked=masked(url),
                exc=_(
                    "the Python package {package} is not installed: install it, or leave the"
                    " driver out of the URL (postgresql://, mysql://)",
                    package=exc.name or parsed.get_driver_name(),
                ),
            )
        ) from None
    # Writers take turns, as on SQLite (BEGIN IMMEDIATE): a writing transaction first takes
    # the database's write lock, so two officers importing or recording at once both land,
    # one after the other, the second reading what the first wrote.
    event.listen(engine, "begin", lambda conn: _take_write_lock(conn, holder))
    if backend != "postgresql":
        # A named lock belongs to the connection, not the transaction: given back when the
        # connection returns to the pool, after its commit or rollback.
        event.listen(engine.pool, "checkin", _release_named_lock)
    return engine


def _server_engine(parsed: URL, backend: str, holder: str) -> Engine:
    if backend == "postgresql":
        # Give up on a lock or a statement instead of hanging an officer's terminal forever
        # (added to any options the URL itself gives, such as a search_path; each one, when
        # it gives several).
        # PostgreSQL's lock_timeout=0 would wait for ever: 1 ms is its "do not wait".
        waits = (
            f"-c lock_timeout={max(1, round(lock_timeout() * 1000))} -c statement_timeout=600000"
        )
        options = " ".join(x for x in (*parsed.normalized_query.get("options", ()), waits) if x)
        return create_engine(
            parsed,
            connect_args={"options": options, "application_name": _application_name(holder)},
            # No column is an HSTORE: the dialect need not look the type up in the server's
            # catalogue on every first connection (a query and psycopg's type machinery).
            use_native_hstore=False,
        )
    # READ COMMITTED, as on PostgreSQL: a command that waited for another officer's lock
    # then reads what that officer wrote (InnoDB's default would show the older snapshot).
    return create_engine(parsed, pool_pre_ping=True, isolation_level="READ COMMITTED")


def lock_timeout() -> float:
    """Seconds a command waits for another's lock: CITYLINKS_LOCK_TIMEOUT (0: it does not
    wait), else 30."""
    given = os.environ.get(ENV_LOCK_TIMEOUT, "").strip()
    if not given:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86_400:  # also refuses nan and inf
        from citylinks.i18n import _

        raise CitylinksError(
            _(
                "{name}={value!r} is not a number of seconds from 0 to 86400: give how long a"
                " command may wait for another's lock, e.g. 30",
                name=ENV_LOCK_TIMEOUT,
                value=given,
            )
        )
    return seconds


# PostgreSQL keeps an application name of at most 63 bytes, of printable ASCII.
_APPLICATION_NAME_BYTES = 63


def _application_name(holder: str) -> str:
    # Letters beyond ASCII as \uXXXX, read back by _holder_from_application_name.
    escaped = holder.encode("ascii", "backslashreplace").decode("ascii")
    escaped = "".join(ch if ch.isprintable() else "?" for ch in escaped)
    return escaped[:_APPLICATION_NAME_BYTES]


def _holder_from_application_name(name: str) -> str:
    return re.sub(
        r"\\(?:u([0-9a-f]{4})|x([0-9a-f]{2})|U([0-9a-f]{8}))",
        lambda m: chr(int(next(g for g in m.groups() if g), 16)),
        name,
    )


def holder_label(officer: str, activity: str | None = None) -> str:
    """Who is at work, as another officer is told whose command holds the write lock."""
    words = activity if activity is not None else _activity_from_argv()
    return f"{officer}: citylinks {words}".rstrip()


_COMMAND_WORD = re.compile(r"[a-z][a-z-]*")
_GLOBAL_OPTIONS_WITH_VALUES = ("--db", "--as")


def _activity_from_argv() -> str:
    """The command's words ("import csv cities") from the process's arguments."""
    words: list[str] = []
    args = iter(sys.argv[1:])
    for arg in args:
        if arg in _GLOBAL_OPTIONS_WITH_VALUES:
            next(args, None)
            continue
        if arg.startswith("-"):
            if words:
                break
            continue
        if not _COMMAND_WORD.fullmatch(arg) or len(words) == 3:
            break
        words.append(arg)
    return " ".join(words)


def write_lock_name(database: str | None) -> str:
    """The MariaDB named lock of `database` (names are the server's, so the database's name is
    in it; at most 64 characters)."""
    name = f"citylinks-write:{database or ''}"
    if len(name) > 64:
        import hashlib

        name = "citylinks-write:" + hashlib.sha256(name.encode()).hexdigest()[:40]
    return name


_LOCK_HELD = "citylinks_write_lock"


def _take_write_lock(conn: Connection, holder: str) -> None:
    """At the start of a writing transaction on a server: wait for the database's write lock
    (at most lock_timeout()), or refuse in one line saying whose command holds it."""
    if not conn.get_execution_options().get(WRITE_OPTION, False):
        return
    from sqlalchemy.exc import DBAPIError

    if conn.dialect.name == "postgresql":
        try:
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_ID,))
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != "55P03":  # lock_not_available
                raise
            raise WriteLockTimeout(_waited_for(conn.engine)) from None
        return
    name = write_lock_name(conn.engine.url.database)
    got, connection_id = conn.exec_driver_sql(
        "SELECT GET_LOCK(%s, %s), CONNECTION_ID()", (name, lock_timeout())
    ).one()
    if got != 1:
        raise WriteLockTimeout(_waited_for(conn.engine))
    conn.connection.info[_LOCK_HELD] = (name,)
    _announce(conn, connection_id, holder)


# MariaDB shows no other session's variables, and a connection's own name for itself (its
# connection attributes) only where the performance schema is on, which it is not by default.
# What every session can see of another is the statement it is running (PROCESSLIST.INFO). So
# the writer takes a second named lock, HOLDER_LOCK:CONNECTION_ID:NONCE, and a second connection
# of its process waits for that lock in a statement that carries who is writing: it waits
# exactly as long as the write lock is held, and is there to be read by an officer who waited
# in vain (_server_holder).
HOLDER_LOCK = "citylinks-holder"
# How long the announcing statement waits at most (a day): it ends as soon as the writer's
# transaction does.
_ANNOUNCED_FOR = 86_400


def _announce(conn: Connection, connection_id: int, holder: str) -> None:
    """Say on the server who holds the write lock, for as long as it is held (MariaDB)."""
    import threading
    import uuid

    lock = f"{HOLDER_LOCK}:{connection_id}:{uuid.uuid4().hex[:16]}"
    if conn.exec_driver_sql("SELECT GET_LOCK(%s, 0)", (lock,)).scalar() != 1:
        return
    conn.connection.info[_LOCK_HELD] += (lock,)
    who = _writer_record(holder).encode().hex()
    engine = conn.engine
    threading.Thread(
        target=_wait_announcing, args=(engine, lock, who), name="citylinks-holder", daemon=True
    ).start()


def _wait_announcing(engine: Engine, lock: str, who: str) -> None:
    try:
        cargs, cparams = engine.dialect.create_connect_args(engine.url)
        announcer = engine.dialect.connect(*cargs, **cparams)
    except Exception:  # noqa: BLE001 - no announcement; the waiting officer is told less
        return
    try:
        cursor = announcer.cursor()
        cursor.execute("SELECT GET_LOCK(%s, %s), %s", (lock, _ANNOUNCED_FOR, who))
    except Exception:  # noqa: BLE001,S110 - the connection went with its process
        pass
    finally:
        try:
            announcer.close()  # the server gives back the lock it got in the end
        except Exception:  # noqa: BLE001,S110
            pass


def _release_named_lock(dbapi_connection, record) -> None:
    names = record.info.pop(_LOCK_HELD, ())
    if not names or dbapi_connection is None:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            for name in names:
                cursor.execute("SELECT RELEASE_LOCK(%s)", (name,))
        finally:
            cursor.close()
    except Exception:  # noqa: BLE001 - a broken connection: the server gave the lock back
        record.invalidate()  # with the connection, which is not used again


def _writer_record(holder: str) -> str:
    """Who holds the write lock, as a writer records it (SQLite, MariaDB): the officer and the
    command, this process and its machine, and since when (UTC)."""
    import json
    import socket
    from datetime import UTC, datetime

    return json.dumps(
        {
            "holder": holder,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        },
        ensure_ascii=False,
    )


def _holder_from_record(record: str | bytes, since: str | None = None) -> str | None:
    """The line a waiting officer is shown for a writer's record; None for one that is not a
    record, or is one of a process of this machine that is no longer running (killed before
    its transaction could end)."""
    import json

    from citylinks.i18n import _

    try:
        found = json.loads(record)
        holder, pid, host = str(found["holder"]), int(found["pid"]), str(found["host"])
        since = since or str(found["since"])
    except (ValueError, TypeError, KeyError):
        return None
    if not _may_be_running(pid, host):
        return None
    return _(
        "{who} (process {pid} on {host}, since {since} UTC)",
        who=holder or _("a command"),
        pid=str(pid),
        host=host,
        since=since,
    )


def _may_be_running(pid: int, host: str) -> bool:
    """Whether process `pid` of machine `host` may still run: on another machine, or where
    signals cannot ask (Windows, where os.kill would end it), it is taken to."""
    import socket

    if host != socket.gethostname() or os.name == "nt" or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: it runs
        return True
    return True


class WriteLockTimeout(CitylinksError):
    """Another command held the database's write lock for longer than this one would wait."""


def _waited_for(engine: Engine) -> str:
    """The one line for a write lock waited for in vain: whose command holds it, and what to
    do."""
    from citylinks.i18n import _

    try:
        holder = _lock_holder(engine)
    except Exception:  # noqa: BLE001 - the refusal is said all the same, without the holder
        holder = None
    return _(
        "the database is busy: {holder} holds its write lock, and this command waited"
        " {seconds:g} s for it; nothing was written. Run your command again when that one is"
        " done (or set {name} to wait longer)",
        holder=holder or _("another command"),
        seconds=lock_timeout(),
        name=ENV_LOCK_TIMEOUT,
    )


def _lock_holder(engine: Engine) -> str | None:
    """Whose command holds the write lock, as the database knows it; None if no one does now
    (or, on SQLite, if the writer's record is gone)."""
    if engine.dialect.name == "sqlite":
        path = writer_file(engine.url.database)
        try:
            return _holder_from_record(path.read_bytes()) if path is not None else None
        except OSError:
            return None
    # A reading connection (the engine may be the writing one that waited).
    with engine.execution_options(**{WRITE_OPTION: False}).connect() as conn:
        if engine.dialect.name == "postgresql":
            return _postgresql_holder(conn)
        return _server_holder(conn, write_lock_name(engine.url.database))


def _postgresql_holder(conn: Connection) -> str | None:
    from citylinks.i18n import _

    row = conn.exec_driver_sql(
        "SELECT a.application_name, host(a.client_addr), a.pid,"
        " to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
        " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.granted AND l.database ="
        " (SELECT oid FROM pg_database WHERE datname = current_database())"
        " AND l.classid::text::bigint = %s AND l.objid::text::bigint = %s"
        " AND l.objsubid = 1",
        (WRITE_LOCK_ID >> 32, WRITE_LOCK_ID & 0xFFFF_FFFF),
    ).first()
    if row is None:
        return None
    name, address, pid, since = row
    return _(
        "{who} (process {pid} on {host}, since {since} UTC)",
        who=_holder_from_application_name(name or "") or _("a command"),
        pid=str(pid),
        host=address or "localhost",
        since=since,
    )


_ANNOUNCEMENT = re.compile(r"GET_LOCK\('([^']+)', \d+\), '([0-9a-f]+)'")


def _server_holder(conn: Connection, lock: str) -> str | None:
    """MariaDB: the writer's announcement (_announce), found by the connection that holds the
    write lock; failing that, the server's user and host of that connection."""
    from citylinks.i18n import _

    holder = conn.exec_driver_sql("SELECT IS_USED_LOCK(%s)", (lock,)).scalar()
    if holder is None:
        return None
    announced = conn.exec_driver_sql(
        "SELECT INFO, DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL TIME SECOND, '%%Y-%%m-%%d %%H:%%i:%%s')"
        " FROM information_schema.PROCESSLIST WHERE INFO LIKE %s ORDER BY TIME",
        (f"SELECT GET_LOCK('{HOLDER_LOCK}:{holder}:%",),
    ).all()
    for info, since in announced:
        found = _ANNOUNCEMENT.search(info or "")
        if found is None:
            continue
        # The announcement of the transaction that holds the lock now, not of one before it.
        if conn.exec_driver_sql("SELECT IS_USED_LOCK(%s)", (found[1],)).scalar() != holder:
            continue
        shown = _holder_from_record(bytes.fromhex(found[2]), since)
        if shown is not None:
            return shown
    row = conn.exec_driver_sql(
        "SELECT USER, HOST FROM information_schema.PROCESSLIST WHERE ID = %s", (holder,)
    ).first()
    if row is None:  # another MariaDB user's, and this one lacks the PROCESS privilege
        return _("another command (connection {id})", id=str(holder))
    return _(
        "a command of {user}@{host} (connection {id})",
        user=row[0],
        host=row[1],
        id=str(holder),
    )


def _is_default_path(path: Path) -> bool:
    # The name first: finding the user's data directory imports platformdirs.
    return path.name == DEFAULT_FILE_NAME and path == default_path()


# A provisional database file: beside the one named, hidden, with the process id (so that
# one a killed process left is recognised as such) and a random part.
_PROVISIONAL_SUFFIX = ".new"


def _new_file_beside(path: Path) -> Path:
    """A new, empty file (0600) in the folder of `path`, for the database `path` names to be
    made in before it has that name; the ones killed processes left there are removed."""
    import tempfile

    from citylinks.files import remove_files_of_dead_processes

    if not path.parent.is_dir():
        _prepare_sqlite_file(path, make_folder=False)  # says which folder is missing
    remove_files_of_dead_processes(path, _PROVISIONAL_SUFFIX, _remove_sqlite_files)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=_PROVISIONAL_SUFFIX, dir=path.parent
        )
    except OSError as exc:
        raise _cannot_create(path, exc) from None
    os.close(fd)
    return Path(name)


def _link_new(temporary: Path, target: Path) -> None:
    """Give the file `temporary` the name `target` as well, only if no file has that name
    (FileExistsError otherwise): a hard link is made or refused in one step. Where the file
    system has no hard links, the name is taken first by creating it exclusively."""
    try:
        os.link(temporary, target)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # no hard links here (FAT, some network shares)
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NOFOLLOW, 0o600)
    os.close(fd)
    os.replace(temporary, target)


def _remove_sqlite_files(path: Path) -> None:
    """Remove the SQLite file `path` and the files SQLite and citylinks make beside it."""
    from citylinks.files import sqlite_files

    for part, _what in sqlite_files(path):
        with suppress(OSError):
            part.unlink(missing_ok=True)


def _cannot_create(path: Path, exc: OSError) -> CitylinksError:
    return CitylinksError(
        _(
            "cannot create {path}: {strerror}; nothing was written",
            path=_shown(path),
            strerror=exc.strerror,
        )
    )


def _shown(path: Path) -> str:
    from citylinks.files import shown_path

    return shown_path(path)


def _prepare_sqlite_file(path: Path, make_folder: bool) -> None:
    """Create the file readable by its owner only, and the default file's folder likewise; a
    folder that does not exist for a file the user named is a mistyped path, not a request."""
    if not path.parent.exists():
        if not make_folder:
            raise CitylinksError(
                _(
                    "the folder {parent} does not exist: check the database path ({path_name}), or create the folder first",
                    parent=path.parent,
                    path_name=path.name,
                )
            )
        path.parent.mkdir(parents=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin (see _sqlite_on_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={round(lock_timeout() * 1000)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # 64 MiB of page cache: a large import in one transaction otherwise spills pages to the
    # write-ahead log again and again (a 100,000-row import grew it to 880 MB).
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def _sqlite_on_begin(conn, holder: str) -> None:
    # A writing transaction starts with BEGIN IMMEDIATE, taking the write lock at once, so that
    # two officers writing at the same time wait for each other (busy timeout) instead of one
    # failing half way with "database is locked". Readers use a plain BEGIN and never wait.
    if not conn.get_execution_options().get(WRITE_OPTION, False):
        conn.exec_driver_sql("BEGIN")
        return
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError as exc:
        if "database is locked" not in str(exc.orig):
            raise
        raise WriteLockTimeout(_waited_for(conn.engine)) from None
    path = writer_file(conn.engine.url.database)
    if path is not None and _record_writer(path, holder):
        conn.connection.info[_WRITER_FILE] = path


# SQLite does not say which process holds its write lock: a writer says so in a file beside
# the database (DATABASE.writer, 0600) while it holds it, written outside the transaction so
# that a waiting officer's process can read it; it is removed when the transaction ends, and a
# record left by a process killed meanwhile is recognised by its process id (_may_be_running).
_WRITER_FILE = "citylinks_writer_file"


def writer_file(database: str | None) -> Path | None:
    """The file naming the writer of the SQLite database file `database`; None in memory."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    from citylinks.files import WRITER_SUFFIX

    path = Path(database)
    return path.with_name(path.name + WRITER_SUFFIX)


def _record_writer(path: Path, holder: str) -> bool:
    """Write the writer's record at `path` (replacing one left by a killed process, never
    following a link); False where the folder cannot take it (the lock holds all the same)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        with open(fd, "w", encoding="utf-8") as out:
            out.write(_writer_record(holder))
        os.replace(partial, path)
    except OSError:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        return False
    return True


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _withdraw_writer_file(conn) -> None:
    """At the end of a transaction (a connection, or the pool's record of one): remove the
    writer's record it wrote."""
    path = conn.info.pop(_WRITER_FILE, None)
    if path is not None:
        with suppress(OSError):
            path.unlink(missing_ok=True)


@dataclass
class Change:
    """One command's change written with Core statements: its connection, and the `info` an
    ORM Session carries (officer, time, reason, change id, the audit entries written), which
    citylinks.audit and services.bulk read alike from either. `flush` is a no-op (every
    statement runs when it is given), so that the command's frame (cli.context.State.write)
    is one for both."""

    conn: Connection
    info: dict

    def connection(self) -> Connection:
        return self.conn

    def begin(self):
        return self.conn.begin()

    def flush(self) -> None:
        pass

    def execute(self, statement, parameters=None):
        return self.conn.execute(statement, parameters)

    def scalar(self, statement, parameters=None):
        return self.conn.execute(statement, parameters).scalar()

    def scalars(self, statement, parameters=None):
        return self.conn.execute(statement, parameters).scalars()


@dataclass
class Database:
    url: str
    engine: Engine
    is_default: bool
    officer: str
    # A SQLite file the user named that did not exist yet is made in a temporary file beside
    # it (open_database's `provisional`): the name it takes once the command succeeds (place),
    # None for every other database.
    provisional: Path | None = None
    # Whether a writing transaction has committed (to a provisional file: kept even if the
    # command fails afterwards, since what was written was written).
    committed: bool = False
    # What opening a provisional file had to say ("created the citylinks schema in ..."),
    # said once it takes its name.
    held_notices: list[str] = field(default_factory=list)
    notify: Callable[[str], None] | None = None

    def place(self) -> None:
        """Give a provisional file its name: refused, the file removed, if that name appeared
        while the command ran (never written over). Nothing for any other database."""
        if self.provisional is None:
            return
        target, self.provisional = self.provisional, None
        temporary = Path(self.engine.url.database or "")
        # Every page into the file itself (its write-ahead log is not linked, and is removed),
        # then the connections closed.
        raw = self.engine.raw_connection()  # outside any transaction, which would hold pages
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            # A command that changed nothing (a read, a refusal) kept nothing but the schema.
            wrote = cursor.execute("SELECT count(*) FROM audit_log").fetchone()[0] > 0
        finally:
            raw.close()
        self.engine.dispose()
        try:
            _link_new(temporary, target)
        except FileExistsError:
            if not wrote:
                # Another command made the file first: this one read an empty database as
                # that one's was before it wrote, and has nothing to keep. Its schema notice
                # is the other command's to say.
                self.held_notices = []
                return
            raise CitylinksError(
                _(
                    "{path} appeared while this command ran (another command made it): it was"
                    " left as it is, and nothing of this command was kept. Run the command again",
                    path=_shown(target),
                )
            ) from None
        except OSError as exc:
            raise _cannot_create(target, exc) from None
        finally:
            _remove_sqlite_files(temporary)
        held, self.held_notices = self.held_notices, []
        for line in held:
            if self.notify is not None:
                self.notify(line)

    def discard(self) -> None:
        """Remove a provisional file and what SQLite made beside it: the name the user gave
        never appears. Nothing for any other database."""
        if self.provisional is None:
            return
        self.provisional = None
        self.engine.dispose()
        _remove_sqlite_files(Path(self.engine.url.database or ""))

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def session(self, writing: bool = False) -> Session:
        from sqlalchemy.orm import Session

        from citylinks import audit

        bind = self.engine.execution_options(**{WRITE_OPTION: True}) if writing else self.engine
        session = Session(bind, expire_on_commit=False)
        session.info["officer"] = self.officer
        audit.install(session)
        return session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One command, one transaction: all of it is written, or none."""
        with self.session(writing=True) as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session for reports."""
        with self.session() as session, session.begin():
            yield session

    @contextmanager
    def change(self) -> Iterator[Change]:
        """A writing connection for the one-row commands written with Core statements (no ORM
        import, no mapper configuration): what Database.session(writing=True) gives the
        others, with the same write lock and the same officer."""
        from citylinks.audit import ENTRIES_KEPT

        with self.engine.execution_options(**{WRITE_OPTION: True}).connect() as conn:
            # Every entry a Change writes is kept in its info (audit.log_rows, bulk.log_entries).
            yield Change(conn, {"officer": self.officer, ENTRIES_KEPT: True})

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A read-only connection, in one transaction, for reports written with Core queries
        on citylinks.schema's tables (no ORM import, no mapper configuration)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn


# The length of the audit trail's officer column.
OFFICER_MAX_LENGTH = 100


def officer_name(given: str | None) -> str:
    """The officer recorded for changes: --as, else CITYLINKS_OFFICER, else the user name."""
    for value, where in ((given, "--as"), (os.environ.get(ENV_OFFICER), ENV_OFFICER)):
        if value and value.strip():
            from citylinks import text

            try:
                return text.clean_name(value, "officer's name", OFFICER_MAX_LENGTH)
            except text.TextError as exc:
                raise CitylinksError(_("{where}: {exc}", where=where, exc=exc)) from None
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "unknown"


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database, or None for an empty database."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError) as exc:
        if _is_missing_table(exc):
            return None
        raise


def _is_missing_table(exc: Exception) -> bool:
    message = str(exc).lower()
    return "alembic_version" in message and (
        "no such table" in message or "does not exist" in message or "doesn't exist" in message
    )


def refuse_a_newer_schema(url: str, revision: str | None) -> None:
    """A database a newer citylinks has migrated is left alone: this one would not know its
    tables."""
    if revision is not None and revision not in resources.known_revisions():
        raise CitylinksError(
            _(
                "the database {masked} is at schema revision {revision}, newer than this citylinks knows ({head_revision}): upgrade citylinks",
                masked=masked(url),
                revision=revision,
                head_revision=resources.head_revision(),
            )
        )


def _never_loaded(engine: Engine) -> bool:
    """A database no one has written to: no organization and no audit-log entry (an office
    that removed every record still has the log of it)."""
    with engine.connect() as conn:
        return all(
            conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first() is None  # noqa: S608
            for table in ("organization", "audit_log")
        )


def _refuse_another_applications_database(engine: Engine | None, url: str) -> None:
    """A database with no citylinks schema that holds tables citylinks does not know is
    another application's: citylinks does not add its tables to it (nor fail half way on a
    table name they share). A SQLite file is looked at read-only first (`engine` None), so
    that not a byte of it changes (connecting would set its journal mode)."""
    from citylinks import schema

    if engine is None:
        path = make_url(url).database
        if not path or path == ":memory:" or not Path(path).is_file():
            return
        import sqlite3

        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                found = [
                    name
                    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                ]
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) or "not a database" not in str(exc):
                return  # said by the connection that follows
            raise CitylinksError(
                _(
                    "{path} is not a citylinks database (an SQLite file): give --db the database file, or the name of a new file to start one",
                    path=path,
                )
            ) from None
        if "alembic_version" in found:
            return
    else:
        from sqlalchemy import inspect

        found = inspect(engine).get_table_names()
    others = sorted(t for t in found if t not in schema.metadata.tables and t != "alembic_version")
    if others:
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        raise CitylinksError(
            _(
                "{masked} is not a citylinks database: it holds other tables ({shown}) and no citylinks schema. Name an empty database, or one citylinks created",
                masked=masked(url),
                shown=shown,
            )
        )


def open_database(
    url: str | None = None,
    officer: str | None = None,
    notify: Callable[[str], None] | None = None,
    migrate: bool = True,
    first_use: Callable[[Database], str] | None = None,
    activity: str | None = None,
    provisional: bool = False,
) -> Database:
    """Connect, and bring the schema up to date (creating the embedded default on first use).
    `notify` receives the one-line notices meant for stderr. `first_use` gives a new default
    database its data (the CLI loads the bundled dataset) and says what it loaded. `activity`
    names the command at work ("import csv cities"; default: the process's arguments), for an
    officer whose command waits for this one's write lock. With `provisional`, a SQLite file
    the user named that does not exist yet is made in a temporary file beside it, which the
    caller names with Database.place once the command succeeds, or removes with
    Database.discard: a refused command leaves no new file."""
    resolved, is_default = resolve_url(url)
    notify = notify or (lambda line: print(line, file=sys.stderr))
    if resolved.startswith("sqlite"):
        _refuse_another_applications_database(None, resolved)
    officer = officer_name(officer)
    named = sqlite_file(url) if provisional and not is_default else None
    if named is not None and (named.exists() or named.is_symlink()):
        named = None
    # The engine's own URL: the temporary file's, for a provisional one; `resolved` names the
    # database in every message.
    where = f"sqlite:///{_new_file_beside(named)}" if named is not None else resolved
    engine = make_engine(where, holder=holder_label(officer, activity))
    db = Database(resolved, engine, is_default, officer, provisional=named)
    if named is None:
        return _up_to_date(db, notify, migrate, first_use)
    event.listen(engine, "commit", lambda conn: _note_commit(db, conn))
    db.notify = notify
    try:
        return _up_to_date(db, db.held_notices.append, migrate, first_use)
    except BaseException:
        db.discard()
        raise


def _up_to_date(
    db: Database,
    notify: Callable[[str], None],
    migrate: bool,
    first_use: Callable[[Database], str] | None,
) -> Database:
    """`db` with its schema brought up to date, as open_database says."""
    resolved, is_default, engine = db.url, db.is_default, db.engine
    where = str(engine.url) if db.provisional is not None else resolved
    if not migrate:
        return db
    try:
        revision = current_revision(engine)
    except OperationalError as exc:
        raise CitylinksError(
            _(
                "cannot open the database {masked}: {first_line}{hint}",
                masked=masked(resolved),
                first_line=_driver_words(exc),
                hint=_hint(exc),
            )
        ) from None
    head = resources.head_revision()
    seed = first_use if is_default else None  # only the embedded default is given data
    if revision == head and not (seed is not None and _never_loaded(engine)):
        return db
    # Several citylinks processes may meet a new or older database at once (officers opening
    # the tool together): one at a time migrates and loads; the others wait, then find it done.
    with _first_use_lock(where):
        before = current_revision(engine)
        if before == head:
            if seed is not None and _never_loaded(engine):
                # The first use was interrupted after the schema and before the data (kill -9,
                # a closed laptop), or another process is only now done with the schema.
                summary = seed(db)
                notify(
                    _(
                        "citylinks: loaded the bundled dataset into {masked} ({summary})",
                        masked=masked(resolved),
                        summary=summary,
                    )
                )
            return db
        refuse_a_newer_schema(resolved, before)
        if before is None:
            _refuse_another_applications_database(engine, resolved)
        from citylinks import migrations

        found = migrations.upgrade(engine)
        if found == head and seed is None:
            return db  # another process migrated it while this one waited: it said so
        # SQLite commits each migration on its own: a first use killed part way through the
        # schema leaves an older revision and no data, to be finished and loaded now.
        if seed is not None and _never_loaded(engine):
            summary = seed(db)
            done = (
                _("created {database}", database=masked(resolved))
                if before is None
                else _(
                    "upgraded {database} from schema {before} to {head}",
                    database=masked(resolved),
                    before=before,
                    head=head,
                )
            )
            notify(
                _(
                    "citylinks: {done} and loaded the bundled dataset ({summary})",
                    done=done,
                    summary=summary,
                )
            )
        elif before is None:
            notify(
                _("citylinks: created the citylinks schema in {masked}", masked=masked(resolved))
            )
        else:
            notify(
                _(
                    "citylinks: upgraded {masked} from schema {before} to {head}",
                    masked=masked(resolved),
                    before=before,
                    head=head,
                )
            )
    return db


def _note_commit(db: Database, conn: Connection) -> None:
    if conn.get_execution_options().get(WRITE_OPTION, False):
        db.committed = True


@contextmanager
def rehearsal(
    url: str | None,
    officer: str | None = None,
    first_use: Callable[[Database], str] | None = None,
) -> Iterator[Database | None]:
    """For a dry run: a database to rehearse on, so that the one named is left exactly as it
    was, or None when the one named serves as it is (a server; a SQLite file at the newest
    schema, which the dry run's rolled-back transaction leaves untouched). A SQLite file that
    does not exist yet, or is empty, is rehearsed in a new file in a temporary folder (given
    the bundled dataset first when it is the default database, as its first use would be);
    one at an older schema, which opening would migrate, on a copy of it. The temporary
    folder is removed afterwards: a dry run leaves no file behind."""
    import shutil
    import sqlite3
    import tempfile

    resolved, is_default = resolve_url(url)
    path = sqlite_file(url)
    if path is None:
        yield None
        return
    if not path.parent.exists() and not is_default:
        yield None  # a mistyped folder: opening it refuses, creating nothing
        return
    new = not path.exists() or path.stat().st_size == 0
    revision = None if new else _sqlite_revision(path)
    if revision == "" or (not new and revision is None):
        # Empty of tables: as a new file. Another application's: opening refuses it as is.
        new = revision == ""
        if not new:
            yield None
            return
    elif revision == resources.head_revision():
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="citylinks-dry-run-"))
    copy = folder / DEFAULT_FILE_NAME
    db = None
    try:
        if not new:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            target = sqlite3.connect(copy)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        db = open_database(str(copy), officer, notify=lambda _line: None)
        if new and is_default and first_use is not None:
            first_use(db)
        yield db
    finally:
        if db is not None:
            db.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def _sqlite_revision(path: Path) -> str | None:
    """The schema revision of the SQLite file at `path`, read without writing to it: "" when
    it holds no table at all, None when it holds no revision (or cannot be read: opening it
    the usual way says why)."""
    import sqlite3

    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            return ""
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return row[0] if row else None


@contextmanager
def _first_use_lock(url: str) -> Iterator[None]:
    """An exclusive lock on a file beside a SQLite database (its migrations and first load
    take turns; a server database has its migration lock in alembic/env.py). Where the
    platform has no fcntl, no lock is taken."""
    path = sqlite_file(url)
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own locking only
        path = None
    if path is None:
        yield
        return
    fd = os.open(path.with_name(path.name + ".lock"), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _no_driver(parsed: URL, exc: Exception) -> str:
    """Why SQLAlchemy has no dialect for a URL, in the interface language (its own words are
    English): the driver after the '+' is not one it knows."""
    from citylinks.i18n import language

    if language() == "en":
        return str(exc)
    return _(
        "'{driver}' is not a database driver citylinks knows: leave it out of the URL"
        " (postgresql://, mysql://, sqlite:///)",
        driver=parsed.drivername,
    )


# The driver's words for the failed connections an officer meets most, read back to be said
# in Persian (a driver writes English only): (pattern of its first line, the message).
_DRIVER_FAILURES: tuple[tuple[str, str], ...] = (
    (r"connection refused|can't connect", N_("the server refused the connection")),
    (
        r"failed to resolve host '(?P<host>[^']*)'|could not translate host name \"(?P<name>[^\"]*)\"",
        N_("no host named {host} was found"),
    ),
    (r'database "(?P<database>[^"]*)" does not exist', N_("the server has no database {database}")),
    (r"unknown database '(?P<database>[^']*)'", N_("the server has no database {database}")),
    (r'role "(?P<user>[^"]*)" does not exist', N_("the server has no user {user}")),
    (
        r'password authentication failed for user "(?P<user>[^"]*)"',
        N_("the server refused the password of the user {user}"),
    ),
    (r"access denied for user '(?P<user>[^']*)'", N_("the server refused the user {user}")),
    (r"timeout expired|timed out", N_("the server did not answer in time")),
)


def _driver_words(exc: Exception) -> str:
    """The driver's first line, or in Persian what it says, for the failures it knows
    (`_DRIVER_FAILURES`); another failure is quoted as the driver wrote it."""
    from citylinks.i18n import language

    line = _first_line(exc)
    if language() == "en":
        return line
    import re

    for pattern, message in _DRIVER_FAILURES:
        found = re.search(pattern, line, flags=re.IGNORECASE)
        if found is not None:
            values = {k: v for k, v in found.groupdict().items() if v is not None}
            if "name" in values:
                values["host"] = values.pop("name")
            return _(message, **values)
    return line


def _hint(exc: Exception) -> str:
    """What to do about a failed connection, where the driver's words do not say."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "does not exist" in text and "database" in text:
        return _(" (create the database first, e.g. `createdb NAME`, then run citylinks again)")
    if "unknown database" in text:
        return _(" (create the database first: CREATE DATABASE name CHARACTER SET utf8mb4)")
    if "connection refused" in text or "can't connect" in text or "could not connect" in text:
        return _(" (is the server running, and are the host and port in the URL right?)")
    if "password authentication failed" in text or "access denied" in text:
        return _(" (check the user name and password in the URL)")
    return ""


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
