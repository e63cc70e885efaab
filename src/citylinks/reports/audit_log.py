"""The audit trail, read back: who changed what, when, with the values before and after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from citylinks import schema
from citylinks.dates import DateError, PartialDate
from citylinks.errors import CitylinksError
from citylinks.schema import LARGEST_NUMBER

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

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


def audited_tables() -> list[str]:
    """The tables whose changes the audit log records, by name."""
    return sorted(t for t in schema.metadata.tables if t not in ("audit_log", "alembic_version"))


def audit_log(
    conn: Connection,
    since: str | None = None,
    officer: str | None = None,
    table: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> list[LogEntry]:
    """The newest `limit` entries matching the filters, oldest first."""
    log = schema.audit_log.c
    stmt = select(schema.audit_log)
    if since is not None:
        try:
            day = PartialDate.parse(since)
        except DateError as exc:
            raise CitylinksError(f"--since: {exc}") from None
        if day.earliest is None:
            raise CitylinksError(
                f"--since: '{since}' has no first day: give a date such as 2025-11 or j:1404-09"
            )
        stmt = stmt.where(log.at >= datetime.combine(day.earliest, time.min, tzinfo=UTC))
    if officer is not None:
        stmt = stmt.where(func.lower(log.officer) == officer.strip().lower())
    if table is not None:
        wanted = table.strip().lower().replace("-", "_")
        tables = audited_tables()
        if wanted not in tables:
            raise CitylinksError(f"--table: no table '{table}': use one of {', '.join(tables)}")
        stmt = stmt.where(log.table_name == wanted)
    if limit is not None:
        if limit < 1:
            raise CitylinksError("--limit must be 1 or more")
        stmt = stmt.order_by(log.id.desc()).limit(min(limit, LARGEST_NUMBER))
    rows = sorted(conn.execute(stmt), key=lambda r: r.id)
    return [
        LogEntry(
            at=r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC),  # SQLite's are naive; all UTC
            officer=r.officer,
            action=r.action,
            table=r.table_name,
            row_id=r.row_id,
            label=r.row_label,
            before=r.before,
            after=r.after,
        )
        for r in rows
    ]
