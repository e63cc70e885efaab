"""The partial date: reading, checking, bounds, display in both calendars, intervals."""

import os
import subprocess
import sys
from calendar import monthrange
from datetime import date, timedelta

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from citylinks.dates import (
    CALENDARS,
    FIRST_DAY,
    GREGORIAN,
    JALALI,
    LAST_DAY,
    QUALIFIERS,
    DateError,
    PartialDate,
    describe_interval,
    parse_day,
)
from citylinks.errors import CitylinksError

parse = PartialDate.parse


# The whole Jalali calendar in use


def test_every_jalali_day_from_1300_to_1500_converts_to_gregorian_and_back():
    gregorian = date(1921, 3, 21)  # Nowruz 1300
    leap_years = 0
    for year in range(1300, 1501):
        for month in range(1, 13):
            day = 1
            while True:
                try:
                    jalali = PartialDate(JALALI, year, month, day)
                except DateError:
                    break
                jalali_text = f"{year}-{month:02d}-{day:02d}"
                assert jalali.earliest == jalali.latest == gregorian
                assert jalali.format("gregorian") == gregorian.isoformat()
                assert parse(jalali_text) == jalali
                assert parse(gregorian.isoformat()).format("jalali") == jalali_text
                gregorian += timedelta(days=1)
                day += 1
            days = day - 1
            if month <= 6:
                assert days == 31
            elif month <= 11:
                assert days == 30
            else:
                assert days in (29, 30)
                leap_years += days == 30
    assert gregorian == jdatetime.date(1501, 1, 1).togregorian()
    assert leap_years == sum(jdatetime.date(y, 1, 1).isleap() for y in range(1300, 1501))


def test_nowruz_1404_follows_the_leap_day_of_1403():
    assert parse("1403-12-30").earliest == date(2025, 3, 20)
    assert parse("1404-01-01").earliest == date(2025, 3, 21)


# Reading


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2008", "2008"),
        ("2008-11", "2008-11"),
        ("2008-11-19", "2008-11-19"),
        ("2008/11/19", "2008-11-19"),
        ("2008.11.19", "2008-11-19"),
        ("2008-1-9", "2008-01-09"),
        ("  2008-11 ", "2008-11"),
        ("1387", "j:1387"),
        ("1387-08", "j:1387-08"),
        ("1387/08/29", "j:1387-08-29"),
        ("۱۳۸۷/۰۸/۲۹", "j:1387-08-29"),
        ("١٣٨٧/٠٨/٢٩", "j:1387-08-29"),
        ("\u200f۱۴۰۴/۰۹/۰۷\u200f", "j:1404-09-07"),
        ("۱۴۰۴\u0640/۰۹/۰۷", "j:1404-09-07"),
        ("j:1750", "j:1750"),
        ("J:1404-09", "j:1404-09"),
        ("g:1500", "g:1500"),
        ("G:2008-11-19", "2008-11-19"),
    ],
)
def test_numeric_dates_read_in_either_calendar(text, canonical):
    assert str(parse(text)) == canonical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("7 آذر 1404", "j:1404-09-07"),
        ("۷ آذر ۱۴۰۴", "j:1404-09-07"),
        ("آذر ۱۴۰۴", "j:1404-09"),
        ("آذر ماه ۱۴۰۴", "j:1404-09"),
        ("۲۹ آبان ۱۳۸۷", "j:1387-08-29"),
        ("۱ اردیبهشت ۱۴۰۰", "j:1400-02-01"),
        ("۱ ارديبهشت ۱۴۰۰", "j:1400-02-01"),  # Arabic yeh
        ("امرداد ۱۴۰۰", "j:1400-05"),
        ("مرداد ۱۴۰۰", "j:1400-05"),
        ("۳۰ اسفند ۱۴۰۳", "j:1403-12-30"),
        ("7 Azar 1404", "j:1404-09-07"),
        ("Farvardin 1404", "j:1404-01"),
        ("esfand 1403", "j:1403-12"),
        ("19 November 2008", "2008-11-19"),
        ("November 19, 2008", "2008-11-19"),
        ("November 2008", "2008-11"),
        ("Nov 2008", "2008-11"),
        ("nov. 2008", "2008-11"),
        ("۱۹ نوامبر ۲۰۰۸", "2008-11-19"),
        ("ژوئیه ۲۰۰۸", "2008-07"),
        ("ژوئیهٔ ۲۰۰۸", "2008-07"),
        ("مه ۲۰۰۸", "2008-05"),
        ("مهر ۱۳۸۷", "j:1387-07"),
    ],
)
def test_month_names_read_in_english_and_persian(text, canonical):
    assert str(parse(text)) == canonical


