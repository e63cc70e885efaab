"""Backups of a whole database, and restoring one exactly.

SQLite: SQLite's online backup, a consistent copy even while other officers write; restoring
copies the backup into a private file beside the live database, checks its schema and every
row there, and copies it over the live database page by page, in one step. PostgreSQL and MariaDB: the dataset export
with the audit log (`citylinks export dataset --with-audit`), restored into an empty database.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from citylinks import files, resources
from citylinks.db import Database
from citylinks.errors import CitylinksError
from citylinks.i18n import N_, _, listing


def backup(db: Database, target: Path, force: bool = False) -> str:
    """Write a backup of `db` to `target`; returns a one-line summary. The target is checked
    as every output is (citylinks.files): never the live database, an existing file only
    with `force`; it appears only once complete, readable by its owner only."""
    live = _sqlite_path(db) if db.backend == "sqlite" else None
    files.check_output(target, force=force, protected=files.sqlite_files(live) if live else ())
    if live is not None:
        return _sqlite_backup(live, target)
    from citylinks.formats.dataset import writer

    try:
        with db.reading() as session, files.atomic_output(target, newline="\n") as out:
            writer.write(session, out, with_audit=True)
    except OSError as exc:
        raise CitylinksError(
            _(
                "cannot write {shown_path}: {strerror}",
                shown_path=files.shown_path(target),
                strerror=exc.strerror,
            )
        ) from None
    return _(
        "wrote {shown_path} (dataset format, with the audit log)",
        shown_path=files.shown_path(target),
    )


def restore(db: Database, source: Path) -> str:
    """Replace the contents of `db` with the backup at `source`. A SQLite database that
    was a new, empty file when the restore began is left as nothing if it is refused."""
    live = _sqlite_path(db) if db.backend == "sqlite" else None
    new = live is not None and _is_new_file(live)
    try:
        return _restore(db, source, live)
    except BaseException:
        if new and live is not None:
            db.engine.dispose()
            _remove_if_new(live)
        raise


def _is_new_file(path: Path) -> bool:
    """A SQLite database file opening it made (empty, no write-ahead log of its own)."""
    return (
        path.is_file()
        and path.stat().st_size == 0
        and not any(Path(f"{path}{end}").exists() for end in ("-wal", "-journal"))
    )


def _remove_if_new(path: Path) -> None:
    """Remove the file (and what SQLite made beside it) if it is still empty."""
    if path.is_file() and path.stat().st_size == 0:
        for end in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{end}").unlink(missing_ok=True)


# The first bytes of every SQLite database file (sqlite.org/fileformat.html).
SQLITE_HEADER = b"SQLite format 3\x00"


def _restore(db: Database, source: Path, live: Path | None) -> str:
    if not source.exists():
        raise CitylinksError(
            _(
                "{source} does not exist: give the file `citylinks db backup` wrote",
                source=files.shown_path(source),
            )
        )
    files.check_input(source)
    if live is not None:
        for guarded, what in files.sqlite_files(live):
            if guarded.exists() and os.path.samefile(source, guarded):
                raise CitylinksError(
                    _(
                        "{shown_path} is {what}, not a backup of it: give the file `citylinks db backup` wrote",
                        shown_path=files.shown_path(source),
                        what=_(what),
                    )
                )
        return _sqlite_restore(source, live)
    from citylinks import migrations
    from citylinks.services import imports

    # Refused before the schema is made: an empty database stays empty. A database that
    # holds data is told so first, as for any other file.
    if _is_sqlite_file(source):
        from sqlalchemy import inspect

        if inspect(db.engine).has_table("city"):
            with db.transaction() as session:
                if not _is_empty(session):
                    raise CitylinksError(
                        _(
                            "the database is not empty, and {source} is a SQLite backup, which"
                            " restores into a SQLite database only (`citylinks --db FILE.sqlite"
                            " db restore {source}`); to add its data to this server, run"
                            " `citylinks export dataset --output office.toml` on that SQLite"
                            " database, then `citylinks --db URL import dataset office.toml` here",
                            source=files.shown_path(source),
                        )
                    )
        raise CitylinksError(
            _(
                "{source} is a SQLite backup, which restores into a SQLite database only"
                " (`citylinks --db FILE.sqlite db restore {source}`); to move its data to"
                " this server, run `citylinks export dataset --with-audit --output office.toml`"
                " on that SQLite database, then `citylinks --db URL import dataset office.toml`"
                " here (README, moving an office to PostgreSQL)",
                source=files.shown_path(source),
            )
        )
    # A new, empty server database gets the schema first, as `import dataset` gives it.
    migrations.upgrade(db.engine)

    with db.transaction() as session:
        _refuse_unless_empty(session)
        summary = imports.import_dataset(session, source)
    return _("restored {summary} from {source}", summary=summary, source=files.shown_path(source))


def _refuse_unless_empty(session) -> None:
    if not _is_empty(session):
        raise CitylinksError(
            _(
                "the database is not empty: restore a dataset backup into a new, empty database (create it, then `citylinks --db URL db restore FILE`)"
            )
        )


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False  # said by the import that reads it


def _is_empty(session) -> bool:
    from sqlalchemy import exists, select

    from citylinks.model import City, Organization, Source

    return not any(
        session.scalar(select(exists().select_from(m))) for m in (City, Organization, Source)
    )


def _sqlite_path(db: Database) -> Path:
    path = db.engine.url.database
    if not path or path == ":memory:":
        raise CitylinksError(_("an in-memory database cannot be backed up or restored"))
    return Path(path)


def _sqlite_backup(live: Path, target: Path) -> str:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)  # created 0600, empty: sqlite3 writes the copy into it
    partial = Path(name)
    try:
        src = sqlite3.connect(live, timeout=30)
        dst = sqlite3.connect(partial)
        try:
            with dst:
                src.backup(dst)  # a consistent snapshot, even while others write
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            src.close()
            dst.close()
        os.replace(partial, target)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error | OSError):
            raise CitylinksError(
                _("cannot write {shown_path}: {exc}", shown_path=files.shown_path(target), exc=exc)
            ) from None
        raise
    return _(
        "wrote {path} ({size} bytes, SQLite)",
        path=files.shown_path(target),
        size=f"{target.stat().st_size:,}",
    )


def _sqlite_restore(source: Path, live: Path) -> str:
    """Copy the backup into a private file beside the live database, check that copy (the
    backup cannot change between the check and the restore), then replace every page of the
    live database with it in one step."""
    from citylinks.db import lock_timeout

    with _private_copy(source, live) as copy:
        conn = sqlite3.connect(copy)
        dst = sqlite3.connect(live, timeout=lock_timeout())
        try:
            revision = _check_sqlite_backup(conn, source)
            page_size = dst.execute("PRAGMA page_size").fetchone()[0]
            if conn.execute("PRAGMA page_size").fetchone()[0] != page_size:
                # A live database in WAL mode takes a backup of its own page size only: the
                # copy gets the live page size first (another tool may have chosen another,
                # as VACUUM INTO after PRAGMA page_size does).
                conn.execute(f"PRAGMA page_size={int(page_size)}")
                conn.execute("VACUUM")
            # Replaces every page of the live database in one step, once no other command
            # holds its lock; sqlite3 would wait for that without end.
            conn.backup(dst, progress=_wait_for_the_lock(live))
        except sqlite3.Error as exc:
            raise CitylinksError(
                _(
                    "cannot restore from {shown_path}: {exc}; nothing was restored",
                    shown_path=files.shown_path(source),
                    exc=exc,
                )
            ) from None
        finally:
            conn.close()
            dst.close()
    return _(
        "restored {live} from {source} (schema {revision})",
        live=files.shown_path(live),
        source=files.shown_path(source),
        revision=revision,
    )


def _wait_for_the_lock(live: Path) -> Callable[[int, int, int], None]:
    """A progress callback for sqlite3's backup that ends the restore in one line once the
    live database has stayed locked for CITYLINKS_LOCK_TIMEOUT seconds (the wait of every
    other command, citylinks.db.lock_timeout)."""
    import time

    from citylinks.db import ENV_LOCK_TIMEOUT, WriteLockTimeout, lock_timeout

    busy = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    since: list[float] = []

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status not in busy:
            since.clear()
            return
        since.append(since[0] if since else time.monotonic())
        if time.monotonic() - since[0] >= lock_timeout():
            raise WriteLockTimeout(
                _(
                    "the database {live} is busy: another command holds its lock, and the"
                    " restore waited {seconds:g} s for it; nothing was restored. Run it again"
                    " when that command is done (or set {name} to wait longer)",
                    live=files.shown_path(live),
                    seconds=lock_timeout(),
                    name=ENV_LOCK_TIMEOUT,
                )
            )

    return progress


@contextmanager
def _private_copy(source: Path, live: Path) -> Iterator[Path]:
    """A copy of the SQLite database `source`, readable by its owner only, in the live
    database's folder (so on its disk), removed afterwards."""
    files.remove_files_of_dead_processes(live, ".restore")
    try:
        prefix = f".{live.name}.{os.getpid()}."  # the pid: a later restore removes it if dead
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".restore", dir=live.parent)
    except OSError as exc:
        raise CitylinksError(
            _(
                "cannot restore: cannot write in {shown_path}, the live database's folder ({strerror}); nothing was restored",
                shown_path=files.shown_path(live.parent),
                strerror=exc.strerror,
            )
        ) from None
    os.close(fd)
    copy = Path(name)
    try:
        try:
            src = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
            dst = sqlite3.connect(copy)
            try:
                with dst:
                    src.backup(dst)
                # One self-contained file whose page size VACUUM may change.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                src.close()
                dst.close()
        except sqlite3.OperationalError as exc:  # a full disk, a file that cannot be read
            raise CitylinksError(
                _(
                    "cannot restore from {shown_path}: {exc}; nothing was restored",
                    shown_path=files.shown_path(source),
                    exc=exc,
                )
            ) from None
        except sqlite3.DatabaseError:  # not a database, or damaged past reading
            raise CitylinksError(
                _(
                    "{source} is not a citylinks SQLite backup: give a file `citylinks db backup` wrote",
                    source=files.shown_path(source),
                )
            ) from None
        yield copy
    finally:
        copy.unlink(missing_ok=True)
        Path(f"{copy}-journal").unlink(missing_ok=True)


