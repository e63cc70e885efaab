"""Issue 18, a fresh-clone tester's findings: one rule for mixed-script names at every door
(a dataset, a Popolo file), an undo that would leave a record with no name, Popolo ids longer
than their column, CITYLINKS_LOCK_TIMEOUT=0, the first use's notice said by one process, a
refused restore leaving an empty server database empty, stale restore copies removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import new_database, run_cli, table_snapshot
from sqlalchemy import inspect

MIXED = "the {what} mixes Cyrillic and Latin letters in '{word}' ({letter} is Cyrillic)"


def _ok(db, *args: str, **kwargs):
    result = run_cli(db, *args, **kwargs)
    assert result.exit_code == 0, result.output
    return result


def _refused(db, *args: str, **kwargs) -> str:
    before = table_snapshot(db)
    result = run_cli(db, *args, **kwargs)
    assert result.exit_code == 1, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output
    assert table_snapshot(db) == before
    return result.stderr


# --- 1. mixed scripts -------------------------------------------------------------------------


def test_a_dataset_refuses_a_mixed_script_city_or_person_name(empty_db, tmp_path):
    city = tmp_path / "city.toml"
    city.write_text(
        'format = "citylinks-dataset/1"\n\n[[country]]\ncode = "IR"\n'
        'names = [{ lang = "en", name = "Iran", kind = "official" }]\n\n'
        '[[city]]\nkey = "yazd"\ncountry = "IR"\n'
        'names = [{ lang = "en", name = "Y\u0430zd", kind = "official" }]\n',
        encoding="utf-8",
    )
    said = _refused(empty_db, "import", "dataset", str(city))
    assert MIXED.format(what="city name", word="Y\u0430zd", letter="\u0430") in said
    person = tmp_path / "person.toml"
    person.write_text(
        'format = "citylinks-dataset/1"\n\n[[person]]\nkey = "ali"\n'
        'names = [{ lang = "en", name = "\u0410li Rezaei" }]\n',
        encoding="utf-8",
    )
    said = _refused(empty_db, "import", "dataset", str(person))
    assert MIXED.format(what="person's name", word="\u0410li", letter="\u0410") in said


def _popolo(tmp_path: Path, name: str, doc: dict) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_popolo_refuses_a_mixed_script_name_and_keeps_one_script_words(empty_db, tmp_path):
    mixed = _popolo(
        tmp_path, "mixed.json", {"organizations": [{"id": "o1", "name": "Y\u0430zd Network"}]}
    )
    said = _refused(empty_db, "import", "popolo", mixed)
    assert "organizations #1 (o1)" in said
    assert MIXED.format(what="organization name", word="Y\u0430zd", letter="\u0430") in said
    # An area's name, kept as written, is held to the same rule.
    area = _popolo(tmp_path, "area.json", {"areas": [{"id": "a1", "name": "\u0430rea"}]})
    said = _refused(empty_db, "import", "popolo", area)
    assert "mixes Cyrillic and Latin letters in '\u0430rea'" in said
    # Each word in one script: another tool's name stays accepted, as written.
    fine = _popolo(
        tmp_path,
        "fine.json",
        {"persons": [{"id": "p1", "name": "Ali \u0410\u043b\u0438"}]},
    )
    _ok(empty_db, "import", "popolo", fine)
    assert empty_db.rows("SELECT name FROM person_name") == [("Ali \u0410\u043b\u0438",)]


# --- 2. undo leaving no name ------------------------------------------------------------------


def _name_entry(db, table: str) -> int:
    [(entry,)] = db.rows(
        "SELECT id FROM audit_log WHERE action = 'insert' AND table_name = :t", t=table
    )
    return entry


@pytest.mark.parametrize(
    ("add", "table", "record", "key"),
    [
        (("city", "add", "Naein", "--country", "IR"), "city_name", "city", "naein"),
        (
            ("org", "add", "NN", "--name", "Naein Network"),
            "organization_name",
            "organization",
            "nn",
        ),
        (("person", "add", "Ali Naeini"), "person_name", "person", "ali-naeini"),
    ],
)
def test_undo_of_a_records_only_name_is_refused(empty_db, add, table, record, key):
    _ok(empty_db, "country", "add", "IR", "--name", "Iran")
    _ok(empty_db, *add)
    entry = _name_entry(empty_db, table)
    said = _refused(empty_db, "undo", str(entry))
    assert said.startswith(f"Error: cannot undo entry {entry} (added "), said
    assert (
        f": the {record} would have no name left; undo the {record}'s addition instead, or add"
        " another name first (--add-name); nothing was changed"
    ) in said
    # With another name, the entry is undone.
    command = {"city": "city", "organization": "org", "person": "person"}[record]
    _ok(empty_db, command, "edit", key, "--add-name", "fa=نائین")
    _ok(empty_db, "undo", str(entry))
    assert empty_db.rows(f"SELECT name FROM {table}") == [("نائین",)]


# --- 3. Popolo ids longer than the column -----------------------------------------------------


def test_a_popolo_id_longer_than_its_column_is_refused_never_cut(empty_db, tmp_path):
    long_id = "p" + "x" * 500
    doc = _popolo(tmp_path, "long.json", {"persons": [{"id": long_id, "name": "Ali Rezaei"}]})
    said = _refused(empty_db, "import", "popolo", doc)
    # The place quotes the id shortened (p14j: no error line quotes a whole long value).
    assert f"persons #1 ({long_id[:99]}…): 'id' is not text of at most 500 characters" in said
    kept = _popolo(tmp_path, "kept.json", {"areas": [{"id": "a" + "y" * 500, "name": "Yazd area"}]})
    assert "'id' is not text of at most 500 characters" in _refused(
        empty_db, "import", "popolo", kept
    )
    # An id of exactly the column's length is kept whole: a second import matches it.
    whole = "q" * 500
    fits = _popolo(tmp_path, "fits.json", {"persons": [{"id": whole, "name": "Ali Rezaei"}]})
    _ok(empty_db, "import", "popolo", fits)
    _ok(empty_db, "import", "popolo", fits)
    assert empty_db.rows("SELECT COUNT(*) FROM person") == [(1,)]
    assert empty_db.rows("SELECT popolo_id FROM popolo_extra") == [(whole,)]


# --- 4. CITYLINKS_LOCK_TIMEOUT=0 ---------------------------------------------------------------


def test_a_lock_timeout_of_zero_means_do_not_wait(empty_db):
    zero = {"CITYLINKS_LOCK_TIMEOUT": "0"}
    _ok(empty_db, "country", "add", "IR", "--name", "Iran", env=zero)
    assert empty_db.rows("SELECT code FROM country") == [("IR",)]
    minus = {"CITYLINKS_LOCK_TIMEOUT": "-1"}
    said = _refused(empty_db, "country", "add", "FR", "--name", "France", env=minus)
    assert "CITYLINKS_LOCK_TIMEOUT='-1' is not a number of seconds from 0 to 86400" in said


# --- 5. the first use, said once; a refused restore makes no schema ---------------------------


def test_concurrent_first_use_says_created_once(backend, tmp_path, request):
    db = new_database(backend, tmp_path, request, migrate=False)
    env = {**os.environ, "CITYLINKS_OFFICER": "Tester", "CITYLINKS_LANG": "en"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "citylinks", "--db", db.url, "country", "list"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(3)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    said = [err for _out, err in outs if "created the citylinks schema" in err]
    assert len(said) == 1, outs


@pytest.mark.backends("postgresql", "mariadb")
def test_a_refused_sqlite_backup_leaves_an_empty_server_database_empty(
    empty_db, backend, tmp_path, request
):
    backup = tmp_path / "office.sqlite"
    sqlite_db = new_database("sqlite", tmp_path, request)
    _ok(sqlite_db, "db", "backup", str(backup))
    target = new_database(backend, tmp_path, request, migrate=False)
    result = run_cli(target, "db", "restore", "--yes", str(backup))
    assert result.exit_code == 1, result.output
    assert "is a SQLite backup, which restores into a SQLite database only" in result.stderr
    engine = target.engine()
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


@pytest.mark.backends("postgresql", "mariadb")
def test_a_sqlite_backup_given_to_a_server_holding_data_points_to_export_and_import(
    seeded_db, tmp_path, request
):
    backup = tmp_path / "office.sqlite"
    sqlite_db = new_database("sqlite", tmp_path, request)
    _ok(sqlite_db, "db", "backup", str(backup))
    result = run_cli(seeded_db, "db", "restore", "--yes", str(backup))
    assert result.exit_code == 1, result.output
    line = result.stderr.strip()
    assert "\n" not in line
    assert line.startswith("Error: the database is not empty, and "), line
    assert "is a SQLite backup, which restores into a SQLite database only" in line
    # The way out it gives is one that works: export there, import here (not "a new database").
    assert "`citylinks export dataset --output office.toml`" in line
    assert "new, empty database" not in line


# --- 6. stale restore copies ------------------------------------------------------------------


@pytest.mark.backends("sqlite")
def test_a_restore_removes_the_copies_of_dead_restores(empty_db, tmp_path):
    backup = tmp_path / "office.sqlite"
    _ok(empty_db, "db", "backup", str(backup))
    live = Path(empty_db.url.removeprefix("sqlite:///"))
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    stale = live.parent / f".{live.name}.{dead.stdout.strip()}.abc123.restore"
    running = live.parent / f".{live.name}.{os.getppid()}.def456.restore"
    for path in (stale, running):
        path.write_bytes(backup.read_bytes())
    _ok(empty_db, "db", "restore", "--yes", str(backup))
    assert not stale.exists()
    assert running.exists()  # its process still runs: perhaps a restore at work
    assert not [p for p in live.parent.glob(f".{live.name}.*.restore") if p != running]