def test_month_names_fix_the_calendar_whatever_the_calendar_argument():
    assert parse("November 1500", calendar="jalali") == PartialDate(GREGORIAN, 1500, 11)
    assert parse("آذر 2008", calendar="gregorian") == PartialDate(JALALI, 2008, 9)


def test_calendar_argument_reads_bare_digits_in_that_calendar():
    assert parse("2008-11-19", calendar="jalali") == PartialDate(JALALI, 2008, 11, 19)
    assert parse("1387", calendar="gregorian") == PartialDate(GREGORIAN, 1387)
    assert parse("j:2008", calendar="gregorian").calendar == JALALI


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("circa 2008", "circa 2008"),
        ("Circa 2008", "circa 2008"),
        ("c. 2008", "circa 2008"),
        ("ca. 2008", "circa 2008"),
        ("~2008", "circa 2008"),
        ("~ j:1404", "circa j:1404"),
        ("before 2008-11", "before 2008-11"),
        ("after 2014", "after 2014"),
        ("after j:1404", "after j:1404"),
        ("حدود ۲۰۰۸", "circa 2008"),
        ("حدوداً ۱۴۰۴", "circa j:1404"),
        ("قبل از ۱۴۰۴", "before j:1404"),
        ("پیش از آذر ۱۴۰۴", "before j:1404-09"),
        ("بعد از ۲۰۱۴", "after 2014"),
        ("پس از ۱۳۹۰/۰۱", "after j:1390-01"),
    ],
)
def test_qualifiers_read_in_english_and_persian(text, canonical):
    assert str(parse(text)) == canonical


@pytest.mark.parametrize("text", ["unknown", "Unknown", "?", "نامعلوم", "نامشخص", " ? "])
def test_unknown_words_read_as_unknown(text):
    assert parse(text) is PartialDate.UNKNOWN
    assert parse(text).is_unknown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "1404-12-30",
            "1404-12-30 does not exist: Esfand 1404 has 29 days (1404 is not a leap year)",
        ),
        ("1403-12-31", "1403-12-31 does not exist: Esfand 1403 has 30 days (1403 is a leap year)"),
        ("j:1404-07-31", "1404-07-31 does not exist: Mehr 1404 has 30 days"),
        ("2023-02-29", "2023-02-29 does not exist: February 2023 has 28 days"),
        ("2008-13", "month 13 is out of range: months run from 1 to 12"),
        ("j:1404-00", "month 0 is out of range: months run from 1 to 12"),
        ("2008-11-00", "day 0 is out of range: days run from 1"),
        (
            "abc",
            "'abc' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (Gregorian)"
            " or j:YYYY-MM-DD (Jalali)",
        ),
        (
            "20o8",
            "'20o8' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (Gregorian)"
            " or j:YYYY-MM-DD (Jalali)",
        ),
        (
            "",
            "no date given: write YYYY, YYYY-MM or YYYY-MM-DD (Gregorian)"
            " or j:YYYY-MM-DD (Jalali), or 'unknown'",
        ),
        (
            "   ",
            "no date given: write YYYY, YYYY-MM or YYYY-MM-DD (Gregorian)"
            " or j:YYYY-MM-DD (Jalali), or 'unknown'",
        ),
        ("0", "year 0 is out of range: years run from 1010 to 8990"),
        ("g:0", "year 0 is out of range: Gregorian years run from 1010 to 8990"),
        ("j:300", "year 300 is out of range: Jalali years run from 389 to 8368"),
        ("1100", "1100 could be a Gregorian or a Jalali year: write g:1100 or j:1100"),
        ("g:آذر 1404", "'g:آذر 1404' mixes calendars: آذر is a Jalali month; drop the g: prefix"),
        (
            "Novembr 2008",
            "'novembr' is not a month name: write e.g. 19 November 2008, Nov 2008,"
            " ۷ آذر ۱۴۰۴ or 2008-11",
        ),
        (
            "circa unknown",
            "'circa unknown' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (Gregorian)"
            " or j:YYYY-MM-DD (Jalali)",
        ),
    ],
)
def test_dates_that_cannot_be_read_or_do_not_exist_are_refused_with_the_reason(text, message):
    with pytest.raises(DateError) as refused:
        parse(text)
    assert str(refused.value) == message
    assert "\n" not in str(refused.value)


