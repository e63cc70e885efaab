"""`citylinks member record|end|history`: a membership as a history of phases."""

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


def phases(db, city="yazd"):
    return db.rows(
        "SELECT p.position, p.status, p.start_text, p.end_text FROM membership_phase p"
        " JOIN membership m ON m.id = p.membership_id JOIN city c ON c.id = m.city_id"
        " WHERE c.key = :city ORDER BY p.position",
        city=city,
    )


def audit_counts(db):
    return {
        (table, action): n
        for table, action, n in db.rows(
            "SELECT table_name, action, COUNT(*) FROM audit_log"
            " WHERE table_name IN ('membership', 'membership_phase')"
            " GROUP BY table_name, action"
        )
    }


def test_yazd_history_from_the_news_release_recorded_and_read_back_in_both_calendars(
    bare_cli, empty_db
):
    first = bare_cli(
        "member", "record", "Yazd", "AMF", "cooperating", "--from", "unknown",
        "--source", "S0", "--note", "Intermittent cooperation for several years; years not stated.",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "Yazd in AMF: 'cooperating' from unknown to now" in first.stdout

    second = bare_cli(
        "member", "record", "یزد", "AMF", "member", "--from", "2025",
        "--source", "S0", "--source", "S1", "--reason", "Official membership",
    )  # fmt: skip
    assert second.exit_code == 0, second.output
    assert "'member' from 2025 to now" in second.stdout
    assert (
        "closed the open phase 'cooperating' (start unknown): it ends where the new one starts (2025)"
        in second.stdout
    )

    assert phases(empty_db) == [
        (1, "cooperating", "unknown", "2025"),
        (2, "member", "2025", "unknown"),
    ]

    history = bare_cli("member", "history", "Yazd", "AMF")
    assert history.exit_code == 0, history.output
    lines = history.stdout.splitlines()
    cooperating = next(line for line in lines if "cooperating" in line)
    member = next(line for line in lines if "member *" in line)
    assert "unknown" in cooperating and "2025 (1403–1404)" in cooperating and "S0" in cooperating
    assert "2025 (1403–1404)" in member and "now (open)" in member and "S0, S1" in member
    assert lines.index(cooperating) < lines.index(member)

    persian = bare_cli("member", "history", "Yazd", "AMF", "--lang", "fa", "--calendar", "jalali")
    assert persian.exit_code == 0, persian.output
    assert "یزد در مجمع شهرداران آسیایی" in persian.stdout
    assert "۱۴۰۳–۱۴۰۴" in persian.stdout and "همکاری" in persian.stdout
    assert "2025" not in persian.stdout

    data = json.loads(bare_cli("member", "history", "Yazd", "AMF", "--format", "json").stdout)
    assert [(p["status"], p["start"]["value"], p["end"]["value"]) for p in data["phases"]] == [
        ("cooperating", "unknown", "2025"),
        ("member", "2025", "unknown"),
    ]
    assert data["phases"][1]["end"]["jalali"] is None
    assert data["phases"][0]["end"]["jalali"] == "1403–1404"
    assert data["phases"][1]["sources"] == ["S0", "S1"]
    assert data["phases"][1]["counts_as_member"] is True


def test_recording_writes_one_audit_entry_per_changed_row(bare_cli, empty_db):
    bare_cli("member", "record", "Yazd", "AMF", "cooperating", "--from", "unknown")
    bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025")
    assert audit_counts(empty_db) == {
        ("membership", "insert"): 1,
        ("membership_phase", "insert"): 2,
        ("membership_phase", "update"): 1,
    }
    before, after = empty_db.rows("SELECT before, after FROM audit_log WHERE action = 'update'")[0]
    before, after = (json.loads(x) if isinstance(x, str) else x for x in (before, after))
    assert (before["end_text"], after["end_text"]) == ("unknown", "2025")


def test_a_phase_recorded_between_two_others_moves_the_later_ones_up(bare_cli, empty_db):
    for status, start, end in (("observer", "2010", "2012"), ("member", "2020", None)):
        args = ["member", "record", "Yazd", "AMF", status, "--from", start]
        result = bare_cli(*args, *(["--to", end] if end else []))
        assert result.exit_code == 0, result.output
    middle = bare_cli(
        "member", "record", "Yazd", "AMF", "applicant", "--from", "2015", "--to", "2019"
    )
    assert middle.exit_code == 0, middle.output
    first = bare_cli(
        "member", "record", "Yazd", "AMF", "cooperating", "--from", "2005", "--to", "2009"
    )
    assert first.exit_code == 0, first.output
    assert phases(empty_db) == [
        (1, "cooperating", "2005", "2009"),
        (2, "observer", "2010", "2012"),
        (3, "applicant", "2015", "2019"),
        (4, "member", "2020", "unknown"),
    ]
    # One update in the log per move: member twice, applicant and observer once each.
    moves = empty_db.rows(
        "SELECT row_label, before, after FROM audit_log"
        " WHERE table_name = 'membership_phase' AND action = 'update' ORDER BY id"
    )
    moved = [
        tuple(json.loads(x) if isinstance(x, str) else x for x in (before, after))
        for _, before, after in moves
    ]
    assert moved == [
        ({"position": 2}, {"position": 3}),
        ({"position": 3}, {"position": 4}),
        ({"position": 2}, {"position": 3}),
        ({"position": 1}, {"position": 2}),
    ]


def test_a_phase_with_no_end_before_a_later_phase_ends_where_that_one_starts(bare_cli, empty_db):
    bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2020")
    result = bare_cli("member", "record", "Yazd", "AMF", "applicant", "--from", "2018")
    assert result.exit_code == 0, result.output
    assert "it ends where the next phase 'member' from 2020 to now begins" in result.stdout
    assert phases(empty_db) == [(1, "applicant", "2018", "2020"), (2, "member", "2020", "unknown")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["observer", "--from", "2011"],
            "Error: the new phase (from 2011) overlaps the phase 'member' from 2010 to 2012:"
            " phases may not overlap; record an end for it or correct the dates",
        ),
        (
            ["member", "--from", "2010", "--to", "2012"],
            "Error: this phase is already recorded: 'member' from 2010 to 2012; nothing was recorded",
        ),
        (
            ["observer", "--from", "2015", "--to", "2014"],
            "Error: the phase ends (2014) before it starts (2015): check --from and --to",
        ),
        (
            ["membr", "--from", "2015"],
            "Error: unknown status 'membr': use one of cooperating, applicant, observer,"
            " associate-member, member, suspended, withdrawn, expelled",
        ),
        (
            ["observer", "--from", "unknown"],
            "Error: a phase with an unknown start can only be the first one: give --from",
        ),
        (
            ["observer", "--from", "2015", "--source", "X9"],
            "Error: no source with key 'X9': see `citylinks source list`, or record it with"
            " `citylinks source add`",
        ),
        (
            ["observer", "--from", "2015", "--session", "AMF/plenary/1"],
            "Error: AMF has no meeting series 'plenary': use one of general-assembly,"
            " executive-board",
        ),
        (
            ["observer", "--from", "2015", "--session", "AMF-1"],
            "Error: --session 'AMF-1' is not ORG/SERIES/NUMBER: write e.g. AMF/executive-board/11",
        ),
        (
            ["observer", "--from", "2015-13"],
            "Error: --from: month 13 is out of range: months run from 1 to 12",
        ),
    ],
)
def test_bad_phases_are_refused_in_one_line_and_change_nothing(bare_cli, empty_db, args, message):
    bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2010", "--to", "2012")
    before = table_snapshot(empty_db)
    result = bare_cli("member", "record", "Yazd", "AMF", *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert table_snapshot(empty_db) == before


# any_backend: a usage error, refused by argument parsing before any query
@pytest.mark.any_backend
def test_missing_from_is_a_usage_error_in_a_script(bare_cli):
    result = bare_cli("member", "record", "Yazd", "AMF", "member")
    assert result.exit_code == 2
    assert "Missing option '--from'" in result.stderr


def test_dry_run_shows_the_changes_and_writes_nothing(bare_cli, empty_db):
    bare_cli("member", "record", "Yazd", "AMF", "cooperating", "--from", "unknown")
    before = table_snapshot(empty_db)
    result = bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dry run, would record: Yazd in AMF: 'member' from 2025")
    assert "dry run: nothing was written; 2 changes would be made:" in result.stderr
    assert "  added: Yazd in AMF, phase 2\n" in result.stderr
    assert "  changed: Yazd in AMF, phase 1: end unknown → 2025 (1403–1404)\n" in result.stderr
    assert table_snapshot(empty_db) == before


def test_a_deciding_session_is_linked_and_shown(seeded_cli, seeded_db):
    result = seeded_cli(
        "member", "record", "Abarkuh", "AMF", "member", "--from", "2025-11",
        "--session", "AMF/executive-board/11", "--source", "G1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    history = seeded_cli("member", "history", "Abarkuh", "AMF", "--calendar", "gregorian")
    assert "AMF Executive Board 11 (between 2025-11-27 and" in history.stdout
    data = json.loads(seeded_cli("member", "history", "Abarkuh", "AMF", "-f", "json").stdout)
    assert data["phases"][0]["session"]["ref"] == "amf/executive-board/11"


def test_history_of_the_bundled_yazd_membership_shows_its_three_phases(seeded_cli):
    data = json.loads(seeded_cli("member", "history", "yazd", "AMF", "-f", "json").stdout)
    assert [p["status"] for p in data["phases"]] == ["cooperating", "member", "member"]
    assert data["phases"][2]["session"]["label"] == "AMF Executive Board 11"


def test_history_without_a_membership_says_how_to_record_one(bare_cli):
    result = bare_cli("member", "history", "Shiraz", "AMF")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: Shiraz has no recorded membership in AMF: record one with"
        " `citylinks member record Shiraz AMF STATUS --from DATE`"
    )


def test_member_end_closes_the_open_phase_and_records_the_new_status(bare_cli, empty_db):
    bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025")
    result = bare_cli(
        "member", "end", "Yazd", "AMF", "--on", "2026-03", "--status", "withdrawn",
        "--source", "S2", "--reason", "left",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "'withdrawn' from 2026-03 to now" in result.stdout
    assert (
        "closed the open phase 'member' (from 2025): it ends where the new one starts (2026-03)"
        in result.stdout
    )
    assert phases(empty_db) == [
        (1, "member", "2025", "2026-03"),
        (2, "withdrawn", "2026-03", "unknown"),
    ]


def test_member_end_accepts_a_jalali_date_in_persian_digits(bare_cli, empty_db):
    bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025")
    result = bare_cli("member", "end", "Yazd", "AMF", "--on", "۱۴۰۵/۰۲")
    assert result.exit_code == 0, result.output
    assert phases(empty_db)[-1] == (2, "withdrawn", "j:1405-02", "unknown")


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (
            None,
            ["--on", "2026"],
            "Error: Yazd has no recorded membership in AMF: nothing to end",
        ),
        (
            ["member", "--from", "2010", "--to", "2012"],
            ["--on", "2026"],
            "Error: Yazd's membership in AMF has no open phase to end (the last is 'member' from"
            " 2010 to 2012): record what followed with"
            " `citylinks member record`",
        ),
        (
            ["member", "--from", "2020"],
            ["--on", "2019"],
            "Error: --on 2019 is before the open phase 'member' from 2020 to now"
            " began: give a later date",
        ),
        (
            ["member", "--from", "2020"],
            ["--on", "2024", "--status", "member"],
            "Error: Yazd is already 'member' in AMF since 2020: nothing to end",
        ),
        (
            ["member", "--from", "2020"],
            ["--on", "2024", "--status", "gone"],
            "Error: unknown status 'gone': use one of cooperating, applicant, observer,"
            " associate-member, member, suspended, withdrawn, expelled",
        ),
    ],
)
def test_member_end_refusals(bare_cli, empty_db, setup, args, message):
    if setup:
        assert bare_cli("member", "record", "Yazd", "AMF", *setup).exit_code == 0
    before = table_snapshot(empty_db)
    result = bare_cli("member", "end", "Yazd", "AMF", *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert table_snapshot(empty_db) == before


def test_member_end_dry_run_writes_nothing(bare_cli, empty_db):
    bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025")
    before = table_snapshot(empty_db)
    result = bare_cli("member", "end", "Yazd", "AMF", "--on", "2026", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run: nothing was written; 2 changes would be made:" in result.stderr
    assert table_snapshot(empty_db) == before


def test_unknown_city_suggests_the_closest_name(bare_cli):
    result = bare_cli("member", "record", "Yazdd", "AMF", "member", "--from", "2025")
    assert result.exit_code == 1
    assert "no city matches 'Yazdd'." in result.stderr and "'Yazd'" in result.stderr
