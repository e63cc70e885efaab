"""Popolo ids are per document (docs/popolo.md, "Namespaces"): every EveryPolitician file calls
its legislature `legislature`, so each imported document's objects are kept apart under its
namespace; a document's top-level keys (`meta`) are kept and written back; numbers JSON
cannot keep get one answer at every backend."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import new_database, run_cli, table_snapshot

DATA = Path(__file__).parent / "data" / "popolo"
ALDERNEY = DATA / "Alderney-States.json"
KUWAIT = DATA / "Kuwait-National_Assembly.json"
BAHRAIN = DATA / "Bahrain-Council_of_Representatives.json"
EVERYPOLITICIAN = sorted(p for p in DATA.glob("*.json") if p.name != "modern-features.json")
SECTIONS = ("areas", "organizations", "persons", "posts", "memberships", "events")
# The import report's lines, by section: {"persons": {"read": 10, "created": 10, ...}}
COLUMNS = ("read", "created", "matched", "kept as they are")


def _report(stdout: str) -> dict[str, dict[str, int]]:
    counts = {}
    for line in stdout.splitlines():
        line = line.strip()
        if ": read " not in line:
            continue
        section, rest = line.split(": ", 1)
        rest = rest.split(";")[0]
        counts[section] = {
            c: int(part.rsplit(" ", 1)[1])
            for c, part in zip(COLUMNS, rest.split(", "), strict=True)
        }
    return counts


def _import(db, path: Path, *args: str):
    result = run_cli(db, "import", "popolo", *args, str(path))
    assert result.exit_code == 0, result.output
    return result


def _export(db, path: Path) -> dict:
    result = run_cli(db, "export", "popolo", "-o", str(path))
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text(encoding="utf-8"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _dumped(objects: list) -> list[str]:
    return [json.dumps(o, ensure_ascii=False) for o in objects]


def _stored_counts(db) -> dict[str, int]:
    return {
        table: db.scalar(f"SELECT count(*) FROM {table}")
        for table in ("person", "organization", "post", "session", "popolo_extra")
    }


def test_two_countries_keep_their_own_records_and_import_again_matches(empty_db):
    alderney, kuwait = _load(ALDERNEY), _load(KUWAIT)
    first = _import(empty_db, ALDERNEY)
    assert "namespace Alderney-States: a new document; its top-level meta kept" in first.stdout
    second = _import(empty_db, KUWAIT)
    assert "namespace Kuwait-National_Assembly: a new document" in second.stdout
    report = _report(second.stdout)
    # Kuwait's `legislature` and `party/independent` are not Alderney's: all created.
    assert report["organizations"] == {"read": 2, "created": 2, "matched": 0, "kept as they are": 0}
    assert report["memberships"]["created"] == len(kuwait["memberships"])
    assert report["events"]["created"] == 1
    stored = _stored_counts(empty_db)
    assert stored["person"] == len(alderney["persons"]) + len(kuwait["persons"])
    assert stored["organization"] == len(alderney["organizations"]) + len(kuwait["organizations"])
    assert stored["post"] == len(alderney["memberships"]) + len(kuwait["memberships"])
    assert stored["session"] == 2
    legislatures = empty_db.rows(
        "SELECT d.namespace, e.row_id FROM popolo_extra e"
        " JOIN popolo_document d ON d.id = e.document_id"
        " WHERE e.popolo_id = 'legislature' ORDER BY d.namespace"
    )
    assert [n for n, _ in legislatures] == ["Alderney-States", "Kuwait-National_Assembly"]
    assert len({row for _, row in legislatures}) == 2
    # Each session is its own legislature's.
    assert empty_db.scalar("SELECT count(DISTINCT series_id) FROM session") == 2
    # The document's meta is kept, as written.
    kept = dict(empty_db.rows("SELECT namespace, top_level FROM popolo_document"))
    top_level = kept["Kuwait-National_Assembly"]
    top_level = json.loads(top_level) if isinstance(top_level, str) else top_level
    assert top_level == {"meta": kuwait["meta"]}
    # The same file again: every object matched, no record changed.
    before = table_snapshot(empty_db)
    again = _import(empty_db, KUWAIT)
    assert "namespace Kuwait-National_Assembly: the document first imported on" in again.stdout
    for section, c in _report(again.stdout).items():
        assert c["created"] == 0 and c["kept as they are"] == 0, (section, c)
        assert c["matched"] == c["read"], (section, c)
    after = table_snapshot(empty_db)
    assert {t: r for t, r in after.items() if t not in ("audit_log", "popolo_document")} == {
        t: r for t, r in before.items() if t not in ("audit_log", "popolo_document")
    }


def test_six_countries_one_after_another_count_as_stored(empty_db):
    """Counts per kind equal the rows stored, with every file's ids kept apart."""
    totals = dict.fromkeys(("persons", "organizations", "memberships", "kept"), 0)
    for path in EVERYPOLITICIAN:
        document = _load(path)
        report = _report(_import(empty_db, path).stdout)
        for section in ("persons", "organizations", "memberships"):
            assert report[section]["created"] == len(document[section]), (path.name, section)
            totals[section] += len(document[section])
        totals["kept"] += sum(c["kept as they are"] for c in report.values())
    assert empty_db.scalar("SELECT count(*) FROM person") == totals["persons"]
    assert empty_db.scalar("SELECT count(*) FROM organization") == totals["organizations"]
    assert empty_db.scalar("SELECT count(*) FROM post") == totals["memberships"]
    assert empty_db.scalar("SELECT count(*) FROM session") == len(EVERYPOLITICIAN)
    assert (
        empty_db.scalar("SELECT count(*) FROM popolo_extra WHERE row_id IS NULL")
        == (totals["kept"])
    )
    assert empty_db.scalar("SELECT count(*) FROM popolo_document") == len(EVERYPOLITICIAN)


