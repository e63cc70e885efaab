"""Popolo JSON (popoloproject.com), out and in. docs/popolo.md describes the mapping.

Writing goes through the dataset format's records (formats/dataset_out.py), and reading turns a
Popolo document back into such records for the dataset loader (services/dataset.py): the two
conversions are each other's inverse, so export, import into an empty database and export again
give the same document, and the rules of the dataset format (matching by key, idempotent loads)
hold for Popolo too.

What Popolo has no field for goes into fields named `citylinks:...` (Popolo's schemas allow
additional properties); a document from another tool, with Popolo's own fields only, is read
with the defaults docs/popolo.md lists.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.orm import Session

from citylinks import schema, text
from citylinks.dates import DateError, PartialDate
from citylinks.errors import CitylinksError
from citylinks.formats import dataset_out
from citylinks.model import Organization
from citylinks.services import dataset
from citylinks.vocab import NAME_KINDS, ORGANIZATION_KINDS, SESSION_STATUSES, STATUS_NAMES

FORMAT = "citylinks-popolo/1"
X = "citylinks:"  # the prefix of every extension field
SOURCE_URN = "urn:citylinks:source:"
SECTIONS = ("areas", "organizations", "persons", "posts", "memberships", "events")
# A source made from a bare link is titled by its address, shortened to fit.
SOURCE_TITLE_LENGTH = schema.source.c.title.type.length


class PopoloError(CitylinksError):
    pass


# --- ids ---------------------------------------------------------------------------------------


def org_id(key: str) -> str:
    return f"organization/{key}"


def city_id(key: str) -> str:
    return f"city/{key}"


def person_id(key: str) -> str:
    return f"person/{key}"


def country_area_id(code: str) -> str:
    return f"area/country/{code}"


def city_area_id(key: str) -> str:
    return f"area/city/{key}"


def series_event_id(org: str, series: str) -> str:
    return f"event/{org}/{series}"


def session_event_id(ref: str) -> str:
    """'amf/general-assembly/7' -> 'event/amf/general-assembly/7'."""
    return f"event/{ref}"


def post_id(holder: str, title: str) -> str:
    slug = (
        text.slugify(title)[:60]
        or hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:10]
    )
    return f"post/{holder}/{slug}"


# --- writing ---------------------------------------------------------------------------------


def write(session: Session, out: TextIO, organization: Organization | None = None) -> dict:
    """Write one Popolo document to `out`, of the whole database or of one organization and
    what it involves; returns how many objects of each kind were written."""
    writer = _Writer(session, organization)
    counts: dict[str, int] = {}
    out.write("{\n")
    out.write(f'  "{X}format": {json.dumps(FORMAT)},\n')
    for name in SECTIONS:
        counts[name] = _write_array(out, name, getattr(writer, name)())
        out.write(",\n")
    counts["sources"] = _write_array(out, f"{X}sources", writer.sources())
    out.write("\n}\n")
    return counts


def _write_array(out: TextIO, name: str, objects: Iterable[dict]) -> int:
    out.write(f"  {json.dumps(name)}: [")
    n = 0
    for obj in objects:
        out.write(",\n    " if n else "\n    ")
        out.write(json.dumps(obj, ensure_ascii=False))
        n += 1
    out.write("\n  ]" if n else "]")
    return n


def _dates(record: dict, fields: tuple[str, str] = ("start", "end")) -> dict:
    """Popolo start_date/end_date (reduced ISO 8601, only where exact in Gregorian), and the
    full value in citylinks:start_date/end_date where Popolo's would lose anything."""
    found = {}
    for field, name in zip(fields, ("start_date", "end_date"), strict=True):
        value = record.get(field)
        if value is None:
            continue
        iso, full = _popolo_date(value)
        if iso is not None:
            found[name] = iso
        if full is not None:
            found[X + name] = full
    return found


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
    return {k: v for k, v in obj.items() if v is not None and v != [] and v != {}}


