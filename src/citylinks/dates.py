"""The partial date: citylinks' one type for "when".

A source may say a membership began in "2008", "November 2008", "19 November 2008",
"circa 2008", "before آذر ۱۴۰۴", or nothing at all. `PartialDate` keeps exactly what the source
says, in the calendar it says it in (Gregorian or Jalali), and answers what reports ask of it:
the first and last day it may stand for, whether it is certainly or possibly before a day, and
how to show it in either calendar, in English or Persian.

Reading (`PartialDate.parse`):

- ``2008``, ``2008-11``, ``2008-11-19``, ``1387/08/29``; separators ``-``, ``/`` or ``.``;
  ASCII, Persian or Arabic-Indic digits, mixed in one date as keyboards mix them
  (``۲۸/۱۱/1404``: each digit is read by its value); direction marks, ZWNJ and tatweel are
  ignored.
- Month names in English (``19 November 2008``, ``Nov 2008``), Persian (``۷ آذر ۱۴۰۴``,
  ``۱۹ نوامبر ۲۰۰۸``) and transliterated Persian (``7 Azar 1404``). A month name fixes the
  calendar, whatever the ``calendar`` argument says. Before a Persian month's name the day
  may be a word, an ordinal or a number: ``هفتم آذر ۱۴۰۴``, ``هفت آذر ۱۴۰۴``, ``اول فروردین
  ۱۴۰۴``, ``یکم``, ``بیست و هشتم`` (or ``بیست‌وهشتم``), ``سی‌ام``, ``سی و یکم``.
- ``g:`` or ``j:`` before the digits says the calendar outright. Otherwise ``calendar`` decides,
  and in ``"auto"`` the year does: **1200–1699 are read as Jalali, 1700–9999 as Gregorian**.
  Jalali years in use today are about 1300–1500; Gregorian years before 1700 hardly concern
  organizations of cities. Other years need a prefix.
- Years run from 1000 to 9000 in either calendar (so every value, widened by "circa", can be
  shown in the other calendar).
- Qualifiers ``circa``/``c.``/``ca.``/``~``/``حدود``/``حدوداً``, ``before``/``قبل از``/``پیش از``,
  ``after``/``بعد از``/``پس از``; and ``unknown``, ``?``, ``نامعلوم``, ``نامشخص`` for
  `PartialDate.UNKNOWN`.
- A date bounded on both sides, "between A and B" (as Wikidata's earliest/latest-date
  qualifiers and EDTF's intervals have it): ``2025..2025-09-08``, ``between 2025 and
  2025-09-08``, ``بین ۱۴۰۴ و ۱۷ شهریور ۱۴۰۴``. Each bound is a plain date read on its own (either
  calendar, any precision); A may not be after B.
- Forms officers type: ``سال ۱۴۰۴`` / ``year 2008`` (the word adds nothing); a calendar named
  after the digits (``۱۴۰۴ شمسی``, ``۱۴۰۴ هجری شمسی``, ``۱۴۰۴ ه.ش``, ``۱۴۰۴ هـ ش``, ``۱۴۰۴ ش``,
  ``۲۰۲۵ میلادی``, ``۲۰۲۵ م``), which works as ``j:`` or ``g:`` (a lunar Hijri one, ``۱۴۴۷ ق``,
  ``ه.ق``, is refused: citylinks keeps no lunar dates); a named month with the year first
  (``۱۴۰۴ آذر ۷``, ``۱۴۰۴ آذر``, ``2025 November 28``), as with the day first; a weekday before a day (``جمعه ۷ آذر ۱۴۰۴``, ``Friday, 28 November
  2025``), checked against the day and then dropped (the day says it), refused when they
  disagree; day-first dates with the year last (``28/11/2025``, ``7/9/1404``, ``28.11.2025``)
  in the calendar the year shows: a Gregorian date that reads both ways (``03/04/2025``) is
  refused, one whose second number cannot be a month (``11/28/2025``) read month first, a
  Jalali one always day first; ``11/2025`` and ``9/1404`` are months.
- Early, mid and late (``اوایل``/``اوائل``/``ابتدای``, ``اواسط``/``میانه``, ``اواخر``;
  ``early``, ``mid``/``mid-``/``middle of``, ``late``) in a year or a month: a date of their
  own, known to the month, never more precise than the source. In a year, early is months 1-4, mid 5-8, late
  9-12 (``اوایل ۱۴۰۴`` = ``j:1404-01..j:1404-04``); in a month, early is days 1-10, mid 11-20,
  late 21 to the month's last day (``اوایل آذر ۱۴۰۴`` runs from ``j:1404-09-01`` to
  ``j:1404-09-10``). They qualify no day and combine with no other qualifier. The value keeps
  the word (its text is ``early j:1404-09``, shown «اوایل آذر ۱۴۰۴»): its precision is the
  month's, never the day's. (Before issue 15 they were stored as the date between the two
  days, ``j:1404-09-01..j:1404-09-10``; such stored values are read as they are.)
- ``present``, ``now``, ``ongoing``, ``تاکنون``, ``اکنون``, ``هم‌اکنون`` for `PartialDate.PRESENT`:
  the end of a post or role that is still held, as against ``unknown``, an end not known.
  (services.fields accepts it only where it means that.)

The canonical text (``str(d)``) is ``2008``, ``2008-11-19``, ``j:1404-09``, ``circa 2008``,
``before 2008-11``, ``after j:1404``, ``early j:1404-09``, ``2025..2025-09-08``, ``present`` or
``unknown``; a
Gregorian year outside 1700–9999 is written ``g:1650``. ``PartialDate.parse(str(d)) == d``
always.

Bounds (`earliest`, `latest`) are Gregorian `datetime.date`s: the first and last day the value
may stand for. "circa" widens by one unit of the value's precision on each side (a year, a
month), but by seven days for a day: a source that is unsure of a day is usually unsure of the
week. "before X" ends the day before X begins and has no earliest day; "after X" begins the day
after X ends and has no latest day. "between A and B" runs from A's first day to B's last, and
its precision is the coarser of the two. Neither `UNKNOWN` nor `PRESENT` has a first or last
day.

`jdatetime` is imported inside the functions that need it, so that importing this module (and
``citylinks --help``) stays cheap.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from typing import ClassVar, Protocol

from citylinks.errors import CitylinksError
from citylinks.i18n import N_, _, digit_look_alike, language, quoted, shortened, t

GREGORIAN = "gregorian"
JALALI = "jalali"
CALENDARS = (GREGORIAN, JALALI)
QUALIFIERS = ("circa", "before", "after")
# The qualifier of a date bounded on both sides; its upper bound is `PartialDate.upper`.
BETWEEN = "between"
# Early, mid and late in a year or a month (اوایل، اواسط، اواخر): qualifiers of a year or a
# month that keep the word the source used; the days they stand for are in `_PERIODS`.
PERIODS = ("early", "mid", "late")
PRECISIONS = ("year", "month", "day")

MIN_YEAR = 1000
MAX_YEAR = 9000
# One range for every date, whichever calendar it is in. A value may span Gregorian 1000 to
# 9000 and the Jalali years of the same days (378 to 8379); what a person or a file gives
# must lie a little inside that (FIRST_DAY to LAST_DAY), so that the date shown in the other
# calendar, and a report's time axis around it, never leave the range.
YEARS = {GREGORIAN: (MIN_YEAR, MAX_YEAR), JALALI: (378, 8379)}
FIRST_DAY = date(MIN_YEAR + 10, 1, 1)
LAST_DAY = date(MAX_YEAR - 10, 12, 31)
# In "auto", the year alone says the calendar.
AUTO_JALALI_YEARS = range(1200, 1700)
AUTO_GREGORIAN_YEARS = range(1700, 10000)
CIRCA_DAYS = 7

_FORMAT_CALENDARS = ("both", GREGORIAN, JALALI)
_LANGS = ("en", "fa")
_SPAN_DASH = "\N{EN DASH}"

_GREGORIAN_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_GREGORIAN_MONTHS_FA = (
    "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
    "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
)  # fmt: skip
_JALALI_MONTHS_EN = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)  # fmt: skip
_JALALI_MONTHS_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
# Other spellings met in sources and typed by officers (Arabic yeh and kaf are folded by
# _normalise, a madda or hamza on alef by _month_key: «اذر», «ابان», «اوریل» are the months).
_MONTH_VARIANTS = {
    "sept": (GREGORIAN, 9),
    "می": (GREGORIAN, 5),
    "ژوییه": (GREGORIAN, 7),
    "ژوین": (GREGORIAN, 6),
    "آگوست": (GREGORIAN, 8),
    "اگست": (GREGORIAN, 8),
    "اکتوبر": (GREGORIAN, 10),
    "amordad": (JALALI, 5),
    "امرداد": (JALALI, 5),
    "اردبهشت": (JALALI, 2),
    "ardibehesht": (JALALI, 2),
    "ordibehest": (JALALI, 2),
    "khurdad": (JALALI, 3),
    "shahrivar": (JALALI, 6),
    "shahrewar": (JALALI, 6),
    "dei": (JALALI, 10),
}
# A month name written as two words («اردی بهشت»), read as one.
_SPLIT_MONTH = re.compile(r"(?<![^\W\d_])(اردی)\s+(بهشت)(?![^\W\d_])")
# Alef with a madda or hamza, as a month name is matched: officers often leave them out.
_PLAIN_ALEF = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا"})

_WORDS = {
    "en": {
        "unknown": "unknown",
        "present": "present",
        "circa": "circa",
        "before": "before",
        "after": "after",
        "between": "between",
        "and": "and",
        "early": "early",
        "mid": "mid",
        "late": "late",
    },
    "fa": {
        "unknown": "نامعلوم",
        "present": "تاکنون",
        "circa": "حدود",
        "before": "پیش از",
        "after": "پس از",
        "between": "بین",
        "and": "و",
        "early": "اوایل",
        "mid": "اواسط",
        "late": "اواخر",
    },
}
_UNITS = {
    "en": {"year": ("year", "years"), "month": ("month", "months"), "day": ("day", "days")},
    "fa": {"year": ("سال", "سال"), "month": ("ماه", "ماه"), "day": ("روز", "روز")},
}
_LESS_THAN_ONE = {
    "en": {"year": "less than a year", "month": "less than a month"},
    "fa": {"year": "کمتر از یک سال", "month": "کمتر از یک ماه"},
}
_APPROXIMATELY = {"en": "~", "fa": "حدود "}
_AND = {"en": " ", "fa": " و "}

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
# Marks that change how text is shown, not what it says: direction marks and embeddings, ZWNJ,
# ZWJ, zero-width space, BOM, tatweel, and Arabic diacritics (the tanwin of حدوداً, the hamza
# of ژوئیهٔ).
_IGNORED = (
    "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u0640"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u0670"
    + "".join(chr(c) for c in range(0x064B, 0x0660))
)
_NORMALISE = str.maketrans(
    {
        **{d: str(i) for i, d in enumerate(_PERSIAN_DIGITS)},
        **{d: str(i) for i, d in enumerate(_ARABIC_INDIC_DIGITS)},
        **{chr(0xFF10 + i): str(i) for i in range(10)},  # fullwidth, as a CJK input method types
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ۀ": "ه",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        **dict.fromkeys(_IGNORED),
    }
)
_TO_PERSIAN_DIGITS = str.maketrans("0123456789", _PERSIAN_DIGITS)

_UNKNOWN_WORDS = frozenset({"unknown", "?", "؟", "نامعلوم", "نامشخص"})
# Still held: ZWNJ is dropped by _normalise, so هم‌اکنون is هماکنون.
_PRESENT_WORDS = frozenset({"present", "now", "ongoing", "تاکنون", "اکنون", "هماکنون", "هم اکنون"})
_BETWEEN = re.compile(r"(?:between|بین|میان)\s+(?P<first>.+?)\s+(?:and\s+|و\s*)(?P<last>.+)")
_BETWEEN_WORD = re.compile(r"(?:between|بین|میان)\b")
# "A..B"; a single dot is a separator inside a date (1387.08.29).
_RANGE = re.compile(r"(?P<first>.*?)\s*\.\.\s*(?P<last>.*)")
_QUALIFIER = re.compile(
    r"(?P<circa>(?:circa|ca\.?|c\.|~|حدودا?)\s*)"
    r"|(?P<before>(?:before|قبل\s*از|پیش\s*از)\s*)"
    r"|(?P<after>(?:after|بعد\s*از|پس\s*از)\s*)"
)
_CALENDAR_PREFIX = re.compile(r"(?P<mark>[gj]):\s*")
_NUMERIC = re.compile(
    r"(?P<year>[0-9]+)(?:[-/.](?P<month>[0-9]{1,2})(?:[-/.](?P<day>[0-9]{1,2}))?)?"
)
_NAMED = re.compile(
    r"(?:(?P<day>[0-9]{1,2})\s+)?"
    r"(?P<name>[^\W\d_]+(?:\s*ماه)?)(?:\.\s*|\s*[,،]\s*|\s+)"
    r"(?:(?P<day_after>[0-9]{1,2})(?:\s*[,،]\s*|\s+))?"
    r"(?:سال\s*)?(?P<year>[0-9]+)"
)
# The year first, as Persian writers also put it: ۱۴۰۴ آذر ۷, ۱۴۰۴ آذر, 2025 November 28. The
# year has three digits or more, so that it is never taken for a day.
_NAMED_YEAR_FIRST = re.compile(
    r"(?P<year>[0-9]{3,})(?:\s*[,،]\s*|\s+)"
    r"(?P<name>[^\W\d_]+(?:\s*ماه)?)"
    r"(?:\.?(?:\s*[,،]\s*|\s+)(?P<day>[0-9]+))?"
)
# Day first, as people write it in Iran and Europe: 28/11/2025, 7/9/1404 (and 28.11.2025).
_DAY_FIRST = re.compile(r"(?P<first>[0-9]{1,2})[-/.](?P<second>[0-9]{1,2})[-/.](?P<year>[0-9]+)")
# More digits in a row than any part of a date has (a year has at most four; a few more are
# read, to be refused as out of range with the year named).
_OVERLONG_NUMBER = re.compile(r"[0-9]{9,}")
# A month and a year: 11/2025, 9/1404.
_MONTH_YEAR = re.compile(r"(?P<month>[0-9]{1,2})[-/.](?P<year>[0-9]{4})")
# "the year 1404": the word says nothing more than the digits.
_YEAR_WORD = re.compile(r"(?:سال|year)\s*(?=[0-9])")
# A weekday before a day ("جمعه ۷ آذر ۱۴۰۴", "Friday, 28 November 2025"): checked, not kept.
# Python's numbering, Monday = 0; ZWNJ is dropped by _normalise (سه‌شنبه is سهشنبه).
_WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_NAMES_FA = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")
_WEEKDAYS: dict[str, int] = {
    **{name.casefold(): number for number, name in enumerate(_WEEKDAY_NAMES_EN)},
    **{name.casefold()[:3]: number for number, name in enumerate(_WEEKDAY_NAMES_EN)},
    "tues": 1, "weds": 2, "thur": 3, "thurs": 3,
    "دوشنبه": 0, "سهشنبه": 1, "چهارشنبه": 2, "پنجشنبه": 3, "جمعه": 4, "آدینه": 4,
    "شنبه": 5, "یکشنبه": 6,
}  # fmt: skip
_WEEKDAY = re.compile(
    r"(?P<weekday>(?:یک|دو|سه|چهار|پنج)?\s?شنبه|جمعه|آدینه|[a-z]+)\.?(?:\s*[,،]\s*|\s+)"
)
# A day written as a Persian word before its month's name: an ordinal (هفتم، اول، بیست و هشتم،
# سی‌ام) or a number (هفت، بیست و یک), as _normalise leaves them (no ZWNJ: سی‌ام is سیام).
_DAY_UNITS = ("یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")
_DAY_UNIT_ORDINALS = ("یکم", "دوم", "سوم", "چهارم", "پنجم", "ششم", "هفتم", "هشتم", "نهم")
_DAY_TEENS = (
    "ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده",
)  # fmt: skip


def _day_word_table() -> dict[str, int]:
    table = {"اول": 1, "بیست": 20, "بیستم": 20, "سی": 30, "سیام": 30, "سی ام": 30}
    for number, (unit, ordinal) in enumerate(
        zip(_DAY_UNITS, _DAY_UNIT_ORDINALS, strict=True), start=1
    ):
        table[unit] = table[ordinal] = number
        for tens, value in (("بیست", 20), ("سی", 30)):
            if value + number <= 31:
                for joined in (" و ", "و"):  # «بیست و هشتم», «بیست‌وهشتم» without its ZWNJ
                    table[tens + joined + unit] = table[tens + joined + ordinal] = value + number
    for number, teen in enumerate(_DAY_TEENS, start=10):
        table[teen] = table[teen + "م"] = number
    table["هیجده"], table["هیجدهم"] = 18, 18  # the other spelling of هجده
    return table


_DAY_WORDS = _day_word_table()
_DAY_WORD = re.compile(
    r"(?<![^\W\d_])(?P<word>"
    + "|".join(sorted((re.escape(w) for w in _DAY_WORDS), key=len, reverse=True))
    + r")(?=\s+(?P<month>[^\W\d_]+))"
)
# Early, mid and late in a year or a month (اوایل، اواسط، اواخر): the first, second or last
# third of it (see `_PERIODS`), kept as a qualifier of the year or month.
_PERIOD = re.compile(
    r"(?P<early>(?:early|اوایل|اوائل|ابتدای)(?:\s*-\s*|\s+))"
    r"|(?P<mid>(?:mid|middle\s+of|اواسط|میانه)(?:\s*-\s*|\s+))"
    r"|(?P<late>(?:late|اواخر|اواخر)(?:\s*-\s*|\s+))"
)
# Which months of a year, and which days of a month, each stands for; None is the month's last.
_PERIODS: dict[str, tuple[tuple[int, int], tuple[int, int | None]]] = {
    "early": ((1, 4), (1, 10)),
    "mid": ((5, 8), (11, 20)),
    "late": ((9, 12), (21, None)),
}
# A calendar named after the digits: ۱۴۰۴ شمسی, ۲۰۲۵ میلادی, 1404 ه.ش.
# «ش» alone and «ه.خ» (هجری خورشیدی) are Jalali too; a lunar Hijri year («۱۴۴۷ ق», «ه.ق»,
# «قمری») is named to be refused: citylinks keeps no lunar dates.
_CALENDAR_SUFFIX = re.compile(
    r"\s+(?:(?P<jalali>(?:هجری\s*)?(?:شمسی|خورشیدی)|ه\s*\.?\s*[شخ]\.?|ش\.?)"
    r"|(?P<gregorian>میلادی|م\.?)"
    r"|(?P<lunar>(?:هجری\s*)?قمری|ه\s*\.?\s*ق\.?|ق\.?))$"
)
_FORMS = N_("write YYYY, YYYY-MM or YYYY-MM-DD (Gregorian) or j:YYYY-MM-DD (Jalali)")


class DateError(CitylinksError, ValueError):
    """A date that cannot be read or does not exist; the message says why, in one line."""


def _normalise(text: str) -> str:
    """ASCII digits, Persian letters, no invisible marks, single spaces, case folded."""
    return " ".join(text.translate(_NORMALISE).split()).casefold()


def _day_in_digits(rest: str) -> str:
    """A day written as a word before a month's name, in digits: «هفتم آذر ۱۴۰۴» is read as
    «7 آذر 1404». A number word before anything else (سه شنبه, a weekday) is left alone."""
    return _DAY_WORD.sub(
        lambda m: str(_DAY_WORDS[m["word"]]) if _month_named(m["month"]) else m["word"], rest
    )


def _month_key(name: str) -> str:
    """How a month name is matched: _normalise, and any alef (آ أ إ) as a plain one."""
    return _normalise(name).translate(_PLAIN_ALEF)


def _month_table() -> dict[str, tuple[str, int]]:
    table: dict[str, tuple[str, int]] = {}
    for calendar, names in (
        (GREGORIAN, _GREGORIAN_MONTHS_EN),
        (GREGORIAN, _GREGORIAN_MONTHS_FA),
        (JALALI, _JALALI_MONTHS_EN),
        (JALALI, _JALALI_MONTHS_FA),
    ):
        for number, name in enumerate(names, start=1):
            table[_month_key(name)] = (calendar, number)
    for number, name in enumerate(_GREGORIAN_MONTHS_EN, start=1):
        table[_month_key(name[:3])] = (GREGORIAN, number)
    table.update({_month_key(name): found for name, found in _MONTH_VARIANTS.items()})
    return table


_MONTH_NAMES = _month_table()


def _month_named(token: str) -> tuple[str, int] | None:
    token = _month_key(token)
    found = _MONTH_NAMES.get(token)
    if found is None and token.endswith("ماه"):  # "آذر ماه", "آذرماه"
        found = _MONTH_NAMES.get(token.removesuffix("ماه").strip())
    return found


def _auto_calendar(year: int) -> str | None:
    if year in AUTO_JALALI_YEARS:
        return JALALI
    if year in AUTO_GREGORIAN_YEARS:
        return GREGORIAN
    return None


def _jalali_is_leap(year: int) -> bool:
    import jdatetime

    return jdatetime.date(year, 1, 1).isleap()


def _days_in_month(calendar: str, year: int, month: int) -> int:
    if calendar == GREGORIAN:
        return monthrange(year, month)[1]
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if _jalali_is_leap(year) else 29


def _month_name(calendar: str, month: int) -> str:
    """The month's name in the interface language."""
    if language() == "fa":
        return (_GREGORIAN_MONTHS_FA if calendar == GREGORIAN else _JALALI_MONTHS_FA)[month - 1]
    return (_GREGORIAN_MONTHS_EN if calendar == GREGORIAN else _JALALI_MONTHS_EN)[month - 1]


