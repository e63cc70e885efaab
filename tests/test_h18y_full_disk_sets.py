"""A set of outputs on a full disk is written all or none: a report's CSV file and its
companions (roster's r-by-status.csv ...), the --skip-bad file of an import. The disk is made
full as tests/test_l18_full_disk.py makes it (every temporary file's descriptor points at
/dev/full)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli, table_snapshot
from test_l18_full_disk import full_disk  # noqa: F401 (the fixture)

pytestmark = pytest.mark.any_backend  # files, whatever database the rows come from


def test_a_report_of_several_files_on_a_full_disk_leaves_none_and_can_be_rerun(
    seeded_db,
    tmp_path,
    full_disk,  # noqa: F811
    monkeypatch,
):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "r.csv"

    result = run_cli(seeded_db, "roster", "AMF", "-o", str(target))

    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: cannot write {target}: No space left on device\n"
    assert sorted(p.name for p in folder.iterdir()) == []
    assert len(full_disk) == 1  # the first file failed: the others were never begun

    monkeypatch.undo()  # space again: the same command, no --force needed
    again = run_cli(seeded_db, "roster", "AMF", "-o", str(target))
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "r-by-country.csv",
        "r-by-status.csv",
        "r.csv",
    ]


def test_a_companion_that_cannot_be_written_takes_the_written_ones_back(
    seeded_db, tmp_path, monkeypatch
):
    """The main file is complete and its companion fails: neither is left, and a file the
    set replaces (--force) stays as it was."""
    import os
    import tempfile

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "r.csv"
    (folder / "r-by-country.csv").write_text("the officer's earlier file\n", encoding="utf-8")
    real = tempfile.mkstemp
    made: list[str] = []

    def companions_on_a_full_disk(*args, **kwargs):
        fd, path = real(*args, **kwargs)
        made.append(path)
        if "by-status" in path:
            full = os.open("/dev/full", os.O_WRONLY)
            os.dup2(full, fd)
            os.close(full)
        return fd, path

    monkeypatch.setattr(tempfile, "mkstemp", companions_on_a_full_disk)
    result = run_cli(seeded_db, "roster", "AMF", "-o", str(target), "--force")

    by_status = folder / "r-by-status.csv"
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: cannot write {by_status}: No space left on device\n"
    assert sorted(p.name for p in folder.iterdir()) == ["r-by-country.csv"]
    assert (folder / "r-by-country.csv").read_text(encoding="utf-8") == (
        "the officer's earlier file\n"
    )
    assert [p for p in made if Path(p).exists()] == []


MEMBERSHIPS = (
    "city,country,organization,status,from,to,reason,source\n"
    "Shiraz,IR,AMF,membre,2020,,,S0\n"  # a bad row: unknown status
)


def test_the_skip_bad_file_on_a_full_disk_is_named_and_leaves_nothing(
    seeded_db,
    tmp_path,
    full_disk,  # noqa: F811
):
    csv_file = tmp_path / "m.csv"
    csv_file.write_text(MEMBERSHIPS, encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    bad = folder / "bad.csv"
    before = table_snapshot(seeded_db)

    result = run_cli(
        seeded_db, "import", "csv", "memberships", str(csv_file), "--skip-bad", str(bad)
    )

    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == (
        f"Error: cannot write {bad}: No space left on device"
    ), result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in folder.iterdir()) == []
    assert full_disk and [p for p in full_disk if Path(p).exists()] == []
    assert table_snapshot(seeded_db) == before
