"""`citylinks person ...` and `citylinks post add`."""

from __future__ import annotations

import json

from conftest import table_snapshot


def test_person_add_and_show_with_a_persian_name(cli, empty_db):
    result = cli("person", "add", "Alireza Amrollahi", "--name", "fa=علي‌رضا امراللهي")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "recorded person Alireza Amrollahi (key alireza-amrollahi)"
    # Arabic yeh stored as Persian yeh, ZWNJ kept; any spelling finds the person.
    shown = cli("person", "show", "علیرضا امراللهی")
    assert shown.exit_code == 0, shown.output
    assert "fa  علی‌رضا امراللهی (official)" in shown.stdout
    assert shown.stdout.startswith("Person alireza-amrollahi: Alireza Amrollahi")


def test_person_show_lists_posts_with_both_calendars_and_sources(seeded_cli):
    result = seeded_cli("person", "show", "Ni Qiang")
    assert result.exit_code == 0, result.output
    assert (
        "president, AMF, from 2014-11-25 (1393-09-04), end not recorded [D4, P2]"
        " (Elected the fourth president at the 4th General Assembly (D4, P2).)" in result.stdout
    )
    assert "mayor, Haikou, CN, from an unknown date, end not recorded [D4, P2]" in result.stdout


def test_person_list(seeded_cli):
    data = json.loads(seeded_cli("person", "list", "--format", "json").stdout)
    amrollahi = next(p for p in data if p["key"] == "amrollahi")
    assert {"lang": "fa", "name": "علیرضا امراللهی", "kind": "official"} in amrollahi["names"]
    assert "Ni Qiang" in seeded_cli("person", "list").stdout


def test_person_recorded_under_another_spelling_is_refused_unless_forced(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli("person", "add", "Alireza Amrolahi")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: a person named like 'Alireza Amrolahi' is recorded already: Alireza Amrollahi"
    )
    persian = seeded_cli("person", "add", "علیرضا امراللهي")
    assert persian.exit_code == 1 and "key amrollahi" in persian.stderr
    assert table_snapshot(seeded_db) == before
    forced = seeded_cli("person", "add", "Alireza Amrolahi", "--force")
    assert forced.exit_code == 0, forced.output


def test_post_add_in_a_city_and_in_an_organization(seeded_cli, seeded_db):
    city_post = seeded_cli(
        "post", "add", "amrollahi", "deputy mayor", "--city", "Yazd", "--from", "۷ آذر ۱۴۰۴",
        "--source", "S1",
    )  # fmt: skip
    assert city_post.exit_code == 0, city_post.output
    org_post = seeded_cli(
        "post", "add", "amrollahi", "board member", "--org", "AMF", "--from", "2025-11",
        "--to", "2026",
    )  # fmt: skip
    assert org_post.exit_code == 0, org_post.output
    shown = seeded_cli("person", "show", "amrollahi").stdout
    assert "deputy mayor, Yazd, IR, from 1404-09-07 (2025-11-28), end not recorded [S1]" in shown
    assert "board member, AMF, from 2025-11 (1404-08–1404-09) to 2026 (1404–1405)" in shown
    assert (
        seeded_db.scalar("SELECT start_text FROM post WHERE title = 'deputy mayor'")
        == "j:1404-09-07"
    )


def test_post_add_refusals_change_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    neither = seeded_cli("post", "add", "amrollahi", "mayor", "--from", "2025")
    assert neither.exit_code == 2 and "give one of --org ORG or --city CITY" in neither.stderr
    both = seeded_cli("post", "add", "amrollahi", "mayor", "--org", "AMF", "--city", "Yazd",
                      "--from", "2025")  # fmt: skip
    assert both.exit_code == 2
    no_start = seeded_cli("post", "add", "amrollahi", "mayor", "--city", "Yazd")
    assert no_start.exit_code == 2 and "Missing option '--from'" in no_start.stderr
    backwards = seeded_cli(
        "post", "add", "amrollahi", "mayor", "--city", "Yazd", "--from", "2025", "--to", "2020"
    )
    assert backwards.exit_code == 1
    assert "the post ends (2020) before it starts (2025)" in backwards.stderr
    bad_date = seeded_cli(
        "post", "add", "amrollahi", "mayor", "--city", "Yazd", "--from", "31 Azar"
    )
    assert bad_date.exit_code == 1 and bad_date.stderr.startswith("Error: --from:")
    nobody = seeded_cli("post", "add", "Nobody Known", "mayor", "--city", "Yazd", "--from", "2025")
    assert nobody.exit_code == 1 and "no person matches 'Nobody Known'" in nobody.stderr
    twice = seeded_cli(
        "post", "add", "amrollahi",
        "Director of Communications and International Affairs, Yazd Municipality",
        "--city", "yazd", "--from", "unknown",
    )  # fmt: skip
    assert twice.exit_code == 1 and "already holds" in twice.stderr
    assert table_snapshot(seeded_db) == before
