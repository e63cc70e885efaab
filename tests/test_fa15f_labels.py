"""What a Persian SVG says in its labels and how it tags them: the stats bars carry the same
year labels as the table beside them, and a cell of a Persian table that mixes Persian and
English is laid out right to left, in Persian, its English runs isolated."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from citylinks.render.svg_text import reads_rtl, text_element

# any_backend: the picture of what was read; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

TEXT = re.compile(r"<text ([^>]*)>(.*?)</text>", re.S)


def texts(svg: Path) -> list[tuple[str, str]]:
    """Each <text>'s attributes and its text (without its tooltip)."""
    found = []
    for attributes, body in TEXT.findall(svg.read_text(encoding="utf-8")):
        body = re.sub(r"<title>.*?</title>", "", body)
        found.append((attributes, unescape(re.sub(r"<[^>]+>", "", body)).replace("\u200f", "")))
    return found


def svg_of(cli, tmp_path: Path, *args: str) -> Path:
    path = tmp_path / "report.svg"
    result = cli(*args, "--output", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_persian_stats_bars_are_labelled_as_the_table_rows(seeded_cli, tmp_path):
    svg = svg_of(seeded_cli, tmp_path, "stats", "AMF", "--as-of", "2026-06-01", "--lang", "fa")
    shown = texts(svg)
    labels = [text for attributes, text in shown if 'class="count-label"' in attributes]
    assert labels, "no bars drawn"
    others = {text for attributes, text in shown if "count-label" not in attributes}
    for label in labels:
        # Jalali first, the Gregorian year in brackets: «۱۳۹۶–۱۳۹۷ (۲۰۱۸)», as in the table
        assert re.fullmatch(r"[۰-۹]{4}(–[۰-۹]{4})? \([۰-۹]{4}(–[۰-۹]{4})?\)", label), label
        assert label in others, f"{label} is not a row of the table"


def test_english_stats_bars_are_labelled_as_the_table_rows(seeded_cli, tmp_path):
    svg = svg_of(seeded_cli, tmp_path, "stats", "AMF", "--as-of", "2026-06-01")
    shown = texts(svg)
    labels = [text for attributes, text in shown if 'class="count-label"' in attributes]
    assert labels
    others = {text for attributes, text in shown if "count-label" not in attributes}
    assert all(re.fullmatch(r"\d{4} \(\d{4}(–\d{4})?\)", label) for label in labels), labels
    assert set(labels) <= others


def test_persian_history_cells_with_persian_in_them_read_right_to_left(seeded_cli, tmp_path):
    svg = svg_of(seeded_cli, tmp_path, "history", "Yazd", "AMF", "--lang", "fa")
    mixed = [
        (attributes, text)
        for attributes, text in texts(svg)
        if re.search("[\u0600-\u06ff]", text) and re.search("[A-Za-z]", text)
    ]
    sources = [a for a, text in mixed if text == "S0، S1"]
    assert sources, "the sources cell is drawn"
    # fa15u, the lead's rule: a cell that both begins and ends in English ("S0، S1", an English
    # note naming «یازدهمین اجلاس») reads left to right; every other reads right to left.
    for attributes, text in mixed:
        if text in ("S0، S1", "S2، S3"):
            assert 'direction="rtl"' not in attributes, text
        elif re.match("[\u200f\u0600-\u06ff]", text):  # a line that begins in Persian
            assert 'direction="rtl"' in attributes and 'xml:lang="fa"' in attributes, text


def test_a_persian_cell_beginning_with_an_english_key_starts_at_its_right_edge():
    # What the «مصوب در» cell holds when the session's series has no Persian name.
    cell = "AMF 11، ۷ آذر ۱۴۰۴"
    assert reads_rtl(cell, "fa")
    assert not reads_rtl("Official membership, announced.", "fa")  # an English note
    drawn = text_element(300, 20, cell, size=12, align="right", lang="fa")
    assert 'direction="rtl"' in drawn and 'xml:lang="fa"' in drawn
    assert 'text-anchor="end"' not in drawn  # its start, on the right, at x
    # the English run isolated, after a right-to-left mark that makes Chromium lay the line
    # out from the right
    assert '>\u200f<tspan direction="ltr" unicode-bidi="isolate">AMF 11</tspan>،' in drawn