def _check_sqlite_backup(conn: sqlite3.Connection, source: Path) -> str:
    """The schema revision of the backup `source` (open, in a writable private copy, as
    `conn`), after checking that it is a sound citylinks database: its pages, its schema
    exactly as the revision's, its rows against every constraint."""
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        raise CitylinksError(
            _(
                "{source} is not a citylinks SQLite backup: give a file `citylinks db backup` wrote",
                source=files.shown_path(source),
            )
        ) from None
    if revision is None or revision[0] not in resources.known_revisions():
        raise CitylinksError(
            _(
                "{source} is at a schema this citylinks does not know ({value}): upgrade citylinks",
                source=files.shown_path(source),
                value=revision and revision[0],
            )
        )
    _check_schema_is_exactly(conn, source, revision[0])
    try:
        _check_texts(conn, source)
    except sqlite3.DatabaseError:
        pass  # damaged pages: said by the integrity check that follows
    _check_rows(conn, source)
    _check_dates(conn, source)
    _check_versions(conn, source)
    _check_popolo(conn, source)
    _check_parents(conn, source)
    _check_histories(conn, source)
    return revision[0]


def _check_parents(conn: sqlite3.Connection, source: Path) -> None:
    """No organization is its own ancestor (the dataset import's rule, records.cycle): its
    export could not be imported again."""
    from types import SimpleNamespace

    from citylinks.services.records import cycle

    orgs = {
        row_id: SimpleNamespace(key=key, parent=parent_id)
        for row_id, key, parent_id in conn.execute("SELECT id, key, parent_id FROM organization")
    }
    for org in orgs.values():
        org.parent = orgs.get(org.parent)
    for org in sorted(orgs.values(), key=lambda o: o.key):
        problem = cycle(org)
        if problem is not None:
            raise _untampered(source, "organization", org.key, "parent_id", problem)