def test_date_errors_are_value_errors_and_citylinks_errors():
    with pytest.raises(ValueError):
        parse("2023-02-29")
    with pytest.raises(CitylinksError):
        parse("2023-02-29")


def test_constructing_a_day_that_does_not_exist_is_refused():
    with pytest.raises(DateError, match="Esfand 1404 has 29 days"):
        PartialDate(JALALI, 1404, 12, 30)


def test_leap_day_of_a_jalali_leap_year_is_accepted():
    leap_day = parse("1403-12-30")
    assert leap_day == PartialDate(JALALI, 1403, 12, 30)
    assert leap_day.earliest == date(2025, 3, 20)


# Canonical text and precision


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2008", "year"),
        ("2008-11", "month"),
        ("2008-11-19", "day"),
        ("j:1404", "year"),
        ("j:1404-09", "month"),
        ("j:1404-09-07", "day"),
        ("circa 2008", "year"),
        ("before 2008-11", "month"),
        ("after j:1404", "year"),
        ("g:1650-03", "month"),
        ("unknown", None),
    ],
)
def test_canonical_text_reads_back_to_the_same_value_and_precision(text, precision):
    value = parse(text)
    assert value.text == str(value) == text
    assert value.precision == precision
    assert parse(str(value)) == value


def test_unknown_has_no_precision_and_no_bounds():
    unknown = PartialDate.UNKNOWN
    assert (unknown.precision, unknown.earliest, unknown.latest) == (None, None, None)
    assert str(unknown) == "unknown"


# Bounds


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2008", date(2008, 1, 1), date(2008, 12, 31)),
        ("2008-02", date(2008, 2, 1), date(2008, 2, 29)),
        ("2008-11-19", date(2008, 11, 19), date(2008, 11, 19)),
        ("j:1404", date(2025, 3, 21), date(2026, 3, 20)),
        ("j:1404-09", date(2025, 11, 22), date(2025, 12, 21)),
        ("j:1403-12", date(2025, 2, 19), date(2025, 3, 20)),
        ("۷ آذر ۱۴۰۴", date(2025, 11, 28), date(2025, 11, 28)),
        ("circa 2008", date(2007, 1, 1), date(2009, 12, 31)),
        ("circa 2008-11", date(2008, 10, 1), date(2008, 12, 31)),
        ("circa 2008-01", date(2007, 12, 1), date(2008, 2, 29)),
        ("circa 2008-11-19", date(2008, 11, 12), date(2008, 11, 26)),
        ("circa j:1404", date(2024, 3, 20), date(2027, 3, 20)),
        ("before 2008-11", None, date(2008, 10, 31)),
        ("before j:1404", None, date(2025, 3, 20)),
        ("after 2014", date(2015, 1, 1), None),
        ("after j:1404-09-07", date(2025, 11, 29), None),
        ("unknown", None, None),
    ],
)
def test_earliest_and_latest_are_the_first_and_last_gregorian_days(text, earliest, latest):
    value = parse(text)
    assert (value.earliest, value.latest) == (earliest, latest)


def test_a_year_sorts_around_its_days():
    texts = ["2009-01-01", "2008-11-19", "2008", "2007-12-31", "2008-01-01", "unknown"]
    ordered = sorted((parse(text) for text in texts), key=PartialDate.sort_key)
    assert [str(value) for value in ordered] == [
        "unknown",
        "2007-12-31",
        "2008-01-01",
        "2008",
        "2008-11-19",
        "2009-01-01",
    ]


def test_a_year_and_a_day_within_it_overlap():
    year, day = parse("2008"), parse("2008-11-19")
    on = date(2008, 11, 19)
    assert year.possibly_on_or_before(on) and year.possibly_on_or_after(on)
    assert not year.certainly_on_or_before(on) and not year.certainly_on_or_after(on)
    assert day.certainly_on_or_before(on) and day.certainly_on_or_after(on)


