"""`db restore` of a SQLite backup checks other tools' Popolo documents and objects (tables
popolo_document, popolo_extra), every stored moment and every language tag by the rules the
imports apply (formats.popolo, services.fields): a backup another program edited is refused in
one line naming the table, the row and the column, the live database as it was; one that
citylinks wrote restores, and its exports work. A language tag is one rule at every door:
BCP 47's shape, in the case another tool wrote it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import new_database, run_cli, table_snapshot

NAURU = Path(__file__).parent / "data" / "popolo" / "Nauru-Parliament.json"
# A file name with a bidi override: kept as shown, so that a backup of it restores.
DISGUISED = "Na\u202eru.json"
KEPT = "(SELECT min(id) FROM popolo_extra)"

TAMPERED = {
    "a-namespace-with-a-slash": (
        "UPDATE popolo_document SET namespace = 'a/b'",
        ("popolo_document", "namespace", "1"),
        "the namespace 'a/b' is not one",
    ),
    "top-level-keys-that-are-not-an-object": (
        "UPDATE popolo_document SET top_level = '[1, 2]'",
        ("popolo_document", "top_level", "1"),
        "top_level is not the JSON text of an object",
    ),
    "an-import-moment-that-is-not-one": (
        "UPDATE popolo_document SET first_imported_at = 'garbage'",
        ("popolo_document", "first_imported_at", "1"),
        "'garbage' is not a moment as citylinks stores one",
    ),
    "a-file-name-with-an-escape-sequence": (
        "UPDATE popolo_document SET file_name = 'N' || char(27) || '[31mauru.json'",
        ("popolo_document", "file_name", "1"),
        "the file name 'N\\x1b[31mauru.json' is not text without hidden characters",
    ),
    "a-digest-in-capitals": (
        "UPDATE popolo_document SET digest = upper(digest)",
        ("popolo_document", "digest", "1"),
        "is not a SHA-256 in lowercase hex (64 characters), as citylinks writes it",
    ),
    "a-digest-that-is-not-one": (
        "UPDATE popolo_document SET digest = 'xyz'",
        ("popolo_document", "digest", "1"),
        "the digest 'xyz' is not a SHA-256",
    ),
    "a-kept-object-that-is-a-list": (
        f"UPDATE popolo_extra SET data = '[1]' WHERE id = {KEPT}",
        ("popolo_extra", "data", KEPT),
        "'data' is not a JSON object written as text",
    ),
    "a-kept-object-of-a-section-citylinks-does-not-write": (
        f"UPDATE popolo_extra SET section = 'parties' WHERE id = {KEPT}",
        ("popolo_extra", "section", KEPT),
        "'parties' is not a Popolo section citylinks keeps objects of: one of areas,",
    ),
    "a-name-whose-language-tag-has-a-space": (
        "UPDATE person_name SET lang = 'fa ir' WHERE id = (SELECT min(id) FROM person_name)",
        ("person_name", "lang", "(SELECT min(id) FROM person_name)"),
        "the language tag 'fa ir' is not a BCP 47 language tag",
    ),
    "a-name-whose-language-tag-is-sixteen-letters": (
        "UPDATE person_name SET lang = 'xxxxxxxxxxxxxxxx'"
        " WHERE id = (SELECT min(id) FROM person_name)",
        ("person_name", "lang", "(SELECT min(id) FROM person_name)"),
        "the language tag 'xxxxxxxxxxxxxxxx' is not a BCP 47 language tag",
    ),
    "a-name-whose-language-tag-is-empty": (
        "UPDATE person_name SET lang = '' WHERE id = (SELECT min(id) FROM person_name)",
        ("person_name", "lang", "(SELECT min(id) FROM person_name)"),
        "the language tag is empty",
    ),
    "a-row-created-at-no-moment": (
        "UPDATE person SET created_at = 'garbage' WHERE id = (SELECT min(id) FROM person)",
        ("person", "created_at", "(SELECT min(id) FROM person)"),
        "'garbage' is not a moment as citylinks stores one",
    ),
}

_BACKUP: list[bytes] = []


def _popolo_backup(tmp_path: Path, request) -> bytes:
    """A SQLite backup of a database holding an EveryPolitician document, imported from a
    file whose name holds a bidi override (made once)."""
    if not _BACKUP:
        db = new_database("sqlite", tmp_path, request)
        disguised = tmp_path / DISGUISED
        shutil.copy(NAURU, disguised)
        # Such a name is no namespace (p14o): the document's own is given.
        assert (
            run_cli(db, "import", "popolo", "--namespace", "Nauru", str(disguised)).exit_code == 0
        )
        target = tmp_path / "popolo-backup.sqlite"
        assert run_cli(db, "db", "backup", str(target)).exit_code == 0
        _BACKUP.append(target.read_bytes())
    return _BACKUP[0]


@pytest.mark.backends("sqlite")  # a SQLite backup; servers restore through the dataset door
@pytest.mark.parametrize("sql, where, problem", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_backup_whose_popolo_rows_or_tags_citylinks_would_refuse_is_not_restored(
    backend, tmp_path, request, sql, where, problem
):
    table, column, row_sql = where
    backup_file = tmp_path / "tampered.sqlite"
    backup_file.write_bytes(_popolo_backup(tmp_path, request))
    conn = sqlite3.connect(backup_file)
    conn.executescript(sql)
    conn.commit()
    (row,) = conn.execute(f"SELECT {row_sql}").fetchone()  # noqa: S608
    conn.close()
    target = new_database("sqlite", tmp_path, request, seeded=True)
    before = table_snapshot(target)

    result = run_cli(target, "db", "restore", str(backup_file), "--yes")

    assert result.exit_code == 1, result.output
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1, result.stderr
    head = f"Error: {backup_file}: table {table}, row {row}, column {column}: "
    assert result.stderr.startswith(head), result.stderr
    assert problem in result.stderr, result.stderr
    assert result.stderr.endswith("; it is not a backup citylinks wrote, nothing was restored\n")
    assert "\x1b" not in result.stderr
    assert table_snapshot(target) == before


@pytest.mark.backends("sqlite")
def test_a_backup_of_an_imported_popolo_document_restores_and_exports(backend, tmp_path, request):
    """The rules refuse only what the import would: a document imported from a file whose
    name holds a bidi override is kept under that name as shown, and its backup restores."""
    backup_file = tmp_path / "backup.sqlite"
    backup_file.write_bytes(_popolo_backup(tmp_path, request))
    target = new_database("sqlite", tmp_path, request)

    result = run_cli(target, "db", "restore", str(backup_file), "--yes")

    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(backup_file)
    (file_name,) = conn.execute("SELECT file_name FROM popolo_document").fetchone()
    conn.close()
    assert file_name == "Na<U+202E>ru.json"
    exported = run_cli(target, "export", "popolo")
    assert exported.exit_code == 0, exported.stderr
    (listed,) = json.loads(exported.stdout)["citylinks:documents"]
    assert listed["file"] == "Na<U+202E>ru.json"


# --- a language tag: one rule at every door -----------------------------------------------


def _dataset_with_name_lang(lang: str) -> str:
    return f"""format = "citylinks-dataset/1"

