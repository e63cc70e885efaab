"""An edit that meets another officer's newer version of the row (SQLAlchemy's StaleDataError,
raised between reading and writing) is refused with a Conflict naming who changed the record
and when: the translation lives below the command line (services/audit_log.py), so the CLI
only ever sees a citylinks error."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from types import SimpleNamespace

import pytest
from sqlalchemy.orm.exc import StaleDataError

from citylinks.errors import Conflict
from citylinks.services.audit_log import refusing_stale_writes


class _Database:
    @contextmanager
    def reading(self):
        yield None


def test_a_stale_write_is_a_conflict_naming_the_officer_and_the_time():
    row = SimpleNamespace(version=3, updated_by="maryam", updated_at=datetime(2025, 12, 1, 9, 30))
    with (
        pytest.raises(Conflict) as refused,
        refusing_stale_writes(_Database, "city", "yazd", lambda _session: row, 2),
    ):
        raise StaleDataError("UPDATE statement on table 'city' expected to update 1 row(s)")
    assert str(refused.value) == (
        "city 'yazd' was changed by maryam at 2025-12-01 09:30 UTC since you read it"
        " (version 2, now 3); show it again and repeat your change"
    )


def test_a_write_that_meets_no_newer_version_goes_through():
    with refusing_stale_writes(_Database, "city", "yazd", lambda _session: None, 2):
        done = "written"
    assert done == "written"


def test_the_command_line_imports_no_orm_exception():
    from pathlib import Path

    import citylinks.cli

    cli = Path(citylinks.cli.__file__).parent
    assert not [p.name for p in cli.glob("*.py") if "StaleDataError" in p.read_text("utf-8")]