def test_before_and_after_are_certain_only_on_their_bounded_side():
    before, after = parse("before 2008"), parse("after 2008")
    assert before.certainly_on_or_before(date(2008, 1, 1))
    assert before.possibly_on_or_before(date(1900, 1, 1))
    assert not before.possibly_on_or_after(date(2008, 1, 1))
    assert after.certainly_on_or_after(date(2008, 12, 31))
    assert not after.possibly_on_or_before(date(2008, 12, 31))
    assert after.possibly_on_or_after(date(2100, 1, 1))


def test_unknown_is_possibly_anywhere_and_certainly_nowhere():
    unknown, on = PartialDate.UNKNOWN, date(2008, 1, 1)
    assert unknown.possibly_on_or_before(on) and unknown.possibly_on_or_after(on)
    assert not unknown.certainly_on_or_before(on) and not unknown.certainly_on_or_after(on)


# Storage


def test_columns_hold_text_precision_and_bounds_and_rebuild_the_value():
    value = parse("j:1404-09")
    columns = ("j:1404-09", "month", date(2025, 11, 22), date(2025, 12, 21))
    assert value.columns() == value.__composite_values__() == columns
    assert PartialDate.from_columns(*columns) == value


def test_missing_text_column_rebuilds_unknown():
    assert PartialDate.from_columns(None, None, None, None) is PartialDate.UNKNOWN
    assert PartialDate.from_columns(*PartialDate.UNKNOWN.columns()) is PartialDate.UNKNOWN


# Display


@pytest.mark.parametrize(
    ("text", "calendar", "lang", "shown"),
    [
        ("2008", "gregorian", "en", "2008"),
        ("2008", "jalali", "en", "1386–1387"),
        ("2008", "both", "en", "2008 (1386–1387)"),
        ("2025-11", "jalali", "en", "1404-08–1404-09"),
        ("2008-11-19", "jalali", "en", "1387-08-29"),
        ("2008-11-19", "both", "en", "2008-11-19 (1387-08-29)"),
        ("j:1404", "gregorian", "en", "2025–2026"),
        ("j:1404-09", "gregorian", "en", "2025-11–2025-12"),
        ("j:1404-09-07", "gregorian", "en", "2025-11-28"),
        ("j:1404-09-07", "jalali", "en", "1404-09-07"),
        ("j:1404-09-07", "both", "en", "1404-09-07 (2025-11-28)"),
        ("circa 2008", "both", "en", "circa 2008 (circa 1386–1387)"),
        ("circa 2008", "jalali", "en", "circa 1386–1387"),
        ("before 2008-11", "gregorian", "en", "before 2008-11"),
        ("after j:1404", "both", "en", "after 1404 (after 2026-03-20)"),
        # "after" ends where the value's last day falls, "before" begins at its first day.
        ("after 2022", "jalali", "en", "after 1401-10-10"),
        ("after 2022", "both", "en", "after 2022 (after 1401-10-10)"),
        ("before 2022", "jalali", "en", "before 1400-10-11"),
        ("before 2022", "both", "en", "before 2022 (before 1400-10-11)"),
        ("before j:1404-09", "gregorian", "en", "before 2025-11-22"),
        ("after j:1404-09", "gregorian", "en", "after 2025-12-21"),
        ("unknown", "both", "en", "unknown"),
        ("j:1404-09-07", "jalali", "fa", "۷ آذر ۱۴۰۴"),
        ("j:1404-09", "jalali", "fa", "آذر ۱۴۰۴"),
        ("2025-11", "jalali", "fa", "آبان–آذر ۱۴۰۴"),
        ("2025-03", "jalali", "fa", "اسفند ۱۴۰۳–فروردین ۱۴۰۴"),
        ("2008", "jalali", "fa", "۱۳۸۶–۱۳۸۷"),
        ("2008", "both", "fa", "۱۳۸۶–۱۳۸۷ (۲۰۰۸)"),  # Jalali first for Persian readers
        ("2008-11-19", "gregorian", "fa", "۱۹ نوامبر ۲۰۰۸"),
        ("2008-11-19", "both", "fa", "۲۹ آبان ۱۳۸۷ (۱۹ نوامبر ۲۰۰۸)"),
        ("j:1404-09-07", "both", "fa", "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)"),
        ("j:1404-09", "gregorian", "fa", "نوامبر–دسامبر ۲۰۲۵"),
        ("circa 2008", "gregorian", "fa", "حدود ۲۰۰۸"),
        ("before j:1404", "jalali", "fa", "پیش از ۱۴۰۴"),
        ("after 2014", "gregorian", "fa", "پس از ۲۰۱۴"),
        ("after 2022", "both", "fa", "پس از ۱۰ دی ۱۴۰۱ (پس از ۲۰۲۲)"),
        ("before 2022", "jalali", "fa", "پیش از ۱۱ دی ۱۴۰۰"),
        ("circa 2008", "both", "fa", "حدود ۱۳۸۶–۱۳۸۷ (حدود ۲۰۰۸)"),
        ("after 2025-11", "jalali", "fa", "پس از ۹ آذر ۱۴۰۴"),
        ("unknown", "jalali", "fa", "نامعلوم"),
    ],
)
def test_format_shows_the_value_in_either_calendar_never_more_precisely(
    text, calendar, lang, shown
):
    assert parse(text).format(calendar, lang) == shown


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2008", "2008"),
        ("2008-11", "2008-11"),
        ("2008-11-19", "2008-11-19"),
        ("j:1404-09-07", "2025-11-28"),
        ("j:1404-09", None),
        ("j:1404", None),
        ("circa 2008", None),
        ("before 2008-11-19", None),
        ("unknown", None),
    ],
)
def test_iso_is_given_only_when_exact(text, iso):
    assert parse(text).iso() == iso


