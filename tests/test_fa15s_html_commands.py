"""A command shown in an HTML report (a hint such as `citylinks member record …`) stays on one
line however narrow the page (fa15s): in a note, a caption and a table cell, in English and
Persian pages, measured in headless Chromium (tests/test_charts.py's)."""

from __future__ import annotations

import pytest
from tests.test_charts import measure

from citylinks.render import Column, Document, Section
from citylinks.render.html import html_page

COMMAND = "citylinks member record Yazd AMF member --from 2008 --source S1"
SAID = {
    "en": f"To record the phase, run `{COMMAND}` and check the log.",
    "fa": f"برای ثبت این مرحله `{COMMAND}` را اجرا کنید و گزارش را ببینید.",
}

# Every command's box: a run broken over two lines has two client rectangles.
MEASURE = """
<script>
document.fonts.ready.then(() => {
  const out = [...document.querySelectorAll(".command")].map((e) => ({
    text: e.textContent, lines: e.getClientRects().length,
    tops: [...e.getClientRects()].map((r) => Math.round(r.top))}));
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_command_in_a_report_is_never_broken_across_lines(tmp_path, lang):
    said = SAID[lang]
    document = Document(
        "AMF",
        [Section("AMF", [Column("Note"), Column("Hint")], [[said, f"`{COMMAND}`"]], caption=said)],
        {},
        notes=[said],
        lang=lang,
    )
    commands = _commands_measured(tmp_path, html_page(document, lang), f"commands-{lang}")
    # The caption, the note and the two cells: each command whole, on one line.
    assert len(commands) == 4, commands
    for command in commands:
        assert command["text"] == f"`{COMMAND}`"
        assert command["lines"] == 1, command


def test_without_the_rule_the_narrow_page_would_break_the_command(tmp_path):
    """The measure can fail: the same page with the command's rule taken away breaks it."""
    document = Document("AMF", [], {}, notes=[SAID["en"]], lang="en")
    shown = html_page(document, "en").replace(".command { white-space: nowrap; }", "")
    assert _commands_measured(tmp_path, shown, "broken")[0]["lines"] > 1


def _commands_measured(tmp_path, page: str, name: str) -> list[dict]:
    """Each command's text and how many lines it takes, `page` shown 360 px wide."""
    return measure(tmp_path, page, name, script=MEASURE, window="360,800")
