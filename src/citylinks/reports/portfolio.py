"""Every organization a city belongs or belonged to: its status on a day, since and until
when, its roles, the last session it attended, and the sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.reports.common import (
    Name,
    Phase,
    cited_keys,
    name_from,
    name_of,
    names_of,
    phase_joined,
    phases_by,
    stored_date,
)
from citylinks.reports.roster import HeldRole, held_role, possibly_covers, role_columns
from citylinks.reports.standing import Reason, latest_run_by, phase_on, standing_on

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


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


def portfolio(session: Connection, city, as_of: date) -> Portfolio:
    """The memberships of `city` (anything with `id`, `key`, `name(lang)` and a `country`
    with `name(lang)`: a City or a CityRef) as they stood on `as_of`.

    Core queries on citylinks.schema's tables, five whatever the number of memberships: the
    memberships with their phases, the roles held that day, the sessions attended, the
    names, the sources. `session` is a Connection (or a Session)."""
    t = schema
    m, p, o = t.membership.c, t.membership_phase.c, t.organization.c
    # {organization id: (the first row, its phases)}
    memberships = phases_by(
        session.execute(
            select(
                m.organization_id,
                o.key.label("organization_key"),
                o.acronym,
                p.id.label("phase_id"),
                p.status,
                p.start_text,
                p.end_text,
            )
            .select_from(
                t.membership.join(t.organization, o.id == m.organization_id).outerjoin(
                    t.membership_phase, phase_joined(p, m)
                )
            )
            .where(m.city_id == city.id)
            .order_by(m.id, p.position)
        ),
        "organization_id",
    )
    r = t.role.c
    roles = session.execute(
        select(*role_columns())
        .join_from(t.role, t.organization, o.id == r.organization_id)
        .where(r.city_id == city.id, *possibly_covers(r, as_of))
        .order_by(r.id)
    ).all()
    attended = _attended(session, city, as_of, list(memberships)) if memberships else []
    _, names = names_of(
        session, organization_ids=[*memberships, *(x.organization_id for x in roles)]
    )
    sources = cited_keys(
        session,
        {
            "membership_phase": [x.id for _, phases in memberships.values() for x in phases],
            "role": [x.id for x in roles],
        },
    )

    rows: dict[int, PortfolioRow] = {}
    for org_id, (row, phases) in memberships.items():
        if not phases:
            continue  # every phase retracted: nothing in force to report
        name = name_from(names[org_id], row.acronym or row.organization_key)
        rows[org_id] = _row(
            phases,
            as_of,
            organization=name,
            organization_key=row.organization_key,
            label=row.acronym or name.en,
            sources=list(
                dict.fromkeys(
                    k for x in phases for k in sources.get(("membership_phase", x.id), [])
                )
            ),
        )
    for role in roles:
        found = rows.get(role.organization_id) or rows.get(role.parent_id)
        if found is not None:
            found.roles.append(held_role(role, as_of, names, sources))
    for meeting in attended:
        found = rows[meeting.organization_id]
        start = stored_date(meeting.start_text)
        current = found.last_session
        if current is None or start.sort_key() > current.start.sort_key():
            found.last_session = AttendedSession(
                Name(meeting.name_en, meeting.name_fa), meeting.number, start, meeting.role
            )
    ordered = sorted(
        rows.values(), key=lambda r: (r.status is None, r.since.sort_key(), r.label.casefold())
    )
    return Portfolio(name_of(city), city.key, name_of(city.country), as_of, ordered)


def _row(phases: list[Phase], as_of: date, **base) -> PortfolioRow:
    found = standing_on(phases, as_of)
    if found is not None:
        return PortfolioRow(
            status=found.status,
            certain=found.certain,
            reasons=found.reasons,
            since=found.since,
            until=found.until,
            **base,
        )
    in_force = phase_on(phases, as_of)
    run = latest_run_by(phases, as_of)
    if in_force is None:
        return PortfolioRow(
            status=None,
            certain=True,
            reasons=[],
            since=phases[0].start if phases else PartialDate.UNKNOWN,
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


def _attended(session: Connection, city, as_of: date, organization_ids: list[int]):
    """The held sessions of these organizations that `city` attended (or was represented
    at) by `as_of`. The database walks them from the organizations' series (indexed)."""
    a, se, ms = schema.attendance.c, schema.session.c, schema.meeting_series.c
    return session.execute(
        select(a.role, se.number, se.start_text, ms.organization_id, ms.name_en, ms.name_fa)
        .select_from(
            schema.attendance.join(schema.session, a.session_id == se.id).join(
                schema.meeting_series, se.series_id == ms.id
            )
        )
        .where(
            or_(a.city_id == city.id, a.on_behalf_of_city_id == city.id),
            schema.ids_in(ms.organization_id, organization_ids),
            se.status == "held",
            or_(se.start_earliest.is_(None), se.start_earliest <= as_of),
        )
    ).all()
