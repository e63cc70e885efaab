"""One membership's phases in order, with the sessions that decided them and the sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.errors import NotFound
from citylinks.i18n import _
from citylinks.reports.common import (
    Name,
    Phase,
    cited_keys,
    name_of,
    phase_joined,
    phase_of,
    stored_date,
)
from citylinks.reports.portfolio import AttendedSession
from citylinks.reports.standing import Bounds, bounds, runs

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


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


def history(session: Connection, city, organization) -> History:
    """The phases of the membership of `city` (a City or a CityRef) in `organization` (an
    Organization or an OrganizationRef).

    Core queries on citylinks.schema's tables, two whatever the number of phases: the
    phases with the sessions that decided them, and their sources. `session` is a
    Connection (or a Session)."""
    t = schema
    m, p, se, ms = t.membership.c, t.membership_phase.c, t.session.c, t.meeting_series.c
    found = session.execute(
        select(
            p.id.label("phase_id"),
            p.status,
            p.start_text,
            p.end_text,
            p.reason,
            p.note,
            se.number.label("session_number"),
            se.start_text.label("session_start"),
            ms.name_en.label("series_en"),
            ms.name_fa.label("series_fa"),
        )
        .select_from(
            t.membership.outerjoin(t.membership_phase, phase_joined(p, m))
            .outerjoin(t.session, se.id == p.session_id)
            .outerjoin(t.meeting_series, ms.id == se.series_id)
        )
        .where(m.city_id == city.id, m.organization_id == organization.id)
        .order_by(p.position)
    ).all()
    if not found:
        raise NotFound(
            _(
                "{city} has no recorded membership in {org}: see `citylinks portfolio {key}`"
                " for its organizations",
                city=city.name(),
                org=organization.label,
                key=city.key,
            )
        )
    records = []
    phases: list[Phase] = []
    for r in found:
        phase = phase_of(r)
        if phase is not None:  # the outer join found a phase
            records.append(r)
            phases.append(phase)
    sources = cited_keys(session, {"membership_phase": [x.id for x in phases]})
    rows = []
    for position, (record, phase, b) in enumerate(
        zip(records, phases, bounds(phases), strict=True), start=1
    ):
        rows.append(
            PhaseRow(
                position=position,
                status=phase.status,
                start=phase.start,
                end=phase.end,
                bounds=b,
                reason=record.reason,
                note=record.note,
                decided_at=AttendedSession(
                    Name(record.series_en, record.series_fa),
                    record.session_number,
                    stored_date(record.session_start),
                    "",
                )
                if record.session_number is not None
                else None,
                sources=sources.get(("membership_phase", phase.id), []),
            )
        )
    member_runs = runs(phases)
    since = member_runs[-1].start if member_runs else None
    return History(name_of(city), name_of(organization), organization.label, rows, since)
