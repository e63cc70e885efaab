"""The audit trail, read back: who changed what, when, with the values before and after, the
record named and the values shown as officers know them (citylinks.audit's words)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, false, func, or_, select

from citylinks import schema
from citylinks.dates import DateError, PartialDate
from citylinks.errors import CitylinksError
from citylinks.i18n import _, language, listing
from citylinks.schema import LARGEST_NUMBER

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row

    from citylinks.audit import Labeller

DEFAULT_LIMIT = 200

# The rows that belong to a record, for `log --record`: a city's names, identifiers,
# designations, memberships (and their phases), roles and posts; an organization's names,
# mottos, counts, series (and their sessions), memberships; a session's numberings, counts
# and attendance; a person's names and posts. (table, its column naming the record.)
DEPENDENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "city": (
        ("city_name", "city_id"),
        ("city_identifier", "city_id"),
        ("designation", "city_id"),
        ("membership", "city_id"),
        ("role", "city_id"),
        ("post", "city_id"),
    ),
    "organization": (
        ("organization_name", "organization_id"),
        ("organization_identifier", "organization_id"),
        ("motto", "organization_id"),
        ("member_count_claim", "organization_id"),
        ("meeting_series", "organization_id"),
        ("membership", "organization_id"),
        ("membership", "member_organization_id"),
        ("role", "organization_id"),
        ("post", "organization_id"),
    ),
    "membership": (("membership_phase", "membership_id"),),
    "meeting_series": (("session", "series_id"),),
    "session": (
        ("session_numbering", "session_id"),
        ("attendance_claim", "session_id"),
        ("attendance", "session_id"),
    ),
    "person": (("person_name", "person_id"), ("post", "person_id")),
}


@dataclass(frozen=True)
class LogEntry:
    id: int
    at: datetime
    officer: str
    action: str
    table: str
    row_id: int
    label: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    change_id: str | None = None
    reason: str | None = None
    # (field, before, after) as officers know them: see citylinks.audit.in_words.
    changes: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    # What happened, in a word or two: "added", "changed", "removed", "cites S1".
    summary: str = ""
    # The record named and its changes in the reader's language ("Yazd در AMF، مرحلهٔ ۲"):
    # `label`, `changes` and `summary` are the log's own English words (JSON, CSV).
    shown_label: str = ""
    shown_changes: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    # An entry recorded in another database, read with `import dataset` (its row ids are that
    # database's): the file's name and when it was imported; None for an entry made here.
    imported_from: str | None = None
    imported_at: datetime | None = None


def audited_tables() -> list[str]:
    """The tables whose changes the audit log records, by name."""
    return sorted(t for t in schema.metadata.tables if t not in ("audit_log", "alembic_version"))


def day_bound(value: str, option: str, last: bool = False) -> datetime:
    """The first moment of the date `value` (either calendar, any precision), or with `last`
    the first moment after it: `--until 1404` takes in the whole Jalali year."""
    try:
        day = PartialDate.parse(value)
    except DateError as exc:
        raise CitylinksError(_("{option}: {error}", option=option, error=exc)) from None
    bound = day.latest if last else day.earliest
    if bound is None:
        if last:
            message = _(
                "{option}: '{value}' has no last day: give a date such as 2025-11 or 1404-09",
                option=option,
                value=value,
            )
        else:
            message = _(
                "{option}: '{value}' has no first day: give a date such as 2025-11 or 1404-09",
                option=option,
                value=value,
            )
        raise CitylinksError(message)
    if last:
        bound += timedelta(days=1)
    return datetime.combine(bound, time.min, tzinfo=UTC)


def audit_log(
    conn: Connection,
    since: str | None = None,
    officer: str | None = None,
    table: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
    until: str | None = None,
    rows: Iterable[tuple[str, int]] | None = None,
    change: str | None = None,
    entry: int | None = None,
) -> list[LogEntry]:
    """The newest `limit` entries matching the filters, oldest first. `rows`: only entries of
    these (table, row id) pairs (a record and its dependent rows, `record_rows`); `change`:
    one command's entries, by its change id or a prefix of it."""
    log = schema.audit_log.c
    stmt = select(schema.audit_log)
    first = day_bound(since, "--since") if since is not None else None
    after = day_bound(until, "--until", last=True) if until is not None else None
    if first is not None and after is not None and after <= first:
        raise CitylinksError(
            _(
                "--until {until} is before --since {since}: give the earlier date to --since",
                until=until,
                since=since,
            )
        )
    if first is not None:
        stmt = stmt.where(log.at >= first)
    if after is not None:
        stmt = stmt.where(log.at < after)
    if officer is not None and not officer.strip():
        raise CitylinksError(_("--officer is empty: give an officer's name, as `log` shows it"))
    if officer is not None:
        stmt = stmt.where(func.lower(log.officer) == officer.strip().lower())
    if table is not None:
        wanted = table.strip().lower().replace("-", "_")
        tables = audited_tables()
        if wanted not in tables:
            raise CitylinksError(
                _(
                    "--table: no table '{table}': use one of {tables}",
                    table=table,
                    tables=listing(tables),
                )
            )
        stmt = stmt.where(log.table_name == wanted)
    if rows is not None:
        stmt = stmt.where(_of_rows(rows), _made_here())
    if change is not None:
        from citylinks import audit

        stmt = stmt.where(log.change_id == audit.find_change(conn, change, "--change"))
    if entry is not None:
        stmt = stmt.where(log.id == entry)
    if limit is not None:
        if limit < 1:
            raise CitylinksError(_("--limit must be 1 or more"))
        stmt = stmt.order_by(log.id.desc()).limit(min(limit, LARGEST_NUMBER))
    found = sorted(conn.execute(stmt), key=lambda r: r.id)
    return described(conn, found)


