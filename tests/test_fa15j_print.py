"""Each report's HTML page printed from a browser (headless Chromium) on portrait A4, in
English and Persian, as an officer prints it: every table and chart fits between the margins
(dates and long notes wrap, charts are zoomed to the paper), so nothing is cut off at the
paper's edge and the page is not shrunk to fit something too wide. (The PDF output, landscape
A4 by WeasyPrint, is looked at in test_charts.py and test_fa15j_glyphs.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.test_charts import WHITE, border_pixels, run_chromium
from tests.test_fa15j_glyphs import REPORTS

# any_backend: the printing of what was read; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

A4 = (595.3, 841.9)  # points
MARGIN = 12 / 25.4 * 72  # the page style's 12 mm, in points


def printed(tmp_path: Path, page: Path) -> Path:
    """`page` printed by Chromium on portrait A4 paper (the page's own style sets the margins)."""
    paper = tmp_path / f"{page.stem}-a4.html"
    text = page.read_text(encoding="utf-8")
    paper.write_text(text.replace("</head>", "<style>@page { size: A4 portrait; }</style></head>"))
    pdf = tmp_path / f"{page.stem}-a4.pdf"
    run_chromium(
        tmp_path, "--virtual-time-budget=10000", "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}", paper.as_uri(),
    )  # fmt: skip
    return pdf


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", list(REPORTS))
def test_each_report_printed_on_a4_fits_the_paper(seeded_cli, tmp_path, name, lang):
    import pypdfium2

    page = tmp_path / f"{name}-{lang}.html"
    result = seeded_cli(*REPORTS[name], "--lang", lang, "--output", str(page))
    assert result.exit_code == 0, result.output
    document = pypdfium2.PdfDocument(str(printed(tmp_path, page)))
    width, height = document[0].get_size()
    assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    lefts, rights = [], []
    for index in range(len(document)):
        image = document[index].render(scale=1).to_pil().convert("RGB")
        assert border_pixels(image, 4) == {WHITE}, f"page {index + 1} is cut off at its edge"
        text = document[index].get_textpage()
        for i in range(text.count_chars()):
            if text.get_text_range(i, 1).strip():
                left, _bottom, right, _top = text.get_charbox(i)
                lefts.append(left)
                rights.append(right)
    # Every letter between the margins...
    assert min(lefts) > MARGIN - 3 and max(rights) < width - MARGIN + 3
    # ... and the page not shrunk to fit something wider: its text reaches the margin it
    # starts from (the right one in Persian).
    if lang == "fa":
        assert max(rights) > width - MARGIN - 6, "the printed page was shrunk"
    else:
        assert min(lefts) < MARGIN + 6, "the printed page was shrunk"
