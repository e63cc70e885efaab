"""What citylinks prints about changes and numbers, as an officer would write it, in English and
in Persian (issue 15): a dry run's list of changes and `log`'s labels name records in words
(never a table name, a Python repr or "->"), with values as the reports show them; numbers and
lists inside Persian messages are Persian; undo's own reason is said in its reader's language;
the terminal time axes and the stats over the years put the reader's calendar first."""

from __future__ import annotations

import json

import pytest
from conftest import persian, run_cli, run_fa, table_snapshot

from citylinks import i18n


def _dry_lines(stderr: str) -> list[str]:
    return [line.strip() for line in stderr.splitlines() if line.startswith("  ")]


# --- a dry run's list of changes -------------------------------------------------------------


def test_a_dry_run_names_the_record_and_its_change_in_words(seeded_db):
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "member", "edit", "Yazd", "AMF", "1", "--from", "1386", "--dry-run")
    assert result.exit_code == 0, result.output
    assert _dry_lines(result.stderr) == [
        "changed: Yazd in AMF, phase 1: start unknown → 2007–2008 (1386)"
    ]
    assert table_snapshot(seeded_db) == before


def test_a_persian_dry_run_says_from_and_to_with_jalali_dates_first(seeded_db):
    result = run_fa(seeded_db, "member", "edit", "Yazd", "AMF", "1", "--from", "1386", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("اجرای آزمایشی: چیزی نوشته نشد؛ ۱ تغییر انجام می‌شد:\n")
    assert _dry_lines(result.stderr) == [
        "تغییر کرد: یزد در AMF، مرحلهٔ ۱: آغاز از نامعلوم به ۱۳۸۶ (۲۰۰۷–۲۰۰۸)"
    ]


def test_a_dry_run_of_a_new_phase_lists_the_phase_it_closes(seeded_db):
    result = run_cli(
        seeded_db, "member", "record", "Tehran", "AMF", "member", "--from", "1404-09", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    lines = _dry_lines(result.stderr)
    assert "added: Tehran in AMF, phase 2" in lines
    assert "changed: Tehran in AMF, phase 1: end unknown → 2025-11–2025-12 (1404-09)" in lines
    shown = run_fa(
        seeded_db, "member", "record", "Tehran", "AMF", "member", "--from", "1404-09", "--dry-run"
    )
    assert "افزوده شد: تهران در AMF، مرحلهٔ ۲" in _dry_lines(shown.stderr)
    assert (
        "تغییر کرد: تهران در AMF، مرحلهٔ ۱: پایان از نامعلوم به آذر ۱۴۰۴ (نوامبر–دسامبر ۲۰۲۵)"
        in _dry_lines(shown.stderr)
    )


def test_a_dry_run_never_shows_table_names_reprs_or_arrows_of_code(seeded_db):
    for args in (
        ("city", "edit", "Yazd", "--region", "Yazd Province", "--add-name", "de=Jasd"),
        ("session", "edit", "AMF", "3", "--series", "general-assembly", "--status", "postponed"),
    ):
        for run in (run_cli, run_fa):
            result = run(seeded_db, *args, "--dry-run")
            assert result.exit_code == 0, result.output
            for line in _dry_lines(result.stderr):
                assert "#" not in line and "->" not in line and "'held'" not in line
                assert not any(t in line for t in ("city_name", "session ", "membership_phase"))
    english = run_cli(seeded_db, "city", "edit", "Yazd", "--add-name", "de=Jasd", "--dry-run")
    assert _dry_lines(english.stderr) == ["added: Yazd's name Jasd (de)"]
    status = run_fa(
        seeded_db, "session", "edit", "AMF", "3", "--series", "general-assembly",
        "--status", "postponed", "--dry-run",
    )  # fmt: skip
    assert "وضعیت از برگزار شده به به تعویق افتاده" in status.stderr


def test_an_import_dry_run_names_its_rows_as_the_log_does(seeded_db, tmp_path):
    table = tmp_path / "cities.csv"
    table.write_text("city,country,region\nKashan,IR,Isfahan\nYazd,IR,Yazd Province\n", "utf-8")
    english = run_cli(seeded_db, "import", "csv", "cities", str(table), "--dry-run")
    assert english.exit_code == 0, english.output
    assert _dry_lines(english.stderr)[:3] == [
        "changed: Yazd: region none → Yazd Province",
        "added: Kashan",
        "added: Kashan's name Kashan (en)",
    ]
    shown = run_fa(seeded_db, "import", "csv", "cities", str(table), "--dry-run")
    assert _dry_lines(shown.stderr)[:3] == [
        "تغییر کرد: یزد: استان از هیچ به Yazd Province",
        "افزوده شد: Kashan",
        "افزوده شد: نام Kashan: Kashan (en)",
    ]


# --- the log -----------------------------------------------------------------------------------


def test_log_labels_are_built_in_the_readers_language_from_the_rows_data(seeded_db):
    assert run_cli(seeded_db, "member", "edit", "Yazd", "AMF", "1", "--from", "1386").exit_code == 0
    english = run_cli(seeded_db, "log", "--table", "membership_phase", "--limit", "1").stdout
    assert "changed: Yazd in AMF, phase 1" in english
    assert "start: unknown" in english and "start: 2007–2008 (1386)" in english
    persian_log = run_fa(seeded_db, "log", "--table", "membership_phase", "--limit", "1").stdout
    assert "تغییر کرد: یزد در AMF، مرحلهٔ ۱" in persian_log
    assert "آغاز: نامعلوم" in persian_log and "آغاز: ۱۳۸۶ (۲۰۰۷–۲۰۰۸)" in persian_log
    # JSON keeps the log's own English words: it is data.
    (entry,) = json.loads(
        run_cli(
            seeded_db, "log", "--table", "membership_phase", "--limit", "1", "--format", "json"
        ).stdout
    )
    assert entry["record"] == "Yazd in AMF, phase 1"


def test_log_names_a_removed_row_in_persian_from_the_values_it_kept(seeded_db):
    assert run_cli(seeded_db, "city", "edit", "Yazd", "--add-name", "de=Jasd").exit_code == 0
    assert run_cli(seeded_db, "city", "edit", "Yazd", "--remove-name", "Jasd").exit_code == 0
    shown = run_fa(seeded_db, "log", "--table", "city_name", "--limit", "2").stdout
    assert "افزوده شد: نام یزد: Jasd (de)" in shown and "حذف شد: نام یزد: Jasd (de)" in shown


def test_undo_stores_its_reason_in_the_officers_language_and_log_says_it_in_the_readers(
    seeded_db,
):
    assert run_cli(seeded_db, "city", "edit", "Yazd", "--region", "Yazd Province").exit_code == 0
    (entry,) = json.loads(run_cli(seeded_db, "log", "--limit", "1", "--format", "json").stdout)
    done = run_fa(seeded_db, "--as", "maryam", "undo", str(entry["entry"]))
    assert done.exit_code == 0, done.output
    (undone,) = json.loads(
        run_cli(seeded_db, "log", "--officer", "maryam", "--format", "json").stdout
    )
    digits = str(entry["entry"]).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert undone["reason"] == f"citylinks: برگرداندن مدخل {digits}"
    assert (
        f"undo of entry {entry['entry']}" in run_cli(seeded_db, "log", "--officer", "maryam").stdout
    )
    assert f"برگرداندن مدخل {digits}" in run_fa(seeded_db, "log", "--officer", "maryam").stdout
    # An officer's own reason is kept as written.
    again = run_cli(seeded_db, "--as", "sara", "undo", str(undone["entry"]), "--reason", "oops")
    assert again.exit_code == 0, again.output
    assert "oops" in run_fa(seeded_db, "log", "--officer", "sara").stdout


# --- numbers and lists in Persian messages -----------------------------------------------------


@pytest.mark.any_backend  # the words of a message, not the database
def test_lists_and_numbers_in_messages_are_persian_in_persian():
    with persian():
        assert i18n.listing([1, 2, 3]) == "۱، ۲، ۳"
        assert i18n.listing(["S0", "S1"]) == "S0، S1"
        assert i18n._("{n} and {m}: {xs}", n="7", m=7, xs=[1, 2]) == "۷ and ۷: ۱، ۲"
        assert i18n._("no city {name!r}", name="Yazd") == "no city «Yazd»"
        assert i18n._("wrote {path} ({size} bytes)", path="b.db", size="12,345") == (
            "wrote b.db (۱۲٬۳۴۵ bytes)"
        )
    assert i18n.listing([1, 2, 3]) == "1, 2, 3"
    assert i18n._("no city {name!r}: {xs}", name="Yazd", xs=[1, 2]) == "no city 'Yazd': 1, 2"


def test_a_persian_refusal_lists_phase_numbers_in_persian(seeded_db):
    result = run_fa(seeded_db, "cite", "phase:yazd/amf/9", "S0")
    assert result.exit_code != 0
    assert "۱، ۲، ۳" in result.stderr and "1, 2" not in result.stderr


def test_a_persian_session_add_says_its_number_and_summary_the_persian_way(seeded_db):
    result = run_fa(
        seeded_db, "session", "add", "AMF", "12", "--series", "general-assembly",
        "--host", "Tehran", "--from", "1405-02-10", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "اجرای آزمایشی، ثبت می‌شد: AMF مجمع عمومی ۱۲: تهران، ۱۰ اردیبهشت ۱۴۰۵"
        " (۳۰ آوریل ۲۰۲۶)، برگزار شده\n"
    )
    english = run_cli(
        seeded_db, "session", "add", "AMF", "12", "--series", "general-assembly",
        "--host", "Tehran", "--from", "1405-02-10", "--dry-run",
    )  # fmt: skip
    assert english.stdout.startswith("dry run, would record: AMF general-assembly 12: Tehran, ")


# --- time axes and years ------------------------------------------------------------------------


def test_the_persian_timeline_axis_puts_the_jalali_years_first(seeded_db):
    shown = run_fa(seeded_db, "timeline", "AMF", "--lang", "fa").stdout
    rows = shown.splitlines()
    jalali = next(i for i, line in enumerate(rows) if line.startswith("خورشیدی"))
    assert rows[jalali + 1].startswith("میلادی")
    english = run_cli(seeded_db, "timeline", "AMF").stdout.splitlines()
    gregorian = next(i for i, line in enumerate(english) if line.startswith("Gregorian"))
    assert english[gregorian + 1].startswith("Jalali")
    # --calendar jalali: the Jalali years alone, in English too
    only = run_cli(seeded_db, "timeline", "AMF", "--calendar", "jalali").stdout
    assert "Jalali " in only and "Gregorian " not in only


def test_stats_over_the_years_shows_both_calendars_the_readers_first(seeded_db):
    english = run_cli(seeded_db, "stats", "AMF", "--as-of", "2026-06-01").stdout
    assert "│ 2018 (1396–1397) │" in english
    persian_stats = run_fa(
        seeded_db, "stats", "AMF", "--as-of", "2026-06-01", "--lang", "fa"
    ).stdout
    assert "│ ۱۳۹۶–۱۳۹۷ (۲۰۱۸) │" in persian_stats
