"""One limit on the length of a text at every door (files.LONGEST_TEXT, p14m): a Popolo
string or a dataset value longer than a CSV row may be is refused, naming its object and
field, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli, table_snapshot

from citylinks.files import LONGEST_TEXT

LIMIT = f"{LONGEST_TEXT:,} characters ({LONGEST_TEXT >> 20} MiB)"


def _popolo(tmp_path: Path, biography: str) -> Path:
    path = tmp_path / "people.json"
    document = {
        "persons": [
            {"id": "p1", "name": "Ali Reza"},
            {"id": "p2", "name": "Sara Ahmadi", "biography": biography},
        ]
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _refused(db, args: tuple[str, ...], where: str) -> None:
    """`args` refused in one line naming `where` (the file, object and field) and the limit,
    the database as it was."""
    before = table_snapshot(db)
    result = run_cli(db, *args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {where} is {LONGEST_TEXT + 1:,} characters long, longer than {LIMIT}, the most"
        " citylinks reads as one value (as one row of a CSV file): shorten it\n"
    )
    assert table_snapshot(db) == before


def test_a_popolo_string_longer_than_a_csv_row_is_refused_naming_object_and_field(
    empty_db, tmp_path
):
    path = _popolo(tmp_path, "b" * (LONGEST_TEXT + 1))
    _refused(empty_db, ("import", "popolo", str(path)), f"{path}: persons #2 (p2): biography")


def test_a_dataset_value_longer_than_a_csv_row_is_refused_as_at_the_popolo_door(empty_db, tmp_path):
    imported = run_cli(empty_db, "import", "popolo", str(_popolo(tmp_path, "a short life")))
    assert imported.exit_code == 0, imported.output
    exported = tmp_path / "office.toml"
    assert run_cli(empty_db, "export", "dataset", "--output", str(exported)).exit_code == 0
    written = exported.read_text(encoding="utf-8")
    assert "a short life" in written
    long = tmp_path / "long.toml"
    long.write_text(written.replace("a short life", "c" * (LONGEST_TEXT + 1)), encoding="utf-8")
    _refused(
        empty_db,
        ("import", "dataset", str(long), "--overwrite"),
        f"{long}: [[person]] #2 (p2): popolo[0].data.biography",
    )


def test_a_csv_cell_of_that_length_is_refused_with_the_same_limit(empty_db, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("city,country,region\nYazd,IR," + "r" * (LONGEST_TEXT + 1) + "\n")
    result = run_cli(empty_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 1
    assert f"makes a row longer than {LIMIT}, the most citylinks reads" in result.stderr
