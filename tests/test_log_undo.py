"""`citylinks log` names every change in words and filters it; `citylinks undo` reverts an
entry or a whole command's change, exactly, or refuses naming what stands in the way."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import table_snapshot

# AMF has a session 1 in both its series: these tests mean the General Assembly's.
GA = ("--series", "general-assembly")


def _log(run, *args) -> list[dict]:
    result = run("log", "--format", "json", "--limit", "1000", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _last_change(run) -> str:
    return _log(run, "--limit", "1")[-1]["change_id"]


def _changes(entry: dict) -> dict[str, tuple]:
    return {c["field"]: (c["before"], c["after"]) for c in entry["changes"]}


# --- the log in words -------------------------------------------------------------------------


def test_log_names_each_record_as_an_officer_does(seeded_cli):
    edited = seeded_cli("session", "edit", "AMF", "1", *GA, "--from", "2008")
    assert edited.exit_code == 0, edited.output
    assert seeded_cli("city", "edit", "Yazd", "--add-name", "de=Jasd").exit_code == 0
    role = seeded_cli("role", "add", "Yazd", "AMF", "treasurer", "--from", "2026")
    assert role.exit_code == 0, role.output
    added = seeded_cli(
        "session",
        "add",
        "AMF",
        "9",
        "--series",
        "general-assembly",
        "--host",
        "Tehran",
        "--from",
        "2030",
    )
    assert added.exit_code == 0, added.output
    phase = seeded_cli("member", "record", "Yazd", "AMF", "suspended", "--from", "2026-03")
    assert phase.exit_code == 0, phase.output
    entries = _log(seeded_cli, "--officer", "test-officer")
    named = {(e["summary"], e["record"]) for e in entries}
    assert ("changed", "AMF General Assembly 1") in named
    assert ("added", "Yazd's name Jasd (de)") in named
    assert ("added", "Yazd: treasurer of AMF") in named
    assert ("added", "AMF General Assembly 9") in named
    assert any(s == "added" and r.startswith("Yazd in AMF, phase ") for s, r in named)
    session_edit = next(
        e for e in entries if e["record"] == "AMF General Assembly 1" and e["action"] == "update"
    )
    # The partial date in words, in both calendars; the raw columns stay in before/after.
    assert _changes(session_edit) == {"start": ("2008-11-19 (1387-08-29)", "2008 (1386–1387)")}
    assert session_edit["after"]["start_text"] == "2008"
    new_session = next(e for e in entries if e["record"] == "AMF General Assembly 9")
    assert _changes(new_session)["host"] == (None, "Tehran")
    assert _changes(new_session)["series"] == (None, "AMF General Assembly")
    table = seeded_cli("log", "--officer", "test-officer").stdout
    assert "host: Tehran" in table and "host_city_id" not in table
    assert "start_earliest" not in table and "start: 2008 (1386–1387)" in table


def test_a_removed_name_is_logged_and_its_dry_run_counts_it(seeded_cli, seeded_db):
    assert seeded_cli("city", "edit", "Yazd", "--add-name", "de=Jasd").exit_code == 0
    before = table_snapshot(seeded_db)
    dry = seeded_cli("city", "edit", "Yazd", "--remove-name", "Jasd", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "1 change would be made" in dry.stderr
    assert "  removed: Yazd's name Jasd (de)\n" in dry.stderr
    assert table_snapshot(seeded_db) == before
    assert (
        seeded_cli("--as", "sara", "city", "edit", "Yazd", "--remove-name", "Jasd").exit_code == 0
    )
    (removed,) = _log(seeded_cli, "--officer", "sara")
    assert (removed["action"], removed["record"]) == ("delete", "Yazd's name Jasd (de)")
    assert removed["before"]["name"] == "Jasd" and removed["after"] is None


def test_citation_changes_are_logged_as_cites(seeded_cli):
    assert seeded_cli("--as", "sara", "city", "edit", "Yazd", "--add-source", "D1").exit_code == 0
    assert (
        seeded_cli("--as", "sara", "city", "edit", "Yazd", "--remove-source", "W1").exit_code == 0
    )
    added, removed = _log(seeded_cli, "--officer", "sara")
    assert (added["summary"], added["record"]) == ("cites D1", "Yazd")
    assert removed["summary"] == "no longer cites W1"
    assert "D1" in _changes(added)["sources"][1]


def test_a_setting_is_named_in_the_log(seeded_db, seeded_cli):
    from citylinks.db import open_database
    from citylinks.model import Setting

    db = open_database(seeded_db.url, "maryam")
    try:
        with db.transaction() as session:
            session.add(Setting(key="sources", value="required"))
        with db.transaction() as session:
            session.delete(session.query(Setting).one())
    finally:
        db.engine.dispose()
    added, removed = _log(seeded_cli, "--officer", "maryam")
    assert (added["action"], added["record"]) == ("insert", "setting sources")
    assert (removed["action"], removed["record"]) == ("delete", "setting sources")


# --- filters and formats --------------------------------------------------------------------


def test_log_filters_by_record_with_its_dependent_rows(seeded_cli):
    assert seeded_cli("city", "edit", "Yazd", "--add-name", "de=Jasd").exit_code == 0
    assert seeded_cli("city", "edit", "Shiraz", "--region", "Fars").exit_code == 0
    yazd = _log(seeded_cli, "--record", "یزد")
    tables = {e["table"] for e in yazd}
    assert {"city", "city_name", "membership", "membership_phase", "role"} <= tables
    assert all("Shiraz" not in e["record"] for e in yazd)
    assert any(e["record"] == "Yazd's name Jasd (de)" for e in yazd)
    session = _log(seeded_cli, "--record", "AMF/general-assembly/1")
    assert {e["table"] for e in session} >= {"session", "attendance_claim"}
    # A removed record is still found by the name the log gave it.
    assert seeded_cli("city", "add", "Kashan", "--country", "IR").exit_code == 0
    assert seeded_cli("city", "remove", "Kashan").exit_code == 0
    kashan = _log(seeded_cli, "--record", "Kashan")
    assert [e["action"] for e in kashan if e["table"] == "city"] == ["insert", "delete"]
    unknown = seeded_cli("log", "--record", "Atlantis")
    assert unknown.exit_code == 1 and "no record 'Atlantis'" in unknown.stderr


def test_log_filters_by_dates_in_either_calendar_and_by_change(seeded_cli):
    assert seeded_cli("--as", "ali", "city", "edit", "Yazd", "--region", "Yazd").exit_code == 0
    mine = _log(seeded_cli, "--officer", "ali")
    assert len(mine) == 1
    year = mine[0]["at"][:4]
    assert len(_log(seeded_cli, "--officer", "ali", "--since", year, "--until", year)) == 1
    assert _log(seeded_cli, "--officer", "ali", "--until", str(int(year) - 1)) == []
    assert len(_log(seeded_cli, "--officer", "ali", "--since", "j:1400")) == 1
    assert _log(seeded_cli, "--officer", "ali", "--until", "j:1399") == []
    change = mine[0]["change_id"]
    assert [e["entry"] for e in _log(seeded_cli, "--change", change[:8])] == [mine[0]["entry"]]
    bad = seeded_cli("log", "--until", "soon")
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: --until:")
    short = seeded_cli("log", "--change", "ab")
    assert short.exit_code == 1 and "not a change id" in short.stderr


def test_log_json_and_csv_hold_every_field(seeded_cli):
    edit = seeded_cli("--as", "ali", "city", "edit", "Yazd", "--region", "Yazd")
    assert edit.exit_code == 0, edit.output
    (entry,) = _log(seeded_cli, "--officer", "ali")
    assert set(entry) >= {
        "entry",
        "at",
        "officer",
        "action",
        "record",
        "before",
        "after",
        "change_id",
        "reason",
    }
    assert (entry["record"], entry["after"]) == ("Yazd", {"region": "Yazd"})
    result = seeded_cli("log", "--officer", "ali", "--format", "csv")
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["record"] == "Yazd" and row["officer"] == "ali"
    assert json.loads(row["after"]) == {"region": "Yazd"}
    assert row["change_id"] == entry["change_id"] and row["entry"] == str(entry["entry"])


# --- undo -----------------------------------------------------------------------------------

BOOKKEEPING = {"updated_at", "updated_by", "version"}


def _rows(db, skip_bookkeeping: bool = True) -> dict[str, list[tuple]]:
    """Every row of every table but the audit log; without the columns a change must move on
    (a row changed and changed back has a new version, time and officer)."""
    from citylinks.model import Base

    engine = db.engine()
    found = {}
    try:
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                if table.name == "audit_log":
                    continue
                columns = [c for c in table.c if not (skip_bookkeeping and c.name in BOOKKEEPING)]
                rows = conn.execute(
                    table.select().with_only_columns(*columns).order_by(*table.primary_key.columns)
                )
                found[table.name] = [tuple(r) for r in rows]
    finally:
        engine.dispose()
    return found


SETUP = {
    "kashan": [
        ("city", "add", "Kashan", "--country", "IR", "--name", "fa=کاشان", "--source", "S0")
    ],
}
CHANGES = [
    ("insert", [], ("city", "add", "Kashan", "--country", "IR", "--name", "fa=کاشان")),
    (
        "update",
        [],
        ("city", "edit", "Yazd", "--region", "Yazd Province", "--lat", "31.9", "--lon", "54.4"),
    ),
    ("session dates", [], ("session", "edit", "AMF", "1", *GA, "--from", "2008", "--to", "2009")),
    ("delete", SETUP["kashan"], ("city", "remove", "Kashan")),
    ("citation add", [], ("city", "edit", "Yazd", "--add-source", "D1")),
    ("citation remove", [], ("city", "edit", "Yazd", "--remove-source", "W1")),
    ("name add", [], ("city", "edit", "Yazd", "--add-name", "de=Jasd")),
    ("name remove", [], ("city", "edit", "Yazd", "--remove-name", "Yazd")),
    ("phase", [], ("member", "record", "Yazd", "AMF", "suspended", "--from", "2026-03")),
    ("role", [], ("role", "add", "Shiraz", "AMF", "treasurer", "--from", "2026", "--source", "M1")),
]


@pytest.mark.parametrize(("kind", "setup", "command"), CHANGES, ids=[c[0] for c in CHANGES])
def test_undo_of_a_change_restores_the_rows_exactly(seeded_cli, seeded_db, kind, setup, command):
    for step in setup:
        assert seeded_cli(*step).exit_code == 0
    before = _rows(seeded_db)
    exact = _rows(seeded_db, skip_bookkeeping=False)
    done = seeded_cli("--as", "maryam", *command)
    assert done.exit_code == 0, done.output
    assert _rows(seeded_db) != before
    change = _last_change(seeded_cli)
    dry = seeded_cli("undo", "--change", change, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "dry run: nothing was written" in dry.stderr and "would undo change" in dry.stdout
    undone = seeded_cli("--as", "reza", "undo", "--change", change)
    assert undone.exit_code == 0, undone.output
    assert undone.stdout.startswith(f"undid change {change[:8]}")
    assert _rows(seeded_db) == before
    if kind in ("insert", "delete"):
        # A removed row comes back with its bookkeeping too; an added one leaves no trace.
        assert _rows(seeded_db, skip_bookkeeping=False) == exact
    # The undo is a change of its own, in the log, with a reason saying what it undid.
    mine = _log(seeded_cli, "--officer", "reza")
    # (stored in the officer's language, marked as citylinks' own: `log` says it in its reader's)
    assert mine and {e["reason"] for e in mine} == {f"citylinks: undo of change {change[:8]}"}
    table = seeded_cli("log", "--officer", "reza").stdout
    assert f"undo of change {change[:8]}" in table and "citylinks:" not in table
    assert len({e["change_id"] for e in mine}) == 1


def test_undo_of_one_entry_and_its_reason(seeded_cli, seeded_db):
    before = _rows(seeded_db)
    assert seeded_cli("city", "edit", "Yazd", "--add-name", "de=Jasd").exit_code == 0
    (entry,) = [e for e in _log(seeded_cli, "--table", "city_name")][-1:]
    result = seeded_cli("--as", "reza", "undo", str(entry["entry"]), "--reason", "wrong city")
    assert result.exit_code == 0, result.output
    assert f"undid entry {entry['entry']} (added Yazd's name Jasd (de))" in result.stdout
    assert _rows(seeded_db) == before
    (logged,) = _log(seeded_cli, "--officer", "reza")
    assert (logged["action"], logged["record"], logged["reason"]) == (
        "delete",
        "Yazd's name Jasd (de)",
        "wrong city",
    )
    # Undoing the undo puts the name back.
    again = seeded_cli("undo", str(logged["entry"]))
    assert again.exit_code == 0, again.output
    assert "Jasd" in seeded_cli("city", "show", "Yazd").stdout


def test_undo_is_refused_when_a_later_change_stands_in_the_way(seeded_cli, seeded_db):
    assert seeded_cli("city", "edit", "Yazd", "--add-name", "de=Jasd").exit_code == 0
    added = _log(seeded_cli, "--limit", "1")[-1]
    assert (
        seeded_cli("--as", "sara", "city", "edit", "Yazd", "--remove-name", "Jasd").exit_code == 0
    )
    (removed,) = _log(seeded_cli, "--officer", "sara")
    before = table_snapshot(seeded_db)
    refused = seeded_cli("undo", str(added["entry"]))
    assert refused.exit_code == 1
    assert f"entry {removed['entry']} (removed Yazd's name Jasd (de), by sara" in refused.stderr
    assert f"citylinks undo {removed['entry']}" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert table_snapshot(seeded_db) == before
    # A record that another record now depends on.
    assert seeded_cli("city", "add", "Kashan", "--country", "IR").exit_code == 0
    city_change = _last_change(seeded_cli)
    assert (
        seeded_cli(
            "--as", "omid", "member", "record", "Kashan", "AMF", "member", "--from", "2025"
        ).exit_code
        == 0
    )
    before = table_snapshot(seeded_db)
    refused = seeded_cli("undo", "--change", city_change)
    assert refused.exit_code == 1
    assert "Kashan in AMF" in refused.stderr and "by omid" in refused.stderr
    assert table_snapshot(seeded_db) == before


# any_backend: argument checks before any query
@pytest.mark.any_backend
def test_undo_needs_an_entry_or_a_change(seeded_cli):
    neither = seeded_cli("undo")
    assert neither.exit_code == 2
    missing = seeded_cli("undo", "999999")
    assert missing.exit_code == 1 and "no entry 999999" in missing.stderr


def test_entries_written_before_labels_are_named_when_shown(seeded_cli, seeded_db):
    """An entry from before the log named records in words (the key, or no label at all) is
    named when `log` shows it, from the record as it is now."""
    from datetime import UTC, datetime

    from citylinks import schema

    yazd = seeded_db.scalar("SELECT id FROM city WHERE key = 'yazd'")
    first = seeded_db.scalar(
        "SELECT s.id FROM session s JOIN meeting_series m ON m.id = s.series_id"
        " WHERE m.key = 'general-assembly' AND s.number = 1"
    )
    old = {"at": datetime(2024, 1, 1, tzinfo=UTC), "officer": "old", "action": "update"}
    engine = seeded_db.engine()
    try:
        with engine.begin() as conn:
            conn.execute(
                schema.audit_log.insert(),
                [
                    {
                        **old,
                        "table_name": "city",
                        "row_id": yazd,
                        "row_label": "yazd",
                        "before": {"region": None},
                        "after": {"region": "Yazd"},
                    },
                    {
                        **old,
                        "table_name": "session",
                        "row_id": first,
                        "row_label": None,
                        "before": {"theme": None},
                        "after": {"theme": "Cities"},
                    },
                ],
            )
    finally:
        engine.dispose()
    assert [e["record"] for e in _log(seeded_cli, "--officer", "old")] == [
        "Yazd",
        "AMF General Assembly 1",
    ]
