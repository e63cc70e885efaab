"""A membership's history as a Document: the phases as bars along a time axis (Gantt-style),
then the phases and their sources as a table."""

from __future__ import annotations

from datetime import date, timedelta

from citylinks.i18n import t
from citylinks.render import Chart, ChartRow, Column, Document, Section
from citylinks.render.charts import (
    HIGH,
    LOW,
    TimeScale,
    midpoint,
    period_drawing,
    phase_figure,
    year_rows,
)
from citylinks.render.cite import Citations
from citylinks.render.output import View
from citylinks.render.portfolio import session_text
from citylinks.render.values import (
    date_record,
    flat_date,
    number,
    show_date,
    span,
    status_word,
    with_label,
)
from citylinks.reports.history import History, PhaseRow


def _period(p: PhaseRow, calendar: str, lang: str) -> str:
    end = t("open", lang) if p.bounds.open_end else show_date(p.end, calendar, lang)
    return span(show_date(p.start, calendar, lang), end, lang)


def chart(h: History, calendar: str, lang: str, today: date) -> Chart:
    days = [
        d
        for p in h.phases
        for d in (p.bounds.start_lo, p.bounds.start_hi, p.bounds.end_lo, p.bounds.end_hi)
        if d not in (LOW, HIGH)
    ]
    decisions = {
        p.position: day
        for p in h.phases
        if p.decided_at and (day := midpoint(p.decided_at.start)) is not None
    }
    days += decisions.values()
    if any(p.bounds.open_end for p in h.phases):
        days.append(today)
    if days and any(p.bounds.start_lo == LOW for p in h.phases):
        days.append(min(days) - timedelta(days=730))  # room to show a start not known
    scale = TimeScale.covering(days, calendar, lang=lang)
    rows = [
        ChartRow(
            f"{number(p.position, lang)}. {status_word(p.status, lang)}",
            period_drawing(
                scale,
                p.bounds.start_lo,
                p.bounds.start_hi,
                p.bounds.end_lo,
                p.bounds.end_hi,
                open_end=p.bounds.open_end,
                today=today,
                decisions=[decisions[p.position]] if p.position in decisions else [],
            ),
            _period(p, calendar, lang),
        )
        for p in h.phases
    ]
    rows += year_rows(scale, calendar, lang)
    figure = phase_figure(
        h.phases, scale, calendar, lang, today=today,
        label=lambda p: f"{number(p.position, lang)}. {status_word(p.status, lang)}",
        detail=lambda p: _period(p, calendar, lang), decided=lambda p: decisions.get(p.position),
    )  # fmt: skip
    return Chart(t("history_chart", lang), rows, t("phases_legend", lang), figure)


def document(h: History, view: View, citations: Citations, today: date) -> Document:
    cal, lang = view.calendar, view.lang
    columns = [
        Column(t("position", lang), justify="right"),
        Column(t("status", lang)),
        Column(t("start", lang), is_date=True),
        Column(t("end", lang), is_date=True),
        Column(t("reason_note", lang)),
        Column(t("decided_at", lang)),
        Column(t("sources", lang)),
    ]
    rows = [
        [
            number(p.position, lang),
            status_word(p.status, lang),
            show_date(p.start, cal, lang),
            t("open", lang) if p.bounds.open_end else show_date(p.end, cal, lang),
            " — ".join(x for x in (p.reason, p.note) if x),
            session_text(p.decided_at, cal, lang),
            citations.refs(p.sources),
        ]
        for p in h.phases
    ]
    title = f"{h.city.shown(lang)} — {with_label(h.organization.shown(lang), h.label)}"
    sections = [
        Section(t("membership_history", lang), [], charts=[chart(h, cal, lang, today)]),
        Section(
            t("phases", lang),
            columns,
            rows,
            caption=None if rows else t("no_phases", lang),
            records=[_flat(p) for p in h.phases],
            csv_name="phases",
        ),
    ]
    records = {
        "city": h.city.en,
        "organization": h.label,
        "member_since": date_record(h.member_since) if h.member_since else None,
        "phases": [_record(p) for p in h.phases],
    }
    doc = Document(title, sections, records, lang=lang)
    citations.finish(doc)
    return doc


def _record(p: PhaseRow) -> dict:
    s = p.decided_at
    return {
        "position": p.position,
        "status": p.status,
        "start": date_record(p.start),
        "end": date_record(p.end),
        "open": p.bounds.open_end,
        "reason": p.reason,
        "note": p.note,
        "decided_at": {"series": s.series.en, "number": s.number, "start": date_record(s.start)}
        if s
        else None,
        "sources": p.sources,
    }


def _flat(p: PhaseRow) -> dict:
    return {
        "position": p.position,
        "status": p.status,
        **flat_date("start", p.start),
        **flat_date("end", p.end),
        "open": p.bounds.open_end,
        "reason": p.reason,
        "note": p.note,
        "decided_at": session_text(p.decided_at, "gregorian", "en") or None,
        "sources": p.sources,
    }
