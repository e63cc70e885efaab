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
    # The Executive Board's 11th session is known to the month only, in both calendars.
    eb = out.split("AMF Executive Board")[1]
    assert "2025-11 (1404-08–1404-09)" in eb


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
    assert sorted(s["number"] for s in sessions) == [1, 4, 5, 6, 7, 8, 9, 10, 11]
    session = next(s for s in sessions if s["number"] == 11)
    assert session["start"]["value"] == "2025-11"
    assert session["start"]["iso"] == "2025-11"
    assert session["start"]["jalali"] == "1404-08–1404-09"


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
