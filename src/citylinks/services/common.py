"""Helpers every action shares: sources by key, dates and texts from what an officer typed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from citylinks.dates import PartialDate
from citylinks.errors import NotFound
from citylinks.i18n import _
from citylinks.model import Source
from citylinks.services import fields
from citylinks.services.fields import Field, FieldError


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
            _(
                "no source with key '{missing}': see `citylinks source list`, or record it with `citylinks source add`",
                missing=missing[0],
            )
        )
    return list(dict.fromkeys(found[k.lower()] for k in wanted))


def parse_date(
    value: str | None, what: str, calendar: str = "auto", *, present: bool = False
) -> PartialDate:
    """An officer's date for the option `what` (e.g. '--from'); None means unknown.
    `present`: the end of a post or role, which may be 'present' (fields.date)."""
    if value is None:
        return PartialDate.UNKNOWN
    try:
        return fields.date(value, calendar, present=present)
    except FieldError as exc:
        raise FieldError(_("{what}: {exc}", what=what, exc=exc)) from None


def if_given(field: Field, value: str | None) -> str | None:
    """An option an officer may leave out: None when left out or blank (as an empty CSV cell
    or dataset field is a missing one, so that every door answers alike), else checked by
    its rule."""
    return field.optional(value)