[[country]]
code = "IR"
names = [{{ lang = "en", name = "Iran", kind = "official" }}]

[[city]]
key = "yazd"
country = "IR"
names = [{{ lang = "fa", name = "یزد", kind = "official" }}, {{ lang = {json.dumps(lang)}, name = "Yazd", kind = "official" }}]
"""


@pytest.mark.parametrize("lang", ["fa ir", "xxxxxxxxxxxxxxxx", "x", "en_GB", "fa-"])
def test_a_dataset_whose_name_has_no_language_tag_is_refused(empty_db, tmp_path, lang):
    path = tmp_path / "bad.toml"
    path.write_text(_dataset_with_name_lang(lang), "utf-8")
    before = table_snapshot(empty_db)

    result = run_cli(empty_db, "import", "dataset", str(path))

    assert result.exit_code == 1, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert f"the language tag {lang!r} is not a BCP 47 language tag" in result.stderr
    assert table_snapshot(empty_db) == before


@pytest.mark.parametrize("lang", ["en-GB", "zh-Hant", "sr-Latn", "EN"])
def test_another_tools_language_tags_are_kept_as_written_and_exported(empty_db, tmp_path, lang):
    """Tags real Popolo files use pass the rule, in the case written, and export again."""
    document = {
        "persons": [
            {"id": "p1", "name": "Ana", "other_names": [{"name": "Ана", "lang": lang}]},
        ]
    }
    path = tmp_path / "people.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")

    result = run_cli(empty_db, "import", "popolo", str(path))

    assert result.exit_code == 0, result.output
    for args in (("export", "popolo"), ("export", "dataset")):
        exported = run_cli(empty_db, *args)
        assert exported.exit_code == 0, exported.stderr
        assert lang in exported.stdout


def test_the_command_door_takes_a_bcp47_tag_and_refuses_another(empty_db):
    before = table_snapshot(empty_db)
    bad = run_cli(
        empty_db, "source", "add", "--title", "A report", "--publisher", "X", "--lang", "fa ir"
    )
    assert bad.exit_code == 1, bad.output
    assert bad.stderr == (
        "Error: --lang: 'fa ir' is not a language tag: use e.g. fa, en, ar, tr\n"
    ), bad.stderr
    assert table_snapshot(empty_db) == before
    good = run_cli(
        empty_db, "source", "add", "--title", "A report", "--publisher", "X", "--lang", "zh-Hant"
    )
    assert good.exit_code == 0, good.output
    listed = run_cli(empty_db, "export", "dataset")
    assert 'language = "zh-hant"' in listed.stdout  # an officer's tag, lower-cased
