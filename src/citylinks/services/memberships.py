"""Recording a membership's history: `citylinks member record` and `citylinks member end`.

The rules (order, overlaps, closing an open phase) are the pure functions of
`citylinks.services.phase_rules`; this module applies their plan to the database: it takes the
membership's row lock, renumbers the phases that make room, and writes the new phase.
"""

from __future__ import annotations

from typing import Literal, overload

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from citylinks.dates import PartialDate
from citylinks.errors import CitylinksError, Conflict, NotFound
from citylinks.model import City, Membership, MembershipPhase, Organization
from citylinks.services import fields, phase_rules
from citylinks.services.common import if_given, parse_date, sources_by_keys
from citylinks.services.lookup import find_city, find_organization
from citylinks.services.sessions import Done, find_session_ref


def describe_phase(status: str, start: PartialDate, end: PartialDate) -> str:
    """ "'member' from 2025 (1403–1404) to now": a phase as messages show it."""
    until = "now" if end.is_unknown else end.format("both")
    return f"'{status}' from {start.format('both')} to {until}"


@overload
def _membership(
    session: Session, org: Organization, city: City, create: Literal[True]
) -> Membership: ...
@overload
def _membership(
    session: Session, org: Organization, city: City, create: Literal[False]
) -> Membership | None: ...
def _membership(session: Session, org: Organization, city: City, create: bool) -> Membership | None:
    """The membership of `city` in `org`, its row locked for this transaction, so that two
    officers recording phases of one membership take turns (PostgreSQL; SQLite writers
    already do). Created when missing and `create`."""
    stmt = (
        select(Membership)
        .where(Membership.organization_id == org.id, Membership.city_id == city.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    found = session.scalars(stmt).one_or_none()
    if found is not None or not create:
        return found
    membership = Membership(organization=org, city=city)
    try:
        # Another officer may be creating the same membership right now.
        with session.begin_nested():
            session.add(membership)
            session.flush()
    except IntegrityError:
        return session.scalars(stmt).one()
    return membership


def record_phase(
    session: Session,
    city_query: str,
    org_query: str,
    status: str,
    *,
    start: str,
    end: str | None = None,
    sources: list[str] | None = None,
    decided_at: str | None = None,
    reason: str | None = None,
    note: str | None = None,
) -> Done:
    """Add a phase to the membership of a city in an organization (creating the membership
    when it is the first); an open earlier phase is closed where the new one starts."""
    chosen = fields.STATUS.clean(status)
    start_date = parse_date(start, "--from")
    end_date = parse_date(end, "--to")
    phase_rules.check_period(start_date, end_date)
    city = find_city(session, city_query)
    org = find_organization(session, org_query)
    cited = sources_by_keys(session, sources)
    meeting = find_session_ref(session, decided_at) if decided_at else None
    cleaned_reason = if_given(fields.REASON, reason)
    membership = _membership(session, org, city, create=True)
    phase = MembershipPhase(
        status=chosen,
        start=start_date,
        end=end_date,
        reason=cleaned_reason,
        note=if_given(fields.NOTE, note),
        session=meeting,
        sources=cited,
    )
    notes = add_phase(session, membership, phase)
    who = f"{city.name()} in {org.label}"
    return Done(f"{who}: {describe_phase(phase.status, phase.start, phase.end)}", notes)


def add_phase(session: Session, membership: Membership, phase: MembershipPhase) -> list[str]:
    """Write `phase` in its place in the membership's history, closing an open earlier
    phase, under the phase rules (`member record`, and a file's new phases of a recorded
    membership); the notes say what else changed."""
    existing = list(membership.phases)
    plan = phase_rules.plan(existing, phase_rules.NewPhase(phase.status, phase.start, phase.end))
    if plan.closes is not None:
        plan.closes.end = phase.start
    phase.end = plan.end
    position = _make_room(session, existing, plan.index)
    phase.position = position
    # Linked by id, not appended to membership.phases: the membership row is unchanged.
    phase.membership_id = membership.id
    session.add(phase)
    session.flush()
    return plan.notes


def _make_room(session: Session, existing: list[MembershipPhase], index: int) -> int:
    """The position for a phase inserted before existing[index], moving the later phases up
    by one where needed. Positions are UNIQUE per membership, so each move is written on its
    own, the last phase first, into a free position: every moved row changes once (one
    audit entry each), and no two rows ever share a position."""
    position = existing[index - 1].position + 1 if index > 0 else 1
    moves: list[tuple[MembershipPhase, int]] = []
    wanted = position + 1
    for later in existing[index:]:
        if later.position >= wanted:
            break
        moves.append((later, wanted))
        wanted += 1
    for later, target in reversed(moves):
        later.position = target
        session.flush()
    return position


def end_membership(
    session: Session,
    city_query: str,
    org_query: str,
    *,
    on: str,
    status: str = "withdrawn",
    sources: list[str] | None = None,
    decided_at: str | None = None,
    reason: str | None = None,
    note: str | None = None,
) -> Done:
    """Close the open phase at ON and record a phase in STATUS from ON, open-ended."""
    chosen = fields.STATUS.clean(status)
    on_date = parse_date(on, "--on")
    if on_date.is_unknown:
        raise CitylinksError("--on: give the date the membership ended, e.g. 2026-03 or j:1404-12")
    city = find_city(session, city_query)
    org = find_organization(session, org_query)
    membership = _membership(session, org, city, create=False)
    if membership is None:
        raise NotFound(f"{city.name()} has no recorded membership in {org.label}: nothing to end")
    open_phases = [p for p in membership.phases if p.end.is_unknown]
    if not open_phases:
        last = membership.phases[-1] if membership.phases else None
        shown = (
            f" (the last is {describe_phase(last.status, last.start, last.end)})" if last else ""
        )
        raise Conflict(
            f"{city.name()}'s membership in {org.label} has no open phase to end{shown}:"
            " record what followed with `citylinks member record`"
        )
    current = open_phases[-1]
    if current.status == chosen:
        raise Conflict(
            f"{city.name()} is already '{chosen}' in {org.label} since {current.start}:"
            " nothing to end"
        )
    if (
        current.start.earliest is not None
        and on_date.latest is not None
        and on_date.latest < current.start.earliest
    ):
        raise CitylinksError(
            f"--on {on_date} is before the open phase {describe_phase(current.status, current.start, current.end)}"
            " began: give a later date"
        )
    return record_phase(
        session,
        city_query,
        org_query,
        chosen,
        start=str(on_date),
        end=None,
        sources=sources,
        decided_at=decided_at,
        reason=reason,
        note=note,
    )
