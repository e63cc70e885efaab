"""Officers correct what they recorded about meetings and organizations: sessions, attendance,
counts, numberings, mottos, meeting series, committees, an organization's key, names and
identifiers. Every correction takes --dry-run, --expect-version and --reason, is one
transaction, and is in the log with its before and after."""

from __future__ import annotations

import json

import pytest
from conftest import table_snapshot

# Sessions 1 and 4-7 are in both of AMF's series: these tests mean the General Assembly's.
GA = ["--series", "general-assembly"]


def log_since(db, last_id: int) -> list[dict]:
    """The audit entries written after entry `last_id`, oldest first."""
    rows = db.rows(
        "SELECT id, action, table_name, row_label, before, after, change_id, reason"
        " FROM audit_log WHERE id > :last ORDER BY id",
        last=last_id,
    )
    names = ("id", "action", "table", "label", "before", "after", "change_id", "reason")
    entries = [dict(zip(names, row, strict=True)) for row in rows]
    for e in entries:
        for side in ("before", "after"):
            if isinstance(e[side], str):
                e[side] = json.loads(e[side])
    return entries


def last_entry(db) -> int:
    return db.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_log")


def one_change(entries: list[dict], reason: str | None) -> None:
    """The entries are one command's: one change id, and the --reason on each."""
    assert entries
    assert len({e["change_id"] for e in entries}) == 1 and entries[0]["change_id"]
    assert {e["reason"] for e in entries} == {reason}


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


# --- sessions ----------------------------------------------------------------------------------


def test_a_session_is_edited_then_removed_with_what_belongs_to_it(seeded_cli, seeded_db):
    ok(seeded_cli(
        "session", "add", "AMF", "9", "--series", "general-assembly", "--host", "Tehran",
        "--from", "2030", "--source", "S0",
    ))  # fmt: skip
    ok(seeded_cli("attend", "add", "AMF", "9", "Yazd", "--series", "general-assembly"))
    ok(
        seeded_cli(
            "attend", "count", "AMF", "9", "40", "--source", "S0", "--series", "general-assembly"
        )
    )
    ok(seeded_cli(
        "session", "numbering", "add", "AMF", "9", "--series", "general-assembly", "--as", "10",
        "--source", "S1",
    ))  # fmt: skip
    mark = last_entry(seeded_db)
    edited = seeded_cli(
        "session", "edit", "AMF", "9", "--series", "general-assembly", "--venue", "City Hall",
        "--renumber", "8", "--expect-version", "1", "--reason", "S1 gives the eighth",
    )  # fmt: skip
    assert ok(edited) == "AMF general-assembly 8: changed venue, number (now version 2)"
    assert seeded_db.rows(
        "SELECT s.number, s.venue, s.version FROM session s WHERE s.start_text = '2030'"
    ) == [(8, "City Hall", 2)]
    [entry] = log_since(seeded_db, mark)
    assert (entry["action"], entry["table"]) == ("update", "session")
    assert entry["before"] == {"number": 9, "venue": None}
    assert entry["after"] == {"number": 8, "venue": "City Hall"}
    one_change([entry], "S1 gives the eighth")

    mark = last_entry(seeded_db)
    removed = seeded_cli(
        "session", "remove", "AMF", "8", "--series", "general-assembly", "--expect-version", "2",
        "--reason", "never held",
    )  # fmt: skip
    assert ok(removed) == (
        "removed: AMF general-assembly 8, with its 1 attendance record, 1 count, 1 other numbering"
    )
    assert seeded_db.scalar("SELECT COUNT(*) FROM session WHERE start_text = '2030'") == 0
    for table in ("attendance", "attendance_claim", "session_numbering"):
        assert seeded_db.scalar(f"SELECT COUNT(*) FROM {table} WHERE session_id NOT IN"
                                " (SELECT id FROM session)") == 0  # fmt: skip
    entries = log_since(seeded_db, mark)
    assert sorted(e["table"] for e in entries) == [
        "attendance", "attendance_claim", "session", "session_numbering",
    ]  # fmt: skip
    assert {e["action"] for e in entries} == {"delete"}
    session_entry = next(e for e in entries if e["table"] == "session")
    assert session_entry["before"]["start_text"] == "2030"
    assert session_entry["before"]["sources"] == ["S0"] and session_entry["after"] is None
    count_entry = next(e for e in entries if e["table"] == "attendance_claim")
    assert count_entry["before"]["number"] == 40
    one_change(entries, "never held")
    assert "AMF general-assembly 8" not in seeded_cli("timeline", "AMF").stdout


