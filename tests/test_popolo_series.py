"""What a fresh-clone tester of issue 14 found the Popolo import and export losing or
doubling (docs/popolo.md): another tool's meeting series, memberships Popolo allows that
citylinks refused, moments with a UTC offset, and names written twice."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import new_database, run_cli
from test_popolo_edges import _export, _report, _write

# Another tool's organization with a named series (an extra field of its own), a session of
# it, and a series without an id.
SERIES = {
    "organizations": [{"id": "net", "name": "Net"}],
    "events": [
        {"id": "ser", "name": "Named series", "organization_id": "net", "x-extra": 1},
        {
            "id": "s1",
            "name": "S1",
            "organization_id": "net",
            "parent_id": "ser",
            "start_date": "2013",
        },
        {"name": "Anon series", "classification": "meeting-series", "organization_id": "net"},
        {
            "id": "ms",
            "name": "Classified",
            "classification": "meeting-series",
            "organization_id": "net",
        },
    ],
}


# --- another tool's meeting series -----------------------------------------------------------


def test_another_tools_series_is_kept_whole_and_written_back(empty_db, tmp_path, request, backend):
    path = _write(tmp_path / "ser.json", SERIES)
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 0, result.output
    # read = created + matched + kept: the session is a row, the three series kept whole.
    assert _report(result.stdout)["events"] == "read 4, created 1, matched 0, kept as they are 3"
    assert empty_db.rows("SELECT key FROM meeting_series ORDER BY key") == [("ms",), ("ser",)]
    first = json.loads(_export(empty_db, tmp_path / "first.json", "popolo"))
    assert first["events"] == SERIES["events"]
    again = run_cli(empty_db, "import", "popolo", str(path))
    assert _report(again.stdout)["events"] == "read 4, created 0, matched 4, kept as they are 0"
    # Into an empty database and out again: the same bytes.
    other = new_database(backend, tmp_path, request)
    assert run_cli(other, "import", "popolo", str(tmp_path / "first.json")).exit_code == 0
    _export(other, tmp_path / "second.json", "popolo")
    assert (tmp_path / "second.json").read_bytes() == (tmp_path / "first.json").read_bytes()


# --- memberships as Popolo allows them -------------------------------------------------------

MEMBERSHIPS = {
    "persons": [{"id": "p1", "name": "Person One"}],
    "organizations": [{"id": "net", "name": "Net"}, {"id": "club", "name": "Club"}],
    "memberships": [
        {"member": {"@type": "Person", "id": "p1"}, "organization_id": "net", "role": "chair"},
        {"member": {"@type": "Organization", "id": "club"}, "organization_id": "net"},
        {"member": {"@type": "Organization", "id": "ghost"}, "organization_id": "net"},
        {"organization_id": "net", "role": "observer"},
    ],
}


def test_memberships_popolo_allows_are_read_and_written_back(empty_db, tmp_path, request, backend):
    path = _write(tmp_path / "members.json", MEMBERSHIPS)
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 0, result.output
    report = _report(result.stdout)
    # The person's membership is a post, the organizations' phases; one naming no member is
    # kept as it is; the organization not in the file is a stub.
    assert report["memberships"] == "read 4, created 3, matched 0, kept as they are 1"
    assert empty_db.rows(
        "SELECT p.key, t.title FROM post t JOIN person p ON p.id = t.person_id"
    ) == [("p1", "chair")]
    assert empty_db.scalar("SELECT count(*) FROM membership") == 2
    assert empty_db.scalar("SELECT count(*) FROM organization WHERE key = 'ghost'") == 1
    first = json.loads(_export(empty_db, tmp_path / "first.json", "popolo"))
    assert first["memberships"] == MEMBERSHIPS["memberships"]
    assert first["organizations"] == MEMBERSHIPS["organizations"]
    other = new_database(backend, tmp_path, request)
    assert run_cli(other, "import", "popolo", str(tmp_path / "first.json")).exit_code == 0
    _export(other, tmp_path / "second.json", "popolo")
    assert (tmp_path / "second.json").read_bytes() == (tmp_path / "first.json").read_bytes()


# --- moments with a UTC offset, early years, and no moment at all ----------------------------


def _with_first_imported(empty_db, tmp_path, value: str) -> Path:
    """An export of SERIES whose document says it was first imported at `value`."""
    assert (
        run_cli(empty_db, "import", "popolo", str(_write(tmp_path / "ser.json", SERIES))).exit_code
        == 0
    )
    exported = json.loads(_export(empty_db, tmp_path / "export.json", "popolo"))
    exported["citylinks:documents"][0]["first_imported"] = value
    return _write(tmp_path / "edited.json", exported)


def test_a_moment_with_an_offset_is_stored_in_utc(empty_db, tmp_path, request, backend):
    path = _with_first_imported(empty_db, tmp_path, "2026-12-01T09:22:41+03:30")
    other = new_database(backend, tmp_path, request)
    assert run_cli(other, "import", "popolo", str(path)).exit_code == 0
    written = json.loads(_export(other, tmp_path / "again.json", "popolo"))
    assert written["citylinks:documents"][0]["first_imported"] == "2026-12-01T05:52:41Z"
    # The same in a dataset's audit log: an entry's `at` with an offset.
    dataset = _export(other, tmp_path / "audit.toml", "dataset", "--with-audit")
    first_at = re.search(r'^at = "([^"]*)"', dataset, re.M)
    assert first_at is not None
    shifted = dataset.replace(first_at.group(0), 'at = "0999-06-01T12:00:00+03:30"', 1)
    (tmp_path / "shifted.toml").write_text(shifted, encoding="utf-8")
    third = new_database(backend, tmp_path, request)
    result = run_cli(third, "import", "dataset", str(tmp_path / "shifted.toml"))
    assert result.exit_code == 0, result.output
    out = _export(third, tmp_path / "out.toml", "dataset", "--with-audit")
    # Converted to UTC, and a year before 1000 in four digits.
    assert re.search(r'^at = "([^"]*)"', out, re.M).group(1) == "0999-06-01T08:30:00Z"


def test_a_document_first_imported_at_no_moment_is_refused_in_one_line(
    empty_db, tmp_path, request, backend
):
    path = _with_first_imported(empty_db, tmp_path, "yesterday")
    other = new_database(backend, tmp_path, request)
    result = run_cli(other, "import", "popolo", str(path))
    assert result.exit_code == 1
    assert "first_imported = 'yesterday' is not a moment" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert other.scalar("SELECT count(*) FROM popolo_document") == 0


# --- names: an edited object's names read back once ------------------------------------------


def test_an_edited_persons_names_are_read_back_once(empty_db, tmp_path, request, backend):
    path = _write(tmp_path / "bob.json", {"persons": [{"id": "bob", "name": "Bob"}]})
    assert run_cli(empty_db, "import", "popolo", str(path)).exit_code == 0
    edited = run_cli(empty_db, "person", "edit", "bob", "--add-name", "Robert")
    assert edited.exit_code == 0, edited.output
    _export(empty_db, tmp_path / "first.json", "popolo")
    other = new_database(backend, tmp_path, request)
    assert run_cli(other, "import", "popolo", str(tmp_path / "first.json")).exit_code == 0
    names = "SELECT name FROM person_name ORDER BY name"
    assert other.rows(names) == empty_db.rows(names) == [("Bob",), ("Robert",)]
    _export(other, tmp_path / "second.json", "popolo")
    assert (tmp_path / "second.json").read_bytes() == (tmp_path / "first.json").read_bytes()


# --- an edit does not move an object in the export ---------------------------------------------


def test_an_edited_object_keeps_its_place_in_the_export(empty_db, tmp_path, request, backend):
    orgs = [{"id": f"o{n}", "name": f"Org {n}"} for n in range(1, 4)]
    path = _write(tmp_path / "orgs.json", {"organizations": orgs})
    assert run_cli(empty_db, "import", "popolo", str(path)).exit_code == 0
    edited = run_cli(empty_db, "org", "edit", "o2", "--add-name", "fa=کمیته")
    assert edited.exit_code == 0, edited.output
    first = json.loads(_export(empty_db, tmp_path / "first.json", "popolo"))
    assert [o["id"] for o in first["organizations"]] == ["o1", "o2", "o3"]
    other = new_database(backend, tmp_path, request)
    assert run_cli(other, "import", "popolo", str(tmp_path / "first.json")).exit_code == 0
    _export(other, tmp_path / "second.json", "popolo")
    assert (tmp_path / "second.json").read_bytes() == (tmp_path / "first.json").read_bytes()