def _check_histories(conn: sqlite3.Connection, source: Path) -> None:
    """Every membership's phases in force keep the rules of `member record` and the imports
    (services.phase_rules.check_history): no overlap, one open phase at most, the last."""
    from citylinks.dates import PartialDate
    from citylinks.services import phase_rules

    rows = conn.execute(
        "SELECT m.id, o.key, COALESCE(c.key, mo.key), p.status, p.start_text, p.end_text"
        " FROM membership m JOIN organization o ON o.id = m.organization_id"
        " LEFT JOIN city c ON c.id = m.city_id"
        " LEFT JOIN organization mo ON mo.id = m.member_organization_id"
        " JOIN membership_phase p ON p.membership_id = m.id"
        " WHERE p.retracted_at IS NULL ORDER BY m.id, p.position"
    )
    histories: dict[int, tuple[str, list[phase_rules.NewPhase]]] = {}
    for membership_id, org, member, status, start, end in rows:
        _names, phases = histories.setdefault(membership_id, (f"{member} in {org}", []))
        phases.append(
            phase_rules.NewPhase(status, PartialDate.parse(start), PartialDate.parse(end))
        )
    for names, phases in histories.values():
        try:
            phase_rules.check_history(phases)
        except phase_rules.PhaseError as exc:
            raise _untampered(
                source, "membership_phase", names, "start_text, end_text", exc
            ) from None


# Columns whose text is not a field an officer or a file gives: worked out by citylinks
# (folded names for matching, the audit log's values, a change's id). They are checked by the
# schema's own rules only.
NOT_A_FIELD = frozenset(
    {
        ("audit_log", "action"),  # a CHECK constraint
        ("audit_log", "before"),
        ("audit_log", "after"),
        ("audit_log", "change_id"),
        ("city_name", "folded"),
        ("organization_name", "folded"),
        ("person_name", "folded"),
        ("check_review", "problem"),
    }
)


