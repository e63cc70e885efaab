"""CSV leftovers of issue 14 (p14m): every problem of a bad row said at once; a membership's
retraction compared with the recorded one; every name of a city exported."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import new_database, run_cli, table_snapshot


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- every problem of a bad row ------------------------------------------------------------


def test_a_row_with_several_bad_cells_names_each_problem_by_its_column(seeded_db, tmp_path):
    path = _file(
        tmp_path,
        "cities.csv",
        "city,country,latitude,longitude,name_fa\n,ZZ,999,abc,\u200bیزد\nYazd,IR,91,,\n",
    )
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 1
    first, second, last = result.stderr.splitlines()
    assert first.startswith("line 2: 'city' is empty; country: no country 'ZZ'")
    for said in (
        "; name_fa: the city name contains the invisible character U+200B",
        "; latitude 999.0 is out of range",
        "; longitude 'abc' is not a number",
    ):
        assert said in first, first
    # A row with one problem says it as before, without its column in front.
    assert second == "line 3: latitude 91.0 is out of range: latitudes run from -90 to 90"
    assert last.startswith("Error: 2 of 2 rows are bad")
    assert table_snapshot(seeded_db) == before


def test_the_skip_bad_file_gives_every_problem_of_a_row_in_its_reason_cell(seeded_db, tmp_path):
    path = _file(
        tmp_path,
        "m.csv",
        "city,country,organization,status,from,source\nKermanshah,IR,AMF,membre,20x0,NOPE\n",
    )
    bad = tmp_path / "bad.csv"
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path), "--skip-bad", str(bad))
    assert result.exit_code == 0, result.output
    with bad.open(encoding="utf-8-sig", newline="") as f:
        (row,) = list(csv.DictReader(f))
    problems = row["citylinks:error"].split("; ")
    assert [p.split(":")[0].split(" ")[0] for p in problems] == ["status", "from"], problems
    said = next(line for line in result.stderr.splitlines() if line.startswith("line 2: "))
    assert said == "line 2: " + row["citylinks:error"]


# --- a membership's retraction compared --------------------------------------------------


def _export(db, tmp_path: Path, kind: str, name: str) -> Path:
    out = tmp_path / name
    result = run_cli(db, "export", "csv", kind, "--output", str(out))
    assert result.exit_code == 0, result.output
    return out


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _write_rows(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(rows)


def test_another_retraction_reason_is_a_change_not_already_recorded(seeded_db, tmp_path):
    retracted = run_cli(
        seeded_db, "member", "retract", "Bangkok", "AMF", "1", "--reason", "misread"
    )
    assert retracted.exit_code == 0, retracted.output
    rows = _rows(_export(seeded_db, tmp_path, "memberships", "m.csv"))
    (bangkok,) = [r for r in rows if r["city_key"] == "bangkok"]
    assert bangkok["retraction_reason"] == "misread" and bangkok["retracted"]
    bangkok["retraction_reason"] = "the release was about 2021"
    changed = tmp_path / "changed.csv"
    _write_rows(changed, rows)
    before = table_snapshot(seeded_db)
    refused = run_cli(seeded_db, "import", "csv", "memberships", str(changed))
    assert refused.exit_code == 1
    assert (
        "is recorded with retraction_reason 'misread', but the file gives 'the release was"
        " about 2021'" in refused.stderr
    )
    assert "`citylinks member unretract bangkok AMF 1` and `citylinks member retract" in (
        refused.stderr
    )
    assert table_snapshot(seeded_db) == before
    applied = run_cli(seeded_db, "import", "csv", "memberships", str(changed), "--overwrite")
    assert applied.exit_code == 0, applied.output
    assert "retraction_reason 'misread' → 'the release was about 2021'" in applied.stderr
    stored = seeded_db.rows(
        "SELECT p.retraction_reason FROM membership_phase p"
        " JOIN membership m ON m.id = p.membership_id JOIN city c ON c.id = m.city_id"
        " WHERE c.key = 'bangkok'"
    )
    assert stored == [("the release was about 2021",)]
    log = run_cli(seeded_db, "log", "--format", "csv")
    assert "misread" in log.stdout and "the release was about 2021" in log.stdout
    # Exported again, the file is as imported.
    assert _rows(_export(seeded_db, tmp_path, "memberships", "again.csv")) == rows


def test_a_retraction_of_a_phase_in_force_is_a_change(seeded_db, tmp_path):
    rows = _rows(_export(seeded_db, tmp_path, "memberships", "m.csv"))
    (bangkok,) = [r for r in rows if r["city_key"] == "bangkok"]
    bangkok["retracted"], bangkok["retraction_reason"] = "2026-01-31T12:00:00+00:00", "misread"
    changed = tmp_path / "changed.csv"
    _write_rows(changed, rows)
    refused = run_cli(seeded_db, "import", "csv", "memberships", str(changed))
    assert refused.exit_code == 1
    assert (
        "is recorded with retracted empty, but the file gives '2026-01-31T12:00:00+00:00'"
        in refused.stderr
    )
    applied = run_cli(seeded_db, "import", "csv", "memberships", str(changed), "--overwrite")
    assert applied.exit_code == 0, applied.output
    history = run_cli(seeded_db, "member", "history", "Bangkok", "AMF", "--with-retracted")
    assert "retracted: misread" in history.stdout


# --- every name of a city exported -------------------------------------------------------


def test_every_name_of_a_city_is_exported_and_an_export_imports_to_the_same_bytes(
    empty_db, backend, tmp_path, request
):
    new_db = new_database(backend, tmp_path, request)
    for db in (empty_db, new_db):
        for code in ("IR", "IQ"):
            assert run_cli(db, "country", "add", code).exit_code == 0
    assert run_cli(
        empty_db, "city", "add", "Tehran", "--country", "IR",
        "--name", "fa=تهران", "--name", "fa=طهران", "--name", "en=Teheran",
    ).exit_code == 0  # fmt: skip
    assert run_cli(
        empty_db, "city", "add", "Basra", "--country", "IQ",
        "--name", "ar=البصرة", "--name", "ar=بصرة",
    ).exit_code == 0  # fmt: skip
    # A city with no English name: its first name, Arabic, in the `city` column.
    assert run_cli(
        empty_db, "city", "add", "ar=كربلاء", "--name", "fa=کربلا", "--country", "IQ",
    ).exit_code == 0  # fmt: skip
    first = _export(empty_db, tmp_path, "cities", "first.csv")
    rows = {r["key"]: r for r in _rows(first)}
    assert rows["tehran"]["name_fa"] == "تهران\nطهران"
    assert rows["tehran"]["name_en"] == "Teheran"
    assert rows["basra"]["name_ar"] == "البصرة\nبصرة"
    assert rows["karbala"]["city"] == "كربلاء" and rows["karbala"]["name_ar"] == "كربلاء"
    stored = "SELECT c.key, n.lang, n.name, n.position FROM city_name n JOIN city c ON c.id = n.city_id ORDER BY c.key, n.position"
    imported = run_cli(new_db, "import", "csv", "cities", str(first))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == "loaded cities: 3 imported, 0 already recorded, 0 bad, of 3 rows\n"
    assert new_db.rows(stored) == empty_db.rows(stored)
    again = _export(new_db, tmp_path, "cities", "again.csv")
    assert again.read_bytes() == first.read_bytes()


def test_names_a_recorded_city_lacks_are_added_from_a_cell_of_several_and_counted(
    seeded_db, tmp_path
):
    path = _file(tmp_path, "c.csv", 'city,country,name_fa\nYazd,IR,"یزد\nشهر یزد\nدارالعباده"\n')
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 0, result.output
    names = seeded_db.rows(
        "SELECT n.name FROM city_name n JOIN city c ON c.id = n.city_id"
        " WHERE c.key = 'yazd' AND n.lang = 'fa' ORDER BY n.position"
    )
    assert [n for (n,) in names][-2:] == ["شهر یزد", "دارالعباده"]
    assert "; 2 names added to recorded cities" in result.stdout
