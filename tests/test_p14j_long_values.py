"""Issue 14: an error line that quotes a value from a file quotes at most a hundred characters
of it (text.shortened): a 100 KB id, key, code, date or field name gives a short line, never a
100 KB one, at either door (Popolo, dataset)."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, table_snapshot

BIG = "x" * 100_000
NAMES = '[{lang = "en", name = "A"}]'
HEAD = 'format = "citylinks-dataset/1"\n'

POPOLO = {
    "id": {"persons": [{"id": BIG, "name": "A"}]},
    "date": {
        "persons": [{"id": "p1", "name": "A"}],
        "organizations": [{"id": "o1", "name": "O"}],
        "memberships": [{"person_id": "p1", "organization_id": "o1", "start_date": BIG}],
    },
    # (An area classified "country" whose identifier is no ISO 3166-1 code is kept as an
    # area, not refused: tests/test_lead_country_codes.py. A dataset's is refused: below.)
}

DATASET = {
    "key": f'[[person]]\nkey = "{BIG}"\nnames = {NAMES}\n',
    "source": f'[[person]]\nkey = "a"\nsources = ["{BIG}"]\nnames = {NAMES}\n',
    "field": f'[[person]]\nkey = "a"\n{BIG} = 1\nnames = {NAMES}\n',
    "kind of record": f'[[{BIG}]]\nkey = "a"\n',
    "country": f'[[city]]\nkey = "c"\ncountry = "{BIG}"\nnames = {NAMES}\n',
    "country code": f'[[country]]\ncode = "{BIG}"\nnames = {NAMES}\n',
    "choice": f'[[organization]]\nkey = "o"\nkind = "{BIG}"\nnames = {NAMES}\n',
    "parent": f'[[organization]]\nkey = "o"\nparent = "{BIG}"\nnames = {NAMES}\n',
    "date": f'[[organization]]\nkey = "o"\nfounded = "{BIG}"\nnames = {NAMES}\n',
}


def refused_in_a_short_line(db, *args: str) -> str:
    before = table_snapshot(db)
    result = run_cli(db, *args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 600, lines[0][:700]
    assert "…" in lines[0]  # cut, and said to be
    assert table_snapshot(db) == before
    return lines[0]


@pytest.mark.parametrize("case", sorted(POPOLO))
def test_a_huge_value_in_a_popolo_document_is_quoted_shortened(empty_db, tmp_path, case):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(POPOLO[case]), encoding="utf-8")
    refused_in_a_short_line(empty_db, "import", "popolo", str(path))


@pytest.mark.parametrize("case", sorted(DATASET))
def test_a_huge_value_in_a_dataset_file_is_quoted_shortened(empty_db, tmp_path, case):
    path = tmp_path / "big.toml"
    path.write_text(HEAD + DATASET[case], encoding="utf-8")
    refused_in_a_short_line(empty_db, "import", "dataset", str(path))


def test_a_huge_top_level_key_is_shortened_in_the_report(empty_db, tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({BIG: [], "persons": []}), encoding="utf-8")
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) < 300
    assert "x" * 99 + "…" in result.stdout