def text_rules() -> dict[tuple[str, str], Callable[[Any], object]]:
    """The rule of every stored text and choice column, (table, column) -> a check that
    raises CitylinksError saying what is wrong with a value: the field rules the commands and
    the imports apply (citylinks.services.fields), each to the column it stores."""
    from citylinks import schema
    from citylinks.formats import popolo
    from citylinks.services import fields, reviews, settings

    rules: dict[tuple[str, str], Callable[[Any], object]] = {}
    for rule in vars(fields).values():
        if isinstance(rule, fields.Field):
            rules.setdefault((rule.table, rule.column), rule.clean)
    # The fields that several columns store, each under its own field's rule.
    same = {
        ("country", "name_fa"): fields.COUNTRY_NAME,
        ("meeting_series", "name_fa"): fields.SERIES_NAME,
        ("organization", "region"): fields.REGION,
        ("person_name", "lang"): fields.LANGUAGE,
        ("organization_name", "lang"): fields.LANGUAGE,
        ("organization_identifier", "scheme"): fields.IDENTIFIER_SCHEME,
        ("organization_identifier", "value"): fields.IDENTIFIER,
        ("member_count_claim", "counted"): fields.COUNTED,
        ("check_review", "reason"): reviews.REVIEW_REASON,
        # The record's name as the log gives it: made of names, so free text at most.
        ("audit_log", "row_label"): fields.Field("record's name", "audit_log", "row_label", "note"),
        # A table of the revision the entry was written at, since renamed perhaps: text.
        ("audit_log", "table_name"): fields.Field("table", "audit_log", "table_name", "note"),
    }
    rules.update({column: rule.clean for column, rule in same.items()})
    choices = {
        ("source", "kind"): fields.SOURCE_KIND,
        ("city_name", "kind"): fields.NAME_KIND,
        ("organization_name", "kind"): fields.NAME_KIND,
        ("person_name", "kind"): fields.NAME_KIND,
        ("organization", "kind"): fields.ORGANIZATION_KIND,
        ("member_count_claim", "qualifier"): fields.COUNT_QUALIFIER,
        ("attendance_claim", "qualifier"): fields.COUNT_QUALIFIER,
        ("session", "status"): fields.SESSION_STATUS,
        ("attendance", "role"): fields.ATTENDANCE_ROLE,
        ("membership_phase", "status"): fields.STATUS,
        ("session_date_source", "part"): fields.Choice("date part", schema.SESSION_DATE_PARTS),
        ("check_review", "kind"): fields.Choice("review kind", schema.CHECK_KINDS),
    }
    rules.update({column: _stored_choice(choice) for column, choice in choices.items()})
    # db.officer_name's rule: a name, of the audit log's officer column's length.
    officer = fields.Field("officer's name", "audit_log", "officer")
    tables = frozenset(schema.metadata.tables)
    for name, table in schema.metadata.tables.items():
        for column in table.c:
            if column.name in ("created_by", "updated_by", "officer"):
                rules[(name, column.name)] = officer.clean
            elif column.name == "note":
                rules[(name, column.name)] = fields.NOTE.clean
            elif column.name == "table_name" and name != "audit_log":
                rules[(name, column.name)] = _one_of(
                    tables, N_("{value!r} is not a citylinks table")
                )
    # Other tools' Popolo documents and objects: the rules the Popolo import and the dataset
    # door apply (formats.popolo), so that an export writes back what a restore let in.
    rules[("popolo_document", "namespace")] = _popolo_namespace
    rules[("popolo_document", "file_name")] = popolo.check_file_name
    rules[("audit_log", "imported_from")] = popolo.check_file_name  # kept as stored_file_name
    rules[("popolo_document", "digest")] = popolo.check_digest
    rules[("popolo_document", "top_level")] = _json_object(
        N_("top_level is not the JSON text of an object (docs/popolo.md)"), optional=True
    )
    rules[("popolo_extra", "section")] = popolo.check_section
    rules[("popolo_extra", "popolo_id")] = popolo.check_kept_id
    rules[("popolo_extra", "data")] = _json_object(
        N_("'data' is not a JSON object written as text (the object as it was read)")
    )
    rules[("organization", "aims")] = _each(fields.AIM.clean)
    rules[("country", "code")] = _country_code
    rules[("setting", "key")] = _one_of(
        frozenset(settings.RULES), N_("{value!r} is not a citylinks setting")
    )
    values = frozenset(v for rule in settings.RULES.values() for v in rule.values)
    rules[("setting", "value")] = _one_of(
        values, N_("{value!r} is not a value of a citylinks setting")
    )
    return rules


