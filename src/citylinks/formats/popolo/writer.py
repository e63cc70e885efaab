"""Writing the database as a Popolo document (see the package's docstring)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TextIO

from sqlalchemy.engine import Connection

from citylinks import text
from citylinks.dates import PartialDate
from citylinks.formats import moment
from citylinks.formats.dataset import writer as dataset_writer
from citylinks.formats.popolo import (
    FORMAT,
    MANIFEST,
    OWN_TOP_LEVEL,
    SECTIONS,
    SOURCE_URN,
    PopoloError,
    X,
    city_area_id,
    city_id,
    country_area_id,
    org_id,
    person_id,
    post_id,
    series_event_id,
    session_event_id,
)
from citylinks.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class OrganizationRef(Protocol):
    """The organization an export is of (services.lookup's OrganizationRef): its key."""

    @property
    def key(self) -> str: ...


def write(
    reader: Connection | Session, out: TextIO, organization: OrganizationRef | None = None
) -> dict:
    """Write one Popolo document to `out`, of the whole database or of one organization and
    what it involves; returns how many objects of each kind were written. The database is
    read through a Core connection (`reader`'s, if it is a Session): no ORM.

    Another tool's objects are written as their documents had them, and listed, by document
    (namespace), in `citylinks:documents` with the documents' top-level keys (docs/popolo.md);
    an export of one document alone also writes its top-level keys (`meta`) as it had them."""
    writer = _Writer(dataset_writer.connection_of(reader), organization)
    counts: dict[str, int] = {}
    out.write("{\n")
    out.write(f'  "{X}format": {json.dumps(FORMAT)},\n')
    if len(writer.kept.documents) == 1:  # (of an organization: those its objects are of)
        for key, value in (writer.kept.documents[0]["top_level"] or {}).items():
            if key not in SECTIONS and key not in OWN_TOP_LEVEL:
                out.write(f"  {json.dumps(key)}: {_dumps(value)},\n")
    for name in SECTIONS:
        counts[name] = _write_array(out, name, writer.section(name))
        out.write(",\n")
    counts["sources"] = _write_array(out, f"{X}sources", writer.sources())
    manifest = writer.kept.manifest()
    if manifest:
        out.write(",\n")
        _write_array(out, MANIFEST, manifest)
    out.write("\n}\n")
    return counts


def _dumps(value: Any) -> str:
    """JSON as citylinks writes it: UTF-8 text as it is, no NaN or Infinity (the reader
    refuses them, docs/popolo.md)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


# _dumps without making an encoder per object (the encoding itself is json's C encoder
# either way). No check for circular references: an object is built from rows, never from
# itself.
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, check_circular=False).encode
# Objects joined into one write (tens of kilobytes: few calls, memory still flat).
WRITE_OBJECTS = 1000
# The most sources' links kept between chunks of records (see _Writer.links).
LINKS_KEPT = 20_000


def _write_array(out: TextIO, name: str, objects: Iterable[dict | str]) -> int:
    out.write(f"  {json.dumps(name)}: [")
    n = 0
    pending: list[str] = []
    for obj in objects:
        try:
            # (a str: the object's JSON text already, `_Writer._phase_texts`)
            pending.append(obj if isinstance(obj, str) else _encode(obj))
        except ValueError:  # NaN or Infinity, kept by a version before the reader refused them
            raise PopoloError(
                _(
                    "{section} #{n} ({id}) holds NaN or Infinity, which JSON cannot hold:"
                    " correct the record, or import its document again",
                    section=name,
                    n=n + 1,
                    id=obj.get("id", "-") if isinstance(obj, dict) else "-",
                )  # fmt: skip
            ) from None
        n += 1
        if len(pending) >= WRITE_OBJECTS:
            out.write(("\n    " if n == len(pending) else ",\n    ") + ",\n    ".join(pending))
            pending.clear()
    if pending:
        out.write(("\n    " if n == len(pending) else ",\n    ") + ",\n    ".join(pending))
    out.write("\n  ]" if n else "]")
    return n


def _dates(record: dict, fields: tuple[str, str] = ("start", "end")) -> dict:
    """Popolo start_date/end_date (reduced ISO 8601, only where exact in Gregorian), and the
    full value in citylinks:start_date/end_date where Popolo's would lose anything."""
    start, end = record.get(fields[0]), record.get(fields[1])
    if start is None and end is None:
        return {}
    return dict(_dates_of(start, end))


def _dates_of(start: str | None, end: str | None) -> tuple[tuple[str, str], ...]:
    """What `_dates` gives for these two dates' texts, as pairs."""
    return _date_fields(start, "start_date") + _date_fields(end, "end_date")


@lru_cache(maxsize=4096)
def _date_fields(value: str | None, name: str) -> tuple[tuple[str, str], ...]:
    """The Popolo field `name` of a date's text, and `citylinks:NAME` where Popolo's would
    lose anything. Cached by date, not by pair of dates: a few hundred dates recur across
    millions of phases, in tens of thousands of pairs."""
    if value is None:
        return ()
    iso, full = _popolo_date(value)
    found = []
    if iso is not None:
        found.append((name, iso))
    if full is not None:
        found.append((X + name, full))
    return tuple(found)


@lru_cache(maxsize=4096)
def _popolo_date(value: str) -> tuple[str | None, str | None]:
    """(Popolo's date, the full value where Popolo's would lose anything) of a date's text.
    Cached: the same few thousand dates recur across millions of phases."""
    d = PartialDate.parse(value)
    if d.is_unknown:
        return None, None
    iso = d.iso()
    return iso, str(d) if iso is None or str(d) != iso else None


def _names(names: list[dict]) -> dict:
    """Popolo `name` is the first (displayed) name; other_names hold every name with its
    language (citylinks:lang) and kind (note)."""
    return {
        "name": names[0]["name"] if names else None,
        "other_names": [
            {"name": n["name"], "note": n["kind"], X + "lang": n["lang"]} for n in names
        ],
    }


def _clean(obj: dict) -> dict:
    # A string (most values) is none of these: tested first, as it is the cheapest test.
    return {
        k: v for k, v in obj.items() if v.__class__ is str or v is not None and v != [] and v != {}
    }


class _Writer:
    def __init__(self, session: Connection, organization: OrganizationRef | None) -> None:
        self.session = session
        self.keys = dataset_writer.Keys(session)
        self.used_sources: set[str] | None = None
        self.scope = _Scope(session, organization, self.keys) if organization else None
        # The link of each source the records at hand cite, by key: read for each chunk of
        # records (only those not already known), and forgotten when more than LINKS_KEPT, so
        # that memory does not grow with the number of sources.
        self.links: dict[str, dict] = {}
        # Up to LINKS_KEPT sources, all links are read at once (one query), and the records
        # need not be searched for the keys they cite.
        self.all_links = self._read_all_links()
        # One path for the whole database and for one organization: the same objects (another
        # tool's as read, with the same ids), those outside the organization's scope left out.
        self.kept = _Kept(session)
        if self.scope is not None:
            self.used_sources = set()
            self.kept.restrict(self.scope)

    def section(self, name: str) -> Iterator[dict | str]:
        """A section: citylinks' objects, then other tools' objects as they were read, one
        document after another (each listed in the manifest: `Kept.place`). An object of an
        edited row (citylinks' columns over the object as read) is its document's too."""
        if self.kept.empty:  # nothing read from another tool: each object is as built
            yield from getattr(self, name)()
            return
        edited: list[tuple[int, int, dict]] = []
        for obj in getattr(self, name)():
            document = obj.pop(_DOCUMENT, None)
            order = obj.pop(_ORDER, 0)
            if document is not None:
                edited.append((document, order, obj))
                continue
            obj = self.kept.remap(obj)
            if obj.get("id") in self.kept.ids:
                continue  # the object as read is written below
            yield self.kept.place(name, None, obj)
        # Each document's objects in the order they were kept (read), the edited ones among
        # the others: an edit does not move an object (export -> import -> export is stable).
        by_document: dict[int | None, list[tuple[int, dict]]] = {}
        for document, order, obj in edited:
            by_document.setdefault(document, []).append((order, obj))
        for document, order, obj in self.kept.objects.get(name, []):
            by_document.setdefault(document, []).append((order, obj))
        for document in self.kept.order(by_document):
            for _order, obj in sorted(by_document[document], key=lambda o: o[0]):
                yield self.kept.place(name, document, obj)

    def src(self, keys: list[str] | None) -> list[dict]:
        if self.used_sources is not None:
            self.used_sources.update(keys or [])
        if not keys:
            return []
        links = self.links
        try:
            return [links[k] for k in keys]
        except KeyError:  # not from the chunk of records at hand (none so far)
            links.update(self._read_links([k for k in keys if k not in links]))
            return [links[k] for k in keys]

    def _read_all_links(self) -> bool:
        """Read every source's link, if there are at most LINKS_KEPT sources."""
        from sqlalchemy import func, select

        from citylinks.schema import source

        if (self.session.scalar(select(func.count()).select_from(source)) or 0) > LINKS_KEPT:
            return False
        stmt = select(source.c.key, source.c.url, source.c.title)
        self.links = {
            key: _link_for({"key": key, "url": url, "title": title})
            for key, url, title in self.session.execute(stmt)
        }
        return True

    def _read_links(self, keys: Iterable[str]) -> dict[str, dict]:
        """The links of these sources, by key."""
        from sqlalchemy import select

        from citylinks.schema import source

        wanted = sorted(set(keys))
        links = {}
        for start in range(0, len(wanted), dataset_writer.CHUNK):
            part = wanted[start : start + dataset_writer.CHUNK]
            stmt = select(source.c.key, source.c.url, source.c.title).where(source.c.key.in_(part))
            for key, url, title in self.session.execute(stmt).all():
                links[key] = _link_for({"key": key, "url": url, "title": title})
        return links

    def _records(self, kind: str) -> Iterator[dict]:
        generators = {
            "country": lambda: dataset_writer.countries(self.session),
            "city": lambda: dataset_writer.cities(self.session),
            "person": lambda: dataset_writer.people(self.session),
            "organization": lambda: dataset_writer.organizations(self.session, self.keys),
            "session": lambda: dataset_writer.meetings(self.session, self.keys),
            "membership": lambda: dataset_writer.memberships(self.session, self.keys),
            "role": lambda: dataset_writer.roles(self.session, self.keys),
            "post": lambda: dataset_writer.posts(self.session, self.keys),
        }
        records = generators[kind]()
        self.kept.start()
        while chunk := list(islice(records, dataset_writer.CHUNK)):
            kept = chunk
            if self.scope is not None:
                kept = [r for r in kept if self.scope.keeps(kind, r)]
            if self.kept.by_key or self.kept.by_content:  # else each record is its own
                in_scope, kept = kept, []
                for record in in_scope:
                    built = self.kept.record(kind, record)
                    if built is not None:
                        kept.append(built)
                    elif self.used_sources is not None:
                        # A row written as it was read: its sources are the export's too.
                        _cited_keys(record, self.used_sources)
            if not self.all_links:
                keys: set[str] = set()
                for record in kept:
                    _cited_keys(record, keys)
                self._links_for(keys)
            yield from kept

    def _links_for(self, keys: set[str]) -> None:
        """Have the links of the sources with these keys (those a chunk of records cites) at
        hand, forgetting the others when more than LINKS_KEPT would be kept."""
        missing = keys.difference(self.links)
        if missing:
            if len(self.links) + len(missing) > LINKS_KEPT:
                self.links = {k: self.links[k] for k in keys - missing}
            self.links.update(self._read_links(missing))

    # sections

    def areas(self) -> Iterator[dict]:
        for c in self._records("country"):
            names = {n["lang"]: n["name"] for n in c["names"]}
            yield _clean_as(
                c,
                {
                    "id": country_area_id(c["code"]),
                    "name": names["en"],
                    "identifier": c["code"],
                    "classification": "country",
                    X + "name_fa": names.get("fa"),
                },
            )
        for c in self._records("city"):
            geometry = None
            if c.get("latitude") is not None and c.get("longitude") is not None:
                geometry = {"type": "Point", "coordinates": [c["longitude"], c["latitude"]]}
            yield _clean(
                {
                    "id": city_area_id(c["key"]),
                    "name": c["names"][0]["name"],
                    "classification": "city",
                    "parent_id": country_area_id(c["country"]),
                    "geometry": geometry,
                    X + "latitude": c.get("latitude") if geometry is None else None,
                    X + "longitude": c.get("longitude") if geometry is None else None,
                    X + "region": c.get("region"),
                }
            )

    def organizations(self) -> Iterator[dict]:
        for c in self._records("city"):
            yield _clean_as(
                c,
                {
                    "id": city_id(c["key"]),
                    **_names(c["names"]),
                    "classification": "city",
                    "area_id": city_area_id(c["key"]),
                    "identifiers": _identifiers(c),
                    X + "designations": [
                        _clean(
                            {
                                "name": d["name"],
                                "reference": d.get("reference"),
                                "date": d.get("date"),
                                "sources": self.src(d.get("sources")),
                            }
                        )
                        for d in c.get("designation", [])
                    ],
                    "sources": self.src(c.get("sources")),
                },
            )
        for o in self._records("organization"):
            founded = _dates({"start": o.get("founded")})
            yield _clean_as(
                o,
                {
                    "id": org_id(o["key"]),
                    **_names(o["names"]),
                    "classification": o["kind"],
                    "parent_id": org_id(o["parent"]) if o.get("parent") else None,
                    "founding_date": founded.get("start_date"),
                    X + "founding_date": founded.get(X + "start_date"),
                    "description": o.get("note"),
                    "identifiers": _identifiers(o),
                    "links": [{"url": o["website"], "note": "website"}]
                    if o.get("website")
                    else None,
                    X + "acronym": o.get("acronym"),
                    X + "classification": o.get("classification"),
                    X + "region": o.get("region"),
                    X + "aims": o.get("aims"),
                    X + "initiator": o.get("initiator"),
                    X + "seat_id": city_id(o["seat"]) if o.get("seat") else None,
                    X + "mottos": [
                        _clean(
                            {
                                "text": m["text"],
                                "lang": m["lang"],
                                "note": m.get("note"),
                                "sources": self.src(m.get("sources")),
                            }
                        )
                        for m in o.get("motto", [])
                    ],
                    X + "member_counts": [
                        _clean(
                            {
                                "number": c["number"],
                                "qualifier": c["qualifier"],
                                "counted": c.get("counted"),
                                "as_of": c.get("as_of"),
                                "sources": self.src(c.get("sources")),
                            }
                        )
                        for c in o.get("member_count", [])
                    ],
                    "sources": self.src(o.get("sources")),
                },
            )

    def persons(self) -> Iterator[dict]:
        for p in self._records("person"):
            yield _clean_as(
                p,
                {
                    "id": person_id(p["key"]),
                    **_names(p["names"]),
                    "sources": self.src(p.get("sources")),
                    X + "key": _changed_key(p),
                },
            )

    def posts(self) -> Iterator[dict]:
        seen: set[str] = set()
        for kind in ("role", "post"):
            for r in self._records(kind):
                if r.get("_as_read"):
                    continue  # another tool's membership: its post, if any, was read too
                holder = _holder(r)
                pid = post_id(holder, r["title"])
                if pid in seen:
                    continue
                seen.add(pid)
                yield {
                    "id": pid,
                    "label": r["title"],
                    "role": r["title"],
                    "organization_id": holder,
                }

    def memberships(self) -> Iterator[dict | str]:
        # Nothing read from another tool (no phase to match or write as read): each phase's
        # object as its JSON text, straight from the rows.
        yield from self._phase_texts() if self.kept.empty else self._phases()
        counters: dict[str, int] = {}
        for r in self._records("role"):
            holder = org_id(r["organization"])
            base = f"membership/{r['organization']}/role/{r['city']}"
            counters[base] = counters.get(base, 0) + 1
            yield _clean_as(
                r,
                {
                    "id": f"{base}/{counters[base]}",
                    "organization_id": holder,
                    "member": {"@type": "Organization", "id": city_id(r["city"])},
                    "post_id": post_id(holder, r["title"]),
                    "role": r["title"],
                    **_dates(r),
                    X + "session_id": session_event_id(r["session"]) if r.get("session") else None,
                    X + "note": r.get("note"),
                    # The finding of `citylinks check` an officer reviewed (`check review`)
                    X + "review": self.review(r.get("review")),
                    "sources": self.src(r.get("sources")),
                },
            )
        for r in self._records("post"):
            holder = _holder(r)
            base = f"membership/person/{r['person']}"
            counters[base] = counters.get(base, 0) + 1
            yield _clean_as(
                r,
                {
                    "id": f"{base}/{counters[base]}",
                    "person_id": person_id(r["person"]),
                    "organization_id": holder,
                    "post_id": post_id(holder, r["title"]),
                    "role": r["title"],
                    **_dates(r),
                    X + "note": r.get("note"),
                    "sources": self.src(r.get("sources")),
                },
            )

    def events(self) -> Iterator[dict]:
        for o in self._records("organization"):
            if "_as_read" in o:
                # Another tool's organization: its series are its document's objects, kept
                # as they were read (or the series "meetings" that none of them named).
                continue
            for s in o.get("series", []):
                names = {n["lang"]: n["name"] for n in s["names"]}
                yield _clean(
                    {
                        "id": series_event_id(o["key"], s["key"]),
                        "name": names.get("en"),
                        "classification": "meeting-series",
                        "organization_id": org_id(o["key"]),
                        X + "name_fa": names.get("fa"),
                    }
                )
        for m in self._records("session"):
            ref = f"{m['organization']}/{m['series']}/{m['number']}"
            attendees = m.get("attendee", [])
            yield _clean_as(
                m,
                {
                    "id": session_event_id(ref),
                    "name": f"{m['organization']} {m['series']} {m['number']}",
                    "classification": "session",
                    "organization_id": org_id(m["organization"]),
                    "parent_id": series_event_id(m["organization"], m["series"]),
                    **_dates(m),
                    "location": m.get("venue"),
                    "status": m["status"],
                    "description": m.get("note"),
                    "attendees": [
                        {"id": person_id(a["person"])} for a in attendees if a.get("person")
                    ],
                    X + "number": m["number"],
                    X + "host_id": city_id(m["host"]) if m.get("host") else None,
                    X + "theme": m.get("theme"),
                    X + "numberings": [
                        _clean(
                            {
                                "number": n["number"],
                                "label": n.get("label"),
                                "sources": self.src(n.get("sources")),
                            }
                        )
                        for n in m.get("numbering", [])
                    ],
                    X + "attendance_claims": [
                        _clean(
                            {
                                "number": c["number"],
                                "qualifier": c["qualifier"],
                                "counted": c.get("counted"),
                                "sources": self.src(c.get("sources")),
                            }
                        )
                        for c in m.get("count", [])
                    ],
                    X + "attendees": [self.attendee(a) for a in attendees],
                    # A date's own sources (`citylinks cite session-start:...`)
                    X + "start_sources": self.src(m.get("start_sources")),
                    X + "end_sources": self.src(m.get("end_sources")),
                    "sources": self.src(m.get("sources")),
                },
            )

    def _phases(self) -> Iterator[dict]:
        """One membership object per phase, built straight from the rows of the memberships'
        joined query (dataset_writer.membership_chunks), not from the dataset's records: each
        in the form, and with the omissions, that `_clean_as` gives a phase's record, and
        another tool's phase matched (`_Kept.record`'s rule: by organization, member, status
        and dates, in turn) and written as read or under citylinks' fields."""
        kept, scope, meeting, src = self.kept, self.scope, self.keys.meeting, self.src
        matching = bool(kept.by_key or kept.by_content)
        date = dataset_writer.date_text
        kept.start()
        for chunk in dataset_writer.membership_chunks(self.session):
            if not self.all_links:
                self._links_for({row[13] for rows in chunk for row in rows if row[13] is not None})
            for rows in chunk:
                _, organization, member_city, member_organization = rows[0][:4]
                if scope is not None and organization not in scope.orgs:
                    continue
                member = city_id(member_city) if member_city else org_id(member_organization)
                prefix = f"membership/{organization}/{member}/"
                organization_id = org_id(organization)
                position = 0
                for row, cited in _by_phase(rows):
                    status, start, end = row[5], date(row[6]), date(row[7])
                    as_read = None
                    if matching:
                        as_read = kept.phase(
                            organization, member_city or member_organization, status, start, end
                        )
                        if as_read is not None and as_read[1]:
                            if self.used_sources is not None:
                                self.used_sources.update(cited)
                            continue  # written as it was read
                    position += 1
                    obj: dict[str, Any] = {
                        "id": f"{prefix}{position}",
                        "organization_id": organization_id,
                        "member": {"@type": "Organization", "id": member},
                    }
                    if status is not None:
                        obj["role"] = status
                        obj["label"] = status
                    obj.update(_dates_of(start, end))
                    obj[X + "position"] = position
                    reason, note, session_id, retracted, retraction_reason = row[8:13]
                    if reason is not None:
                        obj[X + "reason"] = reason
                    if note is not None:
                        obj[X + "note"] = note
                    if retracted:
                        obj[X + "retracted"] = moment(retracted)
                    if retraction_reason is not None:
                        obj[X + "retraction_reason"] = retraction_reason
                    held_at = meeting(session_id)
                    if held_at:
                        obj[X + "session_id"] = session_event_id(held_at)
                    links = src(cited)
                    if links:
                        obj["sources"] = links
                    if as_read is not None:
                        obj = _over(as_read[0], obj, as_read[2], as_read[3])
                    yield obj

    def _phase_texts(self) -> Iterator[str]:
        """`_phases`' objects as their JSON text (what `_encode` gives for each, byte for byte),
        built straight from the rows, the parts that recur (a membership's id and member, a
        status, a date, a session's id, a source's link: a few thousand values across millions
        of phases) encoded once and kept (bounded). Only when nothing was read from another
        tool: no object to match, write as read or remap (`section` passes these through)."""
        scope, meeting, src, enc = self.scope, self.keys.meeting, self.src, encode_basestring
        organizations: dict[str, str] = {}
        statuses: dict[Any, str] = {}
        starts: dict[Any, str] = {}
        ends: dict[Any, str] = {}
        sessions: dict[Any, str] = {}
        shown_links: dict[str, str] = {}
        reason_key, note_key = enc(X + "reason"), enc(X + "note")
        retracted_key, retraction_key = enc(X + "retracted"), enc(X + "retraction_reason")
        for chunk in dataset_writer.membership_chunks(self.session):
            if not self.all_links:
                self._links_for({row[13] for rows in chunk for row in rows if row[13] is not None})
            for rows in chunk:
                _, organization, member_city, member_organization = rows[0][:4]
                if scope is not None and organization not in scope.orgs:
                    continue
                member = city_id(member_city) if member_city else org_id(member_organization)
                # '{"id": "membership/ORG/MEMBER/' and what follows the id's position
                head = '{"id": ' + enc(f"membership/{organization}/{member}/")[:-1]
                tail = (
                    organizations.get(organization)
                    or _kept_text(organizations, organization, _organization_text)
                ) + f"{enc(member)}}}"

                position = 0
                for row, cited in _by_phase(rows):
                    position += 1
                    status, start, end = row[5], row[6], row[7]
                    parts = [head, str(position), tail]
                    if status is not None:
                        parts.append(statuses.get(status) or _kept_text(statuses, status, _role))
                    # ("" for an unknown date: no field; hence `is None`, not `or`)
                    dates = starts.get(start)
                    if dates is None:
                        dates = _kept_text(starts, start, _start_dates)
                    parts.append(dates)
                    dates = ends.get(end)
                    if dates is None:
                        dates = _kept_text(ends, end, _end_dates)
                    parts.append(dates)
                    parts.append(f', "{X}position": {position}')
                    reason, note, session_id, retracted, retraction_reason = row[8:13]
                    if reason is not None:
                        parts.append(f", {reason_key}: {enc(reason)}")
                    if note is not None:
                        parts.append(f", {note_key}: {enc(note)}")
                    if retracted:
                        parts.append(f", {retracted_key}: {enc(moment(retracted))}")
                    if retraction_reason is not None:
                        parts.append(f", {retraction_key}: {enc(retraction_reason)}")
                    if session_id is not None:
                        parts.append(
                            sessions.get(session_id)
                            or _kept_text(sessions, session_id, lambda i: _held_at(meeting(i)))
                        )
                    links = src(cited)
                    if links:
                        shown = []
                        for key, link in zip(cited, links, strict=True):
                            text = shown_links.get(key)
                            if text is None:
                                if len(shown_links) >= LINKS_KEPT:
                                    shown_links.clear()
                                text = shown_links[key] = _encode(link)
                            shown.append(text)
                        parts.append(', "sources": [' + ", ".join(shown) + "]")
                    parts.append("}")
                    yield "".join(parts)

    def review(self, review: dict | None) -> dict | None:
        if not review:
            return None
        return _clean({**review, "sources": self.src(review.get("sources"))})

    def attendee(self, a: dict) -> dict:
        who = (
            city_id(a["city"])
            if a.get("city")
            else org_id(a["organization"])
            if a.get("organization")
            else person_id(a["person"])
        )
        behalf = a.get("on_behalf_of_city") or a.get("on_behalf_of_organization")
        return _clean(
            {
                "id": who,
                "on_behalf_of_id": (
                    city_id(a["on_behalf_of_city"])
                    if a.get("on_behalf_of_city")
                    else org_id(behalf)
                    if behalf
                    else None
                ),
                "role": a["role"],
                "note": a.get("note"),
                "sources": self.src(a.get("sources")),
            }
        )

    def sources(self) -> Iterator[dict]:
        for s in dataset_writer.sources(self.session):
            if self.used_sources is None or s["key"] in self.used_sources:
                yield s


def _kept_text(texts: dict[Any, str], value: Any, show: Callable[[Any], str]) -> str:
    """`show(value)`, kept in `texts` by `value` (at most LINKS_KEPT: memory stays flat)."""
    if len(texts) >= LINKS_KEPT:
        texts.clear()
    text = texts[value] = show(value)
    return text


def _field_text(name: str, value: Any) -> str:
    """`, "NAME": VALUE` as the encoder writes a field after an object's first."""
    return f", {encode_basestring(name)}: {_encode(value)}"


def _organization_text(organization: str) -> str:
    """What follows a membership's id up to its member's id: its organization, the member's
    type."""
    return (
        f'", "organization_id": {encode_basestring(org_id(organization))},'
        ' "member": {"@type": "Organization", "id": '
    )


def _held_at(session_key: str | None) -> str:
    """A phase's session, as its `citylinks:session_id` field (none without a session)."""
    return _field_text(X + "session_id", session_event_id(session_key)) if session_key else ""


def _role(status: str) -> str:
    """A phase's status, as its membership's role and label."""
    return _field_text("role", status) + _field_text("label", status)


def _start_dates(text: str | None) -> str:
    """The Popolo start date fields (`_dates_of`) of a phase's stored start text."""
    date = dataset_writer.date_text(text)
    return "".join(_field_text(k, v) for k, v in _date_fields(date, "start_date"))


def _end_dates(text: str | None) -> str:
    date = dataset_writer.date_text(text)
    return "".join(_field_text(k, v) for k, v in _date_fields(date, "end_date"))


def _by_phase(rows: list) -> Iterator[tuple[Any, list[str]]]:
    """A membership's rows of dataset_writer.membership_chunks by phase: each phase's first
    row and the keys of the sources it cites, in order (none for a membership with no
    phase)."""
    first: Any = None
    cited: list[str] = []
    for row in rows:
        if row[4] is None:  # a membership with no phase: its one row
            return
        if first is None or row[4] != first[4]:
            if first is not None:
                yield first, cited
            first, cited = row, []
        if row[13] is not None:
            cited.append(row[13])
    if first is not None:
        yield first, cited


def _cited_keys(record: dict, keys: set[str]) -> None:
    """Add the keys of the sources `record` and the records nested in it cite to `keys`."""
    for field, value in record.items():
        if type(value) is str:  # most fields: nothing to look into
            continue
        if field in _CITING:
            keys.update(value)
        elif isinstance(value, dict):  # a role's review
            _cited_keys(value, keys)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _cited_keys(item, keys)


_CITING = frozenset(("sources", "start_sources", "end_sources"))


def _link_for(source: dict) -> dict:
    """A source as a Popolo link: its URL (or a URN naming it when it has none), its title."""
    return {
        "url": source.get("url") or SOURCE_URN + source["key"],
        "note": source["title"],
        X + "source": source["key"],
    }


def _identifiers(record: dict) -> list[dict]:
    return [
        {"scheme": i["scheme"], "identifier": i["value"]} for i in record.get("identifiers", [])
    ]


def _holder(record: dict) -> str:
    return org_id(record["organization"]) if record.get("organization") else city_id(record["city"])


class _Scope:
    """What an export of one organization holds: it, its committees, and every record its
    memberships, roles, sessions and posts refer to."""

    def __init__(self, session: Connection, organization: OrganizationRef, keys) -> None:
        from sqlalchemy import select

        from citylinks.schema import city, country
        from citylinks.schema import organization as org

        rows = session.execute(
            select(org.c.key, org.c.parent_id, city.c.key).outerjoin(
                city, org.c.seat_city_id == city.c.id
            )
        ).all()
        parents = {key: keys.org(parent) for key, parent, _ in rows}
        seats = {key: seat for key, _, seat in rows if seat}
        self.orgs = {organization.key}
        changed = True
        while changed:
            changed = False
            for key, parent in parents.items():
                if parent in self.orgs and key not in self.orgs:
                    self.orgs.add(key)
                    changed = True
        self.cities: set[str] = set()
        self.people: set[str] = set()
        other_orgs: set[str] = set()
        for m in dataset_writer.memberships(session, keys):
            if m["organization"] in self.orgs:
                if m.get("city"):
                    self.cities.add(m["city"])
                else:
                    other_orgs.add(m["member_organization"])
        for r in dataset_writer.roles(session, keys):
            if r["organization"] in self.orgs:
                self.cities.add(r["city"])
        for s in dataset_writer.meetings(session, keys):
            if s["organization"] in self.orgs:
                if s.get("host"):
                    self.cities.add(s["host"])
                for a in s.get("attendee", []):
                    for field in ("city", "on_behalf_of_city"):
                        if a.get(field):
                            self.cities.add(a[field])
                    for field in ("organization", "on_behalf_of_organization"):
                        if a.get(field):
                            other_orgs.add(a[field])
                    if a.get("person"):
                        self.people.add(a["person"])
        # Every organization referred to, and the organizations above them, with their seats.
        self.all_orgs = set(self.orgs) | other_orgs
        for key in list(self.all_orgs):
            while parents.get(key):
                key = parents[key]
                self.all_orgs.add(key)
        self.cities.update(seats[k] for k in self.all_orgs if k in seats)
        for p in dataset_writer.posts(session, keys):
            if p.get("organization") in self.orgs or p.get("city") in self.cities:
                self.people.add(p["person"])
        self.countries = set(
            session.scalars(
                select(country.c.code)
                .join(city, city.c.country_id == country.c.id)
                .where(city.c.key.in_(self.cities))
            )
        )

    def keeps(self, kind: str, r: dict) -> bool:
        if kind == "organization":
            return r["key"] in self.all_orgs
        if kind == "country":
            return r["code"] in self.countries
        if kind == "city":
            return r["key"] in self.cities
        if kind == "person":
            return r["key"] in self.people
        if kind in ("membership", "role", "session"):
            return r["organization"] in self.orgs
        if kind == "post":
            return r.get("organization") in self.orgs or r.get("city") in self.cities
        return True

    def keeps_row(self, table: str, identity: str | None, content: tuple | None) -> bool:
        """Whether the row another tool's object was kept beside is in the export, by what
        `_current` gives of it (the same rule as `keeps` for its record)."""
        if table == "organization":
            return identity in self.all_orgs
        if table == "country":
            return identity in self.countries
        if table == "city":
            return identity in self.cities
        if table == "person":
            return identity in self.people
        if table == "session":
            return identity is not None and identity.split("/", 1)[0] in self.orgs
        if content is None:
            return False
        if table == "post":
            return content[1] in self.orgs or content[1] in self.cities
        if table in ("role", "membership_phase"):
            return content[1 if table == "role" else 0] in self.orgs
        return False

    def take(self, table: str, identity: str | None) -> None:
        """Put the row of `table` with this key in the export (an object in it refers to
        the object kept beside that row)."""
        if identity is None:
            return
        held = {
            "organization": self.all_orgs,
            "person": self.people,
            "city": self.cities,
            "country": self.countries,
        }.get(table)
        if held is not None:
            held.add(identity)


# --- reading ---------------------------------------------------------------------------------


# --- another tool's objects, kept as they were read (docs/popolo.md) -----------------------


class _Kept:
    """The objects of other tools' documents kept beside their rows (table popolo_extra).

    An object whose row is unchanged since it was read is written as it was read, and the
    record citylinks would write for that row is left out (`record`); a row edited since is
    written from citylinks' columns over the object as read, which keeps what has no column;
    a stub that no one edited is not written (it was not in the file). Objects citylinks has
    no table for are written back as they are.

    Each object is its document's (table popolo_document): the export lists, per document,
    where its objects are (`manifest`). Popolo ids are per document, so two documents may
    hold the same id (`legislature`): the document imported first keeps it, a later one's
    is written as "NAMESPACE:id", in its objects and in the references its objects make,
    and the manifest says so (`renamed`), so that an import finds the id as it was."""

    def __init__(self, session: Connection | None) -> None:
        self.objects: dict[str, list[tuple[int | None, int, dict]]] = {}
        self.ids: set[str] = set()
        # the id citylinks would give -> (the object's id, its document)
        self.our_ids: dict[str, tuple[str, int | None]] = {}
        # (kind, key) -> (obj, as read, document)
        self.by_key: dict[tuple[str, str], tuple[dict, bool, int | None, int]] = {}
        self.by_content: dict[tuple, list[tuple[dict, bool, int | None, int]]] = {}
        self.documents: list[dict] = []  # the documents of the objects kept, in import order
        self.renamed: dict[int | None, dict[str, str]] = {}  # document -> {its id: written}
        self.runs: dict[int | None, dict[str, list[list[int]]]] = {}  # where each one's are
        self.position: dict[str, int] = {}  # objects written so far in each section
        self.session = session
        self.held: dict[str, set[tuple[str, str]]] = {}  # identifiers held, by kind
        # Every object kept (an edited row's and a stub's too), for `restrict`: its row
        # (table, key, what identifies it), its document, Popolo id and object, whether a stub.
        self.entries: list[_Entry] = []
        if session is not None:
            self._load(session)

    @property
    def empty(self) -> bool:
        """Nothing was read from another tool's document: no object to write as read, to
        match, to rename or to list in the manifest."""
        return not (self.documents or self.objects or self.by_key or self.by_content)

    @classmethod
    def none(cls) -> _Kept:
        return cls(None)

    def _load(self, session: Connection) -> None:
        from sqlalchemy import select

        from citylinks import schema

        extra = schema.popolo_extra
        rows = session.execute(
            select(
                extra.c.section,
                extra.c.table_name,
                extra.c.row_id,
                extra.c.row_version,
                extra.c.popolo_id,
                extra.c.stub,
                extra.c.data,
                extra.c.document_id,
                extra.c.id,
            ).order_by(extra.c.id)
        ).all()
        if not rows:
            return
        document = schema.popolo_document
        wanted_documents = {r.document_id for r in rows}
        self.documents = [
            dict(d._mapping)
            for d in session.execute(select(document).order_by(document.c.id))
            if d.id in wanted_documents
        ]
        wanted: dict[str, set[int]] = {}
        for r in rows:
            if r.table_name is not None:
                wanted.setdefault(r.table_name, set()).add(r.row_id)
        current = {t: _current(session, t, ids) for t, ids in wanted.items()}
        written: list[tuple[int | None, str]] = []  # (document, id) of the objects written
        for r in rows:
            doc = r.document_id
            if r.table_name is None:
                self.entries.append(_Entry(r.id, doc, r.popolo_id, r.data, None, None, None, False))
                self._add(r.section, r.data, r.popolo_id, doc, written, r.id)
                continue
            found = current[r.table_name].get(r.row_id)
            if found is None:
                continue  # the row was deleted
            version, identity, content = found
            self.entries.append(
                _Entry(r.id, doc, r.popolo_id, r.data, r.table_name, identity, content, r.stub)
            )
            as_read = version == r.row_version
            if r.stub and as_read:  # not in the file it was read from: not written
                self._id(r.table_name, identity, r.popolo_id, doc)
                self.by_key[(r.table_name, identity)] = (r.data, True, doc, r.id)
                continue
            data = r.data
            if r.table_name == "person" and _changed_key({"key": identity, "_as_read": data}):
                data = {**data, X + "key": identity}  # the record's key, as it is now
            if as_read:
                self._add(r.section, data, r.popolo_id, doc, written, r.id)
            elif r.popolo_id:
                written.append((doc, r.popolo_id))
            if identity is not None:
                self.by_key[(r.table_name, identity)] = (r.data, as_read, doc, r.id)
                self._id(r.table_name, identity, r.popolo_id, doc)
            if content is not None:
                self.by_content.setdefault((r.table_name, *content), []).append(
                    (r.data, as_read, doc, r.id)
                )
        self._rename(session, written)

    def restrict(self, scope: _Scope) -> None:
        """Keep only the objects an export of one organization holds: those kept beside the
        rows in `scope`, those without a row that belong to one of its organizations (a post,
        by `organization_id`), and every object these refer to (`..._id`, `member`), in their
        document, with the rows beside them, which `scope` takes in. Ids stay as the whole
        export writes them (renamed alike), so each object is the one the whole export writes."""
        by_id = {(e.document, e.popolo_id): e for e in self.entries if e.popolo_id}
        orgs_of = {
            (e.document, e.popolo_id)
            for e in self.entries
            if e.table == "organization" and e.popolo_id and e.identity in scope.orgs
        }
        wanted: list[_Entry] = []
        for e in self.entries:
            if e.table is not None:
                if scope.keeps_row(e.table, e.identity, e.content):
                    wanted.append(e)
            elif (e.document, _field(e.data, "organization_id")) in orgs_of:
                wanted.append(e)
        taken = {e.order for e in wanted}
        while wanted:
            e = wanted.pop()
            scope.take(e.table or "", e.identity)
            for ref in _references(e.data):
                found = by_id.get((e.document, ref))
                if found is not None and found.order not in taken:
                    taken.add(found.order)
                    wanted.append(found)
        self.objects = {
            section: [o for o in objects if o[1] in taken]
            for section, objects in self.objects.items()
        }
        documents = {e.document for e in self.entries if e.order in taken and not e.stub}
        self.documents = [d for d in self.documents if d["id"] in documents]

    def _rename(self, session: Connection, written: list[tuple[int | None, str]]) -> None:
        """The ids written under another name: an id of a document that an earlier document
        (or citylinks' own object) also has becomes "NAMESPACE:id" (and "NAMESPACE:id#2",
        ... should that be taken too)."""
        claimed: dict[str, int | None] = {}
        if any(_OWN_FORM.match(i) for _, i in written):
            claimed.update((i, -1) for i in _own_ids(session))
        order = {d["id"]: n for n, d in enumerate(self.documents)}
        namespaces = {d["id"]: d["namespace"] for d in self.documents}
        for doc, popolo_id in sorted(written, key=lambda w: order.get(w[0], -1)):
            if claimed.setdefault(popolo_id, doc) == doc:
                continue
            if popolo_id in self.renamed.get(doc, {}):
                continue
            name, n = f"{namespaces.get(doc, 'earlier')}:{popolo_id}", 1
            while name in claimed:
                n += 1
                name = f"{namespaces.get(doc, 'earlier')}:{popolo_id}#{n}"
            claimed[name] = doc
            self.renamed.setdefault(doc, {})[popolo_id] = name
        if self.renamed:
            self.ids = {self.renamed.get(d, {}).get(i, i) for d, i in written}

    def _add(
        self,
        section: str,
        data: dict,
        popolo_id: str | None,
        document: int | None,
        written: list[tuple[int | None, str]],
        order: int,
    ) -> None:
        self.objects.setdefault(section, []).append((document, order, data))
        if popolo_id:
            self.ids.add(popolo_id)
            written.append((document, popolo_id))

    def _id(
        self, table: str, identity: str | None, popolo_id: str | None, document: int | None
    ) -> None:
        if identity is None or popolo_id is None:
            return
        ours = {
            "person": person_id,
            "organization": org_id,
            "city": city_id,
            "country": country_area_id,
        }.get(table)
        if ours is not None:
            self.our_ids[ours(identity)] = (popolo_id, document)

    def order(self, by_document: dict[int | None, list]) -> list[int | None]:
        """The documents of `by_document` in the order they were first imported."""
        order = {d["id"]: n for n, d in enumerate(self.documents)}
        return sorted(by_document, key=lambda d: order.get(d, -1))

    def place(self, section: str, document: int | None, obj: dict) -> dict:
        """`obj`, the next object of `section`, as written: another tool's with its
        document's renamed ids, and its place noted for the manifest."""
        n = self.position.get(section, 0)
        self.position[section] = n + 1
        if document is not None:
            runs = self.runs.setdefault(document, {}).setdefault(section, [])
            if runs and runs[-1][1] == n:
                runs[-1][1] = n + 1
            else:
                runs.append([n, n + 1])
            renamed = self.renamed.get(document)
            if renamed:
                obj = _with_ids(obj, renamed)
        return obj

    def manifest(self) -> list[dict]:
        """`citylinks:documents`: for each document an object of which was written, its
        namespace, file, top-level keys, where its objects are and its renamed ids."""
        entries = []
        for d in self.documents:
            runs = self.runs.get(d["id"])
            if not runs:
                continue
            entry: dict[str, Any] = {
                "namespace": d["namespace"],
                "file": d["file_name"],
                "digest": d["digest"],
                "first_imported": moment(d["first_imported_at"]),
                "last_imported": moment(d["last_imported_at"]),
            }
            if d["top_level"]:
                entry["top_level"] = d["top_level"]
            entry["objects"] = runs
            renamed = self.renamed.get(d["id"])
            if renamed:
                entry["renamed"] = {written: bare for bare, written in renamed.items()}
            entries.append(entry)
        return entries

    def record(self, kind: str, r: dict) -> dict | None:
        """The dataset record `r` of `kind`, None when its row is written as it was read;
        a record of an edited row carries the object as read (`_as_read`)."""
        if not self.by_key and not self.by_content:
            return r
        table = kind
        if kind in ("post", "role"):
            holder = r.get("organization") or r.get("city")
            who = r.get("person") or r.get("city")
            found = self._take(
                (table, who, holder, r["title"], r.get("start", "unknown"), r.get("end", "unknown"))
            )
        else:
            identity = r.get("code") if kind == "country" else r.get("key")
            if kind == "session":
                identity = f"{r['organization']}/{r['series']}/{r['number']}"
            found = self.by_key.get((table, identity)) if identity is not None else None
        if found is None:
            return r
        if found[1]:
            return None
        as_read = found[0]
        if kind in ("organization", "city"):
            as_read = self._identifiers_kept(kind, r, as_read)
        return {
            **r,
            "_as_read": as_read,
            "_as_read_document": found[2],
            "_as_read_order": found[3],
        }

    def _identifiers_kept(self, kind: str, r: dict, as_read: dict) -> dict:
        """The object as read less the identifiers an officer removed from its row: one the
        row does not hold is written only while another record holds it (the import keeps
        an identifier two records share in the second's object only, and a row never holds
        one another record holds)."""
        read = as_read.get("identifiers")
        if not isinstance(read, list):
            return as_read
        own = {(i["scheme"], i["value"]) for i in r.get("identifiers", [])}
        elsewhere = self._held_identifiers(kind)
        kept = [
            i
            for i in read
            if not isinstance(i, dict) or (key := _identifier_key(i)) in own or key in elsewhere
        ]
        if len(kept) == len(read):
            return as_read
        if not kept:
            return {k: v for k, v in as_read.items() if k != "identifiers"}
        return {**as_read, "identifiers": kept}

    def _held_identifiers(self, kind: str) -> set[tuple[str, str]]:
        """Every (scheme, value) the records of `kind` hold, read once an edited row needs it."""
        held = self.held.get(kind)
        if held is None:
            from sqlalchemy import select

            from citylinks import schema

            table = (
                schema.organization_identifier if kind == "organization" else schema.city_identifier
            )
            held = self.held[kind] = set()
            if self.session is not None:
                held.update(
                    (scheme, value)
                    for scheme, value in self.session.execute(select(table.c.scheme, table.c.value))
                )
        return held

    def phase(
        self, organization: str, member: str | None, status: str | None, start: str, end: str
    ) -> tuple[dict, bool, int | None, int] | None:
        """Another tool's object for the next membership phase of this organization and member
        with this status and these dates (the Popolo writer builds phases from rows, not from
        records: `_Writer._phases`), None when none was kept."""
        return self._take(("membership_phase", organization, member, status, start, end))

    def start(self) -> None:
        """A new pass over the records (each section reads them again)."""
        self.used: dict[tuple, int] = {}

    def _take(self, content: tuple) -> tuple[dict, bool, int | None, int] | None:
        found = self.by_content.get(content, [])
        n = self.used.get(content, 0)
        if n >= len(found):
            return None
        self.used[content] = n + 1
        return found[n]

    def remap(self, obj: dict) -> dict:
        """Another tool's ids (as written) in place of those citylinks would give the objects
        it read."""
        if not self.our_ids:
            return obj
        out = {}
        for field, value in obj.items():
            if (
                isinstance(value, str)
                and value in self.our_ids
                and (field == "id" or field.endswith("_id"))
            ):
                value = self.written_id(value)
            elif field == "member" and isinstance(value, dict) and value.get("id") in self.our_ids:
                value = {**value, "id": self.written_id(value["id"])}
            out[field] = value
        return out

    def written_id(self, ours: str) -> str:
        popolo_id, document = self.our_ids[ours]
        return self.renamed.get(document, {}).get(popolo_id, popolo_id)


class _Entry(NamedTuple):
    """An object kept from another tool's document (`_Kept.entries`)."""

    order: int  # its popolo_extra id
    document: int | None
    popolo_id: str | None
    data: Any
    table: str | None  # the row it is kept beside, if any: its table, key and content
    identity: str | None
    content: tuple | None
    stub: bool


def _field(data: Any, name: str) -> Any:
    return data.get(name) if isinstance(data, dict) else None


def _references(data: Any) -> Iterator[str]:
    """The ids an object of another tool refers to: its `..._id` fields and `member`'s id."""
    if not isinstance(data, dict):
        return
    for field, value in data.items():
        if field.endswith("_id") and isinstance(value, str):
            yield value
        elif field == "member" and isinstance(value, dict) and isinstance(value.get("id"), str):
            yield value["id"]


# citylinks' own ids of people, organizations, cities and countries (renaming: `_own_ids`).
_OWN_FORM = re.compile(r"(?:person|organization|city|area/country|area/city)/")


def _own_ids(session: Connection) -> set[str]:
    """The ids citylinks gives its own people, organizations, cities and countries."""
    from sqlalchemy import select

    from citylinks import schema

    ids: set[str] = set()
    for table, forms in (
        (schema.person, (person_id,)),
        (schema.organization, (org_id,)),
        (schema.city, (city_id, city_area_id)),
    ):
        for (key,) in session.execute(select(table.c.key)):
            ids.update(form(key) for form in forms)
    ids.update(country_area_id(c) for (c,) in session.execute(select(schema.country.c.code)))
    return ids


def _with_ids(obj: dict, renamed: dict[str, str]) -> dict:
    """`obj` with its document's renamed ids, in `id`, the `..._id` fields and `member`."""
    out = {}
    for field, value in obj.items():
        if isinstance(value, str) and (field == "id" or field.endswith("_id")):
            value = renamed.get(value, value)
        elif field == "member" and isinstance(value, dict) and value.get("id") in renamed:
            value = {**value, "id": renamed[value["id"]]}
        out[field] = value
    return out


def _current(session: Connection, table_name: str, ids: set[int]) -> dict[int, tuple]:
    """For each row id: its version, its key (or code, or session reference) and, for a post,
    role or phase, what identifies it in a dataset record."""
    from sqlalchemy import select

    from citylinks import schema

    table = schema.metadata.tables[table_name]
    found: dict[int, tuple] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 1000):
        part = wanted[start : start + 1000]
        where = schema.ids_in(table.c.id, part)
        if table_name in ("person", "organization", "city"):
            stmt = select(table.c.id, table.c.version, table.c.key).where(where)
            found.update({i: (v, k, None) for i, v, k in _rows(session, stmt)})
        elif table_name == "country":
            stmt = select(table.c.id, table.c.version, table.c.code).where(where)
            found.update({i: (v, k, None) for i, v, k in _rows(session, stmt)})
        elif table_name == "session":
            series, org = schema.meeting_series, schema.organization
            stmt = (
                select(table.c.id, table.c.version, org.c.key, series.c.key, table.c.number)
                .join(series, table.c.series_id == series.c.id)
                .join(org, series.c.organization_id == org.c.id)
                .where(where)
            )
            found.update({i: (v, f"{o}/{s}/{n}", None) for i, v, o, s, n in _rows(session, stmt)})
        elif table_name == "post":
            person, holder, city = schema.person, schema.organization, schema.city
            stmt = (
                select(
                    table.c.id,
                    table.c.version,
                    person.c.key,
                    holder.c.key,
                    city.c.key,
                    table.c.title,
                    table.c.start_text,
                    table.c.end_text,
                )
                .join(person, table.c.person_id == person.c.id)
                .outerjoin(holder, table.c.organization_id == holder.c.id)
                .outerjoin(city, table.c.city_id == city.c.id)
                .where(where)
            )
            for i, v, p, o, c, title, start, end in _rows(session, stmt):
                found[i] = (v, None, (p, o or c, title, _text(start), _text(end)))
        elif table_name == "role":
            holder, city = schema.organization, schema.city
            stmt = (
                select(
                    table.c.id,
                    table.c.version,
                    city.c.key,
                    holder.c.key,
                    table.c.title,
                    table.c.start_text,
                    table.c.end_text,
                )
                .join(city, table.c.city_id == city.c.id)
                .join(holder, table.c.organization_id == holder.c.id)
                .where(where)
            )
            for i, v, c, o, title, start, end in _rows(session, stmt):
                found[i] = (v, None, (c, o, title, _text(start), _text(end)))
        elif table_name == "membership_phase":
            m, holder, city = schema.membership, schema.organization, schema.city
            member = schema.organization.alias("member")
            stmt = (
                select(
                    table.c.id,
                    table.c.version,
                    holder.c.key,
                    city.c.key,
                    member.c.key,
                    table.c.status,
                    table.c.start_text,
                    table.c.end_text,
                )
                .join(m, table.c.membership_id == m.c.id)
                .join(holder, m.c.organization_id == holder.c.id)
                .outerjoin(city, m.c.city_id == city.c.id)
                .outerjoin(member, m.c.member_organization_id == member.c.id)
                .where(where)
            )
            for i, v, o, c, mo, status, start, end in _rows(session, stmt):
                found[i] = (v, None, (o, c or mo, status, _text(start), _text(end)))
    return found


