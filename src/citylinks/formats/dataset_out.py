"""Writing the whole database in the dataset format (data/README.md), the inverse of
services/dataset.py: every field the loader reads, nothing it does not (no ids, no
created/updated stamps), so that export, import into an empty database and export again
give the same bytes.

Order is stable and independent of row ids wherever a natural key exists: sources in the order
they were recorded (records list their sources in that order), countries by code, cities and
people by key, organizations parents first then by key, sessions by organization, series and
number, memberships by organization and member, roles and posts by who, where, what and when.
Nested records keep their stored order (names by position, phases by position, the rest in the
order they were added, which loading a file preserves).

Records are written one at a time from chunked queries, so memory does not grow with the
number of records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TextIO

import tomli_w
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from citylinks.dates import PartialDate
from citylinks.model import (
    Attendance,
    AttendanceClaim,
    AuditEntry,
    City,
    Country,
    Designation,
    MeetingSeries,
    MemberCountClaim,
    Membership,
    MembershipPhase,
    Motto,
    Organization,
    Person,
    Post,
    Role,
    SessionNumbering,
    Source,
)
from citylinks.model import Session as MeetingSession
from citylinks.services.dataset import FORMAT

CHUNK = 500


def write(session: Session, out: TextIO, with_audit: bool = False) -> dict[str, int]:
    """Write the database to `out`; returns how many records of each kind were written."""
    out.write(f'format = "{FORMAT}"\n')
    counts: dict[str, int] = {}
    for kind, records in sections(session, with_audit):
        n = 0
        for record in records:
            out.write("\n")
            out.write(tomli_w.dumps({kind: [record]}))
            n += 1
        counts[kind] = n
    return counts


def sections(session: Session, with_audit: bool) -> Iterator[tuple[str, Iterable[dict]]]:
    keys = _Keys(session)
    yield "source", _sources(session)
    yield "country", _countries(session)
    yield "city", _cities(session)
    yield "person", _people(session)
    yield "organization", _organizations(session, keys)
    yield "session", _meetings(session, keys)
    yield "membership", _memberships(session, keys)
    yield "role", _roles(session, keys)
    yield "post", _posts(session, keys)
    if with_audit:
        yield "audit", audit_records(session)


class _Keys:
    """Keys by id for the kinds records refer to (small tables: organizations, sessions)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._orgs: dict[int, str] | None = None
        self._sessions: dict[int, str] | None = None

    def org(self, org_id: int | None) -> str | None:
        if org_id is None:
            return None
        if self._orgs is None:
            self._orgs = dict(self.session.execute(select(Organization.id, Organization.key)).all())
        return self._orgs[org_id]

    def meeting(self, session_id: int | None) -> str | None:
        """'ORG/SERIES/NUMBER' for a session id."""
        if session_id is None:
            return None
        if self._sessions is None:
            rows = self.session.execute(
                select(
                    MeetingSession.id, Organization.key, MeetingSeries.key, MeetingSession.number
                )
                .join(MeetingSeries, MeetingSession.series_id == MeetingSeries.id)
                .join(Organization, MeetingSeries.organization_id == Organization.id)
            ).all()
            self._sessions = {i: f"{o}/{s}/{n}" for i, o, s, n in rows}
        return self._sessions[session_id]


def _text_order(session: Session, column):
    """Order text by code point on every backend, so that every database writes one order."""
    if session.get_bind().dialect.name == "postgresql":
        return column.collate("C")
    return column


def _nulls_first(session: Session, expression) -> tuple:
    """ORDER BY terms putting NULLs first on every backend (MariaDB has no NULLS FIRST)."""
    if session.get_bind().dialect.name in ("mysql", "mariadb"):
        return (expression.is_(None).desc(), expression)
    return (expression.nulls_first(),)


