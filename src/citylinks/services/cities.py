"""Countries and cities: recording, changing and removing them.

A city's key is derived from its Latin name (`text.slugify`), made unique; a city with only
non-Latin names gets `city-<n>`. A new city whose name folds like, or comes close to, a
recorded city's name in the same country is refused as a likely duplicate unless forced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from citylinks import text
from citylinks.errors import CitylinksError, Conflict, NotFound
from citylinks.model import (
    Attendance,
    City,
    CityIdentifier,
    CityName,
    Country,
    Designation,
    Membership,
    Organization,
    Post,
    Role,
)
from citylinks.model import Session as MeetingSession
from citylinks.services import fields
from citylinks.services.audit_log import check_version, touch
from citylinks.services.common import parse_date, sources_by_keys
from citylinks.services.lookup import find_city, find_country_ref
from citylinks.services.names import (
    GivenName,
    LikelyDuplicate,
    edit_names,
    name_rows,
    parse_names,
    similar,
)

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_SCHEME = re.compile(r"^[a-z][a-z0-9-]{0,31}$")


# --- countries ---------------------------------------------------------------------------------


def country_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Country.code).order_by(Country.code)))


def get_country(session: Session, code: str) -> Country:
    """A country by its code or a recorded name ("IR", "Iran", "ایران")."""
    found = find_country_ref(session, code)
    return session.scalars(select(Country).where(Country.code == found.code)).one()


def add_country(session: Session, code: str, names: list[str]) -> Country:
    """Record a country by its ISO 3166-1 alpha-2 code, with its English (and Persian) name."""
    wanted = code.strip().upper()
    if not _COUNTRY_CODE.match(wanted):
        raise CitylinksError(
            f"'{code}' is not a country code: give two letters (ISO 3166-1), e.g. IR"
        )
    iso_name = iso_countries().get(wanted)
    if iso_name is None:
        raise CitylinksError(
            f"'{wanted}' is not an ISO 3166-1 country code: see https://www.iso.org/obp/ui/#search"
            " or `citylinks country list --all`"
        )
    if session.scalars(select(Country).where(Country.code == wanted)).one_or_none():
        raise Conflict(f"country {wanted} is recorded already: see `citylinks country list`")
    given = {n.lang: n.name for n in reversed(parse_names(names, "country name"))}
    given.setdefault("en", iso_name)
    country = Country(code=wanted, name_en=given["en"], name_fa=given.get("fa"))
    session.add(country)
    session.flush()
    return country


def iso_countries() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code with its short English name ("IR": "Iran"), from
    pycountry, which follows the ISO 3166 Maintenance Agency's list release by release."""
    import pycountry  # its JSON is read on first use: only commands that need it pay

    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def list_countries(session: Session) -> list[Country]:
    return list(session.scalars(select(Country).order_by(Country.code)))


# --- cities ------------------------------------------------------------------------------------


