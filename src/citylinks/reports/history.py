"""One membership's phases in order, with the sessions that decided them and the sources."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from citylinks.dates import PartialDate
from citylinks.errors import NotFound
from citylinks.model import City, Membership, MembershipPhase, Organization
from citylinks.model import Session as MeetingSession
from citylinks.reports.common import Name, name_of
from citylinks.reports.portfolio import AttendedSession
from citylinks.reports.standing import Bounds, bounds, runs


@dataclass
class PhaseRow:
    position: int
    status: str
    start: PartialDate
    end: PartialDate
    bounds: Bounds
    reason: str | None
    note: str | None
    decided_at: AttendedSession | None
    sources: list[str]


@dataclass
class History:
    city: Name
    organization: Name
    label: str
    phases: list[PhaseRow]
    member_since: PartialDate | None  # start of the latest membership run, if any

    @property
    def source_keys(self) -> list[str]:
        return [k for p in self.phases for k in p.sources]


def history(session: Session, city: City, organization: Organization) -> History:
    membership = session.scalars(
        select(Membership)
        .where(Membership.city_id == city.id, Membership.organization_id == organization.id)
        .options(
            selectinload(Membership.phases).selectinload(MembershipPhase.sources),
            selectinload(Membership.phases)
            .selectinload(MembershipPhase.session)
            .selectinload(MeetingSession.series),
        )
    ).one_or_none()
    if membership is None:
        raise NotFound(
            f"{city.name()} has no recorded membership in {organization.label}:"
            f" see `citylinks portfolio {city.key}` for its organizations"
        )
    phases = membership.phases
    rows = []
    for position, (phase, b) in enumerate(zip(phases, bounds(phases), strict=True), start=1):
        meeting = phase.session
        rows.append(
            PhaseRow(
                position=position,
                status=phase.status,
                start=phase.start,
                end=phase.end,
                bounds=b,
                reason=phase.reason,
                note=phase.note,
                decided_at=AttendedSession(
                    Name(meeting.series.name_en, meeting.series.name_fa),
                    meeting.number,
                    meeting.start,
                    "",
                )
                if meeting is not None
                else None,
                sources=[s.key for s in phase.sources],
            )
        )
    member_runs = runs(phases)
    since = member_runs[-1].start if member_runs else None
    return History(name_of(city), name_of(organization), organization.label, rows, since)
