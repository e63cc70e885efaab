"""CSV files imported again lose nothing and change nothing unsaid (issue 14, the fresh-clone
tester's findings): a membership history the import closed is found again; a row that
differs from the recorded one is refused naming the field (or replaced with --overwrite,
logged); a source the record lacks is added; a city is never recorded twice at a session;
every name column is kept in its language, and exported back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import new_database, run_cli, table_snapshot

MEMBERSHIP_HEADER = (
    "city,country,organization,status,from,to,reason,note,source,retracted,"
    "retraction_reason,city_key\n"
)


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(db, kind: str, path: Path, *options: str):
    return run_cli(db, "import", "csv", kind, str(path), *options)


def _refused(db, kind: str, path: Path) -> str:
    """The first line of stderr of importing `path`, which is refused and changes nothing."""
    before = table_snapshot(db)
    result = _import(db, kind, path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert table_snapshot(db) == before
    return result.stderr.splitlines()[0]


def _qazvin_phases(db) -> list[tuple]:
    return db.rows(
        "SELECT p.position, p.status, p.start_text, p.end_text, p.note FROM membership_phase p"
        " JOIN membership m ON m.id = p.membership_id JOIN city c ON c.id = m.city_id"
        " JOIN organization o ON o.id = m.organization_id"
        " WHERE c.key = 'qazvin' AND o.key = 'amf' ORDER BY p.position"
    )


def _history(db, tmp_path: Path) -> Path:
    """Qazvin's own history of AMF, imported once: cooperating from 2010, member from 2015."""
    path = _file(
        tmp_path,
        "hist2.csv",
        MEMBERSHIP_HEADER
        + "Qazvin,IR,AMF,cooperating,2010,,,,S1,,,\nQazvin,IR,AMF,member,2015,,,,S1,,,\n",
    )
    result = _import(db, "memberships", path)
    assert result.stdout == "loaded memberships: 2 imported, 0 already recorded, 0 bad, of 2 rows\n"
    assert _qazvin_phases(db) == [
        (1, "cooperating", "2010", "2015", None),
        (2, "member", "2015", "unknown", None),
    ]
    return path


def test_a_membership_history_imports_twice_with_nothing_written(seeded_db, tmp_path):
    path = _history(seeded_db, tmp_path)
    before = table_snapshot(seeded_db)
    result = _import(seeded_db, "memberships", path)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == "nothing was changed: memberships: 0 imported, 2 already recorded, 0 bad, of 2 rows\n"
    )
    assert result.stderr == ""
    assert table_snapshot(seeded_db) == before


def test_a_membership_row_with_another_note_is_refused_or_overwritten(seeded_db, tmp_path):
    _history(seeded_db, tmp_path)
    changed = _file(
        tmp_path,
        "noted.csv",
        MEMBERSHIP_HEADER + "Qazvin,IR,AMF,cooperating,2010,,,a new note,S1,,,\n",
    )
    assert _refused(seeded_db, "memberships", changed) == (
        "line 2: the phase 'cooperating' from 2010 is recorded with note empty, but the file"
        " gives 'a new note': correct the file, change the record with `citylinks member edit"
        " Qazvin AMF 1`, or add --overwrite to replace it (the log keeps the old value)"
    )

    result = _import(seeded_db, "memberships", changed, "--overwrite")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "loaded memberships: 0 imported, 1 already recorded, 0 bad, of 1 rows;"
        " 1 recorded rows changed (--overwrite)\n"
    )
    assert (
        "1 recorded row changed as the file gives it (--overwrite): line 2: note empty →"
        " 'a new note'"
    ) in result.stderr
    assert _qazvin_phases(seeded_db)[0] == (1, "cooperating", "2010", "2015", "a new note")
    logged = seeded_db.rows(
        "SELECT before, after FROM audit_log WHERE table_name = 'membership_phase'"
        " AND action = 'update' ORDER BY id DESC"
    )[0]
    # (a JSON column: text on SQLite and MariaDB, read as a dict on PostgreSQL)
    logged = [x if isinstance(x, dict) else json.loads(x) for x in logged]
    assert logged == [{"note": None}, {"note": "a new note"}]


