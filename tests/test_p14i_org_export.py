"""`export popolo --org X` of another tool's organization (issue 14): the objects the whole
export writes (kept as read, with the same ids, listed in `citylinks:documents`), only those
of X's scope; it imports back into its database as matched, and into an empty one."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import new_database, run_cli, table_snapshot

DATA = Path(__file__).parent / "data" / "popolo"
ALDERNEY = DATA / "Alderney-States.json"
ANDORRA = DATA / "Andorra-General_Council.json"
SECTIONS = ("areas", "organizations", "persons", "posts", "memberships", "events")
MOMENT = re.compile(r'"(first|last)_imported": "[^"]*"')


def _ok(db, *args: str):
    result = run_cli(db, *args)
    assert result.exit_code == 0, result.output
    return result


def _export(db, path: Path, *args: str) -> str:
    _ok(db, "export", "popolo", *args, "-o", str(path))
    return path.read_text(encoding="utf-8")


def _report(stdout: str) -> dict[str, dict[str, int]]:
    """The import report's counts, by section: {'persons': {'read': 10, 'created': 10, ...}}."""
    counts = {}
    for line in stdout.splitlines():
        found = re.fullmatch(r"\s+(\w+): (read \d+(?:, [a-z ]+ \d+)*)(?:;.*)?", line)
        if found:
            counts[found[1]] = {
                name: int(n)
                for name, n in re.findall(r"([a-z ]+) (\d+)", found[2].replace(", ", ","))
            }
    return counts


def _legislature(db, namespace: str) -> str:
    """The key of the organization made of a document's `legislature`."""
    return db.scalar(
        "SELECT o.key FROM organization o JOIN popolo_extra e"
        " ON e.table_name = 'organization' AND e.row_id = o.id"
        " JOIN popolo_document d ON d.id = e.document_id"
        " WHERE e.popolo_id = 'legislature' AND d.namespace = :ns",
        ns=namespace,
    )


def _all_matched(stdout: str) -> None:
    report = _report(stdout)
    assert report, stdout
    for section, c in report.items():
        assert c["created"] == 0 and c["kept as they are"] == 0, (section, c, stdout)
        assert c["matched"] == c["read"] > 0, (section, c, stdout)


def _rows(db) -> dict:
    """Every row but the audit log's and the documents' (an import stamps its moment)."""
    return {
        t: r for t, r in table_snapshot(db).items() if t not in ("audit_log", "popolo_document")
    }


def test_org_export_of_an_everypolitician_legislature_is_the_documents_objects(
    empty_db, backend, tmp_path, request
):
    _ok(empty_db, "import", "popolo", str(ALDERNEY))
    original = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    org = _legislature(empty_db, "Alderney-States")
    whole = json.loads(_export(empty_db, tmp_path / "all.json"))
    text = _export(empty_db, tmp_path / "org1.json", "--org", org)
    scoped = json.loads(text)
    # The document's objects as it had them: its ids, its persons' identifiers and images,
    # its memberships' parties, areas and terms, its classification, its term's name.
    for section in SECTIONS:
        assert scoped[section] == original.get(section, []), section
        assert scoped[section] == whole[section], section
    assert scoped["meta"] == original["meta"]
    assert scoped["citylinks:documents"] == whole["citylinks:documents"]
    assert [d["namespace"] for d in scoped["citylinks:documents"]] == ["Alderney-States"]
    assert scoped["citylinks:sources"] == whole["citylinks:sources"]
    assert scoped["organizations"][1]["classification"] == "legislature"
    assert scoped["events"][0]["name"] == original["events"][0]["name"]
    assert not any(p["id"].startswith("person/") for p in scoped["persons"])

    # Into the database it came from: every object matched, no row changed.
    before = _rows(empty_db)
    again = _ok(empty_db, "import", "popolo", str(tmp_path / "org1.json"))
    _all_matched(again.stdout)
    assert _rows(empty_db) == before

    # Into an empty database, then exported again: the same bytes (the moments of the
    # import apart).
    fresh = new_database(backend, tmp_path, request)
    loaded = _ok(fresh, "import", "popolo", str(tmp_path / "org1.json"))
    assert _report(loaded.stdout)["persons"]["created"] == len(original["persons"])
    text2 = _export(fresh, tmp_path / "org2.json", "--org", _legislature(fresh, "Alderney-States"))
    assert MOMENT.sub("", text2) == MOMENT.sub("", text)


def test_org_export_holds_one_documents_organization_among_two(empty_db, tmp_path):
    """Two documents each with its `legislature`: the export of one holds its document's
    objects, with the ids the whole export gives them, and none of the other's."""
    _ok(empty_db, "import", "popolo", str(ALDERNEY))
    _ok(empty_db, "import", "popolo", str(ANDORRA))
    andorra = json.loads(ANDORRA.read_text(encoding="utf-8"))
    alderney = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    whole = json.loads(_export(empty_db, tmp_path / "all.json"))
    org = _legislature(empty_db, "Andorra-General_Council")
    scoped = json.loads(_export(empty_db, tmp_path / "org1.json", "--org", org))
    (entry,) = [
        d for d in whole["citylinks:documents"] if d["namespace"] == "Andorra-General_Council"
    ]
    for section in SECTIONS:
        runs = entry["objects"].get(section, [])
        of_andorra = [o for start, end in runs for o in whole[section][start:end]]
        assert scoped[section] == of_andorra, section
        assert len(scoped[section]) == len(andorra.get(section, [])), section
    # The same document, its objects where the export of one organization has them.
    (written,) = scoped["citylinks:documents"]
    assert {k: v for k, v in written.items() if k != "objects"} == {
        k: v for k, v in entry.items() if k != "objects"
    }
    assert written["objects"] == {s: [[0, len(andorra[s])]] for s in SECTIONS if andorra.get(s)}
    assert scoped["meta"] == andorra["meta"]
    ids = {o.get("id") for section in SECTIONS for o in scoped[section]}
    assert not ids & {p["id"] for p in alderney["persons"]}
    before = _rows(empty_db)
    _all_matched(_ok(empty_db, "import", "popolo", str(tmp_path / "org1.json")).stdout)
    assert _rows(empty_db) == before


def test_org_export_of_citylinks_own_organization_ignores_other_documents(seeded_db, tmp_path):
    """`--org AMF` writes the same bytes whether or not the database also holds another
    tool's documents."""
    before = _export(seeded_db, tmp_path / "amf1.json", "--org", "AMF")
    _ok(seeded_db, "import", "popolo", str(ALDERNEY))
    after = _export(seeded_db, tmp_path / "amf2.json", "--org", "AMF")
    assert "citylinks:documents" not in after
    assert after == before
