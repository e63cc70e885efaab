"""Writing the whole database in the dataset format (data/README.md), the inverse of reading
it and applying its records (citylinks.services.records): every field the loader reads, nothing it does not (no ids, no
created/updated stamps), so that export, import into an empty database and export again
give the same bytes.

Order is stable and independent of row ids wherever a natural key exists: sources in the order
they were recorded (records list their sources in that order), countries by code, cities and
people by key, organizations parents first then by key, sessions by organization, series and
number, memberships by organization and member, roles and posts by who, where, what and when.
Nested records keep their stored order (names by position, phases by position, the rest in the
order they were added, which loading a file preserves).

Records are written one at a time, so memory does not grow with the number of records. They
are read as plain rows (citylinks.schema), a chunk of records at a time: one query streams the
records in order, and for each chunk one query per nested kind (names, phases, attendees, the
sources each cites) reads what the chunk's records hold. The largest nested kinds are joined in instead, in one
ordered query grouped as it streams: memberships with their phases and the sources each phase
cites, sessions with their attendees and theirs, cities with their names and theirs. No ORM: the writer reads through a Core connection (a Session's, when one is
given), so `export` imports neither sqlalchemy.orm nor the mapped classes.
"""

from __future__ import annotations

import json
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TextIO, cast

from sqlalchemy import Row, select
from sqlalchemy.engine import Connection

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.formats import moment
from citylinks.formats.dataset import FORMAT, toml

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHUNK = 500
# Rows fetched from the database at a time while a query streams.
STREAM = 2000
# Pieces of TOML joined into one write (tens of kilobytes: few calls, memory still flat).
WRITE_PIECES = 4096


def write(reader: Connection | Session, out: TextIO, with_audit: bool = False) -> dict[str, int]:
    """Write the database to `out` (read through `reader`: a Core connection, or a Session's
    connection); returns how many records of each kind were written."""
    session = connection_of(reader)
    out.write(f'format = "{FORMAT}"\n')
    counts: dict[str, int] = {}
    pending: list[str] = []
    for kind, records in sections(session, with_audit):
        n = 0
        for record in records:
            pending.append("\n")
            if isinstance(record, str):  # rendered already (membership_texts)
                pending.append(record)
            else:
                toml.record_into(kind, record, pending)
            n += 1
            if len(pending) >= WRITE_PIECES:
                out.write("".join(pending))
                pending.clear()
        counts[kind] = n
    out.write("".join(pending))
    return counts


def connection_of(reader: Connection | Session) -> Connection:
    """The Core connection to read with: the one given, or the Session's (in its transaction)."""
    return reader if isinstance(reader, Connection) else reader.connection()


def sections(
    session: Connection, with_audit: bool
) -> Iterator[tuple[str, Iterable[dict] | Iterable[str]]]:
    """Each kind's records, in the file's order: as dicts, or as their TOML already."""
    keys = Keys(session)
    kept = Kept(session)
    yield "source", sources(session)
    yield "country", countries(session, kept)
    yield "city", cities(session, kept)
    yield "person", people(session, kept)
    yield "organization", organizations(session, keys, kept)
    yield "session", meetings(session, keys, kept)
    yield "membership", membership_texts(session, keys, kept)
    yield "role", roles(session, keys, kept)
    yield "post", posts(session, keys, kept)
    yield "popolo_document", popolo_documents(session)
    yield "popolo", kept.unattached()
    yield "setting", settings(session)
    if with_audit:
        yield "audit", audit_records(session)


class Keys:
    """Keys by id for the kinds records refer to (small tables: organizations, sessions)."""

    def __init__(self, session: Connection) -> None:
        self.session = session
        self._orgs: dict[int, str] | None = None
        self._sessions: dict[int, str] | None = None

    def org(self, org_id: int | None) -> str | None:
        if org_id is None:
            return None
        if self._orgs is None:
            o = schema.organization
            self._orgs = dict(self.session.execute(select(o.c.id, o.c.key)).all())
        return self._orgs[org_id]

    def meeting(self, session_id: int | None) -> str | None:
        """'ORG/SERIES/NUMBER' for a session id."""
        if session_id is None:
            return None
        if self._sessions is None:
            m, series, o = schema.session, schema.meeting_series, schema.organization
            rows = self.session.execute(
                select(m.c.id, o.c.key, series.c.key, m.c.number)
                .join(series, m.c.series_id == series.c.id)
                .join(o, series.c.organization_id == o.c.id)
            ).all()
            self._sessions = {i: f"{o}/{s}/{n}" for i, o, s, n in rows}
        return self._sessions[session_id]


