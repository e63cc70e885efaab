"""Issue 15 (fa15u): the HTML page of a history or a timeline fits a 1200 px window and a
portrait A4 page (its print style, 186 mm between the margins: 703 CSS px) in Persian and
English, as headless Chromium lays it out: its date cells break between the two calendars,
after a period's arrow, before the "and" of "between … and …", and a date itself is never
broken (each piece on one line)."""

from __future__ import annotations

import pytest
import test_charts

# any_backend: the pictures of what was read; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

# The page's width, and how many lines each piece of a date cell takes.
WIDTHS = """
<script>
document.fonts.ready.then(() => {
  const out = {font: document.fonts.check("12px Vazirmatn"),
               width: document.documentElement.scrollWidth,
               pieces: [...document.querySelectorAll("td.date span.date")].map((s) => ({
                 text: s.textContent, lines: new Set([...s.getClientRects()].map((r) => r.y)).size
               }))};
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


RUN_CHROMIUM = test_charts.run_chromium


def _measured(tmp_path, page, monkeypatch, window: int, printed: bool) -> dict:
    text = page.read_text(encoding="utf-8")
    if printed:  # the page as printed: its print style on a window as wide as A4's text
        text = text.replace("@media print {", "@media all {")
    monkeypatch.setattr(test_charts, "MEASURE", WIDTHS)

    def sized(tmp_path, *args):
        args = tuple(
            f"--window-size={window},1000" if a.startswith("--window") else a for a in args
        )
        return RUN_CHROMIUM(tmp_path, *args)

    monkeypatch.setattr(test_charts, "run_chromium", sized)
    return test_charts.measure(tmp_path, text, f"{page.stem}-{window}")


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("report", [["history", "Yazd", "AMF"], ["timeline", "AMF"]])
def test_the_page_fits_a_window_and_a_printed_a4_page(
    seeded_cli, tmp_path, monkeypatch, report, lang
):
    page = tmp_path / f"{report[0]}-{lang}.html"
    done = seeded_cli(*report, "--lang", lang, "--output", str(page))
    assert done.exit_code == 0, done.output
    for window, printed in ((1200, False), (703, True)):
        measured = _measured(tmp_path, page, monkeypatch, window, printed)
        assert measured["font"], "the embedded font did not load"
        assert measured["width"] <= window, f"{measured['width']} px wide in a {window} px window"
        assert measured["pieces"]
        broken = [p["text"] for p in measured["pieces"] if p["lines"] != 1]
        assert not broken, f"dates broken across lines: {broken}"
        if lang == "en" and report[0] == "history":
            # "between 2025 and 2025-09-08 (between 1403-10-12 and 1404-06-17)": in pieces.
            texts = [p["text"] for p in measured["pieces"]]
            assert "(between 1403-10-12" in texts and "and 2025-09-08" in texts, texts
