"""--bidi lays a Persian report's table out right to left for a terminal without bidi of its
own: a cell with Persian digits and no Persian letter ("۱۳۹۶–۱۳۹۷ (۲۰۱۸)", "۲ (test-officer)")
reads right to left too, as the HTML page's cell does (dir="rtl"), not left to right, which put
the Gregorian year first and the version number last for a Persian reader."""

from __future__ import annotations

import re

import pytest

from citylinks.render.output import visual_order

# any_backend: how what was read is printed; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend


def test_a_persian_stats_table_reads_a_year_range_right_to_left(seeded_cli, tmp_path):
    result = seeded_cli("stats", "AMF", "--lang", "fa", "--bidi")
    assert result.exit_code == 0, result.output
    years = re.findall(r"\([۰-۹]{4}\) [۰-۹]{4}–[۰-۹]{4}", result.output)
    assert "(۲۰۱۸) ۱۳۹۷–۱۳۹۶" in years, result.output
    assert not re.search(r"[۰-۹]{4}–[۰-۹]{4} \([۰-۹]{4}\)", result.output), result.output
    # the HTML page's cell: the same text, right to left
    page = tmp_path / "stats.html"
    assert seeded_cli("stats", "AMF", "--lang", "fa", "--output", str(page)).exit_code == 0
    assert '<td dir="rtl">۱۳۹۶–۱۳۹۷ (۲۰۱۸)</td>' in page.read_text(encoding="utf-8")


def test_a_persian_session_shows_its_version_right_to_left(seeded_cli):
    result = seeded_cli(
        "session", "show", "AMF", "11", "--series", "executive-board", "--lang", "fa", "--bidi"
    )
    assert result.exit_code == 0, result.output
    # "۲ (test-officer)": version 2, by test-officer; laid out right to left
    assert re.search(r"\([a-z-]+\) [۰-۹]+ ", result.output), result.output
    assert not re.search(r"│ +[۰-۹]+ \([a-z-]+\)", result.output), result.output


def test_a_line_of_persian_digits_reads_right_to_left():
    assert visual_order("۱۳۹۶–۱۳۹۷ (۲۰۱۸)") == "(۲۰۱۸) ۱۳۹۷–۱۳۹۶"
    assert visual_order("۱۳۸۷ ← ۱۳۹۰") == "۱۳۹۰ ← ۱۳۸۷"  # the arrow points from the first
    assert visual_order("2008 → 2011") == "2008 → 2011"  # English: as it is
    assert visual_order("۱ (root)", rtl=True) == "(root) ۱"
