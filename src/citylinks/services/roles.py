"""Posts member cities hold in an organization or one of its committees: `citylinks role add`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from citylinks import text
from citylinks.errors import Ambiguous, Conflict, NotFound
from citylinks.model import Organization, OrganizationName, Role
from citylinks.services import fields, phase_rules
from citylinks.services.common import if_given, parse_date, sources_by_keys
from citylinks.services.lookup import find_city, find_organization
from citylinks.services.sessions import Done, find_session_ref

# Words a committee's name may carry that officers often leave out ("Tourism and Culture").
_COMMITTEE_WORDS = ("committee", "کمیته", "کمیسیون")


def find_organization_or_committee(session: Session, query: str) -> Organization:
    """An organization as `find_organization` finds it; failing that, the one committee or
    body whose name contains what was typed ("Tourism and Culture")."""
    try:
        return find_organization(session, query)
    except NotFound as not_found:
        folded = text.fold(query)
        if not folded:
            raise
        for word in _COMMITTEE_WORDS:
            folded = folded.removesuffix(text.fold(word)).removeprefix(text.fold(word))
        rows = session.execute(
            select(Organization.id, OrganizationName.folded)
            .join(OrganizationName)
            .where(Organization.parent_id.is_not(None))
        ).all()
        ids = sorted({org_id for org_id, name in rows if folded and folded in name})
        if len(ids) == 1:
            return session.get_one(Organization, ids[0])
        if len(ids) > 1:
            found = [session.get_one(Organization, i) for i in ids]
            raise Ambiguous(
                f"'{query}' matches {len(found)} committees: "
                + "; ".join(f"{o.name()} of {_parent_label(o)} (id {o.id})" for o in found)
                + ". Give more of the name, or the id"
            ) from None
        raise not_found


def _parent_label(committee: Organization) -> str:
    if committee.parent is None:
        # Only committees are searched (parent_id IS NOT NULL): each has a parent.
        raise AssertionError(f"organization {committee.id} is not a committee")
    return committee.parent.label


def add_role(
    session: Session,
    city_query: str,
    org_query: str,
    title: str,
    *,
    start: str,
    end: str | None = None,
    decided_at: str | None = None,
    sources: list[str] | None = None,
    note: str | None = None,
) -> Done:
    """Record that a city holds TITLE (secretary, chair, ...) in an organization or committee."""
    cleaned_title = fields.ROLE_TITLE.clean(title)
    start_date = parse_date(start, "--from")
    end_date = parse_date(end, "--to", present=True)
    phase_rules.check_period(start_date, end_date)
    city = find_city(session, city_query)
    org = find_organization_or_committee(session, org_query)
    meeting = find_session_ref(session, decided_at) if decided_at else None
    cited = sources_by_keys(session, sources)
    same = session.scalars(
        select(Role).where(
            Role.city_id == city.id, Role.organization_id == org.id, Role.title == cleaned_title
        )
    ).all()
    for existing in same:
        if existing.start == start_date:
            raise Conflict(
                f"{city.name()} is already recorded as {cleaned_title} of {_org_name(org)} from"
                f" {existing.start}; nothing was recorded"
            )
    role = Role(
        city_id=city.id,
        organization_id=org.id,
        title=cleaned_title,
        start=start_date,
        end=end_date,
        session_id=meeting.id if meeting else None,
        note=if_given(fields.NOTE, note),
        sources=cited,
    )
    session.add(role)
    session.flush()
    until = "an unknown date" if end_date.is_unknown else end_date.format("both")
    return Done(
        f"{city.name()}: {cleaned_title} of {_org_name(org)} from {start_date.format('both')}"
        f" to {until}",
        [],
    )


def _org_name(org: Organization) -> str:
    if org.parent is not None:
        return f"the {org.name()} ({org.parent.label})"
    return org.label
