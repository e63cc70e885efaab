"""`citylinks timeline`: the first report, on the bundled dataset."""

from __future__ import annotations

import json

import pytest

GA_HOSTS = ["Tehran", "Istanbul", "Bangkok", "Haikou", "Gaziantep", "Dushanbe", "Tehran"]


def test_timeline_lists_the_seven_general_assemblies_in_order_with_both_calendars(seeded_cli):
    result = seeded_cli("timeline", "AMF")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "AMF General Assembly" in out and "AMF Executive Board" in out
    ga = out.split("AMF Executive Board")[0]
    positions = []
    for host, day in zip(
        GA_HOSTS,
        [
            "2008-11-19",
            "2011-04-01",
            "2012-11-28",
            "2014-11-25",
            "2018-11-30",
            "2022-03-08",
            "2025-11-28",
        ],
        strict=True,
    ):
        start = ga.index(day, positions[-1] if positions else 0)
        assert host in ga[ga.rfind("\n", 0, start) : start + 200]
        positions.append(start)
    assert positions == sorted(positions)
    # Jalali beside Gregorian: 2008-11-19 is 29 Aban 1387, 2025-11-28 is 7 Azar 1404.
    assert "1387-08-29" in ga and "1404-09-07" in ga
    # The Executive Board's 3rd meeting is known to the month only, in both calendars.
    eb = out.split("AMF Executive Board")[1]
    assert "2013-11 (1392-08–1392-09)" in eb


def test_timeline_json_carries_reduced_iso_and_jalali_dates(seeded_cli):
    result = seeded_cli("timeline", "AMF", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["organization"] == "AMF"
    ga = next(s for s in data["series"] if s["key"] == "general-assembly")
    assert [s["number"] for s in ga["sessions"]] == [1, 2, 3, 4, 5, 6, 7]
    assert [s["host"] for s in ga["sessions"]] == GA_HOSTS
    first = ga["sessions"][0]
    assert first["start"]["iso"] == "2008-11-19"
    assert first["start"]["jalali"] == "1387-08-29"
    assert first["end"]["value"] == "2008-11-20"
    claims = {(c["qualifier"], c["number"]) for c in first["attendance"]}
    assert claims == {
        ("more-than", 100),
        ("exactly", 89),
        ("more-than", 89),
        ("more-than", 80),
        ("about", 90),
        ("exactly", 44),
        ("exactly", 160),
    }
    assert {"S0", "D1", "R1", "M2", "P1", "SH1"} <= set(first["sources"])
    assert ga["sessions"][1]["since_previous"] == "2 years 4 months"


def test_timeline_series_option_picks_one_series(seeded_cli):
    result = seeded_cli("timeline", "AMF", "--series", "executive-board", "--format", "json")
    data = json.loads(result.stdout)
    assert [s["key"] for s in data["series"]] == ["executive-board"]
    sessions = data["series"][0]["sessions"]
    assert sorted(s["number"] for s in sessions) == [1, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    session = next(s for s in sessions if s["number"] == 11)
    # Between two days: no ISO form, both calendars in words, the days it may fall on.
    assert session["start"]["value"] == "2025-11-27..2025-11-29"
    assert session["start"]["iso"] is None
    assert session["start"]["jalali"] == "between 1404-09-06 and 1404-09-08"
    assert (session["start"]["earliest"], session["start"]["latest"]) == (
        "2025-11-27",
        "2025-11-29",
    )
    assert session["since_previous"] == "1 year 2 months to 1 year 3 months"


def test_timeline_unknown_series_is_refused_with_the_choices(seeded_cli):
    result = seeded_cli("timeline", "AMF", "--series", "plenary")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: AMF has no meeting series 'plenary': use one of general-assembly, executive-board"
    )


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_timeline_in_persian_uses_persian_headings_digits_and_month_names(seeded_cli):
    result = seeded_cli(
        "timeline", "AMF", "--lang", "fa", "--calendar", "jalali", "--series", "general-assembly"
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "مجمع عمومی" in out
    assert "میزبان" in out and "تهران" in out and "ایران" in out
    assert "۲۹ آبان ۱۳۸۷" in out  # 2008-11-19
    assert "2008" not in out


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_timeline_calendar_gregorian_shows_no_jalali(seeded_cli):
    result = seeded_cli(
        "timeline", "AMF", "--calendar", "gregorian", "--series", "general-assembly"
    )
    assert "2008-11-19" in result.stdout
    assert "1387" not in result.stdout


def test_organization_is_found_by_any_name_in_any_letter_form(seeded_cli):
    for query in (
        "AMF",
        "amf",
        "Asian Mayors Forum",
        "مجمع شهرداران آسیایی",
        "مجمع شهرداران آسيائي".replace("ئ", "ی"),
    ):
        result = seeded_cli("timeline", query, "--format", "json")
        assert result.exit_code == 0, (query, result.output)
        assert json.loads(result.stdout)["organization"] == "AMF"


def test_organization_found_with_arabic_yeh_and_kaf(seeded_cli):
    # "مجمع شهرداران آسیایی" typed on an Arabic keyboard: Arabic yeh (U+064A).
    arabic = "مجمع شهرداران آسيايي"
    result = seeded_cli("timeline", arabic, "--format", "json")
    assert result.exit_code == 0, result.output


def test_unknown_organization_exits_1_with_a_suggestion(seeded_cli):
    result = seeded_cli("timeline", "AMX")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Error: no organization matches 'AMX'. Did you mean 'AMF'?"
    ]


# Report fixes (issues 15 and 16) ---------------------------------------------------------------

WORLD = __import__("pathlib").Path(__file__).parent / "data" / "reports_world.toml"


def test_since_previous_counts_from_a_session_that_from_leaves_out(seeded_cli):
    """`--from 2010` hides the 1st General Assembly (2008), but the 2nd still says how long
    after it it met."""
    result = seeded_cli("timeline", "AMF", "--series", "general-assembly", "--from", "2010")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "Istanbul" in line)
    assert "2 years 4 months" in row
    assert "2008-11-19" not in result.stdout
    data = json.loads(
        seeded_cli(
            "timeline", "AMF", "--series", "general-assembly", "--from", "2010", "--format", "json"
        ).stdout
    )
    first = data["series"][0]["sessions"][0]
    assert (first["number"], first["since_previous"]) == (2, "2 years 4 months")


