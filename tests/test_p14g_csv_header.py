"""Issue 14: a CSV header with a column left without a name (a trailing separator, as
spreadsheets write) reads when that column is empty throughout, and is refused, with the
column's number and how to fix it, when one of its cells holds something."""

from __future__ import annotations

from conftest import run_cli


def _cities(db) -> list[str]:
    return sorted(r[0] for r in db.rows("SELECT key FROM city"))


def test_a_trailing_separator_in_the_header_is_read_as_an_empty_column(empty_db, tmp_path):
    assert run_cli(empty_db, "country", "add", "GB").exit_code == 0
    sheet = tmp_path / "cities.csv"
    sheet.write_text("city,country,\nLeeds,GB,\nYork,GB\n", encoding="utf-8")
    result = run_cli(empty_db, "import", "csv", "cities", str(sheet))
    assert result.exit_code == 0, result.output
    assert "cities: 2 imported, 0 already recorded, 0 bad, of 2 rows" in result.stdout
    assert _cities(empty_db) == ["leeds", "york"]


def test_several_unnamed_empty_columns_and_semicolons_are_read_too(empty_db, tmp_path):
    assert run_cli(empty_db, "country", "add", "GB").exit_code == 0
    sheet = tmp_path / "cities.csv"
    sheet.write_text("city;;country;;\nLeeds;;GB;;\n", encoding="utf-8")
    result = run_cli(empty_db, "import", "csv", "cities", str(sheet))
    assert result.exit_code == 0, result.output
    assert _cities(empty_db) == ["leeds"]


def test_a_cell_under_an_unnamed_column_is_refused_and_nothing_is_written(empty_db, tmp_path):
    assert run_cli(empty_db, "country", "add", "GB").exit_code == 0
    sheet = tmp_path / "cities.csv"
    sheet.write_text("city,,country\nLeeds,,GB\nYork,1,GB\n", encoding="utf-8")
    for dry_run in ((), ("--dry-run",)):
        result = run_cli(empty_db, "import", "csv", "cities", str(sheet), *dry_run)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {sheet}: line 3: column 2 has no name in the header but holds '1':"
            " name the column in the header, or delete it\n"
        )
    assert _cities(empty_db) == []
