"""The gaps the last session's tester found in the Popolo import (issue 14): how deep a kept
object may nest, hidden characters in the names of kept objects, a newer version of a
document that renames its objects, the report of citylinks' own export imported again,
namespaces written in look-alike letters or in another Unicode form, and the message of a
dataset record with a field of the wrong kind."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from conftest import new_database, run_cli, run_fa, table_snapshot

DATA = Path(__file__).parent / "data" / "popolo"
ALDERNEY = DATA / "Alderney-States.json"
SECTIONS = ("areas", "organizations", "persons", "posts", "memberships", "events")


def _write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _alderney(**changes) -> dict:
    """Alderney's document, with `changes` applied: {"persons.0.name": "..."}."""
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    for where, value in changes.items():
        section, index, field = where.split(".")
        document[section][int(index)][field] = value
    return document


def _report(stdout: str) -> dict[str, str]:
    lines = (line.strip().split(": ", 1) for line in stdout.splitlines() if ": read " in line)
    return {section: rest for section, rest in lines}


def _json(value):
    """A JSON column's value as a backend's driver gives it (PostgreSQL: already read)."""
    return json.loads(value) if isinstance(value, str) else value


def _nested(levels: int) -> dict:
    """A value of `levels` objects one inside another."""
    value: dict = {"x": 1}
    for _ in range(levels - 1):
        value = {"x": value}
    return value


def _refused(db, result, said: str, before: dict) -> None:
    assert result.exit_code == 1, result.output
    assert said in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert table_snapshot(db) == before


# --- 1. one limit on how deep a kept object nests, at every door and backend --------------


def test_a_kept_object_nesting_at_the_limit_is_kept_and_one_deeper_refused(empty_db, tmp_path):
    # 31 levels: the person object and 30 inside it, which MariaDB's JSON check takes.
    fits = {"persons": [{"id": "p1", "name": "Ann", "x-deep": _nested(30)}]}
    result = run_cli(empty_db, "import", "popolo", str(_write(tmp_path / "fits.json", fits)))
    assert result.exit_code == 0, result.output
    assert empty_db.scalar("SELECT count(*) FROM popolo_extra WHERE popolo_id = 'p1'") == 1
    exported = tmp_path / "out.json"
    assert run_cli(empty_db, "export", "popolo", "-o", str(exported)).exit_code == 0
    assert json.loads(exported.read_text(encoding="utf-8"))["persons"] == fits["persons"]

    deep = {"persons": [{"id": "p2", "name": "Bob", "x-deep": _nested(31)}]}
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", str(_write(tmp_path / "deep.json", deep)))
    _refused(
        empty_db,
        result,
        "deep.json: persons #1 (p2) nests objects and lists 32 levels deep; citylinks keeps"
        " at most 31 (on every database): write its data flatter",
        before,
    )


def test_a_top_level_kept_too_deep_is_refused(empty_db, tmp_path):
    document = {"persons": [], "meta": _nested(31)}  # kept as {"meta": ...}: 32 levels
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", str(_write(tmp_path / "meta.json", document)))
    _refused(empty_db, result, "the document's top level nests objects and lists 32", before)


def test_a_dataset_kept_object_too_deep_is_refused_as_the_popolo_import_refuses_it(
    empty_db, tmp_path
):
    data = json.dumps({"id": "a1", "x": _nested(31)})
    path = tmp_path / "deep.toml"
    path.write_text(
        'format = "citylinks-dataset/1"\n\n[[popolo]]\nn = 1\nsection = "areas"\n'
        f'id = "a1"\ndata = {json.dumps(data)}\n',
        encoding="utf-8",
    )
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "dataset", str(path))
    _refused(empty_db, result, "'data' nests objects and lists 32 levels deep", before)
    fa = run_fa(empty_db, "import", "dataset", str(path))
    assert fa.exit_code == 1
    assert "تراز تودرتو دارد" in fa.stderr and "nests" not in fa.stderr


@pytest.mark.backends("sqlite")  # a SQLite backup; servers restore through the dataset door
def test_a_backup_keeping_an_object_nested_too_deeply_is_not_restored(backend, tmp_path, request):
    source = new_database("sqlite", tmp_path, request)
    fits = {"persons": [{"id": "p1", "name": "Ann", "x-deep": _nested(30)}]}
    path = _write(tmp_path / "fits.json", fits)
    assert run_cli(source, "import", "popolo", str(path)).exit_code == 0
    backup = tmp_path / "backup.sqlite"
    assert run_cli(source, "db", "backup", str(backup)).exit_code == 0
    conn = sqlite3.connect(backup)
    deep = json.dumps({"id": "p1", "name": "Ann", "x-deep": _nested(31)})
    conn.execute("UPDATE popolo_extra SET data = ? WHERE popolo_id = 'p1'", (deep,))
    (row,) = conn.execute("SELECT id FROM popolo_extra WHERE popolo_id = 'p1'").fetchone()
    conn.commit()
    conn.close()
    target = new_database("sqlite", tmp_path, request, seeded=True)
    before = table_snapshot(target)
    result = run_cli(target, "db", "restore", str(backup), "--yes")
    _refused(
        target,
        result,
        f"table popolo_extra, row {row}, column data: its JSON nests objects and lists 32"
        " levels deep; citylinks keeps at most 31",
        before,
    )


