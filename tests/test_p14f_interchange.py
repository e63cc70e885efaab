"""Issue 14, the gaps fresh-clone testers found in interchange with other tools: an
identifier an officer removed stays out of the export; invisible characters in a name are
refused at every door; a city is told from a namesake by its country's name; a dry run
leaves no file behind; a renamed object of a newer document is a new version of its
record; objects read without a document are matched by the same document again; a Popolo
dry run lists every conflict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli, table_snapshot


def _write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _export(db, path: Path) -> dict:
    result = run_cli(db, "export", "popolo", "-o", str(path), "--force")
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text(encoding="utf-8"))


# --- 1. an identifier the officer removed does not come back --------------------------------

IDENTIFIED = {
    "areas": [
        {"id": "gb", "name": "United Kingdom", "classification": "country", "identifier": "GB"},
        {"id": "a-leeds", "name": "Leeds", "classification": "city", "parent_id": "gb"},
    ],
    "organizations": [
        {
            "id": "leg",
            "name": "Council",
            "classification": "legislature",
            "identifiers": [
                {"scheme": "wikidata", "identifier": "Q1"},
                {"scheme": "isni", "identifier": "0001"},
            ],
        },
        {
            "id": "leg2",
            "name": "Second Council",
            "classification": "legislature",
            # Q1 is the first council's: this record keeps it in its object only.
            "identifiers": [
                {"scheme": "wikidata", "identifier": "Q1"},
                {"scheme": "isni", "identifier": "0002"},
            ],
        },
        {
            "id": "c-leeds",
            "name": "Leeds",
            "classification": "city",
            "area_id": "a-leeds",
            "identifiers": [
                {"scheme": "wikidata", "identifier": "Q39121"},
                {"scheme": "geonames", "identifier": "2644688"},
            ],
        },
    ],
}


def _by_id(objects: list[dict]) -> dict[str, dict]:
    return {o["id"]: o for o in objects}


def test_an_identifier_the_officer_removed_leaves_the_export_and_the_rest_stays(empty_db, tmp_path):
    source = _write(tmp_path / "councils.json", IDENTIFIED)
    assert run_cli(empty_db, "import", "popolo", str(source)).exit_code == 0
    for edit in (
        ("org", "edit", "leg", "--remove-id", "isni"),
        ("org", "edit", "leg2", "--remove-id", "isni"),
        ("city", "edit", "c-leeds", "--remove-id", "geonames"),
    ):
        result = run_cli(empty_db, *edit)
        assert result.exit_code == 0, result.output

    exported = _by_id(_export(empty_db, tmp_path / "out.json")["organizations"])
    assert exported["leg"]["identifiers"] == [{"scheme": "wikidata", "identifier": "Q1"}]
    # Q1 was never the second council's row's (the first holds it): kept as read.
    assert exported["leg2"]["identifiers"] == [{"scheme": "wikidata", "identifier": "Q1"}]
    assert exported["c-leeds"]["identifiers"] == [{"scheme": "wikidata", "identifier": "Q39121"}]
    # ... and the same again once that export is read back into the database it came from.
    result = run_cli(empty_db, "import", "popolo", str(tmp_path / "out.json"))
    assert result.exit_code == 0, result.output
    again = _by_id(_export(empty_db, tmp_path / "again.json")["organizations"])
    assert {k: v.get("identifiers") for k, v in again.items()} == {
        k: v.get("identifiers") for k, v in exported.items()
    }


def test_an_identifier_no_one_removed_is_written_as_read(empty_db, tmp_path):
    source = _write(tmp_path / "councils.json", IDENTIFIED)
    assert run_cli(empty_db, "import", "popolo", str(source)).exit_code == 0
    # Another edit of the row: its identifiers, held or kept in its object only, stay.
    result = run_cli(empty_db, "org", "edit", "leg2", "--add-id", "isni=0009")
    assert result.exit_code == 0, result.output
    exported = _by_id(_export(empty_db, tmp_path / "out.json")["organizations"])
    assert exported["leg2"]["identifiers"] == [
        *IDENTIFIED["organizations"][1]["identifiers"],
        {"scheme": "isni", "identifier": "0009"},
    ]


# --- 2. invisible characters in a name: one rule at every door ------------------------------

INVISIBLES = [
    ("\u200b", "U+200B (zero width space)"),
    ("\u2060", "U+2060 (word joiner)"),
    ("\ufeff", "U+FEFF (byte order mark)"),
]


def _people(db) -> int:
    return db.scalar("SELECT count(*) FROM person")


@pytest.mark.parametrize(("mark", "named"), INVISIBLES)
def test_an_invisible_character_in_a_name_is_refused_at_every_door(empty_db, tmp_path, mark, named):
    name = f"Ali{mark}Reza"
    said = f"contains the invisible character {named} at character 4"

    typed = run_cli(empty_db, "person", "add", name)
    assert typed.exit_code == 1
    assert said in typed.stderr

    popolo = _write(tmp_path / "people.json", {"persons": [{"id": "p1", "name": name}]})
    read = run_cli(empty_db, "import", "popolo", str(popolo))
    assert read.exit_code == 1
    assert "persons #1 (p1)" in read.stderr and said in read.stderr

    dataset = tmp_path / "people.toml"
    dataset.write_text(
        'format = "citylinks-dataset/1"\n'
        f'[[person]]\nkey = "ali"\nnames = [{{lang = "en", name = "{name}"}}]\n',
        "utf-8",
    )
    loaded = run_cli(empty_db, "import", "dataset", str(dataset))
    assert loaded.exit_code == 1
    assert said in loaded.stderr
    assert _people(empty_db) == 0

    assert run_cli(empty_db, "country", "add", "GB").exit_code == 0
    sheet = tmp_path / "cities.csv"
    sheet.write_text(f"city,country\nLee{mark}ds,GB\n", encoding="utf-8")
    cells = run_cli(empty_db, "import", "csv", "cities", str(sheet))
    assert cells.exit_code == 1
    assert said in cells.stderr
    assert empty_db.scalar("SELECT count(*) FROM city") == 0


def test_a_zero_width_non_joiner_stays_a_persian_letter_joiner(empty_db, tmp_path):
    name = "می\u200cشود"
    assert run_cli(empty_db, "person", "add", name).exit_code == 0
    popolo = _write(tmp_path / "people.json", {"persons": [{"id": "p1", "name": name + "ی"}]})
    assert run_cli(empty_db, "import", "popolo", str(popolo)).exit_code == 0
    stored = {r[0] for r in empty_db.rows("SELECT name FROM person_name")}
    assert stored == {name, name + "ی"}


# --- 3. a city told from its namesake by its country's name ---------------------------------

NAMESAKE = {
    "areas": [
        {"id": "gb", "name": "United Kingdom", "classification": "country", "identifier": "GB"},
        {"id": "a-spr", "name": "Springfield", "classification": "city", "parent_id": "gb"},
    ],
    "organizations": [
        {"id": "c-spr", "name": "Springfield", "classification": "city", "area_id": "a-spr"}
    ],
}


def test_a_namesake_city_is_named_with_its_country(empty_db, tmp_path):
    assert run_cli(empty_db, "country", "add", "US", "--name", "fa=ایالات متحده").exit_code == 0
    assert run_cli(empty_db, "city", "add", "Springfield", "--country", "US").exit_code == 0
    source = _write(tmp_path / "uk.json", NAMESAKE)
    assert run_cli(empty_db, "import", "popolo", str(source)).exit_code == 0

    both = run_cli(empty_db, "city", "show", "Springfield")
    assert both.exit_code == 1
    assert "'Springfield' matches 2 cities" in both.stderr
    assert (
        "Narrow it with the country after a comma, its code or name (e.g. 'Springfield, US')"
        in (both.stderr)
    )
    for typed, key in (
        ("Springfield, United Kingdom", "c-spr"),
        ("springfield , united kingdom", "c-spr"),
        ("Springfield، GB", "c-spr"),
        ("Springfield، ایالات متحده", "springfield"),
        ("Springfield, US", "springfield"),
    ):
        shown = run_cli(empty_db, "city", "show", typed)
        assert shown.exit_code == 0, (typed, shown.output)
        assert shown.stdout.startswith(f"City {key}:"), typed
    # Every command finds a city the same way (services/lookup.py).
    edited = run_cli(empty_db, "city", "edit", "Springfield, United Kingdom", "--region", "Kent")
    assert edited.exit_code == 0, edited.output
    assert empty_db.rows("SELECT key, region FROM city ORDER BY key") == [
        ("c-spr", "Kent"),
        ("springfield", None),
    ]
    # ... and a CSV cell the same way.
    sheet = tmp_path / "names.csv"
    sheet.write_text(
        'city,country,name_fa\n"Springfield, United Kingdom",GB,اسپرینگفیلد\n', encoding="utf-8"
    )
    loaded = run_cli(empty_db, "import", "csv", "cities", str(sheet))
    assert loaded.exit_code == 0, loaded.output
    assert "0 imported, 1 already recorded" in loaded.stdout
    assert empty_db.rows(
        "SELECT city.key FROM city_name JOIN city ON city.id = city_name.city_id"
        " WHERE city_name.lang = 'fa'"
    ) == [("c-spr",)]
    # A country no record has is no country: the whole text is the name looked for.
    assert run_cli(empty_db, "city", "show", "Springfield, France").exit_code == 1


# --- 4. a dry run leaves no file behind, and writes nothing ---------------------------------

PEOPLE = {"persons": [{"id": "p1", "name": "Ann Smith"}, {"id": "p2", "name": "Bob Jones"}]}


def _inputs(tmp_path: Path) -> dict[str, tuple[str, ...]]:
    popolo = _write(tmp_path / "people.json", PEOPLE)
    dataset = tmp_path / "people.toml"
    dataset.write_text(
        'format = "citylinks-dataset/1"\n[[person]]\nkey = "ann"\nnames = [{lang = "en", name = "Ann"}]\n',
        "utf-8",
    )
    sheet = tmp_path / "countries.csv"
    sheet.write_text("code,name_en\nGB,United Kingdom\n", encoding="utf-8")
    return {
        "popolo": ("import", "popolo", str(popolo)),
        "dataset": ("import", "dataset", str(dataset)),
        "csv": ("import", "csv", "countries", str(sheet)),
    }


# A file path, whatever the backend under test: the dry run's own SQLite file.
@pytest.mark.any_backend
@pytest.mark.parametrize("kind", ["popolo", "dataset", "csv"])
def test_a_dry_run_into_a_new_sqlite_file_leaves_no_file(tmp_path, kind):
    command = _inputs(tmp_path)[kind]
    target = tmp_path / "office" / "new.sqlite"
    target.parent.mkdir()
    result = run_cli(None, "--db", str(target), *command, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run: nothing was written" in result.stderr
    assert list(target.parent.iterdir()) == []

    # An empty file, or a SQLite file with no table, is left byte for byte.
    target.write_bytes(b"")
    assert run_cli(None, "--db", str(target), *command, "--dry-run").exit_code == 0
    assert target.read_bytes() == b""
    import sqlite3

    target.unlink()
    sqlite3.connect(target).execute("VACUUM").connection.close()
    before = target.read_bytes()
    assert run_cli(None, "--db", str(target), *command, "--dry-run").exit_code == 0
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["new.sqlite"]
    # The same command without --dry-run does create it.
    assert run_cli(None, "--db", str(target), *command).exit_code == 0
    assert target.stat().st_size > len(before)


@pytest.mark.parametrize("kind", ["popolo", "dataset", "csv"])
def test_a_dry_run_writes_nothing_to_an_existing_database(empty_db, tmp_path, kind):
    command = _inputs(tmp_path)[kind]
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, *command, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run: nothing was written" in result.stderr
    assert table_snapshot(empty_db) == before


# --- 5. a renamed object of a newer version is a new version of its record ------------------

VERSION_1 = {
    "persons": [{"id": "p1", "name": "Ann Smith"}, {"id": "p2", "name": "Bob Jones"}],
    "organizations": [{"id": "leg", "name": "Council", "classification": "legislature"}],
    "areas": [{"id": "ar1", "name": "Alderney"}],
}
VERSION_2 = {
    "persons": [{"id": "p1", "name": "Ann Smyth"}, {"id": "p2", "name": "Robert Jones"}],
    "organizations": [{"id": "leg", "name": "States", "classification": "legislature"}],
    "areas": [{"id": "ar1", "name": "Aurigny"}],
}


def _versions(db) -> dict[str, int]:
    rows = db.rows("SELECT key, version FROM person") + db.rows(
        "SELECT key, version FROM organization"
    )
    return dict(rows)


def test_a_rename_by_a_newer_version_is_a_new_version_logged(empty_db, tmp_path):
    first = _write(tmp_path / "v1.json", VERSION_1)
    second = _write(tmp_path / "v2.json", VERSION_2)
    assert run_cli(empty_db, "import", "popolo", str(first), "--namespace", "ns").exit_code == 0
    assert _versions(empty_db) == {"p1": 1, "p2": 1, "leg": 1}
    result = run_cli(empty_db, "import", "popolo", str(second), "--namespace", "ns", "--overwrite")
    assert result.exit_code == 0, result.output
    assert _versions(empty_db) == {"p1": 2, "p2": 2, "leg": 2}
    shown = run_cli(empty_db, "person", "show", "p1")
    assert "Ann Smyth" in shown.stdout and "version: 2" in shown.stdout
    # An officer holding the version read before the rename is refused.
    stale = run_cli(
        empty_db, "person", "edit", "p1", "--add-name", "fa=آن", "--expect-version", "1"
    )
    assert stale.exit_code == 1
    logged = empty_db.rows(
        "SELECT table_name, before, after FROM audit_log WHERE action = 'update'"
        " AND table_name IN ('person_name', 'organization_name') ORDER BY id"
    )
    changes = [
        (t, json.loads(b) if isinstance(b, str) else b, json.loads(a) if isinstance(a, str) else a)
        for t, b, a in logged
    ]
    assert changes == [
        ("person_name", {"name": "Ann Smith"}, {"name": "Ann Smyth"}),
        ("person_name", {"name": "Bob Jones"}, {"name": "Robert Jones"}),
        ("organization_name", {"name": "Council"}, {"name": "States"}),
    ]
    # The same newer version again changes nothing: no new version.
    again = run_cli(empty_db, "import", "popolo", str(second), "--namespace", "ns")
    assert again.exit_code == 0, again.output
    assert _versions(empty_db) == {"p1": 2, "p2": 2, "leg": 2}


# --- 6. objects read without a document are matched by that document again ------------------


def _orphan_every_kept_object(db) -> None:
    engine = db.engine()
    try:
        with engine.begin() as conn:
            conn.execute(db._sql("UPDATE popolo_extra SET document_id = NULL"))
    finally:
        engine.dispose()


def test_objects_kept_without_a_document_are_matched_not_doubled(empty_db, tmp_path):
    source = _write(tmp_path / "v1.json", VERSION_1)
    assert run_cli(empty_db, "import", "popolo", str(source), "--namespace", "ns").exit_code == 0
    _orphan_every_kept_object(empty_db)  # as a dataset exported before schema 0008 leaves them
    result = run_cli(empty_db, "import", "popolo", str(source), "--namespace", "ns")
    assert result.exit_code == 0, result.output
    assert "persons: read 2, created 0, matched 2" in result.stdout
    assert "organizations: read 1, created 0, matched 1" in result.stdout
    assert "areas: read 1, created 0, matched 1, kept as they are 0" in result.stdout
    assert empty_db.scalar("SELECT count(*) FROM person") == 2
    assert empty_db.scalar("SELECT count(*) FROM organization") == 1
    # Each kept object once, now the document's.
    assert empty_db.rows(
        "SELECT popolo_id, count(*), count(document_id) FROM popolo_extra"
        " GROUP BY popolo_id ORDER BY popolo_id"
    ) == [("ar1", 1, 1), ("leg", 1, 1), ("p1", 1, 1), ("p2", 1, 1)]


def test_objects_kept_without_a_document_are_never_merged(empty_db, tmp_path):
    first = _write(tmp_path / "v1.json", VERSION_1)
    second = _write(tmp_path / "v2.json", VERSION_2)
    for namespace in ("a", "b"):
        result = run_cli(empty_db, "import", "popolo", str(first), "--namespace", namespace)
        assert result.exit_code == 0, result.output
    _orphan_every_kept_object(empty_db)
    # Two records were made of this very object: nothing tells which is the document's.
    result = run_cli(empty_db, "import", "popolo", str(first), "--namespace", "a")
    assert result.exit_code == 0, result.output
    assert "note: person 'p1': the records p1, p1-" in result.stdout
    assert "nothing tells which is its record" in result.stdout
    assert empty_db.scalar("SELECT count(*) FROM person") == 6
    # Another object with the same id (another document) is another record.
    result = run_cli(empty_db, "import", "popolo", str(second), "--namespace", "c")
    assert result.exit_code == 0, result.output
    assert "persons: read 2, created 2, matched 0" in result.stdout
    assert "never merged on an id alone" in result.stdout
    assert {r[0] for r in empty_db.rows("SELECT name FROM person_name")} >= {
        "Ann Smith",
        "Ann Smyth",
    }


# --- 7. a Popolo dry run lists every conflict, as a dataset's does --------------------------


def test_a_popolo_dry_run_lists_every_conflict_then_their_count(empty_db, tmp_path):
    first = _write(tmp_path / "v1.json", VERSION_1)
    second = _write(tmp_path / "v2.json", VERSION_2)
    assert run_cli(empty_db, "import", "popolo", str(first), "--namespace", "ns").exit_code == 0
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", str(second), "--namespace", "ns", "--dry-run")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ")[1] for line in lines[:4]] == [
        "persons #1 (p1)",
        "persons #2 (p2)",
        "organizations #1 (leg)",
        "areas (ar1)",
    ]
    assert "'Ann Smith' in the database but 'Ann Smyth' in the file" in lines[0]
    assert "'Alderney' in the database but 'Aurigny' in the file" in lines[3]
    assert lines[4].startswith("Error: 4 values in ")
    assert "nothing would be loaded" in lines[4]
    assert len(lines) == 5
    assert table_snapshot(empty_db) == before
    # Without --dry-run, the first conflict stops it, as for a dataset.
    result = run_cli(empty_db, "import", "popolo", str(second), "--namespace", "ns")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "persons #1 (p1)" in result.stderr
    assert table_snapshot(empty_db) == before
