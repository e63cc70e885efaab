"""Issue 15, from fresh-clone testers (fa15n): what the help, the messages and the language
doors say, in English and in Persian."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, run_fa, table_snapshot

# --- 1. `date --help`: early, mid and late are dates of their own --------------------------


def _help(*lang: str) -> str:
    result = run_cli(None, *lang, "date", "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


def test_date_help_says_early_mid_and_late_are_dates_of_their_own_not_two_dates():
    english = _help()
    assert "between two dates" not in english
    assert "are dates of their own, known to the month and kept with their word" in english
    persian = _help("--lang", "fa")
    assert "میان دو تاریخ" not in persian
    assert "خود تاریخی جداگانه‌اند با دقت ماه که با همان واژه نگه داشته می‌شوند" in persian


# --- 2. messages show a date as the reports show it, never its stored form ------------------


@pytest.fixture
def kashan(seeded_db):
    for args in (
        ("city", "add", "Kashan", "--country", "IR", "--source", "S1"),
        ("member", "record", "Kashan", "AMF", "member", "--from", "اواخر ۱۴۰۳", "--source", "S1"),
        ("member", "record", "Kashan", "AMF", "observer", "--from", "j:1404-09", "--to",
         "j:1404-11", "--source", "S1"),
    ):  # fmt: skip
        done = run_cli(seeded_db, *args)
        assert done.exit_code == 0, done.output
    return seeded_db


OVERLAP = ("member", "record", "Kashan", "AMF", "applicant", "--from", "early j:1404-09",
           "--to", "j:1404-10", "--source", "S1")  # fmt: skip


def test_an_overlapping_phase_is_refused_with_its_dates_as_an_officer_reads_them(kashan):
    before = table_snapshot(kashan)
    english = run_cli(kashan, *OVERLAP)
    assert english.exit_code == 1
    assert english.stderr == (
        "Error: the new phase (to 1404-10) overlaps the later phase 'observer' from 1404-09 to"
        " 1404-11: phases may not overlap; correct --to\n"
    )
    persian = run_fa(kashan, *OVERLAP)
    assert persian.exit_code == 1
    assert "j:" not in persian.stderr
    assert "تا دی ۱۴۰۴ (دسامبر ۲۰۲۵–ژانویه ۲۰۲۶)" in persian.stderr
    assert "از آذر ۱۴۰۴ (نوامبر–دسامبر ۲۰۲۵) تا بهمن ۱۴۰۴ (ژانویه–فوریه ۲۰۲۶)" in persian.stderr
    assert table_snapshot(kashan) == before


def test_an_early_mid_or_late_date_in_a_message_keeps_its_word(seeded_db):
    run_cli(seeded_db, "city", "add", "Kashan", "--country", "IR", "--source", "S1")
    args = ("member", "record", "Kashan", "AMF", "member", "--from", "late j:1404", "--source",
            "S1")  # fmt: skip
    english = run_cli(seeded_db, *args)
    assert english.stdout == "recorded: Kashan in AMF: 'member' from late 1404 to now\n"
    again = run_fa(seeded_db, *args)
    assert again.exit_code == 1
    assert "اواخر ۱۴۰۴ (بین ۲۲ نوامبر ۲۰۲۵ و ۲۰ مارس ۲۰۲۶)" in again.stderr
    assert "j:" not in again.stderr and "late" not in again.stderr


def test_a_period_that_ends_before_it_starts_names_both_dates_as_shown(seeded_db):
    result = run_cli(
        seeded_db, "session", "add", "AMF", "9", "--series", "general-assembly", "--host",
        "Yazd", "--from", "j:1404-09-07", "--to", "j:1404-09-01", "--source", "S1",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "(1404-09-01) before it starts (1404-09-07)" in result.stderr
    assert "j:" not in result.stderr


def test_services_show_dates_in_messages_through_one_formatter():
    """Every date a service puts in a message goes through dates.for_message."""
    from pathlib import Path

    import citylinks

    services = Path(citylinks.__file__).parent / "services"
    by_hand = [
        path.name
        for path in services.rglob("*.py")
        if '.format("both", language())' in path.read_text("utf-8")
    ]
    assert by_hand == []


# --- 3. Persian lists in messages are joined with «، » ---------------------------------------


def test_persian_csv_popolo_and_dataset_refusals_list_with_the_persian_comma(empty_db, tmp_path):
    csv_file = tmp_path / "c.csv"
    csv_file.write_text("city,country,bogus\nA,IR,x\n", "utf-8")
    popolo = tmp_path / "p.json"
    popolo.write_text('{"a": 1}', "utf-8")
    dataset = tmp_path / "d.toml"
    dataset.write_text('format = "citylinks-dataset/1"\n[[bogus]]\nkey = "a"\n', "utf-8")
    for args, listed in (
        (("import", "csv", "cities", str(csv_file)), "city، country، key، name_fa، region"),
        (("import", "popolo", str(popolo)), "areas، organizations، persons، posts"),
        (("import", "dataset", str(dataset)), "source، country، city، person"),
    ):
        result = run_fa(empty_db, *args)
        assert result.exit_code == 1, result.output
        assert listed in result.stderr
        assert ", " not in result.stderr.replace(str(tmp_path), "")
    english = run_cli(empty_db, "import", "popolo", str(popolo))
    assert "areas, organizations, persons, posts" in english.stderr


def test_lists_whose_items_hold_commas_use_the_persian_semicolon():
    from conftest import persian

    from citylinks.i18n import listing

    items = ["Yazd, IR (key yazd, id 1)", "Yazd, US (key yazd-us, id 2)"]
    assert listing(items, ";") == "Yazd, IR (key yazd, id 1); Yazd, US (key yazd-us, id 2)"
    with persian():
        assert listing(items, ";") == "Yazd, IR (key yazd, id 1)؛ Yazd, US (key yazd-us, id 2)"
        assert listing(["a", "b"]) == "a، b"


# --- 6. a language tag names a real language, at every door ---------------------------------


def test_a_source_in_no_real_language_is_refused_in_one_line(empty_db):
    before = table_snapshot(empty_db)
    args = ("source", "add", "--title", "A report", "--publisher", "X", "--lang", "xx")
    english = run_cli(empty_db, *args)
    assert english.exit_code == 1
    assert english.stderr == "Error: --lang: 'xx' is not a language tag: use e.g. fa, en, ar, tr\n"
    persian = run_fa(empty_db, *args)
    assert persian.exit_code == 1
    assert (
        persian.stderr
        == "خطا: --lang: «xx» برچسب زبان نیست: مثلاً fa، en، ar یا tr را به کار ببرید\n"
    )
    assert table_snapshot(empty_db) == before


@pytest.mark.parametrize("lang", ["fa", "per", "yue", "und", "sla", "qab", "fa-IR", "x-mine"])
def test_real_iso_639_tags_are_taken(empty_db, lang):
    args = ("source", "add", "--title", f"Report {lang}", "--publisher", "X", "--lang", lang)
    result = run_cli(empty_db, *args)
    assert result.exit_code == 0, result.output


def test_a_city_name_in_no_real_language_is_refused(seeded_db):
    result = run_cli(seeded_db, "city", "add", "Kashan", "--country", "IR", "--name", "xx=Foo")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: city name 'xx=Foo': 'xx' is not a language tag: use e.g. fa, en, ar, tr\n"
    )


def test_a_csv_column_in_no_real_language_is_refused(seeded_db, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("city,country,name_qq,source\nKashan,IR,Kaschan,S1\n", "utf-8")
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr == (
        f"Error: {path}: the column 'name_qq': the language tag 'qq' names no language ISO 639"
        " knows: use a real one, e.g. fa, en, ar, tr, or und when it is not known\n"
    )
    assert table_snapshot(seeded_db) == before


def _dataset(lang: str) -> str:
    return (
        'format = "citylinks-dataset/1"\n[[person]]\nkey = "someone"\n'
        f'names = [{{ lang = "{lang}", name = "Some One", kind = "official" }}]\n'
    )


def test_a_dataset_name_in_no_real_language_is_refused(empty_db, tmp_path):
    path = tmp_path / "d.toml"
    path.write_text(_dataset("zz-Latn"), "utf-8")
    result = run_cli(empty_db, "import", "dataset", str(path))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "the language tag 'zz-Latn' names no language ISO 639 knows: use a real one, e.g. fa,"
        " en, ar, tr, or und when it is not known\n"
    )
    persian = run_fa(empty_db, "import", "dataset", str(path))
    assert "زبانی" in persian.stderr and "names no" not in persian.stderr


@pytest.mark.parametrize(("lang", "refused"), [("fa-IR", False), ("sr-Latn", False),
                                               ("qq", True), ("abcd", True)])  # fmt: skip
def test_a_popolo_name_keeps_its_tag_as_written_if_its_language_is_real(
    empty_db, tmp_path, lang, refused
):
    document = {"persons": [{"id": "p1", "name": "Ana", "other_names": [
        {"name": "Ана", "lang": lang}]}]}  # fmt: skip
    path = tmp_path / "people.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    result = run_cli(empty_db, "import", "popolo", str(path))
    if refused:
        assert result.exit_code == 1
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert f"{lang!r}" in result.stderr
    else:
        assert result.exit_code == 0, result.output
        assert empty_db.rows("SELECT lang FROM person_name WHERE name = 'Ана'") == [(lang,)]
