"""Keys (issue 15): a key given with capitals is refused with the same line at every door (a
command's --key or a series' KEY, a CSV `key` or `city_key` cell, a dataset's `key`), and the
database is left as it was; a source's key keeps its capitals. Persian-only place names get
the Latin spelling of ISO 3166-2:IR (kerman, qom), and a key is renamed with --key."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import run_cli, run_fa, table_snapshot

from citylinks import text
from citylinks.services.names import key_base

REFUSAL = "the key 'Kerman-1' has capital letters: keys are lower-case; use 'kerman-1'"


def _csv_cities(tmp_path):
    path = tmp_path / "cities.csv"
    path.write_text("city,country,key\nKerman,IR,Kerman-1\n", encoding="utf-8")
    return ["import", "csv", "cities", str(path)]


def _csv_memberships(tmp_path):
    path = tmp_path / "memberships.csv"
    path.write_text(
        "city,country,organization,status,from,to,reason,source,city_key\n"
        "Kerman,IR,AMF,observer,2024,,invited,S0,Kerman-1\n",
        encoding="utf-8",
    )
    return ["import", "csv", "memberships", str(path), "--create-missing"]


def _dataset(tmp_path):
    path = tmp_path / "office.toml"
    path.write_text(
        'format = "citylinks-dataset/1"\n\n[[city]]\nkey = "Kerman-1"\ncountry = "IR"\n'
        'sources = ["S0"]\nnames = [{ lang = "en", name = "Kerman" }]\n',
        encoding="utf-8",
    )
    return ["import", "dataset", str(path)]


def _command(tmp_path):
    return ["city", "edit", "yazd", "--key", "Kerman-1"]


DOORS = {
    "city edit --key": _command,
    "import csv cities": _csv_cities,
    "import csv memberships": _csv_memberships,
    "import dataset": _dataset,
}


@pytest.mark.parametrize("door", list(DOORS))
def test_a_key_with_capitals_is_refused_alike_at_every_door(seeded_db, tmp_path, door):
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, *DOORS[door](tmp_path))
    assert result.exit_code == 1, result.output
    said = [line for line in result.stderr.splitlines() if REFUSAL in line]
    assert said and said[0].endswith(REFUSAL), result.stderr
    assert table_snapshot(seeded_db) == before


def test_the_refusal_is_said_in_persian_at_a_file_door_too(seeded_db, tmp_path):
    result = run_fa(seeded_db, *_csv_cities(tmp_path))
    assert result.exit_code == 1
    assert "کلید «Kerman-1» حروف بزرگ دارد: کلیدها با حروف کوچک‌اند؛ «kerman-1»" in result.stderr


def test_a_series_key_with_capitals_is_refused_not_lowered(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli("org", "series", "add", "AMF", "Secretariat", "--name", "Secretariat")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the key 'Secretariat' has capital letters: keys are lower-case; use 'secretariat'\n"
    )
    assert table_snapshot(seeded_db) == before


def test_the_same_keys_in_lower_case_are_taken(seeded_cli, seeded_db, tmp_path):
    path = tmp_path / "cities.csv"
    path.write_text("city,country,key\nKerman,IR,kerman-1\n", encoding="utf-8")
    result = seeded_cli("import", "csv", "cities", str(path))
    assert result.exit_code == 0, result.output
    assert seeded_cli("city", "show", "kerman-1").stdout.startswith("City kerman-1: Kerman")


def test_a_source_key_keeps_its_capitals_in_a_dataset(seeded_cli, tmp_path):
    path = tmp_path / "office.toml"
    path.write_text(
        'format = "citylinks-dataset/1"\n\n[[source]]\nkey = "KR1"\nkind = "web-page"\n'
        'title = "Kerman municipality"\nurl = "https://example.org/kerman"\n',
        encoding="utf-8",
    )
    result = seeded_cli("import", "dataset", str(path))
    assert result.exit_code == 0, result.output
    assert seeded_cli("source", "show", "KR1").exit_code == 0


# --- the Latin names of Persian-only places -------------------------------------------------


@pytest.mark.any_backend  # no database
@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("کرمان", "kerman"),
        ("كرمان", "kerman"),  # Arabic kaf
        ("قم", "qom"),
        ("همدان", "hamadan"),
        ("زنجان", "zanjan"),
        ("اردبیل", "ardabil"),
        ("بوشهر", "bushehr"),
        ("ایلام", "ilam"),
        ("شهرداری قم", "shahrdari-qom"),  # a known word in a longer name
        ("تهران", "tehran"),  # the bundled dataset's names stay as they were
        ("کاشان", "kashan"),  # no source: letter by letter, as before
    ],
)
def test_persian_place_names_get_their_usual_latin_key(name, key):
    assert key_base([name]) == key


@pytest.mark.any_backend  # no database
def test_every_iso_name_is_the_one_iso_3166_2_gives():
    """ISO_PLACE_NAMES invents nothing: each is the name ISO 3166-2:IR gives the province of
    that code (pycountry's copy of the list), without its marks and the word Province, and
    the province is named after the city."""
    import pycountry

    for persian, (code, latin) in text.ISO_PLACE_NAMES.items():
        iso = pycountry.subdivisions.get(code=code).name.removesuffix(" Province")
        plain = "".join(
            ch for ch in unicodedata.normalize("NFD", iso) if not unicodedata.combining(ch)
        )
        assert plain == latin, (persian, code, iso)


def test_a_persian_only_city_gets_its_usual_key_and_can_rename_it(seeded_cli):
    added = seeded_cli("city", "add", "همدان", "--country", "IR", "--source", "S0")
    assert added.exit_code == 0, added.output
    assert added.stdout.strip() == "recorded city hamadan: همدان, IR"
    renamed = seeded_cli("city", "edit", "hamadan", "--key", "hamadan-city", "--reason", "usual")
    assert renamed.exit_code == 0, renamed.output
    shown = seeded_cli("city", "show", "hamadan-city")
    assert shown.stdout.startswith("City hamadan-city: همدان, IR"), shown.output
    assert seeded_cli("city", "show", "hamadan").exit_code == 1
