"""Issue 14: a name that `import csv cities` adds to a recorded city is a new version of the
city, as `city edit --add-name` makes one: an edit made against the version read before is
refused."""

from __future__ import annotations

from conftest import run_cli


def _version(db, key: str) -> int:
    return db.scalar("SELECT version FROM city WHERE key = :key", key=key)


def test_a_name_added_by_a_spreadsheet_makes_a_new_version(empty_db, tmp_path):
    assert run_cli(empty_db, "country", "add", "GB").exit_code == 0
    first = tmp_path / "cities.csv"
    first.write_text("city,country\nLeeds,GB\nYork,GB\n", encoding="utf-8")
    assert run_cli(empty_db, "import", "csv", "cities", str(first)).exit_code == 0
    assert "version: 1 " in run_cli(empty_db, "city", "show", "leeds").stdout

    more = tmp_path / "names.csv"
    more.write_text("city,country,name_ar\nLeeds,GB,ليدز\nYork,GB,\n", encoding="utf-8")
    added = run_cli(empty_db, "import", "csv", "cities", str(more))
    assert added.exit_code == 0, added.output
    assert "ليدز (ar) to Leeds (GB)" in added.output
    shown = run_cli(empty_db, "city", "show", "leeds").stdout
    assert "version: 2 " in shown and "ليدز" in shown
    assert _version(empty_db, "york") == 1  # nothing added to York

    stale = run_cli(
        empty_db, "city", "edit", "leeds", "--region", "Yorkshire", "--expect-version", "1"
    )
    assert stale.exit_code == 1
    assert "since you read it (version 1, now 2)" in stale.stderr
    # As the command does: one more name, one more version.
    edited = run_cli(
        empty_db, "city", "edit", "leeds", "--add-name", "fr=Leeds-FR", "--expect-version", "2"
    )
    assert edited.exit_code == 0, edited.output
    assert _version(empty_db, "leeds") == 3