def _calendar_word(calendar: str) -> str:
    """'Gregorian' or 'Jalali' in the interface language."""
    return t(f"calendar_{calendar}", language())


def for_message(value: PartialDate) -> str:
    """A date in a message as `PartialDate.format` shows it, never in its stored form
    ('j:1404-09', 'late j:1404', '2025..2025-09-08'). In English in its own calendar, as an
    officer would type it again ('1404-09', 'late 1404', 'between 2025 and 2025-09-08'): a
    message is one line, and a date with its other calendar in parentheses inside a sentence
    reads badly. In Persian as the Persian reports show it, the Jalali date first, with
    Persian month names and digits («اواخر ۱۴۰۴ (...)»). Every message naming a date uses it."""
    if language() == "fa":
        return value.format("both", "fa")
    return value.format(value.calendar or "both", "en")


def _to_gregorian(calendar: str, year: int, month: int, day: int) -> date:
    if calendar == GREGORIAN:
        return date(year, month, day)
    import jdatetime

    return jdatetime.date(year, month, day).togregorian()


def _in_calendar(day: date, calendar: str) -> tuple[int, int, int]:
    if calendar == GREGORIAN:
        return day.year, day.month, day.day
    import jdatetime

    jalali = jdatetime.date.fromgregorian(date=day)
    return jalali.year, jalali.month, jalali.day


