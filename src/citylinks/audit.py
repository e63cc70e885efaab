"""Who changed what: stamps every row with its officer and time, and writes one audit-log
entry per changed row, with the values before and after, in the same transaction.

This module is the one audit-entry builder: the ORM's flush hooks below use it for every
command, and the bulk path (citylinks.services.csv_import) for its batches, so an entry says
the same thing whichever way the row was written: the same columns (`audited_columns`), the
same label (`label`) and the same plain values (`plain`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any
from uuid import uuid4

from sqlalchemy import Date, DateTime, event, insert, inspect
from sqlalchemy.orm import Session

from citylinks.model import AuditEntry
from citylinks.model.base import Audited, Base

# Bookkeeping columns, shown in the row itself, not repeated in every log entry.
_SKIPPED = {"id", "created_at", "created_by", "updated_at", "updated_by", "version", "folded"}
# The attributes that name a row in the log, the first one that holds text.
LABEL_ATTRIBUTES = ("key", "code", "name", "title", "text")
LABEL_LENGTH = 300


@cache
def audited_columns(model: type[Base]) -> tuple[list[str], list[str]]:
    """The columns an audit entry of `model` shows, and those of them holding dates."""
    attrs = [a for a in inspect(model).column_attrs if a.key not in _SKIPPED]
    dated = [a.key for a in attrs if isinstance(a.columns[0].type, Date | DateTime)]
    return [a.key for a in attrs], dated


def install(session: Session) -> None:
    if not event.contains(session, "before_flush", _stamp):
        event.listen(session, "before_flush", _stamp)
        event.listen(session, "after_flush", _log)
        event.listen(session, "after_transaction_end", _end_change)


def change_id(session: Session) -> str:
    """The id every entry of this transaction shares: one command's changes are one change,
    which `undo` can revert whole."""
    return session.info.setdefault("change_id", uuid4().hex)


def _end_change(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop("change_id", None)


def now() -> datetime:
    return datetime.now(UTC)


def _stamp(session: Session, _context, _instances) -> None:
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


def _log(session: Session, _context) -> None:
    officer = session.info.get("officer", "unknown")
    at = session.info.get("now") or now()
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if isinstance(obj, AuditEntry):
            continue
        rows.append(_entry(at, officer, "insert", obj, None, _values(obj)))
    for obj in session.dirty:
        if not session.is_modified(obj):
            continue
        before, after = _changes(obj)
        if before or after:
            rows.append(_entry(at, officer, "update", obj, before, after))
    for obj in session.deleted:
        rows.append(_entry(at, officer, "delete", obj, _values(obj), None))
    if rows:
        change, reason = change_id(session), session.info.get("reason")
        for row in rows:
            row["change_id"], row["reason"] = change, reason
        session.connection().execute(insert(AuditEntry), rows)
        session.info.setdefault("audit", []).extend(rows)


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


def _entry(at, officer, action, obj, before, after) -> dict[str, Any]:
    return entry(at, officer, action, obj.__tablename__, obj.id, _label(obj), before, after)


def label(values: Mapping[str, Any]) -> str | None:
    """How the log names a row, from its values: its key, code, name, title or text."""
    for attr in LABEL_ATTRIBUTES:
        value = values.get(attr)
        if isinstance(value, str):
            return value[:LABEL_LENGTH]
    return None


def _label(obj) -> str | None:
    return label({attr: getattr(obj, attr, None) for attr in LABEL_ATTRIBUTES})


def plain(value: Any) -> Any:
    """A value as an entry's JSON holds it (dates and times in ISO 8601)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _values(obj) -> dict[str, Any]:
    state = inspect(obj)
    values = {
        attr.key: plain(getattr(obj, attr.key))
        for attr in state.mapper.column_attrs
        if attr.key not in _SKIPPED
    }
    if "sources" in state.mapper.relationships:
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
