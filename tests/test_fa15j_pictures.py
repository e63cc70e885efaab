"""The reports test_charts.py does not draw (roster, portfolio) and the show commands' new
outputs, looked at as pictures in English and Persian: the SVG in headless Chromium (every
text inside the picture, nothing on its edge, the title standing where the language starts a
line) and the PDF drawn by PDFium (nothing cut off at the paper's edge, the heading in it)."""

from __future__ import annotations

import re

import pytest
from tests.test_charts import WHITE, border_pixels, check_pdf, measure_svg, screenshot, texts
from tests.test_fa15j_glyphs import REPORTS

# any_backend: the pictures of what was read; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

DRAWN_ELSEWHERE = ("timeline", "history", "stats")  # test_charts.py


def check_svg_picture(tmp_path, svg):
    """test_charts.check_svg_picture, for pictures that print a source's web address as text:
    nothing fetched (no address in an attribute or a style), every text inside the picture,
    nothing drawn on its edge."""
    text = svg.read_text(encoding="utf-8")
    assert not re.search(r"(href|src)=\"http|url\(\s*['\"]?http", text)
    measured = measure_svg(tmp_path, svg)
    assert measured["font"], "the embedded font did not load"
    width, height = measured["width"], measured["height"]
    outside = [
        t["text"]
        for t in measured["texts"]
        if t["w"]
        and (t["x"] < 0 or t["y"] < 0 or t["x"] + t["w"] > width or t["y"] + t["h"] > height)
    ]
    assert not outside, f"text outside the picture: {outside[:5]}"
    image = screenshot(tmp_path, svg, int(width), int(height))
    assert border_pixels(image) == {WHITE}, "something is drawn on the picture's edge"
    return measured


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", [n for n in REPORTS if n not in DRAWN_ELSEWHERE])
def test_svg_and_pdf_pictures_read_the_readers_way(seeded_cli, tmp_path, name, lang):
    svg, pdf = tmp_path / f"{name}-{lang}.svg", tmp_path / f"{name}-{lang}.pdf"
    for path in (svg, pdf):
        result = seeded_cli(*REPORTS[name], "--lang", lang, "--output", str(path))
        assert result.exit_code == 0, result.output
    measured = check_svg_picture(tmp_path, svg)
    (title,) = texts(measured, "title")
    headings = texts(measured, "heading")
    assert headings
    width = measured["width"]
    for line in (title, *headings):
        # A Persian title and headings stand on the right, English ones on the left.
        if lang == "fa":
            assert line["x"] + line["w"] > width * 0.6, f"{line['text']} is not on the right"
        else:
            assert line["x"] < width * 0.4, f"{line['text']} is not on the left"
    # A whole word (not one a mark such as the hamza of «سابقهٔ» follows): PDFium finds it.
    words = re.findall(r"(?<!\S)(\w+)(?=[\s:،,]|$)", " ".join(h["text"] for h in headings))
    word = max(words, key=len)
    check_pdf(pdf, lang, (word,))
