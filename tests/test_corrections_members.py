"""Officers correct what they recorded: `member edit|remove|retract|unretract`, `role
edit|remove`, `post edit|remove`. Each correction is one transaction, in the log with its
before and after, its change id and its --reason; --dry-run writes nothing; a stale
--expect-version and bad input are refused in one line, the database unchanged."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import run_cli, table_snapshot
from sqlalchemy import select

from citylinks import schema

BARE = Path(__file__).parent / "data" / "bare.toml"


@pytest.fixture
def bare_cli(cli):
    """A database with only sources, cities, the AMF and its series (tests/data/bare.toml)."""
    result = cli("seed", str(BARE))
    assert result.exit_code == 0, result.output
    return cli


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(result) -> str:
    """The one-line error of a refused command."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def phases(db, city="yazd"):
    return db.rows(
        "SELECT p.position, p.status, p.start_text, p.end_text, p.note, p.retraction_reason"
        " FROM membership_phase p JOIN membership m ON m.id = p.membership_id"
        " JOIN city c ON c.id = m.city_id WHERE c.key = :city ORDER BY p.position",
        city=city,
    )


def log(db, table: str) -> list[dict]:
    """The audit entries of `table`, oldest first, with before and after as JSON values."""
    a = schema.audit_log.c
    engine = db.engine()
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(a.action, a.row_id, a.before, a.after, a.change_id, a.reason)
                .where(a.table_name == table)
                .order_by(a.id)
            ).all()
    finally:
        engine.dispose()
    return [
        {
            "action": r.action,
            "row_id": r.row_id,
            "before": json.loads(r.before) if isinstance(r.before, str) else r.before,
            "after": json.loads(r.after) if isinstance(r.after, str) else r.after,
            "change_id": r.change_id,
            "reason": r.reason,
        }
        for r in rows
    ]


# --- membership phases ------------------------------------------------------------------------


def test_a_phase_is_recorded_edited_and_removed_each_change_logged_with_its_reason(
    bare_cli, empty_db
):
    ok(bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025", "--source", "S1"))
    history = ok(bare_cli("member", "history", "Yazd", "AMF"))
    assert "Version" in history

    out = ok(
        bare_cli(
            "member",
            "edit",
            "Yazd",
            "AMF",
            "1",
            "--to",
            "2026-03",
            "--note",
            "ended, per S2",
            "--phase-reason",
            "Official membership",
            "--expect-version",
            "1",
            "--reason",
            "S2 gives the end",
        )  # fmt: skip
    )
    assert "changed: Yazd in AMF, phase 1: 'member' from 2025 to 2026-03" in out
    assert phases(empty_db) == [(1, "member", "2025", "2026-03", "ended, per S2", None)]
    assert empty_db.scalar("SELECT reason FROM membership_phase") == "Official membership"
    update = log(empty_db, "membership_phase")[-1]
    assert update["action"] == "update"
    assert update["before"]["end_text"] == "unknown" and update["after"]["end_text"] == "2026-03"
    assert update["before"]["note"] is None and update["after"]["note"] == "ended, per S2"
    assert update["reason"] == "S2 gives the end" and update["change_id"]

    out = ok(bare_cli("member", "remove", "Yazd", "AMF", "1", "--reason", "recorded by mistake"))
    assert "removed: Yazd in AMF, phase 1" in out
    assert "the membership is removed too" in out
    assert phases(empty_db) == []
    assert empty_db.scalar("SELECT COUNT(*) FROM membership") == 0
    phase_delete = log(empty_db, "membership_phase")[-1]
    membership_delete = log(empty_db, "membership")[-1]
    assert phase_delete["action"] == membership_delete["action"] == "delete"
    assert phase_delete["before"]["status"] == "member"
    assert phase_delete["before"]["sources"] == ["S1"]
    # One command, one change: both entries share its id and reason.
    assert phase_delete["change_id"] == membership_delete["change_id"]
    assert phase_delete["change_id"] != update["change_id"]
    assert phase_delete["reason"] == membership_delete["reason"] == "recorded by mistake"


def test_the_same_fact_from_a_jalali_year_is_refused_and_points_to_member_edit(bare_cli, empty_db):
    ok(bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025", "--source", "S1"))
    before = table_snapshot(empty_db)
    line = refused(
        bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "۱۴۰۴", "--source", "S1")
    )
    assert "already recorded 'member' in AMF from 2025 (phase 1)" in line
    assert "1404 may be the same date" in line
    assert "`citylinks member edit yazd amf 1 --from DATE`" in line
    assert table_snapshot(empty_db) == before


def test_a_split_history_is_repaired_with_member_remove_and_member_edit(bare_cli, empty_db):
    # The split the issue met: "member 2025 -> 1404" and "member 1404 -> now" (a start that
    # may be before the open phase's no longer closes it: that phase is given its end).
    ok(bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025", "--to", "۱۴۰۴",
                "--source", "S1"))  # fmt: skip
    ok(bare_cli("member", "record", "Yazd", "AMF", "suspended", "--from", "۱۴۰۴"))
    ok(bare_cli("member", "edit", "Yazd", "AMF", "2", "--status", "member"))
    assert phases(empty_db) == [
        (1, "member", "2025", "j:1404", None, None),
        (2, "member", "j:1404", "unknown", None, None),
    ]

    out = ok(bare_cli("member", "remove", "Yazd", "AMF", "2", "--reason", "the same fact"))
    assert "note: phase 1 ('member') still ends at 1404" in out
    assert "`citylinks member edit yazd amf 1 --to open`" in out
    ok(bare_cli("member", "edit", "Yazd", "AMF", "1", "--to", "open", "--reason", "reopen"))
    assert phases(empty_db) == [(1, "member", "2025", "unknown", None, None)]
    reasons = [e["reason"] for e in log(empty_db, "membership_phase")[-2:]]
    assert reasons == ["the same fact", "reopen"]


