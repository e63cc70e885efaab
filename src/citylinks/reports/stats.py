"""Figures about an organization: members by country and status, joins and departures per
year (from the phases), sessions per host country, membership over the years."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from citylinks.dates import GREGORIAN, JALALI, PartialDate
from citylinks.model import (
    City,
    Country,
    MeetingSeries,
    Membership,
    MembershipPhase,
    Organization,
)
from citylinks.model import Session as MeetingSession
from citylinks.reports.common import Name, name_of
from citylinks.reports.standing import runs, standing_on


@dataclass
class Tally:
    certain: int = 0
    possibly: int = 0

    @property
    def total(self) -> int:
        return self.certain + self.possibly


@dataclass
class YearFlow:
    year: PartialDate  # a year, in the calendar asked for where it can be said so
    joins: int = 0
    departures: int = 0


@dataclass
class YearCount:
    year: int
    calendar: str
    day: date  # the day counted: the year's last day, or the as-of day
    members: Tally


@dataclass
class Stats:
    organization: Name
    label: str
    as_of: date
    calendar: str
    by_status: dict[str, Tally] = field(default_factory=dict)
    by_country: dict[str, tuple[Name, Tally]] = field(default_factory=dict)
    flows: list[YearFlow] = field(default_factory=list)
    sessions_by_country: list[tuple[str | None, Name | None, int]] = field(default_factory=list)
    over_years: list[YearCount] = field(default_factory=list)
    source_keys: list[str] = field(default_factory=list)  # behind the phases counted


def year_key(d: PartialDate, calendar: str) -> PartialDate:
    """The year `d` falls in, in `calendar` where that is certain, else in its own calendar
    ("2025" read in Jalali spans 1403 and 1404, so it stays "2025")."""
    if d.is_unknown:
        return d
    if d.qualifier is None and d.earliest and d.latest:
        first = PartialDate.from_date(d.earliest, calendar).year
        last = PartialDate.from_date(d.latest, calendar).year
        if first == last:
            return PartialDate(calendar, first)
    return PartialDate(d.calendar, d.year, qualifier=d.qualifier)


def stats(session: Session, organization: Organization, as_of: date, calendar: str) -> Stats:
    cal = JALALI if calendar == JALALI else GREGORIAN
    memberships = session.scalars(
        select(Membership)
        .where(Membership.organization_id == organization.id)
        .options(
            selectinload(Membership.phases).selectinload(MembershipPhase.sources),
            selectinload(Membership.city),
        )
    ).all()
    result = Stats(name_of(organization), organization.label, as_of, cal)
    flows: dict[PartialDate, YearFlow] = {}
    first_day: date | None = None
    for m in memberships:
        found = standing_on(m.phases, as_of)
        if found is not None:
            tally = result.by_status.setdefault(found.status, Tally())
            country = m.city.country if m.city else None
            code = country.code if country else ""
            name = name_of(country) if country else None
            _, by_country = result.by_country.setdefault(code, (name, Tally()))
            for t in (tally, by_country):
                if found.certain:
                    t.certain += 1
                else:
                    t.possibly += 1
        for run in runs(m.phases):
            key = year_key(run.start, cal)
            flows.setdefault(key, YearFlow(key)).joins += 1
            if run.start.earliest and (first_day is None or run.start.earliest < first_day):
                first_day = run.start.earliest
            if not run.is_open:
                key = year_key(run.end, cal)
                flows.setdefault(key, YearFlow(key)).departures += 1
    result.source_keys = sorted({s.key for m in memberships for p in m.phases for s in p.sources})
    result.flows = sorted(flows.values(), key=lambda f: (f.year.is_unknown, f.year.sort_key()))
    result.sessions_by_country = _sessions_by_country(session, organization)
    if first_day is not None:
        result.over_years = _over_years(memberships, first_day, as_of, cal)
    return result


def _sessions_by_country(session: Session, organization: Organization):
    rows = session.execute(
        select(Country.code, Country.name_en, Country.name_fa, func.count(MeetingSession.id))
        .select_from(MeetingSession)
        .join(MeetingSeries, MeetingSession.series_id == MeetingSeries.id)
        .outerjoin(City, MeetingSession.host_city_id == City.id)
        .outerjoin(Country, City.country_id == Country.id)
        .where(MeetingSeries.organization_id == organization.id)
        .group_by(Country.code, Country.name_en, Country.name_fa)
    ).all()
    found = [(code, Name(en, fa) if en else None, count) for code, en, fa, count in rows]
    return sorted(found, key=lambda r: (-r[2], r[0] or "~"))


def _over_years(memberships, first_day: date, as_of: date, cal: str) -> list[YearCount]:
    first_year = PartialDate.from_date(first_day, cal).year
    last_year = PartialDate.from_date(as_of, cal).year
    counts = []
    for year in range(first_year, last_year + 1):
        day = min(PartialDate(cal, year + 1).earliest - timedelta(days=1), as_of)
        tally = Tally()
        for m in memberships:
            found = standing_on(m.phases, day)
            if found is None:
                continue
            if found.certain:
                tally.certain += 1
            else:
                tally.possibly += 1
        counts.append(YearCount(year, cal, day, tally))
    return counts
