"""Issue 15: --bidi (visual order for terminals without bidi) keeps option names, commands,
keys and English names whole inside reversed Persian lines, and a Persian help's columns
aligned; HTML and SVG isolate each such run in a right-to-left cell."""

from __future__ import annotations

import re

import pytest
from test_bidi_help import WIDTH
from test_bidi_help import _citylinks as citylinks

from citylinks.render.output import visual_order
from citylinks.text import display_width


@pytest.mark.any_backend  # no database
@pytest.mark.parametrize(
    "text,whole",
    [
        ("گزینهٔ --bidi را بدهید", "--bidi"),
        ("یزد در AMF/executive-board/11 عضو شد", "AMF/executive-board/11"),
        ("شهر haikou: هایکو (Haikou)، CN", "(Haikou)"),
        ("کلید amf-culture-tourism ثبت شد", "amf-culture-tourism"),
        (
            "برای دیدن `citylinks member history yazd AMF` را بزنید",
            "`citylinks member history yazd AMF`",
        ),
        ("قالب‌ها: [table|json|csv|markdown]", "[table|json|csv|markdown]"),
        ("مجمع شهرداران آسیایی (Asian Mayors Forum)", "(Asian Mayors Forum)"),
    ],
)
def test_a_left_to_right_run_stays_whole_in_a_reversed_line(text, whole):
    shown = visual_order(text)
    assert whole in shown, shown
    # the Persian around it is reversed (right to left laid out for the terminal)
    assert shown.startswith(whole) or shown.endswith(whole) or shown.index(whole) > 0
    assert not re.search(r"[a-z]-{1,2}(\s|$)", shown.replace(whole, "")), shown


@pytest.mark.any_backend  # no database
def test_persian_help_with_bidi_keeps_option_names_and_its_columns_aligned():
    laid = citylinks("--lang", "fa", "roster", "--help", "--bidi")
    assert laid.returncode == 0, laid.stderr
    lines = laid.stdout.splitlines()
    text = laid.stdout
    for option in ("--as-of", "--status", "--country", "--calendar", "--bidi", "--force"):
        assert option in text
        assert option[2:] + "--" not in text  # never reversed: «bidi--»
    assert "-f, --format [table|json|csv|markdown]" in text
    assert "-h, --help" in text
    options = lines[
        next(i for i, line in enumerate(lines) if line.strip() == visual_order("گزینه‌ها:")) + 1 :
    ]
    # The option column stands on the right, two cells in from the edge, as in the logical help.
    shown = [line for line in options if line.strip()]
    assert {display_width(line) for line in shown} == {WIDTH}  # each stands on the right
    # The help text column: every line of help that goes on from the line before ends at
    # one column, its right edge; a line with an option name ends with it, two cells in.
    plain = citylinks("--lang", "fa", "roster", "--help").stdout.splitlines()
    start = next(i for i, line in enumerate(plain) if line.strip() == "گزینه‌ها:") + 1
    column = {
        len(line) - len(line.lstrip()) for line in plain[start:] if line.startswith("    " * 4)
    }
    assert len(column) == 1
    ends = [display_width(line.rstrip()) for line in shown]
    assert set(ends) == {WIDTH - 2, WIDTH - column.pop()}
    assert ends.count(WIDTH - 2) == len([line for line in plain[start:] if line.startswith("  -")])


@pytest.mark.any_backend  # no database
def test_a_persian_error_keeps_the_option_it_names_whole():
    laid = citylinks("--lang", "fa", "roster", "AMF", "--format", "xml", "--bidi")
    assert laid.returncode == 2
    assert laid.stderr.strip().endswith(visual_order("خطا:"))  # right to left
    assert "«python -m citylinks roster --help»" in laid.stderr  # the command whole
    assert "pleh--" not in laid.stderr and "help--" not in laid.stderr


def test_mixed_persian_and_english_cells_keep_their_runs_with_bidi(seeded_cli):
    shown = seeded_cli(
        "session", "show", "AMF", "11", "--series", "executive-board", "--lang", "fa", "--bidi"
    )
    assert shown.exit_code == 0, shown.output
    # «یازدهمین اجلاس (eleventh meeting)»: the English words whole, in their brackets
    assert "(eleventh meeting)" in shown.stdout
    assert visual_order("یازدهمین اجلاس") in shown.stdout


def test_html_isolates_the_english_runs_of_a_persian_cell(seeded_cli, tmp_path):
    page = tmp_path / "session.html"
    shown = seeded_cli(
        "session", "show", "AMF", "11", "--series", "executive-board", "--lang", "fa",
        "--output", str(page),
    )  # fmt: skip
    assert shown.exit_code == 0, shown.output
    html = page.read_text(encoding="utf-8")
    assert '<td dir="rtl">یازدهمین اجلاس <bdi dir="ltr">(eleventh meeting)</bdi></td>' in html
    # fa15u: a cell that begins and ends in English reads left to right (the lead's rule).
    assert '<td dir="ltr">S2، S3</td>' in html
    # An English page: a cell that begins in English reads in its first letter's direction
    # (given: WeasyPrint ignores dir="auto"); one that begins in Persian reads left to right
    # too, the report's direction, its Persian run isolated (fa15q: «یزد, Iran»).
    english = tmp_path / "session-en.html"
    seeded_cli("session", "show", "AMF", "11", "--series", "executive-board", "-o", str(english))
    html = english.read_text(encoding="utf-8")
    assert '<td dir="ltr">S2, S3</td>' in html
    assert (
        '<td dir="ltr"><bdi dir="rtl" class="phrase">یازدهمین اجلاس</bdi> (eleventh meeting)</td>'
        in html
    )


@pytest.mark.any_backend  # no database
def test_svg_text_isolates_the_english_runs_of_persian_text():
    from citylinks.render.svg_text import html_text_element, text_element

    svg = text_element(10, 20, "یزد در AMF عضو شد", size=12, lang="fa")
    assert 'direction="rtl"' in svg
    assert '<tspan direction="ltr" unicode-bidi="isolate">AMF</tspan>' in svg
    span = html_text_element(10, 20, "یزد در AMF عضو شد", size=12, lang="fa", width=100)
    assert '<bdi dir="ltr">AMF</bdi>' in span
    assert "<tspan" not in text_element(10, 20, "Yazd in AMF", size=12)


@pytest.mark.any_backend  # how a record is printed
def test_a_persian_record_with_bidi_reads_right_to_left_line_by_line(seeded_cli):
    shown = seeded_cli("city", "show", "yazd", "--lang", "fa", "--bidi", env={"COLUMNS": "100"})
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    # A line that begins with a language code and a name still reads right to left: the name
    # on the right, its kind in Persian to its left.
    assert any(line.endswith(f" {visual_order('(رسمی)')} en  Yazd    ") for line in lines)
    # The command to run next stays whole.
    assert any("`citylinks member history yazd amf`" in line for line in lines)