# any_backend: the words for an empty range; the range query is checked on every backend above
@pytest.mark.any_backend
def test_an_empty_range_says_which_range_has_no_sessions(seeded_cli):
    result = seeded_cli("timeline", "AMF", "--from", "2040")
    assert result.exit_code == 0, result.output
    assert "No sessions in or after 2040 (1418–1419)." in result.stdout
    assert "No sessions recorded." not in result.stdout
    result = seeded_cli("timeline", "AMF", "--from", "2040", "--to", "1425", "--calendar", "jalali")
    assert "No sessions between 1418–1419 and 1425." in result.stdout
    result = seeded_cli("timeline", "AMF", "--to", "1990", "--lang", "fa", "--calendar", "jalali")
    assert "جلسه‌ای تا ۱۳۶۸–۱۳۶۹ ثبت نشده است." in result.stdout


def test_a_session_known_only_as_before_a_date_sorts_by_its_latest_day(cli):
    """A council meeting "before 2013" comes after the one of 2012-03-01 (its latest possible
    day is 2012-12-31), not first as if it were the oldest."""
    assert cli("seed", str(WORLD)).exit_code == 0
    added = cli(
        "session", "add", "WURC", "9", "--series", "council", "--host", "Alphaburg",
        "--from", "before 2013", "--source", "X1",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    result = cli("timeline", "WURC", "--series", "council", "--format", "json")
    sessions = json.loads(result.stdout)["series"][0]["sessions"]
    numbers = [s["number"] for s in sessions]
    assert numbers.index(1) < numbers.index(9) < numbers.index(2), numbers
    table = cli("timeline", "WURC", "--series", "council", "--calendar", "gregorian").stdout
    assert table.index("2012-03-01") < table.index("before 2013") < table.index("circa 2016")


# any_backend: the words of the legend
@pytest.mark.any_backend
def test_one_session_not_drawn_is_said_in_the_singular(cli):
    assert cli("seed", str(WORLD)).exit_code == 0
    result = cli("timeline", "WURC", "--series", "forum")
    assert "1 session with an unknown date is not drawn" in result.stdout
    assert "1 sessions" not in result.stdout
    persian = cli("timeline", "WURC", "--series", "forum", "--lang", "fa")
    assert "۱ جلسه با تاریخ نامعلوم رسم نشده است" in persian.stdout


def test_every_date_cell_puts_the_calendars_in_one_order_whatever_was_typed(cli):
    """Congress 4 was recorded in Jalali (j:1401-06-15), the others in Gregorian: all show
    Gregorian first in English and Jalali first in Persian."""
    assert cli("seed", str(WORLD)).exit_code == 0
    result = cli("timeline", "WURC", "--series", "congress")
    assert result.exit_code == 0, result.output
    assert "2022-09-06 (1401-06-15)" in result.stdout
    assert "1401-06-15 (2022-09-06)" not in result.stdout
    assert "2010-05-10 (1389-02-20)" in result.stdout
    persian = cli("timeline", "WURC", "--series", "congress", "--lang", "fa").stdout
    assert "۱۵ شهریور ۱۴۰۱ (۶ سپتامبر ۲۰۲۲)" in persian
    assert "۲۰ اردیبهشت ۱۳۸۹ (۱۰ مه ۲۰۱۰)" in persian


def test_a_source_that_numbers_a_session_as_recorded_confirms_it_and_another_number_is_shown(
    seeded_cli,
):
    def eleventh() -> str:
        out = seeded_cli(
            "timeline", "AMF", "--series", "executive-board", "--format", "markdown"
        ).stdout
        return next(line for line in out.splitlines() if line.startswith("| 11 |"))

    # The bundled record: S2 and S3 number the Executive Board's 11th meeting 11, as recorded.
    assert "| its number as given by S2, S3 |" in eleventh()
    assert "also numbered" not in eleventh()
    recorded = seeded_cli(
        "session", "numbering", "add", "AMF", "11", "--as", "12", "--series", "executive-board",
        "--source", "S1",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    assert "also numbered 12 (S1)" in eleventh()