def test_one_document_exported_alone_is_its_objects_byte_for_byte(
    empty_db, tmp_path, request, backend
):
    original = _load(ALDERNEY)
    _import(empty_db, ALDERNEY)
    exported = _export(empty_db, tmp_path / "first.json")
    for section in SECTIONS:
        assert _dumped(exported[section]) == _dumped(original.get(section, [])), section
    assert exported["meta"] == original["meta"]
    [entry] = exported["citylinks:documents"]
    assert entry["namespace"] == "Alderney-States" and entry["top_level"] == {
        "meta": original["meta"]
    }
    assert "renamed" not in entry
    # Into another database and out again: the same bytes.
    other = new_database(backend, tmp_path, request)
    _import(other, tmp_path / "first.json")
    second = tmp_path / "second.json"
    assert run_cli(other, "export", "popolo", "-o", str(second)).exit_code == 0
    assert second.read_bytes() == (tmp_path / "first.json").read_bytes()


def _as_documents(exported: dict) -> dict[str, dict[str, list]]:
    """The objects of each document an export lists, with their ids as the document had
    them (the export's renamed ids back)."""
    found: dict[str, dict[str, list]] = {}
    for entry in exported["citylinks:documents"]:
        original = entry.get("renamed", {})
        sections = found.setdefault(entry["namespace"], {})
        for section, runs in entry["objects"].items():
            for start, end in runs:
                for obj in exported[section][start:end]:
                    obj = {
                        k: original.get(v, v)
                        if isinstance(v, str) and (k == "id" or k.endswith("_id"))
                        else v
                        for k, v in obj.items()
                    }
                    sections.setdefault(section, []).append(obj)
    return found


