"""`citylinks org ...`, and recording the Yazd news release from an empty database."""

from __future__ import annotations

import json

import pytest
from conftest import table_snapshot


def test_org_show_lists_names_mottos_series_committees_and_derived_member_count(seeded_cli):
    result = seeded_cli("org", "show", "مجمع شهرداران آسیایی")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Organization AMF: Asian Mayors Forum")
    assert "founded: 2008-11 (1387-08–1387-09)" in out
    assert "seat: Tehran, IR" in out
    assert "fa  آسیا برای شهروندان، همکاری برای زندگی بهتر [S0]" in out
    assert "en  Asia for Citizens: Integration for A Better Life [D2, M5]" in out
    assert "general-assembly: General Assembly (مجمع عمومی)" in out
    assert "Tourism and Culture Committee (key amf-tourism-culture)" in out
    # Yazd, Rasht, Shiraz, Tehran, Bangkok, Haikou, Gaziantep, Isfahan, Mashhad, Tabriz, Urmia,
    # Lahijan and Kazan (associate) count today.
    assert "members today: 13 " in out
    assert "exactly 71 Asian cities" in out and "[T1]" in out


def test_org_add_records_names_founding_seat_and_sources(seeded_cli, seeded_db):
    result = seeded_cli(
        "org", "add", "UCLG", "--name", "United Cities and Local Governments",
        "--name", "fa=شهرها و دولت‌های محلی متحد", "--founded", "2004-05",
        "--seat", "Istanbul", "--region", "world", "--website", "https://uclg.org",
        "--source", "S0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "recorded organization UCLG: United Cities and Local Governments (key uclg)"
    )
    out = seeded_cli("org", "show", "uclg").stdout
    assert "founded: 2004-05 (1383-02–1383-03)" in out
    assert "seat: Istanbul, TR" in out
    assert "fa  شهرها و دولت‌های محلی متحد (official)" in out
    assert "members today: 0" in out
    listed = json.loads(seeded_cli("org", "list", "--format", "json").stdout)
    assert "uclg" in [o["key"] for o in listed]


