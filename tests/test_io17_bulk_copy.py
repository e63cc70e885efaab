"""The bulk path writes what it is given, byte for byte, on every backend: on PostgreSQL a
batch of COPY_FROM rows or more goes through COPY, whose text services.bulk builds itself
(tabs, newlines, backslashes and NULLs escaped; JSON encoded; dates in ISO 8601)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from citylinks.db import open_database
from citylinks.model import AuditEntry, MembershipPhase
from citylinks.services import bulk

_AWKWARD = [
    "tab\there",
    "new\nline",
    "carriage\rreturn",
    "back\\slash",
    "\\N",
    "quote ' and \"",
    "یزد",
    "",
]


def test_awkward_values_are_stored_as_given(empty_db):
    rows = bulk.COPY_FROM + 17
    entries = [
        {
            "row_id": i,
            "row_label": _AWKWARD[i % len(_AWKWARD)] if i % 9 else None,
            "before": None if i % 2 else {"note": _AWKWARD[i % len(_AWKWARD)], "n": i},
            "after": {"note": _AWKWARD[(i + 1) % len(_AWKWARD)], "list": [i, None, True, 1.5]},
        }
        for i in range(rows)
    ]
    database = open_database(empty_db.url, "test-officer")
    try:
        with database.transaction() as session:
            session.info["now"] = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
            bulk.log_entries(session, "update", "membership_phase", entries, keep=False)
        with database.connection() as conn:
            table = AuditEntry.__table__
            stored = conn.execute(
                table.select().where(table.c.table_name == "membership_phase").order_by(table.c.id)
            ).all()
    finally:
        database.engine.dispose()
    assert [(r.row_id, r.row_label, r.before, r.after) for r in stored] == [
        (e["row_id"], e["row_label"], e["before"], e["after"]) for e in entries
    ]
    assert {r.at.astimezone(UTC) for r in stored} == {datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)}
    assert {(r.officer, r.action) for r in stored} == {("test-officer", "update")}


def test_dates_numbers_and_nulls_are_stored_as_given(seeded_db):
    """Phases of a recorded membership, written as the CSV import writes them."""
    phase = MembershipPhase.__table__
    membership_id, top = seeded_db.rows(
        "SELECT membership_id, max(position) FROM membership_phase GROUP BY membership_id"
        " ORDER BY membership_id"
    )[0]
    rows = [
        {
            "membership_id": membership_id,
            "position": top + 1 + i,
            "status": "member",
            "start_text": f"{1990 + i % 30}-0{1 + i % 9}",
            "start_precision": "month",
            "start_earliest": date(1990 + i % 30, 1 + i % 9, 1),
            "start_latest": date(1990 + i % 30, 1 + i % 9, 28),
            "end_text": "unknown",
            "end_precision": None,
            "end_earliest": None,
            "end_latest": None,
            "reason": None,
            "note": _AWKWARD[i % len(_AWKWARD)] or None,
            "session_id": None,
            "retracted_at": datetime(2026, 1, 1, 12, 0, i % 60, tzinfo=UTC),
            "retraction_reason": "a\tb" if i % 2 else None,
        }
        for i in range(bulk.COPY_FROM + 3)
    ]
    database = open_database(seeded_db.url, "test-officer")
    try:
        with database.transaction() as session:
            ids = bulk.insert_audited(session, MembershipPhase, rows, keep=False)
        with database.connection() as conn:
            stored = conn.execute(
                phase.select().where(phase.c.id.in_(ids)).order_by(phase.c.id)
            ).all()
    finally:
        database.engine.dispose()
    assert len(set(ids)) == len(rows)
    got = [{k: getattr(r, k) for k in rows[0]} for r in stored]
    for row in got:  # SQLite and MariaDB give it back without its zone: UTC
        at = row["retracted_at"]
        row["retracted_at"] = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    for row in rows:
        row["retracted_at"] = row["retracted_at"].astimezone(UTC)
    assert got == rows
    assert {(r.version, r.created_by) for r in stored} == {(1, "test-officer")}
