"""Loading a dataset file (data/README.md describes the format) into the database.

Records are matched by key, and nested records by what identifies them (a name by its
language and text, a phase by its place in the history, ...): loading the same file twice
changes nothing, and loading a newer file updates what changed and adds what is new.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from citylinks import text
from citylinks.dates import DateError, PartialDate
from citylinks.errors import CitylinksError
from citylinks.model import (
    Attendance,
    AttendanceClaim,
    AuditEntry,
    City,
    CityIdentifier,
    CityName,
    Country,
    Designation,
    MeetingSeries,
    MemberCountClaim,
    Membership,
    MembershipPhase,
    Motto,
    Organization,
    OrganizationIdentifier,
    OrganizationName,
    Person,
    PersonName,
    Post,
    Role,
    SessionNumbering,
    Source,
)
from citylinks.model import Session as MeetingSession
from citylinks.services.common import LARGEST_NUMBER
from citylinks.vocab import (
    ATTENDANCE_ROLES,
    COUNT_QUALIFIERS,
    NAME_KINDS,
    ORGANIZATION_KINDS,
    SESSION_STATUSES,
    SOURCE_KINDS,
    STATUS_NAMES,
)

FORMAT = "citylinks-dataset/1"


class DatasetError(CitylinksError):
    pass


def read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path} is not UTF-8 (byte {exc.start}): save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise DatasetError(f"{path} is not valid TOML: {exc}") from None


def load(session: Session, path: Path) -> str:
    """Load the dataset file at `path`; returns a one-line summary of what it holds."""
    document = read(path)
    fmt = document.get("format")
    if fmt != FORMAT:
        raise DatasetError(
            f"{path} is not a citylinks dataset (format = {fmt!r}; expected {FORMAT!r})"
        )
    carried_audit = document.get("audit")
    if carried_audit is not None:
        _refuse_audit_unless_empty(session, path)
    loader = _Loader(session, path)
    loader.load(document)
    if carried_audit is not None:
        _replace_audit(session, path, carried_audit)
    return summary(document)


# The dataset's record kinds, in file order, with the noun a summary counts them by.
KIND_NOUNS = {
    "source": "source",
    "country": "country",
    "city": "city",
    "person": "person",
    "organization": "organization",
    "session": "session",
    "membership": "membership",
    "role": "role",
    "post": "post",
    "audit": "audit entry",
}


def summary(counts: dict[str, Any]) -> str:
    """ "17 sources, 23 cities, 12 people, ...": how many records of each kind `counts` has
    (a number, or a list of the records, per dataset kind); kinds with none are left out."""
    numbers = {k: v if isinstance(v, int) else len(v or []) for k, v in counts.items()}
    shown = [
        text.how_many(numbers[kind], noun) for kind, noun in KIND_NOUNS.items() if numbers.get(kind)
    ]
    return ", ".join(shown) or "nothing"


def load_document(session: Session, document: dict[str, Any], origin: Path) -> None:
    """Load a document already read into the dataset format's structure (by another format's
    reader, such as Popolo's); `origin` names the file in error messages."""
    _Loader(session, origin).load(document)


