"""`db restore` refuses a backup whose Popolo tables disagree with each other or with the
rules the Popolo import keeps them by (formats.popolo: the same functions at every door),
in one line naming the table, the row and the column, the live database as it was. The
dataset door (a server's restore, `import dataset`) refuses the same disagreements. A SQLite
restore waits for a locked database no longer than CITYLINKS_LOCK_TIMEOUT; a SQLite backup
given to a server is said to be one; a refused restore into a new SQLite file leaves none."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import new_database, run_cli, table_snapshot

if TYPE_CHECKING:
    from conftest import TestDatabase

NAURU = Path(__file__).parent / "data" / "popolo" / "Nauru-Parliament.json"
# Nauru's first person, kept beside their row of table person.
PERSON = "(SELECT min(id) FROM popolo_extra WHERE section = 'persons')"
AREA = "(SELECT min(id) FROM popolo_extra WHERE section = 'areas')"
END = "; it is not a backup citylinks wrote: restore an untampered backup (nothing was restored)\n"

TAMPERED = {
    "a-persons-object-under-events": (
        f"UPDATE popolo_extra SET section = 'events' WHERE id = {PERSON}",
        ("popolo_extra", "section", PERSON),
        "an object of events is kept beside a row of session, never beside a row of person",
    ),
    "a-persons-object-beside-a-session": (
        "UPDATE popolo_extra SET table_name = 'session', row_id = (SELECT min(id) FROM session)"
        f" WHERE id = {PERSON}",
        ("popolo_extra", "section", PERSON),
        "an object of persons is kept beside a row of person, never beside a row of session",
    ),
    "a-persons-object-beside-no-row": (
        f"UPDATE popolo_extra SET table_name = NULL, row_id = NULL WHERE id = {PERSON}",
        ("popolo_extra", "section", PERSON),
        "an object of persons is kept beside a row of person, never without one",
    ),
    "a-bidi-override-in-a-kept-object": (
        "UPDATE popolo_extra SET data = json_set(data, '$.name', 'Russ' || char(8238) || 'Kun')"
        f" WHERE id = {PERSON}",
        ("popolo_extra", "data", PERSON),
        "'name': the text of a kept Popolo object contains the bidi control U+202E at character 5",
    ),
    "an-escape-in-a-kept-objects-list": (
        "UPDATE popolo_extra SET data = json_set(data, '$.links[0].note', 'x' || char(27) || '[31m')"
        f" WHERE id = {PERSON}",
        ("popolo_extra", "data", PERSON),
        "'links[0].note': the text of a kept Popolo object contains the control character"
        " U+001B (escape) at character 2",
    ),
    "a-namespace-that-folds-to-another": (
        "INSERT INTO popolo_document"
        " (namespace, file_name, digest, first_imported_at, last_imported_at)"
        " SELECT upper(namespace), file_name, digest, first_imported_at, last_imported_at"
        " FROM popolo_document",
        ("popolo_document", "namespace", "(SELECT max(id) + 1 FROM popolo_document)"),
        "the namespace 'NA-RU' is the namespace 'Na-ru' written another way",
    ),
    "a-stub-that-is-two": (
        f"UPDATE popolo_extra SET stub = 2 WHERE id = {PERSON}",
        ("popolo_extra", "stub", PERSON),
        "'stub' is not true or false",
    ),
    "a-kept-object-beside-no-row-of-its-table": (
        f"UPDATE popolo_extra SET row_id = 99999 WHERE id = {PERSON}",
        ("popolo_extra", "row_id", PERSON),
        "99999 is no row of person",
    ),
    "an-object-kept-alone-that-names-a-row": (
        f"UPDATE popolo_extra SET row_id = 1 WHERE id = {AREA}",
        ("popolo_extra", "row_id", AREA),
        "an object kept without a row names row 1 of no table",
    ),
    "a-negative-row-version": (
        f"UPDATE popolo_extra SET row_version = -1 WHERE id = {PERSON}",
        ("popolo_extra", "row_version", PERSON),
        "the version -1 is not one citylinks counts (a whole number from 1)",
    ),
    "a-row-at-version-zero": (
        "UPDATE person SET version = 0 WHERE id = (SELECT min(id) FROM person)",
        ("person", "version", "(SELECT min(id) FROM person)"),
        "the version 0 is not one citylinks counts (a whole number from 1)",
    ),
    "an-id-that-is-not-the-objects": (
        f"UPDATE popolo_extra SET popolo_id = 'someone-else' WHERE id = {PERSON}",
        ("popolo_extra", "popolo_id", PERSON),
        "'id' 'someone-else' is not the id of the object kept with it",
    ),
    "top-level-keys-holding-a-section": (
        "UPDATE popolo_document SET top_level = json_set(top_level, '$.persons', json('[]'))",
        ("popolo_document", "top_level", "(SELECT min(id) FROM popolo_document)"),
        "top_level holds the key 'persons', which the document's own objects or citylinks'"
        " export fill",
    ),
    "top-level-keys-with-a-bidi-override": (
        "UPDATE popolo_document SET top_level = json_set(top_level, '$.meta.note',"
        " 'a' || char(8238) || 'b')",
        ("popolo_document", "top_level", "(SELECT min(id) FROM popolo_document)"),
        "'meta.note': the text of a kept Popolo object contains the bidi control U+202E",
    ),
    "a-last-import-before-the-first": (
        "UPDATE popolo_document SET last_imported_at = '2000-01-01 00:00:00.000000'",
        ("popolo_document", "last_imported_at", "(SELECT min(id) FROM popolo_document)"),
        "it was last imported at 2000-01-01 00:00:00, before it was first imported",
    ),
}

_MADE: dict[str, bytes] = {}


def _popolo_database(tmp_path: Path, request) -> TestDatabase:
    """A SQLite database holding Nauru's EveryPolitician document, imported from a file whose
    name has a bidi override (given the namespace 'Na-ru': a hidden character is no namespace)."""
    db = new_database("sqlite", tmp_path, request)
    disguised = tmp_path / "Na\u202eru.json"
    shutil.copy(NAURU, disguised)
    assert run_cli(db, "import", "popolo", "--namespace", "Na-ru", str(disguised)).exit_code == 0
    return db


def _sqlite_backup(tmp_path: Path, request) -> bytes:
    if "sqlite" not in _MADE:
        target = tmp_path / "popolo-backup.sqlite"
        db = _popolo_database(tmp_path, request)
        assert run_cli(db, "db", "backup", str(target)).exit_code == 0
        _MADE["sqlite"] = target.read_bytes()
    return _MADE["sqlite"]


def _dataset_backup(tmp_path: Path, request) -> str:
    """The dataset format's backup (what `db backup` writes on a server) of that database."""
    if "dataset" not in _MADE:
        db = _popolo_database(tmp_path, request)
        result = run_cli(db, "export", "dataset", "--with-audit")
        assert result.exit_code == 0, result.stderr
        _MADE["dataset"] = result.stdout.encode()
    return _MADE["dataset"].decode()