# --- 2. names inside kept objects: the rule of other tools' names -------------------------


@pytest.mark.parametrize(
    "changes,said",
    [
        (
            {"areas.0.name": "Alder\u202eney"},
            "areas #1 (area/alderney): the name contains the bidi control U+202E at character 6",
        ),
        (
            {"events.0.other_names": [{"name": "Term\x1b[2J"}]},
            "events #1 (term/2014): other_names[0].name: the name contains the control"
            " character U+001B (escape) at character 5",
        ),
        (
            {"persons.0.given_name": "Chr\u202eis"},
            "persons #1 (6baacce2-655a-493f-883a-29feea8a799d): given_name: the name contains"
            " the bidi control U+202E",
        ),
    ],
    ids=["area-name", "event-other-name", "given-name"],
)
def test_a_hidden_character_in_a_kept_objects_name_refuses_the_document(
    empty_db, tmp_path, changes, said
):
    path = _write(tmp_path / "Alderney-States.json", _alderney(**changes))
    before = table_snapshot(empty_db)
    _refused(empty_db, run_cli(empty_db, "import", "popolo", str(path)), said, before)


def test_a_hidden_character_in_a_posts_label_is_refused_in_persian_too(empty_db, tmp_path):
    document = {
        "organizations": [{"id": "o1", "name": "Council"}],
        "posts": [{"id": "post1", "label": "Chair\u202e", "organization_id": "o1"}],
    }
    path = _write(tmp_path / "posts.json", document)
    before = table_snapshot(empty_db)
    result = run_fa(empty_db, "import", "popolo", str(path))
    _refused(empty_db, result, "posts #1 (post1): label: ", before)
    assert "U+202E" in result.stderr and "contains" not in result.stderr


# --- 3. a newer version of a document that renames its objects ----------------------------


def _renamed_version(tmp_path: Path) -> Path:
    newer = _alderney(
        **{
            "persons.0.name": "Christopher Rowley",
            "organizations.1.name": "States of Alderney",
            "areas.0.name": "Aurigny",
            "events.0.name": "Term 2014",
        }
    )
    return _write(tmp_path / "newer.json", newer)


