"""The audit trail as a document: a table for people, plain records for JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from citylinks.render import Column, Document, Section

if TYPE_CHECKING:
    from citylinks.reports.audit_log import LogEntry


def _values(values: dict | None, keys: list[str]) -> str:
    if not values:
        return ""
    return "\n".join(
        f"{k}: {json.dumps(values.get(k), ensure_ascii=False)}" for k in keys if k in values
    )


def document(entries: list[LogEntry]) -> Document:
    section = Section(
        "Changes",
        [Column(h) for h in ("When (UTC)", "Officer", "Action", "What", "Before", "After")],
    )
    records = []
    for e in entries:
        keys = list(dict.fromkeys([*(e.before or {}), *(e.after or {})]))
        what = f"{e.table} #{e.row_id}" + (f" {e.label}" if e.label else "")
        section.rows.append(
            [
                e.at.strftime("%Y-%m-%d %H:%M:%S"),
                e.officer,
                e.action,
                what,
                _values(e.before, keys),
                _values(e.after, keys),
            ]
        )
        records.append(
            {
                "at": e.at.isoformat(),
                "officer": e.officer,
                "action": e.action,
                "table": e.table,
                "row_id": e.row_id,
                "label": e.label,
                "before": e.before,
                "after": e.after,
            }
        )
    if not entries:
        section.caption = "No changes match."
    return Document(f"Audit log: {len(entries)} change(s)", [section], records)
