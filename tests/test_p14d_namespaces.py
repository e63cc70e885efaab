"""Issue 14: namespaces written in Latin's own look-alike letters (small capitals, IPA
letters) are the plain Latin namespace written another way, as Cyrillic, Greek and Lisu
look-alikes already are (text.as_latin_look_alikes, the one rule)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli, table_snapshot

from citylinks import text
from citylinks.formats.popolo import namespace_key

ALDERNEY = Path(__file__).parent / "data" / "popolo" / "Alderney-States.json"


@pytest.mark.any_backend  # a pure function of the text
@pytest.mark.parametrize("typed", ["d\u0251sh", "\u1d05\u1d00s\u029c", "DASH", "da\u0261\u0261"])
def test_small_capitals_and_ipa_letters_are_read_as_plain_latin(typed):
    plain = "dagg" if "\u0261" in typed else "dash"
    assert namespace_key(typed) == namespace_key(plain)
    assert (
        text.as_latin_look_alikes("\u1d0b\u026a\u029f\u029f \u0251\u0261\u0269\u028b\u0266\u0237")
        == "KILL agivhj"
    )


@pytest.mark.parametrize("typed", ["d\u0251sh", "\u1d05\u1d00s\u029c"])
def test_a_namespace_in_small_capitals_or_ipa_letters_is_refused(empty_db, typed):
    ok = run_cli(empty_db, "import", "popolo", "--namespace", "dash", str(ALDERNEY))
    assert ok.exit_code == 0, ok.output
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", "--namespace", typed, str(ALDERNEY))
    assert result.exit_code == 1, result.output
    assert f"the namespace {typed!r} is the namespace 'dash' written another way" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(empty_db) == before
