"""What the database itself enforces, whatever program writes to it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from citylinks.services.errors import is_constraint_violation

AUDIT = "'2025-01-01 00:00:00', 't', '2025-01-01 00:00:00', 't', 1"
AUDIT_COLUMNS = "created_at, created_by, updated_at, updated_by, version"


def _execute(db, sql: str) -> None:
    engine = db.engine()
    try:
        with engine.begin() as conn:
            # "key" is a reserved word in MySQL/MariaDB: quote it as the dialect does.
            conn.execute(
                text(sql.replace("{key}", engine.dialect.identifier_preparer.quote("key")))
            )
    finally:
        engine.dispose()


def _id(db, sql: str) -> int:
    return db.scalar(sql)


REFUSED = {
    "a city in a country that does not exist": (
        f"INSERT INTO city ({{key}}, country_id, {AUDIT_COLUMNS}) VALUES ('nowhere', 999999, {AUDIT})"
    ),
    "a second session with the same number in a series": (
        "INSERT INTO session (series_id, number, status, start_text, end_text, "
        f"{AUDIT_COLUMNS}) SELECT series_id, number, 'held', 'unknown', 'unknown', {AUDIT} "
        "FROM session WHERE number = 1"
    ),
    "a session status outside the list": (
        "UPDATE session SET status = 'adjourned' WHERE number = 1"
    ),
    "a membership status outside the list": "UPDATE membership_phase SET status = 'honorary'",
    "a precision outside year, month, day": "UPDATE session SET start_precision = 'week'",
    "a period that ends before it starts": (
        "UPDATE session SET end_earliest = '2000-01-01', end_latest = '2000-01-01' WHERE number = 1"
    ),
    "a membership with both a city and an organization as member": (
        "UPDATE membership SET member_organization_id = organization_id"
    ),
    "a membership with no member": "UPDATE membership SET city_id = NULL",
    "a phase citing a source that does not exist": (
        "INSERT INTO membership_phase_source (membership_phase_id, source_id) "
        "SELECT id, 999999 FROM membership_phase"
    ),
    "removing a source that facts cite": "DELETE FROM source WHERE {key} = 'S0'",
    "an attendance naming nobody": "UPDATE attendance SET city_id = NULL",
    "a negative attendance count": "UPDATE attendance_claim SET number = -1",
    "two cities with the same key": (
        f"INSERT INTO city ({{key}}, country_id, {AUDIT_COLUMNS}) "
        f"SELECT {{key}}, country_id, {AUDIT} FROM city WHERE {{key}} = 'yazd'"
    ),
}


@pytest.mark.parametrize("sql", REFUSED.values(), ids=REFUSED.keys())
def test_the_database_refuses(seeded_db, sql):
    with pytest.raises(DBAPIError) as refused:
        _execute(seeded_db, sql)
    assert is_constraint_violation(refused.value), refused.value


def test_every_constraint_has_a_name_from_the_naming_convention():
    from citylinks.model import Base

    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name, (table.name, constraint)
            prefix = {
                "PrimaryKeyConstraint": "pk_",
                "UniqueConstraint": "uq_",
                "CheckConstraint": "ck_",
                "ForeignKeyConstraint": "fk_",
            }[type(constraint).__name__]
            assert str(constraint.name).startswith(prefix + table.name), constraint.name
