"""Persian input everywhere (issue 15, item 2): an option whose value is a choice (--calendar,
--format, --lang, a CSV kind, a setting's value) takes the Persian word for each choice, in
Persian or Arabic letters, with or without ZWNJ, read by the one rule every vocabulary word
is read by (vocab.meanings); a city is named «یزد، IR» with the Persian comma as «Yazd, IR";
and each is read alike at a command, a CSV cell and a dataset field."""

from __future__ import annotations

import pytest
from conftest import run_cli, run_fa, table_snapshot

from citylinks import vocab

ZWNJ = "\u200c"


def _same_output(cli, args: tuple[str, ...], option: str, typed: str, meant: str) -> None:
    wanted = cli(*args, option, meant)
    assert wanted.exit_code == 0, wanted.output
    given = cli(*args, option, typed)
    assert given.exit_code == 0, (typed, given.output)
    assert given.stdout == wanted.stdout, typed


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("شمسی", "jalali"),
        ("جلالی", "jalali"),
        ("جلالي", "jalali"),  # Arabic yeh
        ("هجری شمسی", "jalali"),
        ("خورشیدی", "jalali"),
        ("میلادی", "gregorian"),
        ("ميلادي", "gregorian"),
        ("هر دو", "both"),
        (f"هر{ZWNJ}دو", "both"),
        ("هردو", "both"),
        ("JALALI", "jalali"),
    ],
)
def test_calendar_takes_its_persian_names(seeded_cli, typed, meant):
    _same_output(seeded_cli, ("roster", "AMF", "--as-of", "2026-01-01"), "--calendar", typed, meant)


@pytest.mark.parametrize(
    ("args", "option", "typed", "meant"),
    [
        (("roster", "AMF", "--as-of", "2026-01-01"), "--format", "جیسون", "json"),
        (("roster", "AMF", "--as-of", "2026-01-01"), "--format", "مارک‌داون", "markdown"),
        (("roster", "AMF", "--as-of", "2026-01-01"), "--format", "جدول", "table"),
        (("log", "--limit", "3"), "--format", "سی اس وی", "csv"),
        (("date", "2025"), "--lang", "فارسي", "fa"),  # Arabic yeh
        (("date", "2025"), "--lang", "پارسی", "fa"),
        (("date", "2025"), "--lang", "انگلیسی", "en"),
    ],
)
def test_format_and_lang_take_their_persian_names(seeded_cli, args, option, typed, meant):
    _same_output(seeded_cli, args, option, typed, meant)


@pytest.mark.parametrize(("typed", "meant"), [("شهرها", "cities"), ("عضویت‌ها", "memberships")])
def test_a_csv_kind_takes_its_persian_name(seeded_cli, typed, meant):
    wanted = seeded_cli("export", "csv", meant)
    given = seeded_cli("export", "csv", typed)
    assert given.exit_code == 0, given.output
    assert given.stdout == wanted.stdout


def test_an_unknown_choice_is_refused_with_the_persian_names_in_persian(seeded_db):
    english = run_cli(seeded_db, "roster", "AMF", "--calendar", "lunar")
    assert english.exit_code == 2
    assert english.stderr.startswith(
        "Error: unknown calendar 'lunar': use one of gregorian, jalali, both"
    )
    persian = run_fa(seeded_db, "roster", "AMF", "--calendar", "قمری")
    assert persian.exit_code == 2
    assert "(به فارسی: میلادی، شمسی، هر دو)" in persian.stderr, persian.stderr
    assert len(persian.stderr.strip().splitlines()) == 1


@pytest.mark.any_backend  # no database
def test_the_choices_persian_names_name_one_choice_each():
    for choices in (
        ("gregorian", "jalali", "both"),
        ("table", "json", "csv", "markdown"),
        ("cities", "memberships", "sessions", "attendance", "countries"),
        ("optional", "required"),
        ("comma", "semicolon", "tab"),
    ):
        table = vocab.names_of(choices)  # raises when two choices share a name
        assert {next(iter(named)) for named in table.values()} == set(choices)


def _setting(db) -> list:
    return db.rows("SELECT key, value FROM setting")


