"""A city's portfolio as a Document: one row per organization."""

from __future__ import annotations

from citylinks.dates import PartialDate
from citylinks.i18n import t
from citylinks.render import Column, Document, Section
from citylinks.render.cite import Citations
from citylinks.render.output import View
from citylinks.render.roster import role_text
from citylinks.render.values import (
    certainty_text,
    date_record,
    day_shown,
    flat_date,
    joined,
    number,
    reason_record,
    show_date,
    status_word,
)
from citylinks.reports.portfolio import AttendedSession, Portfolio, PortfolioRow


def session_text(s: AttendedSession | None, calendar: str, lang: str) -> str:
    if s is None:
        return ""
    return joined(
        (f"{s.series.shown(lang)} {number(s.number, lang)}", show_date(s.start, calendar, lang)),
        lang,
    )


def _status(r: PortfolioRow, calendar: str, lang: str) -> str:
    if r.status is None:
        return t("not_yet", lang)
    word = status_word(r.status, lang)
    if r.certain:
        return word
    return f"{word} ({certainty_text(False, r.reasons, calendar, lang)})"


def _until(d: PartialDate, calendar: str, lang: str) -> str:
    return "" if d.is_unknown else show_date(d, calendar, lang)


def document(p: Portfolio, view: View, citations: Citations) -> Document:
    cal, lang = view.calendar, view.lang
    day = PartialDate.from_date(p.as_of)
    shown_day = day_shown(p.as_of, lang)
    columns = [
        Column(t("org_column", lang)),
        Column(t("status", lang)),
        Column(t("since", lang), is_date=True),
        Column(t("until", lang), is_date=True),
        Column(t("roles", lang)),
        Column(t("last_session", lang)),
        Column(t("sources", lang)),
    ]
    rows = [
        [
            f"{r.organization.shown(lang)} ({r.label})"
            if r.label != r.organization.en
            else r.label,
            _status(r, cal, lang),
            show_date(r.since, cal, lang),
            _until(r.until, cal, lang),
            joined((role_text(x, cal, lang, r.organization_key) for x in r.roles), lang, ";"),
            session_text(r.last_session, cal, lang),
            citations.refs(r.sources + [k for x in r.roles for k in x.sources]),
        ]
        for r in p.rows
    ]
    section = Section(
        f"{t('memberships_of', lang)} {p.city.shown(lang)} — {t('as_of', lang)}"
        f" {show_date(shown_day, cal, lang)}",
        columns,
        rows,
        caption=None if rows else t("no_memberships", lang),
        records=[_flat(r) for r in p.rows],
        csv_name="organizations",
    )
    records = {
        "city": p.city.en,
        "city_fa": p.city.fa,
        "key": p.city_key,
        "country": p.country.en,
        "as_of": date_record(day),
        "organizations": [_record(r) for r in p.rows],
    }
    title = joined((p.city.shown(lang), p.country.shown(lang)), lang)
    doc = Document(title, [section], records, lang=lang)
    citations.finish(doc)
    return doc


def _session_record(s: AttendedSession | None) -> dict | None:
    if s is None:
        return None
    return {
        "series": s.series.en,
        "number": s.number,
        "start": date_record(s.start),
        "role": s.role,
    }


def _record(r: PortfolioRow) -> dict:
    return {
        "organization": r.label,
        "key": r.organization_key,
        "name": r.organization.en,
        "name_fa": r.organization.fa,
        "status": r.status,
        "certain": r.certain,
        "possibly_because": [reason_record(x) for x in r.reasons],
        "since": date_record(r.since),
        "until": date_record(r.until),
        "roles": [
            {
                "title": x.title,
                "organization": x.organization_key,
                "start": date_record(x.start),
                "end": date_record(x.end),
                "certain": x.certain,
                "sources": x.sources,
            }
            for x in r.roles
        ],
        "last_session": _session_record(r.last_session),
        "sources": r.sources,
    }


def _flat(r: PortfolioRow) -> dict:
    last = r.last_session
    return {
        "organization": r.label,
        "name": r.organization.en,
        "status": r.status,
        "certain": r.certain,
        **flat_date("since", r.since),
        # Blank when not known, as in the table: the membership runs on.
        **(
            dict.fromkeys(flat_date("until", r.until))
            if r.until.is_unknown
            else flat_date("until", r.until)
        ),
        "roles": "; ".join(role_text(x, "gregorian", "en", r.organization_key) for x in r.roles),
        "last_session": session_text(last, "gregorian", "en") if last else None,
        **(
            flat_date("last_session_start", last.start)
            if last
            else dict.fromkeys(flat_date("last_session_start", PartialDate.UNKNOWN))
        ),
        "sources": r.sources,
    }