class Kept:
    """Other tools' Popolo objects kept beside rows (schema.popolo_extra), as the records of
    those rows carry them (`popolo`, data/README.md): the section and id the object had, whether
    it stands for an object its document only referred to (`stub`), whether the row was edited
    since it was read (`changed`: the Popolo export then writes the row from citylinks' columns
    over the object), the object itself as JSON text (TOML has no null), and its place among
    all kept objects (`n`), the order the Popolo export writes them in. Objects with no row
    (an area that is no city, an event with no organization) are records of their own
    ([[popolo]]). Without `session` (the Popolo writer's use of the record functions) records
    carry none."""

    def __init__(self, session: Connection | None = None) -> None:
        self.session = session
        self.rank: dict[int, int] = {}
        self.namespaces: dict[int, str] = {}  # popolo_document id -> its namespace
        if session is not None:
            e, d = schema.popolo_extra, schema.popolo_document
            ids = session.scalars(select(e.c.id).order_by(e.c.id))
            self.rank = {i: n for n, i in enumerate(ids, start=1)}
            if self.rank:
                self.namespaces = {
                    row.id: row.namespace for row in session.execute(select(d.c.id, d.c.namespace))
                }

    def of(self, table_name: str, ids: list[int]) -> dict[int, list[dict]]:
        """The kept objects of the rows of `table_name` with these ids, by row id."""
        if not self.rank or not ids or self.session is None:
            return {}
        e, table = schema.popolo_extra, schema.metadata.tables[table_name]
        stmt = (
            select(
                e.c.row_id, e.c.id, e.c.section, e.c.popolo_id, e.c.stub, e.c.data,
                e.c.document_id, e.c.row_version, table.c.version,
            )
            .join(table, table.c.id == e.c.row_id)
            .where(e.c.table_name == table_name, schema.ids_in(e.c.row_id, ids))
            .order_by(e.c.id)
        )  # fmt: skip
        found: dict[int, list[dict]] = defaultdict(list)
        for row in self.session.execute(stmt):
            found[row.row_id].append(self._entry(row, changed=row.row_version != row.version))
        return found

    def unattached(self) -> Iterator[dict]:
        """The kept objects that no row holds, in the order they were kept."""
        if not self.rank or self.session is None:
            return
        e = schema.popolo_extra
        stmt = select(
            e.c.id, e.c.section, e.c.popolo_id, e.c.stub, e.c.data, e.c.document_id
        ).where(e.c.table_name.is_(None))
        for chunk in _chunks(self.session, stmt.order_by(e.c.id)):
            for row in chunk:
                yield self._entry(row, changed=False)

    def _entry(self, row: Any, changed: bool) -> dict:
        return _clean(
            {
                "n": self.rank[row.id],
                # the document it was read from, by its namespace ([[popolo_document]])
                "document": self.namespaces.get(row.document_id),
                "section": row.section,
                "id": row.popolo_id,
                "stub": True if row.stub else None,
                "changed": True if changed else None,
                "data": json.dumps(row.data, ensure_ascii=False, separators=(",", ":")),
            }
        )


def settings(session: Connection) -> Iterator[dict]:
    """The office's settings that were set (`citylinks setting set`), by key."""
    s = schema.setting.c
    for key, value in session.execute(select(s.key, s.value).order_by(_text_order(session, s.key))):
        yield {"key": key, "value": value}


def _text_order(session: Connection, column):
    """Order text by code point on every backend, so that every database writes one order."""
    if session.dialect.name == "postgresql":
        return column.collate("C")
    return column


def _nulls_first(session: Connection, expression) -> tuple:
    """ORDER BY terms putting NULLs first on every backend (MariaDB has no NULLS FIRST)."""
    if session.dialect.name in ("mysql", "mariadb"):
        return (expression.is_(None).desc(), expression)
    return (expression.nulls_first(),)


def _chunks(session: Connection, stmt) -> Iterator[list]:
    """The rows of `stmt` (its first column a row id), `CHUNK` at a time: each chunk's nested
    records are then read with one query per kind, never one per record."""
    chunk: list = []
    for row in _stream(session, stmt):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _records(session: Connection, stmt) -> Iterator[list[list]]:
    """The rows of a joined `stmt` grouped by record (the consecutive rows that share its first
    column, the record's id, which the order must keep together), `CHUNK` records at a time."""
    chunk: list[list] = []
    rows: list = []
    at = None
    for row in _stream(session, stmt):
        if row[0] != at:
            if rows:
                chunk.append(rows)
                if len(chunk) == CHUNK:
                    yield chunk
                    chunk = []
            rows = []
            at = row[0]
        rows.append(row)
    if rows:
        chunk.append(rows)
    if chunk:
        yield chunk


def _cited(rows: list, child: str, build: Callable[[Any], dict]) -> list[dict]:
    """The children a record's joined rows hold (its names, its attendees), each built once
    by `build` from its first row, with the sources its rows cite in order: one row per
    (child, source), the child's id in column `child` (None: the record has no child)."""
    children: list[dict] = []
    at = None
    for r in rows:
        child_id = getattr(r, child)
        if child_id is None:  # a record with no child: its one row
            break
        if child_id == at:  # the same child, citing one more source
            children[-1]["sources"].append(r.source)
            continue
        at = child_id
        children.append({**build(r), "sources": [] if r.source is None else [r.source]})
    return children


def _stream(session: Connection, stmt) -> Iterator[Row]:
    """The rows of the ordered select `stmt`, in its order, never holding the whole result;
    other queries may run between two rows. Its first column identifies a record (a record
    may have several consecutive rows: the rows of a join)."""
    if session.dialect.name not in ("mysql", "mariadb"):
        # A partition at a time (fetchmany): not a fetchone call per row.
        for rows in session.execute(stmt.execution_options(yield_per=STREAM)).partitions():
            yield from rows
        return
    # PyMySQL cannot run another query while a streamed result is open on its connection: read
    # the records' ids alone first (8 bytes each, in order), then their rows, a chunk at a time.
    key = stmt.selected_columns[0]
    ids = array("q")
    for i in session.scalars(stmt.with_only_columns(key)):
        if not ids or ids[-1] != i:
            ids.append(i)
    for start in range(0, len(ids), CHUNK):
        yield from session.execute(
            stmt.where(schema.ids_in(key, ids[start : start + CHUNK].tolist()))
        ).all()


