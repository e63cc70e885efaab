"""The timeline report as a Document: one table per meeting series."""

from __future__ import annotations

from citylinks.dates import PartialDate, describe_interval, year_of
from citylinks.i18n import t
from citylinks.render import Chart, ChartRow, Column, Document, Section
from citylinks.render.charts import (
    TimeScale,
    axis_calendars,
    marks_row,
    midpoint,
    place,
    session_figure,
    year_rows,
)
from citylinks.render.cite import Citations
from citylinks.render.values import (
    counted,
    date_record,
    flat_date,
    joined,
    number,
    show_date,
    span,
    with_label,
)
from citylinks.reports.timeline import SeriesTimeline, TimelineRow


def axis(rows: list[TimelineRow], scale: TimeScale | None, calendar: str, lang: str) -> Chart:
    """One mark per session along a time axis, numbered above and with its year below, so
    that the gaps between sessions show at a glance."""
    drawn = [(r, day) for r in rows if (day := midpoint(r.start)) is not None]
    missing = len(rows) - len(drawn)
    legend = counted(missing, "not_drawn", lang) if missing else None
    if scale is None or not drawn:
        return Chart(t("time_axis", lang), [], legend)
    chart_rows = [
        ChartRow(
            t("number", lang),
            place(scale.width, [(scale.col(d), number(r.number, lang)) for r, d in drawn]),
        ),
        marks_row(scale, [d for _, d in drawn], t("sessions", lang)),
    ]
    for cal in axis_calendars(calendar, lang):
        years = [(scale.col(d), number(year_of(d, cal), lang)) for _, d in drawn]
        chart_rows.append(ChartRow(t(f"calendar_{cal}", lang), place(scale.width, years)))
    chart_rows += year_rows(scale, calendar, lang)
    figure = session_figure(
        rows, scale, calendar, lang, lambda r: _dates(r.start, r.end, calendar, lang)
    )
    return Chart(t("time_axis", lang), chart_rows, legend, figure)


def document(
    org_label: str,
    org_name: str,
    series: list[SeriesTimeline],
    calendar: str,
    lang: str,
    citations: Citations | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
) -> Document:
    """The timeline; `since` and `until`, the range asked for (--from, --to), as typed."""
    citations = citations or Citations(None, calendar, lang)
    days = [d for s in series for r in s.rows if (d := midpoint(r.start)) is not None]
    scale = TimeScale.covering(days, calendar, lang=lang) if days else None
    sections = []
    for s in series:
        name = (s.name_fa if lang == "fa" else None) or s.name
        columns = [
            Column(t("number", lang), justify="right", no_wrap=True),
            Column(t("host", lang)),
            Column(t("dates", lang), is_date=True),
            Column(t("since_previous", lang)),
            Column(t("theme", lang)),
            Column(t("attendance", lang)),
            Column(t("sources", lang), justify="right"),
        ]
        rows = [_row(r, calendar, lang, citations) for r in s.rows]
        caption = None if rows else _none_shown(s, since, until, calendar, lang)
        charts = [axis(s.rows, scale, calendar, lang)] if s.rows else []
        # In CSV, the series are one table with a series column.
        csv_records = [{"series": s.key, **_flat(r)} for r in s.rows]
        sections.append(
            Section(f"{org_label} {name}", columns, rows, caption, charts, csv_records, "sessions")
        )
    if not sections:  # no series, so no session: said as a series without sessions says it
        sections.append(Section("", [], [], t("no_sessions", lang)))
    records = {
        "organization": org_label,
        "name": org_name,
        "series": [
            {
                "key": s.key,
                "name": s.name,
                "name_fa": s.name_fa,
                "sessions": [_record(r) for r in s.rows],
            }
            for s in series
        ],
    }
    doc = Document(with_label(org_name, org_label), sections, records, lang=lang)
    citations.finish(doc)
    return doc


def _none_shown(
    s: SeriesTimeline,
    since: PartialDate | None,
    until: PartialDate | None,
    calendar: str,
    lang: str,
) -> str:
    """Why a series shows no session: none recorded, or none in the range asked for."""
    if not s.recorded or (since is None and until is None):
        return t("no_sessions", lang)
    first = show_date(since, calendar, lang) if since is not None else ""
    last = show_date(until, calendar, lang) if until is not None else ""
    if since is not None and until is not None:
        return t("no_sessions_between", lang).format(first=first, last=last)
    if since is not None:
        return t("no_sessions_from", lang).format(first=first)
    return t("no_sessions_until", lang).format(last=last)


def _row(r: TimelineRow, calendar: str, lang: str, citations: Citations) -> list[str]:
    host = (r.host_fa if lang == "fa" else None) or r.host or ""
    country = (r.country_fa if lang == "fa" else None) or r.country or ""
    claims = joined((_claim(c.number, c.qualifier, c.counted, lang) for c in r.claims), lang, ";")
    others = joined(
        (
            f"{t('numbered_so_by', lang)} {joined(n.sources, lang)}"
            if n.number == r.number  # a source that numbers it as recorded: it confirms
            else f"{t('also_numbered', lang)} {number(n.number, lang)} ({joined(n.sources, lang)})"
            for n in r.numberings
        ),
        lang,
        ";",
    )
    status = "" if r.status == "held" else f" [{t(r.status, lang)}]"
    return [
        number(r.number, lang),
        joined((host, country), lang) + status,
        _dates(r.start, r.end, calendar, lang),
        describe_interval(*r.since_previous, lang=lang) if r.since_previous else "",
        joined((r.theme or "", others), lang, ";"),
        claims,
        citations.refs(_all_sources(r))
        if citations.enabled
        else number(len(_all_sources(r)), lang),
    ]


def _dates(start: PartialDate, end: PartialDate, calendar: str, lang: str) -> str:
    if end.is_unknown or end == start:
        return show_date(start, calendar, lang)
    return span(show_date(start, calendar, lang), show_date(end, calendar, lang), lang)


def _claim(n: int, qualifier: str, counted: str | None, lang: str) -> str:
    return " ".join(x for x in (t(qualifier, lang), number(n, lang), counted or "") if x)


def _all_sources(r: TimelineRow) -> list[str]:
    keys = list(r.sources)
    for c in r.claims:
        keys += c.sources
    for n in r.numberings:
        keys += n.sources
    return sorted(set(keys))


def _record(r: TimelineRow) -> dict:
    return {
        "number": r.number,
        "host": r.host,
        "host_fa": r.host_fa,
        "country": r.country,
        "country_fa": r.country_fa,
        "start": date_record(r.start),
        "end": date_record(r.end),
        "since_previous": describe_interval(*r.since_previous) if r.since_previous else None,
        "status": r.status,
        "venue": r.venue,
        "theme": r.theme,
        "attendance": [
            {
                "number": c.number,
                "qualifier": c.qualifier,
                "counted": c.counted,
                "sources": c.sources,
            }
            for c in r.claims
        ],
        "other_numberings": [
            {"number": n.number, "label": n.label, "sources": n.sources} for n in r.numberings
        ],
        "sources": _all_sources(r),
    }


def _flat(r: TimelineRow) -> dict:
    return {
        "number": r.number,
        "host": r.host,
        "host_fa": r.host_fa,
        "country": r.country,
        **flat_date("start", r.start),
        **flat_date("end", r.end),
        "since_previous": describe_interval(*r.since_previous) if r.since_previous else None,
        "status": r.status,
        "theme": r.theme,
        "sources": _all_sources(r),
    }