def _refused(result, before: dict, target: TestDatabase) -> None:
    assert result.exit_code == 1, result.output
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert table_snapshot(target) == before


@pytest.mark.backends("sqlite")  # a SQLite backup; servers restore through the dataset door
@pytest.mark.parametrize("sql, where, problem", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_backup_whose_popolo_rows_disagree_is_not_restored(
    backend, tmp_path, request, sql, where, problem
):
    table, column, row_sql = where
    backup_file = tmp_path / "tampered.sqlite"
    backup_file.write_bytes(_sqlite_backup(tmp_path, request))
    conn = sqlite3.connect(backup_file)
    (row,) = conn.execute(f"SELECT {row_sql}").fetchone()  # noqa: S608 (the row, before)
    conn.executescript(sql)
    conn.commit()
    conn.close()
    target = new_database("sqlite", tmp_path, request, seeded=True)
    before = table_snapshot(target)

    result = run_cli(target, "db", "restore", str(backup_file), "--yes")

    _refused(result, before, target)
    head = f"Error: {backup_file}: table {table}, row {row}, column {column}: "
    assert result.stderr.startswith(head), result.stderr
    assert problem in result.stderr, result.stderr
    assert result.stderr.endswith(END), result.stderr


@pytest.mark.backends("sqlite")
def test_the_untampered_backup_restores(backend, tmp_path, request):
    """The rules refuse only what citylinks would not write."""
    backup_file = tmp_path / "backup.sqlite"
    backup_file.write_bytes(_sqlite_backup(tmp_path, request))
    target = new_database("sqlite", tmp_path, request, seeded=True)

    result = run_cli(target, "db", "restore", str(backup_file), "--yes")

    assert result.exit_code == 0, result.output
    assert target.scalar("SELECT count(*) FROM popolo_extra") > 0


# --- the dataset door: a server's restore, `import dataset` ----------------------------------

FIRST_PERSON_ID = "02d3781d-f785-4f2e-b1e6-c56b396a7093"
DATASET_TAMPERED = {
    "a-persons-object-under-events": (
        ('section = "persons"', 'section = "events"'),
        "an object of events is kept beside a row of session, never beside a row of person",
    ),
    "a-bidi-override-in-a-kept-object": (
        ('\\"name\\":\\"Russ J. Kun\\"', '\\"name\\":\\"Russ\\u202eKun\\"'),
        "'name': the text of a kept Popolo object contains the bidi control U+202E",
    ),
    "an-id-that-is-not-the-objects": (
        ('id = "area/aiwo"', 'id = "area/other"'),
        "'id' 'area/other' is not the id of the object kept with it ('area/aiwo')",
    ),
    "a-stub-that-is-two": (
        ('section = "persons"', 'section = "persons"\nstub = 2'),
        "'stub' is not true or false",
    ),
    "top-level-keys-holding-a-section": (
        ('top_level = "{\\"meta\\"', 'top_level = "{\\"persons\\": [], \\"meta\\"'),
        "top_level holds the key 'persons', which the document's own objects or citylinks'"
        " export fill",
    ),
    "a-last-import-before-the-first": (
        (r'last_imported = "[^"]*"', 'last_imported = "2000-01-01T00:00:00Z"'),
        "it was last imported at 2000-01-01 00:00:00+00:00, before it was first imported",
    ),
    "a-namespace-that-folds-to-another": (
        (
            "[[popolo_document]]\n",
            '[[popolo_document]]\nnamespace = "NA-RU"\nfile = "x.json"\n'
            'first_imported = "2026-01-01T00:00:00Z"\nlast_imported = "2026-01-01T00:00:00Z"\n\n'
            "[[popolo_document]]\n",
        ),
        "the namespace 'Na-ru' is the database's 'NA-RU' written another way",
    ),
}


@pytest.mark.parametrize("change, problem", DATASET_TAMPERED.values(), ids=DATASET_TAMPERED.keys())
def test_a_dataset_backup_whose_popolo_records_disagree_is_refused(
    backend, tmp_path, request, change, problem
):
    """On a server, `db restore` reads a dataset backup as `import dataset` does: refused
    there too (on SQLite, `import dataset` is that door)."""
    old, new = change
    text = _dataset_backup(tmp_path, request)
    tampered = re.sub(
        old if old.startswith("last") else re.escape(old), lambda _m: new, text, count=1
    )
    assert tampered != text
    path = tmp_path / "tampered.toml"
    path.write_text(tampered, "utf-8")
    target = new_database(backend, tmp_path, request)
    before = table_snapshot(target)

    if backend == "sqlite":
        result = run_cli(target, "import", "dataset", str(path))
    else:
        result = run_cli(target, "db", "restore", str(path), "--yes")

    _refused(result, before, target)
    assert result.stderr.startswith(f"Error: {path}: "), result.stderr
    assert problem in result.stderr, result.stderr


def test_a_popolo_document_whose_objects_hide_characters_is_not_imported(empty_db, tmp_path):
    """The import keeps no text a restore would refuse: a bidi override or an escape in any
    text of another tool's object (a newline or a tab stays, as in a note)."""
    document = {
        "persons": [
            {"id": "p1", "name": "Ana", "biography": "line one\nline\ttwo"},
            {"id": "p2", "name": "Bo", "links": [{"url": "https://x.example", "note": "a\u202eb"}]},
        ]
    }
    path = tmp_path / "people.json"
    path.write_text(json.dumps(document), "utf-8")
    before = table_snapshot(empty_db)

    result = run_cli(empty_db, "import", "popolo", str(path))

    _refused(result, before, empty_db)
    assert result.stderr == (
        f"Error: {path}: persons #2 (p2): 'links[0].note': the text of a kept Popolo object"
        " contains the bidi control U+202E at character 2, which can disguise text; remove it\n"
    )
    document["persons"].pop()
    path.write_text(json.dumps(document), "utf-8")
    assert run_cli(empty_db, "import", "popolo", str(path)).exit_code == 0


def test_a_popolo_document_whose_top_level_keys_hide_characters_is_not_imported(empty_db, tmp_path):
    """A document's own top-level keys (EveryPolitician's `meta`) are kept as its objects
    are: by the same rule, which a restore applies to them too."""
    document = {"meta": {"note": "a\u202eb"}, "persons": [{"id": "p1", "name": "Ana"}]}
    path = tmp_path / "people.json"
    path.write_text(json.dumps(document), "utf-8")
    before = table_snapshot(empty_db)

    result = run_cli(empty_db, "import", "popolo", str(path))

    _refused(result, before, empty_db)
    assert result.stderr == (
        f"Error: {path}: the top-level keys: 'meta.note': the text of a kept Popolo object"
        " contains the bidi control U+202E at character 2, which can disguise text; remove it\n"
    )


# --- what a removal leaves --------------------------------------------------------------------


@pytest.mark.backends("sqlite")
def test_an_undone_popolo_import_leaves_no_object_beside_a_row_that_is_gone(
    backend, tmp_path, request
):
    """Undoing an import removes its rows and the objects kept beside them: a backup after
    it restores (no object names a row that is gone), and a person recorded later is not
    exported as the removed person's object."""
    db = _popolo_database(tmp_path, request)
    (change,) = db.rows("SELECT DISTINCT change_id FROM audit_log")[0]
    assert run_cli(db, "undo", "--change", change).exit_code == 0
    assert db.scalar("SELECT count(*) FROM popolo_extra WHERE table_name IS NOT NULL") == 0
    assert run_cli(db, "person", "add", "Zahra Testi").exit_code == 0
    exported = run_cli(db, "export", "popolo")
    assert [p["name"] for p in json.loads(exported.stdout)["persons"]] == ["Zahra Testi"]
    backup_file = tmp_path / "after-undo.sqlite"
    assert run_cli(db, "db", "backup", str(backup_file)).exit_code == 0
    target = new_database("sqlite", tmp_path, request)

    result = run_cli(target, "db", "restore", str(backup_file), "--yes")

    assert result.exit_code == 0, result.output


@pytest.mark.backends("sqlite")
def test_removing_a_person_removes_the_object_kept_beside_them(backend, tmp_path, request):
    db = _popolo_database(tmp_path, request)
    key = db.scalar(
        "SELECT key FROM person WHERE id NOT IN (SELECT person_id FROM post) ORDER BY id LIMIT 1"
    )
    if key is None:  # every Nauru person holds a post: remove one's posts first
        key = db.scalar("SELECT key FROM person ORDER BY id LIMIT 1")
        person_id = db.scalar("SELECT id FROM person WHERE key = :k", k=key)
        for (post_id,) in db.rows("SELECT id FROM post WHERE person_id = :p", p=person_id):
            assert run_cli(db, "post", "remove", f"#{post_id}").exit_code == 0
    person_id = db.scalar("SELECT id FROM person WHERE key = :k", k=key)
    assert db.scalar(
        "SELECT count(*) FROM popolo_extra WHERE table_name = 'person' AND row_id = :p",
        p=person_id,
    )

    result = run_cli(db, "person", "remove", key)

    assert result.exit_code == 0, result.output
    assert not db.scalar(
        "SELECT count(*) FROM popolo_extra WHERE table_name = 'person' AND row_id = :p",
        p=person_id,
    )


# --- a locked live database, a SQLite backup on a server, a new file ------------------------


@pytest.mark.backends("sqlite")
def test_a_restore_waits_for_a_locked_database_no_longer_than_the_lock_timeout(
    backend, tmp_path, request
):
    backup_file = tmp_path / "backup.sqlite"
    backup_file.write_bytes(_sqlite_backup(tmp_path, request))
    target = new_database("sqlite", tmp_path, request, seeded=True)
    before = table_snapshot(target)
    live = Path(target.url.removeprefix("sqlite:///"))
    holder = sqlite3.connect(live, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another command's write, not yet committed
        holder.execute("UPDATE setting SET key = key")
        result = run_cli(
            target, "db", "restore", str(backup_file), "--yes", env={"CITYLINKS_LOCK_TIMEOUT": "1"}
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    _refused(result, before, target)
    assert result.stderr == (
        f"Error: the database {live} is busy: another command holds its lock, and the restore"
        " waited 1 s for it; nothing was restored. Run it again when that command is done (or"
        " set CITYLINKS_LOCK_TIMEOUT to wait longer)\n"
    )


@pytest.mark.backends("postgresql", "mariadb")
def test_a_sqlite_backup_given_to_a_server_is_said_to_be_one(backend, tmp_path, request):
    backup_file = tmp_path / "office.sqlite"
    backup_file.write_bytes(_sqlite_backup(tmp_path, request))
    target = new_database(backend, tmp_path, request)
    before = table_snapshot(target)

    result = run_cli(target, "db", "restore", str(backup_file), "--yes")

    _refused(result, before, target)
    assert result.stderr == (
        f"Error: {backup_file} is a SQLite backup, which restores into a SQLite database only"
        f" (`citylinks --db FILE.sqlite db restore {backup_file}`); to move its data to this"
        " server, run `citylinks export dataset --with-audit --output office.toml` on that"
        " SQLite database, then `citylinks --db URL import dataset office.toml` here (README,"
        " moving an office to PostgreSQL)\n"
    )


@pytest.mark.backends("postgresql", "mariadb")
def test_a_sqlite_backup_given_to_a_server_that_holds_data_is_refused_for_the_data_first(
    backend, tmp_path, request
):
    backup_file = tmp_path / "office.sqlite"
    backup_file.write_bytes(_sqlite_backup(tmp_path, request))
    target = new_database(backend, tmp_path, request, seeded=True)
    before = table_snapshot(target)

    result = run_cli(target, "db", "restore", str(backup_file), "--yes")

    _refused(result, before, target)
    assert result.stderr.startswith("Error: the database is not empty"), result.stderr


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("given", ["missing", "not-a-database", "tampered"])
def test_a_refused_restore_into_a_new_sqlite_file_leaves_no_file(backend, tmp_path, request, given):
    from conftest import TestDatabase

    source = tmp_path / "backup.sqlite"
    if given == "not-a-database":
        source.write_text("not a database\n", "utf-8")
    elif given == "tampered":
        source.write_bytes(_sqlite_backup(tmp_path, request))
        conn = sqlite3.connect(source)
        conn.execute(f"UPDATE popolo_extra SET stub = 2 WHERE id = {PERSON}")
        conn.commit()
        conn.close()
    new = tmp_path / "new-office.sqlite"

    result = run_cli(
        TestDatabase("sqlite", f"sqlite:///{new}"), "db", "restore", str(source), "--yes"
    )

    assert result.exit_code == 1, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new-office")) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".restore")]


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("answer", [None, "n\n"])
def test_a_restore_not_confirmed_leaves_no_new_sqlite_file(backend, tmp_path, request, answer):
    """Without --yes, a restore a script cannot confirm, or an officer declines, is refused
    before the database is opened: a path that did not exist is not made into an empty file."""
    from conftest import TestDatabase

    source = tmp_path / "backup.sqlite"
    source.write_bytes(_sqlite_backup(tmp_path, request))
    new = tmp_path / "new-office.sqlite"
    args = ["db", "restore", str(source)]
    if answer is None:
        result = run_cli(TestDatabase("sqlite", f"sqlite:///{new}"), *args)
        assert result.stderr == "Error: restoring replaces the database: add --yes to confirm\n"
    else:
        from unittest import mock

        with mock.patch("citylinks.cli.prompting.interactive", return_value=True):
            result = run_cli(TestDatabase("sqlite", f"sqlite:///{new}"), *args, input=answer)
        assert "Nothing was written." in result.stderr, result.stderr
    assert result.exit_code == 1, result.output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("new-office")]


@pytest.mark.backends("sqlite")
def test_a_restore_into_a_new_sqlite_file_makes_it(backend, tmp_path, request):
    from conftest import TestDatabase

    source = tmp_path / "backup.sqlite"
    source.write_bytes(_sqlite_backup(tmp_path, request))
    new = tmp_path / "new-office.sqlite"
    db = TestDatabase("sqlite", f"sqlite:///{new}")

    result = run_cli(db, "db", "restore", str(source), "--yes")

    assert result.exit_code == 0, result.output
    assert db.scalar("SELECT count(*) FROM popolo_document") == 1
