"""Issue 15, a Persian officer's fresh clone (CITYLINKS_LANG=fa): confirmations and `show`
headings name records in Persian, a name is never shown twice nor a key as a name, the ezafe
spellings of a choice word match, a key in capitals is found, an empty timeline says so."""

from __future__ import annotations

from conftest import run_cli, run_fa

from citylinks.text import fold


def _setup(db) -> None:
    """A source, Iran, Yazd named in Persian only, Tehran in both, and an organization with
    no acronym named in both languages (key asian-mayors-forum)."""
    for args in (
        ("source", "add", "--title", "خبر", "--publisher", "شهرداری"),
        ("country", "add", "IR", "--name", "Iran", "--name", "fa=ایران"),
        ("city", "add", "یزد", "--country", "IR", "--source", "S1"),
        ("city", "add", "Tehran", "--name", "fa=تهران", "--country", "IR", "--source", "S1"),
    ):
        done = run_cli(db, *args)
        assert done.exit_code == 0, done.output


def _org(db, *args: str):
    names = ("--name", "Asian Mayors Forum", "--name", "fa=مجمع شهرداران آسیایی")
    return run_fa(db, "org", "add", *args, *names, "--source", "S1")


def test_confirmations_name_records_in_persian(empty_db):
    _setup(empty_db)
    added = _org(empty_db)
    assert added.stdout.strip() == "سازمان مجمع شهرداران آسیایی ثبت شد (کلید asian-mayors-forum)"
    member = run_fa(
        empty_db, "member", "record", "یزد", "مجمع شهرداران آسیایی", "عضو", "--from", "1407",
        "--source", "S1",
    )  # fmt: skip
    assert member.exit_code == 0, member.output
    assert member.stdout.startswith("ثبت شد: یزد در مجمع شهرداران آسیایی: «عضو»"), member.stdout
    tehran = run_fa(
        empty_db, "member", "record", "Tehran", "asian-mayors-forum", "عضو", "--from", "1400",
        "--source", "S1",
    )  # fmt: skip
    assert tehran.stdout.startswith("ثبت شد: تهران در مجمع شهرداران آسیایی"), tehran.stdout
    edited = run_fa(empty_db, "org", "edit", "asian-mayors-forum", "--website", "https://x.org")
    assert edited.stdout.startswith("سازمان مجمع شهرداران آسیایی تغییر کرد"), edited.stdout
    series = run_fa(empty_db, "org", "series", "add", "asian-mayors-forum", "--name", "مجمع عمومی")
    assert series.exit_code == 0, series.output
    session = run_fa(
        empty_db, "session", "add", "asian-mayors-forum", "1", "--from", "1404", "--host", "Tehran",
        "--source", "S1",
    )  # fmt: skip
    assert session.stdout.startswith("ثبت شد: مجمع شهرداران آسیایی مجمع عمومی ۱:"), session.stdout
    # English is as it was
    english = run_cli(
        empty_db, "member", "record", "Tehran", "asian-mayors-forum", "عضو", "--from", "2030",
        "--source", "S1", "--dry-run",
    )  # fmt: skip
    assert "Tehran in Asian Mayors Forum" in english.stdout, english.output


def test_show_heading_names_once_and_series_by_name(empty_db):
    _setup(empty_db)
    assert _org(empty_db).exit_code == 0
    run_fa(empty_db, "org", "series", "add", "asian-mayors-forum", "--name", "مجمع عمومی")
    shown = run_fa(empty_db, "org", "show", "ASIAN-MAYORS-FORUM")
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert lines[0] == "سازمان مجمع شهرداران آسیایی (Asian Mayors Forum)", lines[0]
    series = [line for line in lines if line.startswith("    majma-omumi: ")]
    assert series and series[0].startswith("    majma-omumi: مجمع عمومی (#"), shown.stdout
    english = run_cli(empty_db, "org", "show", "asian-mayors-forum").stdout.splitlines()
    assert english[0] == "Organization Asian Mayors Forum", english[0]
    with_acronym = _org(empty_db, "AMF", "--force")
    assert "سازمان AMF ثبت شد: مجمع شهرداران آسیایی" in with_acronym.stdout, with_acronym.output
    assert run_fa(empty_db, "org", "show", "AMF").stdout.startswith(
        "سازمان AMF: مجمع شهرداران آسیایی (Asian Mayors Forum)"
    )


def test_a_title_names_an_organization_without_acronym_once(empty_db):
    _setup(empty_db)
    assert _org(empty_db).exit_code == 0
    for command in ("timeline", "roster", "stats"):
        title = run_cli(empty_db, command, "asian-mayors-forum").stdout.splitlines()[0]
        assert "Asian Mayors Forum (Asian Mayors Forum)" not in title, (command, title)
        assert title.startswith("Asian Mayors Forum"), (command, title)