def test_an_edit_that_would_break_the_phase_rules_is_refused_and_changes_nothing(
    bare_cli, empty_db
):
    ok(bare_cli("member", "record", "Yazd", "AMF", "cooperating", "--from", "2020"))
    ok(bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025"))
    before = table_snapshot(empty_db)
    line = refused(bare_cli("member", "edit", "Yazd", "AMF", "1", "--to", "open"))
    assert "Yazd in AMF, phase 1 cannot be changed so" in line and "nothing was changed" in line
    line = refused(bare_cli("member", "edit", "Yazd", "AMF", "2", "--to", "2019"))
    assert "ends (2019) before it starts (2025)" in line
    assert table_snapshot(empty_db) == before


def test_an_edited_start_moves_the_phase_to_its_place(bare_cli, empty_db):
    ok(bare_cli("member", "record", "Yazd", "AMF", "cooperating", "--from", "2020", "--to", "2021"))
    ok(bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025"))
    # A typo: the cooperation was in 2030, after the membership; it moves below it.
    ok(bare_cli("member", "edit", "Yazd", "AMF", "2", "--to", "2026"))
    out = ok(bare_cli("member", "edit", "Yazd", "AMF", "1", "--from", "2027", "--to", "2030"))
    assert "it is phase 2" in out
    assert phases(empty_db) == [
        (1, "member", "2025", "2026", None, None),
        (2, "cooperating", "2027", "2030", None, None),
    ]


def test_a_retracted_phase_leaves_the_reports_and_stays_in_the_record_and_the_exports(
    bare_cli, empty_db, tmp_path
):
    ok(bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2024", "--source", "S1"))
    assert "Yazd" in ok(bare_cli("roster", "AMF", "--as-of", "2025-06-01"))

    out = ok(bare_cli("member", "retract", "Yazd", "AMF", "1", "--reason", "S1 misread the year"))
    assert "retracted: Yazd in AMF, phase 1" in out
    assert phases(empty_db) == [(1, "member", "2024", "unknown", None, "S1 misread the year")]
    entry = log(empty_db, "membership_phase")[-1]
    assert entry["before"]["retracted_at"] is None and entry["after"]["retracted_at"]
    assert entry["after"]["retraction_reason"] == "S1 misread the year"
    assert entry["reason"] == "S1 misread the year"
    # The log shows the moment as it shows its own times, not as stored (ISO 8601 with offset).
    shown_log = ok(bare_cli("log", "--record", "Yazd", "--table", "membership_phase", "-f", "csv"))
    changes = list(csv.DictReader(io.StringIO(shown_log)))[-1]["changes"]
    assert re.search(r"^retracted: none -> \d{4}-\d\d-\d\d \d\d:\d\d:\d\d;", changes), changes

    assert "Yazd" not in ok(bare_cli("roster", "AMF", "--as-of", "2025-06-01"))
    assert (
        "AMF"
        not in ok(bare_cli("portfolio", "Yazd", "--as-of", "2025-06-01"))
        .split("Yazd", 1)[1]
        .split("\n", 2)[2]
    )
    assert "2024" not in ok(bare_cli("member", "history", "Yazd", "AMF"))
    shown = ok(bare_cli("member", "history", "Yazd", "AMF", "--with-retracted"))
    assert "retracted: S1 misread the year" in shown
    as_json = json.loads(
        ok(bare_cli("member", "history", "Yazd", "AMF", "--with-retracted", "-f", "json"))
    )
    assert as_json["phases"][0]["retraction_reason"] == "S1 misread the year"

    # A new phase is not stopped by the retracted one it overlaps.
    ok(bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025-06", "--source", "S2"))

    # The exports keep it, with when and why, and a round trip loses nothing.
    dataset = tmp_path / "out.toml"
    ok(bare_cli("export", "dataset", "-o", str(dataset)))
    assert 'retraction_reason = "S1 misread the year"' in dataset.read_text(encoding="utf-8")
    popolo = tmp_path / "out.json"
    ok(bare_cli("export", "popolo", "-o", str(popolo)))
    for source, kind in ((dataset, "dataset"), (popolo, "popolo")):
        copy = tmp_path / f"{kind}.db"
        ok(run_cli(None, "--db", f"sqlite:///{copy}", "import", kind, str(source)))
        again = json.loads(
            ok(
                run_cli(
                    None,
                    "--db",
                    f"sqlite:///{copy}",
                    "member",
                    "history",
                    "Yazd",
                    "AMF",
                    "--with-retracted",
                    "-f",
                    "json",
                )  # fmt: skip
            )
        )
        assert [(p["status"], p.get("retraction_reason")) for p in again["phases"]] == [
            ("member", "S1 misread the year"),
            ("member", None),
        ], kind
    memberships = tmp_path / "memberships.csv"
    ok(bare_cli("export", "csv", "memberships", "-o", str(memberships)))
    assert "S1 misread the year" in memberships.read_text(encoding="utf-8-sig")
    copy = f"sqlite:///{tmp_path / 'csv.db'}"
    ok(run_cli(None, "--db", copy, "seed", str(BARE)))
    ok(run_cli(None, "--db", copy, "import", "csv", "memberships", str(memberships)))
    again = json.loads(
        ok(
            run_cli(
                None,
                "--db",
                copy,
                "member",
                "history",
                "Yazd",
                "AMF",
                "--with-retracted",
                "-f",
                "json",
            )
        )  # fmt: skip
    )
    assert [(p["status"], p.get("retraction_reason")) for p in again["phases"]] == [
        ("member", "S1 misread the year"),
        ("member", None),
    ]
    assert "2024" not in ok(run_cli(None, "--db", copy, "member", "history", "Yazd", "AMF"))

    # The same file again changes nothing in the database it came from.
    before = table_snapshot(empty_db)
    ok(bare_cli("import", "dataset", str(dataset)))
    assert table_snapshot(empty_db) == before

    # Unretracting it would overlap the phase recorded since: refused.
    line = refused(bare_cli("member", "unretract", "Yazd", "AMF", "1"))
    assert "Yazd in AMF, phase 1 cannot be restored" in line
    ok(bare_cli("member", "remove", "Yazd", "AMF", "2"))
    ok(bare_cli("member", "unretract", "Yazd", "AMF", "1", "--reason", "S1 was right"))
    assert phases(empty_db) == [(1, "member", "2024", "unknown", None, None)]


# --- roles ------------------------------------------------------------------------------------


def test_a_role_is_recorded_edited_and_removed_by_name_or_by_its_id(bare_cli, empty_db):
    ok(bare_cli("role", "add", "Yazd", "Tourism and Culture", "secretary", "--from", "2025-11",
                "--source", "S2"))  # fmt: skip
    role_id = empty_db.scalar("SELECT id FROM role")
    assert f"(#{role_id}, version 1)" in ok(bare_cli("city", "show", "Yazd"))

    out = ok(
        bare_cli(
            "role",
            "edit",
            "Yazd",
            "Tourism and Culture",
            "secretary",
            "--to",
            "2026",
            "--note",
            "per S2",
            "--expect-version",
            "1",
            "--reason",
            "S2 gives the term",
        )  # fmt: skip
    )
    assert f"changed: #{role_id} Yazd: secretary of the Tourism and Culture Committee" in out
    assert empty_db.rows("SELECT title, start_text, end_text, note, version FROM role") == [
        ("secretary", "2025-11", "2026", "per S2", 2)
    ]
    update = log(empty_db, "role")[-1]
    assert update["action"] == "update" and update["row_id"] == role_id
    assert (update["before"]["end_text"], update["after"]["end_text"]) == ("unknown", "2026")
    assert update["reason"] == "S2 gives the term" and update["change_id"]

    # The same title held twice: named by its #id, as the refusal lists them.
    ok(bare_cli("role", "add", "Yazd", "Tourism and Culture", "secretary", "--from", "2020",
                "--to", "2022", "--source", "S1"))  # fmt: skip
    line = refused(
        bare_cli("role", "edit", "Yazd", "Tourism and Culture", "secretary", "--to", "2027")
    )
    assert "recorded 2 times as secretary" in line and f"#{role_id} " in line

    out = ok(bare_cli("role", "remove", f"#{role_id}", "--reason", "a misreading"))
    assert f"removed: #{role_id} Yazd: secretary" in out
    out = ok(
        bare_cli("role", "remove", "Yazd", "Tourism and Culture", "secretary", "--from", "2020")
    )
    assert empty_db.scalar("SELECT COUNT(*) FROM role") == 0
    deletes = [e for e in log(empty_db, "role") if e["action"] == "delete"]
    assert [e["row_id"] for e in deletes][0] == role_id
    assert deletes[0]["before"]["title"] == "secretary" and deletes[0]["before"]["sources"] == [
        "S2"
    ]
    assert deletes[0]["reason"] == "a misreading" and deletes[1]["reason"] is None


# --- posts ------------------------------------------------------------------------------------


def test_a_post_is_recorded_edited_and_removed_by_name_or_by_its_id(bare_cli, empty_db):
    ok(bare_cli("post", "add", "amrollahi", "director", "--city", "Yazd", "--from", "2024",
                "--source", "S0"))  # fmt: skip
    post_id = empty_db.scalar("SELECT id FROM post")
    assert f"(#{post_id}, version 1)" in ok(bare_cli("person", "show", "amrollahi"))

    out = ok(
        bare_cli(
            "post",
            "edit",
            "amrollahi",
            "director",
            "--city",
            "Yazd",
            "--title",
            "Director of International Affairs",
            "--from",
            "۱۴۰۳",
            "--expect-version",
            "1",
            "--reason",
            "S1 gives the title",
        )  # fmt: skip
    )
    assert f"changed: #{post_id} Alireza Amrollahi: Director of International Affairs" in out
    assert empty_db.rows("SELECT title, start_text, version FROM post") == [
        ("Director of International Affairs", "j:1403", 2)
    ]
    update = log(empty_db, "post")[-1]
    assert update["before"]["title"] == "director"
    assert update["after"]["title"] == "Director of International Affairs"
    assert (update["before"]["start_text"], update["after"]["start_text"]) == ("2024", "j:1403")
    assert update["reason"] == "S1 gives the title" and update["change_id"]

    out = ok(
        bare_cli("post", "remove", f"#{post_id}", "--reason", "not a post", "--expect-version", "2")
    )
    assert f"removed: #{post_id} Alireza Amrollahi" in out
    assert empty_db.scalar("SELECT COUNT(*) FROM post") == 0
    delete = log(empty_db, "post")[-1]
    assert delete["action"] == "delete" and delete["before"]["sources"] == ["S0"]
    assert delete["reason"] == "not a post" and delete["after"] is None


# --- what every correction shares -------------------------------------------------------------


@pytest.fixture
def recorded(bare_cli, empty_db):
    """A phase, a role and a post, each at version 1."""
    ok(bare_cli("member", "record", "Yazd", "AMF", "member", "--from", "2025", "--source", "S1"))
    ok(bare_cli("role", "add", "Yazd", "AMF", "secretary", "--from", "2025", "--source", "S1"))
    ok(bare_cli("post", "add", "amrollahi", "director", "--city", "Yazd", "--from", "2024",
                "--source", "S0"))  # fmt: skip
    return bare_cli


CORRECTIONS = [
    ("member", "edit", "Yazd", "AMF", "1", "--note", "x"),
    ("member", "remove", "Yazd", "AMF", "1"),
    ("member", "retract", "Yazd", "AMF", "1", "--reason", "wrong"),
    ("role", "edit", "Yazd", "AMF", "secretary", "--to", "2026"),
    ("role", "remove", "Yazd", "AMF", "secretary"),
    ("post", "edit", "amrollahi", "director", "--to", "2026"),
    ("post", "remove", "amrollahi", "director"),
]


def test_a_dry_run_of_each_correction_writes_nothing(recorded, empty_db):
    before = table_snapshot(empty_db)
    for command in CORRECTIONS:
        result = recorded(*command, "--dry-run")
        assert result.exit_code == 0, (command, result.output)
        assert result.stdout.startswith("dry run, would have "), command
        assert re.search(
            r"dry run: nothing was written; (1 change|\d+ changes) would be made", result.stderr
        ), command
        assert table_snapshot(empty_db) == before, command


def test_each_correction_refuses_a_stale_expect_version(recorded, empty_db):
    # Another officer's change: each row is now at version 2.
    ok(recorded("member", "edit", "Yazd", "AMF", "1", "--note", "checked"))
    ok(recorded("role", "edit", "Yazd", "AMF", "secretary", "--note", "checked"))
    ok(recorded("post", "edit", "amrollahi", "director", "--note", "checked"))
    before = table_snapshot(empty_db)
    for command in CORRECTIONS:
        line = refused(recorded(*command, "--expect-version", "1"))
        assert "since you read it (version 1, now 2)" in line, (command, line)
        line = refused(recorded(*command, "--expect-version", "7"))
        assert "there is no version 7" in line, (command, line)
    assert table_snapshot(empty_db) == before


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (("member", "edit", "Yazd", "AMF", "9", "--note", "x"), "has no phase 9 (its phases: 1)"),
        (("member", "edit", "Yazd", "AMF", "first", "--note", "x"), "is not a phase number"),
        (("member", "edit", "Yazd", "AMF", "1"), "nothing to change"),
        (("member", "edit", "Yazd", "AMF", "1", "--status", "friend"), "status"),
        (("member", "edit", "Yazd", "AMF", "1", "--from", "someday"), "--from"),
        (("member", "edit", "Shiraz", "AMF", "1", "--note", "x"), "no recorded membership"),
        (("member", "retract", "Yazd", "AMF", "1"), "a retraction needs its reason"),
        (("member", "unretract", "Yazd", "AMF", "1"), "is not retracted"),
        (("role", "edit", "#999", "--to", "2026"), "there is no role #999"),
        (("role", "edit", "#1", "AMF", "--to", "2026"), "names the role by its #id"),
        (("role", "remove", "Yazd", "AMF", "chair"), "holds no role 'chair'"),
        (("role", "edit", "Yazd", "AMF", "secretary", "--to", "2020"), "the role ends (2020)"),
        (("post", "edit", "nobody", "director", "--to", "2026"), "no person matches"),
        (("post", "edit", "amrollahi", "mayor", "--to", "2026"), "no such post 'mayor'"),
        (("post", "remove", "amrollahi"), "name the post by PERSON TITLE"),
        (("post", "edit", "#999", "--note", "x"), "there is no post #999"),
    ],
)
def test_bad_input_to_a_correction_is_one_line_and_changes_nothing(
    recorded, empty_db, command, says
):
    before = table_snapshot(empty_db)
    line = refused(recorded(*command))
    assert says in line, line
    assert table_snapshot(empty_db) == before


def test_city_remove_names_the_commands_that_remove_what_refers_to_the_city(recorded, empty_db):
    line = refused(recorded("city", "remove", "Yazd"))
    assert "`citylinks member remove yazd ORG PHASE`" in line
    assert "`citylinks role remove '#ID'`" in line and "`citylinks post remove '#ID'`" in line


def test_a_correction_that_changes_nothing_says_so(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    same = seeded_cli("member", "edit", "Yazd", "AMF", "3", "--status", "member")
    assert same.exit_code == 0, same.output
    assert same.stdout.startswith("nothing changed: Yazd in AMF, phase 3: 'member'")
    dry = seeded_cli("member", "edit", "Yazd", "AMF", "3", "--status", "member", "--dry-run")
    assert dry.stdout.startswith("dry run, nothing would change: Yazd in AMF, phase 3")
    assert table_snapshot(seeded_db) == before
    changed = seeded_cli("member", "edit", "Yazd", "AMF", "3", "--note", "one more")
    assert changed.stdout.startswith("changed: Yazd in AMF, phase 3")
