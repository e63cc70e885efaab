"""The database plumbing: which database, first use, schema revisions, errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from conftest import run_cli


def default_file(tmp_path: Path) -> Path:
    return tmp_path / "xdg-data" / "citylinks" / "citylinks.sqlite"


def test_db_path_prints_the_default_file_in_the_data_directory(tmp_path):
    result = run_cli(None, "db", "path")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"sqlite:///{default_file(tmp_path)}  (default)"


def test_db_path_masks_the_password():
    result = run_cli(None, "--db", "postgresql://officer:s3cret@db.example/citylinks", "db", "path")
    assert result.exit_code == 0
    assert result.stdout.strip() == "postgresql://officer:***@db.example/citylinks"
    assert "s3cret" not in result.output


def test_db_path_follows_the_environment_variable(monkeypatch):
    monkeypatch.setenv("CITYLINKS_DATABASE_URL", "postgresql://a:pw@h/d")
    result = run_cli(None, "db", "path")
    assert result.stdout.strip() == "postgresql://a:***@h/d"


def test_first_use_creates_migrates_and_seeds_the_default_with_one_line_on_stderr(tmp_path):
    first = run_cli(None, "timeline", "AMF", "--format", "json")
    assert first.exit_code == 0, first.output
    notice = first.stderr.strip().splitlines()
    assert len(notice) == 1
    assert notice[0].startswith(
        f"citylinks: created sqlite:///{default_file(tmp_path)} and loaded the bundled dataset"
    )
    assert '"organization": "AMF"' in first.stdout
    second = run_cli(None, "timeline", "AMF", "--format", "json")
    assert second.exit_code == 0
    assert second.stderr == ""
    assert second.stdout == first.stdout


def test_a_first_use_interrupted_after_the_schema_is_finished_by_the_next_command(tmp_path):
    """kill -9 between the schema and the data left an empty default database, never loaded
    again: the next command loads the bundled dataset, saying so once."""
    from citylinks import migrations
    from citylinks.db import make_engine

    path = default_file(tmp_path)
    path.parent.mkdir(parents=True)
    engine = make_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)  # the schema, and then the process was killed
    engine.dispose()
    first = run_cli(None, "timeline", "AMF", "--format", "json")
    assert first.exit_code == 0, first.output
    notice = first.stderr.strip().splitlines()
    assert len(notice) == 1
    assert notice[0].startswith(f"citylinks: loaded the bundled dataset into sqlite:///{path} (")
    assert "organizations" in notice[0]
    assert '"organization": "AMF"' in first.stdout
    second = run_cli(None, "timeline", "AMF", "--format", "json")
    assert second.exit_code == 0 and second.stderr == ""
    assert second.stdout == first.stdout


def test_the_default_file_and_its_folder_are_readable_by_their_owner_only(tmp_path):
    assert run_cli(None, "timeline", "AMF").exit_code == 0
    path = default_file(tmp_path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_a_plain_file_path_is_a_sqlite_database(tmp_path):
    target = tmp_path / "office.sqlite"
    result = run_cli(None, "--db", str(target), "seed")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"citylinks: created the citylinks schema in sqlite:///{target}"
    assert target.exists()


def test_a_database_newer_than_the_program_is_refused(empty_db):
    engine = empty_db.engine()
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    result = run_cli(empty_db, "timeline", "AMF")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("Error: the database ")
    assert "is at schema revision 9999, newer than this citylinks knows" in result.stderr
    assert result.stderr.strip().endswith("upgrade citylinks")


def test_db_current_names_the_head_revision(empty_db):
    result = run_cli(empty_db, "db", "current")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("(head)")


def test_downgrade_to_base_then_upgrade_restores_the_schema(empty_db):
    refused = run_cli(empty_db, "db", "downgrade", "base")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: downgrading to base drops what newer revisions hold")
    assert "--yes" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert run_cli(empty_db, "db", "current").stdout.strip().endswith("(head)")
    down = run_cli(empty_db, "db", "downgrade", "base", "--yes")
    assert down.exit_code == 0, down.output
    assert run_cli(empty_db, "db", "current").stdout.startswith("none")
    up = run_cli(empty_db, "db", "upgrade")
    assert up.exit_code == 0, up.output
    assert run_cli(empty_db, "seed").exit_code == 0


def test_an_unknown_revision_is_refused_with_the_choices(empty_db):
    result = run_cli(empty_db, "db", "downgrade", "abc")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown schema revision 'abc': use one of 0001")


def test_an_unsupported_database_kind_is_refused_in_one_line():
    result = run_cli(None, "--db", "oracle://scott:tiger@host/db", "timeline", "AMF")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: citylinks does not support 'oracle' databases: use SQLite, PostgreSQL or MariaDB"
    )


def test_an_unreachable_server_is_one_line_without_the_password():
    result = run_cli(
        None, "--db", "postgresql://postgres:hunter2@127.0.0.1:1/none", "timeline", "AMF"
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "Error: cannot open the database postgresql://postgres:***@127.0.0.1:1/none: "
    )
    assert "hunter2" not in result.output
    assert "Traceback" not in result.output


def test_no_arguments_prints_the_help():
    result = run_cli(None)
    assert result.exit_code == 0
    assert "Usage: citylinks" in result.stdout


def test_an_unknown_option_is_a_one_line_usage_error():
    result = run_cli(None, "timeline", "AMF", "--colour")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "Error: No such option: --colour (see 'citylinks timeline --help')"
    ]


def test_a_mistyped_folder_is_refused_and_nothing_is_created(tmp_path):
    target = tmp_path / "no-such-folder" / "office.sqlite"
    result = run_cli(None, "--db", str(target), "roster", "AMF")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: the folder {target.parent} does not exist: check the database path"
        " (office.sqlite), or create the folder first"
    )
    assert not target.parent.exists()


def test_postgres_scheme_is_read_as_postgresql():
    from conftest import POSTGRESQL_URL

    url = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgres://")
    result = run_cli(None, "--db", url, "db", "current")
    assert result.exit_code == 0, result.output
    assert "newest known" in result.stdout or "(head)" in result.stdout


def test_a_missing_postgresql_database_says_to_create_it():
    result = run_cli(
        None, "--db", "postgresql://postgres@127.0.0.1:5432/citylinks_no_such_db", "roster", "AMF"
    )
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "(create the database first, e.g. `createdb NAME`, then run citylinks again)"
    )


def test_officers_opening_citylinks_at_once_on_first_use_all_get_their_answer(tmp_path):
    """Four processes meet a default database that does not exist yet: one creates and loads
    it, the others wait for it (a lock beside the file), and every one prints the timeline;
    before, three failed with 'the database is busy' or each loaded the dataset again."""
    import subprocess
    import sys

    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "HOME": str(tmp_path / "home"),
        "CITYLINKS_OFFICER": "test",
    }
    env.pop("CITYLINKS_DATABASE_URL", None)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "citylinks", "timeline", "AMF", "--format", "json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outcomes = [(p.wait(timeout=300), *p.communicate()) for p in processes]
    for code, stdout, stderr in outcomes:
        assert code == 0, stderr
        assert '"organization": "AMF"' in stdout
    notices = [line for _, _, stderr in outcomes for line in stderr.splitlines()]
    assert len(notices) == 1 and "created sqlite:///" in notices[0], notices


def test_another_applications_database_is_refused_and_left_as_it_was(request, tmp_path, backend):
    """A database holding another application's tables, and no citylinks schema, is not
    given citylinks' tables (by any command, a reading one too): one line, and on SQLite not
    a byte of the file changes."""
    import sqlite3

    from conftest import new_database
    from sqlalchemy import inspect, text

    db = new_database(backend, tmp_path, request, migrate=False)
    statements = (
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)",
        "INSERT INTO invoices (id, total) VALUES (1, 90)",
    )
    file = Path(db.url.removeprefix("sqlite:///")) if backend == "sqlite" else None
    if file is not None:  # the other application's own file, as it wrote it
        with sqlite3.connect(file) as conn:
            for statement in statements:
                conn.execute(statement)
        conn.close()
    else:
        engine = db.engine()
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
        engine.dispose()

    def state():
        if file is not None:
            return file.read_bytes()
        engine = db.engine()
        try:
            with engine.connect() as conn:
                return inspect(conn).get_table_names(), conn.execute(
                    text("SELECT * FROM invoices")
                ).all()
        finally:
            engine.dispose()

    before = state()
    for command in (("city", "list"), ("city", "add", "Kashan", "--country", "IR")):
        result = run_cli(db, *command)
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"Error: {db.url} is not a citylinks database: it holds other tables (invoices)"
            " and no citylinks schema. Name an empty database, or one citylinks created"
        ]
    assert state() == before
