"""`citylinks import csv` / `export csv`: spreadsheets in and out."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import run_cli, table_snapshot

HEADER = "city,country,organization,status,from,to,source"
# Windows-1256 has no Persian digits: the names are made of words, 10 x 10 x 10 of them.
WORDS = ("باغ", "دشت", "کوه", "رود", "چشمه", "سرا", "گل", "ژاله", "پل", "قلعه")


def _persian_name(n: int) -> str:
    return " ".join(WORDS[int(d)] for d in f"{n - 1:03d}")


def _thousand_rows(tmp_path: Path, bad_lines: dict[int, str]) -> Path:
    """1,000 memberships with Persian names, saved as Windows-1256 the way Persian Excel saves
    them (Arabic yeh, CRLF); the data lines in `bad_lines` get the given bad cells."""
    lines = [HEADER]
    for n in range(1, 1001):
        line_no = n + 1
        name = _persian_name(n)
        row = [name, "IR", "AMF", "member", "1404-01-01", "", "S2"]
        if line_no in bad_lines:
            field, value = bad_lines[line_no].split("=", 1)
            row[
                ["city", "country", "organization", "status", "from", "to", "source"].index(field)
            ] = value
        lines.append(",".join(row))
    path = tmp_path / "members-1256.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").replace("ی", "ي").encode("cp1256"))
    return path


BAD = {
    17: "status=membre",
    250: "from=1404-13-01",
    501: "source=NOPE",
    777: "country=XX",
    1001: "organization=Nowhere Forum",
}


def test_a_thousand_cp1256_rows_with_bad_ones_are_reported_by_line_and_nothing_is_written(
    seeded_db, tmp_path
):
    path = _thousand_rows(tmp_path, BAD)
    before = table_snapshot(seeded_db)
    result = run_cli(
        seeded_db,
        "import",
        "csv",
        "memberships",
        str(path),
        "--encoding",
        "cp1256",
        "--create-missing",
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [f"line {n}" for n in sorted(BAD)]
    assert "status 'membre'" in lines[0]
    assert "month 13" in lines[1]
    assert "no source with key 'NOPE'" in lines[2]
    assert "no country 'XX'" in lines[3]
    assert "no organization matches 'Nowhere Forum'" in lines[4]
    assert lines[-1] == (
        "Error: 5 of 1000 rows are bad (listed above); nothing was written. Correct them, or"
        " rerun with --skip-bad FILE to write the good rows and set the bad ones aside"
    )
    assert table_snapshot(seeded_db) == before


def test_skip_bad_writes_the_good_rows_and_sets_the_bad_ones_aside(seeded_db, tmp_path):
    path = _thousand_rows(tmp_path, BAD)
    bad_file = tmp_path / "bad.csv"
    phases_before = seeded_db.scalar("SELECT count(*) FROM membership_phase")
    audit_before = seeded_db.scalar("SELECT count(*) FROM audit_log")
    result = run_cli(
        seeded_db,
        "import", "csv", "memberships", str(path),
        "--encoding", "cp1256", "--create-missing", "--skip-bad", str(bad_file),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.strip()
        == "loaded memberships: 995 imported, 0 already recorded, 5 bad, of 1000 rows"
    )
    assert "created 995 cities that matched no recorded name: باغ باغ باغ (IR)" in result.stderr
    assert seeded_db.scalar("SELECT count(*) FROM membership_phase") == phases_before + 995
    # Persian text stored with Persian yeh, the Jalali date kept as Jalali.
    assert (
        seeded_db.scalar(f"SELECT count(*) FROM city_name WHERE name = '{_persian_name(12)}'") == 1
    )
    assert (
        seeded_db.scalar("SELECT count(*) FROM membership_phase WHERE start_text = 'j:1404-01-01'")
        == 995
    )
    # One audit entry per inserted row: 995 cities, their names, memberships and phases.
    assert seeded_db.scalar("SELECT count(*) FROM audit_log") == audit_before + 4 * 995
    with bad_file.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["citylinks:line"]) for r in rows] == sorted(BAD)
    assert rows[0]["status"] == "membre" and "unknown status" in rows[0]["citylinks:error"]
    # Importing the same file again adds nothing.
    again = run_cli(
        seeded_db,
        "import", "csv", "memberships", str(path),
        "--encoding", "cp1256", "--skip-bad", str(tmp_path / "bad2.csv"),
    )  # fmt: skip
    assert "0 imported, 995 already recorded" in again.stdout
    assert seeded_db.scalar("SELECT count(*) FROM membership_phase") == phases_before + 995


def test_a_cp1256_file_read_as_utf8_names_the_encoding_option(seeded_db, tmp_path):
    path = _thousand_rows(tmp_path, {})
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {path} does not decode as utf-8-sig: if Excel saved it, rerun"
        " with --encoding cp1256 (Windows-1256)"
    ]
    assert table_snapshot(seeded_db) == before


def test_a_city_recorded_under_another_spelling_is_matched_not_duplicated(seeded_db, tmp_path):
    path = tmp_path / "m.csv"
    # Arabic yeh and kaf, as Arabic keyboards type them; a BOM, as Excel writes UTF-8.
    path.write_text(
        HEADER
        + "\nيزد,IR,LHC,withdrawn,2024,,L1\nكرمانشاه,IR,مجمع شهرداران آسيايي,observer,2001,2002,M1\n",
        encoding="utf-8-sig",
    )
    cities_before = seeded_db.scalar("SELECT count(*) FROM city")
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 0, result.output
    assert seeded_db.scalar("SELECT count(*) FROM city") == cities_before
    # The new phase closed Yazd's open LHC membership where it starts.
    assert seeded_db.rows(
        "SELECT p.position, p.status, p.start_text, p.end_text FROM membership_phase p"
        " JOIN membership m ON m.id = p.membership_id JOIN organization o ON o.id = m.organization_id"
        " JOIN city c ON c.id = m.city_id WHERE o.key = 'lhc' AND c.key = 'yazd' ORDER BY p.position"
    ) == [(1, "member", "2014", "2024"), (2, "withdrawn", "2024", "unknown")]
    assert (
        seeded_db.scalar(
            "SELECT count(*) FROM audit_log WHERE table_name = 'membership_phase' AND action = 'update'"
        )
        == 1
    )


def test_unknown_cities_are_rows_in_error_without_create_missing(seeded_db, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(HEADER + "\nKashan,IR,AMF,member,2020,,M1\n", encoding="utf-8")
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "line 2: no city 'Kashan' in IR: record it with `citylinks city add`, or rerun with"
        " --create-missing"
    )


def test_missing_and_unknown_columns_are_refused_with_the_column_list(seeded_db, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(
        "city,country,organisation,status,source\nYazd,IR,AMF,member,S0\n", encoding="utf-8"
    )
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 1
    assert "unknown column 'organisation' for memberships" in result.stderr


def test_phase_overlaps_are_bad_rows(seeded_db, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(HEADER + "\nYazd,IR,LHC,suspended,2010,2016,L1\n", encoding="utf-8")
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("line 2: the new phase (to 2016) overlaps")


def test_sessions_cities_and_attendance_import(seeded_db, tmp_path):
    cities = tmp_path / "cities.csv"
    cities.write_text(
        "city,country,name_fa,latitude,longitude,source\nKashan,IR,کاشان,33.98,51.44,M1\nYazd,IR,,,,\n",
        encoding="utf-8",
    )
    result = run_cli(seeded_db, "import", "csv", "cities", str(cities))
    assert (
        result.stdout.strip() == "loaded cities: 1 imported, 1 already recorded, 0 bad, of 2 rows"
    )
    assert seeded_db.rows(
        "SELECT lang, name FROM city_name n JOIN city c ON c.id = n.city_id WHERE c.key = 'kashan' ORDER BY position"
    ) == [
        ("en", "Kashan"),
        ("fa", "کاشان"),
    ]
    sessions = tmp_path / "sessions.csv"
    sessions.write_text(
        "organization,series,number,host,country,start,end,source\n"
        "AMF,general-assembly,8,کاشان,IR,1407,,M1\n"
        "AMF,general-assembly,7,Tehran,IR,2025-11-28,2025-11-28,M1\n",
        encoding="utf-8",
    )
    result = run_cli(seeded_db, "import", "csv", "sessions", str(sessions))
    assert (
        result.stdout.strip() == "loaded sessions: 1 imported, 1 already recorded, 0 bad, of 2 rows"
    )
    attendance = tmp_path / "attendance.csv"
    attendance.write_text(
        "organization,series,number,city,country,role,source\nAMF,general-assembly,8,Yazd,IR,,M1\n",
        encoding="utf-8",
    )
    result = run_cli(seeded_db, "import", "csv", "attendance", str(attendance))
    assert result.exit_code == 0, result.output
    assert seeded_db.rows(
        "SELECT s.number, a.role FROM attendance a JOIN session s ON s.id = a.session_id"
        " JOIN city c ON c.id = a.city_id WHERE c.key = 'yazd' ORDER BY s.number"
    ) == [(7, "delegation"), (8, "delegation")]


def test_export_neutralises_formulas_unless_raw(seeded_db, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(
        "city,country,organization,status,from,source,note\n"
        'Sari,IR,LHC,member,2001,L1,"=HYPERLINK(""http://x"")"\n',
        encoding="utf-8",
    )
    assert run_cli(seeded_db, "import", "csv", "memberships", str(path)).exit_code == 0
    safe = run_cli(seeded_db, "export", "csv", "memberships")
    assert safe.stdout.startswith(
        "\ufeffcity,country,organization,status,from,to,reason,note,source"
    )
    assert "'=HYPERLINK" in safe.stdout
    raw = run_cli(seeded_db, "export", "csv", "memberships", "--raw")
    assert ',"=HYPERLINK(""http://x"")",' in raw.stdout and "'=HYPERLINK" not in raw.stdout


def test_export_then_import_of_every_kind_changes_nothing(seeded_db, tmp_path):
    before = table_snapshot(seeded_db)
    for kind in ("cities", "sessions", "memberships", "attendance"):
        path = tmp_path / f"{kind}.csv"
        assert run_cli(seeded_db, "export", "csv", kind, "-o", str(path)).exit_code == 0
        result = run_cli(seeded_db, "import", "csv", kind, str(path))
        assert result.exit_code == 0, result.output
        assert " 0 imported" in result.stdout and " 0 bad" in result.stdout
    assert table_snapshot(seeded_db) == before


def test_help_documents_the_columns():
    result = run_cli(None, "import", "csv", "--help")
    assert "memberships: city*, country*, organization*, status*, from, to" in result.stdout
    assert "--encoding" in result.stdout and "cp1256" in result.stdout
    result = run_cli(None, "export", "csv", "--help")
    assert "--raw" in result.stdout and "formula" in result.stdout


def test_the_skip_bad_file_keeps_every_cell_and_imports_again_once_corrected(
    seeded_cli, seeded_db, tmp_path
):
    path, bad = tmp_path / "m.csv", tmp_path / "bad.csv"
    path.write_text(
        "city,country,organization,status,from,to,reason,note,source\n"
        "Isfahan,IR,AMF,membre,2020,,Joined at the Tehran meeting,my note,M1\n",
        encoding="utf-8",
    )
    result = seeded_cli("import", "csv", "memberships", str(path), "--skip-bad", str(bad))
    assert result.exit_code == 0, result.output
    with bad.open(encoding="utf-8-sig", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["reason"] == "Joined at the Tehran meeting" and row["note"] == "my note"
    assert row["citylinks:line"] == "2" and "unknown status 'membre'" in row["citylinks:error"]
    # Corrected as an officer would, in place, and imported as it is.
    bad.write_text(bad.read_text(encoding="utf-8-sig").replace("membre", "member"), "utf-8")
    again = seeded_cli("import", "csv", "memberships", str(bad))
    assert again.exit_code == 0, again.output
    assert "1 imported" in again.stdout
    assert (
        seeded_db.scalar(
            "SELECT count(*) FROM membership_phase WHERE reason = 'Joined at the Tehran meeting'"
        )
        == 1
    )