def _rows(session: Connection, stmt: Any) -> list[Any]:
    return list(session.execute(stmt))


def _text(value: str | None) -> str:
    return str(PartialDate.from_columns(value))


def _clean_as(record: dict, obj: dict) -> dict:
    return _over(
        record.get("_as_read"),
        _clean(obj),
        record.get("_as_read_document"),
        record.get("_as_read_order", 0),
    )


# Marks, for Writer.section, the object of an edited row with its document's id.
_DOCUMENT = "\x00document"
# ... and its place among the document's objects (the order they were kept in).
_ORDER = "\x00order"


def _over(as_read: dict | None, obj: dict, document: int | None = None, order: int = 0) -> dict:
    """An edited row's object: citylinks' fields over the object as read, which keeps what
    citylinks has no column for, and the references (ids) as they were read."""
    if not as_read:
        return obj
    ours = {k: v for k, v in obj.items() if k != "id" and not k.endswith("_id") and k != "member"}
    merged = {**as_read}
    for field, value in ours.items():
        merge = _MERGE.get(field)
        # Merged even when the object as read lacks the field: a name added to an object
        # read without other_names is written in Popolo's form, with no language invented.
        merged[field] = merge(as_read, value) if merge else value
    _classification(as_read, merged)
    return {**merged, _DOCUMENT: document, _ORDER: order}