def _span(calendar: str, year: int, month: int | None, day: int | None) -> tuple[date, date]:
    """The first and last Gregorian day of a bare (unqualified, unchecked) value."""
    if month is not None and day is not None:  # a day always has a month (__post_init__)
        only = _to_gregorian(calendar, year, month, day)
        return only, only
    if month is None:
        first = _to_gregorian(calendar, year, 1, 1)
        return first, _to_gregorian(calendar, year + 1, 1, 1) - timedelta(days=1)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    first = _to_gregorian(calendar, year, month, 1)
    return first, _to_gregorian(calendar, next_year, next_month, 1) - timedelta(days=1)


def _digits(parts: tuple[int, ...]) -> str:
    """(2008, 11, 9) -> '2008-11-09'."""
    return "-".join([str(parts[0]), *(f"{part:02d}" for part in parts[1:])])


def _words(calendar: str, parts: tuple[int, ...], with_year: bool = True) -> str:
    """(1404, 9, 7) -> '7 آذر 1404' (digits still ASCII)."""
    names = _GREGORIAN_MONTHS_FA if calendar == GREGORIAN else _JALALI_MONTHS_FA
    words = []
    if len(parts) == 3:
        words.append(str(parts[2]))
    if len(parts) >= 2:
        words.append(names[parts[1] - 1])
    if with_year:
        words.append(str(parts[0]))
    return " ".join(words)


