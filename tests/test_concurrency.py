"""Officers writing at the same time, as separate OS processes on one database.

Every command either lands or says why in one line; none fails with "database is locked" or a
traceback, and the audit log holds exactly one entry per row change that landed.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_cli

BARE = Path(__file__).parent / "data" / "bare.toml"


@dataclass
class Ran:
    officer: str
    args: list[str]
    code: int
    stdout: str
    stderr: str


def run_at_once(url: str, jobs: dict[str, list[list[str]]]) -> list[Ran]:
    """Each officer's commands run one after another in processes of their own; the officers
    start together."""
    start = threading.Barrier(len(jobs))

    def officer_runs(officer: str, commands: list[list[str]]) -> list[Ran]:
        start.wait()
        done = []
        for args in commands:
            argv = [sys.executable, "-m", "citylinks", "--db", url, "--as", officer, *args]
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
            done.append(Ran(officer, args, proc.returncode, proc.stdout, proc.stderr))
        return done

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(officer_runs, o, c) for o, c in jobs.items()]
        return [ran for f in futures for ran in f.result()]


def assert_clean(results: list[Ran]) -> None:
    for ran in results:
        where = f"{ran.officer} {' '.join(ran.args)}: {ran.stderr}"
        assert "Traceback" not in ran.stderr, where
        assert "locked" not in ran.stderr, where
        assert ran.code == 0, where


@pytest.fixture
def bare_db(empty_db):
    assert run_cli(empty_db, "seed", str(BARE)).exit_code == 0
    result = run_cli(
        empty_db, "session", "add", "AMF", "11", "--series", "executive-board",
        "--host", "Tehran", "--from", "2025-11", "--source", "M1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return empty_db


@pytest.mark.slow  # half a minute of officer processes; out of the quick loop
def test_officers_recording_phases_sessions_and_attendance_at_once(bare_db):
    ga = ["--series", "general-assembly", "--source", "S0"]
    jobs = {
        "officer-a": [
            ["member", "record", "Yazd", "AMF", "cooperating", "--from", "unknown"],
            ["member", "record", "Yazd", "AMF", "member", "--from", "2025", "--source", "S1"],
            ["session", "add", "AMF", "1", "--host", "Tehran", "--from", "2008", *ga],
            ["attend", "add", "AMF", "11", "Yazd", "--source", "M1"],
        ],
        "officer-b": [
            ["member", "record", "Shiraz", "AMF", "applicant", "--from", "2024"],
            ["member", "record", "Shiraz", "AMF", "member", "--from", "2025-06"],
            ["session", "add", "AMF", "2", "--host", "Istanbul", "--from", "2011", *ga],
            ["attend", "add", "AMF", "11", "Tehran", "--role", "host"],
        ],
        "officer-c": [
            ["member", "record", "Isfahan", "AMF", "member", "--from", "2019"],
            ["member", "end", "Isfahan", "AMF", "--on", "2024"],
            ["session", "add", "AMF", "3", "--host", "Bangkok", "--from", "2012", *ga],
            ["attend", "count", "AMF", "11", "100", "--qualifier", "more-than", "--source", "M1"],
        ],
        "officer-d": [
            ["member", "record", "Qazvin", "AMF", "observer", "--from", "2023"],
            ["session", "add", "AMF", "4", "--host", "Haikou", "--from", "2014", *ga],
            ["attend", "add", "AMF", "11", "Qazvin"],
            ["session", "numbering", "add", "AMF", "11", "--as", "11", "--source", "S2"],
        ],
    }
    results = run_at_once(bare_db.url, jobs)
    assert_clean(results)

    assert bare_db.rows(
        "SELECT c.key, p.position, p.status, p.start_text, p.end_text FROM membership_phase p"
        " JOIN membership m ON m.id = p.membership_id JOIN city c ON c.id = m.city_id"
        " ORDER BY c.key, p.position"
    ) == [
        ("isfahan", 1, "member", "2019", "2024"),
        ("isfahan", 2, "withdrawn", "2024", "unknown"),
        ("qazvin", 1, "observer", "2023", "unknown"),
        ("shiraz", 1, "applicant", "2024", "2025-06"),
        ("shiraz", 2, "member", "2025-06", "unknown"),
        ("yazd", 1, "cooperating", "unknown", "2025"),
        ("yazd", 2, "member", "2025", "unknown"),
    ]
    assert [n for (n,) in bare_db.rows("SELECT number FROM session ORDER BY number")] == [
        1, 2, 3, 4, 11,
    ]  # fmt: skip

    # One audit entry per landed row change: an insert per row, an update per closed phase.
    for table in (
        "membership",
        "membership_phase",
        "session",
        "attendance",
        "attendance_claim",
        "session_numbering",
    ):
        rows = bare_db.scalar(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        inserts = bare_db.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE table_name = :t AND action = 'insert'", t=table
        )
        assert inserts == rows, table
    updates = bare_db.rows(
        "SELECT table_name, officer FROM audit_log WHERE action = 'update' ORDER BY officer"
    )
    assert updates == [
        ("membership_phase", "officer-a"),
        ("membership_phase", "officer-b"),
        ("membership_phase", "officer-c"),
    ]
    by_officer = dict(
        bare_db.rows(
            "SELECT officer, COUNT(*) FROM audit_log WHERE officer LIKE 'officer-%'"
            " GROUP BY officer"
        )
    )
    # a: membership + 2 phases + 1 close + session + attendance
    assert by_officer == {"officer-a": 6, "officer-b": 6, "officer-c": 6, "officer-d": 5}


def test_officers_recording_phases_of_one_new_membership_at_once(bare_db):
    jobs = {
        f"officer-{i}": [["member", "record", "Yazd", "AMF", status, "--from", start, "--to", end]]
        for i, (status, start, end) in enumerate(
            [
                ("cooperating", "2005", "2009"),
                ("observer", "2010", "2014"),
                ("applicant", "2015", "2019"),
                ("member", "2020", "2024"),
            ]
        )
    }
    results = run_at_once(bare_db.url, jobs)
    assert_clean(results)
    assert bare_db.scalar("SELECT COUNT(*) FROM membership") == 1
    assert bare_db.rows("SELECT status, start_text FROM membership_phase ORDER BY position") == [
        ("cooperating", "2005"),
        ("observer", "2010"),
        ("applicant", "2015"),
        ("member", "2020"),
    ]
    assert bare_db.rows("SELECT position FROM membership_phase ORDER BY position") == [
        (1,), (2,), (3,), (4,),
    ]  # fmt: skip
    phase_entries = bare_db.scalar(
        "SELECT COUNT(*) FROM audit_log WHERE table_name = 'membership_phase'"
    )
    moves = bare_db.scalar(
        "SELECT COUNT(*) FROM audit_log WHERE table_name = 'membership_phase' AND action = 'update'"
    )
    assert phase_entries == 4 + moves
    assert bare_db.scalar("SELECT COUNT(*) FROM audit_log WHERE table_name = 'membership'") == 1


def test_two_officers_adding_the_same_session_number_one_is_told(bare_db):
    add = ["session", "add", "AMF", "5", "--series", "general-assembly", "--from", "2018"]
    jobs = {
        "officer-a": [[*add, "--host", "Gaziantep"]],
        "officer-b": [[*add, "--host", "Istanbul"]],
    }
    results = run_at_once(bare_db.url, jobs)
    codes = sorted(r.code for r in results)
    assert codes == [0, 1], [r.stderr for r in results]
    loser = next(r for r in results if r.code == 1)
    assert "Traceback" not in loser.stderr and "IntegrityError" not in loser.stderr
    assert len(loser.stderr.strip().splitlines()) == 1
    assert loser.stderr.startswith("Error: AMF general-assembly 5 ")
    assert bare_db.scalar("SELECT COUNT(*) FROM session WHERE number = 5") == 1
    assert (
        bare_db.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE table_name = 'session' AND action = 'insert'"
        )
        == 2
    )  # session 11 of the fixture, and this one


def test_two_officers_editing_one_session_with_expect_version_the_second_is_told(bare_db):
    jobs = {
        "officer-a": [["session", "edit", "AMF", "11", "--theme", "A", "--expect-version", "1"]],
        "officer-b": [["session", "edit", "AMF", "11", "--theme", "B", "--expect-version", "1"]],
    }
    results = run_at_once(bare_db.url, jobs)
    codes = sorted(r.code for r in results)
    assert codes == [0, 1], [r.stderr for r in results]
    winner = next(r for r in results if r.code == 0)
    loser = next(r for r in results if r.code == 1)
    message = loser.stderr.strip()
    assert message.startswith(
        f"Error: session AMF executive-board 11 was changed by {winner.officer} at "
    )
    assert message.endswith(
        "since you read it (version 1, now 2); show it again and repeat your change"
    )
    theme = "A" if winner.officer == "officer-a" else "B"
    assert bare_db.rows("SELECT theme, version FROM session") == [(theme, 2)]
    assert bare_db.rows(
        "SELECT officer FROM audit_log WHERE table_name = 'session' AND action = 'update'"
    ) == [(winner.officer,)]


@pytest.mark.any_backend  # what the driver raises, not what a database does
def test_a_duplicate_from_a_concurrent_import_is_one_line_not_an_internal_error():
    """Two imports on a server recording the same new city at once: the second's COPY (a
    psycopg error SQLAlchemy does not wrap) or INSERT (PyMySQL's) fails on the unique key.
    The officer gets one line saying to run the command again, exit 1, not exit 70."""
    import psycopg.errors
    import pymysql.err

    from citylinks.cli.app import describe

    for raised in (
        psycopg.errors.UniqueViolation(
            'duplicate key value violates unique constraint "uq_city_key"'
        ),
        pymysql.err.IntegrityError(1062, "Duplicate entry 'v0' for key 'uq_city_key'"),
    ):
        message, code = describe(raised)
        assert code == 1 and "\n" not in message
        assert message.startswith("the database refused the change (")
        assert "run the command again" in message
