"""Every character a report prints in its HTML page, SVG picture or PDF is in a font citylinks
ships: Vazirmatn, or for what it lacks (the arrow of a period, "2008 → 2011", in Persian
"۱۳۸۷ ← ۱۳۹۰"; check and cross marks; the text charts' blocks; the Cyrillic of a stored name,
"Душанбе") the fallback font beside it. No letter falls back to whatever font the reader's machine has, or to an empty
box, and the PDF draws each in one of the two."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from tests.test_fa15f_fonts import pdf_fonts

# any_backend: how what was read is printed; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

REPORTS = {
    "timeline": ["timeline", "AMF", "--cite"],
    "history": ["history", "Yazd", "AMF", "--cite"],
    "stats": ["stats", "AMF", "--as-of", "2026-06-01"],
    "roster": ["roster", "AMF", "--as-of", "2026-06-01"],
    "portfolio": ["portfolio", "Yazd", "--as-of", "2026-06-01"],
    "city-show": ["city", "show", "Yazd", "--cite"],
    "org-show": ["org", "show", "AMF", "--cite"],
    "person-show": ["person", "show", "amrollahi"],
    "source-show": ["source", "show", "S0"],
    "member-history": ["member", "history", "Yazd", "AMF"],
    "session-show": ["session", "show", "AMF", "11", "--series", "executive-board"],
}


def shown_text(page: str) -> str:
    """The text a page or picture shows: without its style, tags and the font data."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", page))


def not_in_the_fonts(text: str) -> set[str]:
    from citylinks.render.svg_text import fonts_for

    return fonts_for(text)[""]


def test_the_fonts_hold_the_symbols_the_reports_compose_and_the_report_words():
    """The words of every report heading and legend (i18n.WORDS), both languages, and every
    symbol the text charts draw."""
    from citylinks.i18n import WORDS
    from citylinks.render import charts
    from citylinks.render.values import span

    words = " ".join(text for pair in WORDS.values() for text in pair)
    drawn = "".join(
        getattr(charts, name)
        for name in (
            "CERTAIN",
            "UNSURE",
            "FADE_IN",
            "ARROW",
            "MARK",
            "DECISION",
            "POSSIBLE",
            "BASELINE",
            "TICK",
        )  # fmt: skip
    )
    composed = span("2008", "2011", "en") + span("۱۳۸۷", "۱۳۹۰", "fa")
    assert "←" in composed and "→" in composed
    assert not_in_the_fonts(words + drawn + composed) == set()


def test_a_letter_missing_from_both_fonts_is_found():
    # The check itself: a letter neither font has (a CJK ideograph) is reported.
    assert not_in_the_fonts("Yazd 漢 یزد →") == {"漢"}


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_every_letter_of_every_report_is_in_a_shipped_font(seeded_cli, tmp_path, lang):
    fallback_used = set()
    for name, args in REPORTS.items():
        for suffix in ("html", "svg"):
            path = tmp_path / f"{name}-{lang}.{suffix}"
            result = seeded_cli(*args, "--lang", lang, "--output", str(path))
            assert result.exit_code == 0, result.output
            page = path.read_text(encoding="utf-8")
            text = shown_text(page)
            assert not_in_the_fonts(text) == set(), f"{name} {suffix}"
            from citylinks.render.svg_text import fonts_for

            fallback = fonts_for(text)["Citylinks Fallback"]
            fallback_used |= fallback
            # A page that prints a letter of the fallback font embeds it.
            assert bool(fallback) == ("font-family: 'Citylinks Fallback'" in page), name
    # The arrow of a period, pointing the way the language reads.
    assert ("←" if lang == "fa" else "→") in fallback_used


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", ["timeline", "history", "city-show"])
def test_a_pdf_draws_every_letter_in_a_shipped_font(seeded_cli, tmp_path, name, lang):
    pdf = tmp_path / f"{name}.pdf"
    result = seeded_cli(*REPORTS[name], "--lang", lang, "--output", str(pdf))
    assert result.exit_code == 0, result.output
    fonts = pdf_fonts(pdf)
    elsewhere = {font: letters for font, letters in fonts.items()
                 if "Vazirmatn" not in font and "Citylinks-Fallback" not in font}  # fmt: skip
    assert elsewhere == {}, f"drawn in other fonts: {elsewhere}"
    if name != "city-show":  # its periods are words ("from … to …"); the others have arrows
        arrow = "←" if lang == "fa" else "→"
        assert any(arrow in letters for font, letters in fonts.items() if "Fallback" in font)


def test_the_fallback_font_is_shipped_with_its_licence():
    from fontTools.ttLib import TTFont

    from citylinks.render.svg_text import FALLBACK_FILE, SYMBOLS

    font = TTFont(FALLBACK_FILE)
    assert {chr(cp) for cp in font.getBestCmap()} >= set(SYMBOLS)
    family = font["name"].getDebugName(1)
    assert "Vera" not in family and "Bitstream" not in family  # renamed, as its licence asks
    licence = (FALLBACK_FILE.parent / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence and "public domain" in licence
    assert Path(FALLBACK_FILE).name in (FALLBACK_FILE.parent / "README.md").read_text()
