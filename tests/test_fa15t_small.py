"""Issue 15 (fresh clone, Persian first), small ones: a report's --format that agrees with
--output's suffix (html, svg, pdf) is accepted; an option missing its value points to the
command's own help; `show` joins source keys with the language's comma; a name's language
tag no language has is refused at every name door (country edit too)."""

from __future__ import annotations

import pytest
from conftest import run_cli, run_fa, table_snapshot


@pytest.mark.parametrize("fmt", ["html", "svg", "pdf", "HTML"])
def test_a_format_that_agrees_with_the_output_suffix_is_accepted(seeded_db, tmp_path, fmt):
    path = tmp_path / f"roster.{fmt.lower()}"
    done = run_cli(seeded_db, "roster", "AMF", "--output", str(path), "--format", fmt)
    assert done.exit_code == 0, done.output
    assert path.stat().st_size > 0


def test_a_file_only_format_without_output_or_disagreeing_is_refused(seeded_db, tmp_path):
    alone = run_cli(seeded_db, "roster", "AMF", "--format", "html")
    assert alone.exit_code == 2 and alone.stdout == ""
    assert "--format html is written to a file only: add --output FILE.html" in alone.stderr
    other = tmp_path / "roster.csv"
    disagreeing = run_cli(seeded_db, "roster", "AMF", "--output", str(other), "--format", "html")
    assert disagreeing.exit_code == 2 and not other.exists()
    assert "--format html disagrees with --output roster.csv" in disagreeing.stderr
    unknown = run_cli(seeded_db, "roster", "AMF", "--format", "xml")
    assert "unknown format 'xml': use one of table, json, csv, markdown" in unknown.stderr
    persian = run_fa(seeded_db, "roster", "AMF", "--format", "pdf")
    assert persian.stderr.startswith("خطا: --format pdf تنها در پرونده نوشته می‌شود"), persian.stderr


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (("country", "add", "XX", "--name"), "country add"),
        (("org", "series", "add", "AMF", "--name"), "org series add"),
        (("roster", "AMF", "--as-of"), "roster"),
        (("city", "edit", "Yazd", "--add-name"), "city edit"),
    ],
)
def test_an_option_missing_its_value_points_to_the_commands_help(empty_db, args, command):
    refused = run_cli(empty_db, *args)
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"Error: Option '{args[-1]}' requires an argument. (see 'citylinks {command} --help')\n"
    )


def test_show_joins_source_keys_with_the_persian_comma(seeded_db):
    for noun, record in (("org", "amf"), ("city", "yazd"), ("person", "amrollahi")):
        english = run_cli(seeded_db, noun, "show", record)
        persian = run_cli(seeded_db, noun, "show", record, "--lang", "fa")
        assert persian.exit_code == 0, persian.output
        keys = english.stdout.split("\n  sources:\n", 1)[1].splitlines()[0].strip()
        assert ", " in keys, english.stdout
        shown = persian.stdout.split("\n  منابع:\n", 1)[1].splitlines()[0].strip()
        assert shown == keys.replace(", ", "، ")


@pytest.mark.parametrize(
    "args",
    [
        ("country", "edit", "IR", "--name", "zz9=foo"),
        ("city", "edit", "Yazd", "--add-name", "zz9=foo"),
        ("person", "add", "zz9=foo"),
        ("org", "add", "XYZ", "--name", "9x=foo"),
    ],
)
def test_a_tag_no_language_has_is_refused_at_every_name_door(seeded_db, args):
    before = table_snapshot(seeded_db)
    refused = run_cli(seeded_db, *args)
    assert refused.exit_code == 1
    tag = args[-1].split("=")[0]
    assert f"'{tag}' is not a language tag: use e.g. fa, en, ar, tr" in refused.stderr
    assert refused.stderr.count("\n") == 1
    assert table_snapshot(seeded_db) == before
