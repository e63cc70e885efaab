"""One session in full (`citylinks session show`): host, dates, theme, venue, status, other
sources' numberings, attendance claims, attendees and sources, and its version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.reports.common import cited_keys, stored_date

if TYPE_CHECKING:
    from typing import (
        Any as MeetingRef,  # services.lookup.MeetingRef: reports do not import services
    )

    from sqlalchemy.engine import Connection


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


def session_detail(conn: Connection, found: MeetingRef) -> SessionDetail:
    """The session `found` (services.lookup.find_meeting) in full."""
    return _detail(conn, found.organization, found.series, found.row)


def _detail(conn: Connection, org, series, meeting) -> SessionDetail:
    from citylinks.reports.details import organizations_by_id, people_by_id, places_by_id

    c = schema
    numberings = list(
        conn.execute(
            select(c.session_numbering)
            .where(c.session_numbering.c.session_id == meeting.id)
            .order_by(c.session_numbering.c.id)
        )
    )
    counts = list(
        conn.execute(
            select(c.attendance_claim)
            .where(c.attendance_claim.c.session_id == meeting.id)
            .order_by(c.attendance_claim.c.id)
        )
    )
    attendance = list(
        conn.execute(
            select(c.attendance)
            .where(c.attendance.c.session_id == meeting.id)
            .order_by(c.attendance.c.id)
        )
    )
    places = places_by_id(
        conn,
        [meeting.host_city_id]
        + [a.city_id for a in attendance]
        + [a.on_behalf_of_city_id for a in attendance],
    )
    organizations = organizations_by_id(
        conn,
        [a.organization_id for a in attendance]
        + [a.on_behalf_of_organization_id for a in attendance],
    )
    people = people_by_id(conn, [a.person_id for a in attendance])
    keys = cited_keys(
        conn,
        {
            "session": [meeting.id],
            "session_numbering": [x.id for x in numberings],
            "attendance_claim": [x.id for x in counts],
            "attendance": [x.id for x in attendance],
        },
    )
    host = places.get(meeting.host_city_id) if meeting.host_city_id is not None else None
    return SessionDetail(
        organization=org.label,
        organization_name=org.name(),
        series=series.key,
        series_name=series.name_en,
        series_name_fa=series.name_fa,
        number=meeting.number,
        host=host.name("en") if host else None,
        host_fa=host.name("fa") if host else None,
        country=host.country.name_en if host else None,
        start=stored_date(meeting.start_text),
        end=stored_date(meeting.end_text),
        status=meeting.status,
        venue=meeting.venue,
        theme=meeting.theme,
        note=meeting.note,
        version=meeting.version,
        updated_by=meeting.updated_by,
        updated_at=meeting.updated_at,
        numberings=[
            Numbering(n.number, n.label, keys.get(("session_numbering", n.id), []), n.id, n.version)
            for n in numberings
        ],
        counts=[
            Count(
                x.number,
                x.qualifier,
                x.counted,
                keys.get(("attendance_claim", x.id), []),
                x.id,
                x.version,
            )
            for x in counts
        ],
        attendees=[
            _attendee(a, places, organizations, people, keys.get(("attendance", a.id), []))
            for a in attendance
        ],
        sources=keys.get(("session", meeting.id), []),
    )


def _attendee(a, places: dict, organizations: dict, people: dict, sources: list) -> Attendee:
    from citylinks.text import display_name

    if a.city_id is not None:
        place = places[a.city_id]
        kind, name, name_fa = "city", place.name("en"), place.name("fa")
    elif a.organization_id is not None:
        kind, name, name_fa = "organization", organizations[a.organization_id].label, None
    else:
        key, names = people[a.person_id]
        kind = "person"
        name = display_name(list(names), "en") or key
        name_fa = display_name(list(names), "fa") or key
    behalf_name = None
    if a.on_behalf_of_city_id is not None:
        behalf_name = places[a.on_behalf_of_city_id].name()
    elif a.on_behalf_of_organization_id is not None:
        behalf_name = organizations[a.on_behalf_of_organization_id].label
    return Attendee(
        kind=kind,
        name=name,
        name_fa=name_fa if name_fa != name else None,
        role=a.role,
        on_behalf_of=behalf_name,
        note=a.note,
        sources=sources,
        id=a.id,
        version=a.version,
    )
