"""Every line of every table cell stays inside its cell, drawn by headless Chromium: the
timeline, history and stats SVGs, in Persian and in English (a right-to-left line that begins
with an English word used to run out of its cell into the next one)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.test_charts import REPORTS, measure

# any_backend: the picture of what was read; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

CELLS = """
<script>
document.fonts.ready.then(() => {
  const out = {font: document.fonts.check("12px Vazirmatn"), cells: []};
  for (const table of document.querySelectorAll("svg g.table")) {
    const edges = [...table.querySelectorAll("line")]
      .filter((l) => l.x1.baseVal.value === l.x2.baseVal.value)
      .map((l) => l.x1.baseVal.value);
    const xs = [...new Set(edges)].sort((a, b) => a - b);
    for (const t of table.querySelectorAll("text")) {
      const at = t.x.baseVal[0].value;
      const left = Math.max(...xs.filter((x) => x < at));
      const right = Math.min(...xs.filter((x) => x > at));
      const b = t.getBBox();
      out.cells.push({text: t.textContent, left, right, x: b.x, w: b.width,
                      length: t.getComputedTextLength()});
    }
  }
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def lines_in_cells(tmp_path: Path, svg: Path) -> list[dict]:
    import tests.test_charts as charts

    picture = svg.read_text(encoding="utf-8").split("?>", 1)[-1]
    page = f'<!DOCTYPE html><html><body style="margin:0">{picture}</body></html>'
    saved = charts.MEASURE
    charts.MEASURE = CELLS
    try:
        measured = measure(tmp_path, page, svg.stem)
    finally:
        charts.MEASURE = saved
    assert measured["font"], "the embedded font did not load"
    assert measured["cells"], "no table drawn"
    return measured["cells"]


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("report", ["timeline", "history", "stats"])
def test_every_line_of_a_cell_stays_in_its_cell(seeded_cli, tmp_path, report, lang):
    svg = tmp_path / f"{report}-{lang}.svg"
    result = seeded_cli(*REPORTS[report], "--lang", lang, "--output", str(svg))
    assert result.exit_code == 0, result.output
    if os.environ.get("FA15F_KEEP"):
        Path(os.environ["FA15F_KEEP"], svg.name).write_bytes(svg.read_bytes())
    cells = lines_in_cells(tmp_path, svg)
    outside = [
        (c["text"], round(c["x"]), round(c["x"] + c["w"]), c["left"], c["right"])
        for c in cells
        if c["w"] and (c["x"] < c["left"] - 0.5 or c["x"] + c["w"] > c["right"] + 0.5)
    ]
    assert not outside, f"lines out of their cells: {outside[:6]}"