def _stored_choice(choice) -> Callable[[Any], object]:
    """A choice as stored: exactly one of its values (the other names a user may type are
    turned into it before it is stored)."""

    def check(value: Any) -> None:
        if value not in choice.choices:
            choice.clean(value)  # says what is wrong, in the words a command uses
            raise CitylinksError(
                _(
                    "{value!r} is not how citylinks stores a {what}: one of {choices}",
                    value=value,
                    what=choice.what,
                    choices=listing(choice.choices),
                )
            )

    return check


def _one_of(values: frozenset[str], message: str) -> Callable[[Any], object]:
    """`message` (marked with N_, a {value} in it) for a value not among `values`."""

    def check(value: Any) -> None:
        if value not in values:
            raise CitylinksError(_(message, value=value))

    return check


def _each(rule: Callable[[Any], Any]) -> Callable[[Any], object]:
    """`rule` for each text of a JSON list."""

    def check(value: Any) -> None:
        import json

        try:
            items = json.loads(value) if isinstance(value, str) else value
        except RecursionError:
            raise CitylinksError(_("its JSON is nested too deeply to be read")) from None
        except ValueError:
            items = None
        if not isinstance(items, list):
            raise CitylinksError(_("{value!r} is not a list of texts", value=value))
        for item in items:
            rule(item)

    return check


def _popolo_namespace(value: Any) -> None:
    """The namespace rule of every door (formats.popolo.check_namespace)."""
    from citylinks.formats.popolo import check_namespace

    if not isinstance(value, str):
        raise CitylinksError(_("the namespace {name!r} is not one", name=value))
    check_namespace(value)


def _json_object(message: str, optional: bool = False) -> Callable[[Any], object]:
    """`message` (marked with N_) for a JSON column whose value is not an object (JSON null
    too, if `optional`)."""

    def check(value: Any) -> None:
        import json

        try:
            found = json.loads(value) if isinstance(value, str) else value
        except RecursionError:  # nested past what any document citylinks keeps holds
            raise CitylinksError(_("its JSON is nested too deeply to be read")) from None
        except ValueError:
            found = ...
        if not isinstance(found, dict) and not (optional and found is None):
            raise CitylinksError(_(message))
        from citylinks.formats.popolo import refuse_deep_json

        refuse_deep_json(found, _("its JSON"))

    return check


def _moment_reader() -> Callable[[Any], Any]:
    """How the database's driver reads a stored moment back (a datetime)."""
    from sqlalchemy.dialects import sqlite

    read = sqlite.DATETIME().result_processor(sqlite.dialect(), None)
    return read or (lambda value: value)


def _moment(value: Any) -> None:
    """A moment (a row's creation, an import) as the database's driver reads it back."""
    try:
        _moment_reader()(value)
    except (ValueError, TypeError):
        raise CitylinksError(
            _(
                "{value!r} is not a moment as citylinks stores one (YYYY-MM-DD HH:MM:SS)",
                value=value,
            )
        ) from None


def _country_code(value: Any) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{2}", value):
        raise CitylinksError(
            _("{value!r} is not a country code (two capital letters, ISO 3166-1)", value=value)
        )


def _check_texts(conn: sqlite3.Connection, source: Path) -> None:
    """Every stored text and choice is one citylinks accepts, by the rule the commands and the
    imports apply to it (text_rules): a name with a control character or a bidi override,
    letters of two scripts in one word, a text longer than its column, a word that is not in
    its list, written into a backup by another program, is refused naming the table, the row
    and the column; not restored, to break a report or disguise a name later."""
    from sqlalchemy import DateTime

    from citylinks import schema

    rules = text_rules()
    for name, table in schema.metadata.tables.items():
        for column in table.c:
            rule = rules.get((name, column.name))
            if rule is None and isinstance(column.type, DateTime):
                rule = _moment  # a moment export and reports would fail to read
            if rule is None:
                continue
            rows = conn.execute(
                f'SELECT rowid, "{column.name}" FROM "{name}"'  # noqa: S608 (the schema's names)
                f' WHERE "{column.name}" IS NOT NULL'
            )
            for rowid, value in rows:
                try:
                    rule(value)
                except CitylinksError as exc:
                    raise CitylinksError(
                        _(
                            "{source}: table {table}, row {row}, column {column}: {problem};"
                            " it is not a backup citylinks wrote, nothing was restored",
                            source=files.shown_path(source),
                            table=name,
                            row=rowid,
                            column=column.name,
                            problem=str(exc),
                        )
                    ) from None


