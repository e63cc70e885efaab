"""`citylinks role add`: a city's post in an organization or one of its committees."""

from __future__ import annotations

import pytest
from conftest import table_snapshot

from citylinks import schema


def roles(db):
    return db.rows(
        "SELECT c.key, o.key, r.title, r.start_text, r.end_text, s.number FROM role r"
        " JOIN city c ON c.id = r.city_id JOIN organization o ON o.id = r.organization_id"
        " LEFT JOIN session s ON s.id = r.session_id ORDER BY r.id"
    )


ROLE_INSERTS = "SELECT COUNT(*) FROM audit_log WHERE table_name = 'role' AND action = 'insert'"


def test_role_add_finds_a_committee_by_part_of_its_name(seeded_cli, seeded_db):
    before = roles(seeded_db)
    logged = seeded_db.scalar(ROLE_INSERTS)
    result = seeded_cli(
        "role", "add", "Isfahan", "Tourism and Culture", "vice-chair", "--from", "2025-11",
        "--session", "AMF/executive-board/11", "--source", "S2", "--source", "S3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "recorded: Isfahan: vice-chair of the Tourism and Culture Committee (AMF) from 2025-11"
        " to an unknown date"
    )
    assert roles(seeded_db)[len(before) :] == [
        ("isfahan", "amf-tourism-culture", "vice-chair", "2025-11", "unknown", 11)
    ]
    assert seeded_db.scalar(ROLE_INSERTS) == logged + 1


def test_role_add_in_the_organization_itself_with_an_end(seeded_cli, seeded_db):
    result = seeded_cli(
        "role", "add", "Tehran", "AMF", "chair", "--from", "2008", "--to", "2011", "--source", "D1"
    )
    assert result.exit_code == 0, result.output
    assert ("tehran", "amf", "chair", "2008", "2011", None) in roles(seeded_db)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["Yazd", "and", "secretary", "--from", "2025"],
            "Error: 'and' matches 11 committees: Tourism and Culture Committee of AMF (id ",
        ),
        (
            ["Yazd", "Sports", "secretary", "--from", "2025"],
            "Error: no organization matches 'Sports'.",
        ),
        (
            ["Yazd", "AMF", "chair", "--from", "2025", "--to", "2024"],
            "Error: the role ends (2024) before it starts (2025): check --from and --to",
        ),
        (
            ["Yazd", "AMF", "chair", "--from", "2025", "--session", "AMF/executive-board/12"],
            "Error: AMF has no session 12 in its executive-board series:",
        ),
        (
            ["Yazd", "AMF", "\x1b[31mchair", "--from", "2025"],
            "Error: the role title contains the control character U+001B (escape)",
        ),
    ],
)
def test_role_add_refusals_change_nothing(seeded_cli, seeded_db, args, message):
    before = table_snapshot(seeded_db)
    result = seeded_cli("role", "add", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(seeded_db) == before


def _yazd_secretary_id(seeded_db) -> int:
    from sqlalchemy import select

    r, c = schema.role.c, schema.city.c
    with seeded_db.engine().connect() as conn:
        return conn.execute(
            select(r.id)
            .join(schema.city, c.id == r.city_id)
            .join(schema.organization, schema.organization.c.id == r.organization_id)
            .where(
                c.key == "yazd",
                schema.organization.c.key == "amf-tourism-culture",
                r.title == "secretary",
            )
        ).scalar_one()


@pytest.mark.parametrize(
    ("start", "same"),
    [
        # as recorded: the same start
        ("2025-11-27..2025-11-29", ""),
        # the month the recorded start lies in: the same role, less precise
        ("2025-11", ", and 2025-11 may be the same date"),
        # the same days in the Solar Hijri calendar
        ("۱۴۰۴-۰۹-۰۷", ", and 1404-09-07 may be the same date"),
    ],
)
def test_the_same_role_again_is_refused_at_any_precision(seeded_cli, seeded_db, start, same):
    # The bundled dataset holds Yazd as secretary of this committee from one of the days of
    # the 11th Executive Board (2025-11-27..2025-11-29).
    role_id = _yazd_secretary_id(seeded_db)
    args = ("role", "add", "یزد", "Tourism and Culture", "secretary", "--from", start)
    before = table_snapshot(seeded_db)
    again = seeded_cli(*args, "--source", "S2")
    assert again.exit_code == 1
    assert again.stderr.strip() == (
        "Error: Yazd is already recorded as secretary of the Tourism and Culture Committee"
        f" (AMF) from between 2025-11-27 and 2025-11-29 (#{role_id}){same}: nothing was recorded. To"
        f" correct it: `citylinks role edit '#{role_id}' --from DATE` (and --to, --note, ...);"
        f" to back it with another source: `citylinks cite role:{role_id} KEY`"
    )
    assert table_snapshot(seeded_db) == before


def test_the_same_title_from_another_time_is_recorded(seeded_cli):
    result = seeded_cli(
        "role", "add", "Yazd", "Tourism and Culture", "secretary", "--from", "2030",
        "--source", "S2",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_the_same_post_again_at_another_precision_is_refused(seeded_cli, seeded_db):
    """`post add` keeps the rule of `role add`: a start that may be the same day is the
    recorded post given again."""
    first = seeded_cli(
        "post", "add", "amrollahi", "adviser", "--city", "Yazd", "--from", "2025-11-27",
        "--source", "S2",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    before = table_snapshot(seeded_db)
    again = seeded_cli(
        "post", "add", "amrollahi", "adviser", "--city", "Yazd", "--from", "2025-11",
        "--source", "S2",
    )  # fmt: skip
    assert again.exit_code == 1
    message = again.stderr.strip()
    assert "already holds 'adviser' (Yazd) from 2025-11-27 (#" in message
    assert "and 2025-11 may be the same date: nothing was recorded" in message
    assert "`citylinks post edit '#" in message
    assert len(message.splitlines()) == 1
    assert table_snapshot(seeded_db) == before


def test_role_add_dry_run_writes_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli("role", "add", "Yazd", "AMF", "board-member", "--from", "2025", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dry run, would record: Yazd: board-member of AMF")
    assert "  added: Yazd: board-member of AMF\n" in result.stderr
    assert table_snapshot(seeded_db) == before


# any_backend: a usage error, refused by argument parsing before any query
@pytest.mark.any_backend
def test_role_add_without_from_is_a_usage_error_in_a_script(seeded_cli):
    result = seeded_cli("role", "add", "Yazd", "AMF", "chair")
    assert result.exit_code == 2
    assert "Missing option '--from'" in result.stderr
