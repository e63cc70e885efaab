"""An organization known in Persian only (issue 15): `org add` takes it without a Latin
acronym, with a Persian acronym or none, and gives it a transliterated key, as a city gets;
the Persian acronym is kept as written."""

from __future__ import annotations

from conftest import table_snapshot


def test_an_organization_with_a_persian_name_alone_is_recorded_with_a_latin_key(seeded_cli):
    result = seeded_cli("org", "add", "--name", "fa=شبکه شهرهای سالم", "--source", "S0")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "recorded organization شبکه شهرهای سالم (key shabakeh-shahrha-ye-salem)"  # named once
    )
    shown = seeded_cli("org", "show", "shabakeh-shahrha-ye-salem")
    assert shown.stdout.splitlines()[0] == "Organization شبکه شهرهای سالم"
    assert shown.stdout.splitlines()[1] == "  key: shabakeh-shahrha-ye-salem"


def test_a_persian_acronym_is_kept_and_its_key_transliterated(seeded_cli):
    result = seeded_cli("org", "add", "شهس", "--name", "fa=شبکه شهرهای سبز", "--source", "S0")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "recorded organization شهس: شبکه شهرهای سبز (key shahs)"
    assert seeded_cli("org", "show", "شهس").stdout.splitlines()[0] == (
        "Organization شهس: شبکه شهرهای سبز"
    )


def test_the_same_persian_name_again_is_a_likely_duplicate(seeded_cli, seeded_db):
    assert (
        seeded_cli("org", "add", "--name", "fa=شبکه شهرهای سالم", "--source", "S0").exit_code == 0
    )
    before = table_snapshot(seeded_db)
    again = seeded_cli("org", "add", "--name", "fa=شبكه شهرهاي سالم", "--source", "S0")
    assert again.exit_code == 1
    assert "shabakeh-shahrha-ye-salem" in again.stderr and "--force" in again.stderr
    assert table_snapshot(seeded_db) == before


def test_an_organization_needs_a_name_still(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli("org", "add", "--source", "S0")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Missing option '--name'.")
    assert table_snapshot(seeded_db) == before