@pytest.mark.parametrize(
    ("text", "jalali"),
    [
        ("2008", "1386–1387"),
        ("2008-11-19", "1387-08-29"),
        ("j:1404-09", "1404-09"),
        ("circa 2008", "circa 1386–1387"),
        ("after 2022", "after 1401-10-10"),
        ("before 2022", "before 1400-10-11"),
        ("unknown", None),
    ],
)
def test_jalali_text_is_ascii_for_json(text, jalali):
    assert parse(text).jalali_text() == jalali


# Days for --as-of


def test_parse_day_reads_a_day_in_either_calendar():
    assert parse_day("2025-11-28") == date(2025, 11, 28)
    assert parse_day("۱۴۰۴/۰۹/۰۷") == date(2025, 11, 28)
    assert parse_day("7 Azar 1404") == date(2025, 11, 28)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1404-09", "'1404-09' is a month; give a day, e.g. 1404-09-15"),
        ("2008", "'2008' is a year; give a day, e.g. 2008-06-15"),
        ("j:1750-09", "'j:1750-09' is a month; give a day, e.g. j:1750-09-15"),
        (
            "circa 2008-11-19",
            "'circa 2008-11-19' is not an exact day; give the day alone, e.g. 2008-11-19",
        ),
        ("unknown", "'unknown' is not a day: give a day, e.g. 2025-11-28 or 1404-09-07"),
    ],
)
def test_parse_day_refuses_anything_but_an_exact_day(text, message):
    with pytest.raises(DateError) as refused:
        parse_day(text)
    assert str(refused.value) == message


# Intervals


@pytest.mark.parametrize(
    ("start", "end", "en", "fa"),
    [
        ("2008", "2011", "3 years", "۳ سال"),
        ("2008-11", "2011-04", "2 years 5 months", "۲ سال و ۵ ماه"),
        ("2008-11-19", "2011-03-31", "2 years 4 months", "۲ سال و ۴ ماه"),
        ("2008-11-19", "2008-12-02", "13 days", "۱۳ روز"),
        ("2008-11-19", "2009-11-19", "1 year", "۱ سال"),
        ("2008-11-19", "2011", "3 years", "۳ سال"),
        ("2008", "2008-11-19", "less than a year", "کمتر از یک سال"),
        ("2008-11", "2008-11-30", "less than a month", "کمتر از یک ماه"),
        ("j:1404-06-31", "j:1404-07-30", "30 days", "۳۰ روز"),
        ("j:1390-01-01", "2011-03-21", "0 days", "۰ روز"),
        ("j:1390", "2020", "~9 years", "حدود ۹ سال"),
        ("circa 2008", "2011", "~3 years", "حدود ۳ سال"),
        ("2011", "2008", "-3 years", "-۳ سال"),
        ("before 2008", "2011", "", ""),
        # between two days: from the shortest to the longest it may be, or one figure
        ("2023-05-25", "2024-08-28..2024-08-29", "1 year 3 months", "۱ سال و ۳ ماه"),
        ("2025..2025-09-08", "2025-11-27..2025-11-29", "2 months to 10 months", "۲ ماه تا ۱۰ ماه"),
        ("2025-11-27..2025-11-29", "2025-12-05", "6 days to 8 days", "۶ روز تا ۸ روز"),
        ("2008", "unknown", "", ""),
    ],
)
def test_describe_interval_is_no_more_precise_than_its_ends(start, end, en, fa):
    assert describe_interval(parse(start), parse(end)) == en
    assert describe_interval(parse(start), parse(end), lang="fa") == fa


