"""An organization's figures as a Document: tables, and membership over the years as bars."""

from __future__ import annotations

from citylinks.dates import PartialDate
from citylinks.i18n import t
from citylinks.render import Chart, ChartRow, Column, Document, Section
from citylinks.render.charts import bar, count_figure
from citylinks.render.cite import Citations
from citylinks.render.output import View
from citylinks.render.values import (
    date_record,
    day_shown,
    joined,
    number,
    show_date,
    status_word,
    with_label,
)
from citylinks.reports.stats import MemberCount, Stats, Tally, YearCount

BAR_WIDTH = 40


def _tally_columns(header: str, lang: str) -> list[Column]:
    return [
        Column(header),
        Column(t("total", lang), justify="right"),
        Column(t("certain", lang), justify="right"),
        Column(t("possibly", lang), justify="right"),
    ]


def _tally_cells(tally: Tally, lang: str) -> list[str]:
    return [number(tally.total, lang), number(tally.certain, lang), number(tally.possibly, lang)]


def _tally_record(tally: Tally) -> dict:
    return {"total": tally.total, "certain": tally.certain, "possibly": tally.possibly}


def _marked(n: int, uncertain: int, lang: str) -> str:
    """A count with a † when some of it may belong to a later year (the caption says so)."""
    return number(n, lang) + (" †" if uncertain else "")


def _sessions_section(s: Stats, lang: str) -> Section:
    """Sessions per host country, one column per meeting series: an Executive Board meeting
    is not counted with the General Assemblies."""
    none = t("none", lang)
    keys = [key for key, _ in s.series]
    return Section(
        t("sessions_by_country", lang),
        [
            Column(t("country", lang)),
            *(Column(name.shown(lang), justify="right") for _, name in s.series),
        ],
        [
            [
                h.name.shown(lang) if h.name else none,
                *(number(h.by_series.get(k, 0), lang) for k in keys),
            ]
            for h in s.sessions_by_country
        ],
        caption=None if s.sessions_by_country else t("no_sessions", lang),
        records=[
            {
                "country_code": h.code,
                "country": h.name.en if h.name else None,
                **{k: h.by_series.get(k, 0) for k in keys},
            }
            for h in s.sessions_by_country
        ],
        csv_name="sessions-by-country",
    )


def _members(s: Stats) -> Tally:
    """The members recorded on the report's day, all statuses counted as membership."""
    return Tally(
        sum(v.certain for v in s.by_status.values()),
        sum(v.possibly for v in s.by_status.values()),
    )


def _count_record(c: MemberCount) -> dict:
    return {
        "number": c.number,
        "qualifier": c.qualifier,
        "counted": c.counted,
        "as_of": date_record(c.as_of),
        "sources": [{"key": r.key, "published": date_record(r.published)} for r in c.sources],
    }


def _counts_section(s: Stats, cal: str, lang: str, citations: Citations) -> Section:
    """The members recorded here beside the member counts sources give, each with its
    sources and their dates: 'member cities: 71' said in 2016 is not a count of today."""
    members = _members(s)
    recorded = number(members.certain, lang) + (
        f" (+{number(members.possibly, lang)} {t('possibly', lang)})" if members.possibly else ""
    )
    day = show_date(day_shown(s.as_of, lang), cal, lang)
    rows = [[recorded, t("recorded_members", lang), day, t("none", lang)]]
    records: list[dict] = [
        {
            "count": members.total,
            "qualifier": "exactly",
            "counted": "members recorded in citylinks",
            "as_of": s.as_of.isoformat(),
            "sources": "",
        }
    ]
    for c in s.member_counts:
        count = " ".join(x for x in (t(c.qualifier, lang), number(c.number, lang)) if x)
        rows.append(
            [
                count,
                c.counted or "",
                show_date(c.as_of, cal, lang),
                joined(
                    (
                        citations.refs([r.key])
                        + (
                            f" ({t('published', lang)} {show_date(r.published, cal, lang)})"
                            if not r.published.is_unknown
                            else ""
                        )
                        for r in c.sources
                    ),
                    lang,
                    ";",
                ),
            ]
        )
        records.append(
            {
                "count": c.number,
                "qualifier": c.qualifier,
                "counted": c.counted,
                "as_of": str(c.as_of),
                "sources": "; ".join(
                    f"{r.key} ({r.published})" if not r.published.is_unknown else r.key
                    for r in c.sources
                ),
            }
        )
    return Section(
        t("member_counts", lang),
        [
            Column(t("count", lang), justify="right", no_wrap=True),
            Column(t("counted", lang)),
            Column(t("as_of_col", lang), is_date=True),
            Column(t("sources", lang)),
        ],
        rows,
        caption=None if s.member_counts else t("no_member_counts", lang),
        records=records,
        csv_name="member-counts",
    )


