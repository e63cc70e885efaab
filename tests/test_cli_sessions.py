"""`citylinks session add|show|edit|numbering add`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import table_snapshot

BARE = Path(__file__).parent / "data" / "bare.toml"


@pytest.fixture
def bare_cli(cli):
    """A database with only sources, cities, the AMF and its series (tests/data/bare.toml)."""
    result = cli("seed", str(BARE))
    assert result.exit_code == 0, result.output
    return cli


GA = [
    ("1", "Tehran", "2008"),
    ("2", "Istanbul", "2011"),
    ("3", "Bangkok", "2012"),
    ("4", "Haikou", "2014"),
    ("5", "Gaziantep", "2018"),
    ("6", "Dushanbe", "2022"),
]


def test_the_six_general_assemblies_of_the_release_recorded_and_shown(bare_cli, empty_db):
    for number, host, year in GA:
        result = bare_cli(
            "session", "add", "AMF", number, "--series", "general-assembly",
            "--host", host, "--from", year, "--source", "S0",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == (
            f"recorded: AMF general-assembly {number}: {host}, {year}, held"
        )
    rows = empty_db.rows(
        "SELECT s.number, c.key, s.start_text FROM session s JOIN city c ON c.id = s.host_city_id"
        " ORDER BY s.number"
    )
    assert rows == [(int(n), h.lower(), y) for n, h, y in GA]
    timeline = bare_cli("timeline", "AMF", "--series", "general-assembly", "-f", "json")
    sessions = json.loads(timeline.stdout)["series"][0]["sessions"]
    assert [s["host"] for s in sessions] == [h for _, h, _ in GA]


def test_show_gives_host_dates_in_both_calendars_theme_venue_status_and_sources(bare_cli):
    bare_cli(
        "session", "add", "AMF", "7", "--series", "مجمع عمومی", "--host", "تهران",
        "--from", "۷ آذر ۱۴۰۴", "--venue", "Baladiyeh building", "--theme", "Urban futures",
        "--source", "M1",
    )  # fmt: skip
    result = bare_cli("session", "show", "AMF", "7")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "AMF General Assembly 7" in out
    assert "Tehran, Iran" in out
    # Typed in Jalali, shown as every date of an English page: Gregorian first.
    assert "j:1404-09-07" not in out and "2025-11-28 (1404-09-07)" in out
    assert "Baladiyeh building" in out and "Urban futures" in out and "held" in out
    assert "M1" in out and "Version" in out
    data = json.loads(bare_cli("session", "show", "AMF", "7", "-f", "json").stdout)
    assert data["start"]["iso"] == "2025-11-28" and data["start"]["jalali"] == "1404-09-07"
    assert data["version"] == 1 and data["updated_by"] == "test-officer"
    persian = bare_cli("session", "show", "AMF", "7", "--lang", "fa", "--calendar", "jalali")
    assert "۷ آذر ۱۴۰۴" in persian.stdout and "میزبان" in persian.stdout


def test_show_lists_other_numberings_counts_and_attendees(seeded_cli):
    eleven = seeded_cli("session", "show", "AMF", "11")
    assert eleven.exit_code == 0, eleven.output
    assert "AMF Executive Board 11" in eleven.stdout
    assert "یازدهمین اجلاس (eleventh meeting)" in eleven.stdout and "S2, S3" in eleven.stdout
    ga = ("--series", "general-assembly")
    first = json.loads(seeded_cli("session", "show", "AMF", "1", *ga, "-f", "json").stdout)
    # Every source's count of the first meeting is kept (data/amf.toml).
    assert {(c["qualifier"], c["number"]) for c in first["attendance"]} == {
        ("more-than", 100),
        ("exactly", 89),
        ("more-than", 89),
        ("more-than", 80),
        ("about", 90),
        ("exactly", 44),
        ("exactly", 160),
    }
    seventh = json.loads(seeded_cli("session", "show", "AMF", "7", *ga, "-f", "json").stdout)
    assert {"Yazd", "Kazan", "Tehran"} <= {a["name"] for a in seventh["attendees"]}
    sixth = seeded_cli("session", "show", "AMF", "6", *ga)
    assert "Rustam Emomali (person)" in sixth.stdout and "Dushanbe" in sixth.stdout


def test_show_needs_series_when_the_number_is_in_several(bare_cli):
    for series in ("general-assembly", "executive-board"):
        args = ("session", "add", "AMF", "1", "--series", series, "--host", "Tehran")
        assert bare_cli(*args, "--from", "2008").exit_code == 0
    result = bare_cli("session", "show", "AMF", "1")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: AMF has a session 1 in several series: give --series, one of"
        " general-assembly, executive-board"
    )
    assert (
        "AMF Executive Board 1"
        in bare_cli("session", "show", "AMF", "1", "--series", "Executive Board").stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["AMF", "1", "--series", "general-assembly", "--host", "Shiraz", "--from", "2009"],
            "Error: AMF general-assembly 1 is already recorded (Tehran, 2008, held):"
            " one number per series; see `citylinks session show AMF 1 --series"
            " general-assembly`, or change it with `citylinks session edit`",
        ),
        (
            ["AMF", "2", "--host", "Tehran", "--from", "2011"],
            "Error: AMF has several meeting series: give --series, one of general-assembly,"
            " executive-board",
        ),
        (
            ["AMF", "2", "--series", "plenary", "--host", "Tehran", "--from", "2011"],
            "Error: AMF has no meeting series 'plenary': use one of general-assembly,"
            " executive-board",
        ),
        (
            ["AMF", "2", "--series", "general-assembly", "--host", "Tehran", "--from", "2011",
             "--status", "done"],
            "Error: unknown session status 'done': use one of planned, held, postponed, cancelled",
        ),
        (
            ["AMF", "2", "--series", "general-assembly", "--host", "Tehran", "--from", "2011",
             "--to", "2010"],
            "Error: the session ends (2010) before it starts (2011): check --from and --to",
        ),
        (
            ["AMF", "0", "--series", "general-assembly", "--host", "Tehran", "--from", "2011"],
            "Error: the session number must be 1 or more, not 0",
        ),
        (
            ["AMF", "two", "--series", "general-assembly", "--host", "Tehran", "--from", "2011"],
            "Error: the session number 'two' is not a whole number: give e.g. 7",
        ),
    ],
)  # fmt: skip
def test_session_add_refusals_change_nothing(bare_cli, empty_db, args, message):
    bare_cli(
        "session", "add", "AMF", "1", "--series", "general-assembly", "--host", "Tehran",
        "--from", "2008",
    )  # fmt: skip
    before = table_snapshot(empty_db)
    result = bare_cli("session", "add", *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert "IntegrityError" not in result.output
    assert table_snapshot(empty_db) == before


def test_session_add_dry_run_writes_nothing(bare_cli, empty_db):
    before = table_snapshot(empty_db)
    result = bare_cli(
        "session", "add", "AMF", "1", "--series", "general-assembly", "--host", "Tehran",
        "--from", "2008", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dry run, would record: AMF general-assembly 1")
    assert "  added: AMF General Assembly 1\n" in result.stderr
    assert table_snapshot(empty_db) == before


def test_edit_changes_what_is_given_bumps_the_version_and_logs_before_and_after(
    seeded_cli, seeded_db
):
    result = seeded_cli(
        "session", "edit", "AMF", "3", "--series", "general-assembly", "--theme", "Local Governance", "--venue", "City Hall",
        "--expect-version", "1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ("AMF general-assembly 3: changed theme, venue (now version 2)")
    data = json.loads(
        seeded_cli(
            "session", "show", "AMF", "3", "--series", "general-assembly", "-f", "json"
        ).stdout
    )
    assert (data["theme"], data["venue"], data["version"]) == (
        "Local Governance",
        "City Hall",
        2,
    )
    assert data["host"] == "Bangkok"
    before, after = seeded_db.rows(
        "SELECT before, after FROM audit_log WHERE table_name = 'session' AND action = 'update'"
        " ORDER BY id"
    )[-1]  # the edit's (seed logs the date citations of sessions as updates)
    before, after = (json.loads(x) if isinstance(x, str) else x for x in (before, after))
    assert before == {
        "theme": "Local Governance: Urban Initiatives for Progress & Justice",
        "venue": None,
    }
    assert after == {"theme": "Local Governance", "venue": "City Hall"}


def test_edit_with_an_old_version_names_who_changed_it(seeded_cli, seeded_db):
    assert (
        seeded_cli(
            "--as",
            "maryam",
            "session",
            "edit",
            "AMF",
            "3",
            "--series",
            "general-assembly",
            "--venue",
            "X",
        ).exit_code
        == 0
    )
    before = table_snapshot(seeded_db)
    result = seeded_cli(
        "session",
        "edit",
        "AMF",
        "3",
        "--series",
        "general-assembly",
        "--venue",
        "Y",
        "--expect-version",
        "1",
    )
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith("Error: session AMF general-assembly 3 was changed by maryam at ")
    assert message.endswith(
        " since you read it (version 1, now 2); show it again and repeat your change"
    )
    assert table_snapshot(seeded_db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [],
            "Error: nothing to change: give at least one of --host, --from, --to, --theme,"
            " --venue, --status, --note, --renumber",
        ),
        (["--to", "2011"], "Error: the session ends (2011) before it starts (2012-11-28): check"
         " --from and --to"),
        (["--status", "over"], "Error: unknown session status 'over': use one of planned, held,"
         " postponed, cancelled"),
    ],
)  # fmt: skip
def test_edit_refusals_change_nothing(seeded_cli, seeded_db, args, message):
    before = table_snapshot(seeded_db)
    result = seeded_cli("session", "edit", "AMF", "3", "--series", "general-assembly", *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert table_snapshot(seeded_db) == before


def test_edit_dry_run_writes_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli(
        "session",
        "edit",
        "AMF",
        "3",
        "--series",
        "general-assembly",
        "--status",
        "postponed",
        "--dry-run",
    )
    assert result.exit_code == 0, result.output
    assert "status held → postponed" in result.stderr
    assert table_snapshot(seeded_db) == before


def test_unknown_session_is_refused(seeded_cli):
    result = seeded_cli("session", "show", "AMF", "12")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: AMF has no session numbered 12 in any series (general-assembly,"
        " executive-board): see `citylinks timeline AMF`, or record it with"
        " `citylinks session add`"
    )


def test_numbering_add_keeps_another_sources_number(seeded_cli, seeded_db):
    result = seeded_cli(
        "session", "numbering", "add", "AMF", "7", "--series", "general-assembly", "--as", "8",
        "--label", "هشتمین اجلاس", "--source", "S2",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "recorded: AMF general-assembly 7: also numbered 8 by S2"
    data = json.loads(
        seeded_cli(
            "session", "show", "AMF", "7", "--series", "general-assembly", "-f", "json"
        ).stdout
    )
    [numbering] = data["other_numberings"]
    assert numbering["version"] == 1 and numbering["id"]
    assert {k: numbering[k] for k in ("number", "label", "sources")} == {
        "number": 8,
        "label": "هشتمین اجلاس",
        "sources": ["S2"],
    }
    assert data["number"] == 7
    # The session row itself did not change.
    assert data["version"] == 1


def test_numbering_add_refusals(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    duplicate = seeded_cli(
        "session", "numbering", "add", "AMF", "11", "--as", "11", "--source", "S2",
        "--label", "یازدهمین اجلاس (eleventh meeting)",
    )  # fmt: skip
    assert duplicate.exit_code == 1
    assert duplicate.stderr.strip() == (
        "Error: AMF executive-board 11 is already recorded as number 11 (S2, S3); nothing was"
        " recorded"
    )
    missing = seeded_cli("session", "numbering", "add", "AMF", "11", "--as", "12")
    assert missing.exit_code == 2 and "Missing option '--source'" in missing.stderr
    dry = seeded_cli(
        "session", "numbering", "add", "AMF", "11", "--as", "12", "--source", "S2", "--dry-run"
    )
    assert dry.exit_code == 0
    assert "  added: AMF Executive Board 11, numbered 12 by a source" in dry.stderr
    assert table_snapshot(seeded_db) == before


# any_backend: the layout of what is read; reading the session is checked on every backend above
@pytest.mark.any_backend
def test_show_draws_its_facts_without_an_empty_header_row(seeded_cli):
    result = seeded_cli("session", "show", "AMF", "1", "--series", "general-assembly")
    assert result.exit_code == 0, result.output
    facts = result.stdout.split("Session", 1)[1].split("\n\n")[0]
    lines = facts.strip().splitlines()
    assert lines[0].startswith("┌") and lines[1].startswith("│ Host ")  # no header row first


def test_an_empty_theme_clears_it_as_an_empty_cell_or_field_would(seeded_cli, seeded_db):
    """'' means no theme at every door: the command clears it, as a blank CSV cell or dataset
    field leaves it unset (it was refused here alone)."""
    assert seeded_cli("session", "edit", "AMF", "11", "--theme", "Smart cities").exit_code == 0
    result = seeded_cli("session", "edit", "AMF", "11", "--theme", "  ")
    assert result.exit_code == 0, result.output
    assert seeded_db.scalar("SELECT count(*) FROM session WHERE theme = 'Smart cities'") == 0
