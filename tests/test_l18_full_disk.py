"""A full disk while an output is written: one line naming the file, nothing left behind.

The disk is made full for the file citylinks writes only: the temporary file beside the
target is created as usual, then its descriptor is pointed at /dev/full, so that every write
to it fails as a full disk does (ENOSPC, from the kernel), wherever in the write it happens.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from conftest import run_cli, run_fa

# any_backend: how a file is written, whatever database the rows come from
pytestmark = pytest.mark.any_backend


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file citylinks.files creates from now on is on a full disk; the list collects
    the temporary files it created (each must be gone afterwards)."""
    made: list[str] = []
    real = tempfile.mkstemp

    def on_a_full_disk(*args, **kwargs):
        fd, path = real(*args, **kwargs)
        made.append(path)
        full = os.open("/dev/full", os.O_WRONLY)
        try:
            os.dup2(full, fd)
        finally:
            os.close(full)
        return fd, path

    monkeypatch.setattr(tempfile, "mkstemp", on_a_full_disk)
    return made


def _nothing_left(folder: Path, made: list[str]) -> None:
    assert made, "the command never created its temporary file"
    assert [p for p in made if os.path.exists(p)] == []
    assert sorted(p.name for p in folder.iterdir()) == []


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["export", "dataset"], "dataset.toml"),
        (["export", "popolo"], "popolo.json"),
        (["export", "csv", "cities"], "cities.csv"),
        (["timeline", "AMF"], "timeline.md"),
        (["roster", "AMF"], "roster.csv"),
        (["stats", "AMF"], "stats.html"),
    ],
)
def test_an_output_on_a_full_disk_is_one_line_naming_the_file_and_leaves_nothing(
    seeded_db, tmp_path, full_disk, command, name
):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / name
    result = run_cli(seeded_db, *command, "-o", str(target))
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: cannot write {target}: No space left on device\n"
    assert "wrote" not in result.output and "Traceback" not in result.output
    _nothing_left(folder, full_disk)


def test_a_full_disk_leaves_the_file_that_was_there_as_it_was(seeded_db, tmp_path, full_disk):
    target = tmp_path / "dataset.toml"
    target.write_text("the officer's earlier export\n", encoding="utf-8")
    result = run_cli(seeded_db, "export", "dataset", "-o", str(target), "--force")
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {target}: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "the officer's earlier export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")) == []


def test_a_full_disk_is_said_in_persian_with_no_english_words(seeded_db, tmp_path, full_disk):
    target = tmp_path / "d.toml"
    result = run_fa(seeded_db, "export", "dataset", "-o", str(target))
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and str(target) in line
    assert "No space" not in line and "cannot write" not in line
    assert not target.exists()
