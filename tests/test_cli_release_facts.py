"""Facts of the AMF's releases that officers record by hand: countries by their ISO 3166-1
codes, city designations, an organization's aims, initiator and note, posts held now."""

from __future__ import annotations

import pytest
from conftest import table_snapshot


# any_backend: checked before any query (the text rules)
@pytest.mark.any_backend
@pytest.mark.parametrize("acronym", ["", "  "])
def test_an_empty_acronym_is_refused(seeded_cli, seeded_db, acronym):
    before = table_snapshot(seeded_db)
    result = seeded_cli("org", "add", acronym, "--name", "X Network")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: the acronym is empty: give at least one letter"
    assert table_snapshot(seeded_db) == before


# any_backend: checked against ISO 3166 (pycountry) before any query
@pytest.mark.any_backend
def test_a_country_code_outside_iso_3166_is_refused(cli, empty_db):
    result = cli("country", "add", "ZZ", "--name", "Nowhere")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: 'ZZ' is not an ISO 3166-1 country code: see https://www.iso.org/obp/ui/#search"
        " or `citylinks country list --all`"
    )
    assert empty_db.rows("SELECT code FROM country") == []


def test_a_country_without_a_name_takes_its_english_name_from_iso_3166(cli, empty_db):
    result = cli("country", "add", "kr", "--name", "fa=کره جنوبی")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "recorded country KR South Korea"
    assert empty_db.rows("SELECT code, name_en, name_fa FROM country") == [
        ("KR", "South Korea", "کره جنوبی")
    ]


def test_country_list_all_marks_the_recorded_ones(seeded_cli):
    lines = seeded_cli("country", "list", "--all").stdout.splitlines()
    assert "* IR  Iran" in lines
    assert "  FR  France" in lines
    assert len(lines) > 240


def test_a_designation_is_recorded_with_date_reference_and_sources(seeded_cli, seeded_db):
    result = seeded_cli(
        "city", "designation", "add", "Shiraz", "UNESCO Creative City of Crafts",
        "--date", "۱۳۹۸", "--reference", "CCN-2019", "--source", "S0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "recorded designation: UNESCO Creative City of Crafts, 1398 (2019–2020)"
    )
    shown = seeded_cli("city", "show", "Shiraz").stdout
    assert "UNESCO Creative City of Crafts (CCN-2019), 1398 (2019–2020) [S0]" in shown
    assert seeded_db.rows(
        "SELECT d.name, d.reference, d.date_text FROM designation d"
        " JOIN city c ON c.id = d.city_id WHERE c.key = 'shiraz'"
    ) == [("UNESCO Creative City of Crafts", "CCN-2019", "j:1398")]


def test_a_designation_twice_or_without_a_source_is_refused(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    again = seeded_cli(
        "city", "designation", "add", "Yazd", "UNESCO World Heritage: Historic City of Yazd",
        "--source", "S0",
    )  # fmt: skip
    assert again.exit_code == 1
    assert "yazd already has the designation" in again.stderr
    unsourced = seeded_cli("city", "designation", "add", "Yazd", "Something")
    assert unsourced.exit_code == 2 and "Missing option '--source'" in unsourced.stderr
    assert table_snapshot(seeded_db) == before


def test_org_edit_records_aims_initiator_and_note(seeded_cli, seeded_db):
    assert seeded_cli("org", "add", "TNC", "--name", "Test Network of Cities").exit_code == 0
    shown = seeded_cli("org", "show", "TNC").stdout
    assert "  founded: unknown" in shown and "  aims: none" in shown
    result = seeded_cli(
        "org", "edit", "TNC", "--aim", "city diplomacy", "--aim", "تبادل دانش",
        "--initiator", "Tehran Municipality", "--note", "From the 2025 release.",
        "--classification", "non-governmental", "--region", "Asia",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = seeded_cli("org", "show", "TNC").stdout
    assert "  aims:\n    city diplomacy\n    تبادل دانش\n" in shown
    assert "  initiator: Tehran Municipality" in shown
    assert "  note: From the 2025 release." in shown
    assert "  classification: non-governmental" in shown and "  region: Asia" in shown
    row = seeded_db.rows("SELECT initiator, note FROM organization WHERE acronym = 'TNC'")
    assert row == [("Tehran Municipality", "From the 2025 release.")]
    cleared = seeded_cli("org", "edit", "TNC", "--aim", "", "--initiator", "", "--note", "")
    assert cleared.exit_code == 0, cleared.output
    shown = seeded_cli("org", "show", "TNC").stdout
    assert "  aims: none" in shown and "initiator:" not in shown and "note:" not in shown


def test_org_show_prints_the_recorded_aims_and_initiator_of_the_amf(seeded_cli):
    shown = seeded_cli("org", "show", "AMF").stdout
    assert "    city and public diplomacy" in shown
    assert "  initiator: Tehran Municipality, on the initiative of its mayor" in shown


@pytest.mark.parametrize(
    "dates,shown",
    [
        (["--from", "unknown"], "from an unknown date, end not recorded"),
        (["--from", "2024"], "from 2024 (1402–1403), end not recorded"),
        (["--from", "2024", "--to", "2025"], "from 2024 (1402–1403) to 2025 (1403–1404)"),
    ],
)
def test_a_post_without_an_end_says_the_end_is_not_recorded(seeded_cli, dates, shown):
    result = seeded_cli("post", "add", "Ni Qiang", "adviser", "--city", "Haikou", *dates)
    assert result.exit_code == 0, result.output
    assert f"adviser, Haikou, CN, {shown}" in seeded_cli("person", "show", "Ni Qiang").stdout
