"""What several reports share: the sources they cite, and names in both languages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from citylinks import schema
from citylinks.dates import PartialDate

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
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


def cited_sources(session: Session | Connection, keys: Iterable[str]) -> dict[str, SourceRef]:
    """The sources with these keys, in one query (for --cite footnotes)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    s = schema.source.c
    found = session.execute(
        select(
            s.key,
            s.title,
            s.publisher,
            s.url,
            s.published_text,
            s.published_precision,
            s.published_earliest,
            s.published_latest,
        ).where(s.key.in_(wanted))
    )
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
