"""Issue 14 leftovers (p14n): what a newer version of another tool's Popolo document says
about the one before it: an organization's identifier changed is a change of a kept field;
memberships it no longer holds are kept and reported."""

from __future__ import annotations

import json

from conftest import run_cli, table_snapshot
from test_p14n_undo_versions import ALDERNEY, last_change, newer_version, without_log


def identifiers(db) -> list[tuple]:
    return db.rows(
        "SELECT i.scheme, i.value FROM organization_identifier i"
        " JOIN organization o ON o.id = i.organization_id WHERE o.key = 'legislature'"
    )


# --- 4. an organization's identifier changed by a newer version -------------------------------


def another_wikidata_id(document: dict) -> None:
    legislature = next(o for o in document["organizations"] if o["id"] == "legislature")
    assert legislature["identifiers"] == [{"identifier": "Q7604031", "scheme": "wikidata"}]
    legislature["identifiers"] = [{"identifier": "Q999999", "scheme": "wikidata"}]


def test_a_changed_identifier_is_refused_without_overwrite_and_replaced_with_it(empty_db, tmp_path):
    db = empty_db
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    assert identifiers(db) == [("wikidata", "Q7604031")]
    v2 = newer_version(tmp_path, another_wikidata_id)
    held = table_snapshot(db)
    said = (
        """organizations (legislature): identifiers is '[{"identifier": "Q7604031","""
        """ "scheme": "wikidata"}]' in the database but '[{"identifier": "Q999999","""
        """ "scheme": "wikidata"}]' in the file"""
    )
    dry = run_cli(db, "import", "popolo", str(v2), "--namespace", "Alderney-States", "--dry-run")
    assert dry.exit_code == 1
    assert said in dry.output
    refused = run_cli(db, "import", "popolo", str(v2), "--namespace", "Alderney-States")
    assert refused.exit_code == 1
    assert said in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert table_snapshot(db) == held

    before = without_log(db)
    loaded = run_cli(
        db, "import", "popolo", str(v2), "--namespace", "Alderney-States", "--overwrite"
    )
    assert loaded.exit_code == 0, loaded.output
    assert "identifiers '[" in loaded.stdout and "(--overwrite)" in loaded.stdout
    assert identifiers(db) == [("wikidata", "Q999999")]  # replaced, never beside the old one
    log = json.loads(run_cli(db, "log", "--format", "json").stdout)
    change = [e for e in log if e["change_id"] == last_change(db)]
    shown = {(e["action"], e["record"]) for e in change}
    assert ("delete", "States's wikidata identifier Q7604031") in shown
    assert ("insert", "States's wikidata identifier Q999999") in shown

    undone = run_cli(db, "undo", "--change", last_change(db)[:8])
    assert undone.exit_code == 0, undone.output
    assert identifiers(db) == [("wikidata", "Q7604031")]
    after = without_log(db)
    kept = "SELECT data FROM popolo_extra WHERE popolo_id = 'legislature'"
    assert "Q7604031" in str(db.scalar(kept))
    assert after["organization_identifier"] == before["organization_identifier"]
    assert after["popolo_document"] == before["popolo_document"]


def test_an_identifier_an_officer_added_is_no_change_of_the_document(empty_db, tmp_path):
    db = empty_db
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    added = run_cli(db, "org", "edit", "legislature", "--add-id", "isni=0000000123456789")
    assert added.exit_code == 0, added.output
    exported = tmp_path / "out.json"
    assert run_cli(db, "export", "popolo", "--output", str(exported)).exit_code == 0
    again = run_cli(db, "import", "popolo", str(exported))
    assert again.exit_code == 0, again.output
    assert "identifiers" not in again.stdout
    assert sorted(identifiers(db)) == [("isni", "0000000123456789"), ("wikidata", "Q7604031")]


# --- 5. memberships of the earlier version that the newer one does not hold -----------------


def two_memberships_fewer(document: dict) -> None:
    del document["memberships"][3]
    del document["memberships"][0]


def test_memberships_the_newer_version_leaves_out_are_kept_and_reported(empty_db, tmp_path):
    db = empty_db
    assert run_cli(db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    posts = db.rows("SELECT id FROM post ORDER BY id")
    assert len(posts) == 10
    again = run_cli(db, "import", "popolo", str(ALDERNEY))
    assert "of the earlier version" not in again.stdout  # the same document: nothing to say
    first, fourth = posts[0][0], posts[3][0]
    said = (
        f"note: 2 memberships of the earlier version are not in this one: kept (posts"
        f" #{first}, #{fourth}); to remove one: citylinks post remove '#{first}'"
    )
    v2 = newer_version(tmp_path, two_memberships_fewer)
    args = ("import", "popolo", str(v2), "--namespace", "Alderney-States")
    dry = run_cli(db, *args, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert said in dry.stdout
    loaded = run_cli(db, *args)
    assert loaded.exit_code == 0, loaded.output
    assert said in loaded.stdout
    assert loaded.stdout.count("of the earlier version") == 1  # one line a kind
    assert db.scalar("SELECT COUNT(*) FROM post") == 10  # kept: nothing deleted
    # The command it gives removes one, as the officer may want.
    removed = run_cli(db, "post", "remove", f"#{first}")
    assert removed.exit_code == 0, removed.output
    assert db.scalar("SELECT COUNT(*) FROM post") == 9
    later = run_cli(db, *args)
    assert "note: 1 membership of the earlier version is not in this one: kept (posts" in (
        later.stdout
    )


def test_a_membership_kept_as_it_is_that_the_newer_version_leaves_out_is_reported(
    empty_db, tmp_path
):
    db = empty_db
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    document["memberships"].append({"person_id": document["persons"][0]["id"], "role": "voter"})
    v1 = tmp_path / "v1" / "ep-popolo-v1.0.json"
    v1.parent.mkdir()
    v1.write_text(json.dumps(document), encoding="utf-8")
    loaded = run_cli(db, "import", "popolo", str(v1), "--namespace", "Alderney-States")
    assert loaded.exit_code == 0, loaded.output
    assert "memberships: read 11, created 10, matched 0, kept as they are 1" in loaded.stdout
    v2 = newer_version(tmp_path, lambda d: None)
    newer = run_cli(db, "import", "popolo", str(v2), "--namespace", "Alderney-States")
    assert newer.exit_code == 0, newer.output
    assert (
        "note: 1 membership of the earlier version is not in this one: kept as it is (no record"
        " holds it); an undo of the import that added it removes it"
    ) in newer.stdout
    assert db.scalar("SELECT COUNT(*) FROM popolo_extra WHERE section = 'memberships'") == 11