def _grouped(session: Connection, stmt) -> dict[int, list]:
    """The rows of `stmt` by their first column (the id of the record they belong to), each
    group in the order `stmt` gives."""
    groups: dict[int, list] = defaultdict(list)
    for row in _all(session, stmt):
        groups[row[0]].append(row)
    return groups


def _all(session: Connection, stmt) -> Sequence[Row]:
    """The rows of `stmt`, fetched at once (one fetchall, not a fetchone per row) on the
    session's connection (Core: no ORM execution around a plain select). Only for the
    nested rows of one chunk of records, so that memory stays bounded by the chunk."""
    return session.execute(stmt).all()


def _citations(session: Connection, table, ids: list[int], by=None) -> dict[int, list[str]]:
    """The keys of the sources each row of `table` cites, in the order they were recorded, for
    the rows whose column `by` (default: their id) is in `ids`."""
    link = schema.CITING[table.name]
    owner = link.c[f"{table.name}_id"]
    s = schema.source
    stmt = select(owner, s.c.key).join(s, s.c.id == link.c.source_id)
    if by is None:
        stmt = stmt.where(schema.ids_in(owner, ids))
    else:
        stmt = stmt.join(table, table.c.id == owner).where(schema.ids_in(by, ids))
    keys: dict[int, list[str]] = defaultdict(list)
    for owner_id, key in _all(session, stmt.order_by(owner, link.c.source_id)):
        keys[owner_id].append(key)
    return keys