def _render_span(calendar: str, first: tuple[int, ...], last: tuple[int, ...], lang: str) -> str:
    """One value, or a span of them, in one calendar: '1386–1387', 'آبان–آذر ۱۴۰۴'."""
    if lang == "en":
        if first == last:
            return _digits(first)
        return f"{_digits(first)}{_SPAN_DASH}{_digits(last)}"
    if first == last:
        shown = _words(calendar, first)
    elif len(first) >= 2 and first[0] == last[0]:
        shown = f"{_words(calendar, first, with_year=False)}{_SPAN_DASH}{_words(calendar, last)}"
    else:
        shown = f"{_words(calendar, first)}{_SPAN_DASH}{_words(calendar, last)}"
    return shown.translate(_TO_PERSIAN_DIGITS)


def _weekday_number(word: str) -> int | None:
    return _WEEKDAYS.get(word.replace(" ", ""))


def _day_and_month(
    shown: str, calendar: str, year: int, first: int, second: int
) -> tuple[int, int]:
    """Day and month of a date written with the year last: day first, as Iranian and European
    writers put it. A Gregorian date whose second number cannot be a month (11/28/2025) is read
    month first, its only reading; one that reads both ways (03/04/2025) is refused, since
    American sources put the month first. Nobody writes a Jalali date month first."""
    if calendar == JALALI or first > 12 or first == second:
        return first, second
    if second > 12:
        return second, first
    raise DateError(
        _(
            "'{shown}' could be {first} {month} or {second} {other_month} {year}: write the year"
            " first ({iso} for {first} {month}) or the month's name ({first} {month} {year})",
            shown=shown,
            first=first,
            month=_month_name(GREGORIAN, second),
            second=second,
            other_month=_month_name(GREGORIAN, first),
            year=year,
            iso=f"{year}-{second:02d}-{first:02d}",
        )
    )


def _check_weekday(shown: str, value: PartialDate, weekday: int) -> None:
    """Refuse a weekday that the date contradicts, or one given with less than a day."""
    if value.day is None or value.calendar is None or value.year is None:
        raise DateError(
            _(
                "'{shown}' names a weekday but no day: give the day, e.g. جمعه ۷ آذر ۱۴۰۴ or Friday 28 November 2025",
                shown=shown,
            )
        )
    day = value._bare_span[0]
    if day.weekday() == weekday:
        return
    persian = any("\u0600" <= ch <= "\u06ff" for ch in shown)
    if persian or language() == "fa":
        written = _words(value.calendar, value._parts).translate(_TO_PERSIAN_DIGITS)
    else:
        months = _GREGORIAN_MONTHS_EN if value.calendar == GREGORIAN else _JALALI_MONTHS_EN
        written = f"{value.day} {months[value.month - 1 if value.month else 0]} {value.year}"
    names = _WEEKDAY_NAMES_FA if language() == "fa" else _WEEKDAY_NAMES_EN
    values = {
        "shown": shown,
        "written": written,
        "weekday": names[day.weekday()],
        "given": names[weekday],
    }
    if day < date.today():
        message = _(
            "'{shown}': {written} was a {weekday}, not a {given}: check the day, or leave the"
            " weekday out",
            **values,
        )
    else:
        message = _(
            "'{shown}': {written} is a {weekday}, not a {given}: check the day, or leave the"
            " weekday out",
            **values,
        )
    raise DateError(message)


def _period(shown: str, value: PartialDate, period: str) -> PartialDate:
    """Early, mid or late in a year (months 1-4, 5-8, 9-12) or a month (days 1-10, 11-20,
    21 to the last): the year or month so qualified (its bounds are the first and the last of
    them, see `_period_span`)."""
    if value.calendar is None or value.year is None or value.day is not None:
        raise DateError(
            _(
                "'{shown}': early, mid and late qualify a year or a month, not a day: write e.g. early 2025, اوایل ۱۴۰۴ or اوایل آذر ۱۴۰۴",
                shown=shown,
            )
        )
    return replace(value, qualifier=period)


def _period_span(value: PartialDate) -> tuple[date, date]:
    """The first and last day of early, mid or late `value` (a year or a month)."""
    calendar, year, month = value.calendar, value.year, value.month
    if calendar is None or year is None or value.qualifier not in _PERIODS:
        raise DateError(_("the unknown date has no first or last day"))
    months, days = _PERIODS[value.qualifier]
    if month is None:
        return (
            _span(calendar, year, months[0], None)[0],
            _span(calendar, year, months[1], None)[1],
        )
    last_day = days[1] or _days_in_month(calendar, year, month)
    return _span(calendar, year, month, days[0])[0], _span(calendar, year, month, last_day)[1]


