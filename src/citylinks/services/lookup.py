"""Finding a city, an organization or a person by what an officer types: an id, a key, an
acronym, or any recorded name in any language and letter form ("Yazd", "یزد", "يزد").

Matching uses citylinks.text.fold on both sides. A name that matches several records lists
them; a name that matches none suggests the closest recorded names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from sqlalchemy import func, literal_column, select, union

from citylinks import schema, text
from citylinks.errors import Ambiguous, CitylinksError, NotFound
from citylinks.i18n import _, language, listing, quoted
from citylinks.schema import LARGEST_NUMBER
from citylinks.services import fields

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row
    from sqlalchemy.orm import Session

    from citylinks.model import City, Organization, Person

T = TypeVar("T")

# The mapped classes are imported where an ORM object is returned: finding an organization
# for a report (find_organization_ref) reads the tables only, without importing the ORM.


@dataclass(frozen=True)
class OrganizationRef:
    """An organization as reports need it: id, key, acronym and names, read without the ORM."""

    id: int
    key: str
    acronym: str | None
    names: tuple

    def name(self, lang: str | None = None) -> str:
        return text.display_name(list(self.names), lang) or self.acronym or self.key

    @property
    def label(self) -> str:
        return text.organization_label(self.acronym, self.names, self.key)


def find_organization(session: Session, query: str) -> Organization:
    from citylinks.model import Organization

    return session.get_one(Organization, find_organization_ref(session, query).id)


def find_organization_ref(session: Session | Connection, query: str) -> OrganizationRef:
    """The organization `query` names, read with Core queries only: a report that needs no
    more than this does not pay for importing the ORM at start-up. `session` may be a
    Session or a Connection."""
    org, names = schema.organization.c, schema.organization_name.c
    q = _query(query, fields.ORGANIZATION_NAME)
    folded = text.fold(q)
    # One indexed lookup per way of naming it, joined with UNION: an OR across them would
    # read every organization.
    ways = [
        select(org.id).where(org.key == _as_key(q)),
        select(org.id).where(func.lower(org.acronym) == q.lower()),
        select(names.organization_id).where(names.folded == folded),
    ]
    if (number := _id_in(q)) is not None:
        ways.append(select(org.id).where(org.id == number))
    matched = union(*ways).subquery()
    # The organizations with their names, in one statement (one row per name).
    rows = session.execute(
        select(org.id, org.key, org.acronym, names.lang, names.kind, names.name)
        .outerjoin_from(
            schema.organization, schema.organization_name, names.organization_id == org.id
        )
        .where(org.id.in_(select(matched.c.id)))
        .order_by(org.id, names.position, names.id)
    ).all()
    found = _by_case_last(
        [
            OrganizationRef(first.id, first.key, first.acronym, _names(group))
            for first, group in _by_id(rows)
        ],
        q,
    )
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        # An exact acronym or key (or the id) wins over a shared name.
        exact = _exact(found, q, lambda o: o.key == q or (o.acronym or "").lower() == q.lower())
        if exact is not None:
            return exact
        raise Ambiguous(
            _(
                "'{query}' matches {n} organizations: {listed}. Give the acronym or the id",
                query=query,
                n=len(found),
                listed=listing([f"{o.label} ({o.name()}, id {o.id})" for o in found], ";"),
            )
        )
    # Suggest each organization by its acronym (or key), whichever of its names came close.
    labels = [
        (a, a) for (a,) in session.execute(select(org.acronym).where(org.acronym.is_not(None)))
    ]
    labels += [
        (name, acronym or key)
        for name, acronym, key in session.execute(
            select(names.name, org.acronym, org.key).join_from(
                schema.organization_name, schema.organization, names.organization_id == org.id
            )
        )
    ]
    raise NotFound(
        _(
            "no organization matches '{query}'.{did_you_mean}",
            query=query,
            did_you_mean=_did_you_mean(q, labels),
        )
    )


class SourceRef(NamedTuple):
    """A source as a citation needs it: its id and key."""

    id: int
    key: str


def find_source_refs(
    session: Session | Connection, keys: list[str] | tuple[str, ...] | None
) -> list[SourceRef]:
    """The sources named by `keys` (as `citylinks source add` printed them, in any case), in
    that order, each once. `session` may be a Session or a Connection."""
    if not keys:
        return []
    wanted = [k.strip() for k in keys]
    source = schema.source.c
    found = {
        r.key.lower(): SourceRef(r.id, r.key)
        for r in session.execute(
            select(source.id, source.key).where(
                source.key.in_(wanted + [k.upper() for k in wanted])
            )
        )
    }
    missing = [k for k in wanted if k.lower() not in found]
    if missing:
        raise NotFound(
            _(
                "no source with key '{missing}': see `citylinks source list`, or record it with `citylinks source add`",
                missing=text.shortened(missing[0]),
            )
        )
    return list(dict.fromkeys(found[k.lower()] for k in wanted))


class CountryRef(NamedTuple):
    """A city's country as reports need it, read without the ORM. (A NamedTuple, as CityRef:
    defining one costs the reports' start-up a fifth of what a frozen dataclass does.)"""

    code: str
    name_en: str
    name_fa: str | None

    def name(self, lang: str | None = None) -> str:
        """Its name in `lang`, by default the interface language (as Country.name)."""
        return (self.name_fa if (lang or language()) == "fa" else None) or self.name_en