class _Writer:
    def __init__(self, session: Session, organization: Organization | None) -> None:
        self.session = session
        self.keys = dataset_out._Keys(session)
        self.used_sources: set[str] | None = None
        self.scope = _Scope(session, organization, self.keys) if organization else None
        # The link of each source the records at hand cite, by key: read for each chunk of
        # records, so that memory does not grow with the number of sources.
        self.links: dict[str, dict] = {}
        if self.scope is not None:
            self.used_sources = set()

    def src(self, keys: list[str] | None) -> list[dict]:
        if self.used_sources is not None:
            self.used_sources.update(keys or [])
        missing = [k for k in keys or [] if k not in self.links]
        if missing:  # not from the chunk of records at hand (none so far)
            self.links.update(self._read_links(missing))
        return [self.links[k] for k in keys or []]

    def _read_links(self, keys: Iterable[str]) -> dict[str, dict]:
        """The links of these sources, by key."""
        from sqlalchemy import select

        from citylinks.schema import source

        wanted = sorted(set(keys))
        links = {}
        for start in range(0, len(wanted), dataset_out.CHUNK):
            part = wanted[start : start + dataset_out.CHUNK]
            stmt = select(source.c.key, source.c.url, source.c.title).where(source.c.key.in_(part))
            for key, url, title in self.session.execute(stmt):
                links[key] = _link_for({"key": key, "url": url, "title": title})
        return links

    def _records(self, kind: str) -> Iterator[dict]:
        generators = {
            "country": lambda: dataset_out._countries(self.session),
            "city": lambda: dataset_out._cities(self.session),
            "person": lambda: dataset_out._people(self.session),
            "organization": lambda: dataset_out._organizations(self.session, self.keys),
            "session": lambda: dataset_out._meetings(self.session, self.keys),
            "membership": lambda: dataset_out._memberships(self.session, self.keys),
            "role": lambda: dataset_out._roles(self.session, self.keys),
            "post": lambda: dataset_out._posts(self.session, self.keys),
        }
        records = generators[kind]()
        while chunk := list(islice(records, dataset_out.CHUNK)):
            kept = [r for r in chunk if self.scope is None or self.scope.keeps(kind, r)]
            keys: set[str] = set()
            for record in kept:
                _cited_keys(record, keys)
            self.links = self._read_links(keys)
            yield from kept

    # sections

    def areas(self) -> Iterator[dict]:
        for c in self._records("country"):
            names = {n["lang"]: n["name"] for n in c["names"]}
            yield _clean(
                {
                    "id": country_area_id(c["code"]),
                    "name": names["en"],
                    "identifier": c["code"],
                    "classification": "country",
                    X + "name_fa": names.get("fa"),
                }
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
            yield _clean(
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
                }
            )
        for o in self._records("organization"):
            founded = _dates({"start": o.get("founded")})
            yield _clean(
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
                }
            )

    def persons(self) -> Iterator[dict]:
        for p in self._records("person"):
            yield _clean(
                {
                    "id": person_id(p["key"]),
                    **_names(p["names"]),
                    "sources": self.src(p.get("sources")),
                }
            )

    def posts(self) -> Iterator[dict]:
        seen: set[str] = set()
        for kind in ("role", "post"):
            for r in self._records(kind):
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

    def memberships(self) -> Iterator[dict]:
        for m in self._records("membership"):
            member = city_id(m["city"]) if m.get("city") else org_id(m["member_organization"])
            organization = org_id(m["organization"])
            for position, p in enumerate(m.get("phase", []), start=1):
                yield _clean(
                    {
                        "id": f"membership/{m['organization']}/{member}/{position}",
                        "organization_id": organization,
                        "member": {"@type": "Organization", "id": member},
                        "role": p["status"],
                        "label": p["status"],
                        **_dates(p),
                        X + "position": position,
                        X + "reason": p.get("reason"),
                        X + "note": p.get("note"),
                        X + "session_id": session_event_id(p["session"])
                        if p.get("session")
                        else None,
                        "sources": self.src(p.get("sources")),
                    }
                )
        counters: dict[str, int] = {}
        for r in self._records("role"):
            holder = org_id(r["organization"])
            base = f"membership/{r['organization']}/role/{r['city']}"
            counters[base] = counters.get(base, 0) + 1
            yield _clean(
                {
                    "id": f"{base}/{counters[base]}",
                    "organization_id": holder,
                    "member": {"@type": "Organization", "id": city_id(r["city"])},
                    "post_id": post_id(holder, r["title"]),
                    "role": r["title"],
                    **_dates(r),
                    X + "session_id": session_event_id(r["session"]) if r.get("session") else None,
                    X + "note": r.get("note"),
                    "sources": self.src(r.get("sources")),
                }
            )
        for r in self._records("post"):
            holder = _holder(r)
            base = f"membership/person/{r['person']}"
            counters[base] = counters.get(base, 0) + 1
            yield _clean(
                {
                    "id": f"{base}/{counters[base]}",
                    "person_id": person_id(r["person"]),
                    "organization_id": holder,
                    "post_id": post_id(holder, r["title"]),
                    "role": r["title"],
                    **_dates(r),
                    X + "note": r.get("note"),
                    "sources": self.src(r.get("sources")),
                }
            )

    def events(self) -> Iterator[dict]:
        for o in self._records("organization"):
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
            yield _clean(
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
                    "sources": self.src(m.get("sources")),
                }
            )

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
        for s in dataset_out._sources(self.session):
            if self.used_sources is None or s["key"] in self.used_sources:
                yield s


