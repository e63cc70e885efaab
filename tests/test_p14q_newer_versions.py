"""Issue 14 follow-ups (p14q): what a newer version of another tool's Popolo document does
that p14p left silent or lossy: an officer's citation kept on the export after a version
drops the file's source; `undo` of an --overwrite import restoring the export byte for
byte; a language tag of an other name changed; the refusal naming tagged names; long lists
capped."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from conftest import new_database, run_cli, table_snapshot
from test_p14n_undo_versions import last_change

NS = ("--namespace", "Council")
U = "http://example.org/"


def document() -> dict:
    """A small Popolo document: a council, two persons (one with other names in two
    languages), a membership with an id of its own."""
    return {
        "organizations": [
            {"id": "o1", "name": "Test Council", "sources": [{"url": U + "council"}]}
        ],
        "persons": [
            {
                "id": "p1",
                "name": "Ali Rezaei",
                "other_names": [
                    {"name": "علی رضایی", "lang": "fa"},
                    {"name": "A. Rezaei", "lang": "en"},
                    {"name": "Ali R.", "lang": "en"},
                ],
                "sources": [{"url": U + "p1"}],
            },
            {"id": "p2", "name": "Sara Karimi", "sources": [{"url": U + "p2"}]},
        ],
        "memberships": [
            {
                "id": "m1",
                "person_id": "p2",
                "organization_id": "o1",
                "role": "member",
                "start_date": "2020-01-01",
                "sources": [{"url": U + "m1"}],
            }
        ],
    }


def write(tmp_path: Path, doc: dict, name: str) -> Path:
    path = tmp_path / name / "Council.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def imported(db, tmp_path: Path) -> dict:
    doc = document()
    loaded = run_cli(db, "import", "popolo", *NS, str(write(tmp_path, doc, "v1")))
    assert loaded.exit_code == 0, loaded.output
    return doc


def newer(tmp_path: Path, doc: dict, change, name: str = "v2") -> Path:
    doc = copy.deepcopy(doc)
    change(doc)
    return write(tmp_path, doc, name)


def exported(db, tmp_path: Path, kind: str = "popolo") -> bytes:
    out = tmp_path / f"export-{kind}-{len(list(tmp_path.glob('export-*')))}"
    result = run_cli(db, "export", kind, "--output", str(out))
    assert result.exit_code == 0, result.output
    if out.is_dir():
        return b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())
    return out.read_bytes()


def person_names(db, key: str) -> list[tuple]:
    return db.rows(
        "SELECT n.lang, n.name, n.kind FROM person_name n JOIN person p ON p.id = n.person_id"
        f" WHERE p.key = '{key}' ORDER BY n.kind, n.lang, n.name"
    )


def cites(db, key: str) -> list[str]:
    return [
        k
        for (k,) in db.rows(
            "SELECT s.key FROM person_source c JOIN source s ON s.id = c.source_id"
            f" JOIN person t ON t.id = c.person_id WHERE t.key = '{key}' ORDER BY s.key"
        )
    ]


def strip_document(data: bytes) -> dict:
    doc = json.loads(data)
    for d in doc.get("citylinks:documents", []):
        for field in ("digest", "last_imported", "sha256"):
            d.pop(field, None)
    return doc


def popolo_person(data: bytes, popolo_id: str) -> dict:
    doc = json.loads(data)
    (found,) = [p for p in doc["persons"] if p["id"] == popolo_id]
    return found


# --- 4. an officer's citation stays on the export ------------------------------------------


def test_a_citation_added_since_is_exported_after_a_version_drops_the_file_source(
    empty_db, tmp_path, backend, request
):
    db = empty_db
    doc = imported(db, tmp_path)
    assert (
        run_cli(
            db, "source", "add", "--title", "Council minutes", "--publisher", "Council"
        ).exit_code
        == 0
    )
    assert run_cli(db, "cite", "person:p2", "S1").exit_code == 0

    def dropped(d: dict) -> None:
        d["persons"][1]["sources"] = []

    v2 = newer(tmp_path, doc, dropped)
    forced = run_cli(db, "import", "popolo", "--overwrite", *NS, str(v2))
    assert forced.exit_code == 0, forced.output
    assert "no longer cites" in forced.stdout
    assert cites(db, "p2") == ["S1"]
    data = exported(db, tmp_path)
    p2 = popolo_person(data, "p2")
    assert [s.get("citylinks:source") for s in p2["sources"]] == ["S1"], p2
    # The export imports into a fresh database with p2 citing S1, and no word of a person
    # recorded without a source.
    path = tmp_path / "exported.json"
    path.write_bytes(data)
    fresh = new_database(backend, tmp_path, request)
    again = run_cli(fresh, "import", "popolo", str(path))
    assert again.exit_code == 0, again.output
    assert "without a source" not in again.output
    assert cites(fresh, "p2") == ["S1"]


# --- 5. undo of an --overwrite import puts the export back byte for byte ---------------------


def sources_changed(d: dict) -> None:
    d["organizations"][0]["sources"] = [{"url": U + "council-new"}]
    d["persons"][1]["sources"] = [{"url": U + "p2-new"}]
    d["memberships"][0]["sources"] = [{"url": U + "m1-new"}]


def role_changed(d: dict) -> None:
    d["memberships"][0]["role"] = "chair"
    d["memberships"][0]["end_date"] = "2024-12-31"


def test_undo_of_an_overwrite_import_gives_the_same_exports_as_before(empty_db, tmp_path):
    db = empty_db
    doc = imported(db, tmp_path)
    # An officer's own citation of p2, before the newer versions.
    assert (
        run_cli(db, "source", "add", "--title", "Minutes", "--publisher", "Council").exit_code == 0
    )
    assert run_cli(db, "cite", "person:p2", "S1").exit_code == 0
    for n, change in enumerate((sources_changed, role_changed)):
        popolo, dataset = exported(db, tmp_path), exported(db, tmp_path, "dataset")
        held = db.rows("SELECT id, data FROM popolo_extra ORDER BY id")
        v2 = newer(tmp_path, doc, change, f"v{n + 2}")
        refused = run_cli(db, "import", "popolo", *NS, str(v2))
        assert refused.exit_code == 1 and "--overwrite" in refused.stderr
        forced = run_cli(db, "import", "popolo", "--overwrite", *NS, str(v2))
        assert forced.exit_code == 0, forced.output
        assert "(--overwrite)" in forced.stdout
        assert exported(db, tmp_path) != popolo
        undone = run_cli(db, "undo", "--change", last_change(db)[:8])
        assert undone.exit_code == 0, undone.output
        assert db.rows("SELECT id, data FROM popolo_extra ORDER BY id") == held
        assert exported(db, tmp_path, "dataset") == dataset, change.__name__
        assert exported(db, tmp_path) == popolo, change.__name__
        # p2 alone is changed since read (the officer's citation), before and after.
        assert exported(db, tmp_path, "dataset").decode().count("changed = true") == 1


# --- 1, 2, 3. an other name's language tag ---------------------------------------------------

FA = "علی رضایی"
BEFORE = f"'fa={FA}', 'en=A. Rezaei', 'en=Ali R.'"


def retagged(d: dict) -> None:
    d["persons"][0]["other_names"][0]["lang"] = "ar"


def untagged(d: dict) -> None:
    del d["persons"][0]["other_names"][1]["lang"]


def test_a_changed_language_tag_is_refused_naming_it_and_replaced_with_overwrite(
    empty_db, tmp_path
):
    db = empty_db
    doc = imported(db, tmp_path)
    popolo, dataset = exported(db, tmp_path), exported(db, tmp_path, "dataset")
    names = person_names(db, "p1")
    assert ("fa", FA, "alternate") in names
    for change, after in (
        (retagged, f"'ar={FA}', 'en=A. Rezaei', 'en=Ali R.'"),
        (untagged, f"'fa={FA}', 'A. Rezaei', 'en=Ali R.'"),
    ):
        v2 = newer(tmp_path, doc, change, change.__name__)
        held = table_snapshot(db)
        refused = run_cli(db, "import", "popolo", *NS, str(v2))
        assert refused.exit_code == 1
        assert (
            f"persons (p1): other_names is {BEFORE} in the database but {after} in the file:"
            " correct the file, or add --overwrite to replace it"
        ) in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        assert table_snapshot(db) == held
    v2 = newer(tmp_path, doc, retagged, "forced")
    forced = run_cli(db, "import", "popolo", "--overwrite", *NS, str(v2))
    assert forced.exit_code == 0, forced.output
    assert (
        f"note: persons (p1): other_names {BEFORE} replaced by 'ar={FA}', 'en=A. Rezaei',"
        " 'en=Ali R.' (--overwrite)"
    ) in forced.stdout
    now = person_names(db, "p1")
    assert ("ar", FA, "alternate") in now and ("fa", FA, "alternate") not in now
    entries = json.loads(run_cli(db, "log", "--format", "json").stdout)
    change = [e for e in entries if e["change_id"] == last_change(db)]
    assert any(
        e["action"] == "delete" and e["table"] == "person_name" and e["before"]["lang"] == "fa"
        for e in change
    )
    p1 = popolo_person(exported(db, tmp_path), "p1")
    assert [(o.get("lang"), o["name"]) for o in p1["other_names"]] == [
        ("ar", FA),
        ("en", "A. Rezaei"),
        ("en", "Ali R."),
    ]
    assert "fa = " not in exported(db, tmp_path, "dataset").decode().split("[[person]]")[1]
    undone = run_cli(db, "undo", "--change", last_change(db)[:8])
    assert undone.exit_code == 0, undone.output
    assert person_names(db, "p1") == names
    assert exported(db, tmp_path) == popolo
    assert exported(db, tmp_path, "dataset") == dataset


def test_overwrite_replaces_every_name_the_version_changed_its_text_or_tag(empty_db, tmp_path):
    db = empty_db
    doc = imported(db, tmp_path)

    def changed(d: dict) -> None:
        d["persons"][0]["other_names"] = [
            {"name": FA, "lang": "ar"},
            {"name": "A. Rezayi", "lang": "en"},
            {"name": "Ali Rezai", "lang": "en-GB"},
        ]

    forced = run_cli(db, "import", "popolo", "--overwrite", *NS, str(newer(tmp_path, doc, changed)))
    assert forced.exit_code == 0, forced.output
    assert person_names(db, "p1") == [
        ("ar", FA, "alternate"),
        ("en", "A. Rezayi", "alternate"),
        ("en-GB", "Ali Rezai", "alternate"),
        ("und", "Ali Rezaei", "official"),
    ]
    p1 = popolo_person(exported(db, tmp_path), "p1")
    assert [(o.get("lang"), o["name"]) for o in p1["other_names"]] == [
        ("ar", FA),
        ("en", "A. Rezayi"),
        ("en-GB", "Ali Rezai"),
    ]


# --- 7. names reordered, a tag's case changed: no change ------------------------------------


def test_names_reordered_or_a_tag_in_another_case_change_nothing(empty_db, tmp_path):
    db = empty_db
    doc = imported(db, tmp_path)
    popolo = exported(db, tmp_path)

    def reordered(d: dict) -> None:
        d["persons"][0]["other_names"].reverse()

    def upper(d: dict) -> None:
        d["persons"][0]["other_names"][0]["lang"] = "FA"

    for change in (reordered, upper):
        held = table_snapshot(db)
        loaded = run_cli(
            db, "import", "popolo", *NS, str(newer(tmp_path, doc, change, change.__name__))
        )
        assert loaded.exit_code == 0, loaded.output
        assert "other_names" not in loaded.output and "note" not in loaded.output
        now = table_snapshot(db)
        for table in ("person", "person_name", "popolo_extra"):
            assert now[table] == held[table], (change.__name__, table)
        # The same export but for the document's digest and import time.
        assert strip_document(exported(db, tmp_path)) == strip_document(popolo)


# --- 6. a long list is named in part -------------------------------------------------------


def test_a_refusal_of_a_long_list_names_the_differences_first_and_counts_the_rest(
    empty_db, tmp_path
):
    db = empty_db
    doc = document()
    doc["persons"][0]["other_names"] = [{"name": f"Name {i}", "lang": "en"} for i in range(2000)]
    assert run_cli(db, "import", "popolo", *NS, str(write(tmp_path, doc, "v1"))).exit_code == 0

    def changed(d: dict) -> None:
        d["persons"][0]["other_names"][1500]["name"] = "Name X"

    v2 = newer(tmp_path, doc, changed)
    refused = run_cli(db, "import", "popolo", *NS, str(v2))
    assert refused.exit_code == 1
    (line,) = refused.stderr.strip().splitlines()
    assert len(line) < 1000
    first = ", ".join(f"'en=Name {i}'" for i in range(9))
    assert (
        f"persons (p1): other_names is 'en=Name 1500', {first} and 1990 more in the database"
        f" but 'en=Name X', {first} and 1990 more in the file"
    ) in line
    fa = run_cli(db, "--lang", "fa", "import", "popolo", *NS, str(v2))
    assert fa.exit_code == 1 and "۱۹۹۰" in fa.stderr


# --- 7. two persons with one id: say id --------------------------------------------------


def test_two_persons_with_one_id_in_a_popolo_file_are_told_to_take_ids(empty_db, tmp_path):
    db = empty_db
    doc = document()
    doc["persons"][1]["id"] = "p1"
    path = write(tmp_path, doc, "twice")
    held = table_snapshot(db)
    refused = run_cli(db, "import", "popolo", *NS, str(path))
    assert refused.exit_code == 1
    (line,) = refused.stderr.strip().splitlines()
    assert line.endswith(
        "persons #1 (p1): persons #2 (p1) is the same person again: merge the two into one"
        " object, or give one of them its own id"
    ), line
    assert "key" not in line
    fa = run_cli(db, "--lang", "fa", "import", "popolo", *NS, str(path))
    assert fa.exit_code == 1 and "شناسهٔ (id) جداگانه" in fa.stderr
    assert table_snapshot(db) == held