def find_country_ref(session: Session | Connection, query: str) -> CountryRef:
    """The country `query` names: its ISO 3166-1 code in any case ("IR", "ir") or a recorded
    name in either language and letter form ("Iran", "ایران"). `session` may be a Session or a
    Connection."""
    country = schema.country.c
    wanted = query.strip().upper()
    rows = session.execute(
        select(country.code, country.name_en, country.name_fa).order_by(country.code)
    ).all()
    folded = text.fold(query)
    # A code first, then a name: a country named like another's code does not hide it.
    for r in rows:
        if r.code == wanted:
            return CountryRef(r.code, r.name_en, r.name_fa)
    for r in rows:
        names = (r.name_en, r.name_fa) if r.name_fa else (r.name_en,)
        if folded and folded in map(text.fold, names):
            return CountryRef(r.code, r.name_en, r.name_fa)
    code = wanted if re.fullmatch(r"[A-Z]{2}", wanted) else "CODE"
    labels = [(r.code, r.code) for r in rows] + [
        (name, r.code) for r in rows for name in (r.name_en, r.name_fa) if name
    ]
    hint = _did_you_mean(query.strip(), labels) if rows else _(" No country is recorded yet.")
    raise NotFound(
        _(
            "no country with code or name '{query}'.{hint} See `citylinks country list`, or record it with `citylinks country add {code} --name NAME`",
            query=query,
            hint=hint,
            code=code,
        )
    )


class CityRef(NamedTuple):
    """A city as reports need it: id, key, names and country, read without the ORM."""

    id: int
    key: str
    country: CountryRef
    names: tuple

    def name(self, lang: str | None = None) -> str:
        """Its name in `lang`, by default the interface language (text.display_name)."""
        return text.display_name(list(self.names), lang) or self.key


