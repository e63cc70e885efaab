"""Issue 15, the terminal (fresh-clone testers with --lang fa): every command that prints
records takes --lang and --bidi (and CITYLINKS_BIDI), `citylinks --bidi` and a group's
`--help --bidi` too; with `--lang fa --bidi` each line reads right to left, standing on the
right, as `show` and the help print it."""

from __future__ import annotations

import pytest
from test_bidi_help import _citylinks, _laid_out

from citylinks.render.output import visual_order
from citylinks.text import display_width

# Commands that print lines of records, with what they need.
PRINTING = [("country", "list"), ("setting", "show"), ("date", "1404-09-07", "2008")]


def _right_to_left(laid: str, plain: str) -> None:
    """`laid` is `plain` as --bidi prints Persian: each line in visual order, right to left,
    and every line ending at the same column (standing on the right)."""
    lines = laid.splitlines()
    assert [line.strip() for line in lines] == [
        visual_order(line, rtl=True).strip() for line in plain.splitlines()
    ]
    assert len({display_width(line) for line in lines if line.strip()}) == 1, laid


@pytest.mark.parametrize("args", PRINTING, ids=lambda a: " ".join(a[:2]))
def test_commands_printing_lines_take_lang_and_bidi(seeded_cli, args):
    wide = {"COLUMNS": "400"}  # every line fits: one laid-out line for each line
    plain = seeded_cli(*args, "--lang", "fa", env=wide)
    laid = seeded_cli(*args, "--lang", "fa", "--bidi", env=wide)
    assert plain.exit_code == 0 == laid.exit_code, laid.stderr
    assert laid.stdout != plain.stdout
    _right_to_left(laid.stdout, plain.stdout)
    # CITYLINKS_BIDI=1 and `citylinks --bidi COMMAND` ask the same.
    asked = seeded_cli(*args, "--lang", "fa", env={**wide, "CITYLINKS_BIDI": "1"})
    assert asked.stdout == laid.stdout
    assert seeded_cli("--bidi", *args, "--lang", "fa", env=wide).stdout == laid.stdout


def _words(text: str) -> list[str]:
    """The letters of each word, whatever the brackets around it: a bracket faces the other
    way when a line is broken inside the brackets' pair."""
    return sorted(w.strip("()[]«»،:") for w in text.split() if w.strip("()[]«»،:"))


def test_a_persian_line_longer_than_the_terminal_is_broken_in_reading_order(seeded_cli):
    narrow = {"COLUMNS": "60"}
    plain = seeded_cli("setting", "show", "--lang", "fa", env=narrow).stdout
    laid = seeded_cli("setting", "show", "--lang", "fa", "--bidi", env=narrow).stdout
    assert max(display_width(line) for line in plain.splitlines()) > 60
    lines = laid.splitlines()
    assert len(lines) > len(plain.splitlines())
    # Every line stands on the right of the 60 columns, none longer: the terminal wraps none.
    assert {display_width(line) for line in lines} == {60}, laid
    # The same words, each shaped and read right to left, none lost at a break.
    assert _words(laid) == _words(visual_order(plain, rtl=True))
    # The words' order: the first line laid out holds the line's first words, read from the right.
    assert plain.splitlines()[0].split()[0] == "sources:"
    assert lines[0].split()[-1] == ":sources"  # its colon on its left, read from the right


def test_country_list_names_each_country_in_the_language_asked_first(seeded_cli):
    assert "IR  ایران  Iran" in seeded_cli("country", "list", "--lang", "fa").stdout.splitlines()
    assert "IR  Iran  ایران" in seeded_cli("country", "list").stdout.splitlines()


def test_setting_show_speaks_the_language_asked(seeded_cli):
    persian = seeded_cli("setting", "show", "--lang", "fa").stdout
    assert "sources: اختیاری (optional) (پیش‌فرض)" in persian
    assert "(the default)" not in persian
    assert "(the default)" in seeded_cli("setting", "show", "--lang", "en").stdout


def test_log_takes_lang(seeded_cli):
    persian = seeded_cli("log", "--limit", "1", "--lang", "fa")
    assert persian.exit_code == 0, persian.stderr
    assert "کارشناس" in persian.stdout and "Officer" not in persian.stdout
    assert "Officer" in seeded_cli("log", "--limit", "1", "--lang", "en").stdout
    laid = seeded_cli("log", "--limit", "1", "--lang", "fa", "--bidi").stdout
    assert laid != persian.stdout and visual_order("کارشناس") in laid  # shaped, right to left


@pytest.mark.any_backend  # help, no database
@pytest.mark.parametrize(
    "args",
    [
        ("--help", "--bidi"),
        ("--bidi", "--help"),
        ("org", "--help", "--bidi"),
        ("org", "series", "--bidi", "--help"),
        ("date", "--help", "--bidi"),
        ("country", "list", "--help", "--bidi"),
        ("setting", "show", "--help", "--bidi"),
    ],
)
def test_help_of_the_root_groups_and_printing_commands_takes_bidi(args):
    plain = _citylinks(*(a for a in args if a != "--bidi"), CITYLINKS_LANG="fa")
    laid = _citylinks(*args, CITYLINKS_LANG="fa")
    assert laid.returncode == 0 == plain.returncode, laid.stderr
    assert [line.strip() for line in laid.stdout.splitlines()] == _laid_out(plain.stdout)


@pytest.mark.any_backend  # help, no database
@pytest.mark.parametrize("command", [(), ("date",), ("country", "list"), ("setting", "show")])
def test_bidi_and_lang_are_in_the_help_of_the_root_and_the_printing_commands(command):
    shown = _citylinks(*command, "--help").stdout
    assert "--bidi" in shown and "--lang" in shown


@pytest.mark.any_backend  # no database
def test_date_takes_bidi_and_lays_out_its_errors_too():
    laid = _citylinks("date", "--lang", "fa", "--bidi", "1404-09-07", "not-a-date")
    assert laid.returncode == 1
    plain = _citylinks("date", "--lang", "fa", "1404-09-07", "not-a-date")
    _right_to_left(laid.stdout, plain.stdout)
    assert laid.stderr.strip() == visual_order(plain.stderr.strip(), rtl=True).strip()