def test_a_newer_version_renaming_its_objects_is_refused_without_overwrite(empty_db, tmp_path):
    assert run_cli(empty_db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    newer = _renamed_version(tmp_path)
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", "--namespace", "Alderney-States", str(newer))
    _refused(
        empty_db,
        result,
        "name is 'Chris Rowley' in the database but 'Christopher Rowley' in the file: the"
        " database may hold a newer edit. Correct the file, or add --overwrite",
        before,
    )
    # The people and organizations as they were: only the area and event renamed (both
    # named by the one line of the refusal: p14o).
    only_kept = _alderney(**{"areas.0.name": "Aurigny", "events.0.name": "Term 2014"})
    path = _write(tmp_path / "kept.json", only_kept)
    result = run_cli(empty_db, "import", "popolo", "--namespace", "Alderney-States", str(path))
    _refused(
        empty_db,
        result,
        "areas (area/alderney): name is 'Alderney' in the database but 'Aurigny'"
        " in the file: correct the file, or add --overwrite to replace it",
        before,
    )
    assert "events (term/2014): name is '2014–2015' in the database but 'Term 2014'" in (
        result.stderr
    )


def test_a_newer_version_with_overwrite_replaces_the_names_and_logs_them(empty_db, tmp_path):
    assert run_cli(empty_db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    newer = _renamed_version(tmp_path)
    result = run_cli(
        empty_db, "import", "popolo", "--namespace", "Alderney-States", "--overwrite", str(newer)
    )
    assert result.exit_code == 0, result.output
    report = _report(result.stdout)
    assert report["persons"] == "read 10, created 0, matched 10, kept as they are 0"
    assert report["areas"] == "read 1, created 0, matched 1, kept as they are 0"
    assert "note: areas (area/alderney): name 'Alderney' replaced by 'Aurigny'" in result.stdout
    assert "note: events (term/2014): name '2014–2015' replaced by 'Term 2014'" in result.stdout
    # One official name each, the newer one: not the two names of one person.
    assert empty_db.rows("SELECT name FROM person_name WHERE name LIKE '%Rowley'") == [
        ("Christopher Rowley",)
    ]
    assert empty_db.scalar("SELECT count(*) FROM organization_name WHERE name LIKE 'States%'") == 1
    # The log keeps the old names.
    logged = empty_db.rows(
        "SELECT table_name, before, after FROM audit_log"
        " WHERE table_name IN ('person_name', 'organization_name') AND action = 'update'"
    )
    assert sorted((t, _json(b), _json(a)) for t, b, a in logged) == [
        ("organization_name", {"name": "States"}, {"name": "States of Alderney"}),
        ("person_name", {"name": "Chris Rowley"}, {"name": "Christopher Rowley"}),
    ]
    # The kept objects renamed in place, one each, exported as the newer document has them.
    assert empty_db.scalar("SELECT count(*) FROM popolo_extra WHERE section = 'areas'") == 1
    exported = tmp_path / "out.json"
    assert run_cli(empty_db, "export", "popolo", "-o", str(exported)).exit_code == 0
    written = json.loads(exported.read_text(encoding="utf-8"))
    assert [a["name"] for a in written["areas"]] == ["Aurigny"]
    assert [e["name"] for e in written["events"]] == ["Term 2014"]
    # The same newer version again: nothing changes.
    before = table_snapshot(empty_db)
    before.pop("popolo_document")
    again = run_cli(empty_db, "import", "popolo", "--namespace", "Alderney-States", str(newer))
    assert again.exit_code == 0, again.output
    after = table_snapshot(empty_db)
    after.pop("popolo_document")
    assert after == before


# --- 4. citylinks' own export imported again: every object counted ------------------------


def test_own_export_imported_again_reports_every_object_matched(
    seeded_db, tmp_path, backend, request
):
    assert run_cli(seeded_db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    exported = tmp_path / "export.json"
    assert run_cli(seeded_db, "export", "popolo", "-o", str(exported)).exit_code == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    counts = {s: len(document[s]) for s in SECTIONS}
    assert counts["memberships"] > 10 and counts["organizations"] > 2  # ours and Alderney's
    before = table_snapshot(seeded_db)
    before.pop("popolo_document")
    result = run_cli(seeded_db, "import", "popolo", str(exported))
    assert result.exit_code == 0, result.output
    report = _report(result.stdout)
    for section in SECTIONS:
        n = counts[section]
        if n:
            assert report[section] == f"read {n}, created 0, matched {n}, kept as they are 0"
    after = table_snapshot(seeded_db)
    after.pop("popolo_document")
    assert after == before
    # Into an empty database: everything created (Alderney's constituency kept as it is).
    other = new_database(backend, tmp_path, request)
    result = run_cli(other, "import", "popolo", str(exported))
    assert result.exit_code == 0, result.output
    report = _report(result.stdout)
    assert report["areas"] == (
        f"read {counts['areas']}, created {counts['areas'] - 1}, matched 0, kept as they are 1"
    )
    for section in ("organizations", "persons", "memberships", "events"):
        n = counts[section]
        assert report[section] == f"read {n}, created {n}, matched 0, kept as they are 0"
    assert other.scalar("SELECT count(*) FROM person") == counts["persons"]


# --- 5. Lisu letters that look like Latin ones --------------------------------------------


@pytest.mark.any_backend  # refused before the database is asked anything
def test_a_namespace_mixing_lisu_and_latin_letters_is_refused(empty_db):
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", "--namespace", "AB\ua4ee", str(ALDERNEY))
    _refused(
        empty_db,
        result,
        "the namespace mixes Latin and Lisu letters in 'AB\ua4ee' (\ua4ee is Lisu)",
        before,
    )


def test_a_namespace_in_lisu_look_alikes_is_the_latin_one_written_another_way(empty_db):
    assert run_cli(empty_db, "import", "popolo", "--namespace", "AP", str(ALDERNEY)).exit_code == 0
    before = table_snapshot(empty_db)
    lisu = "\ua4ee\ua4d1"  # Lisu A and P
    result = run_cli(empty_db, "import", "popolo", "--namespace", lisu, str(ALDERNEY))
    _refused(
        empty_db,
        result,
        f"the namespace {lisu!r} is the namespace 'AP' written another way",
        before,
    )


# --- 6. one Unicode form for every namespace ----------------------------------------------


def test_a_namespace_is_one_in_every_unicode_form_from_every_door(empty_db, tmp_path):
    decomposed = unicodedata.normalize("NFD", "Café")
    assert decomposed != "Café"
    path = tmp_path / f"{decomposed}.json"  # a file name as macOS writes it
    path.write_bytes(ALDERNEY.read_bytes())
    assert run_cli(empty_db, "import", "popolo", str(path)).exit_code == 0
    assert empty_db.rows("SELECT namespace FROM popolo_document") == [("Café",)]
    # Typed either way, it is that document: matched, never "written another way".
    for typed in ("Café", decomposed):
        result = run_cli(empty_db, "import", "popolo", "--namespace", typed, str(path))
        assert result.exit_code == 0, result.output
        assert "namespace Café: the document first imported on" in result.stdout
        assert _report(result.stdout)["persons"].startswith("read 10, created 0, matched 10")
    assert empty_db.rows("SELECT namespace FROM popolo_document") == [("Café",)]


@pytest.mark.any_backend  # refused before the database is asked anything
def test_a_full_width_namespace_is_the_latin_one_written_another_way(empty_db):
    assert run_cli(empty_db, "import", "popolo", "--namespace", "EP", str(ALDERNEY)).exit_code == 0
    result = run_cli(empty_db, "import", "popolo", "--namespace", "\uff25\uff30", str(ALDERNEY))
    assert result.exit_code == 1
    assert "is the namespace 'EP' written another way" in result.stderr


# --- 7. a field of the wrong kind in a dataset record is named ----------------------------


@pytest.mark.any_backend  # refused before anything is written
@pytest.mark.parametrize(
    "record,said,said_fa",
    [
        (
            '[[person]]\nkey = "someone"\nnames = ["Some One"]\n',
            "names[1] = 'Some One' is not a table of fields: write it as { field = value, ... }",
            "names[1] = «Some One» جدولی از فیلدها نیست",
        ),
        (
            '[[organization]]\nkey = "x"\nnames = [{ lang = "en", name = "X", kind = "official" }]'
            '\nseries = [{ key = "s", names = "abc" }]\n',
            "series[1].names = 'abc' is not a list: write series[1].names = [...]",
            "series[1].names = «abc» فهرست نیست",
        ),
    ],
    ids=["name-not-a-table", "nested-names-not-a-list"],
)
def test_a_dataset_field_of_the_wrong_kind_is_named(empty_db, tmp_path, record, said, said_fa):
    path = tmp_path / "wrong.toml"
    path.write_text('format = "citylinks-dataset/1"\n\n' + record, encoding="utf-8")
    before = table_snapshot(empty_db)
    _refused(empty_db, run_cli(empty_db, "import", "dataset", str(path)), said, before)
    fa = run_fa(empty_db, "import", "dataset", str(path))
    assert fa.exit_code == 1
    assert said_fa in fa.stderr and "is not" not in fa.stderr


# --- 8. new cities with identifiers take the bulk path, as other new cities do -------------

CITIES_WITH_IDENTIFIERS = """format = "citylinks-dataset/1"

[[country]]
code = "IR"
names = [{ lang = "en", name = "Iran", kind = "official" }]

[[city]]
key = "yazd"
country = "IR"
names = [{ lang = "en", name = "Yazd", kind = "official" }]
identifiers = [{ scheme = "wikidata", value = "Q1" }, { scheme = "geonames", value = "111" }]

[[city]]
key = "abarkuh"
country = "IR"
names = [{ lang = "en", name = "Abarkuh", kind = "official" }]
identifiers = [{ scheme = "wikidata", value = "Q2" }, { scheme = "wikidata", value = "Q2" }]
"""


def test_new_cities_with_identifiers_are_stored_logged_and_read_again_unchanged(empty_db, tmp_path):
    path = tmp_path / "cities.toml"
    path.write_text(CITIES_WITH_IDENTIFIERS, encoding="utf-8")
    result = run_cli(empty_db, "import", "dataset", str(path))
    assert result.exit_code == 0, result.output
    stored = empty_db.rows(
        "SELECT c.key, i.scheme, i.value FROM city_identifier i JOIN city c ON c.id = i.city_id"
        " ORDER BY c.key, i.scheme"
    )
    # An identifier given twice is one (the city takes the ORM path, which keeps one).
    assert stored == [("abarkuh", "wikidata", "Q2"), ("yazd", "geonames", "111"),
                      ("yazd", "wikidata", "Q1")]  # fmt: skip
    # One audit entry a stored identifier, as for every row the import adds.
    logged = empty_db.rows(
        "SELECT after FROM audit_log WHERE table_name = 'city_identifier' AND action = 'insert'"
    )
    assert sorted((_json(a)["scheme"], _json(a)["value"]) for (a,) in logged) == [
        ("geonames", "111"),
        ("wikidata", "Q1"),
        ("wikidata", "Q2"),
    ]
    before = table_snapshot(empty_db)
    again = run_cli(empty_db, "import", "dataset", str(path))
    assert again.exit_code == 0, again.output
    assert table_snapshot(empty_db) == before
