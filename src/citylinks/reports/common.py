"""What several reports share: the sources they cite, and names in both languages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from citylinks.dates import PartialDate
from citylinks.model import Source


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


def cited_sources(session: Session, keys: Iterable[str]) -> dict[str, SourceRef]:
    """The sources with these keys, in one query (for --cite footnotes)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    found = session.scalars(select(Source).where(Source.key.in_(wanted)))
    return {s.key: SourceRef(s.key, s.title, s.publisher, s.published, s.url) for s in found}
