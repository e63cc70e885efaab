"""An English phrase in a Persian report reads as one left-to-right piece with its numbers and
punctuation: the number before its first word ("11th", "6-8 Azar", "۸۹ Asian cities"), the
digits between its words, the sentence's full stop when the line is all English. Before, the
pieces were cut at the first Latin letter and the last: a Persian SVG showed "th Executive
Board session, held during the11" and ".AMF meeting in Tehran", and the timeline's attendance
"Asian cities whose mayors and authorities ۸۹". One rule (render.runs) for SVG, HTML, PDF and
the terminal's --bidi."""

from __future__ import annotations

import re
from html import unescape

import pytest

from citylinks.render.output import visual_order
from citylinks.render.runs import split_runs

# any_backend: how what was read is printed; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend


@pytest.mark.parametrize(
    "text,runs",
    [
        ("11th Executive Board session, held during the", ["11th Executive Board session, held during the"]),
        ("AMF meeting in Tehran.", ["AMF meeting in Tehran."]),
        ("6-8 Azar 1404 (2025-11-27 to 2025-11-29, S2).", ["6-8 Azar 1404 (2025-11-27 to 2025-11-29, S2)."]),
        (
            "۸۹ Asian cities whose mayors and authorities convened؛ بیش از ۸۹ Asian mayors",
            # fa15v: a Persian count is the Persian text's, read first, whether «بیش از» says it
            ["Asian cities whose mayors and authorities convened", "Asian mayors"],
        ),
        ("authorities ۸۹ convened", ["authorities ۸۹ convened"]),
        # what stays Persian: a date before the English, a range after it, the Persian comma
        ("۷ آذر ۱۴۰۴ AMF 11", ["AMF 11"]),
        ("AMF 11، ۷ آذر ۱۴۰۴", ["AMF 11"]),
        ("عضویت Yazd ۱۳۹۶–۱۳۹۷ پایان یافت", ["Yazd"]),
        ("یزد (AMF). شد", ["(AMF)"]),
        ("گزینهٔ --bidi را بدهید", ["--bidi"]),
    ],
)  # fmt: skip
def test_a_run_takes_its_numbers_and_punctuation(text, runs):
    assert [piece for piece, is_run in split_runs(text) if is_run] == runs


def test_the_terminal_shows_each_english_phrase_whole():
    # --bidi lays a Persian line out for the terminal: the English reads left to right, whole,
    # and the Persian number before the second phrase stays on the Persian side.
    line = "۸۹ Asian cities whose mayors and authorities convened؛ بیش از ۸۹ Asian mayors"
    shown = visual_order(line, rtl=True)
    # fa15v: «۸۹» first, at the right, as the second phrase's number is
    assert shown.endswith("Asian cities whose mayors and authorities convened ۸۹"), shown
    assert shown.startswith("Asian mayors ۸۹ "), shown


def svg_lines(svg: str) -> list[str]:
    """The text of each `<text>` of an SVG, as in the source (logical order), with where each
    left-to-right run is marked by [ ]."""
    lines = []
    for body in re.findall(r"<text [^>]*>(.*?)</text>", svg, flags=re.S):
        body = re.sub(r"<title>.*?</title>", "", body, flags=re.S)
        body = re.sub(r'<tspan direction="ltr"[^>]*>', "[", body).replace("</tspan>", "]")
        lines.append(unescape(re.sub(r"<[^>]+>", "", body)))
    return lines


def test_a_persian_svg_keeps_an_english_note_whole(seeded_cli, tmp_path):
    svg = tmp_path / "mh.svg"
    result = seeded_cli("member", "history", "Yazd", "AMF", "--lang", "fa", "--output", str(svg))
    assert result.exit_code == 0, result.output
    lines = svg_lines(svg.read_text(encoding="utf-8"))
    note = [line for line in lines if "Executive Board" in line or "meeting in Tehran" in line]
    assert note, lines
    # fa15u: an English note (it begins and ends in English) reads left to right as a whole,
    # the lead's rule: no line of it is cut into right-to-left pieces, numbers and full stop
    # in place.
    for line in note:
        assert "[" not in line and not line.startswith("\u200f"), line
    assert any("11th Executive Board" in line for line in note), note
    assert any(line.endswith("Tehran.") for line in note), note


def test_a_persian_history_picture_keeps_the_dates_of_an_english_note(seeded_cli, tmp_path):
    svg = tmp_path / "hi.svg"
    result = seeded_cli("history", "Yazd", "AMF", "--lang", "fa", "--output", str(svg))
    assert result.exit_code == 0, result.output
    lines = svg_lines(svg.read_text(encoding="utf-8"))
    dates = [line for line in lines if "Azar" in line]
    assert dates, lines
    # fa15u: the English note reads left to right, "6-8 Azar" in its line, not pulled apart.
    assert all("[" not in line and "6-8 Azar 1404" in line for line in dates), dates


@pytest.mark.parametrize("suffix", ["html", "svg"])
def test_the_persian_timeline_reads_its_attendance_whole(seeded_cli, tmp_path, suffix):
    out = tmp_path / f"tl.{suffix}"
    result = seeded_cli("timeline", "AMF", "--lang", "fa", "--output", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    if suffix == "html":
        assert '۸۹ <bdi dir="ltr">Asian cities whose mayors and authorities convened</bdi>' in page
    else:
        lines = [line for line in svg_lines(page) if "Asian cities" in line]
        # fa15v: a Persian count before the phrase is Persian, read first: «۸۹ [Asian cities»,
        # as «بیش از ۴۰ [Asian cities»
        assert any("۸۹ [Asian cities whose mayors" in line for line in lines), lines
        assert not [line for line in lines if re.search("\\[[۰-۹]+ ", line)], lines
