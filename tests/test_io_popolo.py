"""`citylinks export popolo` / `import popolo`, validated against the Popolo JSON Schemas."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run_cli, table_snapshot
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

SECTION_SCHEMAS = {
    "areas": "area",
    "organizations": "organization",
    "persons": "person",
    "posts": "post",
    "memberships": "membership",
    "events": "event",
}


def _shared_dir() -> Path:
    return Path(
        os.environ.get("CITYLINKS_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared"
    )


@pytest.fixture(scope="module")
def popolo_validators() -> dict[str, Draft3Validator]:
    """One Draft 3 validator per Popolo schema; their absolute $refs resolve to the local files
    of ../shared/popolo/schemas (never fetched). A missing folder fails: CI has it."""
    folder = _shared_dir() / "popolo" / "schemas"
    if not folder.is_dir():
        if os.environ.get("CITYLINKS_ALLOW_NO_SHARED") == "1":
            pytest.skip(f"{folder} is missing and CITYLINKS_ALLOW_NO_SHARED=1")
        pytest.fail(f"the Popolo schemas are missing: {folder} (set CITYLINKS_SHARED_DIR)")
    schemas = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT3))
        for schema in schemas.values()
    )
    return {
        name: Draft3Validator(
            schema, registry=registry, format_checker=Draft3Validator.FORMAT_CHECKER
        )
        for name, schema in schemas.items()
    }


def _export(db, *args: str) -> dict:
    result = run_cli(db, "export", "popolo", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _errors(document: dict, validators) -> list[str]:
    found = []
    for section, schema in SECTION_SCHEMAS.items():
        for obj in document.get(section, []):
            for error in validators[schema].iter_errors(obj):
                found.append(f"{section} {obj.get('id')}: {error.message}")
    return found


def test_the_validators_resolve_references_and_catch_a_bad_object(popolo_validators):
    # A source link without its required url is only caught through link.json's $ref.
    bad = {"id": "x", "name": "X", "sources": [{"note": "no url"}]}
    assert list(popolo_validators["organization"].iter_errors(bad))
    bad_date = {"id": "m", "start_date": "circa 2008"}
    assert list(popolo_validators["membership"].iter_errors(bad_date))


def test_every_object_of_the_bundled_export_validates(seeded_db, popolo_validators):
    document = _export(seeded_db)
    for section in SECTION_SCHEMAS:
        assert document[section], section
    assert _errors(document, popolo_validators) == []


def test_export_maps_cities_memberships_sessions_and_sources(seeded_db):
    document = _export(seeded_db)
    orgs = {o["id"]: o for o in document["organizations"]}
    yazd = orgs["city/yazd"]
    assert yazd["classification"] == "city" and yazd["area_id"] == "area/city/yazd"
    assert {"name": "یزد", "note": "official", "citylinks:lang": "fa"} in yazd["other_names"]
    committee = orgs["organization/amf-tourism-culture"]
    assert committee["parent_id"] == "organization/amf"
    phases = [
        m
        for m in document["memberships"]
        if m.get("member", {}).get("id") == "city/yazd"
        and m["organization_id"] == "organization/amf"
    ]
    shown = [
        (m["role"], m.get("start_date"), m.get("citylinks:start_date"), m.get("end_date"))
        for m in phases
    ]
    assert shown == [
        # A date between two dates has no ISO form: its text is in citylinks:start_date.
        ("cooperating", None, None, None),
        ("member", None, "2025..2025-09-08", None),
        ("member", None, "2025-11-27..2025-11-29", None),
    ]
    assert phases[2]["citylinks:session_id"] == "event/amf/executive-board/11"
    events = {e["id"]: e for e in document["events"]}
    first = events["event/amf/general-assembly/1"]
    assert first["classification"] == "session"
    assert first["parent_id"] == "event/amf/general-assembly"
    assert (first["start_date"], first["end_date"]) == ("2008-11-19", "2008-11-20")
    claims = {(c["qualifier"], c["number"]) for c in first["citylinks:attendance_claims"]}
    assert claims == {
        ("more-than", 100),
        ("exactly", 89),
        ("more-than", 89),
        ("more-than", 80),
        ("about", 90),
        ("exactly", 44),
        ("exactly", 160),
    }
    eleventh = events["event/amf/executive-board/11"]
    assert eleventh["citylinks:numberings"][0]["number"] == 11
    # Sources as Popolo links on every object (every bundled source now has its address).
    links = {link["citylinks:source"]: link for link in first["sources"]}
    assert (
        links["D1"]["url"]
        == "https://www.mayors.asia/the-1th-general-assembly-of-amf-iran-tehran-2008/"
    )
    keys = {s["key"] for s in document["citylinks:sources"]}
    assert {"S0", "D1", "M1"} <= keys


def test_dates_popolo_cannot_hold_are_kept_in_extension_fields(
    seeded_db, tmp_path, popolo_validators
):
    csv_file = tmp_path / "m.csv"
    csv_file.write_text(
        "city,country,organization,status,from,to,source\n"
        "Shiraz,IR,LHC,member,circa 2008,1404-09-07,L1\n",
        encoding="utf-8",
    )
    assert run_cli(seeded_db, "import", "csv", "memberships", str(csv_file)).exit_code == 0
    document = _export(seeded_db)
    [phase] = [
        m
        for m in document["memberships"]
        if m.get("member", {}).get("id") == "city/shiraz"
        and m["organization_id"] == "organization/lhc"
    ]
    assert "start_date" not in phase and phase["citylinks:start_date"] == "circa 2008"
    # An exact Jalali day is exact in Gregorian too; the Jalali value is kept beside it.
    assert phase["end_date"] == "2025-11-28" and phase["citylinks:end_date"] == "j:1404-09-07"
    assert _errors(document, popolo_validators) == []


def test_export_import_export_gives_the_same_document(seeded_db, empty_db, tmp_path):
    # A session's start and end cite sources of their own (`cite session-start:...`).
    for ref in ("session-start:AMF/general-assembly/2", "session-end:AMF/general-assembly/2"):
        assert run_cli(seeded_db, "cite", ref, "S1").exit_code == 0
    first = tmp_path / "first.json"
    assert run_cli(seeded_db, "export", "popolo", "-o", str(first)).exit_code == 0
    result = run_cli(empty_db, "import", "popolo", str(first))
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.json"
    assert run_cli(empty_db, "export", "popolo", "-o", str(second)).exit_code == 0
    assert json.loads(first.read_text(encoding="utf-8")) == json.loads(
        second.read_text(encoding="utf-8")
    )
    session = next(
        e
        for e in json.loads(first.read_text(encoding="utf-8"))["events"]
        if e["id"].endswith("general-assembly/2")
    )
    assert [link["citylinks:source"] for link in session["citylinks:start_sources"]] == ["S1"]
    # Nothing lost on the way: the database holds what the dataset export of the first holds.
    again = run_cli(empty_db, "export", "dataset").stdout
    assert again == run_cli(seeded_db, "export", "dataset").stdout
    assert 'start_sources = [\n    "S1",\n]' in again


def test_export_of_one_organization_holds_only_what_it_involves(seeded_db, popolo_validators):
    document = _export(seeded_db, "--org", "LHC")
    assert [o["id"] for o in document["organizations"]] == ["city/yazd", "organization/lhc"]
    assert [m["id"] for m in document["memberships"] if "member" in m] == [
        "membership/lhc/city/yazd/1"
    ]
    assert {s["key"] for s in document["citylinks:sources"]} <= {
        "L1",
        "S0",
        "S1",
        "S2",
        "S3",
        "M1",
        "U1",
        "W1",
        "W2",
    }
    assert "L1" in {s["key"] for s in document["citylinks:sources"]}
    assert _errors(document, popolo_validators) == []


def test_import_reads_a_document_with_popolo_fields_only(empty_db, tmp_path):
    document = {
        "organizations": [
            {
                "id": "ocd-organization/1",
                "name": "Union of Cities",
                "founding_date": "1650",
                "sources": [{"url": "https://example.org/union", "note": "About the union"}],
            },
            {"id": "ocd-organization/2", "name": "Board", "parent_id": "ocd-organization/1"},
        ],
        "persons": [{"id": "p1", "name": "Sara Ahmadi", "other_names": [{"name": "سارا احمدی"}]}],
        "posts": [{"id": "post1", "label": "chair", "organization_id": "ocd-organization/2"}],
        "memberships": [
            {"person_id": "p1", "post_id": "post1", "start_date": "2019-03"},
        ],
        "events": [
            {
                "id": "e1",
                "name": "Assembly",
                "organization_id": "ocd-organization/1",
                "start_date": "2020-01-05T10:00:00Z",
                "location": "City Hall",
            }
        ],
    }
    path = tmp_path / "other.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 0, result.output
    assert empty_db.rows("SELECT key, kind, founded_text FROM organization ORDER BY key") == [
        ("ocd-organization-1", "network", "g:1650"),
        ("ocd-organization-2", "committee", "unknown"),
    ]
    # Names without a language tag are `und` (undetermined): never guessed from the script.
    assert empty_db.rows("SELECT lang, name FROM person_name ORDER BY position") == [
        ("und", "Sara Ahmadi"),
        ("und", "سارا احمدی"),
    ]
    assert empty_db.rows("SELECT title, start_text FROM post") == [("chair", "2019-03")]
    assert empty_db.rows("SELECT number, start_text, venue FROM session") == [
        (1, "2020-01-05", "City Hall")
    ]
    assert empty_db.rows("SELECT url, title FROM source") == [
        ("https://example.org/union", "About the union")
    ]
    # Loading it again changes nothing.
    again = run_cli(empty_db, "import", "popolo", str(path), "--dry-run")
    assert again.stderr.splitlines()[0] == "dry run: nothing was written; nothing would change"


def test_import_refuses_what_is_not_a_popolo_document(empty_db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "is not a Popolo document" in result.stderr


@pytest.mark.parametrize(
    ("document", "wrong"),
    [
        (
            {"persons": [{"id": "person/x", "name": "Ali \u202eazeR"}]},
            "persons #1 (person/x): the person's name contains the bidi control U+202E at"
            " character 5, which can disguise text; remove it",
        ),
        (
            {
                "organizations": [{"id": "org/u", "name": "Union"}],
                "persons": [{"id": "p1", "name": "Sara Ahmadi"}],
                "memberships": [
                    {"id": "m1", "person_id": "p1", "organization_id": "org/u", "role": "x" * 201}
                ],
            },
            "memberships #1 (m1): the post title is 201 characters long; at most 200 are allowed",
        ),
    ],
    ids=["bidi-override-in-a-name", "post-title-too-long"],
)
def test_import_checks_text_as_the_commands_do_and_names_the_popolo_object(
    empty_db, tmp_path, document, wrong
):
    path = tmp_path / "other.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr == f"Error: {path}: {wrong}\n"
    assert table_snapshot(empty_db) == before


def test_a_bare_source_link_longer_than_a_title_is_titled_by_its_shortened_address(
    empty_db, tmp_path
):
    url = "https://example.org/" + "a" * 600
    document = {
        "organizations": [{"id": "o1", "name": "Union of Cities", "sources": [{"url": url}]}]
    }
    path = tmp_path / "long.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 0, result.output
    [(stored_url, title)] = empty_db.rows("SELECT url, title FROM source")
    assert stored_url == url
    assert len(title) == 500 and title == url[:499] + "…"


def test_ids_whose_keys_look_alike_stay_two_records(empty_db, tmp_path):
    """Popolo ids are kept apart however alike their slugs are: never merged into one."""
    document = {
        "organizations": [
            {"id": "Net_A", "name": "Network A"},
            {"id": "net-a", "name": "Network a, another"},
            {"id": "ocd/org:بم", "name": "Bam network"},
            {"id": "ocd/org:زابل", "name": "Zabol network"},
        ]
    }
    path = tmp_path / "alike.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 0, result.output
    assert "organizations: read 4, created 4" in result.stdout, result.stdout
    keys = [k for (k,) in empty_db.rows("SELECT key FROM organization ORDER BY key")]
    assert len(keys) == len(set(keys)) == 4, keys
    names = sorted(n for (n,) in empty_db.rows("SELECT name FROM organization_name"))
    assert names == sorted(o["name"] for o in document["organizations"])


def test_people_and_cities_whose_ids_look_alike_stay_two_records(empty_db, tmp_path):
    """As organizations above: "P_1" and "p-1" are two people, "ocd/city:بم" and
    "ocd/city:زابل" two cities, each with its own key and name."""
    country = {"id": "ocd/country:ir", "classification": "country", "identifier": "IR"}
    document = {
        "persons": [{"id": "P_1", "name": "Person One"}, {"id": "p-1", "name": "Person Two"}],
        "areas": [
            {**country, "name": "Iran"},
            *({"id": f"ocd/area:{n}", "classification": "city", "parent_id": country["id"],
               "name": n} for n in ("بم", "زابل")),
        ],
        "organizations": [
            {"id": f"ocd/city:{n}", "classification": "city", "area_id": f"ocd/area:{n}",
             "name": n}
            for n in ("بم", "زابل")
        ],
    }  # fmt: skip
    path = tmp_path / "alike.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 0, result.output
    assert "persons: read 2, created 2" in result.stdout, result.stdout
    assert "organizations: read 2, created 2" in result.stdout, result.stdout
    for table in ("person", "city"):
        keys = [k for (k,) in empty_db.rows(f"SELECT key FROM {table}")]  # noqa: S608
        assert len(keys) == len(set(keys)) == 2, (table, keys)
    people = sorted(n for (n,) in empty_db.rows("SELECT name FROM person_name"))
    assert people == ["Person One", "Person Two"]
    cities = sorted(n for (n,) in empty_db.rows("SELECT name FROM city_name"))
    assert cities == sorted(["بم", "زابل"])


def test_look_alike_ids_get_the_same_keys_in_any_order(empty_db, tmp_path):
    objects = [
        {"id": "Net_A", "name": "Network A"},
        {"id": "net-a", "name": "Network B"},
        {"id": "NET A", "name": "Network C"},
    ]
    for order in (objects, list(reversed(objects))):
        path = tmp_path / "alike.json"
        path.write_text(json.dumps({"organizations": order}), encoding="utf-8")
        # The same document (its objects in another order): its namespace given.
        result = run_cli(empty_db, "import", "popolo", "--namespace", "alike", str(path))
        assert result.exit_code == 0, result.output
    rows = empty_db.rows(
        "SELECT o.key, n.name FROM organization o JOIN organization_name n"
        " ON n.organization_id = o.id ORDER BY n.name"
    )
    assert [name for _, name in rows] == ["Network A", "Network B", "Network C"], rows
    assert len({key for key, _ in rows}) == 3, rows


def _import_document(db, tmp_path: Path, name: str, document: dict, namespace: str = "shared"):
    """Import `document` as the file `name`: by default, every one in one namespace (parts
    of one publication, whose ids refer to each other's objects)."""
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return run_cli(db, "import", "popolo", "--namespace", namespace, str(path))


def test_a_later_document_finds_a_record_by_its_exact_id_never_a_look_alike(empty_db, tmp_path):
    """'net-a' alone, in a later document, is the record made of 'net-a', never that of
    'Net_A' (whose key is the slug 'net-a'); and 'Net_A' alone is Net_A's."""
    first = {
        "organizations": [
            {"id": "Net_A", "name": "Network A"},
            {"id": "net-a", "name": "Network a, another"},
        ]
    }
    assert _import_document(empty_db, tmp_path, "first.json", first).exit_code == 0
    for ref, person, held in (("net-a", "p1", "Network a, another"), ("Net_A", "p2", "Network A")):
        later = {
            "persons": [{"id": person, "name": f"Person {person}"}],
            "memberships": [{"person_id": person, "organization_id": ref, "role": "member"}],
        }
        result = _import_document(empty_db, tmp_path, f"{person}.json", later)
        assert result.exit_code == 0, result.output
        assert "1 stubs" in result.stdout, result.stdout
        found = empty_db.rows(
            "SELECT n.name FROM post p JOIN person x ON x.id = p.person_id"
            " JOIN organization_name n ON n.organization_id = p.organization_id"
            " WHERE x.key = :person",
            person=person,
        )
        assert found == [(held,)], (ref, found)
    # Nothing was made for the references: both were recorded.
    assert empty_db.scalar("SELECT count(*) FROM organization") == 2


def test_a_look_alike_of_a_recorded_id_is_a_record_of_its_own(empty_db, tmp_path):
    """A later document's 'NET-A' (no record was made of it) is not the record of 'net-a'."""
    first = {"organizations": [{"id": "net-a", "name": "Network a"}]}
    assert _import_document(empty_db, tmp_path, "first.json", first).exit_code == 0
    later = {"organizations": [{"id": "NET-A", "name": "Network A, upper case"}]}
    result = _import_document(empty_db, tmp_path, "later.json", later)
    assert result.exit_code == 0, result.output
    assert "organizations: read 1, created 1, matched 0" in result.stdout, result.stdout
    names = sorted(n for (n,) in empty_db.rows("SELECT name FROM organization_name"))
    assert names == ["Network A, upper case", "Network a"]


def test_fields_a_later_document_leaves_out_are_not_said_and_stay_as_recorded(empty_db, tmp_path):
    """Another tool's document holding part of an earlier one (fewer fields, fewer names) is
    matched, changes nothing, and the object read first is still exported whole."""
    full = {
        "organizations": [
            {
                "id": "net-x",
                "name": "Net X",
                "classification": "party",
                "founding_date": "2001",
                "description": "A network of cities",
                "other_names": [{"name": "NX", "lang": "en"}],
                "links": [{"url": "https://x.example", "note": "website"}],
            },
            {"id": "board", "name": "Board", "parent_id": "net-x"},
        ],
        "persons": [{"id": "p1", "name": "Ann", "gender": "female", "birth_date": "1970"}],
        "memberships": [{"person_id": "p1", "organization_id": "net-x", "role": "chair"}],
    }
    assert _import_document(empty_db, tmp_path, "full.json", full).exit_code == 0
    before = table_snapshot(empty_db)
    part = {
        "organizations": [
            {"id": "net-x", "name": "Net X"},
            {"id": "board", "name": "Board"},
        ],
        "persons": [{"id": "p1", "name": "Ann"}],
    }
    result = _import_document(empty_db, tmp_path, "part.json", part)
    assert result.exit_code == 0, result.output
    assert "organizations: read 2, created 0, matched 2" in result.stdout, result.stdout
    assert "persons: read 1, created 0, matched 1" in result.stdout, result.stdout
    after = table_snapshot(empty_db)
    # Only the document's last import (file, digest, moment) is new: no record changed.
    bookkeeping = ("audit_log", "popolo_document")
    assert {t: rows for t, rows in after.items() if t not in bookkeeping} == {
        t: rows for t, rows in before.items() if t not in bookkeeping
    }
    [(file_name,)] = empty_db.rows("SELECT file_name FROM popolo_document")
    assert file_name == "part.json"
    assert empty_db.rows(
        "SELECT kind, classification, founded_text, note, website FROM organization"
        " WHERE key = 'net-x'"
    ) == [("network", "party", "2001", "A network of cities", "https://x.example")]
    assert empty_db.scalar("SELECT kind FROM organization WHERE key = 'board'") == "committee"
    exported = _export(empty_db)
    assert [o for o in exported["organizations"] if o["id"] == "net-x"][0]["founding_date"] == (
        "2001"
    )
    [ann] = exported["persons"]
    assert ann["gender"] == "female" and ann["birth_date"] == "1970"
