"""`member edit`, `member remove`, `member retract` and `member unretract` write with Core
statements (services.memberships on a db.Change): they import neither SQLAlchemy's ORM nor
the mapped classes, and what they store, log and print is what the ORM's flushes gave: one
entry per row written, in the flushes' order and with their labels (a phase moved by an edit
parked past the last position, the others closed up, then put in its place; a removed phase's
entry holding its bookkeeping and sources, the later phases renumbered, a membership left
with no phase removed too), so that `log` shows them and `undo` puts them back."""

from __future__ import annotations

import pytest
import test_m17_member_writes as m17
import test_w17_core_writes as w17
from conftest import table_snapshot

from citylinks import schema

# The fixture and the watched run are w17's: the same heavy modules, the same bundled file.
_run_watching = w17._run_watching
bundled_file = w17.bundled_file  # the module's fixture, seeded once
# The entries of the last change that logged a row so named: action, table, label, before, after.
_change = m17._change


@pytest.mark.parametrize(
    "argv,shown,status",
    [
        (
            ["member", "edit", "Yazd", "AMF", "1", "--note", "checked", "--reason", "S2"],
            "changed: Yazd in AMF, phase 1",
            0,
        ),
        (
            ["--lang", "fa", "member", "edit", "Yazd", "AMF", "1", "--note", "x", "--dry-run"],
            "یزد در AMF، مرحلهٔ ۱",
            0,
        ),
        (
            ["member", "retract", "Yazd", "AMF", "2", "--reason", "bench", "--dry-run"],
            "changed: Yazd in AMF, phase 2: retracted none → ",
            0,
        ),
        (["member", "retract", "Yazd", "AMF", "2", "--reason", "misread"], "retracted: Yazd", 0),
        (["member", "unretract", "Yazd", "AMF", "2"], "restored: Yazd in AMF, phase 2", 0),
        (["member", "remove", "Yazd", "AMF", "1", "--dry-run"], "removed: Yazd in AMF, phase 1", 0),
        (
            ["member", "edit", "Yazd", "AMF", "1", "--note", "y", "--expect-version", "1"],
            "since you read it (version 1, now 2)",
            1,
        ),
        (["member", "unretract", "Yazd", "AMF", "1"], "is not retracted", 1),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else None,
)
def test_member_corrections_write_without_importing_the_orm(bundled_file, argv, shown, status):
    code, out, err, loaded = _run_watching(["--db", bundled_file, *argv])
    assert shown in out + err
    assert code == status
    assert loaded == []


def _phases(db, city: str = "coretown") -> list[tuple]:
    """The phases of `city`'s membership in the AMF, with their versions."""
    return db.rows(
        "SELECT p.position, p.status, p.start_text, p.end_text, p.version, p.updated_by,"
        " p.retraction_reason FROM membership_phase p"
        " JOIN membership m ON m.id = p.membership_id JOIN city c ON c.id = m.city_id"
        " JOIN organization o ON o.id = m.organization_id"
        " WHERE c.key = :key AND o.key = 'amf' ORDER BY p.position",
        key=city,
    )


def _last_change(db) -> str:
    return db.scalar("SELECT change_id FROM audit_log ORDER BY id DESC LIMIT 1")


def _reasons(db) -> set[str]:
    """The reasons the entries of the last change were logged with."""
    return {
        r
        for (r,) in db.rows(
            "SELECT reason FROM audit_log WHERE change_id = :change", change=_last_change(db)
        )
    }


@pytest.fixture
def coretown(seeded_cli):
    """Coretown in the AMF: cooperating 2020-2021 (citing S1), member from 2025 (2026)."""
    for argv in (
        ["city", "add", "Coretown", "--country", "IR", "--force"],
        ["member", "record", "Coretown", "AMF", "cooperating", "--from", "2020", "--to", "2021",
         "--source", "S1"],
        ["member", "record", "Coretown", "AMF", "member", "--from", "2025", "--to", "2026",
         "--source", "S2"],
    ):  # fmt: skip
        done = seeded_cli(*argv)
        assert done.exit_code == 0, done.output
    return seeded_cli


def test_an_edit_that_moves_a_phase_logs_each_move_as_the_orm_did(coretown, seeded_db):
    before = table_snapshot(seeded_db)
    argv = ["member", "edit", "Coretown", "AMF", "1", "--from", "2027", "--to", "2030"]
    dry = coretown(*argv, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stderr.splitlines() == [
        "dry run: nothing was written; 4 changes would be made:",
        "  changed: Coretown in AMF, phase 2: start 2020 (1398–1399) → 2027 (1405–1406);"
        " end 2021 (1399–1400) → 2030 (1408–1409)",
        "  changed: Coretown in AMF, phase 2: position 1 → 3",
        "  changed: Coretown in AMF, phase 1: position 2 → 1",
        "  changed: Coretown in AMF, phase 2: position 3 → 2",
    ]
    assert table_snapshot(seeded_db) == before

    done = coretown("--as", "reza", *argv, "--reason", "a typo")
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        "changed: Coretown in AMF, phase 2: 'cooperating' from 2027 to 2030\n"
        "note: it now begins after the phase before it: it is phase 2 (see `citylinks member"
        " history coretown amf`)\n"
    )
    entries = _change(seeded_db, "Coretown in AMF, phase 3")
    assert [(a, label, b, after) for a, _t, label, b, after in entries[1:]] == [
        ("update", "Coretown in AMF, phase 3", {"position": 1}, {"position": 3}),
        ("update", "Coretown in AMF, phase 1", {"position": 2}, {"position": 1}),
        ("update", "Coretown in AMF, phase 2", {"position": 3}, {"position": 2}),
    ]
    action, _table, label, values_before, values_after = entries[0]
    assert (action, label) == ("update", "Coretown in AMF, phase 1")
    assert values_before == {
        "start_text": "2020",
        "start_earliest": "2020-01-01",
        "start_latest": "2020-12-31",
        "end_text": "2021",
        "end_earliest": "2021-01-01",
        "end_latest": "2021-12-31",
    }
    assert values_after["start_text"] == "2027" and values_after["end_latest"] == "2030-12-31"
    assert _reasons(seeded_db) == {"a typo"}
    # Each row a new version per write: the moved phase three times, the other once.
    assert _phases(seeded_db) == [
        (1, "member", "2025", "2026", 2, "reza", None),
        (2, "cooperating", "2027", "2030", 4, "reza", None),
    ]

    undone = coretown("undo", "--change", _last_change(seeded_db))
    assert undone.exit_code == 0, undone.output
    assert [p[:4] for p in _phases(seeded_db)] == [
        (1, "cooperating", "2020", "2021"),
        (2, "member", "2025", "2026"),
    ]


def test_removing_the_last_phases_logs_them_whole_and_undo_puts_them_back(coretown, seeded_db):
    done = coretown("member", "remove", "Coretown", "AMF", "1", "--reason", "not so")
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        "removed: Coretown in AMF, phase 1: 'cooperating' from 2020 to 2021\n"
        "note: the later phases are renumbered: see `citylinks member history coretown amf`\n"
    )
    entries = _change(seeded_db, "Coretown in AMF, phase 1")
    assert [(a, t, label) for a, t, label, *_ in entries] == [
        ("delete", "membership_phase", "Coretown in AMF, phase 1"),
        ("update", "membership_phase", "Coretown in AMF, phase 1"),
    ]
    removed = entries[0][3]
    # The whole row, as the ORM's entry of a deletion held it: bookkeeping and sources too.
    assert list(removed) == [
        c.key for c in schema.membership_phase.columns if c.key not in ("id", "folded")
    ] + ["sources"]
    assert removed["sources"] == ["S1"] and removed["version"] == 1
    assert entries[0][4] is None
    assert entries[1][3:5] == ({"position": 2}, {"position": 1})

    rows = "SELECT * FROM membership_phase ORDER BY id"
    kept, cited = seeded_db.rows(rows), seeded_db.rows("SELECT * FROM membership_phase_source")
    memberships = seeded_db.rows("SELECT * FROM membership ORDER BY id")
    done = coretown("member", "remove", "Coretown", "AMF", "1", "--reason", "nor this")
    assert done.exit_code == 0, done.output
    assert "the membership is removed too" in done.stdout
    entries = _change(seeded_db, "Coretown in AMF")
    assert [(a, t, label) for a, t, label, *_ in entries] == [
        ("delete", "membership_phase", "Coretown in AMF, phase 1"),
        ("delete", "membership", "Coretown in AMF"),
    ]
    assert entries[1][3]["city_id"] is not None and entries[1][3]["version"] == 1
    assert _phases(seeded_db) == []
    assert (
        seeded_db.scalar(
            "SELECT COUNT(*) FROM membership m JOIN city c ON c.id = m.city_id"
            " WHERE c.key = 'coretown'"
        )
        == 0
    )

    # Undone, the membership and its phase are back as they were: values, ids, versions and
    # sources.
    undone = coretown("undo", "--change", _last_change(seeded_db))
    assert undone.exit_code == 0, undone.output
    assert seeded_db.rows(rows) == kept
    assert seeded_db.rows("SELECT * FROM membership ORDER BY id") == memberships
    assert sorted(seeded_db.rows("SELECT * FROM membership_phase_source")) == sorted(cited)
    assert _phases(seeded_db) == [(1, "member", "2025", "2026", 2, "test-officer", None)]


