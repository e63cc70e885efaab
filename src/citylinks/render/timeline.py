"""The timeline report as a Document: one table per meeting series."""

from __future__ import annotations

from citylinks.dates import PartialDate, describe_interval
from citylinks.i18n import t
from citylinks.render import Column, Document, Section
from citylinks.render.values import date_record, number, show_date
from citylinks.reports.timeline import SeriesTimeline, TimelineRow


def document(
    org_label: str, org_name: str, series: list[SeriesTimeline], calendar: str, lang: str
) -> Document:
    sections = []
    for s in series:
        name = (s.name_fa if lang == "fa" else None) or s.name
        columns = [
            Column(t("number", lang), justify="right", no_wrap=True),
            Column(t("host", lang)),
            Column(t("dates", lang)),
            Column(t("since_previous", lang)),
            Column(t("theme", lang)),
            Column(t("attendance", lang)),
            Column(t("sources", lang), justify="right"),
        ]
        rows = [_row(r, calendar, lang) for r in s.rows]
        caption = None if rows else t("no_sessions", lang)
        sections.append(Section(f"{org_label} {name}", columns, rows, caption))
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
    return Document(f"{org_name} ({org_label})", sections, records)


def _row(r: TimelineRow, calendar: str, lang: str) -> list[str]:
    host = (r.host_fa if lang == "fa" else None) or r.host or ""
    country = (r.country_fa if lang == "fa" else None) or r.country or ""
    claims = "; ".join(_claim(c.number, c.qualifier, c.counted, lang) for c in r.claims)
    others = "; ".join(
        f"{t('also_numbered', lang)} {number(n.number, lang)} ({', '.join(n.sources)})"
        for n in r.numberings
    )
    status = "" if r.status == "held" else f" [{t(r.status, lang)}]"
    return [
        number(r.number, lang),
        f"{host}, {country}".strip(", ") + status,
        _dates(r.start, r.end, calendar, lang),
        describe_interval(*r.since_previous, lang=lang) if r.since_previous else "",
        "; ".join(x for x in (r.theme or "", others) if x),
        claims,
        number(len(_all_sources(r)), lang),
    ]


def _dates(start: PartialDate, end: PartialDate, calendar: str, lang: str) -> str:
    if end.is_unknown or end == start:
        return show_date(start, calendar, lang)
    return f"{show_date(start, calendar, lang)} → {show_date(end, calendar, lang)}"


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