def _changed_key(record: dict) -> str | None:
    """The key of the row of another tool's object (`_as_read`), when it is not the one the
    import makes of the object's id (an officer's `person edit KEY --key NEW`): its id stays
    the document's, so the key is said in `citylinks:key` (citylinks' own object says it in
    its id), and read back by the import (docs/popolo.md). An object without an id is found
    by its content, never by a key: none."""
    as_read = record.get("_as_read")
    if not isinstance(as_read, dict) or not isinstance(record.get("key"), str):
        return None
    popolo_id = as_read.get("id")
    if not isinstance(popolo_id, str):
        return None
    return None if record["key"] == text.slugify(popolo_id)[:64] else record["key"]


def _name_key(name: Any, lang: Any) -> tuple[str, str]:
    return unicodedata.normalize("NFC", str(name)), lang or "und"


def _other_names(as_read: dict, ours: list[dict]) -> list[dict]:
    """The object's other_names as read, less those the officer removed, then the names
    added since, in Popolo's own form (`lang`; `note` the kind when it is not an alternate
    name): an other name keeps its `lang`, `note`, periods and whatever else it had."""
    keys = {_name_key(n["name"], n.get(X + "lang")) for n in ours}
    kept = [
        o
        for o in as_read.get("other_names") or []
        if isinstance(o, dict)
        and _name_key(o.get("name"), o.get("lang") or o.get(X + "lang")) in keys
    ]
    have = {_name_key(o.get("name"), o.get("lang") or o.get(X + "lang")) for o in kept}
    if as_read.get("name"):
        have.add(_name_key(as_read["name"], "und"))
    added = []
    for n in ours:
        key = _name_key(n["name"], n.get(X + "lang"))
        if key in have:
            continue
        have.add(key)
        entry = {"name": n["name"]}
        if key[1] != "und":
            entry["lang"] = key[1]
        if n.get("note") and n["note"] != "alternate":
            entry["note"] = n["note"]
        added.append(entry)
    return kept + added