def test_org_add_refuses_a_recorded_acronym_or_name_unless_forced(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    same = seeded_cli("org", "add", "amf", "--name", "Another forum")
    assert same.exit_code == 1
    assert same.stderr.startswith("Error: an organization like 'amf' is recorded already: AMF")
    renamed = seeded_cli("org", "add", "LoHC", "--name", "League of Historic Cities")
    assert renamed.exit_code == 1 and "LHC (League of Historical Cities" in renamed.stderr
    assert table_snapshot(seeded_db) == before
    forced = seeded_cli("org", "add", "LoHC", "--name", "League of Historic Cities", "--force")
    assert forced.exit_code == 0, forced.output


# any_backend: a usage error, refused by argument parsing before any query
@pytest.mark.any_backend
def test_org_add_without_name_in_a_script_is_a_usage_error(seeded_cli):
    result = seeded_cli("org", "add", "XYZ")
    assert result.exit_code == 2
    assert "Missing option '--name'" in result.stderr


def test_org_add_refuses_an_unknown_seat_and_bad_founding_date(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    seat = seeded_cli("org", "add", "XYZ", "--name", "X Y Z", "--seat", "Atlantis")
    assert seat.exit_code == 1 and "no city matches 'Atlantis'" in seat.stderr
    founded = seeded_cli("org", "add", "XYZ", "--name", "X Y Z", "--founded", "2008-02-30")
    assert founded.exit_code == 1
    assert "--founded: 2008-02-30 does not exist" in founded.stderr
    assert table_snapshot(seeded_db) == before


def test_org_edit_changes_details_and_refuses_a_stale_version(seeded_cli, seeded_db):
    version = seeded_db.scalar("SELECT version FROM organization WHERE key = 'amf'")
    result = seeded_cli(
        "--as", "ali", "org", "edit", "AMF", "--founded", "j:1387-08",
        "--add-name", "ar=منتدى رؤساء بلديات آسيا", "--expect-version", str(version),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"now version {version + 1}" in result.stdout
    assert "founded: 1387-08 (2008-10–2008-11)" in seeded_cli("org", "show", "AMF").stdout
    before = table_snapshot(seeded_db)
    stale = seeded_cli("org", "edit", "AMF", "--region", "x", "--expect-version", str(version))
    assert stale.exit_code == 1
    assert stale.stderr.startswith("Error: organization 'amf' was changed by ali at ")
    assert f"(version {version}, now {version + 1})" in stale.stderr
    assert table_snapshot(seeded_db) == before


def test_org_committee_add_records_a_committee_of_the_organization(seeded_cli, seeded_db):
    result = seeded_cli(
        "org", "committee", "add", "AMF", "Smart City Committee", "--name", "fa=کمیته شهر هوشمند"
    )
    assert result.exit_code == 0, result.output
    assert "recorded committee Smart City Committee of AMF" in result.stdout
    assert (
        "Smart City Committee (key amf-smart-city-committee)"
        in seeded_cli("org", "show", "AMF").stdout
    )
    again = seeded_cli("org", "committee", "add", "AMF", "Tourism & Culture Committee")
    assert again.exit_code == 1 and "Tourism and Culture Committee" in again.stderr


def test_org_motto_add_needs_a_language_and_a_source(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    no_source = seeded_cli("org", "motto", "add", "AMF", "شعار", "--lang", "fa")
    assert no_source.exit_code == 2 and "Missing option '--source'" in no_source.stderr
    # Persian letters say fa and Latin ones en; Arabic or another script needs --lang
    no_lang = seeded_cli("org", "motto", "add", "AMF", "城市合作", "--source", "S0")
    assert no_lang.exit_code == 2 and "Missing option '--lang'" in no_lang.stderr
    arabic = seeded_cli("org", "motto", "add", "AMF", "مدينة أفضل", "--source", "S0")
    assert arabic.exit_code == 2 and "Missing option '--lang'" in arabic.stderr
    bad_source = seeded_cli("org", "motto", "add", "AMF", "شعار", "--lang", "fa", "--source", "Q1")
    assert bad_source.exit_code == 1 and "no source with key 'Q1'" in bad_source.stderr
    same = seeded_cli(
        "org", "motto", "add", "AMF", "آسیا برای شهروندان، همکاری برای زندگی بهتر",
        "--lang", "fa", "--source", "S1",
    )  # fmt: skip
    assert same.exit_code == 1 and "already has this motto" in same.stderr
    assert table_snapshot(seeded_db) == before
    ok = seeded_cli("org", "motto", "add", "AMF", "شعار تازه", "--lang", "fa", "--source", "S1")
    assert ok.exit_code == 0, ok.output
    guessed = seeded_cli("org", "motto", "add", "AMF", "شعار نو", "--source", "S1")
    assert guessed.stdout == "recorded motto (fa) شعار نو\n", guessed.output
    english = seeded_cli("org", "motto", "add", "AMF", "Cities together", "--source", "S1")
    assert english.stdout == "recorded motto (en) Cities together\n", english.output
    shown = seeded_cli("org", "show", "AMF").stdout
    assert "fa  شعار تازه [S1]" in shown and "fa  شعار نو [S1]" in shown
    assert "en  Cities together [S1]" in shown


def test_org_series_add_records_a_series_once(seeded_cli, seeded_db):
    result = seeded_cli(
        "org", "series", "add", "AMF", "secretariat-meeting", "--name", "Secretariat Meeting",
        "--name", "fa=نشست دبیرخانه",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "recorded series secretariat-meeting" in result.stdout
    assert (
        "secretariat-meeting: Secretariat Meeting (نشست دبیرخانه)"
        in seeded_cli("org", "show", "AMF").stdout
    )
    again = seeded_cli("org", "series", "add", "AMF", "general-assembly", "--name", "GA")
    assert again.exit_code == 1
    assert "AMF already has the series 'general-assembly'" in again.stderr
    bad = seeded_cli("org", "series", "add", "AMF", "general assembly!", "--name", "GA")
    assert bad.exit_code == 1 and "is not a series key" in bad.stderr


def test_org_series_add_takes_a_persian_name_alone_and_makes_its_key(seeded_cli, seeded_db):
    result = seeded_cli("org", "series", "add", "AMF", "--name", "نشست دبیرخانه")
    assert result.exit_code == 0, result.output
    assert result.stdout == "recorded series neshast-dabirkhaneh\n"
    assert (
        "neshast-dabirkhaneh: نشست دبیرخانه ("  # its key not given as its name (fa15o)
        in seeded_cli("org", "show", "AMF").stdout
    )
    before = table_snapshot(seeded_db)
    again = seeded_cli("org", "series", "add", "AMF", "--name", "نشست‌دبیرخانه")
    assert again.exit_code == 1
    assert "AMF already has a series of this name: neshast-dabirkhaneh" in again.stderr
    assert table_snapshot(seeded_db) == before
    named = seeded_cli(
        "org", "series", "edit", "AMF", "نشست دبیرخانه", "--key", "secretariat",
        "--name", "Secretariat Meeting",
    )  # fmt: skip
    assert named.exit_code == 0, named.output
    assert (
        "secretariat: Secretariat Meeting (نشست دبیرخانه)"
        in seeded_cli("org", "show", "AMF").stdout
    )


def test_unknown_org_suggests_the_closest(seeded_cli):
    result = seeded_cli("org", "show", "AMFF")
    assert result.exit_code == 1
    assert "Did you mean 'AMF'?" in result.stderr


def test_recording_the_yazd_news_release_on_an_empty_database(cli):
    def ok(*args):
        result = cli("--as", "reza", *args)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    ok("country", "add", "IR", "--name", "Iran", "--name", "fa=ایران")
    key = ok(
        "source", "add", "--title", "عضویت رسمی شهر یزد در سازمان بین المللی شهرداران آسیایی",
        "--publisher", "مدیریت ارتباطات و امور بین الملل شهرداری یزد", "--lang", "fa",
        "--kind", "news-release", "--excerpt", "عضویت خود را در این مجمع رسمی کند",
    ).strip()  # fmt: skip
    assert key == "S1"
    ok("city", "add", "Tehran", "--country", "IR", "--name", "fa=تهران", "--source", key)
    ok("city", "add", "Yazd", "--country", "IR", "--name", "fa=یزد", "--source", key)
    ok(
        "org", "add", "AMF", "--name", "Asian Mayors Forum", "--name", "fa=مجمع شهرداران آسیایی",
        "--founded", "2008", "--seat", "تهران", "--source", key,
    )  # fmt: skip
    ok("org", "motto", "add", "AMF", "آسیا برای شهروندان، همکاری برای زندگی بهتر",
       "--lang", "fa", "--source", key)  # fmt: skip
    ok("org", "series", "add", "AMF", "general-assembly", "--name", "General Assembly")
    ok("person", "add", "Alireza Amrollahi", "--name", "fa=علیرضا امراللهی", "--source", key)
    ok(
        "post", "add", "علیرضا امراللهی", "Director of Communications and International Affairs",
        "--city", "يزد", "--from", "unknown", "--source", key,
    )  # fmt: skip

    org = ok("org", "show", "AMF")
    assert "Organization AMF: Asian Mayors Forum" in org
    assert "fa  مجمع شهرداران آسیایی (official)" in org
    assert "founded: 2008 (1386–1387)" in org and "seat: Tehran, IR" in org
    assert "fa  آسیا برای شهروندان، همکاری برای زندگی بهتر [S1]" in org
    assert "general-assembly: General Assembly" in org

    person = ok("person", "show", "Alireza Amrollahi")
    assert "fa  علیرضا امراللهی (official)" in person
    assert (
        "Director of Communications and International Affairs, Yazd, IR, from an unknown date, end not recorded [S1]"
        in person
    )
    assert "Yazd" in ok("city", "show", "یزد")

    entries = json.loads(ok("log", "--format", "json"))
    assert {e["officer"] for e in entries} == {"reza"}
    tables = [e["table"] for e in entries]
    for table in ("source", "city", "organization", "motto", "person", "post", "meeting_series"):
        assert table in tables
    post = next(e for e in entries if e["table"] == "post")
    assert post["action"] == "insert"
    assert post["after"]["title"] == "Director of Communications and International Affairs"
    assert post["after"]["sources"] == ["S1"]