def test_a_membership_row_citing_another_source_adds_the_citation(seeded_db, tmp_path):
    _history(seeded_db, tmp_path)
    other = _file(tmp_path, "s2.csv", MEMBERSHIP_HEADER + "Qazvin,IR,AMF,member,2015,,,,S2,,,\n")
    result = _import(seeded_db, "memberships", other)
    assert result.exit_code == 0, result.output
    assert result.stdout == "loaded memberships: 0 imported, 1 already recorded, 0 bad, of 1 rows\n"
    assert "1 recorded row now also cites the row's sources: line 2: S2" in result.stderr
    assert seeded_db.rows(
        "SELECT s.key FROM membership_phase_source ps JOIN source s ON s.id = ps.source_id"
        " JOIN membership_phase p ON p.id = ps.membership_phase_id"
        " JOIN membership m ON m.id = p.membership_id JOIN city c ON c.id = m.city_id"
        " WHERE c.key = 'qazvin' AND p.status = 'member' ORDER BY s.key"
    ) == [("S1",), ("S2",)]
    # Imported again: nothing more to add.
    before = table_snapshot(seeded_db)
    assert _import(seeded_db, "memberships", other).stderr == ""
    assert table_snapshot(seeded_db) == before


def _exported(db, tmp_path: Path, kind: str) -> list[list[str]]:
    path = tmp_path / f"{kind}.csv"
    assert run_cli(db, "export", "csv", kind, "-o", str(path)).exit_code == 0
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _written(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_a_session_row_with_another_venue_or_theme_is_refused_or_overwritten(seeded_db, tmp_path):
    rows = _exported(seeded_db, tmp_path, "sessions")
    header, first = rows[0], rows[1]
    venue, theme = header.index("venue"), header.index("theme")
    assert first[:3] == ["AMF", "general-assembly", "1"] and first[venue] == "Milad Tower"
    first[venue], first[theme] = "Milad Hall", "A theme"
    path = _written(tmp_path, "changed.csv", [header, first])
    assert _refused(seeded_db, "sessions", path) == (
        "line 2: session 1 of this series is recorded with venue 'Milad Tower', but the file"
        " gives 'Milad Hall': correct the file, change the record with `citylinks session edit"
        " AMF 1 --series general-assembly`, or add --overwrite to replace it (the log keeps"
        " the old value)"
    )

    result = _import(seeded_db, "sessions", path, "--overwrite")
    assert result.exit_code == 0, result.output
    assert "line 2: venue 'Milad Tower' → 'Milad Hall', theme empty → 'A theme'" in (result.stderr)
    assert seeded_db.rows(
        "SELECT s.venue, s.theme, s.version FROM session s JOIN meeting_series m"
        " ON m.id = s.series_id WHERE m.key = 'general-assembly' AND s.number = 1"
    ) == [("Milad Hall", "A theme", 2)]


def test_an_attendance_row_with_another_role_is_refused_never_recorded_twice(seeded_db, tmp_path):
    rows = _exported(seeded_db, tmp_path, "attendance")
    header, first = rows[0], rows[1]
    assert first[:6] == ["AMF", "general-assembly", "1", "Tehran", "IR", "host"]
    first[header.index("role")] = "guest"
    path = _written(tmp_path, "guest.csv", [header, first])
    query = (
        "SELECT a.role FROM attendance a JOIN session s ON s.id = a.session_id"
        " JOIN meeting_series m ON m.id = s.series_id JOIN city c ON c.id = a.city_id"
        " WHERE m.key = 'general-assembly' AND s.number = 1 AND c.key = 'tehran'"
    )
    assert _refused(seeded_db, "attendance", path) == (
        "line 2: Tehran's attendance is recorded with role 'host', but the file gives 'guest':"
        " correct the file, change the record with `citylinks attend edit AMF 1 tehran"
        " --series general-assembly`, or add --overwrite to replace it (the log keeps the old"
        " value)"
    )
    result = _import(seeded_db, "attendance", path, "--overwrite")
    assert result.exit_code == 0, result.output
    assert seeded_db.rows(query) == [("guest",)]


def test_every_name_column_is_kept_in_its_language(seeded_db, tmp_path):
    new = _file(tmp_path, "arak.csv", "city,country,name_ar,name_fa\nArak,IR,أراك,اراک\n")
    result = _import(seeded_db, "cities", new)
    assert result.exit_code == 0, result.output
    assert result.stdout == "loaded cities: 1 imported, 0 already recorded, 0 bad, of 1 rows\n"
    names = (
        "SELECT n.lang, n.name, n.kind FROM city_name n JOIN city c ON c.id = n.city_id"
        " WHERE c.key = '{key}' ORDER BY n.position"
    )
    assert seeded_db.rows(names.format(key="arak")) == [
        ("en", "Arak", "official"),
        ("ar", "أراك", "official"),
        ("fa", "اراک", "official"),
    ]
    # A recorded city: the Arabic name is added, and said.
    recorded = _file(tmp_path, "yazd.csv", "city,country,name_ar\nYazd,IR,يزد\n")
    result = _import(seeded_db, "cities", recorded)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "loaded cities: 0 imported, 1 already recorded, 0 bad, of 1 rows; 1 names added to recorded"
        " cities\n"
    )
    assert "1 names added to recorded cities: يزد (ar) to Yazd (IR)" in result.stderr
    assert seeded_db.rows(names.format(key="yazd"))[-1] == ("ar", "يزد", "official")
    before = table_snapshot(seeded_db)
    assert _import(seeded_db, "cities", recorded).stderr == ""
    assert table_snapshot(seeded_db) == before


