"""Issue 14: a newer version of another tool's document that gives a person's `identifiers`
or a person's or an organization's `links` differently from what is kept is refused without
--overwrite (one line naming the object, the field and both values), listed with every other
conflict by --dry-run, and replaced (the audit log keeps the object before and after) with
--overwrite: never merged silently."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli
from test_p14h_kept_fields import ALDERNEY, NEWER, exported, rows_but_documents

ROWLEY = "6baacce2-655a-493f-883a-29feea8a799d"
SIMONET = "4703e873-67fd-4322-9659-39f6d47b8eab"


def newer(tmp_path: Path) -> Path:
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    people = {p["id"]: p for p in document["persons"]}
    assert people[ROWLEY]["identifiers"] == [
        {"identifier": "106003", "scheme": "everypolitician_legacy"}
    ]
    people[ROWLEY]["identifiers"] = [{"identifier": "999999", "scheme": "everypolitician_legacy"}]
    people[SIMONET]["links"] = [{"url": "https://example.org/simonet", "note": "homepage"}]
    (legislature,) = [o for o in document["organizations"] if o["id"] == "legislature"]
    legislature["links"] = [{"url": "https://example.org/states", "note": "wikipedia"}]
    path = tmp_path / "Alderney-States.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_changed_identifiers_and_links_are_refused_listed_and_replaced_with_overwrite(
    empty_db, tmp_path
):
    db = empty_db
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    path = newer(tmp_path)
    before = rows_but_documents(db)

    dry = run_cli(db, "import", "popolo", "--dry-run", *NEWER, str(path))
    assert dry.exit_code == 1, dry.output
    assert (
        f"persons ({ROWLEY}): identifiers is"
        """ '[{"identifier": "106003", "scheme": "everypolitician_legacy…' in the database but"""
        """ '[{"identifier": "999999", "scheme": "everypolitician_legacy…' in the file:"""
        " correct the file, or add --overwrite to replace it" in dry.stderr
    )
    assert f"persons ({SIMONET}): links is empty in the database but" in dry.stderr
    assert "organizations (legislature): links is empty in the database but" in dry.stderr
    assert "3 values in" in dry.stderr
    assert rows_but_documents(db) == before

    refused = run_cli(db, "import", "popolo", *NEWER, str(path))
    assert refused.exit_code == 1, refused.output
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "identifiers is" in refused.stderr and "add --overwrite" in refused.stderr
    assert rows_but_documents(db) == before
    people = {p["name"]: p for p in exported(db, tmp_path)["persons"]}
    assert people["Chris Rowley"]["identifiers"] == [
        {"identifier": "106003", "scheme": "everypolitician_legacy"}
    ]

    forced = run_cli(db, "import", "popolo", "--overwrite", *NEWER, str(path))
    assert forced.exit_code == 0, forced.output
    assert "identifiers " in forced.stdout and "(--overwrite)" in forced.stdout
    document = exported(db, tmp_path)
    people = {p["name"]: p for p in document["persons"]}
    assert people["Chris Rowley"]["identifiers"] == [
        {"identifier": "999999", "scheme": "everypolitician_legacy"}
    ]  # replaced, not merged with the old one
    assert people["Francis Simonet"]["links"] == [
        {"url": "https://example.org/simonet", "note": "homepage"}
    ]
    (states,) = [o for o in document["organizations"] if o.get("name") == "States"]
    assert {"url": "https://example.org/states", "note": "wikipedia"} in states["links"]
    log = run_cli(db, "log", "--format", "json")
    changed = {
        e["record"]: (e["before"]["data"].get("identifiers"), e["after"]["data"].get("identifiers"))
        for e in json.loads(log.stdout)
        if e["table"] == "popolo_extra" and e["action"] == "update"
    }
    assert changed["Chris Rowley"] == (
        [{"identifier": "106003", "scheme": "everypolitician_legacy"}],
        [{"identifier": "999999", "scheme": "everypolitician_legacy"}],
    )

    again = run_cli(db, "import", "popolo", *NEWER, str(path))
    assert again.exit_code == 0, again.output  # the same newer version again: nothing to say


def test_an_export_with_the_website_an_officer_gave_imports_back_into_its_database(
    empty_db, tmp_path
):
    """The website is a column, judged as one: the link citylinks' export adds for it is no
    change of the organization's kept links."""
    db = empty_db
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    edit = run_cli(db, "org", "edit", "legislature", "--website", "https://example.org/states")
    assert edit.exit_code == 0, edit.output
    out = tmp_path / "out.json"
    assert run_cli(db, "export", "popolo", "--output", str(out)).exit_code == 0
    again = run_cli(db, "import", "popolo", str(out))
    assert again.exit_code == 0, again.output
    assert "organizations: read 2, created 0, matched 2" in again.stdout