@dataclass(frozen=True, repr=False)
class PartialDate:
    """A date known to the year, the month or the day, in the Gregorian or Jalali calendar,
    perhaps qualified (circa, before, after), or between two such dates; or unknown; or, for
    the end of something still held, `PRESENT`.

    A date between A and B holds A in its own fields and B (a plain date) in `upper`, with
    the qualifier "between". Constructing one checks it: a day that does not exist, or a B
    before A, raises `DateError`.
    """

    calendar: str | None
    year: int | None
    month: int | None = None
    day: int | None = None
    qualifier: str | None = None
    upper: PartialDate | None = None

    UNKNOWN: ClassVar[PartialDate]
    PRESENT: ClassVar[PartialDate]

    def __post_init__(self) -> None:
        if self.calendar is None:
            if (self.year, self.month, self.day, self.upper) != (None, None, None, None) or (
                self.qualifier not in (None, "present")
            ):
                raise DateError(
                    _(
                        "a date without a calendar must be unknown or present: use PartialDate.UNKNOWN or PartialDate.PRESENT"
                    )
                )
            return
        if self.calendar not in CALENDARS:
            raise DateError(
                _(
                    "calendar {calendar!r} is not known: use 'gregorian' or 'jalali'",
                    calendar=self.calendar,
                )
            )
        if self.qualifier not in (None, *QUALIFIERS, *PERIODS, BETWEEN):
            raise DateError(
                _(
                    "qualifier {qualifier!r} is not known: use 'circa', 'before', 'after' or 'between'",
                    qualifier=self.qualifier,
                )
            )
        if (self.qualifier == BETWEEN) != (self.upper is not None):
            raise DateError(
                _(
                    "a date between two dates needs both, and only it has an upper bound: write e.g. 2025..2025-09-08"
                )
            )
        if self.year is None or (self.day is not None and self.month is None):
            raise DateError(_("a date needs a year, and a month if it has a day"))
        if self.qualifier in PERIODS and self.day is not None:
            raise DateError(
                _(
                    "'{shown}': early, mid and late qualify a year or a month, not a day: write e.g. early 2025, اوایل ۱۴۰۴ or اوایل آذر ۱۴۰۴",
                    shown=f"{self.qualifier} {self._bare_text}",
                )
            )
        lowest, highest = YEARS[self.calendar]
        if not lowest <= self.year <= highest:
            # Said as the range a date may be given in (the README's), not the wider one a
            # stored date may span.
            if self.calendar == JALALI:
                lowest = _in_calendar(FIRST_DAY, JALALI)[0] + 1
                highest = _in_calendar(LAST_DAY, JALALI)[0] - 1
            else:
                lowest, highest = FIRST_DAY.year, LAST_DAY.year
            raise DateError(
                _(
                    "year {year} is out of range: {calendar} years run from {lowest} to {highest}",
                    year=self.year,
                    calendar=_calendar_word(self.calendar),
                    lowest=lowest,
                    highest=highest,
                )
            )
        if self.month is not None:
            self._check_month_and_day()
        self._check_upper()

    def _check_month_and_day(self) -> None:
        if self.calendar is None or self.year is None or self.month is None:
            return
        if not 1 <= self.month <= 12:
            raise DateError(
                _("month {month} is out of range: months run from 1 to 12", month=self.month)
            )
        if self.day is None:
            return
        days = _days_in_month(self.calendar, self.year, self.month)
        if self.day < 1:
            raise DateError(_("day {day} is out of range: days run from 1", day=self.day))
        if self.day > days:
            # The message says which day: its Persian form does not repeat it (the command
            # line names what was typed).
            values = {
                "date": _digits(self._parts),
                "month": _month_name(self.calendar, self.month),
                "year": self.year,
                "days": days,
            }
            if self.calendar == JALALI and self.month == 12 and days == 30:
                message = _(
                    "{date} does not exist: {month} {year} has {days} days ({year} is a leap year)",
                    **values,
                )
            elif self.calendar == JALALI and self.month == 12:
                message = _(
                    "{date} does not exist: {month} {year} has {days} days ({year} is not a leap"
                    " year)",
                    **values,
                )
            else:
                message = _("{date} does not exist: {month} {year} has {days} days", **values)
            raise DateError(message)

    def _check_upper(self) -> None:
        """B of "between A and B": a plain date, not before A."""
        upper = self.upper
        if upper is None:
            return
        if upper.calendar is None or upper.qualifier is not None:
            raise DateError(
                _(
                    "the upper bound {upper_text!r} is not a plain date: each bound of a date between two dates is a date without circa, before, after or between",
                    upper_text=for_message(upper),
                )
            )
        if self._bare_span[0] > upper._bare_span[1]:
            raise DateError(
                _(
                    "'{text}' runs backwards: {bare_text} is after {upper_text}; write the earlier date first",
                    text=self.text,
                    bare_text=for_message(replace(self, qualifier=None, upper=None)),
                    upper_text=for_message(upper),
                )
            )

    # Reading

    @classmethod
    def parse(cls, text: str, calendar: str = "auto") -> PartialDate:
        """Read a date as a person or a source writes it (see the module docstring).

        `calendar` ("auto", "gregorian" or "jalali") says how to read bare digits; a ``g:`` or
        ``j:`` prefix, or a month name, overrides it. A date outside FIRST_DAY to LAST_DAY is
        refused, the same for every entry point.
        """
        if said := digit_look_alike(text):
            raise DateError(said)
        found = cls._read(text, calendar)
        days = [found.earliest, found.latest]
        if found.upper is not None:  # the one range holds each bound whole
            days += [*found._bare_span, *found.upper._bare_span]
        for day in days:
            if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                # The Jalali years that lie wholly within the range.
                first = _in_calendar(FIRST_DAY, JALALI)[0] + 1
                last = _in_calendar(LAST_DAY, JALALI)[0] - 1
                raise DateError(
                    _(
                        "'{text}' is out of range: dates run from {year} to {year2} (Jalali {first} to {last})",
                        text=text.strip(),
                        year=FIRST_DAY.year,
                        year2=LAST_DAY.year,
                        first=first,
                        last=last,
                    )
                )
        return found

    @classmethod
    def _read(cls, text: str, calendar: str) -> PartialDate:
        if calendar not in ("auto", *CALENDARS):
            raise ValueError(
                _(
                    "calendar must be 'auto', 'gregorian' or 'jalali', not {calendar!r}",
                    calendar=calendar,
                )
            )
        shown = shortened(text.strip())  # a value from a file may be any length
        rest = _day_in_digits(_SPLIT_MONTH.sub(r"\1\2", _normalise(text)))
        if not rest:
            raise DateError(_("no date given: {forms}, or 'unknown'", forms=_(_FORMS)))
        if _OVERLONG_NUMBER.search(rest):
            # No date has a number this long; reading one (int) would be refused by Python
            # itself past 4,300 digits, with words of its own.
            raise DateError(_("'{shown}' is not a date: {forms}", shown=shown, forms=_(_FORMS)))
        if rest in _UNKNOWN_WORDS:
            return cls.UNKNOWN
        if rest in _PRESENT_WORDS:
            return cls.PRESENT
        if bounds := (_BETWEEN.fullmatch(rest) or _RANGE.fullmatch(rest)):
            return cls._between(shown, bounds["first"], bounds["last"], calendar)
        if _BETWEEN_WORD.match(rest):
            raise DateError(
                _("'{shown}' needs two dates: write e.g. between 2025 and 2025-09-08", shown=shown)
            )
        qualifier = None
        if found := _QUALIFIER.match(rest):
            qualifier = found.lastgroup
            rest = rest[found.end() :]
        weekday = None
        if (found := _WEEKDAY.match(rest)) and _weekday_number(found["weekday"]) is not None:
            weekday = _weekday_number(found["weekday"])
            rest = rest[found.end() :]
        period = None
        if found := _PERIOD.match(rest):
            period = found.lastgroup
            rest = rest[found.end() :]
        forced = named_as = None
        if found := _CALENDAR_PREFIX.match(rest):
            forced = JALALI if found["mark"] == "j" else GREGORIAN
            named_as = _("the {mark}: prefix", mark=found["mark"])
            rest = rest[found.end() :]
        if found := _CALENDAR_SUFFIX.search(rest):
            if found["lunar"]:
                raise DateError(
                    _(
                        "'{shown}' is a lunar Hijri date ({mark}): citylinks keeps solar Hijri"
                        " (Jalali) and Gregorian dates; give the date in one of them, e.g."
                        " ۷ آذر ۱۴۰۴ or 28 November 2025",
                        shown=shown,
                        mark=found.group().strip(),
                    )
                )
            suffix = JALALI if found["jalali"] else GREGORIAN
            if forced is not None and forced != suffix:
                raise DateError(_("'{shown}' names two calendars: keep one", shown=shown))
            forced, named_as = suffix, quoted(found.group().strip(), exact=True)
            rest = rest[: found.start()]
        rest = _YEAR_WORD.sub("", rest, count=1)
        plain = cls._plain(shown, rest, calendar, forced, named_as)
        if weekday is not None:
            _check_weekday(shown, plain, weekday)
        if period is not None:
            if qualifier is not None:
                raise DateError(
                    _(
                        "'{shown}': early, mid and late cannot be combined with circa, before or after: give one of them",
                        shown=shown,
                    )
                )
            return _period(shown, plain, period)
        return replace(plain, qualifier=qualifier) if qualifier else plain

    @classmethod
    def _plain(
        cls, shown: str, rest: str, calendar: str, forced: str | None, named_as: str | None
    ) -> PartialDate:
        """A date without qualifier: digits (year first or day first) or a month's name."""

        def chosen_for(year: int, written: str) -> str:
            chosen = forced or (calendar if calendar != "auto" else _auto_calendar(year))
            if chosen is None:
                if year < MIN_YEAR or year > MAX_YEAR:
                    raise DateError(
                        _(
                            "year {year} is out of range: years run from {min_year} to {max_year}",
                            year=year,
                            min_year=FIRST_DAY.year,
                            max_year=LAST_DAY.year,
                        )
                    )
                raise DateError(
                    _(
                        "{year} could be a Gregorian or a Jalali year: write g:{written} or j:{written}",
                        year=year,
                        written=written,
                    )
                )
            return chosen

        if numeric := _DAY_FIRST.fullmatch(rest):
            first, second, year_text = numeric.group("first", "second", "year")
            if len(year_text) < 4:
                raise DateError(
                    _(
                        "'{shown}' has a short year: write the year in full, e.g. {first}/{second}/2025 or {iso}",
                        shown=shown,
                        first=first,
                        second=second,
                        iso=f"2025-{int(second):02d}-{int(first):02d}",
                    )
                )
            year = int(year_text)
            chosen = chosen_for(year, rest)
            day, month = _day_and_month(shown, chosen, year, int(first), int(second))
            return cls(chosen, year, month, day)
        if numeric := _MONTH_YEAR.fullmatch(rest):
            year = int(numeric["year"])
            return cls(chosen_for(year, rest), year, int(numeric["month"]))
        if numeric := _NUMERIC.fullmatch(rest):
            year = int(numeric["year"])
            month_given, day_given = (
                None if part is None else int(part) for part in numeric.group("month", "day")
            )
            return cls(chosen_for(year, rest), year, month_given, day_given)
        if named := _NAMED_YEAR_FIRST.fullmatch(rest):
            return cls._named(shown, named["name"], named["year"], named["day"], forced, named_as)
        if named := _NAMED.fullmatch(rest):
            if named["day"] is not None and named["day_after"] is not None:
                raise DateError(
                    _("'{shown}' gives two days: write e.g. 19 November 2008", shown=shown)
                )
            day_text = named["day"] or named["day_after"]
            return cls._named(shown, named["name"], named["year"], day_text, forced, named_as)
        raise DateError(_("'{shown}' is not a date: {forms}", shown=shown, forms=_(_FORMS)))

    @classmethod
    def _named(
        cls,
        shown: str,
        name: str,
        year: str,
        day: str | None,
        forced: str | None,
        named_as: str | None,
    ) -> PartialDate:
        """A date with its month named (7 آذر 1404, 1404 آذر 7, November 2008): the month fixes
        the calendar; the day only when the source gives it."""
        if day is not None and len(day) > 2:
            raise DateError(
                _(
                    "'{shown}' gives a year on both sides of the month: write the year once,"
                    " e.g. ۷ آذر ۱۴۰۴ or ۱۴۰۴ آذر ۷",
                    shown=shown,
                )
            )
        month_found = _month_named(name)
        if month_found is None:
            raise DateError(
                _(
                    "'{name}' is not a month name: write e.g. 19 November 2008, Nov 2008, ۷ آذر ۱۴۰۴ or 2008-11",
                    name=name,
                )
            )
        chosen, month = month_found
        if forced is not None and forced != chosen:
            raise DateError(
                _(
                    "'{shown}' mixes calendars: {name} is a {chosen} month; drop {named_as}",
                    shown=shown,
                    name=name,
                    chosen=_calendar_word(chosen),
                    named_as=named_as,
                )
            )
        return cls(chosen, int(year), month, None if day is None else int(day))

    @classmethod
    def _between(cls, shown: str, first: str, last: str, calendar: str) -> PartialDate:
        """ "between A and B": each bound read on its own, as a plain date."""
        if not first or not last:
            raise DateError(
                _(
                    "'{shown}' has one bound only: write both (2025..2025-09-08), or 'before 2025-09-08' or 'after 2025' for a date bounded on one side",
                    shown=shown,
                )
            )
        lower, upper = cls._read(first, calendar), cls._read(last, calendar)
        for bound in (lower, upper):
            if bound.calendar is None or bound.qualifier is not None:
                raise DateError(
                    _(
                        "'{shown}': '{bound_text}' cannot bound a date; each bound is a plain date (no circa, before, after, unknown or present): write e.g. 2025..2025-09-08",
                        shown=shown,
                        bound_text=bound.text,
                    )
                )
        return cls(lower.calendar, lower.year, lower.month, lower.day, BETWEEN, upper)

    @classmethod
    def from_date(cls, day: date, calendar: str = GREGORIAN) -> PartialDate:
        """A day given as a `datetime.date`, held in `calendar`."""
        return cls(calendar, *_in_calendar(day, calendar))

    @classmethod
    def from_columns(
        cls,
        text: str | None,
        precision: str | None = None,
        earliest: date | None = None,
        latest: date | None = None,
    ) -> PartialDate:
        """Rebuild from the stored columns; the text alone is the truth, the rest is derived."""
        return cls.UNKNOWN if text is None else cls.parse(text)

    # What it is

    @property
    def is_unknown(self) -> bool:
        """No date is known (and it is not `PRESENT`)."""
        return self.calendar is None and self.qualifier is None

    @property
    def is_present(self) -> bool:
        """The end of something still held: no date, but not unknown either."""
        return self.qualifier == "present"

    @property
    def precision(self) -> str | None:
        """'year', 'month', 'day', or None when unknown or present; for a date between two
        dates, the coarser bound's; for early, mid or late, 'month' (a third of a year is
        known to the month, a third of a month not to the day)."""
        if self.qualifier in PERIODS:
            return "month"
        depth = self._depth if self.upper is None else min(self._depth, self.upper._depth)
        return PRECISIONS[depth - 1] if depth else None

    @property
    def _depth(self) -> int:
        return sum(part is not None for part in (self.year, self.month, self.day))

    @property
    def _parts(self) -> tuple[int, ...]:
        return tuple(part for part in (self.year, self.month, self.day) if part is not None)

    @property
    def text(self) -> str:
        """The canonical text: '2008-11', 'j:1404-09-07', 'circa 2008', '2025..2025-09-08',
        'present', 'unknown'."""
        if self.is_unknown:
            return "unknown"
        if self.is_present:
            return "present"
        if self.upper is not None:
            return f"{self._bare_text}..{self.upper.text}"
        return f"{self.qualifier} {self._bare_text}" if self.qualifier else self._bare_text

    @property
    def _bare_text(self) -> str:
        """The text of the value without its qualifier (of A, for "between A and B")."""
        mark = "j:" if self.calendar == JALALI else self._needed_mark
        return f"{mark}{_digits(self._parts)}"

    @property
    def _needed_mark(self) -> str:
        """The calendar prefix bare digits need to be read back in "auto"."""
        if self.calendar is None or self.year is None:  # UNKNOWN has no digits to mark
            return ""
        return "" if _auto_calendar(self.year) == self.calendar else f"{self.calendar[0]}:"

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"PartialDate.parse({self.text!r})"

    # Bounds, in the Gregorian calendar

    @cached_property
    def _bare_span(self) -> tuple[date, date]:
        """The first and last day of the value without its qualifier."""
        if self.calendar is None or self.year is None:
            raise DateError(_("the unknown date has no first or last day"))
        return _span(self.calendar, self.year, self.month, self.day)

    @cached_property
    def _bounds(self) -> tuple[date | None, date | None]:
        if self.calendar is None or self.year is None:  # unknown, present
            return None, None
        first, last = self._bare_span
        if self.upper is not None:
            return first, self.upper._bare_span[1]
        if self.qualifier in PERIODS:
            return _period_span(self)
        if self.qualifier == "before":
            return None, first - timedelta(days=1)
        if self.qualifier == "after":
            return last + timedelta(days=1), None
        if self.qualifier == "circa":
            if self.day is not None:
                return first - timedelta(days=CIRCA_DAYS), last + timedelta(days=CIRCA_DAYS)
            if self.month is None:
                return (
                    _span(self.calendar, self.year - 1, None, None)[0],
                    _span(self.calendar, self.year + 1, None, None)[1],
                )
            months = self.year * 12 + self.month - 1
            previous_year, previous_month = divmod(months - 1, 12)
            next_year, next_month = divmod(months + 1, 12)
            return (
                _span(self.calendar, previous_year, previous_month + 1, None)[0],
                _span(self.calendar, next_year, next_month + 1, None)[1],
            )
        return first, last

    @property
    def earliest(self) -> date | None:
        """The first day the value may stand for; None if unbounded or unknown."""
        return self._bounds[0]

    @property
    def latest(self) -> date | None:
        """The last day the value may stand for; None if unbounded or unknown."""
        return self._bounds[1]

    def certainly_on_or_before(self, day: date) -> bool:
        return self.latest is not None and self.latest <= day

    def possibly_on_or_before(self, day: date) -> bool:
        return self.earliest is None or self.earliest <= day

    def certainly_on_or_after(self, day: date) -> bool:
        return self.earliest is not None and self.earliest >= day

    def possibly_on_or_after(self, day: date) -> bool:
        return self.latest is None or self.latest >= day

    def sort_key(self) -> tuple[date, date]:
        return (self.earliest or date.min, self.latest or date.max)

    # Storage

    def columns(self) -> tuple[str, str | None, date | None, date | None]:
        """(text, precision, earliest, latest), as stored in the database."""
        return self.text, self.precision, self.earliest, self.latest

    def __composite_values__(self) -> tuple[str, str | None, date | None, date | None]:
        return self.columns()

    # Display

    def format(self, calendar: str = "both", lang: str = "en") -> str:
        """The value for people: in its own calendar, the other one, or "both" (one in
        parentheses after the other); in English ("en": digits) or Persian ("fa": Persian digits
        and month names). Never more precise than the value.

        With "both", English shows the value's own calendar first ("2008 (1386–1387)") and
        Persian the Jalali one ("۱۳۸۶–۱۳۸۷ (۲۰۰۸)"). A qualifier is kept in either calendar:
        "after" names the last unit of the other calendar the value touches ("after 2022" is
        "after 1401"), "before" the first ("before 2022" is "before 1400"), and "circa" the whole
        span ("circa 1386–1387")."""
        if calendar not in _FORMAT_CALENDARS:
            raise ValueError(
                _(
                    "calendar must be 'both', 'gregorian' or 'jalali', not {calendar!r}",
                    calendar=calendar,
                )
            )
        if lang not in _LANGS:
            raise ValueError(_("lang must be 'en' or 'fa', not {lang!r}", lang=lang))
        if self.calendar is None:  # unknown, present
            return _WORDS[lang]["present" if self.is_present else "unknown"]
        if calendar != "both":
            return self._qualified(calendar, lang)
        other = JALALI if self.calendar == GREGORIAN else GREGORIAN
        first, second = (JALALI, GREGORIAN) if lang == "fa" else (self.calendar, other)
        return f"{self._qualified(first, lang)} ({self._qualified(second, lang)})"

    def _qualified(self, calendar: str, lang: str) -> str:
        words = _WORDS[lang]
        if self.upper is not None:
            # Each bound as a bound: A by its first day, B by its last (see _bound).
            return (
                f"{words[BETWEEN]} {self._bound(calendar, lang, last=False)}"
                f" {words['and']} {self.upper._bound(calendar, lang, last=True)}"
            )
        if self.qualifier in PERIODS and calendar != self.calendar:
            # Early Azar 1404 in the other calendar: the days it stands for.
            first, last = (_in_calendar(day, calendar) for day in _period_span(self))
            return (
                f"{words[BETWEEN]} {_render_span(calendar, first, first, lang)}"
                f" {words['and']} {_render_span(calendar, last, last, lang)}"
            )
        shown = self._render(calendar, lang)
        return f"{words[self.qualifier]} {shown}" if self.qualifier else shown

    def _bound(self, calendar: str, lang: str, last: bool) -> str:
        """The value as a bound of a span: as given in its own calendar; in the other, the
        first (or `last`) day it stands for, since a year or month of the other calendar would
        move the bound: after 2022 = after 1401-10-10 (2022-12-31), exactly."""
        if calendar == self.calendar:
            return _render_span(calendar, self._parts, self._parts, lang)
        bound = _in_calendar(self._bare_span[1 if last else 0], calendar)
        return _render_span(calendar, bound, bound, lang)

    def _render(self, calendar: str, lang: str) -> str:
        if calendar == self.calendar:
            return _render_span(calendar, self._parts, self._parts, lang)
        first_day, last_day = self._bare_span
        if self.qualifier in ("before", "after"):
            return self._bound(calendar, lang, last=self.qualifier == "after")
        depth = self._depth
        first = _in_calendar(first_day, calendar)[:depth]
        last = _in_calendar(last_day, calendar)[:depth]
        return _render_span(calendar, first, last, lang)

    def iso(self) -> str | None:
        """Reduced ISO 8601 (Gregorian) text, only when exact: an unqualified Gregorian value,
        or an unqualified Jalali day."""
        if self.calendar is None or self.qualifier:
            return None
        if self.calendar == GREGORIAN:
            return _digits(self._parts)
        # An unqualified day's earliest (and latest) day is the day itself.
        return self._bare_span[0].isoformat() if self.day is not None else None

    def edtf(self) -> str | None:
        """The value in EDTF (ISO 8601-2, Gregorian), for other tools: reduced ISO where exact
        ('2008-11'), 'one day of' a set where only bounds are known ('[2025..2025-09-08]',
        '[..2018-09-25]' for "before 2018-09-26", '[2025-03-21..2026-03-20]' for the Jalali
        year 1404), '2008~' for circa 2008; None when unknown or present."""
        exact = self.iso()
        if exact is not None:
            return exact
        if self.calendar is None:
            return None
        if self.qualifier == "circa":
            bare = PartialDate(self.calendar, self.year, self.month, self.day)
            return f"{bare.iso()}~" if bare.iso() is not None else None

        def bound(d: PartialDate | None, day: date | None) -> str:
            own = d.iso() if d is not None else None
            return own or (day.isoformat() if day else "")

        if self.qualifier == "before":
            return f"[..{self.latest.isoformat()}]" if self.latest else None
        if self.qualifier == "after":
            return f"[{self.earliest.isoformat()}..]" if self.earliest else None
        lower = (
            PartialDate(self.calendar, self.year, self.month, self.day)
            if self.qualifier == BETWEEN
            else None
        )
        return f"[{bound(lower, self.earliest)}..{bound(self.upper, self.latest)}]"

    def jalali_text(self) -> str | None:
        """The Jalali rendering in ASCII ('1386–1387', 'circa 1404-09'); None when unknown."""
        return None if self.is_unknown else self.format(JALALI, "en")

    def year_only(self) -> PartialDate:
        """The value to the year, in its own calendar, never claiming more than it says:
        '2008-11' is '2008'; 'before j:1404-09' (so in 1404 or earlier) 'before j:1405', and
        'after j:1404-09' (in 1404 or later) 'after j:1403', while 'before j:1404-01-01' stays
        'before j:1404'; '2024..2025-03' is '2024..2025' (and '2025..2025-09' just '2025')."""
        if self.calendar is None or self.year is None:
            return self
        upper = self.upper
        if self.qualifier in PERIODS:
            return PartialDate(self.calendar, self.year)  # early Azar 1404 is in 1404
        if upper is None:
            year = self.year
            first_day, last_day = self._bare_span
            if (
                self.qualifier == "before"
                and first_day != PartialDate(self.calendar, year).earliest
            ):
                year += 1  # before a day inside the year: the year itself is possible
            elif self.qualifier == "after" and last_day != PartialDate(self.calendar, year).latest:
                year -= 1  # after a day inside the year: the rest of the year is possible
            return PartialDate(self.calendar, year, qualifier=self.qualifier)
        if (upper.calendar, upper.year) == (self.calendar, self.year):
            return PartialDate(self.calendar, self.year)
        return PartialDate(
            self.calendar,
            self.year,
            qualifier=BETWEEN,
            upper=PartialDate(upper.calendar, upper.year),
        )


