"""Persian letters for Arabic ones are for Persian text: a motto tagged ar is stored with the
letters it was typed with (NFC only), at the command and in a dataset."""

from __future__ import annotations

from conftest import run_cli

ARABIC = "المدينة للجميع"  # Arabic yeh (U+064A), not Persian yeh (U+06CC)


def test_an_arabic_motto_keeps_its_letters(seeded_db):
    result = run_cli(
        seeded_db, "org", "motto", "add", "AMF", ARABIC, "--lang", "ar", "--source", "S0"
    )
    assert result.exit_code == 0, result.output
    assert seeded_db.rows("SELECT text FROM motto WHERE lang = 'ar'") == [(ARABIC,)]
    assert "\u06cc" not in seeded_db.scalar("SELECT text FROM motto WHERE lang = 'ar'")


def test_a_persian_motto_is_still_stored_with_persian_letters(seeded_db):
    result = run_cli(
        seeded_db, "org", "motto", "add", "AMF", "شهر براي همه", "--lang", "fa", "--source", "S0"
    )
    assert result.exit_code == 0, result.output
    assert seeded_db.rows("SELECT text FROM motto WHERE text LIKE '%همه'") == [("شهر برای همه",)]