def _check_dates(conn: sqlite3.Connection, source: Path) -> None:
    """Every partial date of the backup is one citylinks reads back as stored: its text
    parses, and its earliest and latest days are the text's (the reports compare the days).
    A backup another program changed ('garbage' as a start) would restore, then every report
    and export of that record would fail."""
    from citylinks import schema
    from citylinks.dates import DateError, PartialDate

    for name, table in schema.metadata.tables.items():
        for column in table.c:
            base = column.name.removesuffix("_text")
            if base == column.name or f"{base}_earliest" not in table.c:
                continue
            rows = conn.execute(
                f'SELECT rowid, "{base}_text", "{base}_earliest", "{base}_latest"'  # noqa: S608
                f' FROM "{name}"'
            )
            for rowid, text, earliest, latest in rows:
                try:
                    day = PartialDate.parse(text)
                except DateError as exc:
                    raise CitylinksError(
                        _(
                            "{source}: table {name}, row {rowid}: {base}_text {text!r} is not a date citylinks writes ({exc}); nothing was restored",
                            source=files.shown_path(source),
                            name=name,
                            rowid=rowid,
                            base=base,
                            text=text,
                            exc=exc,
                        )
                    ) from None
                stored = (earliest, latest)
                derived = tuple(d.isoformat() if d else None for d in (day.earliest, day.latest))
                if stored != derived:
                    raise CitylinksError(
                        _(
                            "{source}: table {name}, row {rowid}: {base} {text!r} is stored with the days {stored}..{stored2}, not its own {derived}..{derived2}: it is not a backup citylinks wrote; nothing was restored",
                            source=files.shown_path(source),
                            name=name,
                            rowid=rowid,
                            base=base,
                            text=text,
                            stored=stored[0],
                            stored2=stored[1],
                            derived=derived[0],
                            derived2=derived[1],
                        )
                    )


def _untampered(source: Path, table: str, row: Any, column: str, problem: Any) -> CitylinksError:
    """The one line for a row that breaks a rule the commands and the imports keep."""
    return CitylinksError(
        _(
            "{source}: table {table}, row {row}, column {column}: {problem}; it is not a backup"
            " citylinks wrote: restore an untampered backup (nothing was restored)",
            source=files.shown_path(source),
            table=table,
            row=row,
            column=column,
            problem=str(problem),
        )
    )


def _check_versions(conn: sqlite3.Connection, source: Path) -> None:
    """Every row's version counter is one citylinks counts (formats.popolo.check_row_version,
    the rule of a kept object's row_version): a whole number from 1."""
    from citylinks import schema
    from citylinks.formats.popolo import PopoloError, check_row_version

    for name, table in schema.metadata.tables.items():
        if "version" not in table.c:
            continue
        found = conn.execute(
            f'SELECT rowid, version FROM "{name}"'  # noqa: S608 (the schema's names)
            " WHERE typeof(version) != 'integer' OR version < 1 ORDER BY rowid LIMIT 1"
        ).fetchone()
        if found is not None:
            try:
                check_row_version(found[1])
            except PopoloError as exc:
                raise _untampered(source, name, found[0], "version", exc) from None


def _check_popolo(conn: sqlite3.Connection, source: Path) -> None:
    """Other tools' Popolo documents and objects agree with each other and with the rules the
    Popolo import keeps them by (formats.popolo, the same functions): no two namespaces
    alike, top-level keys that are no section, a last import not before the first; each
    object in a section that is its row's kind, its id its own, its texts without hidden
    characters, `stub` true or false, kept beside a row that exists, at a version counted
    from 1. Each column alone is checked before (_check_texts)."""
    from citylinks.formats import popolo

    read_moment = _moment_reader()
    seen: list[str] = []
    documents = conn.execute(
        "SELECT id, namespace, top_level, first_imported_at, last_imported_at"
        " FROM popolo_document ORDER BY id"
    )
    for row_id, namespace, top_level, first, last in documents:
        recorded = popolo.alike_namespace(namespace, seen)
        if recorded is not None:
            problem = _(
                "the namespace {namespace!r} is the namespace {recorded!r} written another way",
                namespace=namespace,
                recorded=recorded,
            )
            raise _untampered(source, "popolo_document", row_id, "namespace", problem)
        seen.append(namespace)
        column = "top_level"
        try:
            popolo.check_top_level(_json(top_level))
            column = "last_imported_at"
            popolo.check_import_moments(read_moment(first), read_moment(last))
        except CitylinksError as exc:
            raise _untampered(source, "popolo_document", row_id, column, exc) from None
    extras = conn.execute(
        "SELECT id, section, table_name, row_id, row_version, popolo_id, stub, data"
        " FROM popolo_extra ORDER BY id"
    )
    for row_id, section, table_name, kept_row, version, popolo_id, stub, data in extras:
        column = "section"
        try:
            popolo.check_kept_beside(section, table_name)
            column = "stub"  # SQLite keeps true and false as 1 and 0
            flag = {0: False, 1: True}.get(stub, stub) if stub in (0, 1) else stub
            popolo.check_stub(flag, section, _json(data))
            column = "popolo_id"
            popolo.check_kept_id(popolo_id, _json(data))
            column = "data"
            popolo.check_kept_text(_json(data))
            column = "row_version"
            popolo.check_row_version(version)
            column = "row_id" if table_name is not None or kept_row is not None else "row_version"
            _kept_beside(conn, table_name, kept_row, version)
            _agrees_with_row(conn, table_name, kept_row, version, _json(data))
        except CitylinksError as exc:
            raise _untampered(source, "popolo_extra", row_id, column, exc) from None
    _check_kept_once(conn, source)


