"""`citylinks date`: dates in both calendars, as an officer reads them in a source."""

from __future__ import annotations

from conftest import run_cli


def test_date_in_persian_words_and_digits_is_shown_in_both_calendars():
    result = run_cli(None, "date", "۷ آذر ۱۴۰۴")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "۷ آذر ۱۴۰۴  =>  1404-09-07 (2025-11-28)  (precision: day; j:1404-09-07)"
    )


def test_date_keeps_the_precision_it_was_given():
    result = run_cli(None, "date", "آذر ۱۴۰۴", "2008", "19 November 2008", "before j:1404")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].endswith("1404-09 (2025-11–2025-12)  (precision: month; j:1404-09)")
    assert lines[1].endswith("2008 (1386–1387)  (precision: year; 2008)")
    assert "2008-11-19 (1387-08-29)  (precision: day" in lines[2]
    assert "before 1404 (before 2025-03-21)" in lines[3]


def test_date_in_persian_uses_persian_digits_and_words():
    result = run_cli(None, "date", "--lang", "fa", "2025-11-28")
    assert result.exit_code == 0, result.output
    assert "۷ آذر ۱۴۰۴ (۲۸ نوامبر ۲۰۲۵)" in result.stdout  # Jalali first
    assert "دقت: روز" in result.stdout


def test_a_qualified_date_keeps_its_qualifier_in_the_other_calendar():
    result = run_cli(None, "date", "after 2022", "before 2022", "circa 2008")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert "=>  after 2022 (after 1401-10-10)  (" in lines[0]
    assert "=>  before 2022 (before 1400-10-11)  (" in lines[1]
    assert "=>  circa 2008 (circa 1386–1387)  (" in lines[2]
    persian = run_cli(None, "date", "--lang", "fa", "after 2022")
    assert "=>  پس از ۱۰ دی ۱۴۰۱ (پس از ۲۰۲۲)  (" in persian.stdout


def test_bad_dates_are_refused_one_line_each_and_the_rest_still_shown():
    result = run_cli(None, "date", "1404-12-30", "2008-11-19", "Brumaire 1404")
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert errors == [
        "Error: 1404-12-30 does not exist: Esfand 1404 has 29 days (1404 is not a leap year)",
        "Error: Brumaire 1404: 'brumaire' is not a month name: write e.g. 19 November 2008,"
        " Nov 2008, ۷ آذر ۱۴۰۴ or 2008-11",
    ]
    assert "2008-11-19 (1387-08-29)" in result.stdout


def test_date_without_arguments_is_a_usage_error():
    result = run_cli(None, "date")
    assert result.exit_code == 2
