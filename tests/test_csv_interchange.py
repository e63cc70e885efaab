"""`import csv` with other people's spreadsheets (issue 14): cities of one name told apart,
the --skip-bad file imported again, text rules on every column, citylinks' own formula
protection undone, names in other languages added, delimiters, countries, ignored columns."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import new_database, run_cli, table_snapshot

SPRINGFIELDS = [
    ("illinois", "Illinois", 39.80, -89.64),
    ("massachusetts", "Massachusetts", 42.10, -72.59),
    ("missouri", "Missouri", 37.21, -93.29),
    ("ohio", "Ohio", 39.92, -83.81),
    ("oregon", "Oregon", 44.05, -123.02),
    ("vermont", "Vermont", 43.30, -72.48),
    ("tennessee", "Tennessee", 36.51, -86.89),
    ("virginia", "Virginia", 38.78, -77.19),
    ("kentucky", "Kentucky", 37.69, -85.22),
    ("minnesota", "Minnesota", 44.24, -94.98),
    ("georgia", "Georgia", 32.37, -82.32),
    ("nebraska", "Nebraska", 41.08, -96.13),
]


def _file(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _springfields(tmp_path: Path, keys: bool = True, delimiter: str = ",") -> Path:
    header = ["city", "country", "key", "region", "latitude", "longitude"]
    lines = [delimiter.join(header if keys else [h for h in header if h != "key"])]
    for slug, region, lat, lon in SPRINGFIELDS:
        cells = ["Springfield", "US", f"springfield-{slug}", region, str(lat), str(lon)]
        if not keys:
            del cells[2]
        lines.append(delimiter.join(cells))
    return _file(tmp_path, "springfields.csv", "\n".join(lines) + "\n")


def _us(db) -> None:
    assert run_cli(db, "country", "add", "US").exit_code == 0


def _cities_named(db, name: str) -> list[tuple]:
    return db.rows(
        "SELECT c.key, c.region, c.latitude, c.longitude FROM city c"
        " JOIN city_name n ON n.city_id = c.id"
        f" WHERE n.name = '{name}' ORDER BY c.key"
    )


# --- cities of one name in one country ---------------------------------------------------


def test_twelve_springfields_with_distinct_keys_regions_and_coordinates_are_twelve_cities(
    seeded_db, tmp_path
):
    _us(seeded_db)
    path = _springfields(tmp_path)
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "loaded cities: 12 imported, 0 already recorded, 0 bad, of 12 rows\n"
    stored = _cities_named(seeded_db, "Springfield")
    assert [key for key, *_ in stored] == sorted(f"springfield-{s}" for s, *_ in SPRINGFIELDS)
    assert ("springfield-ohio", "Ohio", 39.92, -83.81) in stored
    # The same file again: each row is the city of its key.
    before = table_snapshot(seeded_db)
    again = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert (
        again.stdout
        == "nothing was changed: cities: 0 imported, 12 already recorded, 0 bad, of 12 rows\n"
    )
    assert table_snapshot(seeded_db) == before


def test_springfields_without_keys_are_told_apart_by_region_and_coordinates(seeded_db, tmp_path):
    _us(seeded_db)
    path = _springfields(tmp_path, keys=False)
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "loaded cities: 12 imported, 0 already recorded, 0 bad, of 12 rows\n"
    assert len(_cities_named(seeded_db, "Springfield")) == 12
    before = table_snapshot(seeded_db)
    again = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert (
        again.stdout
        == "nothing was changed: cities: 0 imported, 12 already recorded, 0 bad, of 12 rows\n"
    )
    assert table_snapshot(seeded_db) == before
    # A row naming one of them by coordinates alone (rounded otherwise) is that city.
    one = _file(tmp_path, "one.csv", "city,country,latitude,longitude\nSpringfield,US,39.9,-83.8\n")
    matched = run_cli(seeded_db, "import", "csv", "cities", str(one))
    assert (
        matched.stdout
        == "nothing was changed: cities: 0 imported, 1 already recorded, 0 bad, of 1 rows\n"
    )
    assert "1 rows give coordinates within 0.1 degrees" in matched.stderr
    assert table_snapshot(seeded_db) == before


def test_rows_that_nothing_tells_apart_are_ambiguous_in_one_line(seeded_db, tmp_path):
    _us(seeded_db)
    before = table_snapshot(seeded_db)
    path = _file(
        tmp_path,
        "c.csv",
        "city,country,region,source\n"
        "Springfield,US,,S0\nSpringfield,US,Ohio,S0\nSpringfield,US,,M1\nShelbyville,US,,S0\n",
    )
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "lines 2, 3 and 4: 'Springfield' in US: nothing tells these rows apart (a different"
        " key, region or coordinates), yet their cells differ: give each row its key, or keep"
        " one",
        "Error: 3 of 4 rows are bad (listed above); nothing was written. Correct them, or rerun"
        " with --skip-bad FILE to write the good rows and set the bad ones aside",
    ]
    assert table_snapshot(seeded_db) == before


def test_rows_the_same_in_every_cell_are_one_city_and_said_so(seeded_db, tmp_path):
    _us(seeded_db)
    path = _file(tmp_path, "c.csv", "city,country\nSpringfield,US\nSpringfield,US\n")
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 0, result.output
    # p14l: a repeat is no row already recorded, and is said as such
    assert (
        result.stdout
        == "loaded cities: 1 imported, 0 already recorded, 0 bad, of 2 rows; 1 repeated (line 3)\n"
    )
    assert "1 row repeats an earlier row, and is read once: line 3 repeats line 2" in (
        result.stderr
    )
    assert len(_cities_named(seeded_db, "Springfield")) == 1


def test_a_row_that_could_be_several_recorded_cities_is_refused(seeded_db, tmp_path):
    _us(seeded_db)
    run_cli(seeded_db, "import", "csv", "cities", str(_springfields(tmp_path)))
    before = table_snapshot(seeded_db)
    path = _file(tmp_path, "c.csv", "city,country\nSpringfield,US\n")
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "line 2: 'Springfield' in US could be any of 12 recorded cities (springfield-georgia,"
        " springfield-illinois, springfield-kentucky, springfield-massachusetts,"
        " springfield-minnesota, springfield-missouri, springfield-nebraska, springfield-ohio,"
        " springfield-oregon, springfield-tennessee and 2 more): give the city's key in the"
        " `key` column, or its region or coordinates"
    )
    assert table_snapshot(seeded_db) == before


def test_a_recorded_city_is_matched_only_when_key_region_and_coordinates_agree(seeded_db, tmp_path):
    _us(seeded_db)
    first = _file(
        tmp_path, "a.csv", "city,country,key,region\nSpringfield,US,springfield-il,Illinois\n"
    )
    assert run_cli(seeded_db, "import", "csv", "cities", str(first)).exit_code == 0
    # Its key with another region: refused, nothing changed.
    before = table_snapshot(seeded_db)
    clash = _file(
        tmp_path, "b.csv", "city,country,key,region\nSpringfield,US,springfield-il,Ohio\n"
    )
    refused = run_cli(seeded_db, "import", "csv", "cities", str(clash))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        "line 2: the key 'springfield-il' is Springfield (US)'s, recorded with region"
        " 'Illinois'; the row gives region 'Ohio': correct the row, or the city with"
        " `citylinks city edit springfield-il`"
    )
    assert table_snapshot(seeded_db) == before
    # Its key for a city of another name: refused.
    other = _file(tmp_path, "c.csv", "city,country,key\nShelbyville,US,springfield-il\n")
    refused = run_cli(seeded_db, "import", "csv", "cities", str(other))
    assert "the key 'springfield-il' is Springfield (US)'s, which has no name 'Shelbyville'" in (
        refused.stderr
    )
    assert table_snapshot(seeded_db) == before
    # No key, another region: another city, said so; the same region: the recorded one.
    rows = _file(
        tmp_path,
        "d.csv",
        "city,country,region\nSpringfield,US,Ohio\nSpringfield,US,illinois\n",
    )
    result = run_cli(seeded_db, "import", "csv", "cities", str(rows))
    assert result.exit_code == 0, result.output
    assert result.stdout == "loaded cities: 1 imported, 1 already recorded, 0 bad, of 2 rows\n"
    assert (
        "1 new cities share their name with a recorded city of their country, told apart by"
        " region or coordinates: Springfield (US, line 2) beside springfield-il"
    ) in result.stderr
    assert _cities_named(seeded_db, "Springfield") == [
        ("springfield", "Ohio", None, None),
        ("springfield-il", "Illinois", None, None),
    ]


# --- names in other languages, regions and sources for recorded cities --------------------


def test_names_in_other_languages_are_added_to_recorded_cities_and_reported(seeded_db, tmp_path):
    path = _file(
        tmp_path,
        "c.csv",
        "city,country,name_fa,name_ar,name_de,source\n"
        "Kashan,IR,کاشان,كاشان,Kaschan,M1\n"
        "Yazd,IR,یزد,يزد,Jesd,\n",
    )
    run_cli(
        seeded_db,
        "import",
        "csv",
        "cities",
        str(_file(tmp_path, "t.csv", "city,country\nKashan,IR\n")),
    )
    yazd_names = seeded_db.rows(
        "SELECT n.lang, n.name FROM city_name n JOIN city c ON c.id = n.city_id"
        " WHERE c.key = 'yazd' ORDER BY n.position"
    )
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "loaded cities: 0 imported, 2 already recorded, 0 bad, of 2 rows; 5 names added to recorded"
        " cities\n"
    )
    # p14l: the Arabic names are names in another language, added though they fold alike.
    assert (
        "5 names added to recorded cities: کاشان (fa) to Kashan (IR); كاشان (ar) to Kashan"
        " (IR); Kaschan (de) to Kashan (IR); يزد (ar) to Yazd (IR); Jesd (de) to Yazd (IR)"
    ) in result.stderr
    assert "1 recorded cities now also cite the row's sources: Kashan (IR): M1" in result.stderr
    assert seeded_db.rows(
        "SELECT n.lang, n.name, n.kind, n.position FROM city_name n JOIN city c"
        " ON c.id = n.city_id WHERE c.key = 'kashan' ORDER BY n.position"
    ) == [
        ("en", "Kashan", "official", 0),
        ("fa", "کاشان", "official", 1),
        ("ar", "كاشان", "official", 2),
        ("de", "Kaschan", "official", 3),
    ]
    assert seeded_db.rows(
        "SELECT n.lang, n.name FROM city_name n JOIN city c ON c.id = n.city_id"
        " WHERE c.key = 'yazd' ORDER BY n.position"
    ) == [*yazd_names, ("ar", "يزد"), ("de", "Jesd")]
    assert (
        seeded_db.scalar(
            "SELECT count(*) FROM city_source cs JOIN city c ON c.id = cs.city_id"
            " JOIN source s ON s.id = cs.source_id WHERE c.key = 'kashan' AND s.key = 'M1'"
        )
        == 1
    )
    # The log has each added name, and the citation as the city's change.
    assert (
        seeded_db.scalar(
            "SELECT count(*) FROM audit_log WHERE table_name = 'city_name' AND action = 'insert'"
            " AND row_label LIKE '%Kaschan%'"
        )
        == 1
    )
    # Once added, the same file adds nothing.
    before = table_snapshot(seeded_db)
    again = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert (
        again.stdout
        == "nothing was changed: cities: 0 imported, 2 already recorded, 0 bad, of 2 rows\n"
    )
    assert table_snapshot(seeded_db) == before


# --- the --skip-bad file --------------------------------------------------------------------


def test_a_skip_bad_file_of_a_semicolon_file_is_corrected_and_imported_as_it_is(
    seeded_db, tmp_path
):
    path = _file(
        tmp_path,
        "m.csv",
        "city;country;organization;status;from;reason;source;population\n"
        "Kermanshah;IR;AMF;membre;2020;Joined at the Tehran meeting;M1;1500000\n"
        "Sari;IR;LHC;member;2001;;L1;500000\n",
    )
    bad = tmp_path / "bad.csv"
    result = run_cli(
        seeded_db, "import", "csv", "memberships", str(path),
        "--ignore-columns", "population", "--skip-bad", str(bad),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "loaded memberships: 1 imported, 0 already recorded, 1 bad, of 2 rows\n"
    written = bad.read_text(encoding="utf-8-sig")
    header = written.splitlines()[0]
    assert header == (
        "city;country;organization;status;from;reason;source;population;citylinks:line;citylinks:error"
    )
    with bad.open(encoding="utf-8-sig", newline="") as f:
        (row,) = list(csv.DictReader(f, delimiter=";"))
    assert row["reason"] == "Joined at the Tehran meeting" and row["population"] == "1500000"
    assert row["citylinks:line"] == "2" and "unknown status 'membre'" in row["citylinks:error"]
    bad.write_text(written.replace("membre", "member"), encoding="utf-8-sig")
    again = run_cli(
        seeded_db, "import", "csv", "memberships", str(bad), "--ignore-columns", "population"
    )
    assert again.exit_code == 0, again.output
    assert again.stdout == "loaded memberships: 1 imported, 0 already recorded, 0 bad, of 1 rows\n"
    assert (
        seeded_db.scalar(
            "SELECT count(*) FROM membership_phase WHERE reason = 'Joined at the Tehran meeting'"
        )
        == 1
    )


def test_a_formula_like_cell_of_someone_elses_file_is_protected_in_the_skip_bad_file(
    seeded_db, tmp_path
):
    path = _file(
        tmp_path,
        "c.csv",
        'city,country,region\nGhost,XX,"=HYPERLINK(""http://x"")"\nSari,IR,\'-kept\n',
    )
    bad = tmp_path / "bad.csv"
    result = run_cli(seeded_db, "import", "csv", "cities", str(path), "--skip-bad", str(bad))
    assert result.exit_code == 0, result.output
    assert "'=HYPERLINK" in bad.read_text(encoding="utf-8-sig")
    # Someone else's apostrophe is their data, kept as written.
    assert seeded_db.scalar("SELECT region FROM city WHERE key = 'sari'") == "'-kept"
    # Corrected and imported again: the protection the bad file added is taken away.
    bad.write_text(bad.read_text(encoding="utf-8-sig").replace("XX", "IR"), encoding="utf-8-sig")
    again = run_cli(seeded_db, "import", "csv", "cities", str(bad))
    assert again.exit_code == 0, again.output
    assert seeded_db.scalar("SELECT region FROM city WHERE key = 'ghost'") == (
        '=HYPERLINK("http://x")'
    )


# --- formula protection ---------------------------------------------------------------------


def test_the_exports_formula_protection_is_undone_when_imported_elsewhere(
    seeded_db, backend, tmp_path, request
):
    for name, region in (("Kashan", "=SUM(A1)"), ("Zabol", "'=quoted")):
        added = run_cli(
            seeded_db, "city", "add", name, "--country", "IR", "--region", region,
            "--lat", "-29.6", "--lon", "52.5", "--force",
        )  # fmt: skip
        assert added.exit_code == 0, added.output
    cities = tmp_path / "cities.csv"
    assert run_cli(seeded_db, "export", "csv", "cities", "-o", str(cities)).exit_code == 0
    exported = cities.read_text(encoding="utf-8-sig")
    assert "'=SUM(A1)" in exported and "''=quoted" in exported
    # Another office's database: the same dataset, without the two cities.
    elsewhere = new_database(backend, tmp_path, request, seeded=True)
    result = run_cli(elsewhere, "import", "csv", "cities", str(cities))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("loaded cities: 2 imported, ")
    # (and, as for any fact recorded without a source, a warning for each new city)
    assert (
        "2 cells began with the ' that `citylinks export csv` puts before formula-like text:"
        " read without it (see docs/csv.md, Formulas)"
    ) in result.stderr.splitlines()
    assert elsewhere.rows(
        "SELECT key, region, latitude FROM city WHERE key IN ('kashan', 'zabol') ORDER BY key"
    ) == [("kashan", "=SUM(A1)", -29.6), ("zabol", "'=quoted", -29.6)]
    # Every city as recorded there: the exports of both databases are the same.
    assert (
        run_cli(elsewhere, "export", "csv", "cities").stdout
        == run_cli(seeded_db, "export", "csv", "cities").stdout
    )
    # Someone else's file (no byte order mark): an apostrophe is data, kept.
    theirs = _file(tmp_path, "theirs.csv", "city,country,region\nKhoy,IR,'=kept\n")
    assert run_cli(elsewhere, "import", "csv", "cities", str(theirs)).exit_code == 0
    assert elsewhere.scalar("SELECT region FROM city WHERE key = 'khoy'") == "'=kept"


# --- text rules on every column ---------------------------------------------------------------


def test_a_cp1256_cities_file_keeps_the_byte_identical_dataset_round_trip(
    seeded_db, backend, tmp_path, request
):
    # Persian Excel writes Arabic yeh and kaf, a tatweel, and double spaces.
    path = _file(
        tmp_path,
        "c.csv",
        "city,country,name_fa,region,source\r\n"
        "Kerman,IR,كرمان,استان  كرمان,M1\r\n"
        "Ardabil,IR,اردبيل,استان اردبـيل,M1\r\n",
        encoding="cp1256",
    )
    result = run_cli(seeded_db, "import", "csv", "cities", str(path), "--encoding", "cp1256")
    assert result.exit_code == 0, result.output
    assert seeded_db.scalar("SELECT region FROM city WHERE key = 'kerman'") == "استان کرمان"
    assert seeded_db.scalar("SELECT region FROM city WHERE key = 'ardabil'") == "استان اردبیل"
    first = run_cli(seeded_db, "export", "dataset").stdout
    dataset = _file(tmp_path, "d.toml", first)
    elsewhere = new_database(backend, tmp_path, request)
    assert run_cli(elsewhere, "import", "dataset", str(dataset)).exit_code == 0
    assert run_cli(elsewhere, "export", "dataset").stdout == first


# --- delimiters ---------------------------------------------------------------------------------


def test_a_semicolon_or_tab_file_is_read_and_a_wrong_delimiter_named(seeded_db, tmp_path):
    _us(seeded_db)
    semicolons = _springfields(tmp_path, delimiter=";")
    result = run_cli(seeded_db, "import", "csv", "cities", str(semicolons))
    assert result.exit_code == 0, result.output
    assert result.stdout == "loaded cities: 12 imported, 0 already recorded, 0 bad, of 12 rows\n"
    tabs = _file(tmp_path, "t.tsv", "city\tcountry\tregion\nShelbyville\tUS\tKentucky\n")
    result = run_cli(seeded_db, "import", "csv", "cities", str(tabs), "--delimiter", "tab")
    assert result.stdout == "loaded cities: 1 imported, 0 already recorded, 0 bad, of 1 rows\n"
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "csv", "cities", str(semicolons), "--delimiter", ",")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {semicolons}: unknown column 'city;country;key;region;latitude;longitude' for"
        " cities: the columns are city, country, key, name_fa, region, latitude, longitude,"
        " source and name_LANG, or their Persian names (docs/csv.md) (see `citylinks import"
        " csv --help`); the cells seem to be"
        " separated by ';', not ',': rerun with --delimiter ';'"
    ]
    result = run_cli(seeded_db, "import", "csv", "cities", str(tabs), "--delimiter", "pipe")
    assert result.exit_code == 2
    assert "'pipe': use comma, semicolon or tab" in result.stderr
    assert table_snapshot(seeded_db) == before


def test_a_pipe_or_mixed_separator_header_gets_a_hint_that_can_be_followed(seeded_db, tmp_path):
    """A separator citylinks does not read ('|') is named as such; a header split by one
    separator with another inside a column says the file mixes them, whichever is tried."""
    before = table_snapshot(seeded_db)
    pipes = _file(tmp_path, "p.csv", "city|country\nShiraz|IR\n")
    result = run_cli(seeded_db, "import", "csv", "cities", str(pipes))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].endswith(
        "the cells seem to be separated by '|', which citylinks does not read: save the file"
        " with commas, semicolons or tabs between its cells"
    )
    mixed = _file(tmp_path, "m.csv", "city;country,region\nShiraz;IR,Fars\n")
    for delimiter, other in ((",", ";"), (";", ",")):
        result = run_cli(seeded_db, "import", "csv", "cities", str(mixed), "--delimiter", delimiter)
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1].endswith(
            f"the header separates its columns by both '{delimiter}' and '{other}': save the"
            " file with one separator throughout (comma, semicolon or tab)"
        ), result.stderr
    assert table_snapshot(seeded_db) == before


# --- countries --------------------------------------------------------------------------------


def test_countries_import_and_export(seeded_db, tmp_path):
    path = _file(
        tmp_path,
        "countries.csv",
        "code,name_en,name_fa\nus,,ایالات متحده\nFR,France,فرانسه\nIR,Iran,\n",
    )
    result = run_cli(seeded_db, "import", "csv", "countries", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "loaded countries: 2 imported, 1 already recorded, 0 bad, of 3 rows\n"
    assert seeded_db.rows(
        "SELECT code, name_en, name_fa FROM country WHERE code IN ('US', 'FR') ORDER BY code"
    ) == [("FR", "France", "فرانسه"), ("US", "United States", "ایالات متحده")]
    assert (
        seeded_db.scalar(
            "SELECT count(*) FROM audit_log WHERE table_name = 'country' AND action = 'insert'"
        )
        >= 2
    )
    exported = run_cli(seeded_db, "export", "csv", "countries").stdout
    assert exported.startswith("\ufeffcode,name_en,name_fa\n")
    assert "\nFR,France,فرانسه\n" in exported


def test_countries_that_contradict_the_recorded_ones_are_refused(seeded_db, tmp_path):
    before = table_snapshot(seeded_db)
    path = _file(
        tmp_path, "c.csv", "code,name_en\nIR,Persia\nQQ,Nowhere\nFR,France\nFR,La France\n"
    )
    result = run_cli(seeded_db, "import", "csv", "countries", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        "line 2: IR is recorded as 'Iran'; the row's name_en is 'Persia': correct the row, or"
        " the country with `citylinks country edit IR --name NAME`",
        "line 3: 'QQ' is not an ISO 3166-1 alpha-2 country code: give two letters such as IR"
        " (see `citylinks country list --all`)",
        "line 5: FR is on line 4 too, with other names: keep one row per country",
    ]
    assert table_snapshot(seeded_db) == before


def test_a_persian_name_is_added_to_a_recorded_country(seeded_db, tmp_path):
    _us(seeded_db)
    path = _file(tmp_path, "c.csv", "code,name_fa\nUS,ایالات متحده\n")
    result = run_cli(seeded_db, "import", "csv", "countries", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "loaded countries: 0 imported, 1 already recorded, 0 bad, of 1 rows; 1 Persian names added to"
        " recorded countries\n"
    )
    assert "Persian names added to recorded countries: US ایالات متحده" in result.stderr
    assert seeded_db.scalar("SELECT name_fa FROM country WHERE code = 'US'") == "ایالات متحده"
    assert (
        seeded_db.scalar(
            "SELECT count(*) FROM audit_log WHERE table_name = 'country' AND action = 'update'"
        )
        == 1
    )


def test_a_missing_country_names_the_ways_to_record_it(seeded_db, tmp_path):
    path = _file(tmp_path, "c.csv", "city,country\nLyon,FR\n")
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "line 2: no country 'FR' is recorded: record it with `citylinks country add FR` or"
        " `citylinks import csv countries FILE`"
    )


# --- columns citylinks does not read ------------------------------------------------------------


def test_unknown_columns_are_refused_naming_the_option_and_read_with_it(seeded_db, tmp_path):
    path = _file(
        tmp_path,
        "worldcities.csv",
        "city,country,population,iso3,latitude,longitude\nBirjand,IR,178020,IRN,32.87,59.22\n",
    )
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {path}: unknown column 'population' for cities: the columns are city, country,"
        " key, name_fa, region, latitude, longitude, source and name_LANG, or their Persian"
        " names (docs/csv.md) (see `citylinks import csv --help`); to read the file without"
        " them, rerun with --ignore-columns"
        " population,iso3"
    ]
    result = run_cli(
        seeded_db, "import", "csv", "cities", str(path), "--ignore-columns", "population,iso4"
    )
    assert result.exit_code == 1
    assert "--ignore-columns names 'iso4', which the file does not have" in result.stderr
    assert table_snapshot(seeded_db) == before
    result = run_cli(
        seeded_db, "import", "csv", "cities", str(path), "--ignore-columns", "Population, ISO3"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "loaded cities: 1 imported, 0 already recorded, 0 bad, of 1 rows\n"
    assert seeded_db.rows("SELECT latitude, longitude FROM city WHERE key = 'birjand'") == [
        (32.87, 59.22)
    ]
