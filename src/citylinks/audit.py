"""Who changed what: stamps every row with its officer and time, and writes one audit-log
entry per changed row, with the values before and after, in the same transaction.

This module is the one audit-entry builder: the ORM's flush hooks below use it for every
command, the bulk path (citylinks.services.csv_import) for its batches and `undo`
(citylinks.services.undo) for the rows it puts back, so an entry says the same thing
whichever way the row was written: the same columns (`audited_columns`), the same label (each
table's rule, `LABEL_RULES`, through `Labeller`) and the same plain values (`plain`).

Every inserted, updated and deleted row is logged, however the ORM came to delete it: rows
deleted as orphans (a name removed from a city's names) or by a cascade are found in the
flush itself, not only in `session.deleted`. An entry of a deleted row keeps the row's
bookkeeping too (`BOOKKEEPING`), so that `undo` can put the row back exactly."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol
from uuid import uuid4

from sqlalchemy import Date, DateTime, Table, event, insert, inspect, select
from sqlalchemy.engine import Connection

from citylinks import schema, text
from citylinks.dates import DateError, PartialDate
from citylinks.i18n import N_, Key, _, language, set_language

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from citylinks.model.base import Base

# The mapped classes are imported only by what needs them (the ORM's flush hooks): `log`, a
# dry run and `undo` name rows with Core queries (`Labeller`), and the one-row commands
# written with Core statements write their entries through `entry`, `audited_columns` and
# `log_rows` without them.

# Bookkeeping columns, shown in the row itself, not repeated in every log entry.
BOOKKEEPING = ("created_at", "created_by", "updated_at", "updated_by", "version")
_SKIPPED = {"id", "folded", *BOOKKEEPING}
# The attributes that named a row in the log before each table had its label rule; the bulk
# path still names rows by them, and `log` names such entries again when it shows them.
LABEL_ATTRIBUTES = ("key", "code", "name", "title", "text")
LABEL_LENGTH = 300
# In a change's `info`: True while every entry it wrote is also kept in info["audit"] (a
# db.Change's, until a bulk write keeps its entries out), so that what it inserted can be
# read there instead of from the log (services.sourcing).
ENTRIES_KEPT = "entries_kept"
# The shortest start of a change id that `log --change` and `undo --change` take.
CHANGE_PREFIX = 6
# The partial dates' columns: NAME_text holds the date, the others are derived from it.
DATE_PARTS = ("_text", "_precision", "_earliest", "_latest")


@cache
def audited_columns(model: type[Base] | Table) -> tuple[list[str], list[str]]:
    """The columns an audit entry of `model` (a mapped class or its table) shows, and those
    of them holding dates: every column of its table but the id, the fold and the
    bookkeeping, in the table's order (the mapped classes map every column as it is named)."""
    table = model if isinstance(model, Table) else model.__table__
    columns = [c for c in table.columns if c.key not in _SKIPPED]
    dated = [c.key for c in columns if isinstance(c.type, Date | DateTime)]
    return [c.key for c in columns], dated


@cache
def models() -> dict[str, type[Base]]:
    """Every mapped class, by its table's name."""
    from citylinks.model.base import Base

    return {m.local_table.name: m.class_ for m in Base.registry.mappers}  # type: ignore[attr-defined]


@cache
def _rank() -> dict[str, int]:
    """Each table's place in the order rows are written: a table after the tables it refers to."""
    return {t.name: i for i, t in enumerate(schema.metadata.sorted_tables)}


class _Change(Protocol):
    """A change written with Core statements (db.Change): what it shares with a Session."""

    info: dict


def table_rank(table_name: str) -> int:
    """The place of `table_name` in the order a flush writes rows (and their entries)."""
    return _rank()[table_name]


def install(session: Session) -> None:
    if not event.contains(session, "before_flush", _stamp):
        event.listen(session, "before_flush", _stamp)
        event.listen(session, "after_flush", _collect)
        event.listen(session, "after_flush_postexec", _write)
        event.listen(session, "after_transaction_end", _end_change)


def change_id(session: Session | _Change) -> str:
    """The id every entry of this transaction shares: one command's changes are one change,
    which `undo` can revert whole."""
    return session.info.setdefault("change_id", uuid4().hex)