def test_an_empty_timeline_says_no_sessions(empty_db):
    _setup(empty_db)
    assert _org(empty_db).exit_code == 0
    fa = run_fa(empty_db, "timeline", "asian-mayors-forum")
    assert fa.exit_code == 0 and "جلسه‌ای ثبت نشده است." in fa.stdout, fa.output
    assert "No sessions recorded." in run_cli(empty_db, "timeline", "asian-mayors-forum").stdout
    stats = run_cli(empty_db, "stats", "asian-mayors-forum").stdout
    assert "No sessions recorded." in " ".join(stats.split()), stats


def test_a_key_in_capitals_is_found(empty_db):
    _setup(empty_db)
    assert run_cli(empty_db, "org", "add", "--name", "Amf", "--source", "S1").exit_code == 0
    found = run_fa(empty_db, "timeline", "AMF")
    assert found.exit_code == 0, found.output
    assert run_cli(empty_db, "city", "show", "YAZD").exit_code == 0


def test_ezafe_spellings_of_a_source_kind_match(empty_db):
    for i, kind in enumerate(("اطلاعیه‌ی خبری", "اطلاعیه ی خبری", "اطلاعیهٔ خبری", "اطلاعیه خبری")):
        done = run_fa(
            empty_db, "source", "add", "--title", f"خبر {i}", "--publisher", "شهرداری",
            "--kind", kind,
        )  # fmt: skip
        assert done.exit_code == 0, (kind, done.output)
    assert fold("ماهی") != fold("ماه")  # a ی joined to the ه is a letter of the word


def test_a_skip_bad_file_that_is_the_input_is_refused_in_one_persian_sentence(empty_db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("key,name\n", encoding="utf-8")
    done = run_fa(empty_db, "import", "csv", "cities", str(bad), "--skip-bad", str(bad))
    assert done.exit_code == 1
    assert "پرونده‌ای است که همین فرمان می‌خواند" in done.stderr, done.stderr
    assert "a file this command reads" not in done.stderr
    english = run_cli(empty_db, "import", "csv", "cities", str(bad), "--skip-bad", str(bad))
    assert "is a file this command reads: citylinks never writes over it" in english.stderr


def test_an_empty_or_device_output_is_refused_as_such(empty_db):
    _setup(empty_db)
    assert _org(empty_db).exit_code == 0
    device = run_cli(empty_db, "roster", "asian-mayors-forum", "-o", "/dev/null", "--format", "csv")
    assert device.exit_code == 2 and "is not a regular file (a device" in device.stderr
    assert "suffix" not in device.stderr
    empty = run_fa(empty_db, "roster", "asian-mayors-forum", "--output", "")
    assert empty.exit_code == 2 and "--output خالی است" in empty.stderr, empty.stderr
    assert "پسوند" not in empty.stderr


def test_a_file_that_is_not_a_database_is_named_with_the_fix(tmp_path):
    page = tmp_path / "exist.html"
    page.write_text("<html>not a database</html>\n", encoding="utf-8")
    before = page.read_bytes()
    with_fa = run_fa(None, "--db", str(page), "city", "list")
    assert with_fa.exit_code == 1
    assert "exist.html پایگاه دادهٔ citylinks (پروندهٔ SQLite) نیست" in with_fa.stderr
    english = run_cli(None, "--db", str(page), "city", "list")
    assert "exist.html is not a citylinks database (an SQLite file)" in english.stderr
    assert "a new file" in english.stderr and page.read_bytes() == before


def test_member_history_csv_has_the_data_columns_of_history(empty_db):
    _setup(empty_db)
    assert _org(empty_db).exit_code == 0
    run_cli(
        empty_db, "member", "record", "Tehran", "asian-mayors-forum", "member", "--from",
        "1400", "--source", "S1",
    )  # fmt: skip
    member = run_fa(
        empty_db, "member", "history", "Tehran", "asian-mayors-forum", "--format", "csv"
    ).stdout.splitlines()
    history = run_fa(
        empty_db, "history", "Tehran", "asian-mayors-forum", "--format", "csv"
    ).stdout.splitlines()
    assert member[0].startswith(history[0].rsplit(",sources", 1)[0]), (member[0], history[0])
    assert member[1].startswith("1,member,j:1400,,[2021-03-21..2022-03-20],1400,"), member[1]
    assert not any("۰" <= ch <= "۹" for ch in member[1])


def test_stats_years_do_not_overlap_one_calendar_decides(empty_db):
    _setup(empty_db)
    assert _org(empty_db).exit_code == 0
    for city, start in (("یزد", "2025"), ("Tehran", "1404")):
        done = run_cli(
            empty_db, "member", "record", city, "asian-mayors-forum", "member", "--from", start,
            "--source", "S1",
        )  # fmt: skip
        assert done.exit_code == 0, done.output
    shown = run_fa(empty_db, "stats", "asian-mayors-forum", "--format", "markdown").stdout
    flows = next(part for part in shown.split("## ") if part.startswith("پیوستن و جدایی"))
    rows = [line for line in flows.splitlines() if line.startswith("| ۱")]
    # 1404 (2025-03-21..2026-03-20) is counted in 2025, its first possible year, marked †
    assert len(rows) == 1 and "۲ †" in rows[0], shown
    assert "نخستین سالی که می‌تواند" in shown
