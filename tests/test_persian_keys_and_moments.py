"""What a Persian officer sees of keys and moments (issue 15, as a tester ran it with
CITYLINKS_LANG=fa): a change id is a key, shown as stored and taken back in any digits."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from conftest import run_cli, run_fa, table_snapshot

from citylinks import audit
from citylinks.text import to_persian_digits

DIGIT_ONLY = "78562830" + "0" * 24  # a change id of hex digits that are all decimal


@pytest.fixture
def digit_only_change(seeded_db, monkeypatch):
    """A change whose id is all decimal digits (one in 8 ** 8 / 16 ** 8 is, in its first eight)."""
    monkeypatch.setattr(audit, "uuid4", lambda: SimpleNamespace(hex=DIGIT_ONLY))
    done = run_cli(seeded_db, "city", "edit", "Yazd", "--region", "Yazd Province")
    assert done.exit_code == 0, done.output
    monkeypatch.undo()
    return seeded_db


def test_a_change_id_of_digits_keeps_its_latin_digits_in_persian_messages(digit_only_change):
    db = digit_only_change
    result = run_fa(db, "undo", "--change", "78562830", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "تغییر 78562830" in result.stdout
    assert "۷۸۵۶۲۸۳۰" not in result.stdout
    done = run_fa(db, "--as", "maryam", "undo", "--change", "78562830")
    assert done.exit_code == 0, done.output
    assert "تغییر 78562830" in done.stdout
    (undone,) = json.loads(run_cli(db, "log", "--officer", "maryam", "--format", "json").stdout)
    assert undone["reason"] == "citylinks: برگرداندن تغییر 78562830"
    assert "برگرداندن تغییر 78562830" in run_fa(db, "log", "--officer", "maryam").stdout


@pytest.mark.parametrize("typed", ["۷۸۵۶۲۸۳۰", "٧٨٥٦٢٨٣٠"])
def test_a_change_id_typed_in_persian_or_arabic_digits_names_the_change(digit_only_change, typed):
    db = digit_only_change
    before = table_snapshot(db)
    result = run_fa(db, "undo", "--change", typed, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "تغییر 78562830" in result.stdout
    assert table_snapshot(db) == before


# --- moments: the log's times, and times in messages -------------------------------------------

AT = datetime(2026, 12, 1, 5, 59, 12, tzinfo=UTC)
AT_FA = "۱۰ آذر ۱۴۰۵ ۰۵:۵۹:۱۲ (۱ دسامبر ۲۰۲۶)"  # Jalali first, Gregorian beside


@pytest.fixture
def at_a_known_moment(monkeypatch):
    monkeypatch.setattr(audit, "now", lambda: AT)


def test_log_in_persian_shows_its_moments_in_both_calendars_and_entries_in_persian_digits(
    seeded_db, at_a_known_moment
):
    assert run_cli(seeded_db, "city", "edit", "Yazd", "--region", "Yazd Province").exit_code == 0
    (entry,) = json.loads(run_cli(seeded_db, "log", "--limit", "1", "--format", "json").stdout)
    assert entry["at"].startswith("2026-12-01T05:59:12")  # JSON stays ISO 8601
    shown = run_fa(seeded_db, "log", "--limit", "1", "--format", "csv").stdout
    assert "2026-12-01T05:59:12" in shown  # and CSV
    table = run_fa(seeded_db, "log", "--limit", "1").stdout
    assert "۱۰ آذر ۱۴۰۵ ۰۵:۵۹:۱۲" in table and "(۱ دسامبر ۲۰۲۶)" in table
    assert to_persian_digits(str(entry["entry"])) in table
    assert "2026-12-01 05:59:12" in run_cli(seeded_db, "log", "--limit", "1").stdout


def test_an_undo_refused_in_persian_names_the_later_moment_in_both_calendars(
    seeded_db, at_a_known_moment
):
    assert run_cli(seeded_db, "city", "edit", "Yazd", "--region", "Yazd Province").exit_code == 0
    (first,) = json.loads(run_cli(seeded_db, "log", "--limit", "1", "--format", "json").stdout)
    assert run_cli(seeded_db, "city", "edit", "Yazd", "--region", "Yazd").exit_code == 0
    refused = run_fa(seeded_db, "undo", str(first["entry"]))
    assert refused.exit_code == 1
    assert "به دست test-officer در ۱۰ آذر ۱۴۰۵ ۰۵:۵۹ (۱ دسامبر ۲۰۲۶)" in refused.stderr
    assert "2026" not in refused.stderr


def test_a_persian_dry_run_of_a_retraction_says_its_moment_in_both_calendars(
    seeded_db, at_a_known_moment
):
    result = run_fa(
        seeded_db, "member", "retract", "Yazd", "AMF", "1", "--reason", "x", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert f"از هیچ به {AT_FA}" in result.stderr


# --- undo names records as `log` does, in the reader's language ---------------------------------


def test_undo_names_the_record_in_the_readers_language(seeded_db):
    assert run_cli(seeded_db, "member", "edit", "Yazd", "AMF", "1", "--from", "1386").exit_code == 0
    (entry,) = json.loads(run_cli(seeded_db, "log", "--limit", "1", "--format", "json").stdout)
    n = str(entry["entry"])
    english = run_cli(seeded_db, "undo", n, "--dry-run")
    assert english.exit_code == 0, english.output
    assert f"would undo entry {n} (changed Yazd in AMF, phase 1)" in english.stdout
    persian_ = run_fa(seeded_db, "undo", to_persian_digits(n), "--dry-run")
    assert persian_.exit_code == 0, persian_.output
    assert f"مدخل {to_persian_digits(n)} (یزد در AMF، مرحلهٔ ۱ تغییر کرد)" in persian_.stdout
    assert " in AMF" not in persian_.stdout


# --- records named in the reader's language -----------------------------------------------------


def test_show_in_persian_names_the_record_by_its_persian_name_with_the_english_beside(
    seeded_db,
):
    city = run_fa(seeded_db, "city", "show", "یزد")
    assert city.exit_code == 0, city.output
    assert city.stdout.startswith("شهر yazd: یزد (Yazd)، IR\n")
    org = run_fa(seeded_db, "org", "show", "AMF")
    assert org.stdout.startswith("سازمان AMF: مجمع شهرداران آسیایی (Asian Mayors Forum)\n")
    assert "  مقر: تهران، IR\n" in org.stdout
    person = run_fa(seeded_db, "person", "show", "amrollahi")
    assert person.stdout.startswith("شخص amrollahi: علیرضا امراللهی (Alireza Amrollahi)\n")
    assert "Yazd Municipality، یزد، IR" in person.stdout
    # English is as it was.
    assert run_cli(seeded_db, "city", "show", "Yazd").stdout.startswith("City yazd: Yazd, IR\n")
    assert "  seat: Tehran, IR\n" in run_cli(seeded_db, "org", "show", "AMF").stdout


# --- ids and versions in Persian digits ----------------------------------------------------------


def test_persian_show_writes_ids_and_versions_in_persian_digits(seeded_db):
    for args in (("city", "show", "یزد"), ("person", "show", "amrollahi")):
        shown = run_fa(seeded_db, *args).stdout
        assert re.search(r"^  شناسه: [۰-۹]+$", shown, re.MULTILINE), shown
    session = run_fa(seeded_db, "session", "show", "AMF", "11")
    assert session.exit_code == 0, session.output
    assert re.search(r"#[۰-۹]+، نسخه ۱", session.stdout), session.stdout
    assert not re.search(r"#[0-9]", session.stdout)
    assert re.search(
        r"#[0-9]+, version 1", run_cli(seeded_db, "session", "show", "AMF", "11").stdout
    )


def test_undo_of_a_role_names_it_in_persian_words(seeded_db):
    added = run_cli(
        seeded_db,
        "role",
        "add",
        "Yazd",
        "AMF",
        "vice-president",
        "--from",
        "2025-09",
        "--source",
        "S1",
    )
    assert added.exit_code == 0, added.output
    change = json.loads(run_cli(seeded_db, "log", "--limit", "1", "--format", "json").stdout)[0]
    result = run_fa(seeded_db, "undo", "--change", change["change_id"][:8], "--dry-run")
    assert result.exit_code == 0, result.output
    assert "(یزد: نایب‌رئیس AMF افزوده شد)" in result.stdout
