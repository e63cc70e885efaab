"""`citylinks export dataset` / `import dataset`: the whole database in the data/ format."""

from __future__ import annotations

import pytest
from conftest import run_cli, table_snapshot


@pytest.fixture
def second_db(empty_db):
    """An empty database on the same backend, to import into."""
    return empty_db


def test_export_import_export_is_byte_identical(seeded_db, second_db, tmp_path):
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    result = run_cli(seeded_db, "export", "dataset", "--output", str(first))
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and "4 membership" in result.stderr
    result = run_cli(second_db, "import", "dataset", str(first))
    assert result.exit_code == 0, result.output
    assert run_cli(second_db, "export", "dataset", "--output", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    content = first.read_text(encoding="utf-8")
    assert content.startswith('format = "citylinks-dataset/1"\n')
    # Nothing volatile: no ids, no stamps of who loaded it when.
    assert "created_at" not in content and "test-officer" not in content
    assert 'key = "yazd"' in content and 'session = "amf/executive-board/11"' in content


def test_export_to_stdout_loads_back_with_the_same_rows(seeded_db, second_db, tmp_path):
    result = run_cli(seeded_db, "export", "dataset")
    assert result.exit_code == 0
    path = tmp_path / "out.toml"
    path.write_text(result.stdout, encoding="utf-8")
    assert run_cli(second_db, "import", "dataset", str(path)).exit_code == 0
    for sql in (
        "SELECT count(*) FROM membership_phase",
        "SELECT count(*) FROM attendance",
        "SELECT count(*) FROM city_name",
        "SELECT count(*) FROM membership_phase_source",
    ):
        assert second_db.scalar(sql) == seeded_db.scalar(sql), sql


def test_reimporting_the_export_of_the_bundled_data_changes_no_row(seeded_db, tmp_path):
    path = tmp_path / "out.toml"
    assert run_cli(seeded_db, "export", "dataset", "-o", str(path)).exit_code == 0
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "dataset", str(path))
    assert result.exit_code == 0, result.output
    assert table_snapshot(seeded_db) == before


def test_with_audit_moves_the_audit_log_verbatim(seeded_db, second_db, tmp_path):
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    assert run_cli(seeded_db, "export", "dataset", "--with-audit", "-o", str(first)).exit_code == 0
    assert "[[audit]]" in first.read_text(encoding="utf-8")
    result = run_cli(second_db, "--as", "mover", "import", "dataset", str(first))
    assert result.exit_code == 0, result.output
    query = "SELECT officer, action, table_name, row_id, row_label FROM audit_log ORDER BY id"
    assert second_db.rows(query) == seeded_db.rows(query)
    assert second_db.scalar("SELECT count(*) FROM audit_log WHERE officer = 'mover'") == 0
    assert run_cli(second_db, "export", "dataset", "--with-audit", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_audit_log_is_refused_by_a_database_that_has_its_own(seeded_db, tmp_path):
    path = tmp_path / "first.toml"
    assert run_cli(seeded_db, "export", "dataset", "--with-audit", "-o", str(path)).exit_code == 0
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "dataset", str(path))
    assert result.exit_code == 1
    assert "only an empty database can take" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(seeded_db) == before


def test_import_dataset_dry_run_writes_nothing(seeded_db, second_db, tmp_path):
    path = tmp_path / "out.toml"
    assert run_cli(seeded_db, "export", "dataset", "-o", str(path)).exit_code == 0
    result = run_cli(second_db, "import", "dataset", str(path), "--dry-run")
    assert result.exit_code == 0
    assert "dry run: nothing was written" in result.stderr
    assert second_db.scalar("SELECT count(*) FROM city") == 0