def test_the_cities_export_has_a_column_per_language_and_imports_back(
    seeded_db, backend, tmp_path, request
):
    path = _file(
        tmp_path,
        "arak.csv",
        "city,country,name_ar,name_fa,name_de,source\nArak,IR,أراك,اراک,Arak (de),M1\n",
    )
    assert _import(seeded_db, "cities", path).exit_code == 0
    rows = _exported(seeded_db, tmp_path, "cities")
    header = rows[0]
    assert header[:8] == [
        "city",
        "country",
        "key",
        "name_fa",
        "region",
        "latitude",
        "longitude",
        "source",
    ]
    assert {"name_ar", "name_de"} <= set(header[8:])
    arak = dict(zip(header, next(r for r in rows if r[2] == "arak"), strict=True))
    assert (arak["name_fa"], arak["name_ar"], arak["name_de"]) == ("اراک", "أراك", "Arak (de)")
    exported = tmp_path / "cities.csv"
    # Into the database it came from: every row already recorded, nothing written.
    before = table_snapshot(seeded_db)
    result = _import(seeded_db, "cities", exported)
    assert result.exit_code == 0, result.output
    assert ", 0 bad," in result.stdout and "names added" not in result.stdout
    assert table_snapshot(seeded_db) == before
    # Into another database: the new city with every name, and the same export.
    elsewhere = new_database(backend, tmp_path, request, seeded=True)
    result = _import(elsewhere, "cities", exported)
    assert result.exit_code == 0, result.output
    assert elsewhere.rows(
        "SELECT n.lang, n.name FROM city_name n JOIN city c ON c.id = n.city_id"
        " WHERE c.key = 'arak' ORDER BY n.position"
    ) == [("en", "Arak"), ("fa", "اراک"), ("ar", "أراك"), ("de", "Arak (de)")]
    assert (
        run_cli(elsewhere, "export", "csv", "cities").stdout
        == run_cli(seeded_db, "export", "csv", "cities").stdout
    )


def test_a_row_repeated_in_the_file_is_said_repeated_not_already_recorded(seeded_db, tmp_path):
    row = "Qazvin,IR,AMF,member,2015,,,,S1,,,\n"
    path = _file(tmp_path, "twice.csv", MEMBERSHIP_HEADER + row + row)
    result = _import(seeded_db, "memberships", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "loaded memberships: 1 imported, 0 already recorded, 0 bad, of 2 rows; 1 repeated (line 3)\n"
    )
    assert "1 row repeats an earlier row, and is read once: line 3 repeats line 2" in (
        result.stderr
    )
    assert _qazvin_phases(seeded_db) == [(1, "member", "2015", "unknown", None)]
    # Attendance: a repeat is read once; the same city in another role is refused.
    header = "organization,series,number,city,country,role,source\n"
    row = "AMF,general-assembly,1,Qazvin,IR,observer,S1\n"
    path = _file(tmp_path, "at.csv", header + row + row)
    result = _import(seeded_db, "attendance", path)
    assert result.stdout == (
        "loaded attendance: 1 imported, 0 already recorded, 0 bad, of 2 rows; 1 repeated (line 3)\n"
    )
    before = table_snapshot(seeded_db)
    path = _file(
        tmp_path,
        "at2.csv",
        header
        + row.replace("AMF,general-assembly,1", "AMF,general-assembly,2") * 1
        + row.replace("AMF,general-assembly,1", "AMF,general-assembly,2").replace(
            "observer", "guest"
        ),
    )
    result = _import(seeded_db, "attendance", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "line 3: Qazvin is on line 2 too, at the same session, with another role or note:"
        " keep one row"
    )
    assert table_snapshot(seeded_db) == before


def test_a_new_namesake_notice_says_how_many_more_it_was_told_apart_from(seeded_db, tmp_path):
    assert run_cli(seeded_db, "country", "add", "US").exit_code == 0
    states = [f"State{i:02d}" for i in range(12)]
    path = _file(
        tmp_path,
        "twelve.csv",
        "city,country,region\n" + "".join(f"Springfield,US,{s}\n" for s in states),
    )
    assert _import(seeded_db, "cities", path).exit_code == 0
    path = _file(tmp_path, "one.csv", "city,country,region\nSpringfield,US,Another\n")
    result = _import(seeded_db, "cities", path)
    assert result.exit_code == 0, result.output
    assert (
        "Springfield (US, line 2) beside springfield, springfield-state01, springfield-state02"
        " and 9 more"
    ) in result.stderr
