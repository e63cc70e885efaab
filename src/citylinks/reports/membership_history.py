"""A membership's history: its phases in order, each with its dates, status, reason, the
session that decided it, and its sources (`citylinks member history`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from citylinks.dates import PartialDate
from citylinks.errors import NotFound
from citylinks.model import City, MeetingSeries, Membership, MembershipPhase, Organization
from citylinks.model import Session as MeetingSession
from citylinks.vocab import MEMBER_STATUSES


@dataclass
class DecidingSession:
    ref: str  # amf/executive-board/11
    label: str  # AMF Executive Board 11
    label_fa: str | None
    start: PartialDate


@dataclass
class PhaseRow:
    position: int
    status: str
    counts_as_member: bool
    start: PartialDate
    end: PartialDate
    reason: str | None
    note: str | None
    session: DecidingSession | None
    sources: list[str]
    version: int  # for `member edit --expect-version`
    retraction_reason: str | None = None  # set on a retracted phase
    retracted: bool = False


@dataclass
class MembershipHistory:
    city: str
    city_fa: str | None
    organization: str  # acronym or name
    organization_name: str
    organization_name_fa: str | None
    phases: list[PhaseRow]


def membership_history(
    session: Session, city: City, org: Organization, with_retracted: bool = False
) -> MembershipHistory:
    """The phases of `city`'s membership in `org`; the retracted ones only `with_retracted`."""
    membership = session.scalars(
        select(Membership)
        .where(Membership.city_id == city.id, Membership.organization_id == org.id)
        .options(
            selectinload(Membership.phases).selectinload(MembershipPhase.sources),
            selectinload(Membership.phases)
            .selectinload(MembershipPhase.session)
            .selectinload(MeetingSession.series)
            .selectinload(MeetingSeries.organization),
        )
    ).one_or_none()
    if membership is None:
        raise NotFound(
            f"{city.name()} has no recorded membership in {org.label}: record one with"
            f" `citylinks member record {city.name()} {org.label} STATUS --from DATE`"
        )
    return MembershipHistory(
        city=city.name("en"),
        city_fa=city.name("fa") if city.name("fa") != city.name("en") else None,
        organization=org.label,
        organization_name=org.name("en"),
        organization_name_fa=org.name("fa") if org.name("fa") != org.name("en") else None,
        phases=[_row(p) for p in membership.phases if with_retracted or p.retracted_at is None],
    )


def _row(phase: MembershipPhase) -> PhaseRow:
    meeting = phase.session
    decided = None
    if meeting is not None:
        series = meeting.series
        decided = DecidingSession(
            ref=f"{series.organization.key}/{series.key}/{meeting.number}",
            label=f"{series.organization.label} {series.name('en')} {meeting.number}",
            label_fa=(
                f"{series.organization.label} {series.name_fa} {meeting.number}"
                if series.name_fa
                else None
            ),
            start=meeting.start,
        )
    return PhaseRow(
        position=phase.position,
        status=phase.status,
        counts_as_member=phase.status in MEMBER_STATUSES,
        start=phase.start,
        end=phase.end,
        reason=phase.reason,
        note=phase.note,
        session=decided,
        sources=[s.key for s in phase.sources],
        version=phase.version,
        retraction_reason=phase.retraction_reason,
        retracted=phase.retracted_at is not None,
    )
