"""The date forms an officer types (issue 15): each accepted with the days it stands for and how
it is shown, or refused with the reason.

«سال ۱۴۰۴» (a year), «جمعه ۷ آذر ۱۴۰۴» (a weekday, checked against the day), «اوایل/اواسط/اواخر»
and early/mid/late (the first, second or last third of a year or a month, kept as said:
«اوایل آذر ۱۴۰۴» is stored «early j:1404-09», to the month), day-first slashed dates read in
the calendar their year shows, and the calendar named after the digits («۱۴۰۴ شمسی», «۲۰۲۵ میلادی»).
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st

from citylinks.dates import DateError, PartialDate

pytestmark = pytest.mark.any_backend  # no database

D = date

# typed -> (stored text, earliest, latest, shown in English, shown in Persian)
ACCEPTED = {
    # the year, said as a year
    "سال ۱۴۰۴": ("j:1404", D(2025, 3, 21), D(2026, 3, 20), "1404 (2025–2026)", "۱۴۰۴ (۲۰۲۵–۲۰۲۶)"),
    "سال 2008": ("2008", D(2008, 1, 1), D(2008, 12, 31), "2008 (1386–1387)", "۱۳۸۶–۱۳۸۷ (۲۰۰۸)"),
    "year 2008": ("2008", D(2008, 1, 1), D(2008, 12, 31), "2008 (1386–1387)", "۱۳۸۶–۱۳۸۷ (۲۰۰۸)"),
    "حدود سال ۲۰۰۸": (
        "circa 2008", D(2007, 1, 1), D(2009, 12, 31),
        "circa 2008 (circa 1386–1387)", "حدود ۱۳۸۶–۱۳۸۷ (حدود ۲۰۰۸)",
    ),
    "۷ آذر ماه سال ۱۴۰۴": (
        "j:1404-09-07", D(2025, 11, 28), D(2025, 11, 28),
        "1404-09-07 (2025-11-28)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    # a weekday that agrees with the day is accepted, and not kept (the day says it)
    "جمعه ۷ آذر ۱۴۰۴": (
        "j:1404-09-07", D(2025, 11, 28), D(2025, 11, 28),
        "1404-09-07 (2025-11-28)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    "جمعه، ۷ آذر ۱۴۰۴": (
        "j:1404-09-07", D(2025, 11, 28), D(2025, 11, 28),
        "1404-09-07 (2025-11-28)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    "جمعه ۱۴۰۴/۰۹/۰۷": (
        "j:1404-09-07", D(2025, 11, 28), D(2025, 11, 28),
        "1404-09-07 (2025-11-28)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    "سه\u200cشنبه ۴ آذر ۱۴۰۴": (
        "j:1404-09-04", D(2025, 11, 25), D(2025, 11, 25),
        "1404-09-04 (2025-11-25)", "۴ آذر ۱۴۰۴ (۲۵ نوامبر ۲۰۲۵)",
    ),
    "سه شنبه ۴ آذر ۱۴۰۴": (
        "j:1404-09-04", D(2025, 11, 25), D(2025, 11, 25),
        "1404-09-04 (2025-11-25)", "۴ آذر ۱۴۰۴ (۲۵ نوامبر ۲۰۲۵)",
    ),
    "يکشنبه ۹ آذر ۱۴۰۴": (  # Arabic yeh
        "j:1404-09-09", D(2025, 11, 30), D(2025, 11, 30),
        "1404-09-09 (2025-11-30)", "۹ آذر ۱۴۰۴ (۳۰ نوامبر ۲۰۲۵)",
    ),
    "Friday 28 November 2025": (
        "2025-11-28", D(2025, 11, 28), D(2025, 11, 28),
        "2025-11-28 (1404-09-07)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    "Friday, November 28, 2025": (
        "2025-11-28", D(2025, 11, 28), D(2025, 11, 28),
        "2025-11-28 (1404-09-07)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    "Fri 28 Nov 2025": (
        "2025-11-28", D(2025, 11, 28), D(2025, 11, 28),
        "2025-11-28 (1404-09-07)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    # early, mid and late: thirds of a year (4 months each) ...
    "اوایل ۱۴۰۴": (
        "early j:1404", D(2025, 3, 21), D(2025, 7, 22),
        "early 1404 (between 2025-03-21 and 2025-07-22)",
        "اوایل ۱۴۰۴ (بین ۲۱ مارس ۲۰۲۵ و ۲۲ ژوئیه ۲۰۲۵)",
    ),
    "اوائل سال ۱۴۰۴": (
        "early j:1404", D(2025, 3, 21), D(2025, 7, 22),
        "early 1404 (between 2025-03-21 and 2025-07-22)",
        "اوایل ۱۴۰۴ (بین ۲۱ مارس ۲۰۲۵ و ۲۲ ژوئیه ۲۰۲۵)",
    ),
    "اواسط ۱۴۰۴": (
        "mid j:1404", D(2025, 7, 23), D(2025, 11, 21),
        "mid 1404 (between 2025-07-23 and 2025-11-21)",
        "اواسط ۱۴۰۴ (بین ۲۳ ژوئیه ۲۰۲۵ و ۲۱ نوامبر ۲۰۲۵)",
    ),
    "اواخر ۱۴۰۴": (
        "late j:1404", D(2025, 11, 22), D(2026, 3, 20),
        "late 1404 (between 2025-11-22 and 2026-03-20)",
        "اواخر ۱۴۰۴ (بین ۲۲ نوامبر ۲۰۲۵ و ۲۰ مارس ۲۰۲۶)",
    ),
    "early 2025": (
        "early 2025", D(2025, 1, 1), D(2025, 4, 30),
        "early 2025 (between 1403-10-12 and 1404-02-10)",
        "بین ۱۲ دی ۱۴۰۳ و ۱۰ اردیبهشت ۱۴۰۴ (اوایل ۲۰۲۵)",
    ),
    "mid-2025": (
        "mid 2025", D(2025, 5, 1), D(2025, 8, 31),
        "mid 2025 (between 1404-02-11 and 1404-06-09)",
        "بین ۱۱ اردیبهشت ۱۴۰۴ و ۹ شهریور ۱۴۰۴ (اواسط ۲۰۲۵)",
    ),
    "late 2025": (
        "late 2025", D(2025, 9, 1), D(2025, 12, 31),
        "late 2025 (between 1404-06-10 and 1404-10-10)",
        "بین ۱۰ شهریور ۱۴۰۴ و ۱۰ دی ۱۴۰۴ (اواخر ۲۰۲۵)",
    ),
    # ... and of a month (days 1-10, 11-20, 21 to the last)
    "اوایل آذر ۱۴۰۴": (
        "early j:1404-09", D(2025, 11, 22), D(2025, 12, 1),
        "early 1404-09 (between 2025-11-22 and 2025-12-01)",
        "اوایل آذر ۱۴۰۴ (بین ۲۲ نوامبر ۲۰۲۵ و ۱ دسامبر ۲۰۲۵)",
    ),
    "اواسط آذر ۱۴۰۴": (
        "mid j:1404-09", D(2025, 12, 2), D(2025, 12, 11),
        "mid 1404-09 (between 2025-12-02 and 2025-12-11)",
        "اواسط آذر ۱۴۰۴ (بین ۲ دسامبر ۲۰۲۵ و ۱۱ دسامبر ۲۰۲۵)",
    ),
    "اواخر اسفند ۱۴۰۴": (  # Esfand 1404 has 29 days
        "late j:1404-12", D(2026, 3, 12), D(2026, 3, 20),
        "late 1404-12 (between 2026-03-12 and 2026-03-20)",
        "اواخر اسفند ۱۴۰۴ (بین ۱۲ مارس ۲۰۲۶ و ۲۰ مارس ۲۰۲۶)",
    ),
    "late February 2024": (
        "late 2024-02", D(2024, 2, 21), D(2024, 2, 29),
        "late 2024-02 (between 1402-12-02 and 1402-12-10)",
        "بین ۲ اسفند ۱۴۰۲ و ۱۰ اسفند ۱۴۰۲ (اواخر فوریه ۲۰۲۴)",
    ),
    # day first, in the calendar the year shows
    "28/11/2025": (
        "2025-11-28", D(2025, 11, 28), D(2025, 11, 28),
        "2025-11-28 (1404-09-07)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    "28.11.2025": (
        "2025-11-28", D(2025, 11, 28), D(2025, 11, 28),
        "2025-11-28 (1404-09-07)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    "۷/۹/۱۴۰۴": (
        "j:1404-09-07", D(2025, 11, 28), D(2025, 11, 28),
        "1404-09-07 (2025-11-28)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    "7/9/1404": (
        "j:1404-09-07", D(2025, 11, 28), D(2025, 11, 28),
        "1404-09-07 (2025-11-28)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    "05/05/2025": (  # both readings are one day
        "2025-05-05", D(2025, 5, 5), D(2025, 5, 5),
        "2025-05-05 (1404-02-15)", "۱۵ اردیبهشت ۱۴۰۴ (۵ مه ۲۰۲۵)",
    ),
    "11/28/2025": (  # 28 cannot be a month: its only reading
        "2025-11-28", D(2025, 11, 28), D(2025, 11, 28),
        "2025-11-28 (1404-09-07)", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)",
    ),
    "11/2025": (
        "2025-11", D(2025, 11, 1), D(2025, 11, 30),
        "2025-11 (1404-08–1404-09)", "آبان–آذر ۱۴۰۴ (نوامبر ۲۰۲۵)",
    ),
    "۹/۱۴۰۴": (
        "j:1404-09", D(2025, 11, 22), D(2025, 12, 21),
        "1404-09 (2025-11–2025-12)", "آذر ۱۴۰۴ (نوامبر–دسامبر ۲۰۲۵)",
    ),
    # the calendar named after the digits
    "۱۴۰۴ شمسی": ("j:1404", D(2025, 3, 21), D(2026, 3, 20), "1404 (2025–2026)", "۱۴۰۴ (۲۰۲۵–۲۰۲۶)"),
    "1404 هجری شمسی": (
        "j:1404", D(2025, 3, 21), D(2026, 3, 20), "1404 (2025–2026)", "۱۴۰۴ (۲۰۲۵–۲۰۲۶)"
    ),
    "۲۰۲۵ میلادی": ("2025", D(2025, 1, 1), D(2025, 12, 31), "2025 (1403–1404)", "۱۴۰۳–۱۴۰۴ (۲۰۲۵)"),
    "1650 میلادی": (
        "g:1650", D(1650, 1, 1), D(1650, 12, 31), "1650 (1028–1029)", "۱۰۲۸–۱۰۲۹ (۱۶۵۰)"
    ),
}  # fmt: skip


@pytest.mark.parametrize("typed", list(ACCEPTED))
def test_a_date_form_is_read_with_its_days_and_shown_no_more_precisely(typed):
    text, earliest, latest, english, persian = ACCEPTED[typed]
    value = PartialDate.parse(typed)
    assert (value.text, value.earliest, value.latest) == (text, earliest, latest)
    assert value.format("both", "en") == english
    assert value.format("both", "fa") == persian
    assert PartialDate.parse(value.text) == value  # what is stored reads back the same


# typed -> the refusal (a part of its one line)
REFUSED = {
    "شنبه ۷ آذر ۱۴۰۴": "'شنبه ۷ آذر ۱۴۰۴': ۷ آذر ۱۴۰۴ was a Friday, not a Saturday: check the"
    " day, or leave the weekday out",
    "Saturday 28 November 2025": "28 November 2025 was a Friday, not a Saturday",
    "Monday 28/11/2025": "28 November 2025 was a Friday, not a Monday",
    "جمعه آذر ۱۴۰۴": "names a weekday but no day: give the day",
    "early 28 November 2025": "early, mid and late qualify a year or a month, not a day",
    "اواخر ۷ آذر ۱۴۰۴": "early, mid and late qualify a year or a month, not a day",
    "circa early 2025": "early, mid and late cannot be combined with circa, before or after",
    "before اوایل ۱۴۰۴": "early, mid and late cannot be combined with circa, before or after",
    "03/04/2025": "'03/04/2025' could be 3 April or 4 March 2025: write the year first"
    " (2025-04-03 for 3 April) or the month's name (3 April 2025)",
    "1/2/2025": "could be 1 February or 2 January 2025",
    "28/11/25": "'28/11/25' has a short year: write the year in full, e.g. 28/11/2025 or"
    " 2025-11-28",
    "31/4/2025": "2025-04-31 does not exist: April 2025 has 30 days",
    "30/12/1404": "1404-12-30 does not exist: Esfand 1404 has 29 days",
    "1/28/1404": "month 28 is out of range",
    "g:7/9/1404": "could be 7 September or 9 July 1404",  # the prefix outweighs the year
    "28/11/9500": "year 9500 is out of range",
    "j:۷ آذر ۱۴۰۴ میلادی": "names two calendars",
    "آذر ۱۴۰۴ میلادی": "'آذر ۱۴۰۴ میلادی' mixes calendars: آذر is a Jalali month; drop 'میلادی'",
    "between اوایل ۱۴۰۴ and ۱۴۰۵": "cannot bound a date",
}  # fmt: skip


@pytest.mark.parametrize("typed", list(REFUSED))
def test_a_date_form_that_cannot_be_right_is_refused_with_the_reason(typed):
    with pytest.raises(DateError) as refused:
        PartialDate.parse(typed)
    assert REFUSED[typed] in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_weekday_set_against_a_day_to_come_says_is_not_was():
    with pytest.raises(DateError, match=r"28 November 2075 is a Thursday, not a Friday"):
        PartialDate.parse("Friday 28 November 2075")


def test_early_mid_and_late_cover_the_year_without_gap_or_overlap():
    thirds = [PartialDate.parse(f"{word} ۱۴۰۳") for word in ("اوایل", "اواسط", "اواخر")]
    whole = PartialDate.parse("1403")
    assert thirds[0].earliest == whole.earliest and thirds[-1].latest == whole.latest
    for before, after in zip(thirds, thirds[1:], strict=False):
        assert after.earliest is not None and before.latest is not None
        assert (after.earliest - before.latest).days == 1
    assert all(third.precision == "month" for third in thirds)


def test_the_date_command_shows_the_forms_and_refuses_with_the_reason():
    result = run_cli(None, "date", "اوایل ۱۴۰۴", "جمعه ۷ آذر ۱۴۰۴", "28/11/2025", "03/04/2025")
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "اوایل ۱۴۰۴  =>  early 1404 (between 2025-03-21 and 2025-07-22)"
        "  (precision: month; early j:1404)",
        "جمعه ۷ آذر ۱۴۰۴  =>  1404-09-07 (2025-11-28)  (precision: day; j:1404-09-07)",
        "28/11/2025  =>  2025-11-28 (1404-09-07)  (precision: day; 2025-11-28)",
    ]
    assert "could be 3 April or 4 March 2025" in result.stderr


def test_date_help_says_what_early_mid_and_late_stand_for():
    shown = " ".join(run_cli(None, "date", "--help").stdout.split())
    assert "months 1-4, 5-8 and 9-12" in shown
    assert "days 1-10, 11-20 and 21 to the end" in shown
    assert "28/11/2025 and 7/9/1404 are read day first" in shown


# Days whose Gregorian and Jalali years are both read without a prefix (Jalali 1200 began in 1821).
DAYS = st.dates(min_value=D(1830, 1, 1), max_value=D(2200, 12, 31))
PERSIAN_WEEKDAYS = ("دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")
ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@given(DAYS, st.integers(0, 6))
def test_a_weekday_is_accepted_exactly_when_the_day_falls_on_it(day, weekday):
    jalali = PartialDate.from_date(day, "jalali")
    typed = {
        f"{ENGLISH_WEEKDAYS[weekday]}, {day.day} {day.strftime('%B')} {day.year}": day,
        f"{PERSIAN_WEEKDAYS[weekday]} {jalali.day}/{jalali.month}/{jalali.year}": day,
    }
    for text, meant in typed.items():
        if meant.weekday() == weekday:
            assert PartialDate.parse(text).earliest == meant
        else:
            with pytest.raises(DateError, match=f"{ENGLISH_WEEKDAYS[meant.weekday()]}, not a"):
                PartialDate.parse(text)


@given(DAYS)
def test_a_day_first_date_is_the_day_its_numbers_say_or_refused_as_ambiguous(day):
    jalali = PartialDate.from_date(day, "jalali")
    assert PartialDate.parse(f"{jalali.day}/{jalali.month}/{jalali.year}") == jalali
    gregorian = f"{day.day:02d}/{day.month:02d}/{day.year}"
    if day.day > 12 or day.day == day.month:
        assert PartialDate.parse(gregorian) == PartialDate.from_date(day)
    else:
        with pytest.raises(DateError, match="could be"):
            PartialDate.parse(gregorian)


# Month names as officers type them: without the madda or hamza on alef («اذر» for «آذر»),
# with Arabic ي/ك, with ZWNJ or a space inside, or in another common spelling; one per month.
MONTH_SPELLINGS = {
    "فروردين": "j:1404-01-07",  # Arabic yeh
    "اردی\u200cبهشت": "j:1404-02-07",
    "اردی بهشت": "j:1404-02-07",
    "ارديبهشت": "j:1404-02-07",
    "اردبهشت": "j:1404-02-07",
    "خرداد": "j:1404-03-07",
    "تير": "j:1404-04-07",
    "امرداد": "j:1404-05-07",
    "شهريور": "j:1404-06-07",
    "مهر ماه": "j:1404-07-07",
    "ابان": "j:1404-08-07",
    "اذر": "j:1404-09-07",
    "اذرماه": "j:1404-09-07",
    "دي": "j:1404-10-07",
    "دى": "j:1404-10-07",  # alef maksura
    "بهمن": "j:1404-11-07",
    "اسفند": "j:1404-12-07",
}
GREGORIAN_SPELLINGS = {
    "ژانويه": "2025-01-07",
    "فوريه": "2025-02-07",
    "مارس": "2025-03-07",
    "اوریل": "2025-04-07",
    "أوريل": "2025-04-07",
    "می": "2025-05-07",
    "ژوین": "2025-06-07",
    "ژوييه": "2025-07-07",
    "اگوست": "2025-08-07",
    "سپتامبر": "2025-09-07",
    "اکتوبر": "2025-10-07",
    "نوامبر": "2025-11-07",
    "دسامبر": "2025-12-07",
}


@pytest.mark.parametrize(("month", "stored"), list(MONTH_SPELLINGS.items()))
def test_a_jalali_month_typed_without_its_madda_or_in_arabic_letters_is_read(month, stored):
    assert str(PartialDate.parse(f"۷ {month} ۱۴۰۴")) == stored


@pytest.mark.parametrize(("month", "stored"), list(GREGORIAN_SPELLINGS.items()))
def test_a_gregorian_month_typed_without_its_madda_or_in_arabic_letters_is_read(month, stored):
    assert str(PartialDate.parse(f"7 {month} 2025")) == stored


def test_the_date_command_reads_a_month_without_its_madda():
    result = run_cli(None, "date", "۷ اذر ۱۴۰۴")
    assert result.exit_code == 0, result.output
    assert "2025-11-28" in result.stdout
    early = run_cli(None, "date", "اوایل ابان ۱۴۰۴")
    assert early.exit_code == 0, early.output
    assert "early j:1404-08" in early.stdout


def test_a_word_that_is_no_month_is_still_refused():
    with pytest.raises(DateError, match="'اذرخش' is not a month name"):
        PartialDate.parse("۷ اذرخش ۱۴۰۴")
