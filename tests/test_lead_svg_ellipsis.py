"""Issue 15 (a Persian officer, fresh clone): a cut SVG cell ended in a double ellipsis "……"
(timeline and history, in both languages). A cut line ends in one ellipsis, and the charts as
written hold none doubled."""

from __future__ import annotations

import pytest

from citylinks.render.svg_text import ELLIPSIS, fit, text_width, wrap

LONG = (
    "S2/S3 call the meeting the AMF's 'eleventh meeting'; taken to be the 11th Executive Board"
    " meeting, held in Tehran beside the General Assembly of the Asian Mayors Forum"
)


@pytest.mark.parametrize("width", [60, 90, 140, 200, 260])
@pytest.mark.parametrize("text", [LONG, "مجمع شهرداران آسیایی " * 8, LONG + ELLIPSIS])
def test_a_cut_line_ends_in_one_ellipsis_and_fits(text, width):
    lines = wrap(text, 11, width, max_lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith(ELLIPSIS) and not lines[-1].endswith(ELLIPSIS * 2)
    assert all(text_width(line, 11) <= width for line in lines)
    cut = fit(text, 11, width)
    assert cut.endswith(ELLIPSIS) and ELLIPSIS * 2 not in cut


@pytest.mark.parametrize("report", [("timeline", "AMF"), ("history", "Yazd", "AMF")])
@pytest.mark.parametrize("lang", ["en", "fa"])
def test_no_chart_holds_a_doubled_ellipsis(seeded_cli, tmp_path, report, lang):
    out = tmp_path / "chart.svg"
    result = seeded_cli(*report, "--lang", lang, "--output", str(out))
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    # fa15u: table cells are no longer cut (they wrap whole); a chart label may be.
    assert ELLIPSIS * 2 not in svg
