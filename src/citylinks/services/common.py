"""Helpers every action shares: sources by key, dates and texts from what an officer typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from citylinks.dates import PartialDate
from citylinks.i18n import _
from citylinks.services import fields
from citylinks.services.fields import Field, FieldError
from citylinks.services.lookup import find_source_refs

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from citylinks.model import Source


@dataclass
class Done:
    """What an action did, in plain words (built inside the transaction, usable after it)."""

    message: str
    notes: list[str]


def sources_by_keys(session: Session, keys: list[str] | tuple[str, ...] | None) -> list[Source]:
    """The sources named by `keys` (as `citylinks source add` printed them), in that order
    (services.lookup.find_source_refs, which the one-row adds on Core call)."""
    refs = find_source_refs(session, keys)
    if not refs:
        return []
    from citylinks.model import Source

    found = {
        s.id: s for s in session.scalars(select(Source).where(Source.id.in_([r.id for r in refs])))
    }
    return [found[r.id] for r in refs]


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