def _chunked(session: Session, stmt) -> Iterator[Any]:
    from citylinks.formats import in_chunks

    return in_chunks(session, stmt, CHUNK)


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is unknown: TOML has no null, and the format omits unknown fields."""
    return {k: v for k, v in record.items() if v is not None and v != []}


def _date(d: PartialDate) -> str:
    return str(d)


def _optional_date(d: PartialDate) -> str | None:
    return None if d.is_unknown else str(d)


def _source_keys(obj) -> list[str]:
    return [s.key for s in obj.sources]


def _names(names: list) -> list[dict[str, str]]:
    return [{"lang": n.lang, "name": n.name, "kind": n.kind} for n in names]


def _sources(session: Session) -> Iterator[dict]:
    for s in _chunked(session, select(Source).order_by(Source.id)):
        yield _clean(
            {
                "key": s.key,
                "kind": s.kind,
                "title": s.title,
                "publisher": s.publisher,
                "url": s.url,
                "published": _date(s.published),
                "language": s.language,
                "retrieved": _optional_date(s.retrieved),
                "excerpt": s.excerpt,
                "note": s.note,
            }
        )


def _countries(session: Session) -> Iterator[dict]:
    for c in _chunked(session, select(Country).order_by(_text_order(session, Country.code))):
        names = [{"lang": "en", "name": c.name_en, "kind": "official"}]
        if c.name_fa:
            names.append({"lang": "fa", "name": c.name_fa, "kind": "official"})
        yield {"code": c.code, "names": names}


def _cities(session: Session) -> Iterator[dict]:
    stmt = (
        select(City)
        .options(
            selectinload(City.names),
            selectinload(City.identifiers),
            selectinload(City.sources),
            selectinload(City.designations).selectinload(Designation.sources),
        )
        .order_by(_text_order(session, City.key))
    )
    for c in _chunked(session, stmt):
        yield _clean(
            {
                "key": c.key,
                "country": c.country.code,
                "names": _names(c.names),
                "region": c.region,
                "latitude": c.latitude,
                "longitude": c.longitude,
                "identifiers": [
                    {"scheme": i.scheme, "value": i.value}
                    for i in sorted(c.identifiers, key=lambda i: (i.scheme, i.value))
                ],
                "sources": _source_keys(c),
                "designation": [
                    _clean(
                        {
                            "name": d.name,
                            "reference": d.reference,
                            "date": _optional_date(d.date),
                            "sources": _source_keys(d),
                        }
                    )
                    for d in c.designations
                ],
            }
        )


def _people(session: Session) -> Iterator[dict]:
    stmt = (
        select(Person)
        .options(selectinload(Person.names), selectinload(Person.sources))
        .order_by(_text_order(session, Person.key))
    )
    for p in _chunked(session, stmt):
        yield _clean({"key": p.key, "names": _names(p.names), "sources": _source_keys(p)})


def organization_order(session: Session) -> list[int]:
    """Organization ids, each parent before its children, then by key."""
    rows = session.execute(select(Organization.id, Organization.key, Organization.parent_id)).all()
    parent = {i: p for i, _, p in rows}

    def depth(i: int) -> int:
        d, seen = 0, set()
        while parent.get(i) is not None and i not in seen:
            seen.add(i)
            i = parent[i]
            d += 1
        return d

    return [i for i, _, _ in sorted(rows, key=lambda r: (depth(r[0]), r[1].encode()))]


def _organizations(session: Session, keys: _Keys) -> Iterator[dict]:
    order = organization_order(session)
    for start in range(0, len(order), CHUNK):
        ids = order[start : start + CHUNK]
        stmt = (
            select(Organization)
            .where(Organization.id.in_(ids))
            .options(
                selectinload(Organization.names),
                selectinload(Organization.identifiers),
                selectinload(Organization.sources),
                selectinload(Organization.mottos).selectinload(Motto.sources),
                selectinload(Organization.series),
                selectinload(Organization.member_counts).selectinload(MemberCountClaim.sources),
                selectinload(Organization.seat),
            )
        )
        by_id = {o.id: o for o in session.scalars(stmt)}
        for i in ids:
            yield _organization(by_id[i], keys)


def _organization(o: Organization, keys: _Keys) -> dict:
    return _clean(
        {
            "key": o.key,
            "acronym": o.acronym,
            "names": _names(o.names),
            "kind": o.kind,
            "parent": keys.org(o.parent_id),
            "classification": o.classification,
            "region": o.region,
            "aims": list(o.aims) if o.aims is not None else None,
            "founded": _optional_date(o.founded),
            "initiator": o.initiator,
            "seat": o.seat.key if o.seat else None,
            "website": o.website,
            "identifiers": [
                {"scheme": i.scheme, "value": i.value}
                for i in sorted(o.identifiers, key=lambda i: (i.scheme, i.value))
            ],
            "note": o.note,
            "sources": _source_keys(o),
            "motto": [
                _clean({"text": m.text, "lang": m.lang, "note": m.note, "sources": _source_keys(m)})
                for m in o.mottos
            ],
            "series": [_clean({"key": s.key, "names": _series_names(s)}) for s in o.series],
            "member_count": [
                _clean(
                    {
                        "number": c.number,
                        "qualifier": c.qualifier,
                        "counted": c.counted,
                        "as_of": _optional_date(c.as_of),
                        "sources": _source_keys(c),
                    }
                )
                for c in o.member_counts
            ],
        }
    )


def _series_names(s: MeetingSeries) -> list[dict]:
    names = [{"lang": "en", "name": s.name_en, "kind": "official"}]
    if s.name_fa:
        names.append({"lang": "fa", "name": s.name_fa, "kind": "official"})
    return names


def _meetings(session: Session, keys: _Keys) -> Iterator[dict]:
    stmt = (
        select(MeetingSession)
        .join(MeetingSeries, MeetingSession.series_id == MeetingSeries.id)
        .join(Organization, MeetingSeries.organization_id == Organization.id)
        .options(
            selectinload(MeetingSession.series),
            selectinload(MeetingSession.host),
            selectinload(MeetingSession.sources),
            selectinload(MeetingSession.numberings).selectinload(SessionNumbering.sources),
            selectinload(MeetingSession.counts).selectinload(AttendanceClaim.sources),
            selectinload(MeetingSession.attendees).selectinload(Attendance.sources),
            selectinload(MeetingSession.attendees).selectinload(Attendance.city),
            selectinload(MeetingSession.attendees).selectinload(Attendance.person),
            selectinload(MeetingSession.attendees).selectinload(Attendance.on_behalf_of_city),
        )
        .order_by(_text_order(session, Organization.key), MeetingSeries.id, MeetingSession.number)
    )
    for m in _chunked(session, stmt):
        yield _clean(
            {
                "organization": keys.org(m.series.organization_id),
                "series": m.series.key,
                "number": m.number,
                "host": m.host.key if m.host else None,
                "start": _date(m.start),
                "end": _date(m.end),
                "status": m.status,
                "venue": m.venue,
                "theme": m.theme,
                "note": m.note,
                "sources": _source_keys(m),
                "numbering": [
                    _clean({"number": n.number, "label": n.label, "sources": _source_keys(n)})
                    for n in m.numberings
                ],
                "count": [
                    _clean(
                        {
                            "number": c.number,
                            "qualifier": c.qualifier,
                            "counted": c.counted,
                            "sources": _source_keys(c),
                        }
                    )
                    for c in m.counts
                ],
                "attendee": [_attendee(a, keys) for a in m.attendees],
            }
        )


def _attendee(a: Attendance, keys: _Keys) -> dict:
    return _clean(
        {
            "city": a.city.key if a.city else None,
            "organization": keys.org(a.organization_id),
            "person": a.person.key if a.person else None,
            "on_behalf_of_city": a.on_behalf_of_city.key if a.on_behalf_of_city else None,
            "on_behalf_of_organization": keys.org(a.on_behalf_of_organization_id),
            "role": a.role,
            "note": a.note,
            "sources": _source_keys(a),
        }
    )


def _memberships(session: Session, keys: _Keys) -> Iterator[dict]:
    member_city = select(City.key).where(City.id == Membership.city_id).scalar_subquery()
    member = aliased(Organization)
    member_org = (
        select(member.key).where(member.id == Membership.member_organization_id).scalar_subquery()
    )
    stmt = (
        select(Membership)
        .join(Organization, Membership.organization_id == Organization.id)
        .options(
            selectinload(Membership.city),
            selectinload(Membership.phases).selectinload(MembershipPhase.sources),
        )
        .order_by(
            _text_order(session, Organization.key),
            *_nulls_first(session, _text_order(session, member_city)),
            *_nulls_first(session, _text_order(session, member_org)),
        )
    )
    for ms in _chunked(session, stmt):
        yield _clean(
            {
                "city": ms.city.key if ms.city else None,
                "member_organization": keys.org(ms.member_organization_id),
                "organization": keys.org(ms.organization_id),
                "phase": [
                    _clean(
                        {
                            "status": p.status,
                            "start": _date(p.start),
                            "end": _date(p.end),
                            "reason": p.reason,
                            "note": p.note,
                            "session": keys.meeting(p.session_id),
                            "sources": _source_keys(p),
                        }
                    )
                    for p in ms.phases
                ],
            }
        )


def _roles(session: Session, keys: _Keys) -> Iterator[dict]:
    stmt = (
        select(Role)
        .join(Organization, Role.organization_id == Organization.id)
        .join(City, Role.city_id == City.id)
        .options(selectinload(Role.sources))
        .order_by(
            _text_order(session, Organization.key),
            _text_order(session, City.key),
            _text_order(session, Role.title),
            *_nulls_first(session, Role.start_earliest),
            _text_order(session, Role.start_text),
            Role.id,
        )
        .add_columns(City.key)
    )
    for role, city_key in session.execute(stmt.execution_options(yield_per=CHUNK)):
        yield _clean(
            {
                "city": city_key,
                "organization": keys.org(role.organization_id),
                "title": role.title,
                "start": _date(role.start),
                "end": _date(role.end),
                "session": keys.meeting(role.session_id),
                "note": role.note,
                "sources": _source_keys(role),
            }
        )


def _posts(session: Session, keys: _Keys) -> Iterator[dict]:
    holder_city = select(City.key).where(City.id == Post.city_id).scalar_subquery()
    holder = aliased(Organization)
    holder_org = select(holder.key).where(holder.id == Post.organization_id)
    stmt = (
        select(Post)
        .join(Person, Post.person_id == Person.id)
        .options(selectinload(Post.sources), selectinload(Post.city))
        .order_by(
            _text_order(session, Person.key),
            *_nulls_first(session, _text_order(session, holder_org.scalar_subquery())),
            *_nulls_first(session, _text_order(session, holder_city)),
            _text_order(session, Post.title),
            *_nulls_first(session, Post.start_earliest),
            _text_order(session, Post.start_text),
            Post.id,
        )
        .add_columns(Person.key)
    )
    for post, person_key in session.execute(stmt.execution_options(yield_per=CHUNK)):
        yield _clean(
            {
                "person": person_key,
                "title": post.title,
                "organization": keys.org(post.organization_id),
                "city": post.city.key if post.city else None,
                "start": _date(post.start),
                "end": _date(post.end),
                "note": post.note,
                "sources": _source_keys(post),
            }
        )


def audit_records(session: Session) -> Iterator[dict]:
    """The audit log, oldest first. `before`/`after` are JSON text (TOML has no null)."""
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    for e in _chunked(session, stmt):
        yield _clean(
            {
                "at": _utc(e.at),
                "officer": e.officer,
                "action": e.action,
                "table": e.table_name,
                "row_id": e.row_id,
                "row_label": e.row_label,
                "before": _json(e.before),
                "after": _json(e.after),
            }
        )


def _utc(at: datetime) -> str:
    # SQLite gives back naive datetimes; citylinks writes them in UTC (audit.now).
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
