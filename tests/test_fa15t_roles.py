"""Issue 15 (fresh clone, Persian first): a known role title typed by its Persian name, on
either keyboard, with or without the ZWNJ, is stored as that title, as if typed in English
(`role add`, `role edit`); a title citylinks does not know is kept as typed."""

from __future__ import annotations

import pytest
from conftest import run_cli, run_fa


def _titles(db) -> list[str]:
    return [
        t
        for (t,) in db.rows(
            "SELECT r.title FROM role r JOIN city c ON c.id = r.city_id"
            " WHERE c.key = 'shiraz' AND r.start_text = '2030' ORDER BY r.id"
        )
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("دبیر", "secretary"),
        ("دبير", "secretary"),  # Arabic yeh
        ("نایب‌رئیس", "vice-president"),  # the one `role add --help` offers of two
        ("نايب رئيس", "vice-president"),  # Arabic keyboard, a space for the ZWNJ
        ("خزانه‌دار", "treasurer"),
        ("مدیر ارشد", "مدیر ارشد"),  # not a title citylinks knows: as typed
    ],
)
def test_role_add_stores_a_known_title_typed_in_persian_as_that_title(seeded_db, typed, stored):
    added = run_fa(seeded_db, "role", "add", "Shiraz", "AMF", typed, "--from", "2030",
                   "--source", "S1")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert _titles(seeded_db) == [stored]


def test_the_english_roster_shows_the_title_in_english(seeded_db):
    run_fa(seeded_db, "role", "add", "Shiraz", "AMF", "دبیر", "--from", "2030", "--source", "S1")
    shown = run_cli(seeded_db, "city", "show", "Shiraz")
    assert "دبیر" not in shown.stdout, shown.stdout
    again = run_cli(
        seeded_db, "role", "add", "Shiraz", "AMF", "secretary", "--from", "2030", "--source", "S1"
    )
    assert again.exit_code == 1 and "already recorded" in again.stderr, again.output
    assert _titles(seeded_db) == ["secretary"]


def test_role_edit_to_a_persian_title_stores_the_known_title(seeded_db):
    run_cli(seeded_db, "role", "add", "Shiraz", "AMF", "treasurer", "--from", "2030",
            "--source", "S1")  # fmt: skip
    role_id = seeded_db.scalar(
        "SELECT r.id FROM role r JOIN city c ON c.id = r.city_id"
        " WHERE c.key = 'shiraz' AND r.start_text = '2030'"
    )
    edited = run_fa(seeded_db, "role", "edit", f"#{role_id}", "--title", "نایب رئیس")
    assert edited.exit_code == 0, edited.output
    assert _titles(seeded_db) == ["vice-president"]