class _Loader:
    def __init__(self, session: Session, path: Path) -> None:
        self.session = session
        self.path = path
        self.where = ""

    # -- helpers ---------------------------------------------------------------------------

    def fail(self, message: str) -> DatasetError:
        return DatasetError(f"{self.path}: {self.where}: {message}")

    def required(self, record: dict, field: str) -> Any:
        value = record.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise self.fail(f"'{field}' is missing")
        return value

    def number(self, record: dict, field: str) -> int:
        value = self.required(record, field)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= LARGEST_NUMBER
        ):
            raise self.fail(f"{field} {value!r} is not a whole number from 0 to {LARGEST_NUMBER}")
        return value

    def date(self, record: dict, field: str) -> PartialDate:
        value = record.get(field, "unknown")
        try:
            return PartialDate.parse(str(value))
        except DateError as exc:
            raise self.fail(f"{field}: {exc}") from None

    def choice(
        self, record: dict, field: str, choices: tuple[str, ...], default: str | None = None
    ) -> str:
        value = record.get(field, default)
        if value not in choices:
            raise self.fail(f"{field} '{value}' is not one of {', '.join(choices)}")
        return value

    def by_key(self, model: type, key: str | None, what: str):
        if key is None:
            return None
        found = self.session.scalars(select(model).where(model.key == key)).one_or_none()
        if found is None:
            raise self.fail(f"no {what} with key '{key}'")
        return found

    def sources(self, record: dict) -> list[Source]:
        return [self.by_key(Source, key, "source") for key in record.get("sources", [])]

    def session_ref(self, ref: str | None) -> MeetingSession | None:
        if ref is None:
            return None
        try:
            org_key, series_key, number = ref.split("/")
            number_int = int(number)
        except ValueError:
            raise self.fail(f"session '{ref}' is not ORGANIZATION/SERIES/NUMBER") from None
        found = self.session.scalars(
            select(MeetingSession)
            .join(MeetingSeries)
            .join(Organization)
            .where(
                Organization.key == org_key,
                MeetingSeries.key == series_key,
                MeetingSession.number == number_int,
            )
        ).one_or_none()
        if found is None:
            raise self.fail(f"no session '{ref}'")
        return found

    def get_or_add(self, model: type, **identity):
        found = self.session.scalars(select(model).filter_by(**identity)).one_or_none()
        if found is None:
            found = model(**identity)
            self.session.add(found)
        return found

    def sync(
        self, children: list, wanted: Iterable[dict], fields: tuple[str, ...], model: type
    ) -> None:
        """Update the child whose `fields` match each wanted record, or add a new one."""
        existing = {tuple(getattr(child, f) for f in fields): child for child in children}
        for values in wanted:
            child = existing.get(tuple(values[f] for f in fields))
            if child is None:
                child = model()
                children.append(child)
            _assign(child, values)

    def names(self, owner_names: list, records: list[dict], model: type) -> None:
        wanted = []
        for position, record in enumerate(records):
            name = text.normalize(str(self.required(record, "name")))
            wanted.append(
                {
                    "lang": self.required(record, "lang"),
                    "name": name,
                    "kind": self.choice(record, "kind", NAME_KINDS, "official"),
                    "folded": text.fold(name),
                    "position": position,
                }
            )
        self.sync(owner_names, wanted, ("lang", "name"), model)

    # -- records ---------------------------------------------------------------------------

    def load(self, document: dict) -> None:
        for kind, method in (
            ("source", self.source),
            ("country", self.country),
            ("city", self.city),
            ("person", self.person),
            ("organization", self.organization),
            ("session", self.meeting),
            ("membership", self.membership),
            ("role", self.role),
            ("post", self.post),
        ):
            for index, record in enumerate(document.get(kind, []), start=1):
                self.where = f"[[{kind}]] #{index}" + (
                    f" ({record['key']})" if "key" in record else ""
                )
                # A record is complete only once all its fields are set: no flush before that.
                with self.session.no_autoflush:
                    try:
                        method(record)
                    except (TypeError, AttributeError, KeyError) as exc:
                        # A hand-edited file: a list where a string belongs, a missing table.
                        raise self.fail(
                            f"a field is missing or of the wrong kind ({type(exc).__name__}:"
                            f" {exc}): see data/README.md"
                        ) from None
                self.session.flush()

    def source(self, r: dict) -> None:
        source = self.get_or_add(Source, key=self.required(r, "key"))
        _assign(
            source,
            {
                "kind": self.choice(r, "kind", SOURCE_KINDS),
                "title": text.normalize(self.required(r, "title")),
                "publisher": _opt_text(r.get("publisher")),
                "url": r.get("url"),
                "published": self.date(r, "published"),
                "language": r.get("language"),
                "retrieved": self.date(r, "retrieved"),
                "excerpt": _opt_text(r.get("excerpt")),
                "note": _opt_text(r.get("note")),
            },
        )

    def country(self, r: dict) -> None:
        country = self.get_or_add(Country, code=str(self.required(r, "code")).upper())
        names = {n["lang"]: text.normalize(n["name"]) for n in r.get("names", [])}
        if "en" not in names:
            raise self.fail("a country needs an English name")
        _assign(country, {"name_en": names["en"], "name_fa": names.get("fa")})

    def city(self, r: dict) -> None:
        code = str(self.required(r, "country")).upper()
        country = self.session.scalars(select(Country).where(Country.code == code)).one_or_none()
        if country is None:
            raise self.fail(f"no country with code '{code}'")
        city = self.get_or_add(City, key=self.required(r, "key"))
        _assign(
            city,
            {
                "country": country,
                "region": r.get("region"),
                "latitude": r.get("latitude"),
                "longitude": r.get("longitude"),
                "sources": self.sources(r),
            },
        )
        self.names(city.names, self.required(r, "names"), CityName)
        self.sync(
            city.identifiers,
            [{"scheme": i["scheme"], "value": str(i["value"])} for i in r.get("identifiers", [])],
            ("scheme", "value"),
            CityIdentifier,
        )
        self.sync(
            city.designations,
            [
                {
                    "name": text.normalize(self.required(d, "name")),
                    "reference": d.get("reference"),
                    "date": self.date(d, "date"),
                    "sources": self.sources(d),
                }
                for d in r.get("designation", [])
            ],
            ("name",),
            Designation,
        )

    def person(self, r: dict) -> None:
        person = self.get_or_add(Person, key=self.required(r, "key"))
        _assign(person, {"sources": self.sources(r)})
        self.names(person.names, self.required(r, "names"), PersonName)

    def organization(self, r: dict) -> None:
        org = self.get_or_add(Organization, key=self.required(r, "key"))
        _assign(
            org,
            {
                "acronym": r.get("acronym"),
                "kind": self.choice(r, "kind", ORGANIZATION_KINDS, "network"),
                "parent": self.by_key(Organization, r.get("parent"), "organization"),
                "classification": _opt_text(r.get("classification")),
                "region": _opt_text(r.get("region")),
                "aims": [text.normalize(a) for a in r["aims"]] if "aims" in r else None,
                "founded": self.date(r, "founded"),
                "initiator": _opt_text(r.get("initiator")),
                "seat": self.by_key(City, r.get("seat"), "city"),
                "website": r.get("website"),
                "note": _opt_text(r.get("note")),
                "sources": self.sources(r),
            },
        )
        self.names(org.names, self.required(r, "names"), OrganizationName)
        self.sync(
            org.identifiers,
            [{"scheme": i["scheme"], "value": str(i["value"])} for i in r.get("identifiers", [])],
            ("scheme", "value"),
            OrganizationIdentifier,
        )
        self.sync(
            org.mottos,
            [
                {
                    "text": text.normalize(self.required(m, "text")),
                    "lang": self.required(m, "lang"),
                    "note": _opt_text(m.get("note")),
                    "sources": self.sources(m),
                }
                for m in r.get("motto", [])
            ],
            ("text", "lang"),
            Motto,
        )
        self.sync(
            org.series,
            [
                {
                    "key": self.required(s, "key"),
                    "name_en": _name_in(s, "en") or self.required(s, "key"),
                    "name_fa": _name_in(s, "fa"),
                }
                for s in r.get("series", [])
            ],
            ("key",),
            MeetingSeries,
        )
        self.sync(
            org.member_counts,
            [
                {
                    "number": self.number(c, "number"),
                    "qualifier": self.choice(c, "qualifier", COUNT_QUALIFIERS, "exactly"),
                    "counted": _opt_text(c.get("counted")),
                    "as_of": self.date(c, "as_of"),
                    "sources": self.sources(c),
                }
                for c in r.get("member_count", [])
            ],
            ("number", "qualifier", "counted"),
            MemberCountClaim,
        )

    def meeting(self, r: dict) -> None:
        org = self.by_key(Organization, self.required(r, "organization"), "organization")
        series_key = self.required(r, "series")
        series = next((s for s in org.series if s.key == series_key), None)
        if series is None:
            raise self.fail(f"organization '{org.key}' has no series '{series_key}'")
        meeting = self.get_or_add(MeetingSession, series=series, number=self.number(r, "number"))
        _assign(
            meeting,
            {
                "host": self.by_key(City, r.get("host"), "city"),
                "start": self.date(r, "start"),
                "end": self.date(r, "end"),
                "status": self.choice(r, "status", SESSION_STATUSES, "held"),
                "venue": _opt_text(r.get("venue")),
                "theme": _opt_text(r.get("theme")),
                "note": _opt_text(r.get("note")),
                "sources": self.sources(r),
            },
        )
        self.sync(
            meeting.numberings,
            [
                {
                    "number": self.number(n, "number"),
                    "label": _opt_text(n.get("label")),
                    "sources": self.sources(n),
                }
                for n in r.get("numbering", [])
            ],
            ("number", "label"),
            SessionNumbering,
        )
        self.sync(
            meeting.counts,
            [
                {
                    "number": self.number(c, "number"),
                    "qualifier": self.choice(c, "qualifier", COUNT_QUALIFIERS, "exactly"),
                    "counted": _opt_text(c.get("counted")),
                    "sources": self.sources(c),
                }
                for c in r.get("count", [])
            ],
            ("number", "qualifier", "counted"),
            AttendanceClaim,
        )
        self.sync(
            meeting.attendees,
            [self.attendee(a) for a in r.get("attendee", [])],
            ("city", "organization", "person", "role"),
            Attendance,
        )

    def attendee(self, a: dict) -> dict:
        values = {
            "city": self.by_key(City, a.get("city"), "city"),
            "organization": self.by_key(Organization, a.get("organization"), "organization"),
            "person": self.by_key(Person, a.get("person"), "person"),
            "on_behalf_of_city": self.by_key(City, a.get("on_behalf_of_city"), "city"),
            "on_behalf_of_organization": self.by_key(
                Organization, a.get("on_behalf_of_organization"), "organization"
            ),
            "role": self.choice(a, "role", ATTENDANCE_ROLES, "delegation"),
            "note": _opt_text(a.get("note")),
            "sources": self.sources(a),
        }
        if sum(values[k] is not None for k in ("city", "organization", "person")) != 1:
            raise self.fail("an attendee names exactly one of city, organization, person")
        return values

    def membership(self, r: dict) -> None:
        org = self.by_key(Organization, self.required(r, "organization"), "organization")
        city = self.by_key(City, r.get("city"), "city")
        member_org = self.by_key(Organization, r.get("member_organization"), "organization")
        if (city is None) == (member_org is None):
            raise self.fail("a membership names exactly one of city, member_organization")
        membership = self.get_or_add(
            Membership, organization=org, city=city, member_organization=member_org
        )
        phases = []
        for position, p in enumerate(r.get("phase", []), start=1):
            phases.append(
                {
                    "position": position,
                    "status": self.choice(p, "status", STATUS_NAMES),
                    "start": self.date(p, "start"),
                    "end": self.date(p, "end"),
                    "reason": _opt_text(p.get("reason")),
                    "note": _opt_text(p.get("note")),
                    "session": self.session_ref(p.get("session")),
                    "sources": self.sources(p),
                }
            )
        self.sync(membership.phases, phases, ("position",), MembershipPhase)

    def role(self, r: dict) -> None:
        values = {
            "city": self.by_key(City, self.required(r, "city"), "city"),
            "organization": self.by_key(
                Organization, self.required(r, "organization"), "organization"
            ),
            "title": self.required(r, "title"),
            "start": self.date(r, "start"),
            "end": self.date(r, "end"),
            "session": self.session_ref(r.get("session")),
            "note": _opt_text(r.get("note")),
            "sources": self.sources(r),
        }
        existing = self.session.scalars(
            select(Role).filter_by(
                city=values["city"], organization=values["organization"], title=values["title"]
            )
        ).all()
        role = next((x for x in existing if x.start == values["start"]), None)
        if role is None:
            role = Role()
            self.session.add(role)
        _assign(role, values)

    def post(self, r: dict) -> None:
        values = {
            "person": self.by_key(Person, self.required(r, "person"), "person"),
            "title": text.normalize(self.required(r, "title")),
            "organization": self.by_key(Organization, r.get("organization"), "organization"),
            "city": self.by_key(City, r.get("city"), "city"),
            "start": self.date(r, "start"),
            "end": self.date(r, "end"),
            "note": _opt_text(r.get("note")),
            "sources": self.sources(r),
        }
        if (values["organization"] is None) == (values["city"] is None):
            raise self.fail("a post names exactly one of organization, city")
        existing = self.session.scalars(
            select(Post).filter_by(
                person=values["person"],
                title=values["title"],
                organization=values["organization"],
                city=values["city"],
            )
        ).all()
        post = next((x for x in existing if x.start == values["start"]), None)
        if post is None:
            post = Post()
            self.session.add(post)
        _assign(post, values)


