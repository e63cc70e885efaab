"""Issue 15: no English word left in Persian output, keys and option names the officer types
excepted: the look-alike refusal, the warning for a fact recorded without a source, the
session a message names (by its series' name, not its key), the prompts and the help that
offer 'unknown' and 'present' (Persian words the dates accept: «نامعلوم», «تاکنون»)."""

from __future__ import annotations

import re

import pytest
from tests.conftest import run_fa

from citylinks.cli import prompting

# Latin letters in a word: what must not be left once the typed keys and names are taken out.
LATIN = re.compile(r"[A-Za-z]")


def _latin_left(text: str, *typed: str) -> list[str]:
    """The Latin words of `text` other than `typed` (keys, names, options, commands)."""
    for word in sorted(typed, key=len, reverse=True):
        text = text.replace(word, "")
    text = re.sub(r"`[^`]*`", "", text)  # a command to type, as it is typed
    return [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", text)]


def test_a_look_alike_person_is_refused_in_persian(seeded_db):
    done = run_fa(seeded_db, "person", "add", "Alireza Amrolahi")
    assert done.exit_code == 1
    assert "علیرضا امراللهی (کلید amrollahi)" in done.stderr
    assert _latin_left(done.stderr, "Alireza Amrolahi", "amrollahi", "--force") == []


def test_an_unsourced_fact_warning_is_in_persian(seeded_db):
    done = run_fa(seeded_db, "attend", "add", "AMF", "11", "Rasht", "--series", "executive-board")
    assert done.exit_code == 0, done.output
    # The session by its series' Persian name, the city by its Persian name.
    assert "AMF هیئت اجرایی ۱۱" in done.output and "رشت" in done.output
    assert "executive-board" not in done.output and "attendee " not in done.output
    warning = next(line for line in done.stderr.splitlines() if line.startswith("هشدار"))
    assert warning.startswith("هشدار: حاضر ")
    assert _latin_left(warning, "AMF") == []
    assert _latin_left(done.stdout, "AMF") == []


def test_session_messages_name_the_series_in_english_by_its_key(seeded_cli):
    """English keeps the key (what the officer types after --series)."""
    done = seeded_cli("attend", "add", "AMF", "11", "Rasht", "--series", "executive-board")
    assert done.exit_code == 0, done.output
    assert "AMF executive-board 11" in done.output


@pytest.mark.any_backend  # a question asked before the database is read
def test_the_prompt_offers_the_persian_word_for_an_unknown_date(seeded_db, monkeypatch):
    monkeypatch.setattr(prompting, "interactive", lambda: True)
    done = run_fa(seeded_db, "member", "record", "Yazd", "GNLC", "member", "--dry-run")
    assert "از کی آغاز شد (یا «نامعلوم»)" in done.stderr
    assert "unknown" not in done.stderr


@pytest.mark.any_backend  # help, no database
@pytest.mark.parametrize("command", [("role", "add"), ("post", "add"), ("role", "edit")])
def test_persian_help_offers_persian_words_for_unknown_and_present(command):
    done = run_fa(None, *command, "--help")
    assert done.exit_code == 0, done.output
    assert "'unknown'" not in done.stdout and "'present'" not in done.stdout
    assert "«نامعلوم»" in done.stdout


@pytest.mark.any_backend  # the words the dates read, no database
@pytest.mark.parametrize("word,meaning", [("نامعلوم", "unknown"), ("تاکنون", "present")])
def test_the_persian_words_offered_are_read_as_dates(word, meaning):
    from citylinks.dates import PartialDate

    assert str(PartialDate.parse(word)) == meaning


@pytest.mark.any_backend  # how the same rows are shown
def test_member_history_names_the_deciding_session_in_persian(seeded_cli):
    done = seeded_cli(
        "member", "history", "yazd", "AMF", "--lang", "fa", "--format", "markdown"
    )  # CSV gives data columns (fa15o)
    assert done.exit_code == 0, done.output
    assert "AMF هیئت اجرایی ۱۱ (" in done.stdout and "AMF هیئت اجرایی 11" not in done.stdout
