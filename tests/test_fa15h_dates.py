"""Every date form of issue 15, and the day written as a word («هفتم آذر ۱۴۰۴», «هفت آذر»,
«اول فروردین», «بیست و هشتم») and digits of two scripts in one date («۲۸/۱۱/1404»): each
accepted with the same stored date, or refused with the same reason, at the `date` command,
at `member record`, in a CSV cell and in a dataset field (citylinks.dates is the one parser)."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, table_snapshot

from citylinks.dates import PartialDate

# typed -> the stored date
ACCEPTED = {
    # the forms the issue names
    "سال ۱۴۰۴": "j:1404",
    "جمعه ۷ آذر ۱۴۰۴": "j:1404-09-07",
    "اوایل ۱۴۰۴": "early j:1404",
    "اواسط ۱۴۰۴": "mid j:1404",
    "اواخر ۱۴۰۴": "late j:1404",
    "28/11/2025": "2025-11-28",
    "7/9/1404": "j:1404-09-07",
    # the day as a word, an ordinal or a number
    "هفتم آذر ۱۴۰۴": "j:1404-09-07",
    "هفت آذر ۱۴۰۴": "j:1404-09-07",
    "اول فروردین ۱۴۰۴": "j:1404-01-01",
    "یکم مهر ۱۴۰۴": "j:1404-07-01",
    "بیست و هشتم بهمن ۱۴۰۴": "j:1404-11-28",
    "بیست\u200cوهشتم بهمن ۱۴۰۴": "j:1404-11-28",
    "بيست و يکم آذر ۱۴۰۴": "j:1404-09-21",  # Arabic yeh
    "سی\u200cام شهریور ۱۴۰۴": "j:1404-06-30",
    "هجدهم دی ۱۴۰۴": "j:1404-10-18",
    "نه دی ۱۴۰۴": "j:1404-10-09",
    "جمعه هفتم آذر ۱۴۰۴": "j:1404-09-07",  # a weekday, then the day as a word
    "پیش از هفتم آذر ۱۴۰۴": "before j:1404-09-07",
    "سه\u200cشنبه ۲۸ بهمن ۱۴۰۴": "j:1404-11-28",  # «سه» of a weekday is no day
    # digits of two scripts in one date: each digit read by its value
    "۲۸/۱۱/1404": "j:1404-11-28",
    "1404/۰۹/07": "j:1404-09-07",
    "۷ آذر 1404": "j:1404-09-07",
}

# typed -> the reason (part of the one line every door says after the value)
REFUSED = {
    "شنبه ۷ آذر ۱۴۰۴": "۷ آذر ۱۴۰۴ was a Friday, not a Saturday: check the day, or leave the"
    " weekday out",
    "03/04/2025": "could be 3 April or 4 March 2025: write the year first (2025-04-03 for"
    " 3 April) or the month's name (3 April 2025)",
    "سی و یکم اسفند ۱۴۰۴": "1404-12-31 does not exist: Esfand 1404 has 29 days (1404 is not a"
    " leap year)",
    "۳۰/۱۲/1404": "1404-12-30 does not exist: Esfand 1404 has 29 days",
    "هفتم آذر": "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (Gregorian) or j:YYYY-MM-DD"
    " (Jalali)",
}


@pytest.mark.any_backend  # no database
def test_the_date_command_reads_every_form():
    result = run_cli(None, "date", *ACCEPTED)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(ACCEPTED)
    for (typed, stored), line in zip(ACCEPTED.items(), lines, strict=True):
        assert line.startswith(f"{typed}  =>  "), line
        assert line.endswith(f"; {stored})"), line


@pytest.mark.any_backend  # no database
@pytest.mark.parametrize("typed", list(REFUSED))
def test_the_date_command_refuses_with_the_reason(typed):
    result = run_cli(None, "date", typed)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and REFUSED[typed] in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


@pytest.mark.any_backend  # no database
def test_the_date_help_lists_the_calendar_names_and_day_words_it_takes():
    shown = " ".join(run_cli(None, "date", "--help").stdout.split())
    for name in ("شمسی", "هجری شمسی", "خورشیدی", "ه.ش", "ه.خ", "میلادی", "or م for Gregorian"):
        assert name in shown, name
        if name != "or م for Gregorian":
            assert PartialDate.parse(f"۱۴۰۴ {name}" if name != "میلادی" else "۲۰۲۵ میلادی")
    assert "'هفتم آذر ۱۴۰۴'" in shown and "(۲۸/۱۱/1404)" in shown
    assert "ق, ه.ق or قمری, is refused" in shown


# --- at every door ---------------------------------------------------------------------------

CITIES = [f"Datetown {n}" for n in range(len(ACCEPTED))]


def _command(tmp_path, dates: dict[str, str]) -> list[list[str]]:
    commands = []
    for city, typed in dates.items():
        commands.append(["city", "add", city, "--country", "IR", "--source", "S0", "--force"])
        commands.append(
            ["member", "record", city, "AMF", "observer", "--from", typed, "--source", "S0"]
        )
    return commands


def _csv(tmp_path, dates: dict[str, str]) -> list[list[str]]:
    path = tmp_path / "memberships.csv"
    rows = "".join(f"{city},IR,AMF,observer,{typed},,,S0\n" for city, typed in dates.items())
    path.write_text("city,country,organization,status,from,to,reason,source\n" + rows, "utf-8")
    return [["import", "csv", "memberships", str(path), "--create-missing"]]


def _dataset(tmp_path, dates: dict[str, str]) -> list[list[str]]:
    path = tmp_path / "office.toml"
    records = ['format = "citylinks-dataset/1"\n']
    for n, (city, typed) in enumerate(dates.items()):
        records.append(
            f'[[city]]\nkey = "datetown-{n}"\ncountry = "IR"\nsources = ["S0"]\n'
            f'names = [{{ lang = "en", name = "{city}" }}]\n\n'
            f'[[membership]]\norganization = "amf"\ncity = "datetown-{n}"\n'
            f'[[membership.phase]]\nstatus = "observer"\nstart = {json.dumps(typed)}\n'
            'sources = ["S0"]\n'
        )
    path.write_text("\n".join(records), encoding="utf-8")
    return [["import", "dataset", str(path)]]


DOORS = {"member record": _command, "import csv": _csv, "import dataset": _dataset}


def _stored(db, city: str) -> list[str]:
    engine = db.engine()
    try:
        from sqlalchemy import text

        with engine.connect() as conn:
            return list(
                conn.execute(
                    text(
                        "SELECT p.start_text FROM membership_phase p"
                        " JOIN membership m ON m.id = p.membership_id"
                        " JOIN city_name n ON n.city_id = m.city_id WHERE n.name = :city"
                    ),
                    {"city": city},
                ).scalars()
            )
    finally:
        engine.dispose()


@pytest.mark.parametrize("door", list(DOORS))
def test_every_form_is_stored_alike_at_every_door(seeded_db, tmp_path, door):
    dates = dict(zip(CITIES, ACCEPTED, strict=True))
    for arguments in DOORS[door](tmp_path, dates):
        result = run_cli(seeded_db, *arguments)
        assert result.exit_code == 0, (arguments, result.output)
    stored = {typed: _stored(seeded_db, city) for city, typed in dates.items()}
    assert stored == {typed: [ACCEPTED[typed]] for typed in ACCEPTED}


@pytest.mark.parametrize("door", list(DOORS))
def test_a_refused_form_is_refused_alike_at_every_door(seeded_db, tmp_path, door):
    # The city the command records a phase of is there first, as in the files.
    assert run_cli(seeded_db, *_command(tmp_path, {"Datetown": ""})[0]).exit_code == 0
    for typed, reason in REFUSED.items():
        before = table_snapshot(seeded_db)
        refused = DOORS[door](tmp_path, {"Datetown": typed})[-1]
        result = run_cli(seeded_db, *refused)
        assert result.exit_code == 1, (typed, result.output)
        said = [line for line in result.stderr.splitlines() if reason in line]
        assert said, (typed, result.stderr)
        assert table_snapshot(seeded_db) == before, typed