def test_ids_two_documents_share_are_renamed_in_an_export_and_read_back_as_they_were(
    empty_db, tmp_path, request, backend
):
    for path in (ALDERNEY, KUWAIT, BAHRAIN):
        _import(empty_db, path)
    exported = _export(empty_db, tmp_path / "all.json")
    # Every id once in the export: the first document imported keeps `legislature`, the later
    # ones' are written "NAMESPACE:legislature", in their objects and their references.
    ids = [o["id"] for s in SECTIONS for o in exported[s] if "id" in o]
    assert len(ids) == len(set(ids))
    entries = {e["namespace"]: e for e in exported["citylinks:documents"]}
    assert list(entries) == [
        "Alderney-States",
        "Kuwait-National_Assembly",
        ("Bahrain-Council_of_Representatives"),
    ]
    assert "renamed" not in entries["Alderney-States"]
    assert entries["Kuwait-National_Assembly"]["renamed"][
        "Kuwait-National_Assembly:legislature"
    ] == ("legislature")
    kuwait_members = [
        m for m in exported["memberships"] if m["organization_id"].startswith("Kuwait-")
    ]
    assert len(kuwait_members) == len(_load(KUWAIT)["memberships"])
    # Each document's objects, its ids back as they were, are the file's, field for field.
    documents = _as_documents(exported)
    for path, namespace in (
        (ALDERNEY, "Alderney-States"),
        (KUWAIT, "Kuwait-National_Assembly"),
        (BAHRAIN, "Bahrain-Council_of_Representatives"),
    ):
        original = _load(path)
        for section in SECTIONS:
            assert _dumped(documents[namespace].get(section, [])) == _dumped(
                original.get(section, [])
            ), (namespace, section)
    # The export imported into another database keeps the documents apart and counts them
    # as stored; exported again, the same bytes.
    other = new_database(backend, tmp_path, request)
    report = _report(_import(other, tmp_path / "all.json").stdout)
    assert report["organizations"]["created"] == other.scalar("SELECT count(*) FROM organization")
    assert report["persons"]["created"] == other.scalar("SELECT count(*) FROM person") == 95
    assert other.scalar("SELECT count(*) FROM popolo_document") == 3
    again = tmp_path / "again.json"
    assert run_cli(other, "export", "popolo", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == (tmp_path / "all.json").read_bytes()
    # And imported into the database it came from, onto its own records.
    before = table_snapshot(empty_db)
    for section, c in _report(_import(empty_db, tmp_path / "all.json").stdout).items():
        assert c["created"] == 0 and c["kept as they are"] == 0, (section, c)
    assert table_snapshot(empty_db) == before


def test_another_file_of_the_same_name_is_refused_until_its_namespace_is_given(empty_db, tmp_path):
    """EveryPolitician calls every file ep-popolo-v1.0.json: a second country's file is never
    taken for the first one's."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "ep-popolo-v1.0.json", tmp_path / "b" / "ep-popolo-v1.0.json"
    shutil.copy(ALDERNEY, first)
    shutil.copy(KUWAIT, second)
    _import(empty_db, first)
    before = table_snapshot(empty_db)
    refused = run_cli(empty_db, "import", "popolo", str(second))
    assert refused.exit_code == 1
    message = refused.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in refused.output
    assert "namespace 'ep-popolo-v1.0' (the file's name) holds another document" in message
    assert "--namespace" in message
    assert table_snapshot(empty_db) == before
    result = _import(empty_db, second, "--namespace", "kuwait")
    assert _report(result.stdout)["persons"]["created"] == 45
    # The first file again, under its default namespace: matched.
    assert _report(_import(empty_db, first).stdout)["persons"]["matched"] == 10


@pytest.mark.parametrize("name", ["a:b", "_x", ".x", "-x"])
def test_a_namespace_that_is_not_one_is_refused(empty_db, name):
    """A namespace holds no ':' or '/' and starts with a letter or digit (docs/popolo.md)."""
    result = run_cli(empty_db, "import", "popolo", "--namespace", name, str(ALDERNEY))
    assert result.exit_code == 1
    assert f"the namespace '{name}' is not one" in result.stderr
    assert empty_db.scalar("SELECT count(*) FROM person") == 0


def _document(tmp_path: Path, name: str, organizations: list, persons: list | None = None) -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps({"organizations": organizations, "persons": persons or []}), encoding="utf-8"
    )
    return path


def test_global_ids_meet_across_documents_and_look_alikes_never(empty_db, tmp_path):
    """A URI, an Open Civic Data id, and a Wikidata id the object itself gives as its wikidata
    identifier are the same identifier in every document; `Q7` with no such identifier, and
    any local id, is the document's own."""
    organizations = [
        {"id": "https://example.org/org/1", "name": "Org by URI"},
        {"id": "ocd-organization/5d1bbb56-b1a5-4b9e-8b39-3d2f25f0f1aa", "name": "Org by OCD"},
        {
            "id": "Q42",
            "name": "Org by Wikidata",
            "identifiers": [{"scheme": "wikidata", "identifier": "Q42"}],
        },
        {"id": "Q7", "name": "Org that looks like Wikidata"},
        {"id": "legislature", "name": "Legislature"},
    ]
    _import(empty_db, _document(tmp_path, "one.json", organizations))
    report = _report(_import(empty_db, _document(tmp_path, "two.json", organizations)).stdout)
    assert report["organizations"] == {"read": 5, "created": 2, "matched": 3, "kept as they are": 0}
    assert empty_db.scalar("SELECT count(*) FROM organization") == 7
    assert empty_db.scalar("SELECT count(*) FROM organization_name WHERE name = 'Q7'") == 0
    assert empty_db.rows(
        "SELECT count(*) FROM organization_name WHERE name = 'Org that looks like Wikidata'"
    ) == [(2,)]


# --- numbers (docs/popolo.md, "Numbers"): the same answer on SQLite, PostgreSQL, MariaDB ----


def _person_with(tmp_path: Path, value: str) -> Path:
    path = tmp_path / "numbers.json"
    path.write_text(
        '{"persons": [{"id": "p1", "name": "Ann", "x-score": {"value": [1, ' + value + "]}}]}",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "value", ["NaN", "Infinity", "-Infinity", "1e99999", "-1E+400", "1e-99999", "-0.0e-999"]
)
def test_a_number_json_cannot_keep_is_refused_in_one_line(empty_db, tmp_path, value):
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", str(_person_with(tmp_path, value)))
    if value == "-0.0e-999":  # zero, written small: kept as the zero it is
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in result.output
    assert f"persons #1 (p1): the field x-score.value[1] holds {value}" in message
    assert table_snapshot(empty_db) == before


def test_a_number_in_the_documents_meta_that_json_cannot_keep_is_refused(empty_db, tmp_path):
    path = tmp_path / "meta.json"
    path.write_text('{"meta": {"seats": NaN}, "persons": []}', encoding="utf-8")
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 1
    assert "the document's top level: the field meta.seats holds NaN" in result.stderr


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("-0", "0"),
        ("1.50", "1.5"),
        ("1E2", "100.0"),
        ("123456789012345678901234567890123", "123456789012345678901234567890123"),
        ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ("5e-324", "5e-324"),
        ("-0.0", "-0.0"),
    ],
)
def test_a_number_is_kept_as_the_number_it_is(empty_db, tmp_path, written, kept):
    _import(empty_db, _person_with(tmp_path, written))
    exported = tmp_path / "out.json"
    _export(empty_db, exported)
    assert f'"x-score": {{"value": [1, {kept}]}}' in exported.read_text(encoding="utf-8")


