"""`citylinks export dataset` / `import dataset`: the whole database in the data/ format."""

from __future__ import annotations

import tomllib
from collections import Counter
from contextlib import contextmanager

import pytest
import tomli_w
from conftest import run_cli, table_snapshot
from sqlalchemy import event
from sqlalchemy.engine import Engine

from citylinks.formats.dataset_out import CHUNK, toml_record


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


def test_the_export_is_written_as_tomli_w_writes_its_records(seeded_db, tmp_path):
    path = tmp_path / "out.toml"
    assert run_cli(seeded_db, "export", "dataset", "--with-audit", "-o", str(path)).exit_code == 0
    content = path.read_text(encoding="utf-8")
    document = tomllib.loads(content)
    expected = f'format = "{document.pop("format")}"\n' + "".join(
        "\n" + tomli_w.dumps({kind: [record]})
        for kind, records in document.items()
        for record in records
    )
    assert content == expected


@pytest.mark.parametrize(
    "record",
    [
        {"key": "S1", "kind": "web-page", "title": "short: written inline"},
        {"key": "S2", "title": 'quotes " and \\ and \n, \t, \r, \x00, \x1f, \x7f, \b, \f'},
        {"key": "x" * 120, "names": [{"lang": "fa", "name": "یزد", "kind": "official"}]},
        {
            "city": "yazd",
            "latitude": 31.8974,
            "count": 3,
            "flag": True,
            "phase": [{"status": "member", "sources": ["S1", "S2"]}, {"status": "withdrawn"}],
            "aims": [],
            "seat": {"key": "yazd", "names": ["Yazd"]},
            "a key with spaces": "and an empty one",
            "": 0,
        },
    ],
)
def test_toml_records_are_the_bytes_tomli_w_writes(record):
    assert toml_record("source", record) == tomli_w.dumps({"source": [record]})


@contextmanager
def _counting_queries():
    counted: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        counted.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(Engine, "before_cursor_execute", count)


def _more_memberships(n: int) -> str:
    """A dataset file of `n` more cities, each a member of the AMF in two phases."""
    lines = [
        'format = "citylinks-dataset/1"',
        "[[source]]",
        'key = "T1"',
        'kind = "web-page"',
        'title = "A list of members"',
        'published = "2024"',
    ]
    for i in range(n):
        lines += [
            "[[city]]",
            f'key = "town-{i}"',
            'country = "IR"',
            f'names = [{{ lang = "en", name = "Town {i}", kind = "official" }}]',
            'sources = ["T1"]',
        ]
    for i in range(n):
        lines += [
            "[[membership]]",
            f'city = "town-{i}"',
            'organization = "amf"',
            "[[membership.phase]]",
            'status = "member"',
            'start = "2020"',
            'sources = ["T1"]',
            "[[membership.phase]]",
            'status = "withdrawn"',
            f'start = "j:1402-0{1 + i % 9}"',
            'sources = ["T1"]',
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kind", ["dataset", "popolo"])
def test_export_reads_a_chunk_of_records_at_a_time_not_each_record(seeded_db, tmp_path, kind):
    """The queries an export runs do not grow with the records that fit in one chunk: nested
    records (names, phases, the sources they cite) are read for a whole chunk at once."""
    with _counting_queries() as before:
        assert run_cli(seeded_db, "export", kind).exit_code == 0
    more = tmp_path / "more.toml"
    more.write_text(_more_memberships(CHUNK // 2), encoding="utf-8")
    result = run_cli(seeded_db, "import", "dataset", str(more))
    assert result.exit_code == 0, result.output
    with _counting_queries() as after:
        result = run_cli(seeded_db, "export", kind)
    assert result.exit_code == 0
    assert f"town-{CHUNK // 2 - 1}" in result.stdout
    # Statements by their beginnings (their IN lists differ), to show which ones were added.
    grown = Counter(q[:100] for q in after)
    grown.subtract(Counter(q[:100] for q in before))
    assert len(after) == len(before), [(q, n) for q, n in grown.items() if n]
