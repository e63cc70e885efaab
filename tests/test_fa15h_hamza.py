"""A hamza's seat is spelling (issue 15): «هیئت», «هیأت» and «هیات» name one thing, as do
«قائمشهر» and «قایمشهر». text.fold (rule 6) folds a hamza to the letter a writer leaves
without it; a name is found, and a duplicate seen, by any of those spellings, at a command
and in a spreadsheet; the names stay as written; alembic 0011 folds the stored names again."""

from __future__ import annotations

import pytest
from conftest import new_database, run_cli, table_snapshot
from hypothesis import given
from hypothesis import strategies as st

from citylinks import migrations
from citylinks.text import fold, fold_with_hamzas_kept, normalize

HAMZA_SPELLINGS = [
    ("هیئت", "هیأت", "هیات"),  # the Academy's seat, the Arabic one, none
    ("هیئت اجرایی", "هیأت اجرایی", "هیات اجرایی"),
    ("مسئول", "مسؤول", "مسوول"),
    ("مسئله", "مسأله", "مساله"),
    ("جرئت", "جرأت", "جرات"),
    ("رئیس", "رییس"),
    ("قائمشهر", "قایمشهر"),
    ("پائیز", "پاییز"),
    ("اسرائیل", "اسراییل"),
    ("جزئی", "جزیی"),
    ("تئاتر", "تیاتر"),
    ("مؤسسه", "موسسه"),
    ("سؤال", "سوال"),
    ("تأسیس", "تاسیس"),
    ("أحمد", "احمد"),
    ("إسلام", "اسلام"),
    ("اعضاء", "اعضا"),
    ("شیء", "شی"),
    ("دائرةالمعارف", "دایره\u200cالمعارف"),
    ("مکة", "مکه"),
    ("هیئت", "ه\u06cc\u06cc\u0654ت"),  # ی with a hamza above, as a Persian keyboard types it
    ("هیئَت", "هیات"),  # the hamza's vowel sign says its seat
    ("رئِیس", "رییس"),
    ("اتحادیهٔ شهرها", "اتحادیه شهرها"),  # the ezafe hamza, as before
]


@pytest.mark.parametrize("spellings", HAMZA_SPELLINGS, ids=lambda s: s[0])
def test_every_seat_of_a_hamza_folds_alike(spellings):
    assert len({fold(s) for s in spellings}) == 1, [fold(s) for s in spellings]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("آبادان", "ابادان"),  # madda is a letter
        ("سوئد", "سواد"),  # after a long vowel ئ is ی, never ا
        ("رحمة", "رحمت"),  # ة is ه, not ت
        ("هیئت", "هیت"),  # the seat is kept, not dropped
    ],
)
def test_names_that_differ_in_a_letter_still_fold_apart(one, other):
    assert fold(one) != fold(other)


@given(st.text(alphabet="اآأإئؤءةهیوبتسرم \u064e\u0650\u064f\u0654\u200c", max_size=10))
def test_the_fold_stays_idempotent_with_hamzas(text):
    assert fold(fold(text)) == fold(text)


def test_the_stored_form_keeps_every_hamza():
    for spellings in HAMZA_SPELLINGS[:20]:
        for spelling in spellings:
            assert normalize(spelling) == spelling


def test_the_key_before_0011_kept_the_hamzas():
    assert fold_with_hamzas_kept("هیئت") == "هیئت" != fold("هیئت")
    assert fold_with_hamzas_kept("اتحادیهٔ") == "اتحادیه"


# --- what an officer sees ---------------------------------------------------------------------


def test_a_city_is_found_by_any_seat_of_its_hamza(seeded_cli):
    added = seeded_cli("city", "add", "قائمشهر", "--country", "IR", "--source", "S0")
    assert added.exit_code == 0, added.output
    shown = seeded_cli("city", "show", "قایمشهر")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[0] == "City qaemshahr: قائمشهر, IR"  # as written
    again = seeded_cli("city", "add", "قایمشهر", "--country", "IR", "--source", "S0")
    assert again.exit_code == 1
    assert "qaemshahr" in again.stderr and "--force" in again.stderr, again.stderr


def test_a_person_is_found_by_any_seat_of_a_hamza(seeded_cli):
    added = seeded_cli("person", "add", "رئیس هیئت", "--source", "S0")
    assert added.exit_code == 0, added.output
    for typed in ("رییس هیات", "رئیس هیأت"):
        shown = seeded_cli("person", "show", typed)
        assert shown.exit_code == 0, (typed, shown.output)
        assert shown.stdout.splitlines()[0].endswith(": رئیس هیئت")


def test_a_spreadsheet_finds_the_city_by_another_seat_of_its_hamza(seeded_cli, seeded_db, tmp_path):
    assert seeded_cli("city", "add", "قائمشهر", "--country", "IR", "--source", "S0").exit_code == 0
    path = tmp_path / "memberships.csv"
    path.write_text(
        "city,country,organization,status,from,to,reason,source\n"
        "قایمشهر,IR,AMF,observer,2024,,invited,S0\n",
        encoding="utf-8",
    )
    cities = seeded_db.scalar("SELECT count(*) FROM city")
    result = seeded_cli("import", "csv", "memberships", str(path))
    assert result.exit_code == 0, result.output
    assert seeded_db.scalar("SELECT count(*) FROM city") == cities  # no second city
    history = seeded_cli("member", "history", "qaemshahr", "AMF")
    assert (
        history.stdout.startswith("قائمشهر in Asian Mayors Forum") and "observer" in history.stdout
    )


# --- alembic 0011 -----------------------------------------------------------------------------


def _folded(db, name: str) -> list[str]:
    engine = db.engine()
    try:
        from sqlalchemy import text

        with engine.connect() as conn:
            return sorted(
                conn.execute(
                    text("SELECT folded FROM city_name WHERE name = :n"), {"n": name}
                ).scalars()
            )
    finally:
        engine.dispose()


def test_revision_0011_folds_the_stored_names_again_and_back(backend, tmp_path, request):
    db = new_database(backend, tmp_path, request, seeded=True)
    assert run_cli(db, "city", "add", "قائمشهر", "--country", "IR", "--source", "S0").exit_code == 0
    after = table_snapshot(db)
    engine = db.engine()
    try:
        migrations.downgrade(engine, "0010")
        assert _folded(db, "قائمشهر") == ["قائمشهر"]  # as 0010 folded it
        migrations.upgrade(engine, "head")
    finally:
        engine.dispose()
    assert _folded(db, "قائمشهر") == ["قایمشهر"]
    assert table_snapshot(db) == after  # names as written, every other row alike
    assert run_cli(db, "city", "show", "قایمشهر").exit_code == 0