PartialDate.UNKNOWN = PartialDate(None, None)
UNKNOWN = PartialDate.UNKNOWN
PartialDate.PRESENT = PartialDate(None, None, qualifier="present")
PRESENT = PartialDate.PRESENT


def parse_day(text: str, calendar: str = "auto") -> date:
    """A full day in either calendar (as for ``--as-of``), as a Gregorian `datetime.date`."""
    value = PartialDate.parse(text, calendar)
    shown = shortened(text.strip())
    if value.calendar is None:
        raise DateError(
            _("'{shown}' is not a day: give a day, e.g. 2025-11-28 or 1404-09-07", shown=shown)
        )
    example = replace(
        value, month=value.month or 6, day=value.day or 15, qualifier=None, upper=None
    )
    example_text = f"{example._needed_mark}{_digits(example._parts)}"
    if language() == "fa":  # in the digits the officer reads (and may type back)
        example_text = example_text.translate(_TO_PERSIAN_DIGITS)
    if value.day is None:
        raise DateError(
            _(
                "'{shown}' is a {precision}; give a day, e.g. {example_text}",
                shown=shown,
                precision=t(value.precision or "", language()),
                example_text=example_text,
            )
        )
    if value.qualifier:
        raise DateError(
            _(
                "'{shown}' is not an exact day; give the day alone, e.g. {example_text}",
                shown=shown,
                example_text=example_text,
            )
        )
    return value._bare_span[0]  # an exact day: its earliest day is itself


