"""Helpers every action shares: sources by key, dates and texts from what an officer typed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from citylinks import text
from citylinks.dates import DateError, PartialDate
from citylinks.errors import CitylinksError, NotFound
from citylinks.model import Source


def sources_by_keys(session: Session, keys: list[str] | tuple[str, ...] | None) -> list[Source]:
    """The sources named by `keys` (as `citylinks source add` printed them), in that order."""
    if not keys:
        return []
    wanted = [k.strip() for k in keys]
    found = {
        s.key.lower(): s
        for s in session.scalars(
            select(Source).where(Source.key.in_(wanted + [k.upper() for k in wanted]))
        )
    }
    missing = [k for k in wanted if k.lower() not in found]
    if missing:
        raise NotFound(
            f"no source with key '{missing[0]}': see `citylinks source list`, or record it with"
            " `citylinks source add`"
        )
    return list(dict.fromkeys(found[k.lower()] for k in wanted))


# The largest whole number the databases' INTEGER columns hold (PostgreSQL's is 32-bit): a
# larger session number or count is a typo, refused before it reaches the database.
LARGEST_NUMBER = 2_147_483_647


def parse_date(value: str | None, what: str, calendar: str = "auto") -> PartialDate:
    """An officer's date for the field `what` (e.g. '--from'); None means unknown."""
    if value is None:
        return PartialDate.UNKNOWN
    try:
        return PartialDate.parse(value, calendar=calendar)
    except DateError as exc:
        raise CitylinksError(f"{what}: {exc}") from None


def clean_optional_note(value: str | None, what: str) -> str | None:
    return text.clean_note(value, what=what) if value is not None else None
