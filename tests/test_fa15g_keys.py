"""A key an officer gives with capitals is refused with the lower-case key to use: the keys
the commands make are lower-case, and a key with capitals could not be found again."""

from __future__ import annotations

from conftest import run_cli, run_fa, table_snapshot


def test_city_edit_key_with_capitals_is_refused_with_the_lower_case_one(seeded_db):
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "city", "edit", "yazd", "--key", "Yazd-2")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the key 'Yazd-2' has capital letters: keys are lower-case; use 'yazd-2'\n"
    )
    assert table_snapshot(seeded_db) == before
    persian = run_fa(seeded_db, "city", "edit", "yazd", "--key", "Yazd-2")
    assert persian.exit_code == 1
    assert "کلیدها با حروف کوچک‌اند" in persian.stderr
    done = run_cli(seeded_db, "city", "edit", "yazd", "--key", "yazd-2")
    assert done.exit_code == 0, done.output
    assert run_cli(seeded_db, "city", "show", "yazd-2").exit_code == 0


def test_a_source_key_keeps_its_capitals(seeded_db):
    result = run_cli(seeded_db, "source", "edit", "S0", "--key", "S0b")
    assert result.exit_code == 0, result.output
    assert run_cli(seeded_db, "source", "show", "S0b").exit_code == 0
