"""Issue 14: importing a document again never silently brings back what an officer removed
from a record since (an identifier, a name): it is kept as the officer left it, and the
report says so; with --overwrite it is added again, in the audit log."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli, table_snapshot

ALDERNEY = Path(__file__).parent / "data" / "popolo" / "Alderney-States.json"


def identifiers(db, key: str) -> list[tuple]:
    return db.rows(
        "SELECT i.scheme, i.value FROM organization_identifier i JOIN organization o"
        " ON o.id = i.organization_id WHERE o.key = :key ORDER BY i.scheme",
        key=key,
    )


def rows_but_documents(db) -> dict:
    """Every row but the documents' (whose row notes when each was last imported)."""
    return {k: v for k, v in table_snapshot(db).items() if k != "popolo_document"}


def test_an_identifier_an_officer_removed_is_not_brought_back_by_the_same_document(empty_db):
    assert run_cli(empty_db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    assert identifiers(empty_db, "legislature") == [("wikidata", "Q7604031")]
    edit = run_cli(empty_db, "org", "edit", "legislature", "--remove-id", "wikidata")
    assert edit.exit_code == 0, edit.output
    before = rows_but_documents(empty_db)

    dry = run_cli(empty_db, "import", "popolo", "--dry-run", str(ALDERNEY))
    assert dry.exit_code == 0, dry.output
    assert "kept as the officer left it" in dry.stdout
    assert "wikidata" in dry.stdout

    again = run_cli(empty_db, "import", "popolo", str(ALDERNEY))
    assert again.exit_code == 0, again.output
    assert "kept as the officer left it" in again.stdout
    assert identifiers(empty_db, "legislature") == []
    assert rows_but_documents(empty_db) == before  # nothing changed, nothing logged

    forced = run_cli(empty_db, "import", "popolo", "--overwrite", str(ALDERNEY))
    assert forced.exit_code == 0, forced.output
    assert identifiers(empty_db, "legislature") == [("wikidata", "Q7604031")]
    log = run_cli(empty_db, "log")
    assert "Q7604031" in log.stdout


def test_a_name_an_officer_removed_is_not_brought_back(empty_db):
    assert run_cli(empty_db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    key = empty_db.scalar(
        "SELECT p.key FROM person p JOIN person_name n ON n.person_id = p.id"
        " WHERE n.name = 'Chris Rowley'"
    )
    assert run_cli(empty_db, "person", "edit", key, "--add-name", "fr=Christophe").exit_code == 0
    edit = run_cli(empty_db, "person", "edit", key, "--remove-name", "und=Chris Rowley")
    assert edit.exit_code == 0, edit.output
    before = rows_but_documents(empty_db)

    again = run_cli(empty_db, "import", "popolo", str(ALDERNEY))
    assert again.exit_code == 0, again.output
    assert "und=Chris Rowley was removed since; kept as the officer left it" in again.stdout
    assert rows_but_documents(empty_db) == before

    forced = run_cli(empty_db, "import", "popolo", "--overwrite", str(ALDERNEY))
    assert forced.exit_code == 0, forced.output
    assert "und=Chris Rowley was removed since; added again (--overwrite)" in forced.stdout
    names = empty_db.rows(
        "SELECT n.name FROM person_name n JOIN person p ON p.id = n.person_id"
        " WHERE p.key = :key ORDER BY n.name",
        key=key,
    )
    assert names == [("Chris Rowley",), ("Christophe",)]


def test_citylinks_own_older_export_does_not_bring_back_a_removed_identifier(seeded_db, tmp_path):
    db = seeded_db
    assert run_cli(db, "city", "edit", "Yazd", "--add-id", "geonames=111822").exit_code == 0
    export = tmp_path / "all.json"
    assert run_cli(db, "export", "popolo", "--output", str(export)).exit_code == 0
    held = db.rows(
        "SELECT i.scheme FROM city_identifier i JOIN city c ON c.id = i.city_id"
        " WHERE c.key = 'yazd'"
    )
    assert ("geonames",) in held
    edit = run_cli(db, "city", "edit", "Yazd", "--remove-id", "geonames")
    assert edit.exit_code == 0, edit.output
    before = rows_but_documents(db)

    dry = run_cli(db, "import", "popolo", "--dry-run", str(export))
    assert dry.exit_code == 0, dry.output
    assert "geonames" in dry.stdout and "kept as the officer left it" in dry.stdout
    again = run_cli(db, "import", "popolo", str(export))
    assert again.exit_code == 0, again.output
    assert rows_but_documents(db) == before
