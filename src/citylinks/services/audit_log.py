"""The audit trail, read back: who changed what, when, with the values before and after; and
the optimistic-locking check that refuses an edit of a row changed since the officer read it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from citylinks.errors import CitylinksError, Conflict
from citylinks.model import AuditEntry, Base
from citylinks.services.common import LARGEST_NUMBER, parse_date

if TYPE_CHECKING:
    from citylinks.db import Database

DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    officer: str
    action: str
    table: str
    row_id: int
    label: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _tables() -> list[str]:
    return sorted(t for t in Base.metadata.tables if t not in ("audit_log", "alembic_version"))


def entries(
    session: Session,
    since: str | None = None,
    officer: str | None = None,
    table: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> list[LogEntry]:
    """The newest `limit` entries matching the filters, oldest first."""
    stmt = select(AuditEntry)
    if since is not None:
        day = parse_date(since, "--since")
        if day.earliest is None:
            raise CitylinksError(
                f"--since: '{since}' has no first day: give a date such as 2025-11 or j:1404-09"
            )
        start = datetime.combine(day.earliest, time.min, tzinfo=UTC)
        stmt = stmt.where(AuditEntry.at >= start)
    if officer is not None:
        stmt = stmt.where(func.lower(AuditEntry.officer) == officer.strip().lower())
    if table is not None:
        wanted = table.strip().lower().replace("-", "_")
        if wanted not in _tables():
            raise CitylinksError(f"--table: no table '{table}': use one of {', '.join(_tables())}")
        stmt = stmt.where(AuditEntry.table_name == wanted)
    if limit is not None:
        if limit < 1:
            raise CitylinksError("--limit must be 1 or more")
        # "All of them" needs no number larger than the database's integers.
        stmt = stmt.order_by(AuditEntry.id.desc()).limit(min(limit, LARGEST_NUMBER))
    rows = list(session.scalars(stmt))
    rows.sort(key=lambda e: e.id)
    return [
        LogEntry(
            at=_aware(e.at),
            officer=e.officer,
            action=e.action,
            table=e.table_name,
            row_id=e.row_id,
            label=e.row_label,
            before=e.before,
            after=e.after,
        )
        for e in rows
    ]


def _aware(at: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def check_version(row: Any, expected: int | None, what: str, label: str) -> None:
    """Refuse to change `row` if its version is not `expected` (the version `show` printed)."""
    if expected is None or row.version == expected:
        return
    refuse_unknown_version(row, expected, f"{what} '{label}'")
    raise changed_since(what, label, row, expected)


def refuse_unknown_version(row: Any, expected: int, what: str) -> None:
    """Versions only grow from 1: a number `row` never had is a typo, not another officer's
    change, and is refused as such."""
    if expected > row.version or expected < 1:
        raise Conflict(
            f"there is no version {expected} of {what}: the current version is"
            f" {row.version}; show it again"
        )


def changed_since(what: str, label: str, row: Any, expected: int | None) -> Conflict:
    at = _aware(row.updated_at).strftime("%Y-%m-%d %H:%M UTC") if row.updated_at else "?"
    read = (
        f"version {expected}, now {row.version}"
        if expected is not None
        else (f"now version {row.version}")
    )
    return Conflict(
        f"{what} '{label}' was changed by {row.updated_by} at {at} since you read it ({read});"
        " show it again and repeat your change"
    )


@contextmanager
def refusing_stale_writes(
    database: Database,
    what: str,
    label: str,
    reread: Callable[[Session], Any],
    expected: int | None,
) -> Iterator[None]:
    """Turn SQLAlchemy's StaleDataError, raised when the row's version changed between the
    officer's reading and writing, into a `Conflict` naming who changed it and when (read
    again, with `reread`, in a new session)."""
    try:
        yield
    except StaleDataError:
        with database.reading() as session:
            raise changed_since(what, label, reread(session), expected) from None


def touch(session: Session, row) -> None:
    """Count a change to a row's names or identifiers as a change of the row: a new version,
    so that another officer holding the old version is refused."""
    from citylinks import audit

    if not session.is_modified(row, include_collections=False):
        row.updated_at = audit.now()
    session.flush()


def today() -> date:
    return datetime.now(UTC).date()
