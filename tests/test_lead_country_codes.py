"""Issue 14 (a fresh-clone tester): a country code is read by one rule at every door, that of
`country add` (vocab.country_code: two letters of ISO 3166-1). A dataset's country ZZ was
recorded though `country add ZZ` and a CSV countries file refuse it; another tool's Popolo
area classified "country" with the identifier ZZ made a country ZZ; and another tool's city
organization in no such country refused the whole (valid) document."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli, table_snapshot

DATASET = """format = "citylinks-dataset/1"

[[country]]
code = "{code}"
names = [{{ lang = "en", name = "Nowhere", kind = "official" }}]
"""


def test_a_dataset_country_that_iso_does_not_know_is_refused_as_country_add_refuses_it(
    empty_db, tmp_path
):
    path = tmp_path / "zz.toml"
    path.write_text(DATASET.format(code="ZZ"), encoding="utf-8")
    before = table_snapshot(empty_db)
    loaded = run_cli(empty_db, "import", "dataset", str(path))
    assert loaded.exit_code == 1
    (line,) = loaded.stderr.strip().splitlines()
    assert "'ZZ' is not an ISO 3166-1 country code" in line and str(path) in line
    assert table_snapshot(empty_db) == before
    added = run_cli(empty_db, "country", "add", "ZZ", "--name", "Nowhere")
    assert added.exit_code == 1
    assert "'ZZ' is not an ISO 3166-1 country code" in added.stderr
    # A code ISO knows is recorded, by both doors alike.
    path.write_text(DATASET.format(code="NP"), encoding="utf-8")
    assert run_cli(empty_db, "import", "dataset", str(path)).exit_code == 0
    assert empty_db.rows("SELECT code, name_en FROM country") == [("NP", "Nowhere")]


def _document(tmp_path: Path) -> Path:
    document = {
        "areas": [
            {"id": "zz", "classification": "country", "identifier": "ZZ", "name": "Zedland"},
            {"id": "gotham-area", "name": "Gotham", "parent_id": "zz"},
        ],
        "organizations": [
            {"id": "c1", "name": "Gotham", "classification": "city", "area_id": "gotham-area"},
            {"id": "c2", "name": "Metropolis", "classification": "city"},
            {"id": "league", "name": "League of Cities", "classification": "network"},
        ],
        "memberships": [
            {
                "id": "m1",
                "organization_id": "league",
                "member": {"@type": "Organization", "id": "c1"},
            }
        ],
    }
    path = tmp_path / "other.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_another_tools_country_area_outside_iso_is_kept_as_an_area_and_its_cities_as_organizations(
    empty_db, tmp_path
):
    path = _document(tmp_path)
    loaded = run_cli(empty_db, "import", "popolo", str(path), "--namespace", "other")
    assert loaded.exit_code == 0, loaded.output
    assert empty_db.rows("SELECT code FROM country") == []
    assert empty_db.scalar("SELECT COUNT(*) FROM city") == 0
    # The two city organizations are organizations of citylinks, each kept whole.
    names = {n for (n,) in empty_db.rows("SELECT name FROM organization_name")}
    assert {"Gotham", "Metropolis", "League of Cities"} <= names
    # Exported back, every object is there as it was read.
    out = tmp_path / "out.json"
    assert run_cli(empty_db, "export", "popolo", "--output", str(out)).exit_code == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    original = json.loads(path.read_text(encoding="utf-8"))
    for section in ("areas", "organizations"):
        for obj in original[section]:
            (again,) = [o for o in written[section] if o.get("id") == obj["id"]]
            assert {k: again.get(k) for k in obj} == obj
