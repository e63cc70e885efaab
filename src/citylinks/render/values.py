"""How single values are shown: dates, numbers (Persian digits in Persian)."""

from __future__ import annotations

from citylinks.dates import PartialDate
from citylinks.text import to_persian_digits


def show_date(d: PartialDate, calendar: str, lang: str) -> str:
    return d.format(calendar=calendar, lang=lang)


def number(n: int | str, lang: str) -> str:
    return to_persian_digits(str(n)) if lang == "fa" else str(n)


def date_record(d: PartialDate) -> dict | None:
    """A date in JSON and CSV: its own notation, reduced ISO 8601 where exact, and Jalali."""
    return {
        "value": str(d),
        "iso": d.iso(),
        "jalali": d.jalali_text(),
        "precision": d.precision,
        "earliest": d.earliest.isoformat() if d.earliest else None,
        "latest": d.latest.isoformat() if d.latest else None,
    }
