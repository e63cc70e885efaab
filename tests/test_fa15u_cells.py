"""Issue 15 (fa15u): a printed SVG loses nothing of a table's cells. A long cell (the session's
note, the timeline's attendance, the history's notes) wraps onto as many lines as it needs,
its row growing to fit, as headless Chromium draws it; only a chart's labels are cut (with a
tooltip), as the README says."""

from __future__ import annotations

import pytest
import test_charts
from test_fa15r_mixed_cells import CELL_LINES

from citylinks.render.svg_text import ELLIPSIS, text_width, wrap

# any_backend: the pictures of what was read; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

REPORTS = {
    "session": ["session", "show", "AMF", "11", "--series", "executive-board"],
    "timeline": ["timeline", "AMF"],
    "history": ["history", "Yazd", "AMF"],
}


def _cell_lines(seeded_cli, tmp_path, monkeypatch, report: str, lang: str) -> list[dict]:
    svg = tmp_path / f"{report}-{lang}.svg"
    done = seeded_cli(*REPORTS[report], "--lang", lang, "--output", str(svg))
    assert done.exit_code == 0, done.output
    # Each line's box whole (test_fa15r measures its width only).
    script = CELL_LINES.replace("x: b.x, w: b.width", "x: b.x, y: b.y, h: b.height, w: b.width")
    monkeypatch.setattr(test_charts, "MEASURE", script)
    measured = test_charts.measure_svg(tmp_path, svg)
    assert measured["font"], "the embedded font did not load"
    return [t for t in measured["texts"] if t["text"].strip("\u200e\u200f ")]


def _words(text: str) -> list[str]:
    return text.replace("\u200e", "").replace("\u200f", "").split()


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("report", list(REPORTS))
def test_every_word_of_a_long_cell_is_printed_inside_its_cell(
    seeded_cli, tmp_path, monkeypatch, report, lang
):
    lines = _cell_lines(seeded_cli, tmp_path, monkeypatch, report, lang)
    assert lines
    cut = [line["text"] for line in lines if ELLIPSIS in line["text"]]
    assert not cut, f"cut cells: {cut}"
    # The note that used to end "the General Assembl…": every word of it drawn, in order.
    note = {
        "session": "It declared Dushanbe the cultural capital of Asia for 2026 (CV1).",
        "timeline": "Asian mayors and urban",
        "history": "(2025-11-27 to 2025-11-29,",
    }[report]
    drawn = [w for line in lines for w in _words(line["text"])]
    wanted = _words(note)
    assert any(drawn[i : i + len(wanted)] == wanted for i in range(len(drawn))), (
        f"{note!r} is not drawn whole"
    )
    for line in lines:
        assert line["left"] - 0.5 <= line["x"], f"{line['text']} runs out of its cell's left"
        assert line["x"] + line["w"] <= line["right"] + 0.5, (
            f"{line['text']} runs out of its cell's right"
        )
    # The row grows to fit: no two lines of a column overlap.
    for a in lines:
        for b in lines:
            if a is not b and a["left"] == b["left"]:
                assert abs(a["y"] - b["y"]) >= 12, f"{a['text']} and {b['text']} overlap"


def test_a_word_wider_than_its_column_goes_on_over_the_next_line():
    address = "https://www.example.org/" + "news/" * 20 + "yazd-joins-the-asian-mayors-forum"
    lines = wrap(f"See {address} for more", 12, 200, max_lines=None)
    assert "".join(lines).replace(" ", "") == f"See{address}formore"
    assert all(text_width(line, 12) <= 200 for line in lines)
    assert ELLIPSIS not in "".join(lines)


def test_a_chart_label_is_still_cut_with_a_tooltip(seeded_cli, tmp_path):
    """The README's one exception: a session's date beside its marker, too long for its
    place, ends in "…" and is whole in its tooltip."""
    svg = tmp_path / "timeline.svg"
    done = seeded_cli("timeline", "AMF", "--output", str(svg))
    assert done.exit_code == 0, done.output
    text = svg.read_text(encoding="utf-8")
    assert 'class="session-date"><title>between 2025-11-27 and 2025-11-29' in text
