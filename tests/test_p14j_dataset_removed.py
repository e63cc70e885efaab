"""Issue 14: the dataset door, like the Popolo door, never brings back a name or an identifier
an officer removed since the file was written: kept as the officer left it, said in the
report; with --overwrite added again, in the audit log (records._Loader.keep_removed, one rule
for both doors)."""

from __future__ import annotations

from conftest import run_cli, table_snapshot


def yazd(db) -> tuple[list, list, int]:
    names = db.rows(
        "SELECT n.lang, n.name FROM city_name n JOIN city c ON c.id = n.city_id"
        " WHERE c.key = 'yazd' ORDER BY n.lang"
    )
    ids = db.rows(
        "SELECT i.scheme, i.value FROM city_identifier i JOIN city c ON c.id = i.city_id"
        " WHERE c.key = 'yazd'"
    )
    return names, ids, db.scalar("SELECT version FROM city WHERE key = 'yazd'")


def test_an_older_dataset_export_does_not_bring_back_what_an_officer_removed(seeded_db, tmp_path):
    db = seeded_db
    edit = run_cli(
        db, "city", "edit", "Yazd", "--add-id", "geonames=111822", "--add-name", "fr=Yezd"
    )
    assert edit.exit_code == 0, edit.output
    old = tmp_path / "old.toml"
    assert run_cli(db, "export", "dataset", "--output", str(old)).exit_code == 0
    for option, value in (("--remove-id", "geonames"), ("--remove-name", "fr=Yezd")):
        assert run_cli(db, "city", "edit", "Yazd", option, value).exit_code == 0
    names, ids, version = yazd(db)
    assert ("fr", "Yezd") not in names and ids == []
    before = table_snapshot(db)

    dry = run_cli(db, "import", "dataset", "--dry-run", str(old))
    assert dry.exit_code == 0, dry.output
    assert (
        "note: [[city]] #55 (yazd): the name fr=Yezd was removed since; kept as the officer"
        " left it (add --overwrite to add it again)" in dry.stdout
    )
    assert "the identifier geonames 111822 was removed since; kept as the officer left it" in (
        dry.stdout
    )
    assert table_snapshot(db) == before

    again = run_cli(db, "import", "dataset", str(old))
    assert again.exit_code == 0, again.output
    assert "the name fr=Yezd was removed since; kept as the officer left it" in again.stdout
    assert table_snapshot(db) == before  # nothing added, nothing logged

    last = db.scalar("SELECT MAX(id) FROM audit_log")
    forced = run_cli(db, "import", "dataset", "--overwrite", str(old))
    assert forced.exit_code == 0, forced.output
    assert "the name fr=Yezd was removed since; added again (--overwrite)" in forced.stdout
    assert "the identifier geonames 111822 was removed since; added again" in forced.stdout
    names, ids, after = yazd(db)
    assert ("fr", "Yezd") in names and ids == [("geonames", "111822")]
    assert after == version + 1  # one new version for the load
    logged = db.rows(
        "SELECT action, table_name FROM audit_log WHERE id > :last AND table_name <> 'city'"
        " ORDER BY table_name",
        last=last,
    )
    assert logged == [("insert", "city_identifier"), ("insert", "city_name")]


def test_a_person_name_removed_is_not_brought_back_by_the_dataset(seeded_db, tmp_path):
    db = seeded_db
    key = db.scalar("SELECT key FROM person ORDER BY id LIMIT 1")
    assert run_cli(db, "person", "edit", key, "--add-name", "fr=Quelqu'un").exit_code == 0
    old = tmp_path / "old.toml"
    assert run_cli(db, "export", "dataset", "--output", str(old)).exit_code == 0
    assert run_cli(db, "person", "edit", key, "--remove-name", "fr=Quelqu'un").exit_code == 0
    before = table_snapshot(db)
    again = run_cli(db, "import", "dataset", str(old))
    assert again.exit_code == 0, again.output
    assert "the name fr=Quelqu'un was removed since; kept as the officer left it" in again.stdout
    assert table_snapshot(db) == before