def year_of(day: date, calendar: str) -> int:
    """The year of `calendar` that the (Gregorian) `day` falls in."""
    return PartialDate.from_date(day, calendar)._parts[0]


def year_start(year: int, calendar: str) -> date:
    """The first day of `year` of `calendar`, as a Gregorian `datetime.date`."""
    return PartialDate(calendar, year)._bare_span[0]  # a bare year's earliest day


def describe_interval(start: PartialDate, end: PartialDate, lang: str = "en") -> str:
    """The time from `start` to `end` ('2 years 4 months', '13 days', '~3 years'), no more
    precise than the less precise of the two. Empty when either is unknown or present, or is
    bounded on one side only (before/after). A date between two days gives the shortest and
    the longest time it may be, or one figure when both agree."""
    if lang not in _LANGS:
        raise ValueError(_("lang must be 'en' or 'fa', not {lang!r}", lang=lang))
    if start.calendar is None or end.calendar is None:
        return ""
    if {start.qualifier, end.qualifier} & {"before", "after"}:
        return ""
    if {start.qualifier, end.qualifier} & {BETWEEN, *PERIODS}:
        return _describe_between(start, end, lang)
    depth = min(start._depth, end._depth)
    approximate = "circa" in (start.qualifier, end.qualifier)
    if start.calendar == end.calendar:
        a, b = start._parts[:depth], end._parts[:depth]
    else:
        # Counted in Gregorian; a Jalali year or month only roughly matches a Gregorian one.
        a = _in_calendar(start._bare_span[0], GREGORIAN)[:depth]
        b = _in_calendar(end._bare_span[0], GREGORIAN)[:depth]
        approximate = approximate or depth < 3
    sign = ""
    if b < a:
        a, b, sign = b, a, "-"
    if depth == 1:
        counts = {"year": b[0] - a[0]}
    else:
        months = (b[0] - a[0]) * 12 + b[1] - a[1]
        if depth == 3 and b[2] < a[2]:
            months -= 1
        if depth == 3 and months == 0:
            lo, hi = sorted((start._bare_span[0], end._bare_span[0]))
            counts = {"day": (hi - lo).days}
        else:
            counts = dict(zip(("year", "month"), divmod(months, 12), strict=True))
    shown = _describe_counts(counts, depth, lang)
    if any(counts.values()):
        shown = f"{sign}{shown}"
    return f"{_APPROXIMATELY[lang]}{shown}" if approximate else shown


