"""`db restore` keeps the rules the imports keep over the restored data before it replaces the
live database: a membership's phases (services.phase_rules.check_history: no overlap, one open
phase, the last) and no organization its own ancestor (the dataset import's rule). A backup
breaking one is refused in one line naming the record, the live database as it was. (A server
restores through the dataset import, which keeps these rules itself.)"""

from __future__ import annotations

import sqlite3

import pytest
from conftest import new_database, run_cli, table_snapshot
from test_r18c_restore_consistency import END, _refused


def restore_refused(tmp_path, request, backup_file) -> str:
    """What `db restore` says, refusing `backup_file` in one line, the live database (a
    seeded SQLite database) as it was."""
    target = new_database("sqlite", tmp_path, request, seeded=True)
    before = table_snapshot(target)
    result = run_cli(target, "db", "restore", str(backup_file), "--yes")
    _refused(result, before, target)
    assert result.stderr.startswith(f"Error: {backup_file}: "), result.stderr
    assert result.stderr.endswith(END), result.stderr
    return result.stderr


# Yazd's membership of AMF: cooperating, then member to 2025-11-27..29, then member from then.
YAZD = "(SELECT m.id FROM membership m JOIN city c ON c.id = m.city_id WHERE c.key = 'yazd')"
SECOND = f"membership_id = {YAZD} AND position = 2"
THIRD = f"membership_id = {YAZD} AND position = 3"

TAMPERED = {
    "overlapping-phases": (
        "UPDATE membership_phase SET start_text = '2025-09-20', start_precision = 'day',"
        f" start_earliest = '2025-09-20', start_latest = '2025-09-20' WHERE {THIRD}",
        "table membership_phase, row yazd in amf, column start_text, end_text: phase 3"
        " ('member' from 2025-09-20 to now) overlaps phase 2",
    ),
    "two-open-phases": (
        "UPDATE membership_phase SET (end_text, end_precision, end_earliest, end_latest) ="
        f" (SELECT end_text, end_precision, end_earliest, end_latest FROM membership_phase"
        f" WHERE {THIRD}) WHERE {SECOND}",
        "table membership_phase, row yazd in amf, column start_text, end_text: phase 2"
        " ('member' from",
    ),
    "amf-under-its-own-committee": (
        "UPDATE organization SET parent_id ="
        " (SELECT id FROM organization WHERE key = 'amf-executive-board') WHERE key = 'amf'",
        "table organization, row amf, column parent_id: organization 'amf' would be its own"
        " ancestor (amf -> amf-executive-board -> amf): correct a parent",
    ),
}


@pytest.mark.backends("sqlite")  # a SQLite backup; servers restore through the dataset import
@pytest.mark.parametrize("sql, problem", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_backup_breaking_the_phase_or_parent_rules_is_not_restored(
    backend, tmp_path, request, sql, problem
):
    source = new_database("sqlite", tmp_path, request, seeded=True)
    backup_file = tmp_path / "tampered.sqlite"
    assert run_cli(source, "db", "backup", str(backup_file)).exit_code == 0
    conn = sqlite3.connect(backup_file)
    assert conn.execute(sql).rowcount == 1
    conn.commit()
    conn.close()

    stderr = restore_refused(tmp_path, request, backup_file)

    assert problem in stderr, stderr


@pytest.mark.backends("sqlite")
def test_a_retracted_phase_is_out_of_the_rules_and_the_backup_restores(backend, tmp_path, request):
    """The rules refuse only what citylinks would not write: a retracted overlapping phase is
    what `member retract` leaves."""
    source = new_database("sqlite", tmp_path, request, seeded=True)
    backup_file = tmp_path / "backup.sqlite"
    assert run_cli(source, "db", "backup", str(backup_file)).exit_code == 0
    conn = sqlite3.connect(backup_file)
    conn.execute(TAMPERED["overlapping-phases"][0])
    conn.execute(
        "UPDATE membership_phase SET retracted_at = '2026-01-01 00:00:00.000000',"
        f" retraction_reason = 'wrong' WHERE {THIRD}"
    )
    conn.commit()
    conn.close()
    target = new_database("sqlite", tmp_path, request, seeded=True)

    result = run_cli(target, "db", "restore", str(backup_file), "--yes")

    assert result.exit_code == 0, result.output
