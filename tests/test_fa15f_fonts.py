"""Every report's page embeds the font it names (Vazirmatn, shipped), so that the page and its
PDF are drawn in it and not in whatever the reader's machine has."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pytest

# any_backend: how a page is written, not what was read
pytestmark = pytest.mark.any_backend

REPORTS = [
    ["timeline", "AMF"],
    ["history", "Yazd", "AMF"],
    ["stats", "AMF"],
    ["roster", "AMF"],
    ["portfolio", "Yazd"],
    ["city", "show", "Yazd"],
]


def pdf_fonts(pdf: Path) -> dict[str, set[str]]:
    """The letters drawn in each font of the PDF's pages."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    fonts: dict[str, set[str]] = {}
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        for i in range(text.count_chars()):
            name = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            raw.FPDFText_GetFontInfo(text.raw, i, name, 256, ctypes.byref(flags))
            letter = chr(raw.FPDFText_GetUnicode(text.raw, i))
            if letter.strip():
                fonts.setdefault(name.value.decode(), set()).add(letter)
    return fonts


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("args", REPORTS, ids=lambda a: a[0] if a[0] != "city" else "city-show")
def test_every_report_page_embeds_its_font(seeded_cli, tmp_path, args, lang):
    page = tmp_path / "report.html"
    result = seeded_cli(*args, "--lang", lang, "--output", str(page))
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    faces = re.findall(r"@font-face \{ font-family: 'Vazirmatn';[^}]*data:font/woff;base64,", text)
    assert len(faces) == 1, f"{args[0]}: {len(faces)} embedded fonts"
    assert "Vazirmatn" in re.search(r"body \{ font-family: ([^;]*);", text).group(1)


@pytest.mark.parametrize("args", [["roster", "AMF"], ["portfolio", "Yazd"]], ids=lambda a: a[0])
def test_a_persian_pdf_prints_its_letters_in_the_shipped_font(seeded_cli, tmp_path, args):
    pdf = tmp_path / "report.pdf"
    result = seeded_cli(*args, "--lang", "fa", "--output", str(pdf))
    assert result.exit_code == 0, result.output
    fonts = pdf_fonts(pdf)
    persian = {name for name, letters in fonts.items() if any("ا" <= c <= "ی" for c in letters)}
    assert persian and all("Vazirmatn" in name for name in persian), fonts.keys()
