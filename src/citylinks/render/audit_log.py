"""The audit trail as a document: a table for people, with each record named and its values
in words; plain records with every field for JSON and CSV."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from citylinks.render import Column, Document, Section

if TYPE_CHECKING:
    from citylinks.reports.audit_log import LogEntry

# How much of a change id the table shows (`log --change` and `undo --change` take it).
SHORT_CHANGE = 8


def _side(entry: LogEntry, which: int) -> str:
    return "\n".join(
        f"{name}: {pair[which]}" for name, *pair in entry.changes if pair[which] is not None
    )


def record(e: LogEntry) -> dict:
    """One entry with every field: for JSON, and (values as JSON text) for CSV."""
    return {
        "entry": e.id,
        "at": e.at.isoformat(),
        "officer": e.officer,
        "action": e.action,
        "summary": e.summary,
        "record": e.label,
        "table": e.table,
        "row_id": e.row_id,
        "before": e.before,
        "after": e.after,
        "changes": [
            {"field": name, "before": before, "after": after} for name, before, after in e.changes
        ],
        "change_id": e.change_id,
        "reason": e.reason,
    }


def _csv_record(e: LogEntry) -> dict:
    flat = record(e)
    for key in ("before", "after"):
        flat[key] = None if flat[key] is None else json.dumps(flat[key], ensure_ascii=False)
    flat["changes"] = "; ".join(
        f"{c['field']}: {c['before'] or ''} -> {c['after'] or ''}" for c in flat["changes"]
    )
    return flat


def document(entries: list[LogEntry]) -> Document:
    section = Section(
        "Changes",
        [
            Column(h)
            for h in (
                "Entry",
                "When (UTC)",
                "Officer",
                "Change",
                "What",
                "Before",
                "After",
                "Reason",
            )
        ],
    )
    for e in entries:
        section.rows.append(
            [
                str(e.id),
                e.at.strftime("%Y-%m-%d %H:%M:%S"),
                e.officer,
                (e.change_id or "")[:SHORT_CHANGE],
                f"{e.summary}: {e.label}",
                _side(e, 0),
                _side(e, 1),
                e.reason or "",
            ]
        )
    section.records = [_csv_record(e) for e in entries]
    section.csv_name = "changes"
    if not entries:
        section.caption = "No changes match."
    return Document(f"Audit log: {len(entries)} change(s)", [section], [record(e) for e in entries])