def _date_citations(session: Connection, ids: list[int]) -> dict[tuple[int, str], list[str]]:
    """The keys of the sources each of these sessions' start and end dates cite on their own
    (schema.session_date_source), by (session id, 'start' or 'end'), in the order recorded."""
    link, s = schema.session_date_source, schema.source
    stmt = (
        select(link.c.session_id, link.c.part, s.c.key)
        .join(s, s.c.id == link.c.source_id)
        .where(schema.ids_in(link.c.session_id, ids))
        .order_by(link.c.session_id, link.c.part, link.c.source_id)
    )
    keys: dict[tuple[int, str], list[str]] = defaultdict(list)
    for session_id, part, key in _all(session, stmt):
        keys[(session_id, part)].append(key)
    return keys


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is unknown: TOML has no null, and the format omits unknown fields."""
    # A string (most values) is neither: tested first, as it is the cheapest test.
    return {k: v for k, v in record.items() if v.__class__ is str or v is not None and v != []}


@lru_cache(maxsize=4096)
def _date(text: str | None) -> str:
    """A stored date in its canonical text, as the model reads it back (the text column is the
    truth). Cached: the same few thousand dates recur across millions of rows."""
    return str(PartialDate.from_columns(text))


# The one form of a stored date's text, for the Popolo writer's objects built from rows.
date_text = _date


def _optional_date(text: str | None) -> str | None:
    shown = _date(text)
    return None if shown == "unknown" else shown


def _names(names: list, cited: dict[int, list[str]] | None = None) -> list[dict]:
    """Names as the file holds them, with the sources each cites of its own (if any)."""
    cited = cited or {}
    return [
        _clean({"lang": n.lang, "name": n.name, "kind": n.kind, "sources": cited.get(n.id, [])})
        for n in names
    ]


def _names_of(session: Connection, names, owner, ids: list[int]) -> dict[int, list]:
    """The names of each owner (the `owner` column of the table `names`), by position."""
    return _grouped(
        session,
        select(owner, names.c.id, names.c.lang, names.c.name, names.c.kind)
        .where(schema.ids_in(owner, ids))
        .order_by(owner, names.c.position, names.c.id),
    )


def sources(session: Connection) -> Iterator[dict]:
    s = schema.source.c
    stmt = select(
        s.id,
        s.key,
        s.kind,
        s.title,
        s.publisher,
        s.url,
        s.published_text,
        s.language,
        s.retrieved_text,
        s.excerpt,
        s.note,
    ).order_by(s.id)
    for chunk in _chunks(session, stmt):
        for row in chunk:
            yield _clean(
                {
                    "key": row.key,
                    "kind": row.kind,
                    "title": row.title,
                    "publisher": row.publisher,
                    "url": row.url,
                    "published": _date(row.published_text),
                    "language": row.language,
                    "retrieved": _optional_date(row.retrieved_text),
                    "excerpt": row.excerpt,
                    "note": row.note,
                }
            )


def countries(session: Connection, kept: Kept | None = None) -> Iterator[dict]:
    kept = kept or Kept()
    c = schema.country.c
    stmt = select(c.id, c.code, c.name_en, c.name_fa).order_by(_text_order(session, c.code))
    for chunk in _chunks(session, stmt):
        objects = kept.of("country", [row[0] for row in chunk])
        for country_id, code, name_en, name_fa in chunk:
            names = [{"lang": "en", "name": name_en, "kind": "official"}]
            if name_fa:
                names.append({"lang": "fa", "name": name_fa, "kind": "official"})
            yield _clean({"code": code, "names": names, "popolo": objects.get(country_id, [])})


def cities(session: Connection, kept: Kept | None = None) -> Iterator[dict]:
    """Cities with their names and the sources each name cites in one query, joined and
    ordered (a city's rows together, its names by position, a name's sources in the order
    recorded), grouped as it streams; a chunk's identifiers, designations and citations with
    one query each."""
    kept = kept or Kept()
    city, country = schema.city, schema.country
    identifier, designation = schema.city_identifier, schema.designation
    name, source = schema.city_name, schema.source
    link = schema.CITING[name.name]
    stmt = (
        select(
            city.c.id,
            city.c.key,
            country.c.code,
            city.c.region,
            city.c.latitude,
            city.c.longitude,
            # its names (NULL for a city with none), each row one source they cite
            name.c.id.label("name_id"),
            name.c.lang,
            name.c.name,
            name.c.kind,
            source.c.key.label("source"),
        )
        .join(country, city.c.country_id == country.c.id)
        .outerjoin(name, name.c.city_id == city.c.id)
        .outerjoin(link, link.c.city_name_id == name.c.id)
        .outerjoin(source, source.c.id == link.c.source_id)
        .order_by(_text_order(session, city.c.key), name.c.position, name.c.id, link.c.source_id)
    )
    for chunk in _records(session, stmt):
        ids = [rows[0][0] for rows in chunk]
        identifiers = _grouped(
            session,
            select(identifier.c.city_id, identifier.c.scheme, identifier.c.value).where(
                schema.ids_in(identifier.c.city_id, ids)
            ),
        )
        sources = _citations(session, city, ids)
        designations = _grouped(
            session,
            select(
                designation.c.city_id,
                designation.c.id,
                designation.c.name,
                designation.c.reference,
                designation.c.date_text,
            )
            .where(schema.ids_in(designation.c.city_id, ids))
            .order_by(designation.c.city_id, designation.c.id),
        )
        designation_sources = (
            _citations(session, designation, ids, by=designation.c.city_id) if designations else {}
        )
        objects = kept.of("city", ids)
        for rows in chunk:
            c = rows[0]
            names = _cited(
                rows, "name_id", lambda r: {"lang": r.lang, "name": r.name, "kind": r.kind}
            )
            yield _clean(
                {
                    "key": c.key,
                    "country": c.code,
                    "names": [_clean(n) for n in names],
                    "region": c.region,
                    "latitude": c.latitude,
                    "longitude": c.longitude,
                    "identifiers": [
                        {"scheme": scheme, "value": value}
                        for _, scheme, value in sorted(
                            identifiers.get(c.id, []), key=lambda i: (i.scheme, i.value)
                        )
                    ],
                    "sources": sources.get(c.id, []),
                    "designation": [
                        _clean(
                            {
                                "name": d.name,
                                "reference": d.reference,
                                "date": _optional_date(d.date_text),
                                "sources": designation_sources.get(d.id, []),
                            }
                        )
                        for d in designations.get(c.id, [])
                    ],
                    "popolo": objects.get(c.id, []),
                }
            )


def people(session: Connection, kept: Kept | None = None) -> Iterator[dict]:
    kept = kept or Kept()
    person = schema.person
    stmt = select(person.c.id, person.c.key).order_by(_text_order(session, person.c.key))
    for chunk in _chunks(session, stmt):
        ids = [p.id for p in chunk]
        names = _names_of(session, schema.person_name, schema.person_name.c.person_id, ids)
        name_sources = _citations(
            session, schema.person_name, ids, by=schema.person_name.c.person_id
        )
        sources = _citations(session, person, ids)
        objects = kept.of("person", ids)
        for p in chunk:
            yield _clean(
                {
                    "key": p.key,
                    "names": _names(names.get(p.id, []), name_sources),
                    "sources": sources.get(p.id, []),
                    "popolo": objects.get(p.id, []),
                }
            )


def organization_order(session: Connection) -> list[int]:
    """Organization ids, each parent before its children, then by key."""
    o = schema.organization.c
    rows = session.execute(select(o.id, o.key, o.parent_id)).all()
    parent: dict[int, int | None] = {i: p for i, _, p in rows}

    def depth(i: int) -> int:
        d, seen = 0, set()
        at: int | None = i
        while at is not None and parent.get(at) is not None and at not in seen:
            seen.add(at)
            at = parent[at]
            d += 1
        return d

    return [i for i, _, _ in sorted(rows, key=lambda r: (depth(r[0]), r[1].encode()))]


def organizations(session: Connection, keys: Keys, kept: Kept | None = None) -> Iterator[dict]:
    kept = kept or Kept()
    o, seat = schema.organization, schema.city.alias("seat")
    names, identifier = schema.organization_name, schema.organization_identifier
    motto, series, claim = schema.motto, schema.meeting_series, schema.member_count_claim
    order = organization_order(session)
    for start in range(0, len(order), CHUNK):
        ids = order[start : start + CHUNK]
        stmt = (
            select(o, seat.c.key.label("seat"))
            .outerjoin(seat, o.c.seat_city_id == seat.c.id)
            .where(schema.ids_in(o.c.id, ids))
        )
        by_id = {row.id: row for row in _all(session, stmt)}
        named = _names_of(session, names, names.c.organization_id, ids)
        name_sources = _citations(session, names, ids, by=names.c.organization_id)
        identifiers = _grouped(
            session,
            select(identifier.c.organization_id, identifier.c.scheme, identifier.c.value).where(
                schema.ids_in(identifier.c.organization_id, ids)
            ),
        )
        sources = _citations(session, o, ids)
        mottos = _grouped(
            session,
            select(motto.c.organization_id, motto.c.id, motto.c.text, motto.c.lang, motto.c.note)
            .where(schema.ids_in(motto.c.organization_id, ids))
            .order_by(motto.c.organization_id, motto.c.id),
        )
        motto_sources = _citations(session, motto, ids, by=motto.c.organization_id)
        all_series = _grouped(
            session,
            select(series.c.organization_id, series.c.key, series.c.name_en, series.c.name_fa)
            .where(schema.ids_in(series.c.organization_id, ids))
            .order_by(series.c.organization_id, series.c.id),
        )
        counts = _grouped(
            session,
            select(
                claim.c.organization_id,
                claim.c.id,
                claim.c.number,
                claim.c.qualifier,
                claim.c.counted,
                claim.c.as_of_text,
            )
            .where(schema.ids_in(claim.c.organization_id, ids))
            .order_by(claim.c.organization_id, claim.c.id),
        )
        count_sources = _citations(session, claim, ids, by=claim.c.organization_id)
        objects = kept.of("organization", ids)
        for i in ids:
            row = by_id[i]
            yield _clean(
                {
                    "key": row.key,
                    "acronym": row.acronym,
                    "names": _names(named.get(i, []), name_sources),
                    "kind": row.kind,
                    "parent": keys.org(row.parent_id),
                    "classification": row.classification,
                    "region": row.region,
                    "aims": list(row.aims) if row.aims is not None else None,
                    "founded": _optional_date(row.founded_text),
                    "initiator": row.initiator,
                    "seat": row.seat,
                    "website": row.website,
                    "identifiers": [
                        {"scheme": scheme, "value": value}
                        for _, scheme, value in sorted(
                            identifiers.get(i, []), key=lambda r: (r.scheme, r.value)
                        )
                    ],
                    "note": row.note,
                    "sources": sources.get(i, []),
                    "motto": [
                        _clean(
                            {
                                "text": m.text,
                                "lang": m.lang,
                                "note": m.note,
                                "sources": motto_sources.get(m.id, []),
                            }
                        )
                        for m in mottos.get(i, [])
                    ],
                    "series": [
                        _clean({"key": s.key, "names": _series_names(s.name_en, s.name_fa)})
                        for s in all_series.get(i, [])
                    ],
                    "member_count": [
                        _clean(
                            {
                                "number": c.number,
                                "qualifier": c.qualifier,
                                "counted": c.counted,
                                "as_of": _optional_date(c.as_of_text),
                                "sources": count_sources.get(c.id, []),
                            }
                        )
                        for c in counts.get(i, [])
                    ],
                    "popolo": objects.get(i, []),
                }
            )


def _series_names(name_en: str, name_fa: str | None) -> list[dict]:
    names = [{"lang": "en", "name": name_en, "kind": "official"}]
    if name_fa:
        names.append({"lang": "fa", "name": name_fa, "kind": "official"})
    return names


def meetings(session: Connection, keys: Keys, kept: Kept | None = None) -> Iterator[dict]:
    """Sessions with their attendees and the sources each attendee cites in one query, joined
    and ordered (a session's rows together, its attendees in the order they were added, an
    attendee's sources in the order recorded), grouped as it streams; a chunk's numberings,
    attendance claims and citations with one query each."""
    kept = kept or Kept()
    m, series, o = schema.session, schema.meeting_series, schema.organization
    numbering, claim = schema.session_numbering, schema.attendance_claim
    host = schema.city.alias("host")
    a, person, source = schema.attendance, schema.person, schema.source
    link = schema.CITING[a.name]
    city, behalf_city = schema.city.alias("city"), schema.city.alias("behalf_city")
    stmt = (
        select(
            m.c.id,
            o.c.key.label("organization"),
            series.c.key.label("series"),
            m.c.number,
            host.c.key.label("host"),
            m.c.start_text,
            m.c.end_text,
            m.c.status,
            m.c.venue,
            m.c.theme,
            m.c.note,
            # its attendees (NULL for a session with none), each row one source they cite
            a.c.id.label("attendance_id"),
            city.c.key.label("city"),
            a.c.organization_id,
            person.c.key.label("person"),
            behalf_city.c.key.label("on_behalf_of_city"),
            a.c.on_behalf_of_organization_id,
            a.c.role,
            a.c.note.label("attendee_note"),
            source.c.key.label("source"),
        )
        .join(series, m.c.series_id == series.c.id)
        .join(o, series.c.organization_id == o.c.id)
        .outerjoin(host, m.c.host_city_id == host.c.id)
        .outerjoin(a, a.c.session_id == m.c.id)
        .outerjoin(city, a.c.city_id == city.c.id)
        .outerjoin(person, a.c.person_id == person.c.id)
        .outerjoin(behalf_city, a.c.on_behalf_of_city_id == behalf_city.c.id)
        .outerjoin(link, link.c.attendance_id == a.c.id)
        .outerjoin(source, source.c.id == link.c.source_id)
        .order_by(_text_order(session, o.c.key), series.c.id, m.c.number, a.c.id, link.c.source_id)
    )
    org = keys.org
    for chunk in _records(session, stmt):
        ids = [rows[0][0] for rows in chunk]
        sources = _citations(session, m, ids)
        dated = _date_citations(session, ids)
        numberings = _grouped(
            session,
            select(numbering.c.session_id, numbering.c.id, numbering.c.number, numbering.c.label)
            .where(schema.ids_in(numbering.c.session_id, ids))
            .order_by(numbering.c.session_id, numbering.c.id),
        )
        numbering_sources = _citations(session, numbering, ids, by=numbering.c.session_id)
        counts = _grouped(
            session,
            select(
                claim.c.session_id,
                claim.c.id,
                claim.c.number,
                claim.c.qualifier,
                claim.c.counted,
            )
            .where(schema.ids_in(claim.c.session_id, ids))
            .order_by(claim.c.session_id, claim.c.id),
        )
        count_sources = _citations(session, claim, ids, by=claim.c.session_id)
        objects = kept.of("session", ids)
        for rows in chunk:
            row = rows[0]
            attendees = _cited(
                rows,
                "attendance_id",
                lambda r: {
                    "city": r.city,
                    "organization": org(r.organization_id),
                    "person": r.person,
                    "on_behalf_of_city": r.on_behalf_of_city,
                    "on_behalf_of_organization": org(r.on_behalf_of_organization_id),
                    "role": r.role,
                    "note": r.attendee_note,
                },
            )
            yield _clean(
                {
                    "organization": row.organization,
                    "series": row.series,
                    "number": row.number,
                    "host": row.host,
                    "start": _date(row.start_text),
                    "end": _date(row.end_text),
                    "status": row.status,
                    "venue": row.venue,
                    "theme": row.theme,
                    "note": row.note,
                    "sources": sources.get(row.id, []),
                    "start_sources": dated.get((row.id, "start"), []),
                    "end_sources": dated.get((row.id, "end"), []),
                    "numbering": [
                        _clean(
                            {
                                "number": n.number,
                                "label": n.label,
                                "sources": numbering_sources.get(n.id, []),
                            }
                        )
                        for n in numberings.get(row.id, [])
                    ],
                    "count": [
                        _clean(
                            {
                                "number": c.number,
                                "qualifier": c.qualifier,
                                "counted": c.counted,
                                "sources": count_sources.get(c.id, []),
                            }
                        )
                        for c in counts.get(row.id, [])
                    ],
                    "attendee": [_clean(attendee) for attendee in attendees],
                    "popolo": objects.get(row.id, []),
                }
            )


def membership_chunks(session: Connection) -> Iterator[list[list[Row]]]:
    """The memberships with their phases and the sources each phase cites, `CHUNK`
    memberships at a time, each as its rows: one query, joined and ordered (by organization
    and member, a membership's rows together, its phases by position, a phase's sources in
    the order recorded), grouped as it streams. A row: the membership's id, its
    organization's, member city's and member organization's keys, then the phase's id,
    status, start and end texts, reason, note, session id, retraction and its reason, and
    the key of one source it cites (NULL for none; the phase's fields NULL for a membership
    with no phase). The dataset's records and Popolo's objects are both built from these."""
    ms, phase, o, city = (
        schema.membership,
        schema.membership_phase,
        schema.organization,
        schema.city,
    )
    link, source = schema.CITING[phase.name], schema.source
    member = o.alias("member")
    # Outer joins, not correlated subqueries, for the members' keys: the same order (a missing
    # member sorts as NULL either way), one pass over the tables.
    stmt = (
        select(
            ms.c.id,
            o.c.key.label("organization"),
            city.c.key.label("city"),
            member.c.key.label("member"),
            phase.c.id.label("phase_id"),
            phase.c.status,
            phase.c.start_text,
            phase.c.end_text,
            phase.c.reason,
            phase.c.note,
            phase.c.session_id,
            phase.c.retracted_at,
            phase.c.retraction_reason,
            source.c.key.label("source"),
        )
        .join(o, ms.c.organization_id == o.c.id)
        .outerjoin(city, ms.c.city_id == city.c.id)
        .outerjoin(member, ms.c.member_organization_id == member.c.id)
        .outerjoin(phase, phase.c.membership_id == ms.c.id)
        .outerjoin(link, link.c.membership_phase_id == phase.c.id)
        .outerjoin(source, source.c.id == link.c.source_id)
        .order_by(
            _text_order(session, o.c.key),
            *_nulls_first(session, _text_order(session, city.c.key)),
            *_nulls_first(session, _text_order(session, member.c.key)),
            ms.c.id,
            phase.c.position,
            link.c.source_id,
        )
    )
    return _records(session, stmt)


def memberships(session: Connection, keys: Keys, kept: Kept | None = None) -> Iterator[dict]:
    """Memberships with their phases and the sources each phase cites (`membership_chunks`),
    as records (dicts). The dataset export writes them with `membership_texts` instead."""
    kept = kept or Kept()
    meeting = keys.meeting
    for chunk in membership_chunks(session):
        objects = _phase_objects(kept, chunk)
        for rows in chunk:
            yield _membership(rows, objects, meeting)


def _phase_objects(kept: Kept, chunk: list[list[Row]]) -> dict[int, list[dict]]:
    """The kept objects (another tool's) of a chunk of memberships' phases, by phase id."""
    if not kept.rank:
        return {}
    return kept.of(
        "membership_phase", list({r[4] for rows in chunk for r in rows if r[4] is not None})
    )


def _membership(rows: list[Row], objects: dict[int, list[dict]], meeting) -> dict:
    """A membership's record, from its rows of `membership_chunks`."""
    _, organization, member_city, member_organization = rows[0][:4]
    phases: list[dict] = []
    at = None
    for (
        *_,
        phase_id,
        status,
        start,
        end,
        reason,
        note,
        session_id,
        retracted,
        retraction_reason,
        source_key,
    ) in rows:
        if phase_id is None:  # a membership with no phase
            break
        if phase_id == at:  # the same phase, citing one more source
            phases[-1]["sources"].append(source_key)
            continue
        at = phase_id
        # Built in the order, and with the omissions, that _clean would give.
        entry: dict[str, Any] = {"status": status, "start": _date(start), "end": _date(end)}
        if reason is not None:
            entry["reason"] = reason
        if note is not None:
            entry["note"] = note
        if session_id is not None:
            entry["session"] = meeting(session_id)
        entry["sources"] = [] if source_key is None else [source_key]
        # A retracted phase is kept, with when and why.
        if retracted:
            entry["retracted"] = _utc(retracted)
        if retraction_reason is not None:
            entry["retraction_reason"] = retraction_reason
        if phase_id in objects:
            entry["popolo"] = objects[phase_id]
        phases.append(entry)
    for cited in phases:
        if not cited["sources"]:
            del cited["sources"]
    record: dict[str, Any] = {}
    if member_city is not None:
        record["city"] = member_city
    if member_organization is not None:
        record["member_organization"] = member_organization
    record["organization"] = organization
    if phases:
        record["phase"] = phases
    return record


def membership_texts(session: Connection, keys: Keys, kept: Kept | None = None) -> Iterator[str]:
    """The memberships' records as TOML (what `toml.record("membership", record)` gives for
    each record of `memberships`, byte for byte), rendered straight from their rows: no dict
    per phase, no generic pass over each table. A membership with a phase that keeps
    another tool's object (a nested table) is rendered from its record, the generic way."""
    kept = kept or Kept()
    meeting, quote, room, indent = keys.meeting, toml.quote, toml.INLINE_ROOM, toml.INDENT
    # Lines by the values they show (bounded): a few hundred dates, a few statuses, sessions
    # and source keys recur across millions of phases.
    statuses: dict[Any, str] = {}
    starts: dict[Any, str] = {}
    ends: dict[Any, str] = {}
    sessions: dict[Any, str] = {}
    cites_line: dict[Any, str] = {}  # a source's key as an item of `sources`
    for chunk in membership_chunks(session):
        objects = _phase_objects(kept, chunk)
        for rows in chunk:
            if objects and any(r[4] in objects for r in rows):
                out: list[str] = []
                toml.record_into("membership", _membership(rows, objects, meeting), out)
                yield "".join(out)
                continue
            _, organization, member_city, member_organization = rows[0][:4]
            head = ["[[membership]]\n"]
            if member_city is not None:
                head.append(f"city = {quote(member_city)}\n")
            if member_organization is not None:
                head.append(f"member_organization = {quote(member_organization)}\n")
            head.append(f"organization = {quote(organization)}\n")
            # Each phase: its fields before its sources, its sources' quoted keys, its fields after.
            phases: list[tuple[list[str], list[str], list[str]]] = []
            cites = False  # does any phase cite a source (then no phase is written inline)
            at = None
            for (
                *_,
                phase_id,
                status,
                start,
                end,
                reason,
                note,
                session_id,
                retracted,
                retraction_reason,
                source_key,
            ) in rows:
                if phase_id is None:  # a membership with no phase
                    break
                if phase_id == at:  # the same phase, citing one more source
                    phases[-1][1].append(
                        cites_line.get(source_key) or _line(cites_line, source_key, _cited_item)
                    )
                    continue
                at = phase_id
                before = [
                    statuses.get(status) or _line(statuses, status, _status_line),
                    starts.get(start) or _line(starts, start, _start_line),
                    ends.get(end) or _line(ends, end, _end_line),
                ]
                if reason is not None:
                    before.append(f"reason = {quote(reason)}")
                if note is not None:
                    before.append(f"note = {quote(note)}")
                if session_id is not None:
                    before.append(
                        sessions.get(session_id)
                        or _line(
                            sessions,
                            session_id,
                            lambda i: f"session = {quote(cast(str, meeting(i)))}",
                        )
                    )
                after = []
                if retracted:
                    after.append(f"retracted = {quote(_utc(retracted))}")
                if retraction_reason is not None:
                    after.append(f"retraction_reason = {quote(retraction_reason)}")
                if source_key is None:
                    phases.append((before, [], after))
                else:
                    cites = True
                    phases.append(
                        (
                            before,
                            [
                                cites_line.get(source_key)
                                or _line(cites_line, source_key, _cited_item)
                            ],
                            after,
                        )
                    )
            if not phases:
                yield "".join(head)
                continue
            if not cites:  # inline, as tomli_w writes a list of tables that each fit a line
                shown = ["{ " + ", ".join(before + after) + " }" for before, _, after in phases]
                if all(len(s) <= room for s in shown):
                    items = "".join([f"{indent}{s},\n" for s in shown])
                    head.append(f"phase = [\n{items}]\n")
                    yield "".join(head)
                    continue
            for before, cited, after in phases:
                head.append("\n[[membership.phase]]\n")
                head.append("\n".join(before))
                head.append("\n")
                if cited:
                    head.append("sources = [\n")
                    head.extend(cited)
                    head.append("]\n")
                for line in after:
                    head.append(f"{line}\n")
            yield "".join(head)


def _line(lines: dict[Any, str], value: Any, show: Callable[[Any], str]) -> str:
    """`show(value)`, kept in `lines` by `value` (at most 20,000: memory stays flat)."""
    if len(lines) >= 20_000:
        lines.clear()
    line = lines[value] = show(value)
    return line


def _status_line(status: str) -> str:
    return f"status = {toml.quote(status)}"


def _start_line(text: str | None) -> str:
    return f"start = {toml.quote(_date(text))}"


def _end_line(text: str | None) -> str:
    return f"end = {toml.quote(_date(text))}"


def _cited_item(key: str) -> str:
    return f"{toml.INDENT}{toml.quote(key)},\n"


def roles(session: Connection, keys: Keys, kept: Kept | None = None) -> Iterator[dict]:
    kept = kept or Kept()
    role, o, city = schema.role, schema.organization, schema.city
    stmt = (
        select(
            role.c.id,
            city.c.key,
            o.c.key,
            role.c.title,
            role.c.start_text,
            role.c.end_text,
            role.c.session_id,
            role.c.note,
        )
        .join(o, role.c.organization_id == o.c.id)
        .join(city, role.c.city_id == city.c.id)
        .order_by(
            _text_order(session, o.c.key),
            _text_order(session, city.c.key),
            _text_order(session, role.c.title),
            *_nulls_first(session, role.c.start_earliest),
            _text_order(session, role.c.start_text),
            role.c.id,
        )
    )
    for chunk in _chunks(session, stmt):
        sources = _citations(session, role, [row[0] for row in chunk])
        reviews = _role_reviews(session, [row[0] for row in chunk])
        objects = kept.of("role", [row[0] for row in chunk])
        for role_id, city_key, organization, title, start, end, session_id, note in chunk:
            yield _clean(
                {
                    "city": city_key,
                    "organization": organization,
                    "title": title,
                    "start": _date(start),
                    "end": _date(end),
                    "session": keys.meeting(session_id),
                    "note": note,
                    "sources": sources.get(role_id, []),
                    "review": reviews.get(role_id),
                    "popolo": objects.get(role_id, []),
                }
            )


def _role_reviews(session: Connection, ids: list[int]) -> dict[int, dict]:
    """The review of each role's finding of `citylinks check` (a role has at most one kind of
    finding), as a role's `review` holds it."""
    review = schema.check_review
    stmt = select(review.c.id, review.c.role_id, review.c.kind, review.c.problem, review.c.reason)
    rows = _all(session, stmt.where(schema.ids_in(review.c.role_id, ids)))
    if not rows:
        return {}
    sources = _citations(session, review, [row.id for row in rows])
    return {
        row.role_id: {
            "check": row.kind,
            "problem": row.problem,
            "reason": row.reason,
            "sources": sources.get(row.id, []),
        }
        for row in rows
    }


def posts(session: Connection, keys: Keys, kept: Kept | None = None) -> Iterator[dict]:
    kept = kept or Kept()
    post, person, city = schema.post, schema.person, schema.city
    holder = schema.organization.alias("holder")
    stmt = (
        select(
            post.c.id,
            person.c.key,
            post.c.title,
            holder.c.key,
            city.c.key,
            post.c.start_text,
            post.c.end_text,
            post.c.note,
        )
        .join(person, post.c.person_id == person.c.id)
        .outerjoin(holder, post.c.organization_id == holder.c.id)
        .outerjoin(city, post.c.city_id == city.c.id)
        .order_by(
            _text_order(session, person.c.key),
            *_nulls_first(session, _text_order(session, holder.c.key)),
            *_nulls_first(session, _text_order(session, city.c.key)),
            _text_order(session, post.c.title),
            *_nulls_first(session, post.c.start_earliest),
            _text_order(session, post.c.start_text),
            post.c.id,
        )
    )
    for chunk in _chunks(session, stmt):
        sources = _citations(session, post, [row[0] for row in chunk])
        objects = kept.of("post", [row[0] for row in chunk])
        for post_id, person_key, title, organization, city_key, start, end, note in chunk:
            yield _clean(
                {
                    "person": person_key,
                    "title": title,
                    "organization": organization,
                    "city": city_key,
                    "start": _date(start),
                    "end": _date(end),
                    "note": note,
                    "sources": sources.get(post_id, []),
                    "popolo": objects.get(post_id, []),
                }
            )


def audit_records(session: Connection) -> Iterator[dict]:
    """The audit log, oldest first. `before`/`after` are JSON text (TOML has no null)."""
    e = schema.audit_log.c
    stmt = select(
        e.id,
        e.at,
        e.officer,
        e.action,
        e.table_name,
        e.row_id,
        e.row_label,
        e.before,
        e.after,
        e.change_id,
        e.reason,
    ).order_by(e.id)
    for chunk in _chunks(session, stmt):
        for row in chunk:
            yield _clean(
                {
                    "at": _utc(row.at),
                    "officer": row.officer,
                    "action": row.action,
                    "table": row.table_name,
                    "row_id": row.row_id,
                    "row_label": row.row_label,
                    "before": _json(row.before),
                    "after": _json(row.after),
                    "change": row.change_id,
                    "reason": row.reason,
                }
            )


def popolo_documents(session: Connection) -> Iterator[dict]:
    """Other tools' Popolo documents, by namespace (table popolo_document, docs/popolo.md):
    their top-level keys as JSON text, in the order the document had them."""
    document = schema.popolo_document
    for row in session.execute(select(document).order_by(document.c.id)):
        yield _clean(
            {
                "namespace": row.namespace,
                "file": row.file_name,
                "digest": row.digest,
                "top_level": None
                if row.top_level is None
                else json.dumps(row.top_level, ensure_ascii=False),
                "first_imported": _utc(row.first_imported_at),
                "last_imported": _utc(row.last_imported_at),
            }
        )


def _utc(at: datetime) -> str:
    return moment(at)  # the one form of a stored moment, the same from every backend


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
