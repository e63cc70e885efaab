"""Issue 14 follow-ups (p14p): what a newer version of another tool's Popolo document does to
a person's `other_names`, to any object's `sources`, and to a membership with a Popolo id of
its own. Each is a change of a kept field: refused without --overwrite naming every
difference, applied with it, noted, logged with before and after, and undone by `undo`;
never a name, a citation or a membership added beside the old one without a word."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from conftest import run_cli, table_snapshot
from test_p14n_undo_versions import last_change, without_log

ALDERNEY = Path(__file__).parent / "data" / "popolo" / "Alderney-States.json"
NS = ("--namespace", "Alderney-States")
ROWLEY = "6baacce2-655a-493f-883a-29feea8a799d"
OLD_URL = "http://www.alderney.gov.gg/article/106003/Chris-Rowley"


def first_version() -> dict:
    """Alderney's document, its first person with another name, its first membership with
    an id of its own."""
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    assert document["persons"][0]["id"] == ROWLEY
    document["persons"][0]["other_names"] = [{"name": "Christopher Rowley", "note": "alternate"}]
    document["memberships"][0]["id"] = "m/1"
    return document


def imported(db, tmp_path: Path) -> dict:
    document = first_version()
    path = tmp_path / "v1" / "Alderney-States.json"
    path.parent.mkdir()
    path.write_text(json.dumps(document), encoding="utf-8")
    loaded = run_cli(db, "import", "popolo", str(path))
    assert loaded.exit_code == 0, loaded.output
    return document


def version(tmp_path: Path, document: dict, change) -> Path:
    newer = copy.deepcopy(document)
    change(newer)
    path = tmp_path / "v2" / "Alderney-States.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(newer), encoding="utf-8")
    return path


def names(db) -> list[tuple]:
    return db.rows(
        "SELECT n.name, n.kind FROM person_name n JOIN person p ON p.id = n.person_id"
        f" WHERE p.key = '{ROWLEY}' ORDER BY n.name"
    )


def cites(db, table: str, where: str) -> list[str]:
    return [
        k
        for (k,) in db.rows(
            f"SELECT s.key FROM {table}_source c JOIN source s ON s.id = c.source_id"
            f" JOIN {table} t ON t.id = c.{table}_id WHERE {where} ORDER BY s.key"
        )
    ]


def kept(db, popolo_id: str) -> dict:
    data = db.scalar(f"SELECT data FROM popolo_extra WHERE popolo_id = '{popolo_id}'")
    return json.loads(data) if isinstance(data, str) else data


def change_entries(db) -> list[dict]:
    log = json.loads(run_cli(db, "log", "--format", "json").stdout)
    return [e for e in log if e["change_id"] == last_change(db)]


# --- 1. a person's other_names ----------------------------------------------------------------


def renamed_other(document: dict) -> None:
    document["persons"][0]["other_names"] = [{"name": "Chris J. Rowley", "note": "alternate"}]


def test_a_changed_other_name_is_refused_naming_it_and_replaced_with_overwrite(empty_db, tmp_path):
    db = empty_db
    document = imported(db, tmp_path)
    assert names(db) == [("Chris Rowley", "official"), ("Christopher Rowley", "alternate")]
    v2 = version(tmp_path, document, renamed_other)
    held = table_snapshot(db)
    said = (
        f"persons ({ROWLEY}): other_names is 'Christopher Rowley' in the database but"
        " 'Chris J. Rowley' in the file: correct the file, or add --overwrite to replace it"
    )
    refused = run_cli(db, "import", "popolo", *NS, str(v2))
    assert refused.exit_code == 1
    assert said in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert "Traceback" not in refused.output
    assert table_snapshot(db) == held
    dry = run_cli(db, "import", "popolo", "--dry-run", *NS, str(v2))
    assert dry.exit_code == 1 and said in dry.output
    assert table_snapshot(db) == held

    before = without_log(db)
    forced = run_cli(db, "import", "popolo", "--overwrite", *NS, str(v2))
    assert forced.exit_code == 0, forced.output
    assert (
        f"note: persons ({ROWLEY}): other_names 'Christopher Rowley' replaced by"
        " 'Chris J. Rowley' (--overwrite)"
    ) in forced.stdout
    assert names(db) == [("Chris J. Rowley", "alternate"), ("Chris Rowley", "official")]
    assert kept(db, ROWLEY)["other_names"] == [{"name": "Chris J. Rowley", "note": "alternate"}]
    shown = {(e["action"], e["table"], e["record"]) for e in change_entries(db)}
    assert ("delete", "person_name", "Chris Rowley's name Christopher Rowley (und)") in shown
    assert ("insert", "person_name", "Chris Rowley's name Chris J. Rowley (und)") in shown
    (entry,) = [e for e in change_entries(db) if e["table"] == "popolo_extra"]
    assert entry["before"]["data"]["other_names"][0]["name"] == "Christopher Rowley"
    assert entry["after"]["data"]["other_names"][0]["name"] == "Chris J. Rowley"

    undone = run_cli(db, "undo", "--change", last_change(db)[:8])
    assert undone.exit_code == 0, undone.output
    assert names(db) == [("Chris Rowley", "official"), ("Christopher Rowley", "alternate")]
    after = without_log(db)
    for table in ("person_name", "popolo_document"):
        assert after[table] == before[table], table
    assert kept(db, ROWLEY)["other_names"] == first_version()["persons"][0]["other_names"]
    # The same version again changes nothing, and says nothing of other_names.
    again = run_cli(db, "import", "popolo", *NS, str(tmp_path / "v1" / "Alderney-States.json"))
    assert again.exit_code == 0, again.output
    assert "other_names" not in again.output


def test_an_other_name_added_by_a_newer_version_is_refused_too(empty_db, tmp_path):
    db = empty_db
    document = imported(db, tmp_path)

    def another(d: dict) -> None:
        d["persons"][0]["other_names"].append({"name": "C. Rowley", "note": "alternate"})

    v2 = version(tmp_path, document, another)
    refused = run_cli(db, "import", "popolo", *NS, str(v2))
    assert refused.exit_code == 1
    assert (
        "other_names is 'Christopher Rowley' in the database but 'Christopher Rowley',"
        " 'C. Rowley' in the file"
    ) in refused.stderr
    forced = run_cli(db, "import", "popolo", "--overwrite", *NS, str(v2))
    assert forced.exit_code == 0, forced.output
    assert names(db) == [
        ("C. Rowley", "alternate"),
        ("Chris Rowley", "official"),
        ("Christopher Rowley", "alternate"),
    ]


# --- 2. sources -------------------------------------------------------------------------------


def moved_source(d: dict) -> None:
    d["persons"][0]["sources"] = [{"url": "http://example.org/rowley"}]


def test_a_changed_source_is_refused_and_with_overwrite_the_old_one_is_uncited(empty_db, tmp_path):
    db = empty_db
    document = imported(db, tmp_path)
    person = f"t.key = '{ROWLEY}'"
    (old_key,) = cites(db, "person", person)
    v2 = version(tmp_path, document, moved_source)
    held = table_snapshot(db)
    said = (
        f"persons ({ROWLEY}): sources is '{OLD_URL}' in the database but"
        " 'http://example.org/rowley' in the file: correct the file, or add --overwrite"
    )
    refused = run_cli(db, "import", "popolo", *NS, str(v2))
    assert refused.exit_code == 1
    assert said in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert table_snapshot(db) == held

    forced = run_cli(db, "import", "popolo", "--overwrite", *NS, str(v2))
    assert forced.exit_code == 0, forced.output
    assert (
        f"note: persons ({ROWLEY}): sources '{OLD_URL}' replaced by 'http://example.org/rowley'"
        " (--overwrite)"
    ) in forced.stdout
    assert (
        f"no longer cites {old_key}, a source of the earlier version that this one does not"
        " give (--overwrite)"
    ) in forced.stdout
    assert "without a source" not in forced.output
    (new_key,) = cites(db, "person", person)
    assert new_key != old_key
    assert db.scalar(f"SELECT url FROM source WHERE key = '{new_key}'") == (
        "http://example.org/rowley"
    )
    (entry,) = [e for e in change_entries(db) if e["table"] == "person"]
    assert entry["before"] == {"sources": [old_key]}
    assert entry["after"] == {"sources": [new_key]}
    assert kept(db, ROWLEY)["sources"] == [{"url": "http://example.org/rowley"}]

    undone = run_cli(db, "undo", "--change", last_change(db)[:8])
    assert undone.exit_code == 0, undone.output
    assert cites(db, "person", person) == [old_key]
    assert kept(db, ROWLEY)["sources"] == [{"url": OLD_URL}]


def test_a_source_added_by_a_newer_version_is_cited_beside_the_others(empty_db, tmp_path):
    db = empty_db
    document = imported(db, tmp_path)
    (old_key,) = cites(db, "person", f"t.key = '{ROWLEY}'")

    def more(d: dict) -> None:
        d["persons"][0]["sources"].append({"url": "http://example.org/rowley"})

    loaded = run_cli(db, "import", "popolo", *NS, str(version(tmp_path, document, more)))
    assert loaded.exit_code == 0, loaded.output
    assert "sources" not in loaded.stdout
    assert old_key in cites(db, "person", f"t.key = '{ROWLEY}'")
    assert len(cites(db, "person", f"t.key = '{ROWLEY}'")) == 2


def no_source(d: dict) -> None:
    d["persons"][0]["sources"] = []


def test_a_removed_last_source_is_refused_with_overwrite_too_until_another_is_cited(
    empty_db, tmp_path
):
    db = empty_db
    document = imported(db, tmp_path)
    (old_key,) = cites(db, "person", f"t.key = '{ROWLEY}'")
    v2 = version(tmp_path, document, no_source)
    held = table_snapshot(db)
    refused = run_cli(db, "import", "popolo", *NS, str(v2))
    assert refused.exit_code == 1
    assert f"sources is '{OLD_URL}' in the database but none in the file" in refused.stderr
    for args in (("--overwrite",), ("--overwrite", "--dry-run")):
        forced = run_cli(db, "import", "popolo", *args, *NS, str(v2))
        assert forced.exit_code == 1, forced.output
        (line,) = forced.stderr.strip().splitlines()
        assert (
            f"persons #1 ({ROWLEY}): the earlier version's source {old_key} is not in this"
            " one, and removing it would leave the record citing no source: cite another"
            f" first (`citylinks cite person:{ROWLEY} KEY`), or keep the source in the file"
        ) in line
        assert "Traceback" not in forced.output
        assert table_snapshot(db) == held

    # Cited by another source first, the fact keeps one: the old citation goes.
    added = run_cli(
        db, "source", "add", "--title", "Roll of members", "--publisher", "States",
        "--kind", "web-page", "--published", "2015",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    roll = db.scalar("SELECT key FROM source WHERE title = 'Roll of members'")
    cited = run_cli(db, "cite", f"person:{ROWLEY}", roll)
    assert cited.exit_code == 0, cited.output
    forced = run_cli(db, "import", "popolo", "--overwrite", *NS, str(v2))
    assert forced.exit_code == 0, forced.output
    assert f"no longer cites {old_key}" in forced.stdout
    assert cites(db, "person", f"t.key = '{ROWLEY}'") == [roll]
    undone = run_cli(db, "undo", "--change", last_change(db)[:8])
    assert undone.exit_code == 0, undone.output
    assert cites(db, "person", f"t.key = '{ROWLEY}'") == sorted([roll, old_key])


def test_a_membership_source_changed_is_judged_too(empty_db, tmp_path):
    db = empty_db
    document = first_version()
    document["memberships"][0]["sources"] = [{"url": "http://example.org/m1"}]
    path = tmp_path / "v1" / "Alderney-States.json"
    path.parent.mkdir()
    path.write_text(json.dumps(document), encoding="utf-8")
    assert run_cli(db, "import", "popolo", str(path)).exit_code == 0

    def moved(d: dict) -> None:
        d["memberships"][0]["sources"] = [{"url": "http://example.org/m1-v2"}]

    v2 = version(tmp_path, document, moved)
    refused = run_cli(db, "import", "popolo", *NS, str(v2))
    assert refused.exit_code == 1
    assert (
        "memberships (m/1): sources is 'http://example.org/m1' in the database but"
        " 'http://example.org/m1-v2' in the file"
    ) in refused.stderr
    forced = run_cli(db, "import", "popolo", "--overwrite", *NS, str(v2))
    assert forced.exit_code == 0, forced.output
    assert "memberships: read 10, created 0, matched 10" in forced.stdout
    urls = db.rows(
        "SELECT s.url FROM post_source c JOIN source s ON s.id = c.source_id ORDER BY s.url"
    )
    assert urls == [("http://example.org/m1-v2",)]


# --- 3. a membership with an id of its own ----------------------------------------------------


def chair_from_december(d: dict) -> None:
    d["memberships"][0]["role"] = "chair"
    d["memberships"][0]["start_date"] = "2014-12-01"


def posts(db) -> list[tuple]:
    return db.rows("SELECT id, title, start_text FROM post ORDER BY id")


def test_a_membership_with_its_own_id_changed_is_the_same_membership(empty_db, tmp_path):
    db = empty_db
    document = imported(db, tmp_path)
    held_posts = posts(db)
    assert len(held_posts) == 10
    first = held_posts[0][0]
    v2 = version(tmp_path, document, chair_from_december)
    held = table_snapshot(db)
    refused = run_cli(db, "import", "popolo", *NS, str(v2))
    assert refused.exit_code == 1, refused.output
    (line,) = refused.stderr.strip().splitlines()
    assert "2 values differ from the database" in line
    assert "memberships #1 (m/1): title is 'member' in the database but 'chair' in the file" in (
        line
    )
    assert "memberships #1 (m/1): start is 'unknown' in the database but '2014-12-01'" in line
    assert table_snapshot(db) == held

    forced = run_cli(db, "import", "popolo", "--overwrite", *NS, str(v2))
    assert forced.exit_code == 0, forced.output
    assert "memberships: read 10, created 0, matched 10" in forced.stdout
    assert "note: memberships #1 (m/1): title 'member' replaced by 'chair' (--overwrite)" in (
        forced.stdout
    )
    assert "start 'unknown' replaced by '2014-12-01' (--overwrite)" in forced.stdout
    assert "of the earlier version" not in forced.stdout  # the old one is this one
    assert posts(db)[0] == (first, "chair", "2014-12-01")
    assert len(posts(db)) == 10
    assert kept(db, "m/1")["role"] == "chair"
    (entry,) = [e for e in change_entries(db) if e["table"] == "post"]
    assert entry["before"]["title"] == "member" and entry["after"]["title"] == "chair"

    undone = run_cli(db, "undo", "--change", last_change(db)[:8])
    assert undone.exit_code == 0, undone.output
    assert posts(db) == held_posts
    assert kept(db, "m/1")["role"] == "member"


def test_a_membership_without_an_id_keeps_todays_rule(empty_db, tmp_path):
    db = empty_db
    document = imported(db, tmp_path)

    def second_changed(d: dict) -> None:
        assert "id" not in d["memberships"][1]
        d["memberships"][1]["role"] = "chair"

    loaded = run_cli(db, "import", "popolo", *NS, str(version(tmp_path, document, second_changed)))
    assert loaded.exit_code == 0, loaded.output
    assert "memberships: read 10, created 1, matched 9" in loaded.stdout
    assert "note: 1 membership of the earlier version is not in this one: kept" in loaded.stdout
    assert len(posts(db)) == 11
