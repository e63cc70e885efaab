"""`citylinks log` (the audit trail) and `--dry-run` on every writing command."""

from __future__ import annotations

import json

import pytest
from conftest import table_snapshot


def _log(run, *args):
    result = run("log", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_log_records_the_officer_from_as_and_values_before_and_after(seeded_cli):
    assert seeded_cli("--as", "maryam", "city", "edit", "Yazd", "--region", "Yazd").exit_code == 0
    assert (
        seeded_cli("--as", "reza", "city", "edit", "Yazd", "--region", "Yazd Province").exit_code
        == 0
    )
    entries = _log(seeded_cli, "--table", "city", "--limit", "2")
    assert [(e["officer"], e["action"], e["record"]) for e in entries] == [
        ("maryam", "update", "Yazd"),
        ("reza", "update", "Yazd"),
    ]
    assert entries[1]["before"] == {"region": "Yazd"}
    assert entries[1]["after"] == {"region": "Yazd Province"}
    table = seeded_cli("log", "--officer", "REZA").stdout
    assert "reza" in table and "maryam" not in table
    assert "region: Yazd Province" in table and "changed: Yazd" in table


def test_log_filters_by_officer_table_and_date(seeded_cli):
    assert (
        seeded_cli("--as", "ali", "source", "add", "--title", "T", "--publisher", "P").exit_code
        == 0
    )
    mine = _log(seeded_cli, "--officer", "ali")
    assert len(mine) == 1 and mine[0]["table"] == "source" and mine[0]["after"]["title"] == "T"
    assert mine[0]["after"]["published_text"] == "unknown"
    assert _log(seeded_cli, "--since", "8990") == []
    assert len(_log(seeded_cli, "--since", "j:1400", "--officer", "ali")) == 1
    assert len(_log(seeded_cli, "--limit", "3")) == 3


def test_log_record_takes_one_fact_as_cite_names_it_removed_ones_too(seeded_cli):
    assert seeded_cli("city", "add", "Kashan", "--country", "IR").exit_code == 0
    record = ("member", "record", "Kashan", "AMF", "member", "--source", "S1", "--from")
    assert seeded_cli(*record, "2020").exit_code == 0
    assert seeded_cli("member", "edit", "Kashan", "AMF", "1", "--from", "2021").exit_code == 0
    entries = _log(seeded_cli, "--record", "phase:kashan/amf/1")
    assert [(e["action"], e["record"]) for e in entries] == [
        ("insert", "Kashan in AMF, phase 1"),
        ("update", "Kashan in AMF, phase 1"),
    ]
    # The membership and the city are not this fact: their entries are left out.
    assert {e["table"] for e in entries} == {"membership_phase"}
    phase_id = entries[0]["row_id"]
    assert _log(seeded_cli, "--record", f"membership_phase#{phase_id}") == entries
    # A removed fact's history is still there.
    assert seeded_cli("member", "remove", "Kashan", "AMF", "1").exit_code == 0
    gone = _log(seeded_cli, "--record", f"membership_phase#{phase_id}")
    assert [e["action"] for e in gone] == ["insert", "update", "delete"]
    unknown = seeded_cli("log", "--record", "phase:kashan/amf/7")
    assert unknown.exit_code == 1 and len(unknown.stderr.splitlines()) == 1


# any_backend: the filters (date, table name, number) are checked before any query
@pytest.mark.any_backend
def test_log_refuses_bad_filters(seeded_cli):
    bad_date = seeded_cli("log", "--since", "yesterday-ish")
    assert bad_date.exit_code == 1 and bad_date.stderr.startswith("Error: --since:")
    bad_table = seeded_cli("log", "--table", "towns")
    assert bad_table.exit_code == 1 and "no table 'towns'" in bad_table.stderr
    bad_limit = seeded_cli("log", "--limit", "0")
    assert bad_limit.exit_code == 1
    backwards = seeded_cli("log", "--since", "2026-12-01", "--until", "2026-11-01")
    assert backwards.exit_code == 1
    assert backwards.stderr == (
        "Error: --until 2026-11-01 is before --since 2026-12-01: give the earlier date to --since\n"
    )
    no_one = seeded_cli("log", "--officer", " ")
    assert no_one.exit_code == 1 and "--officer is empty" in no_one.stderr


def test_log_shows_removals_with_the_values_before(seeded_cli):
    assert seeded_cli("city", "add", "Kashan", "--country", "IR").exit_code == 0
    assert seeded_cli("--as", "sara", "city", "remove", "Kashan").exit_code == 0
    gone = [e for e in _log(seeded_cli, "--officer", "sara") if e["table"] == "city"]
    assert gone[0]["action"] == "delete" and gone[0]["before"]["key"] == "kashan"
    assert gone[0]["after"] is None


WRITES = [
    ("source", "add", "--title", "T", "--publisher", "P"),
    ("country", "add", "FR", "--name", "France"),
    ("city", "add", "Kashan", "--country", "IR", "--name", "fa=کاشان"),
    ("city", "edit", "Yazd", "--add-name", "de=Jasd", "--region", "Yazd"),
    ("org", "add", "UCLG", "--name", "United Cities and Local Governments"),
    ("org", "edit", "AMF", "--region", "Asia and Pacific"),
    ("org", "committee", "add", "AMF", "Smart City Committee"),
    ("org", "motto", "add", "AMF", "شعار", "--lang", "fa", "--source", "S0"),
    ("org", "series", "add", "AMF", "secretariat", "--name", "Secretariat"),
    ("person", "add", "Someone New", "--name", "fa=کسی تازه"),
    ("post", "add", "amrollahi", "mayor", "--city", "Yazd", "--from", "2026"),
]


@pytest.mark.parametrize("command", WRITES, ids=lambda c: " ".join(c[:2]))
def test_dry_run_shows_the_changes_and_writes_nothing(seeded_cli, seeded_db, command):
    before = table_snapshot(seeded_db)
    result = seeded_cli(*command, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run: nothing was written;" in result.stderr
    assert "  added: " in result.stderr or "  changed: " in result.stderr
    assert table_snapshot(seeded_db) == before
