"""How reports look: Persian pages and punctuation, --bidi, terminal alignment, the history
chart, CSV tables and printable SVG."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_reports_roster import parse_html, read_csv

from citylinks.render import Column, Document, Section, print_document
from citylinks.text import display_width

WORLD = Path(__file__).parent / "data" / "reports_world.toml"


@pytest.fixture
def world_cli(cli):
    result = cli("seed", str(WORLD))
    assert result.exit_code == 0, result.output
    return cli


def table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in "┏┃┡│└"]


def brackets_face_each_other(line: str) -> bool:
    """In visual order every ')' closes a '(' to its left."""
    depth = 0
    for ch in line:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


# Persian HTML ---------------------------------------------------------------------------------


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_persian_html_headings_read_right_to_left_and_dates_stay_on_one_line(seeded_cli, tmp_path):
    path = tmp_path / "roster.html"
    result = seeded_cli(
        "roster", "AMF", "--as-of", "1404-09-15", "--lang", "fa", "--output", str(path)
    )
    assert result.exit_code == 0, result.output
    html = path.read_text(encoding="utf-8")
    # In the page's direction, the English acronym isolated (fa15u)
    assert (
        '<h2 dir="rtl"><bdi dir="ltr">AMF</bdi>: اعضا در تاریخ ۱۵ آذر ۱۴۰۴ (۶ دسامبر ۲۰۲۵)</h2>'
        in html
    )
    assert '<h2 dir="auto">' not in html and '<th dir="auto">' not in html
    # Jalali first; the cell breaks only between its pieces, each of which never breaks
    assert (
        '<td dir="rtl" class="date"><span class="date">بین ۱۲ دی ۱۴۰۳</span>'
        ' <span class="date">و ۱۷ شهریور ۱۴۰۴</span> <span class="date">(بین ۲۰۲۵</span>'
        ' <span class="date">و ۸ سپتامبر ۲۰۲۵)</span></td>'
    ) in html
    assert "td.date span.date { white-space: nowrap; }" in html


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_english_html_keeps_headings_in_their_own_direction(world_cli, tmp_path):
    path = tmp_path / "roster.html"
    world_cli("roster", "WURC", "--as-of", "2020-01-01", "--output", str(path))
    html = path.read_text(encoding="utf-8")
    # An English page's headings and cells read left to right (fa15u: one direction rule)
    assert '<h2 dir="ltr">' in html and 'dir="rtl"' not in html
    assert (
        '<td dir="ltr" class="date"><span class="date">2016</span>'
        ' <span class="date">(1394–1395)</span></td>'
    ) in html


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_role_titles_are_translated_in_persian_and_kept_in_english(seeded_cli, tmp_path):
    path = tmp_path / "roster.html"
    seeded_cli("roster", "AMF", "--as-of", "1404-09-15", "--lang", "fa", "--output", str(path))
    roles = [c for c in parse_html(path).cells if "کمیته گردشگری و فرهنگی" in c]
    # The bundled roles' ends are not known, so each is only possibly held (احتمالاً).
    assert roles and roles[0].startswith("دبیر (کمیته گردشگری و فرهنگی) [احتمالاً]؛ دبیر (")
    assert "secretary" not in path.read_text(encoding="utf-8")


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_every_report_shows_known_role_titles_in_persian(world_cli):
    roster = world_cli("roster", "WURC", "--as-of", "2020-01-01", "--lang", "fa")
    assert "نایب‌رئیس" in roster.stdout and "رئیس (" in roster.stdout
    assert "vice-president" not in roster.stdout and "chair" not in roster.stdout
    portfolio = world_cli("portfolio", "beta", "--as-of", "2020-01-01", "--lang", "fa")
    assert "نایب‌رئیس" in portfolio.stdout and "vice-president" not in portfolio.stdout
    english = world_cli("portfolio", "beta", "--as-of", "2020-01-01")
    assert "vice-president" in english.stdout


# Persian punctuation and date order -----------------------------------------------------------


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_persian_output_uses_persian_comma_and_semicolon(seeded_cli):
    portfolio = seeded_cli("portfolio", "یزد", "--as-of", "1404-09-15", "--lang", "fa")
    assert portfolio.stdout.splitlines()[0] == "یزد، ایران"
    assert "S0، S1، S2، S3" in portfolio.stdout
    timeline = seeded_cli("timeline", "AMF", "--lang", "fa", "--series", "general-assembly")
    assert "تهران، ایران" in timeline.stdout and "استانبول، ترکیه" in timeline.stdout
    assert "؛ " in timeline.stdout  # the attendance claims of one session
    assert "یزد, ایران" not in portfolio.stdout and "تهران, ایران" not in timeline.stdout
    english = seeded_cli("portfolio", "Yazd", "--as-of", "2025-12-06")
    assert english.stdout.splitlines()[0] == "Yazd, Iran" and "S0, S1, S2, S3" in english.stdout


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_persian_shows_the_jalali_date_first_and_spans_read_right_to_left(seeded_cli):
    result = seeded_cli("timeline", "AMF", "--lang", "fa", "--series", "general-assembly")
    assert "۲۹ آبان ۱۳۸۷ (۱۹ نوامبر ۲۰۰۸) ←" in result.stdout
    english = seeded_cli("timeline", "AMF", "--series", "general-assembly")
    assert "2008-11-19 (1387-08-29) →" in english.stdout


# --bidi ---------------------------------------------------------------------------------------


def test_bidi_shows_brackets_facing_each_other():
    from citylinks.render.output import visual_order

    assert visual_order("مجمع شهرداران آسیایی (AMF)").startswith("(AMF) ")
    heading = visual_order("AMF: اعضا در تاریخ ۱۵ آذر ۱۴۰۴ (۶ دسامبر ۲۰۲۵)")
    assert heading.startswith("AMF: (۲۰۲۵ ") and heading.endswith(" ۱۵ ﺦﯾﺭﺎﺗ ﺭﺩ ﺎﻀﻋﺍ")
    assert brackets_face_each_other(visual_order("ب (ج) د [احتمالاً]"))
    assert visual_order("plain (text)") == "plain (text)"


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_bidi_roster_has_brackets_the_right_way_and_persian_cells_aligned_right(seeded_cli):
    from citylinks.render.output import visual_order

    result = seeded_cli("roster", "AMF", "--as-of", "1404-09-15", "--lang", "fa", "--bidi")
    lines = result.stdout.splitlines()
    assert lines[0].lstrip().startswith("(AMF) ")  # the title stands on the right
    cells = [
        c for line in lines for c in line.split("│") if "(" in c and c.count("(") == c.count(")")
    ]
    assert cells and all(brackets_face_each_other(cell) for cell in [*lines[:2], *cells])
    kazan = next(line for line in lines if visual_order("کازان") in line)
    assert f" {visual_order('کازان')} │" in kazan  # aligned right in its column
    assert " M1 │" in kazan  # right to left, Latin text is aligned right too
    assert len({display_width(line) for line in table_lines(result.stdout)[:6]}) == 1


def test_bidi_wraps_a_long_persian_cell_in_reading_order():
    from citylinks.render.output import visual_order

    words = "یک دو سه چهار پنج شش هفت هشت"
    doc = Document("t", [Section("s", [Column("a")], [[words]])], None)
    out = io.StringIO()
    from citylinks.render import console_for

    print_document(console_for(out, width=20), doc, visual_order)
    cells = [line.strip("│ ") for line in out.getvalue().splitlines() if line.startswith("│")]
    assert cells[0] == visual_order("یک دو سه چهار")  # the first words on the first line
    assert all(line.endswith(" │") for line in out.getvalue().splitlines() if line[:1] == "│")


# Terminal alignment with Persian marks ------------------------------------------------------


@pytest.mark.parametrize("width", [30, 48, 80, 120])
def test_table_borders_line_up_with_persian_combining_marks_and_zwnj(width):
    cells = [
        "احتمالاً",
        "جلسهٔ یازدهم",
        "سمت\u200cها و نقش\u200cها",
        "احتمالاً: آغاز عضویت معلوم نیست",
        "حدوداً ۱۴۰۴",
        "ژوئیهٔ ۲۰۲۵",
    ]
    rows = [[cells[i], cells[(i + 1) % 6], cells[(i + 3) % 6] * 2] for i in range(6)]
    doc = Document(
        "t", [Section("s", [Column("احتمالاً"), Column("جلسهٔ"), Column("x")], rows)], None
    )
    out = io.StringIO()
    from citylinks.render import console_for

    print_document(console_for(out, width=width), doc)
    lines = table_lines(out.getvalue())
    assert len(lines) >= 9
    assert len({display_width(line) for line in lines}) == 1


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_persian_roster_table_lines_up(seeded_cli):
    result = seeded_cli("roster", "AMF", "--as-of", "1404-09-15", "--lang", "fa")
    members = table_lines(result.stdout.split("بر حسب وضعیت")[0])
    assert any("احتمالاً" in line for line in members)
    assert len({display_width(line) for line in members}) == 1


# History chart --------------------------------------------------------------------------------


def test_a_phase_with_unknown_start_is_never_drawn_as_certain():
    from datetime import date

    from citylinks.render.charts import CERTAIN, HIGH, LOW, UNSURE, TimeScale, period_drawing

    scale = TimeScale.covering([date(2020, 1, 1), date(2025, 12, 31)])
    drawn = period_drawing(
        scale, LOW, HIGH, date(2025, 1, 1), date(2025, 12, 31), open_end=False, today=date.today()
    )
    assert drawn.startswith("┄┄░") and CERTAIN not in drawn and set(drawn[3:]) == {UNSURE}
    known = period_drawing(
        scale,
        date(2021, 1, 1),
        date(2021, 12, 31),
        date(2025, 1, 1),
        date(2025, 12, 31),
        open_end=False,
        today=date.today(),
    )
    assert CERTAIN in known  # a start known to the year: certain from its end


# CSV ------------------------------------------------------------------------------------------


def test_stats_csv_on_stdout_is_the_members_by_country(world_cli):
    result = world_cli("stats", "WURC", "--as-of", "2020-01-01", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert list(rows[0]) == ["country_code", "country", "total", "certain", "possibly"]
    assert "FILE-membership-over-years.csv" in result.stderr


def test_timeline_csv_is_one_table_with_a_series_column(seeded_cli):
    result = seeded_cli("timeline", "AMF", "--format", "csv")
    rows = read_csv(result.stdout)
    assert {"general-assembly", "executive-board"} <= {r["series"] for r in rows}
    assert result.stderr == ""


def test_portfolio_csv_leaves_until_blank_as_the_table_does(seeded_cli):
    rows = read_csv(seeded_cli("portfolio", "Yazd", "--as-of", "2025-12-06", "-f", "csv").stdout)
    amf = next(r for r in rows if r["organization"] == "AMF")
    assert (amf["until"], amf["until_iso"], amf["until_jalali"]) == ("", "", "")
    assert amf["certain"] == "true"


def test_history_csv_writes_booleans_as_true_and_false(seeded_cli):
    rows = read_csv(seeded_cli("history", "Yazd", "AMF", "--format", "csv").stdout)
    assert [r["open"] for r in rows] == ["false", "false", "true"]


# SVG ------------------------------------------------------------------------------------------


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_svg_is_dark_on_white_with_persian_in_logical_order(seeded_cli, tmp_path):
    import arabic_reshaper

    path = tmp_path / "roster.svg"
    result = seeded_cli(
        "roster", "AMF", "--as-of", "1404-09-15", "--lang", "fa", "--output", str(path)
    )
    assert result.exit_code == 0, result.output
    svg = path.read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    text = "".join(root.itertext())
    # As stored, for the browser to shape and order: never pre-shaped, never reversed.
    assert "کازان" in text and "یزد" in text
    assert arabic_reshaper.reshape("کازان") not in text
    assert 'direction="rtl"' in svg and 'xml:lang="fa"' in svg
    assert 'fill="#ffffff"' in svg and "#292929" not in svg  # no dark terminal window
    assert "https://" not in svg  # the font is embedded, not fetched


# --lang and --bidi on every command that prints records; right-to-left tables -------------------


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("┃│").split("┃" if "┃" in line else "│")]


def _header(out: str) -> list[str]:
    return _cells(next(line for line in out.splitlines() if line.startswith("┃")))


# any_backend: the layout of what was read, not the reading
@pytest.mark.any_backend
@pytest.mark.parametrize(
    "args",
    [
        ["member", "history", "Yazd", "AMF"],
        ["timeline", "AMF", "--series", "general-assembly"],
        ["stats", "AMF"],
    ],
    ids=["member-history", "timeline", "stats"],
)
def test_a_persian_report_with_bidi_runs_its_table_right_to_left(seeded_cli, args):
    from citylinks.render.output import visual_order

    plain = seeded_cli(*args, "--lang", "fa")
    laid_out = seeded_cli(*args, "--lang", "fa", "--bidi")
    assert plain.exit_code == 0 and laid_out.exit_code == 0, laid_out.output
    header = _header(plain.stdout)
    # The first column on the right, each heading shaped and reordered for the terminal.
    assert _header(laid_out.stdout) == [visual_order(h) for h in reversed(header)]
    # Every cell is aligned right: a short cell has its spaces on the left.
    first_row = next(line for line in laid_out.stdout.splitlines() if line.startswith("│"))
    for cell in first_row.strip("│").split("│"):
        if cell.strip():
            assert cell.endswith(" ") and not cell.startswith(cell.strip()), first_row
    # The title stands on the right.
    title = laid_out.stdout.splitlines()[0]
    assert title.startswith("    ") and "AMF" in title


# any_backend: the options' handling, not the reading
@pytest.mark.any_backend
def test_session_show_takes_bidi_and_citylinks_bidi(seeded_cli):
    from citylinks.render.output import visual_order

    args = ("session", "show", "AMF", "7", "--series", "general-assembly", "--lang", "fa")
    by_option = seeded_cli(*args, "--bidi")
    by_env = seeded_cli(*args, env={"CITYLINKS_BIDI": "1"})
    plain = seeded_cli(*args)
    assert by_option.exit_code == 0, by_option.output
    assert by_option.stdout == by_env.stdout != plain.stdout
    assert visual_order("میزبان") in by_option.stdout and "میزبان" in plain.stdout
    line = next(x for x in by_option.stdout.splitlines() if visual_order("میزبان") in x)
    # Right to left: the label column stands on the right of its value.
    assert line.index(visual_order("تهران")) < line.index(visual_order("میزبان"))
