"""Dates bounded on both sides ("between 2025 and 2025-09-08") and the end of a post or role
that is not known ('unknown') apart from one still held ('present'): read at every door,
stored in the four columns of every partial date, shown in both calendars, and read by
`roster`."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, table_snapshot

from citylinks.dates import PartialDate
from citylinks.schema import DATE_TEXT

PHASE_START = (
    "SELECT p.start_text, p.start_precision, p.start_earliest, p.start_latest"
    " FROM membership_phase p JOIN membership m ON m.id = p.membership_id"
    " JOIN city c ON c.id = m.city_id WHERE c.key = :city"
)
ROLE_END = (
    "SELECT r.end_text, r.end_precision, r.end_earliest, r.end_latest FROM role r"
    " JOIN city c ON c.id = r.city_id WHERE c.key = :city AND r.title = :title"
)


def _day(value) -> str:
    """A DATE column as ISO text, whichever type the driver returns."""
    return str(value)[:10]


# --- reading and showing (no database) -----------------------------------------------------


def test_three_ways_of_typing_a_date_between_two_dates_are_one_date():
    result = run_cli(
        None,
        "date",
        "2025..2025-09-08",
        "between 2025 and 2025-09-08",
        "BETWEEN 2025 AND 8 Sep 2025",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines() == [
        f"{typed}  =>  between 2025 and 2025-09-08 (between 1403-10-12 and 1404-06-17)"
        "  (precision: year; 2025..2025-09-08)"
        for typed in (
            "2025..2025-09-08",
            "between 2025 and 2025-09-08",
            "BETWEEN 2025 AND 8 Sep 2025",
        )
    ]


def test_a_date_between_two_jalali_dates_in_persian_words_and_digits():
    result = run_cli(None, "date", "بین ۱۴۰۴ و ۱۷ شهریور ۱۴۰۴", "بين ١٤٠٤ و ١٧ شهريور ١٤٠٤")
    assert result.exit_code == 0, result.output
    for line in result.stdout.strip().splitlines():
        assert line.endswith(
            "=>  between 1404 and 1404-06-17 (between 2025-03-21 and 2025-09-08)"
            "  (precision: year; j:1404..j:1404-06-17)"
        )
    persian = run_cli(None, "date", "--lang", "fa", "2025..2025-09-08")
    assert "=>  بین ۱۲ دی ۱۴۰۳ و ۱۷ شهریور ۱۴۰۴ (بین ۲۰۲۵ و ۸ سپتامبر ۲۰۲۵)  (دقت: سال" in (
        persian.stdout
    )


def test_each_bound_keeps_its_own_calendar_and_precision():
    result = run_cli(None, "date", "j:1404-06..2025-10", "2008-11-18..2008-11-20")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    # The other calendar shows each bound by its first or last day: never more precise than
    # the value, never wider.
    assert "=>  between 1404-06 and 1404-08-09 (between 2025-08-23 and 2025-10)" in lines[0]
    assert "(precision: month; j:1404-06..2025-10)" in lines[0]
    assert "between 2008-11-18 and 2008-11-20 (between 1387-08-28 and 1387-08-30)" in lines[1]
    assert "(precision: day;" in lines[1]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "2026..2025",
            "'2026..2025' runs backwards: 2026 is after 2025; write the earlier date first",
        ),
        (
            "between 1404-06-18 and 2025-09-08",
            "runs backwards: 1404-06-18 is after 2025-09-08; write the earlier date first",
        ),
        ("2025..", "'2025..' has one bound only: write both (2025..2025-09-08), or 'before"),
        ("between 2025 and", "'between 2025 and' needs two dates: write e.g. between 2025 and"),
        ("circa 2025..2026", "'circa 2025' cannot bound a date; each bound is a plain date"),
        ("2025..unknown", "'unknown' cannot bound a date"),
        ("2025..present", "'present' cannot bound a date"),
        ("2020..2021..2022", "'2021..2022' cannot bound a date"),
        ("2025..2025-13", "month 13 is out of range"),
        ("2025..2025-02-29", "2025-02-29 does not exist"),
        ("g:1005..2025", "'g:1005..2025' is out of range: dates run from 1010 to 8990"),
        ("2025..8995", "'2025..8995' is out of range: dates run from 1010 to 8990"),
        ("2025..Brumaire 2026", "'brumaire' is not a month name"),
    ],
)
def test_a_bad_date_between_two_dates_is_refused_in_one_line(typed, message):
    result = run_cli(None, "date", typed)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr


def test_the_longest_texts_fit_the_date_column():
    longest = [
        "g:1650-12-31..g:1651-01-01",
        "j:8368-12-29..j:8368-12-29",
        "j:1404-06-17..2025-09-08",
    ]
    for typed in longest:
        d = PartialDate.parse(typed)
        assert PartialDate.parse(d.text) == d
        assert len(d.text) <= DATE_TEXT


def test_present_and_unknown_are_different_values():
    present, unknown = PartialDate.parse("تاکنون"), PartialDate.parse("unknown")
    assert (present.text, present.is_present, present.is_unknown) == ("present", True, False)
    assert (unknown.text, unknown.is_present, unknown.is_unknown) == ("unknown", False, True)
    assert present.columns() == ("present", None, None, None)
    assert (present.format("both", "en"), present.format("both", "fa")) == ("present", "تاکنون")


# --- the doors: a command, a CSV cell, a dataset field, Popolo --------------------------------


def test_a_command_stores_a_date_between_two_dates_in_the_four_columns(seeded_cli, seeded_db):
    result = seeded_cli(
        "member", "record", "Abarkuh", "AMF", "member", "--from", "between 2025 and 2025-09-08",
        "--source", "S1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "from between 2025 and 2025-09-08 to now" in result.stdout
    [(text, precision, earliest, latest)] = seeded_db.rows(PHASE_START, city="abarkuh")
    assert (text, precision, _day(earliest), _day(latest)) == (
        "2025..2025-09-08", "year", "2025-01-01", "2025-09-08"
    )  # fmt: skip
    shown = seeded_cli("member", "history", "Abarkuh", "AMF")
    assert "between 2025 and 2025-09-08" in shown.stdout


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026..2025", "Error: --from: '2026..2025' runs backwards"),
        (
            "present",
            "Error: --from: 'present' (still held) is only for the end of a post or a role",
        ),
    ],
)
def test_a_command_refuses_a_bad_bounded_date_and_changes_nothing(
    seeded_cli, seeded_db, typed, message
):
    before = table_snapshot(seeded_db)
    result = seeded_cli(
        "member", "record", "Abarkuh", "AMF", "member", "--from", typed, "--source", "S1"
    )
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(seeded_db) == before


def test_a_csv_cell_takes_a_date_between_two_dates(seeded_cli, seeded_db, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text(
        "city,country,organization,status,from,to,source\n"
        "ابرکوه,IR,AMF,member,بین ۱۴۰۴ و ۱۷ شهریور ۱۴۰۴,,S1\n",
        encoding="utf-8",
    )
    result = seeded_cli("import", "csv", "memberships", str(path))
    assert result.exit_code == 0, result.output
    [(text, precision, earliest, latest)] = seeded_db.rows(PHASE_START, city="abarkuh")
    assert (text, precision, _day(earliest), _day(latest)) == (
        "j:1404..j:1404-06-17", "year", "2025-03-21", "2025-09-08"
    )  # fmt: skip
    exported = seeded_cli("export", "csv", "memberships")
    assert "j:1404..j:1404-06-17" in exported.stdout


def test_a_csv_cell_that_runs_backwards_is_refused_by_line(seeded_cli, seeded_db, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text(
        "city,country,organization,status,from,to,source\nAbarkuh,IR,AMF,member,2026..2025,,S1\n",
        encoding="utf-8",
    )
    before = table_snapshot(seeded_db)
    result = seeded_cli("import", "csv", "memberships", str(path))
    assert result.exit_code == 1
    assert "line 2" in result.stderr and "'2026..2025' runs backwards" in result.stderr
    assert table_snapshot(seeded_db) == before


DATASET = """
format = "citylinks-dataset/1"