def find_city_ref(session: Session | Connection, query: str) -> CityRef:
    """The city `query` names, by id, key or name; a country after a comma (Latin or
    Persian), by its code or a recorded name, narrows it ("Tehran, IR", "Springfield, United
    Kingdom", «یزد، ایران»). Read with Core queries only (find_city loads the mapped City
    from it). `session` may be a Session or a Connection."""
    city, names, country = schema.city.c, schema.city_name.c, schema.country.c
    q = _query(query, fields.CITY_NAME)
    q, country_code = split_country(q)
    if country_code is None:
        q, country_code = _split_country_name(session, q)
    # One indexed lookup per way of naming it, joined with UNION (as find_organization_ref).
    ways = [
        select(city.id).where(city.key == _as_key(q)),
        select(names.city_id).where(names.folded == text.fold(q)),
    ]
    if (number := _id_in(q)) is not None:
        ways.append(select(city.id).where(city.id == number))
    matched = union(*ways).subquery()
    # The cities with their countries and names, in one statement (one row per name).
    stmt = (
        select(
            city.id,
            city.key,
            country.code,
            country.name_en,
            country.name_fa,
            names.lang,
            names.kind,
            names.name,
        )
        .join_from(schema.city, schema.country, country.id == city.country_id)
        .outerjoin(schema.city_name, names.city_id == city.id)
        .where(city.id.in_(select(matched.c.id)))
        .order_by(city.id, names.position, names.id)
    )
    if country_code:
        stmt = stmt.where(func.upper(country.code) == country_code.upper())
    found = [
        CityRef(
            first.id,
            first.key,
            CountryRef(first.code, first.name_en, first.name_fa),
            _names(group),
        )
        for first, group in _by_id(session.execute(stmt).all())
    ]
    found = _by_case_last(found, q)
    if len(found) == 1:
        return found[0]
    # An exact key (or the id) wins over a name other cities share.
    exact = exact_city(found, q)
    if exact is not None:
        return exact
    if len(found) > 1:
        listed = listing(
            [f"{c.name()}, {c.country.code} (key {c.key}, id {c.id})" for c in found], ";"
        )
        if len({c.country.code for c in found}) == 1:
            raise Ambiguous(
                _(
                    "'{query}' matches {n} cities in {country}: {listed}. Give the key or the id",
                    query=query,
                    n=len(found),
                    country=found[0].country.code,
                    listed=listed,
                )
            )
        raise Ambiguous(
            _(
                "'{query}' matches {n} cities: {listed}. Narrow it with the country after a comma, its code or name (e.g. '{example}'), or give the key or the id",
                query=query,
                n=len(found),
                listed=listed,
                example=f"{q}, {found[0].country.code}",
            )
        )
    labels = [(n, n) for n in session.execute(select(names.name)).scalars()]
    raise NotFound(
        _(
            "no city matches '{query}'.{did_you_mean}",
            query=query,
            did_you_mean=_did_you_mean(q, labels),
        )
    )


def organizations_named(connection: Connection, typed: set[str]) -> dict[str, int]:
    """find_organization_ref's answer for many typed values at once (a spreadsheet's batch),
    for each value that names exactly one organization: its id. The same ways of naming one,
    each value's tagged with its place, so that the database compares as it does for one;
    _ORGANIZATIONS_PER_STATEMENT values a statement, not a round trip each. A value that names
    none or several, or that its field rule refuses, is left out: find_organization_ref says
    why."""
    org, names = schema.organization.c, schema.organization_name.c
    cleaned = []
    for query in typed:
        try:
            cleaned.append((query, _query(query, fields.ORGANIZATION_NAME)))
        except CitylinksError:
            continue
    matched: dict[int, set[int]] = {}
    for start in range(0, len(cleaned), _ORGANIZATIONS_PER_STATEMENT):
        ways = []
        for place, (_typed, q) in enumerate(
            cleaned[start : start + _ORGANIZATIONS_PER_STATEMENT], start
        ):
            tag: Any = literal_column(str(place)).label("place")
            ways += [
                select(tag, org.id.label("id")).where(org.key == q),
                select(tag, org.id).where(func.lower(org.acronym) == q.lower()),
                select(tag, names.organization_id).where(names.folded == text.fold(q)),
            ]
            if (number := _id_in(q)) is not None:
                ways.append(select(tag, org.id).where(org.id == number))
        for place, found in connection.execute(union(*ways)):
            matched.setdefault(place, set()).add(found)
    return {
        query: next(iter(ids))
        for place, (query, _q) in enumerate(cleaned)
        if len(ids := matched.get(place, set())) == 1
    }


# Typed values to one statement: SQLite joins at most 500 SELECTs by UNION.
_ORGANIZATIONS_PER_STATEMENT = 100


class CityHit(NamedTuple):
    """A city a typed name names: its id, country code and key."""

    id: int
    country: str
    key: str


class NamedCities(NamedTuple):
    """What one typed value names (cities_named): `folded`, its name folded; `bare`, the
    value without a country after a comma; `cities`, every city it names, in any country."""

    folded: str
    bare: str
    cities: frozenset[CityHit]

    def all_in(self, code: str) -> list[CityHit]:
        """Every city it names in the country `code`, by key."""
        return sorted((c for c in self.cities if c.country == code), key=lambda c: c.key)

    def in_country(self, code: str) -> list[CityHit]:
        """The cities it names in the country `code`, as find_city_ref reads a name narrowed by
        its country: the city of that exact key (or id) alone, when it is one of them
        (exact_city); else all of them (several: ambiguous, none: not found)."""
        hits = self.all_in(code)
        exact = exact_city(hits, self.bare) if len(hits) > 1 else None
        return [exact] if exact is not None else hits


