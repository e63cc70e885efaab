"""A membership's history as a Document: one row per phase."""

from __future__ import annotations

from typing import TYPE_CHECKING

from citylinks.i18n import t
from citylinks.render import Column, Document, Section
from citylinks.render.values import date_record, flat_date, joined, number, show_date
from citylinks.reports.membership_history import MembershipHistory, PhaseRow

if TYPE_CHECKING:
    from citylinks.render.cite import Citations


def history_document(
    history: MembershipHistory, calendar: str, lang: str, citations: Citations
) -> Document:
    """The phases; their sources by their keys, or with `citations` (--cite) numbered and
    listed as footnotes."""
    city = (history.city_fa if lang == "fa" else None) or history.city
    org_name = (history.organization_name_fa if lang == "fa" else None) or history.organization_name
    columns = [
        Column(t("position", lang), justify="right", no_wrap=True),
        Column(t("status", lang)),
        Column(t("from", lang), is_date=True),
        Column(t("to", lang), is_date=True),
        Column(t("reason_note", lang)),
        Column(t("decided_at", lang)),
        Column(t("sources", lang)),
        Column(t("version", lang), justify="right", no_wrap=True),
    ]
    rows = [_row(p, calendar, lang, citations) for p in history.phases]
    caption = None if rows else t("no_phases", lang)
    title = f"{city} {t('in', lang)} {org_name} ({history.organization})"
    section = Section(
        t("membership_history", lang),
        columns,
        rows,
        caption,
        records=[_flat(p) for p in history.phases],
        csv_name="phases",
    )
    records = {
        "city": history.city,
        "organization": history.organization,
        "phases": [_record(p) for p in history.phases],
    }
    notes = [t("counts_as_member_note", lang)] if rows else []
    document = Document(title, [section], records, notes, lang=lang)
    citations.finish(document)
    return document


def _row(p: PhaseRow, calendar: str, lang: str, citations: Citations) -> list[str]:
    status = t(f"status_{p.status}", lang)
    if p.counts_as_member:
        status += " *"
    end = t("open", lang) if p.end.is_unknown else show_date(p.end, calendar, lang)
    decided = ""
    if p.session is not None:
        label = (p.session.label_fa if lang == "fa" else None) or p.session.label
        decided = f"{label} ({show_date(p.session.start, calendar, lang)})"
    return [
        number(p.position, lang),
        status,
        show_date(p.start, calendar, lang),
        end,
        "\n".join(x for x in (p.reason, p.note, _retracted(p, lang)) if x),
        decided,
        citations.refs(p.sources),
        number(p.version, lang),
    ]


def _retracted(p: PhaseRow, lang: str) -> str | None:
    if not p.retracted:
        return None
    return f"{t('retracted', lang)}: {p.retraction_reason or ''}".rstrip(": ")


def _record(p: PhaseRow) -> dict:
    return {
        "position": p.position,
        "status": p.status,
        "counts_as_member": p.counts_as_member,
        "start": date_record(p.start),
        "end": date_record(p.end),
        "reason": p.reason,
        "note": p.note,
        "session": (
            {"ref": p.session.ref, "label": p.session.label, "start": date_record(p.session.start)}
            if p.session
            else None
        ),
        "sources": p.sources,
        "version": p.version,
        **({"retracted": True, "retraction_reason": p.retraction_reason} if p.retracted else {}),
    }


def _flat(p: PhaseRow) -> dict:
    """A phase as CSV gives it: the columns `history --format csv` writes (dates as ISO, EDTF
    and Jalali; the deciding session in English and by its reference), and its version."""
    decided = None
    if p.session is not None:
        decided = joined((p.session.label, show_date(p.session.start, "gregorian", "en")), "en")
    return {
        "position": p.position,
        "status": p.status,
        **flat_date("start", p.start),
        **flat_date("end", p.end),
        "open": p.end.is_unknown,
        "reason": p.reason,
        "note": p.note,
        "decided_at": decided,
        "session": p.session.ref if p.session else None,
        "sources": p.sources,
        "version": p.version,
        "retracted": p.retracted,
    }
