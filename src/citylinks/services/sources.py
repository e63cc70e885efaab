"""Sources: recording what an officer read (a news release, a decision letter) under a short
key (`S4`) that every other command accepts with `--source`."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citylinks import text
from citylinks.errors import CitylinksError, NotFound
from citylinks.model import Base, Source
from citylinks.services import fields
from citylinks.services.common import if_given, parse_date
from citylinks.services.names import LikelyDuplicate, lang_tag

KEY_PREFIX = "S"
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)


def next_key(session: Session, prefix: str = KEY_PREFIX) -> str:
    """The next free key `S<n>`: one more than the highest `S<n>` recorded."""
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$", re.I)
    numbers = [
        int(m.group(1))
        for key in session.scalars(select(Source.key))
        if (m := pattern.match(key)) is not None
    ]
    return f"{prefix}{max(numbers) + 1 if numbers else 1}"


def add_source(
    session: Session,
    *,
    title: str,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    retrieved: str | None = None,
    language: str | None = None,
    kind: str = "news-release",
    excerpt: str | None = None,
    note: str | None = None,
    force: bool = False,
) -> Source:
    """Record a source under the next free key."""
    title = fields.SOURCE_TITLE.clean(title)
    publisher = fields.SOURCE_PUBLISHER.clean(publisher) if publisher else None
    if url is not None:
        url = url.strip()
        if not _URL.match(url) or len(url) > 1000:
            raise CitylinksError(f"--url: '{url}' is not a web address: give http://… or https://…")
    source = Source(
        key=next_key(session),
        kind=fields.SOURCE_KIND.clean(kind),
        title=title,
        publisher=publisher,
        url=url,
        published=parse_date(published, "--published"),
        retrieved=parse_date(retrieved, "--retrieved"),
        language=lang_tag(language) if language else None,
        excerpt=if_given(fields.SOURCE_EXCERPT, excerpt),
        note=if_given(fields.NOTE, note),
    )
    if not force:
        _refuse_duplicate(session, source)
    return _add_with_free_key(session, source)


def _add_with_free_key(session: Session, source: Source, attempts: int = 5) -> Source:
    """Store `source` under the next free key. Two officers adding a source at once on
    PostgreSQL may both pick the same key: the second one takes the next key and tries again."""
    from sqlalchemy.exc import IntegrityError

    for attempt in range(attempts):
        try:
            with session.begin_nested():
                session.add(source)
                session.flush()
            return source
        except IntegrityError:
            if attempt == attempts - 1:
                raise
            source.key = next_key(session)
    raise AssertionError("unreachable")


def _refuse_duplicate(session: Session, new: Source) -> None:
    """The same web address, or a title that folds alike, is probably the same source."""
    folded = text.fold(new.title)
    same = [
        s
        for s in session.scalars(select(Source).order_by(Source.id))
        if (new.url and s.url == new.url) or text.fold(s.title) == folded
    ]
    if not same:
        return
    listed = "; ".join(f"{s.key} '{s.title}'" for s in same[:3])
    warning = f"this source looks recorded already: {listed}"
    raise LikelyDuplicate(
        f"{warning}; cite it with --source {same[0].key}, or add --force to record it again",
        warning,
    )


def list_sources(session: Session) -> list[Source]:
    sources = list(session.scalars(select(Source)))
    return sorted(sources, key=_key_order)


def _key_order(source: Source) -> tuple[str, int, str]:
    m = re.match(r"^([A-Za-z]+)(\d+)$", source.key)
    return (m.group(1).upper(), int(m.group(2)), "") if m else (source.key.upper(), -1, source.key)


def get_source(session: Session, key: str) -> Source:
    wanted = key.strip()
    found = session.scalars(
        select(Source).where(func.upper(Source.key) == wanted.upper())
    ).one_or_none()
    if found is None:
        raise NotFound(
            f"no source with key '{key}': see `citylinks source list`, or record it with"
            " `citylinks source add`"
        )
    return found


def citations(session: Session, source: Source) -> dict[str, int]:
    """How many records of each kind cite `source` ({'city': 2, 'membership_phase': 1})."""
    counts: dict[str, int] = {}
    for name, table in sorted(Base.metadata.tables.items()):
        if not name.endswith("_source") or "source_id" not in table.c:
            continue
        n = session.scalar(
            select(func.count()).select_from(table).where(table.c.source_id == source.id)
        )
        if n:
            counts[name.removesuffix("_source")] = n
    return counts
