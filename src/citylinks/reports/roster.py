"""An organization's members on a given day, with their status, since when, and the roles
and committee posts they held that day; "possibly" where partial dates leave it open."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.reports.common import (
    Name,
    cited_keys,
    country_name,
    name_from,
    name_of,
    names_of,
    phase_joined,
    phases_by,
    stored_date,
)
from citylinks.reports.standing import Reason, standing_on
from citylinks.vocab import MEMBER_STATUSES

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row


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


def possibly_covers(columns, day: date):
    """SQL: the period in `columns` (a table's `.c` with a start and an end) may include
    `day`, by the stored bounds."""
    return (
        or_(columns.start_earliest.is_(None), columns.start_earliest <= day),
        or_(columns.end_latest.is_(None), columns.end_latest >= day),
    )


def role_columns():
    """The columns `held_role` reads: a role, and the organization or committee it is in."""
    r, o = schema.role.c, schema.organization.c
    return (
        r.id,
        r.city_id,
        r.title,
        r.start_text,
        r.end_text,
        o.id.label("organization_id"),
        o.key.label("organization_key"),
        o.acronym,
        o.parent_id,
    )


def held_role(row: Row, as_of: date, names: dict[int, list], sources: dict) -> HeldRole:
    """A role read with `role_columns`, as held on `as_of`: certainly when it certainly
    began by then and certainly had not ended: its end is `present` (still held) or certainly
    not before `as_of`. An end not known ('unknown') leaves it possibly held after its start."""
    start, end = stored_date(row.start_text), stored_date(row.end_text)
    certain = start.certainly_on_or_before(as_of) and (
        end.is_present or end.certainly_on_or_after(as_of)
    )
    return HeldRole(
        title=row.title,
        organization=name_from(names[row.organization_id], row.acronym or row.organization_key),
        organization_key=row.organization_key,
        start=start,
        end=end,
        certain=certain,
        sources=sources.get(("role", row.id), []),
    )


def roster(
    session: Connection,
    organization,
    as_of: date,
    status: str | None = None,
    country: str | None = None,
) -> Roster:
    """The members of `organization` (anything with `id`, `label` and `name(lang)`: an
    Organization or an OrganizationRef) on `as_of`; `status` (any status) and `country` (a recorded
    country's ISO code, as find_country_ref gives it) narrow it.

    Core queries on citylinks.schema's tables, four whatever the number of members: the
    memberships with their phases, the roles held, the names, the sources. `session` is a
    Connection (or a Session)."""
    t = schema
    m, p, c, co = t.membership.c, t.membership_phase.c, t.city.c, t.country.c
    member_org = t.organization.alias("member_organization")
    statuses = (status,) if status is not None else MEMBER_STATUSES
    # Correlated EXISTS: the database walks the organization's memberships (indexed) and
    # probes each one's phases, so the cost follows the organization's size, not the database's.
    # An alias: the statement also reads all the phases of each membership it keeps.
    covering = t.membership_phase.alias("covering")
    candidate = (
        select(covering.c.id)
        .where(
            covering.c.membership_id == m.id,
            covering.c.retracted_at.is_(None),
            covering.c.status.in_(statuses),
            *possibly_covers(covering.c, as_of),
        )
        .exists()
    )
    stmt = (
        select(
            m.id.label("membership_id"),
            m.city_id,
            m.member_organization_id,
            c.key.label("city_key"),
            co.code,
            co.name_en.label("country_en"),
            co.name_fa.label("country_fa"),
            member_org.c.key.label("organization_key"),
            member_org.c.acronym,
            p.id.label("phase_id"),
            p.status,
            p.start_text,
            p.end_text,
        )
        .select_from(
            t.membership.join(t.membership_phase, phase_joined(p, m))
            .outerjoin(t.city, c.id == m.city_id)
            .outerjoin(t.country, co.id == c.country_id)
            .outerjoin(member_org, member_org.c.id == m.member_organization_id)
        )
        .where(m.organization_id == organization.id, candidate)
        .order_by(m.id, p.position)
    )
    if country is not None:
        stmt = stmt.where(co.code == country)
    memberships = phases_by(session.execute(stmt), "membership_id")

    kept = []
    for member, phases in memberships.values():
        found = standing_on(phases, as_of, statuses)
        if found is None or (status is not None and found.status != status):
            continue
        kept.append((member, phases, found))
    by_city = {member.city_id: member for member, _, _ in kept if member.city_id is not None}
    roles = _roles(session, organization, as_of, list(by_city)) if by_city else []
    city_names, organization_names = names_of(
        session,
        by_city,
        [m.member_organization_id for m, _, _ in kept if m.city_id is None]
        + [r.organization_id for r in roles],
    )
    sources = cited_keys(
        session,
        {
            "membership_phase": [phase.id for _, phases, _ in kept for phase in phases],
            "role": [r.id for r in roles],
        },
    )

    rows: list[RosterRow] = []
    held: dict[int, RosterRow] = {}
    for member, phases, found in kept:
        is_city = member.city_id is not None
        if is_city:
            name = name_from(city_names[member.city_id], member.city_key)
        else:
            name = name_from(
                organization_names[member.member_organization_id],
                member.acronym or member.organization_key,
            )
        row = RosterRow(
            member=name,
            member_key=member.city_key if is_city else member.organization_key,
            member_kind="city" if is_city else "organization",
            country_code=member.code if is_city else None,
            country=country_name(member.country_en, member.country_fa) if is_city else None,
            status=found.status,
            since=found.since,
            certain=found.certain,
            reasons=found.reasons,
            sources=list(
                dict.fromkeys(
                    k for phase in phases for k in sources.get(("membership_phase", phase.id), [])
                )
            ),
        )
        rows.append(row)
        if is_city:
            held[member.city_id] = row
    for role in roles:
        held[role.city_id].roles.append(held_role(role, as_of, organization_names, sources))
    rows.sort(key=lambda r: (not r.certain, r.member.en.casefold()))
    return Roster(name_of(organization), organization.label, as_of, rows)


def _roles(session: Connection, organization, as_of: date, city_ids: list[int]) -> Sequence[Row]:
    """The roles these member cities may have held on `as_of` in the organization or its
    committees, oldest recorded first."""
    r, o = schema.role.c, schema.organization.c
    return session.execute(
        select(*role_columns())
        .join_from(schema.role, schema.organization, o.id == r.organization_id)
        .where(
            schema.ids_in(r.city_id, city_ids),
            or_(o.id == organization.id, o.parent_id == organization.id),
            *possibly_covers(r, as_of),
        )
        .order_by(r.id)
    ).all()
