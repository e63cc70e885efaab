"""Issue 15 (fa15u): one rule decides a cell's direction in the HTML page, the SVG picture, the
PDF and the terminal (runs.cell_reads_rtl): the report's, unless the cell both begins and ends
in the other language. An English note naming «یازدهمین اجلاس» in a Persian report reads left
to right, the Persian phrase isolated, as Chromium draws the SVG and the HTML page and PDFium
the PDF (it was split into pieces out of order); an English report titled with a Persian-only
city name reads left to right with the name isolated."""

from __future__ import annotations

import re

import pytest
import test_charts
from test_fa15r_mixed_cells import _svg_cell_lines, _xs

from citylinks.render.runs import cell_reads_rtl

# any_backend: the pictures of what was read; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

PHRASE = "یازدهمین اجلاس"


@pytest.mark.parametrize(
    ("text", "lang", "rtl"),
    [
        ("همایش شهرهای Silk Road در میبد", "en", True),  # begins and ends in Persian
        ("میبد, Iran", "en", False),
        ("یازدهمین اجلاس (eleventh meeting)", "en", False),
        ("Yazd, Iran", "en", False),
        ("یزد", "en", True),
        # the mirror rule in a Persian report
        ("S2/S3 call it the 'eleventh meeting' (یازدهمین اجلاس), held 2025-11-27.", "fa", False),
        ("Impacts of the Global Financial Crisis", "fa", False),
        ("یازدهمین اجلاس (eleventh meeting)", "fa", True),
        ("۲ (root)", "fa", True),  # a Persian digit begins it
        ("۱۳۹۶–۱۳۹۷ (۲۰۱۸)", "fa", True),
        ("۵۱ Asian and European mayors؛ ۱۲۸ senior experts", "fa", True),
        ("AMF 11، ۷ آذر ۱۴۰۴", "fa", True),
    ],
)
def test_a_cell_reads_in_the_reports_direction_unless_both_its_ends_are_in_the_other(
    text, lang, rtl
):
    assert cell_reads_rtl(text, lang) is rtl


def _cells(seeded_cli, tmp_path, monkeypatch, *args) -> list[dict]:
    svg = tmp_path / "report.svg"
    done = seeded_cli(*args, "--output", str(svg))
    assert done.exit_code == 0, done.output
    return _svg_cell_lines(tmp_path, svg, monkeypatch)


def test_an_english_note_with_a_persian_phrase_reads_left_to_right_in_a_persian_svg(
    seeded_cli, tmp_path, monkeypatch
):
    lines = _cells(seeded_cli, tmp_path, monkeypatch, "history", "Yazd", "AMF", "--lang", "fa")
    note = [line for line in lines if "Membership approved" in line["text"]]
    assert note, "the note is drawn"
    # Its first line reads left to right, standing on the right as the Persian column's
    # cells do (a column is aligned by the report's direction).
    (first,) = note
    assert first["right"] - (first["x"] + first["w"]) < 10, first
    assert _xs(first, "Membership")[0] < _xs(first, "approved")[0] < _xs(first, "members")[0]
    # fa15v: the phrase whole on one line, «(یازدهمین اجلاس), taken to be the 11th»
    (line,) = [line for line in lines if "یازدهمین" in line["text"]]
    assert PHRASE in line["text"], line["text"]
    word = _xs(line, "یازدهمین")
    assert word == sorted(word, reverse=True), "the Persian word is not right to left"
    # the phrase reads right to left: its first word at the right of its second
    assert min(word) > max(_xs(line, "اجلاس")), line["text"]
    # "(یازدهمین اجلاس), taken": the Persian first, on the left of the English after it
    assert max(word) < min(_xs(line, "taken")), line["text"]


def test_an_english_history_of_a_persian_only_city_reads_left_to_right(
    seeded_cli, tmp_path, monkeypatch
):
    done = seeded_cli("city", "add", "کاشان", "--country", "IR")
    assert done.exit_code == 0, done.output
    done = seeded_cli("member", "record", "کاشان", "AMF", "member", "--from", "2020",
                      "--source", "S0")  # fmt: skip
    assert done.exit_code == 0, done.output
    svg = tmp_path / "k.svg"
    assert seeded_cli("history", "کاشان", "AMF", "--output", str(svg)).exit_code == 0
    text = svg.read_text(encoding="utf-8")
    (title,) = re.findall(r'<text [^>]*class="title"[^>]*>(.*?)</text>', text)
    assert 'direction="rtl" unicode-bidi="isolate">کاشان</tspan>' in title
    measured = test_charts.measure_svg(tmp_path, svg)
    (drawn,) = test_charts.texts(measured, "title")
    assert drawn["x"] < measured["width"] * 0.2, "the English title does not start at the left"
    page = tmp_path / "k.html"
    assert seeded_cli("history", "کاشان", "AMF", "--output", str(page)).exit_code == 0
    assert '<h1 dir="ltr"><bdi dir="rtl">کاشان</bdi> — Asian Mayors Forum (AMF)</h1>' in (
        page.read_text(encoding="utf-8")
    )


def test_the_html_page_and_the_pdf_read_the_note_left_to_right(seeded_cli, tmp_path):
    import pypdfium2

    page, pdf = tmp_path / "h.html", tmp_path / "h.pdf"
    for path in (page, pdf):
        done = seeded_cli("history", "Yazd", "AMF", "--lang", "fa", "--output", str(path))
        assert done.exit_code == 0, done.output
    cells = re.findall(r'<td dir="(\w+)"[^>]*>([^<]*Membership approved.*?)</td>', page.read_text())
    assert cells and cells[0][0] == "ltr", cells
    assert f'<bdi dir="rtl" class="phrase">{PHRASE}</bdi>' in cells[0][1]  # one line (fa15v)
    document = pypdfium2.PdfDocument(str(pdf))
    found = 0
    for index in range(len(document)):
        text = document[index].get_textpage()
        search = text.search("eleventh")
        while (hit := search.get_next()) is not None:
            english = text.get_charbox(hit[0])
            persian = text.search("یازدهمین").get_next()
            assert persian is not None
            boxes = [text.get_charbox(persian[0] + n) for n in range(persian[1])]
            if abs(boxes[0][1] - english[1]) > 3:
                continue  # not on the same line
            # Left to right: the English before the Persian, which reads right to left.
            assert english[2] < min(b[0] for b in boxes)
            assert boxes[0][0] > boxes[-1][0]
            found += 1
    assert found, "the note's 'eleventh meeting' (یازدهمین) is not on one line of the PDF"
