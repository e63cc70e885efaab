"""An organization's sessions in order, one list per meeting series."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.reports.common import cited_keys, names_of
from citylinks.text import display_name

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


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
    # Sessions of the series recorded, in the range asked for or not.
    recorded: int = 0


def timeline(
    session: Connection,
    organization,
    series_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[SeriesTimeline]:
    """The sessions of `organization` (anything with `id` and `label`: an Organization or
    an OrganizationRef; of one series if `series_id` is given: the caller finds it by what
    was typed, with services.lookup.find_series_ref), oldest first. `since`/`until`
    keep sessions that may fall on or after/before those days.

    Core queries on the tables (citylinks.schema), six in all whatever the number of
    sessions: the main job of citylinks, run dozens of times a day, does not pay for
    importing the ORM. `session` is a Connection (or a Session)."""
    t = schema
    ms = t.meeting_series.c
    all_series = session.execute(
        select(ms.id, ms.key, ms.name_en, ms.name_fa)
        .where(ms.organization_id == organization.id)
        .order_by(ms.id)
    ).all()
    if series_id is not None:
        all_series = [s for s in all_series if s.id == series_id]
    m = t.session.c
    # Every session of the series, whatever --from and --to say: the time since the previous
    # session counts from the real previous one, even when it falls outside the range shown.
    stmt = (
        select(
            m.id,
            m.series_id,
            m.number,
            m.host_city_id,
            m.status,
            m.venue,
            m.theme,
            m.start_text,
            m.end_text,
            m.start_earliest,
            m.start_latest,
            m.end_latest,
            t.country.c.name_en.label("country"),
            t.country.c.name_fa.label("country_fa"),
        )
        .select_from(
            t.session.outerjoin(t.city, t.city.c.id == m.host_city_id).outerjoin(
                t.country, t.country.c.id == t.city.c.country_id
            )
        )
        .where(schema.ids_in(m.series_id, [s.id for s in all_series]))
    )
    # In order of time, in Python so that every backend orders alike (NULLs first or last).
    every = sorted(session.execute(stmt).all(), key=_in_time)
    previous_start: dict[int, PartialDate | None] = {}
    before_of: dict[int, PartialDate | None] = {}
    for r in every:
        before_of[r.id] = previous_start.get(r.series_id)
        previous_start[r.series_id] = PartialDate.parse(r.start_text)
    meetings = [r for r in every if _in_range(r, since, until)]
    recorded = Counter(r.series_id for r in every)
    ids = [r.id for r in meetings]
    host_names, _others = names_of(
        session, city_ids=[r.host_city_id for r in meetings if r.host_city_id]
    )
    claims: dict[int, list[Claim]] = {i: [] for i in ids}
    c = t.attendance_claim.c
    claim_rows = session.execute(
        select(c.id, c.session_id, c.number, c.qualifier, c.counted)
        .where(schema.ids_in(c.session_id, ids))
        .order_by(c.id)
    ).all()
    numberings: dict[int, list[Numbering]] = {i: [] for i in ids}
    n = t.session_numbering.c
    numbering_rows = session.execute(
        select(n.id, n.session_id, n.number, n.label)
        .where(schema.ids_in(n.session_id, ids))
        .order_by(n.id)
    ).all()
    # The sources of sessions, attendance claims and numberings, in one statement.
    cited = cited_keys(
        session,
        {
            "session": ids,
            "attendance_claim": [r.id for r in claim_rows],
            "session_numbering": [r.id for r in numbering_rows],
        },
    )
    for claim in claim_rows:
        claims[claim.session_id].append(
            Claim(
                claim.number,
                claim.qualifier,
                claim.counted,
                cited.get(("attendance_claim", claim.id), []),
            )
        )
    for numbering in numbering_rows:
        numberings[numbering.session_id].append(
            Numbering(
                numbering.number,
                numbering.label,
                cited.get(("session_numbering", numbering.id), []),
            )
        )

    by_series = {
        s.id: SeriesTimeline(s.key, s.name_en, s.name_fa, recorded=recorded[s.id])
        for s in all_series
    }
    for r in meetings:
        start, end = PartialDate.parse(r.start_text), PartialDate.parse(r.end_text)
        names = host_names.get(r.host_city_id, [])
        host, host_fa = display_name(names, "en"), display_name(names, "fa")
        before = before_of[r.id]
        by_series[r.series_id].rows.append(
            TimelineRow(
                number=r.number,
                host=host,
                host_fa=host_fa,
                country=r.country,
                country_fa=r.country_fa or r.country,
                start=start,
                end=end,
                since_previous=(before, start) if before is not None else None,
                status=r.status,
                venue=r.venue,
                theme=r.theme,
                claims=claims[r.id],
                numberings=numberings[r.id],
                sources=cited.get(("session", r.id), []),
            )
        )
    return list(by_series.values())


def _in_time(r) -> tuple:
    """A session's place in time: its earliest possible day; where only its latest is known
    ("before 2022-03-08"), that one, so that it sorts before the sessions that follow it,
    not first; sessions with no date at all last, by number."""
    day = r.start_earliest or r.start_latest
    return (r.series_id, day is None, day or date.min, r.number, r.id)


def _in_range(r, since: date | None, until: date | None) -> bool:
    """Whether a session may fall on or after `since` and on or before `until`."""
    if since is not None and r.start_latest is not None:
        if not (r.start_latest >= since or (r.end_latest is not None and r.end_latest >= since)):
            return False
    if until is not None and r.start_earliest is not None and r.start_earliest > until:
        return False
    return True
