"""Who changed what: stamps every row with its officer and time, and writes one audit-log
entry per changed row, with the values before and after, in the same transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from citylinks.model import AuditEntry
from citylinks.model.base import Audited

# Bookkeeping columns, shown in the row itself, not repeated in every log entry.
_SKIPPED = {"id", "created_at", "created_by", "updated_at", "updated_by", "version", "folded"}


def install(session: Session) -> None:
    if not event.contains(session, "before_flush", _stamp):
        event.listen(session, "before_flush", _stamp)
        event.listen(session, "after_flush", _log)


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
        session.connection().execute(insert(AuditEntry), rows)
        session.info.setdefault("audit", []).extend(rows)


def _entry(at, officer, action, obj, before, after) -> dict[str, Any]:
    return {
        "at": at,
        "officer": officer,
        "action": action,
        "table_name": obj.__tablename__,
        "row_id": obj.id,
        "row_label": _label(obj),
        "before": before,
        "after": after,
    }


def _label(obj) -> str | None:
    for attr in ("key", "code", "name", "title", "text"):
        value = getattr(obj, attr, None)
        if isinstance(value, str):
            return value[:300]
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _values(obj) -> dict[str, Any]:
    state = inspect(obj)
    values = {
        attr.key: _plain(getattr(obj, attr.key))
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
            before[attr.key] = _plain(history.deleted[0]) if history.deleted else None
            after[attr.key] = _plain(history.added[0]) if history.added else None
    if "sources" in state.mapper.relationships:
        history = state.attrs["sources"].history
        if history.added or history.deleted:
            after["sources"] = [s.key for s in obj.sources]
            before["sources"] = sorted(
                {s.key for s in history.unchanged} | {s.key for s in history.deleted}
            )
    return before, after
