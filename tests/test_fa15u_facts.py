"""Issue 15 (fa15u): a table of facts (name: value: `session show`, `org show`) has no column
titles, and draws no empty grey header row in the SVG, the HTML page or the PDF; and a column
is aligned by the report's direction: in the Persian `org show` PDF an English value («amf»,
"Asia") stands on the right of its column as the Persian ones do (it stood on the left)."""

from __future__ import annotations

import re

import pytest

# any_backend: the pictures of what was read; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

SESSION = ["session", "show", "AMF", "11", "--series", "executive-board"]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_table_of_facts_has_no_empty_header_row(seeded_cli, tmp_path, lang):
    svg, page = tmp_path / "s.svg", tmp_path / "s.html"
    for path in (svg, page):
        done = seeded_cli(*SESSION, "--lang", lang, "--output", str(path))
        assert done.exit_code == 0, done.output
    text = svg.read_text(encoding="utf-8")
    tables = re.findall(r'<g class="table">(.*?)</g>', text, re.S)
    assert len(tables) == 2  # the facts, the other numberings
    facts, numberings = tables
    assert 'fill="#eeeeee"' not in facts, "the facts table draws a grey header row"
    assert 'fill="#eeeeee"' in numberings  # a table with column titles keeps its header
    host = "Host" if lang == "en" else "میزبان"
    first = re.search(r"<text [^>]*>(.*?)</text>", facts).group(1)
    assert host in first, first
    html = page.read_text(encoding="utf-8")
    tables = re.findall(r'<table class="report">(.*?)</table>', html, re.S)
    assert "<thead>" not in tables[0] and "<th" not in tables[0]
    assert "<thead>" in tables[1]


def test_the_persian_org_show_pdf_aligns_a_column_on_the_right(seeded_cli, tmp_path):
    import pypdfium2

    pdf = tmp_path / "o.pdf"
    done = seeded_cli("org", "show", "AMF", "--lang", "fa", "--output", str(pdf))
    assert done.exit_code == 0, done.output
    page = pypdfium2.PdfDocument(str(pdf))[0]
    text = page.get_textpage()

    def right_edge(word: str) -> float:
        hit = text.search(word, match_case=True, match_whole_word=True).get_next()
        assert hit is not None, word
        return max(text.get_charbox(hit[0] + n)[2] for n in range(hit[1]))

    # The values of «کلید» (amf, English), «نوع» (شبکه, Persian), «منطقه» (Asia, English).
    edges = [right_edge(word) for word in ("amf", "شبکه", "Asia")]
    assert max(edges) - min(edges) < 3, edges
