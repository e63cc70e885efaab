"""Issue 14 (a fresh-clone tester), spreadsheets from Excel: a first line `sep=;` (which Excel
reads, and writes on request) names the separator and is no header; a cell longer than Python's
csv module reads by default (131,072 characters) is judged by citylinks' own rules, in one line,
not refused in the module's words."""

from __future__ import annotations

from conftest import run_cli, table_snapshot


def test_excels_sep_line_names_the_separator_and_lines_keep_their_numbers(seeded_db, tmp_path):
    path = tmp_path / "sep.csv"
    path.write_bytes(
        "sep=;\r\ncity;country;region\r\nArak;IR;Markazi\r\nBam;ZZ;Kerman\r\n".encode("cp1256")
    )
    before = table_snapshot(seeded_db)
    refused = run_cli(seeded_db, "import", "csv", "cities", str(path), "--create-missing")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0].startswith("line 4: ")  # Bam's line in an editor
    assert "sep=" not in refused.stderr
    assert table_snapshot(seeded_db) == before
    path.write_bytes("sep=;\r\ncity;country;region\r\nArak;IR;Markazi\r\n".encode("cp1256"))
    loaded = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert loaded.exit_code == 0, loaded.output
    assert seeded_db.rows("SELECT region FROM city WHERE key = 'arak'") == [("Markazi",)]


def test_a_cell_longer_than_the_csv_modules_default_is_judged_by_its_columns_rule(
    seeded_db, tmp_path
):
    path = tmp_path / "long.csv"
    path.write_text(f"city,country,region\nArak,IR,{'x' * 200_000}\n", encoding="utf-8")
    before = table_snapshot(seeded_db)
    refused = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert refused.exit_code == 1
    line, summary = refused.stderr.strip().splitlines()  # the row's line, then the file's
    assert line == "line 2: the region is 200000 characters long; at most 200 are allowed"
    assert summary.startswith("Error: 1 of 1 rows are bad (listed above); nothing was written")
    assert table_snapshot(seeded_db) == before
