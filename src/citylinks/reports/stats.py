"""Figures about an organization: members by country and status, joins and departures per
year (from the phases), sessions per host country, membership over the years."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from citylinks import schema
from citylinks.dates import GREGORIAN, JALALI, PartialDate, year_of, year_start
from citylinks.reports.common import (
    Name,
    Phase,
    SourceRef,
    cited_keys,
    cited_sources,
    country_name,
    name_of,
    phase_joined,
    phases_by,
    stored_date,
)
from citylinks.reports.standing import runs, standing_on

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@dataclass
class Tally:
    certain: int = 0
    possibly: int = 0

    @property
    def total(self) -> int:
        return self.certain + self.possibly


@dataclass
class YearFlow:
    year: PartialDate  # a year in the calendar that decides the rows (or unknown)
    joins: int = 0
    departures: int = 0
    # Of those, the ones whose date may fall in another year too ("1404" counted in 2025,
    # "about 2010", "before 2018-09-26"): counted in the first year they may fall in.
    joins_uncertain: int = 0
    departures_uncertain: int = 0


@dataclass
class YearCount:
    year: int
    calendar: str
    day: date  # the day counted: the year's last day, or the as-of day
    members: Tally


@dataclass
class HostCountry:
    """A country that hosted sessions (None: sessions with no host, such as online ones), and
    how many of each series it hosted, by series key."""

    code: str | None
    name: Name | None
    by_series: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_series.values())


@dataclass
class MemberCount:
    """A member count as a source gives it: "more than 80 member cities", as of a date."""

    number: int
    qualifier: str
    counted: str | None
    as_of: PartialDate
    sources: list[SourceRef]


@dataclass
class Stats:
    organization: Name
    label: str
    as_of: date
    calendar: str
    by_status: dict[str, Tally] = field(default_factory=dict)
    # {country code, "" for none: (its name, None for none; the tally)}
    by_country: dict[str, tuple[Name | None, Tally]] = field(default_factory=dict)
    flows: list[YearFlow] = field(default_factory=list)
    # The meeting series (key, name), then the sessions each country hosted in each.
    series: list[tuple[str, Name]] = field(default_factory=list)
    sessions_by_country: list[HostCountry] = field(default_factory=list)
    member_counts: list[MemberCount] = field(default_factory=list)
    over_years: list[YearCount] = field(default_factory=list)
    source_keys: list[str] = field(default_factory=list)  # behind the phases counted


def year_key(d: PartialDate, calendar: str) -> tuple[PartialDate, bool]:
    """The row `d` is counted in, and whether it may fall in another year too. One calendar
    decides the rows, so that no two overlap: a year of `calendar` (or unknown). A date that
    is not certainly within one of its years ("1404" read in Gregorian spans 2025 and 2026,
    "about 2010", "before 2018-09-26") is counted in the first year it may fall in."""
    if d.is_unknown or d.calendar is None:
        return PartialDate.UNKNOWN, False
    first_day = d.earliest or d.latest
    last_day = d.latest or d.earliest
    if first_day is None or last_day is None:
        return PartialDate.UNKNOWN, False
    first = PartialDate.from_date(first_day, calendar).year
    last = PartialDate.from_date(last_day, calendar).year
    bounded = d.earliest is not None and d.latest is not None
    return PartialDate(calendar, first), first != last or not bounded or d.qualifier == "circa"


def stats(session: Connection, organization, as_of: date, calendar: str) -> Stats:
    """Figures about `organization` (an Organization or an OrganizationRef) on `as_of`, years
    counted in `calendar` where that can be said.

    Core queries on citylinks.schema's tables, three whatever the number of members: the
    memberships with their phases and countries, the sources behind them, the sessions per
    host country. `session` is a Connection (or a Session)."""
    cal = JALALI if calendar == JALALI else GREGORIAN
    m, p, c, co = (
        schema.membership.c,
        schema.membership_phase.c,
        schema.city.c,
        schema.country.c,
    )
    # {membership id: (the first row, its phases)}
    memberships = phases_by(
        session.execute(
            select(
                m.id.label("membership_id"),
                co.code,
                co.name_en,
                co.name_fa,
                p.id.label("phase_id"),
                p.status,
                p.start_text,
                p.end_text,
            )
            .select_from(
                schema.membership.outerjoin(schema.membership_phase, phase_joined(p, m))
                .outerjoin(schema.city, c.id == m.city_id)
                .outerjoin(schema.country, co.id == c.country_id)
            )
            .where(m.organization_id == organization.id)
            .order_by(m.id, p.position)
        ),
        "membership_id",
    )
    result = Stats(name_of(organization), organization.label, as_of, cal)
    flows: dict[PartialDate, YearFlow] = {}
    first_day: date | None = None
    for country, phases in memberships.values():
        found = standing_on(phases, as_of)
        if found is not None:
            tally = result.by_status.setdefault(found.status, Tally())
            code = country.code or ""
            name = country_name(country.name_en, country.name_fa) if country.code else None
            _, by_country = result.by_country.setdefault(code, (name, Tally()))
            for t in (tally, by_country):
                if found.certain:
                    t.certain += 1
                else:
                    t.possibly += 1
        for run in runs(phases):
            key, uncertain = year_key(run.start, cal)
            flow = flows.setdefault(key, YearFlow(key))
            flow.joins += 1
            flow.joins_uncertain += uncertain
            # From the first day a membership is known to run ("before 2018-09-26": from
            # 2018-09-25 at the latest), so that the years before a later join are counted.
            known = run.start.earliest or run.start.latest
            if known and (first_day is None or known < first_day):
                first_day = known
            if not run.is_open:
                key, uncertain = year_key(run.end, cal)
                flow = flows.setdefault(key, YearFlow(key))
                flow.departures += 1
                flow.departures_uncertain += uncertain
    result.source_keys = _source_keys(session, organization)
    result.flows = sorted(flows.values(), key=lambda f: (f.year.is_unknown, f.year.sort_key()))
    result.series, result.sessions_by_country = _sessions_by_country(session, organization)
    result.member_counts = _member_counts(session, organization)
    if first_day is not None:
        all_phases = [phases for _, phases in memberships.values()]
        result.over_years = _over_years(all_phases, first_day, as_of, cal)
    return result


def _source_keys(session: Connection, organization) -> list[str]:
    """The keys of the sources behind the phases of the organization's memberships."""
    link, source = schema.CITING["membership_phase"], schema.source
    m, p = schema.membership.c, schema.membership_phase.c
    return sorted(
        session.scalars(
            select(source.c.key)
            .distinct()
            .select_from(
                schema.membership.join(schema.membership_phase, phase_joined(p, m))
                .join(link, link.c.membership_phase_id == p.id)
                .join(source, source.c.id == link.c.source_id)
            )
            .where(m.organization_id == organization.id)
        )
    )