class _Keyed(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def key(self) -> str: ...


K = TypeVar("K", bound=_Keyed)


def exact_city(found: Sequence[K], q: str) -> K | None:
    """The one city among `found` (the cities `q` names) whose key `q` is, else whose id it
    gives: an exact key or id wins over a name other cities share ("karaj" is the city of key
    karaj, though another city is named Karaj). One rule for every door: find_city_ref (a
    command's argument) and cities_named (a CSV cell)."""
    return _exact(found, q, lambda c: c.key == q)


def cities_named(connection: Connection, typed: set[str]) -> dict[str, NamedCities]:
    """find_city_ref's rule for many names at once (a spreadsheet's batch): each typed value
    names the cities whose id or key it is, or one of whose names folds as it does ("Tehran,
    IR" as "Tehran"). Returns what each typed value names (NamedCities: narrow it by country
    with `in_country`). One indexed query per way of naming a city, whatever the number of
    names: an OR across the tables would make the database read every name."""
    from citylinks.services import bulk

    city, names, country = schema.city.c, schema.city_name.c, schema.country.c
    bare = {raw: _without_country(raw) for raw in typed}
    if any(raw == name and _LAST_COMMA.match(raw) for raw, name in bare.items()):
        # "Springfield, United Kingdom": a country's name after a comma, as find_city_ref
        # reads it (the countries read once for the batch).
        countries = _country_names(connection)
        for raw, name in bare.items():
            split = _LAST_COMMA.match(name) if raw == name else None
            if split is not None and text.fold(split["country"]) in countries:
                bare[raw] = split["name"]
    folded = {raw: _folded(name) for raw, name in bare.items()}  # a name repeats on rows
    numbers = {raw: number for raw, name in bare.items() if (number := _id_in(name)) is not None}
    hit = (city.id, country.code, city.key)
    ways: list[tuple[Any, dict[Any, set[CityHit]], dict[str, Any]]] = [
        (
            select(names.folded, *hit)
            .join_from(schema.city_name, schema.city, names.city_id == city.id)
            .join(schema.country, city.country_id == country.id)
            .where(bulk.among(connection, names.folded, set(folded.values()))),
            {},
            folded,
        ),
        (
            select(city.key, *hit)
            .join_from(schema.city, schema.country, city.country_id == country.id)
            .where(bulk.among(connection, city.key, set(bare.values()))),
            {},
            bare,
        ),
    ]
    if numbers:
        ways.append(
            (
                select(city.id, *hit)
                .join_from(schema.city, schema.country, city.country_id == country.id)
                .where(city.id.in_(set(numbers.values()))),
                {},
                numbers,
            )
        )
    # Each way's hits by what it matched, apart: a key that is also another city's folded
    # name matches only by the way it was typed for.
    for stmt, hits, _by in ways:
        for label, city_id, code, key in connection.execute(stmt):
            hits.setdefault(label, set()).add(CityHit(city_id, code, key))
    return {
        raw: NamedCities(
            folded[raw],
            name,
            frozenset().union(*(hits.get(by[raw], ()) for _stmt, hits, by in ways if raw in by)),
        )
        for raw, name in bare.items()
    }


# A city's name comes again in a file's next batches (cities_named): folded once while it does.
_folded = lru_cache(maxsize=16_384)(text.fold)

# What parts a city's name from its country's code: a comma, Latin or Persian ("Yazd, IR",
# «یزد، IR»).
_COUNTRY_SEPARATOR = re.compile(r"\s*[,\u060c]\s*(?P<code>[A-Za-z]{2})\s*$")


def split_country(typed: str) -> tuple[str, str | None]:
    """'Tehran, IR' -> ('Tehran', 'IR'), «یزد، IR» -> ('یزد', 'IR'); a name that ends in no
    comma and two-letter country code is the name alone: ('Tehran', None). The one reading of
    CITY, COUNTRY-CODE, whatever door it came in by (a command, a CSV cell)."""
    found = _COUNTRY_SEPARATOR.search(typed)
    if found is None or not typed[: found.start()].strip():
        return typed, None
    return typed[: found.start()].strip(), found["code"].upper()


# The last comma, Latin or Persian, of a typed name: what follows may be a country's name.
_LAST_COMMA = re.compile(r"^(?P<name>.*\S)\s*[,\u060c]\s*(?P<country>[^,\u060c]*\S)\s*$")


def _split_country_name(session: Session | Connection, typed: str) -> tuple[str, str | None]:
    """'Springfield, United Kingdom' -> ('Springfield', 'GB') when a recorded country has
    that name (in any language and letter form: find_country_ref); else the name alone,
    (typed, None): a city may have a comma in its name ("Washington, D.C.")."""
    found = _LAST_COMMA.match(typed)
    if found is None:
        return typed, None
    try:
        country = find_country_ref(session, found["country"])
    except NotFound:
        return typed, None
    return found["name"], country.code


def _country_names(connection: Connection) -> set[str]:
    """The folded names of the recorded countries, in English and Persian."""
    country = schema.country.c
    return {
        text.fold(name)
        for row in connection.execute(select(country.name_en, country.name_fa))
        for name in row
        if name
    }


def country_named_in(typed: str) -> str | None:
    """'Tehran, IR' -> 'IR'; None when the typed name gives no country code."""
    return split_country(typed)[1]


def _without_country(typed: str) -> str:
    """'Tehran, IR' -> 'Tehran' (find_city_ref narrows by the code; a spreadsheet has its
    country column for that)."""
    return split_country(typed)[0]


def find_city(session: Session, query: str) -> City:
    """A city by id, key or name; "Tehran, IR" narrows by country code."""
    from citylinks.model import City

    return session.get_one(City, find_city_ref(session, query).id)


def find_person(session: Session, query: str) -> Person:
    from citylinks.model import Person

    return session.get_one(Person, find_person_ref(session, query).id)


class PersonRef(NamedTuple):
    """A person as `person show` needs it: id, key and names, read without the ORM."""

    id: int
    key: str
    names: tuple

    def name(self, lang: str | None = None) -> str:
        """Its name in `lang`, by default the interface language (text.display_name)."""
        return text.display_name(list(self.names), lang) or self.key


def find_person_ref(session: Session | Connection, query: str) -> PersonRef:
    """The person `query` names, by id, key or name, read with Core queries only (find_person
    loads the mapped Person from it). `session` may be a Session or a Connection."""
    person, names = schema.person.c, schema.person_name.c
    q = _query(query, fields.PERSON_NAME)
    ways = [
        select(person.id).where(person.key == _as_key(q)),
        select(names.person_id).where(names.folded == text.fold(q)),
    ]
    if (number := _id_in(q)) is not None:
        ways.append(select(person.id).where(person.id == number))
    matched = union(*ways).subquery()
    rows = session.execute(
        select(person.id, person.key, names.lang, names.kind, names.name)
        .outerjoin_from(schema.person, schema.person_name, names.person_id == person.id)
        .where(person.id.in_(select(matched.c.id)))
        .order_by(person.id, names.position, names.id)
    ).all()
    found = _by_case_last(
        [PersonRef(first.id, first.key, _names(group)) for first, group in _by_id(rows)], q
    )
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        # An exact key (or the id) wins over a name that folds like it ("alireza-amrollahi").
        exact = _exact(found, q, lambda p: p.key == q)
        if exact is not None:
            return exact
        raise Ambiguous(
            _(
                "'{query}' matches {n} people: {listed}. Give the id",
                query=query,
                n=len(found),
                listed=listing([f"{p.name()} (id {p.id})" for p in found], ";"),
            )
        )
    labels = [(n, n) for n in session.execute(select(names.name)).scalars()]
    raise NotFound(
        _(
            "no person matches '{query}'.{did_you_mean}",
            query=query,
            did_you_mean=_did_you_mean(q, labels),
        )
    )


def _query(query: str, field: fields.Field) -> str:
    """What an officer typed to name a record, checked by the rule of the name it is matched
    against: "Shi\u202eraz" is refused as the city name it would be, not matched to Shiraz."""
    return field.clean(query)


def _as_key(q: str) -> str:
    """The key `q` names: keys are lower case by rule (text.slugify), so "AMF" finds `amf`.
    Only a key typed as it is written wins over a name other records share ("Tehran" is a
    name two cities have, not the key `tehran`); one in another case is dropped when a name
    names others (_by_case_last)."""
    return q.lower()


def _by_case_last(found: list, q: str) -> list:
    """`found` without the records that `q` names only by their key in another case ("Nur"
    for the key `nur` of Nour), when others are named by it (the city named Nur): a key in
    capitals finds a record that nothing else is called ("AMF" the key `amf`), never makes
    a name ambiguous. Records with `key`, `names` (and an organization's `acronym`)."""
    if len(found) < 2 or q == q.lower():
        return found
    folded = text.fold(q)
    kept = [
        r
        for r in found
        if r.key != q.lower()
        or (getattr(r, "acronym", None) or "").lower() == q.lower()
        or any(text.fold(n.name) == folded for n in r.names)
    ]
    return kept or found


def _id_in(q: str) -> int | None:
    """The record id `q` gives, bare or after a hash, in digits of any script ("3", "#3",
    "۳", "#٣": Persian output prints ids in Persian digits), else None."""
    digits = text.to_ascii_digits(q[1:] if q.startswith("#") else q)
    if digits.isascii() and digits.isdigit() and len(digits) < 10:
        return int(digits)
    return None


class _Record(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=_Record)


def _exact(found: Sequence[R], q: str, by_key: Callable[[R], bool]) -> R | None:
    """The one record among `found` whose key (or acronym, as `by_key` says) is `q`, else
    the one whose id it gives: an exact key or id wins over a name others share. None when
    neither picks out exactly one."""
    keyed = [r for r in found if by_key(r)]
    if len(keyed) == 1:
        return keyed[0]
    number = _id_in(q)
    numbered = [r for r in found if r.id == number]
    if not keyed and len(numbered) == 1:
        return numbered[0]
    return None


def _by_id(rows: Sequence[Row]) -> list[tuple[Row, list[Row]]]:
    """Rows ordered by id, one per name, grouped: [(first row, rows of that id)]."""
    groups: dict[int, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.id, []).append(r)
    return [(group[0], group) for group in groups.values()]


def _names(rows: list) -> tuple:
    """The (lang, kind, name) of each row that has a name (an outer join gives None)."""
    return tuple(_Name(r.lang, r.kind, r.name) for r in rows if r.name is not None)


class _Name(NamedTuple):
    lang: str
    kind: str
    name: str


def _did_you_mean(query: str, labels: list[tuple[str, str]]) -> str:
    """' Did you mean 'AMF'?' for the records whose names come closest, or '' when none is
    close. `labels` pairs each matchable name with how to show its record."""
    from rapidfuzz import fuzz, process

    names = [name for name, _label in labels]
    matches = process.extract(
        query, names, scorer=fuzz.WRatio, processor=text.fold, limit=20, score_cutoff=60
    )
    if not matches:
        return ""
    best = matches[0][1]
    shown: list[str] = []
    for _choice, score, index in matches:
        display = labels[index][1]
        if score >= best - 5 and display not in shown:
            shown.append(display)
    return _(" Did you mean {names}?", names=_(" or ").join(quoted(d) for d in shown[:3]))


# Sessions are found by their organization, number and series (services.sessions); these
# two rules are here, without the ORM, for `session show` too (reports.session_detail).


def parse_number(value: str | int, what: str = "session number") -> int:
    """A session's (or a count's) number as typed or written in a cell, by the rule of every
    typed number (text.parse_number): digits of any script (۱۲, ١٢, 12), a sign allowed.
    Python's int() alone would also read `1_2` as 12: a typing slip, refused."""
    try:
        number = int(text.parse_number(str(value), what))
    except text.TextError:
        raise CitylinksError(
            _("the {what} '{value}' is not a whole number: give e.g. 7", what=what, value=value)
        ) from None
    if number <= 0:
        raise CitylinksError(
            _("the {what} must be 1 or more, not {number}", what=what, number=number)
        )
    if number > LARGEST_NUMBER:
        raise CitylinksError(
            _(
                "the {what} {number} is too large: at most {largest_number}",
                what=what,
                number=number,
                largest_number=LARGEST_NUMBER,
            )
        )
    return number


def series_names(key: str, name_en: str, name_fa: str | None) -> set[str]:
    """What a series is called by, folded: its key and its English and Persian names (a
    command's --series and a spreadsheet's series cell alike)."""
    return {text.fold(name) for name in (key, name_en, name_fa) if name}


class MeetingRef(NamedTuple):
    """A session found by its organization, number and series, read without the ORM: the
    organization, the series row (id, key, name_en, name_fa) and the session's row."""

    organization: OrganizationRef
    series: Row
    row: Row

    @property
    def id(self) -> int:
        return self.row.id


def find_meeting(
    session: Session | Connection, org_query: str, number: str | int, series: str | None = None
) -> MeetingRef:
    """A session by its organization and number; with no `series`, the one series holding
    that number (an error lists the series when several do, or none). Core queries only
    (services.sessions.find_session loads the mapped Session from it)."""
    org = find_organization_ref(session, org_query)
    n = parse_number(number)
    ms, se = schema.meeting_series.c, schema.session.c
    all_series = _series_rows(session, org.id)
    stmt = (
        select(schema.session)
        .join_from(schema.session, schema.meeting_series, se.series_id == ms.id)
        .where(ms.organization_id == org.id, se.number == n)
    )
    if series is not None:
        chosen = pick_series(org.label, all_series, series)
        found = session.execute(stmt.where(se.series_id == chosen.id)).one_or_none()
        if found is None:
            raise NotFound(
                _(
                    "{org_label} has no session {n} in its {chosen_key} series: see `citylinks timeline {org_label}`, or record it with `citylinks session add`",
                    org_label=org.label,
                    n=n,
                    chosen_key=chosen.key,
                )  # fmt: skip
            )
        return MeetingRef(org, chosen, found)
    found_all = session.execute(stmt.order_by(ms.id)).all()
    if not found_all:
        raise NotFound(
            _(
                "{org_label} has no session numbered {n} in any series ({series_list}): see `citylinks timeline {org_label}`, or record it with `citylinks session add`",
                org_label=org.label,
                n=n,
                series_list=series_list(all_series),
            )  # fmt: skip
        )
    by_id = {x.id: x for x in all_series}
    if len(found_all) > 1:
        raise Ambiguous(
            _(
                "{org_label} has a session {n} in several series: give --series, one of {listed}",
                org_label=org.label,
                n=n,
                listed=listing(by_id[m.series_id].key for m in found_all),
            )
        )
    return MeetingRef(org, by_id[found_all[0].series_id], found_all[0])


def find_meeting_ref(session: Session | Connection, ref: str) -> MeetingRef:
    """A session written ORG/SERIES/N (e.g. AMF/executive-board/11), as --session takes it,
    read with Core queries (services.sessions.find_session_ref loads the mapped Session)."""
    parts = [p.strip() for p in ref.split("/")]
    if len(parts) != 3 or not all(parts):
        raise CitylinksError(
            _(
                "--session '{ref}' is not ORG/SERIES/NUMBER: write e.g. AMF/executive-board/11",
                ref=ref,
            )
        )
    return find_meeting(session, parts[0], parts[2], series=parts[1])


def _series_rows(session: Session | Connection, organization_id: int) -> list[Row]:
    """An organization's meeting series (id, key, name_en, name_fa), oldest first."""
    ms = schema.meeting_series.c
    return list(
        session.execute(
            select(ms.id, ms.key, ms.name_en, ms.name_fa)
            .where(ms.organization_id == organization_id)
            .order_by(ms.id)
        )
    )


def find_series_ref(session: Session | Connection, org: OrganizationRef, wanted: str) -> Row:
    """The series (id, key, name_en, name_fa) of `org` that `wanted` names, by pick_series:
    what a report's --series finds, as the session commands and cite find it."""
    return pick_series(org.label, _series_rows(session, org.id), wanted)


def series_list(all_series: Sequence) -> str:
    """An organization's meeting series (each with a `key`), for messages."""
    return listing(s.key for s in all_series) or _("none recorded")


def pick_series(label: str, all_series: Sequence[T], wanted: str) -> T:
    """Of an organization's meeting series (each with key, name_en and name_fa), the first
    that `wanted` names (key or name in any language); `label` names the organization."""
    folded = text.fold(wanted)
    for s in all_series:
        if folded in series_names(s.key, s.name_en, s.name_fa):  # type: ignore[attr-defined]
            return s
    raise NotFound(
        _(
            "{org_label} has no meeting series '{wanted}': use one of {series_list}",
            org_label=label,
            wanted=wanted,
            series_list=series_list(all_series),
        )
    )
