"""Yes/no questions answered in Persian (issue 15): «بله», «آره», «بلی», «ب» and «خیر», «نه»,
«ن», in any spelling text.fold forgives, and the keys Y and N as the standard Persian keyboard
types them (ISIRI 9147: «غ» and «د»); the choices are shown, and a stray answer is asked
again, in the interface language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import persian as speaking_persian
from conftest import table_snapshot

from citylinks.cli import prompting


@pytest.fixture(name="persian")
def _persian() -> Iterator[None]:
    with speaking_persian():
        yield


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(prompting, "interactive", lambda: True)


def _yazad(db) -> int:
    return db.scalar("SELECT COUNT(*) FROM city WHERE key = 'yazad'")


# "Yazad" is like the recorded "Yazd": recorded only when the officer answers yes.
ADD_LIKELY_DUPLICATE = ("city", "add", "Yazad", "--country", "IR")


@pytest.mark.parametrize(
    "typed", ["بله", "آره", "اره", "بلی", "ب", "غ", "غثس", "y", "YES", " بله ", "بله!", "بلي"]
)
def test_a_yes_in_persian_records_it(seeded_cli, seeded_db, terminal, typed):
    result = seeded_cli(*ADD_LIKELY_DUPLICATE, input=typed + "\n")
    assert result.exit_code == 0, result.output
    assert "Record it anyway? [y/N]:" in result.stderr
    assert _yazad(seeded_db) == 1


@pytest.mark.parametrize("typed", ["خیر", "نه", "ن", "خ", "د", "دخ", "n", "No", "خير", ""])
def test_a_no_in_persian_or_nothing_writes_nothing(seeded_cli, seeded_db, terminal, typed):
    before = table_snapshot(seeded_db)
    result = seeded_cli(*ADD_LIKELY_DUPLICATE, input=typed + "\n")
    assert result.exit_code == 1
    assert result.stderr.rstrip().endswith("Nothing was written.")
    assert table_snapshot(seeded_db) == before


def test_the_persian_interface_shows_persian_choices_and_asks_again_in_persian(
    seeded_cli, seeded_db, terminal, persian
):
    before = table_snapshot(seeded_db)
    result = seeded_cli(*ADD_LIKELY_DUPLICATE, input="شاید\nmaybe\nد\n")
    assert result.exit_code == 1
    assert "[بله/خیر، پیش‌فرض: خیر]:" in result.stderr
    assert "لطفاً «بله» یا «خیر» پاسخ دهید، نه «شاید»." in result.stderr
    assert "لطفاً «بله» یا «خیر» پاسخ دهید، نه «maybe»." in result.stderr
    assert result.stderr.count("[بله/خیر، پیش‌فرض: خیر]:") == 3  # asked three times
    assert table_snapshot(seeded_db) == before
    accepted = seeded_cli(*ADD_LIKELY_DUPLICATE, input="آره\n")
    assert accepted.exit_code == 0, accepted.output
    assert _yazad(seeded_db) == 1


def test_an_english_interface_asks_again_in_english(seeded_cli, seeded_db, terminal):
    result = seeded_cli(*ADD_LIKELY_DUPLICATE, input="ok\nبله\n")
    assert result.exit_code == 0, result.output
    assert "Please answer y (yes) or n (no), not 'ok'." in result.stderr
    assert _yazad(seeded_db) == 1


@pytest.mark.any_backend  # no database
def test_the_keyboard_keys_and_the_words_are_not_read_both_ways():
    yes = {prompting.answer_of(a) for a in prompting.YES_ANSWERS}
    no = {prompting.answer_of(a) for a in prompting.NO_ANSWERS}
    assert yes == {True} and no == {False}
    assert prompting.answer_of("maybe") is None
    assert prompting.answer_of("") is None


def test_a_database_restore_asks_in_persian_too(cli, empty_db, tmp_path, monkeypatch, persian):
    monkeypatch.setattr(prompting, "interactive", lambda: True)
    backup = tmp_path / "backup.citylinks"
    made = cli("db", "backup", str(backup))
    assert made.exit_code == 0, made.output
    result = cli("db", "restore", str(backup), input="نه\n")
    assert result.exit_code == 1
    assert "[بله/خیر، پیش‌فرض: خیر]:" in result.stderr
    assert result.stderr.rstrip().endswith("چیزی نوشته نشد.")
