"""Issue 15 (fa15n): in a Persian SVG a number sign stays before its number («#۱», not «۱#»)
and a command in backquotes stays whole, on one line, reading left to right, as headless
Chromium draws the picture (as tests/test_charts.py looks at the charts)."""

from __future__ import annotations

import re
from pathlib import Path

import test_charts

from citylinks.render.runs import split_runs, words
from citylinks.render.svg_text import wrap

# Where Chromium draws each character of each text of the picture (its logical order kept).
CHARACTERS = """
<script>
document.fonts.ready.then(() => {
  const out = [];
  for (const t of document.querySelectorAll("svg text")) {
    const chars = [];
    const n = t.getNumberOfChars();
    for (let i = 0; i < n; i++) {
      const b = t.getExtentOfChar(i);
      chars.push(b.x + b.width / 2);
    }
    out.push({text: t.textContent, x: chars});
  }
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify({texts: out});
  document.body.appendChild(pre);
});
</script>
"""


def drawn(tmp_path: Path, svg: Path, monkeypatch) -> list[dict]:
    """Each text of the picture with where each of its characters is drawn (charts.measure,
    its script swapped for CHARACTERS)."""
    monkeypatch.setattr(test_charts, "MEASURE", CHARACTERS)
    picture = svg.read_text(encoding="utf-8").split("?>", 1)[-1]
    page = f'<!DOCTYPE html><html><body style="margin:0">{picture}</body></html>'
    return test_charts.measure(tmp_path, page, svg.stem)["texts"]


def test_a_number_sign_and_a_command_are_runs_of_their_own():
    assert split_runs("(#۱، نسخهٔ ۱)") == [("(", False), ("#۱", True), ("، نسخهٔ ۱)", False)]
    assert split_runs("ببینید `citylinks city show یزد` را") == [
        ("ببینید ", False),
        ("`citylinks city show یزد`", True),
        (" را", False),
    ]
    assert words("نگاه کنید به `citylinks member history yazd amf`)") == [
        "نگاه", "کنید", "به", "`citylinks member history yazd amf`)",
    ]  # fmt: skip


def test_a_command_is_not_broken_across_lines_when_it_fits_on_one():
    text = "برای مراحل پیشین نگاه کنید به `citylinks member history yazd amf`"
    lines = wrap(text, 12, 250, max_lines=8)
    assert any("`citylinks member history yazd amf`" in line for line in lines), lines


def test_persian_city_svg_draws_number_signs_and_commands_left_to_right(
    seeded_cli, tmp_path, monkeypatch
):
    svg = tmp_path / "yazd.svg"
    done = seeded_cli("city", "show", "Yazd", "--lang", "fa", "--output", str(svg))
    assert done.exit_code == 0, done.output
    texts = drawn(tmp_path, svg, monkeypatch)
    signs = commands = 0
    for t in texts:
        chars, xs = t["text"], t["x"]
        if len(xs) != len(chars):
            continue  # a text drawn as one glyph cluster per several characters
        for m in re.finditer("#[۰-۹]+", chars):
            signs += 1
            run = xs[m.start() : m.end()]
            assert run == sorted(run), (chars, run)  # "#۱۲" from left to right
        for m in re.finditer("`citylinks [^`]*`", chars):
            commands += 1
            run = [x for x, ch in zip(xs[m.start() : m.end()], m.group(), strict=True)
                   if ch != " "]  # fmt: skip
            assert run == sorted(run), (chars, run)
        assert chars.count("`") % 2 == 0, chars  # never half a command on a line
    assert signs >= 3 and commands >= 1, texts