def _end_change(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop("change_id", None)
        session.info.pop("_unlogged", None)


def find_change(conn: Connection, typed: str, option: str = "--change") -> str:
    """The change id `typed` names: the whole id, or a prefix of it (at least
    `CHANGE_PREFIX` characters) that only one change has."""
    from citylinks.errors import CitylinksError, NotFound

    # Persian or Arabic digits typed (or copied from a Persian message) are the same id.
    wanted = text.to_ascii_digits(typed.strip()).lower()
    log = schema.audit_log.c
    if len(wanted) < CHANGE_PREFIX or not wanted.isalnum() or not wanted.isascii():
        raise CitylinksError(
            _(
                "{option}: '{typed}' is not a change id: give the id `citylinks log` shows (at least its first {change_prefix} characters)",
                option=option,
                typed=typed,
                change_prefix=CHANGE_PREFIX,
            )
        )
    found = list(
        conn.execute(
            select(log.change_id).where(log.change_id.like(f"{wanted}%")).distinct().limit(2)
        ).scalars()
    )
    if not found:
        raise NotFound(
            _(
                "{option}: no change '{typed}' in the log: see `citylinks log`",
                option=option,
                typed=typed,
            )
        )
    if len(found) > 1:
        raise CitylinksError(
            _(
                "{option}: '{typed}' starts several change ids: give more of it",
                option=option,
                typed=typed,
            )
        )
    return found[0]


def now() -> datetime:
    return datetime.now(UTC)


def _stamp(session: Session, _context, _instances) -> None:
    from citylinks.model.base import Audited

    officer = session.info.get("officer", "unknown")
    at = session.info.get("now") or now()
    for obj in session.new:
        if isinstance(obj, Audited):
            obj.created_at = obj.created_at or at
            obj.created_by = obj.created_by or officer
            obj.updated_at = obj.updated_at or at
            obj.updated_by = obj.updated_by or officer
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj):
            obj.updated_at = at
            obj.updated_by = officer
    # A session's date citations go with it (ON DELETE CASCADE, not through the ORM): read
    # them before the flush deletes them, for the entry of its deletion (`undo` puts them back).
    for obj in session.deleted:
        if getattr(obj, "__tablename__", None) == "session" and obj.id is not None:
            conn = session.connection()
            session.info.setdefault("_date_sources", {})[id(obj)] = {
                f"{part}_sources": date_source_keys(conn, obj.id, part)
                for part in schema.SESSION_DATE_PARTS
            }


def _collect(session: Session, flush_context) -> None:
    """After the flush's statements, while the rows' history still holds the values before:
    what changed, row by row, in the order the flush wrote it (parents inserted before their
    children, children deleted before their parents). The entries are written once the flush
    is over (`_write`), when every row is in the session and can be named."""
    from citylinks.model import AuditEntry

    rank = _rank()
    # Every row the flush deleted: those given to session.delete(), and the orphans and
    # cascaded rows the flush found itself, which session.deleted does not list.
    deleted = [
        state.obj()
        for state, (is_delete, list_only) in flush_context.states.items()
        if is_delete and not list_only and state.obj() is not None
    ]
    gone = {id(obj) for obj in deleted}
    inserted = [o for o in session.new if not isinstance(o, AuditEntry) and id(o) not in gone]
    changes: list[tuple[str, Any, dict | None, dict | None]] = []
    for obj in sorted(inserted, key=lambda o: rank[o.__tablename__]):
        changes.append(("insert", obj, None, _values(obj)))
    updated = [o for o in session.dirty if id(o) not in gone and session.is_modified(o)]
    for obj in sorted(updated, key=lambda o: (rank[o.__tablename__], o.id)):
        before, after = _changes(obj)
        if before or after:
            changes.append(("update", obj, before, after))
    dated = session.info.pop("_date_sources", {})
    for obj in sorted(deleted, key=lambda o: (-rank[o.__tablename__], o.id)):
        values = _values(obj, committed=True)
        values.update(dated.get(id(obj), {}))
        changes.append(("delete", obj, values, None))
    if changes:
        session.info.setdefault("_unlogged", []).extend(changes)


@contextmanager
def in_english() -> Iterator[None]:
    """Speak English for a while: the labels and words the log stores are English, whatever
    the officer's interface language (`log` shows them in its reader's language)."""
    spoken = language()
    set_language("en")
    try:
        yield
    finally:
        set_language(spoken)


def _write(session: Session, _flush_context) -> None:
    changes = session.info.pop("_unlogged", None)
    if not changes:
        return
    officer = session.info.get("officer", "unknown")
    at = session.info.get("now") or now()
    labeller = Labeller(session, [obj for _unused, obj, _unused, _unused in changes])
    with in_english():
        labels = [labeller.label(obj) for _unused, obj, _unused, _unused in changes]
    rows = [
        entry(at, officer, action, obj.__tablename__, obj.id, label, before, after)
        for (action, obj, before, after), label in zip(changes, labels, strict=True)
    ]
    log_rows(session, rows)
    deleted: dict[str, list[int]] = {}
    for action, obj, _before, _after in changes:
        if action == "delete":
            deleted.setdefault(obj.__tablename__, []).append(obj.id)
    for table_name, ids in deleted.items():
        forget_kept_objects(session.connection(), table_name, ids)


