"""`citylinks city ...` and `citylinks country ...`."""

from __future__ import annotations

import json

import pytest
from conftest import table_snapshot

import citylinks.cli.prompting as prompting


def _city_id(db, key: str):
    return db.scalar("SELECT id FROM city WHERE key = :key", key=key)


def test_yazd_in_latin_persian_and_arabic_letters_finds_the_same_city(seeded_cli):
    shown = [seeded_cli("city", "show", name) for name in ("Yazd", "یزد", "يزد", "yazd ")]
    for result in shown:
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("City yazd: Yazd, IR")
    assert len({r.stdout for r in shown}) == 1


def test_city_show_lists_names_designations_memberships_roles_posts_and_sources(seeded_cli):
    out = seeded_cli("city", "show", "Yazd").stdout
    assert "fa  یزد (official)" in out
    assert "UNESCO World Heritage: Historic City of Yazd (41 COM 8B.18), 2017-07-09" in out
    assert (
        "AMF: member from between 2025-11-27 and 2025-11-29 (between 1404-09-06 and 1404-09-08)"
        " to now (3 phases"
    ) in out
    assert "secretary, Tourism and Culture Committee" in out
    assert "mayor: Abolghasem Mohieddini" in out
    assert "S0, S1, S2, S3" in out
    assert "version: 1 (recorded by test-officer" in out


def test_city_name_with_country_code_narrows(seeded_cli):
    # A second Tehran, elsewhere, makes the bare name ambiguous.
    added = seeded_cli("city", "add", "Tehran", "--country", "TR", "--force")
    assert added.exit_code == 0, added.output
    assert "recorded city tehran-tr: Tehran, TR" in added.stdout
    ambiguous = seeded_cli("city", "show", "Tehran")
    assert ambiguous.exit_code == 1
    message = ambiguous.stderr
    assert message.startswith("Error: 'Tehran' matches 2 cities: Tehran, IR")
    assert "Tehran, TR" in message and "Narrow it" in message
    assert len(message.strip().splitlines()) == 1
    narrowed = seeded_cli("city", "show", "Tehran, IR")
    assert narrowed.exit_code == 0 and narrowed.stdout.startswith("City tehran: Tehran, IR")
    other = seeded_cli("city", "show", "تهران, TR")
    assert other.exit_code == 1


def test_unknown_city_suggests_the_closest_recorded_name(seeded_cli):
    result = seeded_cli("city", "show", "Yazdd")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no city matches 'Yazdd'. Did you mean 'Yazd'?"


