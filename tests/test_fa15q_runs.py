"""Issue 15 (fa15q): an English phrase in a Persian report reads left to right as one piece,
its closing quote with it («'eleventh meeting'»), and a Persian name in an English report is a
right-to-left run of its own in a left-to-right cell («یزد, Iran», not «Iran ,یزد»), as
headless Chromium draws the SVG and the HTML page (as tests/test_charts.py looks at them)."""

from __future__ import annotations

from pathlib import Path

import test_charts
from test_fa15n_svg_runs import drawn

from citylinks.render.runs import split_runs

# Where Chromium draws each character of each table cell of an HTML page.
CELLS = """
<script>
document.fonts.ready.then(() => {
  const out = [];
  for (const td of document.querySelectorAll("td")) {
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
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify({texts: out});
  document.body.appendChild(pre);
});
</script>
"""


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