def test_the_dataset_carries_the_popolo_documents(empty_db, tmp_path, request, backend):
    """A dataset export (and so a server's `db backup`) keeps each document's namespace,
    file, digest, top-level keys and import moments (the objects themselves: popolo_extra,
    carried by the dataset's own work)."""
    _import(empty_db, ALDERNEY)
    _import(empty_db, KUWAIT)
    first = tmp_path / "first.toml"
    assert run_cli(empty_db, "export", "dataset", "-o", str(first)).exit_code == 0
    assert "[[popolo_document]]" in first.read_text(encoding="utf-8")
    other = new_database(backend, tmp_path, request)
    result = run_cli(other, "import", "dataset", str(first))
    assert result.exit_code == 0, result.output
    assert "2 Popolo documents" in result.stdout
    second = tmp_path / "second.toml"
    assert run_cli(other, "export", "dataset", "-o", str(second)).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    query = "SELECT namespace, file_name, digest FROM popolo_document ORDER BY namespace"
    assert other.rows(query) == empty_db.rows(query)
    # The objects come back with their documents: the Popolo export is the same, byte for byte.
    popolo_first, popolo_second = tmp_path / "first.json", tmp_path / "second.json"
    assert run_cli(empty_db, "export", "popolo", "-o", str(popolo_first)).exit_code == 0
    assert run_cli(other, "export", "popolo", "-o", str(popolo_second)).exit_code == 0
    assert popolo_second.read_bytes() == popolo_first.read_bytes()
    # Loaded again: nothing changes.
    before = table_snapshot(other)
    assert run_cli(other, "import", "dataset", str(first)).exit_code == 0
    assert table_snapshot(other) == before
