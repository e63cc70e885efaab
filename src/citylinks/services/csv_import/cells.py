"""What a CSV row's cells mean: each cell read by its field's rule (citylinks.services.fields),
a bad one becoming the row's error ("line 7: unknown status 'membre': ...")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import TypeVar

from citylinks.dates import PartialDate
from citylinks.errors import CitylinksError
from citylinks.formats.csv.reader import Row
from citylinks.i18n import _, listing, quoted
from citylinks.services import fields, lookup
from citylinks.services.fields import FieldError

BATCH = 5000

T = TypeVar("T")


class RowError(Exception):
    """What is wrong with one row (becomes 'line N: ...')."""


class Problems:
    """Every problem of one row: each cell is read on its own (`__call__`), so that an officer
    sees at once all that is wrong with a row and fixes it once. A row with one problem says
    it as before; with several, each is named by its column, in the one line of the row."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def __call__(self, column: str, read: Callable[[], T]) -> T | None:
        """What `read` makes of the row's `column` (None, the problem kept, if it is bad)."""
        try:
            return read()
        except RowError as exc:
            self.found.append((column, str(exc)))
            return None

    def add(self, column: str, problem: str) -> None:
        self.found.append((column, problem))

    def check(self) -> None:
        """RowError saying every problem found, if any."""
        if len(self.found) == 1:
            raise RowError(self.found[0][1])
        if self.found:
            raise RowError("; ".join(_named(column, said) for column, said in self.found))


def _named(column: str, said: str) -> str:
    """A problem named by its column, unless it names it already ("'city' is empty",
    "from: ...")."""
    if said.startswith((f"{column}:", f"{column} ")) or quoted(column, exact=True) in said:
        return said
    return _("{column}: {problem}", column=column, problem=said)


def cell(row: Row, name: str) -> str:
    return (row.cells.get(name) or "").strip()


def required(row: Row, name: str) -> str:
    value = cell(row, name)
    if not value:
        raise RowError(_("'{name}' is empty", name=name))
    return value


# A name comes again and again in a file (a city on each of its rows): checked once.
@lru_cache(maxsize=2 * BATCH)
def _clean(field: fields.Field, value: str, lang: str | None = None) -> str:
    return field.clean(value, lang)


def name(row: Row, name: str, field: fields.Field, lang: str | None = None) -> str:
    """A name cell; `lang`, its language where the column says it (`name_ar`): Arabic letters
    are kept as written unless it is Persian, as every door keeps them."""
    try:
        return _clean(field, required(row, name), lang)
    except FieldError as exc:
        raise RowError(str(exc)) from None


def names(row: Row, name: str, field: fields.Field, lang: str) -> list[str]:
    """A `name_LANG` cell: its names, one a line (formats.csv.NAMES_JOIN), each a name in
    `lang` (as `name`), in their order, each once."""
    found: list[str] = []
    for line in cell(row, name).splitlines():
        if line.strip():
            try:
                found.append(_clean(field, line.strip(), lang))
            except FieldError as exc:
                raise RowError(str(exc)) from None
    return list(dict.fromkeys(found))


def optional(row: Row, name: str, field: fields.Field) -> str | None:
    value = cell(row, name)
    if not value:
        return None
    try:
        return _clean(field, value)
    except FieldError as exc:
        raise RowError(str(exc)) from None


def date(row: Row, name: str) -> PartialDate:
    try:
        return fields.date(cell(row, name))
    except FieldError as exc:
        raise RowError(_("{name}: {exc}", name=name, exc=exc)) from None


def choice(row: Row, name: str, rule: fields.Choice, default: str | None = None) -> str:
    value = cell(row, name) or default
    if value is None:
        raise RowError(_("'{name}' is empty", name=name))
    try:
        return rule.clean(value)
    except FieldError as exc:
        raise RowError(str(exc)) from None


def source_keys(row: Row, required: bool) -> list[str]:
    # Keys separated by ';', or the Arabic semicolon «؛» a Persian keyboard types.
    keys = [k.strip() for k in cell(row, "source").replace("\u061b", ";").split(";") if k.strip()]
    if required and not keys:
        raise RowError(
            _("'source' is empty: every fact needs its source (a key of `citylinks source list`)")
        )
    return list(dict.fromkeys(keys))


def country(row: Row, countries: dict[str, int], name: str = "country") -> str:
    code = required(row, name).upper()
    if code not in countries:
        if code in _iso_codes():
            raise RowError(
                _(
                    "no country '{code}' is recorded: record it with `citylinks country add {code}` or `citylinks import csv countries FILE`",
                    code=code,
                )
            )
        raise RowError(
            _("no country '{code}': give an ISO 3166-1 alpha-2 code such as IR", code=code)
        )
    return code


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    from citylinks.services.cities import iso_countries

    return frozenset(iso_countries())


def number(row: Row) -> int:
    """A session's number, read as a command reads it (lookup.parse_number)."""
    try:
        return lookup.parse_number(required(row, "number"))
    except CitylinksError:
        raise RowError(
            _("number '{cell}' is not a positive whole number", cell=cell(row, "number"))
        ) from None


def instant(row: Row, name: str) -> datetime | None:
    """A date and time (a retracted phase's `retracted`), in UTC to the second; None if empty."""
    value = cell(row, name)
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise RowError(
            _(
                "{name}: '{value}' is not a date and time: write e.g. 2026-01-31T12:00:00+00:00",
                name=name,
                value=value,
            )
        ) from None
    return utc_second(at)


def utc_second(at: datetime | None) -> datetime | None:
    """A moment in UTC to the second, as a `retracted` cell gives it: a stored one (SQLite's
    without its zone, which citylinks writes in UTC; MariaDB's without its microseconds)
    compared with a cell's."""
    if at is None:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).replace(microsecond=0)


# How many keys a message lists before it says how many more there are.
LISTED = 10


def few(items: list[str], shown: int = LISTED) -> str:
    """`items` listed in a message, the first `shown` of them and how many more."""
    more = len(items) - shown
    return listing(items[:shown]) + (_(" and {n} more", n=more) if more > 0 else "")


def coordinate(row: Row, which: str) -> float | None:
    """A latitude or longitude cell, read as the commands' --lat and --lon are
    (fields.coordinate: `45.76`, `۴۵٫۷۶`, or a decimal comma, `45,76`, as a spreadsheet of a
    comma-decimal locale writes it), None when empty."""
    value = cell(row, which)
    if not value:
        return None
    try:
        return fields.coordinate(value, which)
    except FieldError as exc:
        raise RowError(str(exc)) from None
