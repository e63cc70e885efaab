"""Figures about an organization: members by country and status, joins and departures per
year (from the phases), sessions per host country, membership over the years."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from citylinks import schema
from citylinks.dates import GREGORIAN, JALALI, PartialDate, year_of, year_start
from citylinks.reports.common import Name, Phase, country_name, name_of, phase_joined, phases_by
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
    # {country code, "" for none: (its name, None for none; the tally)}
    by_country: dict[str, tuple[Name | None, Tally]] = field(default_factory=dict)
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
    return d.year_only()


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
            key = year_key(run.start, cal)
            flows.setdefault(key, YearFlow(key)).joins += 1
            if run.start.earliest and (first_day is None or run.start.earliest < first_day):
                first_day = run.start.earliest
            if not run.is_open:
                key = year_key(run.end, cal)
                flows.setdefault(key, YearFlow(key)).departures += 1
    result.source_keys = _source_keys(session, organization)
    result.flows = sorted(flows.values(), key=lambda f: (f.year.is_unknown, f.year.sort_key()))
    result.sessions_by_country = _sessions_by_country(session, organization)
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


def _sessions_by_country(session: Connection, organization):
    se, ms, c, co = schema.session.c, schema.meeting_series.c, schema.city.c, schema.country.c
    rows = session.execute(
        select(co.code, co.name_en, co.name_fa, func.count(se.id))
        .select_from(
            schema.session.join(schema.meeting_series, se.series_id == ms.id)
            .outerjoin(schema.city, se.host_city_id == c.id)
            .outerjoin(schema.country, c.country_id == co.id)
        )
        .where(ms.organization_id == organization.id)
        .group_by(co.code, co.name_en, co.name_fa)
    ).all()
    found = [(code, Name(en, fa) if en else None, count) for code, en, fa, count in rows]
    return sorted(found, key=lambda r: (-r[2], r[0] or "~"))


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
