"""`citylinks seed --dry-run` after newer edits: every value the bundled dataset gives
differently from the database is listed, one a line, the count last, exit 1, nothing
written; a real seed still refuses at the first one."""

from __future__ import annotations

import pytest
from conftest import run_cli, run_fa, table_snapshot


@pytest.fixture
def edited(seeded_db):
    """Officer A's newer edits: a city's region, an organization's region, and a new phase
    that closes the open one (its end was 'unknown' in the bundled data)."""
    for args in (
        ("city", "edit", "yazd", "--region", "Yazd Province"),
        ("org", "edit", "AMF", "--region", "West Asia"),
        ("member", "record", "Yazd", "AMF", "suspended", "--from", "2026-03", "--source", "S1"),
    ):
        result = run_cli(seeded_db, *args)
        assert result.exit_code == 0, result.output
    return seeded_db


def test_a_dry_run_lists_every_conflict_and_writes_nothing(edited):
    before = table_snapshot(edited)

    result = run_cli(edited, "seed", "--dry-run")

    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 4, result.stderr
    assert "[[city]]" in lines[0] and "region is 'Yazd Province' in the database" in lines[0]
    assert "[[organization]]" in lines[1] and "region is 'West Asia' in the database" in lines[1]
    assert "[[membership]]" in lines[2] and "end is '2026-03' in the database" in lines[2]
    assert lines[3].startswith("Error: 3 values in "), lines[3]
    assert "nothing would be loaded" in lines[3]
    assert result.stdout == ""
    assert table_snapshot(edited) == before


def test_a_real_seed_still_refuses_at_the_first_conflict(edited):
    before = table_snapshot(edited)

    result = run_cli(edited, "seed")

    assert result.exit_code == 1, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "region is 'Yazd Province' in the database but empty in the file" in result.stderr
    assert table_snapshot(edited) == before


def test_one_conflict_is_counted_in_the_singular(seeded_db):
    assert run_cli(seeded_db, "city", "edit", "yazd", "--region", "Yazd Province").exit_code == 0

    result = run_cli(seeded_db, "seed", "--dry-run")

    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[1].startswith("Error: 1 value in "), lines[1]
    assert "differs from the database" in lines[1]


def test_a_dry_run_without_conflicts_still_says_what_it_would_load(seeded_db):
    before = table_snapshot(seeded_db)

    result = run_cli(seeded_db, "seed", "--dry-run")

    assert result.exit_code == 0, result.output
    # fa15s: what it holds, and that loading it would change nothing (not "would load").
    assert result.stdout.startswith("nothing would change: 55 sources, "), result.stdout
    assert table_snapshot(seeded_db) == before


def test_the_count_in_persian(edited):
    result = run_fa(edited, "seed", "--dry-run")

    assert result.exit_code == 1, result.output
    last = result.stderr.splitlines()[-1]
    assert "۳ مقدار در " in last and "چیزی بارگذاری نمی‌شد" in last, last


def test_import_dataset_dry_run_lists_every_conflict_as_seed_does(edited):
    """`import dataset FILE --dry-run` is the same door as `seed FILE --dry-run`."""
    from citylinks import resources

    before = table_snapshot(edited)
    bundled = str(resources.bundled_dataset())

    imported = run_cli(edited, "import", "dataset", bundled, "--dry-run")
    seeded = run_cli(edited, "seed", bundled, "--dry-run")

    assert imported.exit_code == seeded.exit_code == 1, imported.output
    assert imported.stderr == seeded.stderr
    assert imported.stderr.splitlines()[-1].startswith("Error: 3 values in "), imported.stderr
    assert table_snapshot(edited) == before