def _refuse_audit_unless_empty(session: Session, path: Path) -> None:
    if session.scalar(select(AuditEntry.id).limit(1)) is not None:
        raise DatasetError(
            f"{path} carries an audit log ([[audit]]), which only an empty database can take:"
            " import it into a new database, or export again without --with-audit"
        )


def _replace_audit(session: Session, path: Path, records: list[dict]) -> None:
    """The file's audit log replaces the entries its loading wrote: the rows are a copy of
    the exported database's, and their history is the one the file carries, verbatim."""
    from datetime import datetime

    session.flush()
    session.execute(delete(AuditEntry))
    session.info["audit"] = []
    rows = []
    for index, r in enumerate(records, start=1):
        where = f"{path}: [[audit]] #{index}"
        try:
            rows.append(
                {
                    "at": datetime.fromisoformat(r["at"]),
                    "officer": r["officer"],
                    "action": r["action"],
                    "table_name": r["table"],
                    "row_id": int(r["row_id"]),
                    "row_label": r.get("row_label"),
                    "before": json.loads(r["before"]) if "before" in r else None,
                    "after": json.loads(r["after"]) if "after" in r else None,
                }
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(f"{where}: not an audit entry ({exc})") from None
        if rows[-1]["action"] not in ("insert", "update", "delete"):
            raise DatasetError(f"{where}: action '{r['action']}' is not insert, update or delete")
        if len(rows) >= 1000:
            session.execute(insert(AuditEntry), rows)
            rows = []
    if rows:
        session.execute(insert(AuditEntry), rows)


def _assign(obj: Any, values: dict[str, Any]) -> None:
    """Set the attributes that differ, so an unchanged record stays unchanged (no audit entry,
    no new version)."""
    for name, value in values.items():
        if name == "sources":
            if [s.key for s in obj.sources] != [s.key for s in value]:
                obj.sources = value
        elif getattr(obj, name) != value:
            setattr(obj, name, value)


def _opt_text(value: Any) -> str | None:
    return text.normalize(str(value)) if value is not None else None


def _name_in(record: dict, lang: str) -> str | None:
    for name in record.get("names", []):
        if name.get("lang") == lang:
            return text.normalize(name["name"])
    return None