def _coordinates(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise CitylinksError("give both --lat and --lon, or neither")
    if latitude is not None:
        fields.coordinate(latitude, "latitude", "--lat")
    if longitude is not None:
        fields.coordinate(longitude, "longitude", "--lon")


def parse_identifier(value: str) -> tuple[str, str]:
    """'wikidata=Q1' -> ('wikidata', 'Q1')."""
    scheme, sep, ident = value.partition("=")
    scheme, ident = scheme.strip().lower(), ident.strip()
    if not sep or not ident or not _SCHEME.match(scheme):
        raise CitylinksError(
            f"--id '{value}' is not SCHEME=VALUE: write e.g. wikidata=Q23965 or geonames=111822"
        )
    return scheme, ident


def _identifier_owner(session: Session, scheme: str, value: str) -> City | None:
    taken = session.scalars(
        select(CityIdentifier).where(CityIdentifier.scheme == scheme, CityIdentifier.value == value)
    ).one_or_none()
    return session.get(City, taken.city_id) if taken is not None else None


def _add_identifier(session: Session, city: City | None, scheme: str, value: str) -> CityIdentifier:
    owner = _identifier_owner(session, scheme, value)
    if owner is not None and owner is not city:
        raise Conflict(f"{scheme}={value} is already the identifier of {_label(owner)}")
    return CityIdentifier(scheme=scheme, value=value)


def _label(city: City) -> str:
    return f"{city.name()}, {city.country.code} (key {city.key})"


def _new_key(session: Session, names: list[GivenName], country: Country) -> str:
    taken = set(session.scalars(select(City.key)))
    for n in names:
        slug = text.slugify(n.name)[:56]
        if not slug:
            continue
        for key in (slug, f"{slug}-{country.code.lower()}"):
            if key not in taken:
                return key
        number = 2
        while f"{slug}-{number}" in taken:
            number += 1
        return f"{slug}-{number}"
    number = 1
    while f"city-{number}" in taken:
        number += 1
    return f"city-{number}"


def similar_cities(session: Session, names: list[str], country: Country) -> list[City]:
    """Cities of `country` with a name like one of `names`; any city with the same fold."""
    folded = [text.fold(n) for n in names]
    same_fold = session.scalars(
        select(City).where(City.id.in_(select(CityName.city_id).where(CityName.folded.in_(folded))))
    ).unique()
    found: list[City] = list(same_fold)
    pairs = [
        (n.name, n.city)
        for n in session.scalars(select(CityName).join(City).where(City.country_id == country.id))
    ]
    for city in similar(names, pairs):
        if city not in found:
            found.append(city)
    return found


def add_city(
    session: Session,
    name: str,
    country: str,
    names: list[str] | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    identifiers: list[str] | None = None,
    region: str | None = None,
    source_keys: list[str] | None = None,
    force: bool = False,
) -> City:
    """Record a city; refused as a likely duplicate (unless `force`) when a recorded city has
    a name that folds alike or, in the same country, comes close."""
    given = parse_names([name, *(names or [])], "city name")
    place = get_country(session, country)
    _coordinates(latitude, longitude)
    ids = list(dict.fromkeys(parse_identifier(v) for v in identifiers or []))
    sources = sources_by_keys(session, source_keys)
    if not force:
        found = similar_cities(session, [n.name for n in given], place)
        if found:
            listed = "; ".join(_label(c) for c in found[:3])
            warning = f"a city with a name like '{given[0].name}' is recorded already: {listed}"
            raise LikelyDuplicate(
                f"{warning}. Use it (e.g. `citylinks city edit {found[0].key} --add-name"
                " LANG=NAME`), or add --force to record a second city",
                warning,
            )
    city = City(
        key=_new_key(session, given, place),
        country=place,
        region=fields.REGION.clean(region) if region else None,
        latitude=latitude,
        longitude=longitude,
        sources=sources,
    )
    city.names = name_rows(given, CityName)
    city.identifiers = [_add_identifier(session, None, scheme, value) for scheme, value in ids]
    session.add(city)
    session.flush()
    return city


def list_cities(session: Session, country: str | None = None) -> list[City]:
    stmt = select(City)
    if country is not None:
        stmt = stmt.where(City.country_id == get_country(session, country).id)
    cities = list(session.scalars(stmt).unique())
    return sorted(cities, key=lambda c: (c.country.code, text.fold(c.name())))


@dataclass
class CityEdit:
    add_names: list[str] = field(default_factory=list)
    remove_names: list[str] = field(default_factory=list)
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    region: str | None = None
    add_ids: list[str] = field(default_factory=list)
    remove_ids: list[str] = field(default_factory=list)
    add_sources: list[str] = field(default_factory=list)
    remove_sources: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(
            (
                self.add_names,
                self.remove_names,
                self.country,
                self.latitude is not None,
                self.longitude is not None,
                self.region is not None,
                self.add_ids,
                self.remove_ids,
                self.add_sources,
                self.remove_sources,
            )
        )


def edit_city(
    session: Session, query: str, edit: CityEdit, expect_version: int | None = None
) -> City:
    """Change a city; refused if it changed since the officer read version `expect_version`."""
    if edit.is_empty():
        raise CitylinksError(
            "nothing to change: give at least one option (see `citylinks city edit --help`)"
        )
    city = find_city(session, query)
    check_version(city, expect_version, "city", city.key)
    # One command, one new version: nothing is flushed until every change is made.
    with session.no_autoflush:
        edit_names(city, city.key, edit.remove_names, edit.add_names, CityName, "city name")
        if edit.country is not None:
            city.country = get_country(session, edit.country)
        if edit.latitude is not None or edit.longitude is not None:
            latitude = edit.latitude if edit.latitude is not None else city.latitude
            longitude = edit.longitude if edit.longitude is not None else city.longitude
            _coordinates(latitude, longitude)
            city.latitude, city.longitude = latitude, longitude
        if edit.region is not None:
            city.region = fields.REGION.clean(edit.region) if edit.region.strip() else None
        for value in edit.remove_ids:
            scheme = value.partition("=")[0].strip().lower()
            gone = [i for i in city.identifiers if i.scheme == scheme]
            if not gone:
                raise NotFound(f"{city.key} has no identifier '{scheme}'")
            for i in gone:
                city.identifiers.remove(i)
        for value in edit.add_ids:
            scheme, ident = parse_identifier(value)
            if not any(i.scheme == scheme and i.value == ident for i in city.identifiers):
                city.identifiers.append(_add_identifier(session, city, scheme, ident))
        if edit.add_sources or edit.remove_sources:
            removed = {s.key for s in sources_by_keys(session, edit.remove_sources)}
            kept = [s for s in city.sources if s.key not in removed]
            city.sources = list(dict.fromkeys(kept + sources_by_keys(session, edit.add_sources)))
    touch(session, city)
    return city


def add_designation(
    session: Session,
    query: str,
    name: str,
    date: str | None,
    reference: str | None,
    source_keys: list[str] | None,
) -> Designation:
    """Record a title a city holds (a UNESCO World Heritage inscription), with its date,
    reference and sources."""
    city = find_city(session, query)
    title = fields.DESIGNATION.clean(name)
    if not source_keys:
        raise CitylinksError(
            "a designation needs its source: add --source KEY (see `citylinks source list`)"
        )
    sources = sources_by_keys(session, source_keys)
    if any(text.fold(d.name) == text.fold(title) for d in city.designations):
        raise Conflict(
            f"{city.key} already has the designation '{title}': see `citylinks city show"
            f" {city.key}`"
        )
    row = Designation(
        name=title,
        reference=fields.DESIGNATION_REFERENCE.clean(reference) if reference else None,
        date=parse_date(date, "--date"),
        sources=sources,
    )
    city.designations.append(row)
    touch(session, city)
    return row


@dataclass(frozen=True)
class References:
    memberships: int
    sessions_hosted: int
    roles: int
    posts: int
    attendance: int
    seats: int

    def describe(self) -> list[str]:
        words = (
            (self.memberships, "membership(s)"),
            (self.sessions_hosted, "session(s) hosted"),
            (self.roles, "role(s)"),
            (self.posts, "post(s)"),
            (self.attendance, "attendance record(s)"),
            (self.seats, "organization seat(s)"),
        )
        return [f"{n} {w}" for n, w in words if n]

    def commands(self, key: str) -> list[str]:
        """The commands that remove or change each kind of reference to the city `key`."""
        commands = (
            (self.memberships, f"`citylinks member remove {key} ORG PHASE` for each phase"),
            (self.sessions_hosted, "`citylinks session edit ORG NUMBER --host CITY`"),
            (self.roles, "`citylinks role remove '#ID'`"),
            (self.posts, "`citylinks post remove '#ID'`"),
            (self.attendance, "`citylinks session show ORG NUMBER` for the attendance"),
            (self.seats, "`citylinks org edit ORG --seat CITY`"),
        )
        return [c for n, c in commands if n]


def references(session: Session, city: City) -> References:
    def count(stmt) -> int:
        return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    return References(
        memberships=count(select(Membership.id).where(Membership.city_id == city.id)),
        sessions_hosted=count(
            select(MeetingSession.id).where(MeetingSession.host_city_id == city.id)
        ),
        roles=count(select(Role.id).where(Role.city_id == city.id)),
        posts=count(select(Post.id).where(Post.city_id == city.id)),
        attendance=count(
            select(Attendance.id).where(
                or_(Attendance.city_id == city.id, Attendance.on_behalf_of_city_id == city.id)
            )
        ),
        seats=count(select(Organization.id).where(Organization.seat_city_id == city.id)),
    )


def remove_city(session: Session, query: str, expect_version: int | None = None) -> City:
    """Remove a city that nothing refers to; refused, with what refers to it, otherwise."""
    city = find_city(session, query)
    check_version(city, expect_version, "city", city.key)
    found = references(session, city)
    refs = found.describe()
    if refs:
        raise Conflict(
            f"city '{city.key}' is still referred to by {', '.join(refs)}:"
            f" remove or change those first ({'; '.join(found.commands(city.key))}; see `citylinks"
            f" city show {city.key}`)"
        )
    session.delete(city)
    session.flush()
    return city


def memberships_of(session: Session, city: City) -> list[Membership]:
    return list(
        session.scalars(
            select(Membership).where(Membership.city_id == city.id).order_by(Membership.id)
        )
    )


def posts_in(session: Session, city: City) -> list[Post]:
    return list(session.scalars(select(Post).where(Post.city_id == city.id).order_by(Post.id)))


def roles_of(session: Session, city: City) -> list[Role]:
    return list(session.scalars(select(Role).where(Role.city_id == city.id).order_by(Role.id)))