# To the year, never claiming more than the date says (stats' joins per year)


@pytest.mark.parametrize(
    ("typed", "year"),
    [
        ("2008-11-19", "2008"),
        ("before j:1404-09", "before j:1405"),  # Farvardin to Aban 1404 are possible
        ("after j:1404-09", "after j:1403"),  # Dey to Esfand 1404 are possible
        ("before j:1404-01-01", "before j:1404"),
        ("after 2020-12-31", "after 2020"),
        ("before 2020", "before 2020"),
        ("circa 2020-05", "circa 2020"),
        ("2024..2025-03", "2024..2025"),
        ("2025..2025-09", "2025"),
    ],
)
def test_year_only_keeps_every_year_the_date_allows(typed, year):
    assert parse(typed).year_only() == parse(year)


# EDTF for other tools: exact where the date is, the set of days where only bounds are known


@pytest.mark.parametrize(
    ("typed", "edtf"),
    [
        ("2008", "2008"),
        ("2008-11-19", "2008-11-19"),
        ("j:1404-09-07", "2025-11-28"),
        ("j:1404", "[2025-03-21..2026-03-20]"),
        ("2025..2025-09-08", "[2025..2025-09-08]"),
        ("before 2018-09-26", "[..2018-09-25]"),
        ("after 2020", "[2021-01-01..]"),
        ("circa 2008", "2008~"),
        ("unknown", None),
    ],
)
def test_edtf_is_no_more_precise_than_the_date(typed, edtf):
    assert parse(typed).edtf() == edtf


# Import cost


def test_importing_dates_does_not_import_jdatetime():
    code = "import sys, citylinks.dates; sys.exit('jdatetime' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == 0


# Properties


def _days_in_month(calendar, year, month):
    if calendar == GREGORIAN:
        return monthrange(year, month)[1]
    if month == 12:
        return 30 if jdatetime.date(year, 1, 1).isleap() else 29
    return 31 if month <= 6 else 30


INPUT_YEARS = {
    GREGORIAN: (FIRST_DAY.year + 1, LAST_DAY.year - 1),
    JALALI: (FIRST_DAY.year + 1 - 621, LAST_DAY.year - 1 - 622),
}


@st.composite
def partial_dates(draw):
    if draw(st.integers(0, 19)) == 0:
        return PartialDate.UNKNOWN
    calendar = draw(st.sampled_from(CALENDARS))
    # Any year whose every day (and the week of "circa" around it) lies in the range dates
    # may be given in (FIRST_DAY to LAST_DAY); the years at its edges have tests of their own.
    lowest, highest = INPUT_YEARS[calendar]
    year = draw(st.integers(lowest, highest))
    depth = draw(st.integers(1, 3))
    month = draw(st.integers(1, 12)) if depth >= 2 else None
    day = draw(st.integers(1, _days_in_month(calendar, year, month))) if depth == 3 else None
    qualifier = draw(st.sampled_from((None, *QUALIFIERS)))
    return PartialDate(calendar, year, month, day, qualifier)


@given(partial_dates())
def test_any_date_reads_back_from_its_text_with_ordered_bounds(value):
    assert parse(str(value)) == value
    assert PartialDate.from_columns(*value.columns()) == value
    if value.earliest is not None and value.latest is not None:
        assert value.earliest <= value.latest
    earliest, latest = value.sort_key()
    assert earliest <= latest


@given(partial_dates(), st.sampled_from(["both", GREGORIAN, JALALI]))
def test_any_date_formats_in_persian_without_ascii_digits(value, calendar):
    assert value.format(calendar, "en")
    shown = value.format(calendar, "fa")
    assert not any(character.isascii() and character.isdigit() for character in shown)
