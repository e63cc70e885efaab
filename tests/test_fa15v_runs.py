"""Issue 15 (fa15v), render.runs: (1) a count in Persian digits before an English phrase is the
Persian text's, read first, at the right of its line: «۸۹ Asian cities whose mayors ...» in the
Persian timeline's attendance showed «۸۹» at the left end of its first line while «بیش از ۸۹
Asian mayors» showed its number at the right; now terminal, HTML, SVG and PDF put both on the
right. (2) A short Persian phrase in an English cell («یازدهمین اجلاس» in an English history's
note) is not broken between two lines (SVG wrap, HTML/PDF nowrap)."""

from __future__ import annotations

import re

import arabic_reshaper
import pytest
from test_fa15l_runs import svg_lines

from citylinks.render.runs import PHRASE_MAX_LENGTH, split_runs, words

# any_backend: how what was read is printed; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

ATTENDANCE = "۸۹ Asian cities whose mayors and authorities convened؛ بیش از ۸۹ Asian mayors"
PHRASE = "یازدهمین اجلاس"


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        (ATTENDANCE, ["Asian cities whose mayors and authorities convened", "Asian mayors"]),
        ("۴۴ mayors, from 33 Asian countries", ["mayors, from 33 Asian countries"]),
        # the English text's own numbers stay in it: ASCII digits, Persian ones between words
        ("11th Executive Board session", ["11th Executive Board session"]),
        ("6-8 Azar 1404 (2025-11-27)", ["6-8 Azar 1404 (2025-11-27)"]),
        ("authorities ۸۹ convened", ["authorities ۸۹ convened"]),
    ],
)
def test_a_persian_count_before_an_english_phrase_is_not_in_its_run(text, runs):
    assert [piece for piece, is_run in split_runs(text) if is_run] == runs


def _cell_of(line: str, words: str) -> str:
    (cell,) = [c.strip() for c in line.split("│") if words in c]
    return cell


def test_the_terminal_puts_the_count_at_the_right_of_the_first_line(seeded_cli):
    done = seeded_cli("timeline", "AMF", "--lang", "fa", "--bidi")
    assert done.exit_code == 0, done.output
    firsts = [_cell_of(line, "Asian cities whose") for line in done.stdout.splitlines()
              if "Asian cities whose" in line]  # fmt: skip
    assert firsts, done.stdout[:3000]
    # «۸۹» first, where a right-to-left line starts: at its right; the phrase left to right
    assert firsts[0].startswith("Asian cities whose") and firsts[0].endswith(" ۸۹"), firsts[0]
    # as the number after «بیش از» is: «Asian mayors, governors ۸۹ از»
    qualified = f"Asian mayors, governors ۸۹ {arabic_reshaper.reshape('از')[::-1]}"
    assert any(qualified in line for line in done.stdout.splitlines())


def test_the_page_the_picture_and_the_pdf_put_the_count_first(seeded_cli, tmp_path):
    paths = {s: tmp_path / f"t.{s}" for s in ("html", "svg", "pdf")}
    for path in paths.values():
        done = seeded_cli("timeline", "AMF", "--lang", "fa", "--output", str(path))
        assert done.exit_code == 0, done.output
    page = paths["html"].read_text(encoding="utf-8")
    assert '<td dir="rtl">۸۹ <bdi dir="ltr">Asian cities whose mayors and authorities' in page
    lines = [line for line in svg_lines(paths["svg"].read_text("utf-8")) if "Asian cities" in line]
    assert any(line.lstrip("\u200f").startswith("۸۹ [Asian cities whose") for line in lines), lines
    # PDFium gives each line of the PDF in the order it is drawn, left to right
    drawn = _pdf_lines(paths["pdf"])
    (line,) = [line for line in drawn if "Asian cities whose mayors and" in line]
    assert "authorities convened ۸۹" in line and "۸۹ Asian" not in line, line


def _pdf_lines(path) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    return [
        line
        for index in range(len(document))
        for line in document[index].get_textpage().get_text_range().splitlines()
    ]


@pytest.mark.parametrize(
    ("text", "rtl", "kept"),
    [
        (f"the 'eleventh meeting' ({PHRASE}), held", False, f"({PHRASE}),"),
        (f"the 'eleventh meeting' ({PHRASE}), held", None, None),  # not asked: words
        (f"مجمع ({PHRASE}) شد", True, None),  # a Persian text: its words
    ],
)
def test_a_short_persian_phrase_is_one_piece_of_an_english_text(text, rtl, kept):
    pieces = words(text, rtl)
    if kept:
        assert kept in pieces, pieces
    else:
        assert "یازدهمین" in " ".join(pieces) and not any(PHRASE in p for p in pieces), pieces


def test_a_long_persian_sentence_in_english_text_is_broken_between_its_words():
    sentence = "همایش شهرهای جاده ابریشم در میبد و یزد"
    assert len(sentence) > PHRASE_MAX_LENGTH
    assert sentence not in words(f"Silk Road: {sentence}", rtl=False)


def test_the_english_history_keeps_the_persian_phrase_on_one_line(seeded_cli, tmp_path):
    svg, page, pdf = (tmp_path / f"h.{s}" for s in ("svg", "html", "pdf"))
    for path in (svg, page, pdf):
        done = seeded_cli("history", "Yazd", "AMF", "--output", str(path))
        assert done.exit_code == 0, done.output
    lines = [
        line for line in svg_lines(svg.read_text("utf-8")) if re.search("[\u0600-\u06ff]", line)
    ]
    assert lines and all(PHRASE in line for line in lines), lines
    html = page.read_text(encoding="utf-8")
    assert f'<bdi dir="rtl" class="phrase">{PHRASE}</bdi>' in html
    assert ".phrase { white-space: nowrap; }" in html
    # one line of the PDF holds both words (its text is drawn shaped: «اجلاس» as «اجالس»)
    (line,) = [line for line in _pdf_lines(pdf) if "یازدهمین" in line]
    assert "meeting' (" in line and "اج" in line, line