def _agrees_with_row(
    conn: sqlite3.Connection, table: str | None, row_id: Any, version: Any, data: Any
) -> None:
    """A kept object agrees with the row it is beside where the import made them agree: a
    row unchanged since the object was read (its version is the object's row_version) holds
    the object's name among its names. An object moved beside another record would be
    exported as that record."""
    import unicodedata

    if table not in _NAMED or version is None or not isinstance(data, dict):
        return
    name = data.get("name")
    if not isinstance(name, str):
        return
    found = conn.execute(
        f'SELECT version FROM "{table}" WHERE id = ?',  # noqa: S608 (a table of the schema)
        (row_id,),
    ).fetchone()
    if found is None or found[0] != version:
        return
    named = conn.execute(
        f'SELECT 1 FROM "{table}_name" WHERE "{table}_id" = ? AND name = ?',  # noqa: S608
        (row_id, unicodedata.normalize("NFC", name)),
    ).fetchone()
    if named is None:
        raise CitylinksError(
            _(
                "the object named {name!r} is kept beside row {row} of {table}, which has no such name and is unchanged since the object was read: it was moved beside another record",
                name=name,
                row=row_id,
                table=table,
            )
        )


# The tables whose rows an object is read into by its name (their names in TABLE_name).
_NAMED = ("organization", "person", "city")


def _check_kept_once(conn: sqlite3.Connection, source: Path) -> None:
    """Each object is kept once, as the import keeps it (an object read again is merged into
    the one kept): no two beside one row with one id, no two of one document, section and id."""
    twice = (
        (
            "table_name, row_id, popolo_id",
            "row_id IS NOT NULL",
            N_("the object {popolo_id!r} of {section} is kept twice beside one row (rows {first} and {second} of popolo_extra); the import keeps it once"),
        ),
        (
            "document_id, section, popolo_id",
            "document_id IS NOT NULL",
            N_("the object {popolo_id!r} of {section} is kept twice from one document (rows {first} and {second} of popolo_extra); the import keeps it once"),
        ),
    )  # fmt: skip
    for columns, where, message in twice:
        found = conn.execute(
            f"SELECT min(id), max(id), section, popolo_id FROM popolo_extra"  # noqa: S608
            f" WHERE popolo_id IS NOT NULL AND ({where}) GROUP BY {columns}, section"
            " HAVING count(*) > 1 ORDER BY min(id) LIMIT 1"
        ).fetchone()
        if found is not None:
            first, second, section, popolo_id = found
            problem = _(message, popolo_id=popolo_id, section=section, first=first, second=second)
            raise _untampered(source, "popolo_extra", second, "popolo_id", problem)


def _json(value: Any) -> Any:
    import json

    return json.loads(value) if isinstance(value, str) else value


def _kept_beside(conn: sqlite3.Connection, table: str | None, row_id: Any, version: Any) -> None:
    """A kept object's row: one that exists (none, and no version, for an object kept
    alone). `table` is one of formats.popolo.SECTION_TABLES' (checked before)."""
    if table is None:
        if row_id is not None:
            raise CitylinksError(
                _("an object kept without a row names row {row} of no table", row=row_id)
            )
        if version is not None:
            raise CitylinksError(
                _("an object kept without a row has a row's version ({value})", value=version)
            )
        return
    found = conn.execute(
        f'SELECT 1 FROM "{table}" WHERE id = ?',  # noqa: S608 (a table of the schema)
        (row_id,),
    ).fetchone()
    if found is None:
        raise CitylinksError(_("{row!r} is no row of {table}", row=row_id, table=table))


def _check_rows(conn: sqlite3.Connection, source: Path) -> None:
    """Every row of the backup keeps the schema's rules: CHECK and NOT NULL constraints,
    unique keys, indexes that match their tables (PRAGMA integrity_check: SQLite reads a
    table's CHECK constraints only in a database opened for writing, hence the private copy)
    and references to rows that exist (PRAGMA foreign_key_check). Refused otherwise, naming
    the table and the row."""
    problem = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
    if problem != "ok":
        raise CitylinksError(
            _(
                "{source}: {located}: it is not a backup citylinks wrote, or it is damaged; nothing was restored",
                source=files.shown_path(source),
                located=_located(conn, problem),
            )
        )
    dangling = conn.execute("PRAGMA foreign_key_check").fetchone()
    if dangling is not None:
        table, rowid, parent, fk = dangling
        column = next(
            (r[3] for r in conn.execute(f'PRAGMA foreign_key_list("{table}")') if r[0] == fk),
            "?",
        )
        value = conn.execute(
            f'SELECT "{column}" FROM "{table}" WHERE rowid = ?',  # noqa: S608
            (rowid,),
        ).fetchone()
        raise CitylinksError(
            _(
                "{source}: table {table}, row {rowid}: {column} = {value} refers to no row of {parent}: it is not a backup citylinks wrote; nothing was restored",
                source=files.shown_path(source),
                table=table,
                rowid=rowid,
                column=column,
                value=value[0] if value else "?",
                parent=parent,
            )
        )


