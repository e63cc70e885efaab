"""The CSV door, as a fresh-clone tester left it (issue 14): a --skip-bad file read again with
the --encoding of the file it came from (its UTF-8 byte order mark wins), the line a row that
spans several lines starts on (LF and CRLF files), and a city's exact key or id winning over
a name other cities share, as it does for a command."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import run_cli, table_snapshot


def _file(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _bad_rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def _phases(db, city_key: str) -> list[tuple]:
    return db.rows(
        "SELECT o.key, p.status, p.start_text, p.reason FROM membership_phase p"
        " JOIN membership m ON m.id = p.membership_id"
        " JOIN city c ON c.id = m.city_id JOIN organization o ON o.id = m.organization_id"
        f" WHERE c.key = '{city_key}' ORDER BY o.key, p.position"
    )


# --- a UTF-8 byte order mark wins over --encoding ------------------------------------------


def test_a_skip_bad_file_of_a_cp1256_file_is_read_again_with_cp1256_as_utf8_and_said_so(
    seeded_db, tmp_path
):
    # Persian Excel's "CSV": Windows-1256 (Arabic yeh), the reason in Persian.
    path = _file(
        tmp_path,
        "m.csv",
        "city,country,organization,status,from,reason,source\r\n"
        "Kermanshah,IR,AMF,membre,2020,پيوستن در نشست تهران,M1\r\n",
        encoding="cp1256",
    )
    bad = tmp_path / "bad.csv"
    result = run_cli(
        seeded_db, "import", "csv", "memberships", str(path),
        "--encoding", "cp1256", "--skip-bad", str(bad),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == "nothing was changed: memberships: 0 imported, 0 already recorded, 1 bad, of 1 rows\n"
    )
    assert bad.read_bytes().startswith(b"\xef\xbb\xbfcity,")
    bad.write_text(
        bad.read_text(encoding="utf-8-sig").replace("membre", "member"), encoding="utf-8-sig"
    )
    # Imported again as the officer imported its source: the same --encoding.
    again = run_cli(seeded_db, "import", "csv", "memberships", str(bad), "--encoding", "cp1256")
    assert again.exit_code == 0, again.output
    assert again.stderr.splitlines() == [
        f"{bad} starts with a UTF-8 byte order mark, so it is read as UTF-8, not as"
        " cp1256: --encoding is not needed for it (a --skip-bad file is UTF-8 whatever the"
        " encoding of the file it came from)"
    ]
    assert "ï»" not in again.output
    assert again.stdout == "loaded memberships: 1 imported, 0 already recorded, 0 bad, of 1 rows\n"
    assert ("amf", "member", "2020", "پیوستن در نشست تهران") in _phases(seeded_db, "kermanshah")


def test_a_bom_file_with_a_bad_row_says_how_it_was_read_before_the_row(seeded_db, tmp_path):
    path = _file(
        tmp_path, "m.csv", "\ufeffcity,country,organization,status,source\nSari,IR,AMF,x,M1\n"
    )
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path), "--encoding", "cp1256")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path} starts with a UTF-8 byte order mark, so it is read")
    assert lines[1].startswith("line 2: unknown status 'x'")
    assert lines[2].startswith("Error: 1 of 1 rows are bad")
    assert table_snapshot(seeded_db) == before


def test_a_bom_file_read_with_utf8_or_the_default_says_nothing_of_its_encoding(seeded_db, tmp_path):
    path = _file(
        tmp_path, "c.csv", "\ufeffcity,country,region,source\nNeyshabur,IR,خراسان رضوی,M1\n"
    )
    for given in (("--encoding", "utf-8"), ("--encoding", "UTF8"), ()):
        result = run_cli(seeded_db, "import", "csv", "cities", str(path), *given)
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
    assert seeded_db.scalar("SELECT region FROM city WHERE key = 'neyshabur'") == "خراسان رضوی"


def test_a_bom_file_that_is_not_utf8_after_it_is_refused_in_one_line(seeded_db, tmp_path):
    # A UTF-8 mark, then Windows-1256 text: a file that mixes encodings.
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\xef\xbb\xbfcity,country,region\r\n" + "Qom,IR,قم\r\n".encode("cp1256"))
    before = table_snapshot(seeded_db)
    for given in (("--encoding", "cp1256"), ()):
        result = run_cli(seeded_db, "import", "csv", "cities", str(path), *given)
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"Error: {path} starts with a UTF-8 byte order mark but does not decode as UTF-8:"
            " it mixes encodings; open it in a text editor or spreadsheet and save it again"
            " as UTF-8 (Excel: CSV UTF-8)"
        ]
    assert table_snapshot(seeded_db) == before


# --- the line a row starts on ---------------------------------------------------------------

MULTILINE = (
    "city,country,organization,status,from,reason,source\n"
    'Kermanshah,IR,AMF,membre,2020,"Joined at\nthe Tehran\nmeeting",M1\n'
    "Sari,IR,LHC,member,2001,,L1\n"
    "\n"
    'Yazd,IR,AMF,membre,,"one\nmore",M1\n'
    "Nowhere,IR,AMF,member,2001,,M1\n"
)


def test_a_row_spanning_lines_is_named_by_the_line_it_starts_on(seeded_db, tmp_path):
    for ending in ("\n", "\r\n"):
        path = _file(tmp_path, "m.csv", MULTILINE.replace("\n", ending))
        before = table_snapshot(seeded_db)
        result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
        assert result.exit_code == 1
        lines = [line.split(":")[0] for line in result.stderr.splitlines()]
        # Kermanshah starts on line 2 (to line 4), Sari on 5, a blank line 6, Yazd on 7
        # (to 8), Nowhere on 9: as a text editor numbers them, whatever the line ending.
        assert lines == ["line 2", "line 7", "line 9", "Error"], result.stderr
        assert "no city 'Nowhere' in IR" in result.stderr
        assert table_snapshot(seeded_db) == before


def test_the_skip_bad_file_names_the_line_each_row_starts_on_and_imports_again(seeded_db, tmp_path):
    path = _file(tmp_path, "m.csv", MULTILINE.replace("\n", "\r\n"))
    bad = tmp_path / "bad.csv"
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path), "--skip-bad", str(bad))
    assert result.exit_code == 0, result.output
    assert result.stdout == "loaded memberships: 1 imported, 0 already recorded, 3 bad, of 4 rows\n"
    rows = _bad_rows(bad)
    assert [(r["city"], r["citylinks:line"]) for r in rows] == [
        ("Kermanshah", "2"),
        ("Yazd", "7"),
        ("Nowhere", "9"),
    ]
    # The cells that span lines are kept as written, line breaks and all.
    assert rows[0]["reason"] == "Joined at\r\nthe Tehran\r\nmeeting"
    # Corrected, the bad file's own lines are named as an editor shows that file.
    bad.write_text(
        bad.read_text(encoding="utf-8-sig").replace("Yazd,IR,AMF,membre", "Yazd,IR,AMF,member"),
        encoding="utf-8-sig",
        newline="",
    )
    again = run_cli(seeded_db, "import", "csv", "memberships", str(bad))
    assert again.exit_code == 1
    assert [line.split(":")[0] for line in again.stderr.splitlines()] == [
        "line 2",
        "line 5",
        "line 7",
        "Error",
    ]


def test_rows_told_together_and_repeats_name_their_first_lines(seeded_db, tmp_path):
    assert run_cli(seeded_db, "country", "add", "US").exit_code == 0
    path = _file(
        tmp_path,
        "c.csv",
        "city,country,region,source\r\n"
        'Qom,IR,"Qom\r\nProvince",S0\r\n'
        "Springfield,US,,S0;M1\r\n"
        "Springfield,US,,S0\r\n"
        "Shelbyville,US,,S0\r\n"
        "Shelbyville,US,,S0\r\n",
    )
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "line 2: the region contains the control character U+000D (carriage return) at"
        " character 4; remove it",
        "lines 4 and 5: 'Springfield' in US: nothing tells these rows apart (a different key,"
        " region or coordinates), yet their cells differ: give each row its key, or keep one",
    ]
    assert table_snapshot(seeded_db) == before
    bad = tmp_path / "bad.csv"
    result = run_cli(seeded_db, "import", "csv", "cities", str(path), "--skip-bad", str(bad))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "loaded cities: 1 imported, 0 already recorded, 3 bad, of 5 rows; 1 repeated (line 7)\n"
    )
    assert "1 row repeats an earlier row, and is read once: line 7 repeats line 6" in (
        result.stderr
    )
    assert [r["citylinks:line"] for r in _bad_rows(bad)] == ["2", "4", "5"]
    assert seeded_db.scalar("SELECT count(*) FROM city_name WHERE name = 'Shelbyville'") == 1


def test_a_cell_under_an_unnamed_column_names_the_line_its_row_starts_on(seeded_db, tmp_path):
    path = _file(
        tmp_path,
        "c.csv",
        'city,country,region,\r\nQom,IR,"Qom\r\nProvince",\r\nKashan,IR,"Isfahan\r\nProvince",x\r\n',
    )
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {path}: line 4: column 4 has no name in the header but holds 'x': name the"
        " column in the header, or delete it"
    ]
    assert table_snapshot(seeded_db) == before


# --- an exact key or id wins over a shared name --------------------------------------------


def _namesakes(db, tmp_path: Path) -> None:
    """Two cities named Qods in Iran (keys qods and qods-west), and Nour (key nur) beside
    a city named Nur (key nur-mazandaran)."""
    path = _file(
        tmp_path,
        "cities.csv",
        "city,country,key,region\n"
        "Qods,IR,qods,Tehran\n"
        "Qods,IR,qods-west,Kermanshah\n"
        "Nour,IR,nur,Tehran\n"
        "Nur,IR,nur-mazandaran,Mazandaran\n",
    )
    result = run_cli(db, "import", "csv", "cities", str(path))
    assert result.stdout == "loaded cities: 4 imported, 0 already recorded, 0 bad, of 4 rows\n", (
        result.output
    )


def test_a_citys_exact_key_wins_over_a_name_other_cities_share(seeded_db, tmp_path):
    _namesakes(seeded_db, tmp_path)
    path = _file(
        tmp_path,
        "m.csv",
        "city,country,organization,status,from,source\n"
        "qods,IR,AMF,member,2020,M1\n"
        "nur,IR,AMF,member,2021,M1\n",
    )
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "loaded memberships: 2 imported, 0 already recorded, 0 bad, of 2 rows\n"
    assert _phases(seeded_db, "qods") == [("amf", "member", "2020", None)]
    assert _phases(seeded_db, "nur") == [("amf", "member", "2021", None)]
    assert _phases(seeded_db, "qods-west") == _phases(seeded_db, "nur-mazandaran") == []
    # The command door gives the same answer for the same values.
    for typed, key in (("qods", "qods"), ("nur", "nur"), ("Nur", "nur-mazandaran")):
        shown = run_cli(seeded_db, "city", "show", typed)
        assert shown.exit_code == 0, shown.output
        assert shown.stdout.startswith(f"City {key}:"), shown.stdout


def test_a_citys_id_wins_as_for_a_command_and_only_as_a_command_reads_one(seeded_db, tmp_path):
    _namesakes(seeded_db, tmp_path)
    qods = seeded_db.scalar("SELECT id FROM city WHERE key = 'qods'")
    path = _file(
        tmp_path,
        "m.csv",
        f"city,country,organization,status,from,source\n#{qods},IR,AMF,member,2020,M1\n",
    )
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 0, result.output
    assert _phases(seeded_db, "qods") == [("amf", "member", "2020", None)]
    assert run_cli(seeded_db, "city", "show", f"#{qods}").stdout.startswith("City qods:")


def test_a_name_two_cities_share_is_refused_with_their_keys_and_the_key_chooses(
    seeded_db, tmp_path
):
    _namesakes(seeded_db, tmp_path)
    before = table_snapshot(seeded_db)
    path = _file(
        tmp_path,
        "m.csv",
        "city,country,organization,status,from,source\nQods,IR,AMF,member,2020,M1\n",
    )
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "line 2: 'Qods' matches 2 cities in IR (qods, qods-west): give the city's key in the"
        " `city_key` column"
    )
    assert table_snapshot(seeded_db) == before
    shown = run_cli(seeded_db, "city", "show", "Qods")
    assert shown.exit_code == 1 and "matches 2 cities in IR" in shown.stderr
    # The key, in `city_key` or in place of the name, chooses.
    keyed = _file(
        tmp_path,
        "k.csv",
        "city,country,organization,status,from,source,city_key\n"
        "Qods,IR,AMF,member,2020,M1,qods-west\n"
        "qods,IR,LHC,member,2019,L1,\n",
    )
    result = run_cli(seeded_db, "import", "csv", "memberships", str(keyed))
    assert result.exit_code == 0, result.output
    assert _phases(seeded_db, "qods-west") == [("amf", "member", "2020", None)]
    assert _phases(seeded_db, "qods") == [("lhc", "member", "2019", None)]


# --- the same value, the same answer by the command and the CSV door --------------------------


def _two_doors(request, backend, tmp_path):
    """Two databases alike: one for the command door, one for the CSV door."""
    from conftest import new_database

    return (
        new_database(backend, tmp_path / "command", request, seeded=True),
        new_database(backend, tmp_path / "csv", request, seeded=True),
    )


def _phase_rows(db) -> list[tuple]:
    return db.rows(
        "SELECT c.key, o.key, p.status, p.start_text, p.start_earliest, p.start_latest"
        " FROM membership_phase p JOIN membership m ON m.id = p.membership_id"
        " JOIN city c ON c.id = m.city_id JOIN organization o ON o.id = m.organization_id"
        " WHERE c.key IN ('khorramabad', 'kermanshah', 'sari') ORDER BY c.key, o.key, p.position"
    )


def test_persian_values_of_a_membership_get_the_same_answer_by_both_doors(
    backend, tmp_path, request
):
    typed = [
        # a name with a ZWNJ written with a space, Arabic kaf, Arabic yeh; a Persian status,
        # Persian digits, a Jalali year and «early 1404»
        ("خرم آباد", "AMF", "عضو", "۲۰۲۰"),
        ("كرمانشاه", "AMF", "ناظر", "اوایل ۱۴۰۴"),
        ("ساري", "AMF", "member", "۱۴۰۴/۰۶/۱۰"),
    ]
    (tmp_path / "command").mkdir()
    (tmp_path / "csv").mkdir()
    command, spreadsheet = _two_doors(request, backend, tmp_path)
    for city, org, status, start in typed:
        result = run_cli(
            command, "member", "record", city, org, status, "--from", start, "--source", "M1"
        )
        assert result.exit_code == 0, result.output
    path = _file(
        tmp_path,
        "m.csv",
        "city,country,organization,status,from,source\n"
        + "".join(f"{c},IR,{o},{s},{f},M1\n" for c, o, s, f in typed),
    )
    result = run_cli(spreadsheet, "import", "csv", "memberships", str(path))
    assert result.exit_code == 0, result.output
    stored = _phase_rows(command)
    assert [r[:4] for r in stored if r[1] == "amf"] == [
        ("kermanshah", "amf", "observer", "early j:1404"),
        ("khorramabad", "amf", "member", "2020"),
        ("sari", "amf", "member", "j:1404-06-10"),
    ]
    assert _phase_rows(spreadsheet) == stored


def test_a_session_number_and_coordinates_get_the_same_answer_by_both_doors(seeded_db, tmp_path):
    # Persian digits and a sign are read alike; `5_1`, which Python's int() reads as 51, and a
    # coordinate with a degree sign are refused by both.
    for number, stored in (("۴۱", 41), ("+42", 42)):
        command = run_cli(
            seeded_db, "session", "add", "AMF", number, "--series", "executive-board",
            "--host", "Sari", "--from", "2020", "--source", "M1", "--dry-run",
        )  # fmt: skip
        assert command.exit_code == 0, command.output
        assert f"AMF executive-board {stored}:" in command.output
    before = table_snapshot(seeded_db)
    refused = run_cli(
        seeded_db, "session", "add", "AMF", "5_1", "--series", "executive-board",
        "--host", "Sari", "--from", "2020", "--source", "M1",
    )  # fmt: skip
    assert refused.exit_code == 1
    assert refused.stderr == "Error: the session number '5_1' is not a whole number: give e.g. 7\n"
    path = _file(
        tmp_path,
        "s.csv",
        "organization,series,number,host,country,start,source\n"
        "AMF,executive-board,5_1,Sari,IR,2020,M1\n",
    )
    result = run_cli(seeded_db, "import", "csv", "sessions", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "line 2: number '5_1' is not a positive whole number"
    assert table_snapshot(seeded_db) == before
    path = _file(
        tmp_path,
        "s.csv",
        "organization,series,number,host,country,start,source\n"
        "AMF,executive-board,۴۱,Sari,IR,2020,M1\n"
        "AMF,executive-board,+42,Sari,IR,2021,M1\n",
    )
    result = run_cli(seeded_db, "import", "csv", "sessions", str(path))
    assert result.exit_code == 0, result.output
    assert seeded_db.rows(
        "SELECT s.number, s.start_text FROM session s JOIN meeting_series m ON m.id = s.series_id"
        " WHERE m.key = 'executive-board' AND s.number > 40 ORDER BY s.number"
    ) == [(41, "2020"), (42, "2021")]
    # A decimal comma, as a comma-decimal spreadsheet writes it, is read by --lat as by a cell.
    added = run_cli(
        seeded_db, "city", "add", "Birjand", "--country", "IR",
        "--lat", "32,87", "--lon", "۵۹٫۲۲", "--source", "M1",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    path = _file(
        tmp_path, "c.csv", 'city,country,latitude,longitude,source\nZabol,IR,"31,03",61.49,M1\n'
    )
    assert run_cli(seeded_db, "import", "csv", "cities", str(path)).exit_code == 0
    assert seeded_db.rows(
        "SELECT key, latitude, longitude FROM city WHERE key IN ('birjand', 'zabol') ORDER BY key"
    ) == [("birjand", 32.87, 59.22), ("zabol", 31.03, 61.49)]
    for typed, door in (("32.87°", "--lat"), ("1,234.5", "--lat")):
        refused = run_cli(
            seeded_db, "city", "add", "Qaen", "--country", "IR", door, typed, "--lon", "59"
        )
        assert refused.exit_code == 2
        assert f"{door} '{typed}' is not a number" in refused.stderr


def test_a_city_cell_in_persian_digits_is_an_id_as_for_a_command(seeded_db, tmp_path):
    # (fa15t: ids are read in any digits at every door, as Persian output prints them)
    shiraz = seeded_db.scalar("SELECT id FROM city WHERE key = 'shiraz'")
    persian = str(shiraz).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    shown = run_cli(seeded_db, "city", "show", persian)
    assert shown.exit_code == 0 and shown.stdout.startswith("City shiraz: Shiraz, IR"), shown.output
    path = _file(
        tmp_path,
        "m.csv",
        f"city,country,organization,status,from,source\n{persian},IR,LHC,member,2020,L1\n",
    )
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 0, result.output
    assert (
        seeded_db.scalar(
            "SELECT count(*) FROM membership m JOIN city c ON c.id = m.city_id"
            " JOIN organization o ON o.id = m.organization_id"
            " WHERE c.key = 'shiraz' AND o.key = 'lhc'"
        )
        == 1
    )