def test_retract_and_unretract_are_one_entry_each(coretown, seeded_db):
    done = coretown("member", "retract", "Coretown", "AMF", "2", "--reason", "S2 misread")
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        "retracted: Coretown in AMF, phase 2: 'member' from 2025 to 2026, retracted: S2 misread\n"
    )
    (entry,) = _change(seeded_db, "Coretown in AMF, phase 2")
    assert entry[:3] == ("update", "membership_phase", "Coretown in AMF, phase 2")
    assert entry[3] == {"retracted_at": None, "retraction_reason": None}
    assert entry[4]["retraction_reason"] == "S2 misread" and entry[4]["retracted_at"]
    assert _reasons(seeded_db) == {"S2 misread"}
    assert _phases(seeded_db)[1][4:] == (2, "test-officer", "S2 misread")

    again = coretown("member", "retract", "Coretown", "AMF", "2", "--reason", "again")
    assert again.exit_code == 1
    assert again.stderr == (
        "Error: Coretown in AMF, phase 2 is retracted already (S2 misread): see `citylinks"
        " member history coretown amf --with-retracted`\n"
    )
    done = coretown("member", "unretract", "Coretown", "AMF", "2", "--expect-version", "2")
    assert done.exit_code == 0, done.output
    assert done.stdout == "restored: Coretown in AMF, phase 2: 'member' from 2025 to 2026\n"
    (entry,) = _change(seeded_db, "Coretown in AMF, phase 2")
    assert entry[4] == {"retracted_at": None, "retraction_reason": None}
    assert entry[3]["retraction_reason"] == "S2 misread"
    assert _phases(seeded_db)[1][4:] == (3, "test-officer", None)


