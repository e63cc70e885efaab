"""`member record` and `member end` write with Core statements (services.memberships on a
db.Change): they import neither SQLAlchemy's ORM nor the mapped classes, and what they store,
log and print is what the ORM's flush gave: the membership made for a first phase, an open
phase closed, the later phases moved up to make room (each move a new version and one entry),
the new phase with its sources, in the ORM's order of entries and with its labels."""

from __future__ import annotations

import pytest
import test_w17_core_writes as w17
from conftest import table_snapshot
from sqlalchemy import select

from citylinks import schema

# The fixture and the watched run are w17's: the same heavy modules, the same bundled file.
_run_watching = w17._run_watching
bundled_file = w17.bundled_file  # the module's fixture, seeded once


@pytest.mark.parametrize(
    "argv,shown,status",
    [
        (
            ["member", "record", "Yazd", "AMF", "withdrawn", "--from", "2090", "--dry-run"],
            "changed: Yazd in AMF, phase 3: end unknown → 2090",
            0,
        ),
        (
            [
                "--lang",
                "fa",
                "member",
                "record",
                "Yazd",
                "AMF",
                "withdrawn",
                "--from",
                "2090",
                "--dry-run",
            ],
            "یزد",
            0,
        ),  # fmt: skip
        (["member", "end", "Tehran", "AMF", "--on", "2091", "--source", "S1"], "recorded:", 0),
        (["member", "end", "Yazd", "AMF", "--on", "2095", "--dry-run"], "would record", 0),
        (
            ["member", "record", "Yazd", "AMF", "member", "--from", "2025-11-28", "--dry-run"],
            "already",
            1,
        ),
        (["member", "record", "Yazd", "AMF", "member", "--from", "x"], "--from", 1),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else None,
)
def test_member_record_and_end_write_without_importing_the_orm(bundled_file, argv, shown, status):
    code, out, err, loaded = _run_watching(["--db", bundled_file, *argv])
    printed = out + err
    assert shown in printed
    assert code == status
    assert loaded == []


def _change(db, label: str) -> list[tuple]:
    """The entries of the last change that logged a row named `label`: action, table, label,
    before, after."""
    log = schema.audit_log.c
    engine = db.engine()
    try:
        with engine.connect() as conn:
            change = conn.execute(
                select(log.change_id).where(log.row_label == label).order_by(log.id.desc())
            ).scalar()
            return [
                (r.action, r.table_name, r.row_label, r.before, r.after)
                for r in conn.execute(
                    select(log).where(log.change_id == change).order_by(log.id)
                ).all()
            ]
    finally:
        engine.dispose()


def _phases(db, city: str) -> list[tuple]:
    """The phases of `city`'s membership in the AMF."""
    return db.rows(
        "SELECT p.position, p.status, p.start_text, p.end_text, p.version, p.updated_by"
        " FROM membership_phase p JOIN membership m ON m.id = p.membership_id"
        " JOIN city c ON c.id = m.city_id JOIN organization o ON o.id = m.organization_id"
        " WHERE c.key = :key AND o.key = 'amf' ORDER BY p.position",
        key=city,
    )


def test_a_first_phase_makes_the_membership_and_logs_both(seeded_cli, seeded_db):
    assert seeded_cli("city", "add", "Coretown", "--country", "IR", "--force").exit_code == 0
    done = seeded_cli(
        "--as", "maryam", "member", "record", "Coretown", "AMF", "member", "--from", "2020",
        "--source", "S2", "--source", "s1", "--reason", "joined",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert done.stdout == "recorded: Coretown in AMF: 'member' from 2020 to now\n"
    assert done.stderr == ""
    entries = _change(seeded_db, "Coretown in AMF")
    assert [(a, t, label) for a, t, label, *_ in entries] == [
        ("insert", "membership", "Coretown in AMF"),
        ("insert", "membership_phase", "Coretown in AMF, phase 1"),
    ]
    membership, phase = entries[0][4], entries[1][4]
    assert membership["member_organization_id"] is None
    assert set(membership) == {"organization_id", "city_id", "member_organization_id"}
    assert phase["status"] == "member"
    assert phase["reason"] == "joined"
    assert phase["start_text"] == "2020"
    assert phase["start_earliest"] == "2020-01-01"
    assert phase["end_text"] == "unknown"
    assert phase["sources"] == ["S2", "S1"]
    assert _phases(seeded_db, "coretown") == [(1, "member", "2020", "unknown", 1, "maryam")]


def test_an_earlier_phase_moves_the_later_ones_up_each_once(seeded_cli, seeded_db):
    assert seeded_cli("city", "add", "Coretown", "--country", "IR", "--force").exit_code == 0
    for status, start, end in (("member", "2024", "2025"), ("observer", "2020", "2021")):
        done = seeded_cli("member", "record", "Coretown", "AMF", status, "--from", start,
                          "--to", end)  # fmt: skip
        assert done.exit_code == 0, done.output
    done = seeded_cli(
        "--as", "reza", "member", "record", "Coretown", "AMF", "cooperating", "--from", "2018",
        "--to", "2019",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    entries = _change(seeded_db, "Coretown in AMF, phase 1")
    # As the ORM's flushes wrote them: the last phase moved first, then the new phase.
    assert [(a, label, before, after) for a, _t, label, before, after in entries[:2]] == [
        ("update", "Coretown in AMF, phase 3", {"position": 2}, {"position": 3}),
        ("update", "Coretown in AMF, phase 2", {"position": 1}, {"position": 2}),
    ]
    assert entries[2][:3] == ("insert", "membership_phase", "Coretown in AMF, phase 1")
    assert len(entries) == 3
    assert _phases(seeded_db, "coretown") == [
        (1, "cooperating", "2018", "2019", 1, "reza"),
        (2, "observer", "2020", "2021", 2, "reza"),
        (3, "member", "2024", "2025", 3, "reza"),  # moved twice
    ]


def test_closing_the_open_phase_is_one_change_with_its_dry_run(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    dry = seeded_cli("member", "end", "Yazd", "AMF", "--on", "2091", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.startswith(
        "dry run, would record: Yazd in AMF: 'withdrawn' from 2091 to now\n"
    )
    assert dry.stderr.splitlines()[:3] == [
        "dry run: nothing was written; 2 changes would be made:",
        "  added: Yazd in AMF, phase 4",
        "  changed: Yazd in AMF, phase 3: end unknown → 2091 (1469–1470)",
    ]
    assert table_snapshot(seeded_db) == before
    done = seeded_cli("member", "end", "Yazd", "AMF", "--on", "2091", "--source", "S1")
    assert done.exit_code == 0, done.output
    entries = _change(seeded_db, "Yazd in AMF, phase 4")
    assert [(a, label) for a, _t, label, *_ in entries] == [
        ("insert", "Yazd in AMF, phase 4"),
        ("update", "Yazd in AMF, phase 3"),
    ]
    assert entries[1][3] == {
        "end_text": "unknown",
        "end_precision": None,
        "end_earliest": None,
        "end_latest": None,
    }
    assert entries[1][4] == {
        "end_text": "2091",
        "end_precision": "year",
        "end_earliest": "2091-01-01",
        "end_latest": "2091-12-31",
    }
    assert [p[4] for p in _phases(seeded_db, "yazd")] == [1, 1, 2, 1]
    # `undo` of the whole change puts the history back as it was.
    change = seeded_db.scalar(
        "SELECT change_id FROM audit_log WHERE row_label = 'Yazd in AMF, phase 4'"
    )
    undone = seeded_cli("undo", "--change", change)
    assert undone.exit_code == 0, undone.output
    assert [p[:4] for p in _phases(seeded_db, "yazd")][-1] == (
        3,
        "member",
        "2025-11-27..2025-11-29",
        "unknown",
    )


def test_a_refused_phase_leaves_the_database_as_it_was(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    for argv in (
        ["member", "record", "Tabriz", "AMF", "observer", "--from", "2010", "--to", "2030"],
        ["member", "record", "Yazd", "AMF", "member", "--from", "j:1404-09-07"],
        ["member", "end", "Yazd", "AMF", "--on", "2091", "--status", "member"],
        ["member", "record", "Yazd", "AMF", "withdrawn", "--from", "2090", "--source", "S99"],
    ):
        done = seeded_cli(*argv)
        assert done.exit_code == 1, done.output
        assert "Traceback" not in done.output
        assert done.stderr.count("\n") == 1, done.stderr
    assert table_snapshot(seeded_db) == before


def test_sources_required_refuses_an_unsourced_phase(seeded_cli, seeded_db):
    assert seeded_cli("setting", "set", "sources", "required").exit_code == 0
    before = table_snapshot(seeded_db)
    done = seeded_cli("member", "record", "Yazd", "AMF", "withdrawn", "--from", "2090")
    assert done.exit_code == 1
    assert "Yazd in AMF, phase 4 (phase:yazd/amf/4) cites none" in done.stderr
    assert table_snapshot(seeded_db) == before
