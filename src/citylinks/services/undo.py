"""Undo: revert one logged change (an entry of the audit log), or one command's whole change
(the entries sharing a change id), by applying the inverse: an inserted row is deleted, a
deleted row is put back with its values, id, bookkeeping and citations, an updated row gets
its values (and citations) from before the update.

The undo is itself a change, logged like any other (citylinks.audit writes its entries). It is
refused, naming the later entry that stands in the way, when a later entry not being undone
touched the same row, when another row now refers to a row the undo would delete, or when a
row put back would refer to a row since removed, or take a key another row holds now. The
rows are written through SQLAlchemy Core, so that a row put back is exactly the row removed
(the ORM would give it a new version); the entries are built by citylinks.audit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, Table, UniqueConstraint, delete, insert, select, update

from citylinks import audit, schema, text
from citylinks.errors import CitylinksError, Conflict, NotFound
from citylinks.i18n import N_, Key, _, language, listing

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row
    from sqlalchemy.orm import Session

_ACTIONS = {"insert": N_("added"), "update": N_("changed"), "delete": N_("removed")}


@dataclass
class Undone:
    """What an undo did, in words."""

    message: str
    entries: list[int]
    # The undo's own change id (`citylinks undo --change` reverts the undo).
    change_id: str


def undo(session: Session, entry: int | None = None, change: str | None = None) -> Undone:
    """Revert the log entry `entry`, or every entry of the change `change` (a change id or a
    unique start of one), newest first."""
    conn = session.connection()
    log = schema.audit_log.c
    if (entry is None) == (change is None):
        raise CitylinksError(_("give an entry number, or --change ID, not both"))
    if change is not None:
        found = audit.find_change(conn, change)
        entries = list(conn.execute(select(schema.audit_log).where(log.change_id == found)))
        what = _("change {id}", id=Key(found[:8]))
    else:
        one = conn.execute(select(schema.audit_log).where(log.id == entry)).first()
        if one is None:
            raise NotFound(_("no entry {entry} in the log: see `citylinks log`", entry=entry))
        entries = [one]
        what = _("entry {id}", id=entry)
    entries.sort(key=lambda r: r.id)
    if session.info.get("reason") is None:
        session.info["reason"] = audit.made_reason(entry, None if change is None else found[:8])
    _refuse_imported(session, entries)
    undoing = {r.id for r in entries}
    _name_entries(session, entries)
    for r in entries:
        _refuse_later_changes(session, r, undoing)
    records = {(r.table_name, r.row_id) for r in entries}
    for r in reversed(entries):
        owner = _owner(session, r)
        _INVERSE[r.action](session, r)
        if owner is not None and owner not in records:
            _touch(session, *owner)
        session.expire_all()  # rows written by Core: the session reads them again
    _refuse_nameless(session, entries)
    _kept_as_read(session, entries)
    first = entries[0]
    shown = (
        _(
            "{action} {label}",
            action=_(_ACTIONS.get(first.action, first.action)),
            label=_label(session, first),
        )
        if len(entries) == 1
        else _("{n} entries", n=len(entries))
    )
    return Undone(
        _("{what} ({shown})", what=what, shown=shown), sorted(undoing), audit.change_id(session)
    )


def _kept_as_read(session: Session, entries: list[Row]) -> None:
    """A kept Popolo object whose row no one had edited since it was read, when the change
    (a newer version imported with --overwrite) replaced it (its entry's `as_read`): the
    object is back, and so is the row, at a new version; the object is kept with that
    version, so that the export writes it as it was read, byte for byte, as before."""
    conn = session.connection()
    extra = schema.popolo_extra
    for r in entries:
        if r.table_name != "popolo_extra" or r.action != "update":
            continue
        if not (r.before or {}).get("as_read"):
            continue
        found = conn.execute(
            select(extra.c.table_name, extra.c.row_id).where(extra.c.id == r.row_id)
        ).first()
        if found is None or found.table_name is None:
            continue
        table = schema.metadata.tables[found.table_name]
        version = conn.execute(select(table.c.version).where(table.c.id == found.row_id)).scalar()
        if version is not None:
            conn.execute(update(extra).where(extra.c.id == r.row_id).values(row_version=version))


def find_record(session: Session, typed: str) -> list[tuple[str, int]]:
    """The records `typed` names, as (table, id): one fact written as `cite` takes it (REF), a
    session written ORG/SERIES/N, else every
    organization, city, person, source or country it names (by key, code or name, as other
    commands take them)."""
    from citylinks.services import facts, lookup, sessions, sources

    if facts.is_ref(typed):  # one fact, as `cite` names it: phase:yazd/amf/2, post:7, ...
        try:
            fact = facts.find_fact(session, typed)
        except CitylinksError:
            removed = facts.row_named(typed)  # a row since removed: its history is logged
            if removed is None:
                raise
            return [removed]
        return [(fact.table, fact.row.id)]
    if "/" in typed:
        return [("session", sessions.find_session_ref(session, typed).id)]
    finders = (
        ("organization", lambda: lookup.find_organization_ref(session, typed).id),
        ("city", lambda: lookup.find_city_ref(session, typed).id),
        ("person", lambda: lookup.find_person(session, typed).id),
        ("source", lambda: sources.get_source(session, typed).id),
        ("country", lambda: _country_id(session, typed)),
    )
    found = []
    for table, finder in finders:
        try:
            found.append((table, finder()))
        except CitylinksError:
            continue
    return found


def _country_id(session: Session, typed: str) -> int:
    from citylinks.model import Country
    from citylinks.services import lookup

    code = lookup.find_country_ref(session, typed).code
    return session.scalars(select(Country.id).where(Country.code == code)).one()


# --- the record a part belongs to ------------------------------------------------------------

# The parts of a record whose change is a new version of the record (citylinks.services.
# audit_log.touch): its names (and their citations) and identifiers, by table, with the
# record's table.
_PARTS = {
    "city_name": "city",
    "organization_name": "organization",
    "person_name": "person",
    "city_identifier": "city",
    "organization_identifier": "organization",
}


def _owner(session: Session, r: Row) -> tuple[str, int] | None:
    """The record the entry's row is a part of (table, id), as the row is now or the entry
    left it; None for a row that is no part."""
    owner = _PARTS.get(r.table_name)
    if owner is None:
        return None
    column = f"{owner}_id"
    table = _table(r)
    now = session.connection().execute(select(table.c[column]).where(table.c.id == r.row_id))
    found = now.scalar()
    if found is None:
        found = (r.before or {}).get(column)
    return (owner, found) if found is not None else None


def _touch(session: Session, table_name: str, row_id: int) -> None:
    """A new version of the record a part of which the undo changed, as the change made one:
    an officer holding the version the change left is refused."""
    table = schema.metadata.tables[table_name]
    officer, at = _officer_and_time(session)
    session.connection().execute(
        update(table)
        .where(table.c.id == row_id)
        .values(version=table.c.version + 1, updated_at=at, updated_by=officer)
    )


# --- refusals -------------------------------------------------------------------------------


def _named(session: Session, r: Row) -> str:
    at = audit.moment_words(r.at, seconds=False)
    return _(
        "entry {id} ({action} {label}, by {officer} at {at})",
        id=r.id,
        action=_(_ACTIONS.get(r.action, r.action)),
        label=_label(session, r),
        officer=r.officer,
        at=at,
    )


def _label(session: Session, r: Row) -> str:
    """The record an entry names, as `log` names it: the label the log stored (English); in
    another language, made from the row (as it was before the undo began: `_name_entries`),
    else from the values the entry holds of it."""
    stored = r.row_label or f"{r.table_name} #{r.row_id}"
    if language() == "en" or r.imported_at is not None:  # another database's row: as stored
        return stored
    named = session.info.get(_NAMES, {}).get(r.id)
    if named is None:
        values = r.after or r.before or {}
        named = audit.Labeller(session).named(r.table_name, r.row_id, values)
    return named or stored


# session.info's key of the entries' names in the reader's language, made before the undo
# removes a record's parts (a city's names) that its name is made of.
_NAMES = "undo_names"


def _name_entries(session: Session, entries: list[Row]) -> None:
    if language() == "en":
        return
    labeller = audit.Labeller(session)
    session.info[_NAMES] = {
        r.id: labeller.named(r.table_name, r.row_id, r.after or r.before or {}) for r in entries
    }


def _latest_entry(conn: Connection, table_name: str, row_id: int) -> Row | None:
    log = schema.audit_log.c
    return conn.execute(
        select(schema.audit_log)
        .where(log.table_name == table_name, log.row_id == row_id)
        .where(log.imported_at.is_(None))  # an imported entry names another database's row
        .order_by(log.id.desc())
        .limit(1)
    ).first()


def _stands_in_way(session: Session, r: Row, table_name: str, row_id: int, why: str) -> Conflict:
    """The refusal naming the latest entry of the row (table_name, row_id), which stands in the
    way of undoing `r`."""
    later = _latest_entry(session.connection(), table_name, row_id)
    if later is None:
        name = audit.Labeller(session).of(table_name, row_id)
        return Conflict(
            _(
                "cannot undo {named}: {name} {why}; nothing was changed",
                named=_named(session, r),
                name=name,
                why=why,
            )
        )
    change = _later_change(session, r, later)
    if change is not None:
        return Conflict(
            _(
                "cannot undo {named}: {named2}, of the later change {change}, {why}; undo that change first (`citylinks undo --change {change}`); nothing was changed",
                named=_named(session, r),
                named2=_named(session, later),
                why=why,
                change=change,
            )
        )
    return Conflict(
        _(
            "cannot undo {named}: {named2} {why}; undo that first (`citylinks undo {id}`); nothing was changed",
            named=_named(session, r),
            named2=_named(session, later),
            why=why,
            id=later.id,
        )
    )


def _later_change(session: Session, r: Row, later: Row) -> str | None:
    """The change id (its first 8 characters, as `log` shows it) of the later entry that
    stands in the way, when that entry is one of several of another change (an import): that
    change is what to undo first, never one entry of it. None for an entry of its own."""
    if later.change_id is None or later.change_id == r.change_id:
        return None
    log = schema.audit_log.c
    several = (
        session.connection()
        .execute(
            select(log.id).where(log.change_id == later.change_id, log.id != later.id).limit(1)
        )
        .first()
    )
    return later.change_id[:8] if several is not None else None


def _refuse_imported(session: Session, entries: list[Row]) -> None:
    """Refuse an entry recorded in another database (read with `import dataset` from a file
    `export dataset --with-audit` wrote): its row ids, and the ids among its values, name that
    database's rows, so that here they may name other records (or none). Such an entry is
    never undone here, whatever the row that holds its id now."""
    for r in entries:
        if r.imported_at is None:
            continue
        raise Conflict(
            _(
                "cannot undo {named}: it was recorded in another database and imported here from {file} on {at}, and the rows it names are that database's; undo it there and export again, or correct the record here with its own command; nothing was changed",
                named=_named(session, r),
                file=r.imported_from,
                at=audit.moment_words(r.imported_at, seconds=False),
            )
        )


def _refuse_later_changes(session: Session, r: Row, undoing: set[int]) -> None:
    log = schema.audit_log.c
    standing = _standing(
        session.connection().execute(
            select(schema.audit_log)
            .where(
                log.table_name == r.table_name,
                log.row_id == r.row_id,
                log.id > r.id,
                log.id.not_in(undoing),
                log.imported_at.is_(None),  # another database's rows
            )
            .order_by(log.id)
        )
    )
    later = standing[0] if standing else None
    if later is not None and (change := _later_change(session, r, later)) is not None:
        raise Conflict(
            _(
                "cannot undo {named}: {named2}, of the later change {change}, changed the same record; undo that change first (`citylinks undo --change {change}`); nothing was changed",
                named=_named(session, r),
                named2=_named(session, later),
                change=change,
            )
        )
    if later is not None:
        raise Conflict(
            _(
                "cannot undo {named}: {named2} changed the same record later; undo that first (`citylinks undo {id}`); nothing was changed",
                named=_named(session, r),
                named2=_named(session, later),
                id=later.id,
            )
        )


def _standing(entries: Iterable[Row]) -> list[Row]:
    """Of the later entries of one row, oldest first, those still standing: an entry followed
    by its inverse (its undo: the row put back as it was before it) stands no more, nor does
    the inverse, so that an import undone (a newer version of a document) no longer stands
    in the way of undoing the one before it."""
    stack: list[Row] = []
    for e in entries:
        if stack and _reverts(stack[-1], e):
            stack.pop()
        else:
            stack.append(e)
    return stack


def _reverts(done: Row, then: Row) -> bool:
    """Whether the entry `then` put the row back as it was before the entry `done`."""
    if (done.action, then.action) == ("insert", "delete"):
        return True
    if (done.action, then.action) == ("delete", "insert"):
        return audit.without_bookkeeping(then.after or {}) == audit.without_bookkeeping(
            {k: v for k, v in (done.before or {}).items() if k in (then.after or {})}
        )
    if (done.action, then.action) == ("update", "update"):
        before = audit.without_bookkeeping(done.before or {})
        return bool(before) and audit.without_bookkeeping(then.after or {}) == before
    return False


def _refuse_dependents(session: Session, r: Row, table: Table) -> None:
    """Refuse to delete row r.row_id of `table` while another row refers to it (its own
    citations, and a session's date citations, aside: they go with it)."""
    conn = session.connection()
    own = {schema.CITING.get(table.name), schema.session_date_source}
    for other in schema.metadata.sorted_tables:
        if other in own or other.name == "audit_log":
            continue
        for fk in other.foreign_keys:
            if fk.column.table is not table:
                continue
            found = (
                conn.execute(select(other).where(fk.parent == r.row_id).limit(1)).mappings().first()
            )
            if found is None:
                continue
            if "id" in found:
                raise _stands_in_way(session, r, other.name, found["id"], _("refers to it"))
            # A citation: the row that cites this source.
            cited = other.name.removesuffix("_source")
            raise _stands_in_way(session, r, cited, found[f"{cited}_id"], _("cites it"))


def _refuse_nameless(session: Session, entries: list[Row]) -> None:
    """A record the undo would leave without a name (its only name's addition undone, and not
    the record's): refused, as `edit --remove-name` refuses it (names.py)."""
    conn = session.connection()
    for r in entries:
        owner = _PARTS.get(r.table_name) if r.table_name.endswith("_name") else None
        owner_id = (r.after or r.before or {}).get(f"{owner}_id") if owner else None
        if owner is None or owner_id is None:
            continue
        record = schema.metadata.tables[owner]
        names = schema.metadata.tables[r.table_name]
        if conn.execute(select(record.c.id).where(record.c.id == owner_id)).first() is None:
            continue
        if conn.execute(select(names.c.id).where(names.c[f"{owner}_id"] == owner_id)).first():
            continue
        raise Conflict(
            _(
                "cannot undo {named}: the {record} would have no name left; undo the {record}'s"
                " addition instead, or add another name first (--add-name); nothing was changed",
                named=_named(session, r),
                record=_(owner),
            )
        )


def _refuse_missing_references(session: Session, r: Row, table: Table, values: dict) -> None:
    """Refuse to write `values` into `table` when a row they refer to is gone."""
    conn = session.connection()
    for column in table.c:
        value = values.get(column.name)
        if value is None or column.name == "id":
            continue
        for fk in column.foreign_keys:
            target = fk.column.table
            there = conn.execute(select(target.c.id).where(target.c.id == value)).first()
            if there is None:
                raise _stands_in_way(
                    session, r, target.name, value, _("removed a record it refers to")
                )


def _refuse_clashes(session: Session, r: Row, table: Table, values: dict, row_id: int) -> None:
    """Refuse to write `values` (the row's whole values) when another row holds the same key
    (a UNIQUE column or set of columns)."""
    conn = session.connection()
    unique = [
        tuple(c.name for c in u.columns)
        for u in table.constraints
        if isinstance(u, UniqueConstraint)
    ]
    unique += [(c.name,) for c in table.c if c.unique]
    for columns in unique:
        if any(values.get(c) is None for c in columns):
            continue
        clash = conn.execute(
            select(table.c.id)
            .where(*(table.c[c] == values[c] for c in columns), table.c.id != row_id)
            .limit(1)
        ).scalar()
        if clash is not None:
            shown = listing(f"{c} {values[c]}" for c in columns)
            raise _stands_in_way(
                session, r, table.name, clash, _("holds the same {shown} now", shown=shown)
            )


def _source_ids(session: Session, r: Row, keys: list[str]) -> list[int]:
    conn = session.connection()
    source = schema.source
    ids = []
    for key in keys:
        found = conn.execute(select(source.c.id).where(source.c.key == key)).scalar()
        if found is None:
            log = schema.audit_log.c
            gone = conn.execute(
                select(log.row_id)
                .where(log.table_name == "source", log.row_label == key)
                .where(log.imported_at.is_(None))  # another database's row ids
                .order_by(log.id.desc())
                .limit(1)
            ).scalar()
            if gone is not None:
                raise _stands_in_way(
                    session, r, "source", gone, _("removed source {key}, cited", key=key)
                )
            raise Conflict(
                _(
                    "cannot undo {named}: it cites source {key}, which is no longer recorded; nothing was changed",
                    named=_named(session, r),
                    key=key,
                )
            )
        ids.append(found)
    return ids


# --- the inverses ---------------------------------------------------------------------------


def _table(r: Row) -> Table:
    return schema.metadata.tables[r.table_name]


def _officer_and_time(session: Session) -> tuple[str, Any]:
    return session.info.get("officer", "unknown"), session.info.get("now") or audit.now()


def _log(session: Session, action: str, r: Row, label: str | None, before, after) -> None:
    officer, at = _officer_and_time(session)
    audit.log_rows(
        session, [audit.entry(at, officer, action, r.table_name, r.row_id, label, before, after)]
    )


def _set_citations(session: Session, r: Row, table: Table, keys: list[str]) -> None:
    link = schema.CITING[table.name]
    ids = _source_ids(session, r, keys)
    conn = session.connection()
    column = link.c[f"{table.name}_id"]
    conn.execute(delete(link).where(column == r.row_id))
    if ids:
        conn.execute(insert(link), [{column.name: r.row_id, "source_id": i} for i in ids])


# A session's date citations, which the log keeps as these two fields of the session.
_DATE_SOURCES = {"start_sources": "start", "end_sources": "end"}


def _set_date_citations(session: Session, r: Row, values: dict) -> None:
    link = schema.session_date_source
    conn = session.connection()
    for field, part in _DATE_SOURCES.items():
        if field not in values:
            continue
        ids = _source_ids(session, r, values[field] or [])
        conn.execute(delete(link).where(link.c.session_id == r.row_id, link.c.part == part))
        if ids:
            conn.execute(
                insert(link), [{"session_id": r.row_id, "part": part, "source_id": i} for i in ids]
            )


def _undo_insert(session: Session, r: Row) -> None:
    """Delete the row the entry added (and its own citations)."""
    table = _table(r)
    conn = session.connection()
    current = audit.row_values(conn, table, r.row_id)
    if current is None:
        raise Conflict(
            _(
                "cannot undo {named}: the record is no longer there; nothing was changed",
                named=_named(session, r),
            )
        )
    # The row as the insert left it, but for its bookkeeping (an update undone in the same
    # change gave it a new version and officer).
    _refuse_unless_as_left(session, r, table, current, dict(r.after or {}), bookkeeping=False)
    _refuse_dependents(session, r, table)
    with audit.in_english():  # the log's own label
        label = audit.Labeller(session).of(table.name, r.row_id)
    link = schema.CITING.get(table.name)
    if link is not None:
        conn.execute(delete(link).where(link.c[f"{table.name}_id"] == r.row_id))
    if table.name == "session":  # its dates' own citations go with it
        dated = schema.session_date_source
        conn.execute(delete(dated).where(dated.c.session_id == r.row_id))
    conn.execute(delete(table).where(table.c.id == r.row_id))
    audit.forget_kept_objects(conn, table.name, [r.row_id])
    _log(session, "delete", r, label, current, None)


def _undo_delete(session: Session, r: Row) -> None:
    """Put back the row the entry removed: its values, id, bookkeeping and citations."""
    table = _table(r)
    conn = session.connection()
    values = dict(r.before or {})
    if conn.execute(select(table.c.id).where(table.c.id == r.row_id)).first() is not None:
        raise _stands_in_way(session, r, table.name, r.row_id, _("holds its id now"))
    _refuse_missing_references(session, r, table, values)
    _refuse_clashes(session, r, table, values, r.row_id)
    officer, at = _officer_and_time(session)
    row: dict[str, Any] = {"id": r.row_id}
    for column in table.c:
        name = column.name
        if name in values:
            row[name] = audit.stored(table, name, values[name])
        elif name == "folded" and "name" in values:
            row[name] = text.fold(values["name"])
        elif name in ("created_at", "updated_at"):
            row[name] = at  # an entry written before deletions kept the bookkeeping
        elif name in ("created_by", "updated_by"):
            row[name] = officer
        elif name == "version":
            row[name] = 1
    if "folded" in table.c and "name" in values:
        row["folded"] = text.fold(values["name"])
    conn.execute(insert(table).values(row))
    if "sources" in values and table.name in schema.CITING:
        _set_citations(session, r, table, values["sources"])
    if table.name == "session":
        _set_date_citations(session, r, values)
    after = audit.without_bookkeeping(audit.row_values(conn, table, r.row_id) or {})
    with audit.in_english():  # the log's own label
        label = audit.Labeller(session).of(table.name, r.row_id)
    _log(session, "insert", r, label, None, after)


def _refuse_unless_as_left(
    session: Session, r: Row, table: Table, current: dict, after: dict, bookkeeping: bool = True
) -> None:
    """Refuse unless row r.row_id holds what the entry left (`after`): a row changed outside
    the log, or another row under the entry's id (an audit log imported with a dataset
    names the rows of the database it was exported from), is never touched."""
    for key, value in after.items():
        if key not in current or (not bookkeeping and key in audit.BOOKKEEPING):
            continue
        if key == "sources" or key in _DATE_SOURCES:
            differs = set(current[key]) != set(value or ())
        elif isinstance(table.c[key].type, DateTime):
            continue  # kept to the second by some databases: not compared
        else:
            differs = current[key] != value
        if differs:
            word = audit.field_word(key)
            raise Conflict(
                _(
                    "cannot undo {named}: its {word} is no longer what that entry left (changed outside the log); nothing was changed",
                    named=_named(session, r),
                    word=word,
                )
            )


def _undo_update(session: Session, r: Row) -> None:
    """Give the row the values (and citations) it had before the entry's update."""
    table = _table(r)
    conn = session.connection()
    before, after = dict(r.before or {}), dict(r.after or {})
    current = audit.row_values(conn, table, r.row_id)
    if current is None:
        raise _stands_in_way(session, r, table.name, r.row_id, _("removed the record"))
    _refuse_unless_as_left(session, r, table, current, after)
    restored = {
        k: v
        for k, v in before.items()
        if k != "sources" and k not in _DATE_SOURCES and k in table.c
    }
    _refuse_missing_references(session, r, table, restored)
    _refuse_clashes(session, r, table, {**current, **restored}, r.row_id)
    row = {k: audit.stored(table, k, v) for k, v in restored.items()}
    if "folded" in table.c and "name" in row:
        row["folded"] = text.fold(row["name"])
    if "version" in table.c:
        officer, at = _officer_and_time(session)
        row.update(version=table.c.version + 1, updated_at=at, updated_by=officer)
    if row:  # an update of a name's citations alone changes no column of the name
        conn.execute(update(table).where(table.c.id == r.row_id).values(row))
    if "sources" in before and table.name in schema.CITING:
        _set_citations(session, r, table, before["sources"] or [])
    if table.name == "session":
        _set_date_citations(session, r, before)
    with audit.in_english():  # the log's own label
        label = audit.Labeller(session).of(table.name, r.row_id)
    was = {k: current.get(k) for k in before}
    _log(session, "update", r, label, was, before)


_INVERSE = {"insert": _undo_insert, "update": _undo_update, "delete": _undo_delete}