def _located(conn: sqlite3.Connection, problem: str) -> str:
    """What PRAGMA integrity_check reported, with the row it is about when SQLite does not
    say (a CHECK or NOT NULL constraint names only its table)."""
    failed = re.fullmatch(r"CHECK constraint failed in (\w+)", problem)
    if failed:
        table = failed[1]
        (sql,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        for name, check in _check_constraints(sql):
            row = conn.execute(
                f'SELECT rowid FROM "{table}" WHERE NOT ({check}) LIMIT 1'  # noqa: S608
            ).fetchone()
            if row is not None:
                return _(
                    "table {table}, row {row}: breaks the CHECK constraint {name}",
                    table=table,
                    row=row[0],
                    name=name,
                )
        return _("table {table}: a row breaks a CHECK constraint", table=table)
    null = re.fullmatch(r"NULL value in (\w+)\.(\w+)", problem)
    if null:
        table, column = null[1], null[2]
        row = conn.execute(
            f'SELECT rowid FROM "{table}" WHERE "{column}" IS NULL LIMIT 1'  # noqa: S608
        ).fetchone()
        where = _(", row {row}", row=row[0]) if row else ""
        return _(
            "table {table}{where}: {column} is empty, which the schema does not allow",
            table=table,
            where=where,
            column=column,
        )
    return " ".join(problem.replace("*** in database main ***", "").split())


def _check_constraints(sql: str) -> list[tuple[str, str]]:
    """The (name, expression) of each CHECK constraint in a CREATE TABLE statement of
    citylinks' schema (every one is named: schema.py's naming convention)."""
    found = []
    for match in re.finditer(r"CONSTRAINT (\w+) CHECK \(", sql):
        depth, quoted = 1, False
        for end in range(match.end(), len(sql)):
            char = sql[end]
            if char == "'":
                quoted = not quoted
            elif not quoted and char == "(":
                depth += 1
            elif not quoted and char == ")":
                depth -= 1
                if depth == 0:
                    found.append((match[1], sql[match.end() : end]))
                    break
    return found


def _schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """Every table, index, trigger and view, with its SQL, spaces folded."""
    rows = conn.execute(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    )
    return {(kind, name): " ".join(sql.split()) for kind, name, sql in rows}


def _check_schema_is_exactly(conn: sqlite3.Connection, source: Path, revision: str) -> None:
    """The backup holds exactly the schema of `revision`, as the migrations make it: no
    table, index, trigger or view more or less (a trigger that deletes one officer's audit
    entries, a dropped table), none changed."""
    from citylinks import migrations
    from citylinks.db import make_engine

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'reference.sqlite'}")
        try:
            migrations.upgrade(engine, revision)
        finally:
            engine.dispose()
        reference = sqlite3.connect(Path(folder) / "reference.sqlite")
        try:
            expected = _schema_of(reference)
        finally:
            reference.close()
    found = _schema_of(conn)
    for (kind, name), sql in sorted(found.items()):
        if (kind, name) not in expected:
            raise CitylinksError(
                _(
                    "{source} holds a {kind} '{name}' that citylinks' schema {revision} does not: it is not a backup citylinks wrote; nothing was restored",
                    source=files.shown_path(source),
                    kind=kind,
                    name=name,
                    revision=revision,
                )
            )
        if expected[(kind, name)] != sql:
            raise CitylinksError(
                _(
                    "{source} has the {kind} '{name}' changed from citylinks' schema {revision}: it is not a backup citylinks wrote; nothing was restored",
                    source=files.shown_path(source),
                    kind=kind,
                    name=name,
                    revision=revision,
                )
            )
    # A missing table first: its indexes and triggers went with it.
    missing = sorted(set(expected) - set(found), key=lambda k: (k[0] != "table", k))
    if missing:
        kind, name = missing[0]
        raise CitylinksError(
            _(
                "{source} lacks the {kind} '{name}' of citylinks' schema {revision}: it is not a complete backup; nothing was restored",
                source=files.shown_path(source),
                kind=kind,
                name=name,
                revision=revision,
            )
        )
