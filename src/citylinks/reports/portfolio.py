"""Every organization a city belongs or belonged to: its status on a day, since and until
when, its roles, the last session it attended, and the sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from citylinks.dates import PartialDate
from citylinks.model import (
    Attendance,
    City,
    MeetingSeries,
    Membership,
    MembershipPhase,
    Organization,
    Role,
)
from citylinks.model import Session as MeetingSession
from citylinks.reports.common import Name, name_of
from citylinks.reports.roster import HeldRole
from citylinks.reports.standing import Reason, latest_run_by, phase_on, standing_on


@dataclass
class AttendedSession:
    series: Name
    number: int
    start: PartialDate
    role: str


@dataclass
class PortfolioRow:
    organization: Name
    organization_key: str
    label: str
    status: str | None  # None: not yet begun on that day
    certain: bool
    reasons: list[Reason]
    since: PartialDate
    until: PartialDate
    roles: list[HeldRole] = field(default_factory=list)
    last_session: AttendedSession | None = None
    sources: list[str] = field(default_factory=list)


@dataclass
class Portfolio:
    city: Name
    city_key: str
    country: Name
    as_of: date
    rows: list[PortfolioRow]

    @property
    def source_keys(self) -> list[str]:
        return [k for r in self.rows for k in r.sources] + [
            k for r in self.rows for x in r.roles for k in x.sources
        ]


def portfolio(session: Session, city: City, as_of: date) -> Portfolio:
    """The city's memberships as they stood on `as_of`, in a fixed number of queries."""
    memberships = session.scalars(
        select(Membership)
        .where(Membership.city_id == city.id)
        .options(
            selectinload(Membership.phases).selectinload(MembershipPhase.sources),
            selectinload(Membership.organization).selectinload(Organization.names),
        )
    ).all()
    rows: dict[int, PortfolioRow] = {}
    for m in memberships:
        rows[m.organization_id] = _row(m, as_of)
    _attach_roles(session, city, as_of, rows)
    _attach_sessions(session, city, as_of, rows)
    ordered = sorted(
        rows.values(), key=lambda r: (r.status is None, r.since.sort_key(), r.label.casefold())
    )
    return Portfolio(name_of(city), city.key, name_of(city.country), as_of, ordered)


def _row(m: Membership, as_of: date) -> PortfolioRow:
    org = m.organization
    sources = list(dict.fromkeys(s.key for p in m.phases for s in p.sources))
    base = dict(
        organization=name_of(org), organization_key=org.key, label=org.label, sources=sources
    )
    found = standing_on(m.phases, as_of)
    if found is not None:
        return PortfolioRow(
            status=found.status,
            certain=found.certain,
            reasons=found.reasons,
            since=found.since,
            until=found.until,
            **base,
        )
    in_force = phase_on(m.phases, as_of)
    run = latest_run_by(m.phases, as_of)
    if in_force is None:
        return PortfolioRow(
            status=None,
            certain=True,
            reasons=[],
            since=m.phases[0].start if m.phases else PartialDate.UNKNOWN,
            until=PartialDate.UNKNOWN,
            **base,
        )
    phase, certain = in_force
    if run is not None:  # a former member: since and until of the last membership
        since, until = run.start, run.end
    else:
        since, until = phase.start, phase.end
    return PortfolioRow(
        status=phase.status, certain=certain, reasons=[], since=since, until=until, **base
    )


def _attach_roles(session: Session, city: City, as_of: date, rows: dict[int, PortfolioRow]):
    roles = session.scalars(
        select(Role)
        .where(
            Role.city_id == city.id,
            or_(Role.start_earliest.is_(None), Role.start_earliest <= as_of),
            or_(Role.end_latest.is_(None), Role.end_latest >= as_of),
        )
        .options(
            selectinload(Role.organization).selectinload(Organization.names),
            selectinload(Role.sources),
        )
        .order_by(Role.id)
    )
    for role in roles:
        org = role.organization
        row = rows.get(org.id) or rows.get(org.parent_id)
        if row is None:
            continue
        certain = role.start.certainly_on_or_before(as_of) and (
            role.end.is_unknown or role.end.certainly_on_or_after(as_of)
        )
        row.roles.append(
            HeldRole(
                role.title,
                name_of(org),
                org.key,
                role.start,
                role.end,
                certain,
                [s.key for s in role.sources],
            )
        )


def _attach_sessions(session: Session, city: City, as_of: date, rows: dict[int, PortfolioRow]):
    attended = session.execute(
        select(Attendance.role, MeetingSession, MeetingSeries)
        .join(MeetingSession, Attendance.session_id == MeetingSession.id)
        .join(MeetingSeries, MeetingSession.series_id == MeetingSeries.id)
        .where(
            or_(Attendance.city_id == city.id, Attendance.on_behalf_of_city_id == city.id),
            MeetingSeries.organization_id.in_(list(rows)),
            MeetingSession.status == "held",
            or_(MeetingSession.start_earliest.is_(None), MeetingSession.start_earliest <= as_of),
        )
    ).all()
    for role, meeting, series in attended:
        row = rows[series.organization_id]
        current = row.last_session
        if current is None or meeting.start.sort_key() > current.start.sort_key():
            row.last_session = AttendedSession(
                Name(series.name_en, series.name_fa), meeting.number, meeting.start, role
            )
