"""`db restore` of a SQLite backup checks every stored text and choice by the rule the commands
and the imports apply to it (citylinks.services.fields): a name with a control character or a
bidi override, letters of two scripts in one word, a text longer than its column, a word not in
its list, written into a backup by another program, is refused in one line naming the table,
the row and the column; the live database as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import new_database, run_cli, table_snapshot

from citylinks import schema
from citylinks.services import backup

FIRST_PHASE = "(SELECT min(id) FROM membership_phase)"
TAMPERED = {
    "a-name-with-an-escape-character": (
        "UPDATE city_name SET name = 'Ya' || char(27) || '[31mzd' WHERE name = 'Yazd'",
        ("city_name", "name", "name = 'Ya' || char(27) || '[31mzd'"),
        "the city name contains the control character U+001B (escape) at character 3; remove it",
    ),
    "a-name-with-a-bidi-override": (
        "UPDATE city_name SET name = 'Shi' || char(8238) || 'raz' WHERE name = 'Shiraz'",
        ("city_name", "name", "name LIKE 'Shi%raz'"),
        "the city name contains the bidi control U+202E at character 4, which can disguise text",
    ),
    "a-name-mixing-latin-and-cyrillic": (
        "UPDATE organization_name SET name = 'Аsian Mayors Forum' WHERE name = 'Asian Mayors"
        " Forum'",
        ("organization_name", "name", "name = 'Аsian Mayors Forum'"),
        "the organization name mixes Cyrillic and Latin letters in 'Аsian' (А is Cyrillic),"
        " which can disguise one name as another",
    ),
    "a-title-longer-than-its-column": (
        "UPDATE source SET title = printf('%.501c', 'x') WHERE key = 'S1'",
        ("source", "title", "key = 'S1'"),
        "the title is 501 characters long; at most 500 are allowed",
    ),
    "an-empty-acronym": (
        "UPDATE organization SET acronym = '  ' WHERE key = 'amf'",
        ("organization", "acronym", "key = 'amf'"),
        "the acronym is empty: give at least one letter",
    ),
    "a-note-with-a-nul-byte": (
        f"UPDATE membership_phase SET note = 'a' || char(0) || 'b' WHERE id = {FIRST_PHASE}",
        ("membership_phase", "note", f"id = {FIRST_PHASE}"),
        "the note contains the control character U+0000 at character 2; remove it",
    ),
    "an-officer-whose-name-has-a-newline": (
        "UPDATE city SET updated_by = 'maryam' || char(10) || 'Error: forged' WHERE key = 'yazd'",
        ("city", "updated_by", "key = 'yazd'"),
        "the officer's name contains the control character U+000A (newline) at character 7",
    ),
    "a-phase-of-an-unknown-status": (
        "PRAGMA ignore_check_constraints=1;"
        f" UPDATE membership_phase SET status = 'ally' WHERE id = {FIRST_PHASE}",
        ("membership_phase", "status", f"id = {FIRST_PHASE}"),
        "unknown status 'ally': use one of ",
    ),
    "a-status-by-its-persian-name": (
        "PRAGMA ignore_check_constraints=1;"
        f" UPDATE membership_phase SET status = 'عضو' WHERE id = {FIRST_PHASE}",
        ("membership_phase", "status", f"id = {FIRST_PHASE}"),
        "'عضو' is not how citylinks stores a status: one of ",
    ),
    "a-language-tag-with-a-tab": (
        "UPDATE city_name SET lang = 'f' || char(9) || 'a' WHERE name = 'Yazd'",
        ("city_name", "lang", "name = 'Yazd'"),
        "the language tag contains the control character U+0009 (tab) at character 2",
    ),
    "a-setting-that-is-not-one": (
        "INSERT INTO setting (key, value, version, created_at, updated_at, created_by,"
        " updated_by) VALUES ('sourcez', 'required', 1, '2025-01-01', '2025-01-01', 'x', 'x')",
        ("setting", "key", "key = 'sourcez'"),
        "'sourcez' is not a citylinks setting",
    ),
    "a-lowercase-country-code": (
        "PRAGMA foreign_keys=OFF; UPDATE country SET code = 'ir' WHERE code = 'IR'",
        ("country", "code", "code = 'ir'"),
        "'ir' is not a country code (two capital letters, ISO 3166-1)",
    ),
}


def _tampered_backup(db, tmp_path: Path, sql: str) -> tuple[Path, int | None]:
    backup_file = tmp_path / "tampered.sqlite"
    assert run_cli(db, "db", "backup", str(backup_file)).exit_code == 0
    conn = sqlite3.connect(backup_file)
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return backup_file


@pytest.fixture
def sqlite_seeded(tmp_path, request):
    return new_database("sqlite", tmp_path, request, seeded=True)


@pytest.mark.parametrize("sql, where, problem", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_backup_holding_a_text_citylinks_would_refuse_is_not_restored(
    sqlite_seeded, tmp_path, request, sql, where, problem
):
    table, column, condition = where
    backup_file = _tampered_backup(sqlite_seeded, tmp_path, sql)
    conn = sqlite3.connect(backup_file)
    (row,) = conn.execute(f"SELECT rowid FROM {table} WHERE {condition}").fetchone()  # noqa: S608
    conn.close()
    tampered = backup_file.read_bytes()
    target = new_database("sqlite", tmp_path, request, seeded=True)
    before = table_snapshot(target)

    result = run_cli(target, "db", "restore", str(backup_file), "--yes")

    assert result.exit_code == 1, result.output
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1, result.stderr
    head = f"Error: {backup_file}: table {table}, row {row}, column {column}: {problem}"
    assert result.stderr.startswith(head), result.stderr
    assert result.stderr.endswith("; it is not a backup citylinks wrote, nothing was restored\n"), (
        result.stderr
    )
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert table_snapshot(target) == before
    assert backup_file.read_bytes() == tampered
    live = Path(target.url.removeprefix("sqlite:///"))
    assert not [p.name for p in live.parent.iterdir() if p.name.endswith(".restore")]


def test_a_backup_of_the_bundled_data_meets_every_text_rule(sqlite_seeded, tmp_path, request):
    """The rules refuse only what citylinks would refuse: the bundled record (Persian, Arabic
    and Latin names, notes, every choice) restores."""
    backup_file = tmp_path / "backup.sqlite"
    assert run_cli(sqlite_seeded, "db", "backup", str(backup_file)).exit_code == 0
    target = new_database("sqlite", tmp_path, request)
    result = run_cli(target, "db", "restore", str(backup_file), "--yes")
    assert result.exit_code == 0, result.output
    assert table_snapshot(target) == table_snapshot(sqlite_seeded)


@pytest.mark.any_backend  # the schema's columns, not a database
def test_every_text_column_of_the_schema_has_its_rule_or_says_why_not():
    """A new text column cannot slip past the restore: it gets a field rule, or is named in
    backup.NOT_A_FIELD (worked out by citylinks, or kept as another tool wrote it)."""
    from sqlalchemy import JSON, String

    rules = backup.text_rules()
    texts = {
        (table.name, column.name)
        for table in schema.metadata.tables.values()
        for column in table.c
        if isinstance(column.type, String | JSON)
        and not column.name.endswith(("_text", "_precision", "_earliest", "_latest"))
    }
    assert texts - set(rules) - backup.NOT_A_FIELD == set()
    assert set(rules) - texts == set(), "a rule for a column the schema does not have"
    assert backup.NOT_A_FIELD <= texts
