"""Revision 0010: another tool's Popolo objects kept beside rows that were removed before a
removal forgot them are deleted; objects beside existing rows, and objects kept without a
row, stay as they were."""

from __future__ import annotations

import json

from conftest import new_database, run_cli
from sqlalchemy import text

from citylinks import migrations

KEPT = (
    "INSERT INTO popolo_extra (id, section, table_name, row_id, row_version, popolo_id, stub,"
    " data) VALUES (:id, :section, :table, :row, 1, :pid, :stub, :data)"
)


def test_objects_kept_beside_removed_rows_are_forgotten_by_revision_0010(
    backend, tmp_path, request
):
    db = new_database(backend, tmp_path, request, migrate=False)
    engine = db.engine()
    try:
        migrations.upgrade(engine, "head")
        assert run_cli(db, "seed").exit_code == 0  # (a command brings the schema to head)
        migrations.downgrade(engine, "0009")
        with engine.begin() as conn:
            city = conn.execute(text("SELECT max(id) FROM city")).scalar()
            person_gone = (conn.execute(text("SELECT max(id) FROM person")).scalar() or 0) + 50
            rows = [
                (9001, "organizations", "city", city, "ocd/kept-city", False),
                (9002, "persons", "person", person_gone, "ocd/gone-person", False),
                (9003, "organizations", "city", city + 50, "ocd/gone-city", False),
                (9004, "posts", None, None, "ocd/post-alone", False),
            ]
            for id_, section, table, row, pid, stub in rows:
                conn.execute(
                    text(KEPT),
                    {
                        "id": id_,
                        "section": section,
                        "table": table,
                        "row": row,
                        "pid": pid,
                        "stub": stub,
                        "data": json.dumps({"id": pid}),
                    },
                )
        migrations.upgrade(engine, "head")
        with engine.connect() as conn:
            left = conn.execute(
                text("SELECT id, popolo_id FROM popolo_extra WHERE id > 9000 ORDER BY id")
            ).all()
        assert [tuple(r) for r in left] == [(9001, "ocd/kept-city"), (9004, "ocd/post-alone")]
    finally:
        engine.dispose()
