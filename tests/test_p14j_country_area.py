"""Issue 14: another tool's area of a country with a Persian other name (`lang` "fa"): the
country's Persian name when it has none (said in the report, in the log), never replacing
another one (the report says it was not added); the area kept whole either way."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli


def areas(tmp_path: Path, persian: str = "ایران", name: str = "areas.json") -> Path:
    document = {
        "areas": [
            {
                "id": "country/ir",
                "classification": "country",
                "identifier": "IR",
                "name": "Iran",
                "other_names": [{"lang": "de", "name": "Iran"}, {"lang": "fa", "name": persian}],
            },
            {
                "id": "country/tj",
                "classification": "country",
                "identifier": "TJ",
                "name": "Tajikistan",
                "other_names": [{"lang": "fa", "name": "تاجیکستان"}],
            },
        ]
    }
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def countries(db) -> list[tuple]:
    return db.rows(
        "SELECT code, name_en, name_fa FROM country WHERE code IN ('IR', 'TJ') ORDER BY code"
    )


def test_a_persian_other_name_is_the_persian_name_of_a_country_that_has_none(empty_db, tmp_path):
    db = empty_db
    added = run_cli(db, "country", "add", "IR", "--name", "Iran")
    assert added.exit_code == 0, added.output
    assert countries(db) == [("IR", "Iran", None)]
    last = db.scalar("SELECT MAX(id) FROM audit_log")
    loaded = run_cli(db, "import", "popolo", str(areas(tmp_path)))
    assert loaded.exit_code == 0, loaded.output
    assert (
        "note: areas #1: the Persian name 'ایران' of its other_names is now the Persian name"
        " of the country IR" in loaded.stdout
    )
    assert (
        "the Persian name 'تاجیکستان' of its other_names is now the Persian name of the country TJ"
        in (loaded.stdout)
    )
    assert countries(db) == [("IR", "Iran", "ایران"), ("TJ", "Tajikistan", "تاجیکستان")]
    logged = db.rows(
        "SELECT action, table_name FROM audit_log WHERE id > :last AND table_name = 'country'"
        " ORDER BY id",
        last=last,
    )
    assert ("update", "country") in logged and ("insert", "country") in logged

    out = tmp_path / "out.json"
    assert run_cli(db, "export", "popolo", "--output", str(out)).exit_code == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    (tj,) = [a for a in written["areas"] if a.get("id") == "country/tj"]
    assert tj["other_names"] == [{"lang": "fa", "name": "تاجیکستان"}]  # the area as it was read


def test_a_country_with_another_persian_name_keeps_it_and_the_report_says_so(seeded_db, tmp_path):
    db = seeded_db
    assert countries(db)[0] == ("IR", "Iran", "ایران")
    for options in ((), ("--overwrite",)):
        loaded = run_cli(db, "import", "popolo", *options, str(areas(tmp_path, "پارس")))
        assert loaded.exit_code == 0, loaded.output
        assert (
            "note: areas #1: the Persian name 'پارس' of its other_names was not added: the"
            " country IR has the Persian name 'ایران' (kept as it is; the area keeps its"
            " other_names)" in loaded.stdout
        )
        assert countries(db)[0] == ("IR", "Iran", "ایران")
