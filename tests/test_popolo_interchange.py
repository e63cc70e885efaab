"""Other tools' Popolo documents (EveryPolitician's, tests/data/popolo/README.md): every one
imports, the report adds up to the rows stored, and export -> import -> export keeps every
object and field of the original."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli, table_snapshot

DATA = Path(__file__).parent / "data" / "popolo"
EVERYPOLITICIAN = sorted(p for p in DATA.glob("*.json") if p.name != "modern-features.json")
MODERN = DATA / "modern-features.json"
SECTIONS = ("areas", "organizations", "persons", "posts", "memberships", "events")


def _kept(original, exported, path: str) -> list[str]:
    """Where `exported` lost or changed something of `original` (fields citylinks adds, such as
    its `citylinks:` extension fields, are allowed)."""
    if isinstance(original, dict):
        if not isinstance(exported, dict):
            return [f"{path}: not an object"]
        found = []
        for k, v in original.items():
            if k not in exported:
                found.append(f"{path}.{k}: missing")
            else:
                found += _kept(v, exported[k], f"{path}.{k}")
        return found
    if isinstance(original, list):
        if not isinstance(exported, list) or len(original) != len(exported):
            return [f"{path}: the list differs"]
        return [
            e
            for i, (a, b) in enumerate(zip(original, exported, strict=True))
            for e in _kept(a, b, f"{path}[{i}]")
        ]
    return [] if original == exported else [f"{path}: {original!r} became {exported!r}"]


def _lost(original: dict, exported: dict) -> list[str]:
    found = []
    for section in SECTIONS:
        objects = exported.get(section, [])
        by_id = {o["id"]: o for o in objects if "id" in o}
        plain = [
            json.dumps(
                {k: v for k, v in o.items() if not k.startswith("citylinks:")}, sort_keys=True
            )
            for o in objects
        ]
        for obj in original.get(section, []):
            if "id" in obj:
                if obj["id"] not in by_id:
                    found.append(f"{section} {obj['id']}: missing")
                else:
                    found += _kept(obj, by_id[obj["id"]], f"{section}[{obj['id']}]")
            elif json.dumps(obj, sort_keys=True) in plain:
                plain.remove(json.dumps(obj, sort_keys=True))
            else:
                found.append(f"{section}: {obj} missing")
        if len(objects) != len(original.get(section, [])):
            found.append(
                f"{section}: {len(original.get(section, []))} objects became {len(objects)}"
            )
    return found


def _import(db, path: Path, *args: str):
    result = run_cli(db, "import", "popolo", str(path), *args)
    assert result.exit_code == 0, result.output
    return result


def _report(stdout: str) -> dict[str, dict[str, int]]:
    """The report's counts, by section: {'persons': {'read': 10, 'created': 10, ...}}."""
    counts = {}
    for line in stdout.splitlines():
        line = line.strip()
        if ": read " not in line:
            continue
        section, rest = line.split(": ", 1)
        numbers = {}
        for part in rest.replace(";", ",").split(", "):
            words = part.split()
            if words[0] == "kept":
                numbers["kept"] = int(words[-1])
            elif words[0].isdigit():
                numbers["stubs"] = int(words[0])
            else:
                numbers[words[0]] = int(words[1])
        counts[section] = numbers
    return counts


@pytest.mark.parametrize("path", EVERYPOLITICIAN, ids=lambda p: p.stem)
def test_an_everypolitician_file_imports_with_a_report_that_adds_up_to_the_rows(empty_db, path):
    document = json.loads(path.read_text(encoding="utf-8"))
    report = _report(_import(empty_db, path).stdout)
    for section in SECTIONS:
        read = len(document.get(section, []))
        if read:
            c = report[section]
            assert c["read"] == read
            assert c["created"] + c["matched"] + c["kept"] == read, section
    assert empty_db.scalar("SELECT count(*) FROM person") == len(document["persons"])
    assert empty_db.scalar("SELECT count(*) FROM organization") == len(document["organizations"])
    # Every membership of a person is one post: none merged into another.
    assert empty_db.scalar("SELECT count(*) FROM post") == len(document["memberships"])
    assert report["memberships"]["created"] == len(document["memberships"])
    kept = sum(report[s]["kept"] for s in report)
    assert empty_db.scalar("SELECT count(*) FROM popolo_extra WHERE row_id IS NULL") == kept


