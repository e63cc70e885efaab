"""Date forms a Persian officer types (issue 15, item 2): a calendar marker after the year
(«ش», «ه.ش», «هـ ش», «م», «میلادی»), a named month with the year first («۱۴۰۴ آذر ۷»),
Arabic-Indic digits; each read alike by `citylinks date` and by every door that records a
membership phase, never more precise than typed; a lunar Hijri date and a year given twice are
refused with the reason."""

from __future__ import annotations

import pytest
from conftest import run_cli, run_fa, table_snapshot
from test_one_way_in import DOORS, GOOD

# What is typed -> the stored text (which says the calendar and the precision).
FORMS = {
    "۱۴۰۴ ش": "j:1404",
    "۱۴۰۴ ش.": "j:1404",
    "۱۴۰۴ ه.ش": "j:1404",
    "۱۴۰۴ هـ ش": "j:1404",
    "۱۴۰۴ هـ.ش": "j:1404",
    "۱۴۰۴ ه.خ": "j:1404",
    "۱۴۰۴ هجری خورشیدی": "j:1404",
    "١٤٠٤ ش": "j:1404",  # Arabic-Indic digits
    "۲۰۲۵ م": "2025",
    "۲۰۲۵ م.": "2025",
    "۲۰۲۵ میلادی": "2025",
    "۱۴۰۴ آذر ۷": "j:1404-09-07",
    "١٤٠٤ آذر ٧": "j:1404-09-07",
    "۱۴۰۴ آذرماه ۷": "j:1404-09-07",
    "۱۴۰۴، آذر ۷": "j:1404-09-07",
    "۱۴۰۴ آذر": "j:1404-09",  # a month: no day is made up
    "۱۴۰۴ آذر ۷ ه.ش": "j:1404-09-07",
    "۷ آذر ۱۴۰۴": "j:1404-09-07",
    "٧ آذر ١٤٠٤": "j:1404-09-07",
    "۷ آذر، ۱۴۰۴": "j:1404-09-07",
    "۷ آذر ۱۴۰۴ ش": "j:1404-09-07",
    "2025 November 28": "2025-11-28",
    "۲۰۲۵ نوامبر ۲۸": "2025-11-28",
    "جمعه ۱۴۰۴ آذر ۷": "j:1404-09-07",  # the weekday is checked, then dropped
}

# What is typed -> the reason it is refused.
REFUSED = {
    "۱۴۴۷ ق": "'۱۴۴۷ ق' is a lunar Hijri date (ق): citylinks keeps solar Hijri (Jalali) and"
    " Gregorian dates; give the date in one of them, e.g. ۷ آذر ۱۴۰۴ or 28 November 2025",
    "۱۴۴۷ ه.ق": "'۱۴۴۷ ه.ق' is a lunar Hijri date (ه.ق)",
    "۱۴۴۷ هجری قمری": "is a lunar Hijri date (هجری قمری)",
    "۱۴۰۴ آذر ۱۴۰۴": "'۱۴۰۴ آذر ۱۴۰۴' gives a year on both sides of the month: write the year"
    " once, e.g. ۷ آذر ۱۴۰۴ or ۱۴۰۴ آذر ۷",
    "۱۴۰۴ آذر ۷ م": "'۱۴۰۴ آذر ۷ م' mixes calendars: آذر is a Jalali month; drop 'م'",
    "۱۴۰۴ آذر ۳۱": "1404-09-31 does not exist: Azar 1404 has 30 days",
    "شنبه ۱۴۰۴ آذر ۷": "۷ آذر ۱۴۰۴ was a Friday, not a Saturday",
}


@pytest.mark.any_backend  # no database
@pytest.mark.parametrize("typed", list(FORMS))
def test_the_date_command_reads_each_form_as_typed(typed):
    result = run_cli(None, "date", typed)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(f"; {FORMS[typed]})"), result.stdout


@pytest.mark.any_backend  # no database
def test_a_year_first_date_is_shown_in_both_calendars():
    result = run_cli(None, "date", "۱۴۰۴ آذر ۷", "۱۴۰۴ آذر", "۱۴۰۴ ش", "۲۰۲۵ م")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "۱۴۰۴ آذر ۷  =>  1404-09-07 (2025-11-28)  (precision: day; j:1404-09-07)",
        "۱۴۰۴ آذر  =>  1404-09 (2025-11–2025-12)  (precision: month; j:1404-09)",
        "۱۴۰۴ ش  =>  1404 (2025–2026)  (precision: year; j:1404)",
        "۲۰۲۵ م  =>  2025 (1403–1404)  (precision: year; 2025)",
    ]


@pytest.mark.any_backend  # no database
@pytest.mark.parametrize("typed", list(REFUSED))
def test_the_date_command_refuses_with_the_reason(typed):
    result = run_cli(None, "date", typed)
    assert result.exit_code == 1
    assert REFUSED[typed] in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.any_backend  # no database
def test_a_lunar_date_is_refused_in_persian_without_english_words():
    result = run_fa(None, "date", "۱۴۴۷ ه.ق")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith("خطا:") and "هجری قمری" in line, line
    # the only Latin letters are the program's name and the example's month
    assert set(filter(str.isascii, line.replace("citylinks", "").replace("November", ""))) <= set(
        " .,:;()'`«»-0123456789"
    ), line


def _phase(db, start: str) -> int:
    return db.scalar(
        "SELECT count(*) FROM membership_phase p JOIN membership m ON m.id = p.membership_id"
        " JOIN city c ON c.id = m.city_id WHERE p.start_text = :d AND p.status = 'observer'",
        d=start,
    )


@pytest.mark.parametrize(
    ("door", "typed"),
    [
        *(("member record", typed) for typed in FORMS),
        ("import csv", "۱۴۰۴ ش"),
        ("import csv", "١٤٠٤ آذر ٧"),
        ("import dataset", "۱۴۰۴ ه.ش"),
        ("import dataset", "۱۴۰۴ آذر"),
        ("import popolo", "۲۰۲۵ میلادی"),
    ],
)
def test_a_membership_phase_keeps_the_form_as_read_at_every_door(seeded_db, tmp_path, door, typed):
    values = {**GOOD, "status": "observer", "date": typed}
    before = _phase(seeded_db, FORMS[typed])
    result = run_cli(seeded_db, *DOORS[door](seeded_db, tmp_path, values))
    assert result.exit_code == 0, (door, result.output)
    assert _phase(seeded_db, FORMS[typed]) == before + 1


@pytest.mark.parametrize("typed", ["۱۴۴۷ ق", "۱۴۰۴ آذر ۱۴۰۴"])
def test_a_refused_form_is_refused_alike_at_every_door(seeded_db, tmp_path, typed):
    values = {**GOOD, "status": "observer", "date": typed}
    # The reason, after the value quoted (a Popolo start_date is quoted with its g: prefix:
    # Popolo's dates are Gregorian).
    reason = REFUSED[typed].split("' ", 1)[1]
    said = {}
    for door, arguments in DOORS.items():
        before = table_snapshot(seeded_db)
        result = run_cli(seeded_db, *arguments(seeded_db, tmp_path, values))
        assert result.exit_code == 1, (door, result.output)
        lines = [line for line in result.stderr.splitlines() if reason in line]
        assert lines, (door, result.stderr)
        said[door] = lines[0][lines[0].index(reason) :]
        assert table_snapshot(seeded_db) == before, door
    assert len(set(said.values())) == 1, said
