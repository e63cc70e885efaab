"""Writing cities, memberships, sessions, attendance and countries as CSV, in the columns
that `citylinks import csv` reads (formats.csv.CSV_COLUMNS), so that an export imports back.

The file starts with a UTF-8 byte order mark, so that Excel shows Persian text. Text cells that
a spreadsheet would run as a formula are protected (formats.csv.protect), and the import of
such a file takes the protection away again (reader.is_own). With `raw`, cells are written as
stored and without the byte order mark, so that the import does not read the file as a
protected one. Rows are written as they are read, from chunked queries.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from citylinks.formats import in_chunks
from citylinks.formats.csv import CSV_COLUMNS, NAMES_JOIN, protect
from citylinks.model import (
    Attendance,
    City,
    CityName,
    Country,
    MeetingSeries,
    Membership,
    MembershipPhase,
    Organization,
)
from citylinks.model import Session as MeetingSession

CHUNK = 1000


def write(session: Session, kind: str, out: TextIO, raw: bool = False) -> int:
    """Write the rows of `kind` to `out`; returns how many."""
    columns = [name for name, _, _ in CSV_COLUMNS[kind]]
    if kind == "cities":
        columns += _name_columns(session)
    if not raw:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    n = 0
    for row in _ROWS[kind](session):
        writer.writerow([_cell(row.get(c), raw) for c in columns])
        n += 1
    return n


def _cell(value, raw: bool) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str) and not raw:
        return protect(value)
    return value


def _sources(obj) -> str:
    return ";".join(s.key for s in obj.sources)


def _cities(session: Session) -> Iterator[dict]:
    stmt = (
        select(City)
        .options(selectinload(City.names), selectinload(City.sources))
        .order_by(City.key)
    )
    for c in in_chunks(session, stmt, CHUNK):
        name = c.name("en")
        # name_LANG: every name of the city in LANG, in their order, one a line (NAMES_JOIN);
        # the English name in the `city` column is not given again.
        by_lang: dict[str, list[str]] = {}
        for n in c.names:
            if not (n.lang == "en" and n.name == name):
                by_lang.setdefault(n.lang, []).append(n.name)
        yield {
            "city": name,
            "country": c.country.code,
            "key": c.key,
            "region": c.region,
            "latitude": c.latitude,
            "longitude": c.longitude,
            "source": _sources(c),
            **{f"name_{lang}": NAMES_JOIN.join(names) for lang, names in by_lang.items()},
        }


def _name_columns(session: Session) -> list[str]:
    """A `name_LANG` column for each language, other than Persian (`name_fa`, always there),
    that a city's name is in, so that the import gets every name back (formats.csv.EXTRA_NAME);
    `name_en` when a city has an English name besides the one in the `city` column."""
    langs = set(session.scalars(select(CityName.lang).distinct()).all())
    column = CityName.__table__.c
    several_en = session.execute(
        select(column.city_id)
        .where(column.lang == "en")
        .group_by(column.city_id)
        .having(func.count() > 1)
        .limit(1)
    ).first()
    if several_en is None:
        langs.discard("en")
    return [f"name_{lang}" for lang in sorted(langs - {"fa"})]


def _org_label(o: Organization) -> str:
    return o.acronym or o.key


def _utc(at: datetime) -> str:
    # SQLite gives back naive datetimes; citylinks writes them in UTC (audit.now).
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def _memberships(session: Session) -> Iterator[dict]:
    org = aliased(Organization)
    stmt = (
        select(MembershipPhase, City, org)
        .join(Membership, MembershipPhase.membership_id == Membership.id)
        .join(City, Membership.city_id == City.id)
        .join(org, Membership.organization_id == org.id)
        .options(selectinload(MembershipPhase.sources), selectinload(City.names))
        .order_by(org.key, City.key, MembershipPhase.position)
    )
    for phase, city, organization in in_chunks(session, stmt, CHUNK, rows=True):
        yield {
            "city": city.name("en"),
            "country": city.country.code,
            "organization": _org_label(organization),
            "status": phase.status,
            "from": None if phase.start.is_unknown else str(phase.start),
            "to": None if phase.end.is_unknown else str(phase.end),
            "reason": phase.reason,
            "note": phase.note,
            "source": _sources(phase),
            # A retracted phase is kept, with when and why.
            "retracted": _utc(phase.retracted_at) if phase.retracted_at else None,
            "retraction_reason": phase.retraction_reason,
            "city_key": city.key,
        }


def _sessions(session: Session) -> Iterator[dict]:
    stmt = (
        select(MeetingSession, MeetingSeries, Organization)
        .join(MeetingSeries, MeetingSession.series_id == MeetingSeries.id)
        .join(Organization, MeetingSeries.organization_id == Organization.id)
        .options(
            selectinload(MeetingSession.sources),
            selectinload(MeetingSession.host).selectinload(City.names),
        )
        .order_by(Organization.key, MeetingSeries.id, MeetingSession.number)
    )
    for m, series, organization in in_chunks(session, stmt, CHUNK, rows=True):
        yield {
            "organization": _org_label(organization),
            "series": series.key,
            "number": m.number,
            "host": m.host.name("en") if m.host else None,
            "country": m.host.country.code if m.host else None,
            "start": None if m.start.is_unknown else str(m.start),
            "end": None if m.end.is_unknown else str(m.end),
            "status": m.status,
            "venue": m.venue,
            "theme": m.theme,
            "note": m.note,
            "source": _sources(m),
            "host_key": m.host.key if m.host else None,
        }


def _attendance(session: Session) -> Iterator[dict]:
    """Cities at sessions (people and organizations attending are in the other formats)."""
    stmt = (
        select(Attendance, MeetingSession, MeetingSeries, Organization, City)
        .join(MeetingSession, Attendance.session_id == MeetingSession.id)
        .join(MeetingSeries, MeetingSession.series_id == MeetingSeries.id)
        .join(Organization, MeetingSeries.organization_id == Organization.id)
        .join(City, Attendance.city_id == City.id)
        .join(Country, City.country_id == Country.id)
        .options(selectinload(Attendance.sources), selectinload(City.names))
        .order_by(Organization.key, MeetingSeries.id, MeetingSession.number, Attendance.id)
    )
    for a, m, series, organization, city in in_chunks(session, stmt, CHUNK, rows=True):
        yield {
            "organization": _org_label(organization),
            "series": series.key,
            "number": m.number,
            "city": city.name("en"),
            "country": city.country.code,
            "role": a.role,
            "note": a.note,
            "source": _sources(a),
            "city_key": city.key,
        }


def _countries(session: Session) -> Iterator[dict]:
    for c in session.scalars(select(Country).order_by(Country.code)):
        yield {"code": c.code, "name_en": c.name_en, "name_fa": c.name_fa}


_ROWS = {
    "cities": _cities,
    "memberships": _memberships,
    "sessions": _sessions,
    "attendance": _attendance,
    "countries": _countries,
}