@pytest.mark.parametrize("path", [*EVERYPOLITICIAN, MODERN], ids=lambda p: p.stem)
def test_export_import_export_keeps_every_object_and_field(empty_db, tmp_path, path):
    original = json.loads(path.read_text(encoding="utf-8"))
    _import(empty_db, path)
    first = tmp_path / "first.json"
    assert run_cli(empty_db, "export", "popolo", "-o", str(first)).exit_code == 0
    assert _lost(original, json.loads(first.read_text(encoding="utf-8"))) == []
    # The export, imported again into the same database, changes nothing ...
    before = table_snapshot(empty_db)
    report = _report(_import(empty_db, first).stdout)
    assert all(c["created"] == 0 and c["kept"] == 0 for c in report.values())
    assert table_snapshot(empty_db) == before
    # ... and exported again keeps every object and field of the original.
    second = tmp_path / "second.json"
    assert run_cli(empty_db, "export", "popolo", "-o", str(second)).exit_code == 0
    assert _lost(original, json.loads(second.read_text(encoding="utf-8"))) == []


def test_another_tools_document_is_read_as_written(empty_db):
    result = _import(empty_db, MODERN)
    names = dict(empty_db.rows("SELECT lang, name FROM person_name WHERE lang <> 'und'"))
    # Every name with its language as tagged, its letters as written (no Persian yeh or kaf).
    assert names == {"ar": "علي يوسف", "ur": "علی یوسف کی", "sd": "علي يوسف", "kk": "Әли Юсуф"}
    assert "fa" not in names
    # A party stays a party; an organization named '-' is read; no 'None' in any message.
    assert sorted(
        empty_db.rows("SELECT classification FROM organization WHERE classification IS NOT NULL")
    ) == [("legislature",), ("party",), ("party",), ("party",)]
    assert empty_db.scalar("SELECT count(*) FROM organization_name WHERE name = '-'") == 1
    assert "None" not in result.stdout
    # Two organizations sharing a Wikidata id: both kept, the shared id said, no database error.
    assert "wikidata Q327591 is already the identifier of another record" in result.stdout
    # Two terms of one person differing only in party and period: two posts.
    assert empty_db.scalar("SELECT count(*) FROM post") == 5
    # The person and the organization referred to but absent: stubs that say so.
    assert "2 stubs" not in result.stdout
    note = empty_db.scalar("SELECT note FROM organization WHERE key = 'elsewhere-leg'")
    assert note.startswith("A stub: modern-features.json refers to 'elsewhere-leg'")


def test_a_dry_run_prints_the_same_report_and_writes_nothing(empty_db):
    before = table_snapshot(empty_db)
    dry = run_cli(empty_db, "import", "popolo", "--dry-run", str(MODERN))
    assert dry.exit_code == 0, dry.output
    assert table_snapshot(empty_db) == before
    real = _import(empty_db, MODERN)
    assert dry.stdout.replace("would load", "loaded") == real.stdout


def test_a_dataset_export_of_another_tools_posts_is_valid_toml(empty_db, tmp_path):
    """Short records (a post with a few fields) are each written as a [[post]] table: written
    inline one after another (`post = [...]` again and again) they made a file no TOML reader,
    and no `db restore` of a server backup, would take."""
    import tomllib

    assert run_cli(empty_db, "import", "popolo", str(DATA / "modern-features.json")).exit_code == 0
    out = tmp_path / "d.toml"
    assert run_cli(empty_db, "export", "dataset", "-o", str(out)).exit_code == 0
    document = tomllib.loads(out.read_text(encoding="utf-8"))
    assert len(document["post"]) == empty_db.scalar("SELECT count(*) FROM post")


def test_arabic_names_keep_their_letters_through_a_dataset_export_and_import(
    empty_db, request, tmp_path, backend
):
    """Names tagged `ar` (Kuwait's) keep the Arabic yeh and kaf they were written with in the
    dataset export and in a database loaded from it, as the PostgreSQL and MariaDB backups
    are: Persian letters are a rule for Persian text (and for matching), not for storing
    other languages'."""
    from conftest import new_database

    kuwait = DATA / "Kuwait-National_Assembly.json"
    assert run_cli(empty_db, "import", "popolo", str(kuwait)).exit_code == 0
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    assert run_cli(empty_db, "export", "dataset", "-o", str(first)).exit_code == 0
    assert "ي" in first.read_text(encoding="utf-8")
    other = new_database(backend, tmp_path, request)
    assert run_cli(other, "import", "dataset", str(first)).exit_code == 0
    assert run_cli(other, "export", "dataset", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    stored = other.scalar("SELECT count(*) FROM person_name WHERE lang = 'ar' AND name LIKE '%ي%'")
    assert stored and stored == empty_db.scalar(
        "SELECT count(*) FROM person_name WHERE lang = 'ar' AND name LIKE '%ي%'"
    )
