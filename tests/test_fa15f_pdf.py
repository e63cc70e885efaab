"""The Persian PDFs as PDFium reads them: an English cell reads left to right with its
punctuation where the HTML page has it, and a table row is never split over two pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# any_backend: the printing of what was read; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend


def pages(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    return [
        re.sub(r"\s+", " ", page.get_textpage().get_text_range())
        for page in pdfium.PdfDocument(pdf)
    ]


def written(cli, tmp_path: Path, suffix: str, *args: str) -> Path:
    path = tmp_path / f"{args[0]}-{args[-1]}.{suffix}"
    result = cli(*args, "--output", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_english_cells_of_a_persian_pdf_keep_their_punctuation_at_the_end(seeded_cli, tmp_path):
    pdf = written(seeded_cli, tmp_path, "pdf", "timeline", "AMF", "--lang", "fa")
    text = " ".join(pages(pdf))
    assert "Local Governance:" in text and ":Local Governance" not in text
    pdf = written(seeded_cli, tmp_path, "pdf", "history", "Yazd", "AMF", "--lang", "fa")
    text = " ".join(pages(pdf))
    assert "years not stated." in text and ".stated" not in text and ".years" not in text


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_no_row_of_a_table_is_split_over_two_pages(tmp_path, lang):
    from citylinks.render import Column, Document, Section
    from citylinks.render.pdf import pdf_bytes

    # 24 rows of tall cells: a page holds a few, and a row would be cut at each page's end.
    words = " ".join(["session"] * 120)
    rows = [[f"Start{n}", f"Open{n} {words} Close{n}", f"Host{n}"] for n in range(24)]
    columns = [Column("a"), Column("b"), Column("c")]
    document = Document("Title", [Section("Sessions", columns, rows)], {}, lang=lang)
    pdf = tmp_path / f"rows-{lang}.pdf"
    pdf.write_bytes(pdf_bytes(document, lang))
    texts = pages(pdf)
    assert len(texts) > 2
    for n in range(24):
        on = [
            {page for page, text in enumerate(texts) if re.search(rf"\b{word}{n}\b", text)}
            for word in ("Start", "Open", "Close", "Host")
        ]
        assert all(len(found) == 1 for found in on) and len(set.union(*on)) == 1, (n, on)
