"""A PDF draws every character, the white space between the letters too, with a glyph of the
font it was set in: no empty box (.notdef). A PDF (WeasyPrint, Pango) keeps a space, a
no-break space or a ZWNJ in the font of the letters around it without asking whether that font
has it: the space of "Азиатский форум мэров" (a Russian name, in the fallback font) and the one
after the arrow of "(۲۰۰۸) ← ۳۰ آبان ۱۳۸۷" were empty boxes."""

from __future__ import annotations

import ctypes
from functools import cache
from pathlib import Path

import pytest

# any_backend: how what was read is printed; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend


def pdf_characters(pdf: Path) -> list[tuple[str, str]]:
    """Each character the PDF's pages draw, white space included, with its font's name (as
    pdfium reads them; not the spaces and line ends pdfium adds between pieces and lines)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    drawn = []
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        for i in range(text.count_chars()):
            if raw.FPDFText_IsGenerated(text.raw, i) == 1:
                continue
            name = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            raw.FPDFText_GetFontInfo(text.raw, i, name, 256, ctypes.byref(flags))
            letter = chr(raw.FPDFText_GetUnicode(text.raw, i))
            font = name.value.decode()
            # (pdfium's own: a space between two pieces of text, in no font; \x02 for a hyphen
            # at the end of a line)
            if not (letter in "\r\n\x00\x02" or (not font and letter.isspace())):
                drawn.append((font, letter))
    return drawn


@cache
def shipped_cmap(font_name: str) -> frozenset[int]:
    """The characters the shipped font a PDF font is a subset of has ("ABCDEF+Vazirmatn")."""
    from fontTools.ttLib import TTFont

    from citylinks.render.svg_text import FALLBACK_FILE, FONT_FILE

    path = FALLBACK_FILE if "Fallback" in font_name else FONT_FILE
    assert "Vazirmatn" in font_name or "Fallback" in font_name, font_name
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def boxes(pdf: Path, cmap=shipped_cmap) -> list[str]:
    """The characters drawn in a font that has no glyph for them, with the text around them."""
    drawn = pdf_characters(pdf)
    found = []
    for i, (font, letter) in enumerate(drawn):
        if ord(letter) not in cmap(font):
            around = "".join(ch for _, ch in drawn[max(0, i - 12) : i + 12])
            found.append(f"{letter!r} in {font}: {around}")
    return found


REPORTS = {
    "timeline": ["timeline", "AMF", "--cite"],
    "org-show": ["org", "show", "AMF", "--cite"],
    "history": ["history", "Yazd", "AMF", "--cite"],
    "city-show": ["city", "show", "Yazd", "--cite"],
}


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", list(REPORTS))
def test_a_pdf_has_a_glyph_for_every_character_it_draws(seeded_cli, tmp_path, name, lang):
    pdf = tmp_path / f"{name}-{lang}.pdf"
    result = seeded_cli(*REPORTS[name], "--lang", lang, "--output", str(pdf))
    assert result.exit_code == 0, result.output
    assert boxes(pdf) == []
    drawn = pdf_characters(pdf)
    # The check reads the white space as drawn: spaces in both fonts are among what it read.
    fallback = "".join(letter for font, letter in drawn if "Fallback" in font)
    if name in ("timeline", "org-show"):  # "Азиатский форум мэров", "2008 → 2011"
        assert " " in fallback, fallback


def test_the_check_finds_a_space_the_fallback_font_lacks(seeded_cli, tmp_path):
    """The check itself: read against a fallback font without the space (as it was built
    before), the Russian name's spaces are empty boxes."""
    pdf = tmp_path / "org.pdf"
    result = seeded_cli("org", "show", "AMF", "--output", str(pdf))
    assert result.exit_code == 0, result.output
    without_space = shipped_cmap("Citylinks-Fallback") - {0x20}
    found = boxes(pdf, lambda font: without_space if "Fallback" in font else shipped_cmap(font))
    assert found and all(line.startswith("' ' in") for line in found), found
    assert any("Азиатский" in line for line in found), found


def test_the_fallback_font_has_the_white_space_and_joiners():
    from fontTools.ttLib import TTFont

    from citylinks.render.svg_text import FALLBACK_FILE

    cmap = TTFont(FALLBACK_FILE).getBestCmap()
    for ch in " \u00a0\u2009\u202f\u200c\u200d\u200e\u200f":
        assert ord(ch) in cmap, f"U+{ord(ch):04X}"
