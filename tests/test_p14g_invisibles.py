"""Issue 14: blank letters and invisible marks (Hangul fillers, the combining grapheme
joiner, variation selectors, tag characters, the blank Braille pattern) are refused in a
name at every door, named in the message, as the zero width space is (text.py's one rule);
ZWNJ and ZWJ stay."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

BLANKS = [
    ("\u3164", "U+3164 (Hangul filler)"),
    ("\u115f", "U+115F (Hangul choseong filler)"),
    ("\u1160", "U+1160 (Hangul jungseong filler)"),
    ("\uffa0", "U+FFA0 (halfwidth Hangul filler)"),
    ("\u034f", "U+034F (combining grapheme joiner)"),
    ("\ufe00", "U+FE00 (variation selector)"),
    ("\ufe0f", "U+FE0F (variation selector)"),
    ("\U000e0100", "U+E0100 (variation selector)"),
    ("\U000e01ef", "U+E01EF (variation selector)"),
    ("\U000e0000", "U+E0000 (tag character)"),
    ("\U000e0041", "U+E0041 (tag character)"),
    ("\U000e007f", "U+E007F (tag character)"),
    ("\u2800", "U+2800 (Braille pattern blank)"),
]


def test_a_blank_looking_city_name_is_refused_with_the_character_named(cli, empty_db):
    assert cli("country", "add", "US", "--name", "United States").exit_code == 0
    for mark, named in BLANKS:
        alone = cli("city", "add", mark, "--country", "US")
        assert alone.exit_code == 1, (named, alone.output)
        assert alone.stderr == (
            f"Error: the city name contains the invisible character {named} at character 1,"
            " which makes it differ from the text it looks like; remove it\n"
        )
        inside = cli("city", "add", f"Spring{mark}field", "--country", "US")
        assert inside.exit_code == 1
        assert f"invisible character {named} at character 7" in inside.stderr
    assert empty_db.scalar("SELECT count(*) FROM city") == 0
    # The joiners that spell Persian and other scripts stay.
    for name in ("می\u200cشود", "क्\u200dष"):
        added = cli("city", "add", name, "--country", "US")
        assert added.exit_code == 0, added.output
    assert empty_db.scalar("SELECT count(*) FROM city") == 2


@pytest.mark.parametrize(("mark", "named"), [BLANKS[0], BLANKS[6], BLANKS[10]])
def test_a_blank_character_is_refused_at_every_door(empty_db, tmp_path, mark, named):
    said = f"contains the invisible character {named} at character 4"
    name = f"Ali{mark}Reza"
    popolo = tmp_path / "people.json"
    popolo.write_text(json.dumps({"persons": [{"id": "p1", "name": name}]}), "utf-8")
    read = run_cli(empty_db, "import", "popolo", str(popolo))
    assert read.exit_code == 1
    assert "persons #1 (p1)" in read.stderr and said in read.stderr

    dataset = tmp_path / "people.toml"
    dataset.write_text(
        'format = "citylinks-dataset/1"\n'
        f'[[person]]\nkey = "ali"\nnames = [{{lang = "en", name = "{name}"}}]\n',
        "utf-8",
    )
    loaded = run_cli(empty_db, "import", "dataset", str(dataset))
    assert loaded.exit_code == 1
    assert said in loaded.stderr
    assert empty_db.scalar("SELECT count(*) FROM person") == 0

    assert run_cli(empty_db, "country", "add", "GB").exit_code == 0
    sheet = tmp_path / "cities.csv"
    sheet.write_text(f"city,country\nLee{mark}ds,GB\n", encoding="utf-8")
    cells = run_cli(empty_db, "import", "csv", "cities", str(sheet))
    assert cells.exit_code == 1
    assert said in cells.stderr
    assert empty_db.scalar("SELECT count(*) FROM city") == 0
