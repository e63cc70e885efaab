"""The roster as a Document: the members, then totals by status and by country."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from citylinks.dates import PartialDate
from citylinks.i18n import t
from citylinks.render import Column, Document, Section
from citylinks.render.cite import Citations
from citylinks.render.output import View
from citylinks.render.values import (
    certainty_text,
    date_record,
    day_shown,
    flat_date,
    joined,
    number,
    reason_record,
    reason_text,
    role_title,
    show_date,
    status_word,
    with_label,
)
from citylinks.reports.roster import HeldRole, Roster, RosterRow


def role_text(role: HeldRole, calendar: str, lang: str, organization_key: str | None = None) -> str:
    where = (
        "" if role.organization_key == organization_key else f" ({role.organization.shown(lang)})"
    )
    maybe = "" if role.certain else f" [{t('possibly', lang)}]"
    return f"{role_title(role.title, lang)}{where}{maybe}"


def document(roster: Roster, view: View, citations: Citations, organization_key: str) -> Document:
    cal, lang = view.calendar, view.lang
    day = PartialDate.from_date(roster.as_of)
    shown_day = day_shown(roster.as_of, lang)
    columns = [
        Column(t("member", lang)),
        Column(t("country", lang)),
        Column(t("status", lang)),
        Column(t("member_since", lang), is_date=True),
        Column(t("roles", lang)),
        Column(t("certainty", lang)),
        Column(t("sources", lang)),
    ]
    rows = []
    for r in roster.rows:
        rows.append(
            [
                r.member.shown(lang),
                r.country.shown(lang) if r.country else t("none", lang),
                status_word(r.status, lang),
                show_date(r.since, cal, lang),
                joined((role_text(x, cal, lang, organization_key) for x in r.roles), lang, ";"),
                certainty_text(r.certain, r.reasons, cal, lang),
                citations.refs(r.sources + [k for x in r.roles for k in x.sources]),
            ]
        )
    members = Section(
        f"{roster.label}: {t('members_on', lang)} {show_date(shown_day, cal, lang)}",
        columns,
        rows,
        caption=None if rows else t("no_members", lang),
        records=[_flat(r) for r in roster.rows],
        csv_name="members",
    )
    by_status = _totals(
        t("by_status", lang),
        roster.rows,
        lambda r: r.status,
        lambda s: status_word(s, lang),
        t("status", lang),
        lang,
        csv_name="by-status",
    )
    names = {r.country_code: r.country.shown(lang) for r in roster.rows if r.country}
    by_country = _totals(
        t("by_country", lang),
        roster.rows,
        lambda r: r.country_code or "",
        lambda c: names.get(c, t("none", lang)),
        t("country", lang),
        lang,
        csv_name="by-country",
    )
    sections = [members, by_status, by_country]
    records = {
        "organization": roster.label,
        "name": roster.organization.en,
        "name_fa": roster.organization.fa,
        "as_of": date_record(day),
        "members": [_record(r) for r in roster.rows],
        "totals": {
            "by_status": _counts(roster.rows, lambda r: r.status),
            "by_country": _counts(roster.rows, lambda r: r.country_code or ""),
        },
    }
    title = with_label(roster.organization.shown(lang), roster.label)
    doc = Document(title, sections, records, lang=lang)
    citations.finish(doc)
    return doc


def _totals(
    title: str,
    rows: list[RosterRow],
    key: Callable[[RosterRow], str],
    label: Callable[[str], str],
    header: str,
    lang: str,
    csv_name: str,
) -> Section:
    """A table of the rows counted by `key` (shown by `label`): total, certain, possibly."""
    counts = _counts(rows, key)
    columns = [
        Column(header),
        Column(t("total", lang), justify="right"),
        Column(t("certain", lang), justify="right"),
        Column(t("possibly", lang), justify="right"),
    ]
    table = [
        [
            label(k),
            number(c["total"], lang),
            number(c["certain"], lang),
            number(c["possibly"], lang),
        ]
        for k, c in counts.items()
    ]
    records: list[dict] = [{"group": k, **c} for k, c in counts.items()]
    return Section(title, columns, table, records=records, csv_name=csv_name)


def _counts(rows: list[RosterRow], key: Callable[[RosterRow], str]) -> dict[str, dict[str, int]]:
    certain = Counter(key(r) for r in rows if r.certain)
    possibly = Counter(key(r) for r in rows if not r.certain)
    keys = sorted(set(certain) | set(possibly), key=lambda k: (-(certain[k] + possibly[k]), k))
    return {
        k: {"total": certain[k] + possibly[k], "certain": certain[k], "possibly": possibly[k]}
        for k in keys
    }


def _record(r: RosterRow) -> dict:
    return {
        "member": r.member.en,
        "member_fa": r.member.fa,
        "key": r.member_key,
        "kind": r.member_kind,
        "country_code": r.country_code,
        "country": r.country.en if r.country else None,
        "status": r.status,
        "since": date_record(r.since),
        "certain": r.certain,
        "possibly_because": [reason_record(x) for x in r.reasons],
        "roles": [
            {
                "title": x.title,
                "organization": x.organization_key,
                "organization_name": x.organization.en,
                "start": date_record(x.start),
                "end": date_record(x.end),
                "certain": x.certain,
                "sources": x.sources,
            }
            for x in r.roles
        ],
        "sources": r.sources,
    }


def _flat(r: RosterRow) -> dict:
    return {
        "member": r.member.en,
        "member_fa": r.member.fa,
        "kind": r.member_kind,
        "country_code": r.country_code,
        "status": r.status,
        **flat_date("since", r.since),
        "certain": r.certain,
        "possibly_because": "; ".join(reason_text(x, "gregorian", "en") for x in r.reasons),
        "roles": "; ".join(role_text(x, "gregorian", "en") for x in r.roles),
        "sources": r.sources,
    }
