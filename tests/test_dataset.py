"""The bundled dataset: what it holds, with sources, and loading it twice changes nothing."""

from __future__ import annotations

import pytest
from conftest import run_cli, table_snapshot

CITED_TABLES = [
    "city",
    "designation",
    "organization",
    "motto",
    "member_count_claim",
    "session",
    "session_numbering",
    "attendance",
    "attendance_claim",
    "membership_phase",
    "role",
    "person",
    "post",
]


def test_seeding_twice_changes_nothing(seeded_db):
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "seed")
    assert result.exit_code == 0, result.output
    assert table_snapshot(seeded_db) == before


@pytest.mark.parametrize("table", CITED_TABLES)
def test_every_fact_cites_at_least_one_source(seeded_db, table):
    uncited = seeded_db.rows(
        f"SELECT id FROM {table} WHERE id NOT IN (SELECT {table}_id FROM {table}_source)"
    )
    assert uncited == []


def test_the_seven_general_assemblies_and_the_executive_board_meetings(seeded_db):
    rows = seeded_db.rows(
        "SELECT s.number, n.name, s.start_text, s.end_text FROM session s"
        " JOIN meeting_series ms ON ms.id = s.series_id"
        " JOIN city_name n ON n.city_id = s.host_city_id AND n.lang = 'en' AND n.position = 0"
        " WHERE ms.key = 'general-assembly' ORDER BY s.number"
    )
    assert rows == [
        (1, "Tehran", "2008-11-19", "2008-11-20"),
        (2, "Istanbul", "2011-04-01", "2011-04-02"),
        (3, "Bangkok", "2012-11-28", "2012-11-29"),
        (4, "Haikou", "2014-11-25", "2014-11-25"),
        (5, "Gaziantep", "2018-11-30", "2018-12-01"),
        (6, "Dushanbe", "2022-03-08", "2022-03-10"),
        (7, "Tehran", "2025-11-28", "2025-11-28"),
    ]
    board = seeded_db.rows(
        "SELECT s.number, s.start_text FROM session s JOIN meeting_series ms ON ms.id = s.series_id"
        " WHERE ms.key = 'executive-board' ORDER BY s.number"
    )
    # The 2nd meeting is in no source found; the 3rd is numbered by its place (data/amf.toml);
    # the 10th and 11th lie between two days their sources give.
    assert board == [
        (1, "2012-02-01"),
        (3, "2013-11"),
        (4, "2014-11-24"),
        (5, "2015-08-29"),
        (6, "2018"),
        (7, "2020-06-22"),
        (8, "2022-03-08"),
        (9, "2023-05-25"),
        (10, "2024-08-28..2024-08-29"),
        (11, "2025-11-27..2025-11-29"),
    ]


def test_disagreeing_sources_are_all_kept(seeded_db):
    # The first session: "more than 100 mayors and city managers" (S0, P1), 89 cities (D1, M5),
    # "more than 80" (M2), "about 90" (U4), 44 mayors (T3, Y1), ... each kept with its source.
    claims = seeded_db.rows(
        "SELECT c.number, c.qualifier FROM attendance_claim c JOIN session s ON s.id = c.session_id"
        " JOIN meeting_series ms ON ms.id = s.series_id"
        " WHERE ms.key = 'general-assembly' AND s.number = 1"
    )
    assert sorted(claims) == [
        (44, "exactly"),
        (80, "more-than"),
        (89, "exactly"),
        (89, "exactly"),
        (89, "exactly"),
        (89, "more-than"),
        (90, "about"),
        (100, "more-than"),
        (160, "exactly"),
    ]
    mottos = {text for (text,) in seeded_db.rows("SELECT text FROM motto")}
    assert "آسیا برای شهروندان، همکاری برای زندگی بهتر" in mottos
    assert "آسیا برای شهروندان، همگرایی برای زندگی بهتر" in mottos
    numbering = seeded_db.rows("SELECT number FROM session_numbering")
    assert numbering == [(11,)]


def test_yazd_membership_history_keeps_unknowns_unknown(seeded_db):
    phases = seeded_db.rows(
        "SELECT p.status, p.start_text, p.end_text FROM membership_phase p"
        " JOIN membership m ON m.id = p.membership_id JOIN city c ON c.id = m.city_id"
        " JOIN organization o ON o.id = m.organization_id"
        " WHERE c.key = 'yazd' AND o.acronym = 'AMF' ORDER BY p.position"
    )
    assert phases[0] == ("cooperating", "unknown", "2025..2025-09-08")
    assert [p[0] for p in phases[1:]] == ["member"] * (len(phases) - 1)
    assert phases[1][1] == "2025..2025-09-08"
    roles = seeded_db.rows(
        "SELECT o.key, r.title, r.start_text FROM role r JOIN organization o ON o.id = r.organization_id"
        " JOIN city c ON c.id = r.city_id WHERE c.key = 'yazd' ORDER BY o.key"
    )
    assert [(title, start) for _, title, start in roles] == [
        ("secretary", "2025-11-27..2025-11-29"),
        ("secretary", "2025-11-27..2025-11-29"),
    ]


def test_unknown_dates_are_stored_without_bounds(seeded_db):
    row = seeded_db.rows(
        "SELECT start_text, start_precision, start_earliest, start_latest FROM membership_phase"
        " WHERE status = 'cooperating'"
    )
    assert row == [("unknown", None, None, None)]


def test_a_broken_dataset_file_is_refused_in_one_line_and_writes_nothing(seeded_db, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'format = "citylinks-dataset/1"\n'
        '[[source]]\nkey = "X1"\nkind = "news-release"\ntitle = "A release"\npublished = "2025"\n'
        '[[session]]\norganization = "amf"\nseries = "general-assembly"\nnumber = 8\n'
        'host = "tehran"\nstart = "1404-12-30"\nsources = ["X1"]\n',
        encoding="utf-8",
    )
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "seed", str(bad))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {bad}: [[session]] #1: start: 1404-12-30 does not exist: Esfand 1404 has 29 days"
        " (1404 is not a leap year)"
    ]
    assert table_snapshot(seeded_db) == before


def test_a_file_that_is_not_toml_is_refused(seeded_db, tmp_path):
    bad = tmp_path / "half.toml"
    bad.write_text('format = "citylinks-dataset/1"\n[[source]\nkey = ', encoding="utf-8")
    result = run_cli(seeded_db, "seed", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad} is not valid TOML: ")
    assert len(result.stderr.strip().splitlines()) == 1
