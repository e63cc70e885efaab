"""Issue 15 (fa15n): keys made from Persian-only names read as the names are usually written."""

from __future__ import annotations

import pytest
from conftest import table_snapshot

from citylinks.text import COMMON_LATIN_WORDS, slugify, transliterate


@pytest.mark.parametrize(
    ("persian", "key"),
    [
        ("تهران", "tehran"),
        ("مشهد", "mashhad"),
        ("اصفهان", "isfahan"),
        ("شیراز", "shiraz"),
        ("تبریز", "tabriz"),
        ("کرمانشاه", "kermanshah"),
        ("بندرعباس", "bandar-abbas"),  # two words written as one
        ("بندر عباس", "bandar-abbas"),
        ("یزد", "yazd"),
        ("قزوین", "qazvin"),
        ("زاهدان", "zahedan"),
        ("کرج", "karaj"),
        ("سنندج", "sanandaj"),
        ("دزفول", "dezful"),
        ("خرمشهر", "khorramshahr"),
        ("شهرکرد", "shahrekord"),
        ("سبزوار", "sabzevar"),
        ("چابهار", "chabahar"),
        ("بندرانزلی", "bandar-anzali"),
        ("كرج", "karaj"),  # Arabic kaf, folded as every door folds it
    ],
)
def test_iranian_city_names_give_their_usual_latin_keys(persian, key):
    assert slugify(transliterate(persian)) == key


@pytest.mark.parametrize(
    ("persian", "key"),
    [
        ("شبکه شهرهای سالم", "shabakeh-shahrha-ye-salem"),  # the plural and its ezafe
        ("شبكه شهرهاي سالم", "shabakeh-shahrha-ye-salem"),  # Arabic letters
        ("مجمع عمومی", "majma-omumi"),
        ("کمیته گردشگری سلامت", "komiteh-gardeshgari-salamat"),
        ("مریم نوری", "maryam-nuri"),
    ],
)
def test_names_of_organizations_and_people_read_well(persian, key):
    assert slugify(transliterate(persian)) == key


def test_the_word_list_is_persian_words_in_plain_lowercase_latin():
    for persian, latin in COMMON_LATIN_WORDS.items():
        assert transliterate(persian).isascii()
        assert slugify(latin) == latin, latin
        assert " " not in persian


def test_an_organization_named_only_in_persian_gets_the_readable_key(seeded_cli, seeded_db):
    done = seeded_cli("org", "add", "--name", "fa=شبکه شهرهای سالم", "--source", "S0")
    assert done.exit_code == 0, done.output
    assert "(key shabakeh-shahrha-ye-salem)" in done.stdout
    city = seeded_cli("city", "add", "بندرعباس", "--country", "IR")
    assert city.stdout.strip() == "recorded city bandar-abbas: بندرعباس, IR"


def test_keys_already_stored_do_not_change(seeded_cli, seeded_db, tmp_path):
    """A key made by an earlier version (or given by a file) stays as it is stored."""
    path = tmp_path / "c.csv"
    path.write_text("city,country,key\nبندرعباس,IR,bandar-abas\n", "utf-8")
    assert seeded_cli("import", "csv", "cities", str(path)).exit_code == 0
    before = table_snapshot(seeded_db)
    shown = seeded_cli("city", "show", "bandar-abas")
    assert shown.exit_code == 0, shown.output
    assert seeded_cli("city", "show", "بندرعباس").stdout == shown.stdout
    assert table_snapshot(seeded_db) == before
