"""One record with everything `org show`, `city show` and `person show` print, read with Core
queries on citylinks.schema's tables: a `show` does not pay for importing the ORM, mapping the
classes and configuring the mappers (about the floor's own start-up again). Each record has
the attributes the mapped class has where `show` reads them (`name()`, `label`, `version`,
`created_by`, ..., `sources` with their `key`), in the order the mapped class's relationships
give them (names by position, identifiers by scheme, the rest as recorded)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import select

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.reports.common import cited_keys, stored_date
from citylinks.text import display_name

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row


class SourceKey(NamedTuple):
    """A cited source, as `show` prints it: its key."""

    key: str


class NameRow(NamedTuple):
    lang: str
    kind: str
    name: str


class Labelled(NamedTuple):
    """An organization as another record refers to it: by its label."""

    id: int
    key: str
    acronym: str | None
    names: tuple[NameRow, ...]

    def name(self, lang: str = "en") -> str:
        return display_name(list(self.names), lang) or self.acronym or self.key

    @property
    def label(self) -> str:
        return self.acronym or self.name()


class Country(NamedTuple):
    code: str
    name_en: str
    name_fa: str | None


class Place(NamedTuple):
    """A city as another record refers to it: its name and country."""

    id: int
    key: str
    names: tuple[NameRow, ...]
    country: Country

    def name(self, lang: str = "en") -> str:
        return display_name(list(self.names), lang) or self.key


_MISSING = object()


class Dated(NamedTuple):
    """A row (its columns by name) with its partial dates and the keys of its sources: a
    motto, a count, a designation, a role or a post as `show` prints it."""

    row: Any
    sources: tuple[SourceKey, ...]
    held_by: Any = None  # a post's person, a role's organization

    def __getattr__(self, name: str) -> Any:
        # A partial date (start, end, as_of, date) is read from its text, as the reports do.
        text = getattr(self.row, f"{name}_text", _MISSING)
        return getattr(self.row, name) if text is _MISSING else stored_date(text)


class OrganizationDetail(NamedTuple):
    row: Any
    names: tuple[NameRow, ...]
    parent: Labelled | None
    seat: Place | None
    identifiers: list[Any]
    mottos: list[Dated]
    series: list[Any]
    committees: list[tuple[Labelled, int]]  # (committee, its version)
    member_counts: list[Dated]
    sources: tuple[SourceKey, ...]
    members_today: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)

    def name(self, lang: str = "en") -> str:
        return display_name(list(self.names), lang) or self.row.acronym or self.row.key

    @property
    def label(self) -> str:
        return self.row.acronym or self.name()

    @property
    def founded(self) -> PartialDate:
        return stored_date(self.row.founded_text)

    @property
    def aims(self) -> list | None:
        return self.row.aims


class Membership(NamedTuple):
    organization: Labelled
    phases: list[Dated]  # in force (not retracted), in their order


class CityDetail(NamedTuple):
    row: Any
    ref: Any  # a services.lookup.CityRef
    identifiers: list[Any]
    designations: list[Dated]
    memberships: list[Membership]
    roles: list[Dated]  # held_by: the organization
    posts: list[Dated]  # held_by: the person
    sources: tuple[SourceKey, ...]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)

    def name(self, lang: str = "en") -> str:
        return self.ref.name(lang)

    @property
    def names(self) -> tuple:
        return self.ref.names

    @property
    def country(self) -> Any:
        return self.ref.country


class PersonDetail(NamedTuple):
    row: Any
    names: tuple[NameRow, ...]
    posts: list[Dated]  # held_by: the organization (a Labelled) or the city (a Place)
    sources: tuple[SourceKey, ...]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)

    def name(self, lang: str = "en") -> str:
        return display_name(list(self.names), lang) or self.row.key


# --- reading --------------------------------------------------------------------------------


def _names(conn: Connection, table, owner: str, ids: Iterable[int]) -> dict[int, tuple]:
    """The names (lang, kind, name) of these rows of `owner`, in their order, by owner id."""
    wanted = sorted({i for i in ids if i is not None})
    found: dict[int, list[NameRow]] = {i: [] for i in wanted}
    if wanted:
        c = table.c
        for r in conn.execute(
            select(c[owner], c.lang, c.kind, c.name)
            .where(schema.ids_in(c[owner], wanted))
            .order_by(c.position, c.id)
        ):
            found[r[0]].append(NameRow(r.lang, r.kind, r.name))
    return {k: tuple(v) for k, v in found.items()}


def organizations_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, Labelled]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    o = schema.organization.c
    names = _names(conn, schema.organization_name, "organization_id", wanted)
    return {
        r.id: Labelled(r.id, r.key, r.acronym, names[r.id])
        for r in conn.execute(select(o.id, o.key, o.acronym).where(schema.ids_in(o.id, wanted)))
    }


def places_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, Place]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    c, k = schema.city.c, schema.country.c
    names = _names(conn, schema.city_name, "city_id", wanted)
    return {
        r.id: Place(r.id, r.key, names[r.id], Country(r.code, r.name_en, r.name_fa))
        for r in conn.execute(
            select(c.id, c.key, k.code, k.name_en, k.name_fa)
            .join_from(schema.city, schema.country, c.country_id == k.id)
            .where(schema.ids_in(c.id, wanted))
        )
    }


def people_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[str, tuple]]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    p = schema.person.c
    names = _names(conn, schema.person_name, "person_id", wanted)
    return {
        r.id: (r.key, names[r.id])
        for r in conn.execute(select(p.id, p.key).where(schema.ids_in(p.id, wanted)))
    }


class _Person(NamedTuple):
    key: str
    names: tuple

    def name(self, lang: str = "en") -> str:
        return display_name(list(self.names), lang) or self.key


def _keys(found: dict[tuple[str, int], list[str]], table: str, row_id: int) -> tuple:
    return tuple(SourceKey(k) for k in found.get((table, row_id), ()))


def _rows(conn: Connection, table, column: str, owner_id: int, *order) -> list[Row]:
    c = table.c
    return list(conn.execute(select(table).where(c[column] == owner_id).order_by(*order, c.id)))


def _members_on(phases: Iterable[Row], on: date) -> int:
    """How many of the memberships whose phases these are count as members on `on`, as
    services.organizations.member_count counts them: a phase in force, in a status that
    counts as membership, begun by then and not certainly ended."""
    from citylinks.vocab import MEMBER_STATUSES

    counted: set[int] = set()
    for p in phases:
        if p.membership_id in counted or p.status not in MEMBER_STATUSES:
            continue
        start, end = stored_date(p.start_text), stored_date(p.end_text)
        if start.possibly_on_or_before(on) and (end.is_unknown or end.possibly_on_or_after(on)):
            counted.add(p.membership_id)
    return len(counted)


def organization_detail(conn: Connection, ref: Any, on: date | None = None) -> OrganizationDetail:
    """Everything `org show` prints of the organization `ref`; members counted on `on`
    (today, as services.audit_log.today gives it)."""
    on = on or datetime.now(UTC).date()
    o = schema.organization.c
    row = conn.execute(select(schema.organization).where(o.id == ref.id)).one()
    identifiers = _rows(
        conn,
        schema.organization_identifier,
        "organization_id",
        ref.id,
        schema.organization_identifier.c.scheme,
    )
    mottos = _rows(conn, schema.motto, "organization_id", ref.id)
    series = _rows(conn, schema.meeting_series, "organization_id", ref.id)
    counts = _rows(conn, schema.member_count_claim, "organization_id", ref.id)
    children = list(
        conn.execute(
            select(o.id, o.key, o.version)
            .where(o.parent_id == ref.id, o.kind == "committee")
            .order_by(o.key, o.id)
        )
    )
    labelled = organizations_by_id(
        conn, [c.id for c in children] + ([row.parent_id] if row.parent_id is not None else [])
    )
    seat = places_by_id(conn, [row.seat_city_id] if row.seat_city_id is not None else [])
    keys = cited_keys(
        conn,
        {
            "organization": [ref.id],
            "motto": [m.id for m in mottos],
            "member_count_claim": [c.id for c in counts],
        },
    )
    m, ph = schema.membership.c, schema.membership_phase.c
    phases = conn.execute(
        select(ph.membership_id, ph.status, ph.start_text, ph.end_text)
        .join_from(schema.membership, schema.membership_phase, ph.membership_id == m.id)
        .where(m.organization_id == ref.id, ph.retracted_at.is_(None))
    )
    return OrganizationDetail(
        row=row,
        names=tuple(NameRow(*n) for n in ref.names),
        parent=labelled.get(row.parent_id) if row.parent_id is not None else None,
        seat=seat.get(row.seat_city_id) if row.seat_city_id is not None else None,
        identifiers=identifiers,
        mottos=[Dated(x, _keys(keys, "motto", x.id)) for x in mottos],
        series=series,
        committees=[(labelled[c.id], c.version) for c in children],
        member_counts=[Dated(x, _keys(keys, "member_count_claim", x.id)) for x in counts],
        sources=_keys(keys, "organization", ref.id),
        members_today=_members_on(phases, on),
    )


def city_detail(conn: Connection, ref: Any) -> CityDetail:
    """Everything `city show` prints of the city `ref` (a services.lookup.CityRef)."""
    c = schema.city.c
    row = conn.execute(select(schema.city).where(c.id == ref.id)).one()
    identifiers = _rows(
        conn, schema.city_identifier, "city_id", ref.id, schema.city_identifier.c.scheme
    )
    designations = _rows(conn, schema.designation, "city_id", ref.id)
    roles = _rows(conn, schema.role, "city_id", ref.id)
    posts = _rows(conn, schema.post, "city_id", ref.id)
    m, ph = schema.membership.c, schema.membership_phase.c
    memberships = list(
        conn.execute(select(m.id, m.organization_id).where(m.city_id == ref.id).order_by(m.id))
    )
    phases: dict[int, list[Dated]] = {x.id: [] for x in memberships}
    if memberships:
        for p in conn.execute(
            select(ph.id, ph.membership_id, ph.status, ph.start_text, ph.end_text)
            .where(schema.ids_in(ph.membership_id, phases), ph.retracted_at.is_(None))
            .order_by(ph.position, ph.id)
        ):
            phases[p.membership_id].append(Dated(p, ()))
    organizations = organizations_by_id(
        conn, [x.organization_id for x in memberships] + [r.organization_id for r in roles]
    )
    people = {i: _Person(*p) for i, p in people_by_id(conn, [p.person_id for p in posts]).items()}
    keys = cited_keys(
        conn,
        {
            "city": [ref.id],
            "designation": [d.id for d in designations],
            "role": [r.id for r in roles],
            "post": [p.id for p in posts],
        },
    )
    return CityDetail(
        row=row,
        ref=ref,
        identifiers=identifiers,
        designations=[Dated(d, _keys(keys, "designation", d.id)) for d in designations],
        memberships=[
            Membership(organizations[x.organization_id], phases[x.id]) for x in memberships
        ],
        roles=[
            Dated(r, _keys(keys, "role", r.id), organizations[r.organization_id]) for r in roles
        ],
        posts=[Dated(p, _keys(keys, "post", p.id), people[p.person_id]) for p in posts],
        sources=_keys(keys, "city", ref.id),
    )


def person_detail(conn: Connection, person_id: int) -> PersonDetail:
    """Everything `person show` prints of the person with id `person_id`."""
    p = schema.person.c
    row = conn.execute(select(schema.person).where(p.id == person_id)).one()
    names = _names(conn, schema.person_name, "person_id", [person_id])[person_id]
    posts = _rows(conn, schema.post, "person_id", person_id)
    organizations = organizations_by_id(
        conn, [x.organization_id for x in posts if x.organization_id is not None]
    )
    places = places_by_id(conn, [x.city_id for x in posts if x.city_id is not None])
    keys = cited_keys(conn, {"person": [person_id], "post": [x.id for x in posts]})
    return PersonDetail(
        row=row,
        names=names,
        posts=[
            Dated(
                x,
                _keys(keys, "post", x.id),
                organizations[x.organization_id]
                if x.organization_id is not None
                else places.get(x.city_id),
            )
            for x in posts
        ],
        sources=_keys(keys, "person", person_id),
    )
