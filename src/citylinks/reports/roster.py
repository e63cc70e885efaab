"""An organization's members on a given day, with their status, since when, and the roles
and committee posts they held that day; "possibly" where partial dates leave it open."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from citylinks.dates import PartialDate
from citylinks.model import City, Country, Membership, MembershipPhase, Organization, Role
from citylinks.reports.common import Name, name_of
from citylinks.reports.standing import Reason, standing_on
from citylinks.vocab import MEMBER_STATUSES


@dataclass
class HeldRole:
    title: str
    organization: Name  # the organization itself, or one of its committees
    organization_key: str
    start: PartialDate
    end: PartialDate
    certain: bool
    sources: list[str]


@dataclass
class RosterRow:
    member: Name
    member_key: str
    member_kind: str  # "city" or "organization"
    country_code: str | None
    country: Name | None
    status: str
    since: PartialDate
    certain: bool
    reasons: list[Reason]
    roles: list[HeldRole] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Roster:
    organization: Name
    label: str
    as_of: date
    rows: list[RosterRow]

    @property
    def source_keys(self) -> list[str]:
        keys = [k for r in self.rows for k in r.sources]
        return keys + [k for r in self.rows for role in r.roles for k in role.sources]


def possibly_covers(model, day: date):
    """SQL: the period of `model` (a Period table) may include `day`, by the stored bounds."""
    return (
        or_(model.start_earliest.is_(None), model.start_earliest <= day),
        or_(model.end_latest.is_(None), model.end_latest >= day),
    )


def roster(
    session: Session,
    organization: Organization,
    as_of: date,
    status: str | None = None,
    country: str | None = None,
) -> Roster:
    """The members of `organization` on `as_of`; `status` (any status) and `country` (ISO
    code) narrow it. Fixed number of queries, whatever the number of members."""
    statuses = (status,) if status is not None else MEMBER_STATUSES
    # Correlated EXISTS: the database walks the organization's memberships (indexed) and
    # probes each one's phases, so the cost follows the organization's size, not the database's.
    candidate = (
        select(MembershipPhase.id)
        .where(
            MembershipPhase.membership_id == Membership.id,
            MembershipPhase.status.in_(statuses),
            *possibly_covers(MembershipPhase, as_of),
        )
        .exists()
    )
    stmt = (
        select(Membership)
        .where(Membership.organization_id == organization.id, candidate)
        .options(
            selectinload(Membership.phases).selectinload(MembershipPhase.sources),
            selectinload(Membership.city).selectinload(City.names),
            selectinload(Membership.member_organization).selectinload(Organization.names),
        )
        .order_by(Membership.id)
    )
    if country is not None:
        stmt = (
            stmt.join(City, Membership.city_id == City.id)
            .join(Country, City.country_id == Country.id)
            .where(func.upper(Country.code) == country.strip().upper())
        )
    rows: list[RosterRow] = []
    for membership in session.scalars(stmt):
        found = standing_on(membership.phases, as_of, statuses)
        if found is None or (status is not None and found.status != status):
            continue
        city = membership.city
        member = city or membership.member_organization
        rows.append(
            RosterRow(
                member=name_of(member),
                member_key=member.key,
                member_kind="city" if city else "organization",
                country_code=city.country.code if city else None,
                country=name_of(city.country) if city else None,
                status=found.status,
                since=found.since,
                certain=found.certain,
                reasons=found.reasons,
                sources=list(dict.fromkeys(s.key for p in membership.phases for s in p.sources)),
            )
        )
    _attach_roles(session, organization, as_of, rows)
    rows.sort(key=lambda r: (not r.certain, r.member.en.casefold()))
    return Roster(name_of(organization), organization.label, as_of, rows)


def _attach_roles(
    session: Session, organization: Organization, as_of: date, rows: list[RosterRow]
) -> None:
    """The roles the member cities held on `as_of` in the organization or its committees."""
    by_city = {r.member_key: r for r in rows if r.member_kind == "city"}
    if not by_city:
        return
    committees = select(Organization.id).where(Organization.parent_id == organization.id)
    roles = session.scalars(
        select(Role)
        .join(City, Role.city_id == City.id)
        .where(
            City.key.in_(list(by_city)),
            or_(Role.organization_id == organization.id, Role.organization_id.in_(committees)),
            *possibly_covers(Role, as_of),
        )
        .options(
            selectinload(Role.organization).selectinload(Organization.names),
            selectinload(Role.city),
            selectinload(Role.sources),
        )
        .order_by(Role.id)
    )
    for role in roles:
        certain = role.start.certainly_on_or_before(as_of) and (
            role.end.is_unknown or role.end.certainly_on_or_after(as_of)
        )
        by_city[role.city.key].roles.append(
            HeldRole(
                title=role.title,
                organization=name_of(role.organization),
                organization_key=role.organization.key,
                start=role.start,
                end=role.end,
                certain=certain,
                sources=[s.key for s in role.sources],
            )
        )