def described(conn: Connection, found: list[Row]) -> list[LogEntry]:
    """The entries `found` (rows of audit_log), each with its record named and its values in
    words."""
    from citylinks import audit

    labels = audit.Labeller(conn)
    # An imported entry's ids name another database's rows: never looked up here.
    here = [r for r in found if r.imported_at is None]
    labels.read_ahead(
        ((r.table_name, r.row_id) for r in here),
        ((r.table_name, side) for r in here for side in (r.before, r.after)),
    )
    entries = []
    for r in found:
        before, after = r.before, r.after
        # An imported entry's ids name another database's rows: never looked up here.
        imported = r.imported_at is not None
        rows_here = None if imported else labels
        with audit.in_english():
            label = (r.row_label or f"{r.table_name} #{r.row_id}") if imported else None
            label = label or _label(conn, labels, r)
            changes = audit.in_words(r.table_name, before, after, rows_here)
            said = summary(r.action, before, after)
        shown_label, shown_changes = label, changes
        if language() != "en":
            if not imported:
                shown_label = _shown_label(conn, labels, r) or label
            shown_changes = audit.in_words(r.table_name, before, after, rows_here)
        if imported:
            shown_label = _("{record} (imported)", record=shown_label)
        entries.append(
            LogEntry(
                id=r.id,
                at=_utc(r.at),
                officer=r.officer,
                action=r.action,
                table=r.table_name,
                row_id=r.row_id,
                label=label,
                before=before,
                after=after,
                change_id=r.change_id,
                reason=r.reason,
                changes=changes,
                summary=said,
                shown_label=shown_label,
                shown_changes=shown_changes,
                imported_from=r.imported_from,
                imported_at=_utc(r.imported_at),
            )
        )
    return entries


def _utc(at: Any) -> Any:
    """A moment of the log, aware (SQLite gives them back naive, in UTC)."""
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


def _made_here() -> Any:
    """The entries recorded in this database: an imported one's row ids (and the ids among
    its values) name the rows of the database it was recorded in, which may be other
    records here, so it is never matched to a record by them."""
    return schema.audit_log.c.imported_at.is_(None)


def _shown_label(conn: Connection, labels: Labeller, r: Row) -> str | None:
    """The record an entry names, in the reader's language, built from the row's data (the
    row now, else the values the log holds of it), names kept as written."""
    # The values the log holds are looked up only for a row that is gone (one query each).
    return labels.named(r.table_name, r.row_id, r.after or r.before or {})


def summary(action: str, before: dict | None, after: dict | None) -> str:
    from citylinks import audit

    if action == "update" and set(after or {}) == {"sources"}:
        return audit.citation_words(before, after)
    return {"insert": "added", "update": "changed", "delete": "removed"}.get(action, action)


def _label(conn: Connection, labels: Labeller, r: Row) -> str:
    """The record's name: as it was written with the entry, or, for an entry written before
    the log named rows in words (or by the bulk path), the row's name now, else as its last
    full entry gives it."""
    from citylinks import audit

    fallback = f"{r.table_name} #{r.row_id}"
    if r.table_name not in audit.LABEL_RULES:
        return r.row_label or fallback
    if r.row_label is not None and r.row_label != _old_style_label(conn, r):
        return r.row_label
    try:
        current = labels.current(r.table_name, r.row_id)
        if current is not None:
            return labels.label_of(r.table_name, current) or fallback
        transient = labels.transient(r.table_name, _last_values(conn, r))
        return labels.label_of(r.table_name, transient) or r.row_label or fallback
    except Exception:  # noqa: BLE001 - a name that cannot be worked out is shown as stored
        return r.row_label or fallback


