"""Standard output sent to a file or a program is data: UTF-8 whatever the locale, and every
byte written or an error (never exit 0 with a file cut short); a SQLite database is named by
its path alone, so that every guard of the live file sees it."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys

import pytest
from conftest import TestDatabase, run_cli


def _citylinks(db, *args: str, encoding: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "CITYLINKS_DATABASE_URL": db.url}
    return subprocess.run(
        [sys.executable, "-m", "citylinks", *args], env=env, capture_output=True, timeout=120
    )


@pytest.mark.backends("sqlite")  # the streams, not the database
@pytest.mark.parametrize("encoding", ["cp1256", "latin-1", "ascii"])
@pytest.mark.parametrize(
    "args", [("roster", "AMF", "--format", "csv"), ("log", "--format", "json", "--limit", "400")]
)
def test_a_report_redirected_is_utf8_whatever_the_locale(seeded_db, encoding, args):
    done = _citylinks(seeded_db, *args, encoding=encoding)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    text = done.stdout.decode("utf-8")  # strict: every byte is UTF-8
    assert "?" * 3 not in text
    assert re.search("[\u0600-\u06ff]{3}", text), text[:300]  # Persian letters, as stored


class _ShortWrites:
    """os.write of a nearly full disk: a few bytes at a time, then no space at all."""

    def __init__(self, room: int) -> None:
        self.room, self.taken = room, bytearray()

    def __call__(self, fd: int, data) -> int:
        if not self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        part = bytes(data[: min(7, self.room)])
        self.room -= len(part)
        self.taken += part
        return len(part)


def test_every_byte_is_written_or_the_write_fails(monkeypatch):
    from citylinks.cli import app

    enough = _ShortWrites(room=10_000)
    monkeypatch.setattr(app.os, "write", enough)
    assert app._WholeWrites(99).write(b"x" * 5000) == 5000
    assert bytes(enough.taken) == b"x" * 5000

    full = _ShortWrites(room=100)
    monkeypatch.setattr(app.os, "write", full)
    with pytest.raises(OSError) as raised:
        app._WholeWrites(99).write(b"y" * 5000)
    assert raised.value.errno == errno.ENOSPC
    assert bytes(full.taken) == b"y" * 100


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize(
    "url",
    ["sqlite:///file:{path}?mode=rw&uri=true", "sqlite:///{path}?mode=rw", "sqlite:///{path}?x=1"],
)
def test_a_sqlite_url_with_a_uri_filename_or_options_is_refused(seeded_db, tmp_path, url):
    """`--db 'sqlite:///file:u.sqlite?mode=rw&uri=true' export dataset -o u.sqlite --force`
    put the export over the live database: the guards compare paths."""
    live = seeded_db.url.removeprefix("sqlite:///")
    given = TestDatabase("sqlite", url.format(path=live))
    before = open(live, "rb").read()

    result = run_cli(given, "export", "dataset", "-o", live, "--force")

    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: "), result.stderr
    assert (
        "a SQLite database is given by its file's path alone" in result.stderr
        or "is the live database" in result.stderr  # the output's guard saw the path first
    ), result.stderr
    assert len(result.stderr.splitlines()) == 1
    for args in (("timeline", "AMF"), ("db", "backup", live, "--force")):
        done = run_cli(given, *args)
        assert done.exit_code == 1, done.output
        assert "a SQLite database is given by its file's path alone" in done.stderr, done.stderr
        assert len(done.stderr.splitlines()) == 1
    assert open(live, "rb").read() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("file:")]


@pytest.mark.backends("sqlite")  # the streams, not the database
@pytest.mark.parametrize(
    "args",
    [
        ("timeline", "AMF"),
        ("log", "--format", "csv", "--limit", "400"),
        ("city", "list"),
        ("db", "path"),
        ("export", "dataset"),
        ("roster", "AMF", "--format", "csv"),  # its note on the other tables is not said
    ],
)
def test_standard_output_on_a_full_disk_is_one_line_and_a_failure(seeded_db, args):
    env = {**os.environ, "CITYLINKS_DATABASE_URL": seeded_db.url}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "citylinks", *args],
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    said = done.stderr.decode()
    assert done.returncode == 1, said
    assert said.count("\n") == 1 and said.startswith("Error: "), said
    assert "No space left on device" in said and "Traceback" not in said
