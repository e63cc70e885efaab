"""One phase rule for every status (services/phase_rules.py): a new phase that may overlap
another, or that may begin after the end the tool would give it, is refused with the reason
and the fix, at every door (`member record`, CSV, dataset, Popolo); `check` reports the
overlapping phases a database already holds."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, run_fa, table_snapshot
from sqlalchemy import update

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.services.bulk import date_columns


def phases(db, city):
    return db.rows(
        "SELECT p.position, p.status, p.start_text, p.end_text FROM membership_phase p"
        " JOIN membership m ON m.id = p.membership_id JOIN city c ON c.id = m.city_id"
        " JOIN organization o ON o.id = m.organization_id"
        " WHERE c.key = :city AND o.key = 'amf' ORDER BY p.position",
        city=city,
    )


@pytest.mark.parametrize("start", ["۱۴۰۴", "اواخر ۱۴۰۴"])
def test_an_associate_phase_that_may_overlap_yazds_membership_is_refused(seeded_db, start):
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "member", "record", "Yazd", "AMF", "عضو وابسته", "--from", start)
    assert result.exit_code == 1
    shown = PartialDate.parse(start).format("jalali", "en")  # "1404", "late 1404"
    assert result.stderr.startswith(f"Error: the new phase (from {shown})")
    assert "give --to, or a more precise --from" in result.stderr or (
        "may overlap the phase 'member'" in result.stderr
    )
    assert "Traceback" not in result.output
    assert table_snapshot(seeded_db) == before


def test_with_an_end_it_is_still_refused_as_it_may_overlap_phase_2(seeded_db):
    before = table_snapshot(seeded_db)
    result = run_cli(
        seeded_db, "member", "record", "Yazd", "AMF", "عضو وابسته",
        "--from", "۱۴۰۴", "--to", "۱۴۰۴-۰۸",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: the new phase (from 1404) may overlap the phase 'member' from between 2025 and"
        " 2025-09-08 to between 2025-11-27 and 2025-11-29: it may begin before that phase ends;"
        " give a more precise --from, or correct that phase's end"
    )
    assert table_snapshot(seeded_db) == before


def test_the_same_start_in_status_member_is_refused_too(seeded_db):
    result = run_cli(seeded_db, "member", "record", "Yazd", "AMF", "عضو", "--from", "۱۴۰۴")
    assert result.exit_code == 1
    assert "may be the same date: nothing was recorded" in result.stderr


def test_lahijans_open_phase_is_not_closed_by_a_start_that_may_be_before_it(seeded_db):
    before = phases(seeded_db, "lahijan")
    result = run_cli(
        seeded_db, "member", "record", "Lahijan", "AMF", "عضو وابسته", "--from", "۱۴۰۲"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: the new phase (from 1402) may begin before the open phase 'member' from"
        " before 1402-08-09 to now began, so it cannot close it: end that phase first"
        " (`citylinks member end`), or give a more precise --from"
    )
    assert phases(seeded_db, "lahijan") == before
    persian = run_fa(
        seeded_db, "member", "record", "Lahijan", "AMF", "عضو وابسته", "--from", "۱۴۰۲"
    )
    assert persian.exit_code == 1
    assert "نمی‌تواند آن را ببندد" in persian.stderr
    assert "the new phase" not in persian.stderr


def test_a_start_certainly_after_the_open_one_closes_it(seeded_db):
    result = run_cli(
        seeded_db, "member", "record", "Lahijan", "AMF", "عضو وابسته", "--from", "۱۴۰۳"
    )
    assert result.exit_code == 0, result.output
    assert phases(seeded_db, "lahijan") == [
        (1, "member", "before j:1402-08-09", "j:1403"),
        (2, "associate-member", "j:1403", "unknown"),
    ]


def test_the_csv_door_refuses_the_same_row(seeded_db, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(
        "city,country,organization,status,from,to,source\nYazd,IR,AMF,عضو وابسته,۱۴۰۴,,S2\n",
        encoding="utf-8",
    )
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("line 2: the new phase (from 1404)")
    assert table_snapshot(seeded_db) == before


DATASET = """format = "citylinks-dataset/1"
[[membership]]
city = "yazd"
organization = "amf"

[[membership.phase]]
status = "member"
start = "2025..2025-09-08"
end = "2025-11-27..2025-11-29"
sources = ["S0"]

[[membership.phase]]
status = "associate-member"
start = "j:1404"
end = "2025-11-27..2025-11-29"
sources = ["S0"]
"""


def test_the_dataset_door_refuses_a_history_whose_phases_may_overlap(seeded_db, tmp_path):
    path = tmp_path / "d.toml"
    path.write_text(DATASET, encoding="utf-8")
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "dataset", str(path))
    assert result.exit_code == 1
    assert "may overlap" in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert table_snapshot(seeded_db) == before


def test_the_popolo_door_refuses_it(seeded_db, tmp_path):
    exported = tmp_path / "p.json"
    assert run_cli(seeded_db, "export", "popolo", "-o", str(exported)).exit_code == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    for membership in document["memberships"]:
        if membership["id"] == "membership/amf/city/yazd/3":
            membership["citylinks:position"] = 4
    document["memberships"].append(
        {
            "id": "membership/amf/city/yazd/4",
            "organization_id": "organization/amf",
            "member": {"@type": "Organization", "id": "city/yazd"},
            "role": "associate-member",
            "label": "associate-member",
            "citylinks:start_date": "j:1404",
            "citylinks:position": 3,
        }
    )
    exported.write_text(json.dumps(document), encoding="utf-8")
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "popolo", str(exported))
    assert result.exit_code == 1
    assert "('associate-member' from 1404 to now)" in result.stderr
    assert "j:1404" not in result.stderr
    assert "may " in result.stderr, result.stderr
    assert table_snapshot(seeded_db) == before


def test_check_reports_phases_already_stored_that_may_overlap(seeded_db):
    clean = run_cli(seeded_db, "check")
    assert "may begin before" not in clean.stdout
    # What an earlier version let `member record Yazd AMF "عضو وابسته" --from ۱۴۰۴` store:
    # a phase from 1404, after phase 2 (to 6-8 Azar 1404), that may begin before it ends.
    membership = seeded_db.scalar(
        "SELECT m.id FROM membership m JOIN city c ON c.id = m.city_id"
        " JOIN organization o ON o.id = m.organization_id WHERE c.key = 'yazd' AND o.key = 'amf'"
    )
    engine = seeded_db.engine()
    try:
        with engine.begin() as conn:
            conn.execute(
                update(schema.membership_phase)
                .where(schema.membership_phase.c.membership_id == membership)
                .where(schema.membership_phase.c.position == 3)
                .values(
                    status="associate-member", **date_columns("start", PartialDate.parse("j:1404"))
                )
            )
    finally:
        engine.dispose()
    result = run_cli(seeded_db, "check")
    assert "Yazd in AMF, phase 3 (associate member" in result.stdout
    assert "may begin before phase 2 (member" in result.stdout
    assert (
        "phases may not overlap; give it a more precise start, or correct the end of phase 2"
        in (" ".join(result.stdout.replace("│", " ").split()))
    )
