"""Passwords in database URLs are never printed: not by `db path`, not in error messages, not in
the audit log or notices, not in `--debug` tracebacks.

(Stored text that looks like markup, escape sequences or formulas is covered by the ACCEPTED
group of the bad-input corpus, tests/corpus/accepted.toml.)
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import run_cli

PASSWORD = "S3cret-Pw-4711"  # noqa: S105 -- a made-up password, to look for in output


def _citylinks(*args: str) -> subprocess.CompletedProcess:
    """A real process, so that a --debug traceback is printed as a user would see it."""
    return subprocess.run(
        [sys.executable, "-m", "citylinks", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://officer:{PASSWORD}@db.example.org/citylinks",
        f"mysql://officer:{PASSWORD}@db.example.org:3306/citylinks",
        f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:5432/citylinks?sslmode=require",
    ],
)
def test_db_path_masks_the_password(url):
    result = run_cli(None, "--db", url, "db", "path")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert "officer:***@" in result.stdout


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://officer:{PASSWORD}@127.0.0.1:1/citylinks",  # nothing listens there
        f"mysql://officer:{PASSWORD}@127.0.0.1:1/citylinks",
        f"postgresql://officer:{PASSWORD}@[::1/citylinks",  # malformed host
        f"postgresql://officer:{PASSWORD}@localhost:port/citylinks",  # malformed port
        f"oracle://officer:{PASSWORD}@localhost/citylinks",  # unsupported
    ],
)
@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_errors_and_tracebacks_never_print_the_password(url, debug):
    result = _citylinks(*(["--debug"] if debug else []), "--db", url, "timeline", "AMF")
    assert result.returncode != 0
    assert PASSWORD not in result.stdout + result.stderr
    if not debug:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.backends("postgresql", "mariadb")  # see the skip below
def test_notices_log_and_debug_output_never_print_the_password(empty_db, backend):
    if backend == "sqlite":
        pytest.skip("a SQLite URL holds no password")
    prefix, rest = empty_db.url.split("://", 1)
    user, host = rest.split("@", 1)
    if backend == "mariadb":
        # MariaDB's root has no password here: a user of our own with one.
        from sqlalchemy import create_engine, text

        admin = create_engine(empty_db.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(
                text(f"CREATE USER IF NOT EXISTS 'citylinks_pw'@'%' IDENTIFIED BY '{PASSWORD}'")
            )
            conn.execute(text("GRANT ALL PRIVILEGES ON *.* TO 'citylinks_pw'@'%'"))
        admin.dispose()
        user = "citylinks_pw"
    url = f"{prefix}://{user}:{PASSWORD}@{host}"  # PostgreSQL's test server trusts any password
    outputs = []
    for args in (
        ["db", "path"],
        ["db", "current"],
        ["seed"],
        ["city", "add", "Newtown", "--country", "IR", "--force", "--dry-run"],
        ["city", "add", "Newtown", "--country", "IR", "--force"],
        ["log", "--limit", "5"],
        ["log", "--format", "json", "--limit", "5"],
        ["timeline", "NOPE"],
        ["--debug", "timeline", "NOPE"],
        ["--debug", "session", "add", "AMF", "7", "--series", "general-assembly"],
    ):
        if args[0] == "--debug":
            result = _citylinks("--debug", "--db", url, *args[1:])
            outputs.append(result.stdout + result.stderr)
            assert "Traceback" in result.stderr or result.returncode != 0
        else:
            result = _citylinks("--db", url, *args)
            outputs.append(result.stdout + result.stderr)
    assert "Newtown" in "".join(outputs)  # the commands did run against this database
    for args_output in outputs:
        assert PASSWORD not in args_output
    assert PASSWORD not in repr(empty_db.rows("SELECT * FROM audit_log"))