@pytest.mark.parametrize("typed", ["الزامی", "الزامي", "اجباری", "Required"])
def test_setting_set_takes_the_persian_value(seeded_cli, seeded_db, typed):
    result = seeded_cli("setting", "set", "sources", typed)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "set sources: optional -> required"
    assert _setting(seeded_db) == [("sources", "required")]
    back = seeded_cli("setting", "set", "منابع", "اختیاری")  # the setting by its Persian name
    assert back.exit_code == 0, back.output
    assert _setting(seeded_db) == [("sources", "optional")]


def test_a_setting_value_is_read_alike_by_a_command_and_a_dataset(empty_db, tmp_path):
    path = tmp_path / "office.toml"
    path.write_text(
        'format = "citylinks-dataset/1"\n\n[[setting]]\nkey = "sources"\nvalue = "الزامی"\n',
        encoding="utf-8",
    )
    result = run_cli(empty_db, "import", "dataset", str(path))
    assert result.exit_code == 0, result.output
    assert _setting(empty_db) == [("sources", "required")]
    # A value neither door knows is refused by both with the same words.
    path.write_text(path.read_text("utf-8").replace("الزامی", "گاهی"), "utf-8")
    before = table_snapshot(empty_db)
    from_file = run_cli(empty_db, "import", "dataset", str(path))
    from_command = run_cli(empty_db, "setting", "set", "sources", "گاهی")
    reason = (
        "'گاهی' is not a value of the setting sources: use one of optional, required"
        " (in Persian: اختیاری، الزامی)"
    )
    assert from_file.exit_code == 1 and reason in from_file.stderr, from_file.stderr
    assert from_command.exit_code == 1 and reason in from_command.stderr, from_command.stderr
    assert table_snapshot(empty_db) == before


# --- CITY، COUNTRY -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["یزد، IR", "یزد ، ir", "يزد،IR", "Yazd، IR"])
def test_a_city_and_country_with_the_persian_comma_is_found(seeded_cli, typed):
    wanted = seeded_cli("city", "show", "Yazd, IR")
    given = seeded_cli("city", "show", typed)
    assert given.exit_code == 0, given.output
    assert given.stdout == wanted.stdout


def test_the_wrong_country_after_a_persian_comma_is_refused(seeded_cli):
    result = seeded_cli("city", "show", "یزد، TR")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no city matches 'یزد، TR'. Did you mean 'یزد'?"


def test_a_city_with_the_persian_comma_is_found_alike_in_a_spreadsheet(
    seeded_cli, seeded_db, tmp_path
):
    path = tmp_path / "m.csv"
    path.write_text(
        'city,country,organization,status,from,to,source\n"یزد، IR",IR,AMF,observer,2030,,S1؛S2\n',
        encoding="utf-8",
    )
    result = seeded_cli("import", "csv", "memberships", str(path))
    assert result.exit_code == 0, result.output
    shown = seeded_cli("member", "history", "یزد، IR", "AMF")
    assert shown.exit_code == 0, shown.output
    assert "observer" in shown.stdout
    # the Arabic semicolon parted the source keys: both are cited
    cited = seeded_db.rows(
        "SELECT s.key FROM membership_phase_source c JOIN source s ON s.id = c.source_id"
        " JOIN membership_phase p ON p.id = c.membership_phase_id"
        " WHERE p.start_text = '2030' ORDER BY s.key"
    )
    assert cited == [("S1",), ("S2",)]


@pytest.mark.parametrize(
    ("typed", "separator"), [("نقطه‌ویرگول", ";"), ("ويرگول", ","), ("تب", "\t")]
)
def test_csv_delimiter_takes_its_persian_name(seeded_cli, seeded_db, tmp_path, typed, separator):
    path = tmp_path / "m.csv"
    rows = [
        ["city", "country", "organization", "status", "from", "to", "source"],
        ["Yazd", "IR", "AMF", "observer", "2031", "", "S1"],
    ]
    path.write_text("".join(separator.join(row) + "\n" for row in rows), encoding="utf-8")
    result = seeded_cli("import", "csv", "memberships", str(path), "--delimiter", typed)
    assert result.exit_code == 0, result.output
    assert seeded_db.scalar("SELECT count(*) FROM membership_phase WHERE start_text = '2031'") == 1


def test_an_unknown_delimiter_is_refused(seeded_cli, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("city\n", encoding="utf-8")
    result = seeded_cli("import", "csv", "memberships", str(path), "--delimiter", "خط تیره")
    assert result.exit_code == 2
    assert "'خط تیره': use comma, semicolon or tab" in result.stderr
