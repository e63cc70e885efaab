"""Issue 15: fold's rule 9 (fa15o: an ezafe after a final ه written as a ی of its own folds
as «اطلاعیهٔ» does) changes the matching key of stored names; alembic 0012 makes them again,
so a city recorded before it is found by every spelling of its ezafe, and back."""

from __future__ import annotations

from conftest import new_database, run_cli, table_snapshot
from sqlalchemy import text

from citylinks import migrations
from citylinks.text import fold, fold_with_ezafe_kept

NAME = "خانه‌ی سبز"


def _folded(db) -> list[str]:
    engine = db.engine()
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    text("SELECT folded FROM city_name WHERE name = :n"), {"n": NAME}
                ).scalars()
            )
    finally:
        engine.dispose()


def test_every_ezafe_spelling_folds_alike_and_0011s_key_kept_it():
    spellings = ["خانه‌ی سبز", "خانه ی سبز", "خانهٔ سبز", "خانه سبز"]
    assert len({fold(s) for s in spellings}) == 1
    assert fold_with_ezafe_kept("خانه‌ی سبز") != fold("خانه‌ی سبز")
    assert fold("ماهی سبز") != fold("ماه سبز")  # a ی joined to the ه is a letter of the word


def test_revision_0012_folds_the_stored_names_again_and_back(backend, tmp_path, request):
    db = new_database(backend, tmp_path, request, seeded=True)
    added = run_cli(db, "city", "add", NAME, "--country", "IR", "--source", "S0")
    assert added.exit_code == 0, added.output
    after = table_snapshot(db)
    engine = db.engine()
    try:
        migrations.downgrade(engine, "0011")
        assert _folded(db) == [fold_with_ezafe_kept(NAME)]  # as 0011 left it
        migrations.upgrade(engine, "head")
    finally:
        engine.dispose()
    assert _folded(db) == [fold(NAME)]
    assert table_snapshot(db) == after  # names as written, every other row alike
    for spelling in ("خانهٔ سبز", "خانه سبز", "خانه ی سبز"):
        shown = run_cli(db, "city", "show", spelling)
        assert shown.exit_code == 0, shown.output
