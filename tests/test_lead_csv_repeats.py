"""Two rows of one membership file for the same phase: a repeat only when they say the same.

A fresh-clone tester found the second of two rows for one phase, with another reason, note,
source and a retraction, dropped as "1 repeated (line 3)" and all it said lost.
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli, table_snapshot

HEADER = "city,country,organization,status,from,to,reason,note,source,retracted,retraction_reason\n"


def _file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "m.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_a_second_row_for_a_phase_with_other_values_is_refused_and_nothing_is_lost(
    seeded_db, tmp_path
):
    assert run_cli(seeded_db, "city", "add", "Zabol", "--country", "IR").exit_code == 0
    path = _file(
        tmp_path,
        "Zabol,IR,AMF,member,2021,,reason A,note A,M4,,\n",
        "Zabol,IR,AMF,member,2021,,reason B,note B,F2,2026-01-01T00:00:00+00:00,misread\n",
    )
    before = table_snapshot(seeded_db)

    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))

    assert result.exit_code != 0
    assert "repeat" not in result.output
    assert (
        "line 3: the phase 'member' from 2021 is on line 2 too, with other values: keep one row"
        in result.stderr
    ), result.stderr
    assert table_snapshot(seeded_db) == before


def test_a_row_repeated_word_for_word_is_read_once_and_said_so(seeded_db, tmp_path):
    assert run_cli(seeded_db, "city", "add", "Zabol", "--country", "IR").exit_code == 0
    row = "Zabol,IR,AMF,member,2021,,reason A,note A,M4,,\n"
    path = _file(tmp_path, row, row)

    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))

    assert result.exit_code == 0, result.output
    assert "1 imported" in result.stdout and "1 repeated (line 3)" in result.stdout
    history = run_cli(seeded_db, "member", "history", "Zabol", "AMF")
    assert history.exit_code == 0 and "reason A" in history.stdout, history.stdout


def test_a_city_added_again_by_a_name_it_has_is_not_told_to_add_that_name(seeded_db):
    before = table_snapshot(seeded_db)

    result = run_cli(seeded_db, "city", "add", "شیراز", "--country", "IR")

    assert result.exit_code == 1
    assert "--add-name" not in result.stderr
    assert result.stderr.strip().endswith(
        "(key shiraz); shiraz has that very name already."
        " To record a different city of the same name, add --force"
    ), result.stderr
    assert table_snapshot(seeded_db) == before
