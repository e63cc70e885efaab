"""Issue 15 (fa15w), render.runs: a short Persian phrase that is a whole cell of an English
report (the theme «پیشگامان صلح و همکاری جهانی» of the English AMF timeline) is kept on one
line like one inside an English text (fa15v): the PDF broke it after «و». A Persian cell of a
Persian report still breaks between its words."""

from __future__ import annotations

import pytest
from test_fa15v_runs import _pdf_lines

from citylinks.render.runs import words

# any_backend: how a theme read from the database is laid out; the reading is checked elsewhere
pytestmark = pytest.mark.any_backend

THEME = "پیشگامان صلح و همکاری جهانی"


@pytest.mark.parametrize(
    ("rtl", "lang", "whole"),
    [
        (True, "en", True),  # a Persian cell of an English report: one piece
        (True, "fa", False),  # of a Persian report: its words
        (None, None, False),  # not asked: its words
    ],
)
def test_a_short_persian_cell_of_an_english_report_is_one_piece(rtl, lang, whole):
    assert (words(THEME, rtl, lang) == [THEME]) is whole
    assert (words(f"{THEME}، ۲۰۲۵", rtl, lang) == [f"{THEME}، ۲۰۲۵"]) is False  # not the phrase


def test_a_long_persian_cell_of_an_english_report_is_broken_between_its_words():
    sentence = "همایش شهرهای جاده ابریشم در میبد و یزد"
    assert len(words(sentence, True, "en")) == len(sentence.split(" "))


def test_the_english_timeline_keeps_the_persian_theme_on_one_line(seeded_cli, tmp_path):
    page, pdf = tmp_path / "t.html", tmp_path / "t.pdf"
    for path in (page, pdf):
        done = seeded_cli("timeline", "AMF", "--lang", "en", "--output", str(path))
        assert done.exit_code == 0, done.output
    assert f'<td dir="rtl"><span class="phrase">{THEME}</span></td>' in page.read_text("utf-8")
    # one line of the PDF holds the whole theme (drawn right to left: its words reversed)
    (line,) = [line for line in _pdf_lines(pdf) if "صلح" in line]
    assert " ".join(reversed(THEME.split(" "))) in line, line
    persian = seeded_cli("timeline", "AMF", "--lang", "fa", "--output", str(tmp_path / "f.html"))
    assert persian.exit_code == 0, persian.output
    assert 'class="phrase"' not in (tmp_path / "f.html").read_text("utf-8")