def _old_style_label(conn: Connection, r: Row) -> str | None:
    from citylinks import audit

    values = r.after or r.before or {}
    found = audit.label(values)
    if found is None and r.table_name in schema.metadata.tables:
        table = schema.metadata.tables[r.table_name]
        wanted = [table.c[a] for a in audit.LABEL_ATTRIBUTES if a in table.c]
        if wanted:
            row = conn.execute(select(*wanted).where(table.c.id == r.row_id)).mappings().first()
            found = audit.label(dict(row) if row else {})
    return found


def _last_values(conn: Connection, r: Row) -> dict[str, Any]:
    """A removed row's values: those of its last insert or delete entry, then this entry's."""
    from citylinks.audit import Labeller

    return Labeller(conn).last_values(r.table_name, r.row_id, r.after or r.before or {})


# The tables of the records `log --record` names; `person merge`, `city merge` and `source
# merge` remove one such record into another.
RECORD_TABLES = ("city", "organization", "person", "source", "country")


def record_rows(conn: Connection, roots: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
    """The rows of the records `roots` and of what depends on them (`DEPENDENTS`), those in
    the database now and those the log holds (since removed); and the rows of every record
    merged into one of them, so that its history (its removal by the merge included) is the
    kept record's too."""
    records = set(roots)
    found = _dependent_rows(conn, records)
    merged = _merged_into(conn, records, found)
    while merged:
        records |= merged
        found |= _dependent_rows(conn, merged)
        merged = _merged_into(conn, records, found)
    return found


def _dependent_rows(conn: Connection, roots: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
    log = schema.audit_log.c
    found: set[tuple[str, int]] = set()
    pending = list(roots)
    logged: dict[str, list[tuple[int, dict]]] = {}
    while pending:
        table_name, row_id = pending.pop()
        if (table_name, row_id) in found:
            continue
        found.add((table_name, row_id))
        for child, column in DEPENDENTS.get(table_name, ()):
            table = schema.metadata.tables[child]
            ids = set(conn.execute(select(table.c.id).where(table.c[column] == row_id)).scalars())
            if child not in logged:
                logged[child] = [
                    (e.row_id, e.after or e.before or {})
                    for e in conn.execute(
                        select(log.row_id, log.before, log.after).where(
                            log.table_name == child,
                            log.action.in_(("insert", "delete")),
                            _made_here(),
                        )
                    )
                ]
            ids |= {i for i, values in logged[child] if values.get(column) == row_id}
            pending.extend((child, i) for i in ids)
    return found


def _merged_into(
    conn: Connection, records: set[tuple[str, int]], rows: set[tuple[str, int]]
) -> set[tuple[str, int]]:
    """Records of the same kind as one of `records` that a change touching `rows` removed
    while it kept that record: merged into it (a merge moves the other record's names and
    facts, then removes it). A change that removed the record itself (its own removal, an
    undone import) merged nothing into it."""
    log = schema.audit_log.c
    kinds = {table for table, _ in records if table in RECORD_TABLES}
    if not kinds:
        return set()
    changes = set(
        conn.execute(
            select(log.change_id)
            .distinct()
            .where(log.change_id.is_not(None), _of_rows(rows), _made_here())
        ).scalars()
    )
    if not changes:
        return set()
    removed: dict[str, set[tuple[str, int]]] = {}
    for change_id, table_name, row_id in conn.execute(
        select(log.change_id, log.table_name, log.row_id).where(
            log.action == "delete",
            log.table_name.in_(sorted(kinds)),
            log.change_id.in_(sorted(changes)),
        )
    ):
        removed.setdefault(change_id, set()).add((table_name, row_id))
    merged: set[tuple[str, int]] = set()
    for gone in removed.values():
        if not gone & records:
            merged |= gone
    return merged


def _of_rows(rows: Iterable[tuple[str, int]]) -> Any:
    """The audit_log entries of `rows` ((table, row id) pairs)."""
    log = schema.audit_log.c
    by_table: dict[str, set[int]] = {}
    for name, row_id in rows:
        by_table.setdefault(name, set()).add(row_id)
    return or_(
        false(),  # no rows: no entries
        *(
            and_(log.table_name == name, schema.ids_in(log.row_id, sorted(ids)))
            for name, ids in sorted(by_table.items())
        ),
    )


def logged_records(conn: Connection, typed: str) -> list[tuple[str, int]]:
    """Records the log names `typed` (any case): a record since removed, for `log --record`."""
    log = schema.audit_log.c
    wanted = typed.strip().lower()
    return sorted(
        {
            (r.table_name, r.row_id)
            for r in conn.execute(
                select(log.table_name, log.row_id)
                .where(func.lower(log.row_label) == wanted, _made_here())
                .where(log.table_name.in_(("city", "organization", "person", "source", "country")))
            )
        }
    )