def forget_kept_objects(conn: Connection, table_name: str, row_ids: list[int]) -> None:
    """Another tool's Popolo objects kept beside rows (table popolo_extra, which names rows
    of several tables, so has no foreign key) go with the rows: kept, they would name no
    row, and a later row given the same id would be exported as that object."""
    extra = schema.popolo_extra
    for start in range(0, len(row_ids), 1000):
        conn.execute(
            extra.delete().where(
                extra.c.table_name == table_name,
                schema.ids_in(extra.c.row_id, row_ids[start : start + 1000]),
            )
        )


def log_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    """Write the entries `rows` (built by `entry`) with this change's id and reason; they are
    also kept for a dry run to show (session.info["audit"]; see `described`)."""
    if not rows:
        return
    change, reason = change_id(session), session.info.get("reason")
    for row in rows:
        row["change_id"], row["reason"] = change, reason
    session.connection().execute(insert(schema.audit_log), rows)
    count_written(session, len(rows))
    session.info.setdefault("audit", []).extend(rows)


def count_written(session: Any, n: int) -> None:
    """Count `n` audit entries written by this change (session.info["audit_written"]), kept
    or not for a dry run to show: how many changes a write made, as its summary says it."""
    session.info["audit_written"] = session.info.get("audit_written", 0) + n


