"""Issue 14: a record's exact key, or its id (bare or after a hash, "#2"), finds it even when
other records share a name that folds like it: one look-up for every command
(services/lookup.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def two_tehrans(seeded_cli):
    # The seeded Tehran (key `tehran`, Iran) and a namesake in Turkey: the name is shared.
    added = seeded_cli("city", "add", "Tehran", "--country", "TR", "--force")
    assert "recorded city tehran-tr: Tehran, TR" in added.stdout, added.output
    return seeded_cli


def test_the_shared_name_is_ambiguous_but_the_exact_key_wins(two_tehrans):
    cli = two_tehrans
    shared = cli("city", "show", "Tehran")
    assert shared.exit_code == 1
    assert shared.stderr.startswith("Error: 'Tehran' matches 2 cities")
    shown = cli("city", "show", "tehran")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("City tehran: Tehran, IR")
    other = cli("city", "show", "tehran-tr")
    assert other.stdout.startswith("City tehran-tr: Tehran, TR")


def test_every_command_finds_the_city_by_its_key(two_tehrans):
    cli = two_tehrans
    portfolio = cli("portfolio", "tehran")
    assert portfolio.exit_code == 0, portfolio.output
    assert "Organizations of Tehran" in portfolio.stdout
    history = cli("member", "history", "tehran", "UCLG-MEWA")
    # Found: the error is about the membership, not about which Tehran.
    assert "matches 2 cities" not in history.output
    assert "Tehran has no recorded membership in UCLG-MEWA" in history.stderr
    edited = cli("city", "edit", "tehran", "--add-name", "fa=طهران")
    assert edited.exit_code == 0, edited.output
    assert "changed city tehran (now version 2)" in edited.stdout
    assert "طهران" in cli("city", "show", "tehran").stdout
    assert "طهران" not in cli("city", "show", "tehran-tr").stdout


def test_an_id_with_a_hash_finds_the_record_as_the_bare_id_does(two_tehrans):
    cli = two_tehrans
    bare = cli("city", "show", "2").stdout
    assert bare.startswith("City ")
    assert cli("city", "show", "#2").stdout == bare
    assert cli("person", "show", "#1").stdout == cli("person", "show", "1").stdout
    org = cli("org", "show", "#1")
    assert org.exit_code == 0, org.output
    assert org.stdout == cli("org", "show", "1").stdout
    missing = cli("city", "show", "#99999")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: no city matches '#99999'")
