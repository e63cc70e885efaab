"""Issue 14: a Popolo file whose name holds a hidden character (a zero width space, a bidi
override) follows one rule: without --namespace it is refused, saying to give one; with
--namespace it is imported, its name kept with the character shown as an escape."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cli, table_snapshot

ALDERNEY = Path(__file__).parent / "data" / "popolo" / "Alderney-States.json"


@pytest.mark.parametrize(
    ("name", "kept"),
    [("x\u200by.json", "x<U+200B>y.json"), ("\u202eevil.json", "<U+202E>evil.json")],
)
def test_a_file_name_with_a_hidden_character_needs_a_namespace(empty_db, tmp_path, name, kept):
    path = tmp_path / name
    shutil.copy(ALDERNEY, path)
    before = table_snapshot(empty_db)

    refused = run_cli(empty_db, "import", "popolo", str(path))
    assert refused.exit_code == 1, refused.output
    (line,) = refused.stderr.strip().splitlines()
    assert kept in line and "give --namespace NAME" in line
    assert name not in line  # the character shown, never sent raw
    assert table_snapshot(empty_db) == before

    loaded = run_cli(empty_db, "import", "popolo", "--namespace", "xy", str(path))
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stdout.startswith(f"loaded {kept}:")
    assert empty_db.rows("SELECT namespace, file_name FROM popolo_document") == [("xy", kept)]