def _identifier_key(entry: dict) -> tuple[str, str]:
    """An identifier of a Popolo object as a row stores it (formats.popolo.reader): a
    missing scheme is "other"."""
    return entry.get("scheme") or "other", str(entry.get("identifier"))


def _union(field: str, *on: str) -> Callable[[dict, list], list]:
    """A list of the object as read, every entry kept, then the row's entries it lacks
    (compared on `on`): what the row does not hold (another record's identifier, a link
    citylinks has no column for) stays."""

    def merge(as_read: dict, ours: list) -> list:
        read = as_read.get(field)
        if not isinstance(read, list):
            return ours
        have = {tuple(e.get(f) for f in on) for e in read if isinstance(e, dict)}
        return read + [e for e in ours if tuple(e.get(f) for f in on) not in have]

    return merge


def _sources(as_read: dict, ours: list) -> list:
    """An object's sources (links) as read, less those no longer cited, then those cited
    since: a link keeps the fields it was read with."""
    read = as_read.get("sources")
    if not isinstance(read, list):
        return ours
    urls = {s.get("url") for s in ours}
    kept = [s for s in read if isinstance(s, dict) and s.get("url") in urls]
    have = {s.get("url") for s in kept}
    return kept + [s for s in ours if s.get("url") not in have]


_MERGE: dict[str, Callable[[dict, Any], Any]] = {
    "other_names": _other_names,
    "identifiers": _union("identifiers", "scheme", "identifier"),
    "links": _union("links", "url"),
    "sources": _sources,
}


def _classification(as_read: dict, merged: dict) -> None:
    """Another tool's `classification` ("legislature", "party") is read as the kind network
    (or committee) and the free-text classification: written back as it was read while
    neither changed."""
    read = as_read.get("classification")
    if X + "classification" in as_read or "classification" not in merged:
        return
    free = merged.get(X + "classification")
    kind = merged["classification"]
    if kind in ("session", "meeting-series"):  # an event's: no officer edits it
        if read is None:
            del merged["classification"]
        else:
            merged["classification"] = read
        return
    if read in ("network", "committee", "body", "city"):
        expected, read_free = read, None
    else:
        expected = "committee" if as_read.get("parent_id") else "network"
        read_free = read
    if kind == expected and free == read_free:
        if read is None:
            del merged["classification"]
        else:
            merged["classification"] = read
        merged.pop(X + "classification", None)
