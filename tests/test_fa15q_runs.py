"""Issue 15 (fa15q): an English phrase in a Persian report reads left to right as one piece,
its closing quote with it («'eleventh meeting'»), and a Persian name in an English report is a
right-to-left run of its own in a left-to-right cell («یزد, Iran», not «Iran ,یزد»), as
headless Chromium draws the SVG and the HTML page (as tests/test_charts.py looks at them)."""

from __future__ import annotations

from pathlib import Path

import test_charts
from test_fa15n_svg_runs import CHARACTERS, drawn

from citylinks.render.runs import line_runs, split_runs

# Where Chromium draws each character of each table cell of an HTML page: fa15n's script
# (CHARACTERS) measuring the cells' characters rather than the SVG's texts.
_SVG_LOOP = CHARACTERS[CHARACTERS.index("  for (const t") : CHARACTERS.index("  const pre")]
CELLS = CHARACTERS.replace(
    _SVG_LOOP,
    """  for (const td of document.querySelectorAll("td")) {
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    let text = "", xs = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.data.length; i++) {
        const r = document.createRange();
        r.setStart(n, i); r.setEnd(n, i + 1);
        const b = r.getBoundingClientRect();
        text += n.data[i]; xs.push(b.x + b.width / 2);
      }
    }
    out.push({text, x: xs, dir: td.getAttribute("dir")});
  }
""",
)


def cells(tmp_path: Path, page: Path, monkeypatch) -> list[dict]:
    monkeypatch.setattr(test_charts, "MEASURE", CELLS)
    return test_charts.measure(tmp_path, page.read_text(encoding="utf-8"), page.stem)["texts"]


def test_a_closing_quote_belongs_to_the_run_it_closes():
    assert split_runs("meeting the AMF's 'eleventh meeting' (یازدهمین")[0] == (
        "meeting the AMF's 'eleventh meeting'",
        True,
    )
    # An apostrophe neither opens nor closes: the full stop after "AMF's" stays outside.
    assert split_runs("the AMF's. یزد")[0] == ("the AMF's", True)


def test_a_wrapped_line_keeps_the_runs_of_its_whole_text():
    whole = "(41 COM 8B.18)، ۱۸ تیر ۱۳۹۶ [S0, S1]"
    line = "(41 COM 8B.18)، ۱۸ تیر ۱۳۹۶ [S0,"
    # On its own the line's bracket would be Persian's (mirrored, «S0]»); cut from the whole
    # text it stays with its run.
    assert [line[a:b] for a, b in line_runs(line, whole)] == ["(41 COM 8B.18)", "[S0,"]
    # "۱۰" at a line's end counts the English phrase on the next line: a Persian count, read
    # first, it is not in the phrase's run (fa15v), on a line of its own or not.
    whole = "municipalities؛ ۱۰ international bodies"
    assert [w[a:b] for w in ["municipalities؛ ۱۰"] for a, b in line_runs(w, whole)] == [
        "municipalities",
    ]
    assert line_runs("یزد, Iran", "یزد, Iran", rtl=False) == [(0, 3)]


def test_persian_history_svg_draws_the_quoted_english_phrase_left_to_right(
    seeded_cli, tmp_path, monkeypatch
):
    svg = tmp_path / "history.svg"
    done = seeded_cli("history", "Yazd", "AMF", "--lang", "fa", "--output", str(svg))
    assert done.exit_code == 0, done.output
    found = 0
    for t in drawn(tmp_path, svg, monkeypatch):
        chars, xs = t["text"], t["x"]
        at = chars.find("'eleventh meeting'")
        if at < 0 or len(xs) != len(chars):
            continue
        found += 1
        start = chars.find("the AMF's") if "the AMF's" in chars else at
        run = xs[start : at + len("'eleventh meeting'")]
        assert run == sorted(run), (chars, run)  # the closing quote right of "meeting"
    assert found, "no line of the history's SVG held «'eleventh meeting'»"


def _persian_host(seeded_cli) -> None:
    done = seeded_cli("city", "add", "fa=میبد", "--country", "IR", "--source", "S0")
    assert done.exit_code == 0, done.output
    done = seeded_cli(
        "session", "add", "AMF", "12", "--series", "Executive Board", "--host", "میبد",
        "--from", "2026", "--source", "S0",
    )  # fmt: skip
    assert done.exit_code == 0, done.output


def _reads_persian_name_then_country(chars: str, xs: list[float]) -> None:
    name, country = chars.index("میبد"), chars.index("Iran")
    persian = xs[name : name + 4]
    assert persian == sorted(persian, reverse=True), (chars, xs)  # right to left inside
    assert max(persian) < xs[country], (chars, xs)  # «میبد, Iran»: the name first, at the left


def test_english_timeline_svg_isolates_a_persian_host_name(seeded_cli, tmp_path, monkeypatch):
    _persian_host(seeded_cli)
    svg = tmp_path / "timeline.svg"
    done = seeded_cli("timeline", "AMF", "--lang", "en", "--output", str(svg))
    assert done.exit_code == 0, done.output
    hosts = [t for t in drawn(tmp_path, svg, monkeypatch) if "میبد, Iran" in t["text"]]
    assert hosts
    for t in hosts:
        _reads_persian_name_then_country(t["text"], t["x"])


def test_english_timeline_html_isolates_a_persian_host_name(seeded_cli, tmp_path, monkeypatch):
    _persian_host(seeded_cli)
    page = tmp_path / "timeline.html"
    done = seeded_cli("timeline", "AMF", "--lang", "en", "--output", str(page))
    assert done.exit_code == 0, done.output
    hosts = [t for t in cells(tmp_path, page, monkeypatch) if t["text"] == "میبد, Iran"]
    assert hosts
    for t in hosts:
        assert t["dir"] == "ltr"
        _reads_persian_name_then_country(t["text"], t["x"])


def test_persian_timeline_svg_lines_keep_each_english_phrase_whole_and_in_order(
    seeded_cli, tmp_path, monkeypatch
):
    """The Attendance cells wrap in logical order, each line then laid out right to left: on
    every line each English run reads left to right, and the runs follow one another from
    the right («convened؛ بیش از ۸۹ Asian mayors, governors»)."""
    svg = tmp_path / "timeline.svg"
    done = seeded_cli("timeline", "AMF", "--lang", "fa", "--output", str(svg))
    assert done.exit_code == 0, done.output
    checked = 0
    for t in drawn(tmp_path, svg, monkeypatch):
        chars, xs = t["text"], t["x"]
        if len(xs) != len(chars) or "convened" not in chars and "mayors" not in chars:
            continue
        at, previous = 0, None
        for piece, is_run in split_runs(chars):
            span = range(at, at + len(piece))
            at += len(piece)
            if not is_run:
                continue
            # Its English letters (fa15u: a Persian number that begins a line goes with the
            # Persian words it follows on the line before, «بیش از» / «۱۰۰ mayors ...»).
            letters = [xs[i] for i in span if chars[i].isascii() and chars[i].isalnum()]
            assert letters == sorted(letters), (chars, piece)
            if previous is not None:
                assert max(letters) < previous, (chars, piece)  # left of the run before it
            previous = min(letters)
            checked += 1
    assert checked > 5
