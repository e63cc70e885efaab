"""An organization's sessions in order, one list per meeting series."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from citylinks.dates import PartialDate
from citylinks.errors import NotFound
from citylinks.model import AttendanceClaim, City, MeetingSeries, Organization, SessionNumbering
from citylinks.model import Session as MeetingSession


@dataclass
class Claim:
    number: int
    qualifier: str
    counted: str | None
    sources: list[str]


@dataclass
class Numbering:
    number: int
    label: str | None
    sources: list[str]


@dataclass
class TimelineRow:
    number: int
    host: str | None
    host_fa: str | None
    country: str | None
    country_fa: str | None
    start: PartialDate
    end: PartialDate
    since_previous: tuple[PartialDate, PartialDate] | None
    status: str
    venue: str | None
    theme: str | None
    claims: list[Claim]
    numberings: list[Numbering]
    sources: list[str]


@dataclass
class SeriesTimeline:
    key: str
    name: str
    name_fa: str | None
    rows: list[TimelineRow] = field(default_factory=list)


def timeline(
    session: Session,
    organization: Organization,
    series: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[SeriesTimeline]:
    """The sessions of `organization` (of one series if `series` names it), oldest first.
    `since`/`until` keep sessions that may fall on or after/before those days."""
    all_series = session.scalars(
        select(MeetingSeries)
        .where(MeetingSeries.organization_id == organization.id)
        .order_by(MeetingSeries.id)
    ).all()
    if series is not None:
        wanted = [
            s
            for s in all_series
            if series.strip().lower() in (s.key, s.name_en.lower(), (s.name_fa or "").strip())
        ]
        if not wanted:
            choices = ", ".join(s.key for s in all_series) or "none recorded"
            raise NotFound(
                f"{organization.label} has no meeting series '{series}': use one of {choices}"
            )
        all_series = wanted
    stmt = (
        select(MeetingSession)
        .where(MeetingSession.series_id.in_([s.id for s in all_series]))
        .options(
            selectinload(MeetingSession.host).selectinload(City.names),
            selectinload(MeetingSession.sources),
            selectinload(MeetingSession.counts).selectinload(AttendanceClaim.sources),
            selectinload(MeetingSession.numberings).selectinload(SessionNumbering.sources),
        )
        .order_by(MeetingSession.series_id, MeetingSession.start_earliest, MeetingSession.number)
    )
    if since is not None:
        stmt = stmt.where(
            (MeetingSession.end_latest >= since)
            | (MeetingSession.start_latest >= since)
            | (MeetingSession.start_latest.is_(None))
        )
    if until is not None:
        stmt = stmt.where(
            (MeetingSession.start_earliest <= until) | MeetingSession.start_earliest.is_(None)
        )
    by_series = {s.id: SeriesTimeline(s.key, s.name_en, s.name_fa) for s in all_series}
    previous: dict[int, MeetingSession] = {}
    for meeting in session.scalars(stmt):
        host = meeting.host
        before = previous.get(meeting.series_id)
        by_series[meeting.series_id].rows.append(
            TimelineRow(
                number=meeting.number,
                host=host.name("en") if host else None,
                host_fa=host.name("fa") if host else None,
                country=host.country.name("en") if host else None,
                country_fa=host.country.name("fa") if host else None,
                start=meeting.start,
                end=meeting.end,
                since_previous=(before.start, meeting.start) if before is not None else None,
                status=meeting.status,
                venue=meeting.venue,
                theme=meeting.theme,
                claims=[
                    Claim(c.number, c.qualifier, c.counted, [s.key for s in c.sources])
                    for c in meeting.counts
                ],
                numberings=[
                    Numbering(n.number, n.label, [s.key for s in n.sources])
                    for n in meeting.numberings
                ],
                sources=[s.key for s in meeting.sources],
            )
        )
        previous[meeting.series_id] = meeting
    return list(by_series.values())