_TO = {"en": " to ", "fa": " تا "}


def _describe_between(start: PartialDate, end: PartialDate, lang: str) -> str:
    """The time between two dates one of which lies between two days: from the shortest it
    may be (the start's last day to the end's first) to the longest, in whole months or days;
    one figure when both say the same ('1 year 3 months'), else both ('2 months to 10
    months')."""
    first_lo, first_hi, last_lo, last_hi = start.earliest, start.latest, end.earliest, end.latest
    if first_lo is None or first_hi is None or last_lo is None or last_hi is None:
        return ""
    shortest = _describe_days(first_hi, last_lo, lang)
    longest = _describe_days(first_lo, last_hi, lang)
    return shortest if shortest == longest else f"{shortest}{_TO[lang]}{longest}"


def _describe_days(first: date, last: date, lang: str) -> str:
    """The time from one day to another, in whole years and months (days under a month)."""
    sign = ""
    if last < first:
        first, last, sign = last, first, "-"
    months = (last.year - first.year) * 12 + last.month - first.month
    if last.day < first.day:
        months -= 1
    if months == 0:
        counts = {"day": (last - first).days}
    else:
        counts = dict(zip(("year", "month"), divmod(months, 12), strict=True))
    shown = _describe_counts(counts, 3, lang)
    return f"{sign}{shown}" if any(counts.values()) else shown


def _describe_counts(counts: dict[str, int], depth: int, lang: str) -> str:
    parts = []
    for unit, count in counts.items():
        if count or unit == "day":
            singular, plural = _UNITS[lang][unit]
            parts.append(f"{count} {singular if count == 1 else plural}")
    if not parts:
        return _LESS_THAN_ONE[lang][PRECISIONS[min(depth, 2) - 1]]
    shown = _AND[lang].join(parts)
    return shown.translate(_TO_PERSIAN_DIGITS) if lang == "fa" else shown


def may_overlap(end: PartialDate, start: PartialDate) -> bool:
    """A phase that ends on `end` and the next one, beginning on `start`, may overlap: some day
    `start` stands for is before some day `end` stands for. The same date given as the one's
    end and the other's start is where the one ends and the other begins: no overlap."""
    if end == start or end.is_unknown and start.is_unknown:
        return False
    if end.latest is None or start.earliest is None:
        return True
    return start.earliest < end.latest


class PhaseLike(Protocol):
    """A phase of a membership as the rules and the reports read it: a status over a period
    of partial dates (read-only, so a mapped row, a NamedTuple or a frozen dataclass will do).
    One protocol for services.phase_rules and reports.standing alike."""

    @property
    def status(self) -> str: ...

    @property
    def start(self) -> PartialDate: ...

    @property
    def end(self) -> PartialDate: ...