def described(session: Session, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries a change wrote (session.info["audit"], from the ORM's hooks and the bulk
    path alike), each with its record named ("label") and its values in words ("words") in
    the interface language, as `log` shows them: for a dry run to list, before it is rolled
    back. An entry named as it was written (a one-row add on Core names its own, "label") is
    kept as it is."""
    labeller = Labeller(session)
    shown = []
    for e in entries:
        if "label" in e:
            shown.append(e)
            continue
        values = e.get("after") or e.get("before") or {}
        label = labeller.named(e["table_name"], e["row_id"], values) or e.get("row_label")
        words = in_words(e["table_name"], e.get("before"), e.get("after"), labeller)
        shown.append({**e, "label": label, "words": words})
    return shown


def entry(
    at: datetime,
    officer: str,
    action: str,
    table_name: str,
    row_id: int,
    row_label: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    change_id: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """One audit-log row: who did `action` (insert, update, delete) to which row, and when,
    with the values before and after."""
    return {
        "at": at,
        "officer": officer,
        "action": action,
        "table_name": table_name,
        "row_id": row_id,
        "row_label": row_label,
        "before": before,
        "after": after,
        "change_id": change_id,
        "reason": reason,
    }


def label(values: Mapping[str, Any]) -> str | None:
    """How the log named a row from its values alone (its key, code, name, title or text):
    the bulk path's label, which `log` replaces by the row's label (`LABEL_RULES`) when it shows it."""
    for attr in LABEL_ATTRIBUTES:
        value = values.get(attr)
        if isinstance(value, str):
            return value[:LABEL_LENGTH]
    return None


class Labeller:
    """Names rows as officers name them ("AMF General Assembly 1", "Yazd in AMF, phase 2"), by
    each table's rule (`LABEL_RULES`), in the interface language ("یزد در AMF، مرحلهٔ ۲":
    a record by its name in that language, else as written). A row is found among `rows` (the mapped objects a flush just wrote
    or deleted) first, then in the database, read with Core queries through `source` (a
    Connection, or a Session's connection); a row that is gone is named from the values the
    log last held of it. This is the one place labels are made: the log stores them in English
    (`in_english`), and `log`, a dry run and `undo` name rows through it in their reader's
    language."""

    def __init__(self, source: Session | Connection, rows: Iterable[Any] = ()) -> None:
        self.source = source
        self.rows = {(o.__tablename__, o.id): o for o in rows}
        self.known: dict[tuple[str, str, int], str] = {}
        self._current: dict[tuple[str, int], Mapping[str, Any] | None] = {}
        # The names of the rows read ahead (`read_ahead`), by table and id.
        self._names: dict[tuple[str, int], list[Any]] = {}

    @property
    def conn(self) -> Connection:
        source = self.source
        return source if isinstance(source, Connection) else source.connection()

    def current(self, table: str, row_id: int) -> Mapping[str, Any] | None:
        """Row `row_id` of `table` as it is now (an object of `rows`, else the database's
        row), or None if there is none."""
        found = self.rows.get((table, row_id))
        if found is not None:
            return _Attributes(found)
        key = (table, row_id)
        if key not in self._current:
            columns = schema.metadata.tables[table]
            row = self.conn.execute(select(columns).where(columns.c.id == row_id)).first()
            self._current[key] = dict(row._mapping) if row is not None else None
        return self._current[key]

    def read_ahead(
        self,
        pairs: Iterable[tuple[str, int]],
        values: Iterable[tuple[str, Mapping[str, Any] | None]] = (),
    ) -> None:
        """Read the rows `current` and `names` will be asked for, one query a table (`log`'s
        entries: one query a table instead of one a row): the rows `pairs` names, the rows
        that `values` (a table's and its values: the entries' before and after) refer to, a
        level at a time the rows those refer to (a phase's membership, its city and its
        organization), and the names of the cities, organizations and people among them."""
        wanted: dict[str, set[int]] = {}
        # Every row asked for, also those of the level being read: a row that one table of a
        # level refers to and another table of the same level reads is read once.
        asked: set[tuple[str, int]] = set()

        def want(table: str, row_id: Any) -> None:
            if (
                isinstance(row_id, int)
                and table in schema.metadata.tables
                and (table, row_id) not in asked
                and (table, row_id) not in self._current
                and (table, row_id) not in self.rows
            ):
                asked.add((table, row_id))
                wanted.setdefault(table, set()).add(row_id)

        for table, row_id in pairs:
            want(table, row_id)
        for table, given in values:
            for target, row_id in _referred(table, given or {}):
                want(target, row_id)
        named: dict[str, set[int]] = {}
        while wanted:
            reading, wanted = wanted, {}
            for table, ids in reading.items():
                columns = schema.metadata.tables[table]
                for chunk in _chunks(sorted(ids)):
                    found = {
                        row.id: dict(row._mapping)
                        for row in self.conn.execute(select(columns).where(columns.c.id.in_(chunk)))
                    }
                    for row_id in chunk:
                        row = self._current[(table, row_id)] = found.get(row_id)
                        if row is None:
                            continue
                        if f"{table}_name" in schema.metadata.tables:
                            named.setdefault(table, set()).add(row_id)
                        for target, referred in _referred(table, row):
                            want(target, referred)
        for table, ids in named.items():
            names = schema.metadata.tables[f"{table}_name"]
            owner = names.c[f"{table}_id"]
            for chunk in _chunks(sorted(ids)):
                for row_id in chunk:
                    self._names[(table, row_id)] = []
                query = (
                    select(owner, names.c.lang, names.c.kind, names.c.name)
                    .where(owner.in_(chunk))
                    .order_by(owner, names.c.position)
                )
                for name in self.conn.execute(query):
                    self._names[(table, name[0])].append(name)

    def names(self, table: str, values: Mapping[str, Any]) -> list[Any]:
        """The names of a city, organization or person (its `table`_name rows, in order):
        those of a mapped object in hand, else those in the database; none for a row made of
        logged values."""
        if isinstance(values, _Attributes):
            return list(values.obj.names)
        if values.get("id") is None:
            return []
        known = self._names.get((table, values["id"]))
        if known is not None:
            return list(known)
        names = schema.metadata.tables[f"{table}_name"]
        return list(
            self.conn.execute(
                select(names.c.lang, names.c.kind, names.c.name)
                .where(names.c[f"{table}_id"] == values["id"])
                .order_by(names.c.position)
            )
        )

    def label(self, obj: Any) -> str | None:
        """A mapped object's label."""
        return self.label_of(obj.__tablename__, _Attributes(obj))

    def label_of(self, table: str, values: Mapping[str, Any]) -> str | None:
        """The label of the row of `table` whose values are `values` (a table without a rule
        is named by its key, code, name, title or text, as the bulk path names rows)."""
        rule = LABEL_RULES.get(table)
        if rule is None:
            return label(values)
        return rule(values, self)[:LABEL_LENGTH]

    def of(self, table: str, row_id: int | None) -> str:
        """The label of row `row_id` of `table` (its current one, else the one last logged)."""
        if row_id is None:
            return "none"
        key = (language(), table, row_id)
        if key not in self.known:
            values = self.current(table, row_id)
            found = (
                self.label_of(table, values) if values is not None else self.logged(table, row_id)
            )
            self.known[key] = found or f"{table} #{row_id}"
        return self.known[key]

    def transient(self, table: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """A row of `table` made of `values` (an entry's): its other columns empty."""
        return {c: values.get(c) for c in schema.metadata.tables[table].c.keys()}

    def named(self, table: str, row_id: int, values: Mapping[str, Any]) -> str | None:
        """Row `row_id` of `table` named in the interface language: the row itself if it is
        at hand, else a row made of `values` (an entry's, or those the log last held of it)."""
        if table not in LABEL_RULES:
            return None
        found = self.current(table, row_id)
        if found is None:
            # A row since removed: an update's entry holds only the columns it changed, so
            # the row is named from its last full values (`last_values`) and the entry's.
            values = self.last_values(table, row_id, values)
            if not any(k in schema.metadata.tables[table].c for k in values):
                return None
            found = self.transient(table, values)
        try:
            return self.label_of(table, found)
        except Exception:  # noqa: BLE001 - a row that cannot be named is named as stored
            return None

    def last_values(self, table: str, row_id: int, values: Mapping[str, Any]) -> dict[str, Any]:
        """A removed row's values: those of its last insert or delete entry made here, then
        `values` (an entry's)."""
        log = schema.audit_log.c
        last = self.conn.execute(
            select(log.before, log.after)
            .where(
                log.table_name == table,
                log.row_id == row_id,
                log.action.in_(("insert", "delete")),
                log.imported_at.is_(None),  # an imported entry names another database's row
            )
            .order_by(log.id.desc())
            .limit(1)
        ).first()
        found: dict[str, Any] = {}
        if last is not None:
            found.update(last.after or last.before or {})
        found.update(values)
        return found

    def logged(self, table: str, row_id: int) -> str | None:
        """A row since removed, named from the values the log last held of it (in English: the
        label the log last gave it)."""
        log = schema.audit_log.c
        conn = self.conn
        if language() != "en":
            found = self.named(table, row_id, {})
            if found:
                return found
        return conn.execute(
            select(log.row_label)
            .where(log.table_name == table, log.row_id == row_id, log.row_label.is_not(None))
            .where(log.imported_at.is_(None))
            .order_by(log.id.desc())
            .limit(1)
        ).scalar()


def _referred(table: str, values: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """The rows that the values of a row of `table` refer to: (table, id) for each of its
    columns with a foreign key."""
    columns = schema.metadata.tables.get(table)
    if columns is None:
        return
    for key, value in values.items():
        if value is not None and key in columns.c:
            for fk in columns.c[key].foreign_keys:
                yield fk.column.table.name, value


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    """`ids` a few hundred at a time, for the IN lists of a query."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class _Attributes(Mapping[str, Any]):
    """A mapped object's attributes read as a row's values: only those a rule asks for."""

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self.obj, key)
        except AttributeError:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.obj.__table__.c.keys())

    def __len__(self) -> int:
        return len(self.obj.__table__.c)


# --- each table's label ------------------------------------------------------------------------


def count_words(qualifier: str, number: int) -> str:
    """'more than 100', 'about 60', '12': a count as a source gave it (in the interface
    language)."""
    from citylinks.i18n import digits, t

    if qualifier == "exactly":
        return digits(number)
    return f"{t(qualifier, language())} {digits(number)}"


def title_words(title: str) -> str:
    """A role's or post's title as stored ("secretary") in the interface language: the
    Persian word for the titles citylinks knows (i18n.WORDS), else as stored."""
    from citylinks.i18n import WORDS

    found = WORDS.get(f"title_{title.strip().casefold()}") if language() == "fa" else None
    return found[1] if found else title


def _name(table: str) -> Callable[[Mapping[str, Any], Labeller], str]:
    """A city's or person's label: its name in the reader's language (text.display_name; the
    log stores the English one, as it is written in English), else its key."""

    def rule(v: Mapping[str, Any], labels: Labeller) -> str:
        return text.display_name(labels.names(table, v), language()) or v["key"]

    return rule


def _organization(v: Mapping[str, Any], labels: Labeller) -> str:
    """The acronym if there is one, else the name in the reader's language: how confirmations
    and reports refer to it (text.organization_label)."""
    return text.organization_label(v["acronym"], labels.names("organization", v), v["key"])


def _name_of(owner: str) -> Callable[[Mapping[str, Any], Labeller], str]:
    """ "Yazd's name یزد (fa)"."""
    return lambda v, labels: text.name_label(
        labels.of(owner, v[f"{owner}_id"]), v["name"], v["lang"]
    )


def _identifier_of(owner: str) -> Callable[[Mapping[str, Any], Labeller], str]:
    """ "Yazd's wikidata identifier Q212007"."""
    return lambda v, labels: text.identifier_label(
        labels.of(owner, v[f"{owner}_id"]), v["scheme"], v["value"]
    )


def _membership(v: Mapping[str, Any], labels: Labeller) -> str:
    """ "Yazd in AMF"."""
    member = (
        labels.of("city", v["city_id"])
        if v["city_id"] is not None
        else labels.of("organization", v["member_organization_id"])
    )
    return _(
        "{member} in {org}", member=member, org=labels.of("organization", v["organization_id"])
    )


def _attendance(v: Mapping[str, Any], labels: Labeller) -> str:
    if v["city_id"] is not None:
        who = labels.of("city", v["city_id"])
    elif v["organization_id"] is not None:
        who = labels.of("organization", v["organization_id"])
    else:
        who = labels.of("person", v["person_id"])
    return _("{who} at {session}", who=who, session=labels.of("session", v["session_id"]))


def _attendance_claim(v: Mapping[str, Any], labels: Labeller) -> str:
    counted = f" {v['counted']}" if v["counted"] else ""
    return _(
        "{session}: {count} attended",
        session=labels.of("session", v["session_id"]),
        count=f"{count_words(v['qualifier'], v['number'])}{counted}",
    )


def _check_review(v: Mapping[str, Any], labels: Labeller) -> str:
    """ "reviewed role-without-membership: Dushanbe: vice-president of AMF"."""
    if v["role_id"] is not None:
        what = labels.of("role", v["role_id"])
    else:
        what = f"{v['table_name']} #{v['row_id']}"
        if v["other_row_id"] is not None:
            what += f" and #{v['other_row_id']}"
    return _("reviewed {kind}: {what}", kind=v["kind"], what=what)


def _post(v: Mapping[str, Any], labels: Labeller) -> str:
    held = (
        labels.of("organization", v["organization_id"])
        if v["organization_id"] is not None
        else labels.of("city", v["city_id"])
    )
    return _(
        "{person}: {title} of {held}",
        person=labels.of("person", v["person_id"]),
        title=title_words(v["title"]),
        held=held,
    )


# How the log names a row of each table that officers change, from the row's values (a
# rule may name the rows it refers to through the Labeller). One place: the ORM's flush
# hooks, the bulk path's dry runs, `log`, a dry run's listing and `undo` all name rows here.
LABEL_RULES: dict[str, Callable[[Mapping[str, Any], Labeller], str]] = {
    "source": lambda v, labels: v["key"],
    "setting": lambda v, labels: f"setting {v['key']}",
    # What a Popolo import keeps beside the records (its document, another tool's objects).
    "popolo_document": lambda v, labels: _("Popolo document {namespace}", namespace=v["namespace"]),
    "popolo_extra": lambda v, labels: _(
        "Popolo object {section} {id}", section=v["section"], id=v["popolo_id"] or ""
    ).strip(),
    "country": lambda v, labels: f"{v['name_en']} ({v['code']})",
    "city": _name("city"),
    "city_name": _name_of("city"),
    "city_identifier": _identifier_of("city"),
    "designation": lambda v, labels: f"{labels.of('city', v['city_id'])}: {v['name']}",
    "organization": _organization,
    "organization_name": _name_of("organization"),
    "organization_identifier": _identifier_of("organization"),
    "motto": lambda v, labels: _(
        "{org}'s motto {text}",
        org=labels.of("organization", v["organization_id"]),
        text=f"{v['text']} ({v['lang']})",
    ),
    "member_count_claim": lambda v, labels: _(
        "{org}: {count} members",
        org=labels.of("organization", v["organization_id"]),
        count=count_words(v["qualifier"], v["number"]),
    ),
    "meeting_series": lambda v, labels: _(
        "{org} {series}",
        org=labels.of("organization", v["organization_id"]),
        series=(language() == "fa" and v["name_fa"]) or v["name_en"],
    ),
    "session": lambda v, labels: _(  # "AMF General Assembly 1"
        "{series} {number}", series=labels.of("meeting_series", v["series_id"]), number=v["number"]
    ),
    "session_numbering": lambda v, labels: _(
        "{session}, numbered {number} by a source",
        session=labels.of("session", v["session_id"]),
        number=v["number"],
    ),
    "attendance_claim": _attendance_claim,
    "attendance": _attendance,
    "membership": _membership,
    "membership_phase": lambda v, labels: _(  # "Yazd in AMF, phase 2"
        "{membership}, phase {n}",
        membership=labels.of("membership", v["membership_id"]),
        n=v["position"],
    ),
    "role": lambda v, labels: _(  # "Shiraz: vice-president of AMF"
        "{city}: {title} of {org}",
        city=labels.of("city", v["city_id"]),
        title=title_words(v["title"]),
        org=labels.of("organization", v["organization_id"]),
    ),
    "check_review": _check_review,
    "person": _name("person"),
    "person_name": _name_of("person"),
    "post": _post,
}


def plain(value: Any) -> Any:
    """A value as an entry's JSON holds it (dates and times in ISO 8601)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def stored(table: Table, column: str, value: Any) -> Any:
    """A value from an entry's JSON as the column stores it (the inverse of `plain`)."""
    if value is None or not isinstance(value, str):
        return value
    kind = table.c[column].type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    return value


def _values(obj, committed: bool = False) -> dict[str, Any]:
    """The row's values as an entry holds them; `committed`: as the database held them before
    this flush, with the bookkeeping (the entry of a deleted row)."""
    state = inspect(obj)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIPPED and not (committed and attr.key in BOOKKEEPING):
            continue
        value = getattr(obj, attr.key)
        if committed:
            history = state.attrs[attr.key].history
            if history.deleted:
                value = history.deleted[0]
        values[attr.key] = plain(value)
    if "sources" in state.mapper.relationships:
        if committed:
            history = state.attrs["sources"].history
            values["sources"] = [s.key for s in (*history.unchanged, *history.deleted)]
        else:
            values["sources"] = [s.key for s in obj.sources]
    return values


def _changes(obj) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIPPED:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes() and history.deleted != history.added:
            before[attr.key] = plain(history.deleted[0]) if history.deleted else None
            after[attr.key] = plain(history.added[0]) if history.added else None
    if "sources" in state.mapper.relationships:
        history = state.attrs["sources"].history
        if history.added or history.deleted:
            after["sources"] = [s.key for s in obj.sources]
            before["sources"] = sorted(
                {s.key for s in history.unchanged} | {s.key for s in history.deleted}
            )
    return before, after


# --- rows read and written by table (undo) --------------------------------------------------


def row_values(conn: Connection, table: Table, row_id: int) -> dict[str, Any] | None:
    """Row `row_id` of `table` as the entry of its deletion holds it (every column but id and
    folded, its bookkeeping, and the keys of the sources it cites), or None if there is none."""
    row = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
    if row is None:
        return None
    values = {k: plain(v) for k, v in row.items() if k not in ("id", "folded")}
    link = schema.CITING.get(table.name)
    if link is not None:
        source = schema.source
        values["sources"] = list(
            conn.execute(
                select(source.c.key)
                .join(link, link.c.source_id == source.c.id)
                .where(link.c[f"{table.name}_id"] == row_id)
                .order_by(source.c.id)
            ).scalars()
        )
    if table.name == "session":
        for part in ("start", "end"):
            values[f"{part}_sources"] = date_source_keys(conn, row_id, part)
    return values


def date_source_keys(conn: Connection, session_id: int, part: str) -> list[str]:
    """The keys of the sources a session's start or end date cites on its own
    (schema.session_date_source), as the log holds them (`start_sources`, `end_sources`)."""
    link, source = schema.session_date_source, schema.source
    return list(
        conn.execute(
            select(source.c.key)
            .join(link, link.c.source_id == source.c.id)
            .where(link.c.session_id == session_id, link.c.part == part)
            .order_by(source.c.id)
        ).scalars()
    )


def without_bookkeeping(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in BOOKKEEPING}


# The reason citylinks gives an undo when the officer gives none. It is stored in the officer's
# language (what they read back in `log`), marked as citylinks' own with MADE_MARK, so that
# `log` shows it in its reader's language (`reason_words`); an officer's reason is kept as
# written.
MADE_MARK = "citylinks: "
_MADE_REASONS = (N_("undo of entry {entry}"), N_("undo of change {change}"))
_TO_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def made_reason(entry: int | None, change: str | None) -> str:
    """The reason an undo is logged with when the officer gives none, in their language."""
    if entry is not None:
        return MADE_MARK + _(_MADE_REASONS[0], entry=entry)
    return MADE_MARK + _(_MADE_REASONS[1], change=Key(change or ""))


def reason_words(stored: str) -> str:
    """A log entry's reason in the reader's language: a reason citylinks made (MADE_MARK) is
    said again in it, whichever language it was stored in; an officer's is as written."""
    import re

    from citylinks.i18n import catalogue

    if not stored.startswith(MADE_MARK):
        return stored
    said = stored.removeprefix(MADE_MARK)
    for message in _MADE_REASONS:
        for form in {message, catalogue().get(message, message)}:
            pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>\\S+)", re.escape(form))
            found = re.fullmatch(pattern, said)
            if found:
                values: dict[str, object] = {
                    k: v.translate(_TO_ASCII_DIGITS) for k, v in found.groupdict().items()
                }
                if "change" in values:  # a key, as stored in every language
                    values["change"] = Key(values["change"])
                return _(message, **values)
    return said


# --- entries in words -----------------------------------------------------------------------

# Columns whose officers' word is not the column's name with spaces.
FIELD_WORDS = {
    "host_city_id": "host",
    "seat_city_id": "seat",
    "parent_id": "part of",
    "series_id": "series",
    "member_organization_id": "member",
    "on_behalf_of_city_id": "on behalf of",
    "on_behalf_of_organization_id": "on behalf of",
    "name_en": "English name",
    "name_fa": "Persian name",
    "lang": "language",
    "retracted_at": "retracted",
    "retraction_reason": "why retracted",
    "as_of": "as of",
}


def field_word(column: str) -> str:
    if column in FIELD_WORDS:
        return FIELD_WORDS[column]
    return column.removesuffix("_id").replace("_", " ")


def moment_words(at: datetime, seconds: bool = True, lines: bool = False) -> str:
    """A moment of the log (an entry's time, a record's retraction), as the reports show a day:
    "2026-12-01 05:59:12" in English; in Persian the Jalali day and the time first, the
    Gregorian day beside them, in Persian digits ("۱۰ آذر ۱۴۰۵ ۰۵:۵۹:۱۲ (۱ دسامبر ۲۰۲۶)"; on
    two `lines` in a table's narrow cell). The log's times are UTC; its JSON and CSV keep
    ISO 8601."""
    clock = at.strftime("%H:%M:%S" if seconds else "%H:%M")
    if language() != "fa":
        return f"{at.strftime('%Y-%m-%d')} {clock}"
    day = PartialDate.parse(at.date().isoformat())
    jalali, gregorian = day.format("jalali", "fa"), day.format("gregorian", "fa")
    beside = "\n" if lines else " "
    return f"{jalali} {text.to_persian_digits(clock)}{beside}({gregorian})"


def date_words(text: str | None) -> str:
    """A partial date's stored text in both calendars, as reports show it."""
    if text is None:
        return "unknown"
    try:
        return PartialDate.parse(text).format("both")
    except DateError:
        return text


def in_words(
    table_name: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    labels: Labeller | None,
) -> list[tuple[str, str | None, str | None]]:
    """An entry's values as officers know them: (field, before, after), with a partial date's
    four columns as one date in both calendars ("start: 2025 (1403–1404)"), a reference to
    another row as that row's name ("host: Tehran"), sources as their keys. The bookkeeping
    of a deleted row is left out, and so are an added row's empty fields."""
    table = schema.metadata.tables.get(table_name)
    before, after = before or {}, after or {}
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in BOOKKEEPING]
    dates = {
        k.removesuffix("_text")
        for k in keys
        if k.endswith("_text") and table is not None and k in table.c
    }
    shown: list[tuple[str, str | None, str | None]] = []
    done: set[str] = set()
    for key in keys:
        base = next((key.removesuffix(p) for p in DATE_PARTS if key.endswith(p)), None)
        if base is not None and base in dates and table is not None:
            if base in done:
                continue
            done.add(base)
            text_key = f"{base}_text"
            pair = tuple(
                date_words(side.get(text_key)) if text_key in side else None
                for side in (before, after)
            )
            if not before and after.get(text_key) in (None, "unknown"):
                continue  # an added row's unknown date
            shown.append((field_word(base), pair[0], pair[1]))
            continue
        pair = tuple(
            _value_words(table, key, side[key], labels) if key in side else None
            for side in (before, after)
        )
        if not before and after.get(key) in (None, [], ""):
            continue  # an added row's empty field
        if not after and before.get(key) in (None, [], ""):
            continue
        shown.append((field_word(key), pair[0], pair[1]))
    return shown


def _value_words(table: Table | None, key: str, value: Any, labels: Labeller | None) -> str:
    if value is None:
        return "none"
    if key == "sources":
        return ", ".join(value) if value else "none"
    if table is not None and key in table.c and labels is not None:
        for fk in table.c[key].foreign_keys:
            return labels.of(fk.column.table.name, value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if table is not None and key in table.c and isinstance(table.c[key].type, DateTime):
        # a moment (retracted at ...), as the log shows its own times
        try:
            return moment_words(datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def citation_words(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> str:
    """An update that only changed a row's sources, in words in the interface language:
    'cites S1', 'no longer cites S0'."""
    had = set((before or {}).get("sources") or ())
    has = list((after or {}).get("sources") or ())
    added = [k for k in has if k not in had]
    removed = sorted(had - set(has))
    parts = []
    if added:
        parts.append(_("cites {sources}", sources=added))
    if removed:
        parts.append(_("no longer cites {sources}", sources=removed))
    return ("؛ " if language() == "fa" else "; ").join(parts) or _("cites the same sources")