[[membership]]
city = "abarkuh"
organization = "amf"

[[membership.phase]]
status = "member"
start = "between 2025 and 2025-09-08"
end = "unknown"
sources = ["S1"]

[[role]]
city = "abarkuh"
organization = "amf"
title = "treasurer"
start = "2025-09"
end = "present"
sources = ["S1"]

[[role]]
city = "abarkuh"
organization = "amf"
title = "auditor"
start = "2025-09"
end = "unknown"
sources = ["S1"]
"""


def test_dataset_fields_take_both_and_export_and_popolo_keep_them(seeded_cli, seeded_db, tmp_path):
    path = tmp_path / "more.toml"
    path.write_text(DATASET, encoding="utf-8")
    result = seeded_cli("import", "dataset", str(path))
    assert result.exit_code == 0, result.output
    [(text, precision, earliest, latest)] = seeded_db.rows(PHASE_START, city="abarkuh")
    assert (text, precision, _day(earliest), _day(latest)) == (
        "2025..2025-09-08", "year", "2025-01-01", "2025-09-08"
    )  # fmt: skip
    assert seeded_db.rows(ROLE_END, city="abarkuh", title="treasurer") == [
        ("present", None, None, None)
    ]
    assert seeded_db.rows(ROLE_END, city="abarkuh", title="auditor") == [
        ("unknown", None, None, None)
    ]
    exported = seeded_cli("export", "dataset")
    assert 'start = "2025..2025-09-08"' in exported.stdout and 'end = "present"' in exported.stdout
    # Popolo's dates are reduced ISO 8601: neither value has one, so each is kept in the
    # extension field, and read back as it was.
    popolo = tmp_path / "amf.json"
    written = seeded_cli("export", "popolo", "--output", str(popolo))
    assert written.exit_code == 0, written.output
    doc = json.loads(popolo.read_text(encoding="utf-8"))
    [phase] = [m for m in doc["memberships"] if m["id"].startswith("membership/amf/city/abarkuh/")]
    assert "start_date" not in phase and phase["citylinks:start_date"] == "2025..2025-09-08"
    [held] = [m for m in doc["memberships"] if m.get("role") == "treasurer"]
    assert "end_date" not in held and held["citylinks:end_date"] == "present"


def test_a_dataset_refuses_present_where_it_means_nothing(seeded_cli, seeded_db, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(DATASET.replace('end = "unknown"', 'end = "present"', 1), encoding="utf-8")
    before = table_snapshot(seeded_db)
    result = seeded_cli("import", "dataset", str(path))
    assert result.exit_code == 1
    assert "end: 'present' (still held) is only for the end of a post or a role" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(seeded_db) == before


def test_a_popolo_membership_without_an_end_date_has_an_end_not_known(
    seeded_cli, seeded_db, tmp_path
):
    doc = {
        "organizations": [{"id": "org/x", "name": "X Forum", "classification": "network"}],
        "persons": [{"id": "person/p", "name": "Pat Example"}],
        "memberships": [
            {"id": "m1", "person_id": "person/p", "organization_id": "org/x", "role": "chair",
             "start_date": "2024"},
            {"id": "m2", "person_id": "person/p", "organization_id": "org/x", "role": "treasurer",
             "start_date": "2024", "citylinks:end_date": "present"},
        ],
    }  # fmt: skip
    path = tmp_path / "other.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = seeded_cli("import", "popolo", str(path))
    assert result.exit_code == 0, result.output
    ends = seeded_db.rows("SELECT title, end_text FROM post WHERE title IN ('chair', 'treasurer')")
    assert sorted(ends) == [("chair", "unknown"), ("treasurer", "present")]


# --- roster: certain and possibly ------------------------------------------------------------


def test_a_phase_begun_between_two_dates_is_certain_after_the_later(seeded_cli):
    recorded = seeded_cli(
        "member", "record", "Abarkuh", "AMF", "member", "--from", "2025..2025-09-08",
        "--source", "S1",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    after = json.loads(
        seeded_cli("roster", "AMF", "--as-of", "2025-10-01", "--format", "json").stdout
    )
    [abarkuh] = [m for m in after["members"] if m["key"] == "abarkuh"]
    assert abarkuh["certain"] is True and abarkuh["possibly_because"] == []
    assert abarkuh["since"]["value"] == "2025..2025-09-08"
    assert abarkuh["since"]["jalali"] == "between 1403-10-12 and 1404-06-17"
    # Within the bounds the day is not known: possibly, and why.
    within = seeded_cli("roster", "AMF", "--as-of", "2025-06-01", "--format", "csv")
    [line] = [x for x in within.stdout.splitlines() if x.startswith("Abarkuh,")]
    assert ',false,"the membership began between 2025 and 2025-09-08, day not known",' in line
    # Before the first bound: not a member.
    before = seeded_cli("roster", "AMF", "--as-of", "2024-12-31", "--format", "csv")
    assert "Abarkuh," not in before.stdout
    # The same with a year alone stays "possibly" on 2025-10-01.
    seeded_cli("member", "record", "Gorgan", "AMF", "member", "--from", "2025", "--source", "S1")
    table = seeded_cli("roster", "AMF", "--as-of", "2025-10-01", "--format", "csv")
    [gorgan] = [x for x in table.stdout.splitlines() if x.startswith("Gorgan,")]
    assert ',false,"the membership began in 2025, day not known",' in gorgan


def test_a_role_still_held_is_certain_and_one_whose_end_is_not_known_is_possible(seeded_cli):
    for title, end in (("treasurer", "present"), ("auditor", "unknown"), ("adviser", None)):
        to = ["--to", end] if end else []
        result = seeded_cli(
            "role", "add", "Yazd", "AMF", title, "--from", "2025-09", *to, "--source", "S1"
        )
        assert result.exit_code == 0, result.output
        until = "present" if end == "present" else "an unknown date"
        assert result.stdout.strip().endswith(f"from 2025-09 to {until}")
    roster = seeded_cli("roster", "AMF", "--as-of", "2025-12-15", "--format", "json")
    [yazd] = [m for m in json.loads(roster.stdout)["members"] if m["key"] == "yazd"]
    held = {r["title"]: r["certain"] for r in yazd["roles"]}
    assert held["treasurer"] is True
    assert held["auditor"] is False and held["adviser"] is False
    table = seeded_cli("roster", "AMF", "--as-of", "2025-12-15", "--format", "csv")
    [line] = [x for x in table.stdout.splitlines() if x.startswith("Yazd,")]
    assert "; treasurer (Asian Mayors Forum); auditor (Asian Mayors Forum) [possibly];" in line
    # Before its start a role still held is only possible (the month's day is not known).
    early = seeded_cli("roster", "AMF", "--as-of", "2025-09-15", "--format", "json")
    [yazd] = [m for m in json.loads(early.stdout)["members"] if m["key"] == "yazd"]
    assert {r["title"]: r["certain"] for r in yazd["roles"]}["treasurer"] is False


def test_show_tells_a_post_still_held_from_one_whose_end_is_not_known(seeded_cli, seeded_db):
    for title, end in (("adviser", "present"), ("envoy", "unknown")):
        result = seeded_cli(
            "post", "add", "sahin", title, "--org", "AMF", "--from", "2020", "--to", end,
            "--source", "S1",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert sorted(seeded_db.rows("SELECT title, end_text FROM post WHERE title IN ('adviser', 'envoy')")) == [
        ("adviser", "present"), ("envoy", "unknown")
    ]  # fmt: skip
    shown = seeded_cli("person", "show", "sahin").stdout
    assert "adviser, AMF, from 2020 (1398–1399) to present [S1]" in shown
    assert "envoy, AMF, from 2020 (1398–1399), end not recorded [S1]" in shown
    city = seeded_cli("role", "add", "Yazd", "AMF", "treasurer", "--from", "2025-09", "--to",
                      "تاکنون", "--source", "S1")  # fmt: skip
    assert city.exit_code == 0, city.output
    assert "treasurer, AMF from 2025-09 (1404-06–1404-07) to present [S1]" in (
        seeded_cli("city", "show", "Yazd").stdout
    )