def test_a_session_that_decided_a_phase_or_a_role_is_not_removed(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli("session", "remove", "AMF", "11")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert "\n" not in message
    assert message.startswith(
        "Error: AMF executive-board 11 is referred to as the session that decided phase"
    )
    # The phase as `member history` numbers it (Yazd's third phase), so `member edit` finds it.
    assert "phase 3 (member) of Yazd in AMF" in message
    assert "the role 'secretary' of Yazd in" in message
    history = seeded_cli("member", "history", "Yazd", "AMF", "--format", "json").stdout
    assert [p["position"] for p in json.loads(history)["phases"]][-1] == 3
    assert message.endswith("nothing was removed")
    assert table_snapshot(seeded_db) == before


def test_renumbering_onto_a_recorded_number_is_refused(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli(
        "session", "edit", "AMF", "6", "--renumber", "5", "--series", "general-assembly"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: AMF general-assembly 5 is already recorded (")
    assert table_snapshot(seeded_db) == before


# --- attendance --------------------------------------------------------------------------------


def test_an_attendance_record_is_edited_and_removed(seeded_cli, seeded_db):
    mark = last_entry(seeded_db)
    edited = seeded_cli(
        "attend", "edit", "AMF", "7", "یزد", "--series", "general-assembly", "--role",
        "observer", "--note", "", "--expect-version", "1", "--reason", "S2 says observer",
    )  # fmt: skip
    out = ok(edited)
    assert out.startswith("changed: AMF general-assembly 7: #")
    assert out.endswith("the city Yazd (observer) (changed role, note; now version 2)")
    rows = seeded_db.rows(
        "SELECT a.role, a.note, a.version FROM attendance a JOIN city c ON c.id = a.city_id"
        " JOIN session s ON s.id = a.session_id WHERE c.key = 'yazd' AND s.number = 7"
    )
    assert rows == [("observer", None, 2)]
    [entry] = log_since(seeded_db, mark)
    assert (entry["action"], entry["table"]) == ("update", "attendance")
    assert entry["before"]["role"] == "delegation" and entry["after"]["role"] == "observer"
    assert entry["after"]["note"] is None and entry["before"]["note"]
    one_change([entry], "S2 says observer")
    shown = seeded_cli("session", "show", "AMF", "7", "--series", "general-assembly", "-f", "json")
    yazd = next(a for a in json.loads(shown.stdout)["attendees"] if a["name"] == "Yazd")
    assert (yazd["role"], yazd["version"]) == ("observer", 2)

    mark = last_entry(seeded_db)
    removed = seeded_cli(
        "attend", "remove", "AMF", "7", f"#{yazd['id']}", "--series", "general-assembly",
        "--reason", "dup",
    )  # fmt: skip
    assert ok(removed) == (
        f"removed: AMF general-assembly 7: #{yazd['id']} the city Yazd (observer)"
    )
    assert (
        rows
        and seeded_db.rows(
            "SELECT a.id FROM attendance a JOIN city c ON c.id = a.city_id"
            " JOIN session s ON s.id = a.session_id WHERE c.key = 'yazd' AND s.number = 7"
        )
        == []
    )
    [entry] = log_since(seeded_db, mark)
    assert (entry["action"], entry["table"], entry["after"]) == ("delete", "attendance", None)
    assert entry["before"]["role"] == "observer" and entry["before"]["sources"] == ["M1"]
    one_change([entry], "dup")


def test_who_recorded_twice_at_a_session_is_asked_for_by_id(seeded_cli, seeded_db):
    ok(seeded_cli("attend", "add", "AMF", "7", "Yazd", "--role", "guest", *GA))
    before = table_snapshot(seeded_db)
    result = seeded_cli("attend", "remove", "AMF", "7", "Yazd", "--series", "general-assembly")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith("Error: 'Yazd' has 2 attendance records at AMF general-assembly 7: #")
    assert "the city Yazd (delegation), #" in message and "the city Yazd (guest)" in message
    assert message.endswith("give the one you mean as #ID")
    assert table_snapshot(seeded_db) == before


# --- counts ------------------------------------------------------------------------------------


def test_a_count_is_edited_and_removed_by_its_place_or_id(seeded_cli, seeded_db):
    shown = json.loads(seeded_cli("session", "show", "AMF", "1", *GA, "-f", "json").stdout)
    first, second = shown["attendance"][:2]
    assert (first["number"], second["number"]) == (89, 89)
    mark = last_entry(seeded_db)
    edited = seeded_cli(
        "attend", "count", "edit", "AMF", "1", "2", "--series", "general-assembly", "--count",
        "98", "--qualifier", "about", "--expect-version", "1", "--reason", "misread 98 as 89",
    )  # fmt: skip
    assert ok(edited) == (
        f"changed: AMF general-assembly 1: count #{second['id']} about 98 Asian mayors,"
        " governors and high-ranking state officials (R1) (changed number, qualifier; now"
        " version 2)"
    )
    assert seeded_db.rows(
        "SELECT number, qualifier, version FROM attendance_claim WHERE id = :id", id=second["id"]
    ) == [(98, "about", 2)]
    [entry] = log_since(seeded_db, mark)
    assert (entry["table"], entry["before"], entry["after"]) == (
        "attendance_claim",
        {"number": 89, "qualifier": "more-than"},
        {"number": 98, "qualifier": "about"},
    )
    one_change([entry], "misread 98 as 89")

    mark = last_entry(seeded_db)
    assert ok(
        seeded_cli("attend", "count", "remove", "AMF", "1", "1", "--series", "general-assembly")
    ).startswith(
        f"removed: AMF general-assembly 1: count #{first['id']} 89 Asian cities whose mayors"
    )
    assert ok(seeded_cli("attend", "count", "remove", "AMF", "1", f"#{second['id']}", *GA))
    assert (
        seeded_db.scalar(
            "SELECT COUNT(*) FROM attendance_claim WHERE id IN (:a, :b)",
            a=first["id"],
            b=second["id"],
        )
        == 0
    )
    entries = log_since(seeded_db, mark)
    assert [(e["action"], e["table"]) for e in entries] == [("delete", "attendance_claim")] * 2
    assert entries[0]["change_id"] != entries[1]["change_id"]  # two commands, two changes
    assert [e["reason"] for e in entries] == [None, None]


def test_attend_count_without_a_subcommand_still_records_a_count(seeded_cli, seeded_db):
    assert ok(seeded_cli("attend", "count", "AMF", "2", "30", "--source", "S0")) == (
        "recorded: AMF general-assembly 2: 30 (S0)"
    )
    assert ok(seeded_cli("attend", "count", "add", "AMF", "2", "31", "--source", "S0")) == (
        "recorded: AMF general-assembly 2: 31 (S0)"
    )


# --- numberings --------------------------------------------------------------------------------


def test_another_sources_numbering_is_edited_and_removed(seeded_cli, seeded_db):
    mark = last_entry(seeded_db)
    edited = seeded_cli(
        "session", "numbering", "edit", "AMF", "11", "11", "--as", "12", "--label", "",
        "--reason", "the twelfth, S3 corrected",
    )  # fmt: skip
    out = ok(edited)
    assert out.startswith("changed: AMF executive-board 11: numbering #")
    assert out.endswith(" 12 (S2, S3) (changed number, label; now version 2)")
    assert seeded_db.rows("SELECT number, label, version FROM session_numbering") == [(12, None, 2)]
    [entry] = log_since(seeded_db, mark)
    assert entry["table"] == "session_numbering" and entry["action"] == "update"
    assert entry["before"]["number"] == 11 and entry["after"] == {"number": 12, "label": None}
    one_change([entry], "the twelfth, S3 corrected")

    mark = last_entry(seeded_db)
    assert ok(seeded_cli("session", "numbering", "remove", "AMF", "11", "12", "--reason", "r"))
    assert seeded_db.scalar("SELECT COUNT(*) FROM session_numbering") == 0
    [entry] = log_since(seeded_db, mark)
    assert (entry["action"], entry["before"]["number"], entry["before"]["sources"]) == (
        "delete",
        12,
        ["S2", "S3"],
    )
    one_change([entry], "r")


# --- mottos, series, committees ----------------------------------------------------------------


def test_a_motto_is_edited_and_removed(seeded_cli, seeded_db):
    mark = last_entry(seeded_db)
    edited = seeded_cli(
        "org", "motto", "edit", "AMF", "Asia for citizens, better city, better life",
        "--text", "Asia for Citizens, Better City, Better Life", "--expect-version", "1",
        "--reason", "capitals as D5 prints them",
    )  # fmt: skip
    assert ok(edited).endswith(": en Asia for Citizens, Better City, Better Life (now version 2)")
    [entry] = log_since(seeded_db, mark)
    assert (entry["table"], entry["before"], entry["after"]) == (
        "motto",
        {"text": "Asia for citizens, better city, better life"},
        {"text": "Asia for Citizens, Better City, Better Life"},
    )
    one_change([entry], "capitals as D5 prints them")
    shown = seeded_cli("org", "show", "AMF").stdout
    assert "en  Asia for Citizens, Better City, Better Life [D5] (#" in shown
    assert ", version 2)" in shown

    mark = last_entry(seeded_db)
    assert ok(seeded_cli("org", "motto", "remove", "AMF", "5", "--reason", "not a motto"))
    assert seeded_db.scalar("SELECT COUNT(*) FROM motto WHERE text LIKE '%Better City%'") == 0
    [entry] = log_since(seeded_db, mark)
    assert (entry["action"], entry["before"]["sources"]) == ("delete", ["D5"])
    one_change([entry], "not a motto")


def test_a_series_key_is_renamed_and_its_sessions_follow(seeded_cli, seeded_db):
    mark = last_entry(seeded_db)
    edited = seeded_cli(
        "org", "series", "edit", "AMF", "Executive Board", "--key", "board",
        "--name", "fa=هیات اجرایی", "--expect-version", "1", "--reason", "shorter key",
    )  # fmt: skip
    assert ok(edited) == "changed series board: Executive Board (now version 2)"
    [entry] = log_since(seeded_db, mark)
    assert entry["before"] == {"key": "executive-board", "name_fa": "هیئت اجرایی"}
    assert entry["after"] == {"key": "board", "name_fa": "هیات اجرایی"}
    one_change([entry], "shorter key")
    assert "AMF Executive Board 11" in ok(
        seeded_cli("session", "show", "AMF", "11", "--series", "board")
    )
    refused = seeded_cli("org", "series", "remove", "AMF", "board")
    assert refused.exit_code == 1
    assert refused.stderr.strip().startswith("Error: the AMF series board still has ")
    ok(seeded_cli("org", "series", "add", "AMF", "summit", "--name", "Summit"))
    mark = last_entry(seeded_db)
    assert ok(seeded_cli("org", "series", "remove", "AMF", "summit")) == "removed series summit"
    [entry] = log_since(seeded_db, mark)
    assert (entry["action"], entry["table"], entry["label"]) == (
        "delete",
        "meeting_series",
        "AMF Summit",
    )


def test_a_committee_is_edited_and_removed(seeded_cli, seeded_db):
    ok(
        seeded_cli(
            "org",
            "committee",
            "add",
            "AMF",
            "Smart Cities Committee",
            "--name",
            "fa=کمیته شهرهای هوشمند",
        )
    )
    mark = last_entry(seeded_db)
    edited = seeded_cli(
        "org", "committee", "edit", "AMF", "کمیته شهرهای هوشمند", "--key", "amf-smart",
        "--remove-name", "fa=کمیته شهرهای هوشمند", "--add-name", "fa=کمیته شهر هوشمند",
        "--reason", "name as S2 gives it",
    )  # fmt: skip
    assert ok(edited) == "changed committee Smart Cities Committee (key amf-smart, now version 2)"
    entries = log_since(seeded_db, mark)
    assert sorted((e["action"], e["table"]) for e in entries) == [
        ("delete", "organization_name"), ("insert", "organization_name"),
        ("update", "organization"),
    ]  # fmt: skip
    one_change(entries, "name as S2 gives it")
    mark = last_entry(seeded_db)
    assert ok(seeded_cli("org", "committee", "remove", "AMF", "amf-smart")) == (
        "removed committee Smart Cities Committee (key amf-smart)"
    )
    assert seeded_db.scalar("SELECT COUNT(*) FROM organization WHERE key = 'amf-smart'") == 0
    entries = log_since(seeded_db, mark)
    assert sorted((e["action"], e["table"]) for e in entries) == [
        ("delete", "organization"), ("delete", "organization_name"),
        ("delete", "organization_name"),
    ]  # fmt: skip
    one_change(entries, None)


def test_a_committee_holding_roles_is_not_removed(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli("org", "committee", "remove", "AMF", "Tourism and Culture Committee")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: the committee Tourism and Culture Committee (key amf-tourism-culture) is still"
        " referred to by 2 roles: remove or change those first; nothing was removed"
    )
    assert table_snapshot(seeded_db) == before


# --- an organization's key, names and identifiers ----------------------------------------------


def test_an_organizations_key_is_renamed_and_what_refers_to_it_follows(seeded_cli, seeded_db):
    mark = last_entry(seeded_db)
    edited = seeded_cli(
        "org", "edit", "AMF", "--key", "asian-mayors-forum", "--remove-name", "AMF",
        "--add-id", "wikidata=Q4806024", "--expect-version", "1", "--reason", "office convention",
    )  # fmt: skip
    assert ok(edited) == "changed organization AMF (now version 2)"
    assert seeded_db.scalar("SELECT key FROM organization WHERE acronym = 'AMF'") == (
        "asian-mayors-forum"
    )
    entries = log_since(seeded_db, mark)
    assert sorted((e["action"], e["table"]) for e in entries) == [
        ("delete", "organization_name"), ("insert", "organization_identifier"),
        ("update", "organization"),
    ]  # fmt: skip
    update = next(e for e in entries if e["action"] == "update")
    assert (update["before"], update["after"]) == (
        {"key": "amf"},
        {"key": "asian-mayors-forum"},
    )
    removed = next(e for e in entries if e["action"] == "delete")
    assert removed["before"]["name"] == "AMF" and removed["after"] is None
    one_change(entries, "office convention")
    # The memberships, sessions and the show follow the new key.
    assert "Yazd" in ok(seeded_cli("member", "history", "Yazd", "asian-mayors-forum"))
    shown = ok(seeded_cli("org", "show", "asian-mayors-forum"))
    assert "key: asian-mayors-forum" in shown and "wikidata=Q4806024" in shown
    assert "AMF General Assembly 1" in ok(
        seeded_cli("session", "show", "asian-mayors-forum", "1", "--series", "general-assembly")
    )

    mark = last_entry(seeded_db)
    ok(seeded_cli("org", "edit", "AMF", "--remove-id", "wikidata", "--reason", "wrong item"))
    [entry] = log_since(seeded_db, mark)
    assert (entry["action"], entry["table"], entry["before"]["value"]) == (
        "delete",
        "organization_identifier",
        "Q4806024",
    )
    one_change([entry], "wrong item")
    assert seeded_db.scalar("SELECT COUNT(*) FROM organization_identifier") == 0


# --- --dry-run, --expect-version, bad input ----------------------------------------------------

CORRECTIONS = [
    ["session", "edit", "AMF", "3", "--series", "general-assembly", "--venue", "X"],
    ["session", "remove", "AMF", "3", "--series", "general-assembly"],
    ["attend", "edit", "AMF", "7", "Yazd", "--role", "guest", "--series", "general-assembly"],
    ["attend", "remove", "AMF", "7", "Yazd", "--series", "general-assembly"],
    ["attend", "count", "edit", "AMF", "1", "1", "--count", "101", "--series", "general-assembly"],
    ["attend", "count", "remove", "AMF", "1", "1", "--series", "general-assembly"],
    ["session", "numbering", "edit", "AMF", "11", "11", "--as", "12"],
    ["session", "numbering", "remove", "AMF", "11", "11"],
    ["org", "motto", "edit", "AMF", "1", "--lang", "ar"],
    ["org", "motto", "remove", "AMF", "1"],
    ["org", "series", "edit", "AMF", "executive-board", "--key", "board"],
    ["org", "committee", "edit", "AMF", "amf-tourism-culture", "--key", "amf-tourism"],
    ["org", "edit", "AMF", "--key", "asian-mayors-forum", "--remove-name", "AMF"],
]


@pytest.mark.parametrize("args", CORRECTIONS, ids=lambda a: " ".join(a[:3]))
def test_dry_run_writes_nothing(seeded_cli, seeded_db, args):
    before = table_snapshot(seeded_db)
    result = seeded_cli(*args, "--dry-run", "--reason", "trying")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(("dry run, would", "would"))
    assert "dry run: nothing was written; " in result.stderr
    assert "0 changes" not in result.stderr
    assert table_snapshot(seeded_db) == before


# Another officer's change to the record each of CORRECTIONS corrects.
FIRST_CHANGE = {
    "session edit": ["session", "edit", "AMF", "3", "--series", "general-assembly", "--venue", "V"],
    "session remove": [
        "session",
        "edit",
        "AMF",
        "3",
        "--series",
        "general-assembly",
        "--venue",
        "V",
    ],
    "attend edit": ["attend", "edit", "AMF", "7", "Yazd", "--note", "N", *GA],
    "attend remove": ["attend", "edit", "AMF", "7", "Yazd", "--note", "N", *GA],
    "attend count": ["attend", "count", "edit", "AMF", "1", "1", "--counted", "C", *GA],
    "session numbering": ["session", "numbering", "edit", "AMF", "11", "11", "--label", "L"],
    "org motto": ["org", "motto", "edit", "AMF", "1", "--note", "N"],
    "org series": ["org", "series", "edit", "AMF", "executive-board", "--name", "Board"],
    "org committee": ["org", "committee", "edit", "AMF", "amf-tourism-culture", "--note", "N"],
    "org edit": ["org", "edit", "AMF", "--note", "N"],
}


@pytest.mark.parametrize("args", CORRECTIONS, ids=lambda a: " ".join(a[:3]))
def test_a_stale_expect_version_is_refused(seeded_cli, seeded_db, args):
    # Another officer changes the record first: version 1 is now stale.
    first = FIRST_CHANGE[" ".join(args[:2])]
    assert seeded_cli("--as", "maryam", *first).exit_code == 0
    before = table_snapshot(seeded_db)
    result = seeded_cli(*args, "--expect-version", "1")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert "\n" not in message
    assert "was changed by maryam at " in message
    assert "(version 1, now 2); show it again and repeat your change" in message
    assert table_snapshot(seeded_db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["session", "remove", "AMF", "99"],
            "Error: AMF has no session numbered 99 in any series (general-assembly,"
            " executive-board): see `citylinks timeline AMF`, or record it with `citylinks"
            " session add`",
        ),
        (
            ["attend", "remove", "AMF", "7", "Mashhad", *GA],
            "Error: 'Mashhad' is not recorded as attending AMF general-assembly 7: its attendance"
            " records are #",
        ),
        (
            ["attend", "edit", "AMF", "7", "Yazd", *GA],
            "Error: nothing to change: give --role, --on-behalf-of ('' clears it) or --note"
            " ('' clears it)",
        ),
        (
            ["attend", "edit", "AMF", "7", "Yazd", "--role", "king", *GA],
            "Error: unknown attendance role 'king'",
        ),
        (
            ["attend", "remove", "AMF", "7", "#x", *GA],
            "Error: '#x' is not a record id: write # and its digits, e.g. #12",
        ),
        (
            ["attend", "count", "remove", "AMF", "1", "10", *GA],
            "Error: AMF general-assembly 1 has 9 counts, not 10: its counts are 1. #",
        ),
        (
            [
                "attend",
                "count",
                "edit",
                "AMF",
                "1",
                "1",
                "--count",
                "89",
                "--qualifier",
                "more-than",
                "--counted",
                "Asian mayors, governors and high-ranking state officials",
                *GA,
            ],  # fmt: skip
            "Error: AMF general-assembly 1 already has this count (#",
        ),  # fmt: skip
        (
            ["session", "numbering", "remove", "AMF", "11", "7"],
            "Error: AMF executive-board 11 has no other numbering '7': its numberings are #",
        ),
        (
            ["org", "motto", "remove", "AMF", "Cities first"],
            "Error: AMF has no motto 'Cities first': its mottos are 1. #",
        ),
        (
            ["org", "series", "edit", "AMF", "general-assembly", "--key", "General Assembly"],
            "Error: 'General Assembly' is not a series key: use lowercase letters, digits and"
            " hyphens, e.g. general-assembly",
        ),
        (
            ["org", "series", "edit", "AMF", "general-assembly", "--key", "executive-board"],
            "Error: AMF already has the series 'executive-board': choose another key",
        ),
        (
            ["org", "edit", "AMF", "--key", "lhc"],
            "Error: the key 'lhc' is taken by LHC (",
        ),
        (
            ["org", "edit", "AMF", "--key", "Asian Mayors"],
            "Error: --key: 'Asian Mayors' is not an organization key: use lowercase letters,"
            " digits and hyphens, e.g. asian-mayors-forum",
        ),
        (
            ["org", "edit", "AMF", "--remove-id", "wikidata"],
            "Error: AMF has no identifier 'wikidata': its identifiers are none",
        ),
        (
            ["org", "committee", "edit", "AMF", "Finance", "--note", "x"],
            "Error: AMF has no committee 'Finance': its committees are ",
        ),
        (
            [
                "session",
                "edit",
                "AMF",
                "3",
                "--series",
                "general-assembly",
                "--venue",
                "X",
                "--reason",
                "x" * 5000,
            ],
            "Error: the reason for the correction is 5000 characters long",
        ),
    ],
    ids=lambda x: " ".join(x[:4]) if isinstance(x, list) else "",
)
def test_bad_input_is_one_line_and_changes_nothing(seeded_cli, seeded_db, args, message):
    before = table_snapshot(seeded_db)
    result = seeded_cli(*args)
    assert result.exit_code == 1, result.output
    shown = result.stderr.strip()
    assert "\n" not in shown
    assert shown.startswith(message), shown
    assert table_snapshot(seeded_db) == before
