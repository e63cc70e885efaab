"""Issue 14: a Popolo date and time whose time of day is no time (25:00) is refused with
its field named, not read as its day; a real one is read as its day, as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli, table_snapshot

ALDERNEY = Path(__file__).parent / "data" / "popolo" / "Alderney-States.json"


def _with(tmp_path: Path, section: str, field: str, value: str) -> Path:
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    document[section][0][field] = value
    path = tmp_path / "Alderney-States.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("section", "field", "value"),
    [
        ("events", "start_date", "2014-01-01T25:00:00"),
        ("events", "end_date", "2015-06-30T12:60:00Z"),
        ("memberships", "start_date", "2014-05-01T09:00:99"),
    ],
)
def test_a_date_and_time_with_no_real_time_of_day_is_refused(
    empty_db, tmp_path, section, field, value
):
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", str(_with(tmp_path, section, field, value)))
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert f"{section} #1" in lines[0]
    assert f'{field}: the time of day of "{value}" is not a time' in lines[0]
    assert table_snapshot(empty_db) == before


def test_a_real_date_and_time_is_read_as_its_day(empty_db, tmp_path):
    path = _with(tmp_path, "events", "start_date", "2014-01-01T23:59:59+03:30")
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 0, result.output
    assert empty_db.rows("SELECT start_text FROM session") == [("2014-01-01",)]


def test_the_same_value_is_refused_at_the_other_doors_too(empty_db):
    # They take no time of day at all: refused as no date, never read as the day.
    result = run_cli(empty_db, "date", "2014-01-01T25:00:00")
    assert result.exit_code == 1, result.output
    assert "'2014-01-01T25:00:00' is not a date" in result.stderr
