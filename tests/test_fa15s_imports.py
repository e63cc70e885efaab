"""A fresh-clone tester's leftovers of issue 15, at the import doors (fa15s): a file that
changes nothing says so plainly, dry run or not, in English and Persian, at every door
(dataset, Popolo, CSV); and a spreadsheet whose header names the columns in Persian (as Excel
on Persian Windows saves it, Arabic letters and «،» slips included) imports the same rows as
the English header."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import new_database, run_cli, run_fa, table_snapshot

from citylinks.formats.csv import CSV_COLUMN_ALIASES, CSV_COLUMNS

CSV_KINDS = ("cities", "memberships", "sessions", "attendance", "countries")


def _exported(db, tmp_path: Path, door: str) -> list[str]:
    """The import command that reads back `door`'s own export of `db` (kind: the CSV's)."""
    if door == "dataset":
        path = tmp_path / "a.toml"
        assert run_cli(db, "export", "dataset", "--output", str(path)).exit_code == 0
        return ["import", "dataset", str(path)]
    if door == "popolo":
        path = tmp_path / "p.json"
        assert run_cli(db, "export", "popolo", "--output", str(path)).exit_code == 0
        return ["import", "popolo", str(path)]
    path = tmp_path / f"{door}.csv"
    assert run_cli(db, "export", "csv", door, "--output", str(path)).exit_code == 0
    return ["import", "csv", door, str(path)]


@pytest.mark.parametrize("door", ["dataset", "popolo", *CSV_KINDS])
def test_an_import_that_changes_nothing_says_nothing_would_change(seeded_db, tmp_path, door):
    args = _exported(seeded_db, tmp_path, door)
    before = table_snapshot(seeded_db)

    dry = run_cli(seeded_db, *args, "--dry-run")
    real = run_cli(seeded_db, *args)
    dry_fa = run_fa(seeded_db, *args, "--dry-run")
    real_fa = run_fa(seeded_db, *args)

    for result in (dry, real, dry_fa, real_fa):
        assert result.exit_code == 0, result.output
    assert table_snapshot(seeded_db) == before
    # The count and the verdict agree: no "0 changes would be made:" followed by "would load".
    assert dry.stderr.splitlines()[0] == "dry run: nothing was written; nothing would change"
    assert dry.stdout.startswith("nothing would change: "), dry.stdout
    assert real.stdout.startswith("nothing was changed: "), real.stdout
    assert "would load" not in dry.stdout and "loaded" not in real.stdout
    assert dry.stdout.removeprefix("nothing would change: ") == real.stdout.removeprefix(
        "nothing was changed: "
    )
    assert dry_fa.stderr.splitlines()[0] == "اجرای آزمایشی: چیزی نوشته نشد؛ هیچ چیز تغییر نمی‌کرد"
    assert dry_fa.stdout.startswith("هیچ چیز تغییر نمی‌کرد: "), dry_fa.stdout
    assert real_fa.stdout.startswith("هیچ چیز تغییر نکرد: "), real_fa.stdout
    assert "بارگذاری" not in dry_fa.stdout + real_fa.stdout
    assert "۰ تغییر" not in dry_fa.stderr


def test_a_csv_import_that_changes_says_would_load_and_loaded(empty_db, tmp_path):
    path = tmp_path / "countries.csv"
    path.write_text("code,name_en\nIR,Iran\nIQ,Iraq\n", encoding="utf-8")
    dry = run_cli(empty_db, "import", "csv", "countries", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stderr.startswith("dry run: nothing was written; 2 changes would be made:")
    assert dry.stdout == "would load countries: 2 imported, 0 already recorded, 0 bad, of 2 rows\n"
    real = run_cli(empty_db, "import", "csv", "countries", str(path))
    assert real.stdout == "loaded countries: 2 imported, 0 already recorded, 0 bad, of 2 rows\n"
    again = run_fa(empty_db, "import", "csv", "countries", str(path))
    assert again.stdout.startswith("هیچ چیز تغییر نکرد: "), again.stdout


# --- Persian column names ----------------------------------------------------------------


# What Excel on Persian Windows may turn a name into: Arabic yeh and kaf, a ZWNJ written as a
# space, a «،» typed after the name.
def _slipped(name: str) -> str:
    return name.replace("ی", "ي").replace("ک", "ك").replace("\u200c", " ") + "،"


def _persian_header(kind: str, header: list[str], slips: bool) -> list[str]:
    named = []
    for column in header:
        persian = CSV_COLUMN_ALIASES.get(column)
        assert persian or column.startswith("name_"), f"{kind}.{column} has no Persian name"
        name = persian[0] if persian else column
        named.append(_slipped(name) if slips and persian else name)
    return named


def test_every_csv_column_has_a_persian_name():
    every = {n for columns in CSV_COLUMNS.values() for n, _r, _m in columns}
    assert set(CSV_COLUMN_ALIASES) == every


def test_docs_list_every_persian_column_name():
    docs = (Path(__file__).parents[1] / "docs" / "csv.md").read_text("utf-8")
    for column, names in CSV_COLUMN_ALIASES.items():
        row = f"| `{column}` | " + ", ".join(f"`{n}`" for n in names) + " |"
        assert row in docs, row


def _persian_copy(english: Path, kind: str, slips: bool) -> Path:
    rows = list(csv.reader(io.StringIO(english.read_text("utf-8-sig"))))
    persian = english.with_name(f"{english.stem}-fa{'-slips' if slips else ''}.csv")
    with persian.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows([_persian_header(kind, rows[0], slips), *rows[1:]])
    return persian


@pytest.mark.parametrize("slips", [False, True], ids=["persian", "arabic-letters-and-comma"])
@pytest.mark.parametrize("kind", CSV_KINDS)
def test_persian_headers_read_the_same_rows_as_english_ones(seeded_db, tmp_path, kind, slips):
    """citylinks' own export, its header put in Persian: every row is found recorded, as the
    English file's are (a column misread would make rows bad, or new)."""
    english = tmp_path / f"{kind}.csv"
    assert run_cli(seeded_db, "export", "csv", kind, "--output", str(english)).exit_code == 0
    persian = _persian_copy(english, kind, slips)
    before = table_snapshot(seeded_db)
    said = run_cli(seeded_db, "import", "csv", kind, str(english), "--dry-run")
    said_fa = run_cli(seeded_db, "import", "csv", kind, str(persian), "--dry-run")
    assert said.exit_code == said_fa.exit_code == 0, said_fa.output
    assert said_fa.stdout == said.stdout
    assert " 0 imported, " in said.stdout and " 0 bad, " in said.stdout
    assert table_snapshot(seeded_db) == before


