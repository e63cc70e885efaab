"""What the database holds of records a file gives again, read in a few queries for all of
them (Core, no ORM objects): a source, a city, a person or a post with its names, citations
and identifiers, as plain values. The dataset loader (services.records) compares a record
with it and, when the record changes nothing, matches it without loading it through the ORM
a record at a time; any difference sends the record the ORM's way, with its refusals and
--overwrite, as before."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.services import bulk

# Keys or ids to one query.
_CHUNK = 5000


@dataclass
class Row:
    """A recorded row: its id and version (what a Popolo object kept beside it names), its
    own values (partial dates rebuilt as the ORM rebuilds them), the keys of the sources it
    cites in the ORM's order (by source id), its names by (language, text), its
    identifiers."""

    id: int
    version: int
    values: dict[str, Any]
    sources: list[str] = field(default_factory=list)
    names: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    identifiers: set[tuple[str, str]] = field(default_factory=set)
    designations: int = 0


def _chunks(values: Iterable) -> Iterable[set]:
    wanted = sorted(v for v in values if v is not None)
    for start in range(0, len(wanted), _CHUNK):
        yield set(wanted[start : start + _CHUNK])


def _values(table: Table, found: Any, names: Iterable[str], dates: Iterable[str]) -> dict:
    values = {n: found[n] for n in names}
    for d in dates:
        values[d] = PartialDate.from_columns(found[f"{d}_text"])
    return values


def _cited(conn: Any, table: Table, ids: Iterable[int]) -> dict[int, list[str]]:
    """The keys of the sources each row of `table` cites, by source id (the ORM's order)."""
    link, source = schema.CITING[table.name], schema.source
    cited_id = link.c[f"{table.name}_id"]
    found: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        stmt = (
            select(cited_id, source.c.key)
            .join_from(link, source, link.c.source_id == source.c.id)
            .where(bulk.among(conn, cited_id, chunk))
            .order_by(cited_id, source.c.id)
        )
        for row_id, key in conn.execute(stmt):
            found.setdefault(row_id, []).append(key)
    return found


def _by_key(
    conn: Any,
    table: Table,
    keys: Iterable[str | None],
    names: list[str],
    dates: tuple[str, ...] = (),
) -> dict[str, Row]:
    found: dict[str, Row] = {}
    for chunk in _chunks(keys):
        for r in conn.execute(select(table).where(bulk.among(conn, table.c.key, chunk))):
            m = r._mapping
            found[m["key"]] = Row(m["id"], m["version"], _values(table, m, names, dates))
    if table.name in schema.CITING:  # a source cites none
        cited = _cited(conn, table, [r.id for r in found.values()])
        for row in found.values():
            row.sources = cited.get(row.id, [])
    return found


def _names(conn: Any, owners: dict[int, Row], table: Table) -> None:
    owner = table.c[f"{table.name.removesuffix('_name')}_id"]
    names: list[tuple[int, Any]] = []
    for chunk in _chunks(owners):
        names += [
            (r._mapping[owner.name], r._mapping)
            for r in conn.execute(select(table).where(bulk.among(conn, owner, chunk)))
        ]
    cited = _cited(conn, table, [m["id"] for _owner, m in names])
    for owner_id, m in names:
        owners[owner_id].names[(m["lang"], m["name"])] = {
            "kind": m["kind"],
            "folded": m["folded"],
            "position": m["position"],
            "sources": cited.get(m["id"], []),
        }


SOURCE_COLUMNS = ["kind", "title", "publisher", "url", "language", "excerpt", "note"]


def sources(conn: Any, keys: Iterable[str | None]) -> dict[str, Row]:
    """The recorded sources of `keys`: key -> Row."""
    return _by_key(conn, schema.source, keys, SOURCE_COLUMNS, ("published", "retrieved"))


def cities(conn: Any, keys: Iterable[str]) -> dict[str, Row]:
    """The recorded cities of `keys`, with names, identifiers and how many designations."""
    found = _by_key(conn, schema.city, keys, ["country_id", "region", "latitude", "longitude"])
    by_id = {row.id: row for row in found.values()}
    _names(conn, by_id, schema.city_name)
    identifier, designation = schema.city_identifier, schema.designation
    for chunk in _chunks(by_id):
        stmt = select(identifier.c.city_id, identifier.c.scheme, identifier.c.value)
        for city_id, scheme, value in conn.execute(
            stmt.where(bulk.among(conn, identifier.c.city_id, chunk))
        ):
            by_id[city_id].identifiers.add((scheme, value))
        stmt = select(designation.c.city_id)
        for (city_id,) in conn.execute(stmt.where(bulk.among(conn, designation.c.city_id, chunk))):
            by_id[city_id].designations += 1
    return found


def people(conn: Any, keys: Iterable[str | None]) -> dict[str, Row]:
    """The recorded people of `keys`, with their names."""
    found = _by_key(conn, schema.person, keys, [])
    _names(conn, {row.id: row for row in found.values()}, schema.person_name)
    return found


def posts(conn: Any, person_ids: Iterable[int]) -> dict[tuple, list[Row]]:
    """The recorded posts of these people: (person, organization, city) -> Rows, by id."""
    post = schema.post
    found: dict[tuple, list[Row]] = {}
    rows: list[Row] = []
    for chunk in _chunks(person_ids):
        stmt = select(post).where(bulk.among(conn, post.c.person_id, chunk)).order_by(post.c.id)
        for r in conn.execute(stmt):
            m = r._mapping
            row = Row(m["id"], m["version"], _values(post, m, ["title", "note"], ["start", "end"]))
            found.setdefault((m["person_id"], m["organization_id"], m["city_id"]), []).append(row)
            rows.append(row)
    cited = _cited(conn, post, [row.id for row in rows])
    for row in rows:
        row.sources = cited.get(row.id, [])
    return found
