"""Issue 14, a fresh-clone tester's findings on reading Popolo: a `citylinks:format` this
version does not read; a document claiming to be citylinks' own that renames a recorded
person; messages that name the real problem (an organization its own parent, a parent
cycle, a section that is null, a hidden character in an id or in a field name); an id given
twice in any section; a member that is neither a person nor an organization. Each refused
in one line, in English and Persian, with the database unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli, run_fa, table_snapshot
from test_bad_input_persian import persian_english


def _write(path: Path, document: dict | str) -> Path:
    raw = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    path.write_text(raw, encoding="utf-8")
    return path


def _refused(db, path: Path, said: str, *more: str, data: tuple[str, ...] = ()) -> None:
    """Refused in one line, English and Persian (no English word but the file's own: its
    keys, ids and values, `data`), the database unchanged."""
    before = table_snapshot(db)
    result = run_cli(db, "import", "popolo", str(path), *more)
    assert result.exit_code == 1, result.output
    assert said in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert table_snapshot(db) == before
    fa = run_fa(db, "import", "popolo", str(path), *more)
    assert fa.exit_code == 1, fa.output
    assert len(fa.stderr.strip().splitlines()) == 1
    assert persian_english(fa.stderr, (str(path), *more, *data)) == [], fa.stderr
    assert table_snapshot(db) == before


# --- 2. citylinks:format ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "null"),
        (5, "5"),
        ("garbage", '"garbage"'),
        ("citylinks-popolo/99", '"citylinks-popolo/99"'),
    ],
)
def test_a_citylinks_format_this_version_does_not_read_is_refused(empty_db, tmp_path, value, shown):
    path = _write(
        tmp_path / "f.json", {"citylinks:format": value, "persons": [{"id": "p", "name": "P"}]}
    )
    _refused(
        empty_db,
        path,
        f"f.json: citylinks:format is {shown}, which this version of citylinks does not read:"
        " it reads 'citylinks-popolo/1'",
        data=(shown,),
    )


OWN = "citylinks-popolo/1"


def test_citylinks_own_document_renaming_a_recorded_person_is_refused_without_overwrite(
    seeded_db, tmp_path
):
    evil = {"citylinks:format": OWN, "persons": [{"id": "person/amrollahi", "name": "Evil Name"}]}
    path = _write(tmp_path / "evil.json", evil)
    _refused(seeded_db, path, "persons #1 (person/amrollahi): the name 'Evil Name' (en) is not one")
    result = run_cli(seeded_db, "import", "popolo", str(path), "--overwrite")
    assert result.exit_code == 0, result.output
    assert "Evil Name" in run_cli(seeded_db, "person", "show", "amrollahi").stdout
    assert "name: Evil Name" in run_cli(seeded_db, "log").stdout


def test_an_exported_name_changed_alone_is_a_difference(seeded_db, tmp_path):
    exported = tmp_path / "out.json"
    assert run_cli(seeded_db, "export", "popolo", "-o", str(exported)).exit_code == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    person = next(p for p in document["persons"] if p["id"] == "person/amrollahi")
    assert person["name"] == "Alireza Amrollahi" and person["other_names"]
    person["name"] = "Alireza Amrolahi"
    path = _write(tmp_path / "edited.json", document)
    _refused(seeded_db, path, "the name 'Alireza Amrolahi' (en) is not one the database holds")
    version = run_cli(seeded_db, "person", "show", "amrollahi").stdout
    assert "version: 1 " in version
    result = run_cli(seeded_db, "import", "popolo", str(path), "--overwrite")
    assert result.exit_code == 0, result.output
    shown = run_cli(seeded_db, "person", "show", "amrollahi").stdout
    assert "Alireza Amrolahi" in shown and "Alireza Amrollahi" not in shown  # renamed
    assert "version: 2 " in shown
    log = run_cli(seeded_db, "log").stdout
    assert "name: Alireza Amrollahi" in log and "name: Alireza Amrolahi" in log


def test_citylinks_own_id_never_names_another_tools_record(empty_db, tmp_path):
    other = {"persons": [{"id": "ann", "name": "Ann"}]}
    ok = run_cli(empty_db, "import", "popolo", str(_write(tmp_path / "ep.json", other)))
    assert ok.exit_code == 0, ok.output
    own = {"citylinks:format": OWN, "persons": [{"id": "person/ann", "name": "Ann"}]}
    _refused(
        empty_db,
        _write(tmp_path / "own.json", own),
        "persons #1 (person/ann): citylinks' own id names the record 'ann', which was made of"
        " another tool's object ('ann' of the document ep)",
        data=("ep",),
    )


# --- 3. messages that name the real problem --------------------------------------------


MESSAGES = {
    "its own parent": (
        {"organizations": [{"id": "o", "name": "O", "parent_id": "o"}]},
        "p.json: organizations #1 (o): the organization is its own parent (parent_id 'o')",
        (),
    ),
    "a parent cycle, both places": (
        {
            "organizations": [
                {"id": "a", "name": "A", "parent_id": "b"},
                {"id": "b", "name": "B", "parent_id": "a"},
            ]
        },
        "organizations #1 (a): the organizations' parents go round in a circle:"
        " 'a' → 'b' → 'a' (organizations #1 (a), organizations #2 (b))",
        ("a", "b"),
    ),
    "a null section blamed on itself": (
        {"organizations": [{"id": "o", "name": "O"}], "persons": None},
        'p.json: persons is null, not a list of objects: write "persons": [] or leave it out',
        ("null",),
    ),
    "a bidi control in a reference": (
        {
            "organizations": [{"id": "o", "name": "O"}],
            "memberships": [{"id": "m1", "organization_id": "o\u202ex", "person_id": "p"}],
        },
        "memberships #1 (m1): organization_id: the id contains the bidi control U+202E",
        (),
    ),
    "a bidi control in a field name": (
        {"persons": [{"id": "p", "name": "P", "x\u202ey": 1}]},
        "persons #1 (p): 'x<U+202E>y': the field name contains the bidi control U+202E",
        (),
    ),
}


@pytest.mark.parametrize("case", MESSAGES)
def test_the_message_names_the_real_problem(empty_db, tmp_path, case):
    document, said, data = MESSAGES[case]
    _refused(empty_db, _write(tmp_path / "p.json", document), said, data=data)


# --- 4. ids given twice; what a member may be ------------------------------------------


@pytest.mark.parametrize("section", ["memberships", "areas", "events", "posts"])
def test_an_id_given_twice_in_any_section_is_refused_naming_both(empty_db, tmp_path, section):
    objects = {
        "memberships": {"organization_id": "o", "person_id": "p"},
        "areas": {"name": "A"},
        "events": {"name": "E"},
        "posts": {"label": "L", "organization_id": "o"},
    }[section]
    document = {
        "organizations": [{"id": "o", "name": "O"}],
        section: [{"id": "x1", **objects}, {"id": "x1", **objects}],
    }
    _refused(
        empty_db,
        _write(tmp_path / "p.json", document),
        f"p.json: {section} #1 (x1): {section} #2 (x1) has the same id again",
    )


def test_a_member_neither_person_nor_organization_is_refused(empty_db, tmp_path):
    document = {
        "organizations": [{"id": "o", "name": "O"}],
        "memberships": [
            {"id": "m1", "organization_id": "o", "member": {"@type": "Robot", "id": "r"}}
        ],
    }
    _refused(
        empty_db,
        _write(tmp_path / "p.json", document),
        'memberships #1 (m1): member.@type is "Robot"; Popolo\'s member is a "Person" or an "Organization"',
        data=("Robot",),
    )
