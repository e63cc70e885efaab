"""`citylinks db backup` and `db restore`: a backup restores exactly, even one taken while
another officer writes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import new_database, run_cli, table_snapshot


@pytest.fixture
def sqlite_seeded(tmp_path, request):
    return new_database("sqlite", tmp_path, request, seeded=True)


def test_a_sqlite_backup_restores_exactly(sqlite_seeded, tmp_path, request):
    backup = tmp_path / "office-backup.sqlite"
    made = run_cli(sqlite_seeded, "db", "backup", str(backup))
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith(f"wrote {backup} (")
    target = new_database("sqlite", tmp_path, request)
    restored = run_cli(target, "db", "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    assert table_snapshot(target) == table_snapshot(sqlite_seeded)


def test_a_sqlite_backup_taken_while_another_process_writes_is_consistent(
    sqlite_seeded, tmp_path, request
):
    # Another officer keeps recording sources while the backup is taken.
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from citylinks.db import open_database\n"
            "from citylinks.model import Source\n"
            "db = open_database(sys.argv[1], 'writer')\n"
            "deadline = time.monotonic() + 3\n"
            "i = 0\n"
            "while time.monotonic() < deadline:\n"
            "    with db.transaction() as s:\n"
            "        s.add(Source(key=f'BK{i}', kind='web-page', title=f'page {i}'))\n"
            "    i += 1\n",
            sqlite_seeded.url,
        ]
    )
    try:
        time.sleep(0.5)
        backup = tmp_path / "during.sqlite"
        made = run_cli(sqlite_seeded, "db", "backup", str(backup))
        assert made.exit_code == 0, made.output
    finally:
        writer.wait(timeout=30)
    assert writer.returncode == 0
    target = new_database("sqlite", tmp_path, request)
    assert run_cli(target, "db", "restore", str(backup), "--yes").exit_code == 0
    import sqlite3

    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    sources = conn.execute("SELECT count(*) FROM source WHERE key LIKE 'BK%'").fetchone()[0]
    audits = conn.execute(
        "SELECT count(*) FROM audit_log WHERE table_name = 'source' AND officer = 'writer'"
    ).fetchone()[0]
    conn.close()
    assert sources == audits  # every landed write with its audit entry, none half-copied
    assert run_cli(target, "timeline", "AMF").exit_code == 0


def test_backup_refuses_to_overwrite_without_force(sqlite_seeded, tmp_path):
    backup = tmp_path / "exists.sqlite"
    backup.write_text("keep me")
    result = run_cli(sqlite_seeded, "db", "backup", str(backup))
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"Error: {backup} exists: choose another file, or add --force to replace it"
    )
    assert backup.read_text() == "keep me"


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(sqlite_seeded, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    before = table_snapshot(sqlite_seeded)
    result = run_cli(sqlite_seeded, "db", "restore", str(bogus), "--yes")
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"Error: {bogus} is not a citylinks SQLite backup: give a file `citylinks db backup` wrote"
    )
    assert table_snapshot(sqlite_seeded) == before


def test_restore_without_a_terminal_needs_yes(sqlite_seeded, tmp_path):
    backup = tmp_path / "b.sqlite"
    assert run_cli(sqlite_seeded, "db", "backup", str(backup)).exit_code == 0
    result = run_cli(sqlite_seeded, "db", "restore", str(backup))
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: restoring replaces the database: add --yes to confirm"


def test_a_backup_restores_exactly_on_every_backend(seeded_db, tmp_path, request):
    # An officer's change, so that the audit log has more than the load in it.
    assert run_cli(seeded_db, "--as", "maryam", "seed").exit_code == 0
    backup = tmp_path / f"backup-{seeded_db.backend}"
    assert run_cli(seeded_db, "db", "backup", str(backup)).exit_code == 0
    target = new_database(seeded_db.backend, tmp_path, request)
    restored = run_cli(target, "db", "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    original = run_cli(seeded_db, "export", "dataset", "--with-audit")
    copy = run_cli(target, "export", "dataset", "--with-audit")
    assert original.exit_code == 0 and copy.exit_code == 0
    assert copy.stdout == original.stdout


def test_a_backup_restores_into_a_new_empty_server_database(seeded_db, tmp_path, request):
    """On PostgreSQL and MariaDB, `db restore` into a database with no schema at all creates
    the schema first (it failed with 'relation "city" does not exist')."""
    backup = tmp_path / f"backup-{seeded_db.backend}"
    assert run_cli(seeded_db, "db", "backup", str(backup)).exit_code == 0
    target = new_database(seeded_db.backend, tmp_path, request, migrate=False)
    restored = run_cli(target, "db", "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    original = run_cli(seeded_db, "export", "dataset", "--with-audit")
    copy = run_cli(target, "export", "dataset", "--with-audit")
    assert copy.exit_code == 0 and copy.stdout == original.stdout


def _tampered_backup(db, tmp_path, sql: str):
    import sqlite3

    backup = tmp_path / "tampered.sqlite"
    assert run_cli(db, "db", "backup", str(backup)).exit_code == 0
    conn = sqlite3.connect(backup)
    conn.executescript(sql)
    conn.close()
    return backup


@pytest.mark.parametrize(
    "sql, message",
    [
        (
            "CREATE TRIGGER hide AFTER INSERT ON audit_log WHEN NEW.officer = 'maryam'"
            " BEGIN DELETE FROM audit_log WHERE id = NEW.id; END;",
            "holds a trigger 'hide' that citylinks' schema",
        ),
        ("DROP TABLE motto_source;", "lacks the table 'motto_source' of citylinks' schema"),
        ("CREATE VIEW everything AS SELECT * FROM city;", "holds a view 'everything'"),
    ],
    ids=["extra-trigger", "dropped-table", "extra-view"],
)
def test_a_backup_whose_schema_is_not_citylinks_own_is_refused(
    sqlite_seeded, tmp_path, request, sql, message
):
    backup = _tampered_backup(sqlite_seeded, tmp_path, sql)
    target = new_database("sqlite", tmp_path, request, seeded=True)
    before = table_snapshot(target)
    result = run_cli(target, "db", "restore", str(backup), "--yes")
    assert result.exit_code == 1, result.output
    assert message in result.stderr and "nothing was restored" in result.stderr, result.stderr
    assert table_snapshot(target) == before


# Rows another tool wrote past the schema's rules (CHECK constraints off, foreign keys off):
# the schema is citylinks' own, the rows are not. The row each breaks is the first of its table.
ROWS_THAT_BREAK_THE_RULES = {
    "a-membership-of-a-city-and-an-organization": (
        "PRAGMA ignore_check_constraints=1;"
        " UPDATE membership SET member_organization_id = (SELECT min(id) FROM organization)"
        " WHERE id = (SELECT min(id) FROM membership);",
        "membership",
        "breaks the CHECK constraint ck_membership_one_member: it is not a backup citylinks"
        " wrote, or it is damaged; nothing was restored",
    ),
    # A status that is not in its list: tests/test_restore_texts.py (named by its column).
    "a-phase-that-ends-before-it-starts": (
        "PRAGMA ignore_check_constraints=1;"
        " UPDATE membership_phase SET start_earliest = '2030-01-01', start_latest ="
        " '2030-12-31' WHERE id = (SELECT min(id) FROM membership_phase);",
        "membership_phase",
        "breaks the CHECK constraint ck_membership_phase_end_after_start:",
    ),
    "a-phase-whose-date-is-not-a-date": (
        "UPDATE membership_phase SET start_text = 'garbage!!' WHERE id = (SELECT min(id) FROM"
        " membership_phase);",
        "membership_phase",
        "start_text 'garbage!!' is not a date citylinks writes (",
    ),
    "a-phase-whose-days-are-not-its-dates": (
        "UPDATE membership_phase SET start_text = '2001', start_precision = 'year',"
        " start_earliest = '2001-01-01', start_latest = '2001-01-02' WHERE id = (SELECT min(id)"
        " FROM membership_phase);",
        "membership_phase",
        "start '2001' is stored with the days 2001-01-01..2001-01-02, not its own"
        " 2001-01-01..2001-12-31",
    ),
    "a-membership-of-a-city-that-is-not-there": (
        "PRAGMA foreign_keys=OFF;"
        " UPDATE membership SET city_id = 999999 WHERE id = (SELECT min(id) FROM membership"
        " WHERE city_id IS NOT NULL);",
        "membership",
        "city_id = 999999 refers to no row of city: it is not a backup citylinks wrote;"
        " nothing was restored",
    ),
    "a-phase-of-a-membership-that-is-not-there": (
        "PRAGMA foreign_keys=OFF;"
        " DELETE FROM membership WHERE id = (SELECT min(membership_id) FROM membership_phase);",
        "membership_phase",
        "refers to no row of membership:",
    ),
}


@pytest.mark.parametrize(
    "sql, table, message",
    ROWS_THAT_BREAK_THE_RULES.values(),
    ids=ROWS_THAT_BREAK_THE_RULES.keys(),
)
def test_a_backup_whose_rows_break_the_schemas_rules_is_refused_naming_the_row(
    sqlite_seeded, tmp_path, request, sql, table, message
):
    """`db restore` checks the rows as well as the schema: CHECK constraints (which SQLite
    checks only in a database open for writing), and references to rows that exist. One line
    naming the table and the row; the live database and the backup as they were."""
    import sqlite3

    backup = _tampered_backup(sqlite_seeded, tmp_path, sql)
    conn = sqlite3.connect(backup)
    if table == "membership_phase" and "DELETE" in sql:
        row = conn.execute("SELECT min(id) FROM membership_phase WHERE membership_id NOT IN"
                           " (SELECT id FROM membership)").fetchone()[0]  # fmt: skip
    elif "city_id = 999999" in sql:
        row = conn.execute("SELECT id FROM membership WHERE city_id = 999999").fetchone()[0]
    else:
        row = conn.execute(f"SELECT min(id) FROM {table}").fetchone()[0]  # noqa: S608
    conn.close()
    tampered = backup.read_bytes()
    target = new_database("sqlite", tmp_path, request, seeded=True)
    before = table_snapshot(target)

    result = run_cli(target, "db", "restore", str(backup), "--yes")

    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {backup}: table {table}, row {row}: "), result.stderr
    assert message in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert table_snapshot(target) == before
    assert backup.read_bytes() == tampered
    live = Path(target.url.removeprefix("sqlite:///"))
    assert not [p.name for p in live.parent.iterdir() if p.name.endswith(".restore")]


# A server backup is a dataset file: its rows meet the field rules of `import dataset` and the
# server's constraints, and a refusal names the block it is about.
TAMPERED_DATASETS = {
    "a-membership-of-a-city-that-is-not-there": (
        ('city = "bangkok"\norganization = "amf"', 'city = "nowhere"\norganization = "amf"'),
        "nowhere",
    ),
    "a-phase-of-an-unknown-status": (
        ('[[membership.phase]]\nstatus = "member"', '[[membership.phase]]\nstatus = "ally"'),
        "ally",
    ),
}


@pytest.mark.backends("postgresql", "mariadb")  # SQLite's backups are database files (above)
@pytest.mark.parametrize("change, named", TAMPERED_DATASETS.values(), ids=TAMPERED_DATASETS.keys())
def test_a_server_backup_whose_rows_break_the_rules_is_refused_and_loads_nothing(
    seeded_db, tmp_path, request, change, named
):
    backup = tmp_path / f"backup-{seeded_db.backend}"
    assert run_cli(seeded_db, "db", "backup", str(backup)).exit_code == 0
    text = backup.read_text("utf-8")
    assert change[0] in text
    backup.write_text(text.replace(change[0], change[1], 1), "utf-8")
    target = new_database(seeded_db.backend, tmp_path, request, migrate=False)

    result = run_cli(target, "db", "restore", str(backup), "--yes")

    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and named in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "[[membership]] #1" in result.stderr, result.stderr
    assert all(rows == [] for rows in table_snapshot(target).values())


def test_restore_refuses_the_live_database_itself(sqlite_seeded):
    live = sqlite_seeded.url.removeprefix("sqlite:///")
    before = table_snapshot(sqlite_seeded)
    result = run_cli(sqlite_seeded, "db", "restore", live, "--yes")
    assert result.exit_code == 1, result.output
    assert "is the live database, not a backup of it" in result.stderr
    assert table_snapshot(sqlite_seeded) == before


def test_a_backup_file_is_readable_by_its_owner_only(seeded_db, tmp_path):
    """A backup holds every officer's log: written 0600 on every backend (server backups were
    written 0644)."""
    import os
    import stat

    backup = tmp_path / f"backup-{seeded_db.backend}"
    assert run_cli(seeded_db, "db", "backup", str(backup)).exit_code == 0
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(backup.name)] == [backup.name]


def test_a_sqlite_backup_with_another_page_size_restores(sqlite_seeded, tmp_path, request):
    """A backup copied by another tool with another page size (VACUUM INTO after
    page_size=8192) is still citylinks' schema and rows: it restores, the same rows."""
    import sqlite3

    backup = tmp_path / "b.sqlite"
    assert run_cli(sqlite_seeded, "db", "backup", str(backup)).exit_code == 0
    other = tmp_path / "b8192.sqlite"
    conn = sqlite3.connect(backup)
    conn.execute("PRAGMA page_size=8192")
    conn.execute(f"VACUUM INTO '{other}'")
    conn.close()
    check = sqlite3.connect(other)
    assert check.execute("PRAGMA page_size").fetchone()[0] == 8192
    check.close()
    target = new_database("sqlite", tmp_path, request)
    restored = run_cli(target, "db", "restore", str(other), "--yes")
    assert restored.exit_code == 0, restored.output
    original = run_cli(sqlite_seeded, "export", "dataset", "--with-audit")
    copy = run_cli(target, "export", "dataset", "--with-audit")
    assert copy.exit_code == 0 and copy.stdout == original.stdout


