"""What several reports share: the sources they cite, names in both languages, and the
rows they read from citylinks.schema's tables (membership phases, source keys, names) with
Core queries, one statement each whatever the number of rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import and_, literal_column, select, union_all

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.text import display_name

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class SourceRef:
    key: str
    title: str
    publisher: str | None
    published: PartialDate
    url: str | None


@dataclass(frozen=True)
class Name:
    """A record's name in English and (if recorded) Persian."""

    en: str
    fa: str | None = None

    def shown(self, lang: str) -> str:
        return (self.fa if lang == "fa" else None) or self.en


def name_of(record) -> Name:
    """The names of a city, an organization or a country (all have `name(lang)`)."""
    en = record.name("en")
    fa = record.name("fa")
    return Name(en, fa if fa != en else None)


def name_from(names: list, fallback: str) -> Name:
    """The names of a city or an organization from its rows in `<table>_name`, as `name_of`
    gives them for the record; `fallback` (its acronym or key) stands in where none is
    recorded."""
    en = display_name(names, "en") or fallback
    fa = display_name(names, "fa") or fallback
    return Name(en, fa if fa != en else None)


def country_name(name_en: str, name_fa: str | None) -> Name:
    """The names of a country from its columns, as `name_of` gives them for a Country."""
    fa = name_fa or name_en
    return Name(name_en, fa if fa != name_en else None)


@lru_cache(maxsize=4096)
def stored_date(text: str | None) -> PartialDate:
    """The partial date stored as `text` (the text alone is the truth, as in
    PartialDate.from_columns). Memoised: the same few texts recur on many rows, and parsing
    costs more than the rest of reading a row; a PartialDate never changes."""
    return PartialDate.from_columns(text)


def phase_joined(phase, membership):
    """The join of a membership's phases in force: a retracted phase (a source got it wrong)
    is out of the reports. `phase`, `membership`: the tables' columns (`.c`)."""
    return and_(phase.membership_id == membership.id, phase.retracted_at.is_(None))


class Phase(NamedTuple):
    """A membership phase as reports read it (dates.PhaseLike). A NamedTuple:
    cheaper to define and to build, row after row, than a frozen dataclass."""

    id: int
    status: str
    start: PartialDate
    end: PartialDate


def phase_of(row: Row) -> Phase | None:
    """The phase on a row with `phase_id`, `status`, `start_text` and `end_text`; None where
    an outer join found no phase."""
    if row.phase_id is None:
        return None
    return Phase(row.phase_id, row.status, stored_date(row.start_text), stored_date(row.end_text))


def phases_by(rows: Iterable[Row], key: str) -> dict[int, tuple[Row, list[Phase]]]:
    """Rows of a query that reads phases (ordered by their position), grouped by the column
    `key`: {key: (the first row, its phases)}. A row whose outer join found no phase adds
    its group with no phases."""
    grouped: dict[int, tuple[Row, list[Phase]]] = {}
    for row in rows:
        phases = grouped.setdefault(getattr(row, key), (row, []))[1]
        phase = phase_of(row)
        if phase is not None:
            phases.append(phase)
    return grouped


def cited_keys(
    session: Session | Connection, ids: Mapping[str, Iterable[int]]
) -> dict[tuple[str, int], list[str]]:
    """The keys of the sources that rows of several tables cite, in the order they were
    recorded, in one statement: `ids` maps a table name to its row ids, the answer maps
    (table name, row id) to source keys."""
    source = schema.source
    parts = []
    for table, row_ids in ids.items():
        wanted = sorted(set(row_ids))
        if not wanted:
            continue
        link = schema.CITING[table]
        owner = link.c[f"{table}_id"]
        parts.append(
            select(
                # Our own table name, never user text.
                literal_column(f"'{table}'").label("owner_table"),
                owner.label("owner_id"),
                source.c.id.label("source_id"),
                source.c.key,
            )
            .join_from(link, source, link.c.source_id == source.c.id)
            .where(schema.ids_in(owner, wanted))
        )
    if not parts:
        return {}
    stmt = union_all(*parts)
    keys: dict[tuple[str, int], list[str]] = {}
    for row in session.execute(stmt.order_by(stmt.selected_columns.source_id)):
        keys.setdefault((row.owner_table, row.owner_id), []).append(row.key)
    return keys


def names_of(
    session: Session | Connection,
    city_ids: Iterable[int] = (),
    organization_ids: Iterable[int] = (),
) -> tuple[dict[int, list], dict[int, list]]:
    """The recorded names (lang, kind, name) of these cities and these organizations, in
    their order, in one statement: ({city id: names}, {organization id: names})."""
    cities, organizations = sorted(set(city_ids)), sorted(set(organization_ids))
    parts = []
    for table, owner, wanted in (
        (schema.city_name, "city_id", cities),
        (schema.organization_name, "organization_id", organizations),
    ):
        if wanted:
            c = table.c
            parts.append(
                select(
                    literal_column(f"'{owner}'").label("owner"),
                    c[owner].label("owner_id"),
                    c.id,
                    c.position,
                    c.lang,
                    c.kind,
                    c.name,
                ).where(schema.ids_in(c[owner], wanted))
            )
    found: dict[str, dict[int, list]] = {
        "city_id": {i: [] for i in cities},
        "organization_id": {i: [] for i in organizations},
    }
    if parts:
        stmt = union_all(*parts)
        columns = stmt.selected_columns
        for row in session.execute(stmt.order_by(columns.position, columns.id)):
            found[row.owner][row.owner_id].append(row)
    return found["city_id"], found["organization_id"]


_KEYS_PER_QUERY = 10_000


def cited_sources(session: Session | Connection, keys: Iterable[str]) -> dict[str, SourceRef]:
    """The sources with these keys, in one query (for --cite footnotes)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    s = schema.source.c
    stmt = select(
        s.key,
        s.title,
        s.publisher,
        s.url,
        s.published_text,
        s.published_precision,
        s.published_earliest,
        s.published_latest,
    )
    # Keys are text, so they stay bound parameters: in parts, below PostgreSQL's 65,535.
    found = [
        row
        for start in range(0, len(wanted), _KEYS_PER_QUERY)
        for row in session.execute(stmt.where(s.key.in_(wanted[start : start + _KEYS_PER_QUERY])))
    ]
    return {
        r.key: SourceRef(
            r.key,
            r.title,
            r.publisher,
            PartialDate.from_columns(
                r.published_text,
                r.published_precision,
                r.published_earliest,
                r.published_latest,
            ),
            r.url,
        )
        for r in found
    }
