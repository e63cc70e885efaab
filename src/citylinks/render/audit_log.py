"""The audit trail as a document: a table for people, with each record named and its values
in words; plain records with every field for JSON and CSV."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from citylinks.audit import moment_words, reason_words
from citylinks.i18n import N_, _, digits, gettext, language, ngettext
from citylinks.render import Column, Document, Section

if TYPE_CHECKING:
    from citylinks.reports.audit_log import LogEntry

# How much of a change id the table shows (`log --change` and `undo --change` take it).
SHORT_CHANGE = 8


# What happened to a row, as the log's table and a dry run say it.
SUMMARIES = {"insert": N_("added"), "update": N_("changed"), "delete": N_("removed")}
# The values that are citylinks' own words (a status, a kind, a role), by the field's word:
# the prefix of their Persian word in i18n.WORDS. A kind's prefix depends on the table.
VOCABULARY_FIELDS = {"status": "status_", "role": "role_", "qualifier": ""}
KIND_PREFIXES = {
    "source": "source_kind_",
    "organization": "organization_kind_",
    "city_name": "name_kind_",
    "person_name": "name_kind_",
    "organization_name": "name_kind_",
}


def _field(name: str) -> str:
    """A field's word (citylinks.audit.field_word) in the interface language: its Persian
    word is in the catalogue (tests/test_reports_persian.py checks that every field has one)."""
    return gettext(name)


def _value(table: str, stored: dict | None, name: str, value: str) -> str:
    """A value of an entry's change (citylinks.audit.in_words) as the reports show it, in the
    interface language: a date in both calendars in the report's one order (Jalali first in
    Persian), citylinks' own words (statuses, kinds, roles) and numbers in Persian in Persian;
    names, keys and what officers wrote as written. `stored`: the entry's values on that side."""
    lang = language()
    date_key = f"{name.replace(' ', '_')}_text"
    if stored and date_key in stored:
        from citylinks.dates import DateError, PartialDate
        from citylinks.render.values import show_date

        try:
            return show_date(PartialDate.parse(stored[date_key] or "unknown"), "both", lang)
        except DateError:
            return value
    if lang != "fa":
        return value
    from citylinks.i18n import WORDS
    from citylinks.text import to_persian_digits

    if value in ("none", "unknown"):
        return gettext(value)
    if name == "kind":
        prefix = KIND_PREFIXES.get(table)
    elif name == "status" and table == "session":
        prefix = ""  # held, planned: WORDS["held"]
    else:
        prefix = VOCABULARY_FIELDS.get(name)
    if prefix is not None and f"{prefix}{value}" in WORDS:
        return WORDS[f"{prefix}{value}"][1]
    if prefix == "" and value in WORDS:  # a session's status, a count's qualifier ("about")
        return WORDS[value][1] or value
    if name == "title":  # a role's or post's title: "secretary", "mayor"
        from citylinks.render.values import role_title

        return role_title(value, "fa")
    if name in ("position", "number", "count", "latitude", "longitude"):
        return to_persian_digits(value)
    if name == "sources":  # keys, as written, joined the Persian way
        return "، ".join(value.split(", "))
    return value


def _side(e: LogEntry, which: int) -> str:
    stored = e.before if which == 0 else e.after
    lines = []
    for name, *pair in e.shown_changes:
        value = pair[which]
        if value is not None:
            lines.append(f"{_field(name)}: {_value(e.table, stored, name, value)}")
    return "\n".join(lines)


def _summary(action: str, before: dict | None, after: dict | None) -> str:
    """What happened, in the interface language: added, changed, removed, or which sources
    a row cites now (an update of its sources only)."""
    from citylinks import audit

    if action == "update" and set(after or {}) == {"sources"}:
        return audit.citation_words(before, after)
    return gettext(SUMMARIES.get(action, action))


def change_words(
    table: str,
    before: dict | None,
    after: dict | None,
    changes: list[tuple[str, str | None, str | None]],
) -> str:
    """An update's changes in one line, as an officer writes them: "start unknown → 2025-11
    (1404-09)"; in Persian «آغاز از نامعلوم به آذر ۱۴۰۴ (…)» (an arrow would point the wrong
    way in right-to-left text)."""
    from citylinks.render.values import separator

    parts = [
        _(
            "{field} {before} → {after}",
            field=_field(name),
            before=_value(table, before, name, was) if was is not None else gettext("none"),
            after=_value(table, after, name, now) if now is not None else gettext("none"),
        )
        for name, was, now in changes
    ]
    return separator(";", language()).join(parts)


def change_line(entry: dict) -> str:
    """One audit entry as a dry run lists it, in the interface language: what happens to which
    record, and for a change its fields before and after ("changed: Yazd in AMF, phase 2:
    start unknown → 2025-11 (1404-09)"). `entry`: as citylinks.audit.log_rows keeps it."""
    action, before, after = entry["action"], entry.get("before"), entry.get("after")
    label = (
        entry.get("label") or entry.get("row_label") or f"{entry['table_name']} #{entry['row_id']}"
    )
    line = _("{what}: {record}", what=_summary(action, before, after), record=label)
    words = entry.get("words") or []
    if action == "update" and set(after or {}) != {"sources"} and words:
        line = _(
            "{what}: {changes}",
            what=line,
            changes=change_words(entry["table_name"], before, after, words),
        )
    return line


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
        # An entry recorded in another database (imported with `export dataset --with-audit`):
        # the file it came in and when; its row_id names that database's row, not this one's.
        "imported_from": e.imported_from,
        "imported_at": None if e.imported_at is None else e.imported_at.isoformat(),
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
        _("Changes"),
        [
            Column(h)
            for h in (
                _("Entry"),
                _("When (UTC)"),
                _("Officer"),
                _("Change"),
                _("What"),
                _("Before"),
                _("After"),
                _("Reason"),
            )
        ],
    )
    for e in entries:
        section.rows.append(
            [
                digits(e.id),
                moment_words(e.at, lines=True),
                e.officer,
                (e.change_id or "")[:SHORT_CHANGE],
                _(
                    "{what}: {record}",
                    what=_summary(e.action, e.before, e.after),
                    record=e.shown_label,
                ),
                _side(e, 0),
                _side(e, 1),
                reason_words(e.reason) if e.reason else "",
            ]
        )
    section.records = [_csv_record(e) for e in entries]
    section.csv_name = "changes"
    if not entries:
        section.caption = _("No changes match.")
    title = ngettext(
        "Audit log: {n} change", "Audit log: {n} changes", len(entries), n=len(entries)
    )
    return Document(title, [section], [record(e) for e in entries], lang=language())
