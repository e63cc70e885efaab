"""`db restore` refuses a SQLite backup whose kept Popolo objects disagree in ways the import
never leaves them: an object moved beside another record, a full object marked a stub, one
object kept twice. One line naming the table, the row and the column (and, for an object kept
twice, both rows); the live database as it was. The dataset door (a server's restore,
`import dataset`) refuses a full object marked a stub too."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import new_database, run_cli
from test_h18y_restore_rules import restore_refused
from test_r18c_restore_consistency import (
    test_a_dataset_backup_whose_popolo_records_disagree_is_refused as dataset_door_refuses,
)

NAURU = Path(__file__).parent / "data" / "popolo" / "Nauru-Parliament.json"
ORG = "(SELECT min(id) FROM popolo_extra WHERE table_name = 'organization' AND stub = 0)"
EVENT = "(SELECT min(id) FROM popolo_extra WHERE section = 'events')"
AREA = "(SELECT min(id) FROM popolo_extra WHERE section = 'areas' AND table_name IS NULL)"
PERSON = "(SELECT min(id) FROM popolo_extra WHERE section = 'persons' AND stub = 0)"
COPY = (
    "INSERT INTO popolo_extra (section, table_name, row_id, row_version, popolo_id, stub, data,"
    " document_id) SELECT section, table_name, row_id, row_version, popolo_id, stub, data, {doc}"
    " FROM popolo_extra WHERE id = {row}"
)

TAMPERED = {
    "an-object-moved-to-another-organization": (
        "UPDATE popolo_extra SET row_id = (SELECT id FROM organization WHERE key = 'amf')"
        f" WHERE id = {ORG}",
        (ORG, "row_id"),
        "beside row {amf} of organization, which has no such name and is unchanged since the"
        " object was read: it was moved beside another record",
    ),
    "a-full-object-marked-a-stub": (
        f"UPDATE popolo_extra SET stub = 1 WHERE id = {PERSON}",
        (PERSON, "stub"),
        "a stub holds only the id its document referred to, but this one holds 'id',",
    ),
    "a-stub-of-an-event": (
        f"UPDATE popolo_extra SET stub = 1, data = json_object('id', popolo_id) WHERE id = {EVENT}",
        (EVENT, "stub"),
        "a stub stands for a person or an organization, never for an object of events",
    ),
    "an-object-kept-twice-beside-its-row": (
        COPY.format(doc="document_id", row=PERSON),
        ("(SELECT max(id) FROM popolo_extra)", "popolo_id"),
        "is kept twice beside one row (rows {person} and {last} of popolo_extra)",
    ),
    "an-object-kept-twice-from-its-document": (
        COPY.format(doc="document_id", row=AREA),
        ("(SELECT max(id) FROM popolo_extra)", "popolo_id"),
        "of areas is kept twice from one document (rows {area} and {last} of popolo_extra)",
    ),
}

_MADE: dict[str, bytes] = {}


def _backup(tmp_path: Path, request) -> bytes:
    if "sqlite" not in _MADE:
        db = new_database("sqlite", tmp_path, request, seeded=True)
        nauru = tmp_path / "nauru.json"
        shutil.copy(NAURU, nauru)
        assert run_cli(db, "import", "popolo", str(nauru)).exit_code == 0
        target = tmp_path / "popolo-backup.sqlite"
        assert run_cli(db, "db", "backup", str(target)).exit_code == 0
        _MADE["sqlite"] = target.read_bytes()
    return _MADE["sqlite"]


@pytest.mark.backends("sqlite")  # a SQLite backup; servers restore through the dataset door
@pytest.mark.parametrize("sql, where, problem", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_backup_whose_kept_objects_disagree_is_not_restored(
    backend, tmp_path, request, sql, where, problem
):
    row_sql, column = where
    backup_file = tmp_path / "tampered.sqlite"
    backup_file.write_bytes(_backup(tmp_path, request))
    conn = sqlite3.connect(backup_file)
    (person,) = conn.execute(f"SELECT {PERSON}").fetchone()  # noqa: S608
    (area,) = conn.execute(f"SELECT {AREA}").fetchone()  # noqa: S608
    (amf,) = conn.execute("SELECT id FROM organization WHERE key = 'amf'").fetchone()
    (row,) = conn.execute(f"SELECT {row_sql}").fetchone()  # noqa: S608 (the row, before)
    conn.executescript(sql)
    conn.commit()
    (last,) = conn.execute("SELECT max(id) FROM popolo_extra").fetchone()
    row = row if row_sql != "(SELECT max(id) FROM popolo_extra)" else last
    conn.close()

    stderr = restore_refused(tmp_path, request, backup_file)

    head = f"Error: {backup_file}: table popolo_extra, row {row}, column {column}: "
    assert stderr.startswith(head), stderr
    assert problem.format(amf=amf, person=person, last=last, area=area) in stderr, stderr


@pytest.mark.backends("sqlite")
def test_the_untampered_backup_with_its_stubs_restores(backend, tmp_path, request):
    backup_file = tmp_path / "backup.sqlite"
    backup_file.write_bytes(_backup(tmp_path, request))
    target = new_database("sqlite", tmp_path, request, seeded=True)

    result = run_cli(target, "db", "restore", str(backup_file), "--yes")

    assert result.exit_code == 0, result.output
    kept = sqlite3.connect(backup_file).execute("SELECT count(*) FROM popolo_extra").fetchone()
    assert target.scalar("SELECT count(*) FROM popolo_extra") == kept[0] > 0


def test_a_dataset_backup_with_a_full_object_marked_a_stub_is_refused(backend, tmp_path, request):
    """On a server, `db restore` reads a dataset backup as `import dataset` does (on SQLite,
    `import dataset` is that door): a full object marked a stub is refused there too."""
    dataset_door_refuses(
        backend,
        tmp_path,
        request,
        ('section = "persons"', 'section = "persons"\nstub = true'),
        "a stub holds only the id its document referred to, but this one holds 'id', ",
    )
