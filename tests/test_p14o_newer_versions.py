"""Issue 14: a newer version of another tool's Popolo document that gives any field of any
kind of object differently is refused without --overwrite (an event renamed or reclassified
too: a session keeps no name or classification in a column, only beside its row), listed by
--dry-run, and with --overwrite applied, reported, logged with before and after, and undone
by `undo`."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from conftest import run_cli, table_snapshot

DATA = Path(__file__).parent / "data" / "popolo"
ALDERNEY = DATA / "Alderney-States.json"
NAMESPACE = "rich"


def rich() -> dict:
    """A document with an object of every kind and the fields other tools give: a session
    (an event of an organization, in a series), a series, an election with no organization,
    posts, memberships by post and by role."""
    document = json.loads((DATA / "modern-features.json").read_text(encoding="utf-8"))
    document["organizations"].append(
        {"id": "cttee", "name": "Committee", "classification": "committee", "parent_id": "leg",
         "founding_date": "2001", "description": "A committee"}
    )  # fmt: skip
    document["areas"].append(
        {"id": "area/2", "name": "Dublin South", "classification": "constituency",
         "parent_id": "area/1", "identifier": "DS"}
    )  # fmt: skip
    document["posts"] = [
        {"id": "post/1", "label": "Member for Dublin North", "organization_id": "leg",
         "area_id": "area/1", "role": "member", "start_date": "2011"}
    ]  # fmt: skip
    document["memberships"].append(
        {"id": "m/x", "person_id": "p-2", "organization_id": "cttee", "post_id": "post/1",
         "label": "Chair", "start_date": "2012", "end_date": "2013"}
    )  # fmt: skip
    document["events"].append(
        {"id": "sess/1", "name": "First sitting", "classification": "sitting",
         "organization_id": "leg", "parent_id": "term/31", "start_date": "2011-03-09",
         "end_date": "2011-03-10", "location": "Leinster House", "description": "Opening",
         "status": "confirmed"}
    )  # fmt: skip
    return document


# Fields a newer version may give differently without being one object changed: ids and
# references (another object), an organization's identifiers (an identifier it shares is
# judged by its own rule), a membership's role and dates (with no id of its own a
# membership is told apart by them: another membership; one with an id is the same one,
# p14p), and sources (judged by their own rule, tests/test_p14p_newer_versions.py).
NOT_ONE_OBJECT_CHANGED = {
    ("organizations", "identifiers"),
    ("memberships", "role"),
    ("memberships", "start_date"),
    ("memberships", "end_date"),
}


def _changed(value, field: str):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        if field.endswith("date"):  # more or less precise: no end before its start
            return value + "-06" if len(value) == 4 else value[:-3]
        return value + " (v2)"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        first = dict(value[0])
        # a name's text where it has one (its language tag changed is another refusal)
        name = (
            "name" if "name" in first else next(k for k, v in first.items() if isinstance(v, str))
        )
        first[name] += " (v2)"
        return [first, *value[1:]]
    raise AssertionError(f"no change made for {field}: {value!r}")


def _every_field_changed(document: dict):
    for section in ("areas", "organizations", "persons", "posts", "memberships", "events"):
        for index, obj in enumerate(document[section]):
            for field, value in obj.items():
                if field == "id" or field.endswith("_id") or field == "sources":
                    continue
                if (section, field) in NOT_ONE_OBJECT_CHANGED and not (
                    section == "memberships" and "id" in obj
                ):
                    continue
                newer = copy.deepcopy(document)
                newer[section][index][field] = _changed(value, field)
                yield f"{section} ({obj.get('id', index)}) {field}", newer


def test_every_field_of_every_kind_changed_in_a_newer_version_is_refused(empty_db, tmp_path):
    document = rich()
    first = tmp_path / "rich.json"
    first.write_text(json.dumps(document), encoding="utf-8")
    assert run_cli(empty_db, "import", "popolo", str(first)).exit_code == 0
    before = table_snapshot(empty_db)
    path = tmp_path / "v2.json"
    tried = []
    for what, newer in _every_field_changed(document):
        path.write_text(json.dumps(newer), encoding="utf-8")
        result = run_cli(empty_db, "import", "popolo", "--namespace", NAMESPACE, str(path))
        assert result.exit_code == 1, (what, result.output)
        assert "add --overwrite" in result.stderr, (what, result.stderr)
        assert "Traceback" not in result.output
        assert table_snapshot(empty_db) == before, what
        tried.append(what)
    # Every kind, and the fields of the tester's report, were among those tried.
    for what in ("events (sess/1) name", "events (sess/1) classification",
                 "events (sess/1) status", "events (term/32) name", "areas (area/1) name",
                 "organizations (leg) seats", "memberships (m/x) label", "posts (post/1) label",
                 "persons (p-1) gender"):  # fmt: skip
        assert what in tried


def _renamed_term(tmp_path: Path) -> Path:
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    assert document["events"][0]["classification"] == "legislative period"
    document["events"][0]["name"] = "Renamed term"
    document["events"][0]["classification"] = "term"
    path = tmp_path / "r2.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _kept_event(db) -> dict:
    (data,) = db.rows("SELECT data FROM popolo_extra WHERE section = 'events'")[0]
    return json.loads(data) if isinstance(data, str) else data


def test_an_event_renamed_and_reclassified_is_refused_listed_and_applied_with_overwrite(
    empty_db, tmp_path
):
    assert run_cli(empty_db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    path = _renamed_term(tmp_path)
    newer = ("--namespace", "Alderney-States")
    before = table_snapshot(empty_db)

    refused = run_cli(empty_db, "import", "popolo", *newer, str(path))
    assert refused.exit_code == 1, refused.output
    assert "events (term/2014)" in refused.stderr and "--overwrite" in refused.stderr
    assert table_snapshot(empty_db) == before

    dry = run_cli(empty_db, "import", "popolo", "--dry-run", *newer, str(path))
    assert dry.exit_code == 1, dry.output
    assert "name is '2014–2015' in the database but 'Renamed term' in the file" in dry.stderr
    assert (
        "classification is 'legislative period' in the database but 'term' in the file"
        in dry.stderr
    )
    assert table_snapshot(empty_db) == before

    forced = run_cli(empty_db, "import", "popolo", "--overwrite", *newer, str(path))
    assert forced.exit_code == 0, forced.output
    assert "name '2014–2015' replaced by 'Renamed term' (--overwrite)" in forced.stdout
    assert "classification 'legislative period' replaced by 'term' (--overwrite)" in forced.stdout
    assert _kept_event(empty_db)["name"] == "Renamed term"
    log = json.loads(run_cli(empty_db, "log", "--format", "json").stdout)
    changed = [
        (e["before"]["data"]["name"], e["after"]["data"]["name"])
        for e in log
        if e["table"] == "popolo_extra" and e["action"] == "update"
    ]
    assert changed == [("2014–2015", "Renamed term")]

    change = empty_db.scalar("SELECT change_id FROM audit_log ORDER BY id DESC LIMIT 1")
    undone = run_cli(empty_db, "undo", "--change", change)
    assert undone.exit_code == 0, undone.output
    assert _kept_event(empty_db)["name"] == "2014–2015"
    assert _kept_event(empty_db)["classification"] == "legislative period"


def test_a_refusal_names_every_value_the_file_gives_differently(empty_db, tmp_path):
    assert run_cli(empty_db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    document["areas"][0]["name"] = "Alderney (v2)"
    (legislature,) = [o for o in document["organizations"] if o["id"] == "legislature"]
    legislature["seats"] = 11
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = table_snapshot(empty_db)

    refused = run_cli(empty_db, "import", "popolo", "--namespace", "Alderney-States", str(path))
    assert refused.exit_code == 1, refused.output
    (line,) = refused.stderr.strip().splitlines()  # one line, naming every value
    assert "2 values differ from the database" in line and "nothing was loaded" in line
    assert "areas (area/alderney): name is 'Alderney' in the database but 'Alderney (v2)'" in line
    assert "organizations (legislature): seats is '10' in the database but '11'" in line
    assert table_snapshot(empty_db) == before


def test_the_overwrite_report_names_every_value_it_replaced(empty_db, tmp_path):
    assert run_cli(empty_db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    assert "end_date" not in document["memberships"][0]
    document["memberships"][0]["end_date"] = "2016-12-31"
    document["persons"][0]["name"] = document["persons"][0]["name"] + " (v2)"
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    newer = ("--namespace", "Alderney-States", str(path))

    dry = run_cli(empty_db, "import", "popolo", "--dry-run", "--overwrite", *newer)
    forced = run_cli(empty_db, "import", "popolo", "--overwrite", *newer)
    assert forced.exit_code == 0, forced.output
    assert "note: memberships #1: end 'unknown' replaced by '2016-12-31' (--overwrite)" in (
        forced.stdout
    )
    assert "note: memberships #1: end 'unknown' replaced by '2016-12-31'" in dry.stdout
    # the person renamed: its own note, once
    assert forced.stdout.count("(v2)") >= 1
    ends = empty_db.rows("SELECT end_text FROM post WHERE end_text <> 'unknown'")
    assert ends == [("2016-12-31",)]


def test_a_newer_document_record_is_logged_counted_and_undone(empty_db, tmp_path):
    assert run_cli(empty_db, "import", "popolo", str(ALDERNEY)).exit_code == 0
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    document["persons"][0]["name"] = "Renamed person"
    document["meta"] = {"sources": ["https://example.org/v2"]}
    v2 = tmp_path / "v2.json"
    v2.write_text(json.dumps(document), encoding="utf-8")
    newer = ("--namespace", "Alderney-States", "--overwrite")
    kept = "SELECT file_name, digest FROM popolo_document"
    before = empty_db.rows(kept)

    forced = run_cli(empty_db, "import", "popolo", *newer, str(v2))
    assert forced.exit_code == 0, forced.output
    assert "its top-level meta replaced the one kept" in forced.stdout
    assert empty_db.rows(kept)[0][0] == "v2.json"
    log = json.loads(run_cli(empty_db, "log", "--format", "json").stdout)
    (entry,) = [e for e in log if e["table"] == "popolo_document" and e["action"] == "update"]
    assert entry["before"]["file_name"] == "Alderney-States.json"
    assert entry["after"]["file_name"] == "v2.json"
    assert entry["after"]["top_level"] == {"meta": {"sources": ["https://example.org/v2"]}}

    change = empty_db.scalar("SELECT change_id FROM audit_log ORDER BY id DESC LIMIT 1")
    undone = run_cli(empty_db, "undo", "--change", change)
    assert undone.exit_code == 0, undone.output
    assert empty_db.rows(kept) == before
    again = run_cli(empty_db, "import", "popolo", str(ALDERNEY))
    assert again.exit_code == 0, again.output
    assert "persons: read 10, created 0, matched 10" in again.stdout

    # Only the top-level meta differs: one change, a dry run counts it.
    document = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    document["meta"] = {"sources": ["https://example.org/v3"]}
    v3 = tmp_path / "v3.json"
    v3.write_text(json.dumps(document), encoding="utf-8")
    dry = run_cli(empty_db, "import", "popolo", "--dry-run", *newer, str(v3))
    assert dry.exit_code == 0, dry.output
    assert "1 change would be made" in dry.output, dry.output
    assert empty_db.rows(kept) == before