def test_city_add_records_names_country_coordinates_ids_and_sources(seeded_cli, seeded_db):
    result = seeded_cli(
        "city", "add", "Kashan", "--country", "ir", "--name", "fa=كاشان",
        "--lat", "33.98", "--lon", "51.43", "--id", "wikidata=Q183497",
        "--region", "Isfahan", "--source", "S0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "recorded city kashan: Kashan, IR"
    city_id = _city_id(seeded_db, "kashan")
    names = seeded_db.rows(
        "SELECT lang, name FROM city_name WHERE city_id = :id ORDER BY position", id=city_id
    )
    assert names == [("en", "Kashan"), ("fa", "کاشان")]  # Arabic kaf stored as Persian
    shown = seeded_cli("city", "show", "کاشان").stdout
    assert "coordinates: 33.98, 51.43" in shown and "wikidata=Q183497" in shown
    assert "region: Isfahan" in shown and "version: 1" in shown


def test_city_add_with_only_a_persian_name_gets_a_transliterated_key(seeded_cli):
    result = seeded_cli("city", "add", "نایین", "--country", "IR")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "recorded city nayin: نایین, IR"
    assert "fa  نایین (official)" in seeded_cli("city", "show", "nayin").stdout
    # the same name again (forced) gets the key with the country; a Latin name wins
    again = seeded_cli("city", "add", "نایين", "--country", "IR", "--force")
    assert again.stdout.strip() == "recorded city nayin-ir: نایین, IR"
    both = seeded_cli("city", "add", "نطنز", "--name", "Natanz", "--country", "IR")
    assert both.stdout.strip() == "recorded city natanz: Natanz, IR", both.output
    renamed = seeded_cli("city", "edit", "nayin", "--key", "naein")
    assert renamed.exit_code == 0, renamed.output
    assert "City naein: نایین, IR" in seeded_cli("city", "show", "naein").stdout


def test_city_recorded_under_another_spelling_is_refused_in_a_script(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    for spelling in ("يزد", "YAZD", "Yazad"):
        result = seeded_cli("city", "add", spelling, "--country", "IR")
        assert result.exit_code == 1, spelling
        assert result.stderr.startswith(
            f"Error: a city with a name like '{spelling.replace('ي', 'ی')}' is recorded already:"
            " Yazd, IR (key yazd)"
        )
        assert "--force" in result.stderr
    assert table_snapshot(seeded_db) == before


def test_city_duplicate_warning_asks_on_a_terminal(seeded_cli, seeded_db, monkeypatch):
    monkeypatch.setattr(prompting, "interactive", lambda: True)
    before = table_snapshot(seeded_db)
    declined = seeded_cli("city", "add", "Yazad", "--country", "IR", input="n\n")
    assert declined.exit_code == 1
    assert "Warning: a city with a name like 'Yazad' is recorded already" in declined.stderr
    assert table_snapshot(seeded_db) == before
    accepted = seeded_cli("city", "add", "Yazad", "--country", "IR", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert _city_id(seeded_db, "yazad") is not None


# any_backend: a usage error, refused by argument parsing before any query
@pytest.mark.any_backend
def test_city_add_without_country_in_a_script_is_a_usage_error(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli("city", "add", "Kashan")
    assert result.exit_code == 2
    assert "Missing option '--country'" in result.stderr
    assert table_snapshot(seeded_db) == before


def test_city_add_on_a_terminal_asks_for_the_country_with_suggestions(
    seeded_cli, seeded_db, monkeypatch
):
    monkeypatch.setattr(prompting, "interactive", lambda: True)
    result = seeded_cli("city", "add", "Kashan", input="IR\n")
    assert result.exit_code == 0, result.output
    assert "known values: BD, BH, CN, IN, IQ, IR" in result.stderr
    assert (
        seeded_db.scalar(
            "SELECT country.code FROM city JOIN country ON country.id = city.country_id"
            " WHERE city.key = 'kashan'"
        )
        == "IR"
    )


def test_city_add_refuses_unknown_country_and_bad_coordinates(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    unknown = seeded_cli("city", "add", "Paris", "--country", "FR")
    assert unknown.exit_code == 1
    assert "no country with code or name 'FR'" in unknown.stderr
    assert "citylinks country add FR" in unknown.stderr
    bad = seeded_cli("city", "add", "Kashan", "--country", "IR", "--lat", "95", "--lon", "51")
    assert bad.exit_code == 1 and "--lat 95.0 is out of range" in bad.stderr
    half = seeded_cli("city", "add", "Kashan", "--country", "IR", "--lat", "33")
    assert half.exit_code == 1 and "give both --lat and --lon" in half.stderr
    taken = seeded_cli("city", "add", "Kashan", "--country", "IR", "--source", "S99")
    assert taken.exit_code == 1 and "no source with key 'S99'" in taken.stderr
    assert table_snapshot(seeded_db) == before


def test_country_add_and_list(cli):
    added = cli("country", "add", "ir", "--name", "Iran", "--name", "fa=ایران")
    assert added.exit_code == 0, added.output
    assert added.stdout.strip() == "recorded country IR Iran"
    assert cli("country", "list").stdout.strip() == "IR  Iran  ایران"
    again = cli("country", "add", "IR", "--name", "Iran")
    assert again.exit_code == 1 and "recorded already" in again.stderr
    bad = cli("country", "add", "IRN", "--name", "Iran")
    assert bad.exit_code == 1 and "give two letters" in bad.stderr


def test_city_list_filters_by_country(seeded_cli):
    result = seeded_cli("city", "list", "--country", "TR", "--format", "json")
    assert result.exit_code == 0, result.output
    keys = {c["key"] for c in json.loads(result.stdout)}
    assert keys == {"istanbul", "gaziantep"} | (keys - {"istanbul", "gaziantep"})
    assert "yazd" not in keys and all(c["country"] == "TR" for c in json.loads(result.stdout))
    everything = seeded_cli("city", "list").stdout
    assert "yazd" in everything and "istanbul" in everything


def test_city_edit_changes_names_ids_and_region_and_bumps_the_version(seeded_cli, seeded_db):
    result = seeded_cli(
        "city", "edit", "Yazd", "--add-name", "de=Jasd", "--add-id", "wikidata=Q212007",
        "--region", "Yazd Province", "--expect-version", "1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "changed city yazd (now version 2)"
    shown = seeded_cli("city", "show", "Jasd").stdout
    assert "de  Jasd (official)" in shown and "wikidata=Q212007" in shown
    assert "region: Yazd Province" in shown and "version: 2" in shown
    removed = seeded_cli("city", "edit", "yazd", "--remove-name", "de=Jasd")
    assert removed.exit_code == 0, removed.output
    assert seeded_cli("city", "show", "Jasd").exit_code == 1


def test_city_edit_with_a_stale_version_is_refused_naming_who_changed_it(seeded_cli, seeded_db):
    first = seeded_cli("--as", "maryam", "city", "edit", "yazd", "--region", "Yazd")
    assert first.exit_code == 0, first.output
    before = table_snapshot(seeded_db)
    stale = seeded_cli("city", "edit", "yazd", "--region", "Other", "--expect-version", "1")
    assert stale.exit_code == 1
    message = stale.stderr.strip()
    assert message.startswith("Error: city 'yazd' was changed by maryam at ")
    assert message.endswith(
        "since you read it (version 1, now 2); show it again and repeat your change"
    )
    assert table_snapshot(seeded_db) == before


def test_city_edit_refusals_change_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    nothing = seeded_cli("city", "edit", "yazd")
    assert nothing.exit_code == 1 and "nothing to change" in nothing.stderr
    no_name = seeded_cli("city", "edit", "yazd", "--remove-name", "Jasd")
    assert no_name.exit_code == 1 and "yazd has no name 'Jasd'" in no_name.stderr
    country = seeded_cli("city", "edit", "yazd", "--country", "ZZ")
    assert country.exit_code == 1 and "no country with code or name 'ZZ'" in country.stderr
    assert table_snapshot(seeded_db) == before


def test_city_remove_is_refused_while_anything_refers_to_it(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli("city", "remove", "Yazd")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(
        "Error: city 'yazd' is still referred to by 3 memberships"
    )
    assert "2 roles" in result.stderr and "3 posts" in result.stderr
    hosted = seeded_cli("city", "remove", "Tehran")
    assert hosted.exit_code == 1 and "sessions hosted" in hosted.stderr
    assert "organization seat" in hosted.stderr
    assert table_snapshot(seeded_db) == before


def test_city_remove_of_an_unreferenced_city_deletes_it_and_its_names(seeded_cli, seeded_db):
    assert (
        seeded_cli("city", "add", "Kashan", "--country", "IR", "--name", "fa=کاشان").exit_code == 0
    )
    city_id = _city_id(seeded_db, "kashan")
    dry = seeded_cli("city", "remove", "Kashan", "--dry-run")
    assert dry.exit_code == 0 and "would remove city kashan" in dry.stdout
    assert _city_id(seeded_db, "kashan") == city_id
    result = seeded_cli("city", "remove", "کاشان")
    assert result.exit_code == 0, result.output
    assert _city_id(seeded_db, "kashan") is None
    assert seeded_db.scalar("SELECT count(*) FROM city_name WHERE city_id = :id", id=city_id) == 0


@pytest.mark.backends("postgresql", "mariadb")  # see the skip below
def test_city_changed_by_another_officer_mid_command_names_them(seeded_cli, seeded_db, monkeypatch):
    """Another officer commits a change between this command's read and its write: the
    write matches no row at the version it read (StaleDataError), and the officer is told."""
    if seeded_db.backend == "sqlite":
        import pytest

        pytest.skip("SQLite writers take the write lock at BEGIN: they cannot interleave")
    import citylinks.services.cities as cities

    original = cities.check_version

    def read_then_someone_else_writes(row, expected, what, label):
        original(row, expected, what, label)
        engine = seeded_db.engine()
        with engine.begin() as conn:
            conn.execute(
                seeded_db._sql(
                    "UPDATE city SET version = version + 1, updated_by = 'maryam', region = 'x'"
                    " WHERE key = 'yazd'"
                )
            )
        engine.dispose()

    monkeypatch.setattr(cities, "check_version", read_then_someone_else_writes)
    result = seeded_cli("city", "edit", "yazd", "--region", "Yazd", "--expect-version", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: city 'yazd' was changed by maryam at ")
    assert "(version 1, now 2)" in result.stderr
    assert seeded_db.scalar("SELECT region FROM city WHERE key = 'yazd'") == "x"


def test_a_country_code_wins_over_another_country_named_like_it(seeded_cli):
    assert seeded_cli("country", "add", "AT", "--name", "en=TR").exit_code == 0
    added = seeded_cli("city", "add", "Bar", "--country", "TR", "--force")
    assert added.exit_code == 0, added.output
    assert "Bar, TR" in added.stdout
