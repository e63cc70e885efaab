"""`import dataset` of records the database holds already: a source, city, person or post
that changes nothing is matched in a few queries for all (services.recorded), and gives the
same report, messages and stored rows as the ORM path, a record at a time, gave; one that
differs still goes the ORM's way (refused, or --overwrite'n with the old value logged)."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import new_database, run_cli, table_snapshot
from sqlalchemy import event
from sqlalchemy.engine import Engine

from citylinks.services import records


@contextmanager
def _orm_path_only(monkeypatch: pytest.MonkeyPatch):
    """Every recorded record through the ORM, as before the bulk path matched them."""
    with monkeypatch.context() as m:
        m.setattr(records._Loader, "matched_unchanged", lambda self, kind, r: False)
        yield


@contextmanager
def _statements():
    counted: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        counted.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(Engine, "before_cursor_execute", count)


def _twins(backend: str, tmp_path: Path, request: pytest.FixtureRequest):
    """Two databases holding the bundled data, one for each path."""
    return (
        new_database(backend, tmp_path / "bulk", request, seeded=True),
        new_database(backend, tmp_path / "orm", request, seeded=True),
    )


def _export(db, path: Path) -> str:
    result = run_cli(db, "export", "dataset", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8")


@pytest.fixture
def twins(backend, tmp_path, request):
    (tmp_path / "bulk").mkdir()
    (tmp_path / "orm").mkdir()
    return _twins(backend, tmp_path, request)


def test_a_reimport_matches_every_recorded_record_in_few_statements(twins, tmp_path, monkeypatch):
    bulk_db, orm_db = twins
    path = tmp_path / "again.toml"
    _export(bulk_db, path)
    before = table_snapshot(bulk_db)
    with _statements() as fast:
        ours = run_cli(bulk_db, "import", "dataset", str(path))
    with _orm_path_only(monkeypatch), _statements() as slow:
        theirs = run_cli(orm_db, "import", "dataset", str(path))
    assert (ours.exit_code, ours.stdout, ours.stderr) == (
        theirs.exit_code,
        theirs.stdout,
        theirs.stderr.replace(orm_db.url, bulk_db.url),
    )
    assert ours.exit_code == 0, ours.output
    assert table_snapshot(bulk_db) == before
    # The bundled data's 30 sources, 15 cities, 18 people and 27 posts: a query or more each
    # on the ORM path, a few for all of each kind on the bulk path.
    assert len(fast) < len(slow) - 60, (len(fast), len(slow))


def _changed(content: str) -> str:
    """The export with a person's name, a post's note, a source's title and a city's region
    changed."""
    content = content.replace('name = "Alireza Amrollahi"', 'name = "Alireza Amrollahi Jr"', 1)
    content = content.replace(
        'note = "In post at the 2025 announcement (S0, S1)."',
        'note = "In post at the 2025 announcement."',
        1,
    )
    content, n = re.subn(
        r'(\[\[source\]\]\nkey = "S0"\nkind = "[^"]*"\ntitle = ")[^"]*"',
        r'\1Another title"',
        content,
    )
    assert n == 1
    return content


def test_changed_records_are_refused_as_the_orm_path_refuses_them(twins, tmp_path, monkeypatch):
    bulk_db, orm_db = twins
    path = tmp_path / "changed.toml"
    path.write_text(_changed(_export(bulk_db, tmp_path / "export.toml")), encoding="utf-8")
    for args in (["import", "dataset", str(path)], ["import", "dataset", "--dry-run", str(path)]):
        before = table_snapshot(bulk_db)
        ours = run_cli(bulk_db, *args)
        with _orm_path_only(monkeypatch):
            theirs = run_cli(orm_db, *args)
        assert ours.exit_code == theirs.exit_code == 1
        assert ours.stdout == theirs.stdout
        assert ours.stderr == theirs.stderr.replace(orm_db.url, bulk_db.url)
        assert "Another title" in ours.stderr
        assert table_snapshot(bulk_db) == before


def test_changed_records_are_overwritten_as_the_orm_path_overwrites_them(
    twins, tmp_path, monkeypatch
):
    bulk_db, orm_db = twins
    path = tmp_path / "changed.toml"
    path.write_text(_changed(_export(bulk_db, tmp_path / "export.toml")), encoding="utf-8")
    ours = run_cli(bulk_db, "import", "dataset", "--overwrite", str(path))
    with _orm_path_only(monkeypatch):
        theirs = run_cli(orm_db, "import", "dataset", "--overwrite", str(path))
    assert ours.exit_code == theirs.exit_code == 0, ours.output
    assert ours.stdout == theirs.stdout
    changed = (
        "SELECT table_name, action, row_id, before, after FROM audit_log"
        " WHERE action = 'update' ORDER BY id"
    )
    assert bulk_db.rows(changed) == orm_db.rows(changed)
    assert bulk_db.rows(changed)  # the source's title, the post's note, ...
    versions = "SELECT key, version, title FROM source WHERE key = 'S0'"
    assert bulk_db.rows(versions) == orm_db.rows(versions) == [("S0", 2, "Another title")]
    for table in ("person_name", "post", "source", "city", "city_name", "post_source"):
        query = (
            f"SELECT * FROM {table} ORDER BY id"
            if table != "post_source"
            else ("SELECT * FROM post_source ORDER BY post_id, source_id")
        )
        # A row the import adds gets the next id its table gives, which on MariaDB may skip
        # numbers a rolled-back insert took (its auto-increment is not transactional): the
        # rows are compared in id order, without the id.
        strip = {"id", "created_at", "updated_at"}
        assert _without(bulk_db, query, strip) == _without(orm_db, query, strip), table


def _without(db, query: str, columns: set[str]) -> list[tuple]:
    engine = db.engine()
    try:
        with engine.connect() as conn:
            result = conn.exec_driver_sql(query)
            keep = [i for i, c in enumerate(result.keys()) if c not in columns]
            return [tuple(row[i] for i in keep) for row in result]
    finally:
        engine.dispose()


def test_two_recorded_posts_a_record_might_be_are_left_to_the_orm_path(
    twins, tmp_path, monkeypatch
):
    bulk_db, orm_db = twins
    export = _export(bulk_db, tmp_path / "export.toml")
    post = (
        '[[post]]\nperson = "amrollahi"\ntitle = "adviser"\ncity = "yazd"\n'
        'start = "unknown"\nend = "unknown"\nsources = ["S0"]\n'
    )
    first = tmp_path / "twice.toml"
    # Two posts alike: a second load of the file matches each to one of them.
    first.write_text(export + "\n" + post + "\n" + post, encoding="utf-8")
    for db in (bulk_db, orm_db):
        assert run_cli(db, "import", "dataset", str(first)).exit_code == 0
    rows = "SELECT id, person_id, title, version FROM post ORDER BY id"
    before = table_snapshot(bulk_db)
    ours = run_cli(bulk_db, "import", "dataset", str(first))
    with _orm_path_only(monkeypatch):
        theirs = run_cli(orm_db, "import", "dataset", str(first))
    assert ours.exit_code == theirs.exit_code == 0, ours.output
    assert ours.stdout == theirs.stdout
    assert table_snapshot(bulk_db) == before
    assert len([r for r in bulk_db.rows(rows) if r[2] == "adviser"]) == 2
