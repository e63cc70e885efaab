"""CSV exports of cities of one name import back (the `city_key` column), decimal commas
in numeric cells, and the message that lists the cities a row could be (issue 14, the
fresh-clone tester's findings)."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import new_database, run_cli, run_fa, table_snapshot

SLUGS = ("georgia", "illinois", "kentucky", "massachusetts", "missouri", "ohio", "oregon")


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _springfields(db, tmp_path: Path, slugs=SLUGS) -> None:
    assert run_cli(db, "country", "add", "US").exit_code == 0
    lines = ["city,country,key,region"] + [
        f"Springfield,US,springfield-{s},{s.title()}" for s in slugs
    ]
    path = _file(tmp_path, "springfields.csv", "\n".join(lines) + "\n")
    result = run_cli(db, "import", "csv", "cities", str(path))
    assert result.exit_code == 0, result.output


def _members(db, tmp_path: Path) -> None:
    """Each Springfield a member of AMF, named by its key in `city_key`."""
    lines = ["city,country,organization,status,from,source,city_key"] + [
        f"Springfield,US,AMF,member,{2000 + i},S0,springfield-{s}" for i, s in enumerate(SLUGS)
    ]
    path = _file(tmp_path, "members.csv", "\n".join(lines) + "\n")
    result = run_cli(db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("loaded memberships: 7 imported, 0 already recorded, 0 bad")


def _springfield_members(db) -> list[tuple]:
    return db.rows(
        "SELECT c.key, p.start_text FROM membership_phase p"
        " JOIN membership m ON m.id = p.membership_id JOIN city c ON c.id = m.city_id"
        " WHERE c.key LIKE 'springfield-%' ORDER BY c.key"
    )


def _refused(db, tmp_path: Path, kind: str, text: str) -> list[str]:
    """The lines of stderr of importing `text` as a `kind` file, which is refused and leaves
    the database as it was."""
    before = table_snapshot(db)
    result = run_cli(db, "import", "csv", kind, str(_file(tmp_path, "refused.csv", text)))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert table_snapshot(db) == before
    return result.stderr.splitlines()


def test_an_export_of_memberships_of_same_name_cities_imports_back(seeded_db, tmp_path, request):
    _springfields(seeded_db, tmp_path)
    _members(seeded_db, tmp_path)
    stored = _springfield_members(seeded_db)
    assert stored == [(f"springfield-{s}", str(2000 + i)) for i, s in enumerate(SLUGS)]

    exported = tmp_path / "memberships.csv"
    result = run_cli(seeded_db, "export", "csv", "memberships", "-o", str(exported))
    assert result.exit_code == 0, result.output
    with exported.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    springfields = [r for r in rows if r["city"] == "Springfield"]
    assert sorted(r["city_key"] for r in springfields) == [f"springfield-{s}" for s in SLUGS]

    # Into the database it came from: every row already recorded, nothing changed.
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "csv", "memberships", str(exported))
    assert result.exit_code == 0, result.output
    n = len(rows)
    assert f"memberships: 0 imported, {n} already recorded, 0 bad, of {n} rows" in result.stdout
    assert table_snapshot(seeded_db) == before

    # Into another database holding the cities (imported from the cities export).
    cities = tmp_path / "cities.csv"
    assert run_cli(seeded_db, "export", "csv", "cities", "-o", str(cities)).exit_code == 0
    other = new_database(seeded_db.backend, tmp_path, request, seeded=True)
    assert run_cli(other, "country", "add", "US").exit_code == 0
    assert run_cli(other, "import", "csv", "cities", str(cities)).exit_code == 0
    result = run_cli(other, "import", "csv", "memberships", str(exported))
    assert result.exit_code == 0, result.output
    assert (
        f"loaded memberships: 7 imported, {n - 7} already recorded, 0 bad, of {n} rows"
        in result.stdout
    )
    assert _springfield_members(other) == stored


def test_a_same_name_city_without_its_key_is_refused_with_every_key(seeded_db, tmp_path):
    _springfields(seeded_db, tmp_path)
    text = "city,country,organization,status,from,source\nSpringfield,US,AMF,member,2001,S0\n"
    assert _refused(seeded_db, tmp_path, "memberships", text)[0] == (
        "line 2: 'Springfield' matches 7 cities in US (springfield-georgia, springfield-illinois,"
        " springfield-kentucky, springfield-massachusetts, springfield-missouri,"
        " springfield-ohio, springfield-oregon): give the city's key in the `city_key` column"
    )
    result = run_fa(seeded_db, "import", "csv", "memberships", str(tmp_path / "refused.csv"))
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert "springfield-oregon" in first and "city_key" in first
    assert "matches" not in first and "give" not in first


def test_a_city_key_that_contradicts_the_row_is_refused(seeded_db, tmp_path):
    _springfields(seeded_db, tmp_path)
    errors = _refused(
        seeded_db,
        tmp_path,
        "memberships",
        "city,country,organization,status,from,source,city_key\n"
        "Shelbyville,US,AMF,member,2001,S0,springfield-ohio\n"
        "Springfield,IR,AMF,member,2001,S0,springfield-ohio\n",
    )
    assert errors[0] == (
        "line 2: 'Shelbyville' is not a name of the city of key 'springfield-ohio':"
        " correct the name or the key"
    )
    assert errors[1] == (
        "line 3: the city of key 'springfield-ohio' is in US, but the row's country is IR:"
        " correct one of them"
    )


def test_the_message_of_a_city_row_lists_every_key_up_to_ten(seeded_db, tmp_path):
    twelve = (*SLUGS, "tennessee", "vermont", "virginia", "minnesota", "nebraska")
    _springfields(seeded_db, tmp_path, twelve)
    listed = ", ".join(sorted(f"springfield-{s}" for s in twelve)[:10])
    assert _refused(seeded_db, tmp_path, "cities", "city,country\nSpringfield,US\n")[0] == (
        f"line 2: 'Springfield' in US could be any of 12 recorded cities ({listed} and 2 more):"
        " give the city's key in the `key` column, or its region or coordinates"
    )


def test_seven_cities_are_all_listed(seeded_db, tmp_path):
    _springfields(seeded_db, tmp_path)
    listed = ", ".join(f"springfield-{s}" for s in SLUGS)
    errors = _refused(seeded_db, tmp_path, "cities", "city,country\nSpringfield,US\n")
    assert f"could be any of 7 recorded cities ({listed}):" in errors[0]


def _coordinates(db, key: str) -> tuple:
    return db.rows(f"SELECT latitude, longitude FROM city WHERE key = '{key}'")[0]


def test_a_decimal_comma_is_read_in_a_semicolon_file(empty_db, tmp_path):
    assert run_cli(empty_db, "country", "add", "FR").exit_code == 0
    path = _file(
        tmp_path, "c.csv", "city;country;region;latitude;longitude\nLyon;FR;Rhône;45,76;4,84\n"
    )
    result = run_cli(empty_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 0, result.output
    assert _coordinates(empty_db, "lyon") == (45.76, 4.84)
    tab = _file(tmp_path, "t.csv", "city\tcountry\tlatitude\tlongitude\nNice\tFR\t43,70\t7,27\n")
    assert run_cli(empty_db, "import", "csv", "cities", str(tab)).exit_code == 0
    assert _coordinates(empty_db, "nice") == (43.7, 7.27)


def test_a_quoted_decimal_comma_is_read_in_a_comma_file(empty_db, tmp_path):
    assert run_cli(empty_db, "country", "add", "FR").exit_code == 0
    path = _file(tmp_path, "c.csv", 'city,country,latitude,longitude\nLyon,FR,"45,76","4,84"\n')
    result = run_cli(empty_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 0, result.output
    assert _coordinates(empty_db, "lyon") == (45.76, 4.84)


def test_a_number_with_two_separators_is_refused_as_written(empty_db, tmp_path):
    assert run_cli(empty_db, "country", "add", "FR").exit_code == 0
    text = "city;country;latitude\nLyon;FR;45,7,6\nNice;FR;43.7,0\n"
    errors = _refused(empty_db, tmp_path, "cities", text)
    assert errors[0] == "line 2: latitude '45,7,6' is not a number: give e.g. 31.6 or ۳۱٫۶"
    assert errors[1] == "line 3: latitude '43.7,0' is not a number: give e.g. 31.6 or ۳۱٫۶"


def test_sessions_and_attendance_of_same_name_cities_import_back(seeded_db, tmp_path):
    _springfields(seeded_db, tmp_path)
    sessions = _file(
        tmp_path,
        "s.csv",
        "organization,series,number,host,country,start,source,host_key\n"
        "AMF,general-assembly,90,Springfield,US,2030,S0,springfield-ohio\n",
    )
    result = run_cli(seeded_db, "import", "csv", "sessions", str(sessions))
    assert result.exit_code == 0, result.output
    attendance = _file(
        tmp_path,
        "a.csv",
        "organization,series,number,city,country,source,city_key\n"
        "AMF,general-assembly,90,Springfield,US,S0,springfield-oregon\n",
    )
    result = run_cli(seeded_db, "import", "csv", "attendance", str(attendance))
    assert result.exit_code == 0, result.output
    assert seeded_db.rows(
        "SELECT h.key, c.key FROM session s JOIN city h ON h.id = s.host_city_id"
        " JOIN attendance a ON a.session_id = s.id JOIN city c ON c.id = a.city_id"
        " WHERE s.number = 90"
    ) == [("springfield-ohio", "springfield-oregon")]
    before = table_snapshot(seeded_db)
    for kind in ("sessions", "attendance"):
        exported = tmp_path / f"{kind}-export.csv"
        assert run_cli(seeded_db, "export", "csv", kind, "-o", str(exported)).exit_code == 0
        result = run_cli(seeded_db, "import", "csv", kind, str(exported))
        assert result.exit_code == 0, result.output
        assert " 0 imported," in result.stdout and " 0 bad," in result.stdout
    assert table_snapshot(seeded_db) == before
