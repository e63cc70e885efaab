"""`citylinks attend add|count`: who attended a session, and how many."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import table_snapshot

BARE = Path(__file__).parent / "data" / "bare.toml"


@pytest.fixture
def bare_cli(cli):
    """tests/data/bare.toml, plus the 11th Executive Board session."""
    assert cli("seed", str(BARE)).exit_code == 0
    result = cli(
        "session", "add", "AMF", "11", "--series", "executive-board", "--host", "Tehran",
        "--from", "2025-11", "--source", "M1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return cli


def attendees(db):
    return db.rows(
        "SELECT c.key, o.key, p.key, b.key, a.role FROM attendance a"
        " LEFT JOIN city c ON c.id = a.city_id"
        " LEFT JOIN organization o ON o.id = a.organization_id"
        " LEFT JOIN person p ON p.id = a.person_id"
        " LEFT JOIN city b ON b.id = a.on_behalf_of_city_id ORDER BY a.id"
    )


def test_attend_add_finds_a_city_an_organization_or_a_person(bare_cli, empty_db):
    city = bare_cli("attend", "add", "AMF", "11", "یزد", "--source", "M1")
    assert city.exit_code == 0, city.output
    assert city.stdout.strip() == (
        "recorded: AMF executive-board 11: attended by the city Yazd (delegation)"
    )
    person = bare_cli(
        "attend", "add", "AMF", "11", "علیرضا امراللهی", "--on-behalf-of", "Yazd",
        "--role", "guest", "--source", "M1",
    )  # fmt: skip
    assert person.exit_code == 0, person.output
    assert "the person Alireza Amrollahi on behalf of Yazd (guest)" in person.stdout
    org = bare_cli("attend", "add", "AMF", "11", "Asian Mayors Forum", "--role", "host")
    assert org.exit_code == 0, org.output
    assert attendees(empty_db) == [
        ("yazd", None, None, None, "delegation"),
        (None, None, "amrollahi", "yazd", "guest"),
        (None, "amf", None, None, "host"),
    ]
    shown = bare_cli("session", "show", "AMF", "11")
    assert "Alireza Amrollahi (person)" in shown.stdout and "Yazd (city)" in shown.stdout
    # Adding attendees leaves the session row (and its version) as it was.
    assert empty_db.scalar("SELECT version FROM session") == 1


def test_a_name_of_both_a_city_and_an_organization_asks_for_kind(bare_cli, empty_db):
    before = table_snapshot(empty_db)
    result = bare_cli("attend", "add", "AMF", "11", "Shiraz")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith("Error: 'Shiraz' names the city Shiraz (id ")
    assert "and the organization Shiraz Municipality (id " in message
    assert message.endswith("add --kind city or --kind org to say which")
    assert table_snapshot(empty_db) == before
    chosen = bare_cli("attend", "add", "AMF", "11", "Shiraz", "--kind", "city")
    assert chosen.exit_code == 0, chosen.output
    assert attendees(empty_db) == [("shiraz", None, None, None, "delegation")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["Yazdd"],
            "Error: no city, organization or person matches 'Yazdd'. Did you mean the city"
            " 'Yazd'? Record it first (`citylinks city add`, `citylinks org add` or"
            " `citylinks person add`)",
        ),
        (
            ["Yazd", "--role", "speaker"],
            "Error: unknown attendance role 'speaker': use one of host, delegation,"
            " associate-member, observer, guest",
        ),
        (
            ["Yazd", "--kind", "town"],
            "Error: unknown --kind 'town': use one of city, org, person",
        ),
        (
            ["Yazd", "--series", "general-assembly"],
            "Error: AMF has no session 11 in its general-assembly series: see"
            " `citylinks timeline AMF`, or record it with `citylinks session add`",
        ),
        (
            ["Yazd", "--source", "Q1"],
            "Error: no source with key 'Q1': see `citylinks source list`, or record it with"
            " `citylinks source add`",
        ),
    ],
)
def test_attend_add_refusals_change_nothing(bare_cli, empty_db, args, message):
    before = table_snapshot(empty_db)
    result = bare_cli("attend", "add", "AMF", "11", *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert table_snapshot(empty_db) == before


def test_the_same_attendee_twice_is_refused(bare_cli, empty_db):
    assert bare_cli("attend", "add", "AMF", "11", "Yazd", "--source", "M1").exit_code == 0
    before = table_snapshot(empty_db)
    again = bare_cli("attend", "add", "AMF", "11", "Yazd")
    assert again.exit_code == 1
    assert again.stderr.strip() == (
        "Error: Yazd is already recorded at AMF executive-board 11 as delegation (M1);"
        " nothing was recorded"
    )
    assert table_snapshot(empty_db) == before


def test_attend_add_dry_run_writes_nothing(bare_cli, empty_db):
    before = table_snapshot(empty_db)
    result = bare_cli("attend", "add", "AMF", "11", "Yazd", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dry run, would record: AMF executive-board 11")
    assert "  added: Yazd at AMF " in result.stderr
    assert table_snapshot(empty_db) == before


def test_attend_count_records_a_sources_claim(bare_cli, empty_db):
    result = bare_cli(
        "attend", "count", "AMF", "11", "100", "--qualifier", "more-than",
        "--counted", "mayors and city managers", "--source", "M1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "recorded: AMF executive-board 11: more than 100 mayors and city managers (M1)"
    )
    assert empty_db.rows("SELECT number, qualifier, counted FROM attendance_claim") == [
        (100, "more-than", "mayors and city managers")
    ]
    shown = bare_cli("session", "show", "AMF", "11")
    assert "more than 100" in shown.stdout and "mayors and city managers" in shown.stdout


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (
            ["100", "--qualifier", "roughly", "--source", "M1"],
            "Error: unknown qualifier 'roughly': use one of exactly, more-than, less-than, about",
            1,
        ),
        (["--source", "M1", "--", "-5"], "Error: the count must be 0 or more, not -5", 1),
        (
            ["100", "--qualifier", "more-than", "--counted", "mayors", "--source", "M1"],
            "Error: AMF executive-board 11 already has this count (M1); nothing was recorded",
            1,
        ),
        (["100"], "Missing option '--source'", 2),
    ],
)
def test_attend_count_refusals_change_nothing(bare_cli, empty_db, args, message, code):
    bare_cli(
        "attend", "count", "AMF", "11", "100", "--qualifier", "more-than", "--counted", "mayors",
        "--source", "M1",
    )  # fmt: skip
    before = table_snapshot(empty_db)
    result = bare_cli("attend", "count", "AMF", "11", *args)
    assert result.exit_code == code
    assert message in result.stderr
    if code == 1:
        assert result.stderr.strip() == message
    assert table_snapshot(empty_db) == before


def test_attend_count_dry_run_writes_nothing(bare_cli, empty_db):
    before = table_snapshot(empty_db)
    result = bare_cli("attend", "count", "AMF", "11", "12", "--source", "M1", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "  added: AMF " in result.stderr and " 11: 12 attended\n" in result.stderr
    assert table_snapshot(empty_db) == before
