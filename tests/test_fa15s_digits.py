"""Digits and what only looks like one (fa15s): Persian, Arabic-Indic and fullwidth digits are
read as digits, in dates and numbers alike; a superscript, subscript or circled digit is
refused, named, with the digit to type (the corpus tries it at every door)."""

from __future__ import annotations

import pytest
from conftest import run_cli, run_fa

from citylinks.dates import DateError, PartialDate
from citylinks.text import TextError, parse_number


@pytest.mark.parametrize("typed", ["2008", "۲۰۰۸", "٢٠٠٨", "２００８", "２008"])
def test_decimal_digits_of_every_script_are_one_year(typed):
    assert PartialDate.parse(typed) == PartialDate.parse("2008")
    assert parse_number(typed, "COUNT") == 2008


@pytest.mark.parametrize(
    "typed, named",
    [
        ("2008²", "² (U+00B2 SUPERSCRIPT TWO)"),
        ("²", "² (U+00B2 SUPERSCRIPT TWO)"),
        ("2008³", "³ (U+00B3 SUPERSCRIPT THREE)"),
        ("¹2", "¹ (U+00B9 SUPERSCRIPT ONE)"),
        ("2008₂", "₂ (U+2082 SUBSCRIPT TWO)"),
        ("②", "② (U+2461 CIRCLED DIGIT TWO)"),
    ],
)
def test_a_digit_look_alike_is_refused_naming_it_in_dates_and_numbers(typed, named):
    with pytest.raises(DateError) as date_error:
        PartialDate.parse(typed)
    with pytest.raises(TextError) as number_error:
        parse_number(typed, "COUNT")
    for said in (str(date_error.value), str(number_error.value)):
        assert f"'{typed}' holds {named}, which only looks like a digit: type the digit" in said


def test_the_date_command_says_it_in_both_languages():
    english = run_cli(None, "date", "2008²")
    persian = run_fa(None, "date", "2008²")
    assert english.exit_code == persian.exit_code == 1
    assert english.stderr.strip() == (
        "Error: '2008²' holds ² (U+00B2 SUPERSCRIPT TWO), which only looks like a digit:"
        " type the digit 2"
    )
    assert persian.stderr.strip().startswith("خطا: «2008²» نویسهٔ ² (U+00B2 SUPERSCRIPT TWO)")
    assert "خود رقم ۲ را بنویسید" in persian.stderr
    fullwidth = run_cli(None, "date", "２００８-１１")
    assert fullwidth.exit_code == 0 and "2008-11" in fullwidth.stdout, fullwidth.output
