"""What citylinks says: refusals read alike (one line, lowercase, what to do), counts are
plural English, an empty --as is refused, and output cut short by `| head` ends quietly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import bundled_summary, table_snapshot


# any_backend: a usage error, refused by argument parsing before any query
@pytest.mark.any_backend
@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["roster", "AMF", "--format", "xml"],
            "Error: unknown format 'xml': use one of table, json, csv, markdown"
            " (see 'citylinks roster --help')",
        ),
        (
            ["timeline", "AMF", "--calendar", "hijri"],
            "Error: unknown calendar 'hijri': use one of gregorian, jalali, both"
            " (see 'citylinks timeline --help')",
        ),
        (
            ["export", "csv", "planets"],
            "Error: unknown kind 'planets': use one of",
        ),
    ],
)
def test_an_unknown_choice_reads_like_the_other_errors(seeded_cli, args, message):
    result = seeded_cli(*args)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args,message",
    [
        (["city", "show", "Atlantis"], "Error: no city matches 'Atlantis'."),
        (["org", "show", "NOPE"], "Error: no organization matches 'NOPE'."),
        (["person", "show", "Nobody"], "Error: no person matches 'Nobody'."),
        (["city", "list", "--country", "XX"], "Error: no country with code or name 'XX'"),
    ],
)
def test_lookup_refusals_start_lowercase_like_the_rest(seeded_cli, args, message):
    result = seeded_cli(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)


# any_backend: a usage error, refused by argument parsing before any query
@pytest.mark.any_backend
def test_an_empty_officer_name_is_refused(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli("--as", "", "city", "edit", "Yazd", "--region", "Yazd Province")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: --as needs the officer's name, e.g. --as maryam (see 'citylinks --help')"
    )
    assert seeded_cli("--as", "  ", "log").exit_code == 2
    assert table_snapshot(seeded_db) == before


# any_backend: the name is checked against the column's length before anything is written
@pytest.mark.any_backend
def test_an_officer_name_the_audit_trail_cannot_hold_is_refused(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    long = seeded_cli("--as", "x" * 139, "city", "edit", "Yazd", "--region", "Yazd Province")
    assert long.exit_code == 1
    assert long.stderr == (
        "Error: --as: the officer's name is 139 characters long; at most 100 are allowed\n"
    )
    hidden = seeded_cli(
        "city", "edit", "Yazd", "--region", "Yazd Province", env={"CITYLINKS_OFFICER": "a\x1bb"}
    )
    assert hidden.exit_code == 1
    assert hidden.stderr.startswith(
        "Error: CITYLINKS_OFFICER: the officer's name contains the control character U+001B"
    )
    assert table_snapshot(seeded_db) == before


@pytest.mark.parametrize("command", ["city", "session"])
def test_a_version_that_never_existed_is_called_so(seeded_cli, seeded_db, command):
    before = table_snapshot(seeded_db)
    if command == "city":
        result = seeded_cli("city", "edit", "Yazd", "--region", "X", "--expect-version", "9")
        what = "city 'yazd'"
    else:
        result = seeded_cli(
            "session", "edit", "AMF", "1", "--series", "general-assembly", "--venue", "X",
            "--expect-version", "9",
        )  # fmt: skip
        what = "session AMF general-assembly 1"
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: there is no version 9 of {what}: the current version is 1; show it again"
    )
    assert table_snapshot(seeded_db) == before


# any_backend: the wording of the counts; test_dataset seeds on every backend
@pytest.mark.any_backend
def test_seed_and_export_count_in_plural_english(cli, tmp_path):
    seeded = cli("seed")
    assert seeded.exit_code == 0, seeded.output
    assert seeded.stdout.strip() == f"loaded {bundled_summary()}"
    out = tmp_path / "ds.toml"
    exported = cli("export", "dataset", "--with-audit", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    assert exported.stderr.startswith(f"wrote {out}: {bundled_summary()}")
    assert " audit entries" in exported.stderr


def test_how_many_uses_english_plurals():
    from citylinks.text import how_many

    assert [how_many(1, "city"), how_many(2, "city"), how_many(0, "person")] == [
        "1 city",
        "2 cities",
        "0 people",
    ]
    assert how_many(3, "audit entry") == "3 audit entries"


# Each prints more than a pipe holds (64 KiB), so the reader is gone before it finishes:
# a Rich table, JSON, and the dataset written line by line.
@pytest.mark.parametrize(
    "args",
    [
        ["log", "--limit", "100000"],
        ["log", "--limit", "100000", "--format", "json"],
        ["export", "dataset", "--with-audit"],
    ],
)
def test_output_cut_short_by_head_ends_quietly(seeded_db, args):
    env = {**os.environ, "COLUMNS": "120"}
    # A reader that takes the first line and goes away, as `| head -1` does.
    pipeline = subprocess.Popen(
        [sys.executable, "-m", "citylinks", "--db", seeded_db.url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    pipeline.stdout.readline()
    pipeline.stdout.close()
    stderr = pipeline.stderr.read().decode()
    code = pipeline.wait(timeout=60)
    assert stderr == ""
    assert code == 0


def test_seed_dry_run_writes_nothing(cli, empty_db):
    before = table_snapshot(empty_db)
    dry = cli("seed", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.strip() == f"would load {bundled_summary()}"
    assert "dry run: nothing was written;" in dry.stderr
    assert table_snapshot(empty_db) == before
