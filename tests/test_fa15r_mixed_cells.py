"""Issue 15 (fa15r): a table cell that holds both Persian and English stays inside its cell, in
its reading order, in an English report (left-to-right cells, a Persian name isolated as its
own right-to-left run: «میبد, Iran») and in a Persian one (right-to-left cells, an English
phrase isolated), as headless Chromium draws the SVG and PDFium the PDF. A left-to-right line
that began with a Persian run used to be laid out leftwards from its cell's left edge, out of
the picture (fa15q's merge, reverted in f255c9b)."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pytest
import test_charts

# any_backend: the pictures of what was read; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

NAME = "میبد"
# Long enough to wrap in the Theme column: the second line begins in the other language.
THEMES = {
    "en": "Silk Road cities and their living heritage: همایش شهرهای جاده ابریشم در میبد و یزد",
    "fa": "همایش شهرهای جاده ابریشم در میبد: Silk Road Cities and their Living Heritage Summit",
}

# Each line of each table cell of the SVG: its cell's edges (the table's vertical rules on
# either side of the line's x), its box, and where each of its characters is drawn.
CELL_LINES = """
<script>
document.fonts.ready.then(() => {
  const out = {font: document.fonts.check("12px Vazirmatn"), texts: []};
  for (const table of document.querySelectorAll("svg g.table")) {
    const xs = [...new Set([...table.querySelectorAll("line")]
      .filter((l) => l.x1.baseVal.value === l.x2.baseVal.value)
      .map((l) => l.x1.baseVal.value))];
    for (const t of table.querySelectorAll("text")) {
      const at = t.x.baseVal[0].value;
      const b = t.getBBox();
      const chars = [];
      for (let i = 0; i < t.getNumberOfChars(); i++) {
        const e = t.getExtentOfChar(i);
        chars.push(e.x + e.width / 2);
      }
      out.texts.push({text: t.textContent, x: b.x, w: b.width, chars,
                      left: Math.max(...xs.filter((x) => x < at)),
                      right: Math.min(...xs.filter((x) => x > at))});
    }
  }
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def _record_a_persian_host(seeded_cli, lang: str) -> None:
    done = seeded_cli("city", "add", f"fa={NAME}", "--country", "IR", "--source", "S0")
    assert done.exit_code == 0, done.output
    done = seeded_cli(
        "session", "add", "AMF", "12", "--series", "Executive Board", "--host", NAME,
        "--from", "2026", "--theme", THEMES[lang], "--source", "S0",
    )  # fmt: skip
    assert done.exit_code == 0, done.output


def _timeline(seeded_cli, tmp_path: Path, lang: str, suffix: str) -> Path:
    path = tmp_path / f"timeline-{lang}.{suffix}"
    done = seeded_cli("timeline", "AMF", "--lang", lang, "--output", str(path))
    assert done.exit_code == 0, done.output
    return path


def _svg_cell_lines(tmp_path: Path, svg: Path, monkeypatch) -> list[dict]:
    monkeypatch.setattr(test_charts, "MEASURE", CELL_LINES)
    measured = test_charts.measure_svg(tmp_path, svg)
    assert measured["font"], "the embedded font did not load"
    return measured["texts"]


def _xs(line: dict, word: str) -> list[float]:
    at = line["text"].index(word)
    return line["chars"][at : at + len(word)]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_svg_cells_with_persian_and_english_stay_in_their_cells(
    seeded_cli, tmp_path, monkeypatch, lang
):
    _record_a_persian_host(seeded_cli, lang)
    lines = _svg_cell_lines(tmp_path, _timeline(seeded_cli, tmp_path, lang, "svg"), monkeypatch)
    mixed = [
        line
        for line in lines
        if NAME in line["text"] or any(w in line["text"] for w in ("Silk", "Heritage", "یزد"))
    ]
    # The host's cell and the theme's lines, the second of which begins in the other language.
    assert len(mixed) >= 3, [line["text"] for line in mixed]
    for line in mixed:
        assert line["left"] - 0.5 <= line["x"], f"{line['text']} runs out of its cell's left"
        assert line["x"] + line["w"] <= line["right"] + 0.5, (
            f"{line['text']} runs out of its cell's right"
        )
        if NAME in line["text"]:
            name = _xs(line, NAME)
            assert name == sorted(name, reverse=True), f"{NAME} is not drawn right to left"
    if lang == "en":
        (host,) = [line for line in mixed if line["text"].strip("\u200e") == f"{NAME}, Iran"]
        # «میبد, Iran»: the name first, at the left, as the English cell reads.
        assert max(_xs(host, NAME)) < min(_xs(host, "Iran")), host
        # The cell reads left to right: it starts at its left edge, the theme's lines too.
        for line in mixed:
            assert line["x"] - line["left"] < 10, f"{line['text']} does not start at the left"
    else:
        # A Persian cell reads from its right edge, a line that begins in English too.
        for line in mixed:
            assert line["right"] - (line["x"] + line["w"]) < 10, (
                f"{line['text']} does not start at the right"
            )
        (english,) = [line for line in mixed if "Heritage" in line["text"]]
        heritage = _xs(english, "Heritage")
        assert heritage == sorted(heritage), "an English word in a Persian cell is mirrored"


def _vertical_rules(page) -> list[tuple[float, float, float]]:
    """The thin upright paths of a PDF page (a table's cell borders): (x, bottom, top)."""
    import pypdfium2.raw as pdfium

    rules = []
    for item in page.get_objects(max_depth=5):
        if item.type != pdfium.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        pdfium.FPDFPageObj_GetBounds(item.raw, left, bottom, right, top)
        if right.value - left.value < 2 and top.value - bottom.value > 5:
            rules.append(((left.value + right.value) / 2, bottom.value, top.value))
    return rules


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_pdf_cells_with_persian_and_english_stay_in_their_cells(seeded_cli, tmp_path, lang):
    """In the PDF (WeasyPrint's HTML layout) no cell border crosses the host's cell, the name
    read in the cell's order ("میبد, Iran" / "میبد، ایران")."""
    import pypdfium2

    _record_a_persian_host(seeded_cli, lang)
    document = pypdfium2.PdfDocument(str(_timeline(seeded_cli, tmp_path, lang, "pdf")))
    country = "Iran" if lang == "en" else "ایران"
    checked = 0
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage()
        rules = _vertical_rules(page)
        search = text.search(NAME)
        while (hit := search.get_next()) is not None:
            name = [text.get_charbox(hit[0] + n) for n in range(hit[1])]
            line = text.get_text_range(hit[0], hit[1] + 12)
            if country not in line:
                continue  # the chart's label or the theme, not the host's cell
            at = hit[0] + line.index(country)
            place = [text.get_charbox(at + n) for n in range(len(country))]
            boxes = name + place
            low = min(b[0] for b in boxes)
            high = max(b[2] for b in boxes)
            middle = (boxes[0][1] + boxes[0][3]) / 2
            crossing = [x for x, bottom, top in rules if bottom < middle < top and low < x < high]
            assert rules and not crossing, f"a cell border crosses {NAME}, {country}"
            if lang == "en":  # the name left of the country; in Persian, right of it
                assert max(b[2] for b in name) < min(b[0] for b in place)
            else:
                assert min(b[0] for b in name) > max(b[2] for b in place)
            checked += 1
    assert checked, f"no cell of the PDF held {NAME}, {country}"


def test_a_cut_line_keeps_its_ellipsis_in_the_run_it_cuts():
    from citylinks.render.runs import line_runs

    whole = "رویداد شهری تهران، 6-8 Azar 1404 (2025-11-27 to 2025-11-29, the 11th session)"
    line = "6-8 Azar 1404 (2025-11-27 to 2025-11-29,…"
    assert [line[a:b] for a, b in line_runs(line, whole)] == [line]
    # A run that ends where the line is cut leaves the ellipsis to the text around it.
    assert line_runs("the AMF یزد…", "the AMF یزد و کرمان") == [(0, 7)]


def test_a_cut_english_phrase_in_a_persian_svg_ends_in_its_ellipsis(tmp_path, monkeypatch):
    """A Persian chart label's last line shown is an English phrase cut short: its ellipsis
    stands at the phrase's right, where it goes on, not at the line's left end. (fa15u: a
    table's cells are no longer cut, so the label is drawn here, as render/svg.py draws one.)"""
    from test_fa15n_svg_runs import drawn

    from citylinks.render.svg_text import text_element, wrap

    whole = "رویداد شهری تهران، 6-8 Azar 1404 (2025-11-27 to 2025-11-29, the 11th session)"
    lines = wrap(whole, 12, 180, max_lines=2)
    svg = tmp_path / "label.svg"
    texts = "".join(
        text_element(
            380,
            20 + 16 * n,
            line,
            size=12,
            align="right",
            lang="fa",
            full=whole,
            rtl=True,
            wrapped_from=whole,
        )  # fmt: skip
        for n, line in enumerate(lines)
    )
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60">' + texts + "</svg>",
        encoding="utf-8",
    )
    # textContent begins with a cut line's tooltip (<title>): the drawn characters end it.
    lines = [(t["text"][-len(t["x"]) :], t["x"]) for t in drawn(tmp_path, svg, monkeypatch)]
    cut = [(text, xs) for text, xs in lines if text.endswith("…") and text[-2].isascii()]
    assert cut, "no line of the label ends in an English phrase cut short"
    for text, xs in cut:
        drawn_xs = [x for ch, x in zip(text, xs, strict=True) if ch not in "\u200e\u200f"]
        assert drawn_xs[-1] > max(drawn_xs[:-1]), f"{text}: the ellipsis is not at its right"
