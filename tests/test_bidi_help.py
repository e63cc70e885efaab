"""--bidi (and CITYLINKS_BIDI) lays out help and error lines as it lays out reports (issue 15):
for a terminal that does no bidi of its own, each line in visual order and shaped
(render.output.visual_order), and in Persian standing on the right; without it, they are
printed in logical order, as before."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from citylinks.render.output import visual_order
from citylinks.text import display_width

pytestmark = pytest.mark.any_backend  # no database

WIDTH = 100


def _citylinks(*args: str, **env: str) -> subprocess.CompletedProcess:
    kept = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CITYLINKS_LANG", "CITYLINKS_BIDI", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    return subprocess.run(
        [sys.executable, "-m", "citylinks", *args],
        env={**kept, "COLUMNS": str(WIDTH), **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def _laid_out(logical: str) -> list[str]:
    """A Persian help's lines as --bidi lays them out: each right to left (one that begins
    with an option name too, so that the columns stay aligned)."""
    return [visual_order(line, rtl=True).strip() for line in logical.splitlines()]


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("date", "--help"), {"CITYLINKS_BIDI": "1"}),
        (("roster", "--help", "--bidi"), {}),
        (("--lang", "fa", "timeline", "--bidi", "--help"), {"CITYLINKS_LANG": "en"}),
    ],
)
def test_persian_help_is_laid_out_for_a_terminal_without_bidi(args, env):
    plain_args = tuple(a for a in args if a != "--bidi")
    plain = _citylinks(*plain_args, CITYLINKS_LANG="fa")
    laid = _citylinks(*args, **{"CITYLINKS_LANG": "fa", **env})
    assert laid.returncode == 0 == plain.returncode, laid.stderr
    assert "کاربرد:" in plain.stdout  # logical order without --bidi
    assert laid.stdout != plain.stdout
    lines = laid.stdout.splitlines()
    assert [line.strip() for line in lines] == _laid_out(plain.stdout)
    # right to left: every line stands on the right of the terminal
    assert {display_width(line) for line in lines if line.strip()} == {WIDTH}


def test_a_persian_error_line_is_laid_out_with_bidi():
    args = ("--lang", "fa", "roster", "AMF", "--format", "xml")
    plain = _citylinks(*args)
    laid = _citylinks(*args, "--bidi")
    assert plain.returncode == laid.returncode == 2
    assert plain.stderr.startswith("خطا: ")
    assert laid.stderr.count("\n") == 1  # still one line
    assert laid.stderr.strip() == visual_order(plain.stderr.strip())


def test_english_is_reordered_only_where_it_quotes_persian():
    plain = _citylinks("roster", "آسیا", "--format", "xml")
    laid = _citylinks("roster", "آسیا", "--format", "xml", CITYLINKS_BIDI="yes")
    assert plain.returncode == laid.returncode == 2
    assert laid.stderr == plain.stderr  # nothing right to left in it
    # English help: only the lines that quote Persian are reordered, and none moves right
    english_help = _citylinks("roster", "--help", "--bidi").stdout.splitlines()
    logical = _citylinks("roster", "--help").stdout.splitlines()
    assert english_help == [visual_order(line) for line in logical]
    assert any("(Iran, ایران)" in line for line in logical)
    assert not any("(Iran, ایران)" in line for line in english_help)


def test_without_bidi_nothing_is_reordered():
    plain = _citylinks("date", "--help", CITYLINKS_LANG="fa", CITYLINKS_BIDI="0")
    assert plain.stdout.startswith("کاربرد: ")
