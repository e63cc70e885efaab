"""An organization's figures as a Document: tables, and membership over the years as bars."""

from __future__ import annotations

from citylinks.dates import PartialDate
from citylinks.i18n import t
from citylinks.render import Chart, ChartRow, Column, Document, Section
from citylinks.render.charts import bar, count_figure
from citylinks.render.cite import Citations
from citylinks.render.output import View
from citylinks.render.values import date_record, day_shown, number, show_date, status_word
from citylinks.reports.stats import Stats, Tally

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
                [show_date(f.year, cal, lang), number(f.joins, lang), number(f.departures, lang)]
                for f in s.flows
            ],
            records=[
                {
                    "year": str(f.year),
                    "year_jalali": f.year.jalali_text(),
                    "joins": f.joins,
                    "departures": f.departures,
                }
                for f in s.flows
            ],
            csv_name="joins-departures",
        ),
        Section(
            t("sessions_by_country", lang),
            [Column(t("country", lang)), Column(t("sessions_col", lang), justify="right")],
            [[n.shown(lang) if n else none, number(c, lang)] for _, n, c in s.sessions_by_country],
            records=[
                {"country_code": code, "country": n.en if n else None, "sessions": c}
                for code, n, c in s.sessions_by_country
            ],
            csv_name="sessions-by-country",
        ),
    ]
    peak = max((y.members.total for y in s.over_years), default=0)
    unit = min(4.0, BAR_WIDTH / peak) if peak else 1.0
    chart = Chart(
        "",
        [
            ChartRow(
                number(y.year, lang),
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
    chart.figure = count_figure(s.over_years, lang, [row.note for row in chart.rows])
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
                    number(y.year, lang),
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
            {"year": date_record(f.year), "joins": f.joins, "departures": f.departures}
            for f in s.flows
        ],
        "sessions_by_host_country": [
            {"country_code": code, "country": n.en if n else None, "sessions": c}
            for code, n, c in s.sessions_by_country
        ],
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
    title = f"{s.organization.shown(lang)} ({s.label}) — {t('statistics', lang)}"
    # On standard output CSV holds one table: the members by country.
    doc = Document(title, sections, records, lang=lang, csv_main="by-country")
    if citations.enabled and s.source_keys:
        doc.notes.append(f"{t('sources', lang)}: {citations.refs(s.source_keys)}")
    citations.finish(doc)
    return doc
