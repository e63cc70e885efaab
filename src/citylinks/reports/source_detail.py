"""One source as `citylinks source show` prints it: every field, and how many records of each
kind cite it. Core queries on citylinks.schema's tables: the command does not pay for
importing the ORM and configuring the mapped classes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.errors import NotFound
from citylinks.i18n import _
from citylinks.reports.common import stored_date

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class SourceDetail:
    key: str
    kind: str
    title: str
    publisher: str | None
    url: str | None
    published: PartialDate
    retrieved: PartialDate
    language: str | None
    excerpt: str | None
    note: str | None
    version: int
    created_by: str
    updated_by: str
    cited_by: dict[str, int]  # {'city': 2, 'membership_phase': 1}


def source_detail(conn: Connection, key: str) -> SourceDetail:
    """The source with `key` (in any case), as services.sources.get_source finds it."""
    s = schema.source.c
    row = conn.execute(
        select(schema.source).where(func.upper(s.key) == key.strip().upper())
    ).one_or_none()
    if row is None:
        raise NotFound(
            _(
                "no source with key '{key}': see `citylinks source list`, or record it with"
                " `citylinks source add`",
                key=key,
            )
        )
    return SourceDetail(
        key=row.key,
        kind=row.kind,
        title=row.title,
        publisher=row.publisher,
        url=row.url,
        published=stored_date(row.published_text),
        retrieved=stored_date(row.retrieved_text),
        language=row.language,
        excerpt=row.excerpt,
        note=row.note,
        version=row.version,
        created_by=row.created_by,
        updated_by=row.updated_by,
        cited_by=_cited_by(conn, row.id),
    )


def _cited_by(conn: Connection, source_id: int) -> dict[str, int]:
    """How many records of each kind cite the source (as services.sources.citations)."""
    counts: dict[str, int] = {}
    for name, table in sorted(schema.metadata.tables.items()):
        if not name.endswith("_source") or "source_id" not in table.c:
            continue
        n = conn.scalar(
            select(func.count()).select_from(table).where(table.c.source_id == source_id)
        )
        if n:
            counts[name.removesuffix("_source")] = n
    return counts
