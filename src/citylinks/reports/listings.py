"""The lists an officer asks for (`org list`, `city list`, `person list`, `source list`,
`country list`), read with Core queries on citylinks.schema's tables: a list does not pay for
importing the ORM and configuring the mapped classes. Each record has the attributes and the
`name()` the mapped class has, in the order the services' lists give."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.reports.common import stored_date
from citylinks.text import display_name, fold

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row


@dataclass(frozen=True)
class Named:
    """A record with names in several languages (rows with lang, kind and name)."""

    id: int
    key: str
    names: tuple

    def name(self, lang: str = "en") -> str:
        return display_name(self.names, lang) or self.key


@dataclass(frozen=True)
class ListedOrganization(Named):
    acronym: str | None
    kind: str
    parent: ListedOrganization | None

    def name(self, lang: str = "en") -> str:
        return display_name(self.names, lang) or self.acronym or self.key

    @property
    def label(self) -> str:
        return self.acronym or self.name()


@dataclass(frozen=True)
class ListedCountry:
    code: str
    name_en: str
    name_fa: str | None


@dataclass(frozen=True)
class ListedCity(Named):
    country: ListedCountry


@dataclass(frozen=True)
class ListedPost:
    title: str


@dataclass(frozen=True)
class ListedPerson(Named):
    posts: tuple[ListedPost, ...]


@dataclass(frozen=True)
class ListedSource:
    key: str
    kind: str
    title: str
    publisher: str | None
    url: str | None
    language: str | None
    published: PartialDate


def _names(conn: Connection, table, owner: str) -> dict[int, tuple[Row, ...]]:
    """Every name of the rows of `owner`, in their order, by owner id."""
    c = table.c
    found: dict[int, list[Row]] = {}
    for row in conn.execute(
        select(c[owner], c.lang, c.kind, c.name).order_by(c[owner], c.position, c.id)
    ):
        found.setdefault(row[0], []).append(row)
    return {k: tuple(v) for k, v in found.items()}


def organizations(conn: Connection) -> list[ListedOrganization]:
    """The organizations, each network followed by its committees."""
    o = schema.organization.c
    names = _names(conn, schema.organization_name, "organization_id")
    rows = conn.execute(select(o.id, o.key, o.acronym, o.kind, o.parent_id)).all()
    plain = {
        r.id: ListedOrganization(r.id, r.key, names.get(r.id, ()), r.acronym, r.kind, None)
        for r in rows
    }
    found = [
        ListedOrganization(
            r.id,
            r.key,
            names.get(r.id, ()),
            r.acronym,
            r.kind,
            plain[r.parent_id] if r.parent_id is not None else None,
        )
        for r in rows
    ]
    return sorted(
        found, key=lambda x: (x.parent.key if x.parent else x.key, x.parent is not None, x.key)
    )


def countries(conn: Connection) -> list[ListedCountry]:
    c = schema.country.c
    return [
        ListedCountry(r.code, r.name_en, r.name_fa)
        for r in conn.execute(select(c.code, c.name_en, c.name_fa).order_by(c.code))
    ]


def cities(conn: Connection, country_code: str | None = None) -> list[ListedCity]:
    """The cities (of the country with code `country_code`), by country, then by name."""
    c, k = schema.city.c, schema.country.c
    stmt = select(c.id, c.key, k.code, k.name_en, k.name_fa).join_from(
        schema.city, schema.country, c.country_id == k.id
    )
    if country_code is not None:
        stmt = stmt.where(k.code == country_code)
    names = _names(conn, schema.city_name, "city_id")
    found = [
        ListedCity(r.id, r.key, names.get(r.id, ()), ListedCountry(r.code, r.name_en, r.name_fa))
        for r in conn.execute(stmt)
    ]
    return sorted(found, key=lambda x: (x.country.code, fold(x.name())))


def people(conn: Connection) -> list[ListedPerson]:
    """The people, by name, each with the titles of their posts."""
    p, post = schema.person.c, schema.post.c
    names = _names(conn, schema.person_name, "person_id")
    posts: dict[int, list[ListedPost]] = {}
    for row in conn.execute(select(post.person_id, post.title).order_by(post.id)):
        posts.setdefault(row.person_id, []).append(ListedPost(row.title))
    found = [
        ListedPerson(r.id, r.key, names.get(r.id, ()), tuple(posts.get(r.id, ())))
        for r in conn.execute(select(p.id, p.key))
    ]
    return sorted(found, key=lambda x: fold(x.name()))


def sources(conn: Connection) -> list[ListedSource]:
    """The sources in the order of their keys (S2 before S10)."""
    s = schema.source.c
    found = [
        ListedSource(
            r.key, r.kind, r.title, r.publisher, r.url, r.language, stored_date(r.published_text)
        )
        for r in conn.execute(
            select(s.key, s.kind, s.title, s.publisher, s.url, s.language, s.published_text)
        )
    ]
    return sorted(found, key=_key_order)


def _key_order(source: ListedSource) -> tuple[str, int, str]:
    # S1, S2, ..., S10 by their number; a key of another shape after its letters' own.
    m = re.match(r"^([A-Za-z]+)(\d+)$", source.key)
    return (m.group(1).upper(), int(m.group(2)), "") if m else (source.key.upper(), -1, source.key)
