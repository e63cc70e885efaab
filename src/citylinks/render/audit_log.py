"""The audit trail as a document: a table for people, with each record named and its values
in words; plain records with every field for JSON and CSV."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from citylinks.i18n import N_, _, gettext, language, ngettext
from citylinks.render import Column, Document, Section

if TYPE_CHECKING:
    from citylinks.reports.audit_log import LogEntry

# How much of a change id the table shows (`log --change` and `undo --change` take it).
SHORT_CHANGE = 8


# What happened (reports.audit_log.summary), as the table shows it.
SUMMARIES = (N_("added"), N_("changed"), N_("removed"))
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


# The tables whose rows the log names "Yazd's name یزد (fa)" (model.base.NameMixin.name_label).
NAME_TABLES = ("city_name", "person_name", "organization_name")
PHASE_LABEL = re.compile(r"(?P<membership>.+), phase (?P<n>[0-9]+)", re.S)


def _label(entry: LogEntry) -> str:
    """The record an entry names, in the interface language: the log's labels are built in
    English when the row is written (a name row's "Yazd's name یزد (fa)", a phase's "Yazd in
    AMF, phase 2"); in Persian their own words are put in Persian, the names kept as written."""
    if language() != "fa":
        return entry.label
    if entry.table in NAME_TABLES:
        owner, found, name = entry.label.partition("'s name ")
        if found:
            return _("{owner}'s name {name}", owner=owner, name=name)
    elif entry.table == "membership_phase":
        match = PHASE_LABEL.fullmatch(entry.label)
        if match:
            from citylinks.text import to_persian_digits

            return _(
                "{membership}, phase {n}",
                membership=match["membership"],
                n=to_persian_digits(match["n"]),
            )
    return entry.label


def _field(name: str) -> str:
    """A field's word (citylinks.audit.field_word) in the interface language: its Persian
    word is in the catalogue (tests/test_reports_persian.py checks that every field has one)."""
    return gettext(name)


def _value(entry: LogEntry, name: str, value: str, which: int) -> str:
    if language() != "fa":
        return value
    stored = (entry.before if which == 0 else entry.after) or {}
    date_text = stored.get(f"{name.replace(' ', '_')}_text")
    if isinstance(date_text, str):  # a date: Jalali first, Persian digits, as reports show it
        from citylinks.dates import DateError, PartialDate
        from citylinks.render.values import show_date

        try:
            return show_date(PartialDate.parse(date_text), "both", "fa")
        except DateError:
            return value
    from citylinks.i18n import WORDS
    from citylinks.text import to_persian_digits

    if value in ("none", "unknown"):
        return gettext(value)
    if name == "kind":
        prefix = KIND_PREFIXES.get(entry.table)
    elif name == "status" and entry.table == "session":
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
    return value


def _side(entry: LogEntry, which: int) -> str:
    lines = []
    for name, *pair in entry.changes:
        value = pair[which]
        if value is not None:
            lines.append(f"{_field(name)}: {_value(entry, name, value, which)}")
    return "\n".join(lines)


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
                str(e.id),
                e.at.strftime("%Y-%m-%d %H:%M:%S"),
                e.officer,
                (e.change_id or "")[:SHORT_CHANGE],
                f"{gettext(e.summary)}: {_label(e)}",
                _side(e, 0),
                _side(e, 1),
                e.reason or "",
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