@pytest.mark.parametrize(
    "argv",
    [
        ["member", "edit", "Coretown", "AMF", "2", "--note", "x"],
        ["member", "remove", "Coretown", "AMF", "2"],
        ["member", "retract", "Coretown", "AMF", "2", "--reason", "x"],
    ],
    ids=lambda x: x[1],
)
def test_a_stale_version_names_who_changed_the_phase_and_writes_nothing(coretown, seeded_db, argv):
    assert coretown("--as", "maryam", "member", "edit", "Coretown", "AMF", "2",
                    "--note", "seen").exit_code == 0  # fmt: skip
    before = table_snapshot(seeded_db)
    done = coretown(*argv, "--expect-version", "1")
    assert done.exit_code == 1
    assert done.stderr.startswith(
        "Error: phase 'Coretown in AMF, phase 2' was changed by maryam at "
    )
    assert "since you read it (version 1, now 2)" in done.stderr
    assert table_snapshot(seeded_db) == before


def test_sources_required_refuses_only_what_a_change_records_unsourced(coretown, seeded_db):
    """The policy looks at the rows a change inserted: a correction inserts none, so it is
    never refused for the phases it leaves as they were cited."""
    assert coretown("setting", "set", "sources", "required").exit_code == 0
    done = coretown("member", "edit", "Coretown", "AMF", "2", "--note", "still cited")
    assert done.exit_code == 0, done.output
    assert done.stderr == ""
    before = table_snapshot(seeded_db)
    done = coretown("member", "record", "Coretown", "AMF", "observer", "--from", "2030")
    assert done.exit_code == 1
    assert "Coretown in AMF, phase 3 (phase:coretown/amf/3) cites none" in done.stderr
    assert table_snapshot(seeded_db) == before