def test_a_full_disk_during_a_backup_is_one_line_and_leaves_no_file(seeded_db, tmp_path):
    """The disk fills up half-way through the backup (a file size limit in the process stands
    for it): one line, exit 1, no backup and no .partial file left behind; on every backend
    (SQLite's backup is a database file, a server's a dataset file: two ways of writing)."""
    import os
    import resource
    import signal
    import subprocess
    import sys

    backup = tmp_path / "b.sqlite"

    def limited() -> None:  # runs in the child: writes past 64 KiB fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    result = subprocess.run(
        [sys.executable, "-m", "citylinks", "--db", seeded_db.url, "db", "backup", str(backup)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limited,
        env={**os.environ, "CITYLINKS_OFFICER": "test-officer"},
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1, (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not backup.exists()
    assert [
        p.name for p in tmp_path.iterdir() if p.name.startswith((".b.sqlite", "b.sqlite"))
    ] == [], "no partial file"


def test_a_backup_follows_no_symbolic_link(seeded_db, tmp_path, request):
    """Links planted where the backup is written (at FILE, and at the FILE.partial a server
    backup used to write through): the backup replaces the link at FILE (with --force) and
    writes through none; the file they point to is untouched, on every backend."""
    import os
    import stat

    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n", encoding="utf-8")
    backup = tmp_path / "office.backup"
    planted = [tmp_path / f"{backup.name}.partial", tmp_path / f".{backup.name}.partial"]
    for link in [backup, *planted]:
        link.symlink_to(victim)

    result = run_cli(seeded_db, "db", "backup", "--force", str(backup))

    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "someone else's file\n"
    assert not backup.is_symlink() and backup.stat().st_size > 0
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    assert all(link.is_symlink() for link in planted)
    target = new_database(seeded_db.backend, tmp_path, request, migrate=False)
    restored = run_cli(target, "db", "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    original = run_cli(seeded_db, "export", "dataset", "--with-audit")
    copy = run_cli(target, "export", "dataset", "--with-audit")
    assert copy.exit_code == 0 and copy.stdout == original.stdout


def test_a_full_disk_during_a_restore_is_one_line_and_changes_nothing(
    sqlite_seeded, tmp_path, request
):
    """The backup is copied beside the live database to be checked; the disk fills up during
    that copy (a file size limit in the process stands for it): one line, exit 1, the live
    database as it was and no copy left behind."""
    import os
    import resource
    import signal

    backup = tmp_path / "b.sqlite"
    assert run_cli(sqlite_seeded, "db", "backup", str(backup)).exit_code == 0
    target = new_database("sqlite", tmp_path, request)
    before = table_snapshot(target)

    def limited() -> None:  # runs in the child: writes past 64 KiB fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    result = subprocess.run(
        [sys.executable, "-m", "citylinks", "--db", target.url, "db", "restore", str(backup),
         "--yes"],
        capture_output=True, text=True, timeout=120, preexec_fn=limited,
        env={**os.environ, "CITYLINKS_OFFICER": "test-officer"},
    )  # fmt: skip

    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"Error: cannot restore from {backup}: "), result.stderr
    assert result.stderr.rstrip().endswith("; nothing was restored"), result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert table_snapshot(target) == before
    assert not [p.name for p in tmp_path.iterdir() if ".restore" in p.name]


def test_a_backup_whose_pages_are_damaged_is_refused_in_one_line(sqlite_seeded, tmp_path, request):
    """The first page of the audit log's table overwritten (a disk that failed, a copy cut
    short and patched): PRAGMA integrity_check finds it, one line, the live database as it
    was."""
    import sqlite3

    backup = tmp_path / "b.sqlite"
    assert run_cli(sqlite_seeded, "db", "backup", str(backup)).exit_code == 0
    conn = sqlite3.connect(backup)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").fetchone()
    conn.close()
    with backup.open("r+b") as raw:
        raw.seek((root[0] - 1) * page_size)
        raw.write(b"\xff" * 64)
    target = new_database("sqlite", tmp_path, request, seeded=True)
    before = table_snapshot(target)

    result = run_cli(target, "db", "restore", str(backup), "--yes")

    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {backup}: "), result.stderr
    assert result.stderr.rstrip().endswith(
        ": it is not a backup citylinks wrote, or it is damaged; nothing was restored"
    ), result.stderr
    assert len(result.stderr.splitlines()) == 1 and "***" not in result.stderr
    assert table_snapshot(target) == before


def test_a_backup_keeps_other_tools_popolo_objects_and_the_offices_settings(
    empty_db, tmp_path, request
):
    """A server backup is a dataset export: it carries the objects of another tool's Popolo
    document kept beside their rows (popolo_extra) and the office's settings, so that the
    restored database exports the same Popolo document (they were lost on PostgreSQL and
    MariaDB)."""
    document = Path(__file__).parent / "data" / "popolo" / "Kuwait-National_Assembly.json"
    assert run_cli(empty_db, "import", "popolo", str(document)).exit_code == 0
    assert run_cli(empty_db, "setting", "set", "sources", "required").exit_code == 0
    backup = tmp_path / f"backup-{empty_db.backend}"
    assert run_cli(empty_db, "db", "backup", str(backup)).exit_code == 0
    target = new_database(empty_db.backend, tmp_path, request)
    restored = run_cli(target, "db", "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    original = run_cli(empty_db, "export", "popolo")
    copy = run_cli(target, "export", "popolo")
    assert original.exit_code == 0 and copy.stdout == original.stdout
    kept = "SELECT section, table_name, popolo_id, stub FROM popolo_extra ORDER BY id"
    assert target.rows(kept) == empty_db.rows(kept) and len(target.rows(kept)) > 50
    assert target.rows("SELECT key, value FROM setting") == [("sources", "required")]
    assert run_cli(target, "export", "dataset", "--with-audit").stdout == (
        run_cli(empty_db, "export", "dataset", "--with-audit").stdout
    )
