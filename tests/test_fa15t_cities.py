"""Issue 15 (fresh clone, Persian first): a new city named in another script than the recorded
city of its country it most likely is («قم» beside Qom, key qom) is refused as a likely
duplicate, at `city add` and at a CSV file's rows alike, saying how to add the name or record
a different city."""

from __future__ import annotations

import pytest
from conftest import run_cli, run_fa, table_snapshot


def _city_keys(db) -> list[str]:
    return [k for (k,) in db.rows("select key from city order by key")]


@pytest.mark.parametrize(("typed", "key"), [("قم", "qom"), ("اهواز", "ahvaz")])
def test_city_add_in_persian_beside_the_recorded_city_is_refused(seeded_db, typed, key):
    before = table_snapshot(seeded_db)
    refused = run_cli(seeded_db, "city", "add", typed, "--country", "IR")
    assert refused.exit_code == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    assert f"(key {key})" in lines[0]
    assert f"`citylinks city edit {key} --add-name fa={typed}`" in lines[0]
    assert "--force" in lines[0]
    assert table_snapshot(seeded_db) == before


def test_the_refusal_speaks_persian_and_its_advice_works(seeded_db):
    refused = run_fa(seeded_db, "city", "add", "قم", "--country", "IR")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("خطا: شهری با نامی مانند «قم» از پیش ثبت شده است"), (
        refused.stderr
    )
    assert "`citylinks city edit qom --add-name fa=قم`" in refused.stderr
    assert "If it is" not in refused.stderr
    added = run_cli(seeded_db, "city", "edit", "qom", "--add-name", "fa=قم")
    assert added.exit_code == 0, added.output
    shown = run_cli(seeded_db, "city", "show", "قم")
    assert shown.stdout.startswith("City qom: Qom, IR"), shown.output


def test_force_records_a_different_city(seeded_db):
    keys = _city_keys(seeded_db)
    forced = run_cli(seeded_db, "city", "add", "قم", "--country", "IR", "--force")
    assert forced.exit_code == 0, forced.output
    assert sorted([*keys, "qom-ir"]) == _city_keys(seeded_db)


def test_a_persian_name_of_another_country_is_not_refused(seeded_db):
    run_cli(seeded_db, "country", "add", "AF", "--name", "Afghanistan")
    added = run_cli(seeded_db, "city", "add", "قم", "--country", "AF")
    assert added.exit_code == 0, added.output
    assert (
        seeded_db.scalar(
            "select count(*) from city join country on country.id = city.country_id"
            " where country.code = 'AF'"
        )
        == 1
    )


def test_a_csv_row_naming_a_recorded_city_in_another_script_is_bad(seeded_db, tmp_path):
    before = table_snapshot(seeded_db)
    cities = tmp_path / "cities.csv"
    cities.write_text("city,country,source\nقم,IR,S1\n", encoding="utf-8")
    refused = run_cli(seeded_db, "import", "csv", "cities", str(cities))
    assert refused.exit_code == 1
    assert "line 2: 'قم' in IR is most likely the recorded city of key 'qom'" in refused.output
    assert "`citylinks city edit qom --add-name fa=قم`" in refused.output
    members = tmp_path / "members.csv"
    members.write_text(
        "city,country,organization,status,from,source\nاهواز,IR,AMF,member,2020,S1\n",
        encoding="utf-8",
    )
    missing = run_cli(seeded_db, "import", "csv", "memberships", str(members), "--create-missing")
    assert missing.exit_code == 1
    assert "'اهواز' in IR is most likely the recorded city of key 'ahvaz'" in missing.output
    assert "in the `city_key` column" in missing.output
    assert table_snapshot(seeded_db) == before


def test_a_csv_row_with_a_new_key_records_a_different_city(seeded_db, tmp_path):
    cities = tmp_path / "cities.csv"
    cities.write_text("city,country,key,source\nقم,IR,qom-2,S1\n", encoding="utf-8")
    done = run_cli(seeded_db, "import", "csv", "cities", str(cities))
    assert done.exit_code == 0, done.output
    assert "qom-2" in _city_keys(seeded_db) and "qom" in _city_keys(seeded_db)
