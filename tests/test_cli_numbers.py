"""Numbers an officer types are read in any digit script (ASCII, Persian, Arabic-Indic, with
the Persian decimal separator ٫), and anything else is refused in one line."""

from __future__ import annotations

import pytest
from conftest import table_snapshot

from citylinks.text import TextError, parse_number


@pytest.mark.parametrize(
    "typed,whole,expected",
    [
        ("100", True, 100),
        ("۱۰۰", True, 100),
        ("١٠٠", True, 100),
        ("۱٬۲۰۰", True, 1200),
        ("−5", True, -5),
        ("۳۱٫۶", False, 31.6),
        ("٣١.٦", False, 31.6),
        ("-12.5", False, -12.5),
        ("۵۵", False, 55.0),
    ],
)
def test_parse_number_reads_any_digit_script(typed, whole, expected):
    assert parse_number(typed, "N", whole=whole) == expected


@pytest.mark.parametrize("typed", ["x", "1.5", "", "1e5", "۱۲a", "٫"])
def test_parse_number_refuses_what_is_not_a_whole_number(typed):
    with pytest.raises(TextError, match=rf"^COUNT '{typed}' is not a whole number"):
        parse_number(typed, "COUNT")


def test_attendance_count_in_persian_digits(seeded_cli, seeded_db):
    result = seeded_cli(
        "attend", "count", "AMF", "۱", "۱۲۰", "--series", "general-assembly",
        "--qualifier", "more-than", "--source", "S1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "more than 120" in result.stdout
    assert (120, "more-than") in seeded_db.rows("SELECT number, qualifier FROM attendance_claim")


def test_city_coordinates_with_the_persian_decimal_separator(cli, empty_db):
    assert cli("country", "add", "IR").exit_code == 0
    result = cli("city", "add", "Bafq", "--country", "IR", "--lat", "۳۱٫۶", "--lon", "٥٥.٤")
    assert result.exit_code == 0, result.output
    assert empty_db.rows("SELECT latitude, longitude FROM city") == [(31.6, 55.4)]
    edited = cli("city", "edit", "Bafq", "--lat", "۳۲", "--expect-version", "۱")
    assert edited.exit_code == 0, edited.output
    assert empty_db.rows("SELECT latitude FROM city") == [(32.0,)]


# any_backend: reading the digits; LIMIT is the same in every dialect
@pytest.mark.any_backend
def test_log_limit_in_persian_digits(seeded_cli):
    result = seeded_cli("log", "--limit", "۲", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout.count('"row_id"') == 2


# any_backend: a usage error, refused by argument parsing before any query
@pytest.mark.any_backend
@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["attend", "count", "AMF", "1", "x", "--source", "S1"],
            "Error: COUNT 'x' is not a whole number: give digits only, e.g. 12 or ۱۲"
            " (see 'citylinks attend count add --help')",
        ),
        (
            ["city", "edit", "Yazd", "--lat", "north"],
            "Error: --lat 'north' is not a number: give e.g. 31.6 or ۳۱٫۶"
            " (see 'citylinks city edit --help')",
        ),
        (
            ["city", "edit", "Yazd", "--region", "X", "--expect-version", "۱.۵"],
            "Error: --expect-version '۱.۵' is not a whole number: give digits only, e.g. 12 or ۱۲"
            " (see 'citylinks city edit --help')",
        ),
    ],
)
def test_a_number_that_is_not_one_is_a_one_line_usage_error(seeded_cli, seeded_db, args, message):
    before = table_snapshot(seeded_db)
    result = seeded_cli(*args)
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert table_snapshot(seeded_db) == before