def test_persian_headers_store_what_english_ones_do(backend, tmp_path, request):
    stored = []
    for header in ("code,name_en,name_fa", "کد,نام انگليسي,نام‌فارسی،"):
        db = new_database(backend, tmp_path, request, seeded=False)
        path = tmp_path / f"countries{len(stored)}.csv"
        path.write_text(f"{header}\nIR,Iran,ایران\nIQ,Iraq,عراق\n", encoding="utf-8")
        result = run_cli(db, "import", "csv", "countries", str(path))
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("loaded countries: 2 imported, "), result.stdout
        stored.append(sorted((r[0], r[1], r[2]) for r in table_snapshot(db)["country"]))
    assert stored[0] == stored[1] == [("IQ", "Iraq", "عراق"), ("IR", "Iran", "ایران")]


@pytest.mark.parametrize(
    "header, column, fa",
    [
        ("شهر,کشور,رنگ", "رنگ", False),
        ("city,country,colour", "colour", True),
    ],
)
def test_a_truly_unknown_column_is_named_with_the_fix(seeded_db, tmp_path, header, column, fa):
    path = tmp_path / "c.csv"
    path.write_text(f"{header}\nYazd,IR,x\n", encoding="utf-8")
    before = table_snapshot(seeded_db)
    run = run_fa if fa else run_cli
    result = run(seeded_db, "import", "csv", "cities", str(path))
    assert result.exit_code == 1
    assert table_snapshot(seeded_db) == before
    assert len(result.stderr.strip().splitlines()) == 1
    quoted = f"«{column}»" if fa else f"'{column}'"  # fa15v: Persian quotes in «»
    assert quoted in result.stderr and f"--ignore-columns {column}" in result.stderr
    if fa:
        assert result.stderr.startswith("خطا: ") and "ستون ناشناخته" in result.stderr
        assert "نام‌های فارسی" in result.stderr
    else:
        assert "unknown column" in result.stderr and "their Persian names" in result.stderr


def test_a_header_separated_by_the_persian_comma_says_so(seeded_db, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("شهر،کشور،سازمان\nYazd،IR،AMF\n", encoding="utf-8")
    result = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert result.exit_code == 1
    assert "separated by '،', which citylinks does not read" in result.stderr
