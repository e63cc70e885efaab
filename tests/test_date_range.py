"""One range for dates (citylinks.dates.FIRST_DAY to LAST_DAY): every entry point refuses a
date outside it (the bad-input corpus, tests/corpus/dates.toml), and every report works for
the dates at its edges, in both calendars."""

from __future__ import annotations

import pytest

EDGES = ["before g:1010-01-02", "j:389", "circa g:1011", "after 8990-12-30", "j:8368"]
REPORTS = [
    ["timeline", "AMF"],
    ["timeline", "AMF", "--output", "{tmp}/t.svg"],
    ["history", "Abarkuh", "AMF"],
    ["history", "Abarkuh", "AMF", "--output", "{tmp}/h.html"],
    ["roster", "AMF"],
    ["stats", "AMF"],
    ["portfolio", "Abarkuh"],
    ["member", "history", "Abarkuh", "AMF"],
]


@pytest.mark.parametrize("edge", EDGES)
def test_every_report_works_at_the_edges_of_the_range(seeded_cli, tmp_path, edge):
    recorded = seeded_cli("member", "record", "Abarkuh", "AMF", "member", "--from", edge,
                          "--source", "S0")  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    added = seeded_cli("session", "add", "AMF", "99", "--series", "general-assembly",
                       "--host", "Tehran", "--from", edge, "--source", "S0")  # fmt: skip
    assert added.exit_code == 0, added.output
    for report in REPORTS:
        args = [a.replace("{tmp}", str(tmp_path)) for a in report]
        result = seeded_cli(*args, *(["--force"] if "--output" in args else []))
        assert result.exit_code == 0, (edge, report, result.output)