def document(s: Stats, view: View, citations: Citations) -> Document:
    cal, lang = view.calendar, view.lang
    day = PartialDate.from_date(s.as_of)
    shown_day = day_shown(s.as_of, lang)
    by_status = sorted(s.by_status.items(), key=lambda kv: (-kv[1].total, kv[0]))
    by_country = sorted(s.by_country.items(), key=lambda kv: (-kv[1][1].total, kv[0]))
    none = t("none", lang)
    sections = [
        Section(
            f"{t('by_status', lang)} — {t('as_of', lang)} {show_date(shown_day, cal, lang)}",
            _tally_columns(t("status", lang), lang),
            [[status_word(k, lang), *_tally_cells(v, lang)] for k, v in by_status],
            caption=None if by_status else t("no_members", lang),
            records=[{"status": k, **_tally_record(v)} for k, v in by_status],
            csv_name="by-status",
        ),
        Section(
            f"{t('by_country', lang)} — {t('as_of', lang)} {show_date(shown_day, cal, lang)}",
            _tally_columns(t("country", lang), lang),
            [
                [name.shown(lang) if name else none, *_tally_cells(v, lang)]
                for _, (name, v) in by_country
            ],
            records=[
                {"country_code": k or None, "country": n.en if n else None, **_tally_record(v)}
                for k, (n, v) in by_country
            ],
            csv_name="by-country",
        ),
        Section(
            t("joins_departures", lang),
            [
                Column(t("year_col", lang)),
                Column(t("joins", lang), justify="right"),
                Column(t("departures", lang), justify="right"),
            ],
            [
                [
                    show_date(f.year, cal, lang),
                    _marked(f.joins, f.joins_uncertain, lang),
                    _marked(f.departures, f.departures_uncertain, lang),
                ]
                for f in s.flows
            ],
            caption=t("first_possible_year", lang)
            if any(f.joins_uncertain or f.departures_uncertain for f in s.flows)
            else None,
            records=[
                {
                    "year": str(f.year),
                    "year_jalali": f.year.jalali_text(),
                    "joins": f.joins,
                    "departures": f.departures,
                    "joins_uncertain": f.joins_uncertain,
                    "departures_uncertain": f.departures_uncertain,
                }
                for f in s.flows
            ],
            csv_name="joins-departures",
        ),
        _sessions_section(s, lang),
    ]

    def year_shown(y: YearCount) -> str:
        # The year counted in the report's calendars ("2008 (1386–1387)"; Jalali first in
        # Persian: "۱۳۸۶–۱۳۸۷ (۲۰۰۸)").
        return show_date(PartialDate(y.calendar, y.year), cal, lang)

    peak = max((y.members.total for y in s.over_years), default=0)
    unit = min(4.0, BAR_WIDTH / peak) if peak else 1.0
    chart = Chart(
        "",
        [
            ChartRow(
                year_shown(y),
                bar(y.members.certain, y.members.possibly, unit),
                number(y.members.certain, lang)
                + (
                    f" (+{number(y.members.possibly, lang)} {t('possibly', lang)})"
                    if y.members.possibly
                    else ""
                ),
            )
            for y in s.over_years
        ],
        legend=t("bars_legend", lang),
    )
    chart.figure = count_figure(
        s.over_years, lang, [row.label for row in chart.rows], [row.note for row in chart.rows]
    )
    sections.append(
        Section(
            t("membership_over_years", lang),
            [
                Column(t("year_col", lang)),
                Column(t("certain", lang), justify="right"),
                Column(t("possibly", lang), justify="right"),
            ],
            [
                [
                    year_shown(y),
                    number(y.members.certain, lang),
                    number(y.members.possibly, lang),
                ]
                for y in s.over_years
            ],
            charts=[chart] if s.over_years else [],
            records=[
                {
                    "year": y.year,
                    "calendar": y.calendar,
                    "day": y.day.isoformat(),
                    **_tally_record(y.members),
                }
                for y in s.over_years
            ],
            csv_name="membership-over-years",
        )
    )
    sections.insert(0, _counts_section(s, cal, lang, citations))
    records = {
        "organization": s.label,
        "name": s.organization.en,
        "as_of": date_record(day),
        "by_status": {k: _tally_record(v) for k, v in by_status},
        "by_country": {
            k or "": {"country": n.en if n else None, **_tally_record(v)}
            for k, (n, v) in by_country
        },
        "joins_departures": [
            {
                "year": date_record(f.year),
                "joins": f.joins,
                "departures": f.departures,
                "joins_uncertain": f.joins_uncertain,
                "departures_uncertain": f.departures_uncertain,
            }
            for f in s.flows
        ],
        "sessions_by_host_country": [
            {
                "country_code": h.code,
                "country": h.name.en if h.name else None,
                "sessions": h.total,
                "by_series": h.by_series,
            }
            for h in s.sessions_by_country
        ],
        "member_counts": {
            "recorded": {
                "as_of": date_record(day),
                **_tally_record(_members(s)),
            },
            "in_sources": [_count_record(c) for c in s.member_counts],
        },
        "membership_over_years": [
            {
                "year": y.year,
                "calendar": y.calendar,
                "day": y.day.isoformat(),
                **_tally_record(y.members),
            }
            for y in s.over_years
        ],
    }
    title = f"{with_label(s.organization.shown(lang), s.label)} — {t('statistics', lang)}"
    # On standard output CSV holds one table: the members by country.
    doc = Document(title, sections, records, lang=lang, csv_main="by-country")
    if citations.enabled and s.source_keys:
        doc.notes.append(f"{t('sources', lang)}: {citations.refs(s.source_keys)}")
    citations.finish(doc)
    return doc
