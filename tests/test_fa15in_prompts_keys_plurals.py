"""Three gaps a Persian officer found (issue 15): a bad date typed at a prompt ended the command
(now it is said in one line and asked again); records named only in Persian got keys without
vowels ("thran", "yzd"); and messages counted things as "1 role(s)", "city(ies)"."""

from __future__ import annotations

import re
import tokenize
import tomllib
from pathlib import Path

import pytest
from conftest import persian, table_snapshot

from citylinks import text
from citylinks.cli import prompting
from citylinks.services.names import key_base

SRC = Path(__file__).resolve().parent.parent / "src" / "citylinks"
DATA = Path(__file__).resolve().parent.parent / "data" / "amf.toml"


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(prompting, "interactive", lambda: True)


def _observer_from(db, start: str) -> int:
    return db.scalar(
        "SELECT count(*) FROM membership_phase WHERE status = 'observer' AND start_text = :d",
        d=start,
    )


# --- a bad date at a prompt is asked again ---------------------------------------------------

RECORD = ("member", "record", "Isfahan", "AMF", "observer", "--source", "S1")


def test_a_bad_date_at_the_prompt_is_said_and_asked_again(seeded_cli, seeded_db, terminal):
    result = seeded_cli(*RECORD, input="1404-13\n\n۱۴۰۴ آذر ۷\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("When did it begin (or 'unknown'):") == 3
    assert "--from: month 13 is out of range: months run from 1 to 12 (try again)" in result.stderr
    assert _observer_from(seeded_db, "j:1404-09-07") == 1


def test_the_prompt_asks_again_in_persian(seeded_cli, seeded_db, terminal):
    with persian():
        result = seeded_cli(*RECORD, input="۱۴۴۷ ق\n۱۴۰۴ ش\n")
    assert result.exit_code == 0, result.output
    refused = [line for line in result.stderr.splitlines() if "هجری قمری" in line]
    assert len(refused) == 1, result.stderr
    assert refused[0].endswith("(دوباره وارد کنید)")
    assert "try again" not in result.stderr and "lunar" not in result.stderr
    assert _observer_from(seeded_db, "j:1404") == 1


def test_input_that_runs_out_at_the_prompt_writes_nothing(seeded_cli, seeded_db, terminal):
    before = table_snapshot(seeded_db)
    result = seeded_cli(*RECORD, input="2023-02-29\n")
    assert result.exit_code == 1
    assert "2023-02-29 does not exist: February 2023 has 28 days (try again)" in result.stderr
    assert "Traceback" not in result.output
    assert table_snapshot(seeded_db) == before


@pytest.mark.parametrize(
    ("args", "question"),
    [
        (("member", "end", "Yazd", "AMF", "--source", "S1"), "When did it end:"),
        (
            ("session", "add", "AMF", "20", "--series", "general-assembly", "--host", "Yazd"),
            "First day (or year, or 'unknown'):",
        ),
    ],
)
def test_other_date_prompts_ask_again(seeded_cli, terminal, args, question):
    result = seeded_cli(*args, "--dry-run", input="آذر\n۱۴۰۵ دی ۳\n")
    assert result.stderr.count(question) == 2, result.stderr
    assert "(try again)" in result.stderr
    assert result.exit_code == 0, result.output


# --- readable keys for Persian-only names ----------------------------------------------------


@pytest.mark.any_backend  # no database
@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("تهران", "tehran"),
        ("یزد", "yazd"),
        ("يزد", "yazd"),
        ("شیراز", "shiraz"),
        ("اصفهان", "isfahan"),
        ("مشهد", "mashhad"),
        ("تبریز", "tabriz"),
        ("قزوین", "qazvin"),
        ("خرم\u200cآباد", "khorramabad"),
        ("شهرداری تهران", "shahrdari-tehran"),  # a known word inside a longer name
        ("کرمان", "kerman"),  # ISO 3166-2:IR names its province Kermān
        ("قم", "qom"),
        ("کاشان", "kashan"),
    ],
)
def test_persian_names_give_readable_keys(name, key):
    assert key_base([name]) == key


@pytest.mark.any_backend  # no database
def test_every_known_latin_name_is_one_the_bundled_sources_give():
    """KNOWN_LATIN_NAMES invents nothing: each pair is a city of data/amf.toml with that
    Persian name and that English official name."""
    given = set()
    for city in tomllib.loads(DATA.read_text("utf-8"))["city"]:
        english = [
            n["name"] for n in city["names"] if n["lang"] == "en" and n["kind"] == "official"
        ]
        for name in city["names"]:
            if name["lang"] == "fa" and english:
                given.add((text.fold(name["name"]), english[0]))
    table = {(text.fold(fa), en) for fa, en in text.KNOWN_LATIN_NAMES.items()}
    assert table <= given, table - given
    assert len(table) == len(given)  # and each such name is in it


@pytest.mark.any_backend  # no database
def test_a_short_vowel_only_where_the_consonants_need_one():
    assert text.transliterate("یزد") == "Yazd"
    assert text.slugify(text.transliterate("نایین")) == "nayin"  # its vowels are written
    assert text.slugify(text.transliterate("خُرَّم")) == "khorram"  # written vowel signs kept
    assert text.transliterate("Yazd 2") == "Yazd 2"  # Latin text is left as it is


def test_a_persian_only_city_gets_a_readable_key_kept_unique(seeded_cli):
    first = seeded_cli("city", "add", "کرمان", "--country", "IR")
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == "recorded city kerman: کرمان, IR"
    again = seeded_cli("city", "add", "كرمان", "--country", "IR", "--force")
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == "recorded city kerman-ir: کرمان, IR"


# --- plurals ------------------------------------------------------------------------------


def test_no_message_counts_with_s_in_brackets():
    """No string in src says "(s)" or "(ies)" for a count; Click's own message, which
    cli/language.py translates by its English words, is the one exception."""
    found = []
    for path in SRC.rglob("*.py"):
        with path.open("rb") as source:
            for token in tokenize.tokenize(source.readline):
                if token.type != tokenize.STRING or "unexpected extra argument" in token.string:
                    continue
                if re.match(r"[rRbB]?[fF]", token.string):
                    continue  # an f-string's `(s)` is code: `_quote(s)`
                if re.search(r"[a-z]\((s|ies|es)\)", token.string):
                    found.append(f"{path.relative_to(SRC)}:{token.start[0]}: {token.string}")
    assert found == []


def test_one_and_many_are_said_in_english_and_persian(seeded_cli):
    one = seeded_cli("person", "remove", "amrollahi")
    assert one.exit_code == 1
    assert "1 post (" in one.stderr and "(s)" not in one.stderr
    many = seeded_cli("city", "remove", "yazd")
    assert many.exit_code == 1
    assert "3 memberships" in many.stderr and "2 roles" in many.stderr, many.stderr
    with persian():
        said = seeded_cli("city", "remove", "yazd")
    assert "۳ عضویت" in said.stderr and "۲ نقش" in said.stderr, said.stderr
    shown = seeded_cli("city", "show", "Yazd")
    assert "(3 phases; see `citylinks member history yazd amf`)" in shown.stdout
