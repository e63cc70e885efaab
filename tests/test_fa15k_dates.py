"""Early, mid and late of a month or a year keep the word the source used (issue 15):
«اوایل آذر ۱۴۰۴» is shown «اوایل آذر ۱۴۰۴» / "early 1404-09", to the month, never to the day;
a session so dated is not reported by `check` as dated to the day. Values stored before as a
date between two days (j:1404-09-01..j:1404-09-10) read back as they were."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import run_cli, run_fa
from test_check import setup_office

from citylinks.dates import PartialDate


@pytest.mark.any_backend
@pytest.mark.parametrize(
    ("typed", "persian", "english"),
    [
        ("اوایل آذر ۱۴۰۴", "اوایل آذر ۱۴۰۴ (بین ۲۲ نوامبر ۲۰۲۵ و ۱ دسامبر ۲۰۲۵)", "early 1404-09"),
        ("اواخر اسفند ۱۴۰۴", "اواخر اسفند ۱۴۰۴ (بین ۱۲ مارس ۲۰۲۶ و ۲۰ مارس ۲۰۲۶)", "late 1404-12"),
        ("اوایل ۱۴۰۴", "اوایل ۱۴۰۴ (بین ۲۱ مارس ۲۰۲۵ و ۲۲ ژوئیه ۲۰۲۵)", "early 1404"),
    ],
)
def test_the_date_command_keeps_the_word_and_claims_no_day(typed, persian, english):
    shown = run_fa(None, "date", typed)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.strip() == f"{typed}  =>  {persian}  (دقت: ماه)"
    shown = run_cli(None, "date", typed)
    assert f"=>  {english} (between " in shown.stdout
    assert "(precision: month; " in shown.stdout


@pytest.mark.any_backend
def test_the_stored_text_reads_back_and_the_old_form_is_read_as_before():
    value = PartialDate.parse("اوایل آذر ۱۴۰۴")
    assert value.columns() == ("early j:1404-09", "month", date(2025, 11, 22), date(2025, 12, 1))
    assert PartialDate.parse(value.text) == value
    old = PartialDate.parse("j:1404-09-01..j:1404-09-10")  # as stored before issue 15
    assert (old.earliest, old.latest) == (value.earliest, value.latest)
    assert old.text == "j:1404-09-01..j:1404-09-10"
    assert value.year_only().text == "j:1404"


@pytest.fixture
def office(empty_db):
    setup_office(empty_db)
    return empty_db


def _findings(db) -> tuple[int, list[dict]]:
    shown = run_cli(db, "check", "--format", "json")
    return shown.exit_code, json.loads(shown.stdout)


def test_check_does_not_call_early_azar_dated_to_the_day(office):
    # S2 is a news item known only to the year: it gives no day.
    added = run_fa(office, "session", "add", "AMF", "2", "--host", "Tehran", "--from",
                   "اوایل آذر ۱۴۰۴", "--source", "S2")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert office.scalar("SELECT start_text FROM session WHERE number = 2") == "early j:1404-09"
    assert office.scalar("SELECT start_precision FROM session WHERE number = 2") == "month"
    assert _findings(office) == (0, [])
    shown = run_fa(office, "session", "show", "AMF", "2")
    assert "اوایل آذر ۱۴۰۴" in shown.stdout, shown.stdout


def test_check_still_finds_a_day_no_source_gives(office):
    added = run_fa(office, "session", "add", "AMF", "2", "--host", "Tehran", "--from",
                   "۷ آذر ۱۴۰۴", "--source", "S2")  # fmt: skip
    assert added.exit_code == 0, added.output
    code, found = _findings(office)
    assert code == 1 and [f["kind"] for f in found] == ["unsupported-day"], found
