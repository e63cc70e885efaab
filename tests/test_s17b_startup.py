"""Start-up without the cycle collector's walks, and `log` naming its entries' rows a table at
a time: each command runs here in a new process, as the console script does (cli.app.main),
watched through SQLAlchemy's statement events."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Runs `citylinks ARGV` as the console script does and prints, on stderr after the command's
# own output, one JSON line: each statement the command ran, with whether the cycle collector
# was on at the time; whether it was on at the end; how many objects start-up froze.
_WATCHER = """
import gc, json, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

ran = []
event.listen(
    Engine,
    "before_cursor_execute",
    lambda conn, cursor, statement, *rest: ran.append([statement.split()[0], gc.isenabled()]),
)
sys.argv = ["citylinks", *json.loads(sys.argv[1])]
from citylinks.cli.app import main

code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
print(json.dumps([code, ran, gc.isenabled(), gc.get_freeze_count()]), file=sys.stderr)
"""


def _watched(argv: list[str]) -> tuple[str, int, list[tuple[str, bool]], bool, int]:
    done = subprocess.run(
        [sys.executable, "-c", _WATCHER, json.dumps(argv)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    code, ran, enabled, frozen = json.loads(done.stderr.strip().splitlines()[-1])
    assert code == 0, done.stderr
    return done.stdout, code, [tuple(r) for r in ran], enabled, frozen


@pytest.mark.parametrize(
    "argv,shown",
    [
        (["timeline", "AMF"], "Dushanbe"),
        (["log", "--limit", "5"], "Audit log"),
        (["export", "dataset"], 'format = "citylinks-dataset/1"'),
        (["city", "add", "Startupville", "--country", "IR", "--dry-run"], "would record"),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else None,
)
def test_the_collector_runs_again_before_the_command_s_work(seeded_db, argv, shown):
    """Start-up's modules are imported with the cycle collector paused, then frozen out of
    its walks: every statement of the command's own work (all but the schema revision's
    check) runs with the collector on, so a long import or export still collects its
    garbage."""
    stdout, _, ran, enabled, frozen = _watched(["--db", seeded_db.url, *argv])
    assert shown in stdout
    work = [r for r in ran if r[0] == "SELECT"][1:]  # after `SELECT version_num ...`
    assert work, ran
    assert all(on for _, on in work), ran
    assert enabled
    assert frozen > 10_000  # SQLAlchemy's and citylinks' modules, and more


def test_a_dry_run_on_a_stand_in_database_collects_too(tmp_path):
    """A dry run into a SQLite file not made yet rehearses on a temporary one, opened without
    the command's database: its work runs with the collector on as well."""
    db = tmp_path / "new.sqlite"
    argv = ["--db", str(db), "source", "add", "--title", "T", "--publisher", "P"]
    stdout, _, ran, enabled, _ = _watched([*argv, "--kind", "web-page", "--dry-run"])
    assert "S1" in stdout
    inserts = [on for verb, on in ran if verb == "INSERT"]
    assert inserts[-2:] == [True, True]  # the source and its log entry (not the schema's)
    assert enabled
    assert not db.exists()


def test_help_leaves_the_collector_paused_and_nothing_frozen():
    """A command that does no work (help) never pays for freezing."""
    stdout, _, ran, enabled, frozen = _watched(["timeline", "--help"])
    assert "Usage:" in stdout
    assert (ran, enabled, frozen) == ([], False, 0)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_log_names_its_entries_rows_a_table_at_a_time(seeded_db, lang):
    """`log` reads the rows its 200 bundled entries name and refer to (a phase's membership,
    its city, organization and their names) a table at a time, not one query per row."""
    stdout, _, ran, _, _ = _watched(["--db", seeded_db.url, "--lang", lang, "log"])
    assert "200" in stdout or "۲۰۰" in stdout
    selects = [r for r in ran if r[0] == "SELECT"]
    assert len(selects) < 40, len(selects)  # one per table read, not 170 or more