def _cited_keys(record: dict, keys: set[str]) -> None:
    """Add the keys of the sources `record` and the records nested in it cite to `keys`."""
    for field, value in record.items():
        if field == "sources":
            keys.update(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _cited_keys(item, keys)


def _shortened(value: str, length: int) -> str:
    return value if len(value) <= length else value[: length - 1] + "…"


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

    def __init__(self, session: Session, organization: Organization, keys) -> None:
        from sqlalchemy import select

        from citylinks.model import City, Country

        rows = session.execute(
            select(Organization.key, Organization.parent_id, City.key).outerjoin(
                City, Organization.seat_city_id == City.id
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
        for m in dataset_out._memberships(session, keys):
            if m["organization"] in self.orgs:
                if m.get("city"):
                    self.cities.add(m["city"])
                else:
                    other_orgs.add(m["member_organization"])
        for r in dataset_out._roles(session, keys):
            if r["organization"] in self.orgs:
                self.cities.add(r["city"])
        for s in dataset_out._meetings(session, keys):
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
        for p in dataset_out._posts(session, keys):
            if p.get("organization") in self.orgs or p.get("city") in self.cities:
                self.people.add(p["person"])
        self.countries = set(
            session.scalars(
                select(Country.code)
                .join(City, City.country_id == Country.id)
                .where(City.key.in_(self.cities))
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


# --- reading ---------------------------------------------------------------------------------


def load(session: Session, path: Path) -> str:
    """Load the Popolo document at `path`; returns a one-line summary."""
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise PopoloError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise PopoloError(f"{path} is not UTF-8 (byte {exc.start}): save it as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise PopoloError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(document, dict) or not any(k in document for k in SECTIONS):
        raise PopoloError(
            f"{path} is not a Popolo document: expected a JSON object with {', '.join(SECTIONS)}"
        )
    reader = _Reader(path)
    try:
        records = reader.read(document)
    except (TypeError, AttributeError, KeyError, ValueError, IndexError) as exc:
        # Another tool's document: a number where Popolo has a string, a missing id.
        raise reader.fail(
            f"not what the Popolo schemas allow ({type(exc).__name__}: {exc}): see docs/popolo.md"
        ) from None
    dataset.load_document(session, records, path, label=reader.label)
    return dataset.summary(records)


class _Reader:
    """A Popolo document -> the dataset format's records (data/README.md)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = ""
        self.keys: dict[str, str] = {}  # popolo id -> citylinks key
        self.sources: dict[str, dict] = {}  # key -> source record
        self.url_sources: dict[str, str] = {}  # url -> key
        self.city_ids: set[str] = set()  # ids of the organizations that are cities
        # Where in the document each record it gives the loader comes from, by id(record): the
        # loader's messages name "memberships #3 (m3)", not the dataset format's "[[post]] #1".
        self.origins: dict[int, str] = {}

    def fail(self, message: str) -> PopoloError:
        return PopoloError(f"{self.path}: {self.where}: {message}")

    def came_from(self, record: dict, where: str | None = None) -> dict:
        """Note that `record` was read at `where` (by default, the object being read)."""
        self.origins[id(record)] = where or self.where
        return record

    def label(self, kind: str, index: int, record: dict) -> str | None:
        """For the dataset loader's messages: where `record` is in the Popolo document."""
        return self.origins.get(id(record))

    def key(self, popolo_id: str | None, prefix: str) -> str | None:
        """The citylinks key of a Popolo id: ours ('city/yazd' -> 'yazd') or another tool's
        (a slug of it)."""
        if popolo_id is None:
            return None
        if popolo_id in self.keys:
            return self.keys[popolo_id]
        if popolo_id.startswith(prefix + "/"):
            found = popolo_id[len(prefix) + 1 :]
        else:
            found = (
                text.slugify(popolo_id)[:64]
                or hashlib.sha1(popolo_id.encode(), usedforsecurity=False).hexdigest()[:12]
            )
        self.keys[popolo_id] = found
        return found

    def date(self, obj: dict, name: str) -> str:
        if obj.get(X + name):
            return str(obj[X + name])
        value = obj.get(name)
        if not value:
            return "unknown"
        try:
            return str(PartialDate.parse("g:" + str(value)[:10]))
        except DateError as exc:
            raise self.fail(f"{name}: {exc}") from None

    def src(self, links: list[dict] | None) -> list[str]:
        keys = []
        for link in links or []:
            key = link.get(X + "source")
            if key is None or key not in self.sources:
                url = link.get("url")
                if not url:
                    raise self.fail("a source link has no url")
                key = self.url_sources.get(url)
                if key is None:
                    key = "L" + hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()[:8]
                    self.sources[key] = self.came_from(
                        {
                            "key": key,
                            "kind": "web-page",
                            "title": link.get("note") or _shortened(url, SOURCE_TITLE_LENGTH),
                            "url": url,
                            "published": "unknown",
                            "note": "A source link of a Popolo document.",
                        },
                        f"{self.where}, its source link {url}",
                    )
                    self.url_sources[url] = key
            keys.append(key)
        return list(dict.fromkeys(keys))

    def names(self, obj: dict) -> list[dict]:
        others = obj.get("other_names") or []
        if others and all(X + "lang" in o for o in others):
            return [
                {"lang": o[X + "lang"], "name": o["name"], "kind": _kind(o.get("note"))}
                for o in others
            ]
        names = []
        if obj.get("name"):
            names.append(
                {"lang": _guess_lang(obj["name"]), "name": obj["name"], "kind": "official"}
            )
        for o in others:
            if o.get("name") and o["name"] != obj.get("name"):
                lang = o.get(X + "lang") or _guess_lang(o["name"])
                names.append(
                    {"lang": lang, "name": o["name"], "kind": _kind(o.get("note"), "alternate")}
                )
        if not names:
            raise self.fail("no name")
        return names

    def read(self, doc: dict) -> dict[str, list[dict]]:
        for index, s in enumerate(doc.get(X + "sources", []), start=1):
            self.where = f"{X}sources #{index} ({s.get('key')})"
            self.sources[s["key"]] = self.came_from(s)
            if s.get("url"):
                self.url_sources.setdefault(s["url"], s["key"])
        out: dict[str, list[dict]] = {
            k: []
            for k in (
                "country",
                "city",
                "person",
                "organization",
                "session",
                "membership",
                "role",
                "post",
            )
        }
        areas = {a["id"]: a for a in doc.get("areas", []) if a.get("id")}
        orgs = doc.get("organizations", [])
        self.city_ids = {o["id"] for o in orgs if o.get("classification") == "city" and o.get("id")}
        for index, a in enumerate(doc.get("areas", []), start=1):
            self.where = f"areas #{index}"
            if a.get("classification") == "country":
                names = [
                    {"lang": "en", "name": a.get("name") or a.get("identifier"), "kind": "official"}
                ]
                if a.get(X + "name_fa"):
                    names.append({"lang": "fa", "name": a[X + "name_fa"], "kind": "official"})
                code = a.get("identifier") or a["id"].rsplit("/", 1)[-1]
                self.keys[a["id"]] = code
                out["country"].append(self.came_from({"code": code, "names": names}))
        for index, o in enumerate(orgs, start=1):
            self.where = f"organizations #{index} ({o.get('id')})"
            if o.get("classification") == "city":
                out["city"].append(self.came_from(self.city(o, areas)))
        org_records = []
        for index, o in enumerate(orgs, start=1):
            self.where = f"organizations #{index} ({o.get('id')})"
            if o.get("classification") != "city":
                org_records.append(self.came_from(self.organization(o)))
        by_key = {r["key"]: r for r in org_records}
        # Meeting series: ours, and any event another event names as its parent.
        parents = {e.get("parent_id") for e in doc.get("events", []) if e.get("parent_id")}
        is_series = {
            e.get("id")
            for e in doc.get("events", [])
            if e.get("classification") == "meeting-series" or e.get("id") in parents
        }
        for index, e in enumerate(doc.get("events", []), start=1):
            self.where = f"events #{index} ({e.get('id')})"
            if e.get("id") in is_series:
                self.series(e, by_key)
        out["organization"] = _parents_first(org_records)
        for index, p in enumerate(doc.get("persons", []), start=1):
            self.where = f"persons #{index} ({p.get('id')})"
            out["person"].append(
                self.came_from(
                    _drop_empty(
                        {
                            "key": self.key(p.get("id"), "person"),
                            "names": self.names(p),
                            "sources": self.src(p.get("sources")),
                        }
                    )
                )
            )
        events = doc.get("events", [])
        counters: dict[tuple, int] = {}
        for index, e in enumerate(events, start=1):
            self.where = f"events #{index} ({e.get('id')})"
            if e.get("id") not in is_series:
                out["session"].append(self.came_from(self.session(e, by_key, counters)))
        posts = {p["id"]: p for p in doc.get("posts", []) if p.get("id")}
        phases: dict[tuple[str, str, str], list[dict]] = {}
        for index, m in enumerate(doc.get("memberships", []), start=1):
            self.where = f"memberships #{index} ({m.get('id')})"
            self.membership(m, posts, phases, out)
        for (field, member, organization), items in phases.items():
            items.sort(key=lambda item: item[0])
            # One membership of citylinks, read from one Popolo membership per phase.
            where = "; ".join(dict.fromkeys(self.origins[id(p)] for _, p in items))
            out["membership"].append(
                self.came_from(
                    {field: member, "organization": organization, "phase": [p for _, p in items]},
                    where,
                )
            )
        document: dict[str, Any] = {"source": list(self.sources.values())}
        document.update({k: v for k, v in out.items() if v})
        return document

    def city(self, o: dict, areas: dict) -> dict:
        area = areas.get(o.get("area_id") or "", {})
        country = areas.get(area.get("parent_id") or "", {})
        code = country.get("identifier") or o.get(X + "country")
        if not code:
            raise self.fail("a city needs its country: an area_id whose parent is a country area")
        latitude = longitude = None
        geometry = area.get("geometry") or {}
        if geometry.get("type") == "Point":
            longitude, latitude = geometry["coordinates"][:2]
        return _drop_empty(
            {
                "key": self.key(o.get("id"), "city"),
                "country": code,
                "names": self.names(o),
                "region": area.get(X + "region"),
                "latitude": latitude if latitude is not None else area.get(X + "latitude"),
                "longitude": longitude if longitude is not None else area.get(X + "longitude"),
                "identifiers": self.identifiers(o),
                "sources": self.src(o.get("sources")),
                "designation": [
                    _drop_empty(
                        {
                            "name": d["name"],
                            "reference": d.get("reference"),
                            "date": d.get("date"),
                            "sources": self.src(d.get("sources")),
                        }
                    )
                    for d in o.get(X + "designations", [])
                ],
            }
        )

    def identifiers(self, o: dict) -> list[dict]:
        return [
            {"scheme": i.get("scheme") or "other", "value": i["identifier"]}
            for i in o.get("identifiers", [])
        ]

    def organization(self, o: dict) -> dict:
        classification = o.get("classification")
        parent = self.key(o.get("parent_id"), "organization")
        kind = (
            classification
            if classification in ORGANIZATION_KINDS
            else ("committee" if parent else "network")
        )
        website = next(
            (link["url"] for link in o.get("links", []) if link.get("note") == "website"), None
        )
        founded = o.get(X + "founding_date") or (
            self.date({"d": o["founding_date"]}, "d") if o.get("founding_date") else None
        )
        return _drop_empty(
            {
                "key": self.key(o.get("id"), "organization"),
                "acronym": o.get(X + "acronym"),
                "names": self.names(o),
                "kind": kind,
                "parent": parent,
                "classification": o.get(X + "classification")
                or (classification if classification not in ORGANIZATION_KINDS else None),
                "region": o.get(X + "region"),
                "aims": o.get(X + "aims"),
                "founded": founded,
                "initiator": o.get(X + "initiator"),
                "seat": self.key(o.get(X + "seat_id"), "city"),
                "website": website,
                "identifiers": self.identifiers(o),
                "note": o.get("description"),
                "sources": self.src(o.get("sources")),
                "motto": [
                    _drop_empty(
                        {
                            "text": m["text"],
                            "lang": m["lang"],
                            "note": m.get("note"),
                            "sources": self.src(m.get("sources")),
                        }
                    )
                    for m in o.get(X + "mottos", [])
                ],
                "member_count": [
                    _drop_empty(
                        {
                            "number": c["number"],
                            "qualifier": c["qualifier"],
                            "counted": c.get("counted"),
                            "as_of": c.get("as_of"),
                            "sources": self.src(c.get("sources")),
                        }
                    )
                    for c in o.get(X + "member_counts", [])
                ],
            }
        )

    def series(self, e: dict, orgs: dict[str, dict]) -> None:
        org = self.key(e.get("organization_id"), "organization")
        if org not in orgs:
            raise self.fail(f"no organization '{e.get('organization_id')}' for this meeting series")
        key = (
            e["id"].rsplit("/", 1)[-1]
            if e.get("id", "").startswith("event/")
            else self.key(e.get("id"), "event")
        )
        self.keys[e["id"]] = key
        names = [{"lang": "en", "name": e.get("name") or key, "kind": "official"}]
        if e.get(X + "name_fa"):
            names.append({"lang": "fa", "name": e[X + "name_fa"], "kind": "official"})
        orgs[org].setdefault("series", []).append({"key": key, "names": names})

    def session(self, e: dict, orgs: dict[str, dict], counters: dict) -> dict:
        org = self.key(e.get("organization_id"), "organization")
        if org not in orgs:
            raise self.fail(f"no organization '{e.get('organization_id')}' for this session")
        series = self.keys.get(e.get("parent_id") or "")
        if series is None:  # another tool's event with no series: one series of meetings
            series = "meetings"
            existing = orgs[org].setdefault("series", [])
            if not any(s["key"] == series for s in existing):
                existing.append(
                    {
                        "key": series,
                        "names": [{"lang": "en", "name": "Meetings", "kind": "official"}],
                    }
                )
        counters[(org, series)] = counters.get((org, series), 0) + 1
        number = e.get(X + "number") or counters[(org, series)]
        self.keys[e["id"]] = f"{org}/{series}/{number}"
        attendees = e.get(X + "attendees")
        if attendees is None:
            attendees = [
                {"id": a["id"], "role": "delegation"} for a in e.get("attendees", []) if a.get("id")
            ]
        status = e.get("status") if e.get("status") in SESSION_STATUSES else "held"
        return _drop_empty(
            {
                "organization": org,
                "series": series,
                "number": int(number),
                "host": self.key(e.get(X + "host_id"), "city"),
                "start": self.date(e, "start_date"),
                "end": self.date(e, "end_date"),
                "status": status,
                "venue": e.get("location"),
                "theme": e.get(X + "theme"),
                "note": e.get("description"),
                "sources": self.src(e.get("sources")),
                "numbering": [
                    _drop_empty(
                        {
                            "number": n["number"],
                            "label": n.get("label"),
                            "sources": self.src(n.get("sources")),
                        }
                    )
                    for n in e.get(X + "numberings", [])
                ],
                "count": [
                    _drop_empty(
                        {
                            "number": c["number"],
                            "qualifier": c["qualifier"],
                            "counted": c.get("counted"),
                            "sources": self.src(c.get("sources")),
                        }
                    )
                    for c in e.get(X + "attendance_claims", [])
                ],
                "attendee": [self.attendee(a) for a in attendees],
            }
        )

    def attendee(self, a: dict) -> dict:
        record = {"role": a.get("role", "delegation"), "note": a.get("note")}
        record.update(self.party(a["id"], "person"))
        if a.get("on_behalf_of_id"):
            behalf = self.party(a["on_behalf_of_id"], "organization")
            for field, value in behalf.items():
                record[f"on_behalf_of_{field}"] = value
        record["sources"] = self.src(a.get("sources"))
        return _drop_empty(record)

    def party(self, popolo_id: str, default: str) -> dict:
        """{'city' | 'organization' | 'person': key} for the id of an attendee."""
        if popolo_id in self.city_ids or popolo_id.startswith("city/"):
            return {"city": self.key(popolo_id, "city")}
        for prefix in ("organization", "person"):
            if popolo_id.startswith(prefix + "/"):
                return {prefix: self.key(popolo_id, prefix)}
        return {default: self.key(popolo_id, default)}

    def membership(self, m: dict, posts: dict, phases: dict, out: dict) -> None:
        organization_id = m.get("organization_id")
        post = posts.get(m.get("post_id") or "")
        if not organization_id and post:
            organization_id = post.get("organization_id")
        if not organization_id:
            raise self.fail("a membership needs an organization_id")
        holder_field = "city" if organization_id in self.city_ids else "organization"
        holder = self.key(organization_id, holder_field)
        common = {
            "start": self.date(m, "start_date"),
            "end": self.date(m, "end_date"),
        }
        note = m.get(X + "note")
        sources = self.src(m.get("sources"))
        session = self.keys.get(m.get(X + "session_id") or "")
        if m.get("person_id"):
            title = (post or {}).get("label") or m.get("role") or m.get("label") or "member"
            out["post"].append(
                self.came_from(
                    _drop_empty(
                        {
                            "person": self.key(m["person_id"], "person"),
                            "title": title,
                            holder_field: holder,
                            **common,
                            "note": note,
                            "sources": sources,
                        }
                    )
                )
            )
            return
        member = (m.get("member") or {}).get("id") or m.get("member_id")
        if not member:
            raise self.fail("a membership needs a person_id or a member")
        member_field = "city" if member in self.city_ids else "member_organization"
        member_key = self.key(member, "city" if member_field == "city" else "organization")
        if m.get("post_id"):
            if member_field != "city":
                raise self.fail("citylinks records posts of cities and people only")
            out["role"].append(
                self.came_from(
                    _drop_empty(
                        {
                            "city": member_key,
                            "organization": holder,
                            "title": (post or {}).get("label") or m.get("role") or "member",
                            **common,
                            "session": session,
                            "note": note,
                            "sources": sources,
                        }
                    )
                )
            )
            return
        role = m.get("role")
        if X + "position" in m:
            # A phase citylinks wrote: its role is its status, checked as every status is.
            status = role
        else:
            # Another tool's membership: a role that is no status is kept in the note.
            status = role if role in STATUS_NAMES else "member"
            if role and role not in STATUS_NAMES:
                note = f"{note} (Popolo role: {role})" if note else f"Popolo role: {role}"
        phase = self.came_from(
            _drop_empty(
                {
                    "status": status,
                    **common,
                    "reason": m.get(X + "reason"),
                    "note": note,
                    "session": session,
                    "sources": sources,
                }
            )
        )
        order = (m.get(X + "position") or 0, PartialDate.parse(common["start"]).sort_key())
        phases.setdefault((member_field, member_key, holder), []).append((order, phase))


def _kind(note: str | None, default: str = "official") -> str:
    return note if note in NAME_KINDS else default


def _guess_lang(name: str) -> str:
    """Another tool's name without a language: Persian if it reads right to left."""
    return "fa" if text.is_rtl(name) else "en"


def _drop_empty(record: dict) -> dict:
    return {k: v for k, v in record.items() if v is not None and v != [] and v != ""}


def _parents_first(records: list[dict]) -> list[dict]:
    by_key = {r["key"]: r for r in records}

    def depth(r: dict) -> int:
        d, seen = 0, set()
        while r.get("parent") in by_key and r["key"] not in seen:
            seen.add(r["key"])
            r = by_key[r["parent"]]
            d += 1
        return d

    return sorted(records, key=depth)
