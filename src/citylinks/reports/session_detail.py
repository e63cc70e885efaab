"""One session in full (`citylinks session show`): host, dates, theme, venue, status, other
sources' numberings, attendance claims, attendees and sources, and its version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from citylinks.dates import PartialDate
from citylinks.model import Session as MeetingSession


@dataclass
class Numbering:
    number: int
    label: str | None
    sources: list[str]
    # The row's id and version, for `session numbering edit|remove` (#ID, --expect-version).
    id: int = 0
    version: int = 0


@dataclass
class Count:
    number: int
    qualifier: str
    counted: str | None
    sources: list[str]
    id: int = 0
    version: int = 0


@dataclass
class Attendee:
    kind: str  # city, organization, person
    name: str
    name_fa: str | None
    role: str
    on_behalf_of: str | None
    note: str | None
    sources: list[str]
    id: int = 0
    version: int = 0


@dataclass
class SessionDetail:
    organization: str
    organization_name: str
    series: str
    series_name: str
    series_name_fa: str | None
    number: int
    host: str | None
    host_fa: str | None
    country: str | None
    start: PartialDate
    end: PartialDate
    status: str
    venue: str | None
    theme: str | None
    note: str | None
    version: int
    updated_by: str
    updated_at: datetime | None
    numberings: list[Numbering]
    counts: list[Count]
    attendees: list[Attendee]
    sources: list[str]


def session_detail(meeting: MeetingSession) -> SessionDetail:
    series = meeting.series
    org = series.organization
    host = meeting.host
    return SessionDetail(
        organization=org.label,
        organization_name=org.name(),
        series=series.key,
        series_name=series.name("en"),
        series_name_fa=series.name_fa,
        number=meeting.number,
        host=host.name("en") if host else None,
        host_fa=host.name("fa") if host else None,
        country=host.country.name("en") if host else None,
        start=meeting.start,
        end=meeting.end,
        status=meeting.status,
        venue=meeting.venue,
        theme=meeting.theme,
        note=meeting.note,
        version=meeting.version,
        updated_by=meeting.updated_by,
        updated_at=meeting.updated_at,
        numberings=[
            Numbering(n.number, n.label, [s.key for s in n.sources], n.id, n.version)
            for n in meeting.numberings
        ],
        counts=[
            Count(c.number, c.qualifier, c.counted, [s.key for s in c.sources], c.id, c.version)
            for c in meeting.counts
        ],
        attendees=[_attendee(a) for a in meeting.attendees],
        sources=[s.key for s in meeting.sources],
    )


def _attendee(a) -> Attendee:
    if a.city is not None:
        kind, record = "city", a.city
    elif a.organization is not None:
        kind, record = "organization", a.organization
    else:
        kind, record = "person", a.person
    name = record.label if kind == "organization" else record.name("en")
    name_fa = None if kind == "organization" else record.name("fa")
    behalf = a.on_behalf_of_city or a.on_behalf_of_organization
    behalf_name = None
    if behalf is not None:
        behalf_name = behalf.label if behalf is a.on_behalf_of_organization else behalf.name()
    return Attendee(
        kind=kind,
        name=name,
        name_fa=name_fa if name_fa != name else None,
        role=a.role,
        on_behalf_of=behalf_name,
        note=a.note,
        sources=[s.key for s in a.sources],
        id=a.id,
        version=a.version,
    )
