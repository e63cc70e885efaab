"""Issue 14 (a fresh-clone tester): an export's official name edited ("Yazd" to "Yazd City")
and imported again was added as a second official English name, without a word. It is a
change of the name: refused in one line unless --overwrite, which renames it (logged, a new
version); --dry-run lists it and writes nothing. A name in a new language is still added."""

from __future__ import annotations

from conftest import run_cli, table_snapshot


def _edited(seeded_db, tmp_path, old: str, new: str):
    out = tmp_path / "export.toml"
    assert run_cli(seeded_db, "export", "dataset", "--output", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    edited = tmp_path / "edited.toml"
    edited.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edited


def _names(db):
    return db.rows(
        "SELECT n.lang, n.kind, n.name FROM city_name n JOIN city c ON c.id = n.city_id"
        " WHERE c.key = 'yazd' AND n.lang = 'en' ORDER BY n.name"
    )


def test_an_official_name_edited_in_a_dataset_is_a_rename_refused_without_overwrite(
    seeded_db, tmp_path
):
    old = '{ lang = "en", name = "Yazd", kind = "official"'
    edited = _edited(seeded_db, tmp_path, old, old.replace('"Yazd"', '"Yazd City"'))
    before = table_snapshot(seeded_db)
    refused = run_cli(seeded_db, "import", "dataset", str(edited))
    assert refused.exit_code == 1
    (line,) = refused.stderr.strip().splitlines()
    assert "name is 'Yazd' in the database but 'Yazd City' in the file" in line
    assert "--overwrite" in line
    assert table_snapshot(seeded_db) == before
    dry = run_cli(seeded_db, "import", "dataset", str(edited), "--dry-run")
    assert "'Yazd' in the database but 'Yazd City' in the file" in dry.stderr
    assert table_snapshot(seeded_db) == before

    version = seeded_db.scalar("SELECT version FROM city WHERE key = 'yazd'")
    done = run_cli(seeded_db, "import", "dataset", str(edited), "--overwrite")
    assert done.exit_code == 0, done.output
    assert _names(seeded_db) == [("en", "official", "Yazd City")]
    assert seeded_db.scalar("SELECT version FROM city WHERE key = 'yazd'") == version + 1
    logged = seeded_db.rows(
        "SELECT action, table_name FROM audit_log WHERE table_name = 'city_name'"
        " AND action = 'update' ORDER BY id DESC"
    )
    assert logged[:1] == [("update", "city_name")]