def _sessions_by_country(
    session: Connection, organization
) -> tuple[list[tuple[str, Name]], list[HostCountry]]:
    """The organization's meeting series, and the sessions of each that each country hosted:
    a General Assembly and an Executive Board meeting are not the same kind of event, so
    they are counted apart."""
    se, ms, c, co = schema.session.c, schema.meeting_series.c, schema.city.c, schema.country.c
    series = session.execute(
        select(ms.key, ms.name_en, ms.name_fa)
        .where(ms.organization_id == organization.id)
        .order_by(ms.id)
    ).all()
    rows = session.execute(
        select(ms.key, co.code, co.name_en, co.name_fa, func.count(se.id))
        .select_from(
            schema.session.join(schema.meeting_series, se.series_id == ms.id)
            .outerjoin(schema.city, se.host_city_id == c.id)
            .outerjoin(schema.country, c.country_id == co.id)
        )
        .where(ms.organization_id == organization.id)
        .group_by(ms.key, co.code, co.name_en, co.name_fa)
    ).all()
    hosts: dict[str | None, HostCountry] = {}
    for key, code, en, fa, count in rows:
        host = hosts.setdefault(code, HostCountry(code, Name(en, fa) if en else None, {}))
        host.by_series[key] = count
    found = sorted(hosts.values(), key=lambda h: (-h.total, h.code or "~"))
    return [(r.key, Name(r.name_en, r.name_fa)) for r in series], found


def _member_counts(session: Connection, organization) -> list[MemberCount]:
    """The member counts sources give for the organization, each with its sources, in the
    order of their dates (unknown last), then as recorded."""
    m = schema.member_count_claim.c
    rows = session.execute(
        select(m.id, m.number, m.qualifier, m.counted, m.as_of_text)
        .where(m.organization_id == organization.id)
        .order_by(m.id)
    ).all()
    cited = cited_keys(session, {"member_count_claim": [r.id for r in rows]})
    refs = cited_sources(session, [k for keys in cited.values() for k in keys])
    counts = [
        MemberCount(
            r.number,
            r.qualifier,
            r.counted,
            stored_date(r.as_of_text),
            [refs[k] for k in cited.get(("member_count_claim", r.id), []) if k in refs],
        )
        for r in rows
    ]
    return sorted(counts, key=lambda c: (c.as_of.is_unknown, c.as_of.sort_key()))


def _over_years(
    memberships: list[list[Phase]], first_day: date, as_of: date, cal: str
) -> list[YearCount]:
    first_year = year_of(first_day, cal)
    last_year = year_of(as_of, cal)
    counts = []
    for year in range(first_year, last_year + 1):
        day = min(year_start(year + 1, cal) - timedelta(days=1), as_of)
        tally = Tally()
        for phases in memberships:
            found = standing_on(phases, day)
            if found is None:
                continue
            if found.certain:
                tally.certain += 1
            else:
                tally.possibly += 1
        counts.append(YearCount(year, cal, day, tally))
    return counts
