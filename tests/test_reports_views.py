"""`citylinks portfolio`, `history`, `stats` and the timeline's axis and year range."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_reports_roster import parse_html

WORLD = Path(__file__).parent / "data" / "reports_world.toml"


@pytest.fixture
def world_cli(cli):
    result = cli("seed", str(WORLD))
    assert result.exit_code == 0, result.output
    return cli


def as_json(cli, *args) -> dict:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# portfolio ------------------------------------------------------------------------------------


def test_portfolio_of_yazd_lists_its_three_organizations(seeded_cli):
    data = as_json(seeded_cli, "portfolio", "Yazd", "--as-of", "2025-12-06")
    by_org = {o["organization"]: o for o in data["organizations"]}
    assert set(by_org) == {"AMF", "LHC", "GNLC"}
    amf = by_org["AMF"]
    assert (amf["status"], amf["certain"], amf["since"]["value"]) == (
        "member", True, "2025..2025-09-08"
    )  # fmt: skip
    assert amf["last_session"]["series"] == "General Assembly"
    assert amf["last_session"]["number"] == 7
    assert len(amf["roles"]) == 2
    assert set(amf["sources"]) == {"S0", "S1", "S2", "S3"}
    assert by_org["LHC"]["since"]["value"] == "2014"


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_portfolio_table_in_persian(seeded_cli):
    result = seeded_cli("portfolio", "یزد", "--as-of", "1404-09-15", "--lang", "fa")
    assert result.exit_code == 0, result.output
    assert "مجمع شهرداران آسیایی" in result.stdout
    assert "آخرین جلسهٔ حاضر" in result.stdout
    assert "۷" in result.stdout


def test_portfolio_shows_a_former_membership_with_its_end(world_cli):
    data = as_json(world_cli, "portfolio", "alpha", "--as-of", "2020-01-01")
    by_org = {o["organization"]: o for o in data["organizations"]}
    rivnet = by_org["RIVNET"]
    assert rivnet["status"] == "withdrawn"
    assert (rivnet["since"]["value"], rivnet["until"]["value"]) == ("2011", "2013-06")
    wurc = by_org["WURC"]
    assert wurc["since"]["value"] == "2016"
    assert wurc["last_session"]["number"] == 3  # congress 4 (1401) comes after 2020
    assert [r["organization"] for r in wurc["roles"]] == ["wurc-water"]


def test_portfolio_before_any_phase_says_not_yet(world_cli):
    result = world_cli("portfolio", "delta", "--as-of", "2020-01-01")
    assert "not yet" in result.stdout


# history --------------------------------------------------------------------------------------


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_history_of_yazd_in_the_amf_draws_its_phases_as_bars(seeded_cli):
    result = seeded_cli("history", "Yazd", "AMF", "--calendar", "gregorian")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    cooperating = next(line for line in lines if line.startswith("1. cooperating"))
    member = next(line for line in lines if line.startswith("3. member"))
    # A start not known, fading in; no day of it is certain, so nothing is drawn solid.
    assert "┄" in cooperating and "▒" in cooperating and "█" not in cooperating
    assert "◆" in member and member.rstrip().endswith("now (open)") and "→" in member
    assert any("2025" in line and "2024" in line for line in lines)  # the year axis
    assert "Executive Board 11" in result.stdout  # the deciding session, in the table


def test_history_json_has_the_phases_in_order(seeded_cli):
    data = as_json(seeded_cli, "history", "Yazd", "AMF")
    assert [p["status"] for p in data["phases"]] == ["cooperating", "member", "member"]
    assert data["phases"][2]["decided_at"]["number"] == 11
    assert data["member_since"]["value"] == "2025..2025-09-08"


def test_history_with_a_suspension_and_rejoin(world_cli, tmp_path):
    data = as_json(world_cli, "history", "alpha", "WURC")
    assert [p["status"] for p in data["phases"]] == ["member", "suspended", "member"]
    assert data["member_since"]["value"] == "2016"
    path = tmp_path / "history.svg"
    result = world_cli("history", "alpha", "WURC", "--output", str(path))
    assert result.exit_code == 0, result.output
    text = "".join(ET.parse(path).getroot().itertext()).replace("\xa0", " ")
    assert "suspended" in text and "Dues unpaid." in text


def test_history_of_a_city_without_that_membership_is_refused(world_cli):
    result = world_cli("history", "epsilon", "RIVNET")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: Epsilon City has no recorded membership in RIVNET:"
        " see `citylinks portfolio epsilon` for its organizations"
    )


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_history_html_in_persian_has_the_chart_and_table(seeded_cli, tmp_path):
    path = tmp_path / "history.html"
    result = seeded_cli("history", "Yazd", "AMF", "--lang", "fa", "-o", str(path))
    assert result.exit_code == 0, result.output
    page = parse_html(path)
    assert page.html_attrs["dir"] == "rtl"
    text = "".join(page.text)
    assert "همکاری" in text and "مراحل" in text
    assert '<figure class="chart vector"' in path.read_text(encoding="utf-8")  # drawn as SVG


# stats ----------------------------------------------------------------------------------------


def test_stats_counts_members_flows_and_host_countries(world_cli):
    data = as_json(world_cli, "stats", "WURC", "--as-of", "2020-01-01", "--calendar", "gregorian")
    assert data["by_status"]["member"] == {"total": 5, "certain": 5, "possibly": 0}
    assert data["by_country"]["DE"]["total"] == 3
    flows = {f["year"]["value"]: (f["joins"], f["departures"]) for f in data["joins_departures"]}
    assert flows["2010"] == (1, 0)
    assert flows["2015"] == (0, 1)  # the suspension ends Alphaburg's first run
    assert flows["2016"] == (1, 0)  # the re-join
    assert flows["2020"] == (0, 1)  # Betashima's withdrawal in 1399-06, within 2020
    hosts = {h["country_code"]: h["sessions"] for h in data["sessions_by_host_country"]}
    assert hosts == {"DE": 3, "JP": 2, "BR": 1, "IR": 1}
    assert sum(h["by_series"].get("congress", 0) for h in data["sessions_by_host_country"]) == 4
    years = {y["year"]: (y["certain"], y["possibly"]) for y in data["membership_over_years"]}
    assert years[2015] == (3, 0) and years[2019] == (6, 0)


def test_stats_chart_draws_a_bar_per_year(world_cli):
    result = world_cli("stats", "WURC", "--as-of", "2020-01-01", "--calendar", "gregorian")
    lines = result.stdout.splitlines()
    bar_2019 = next(line for line in lines if line.startswith("2019 █"))
    bar_2015 = next(line for line in lines if line.startswith("2015 █"))
    assert bar_2019.count("█") > bar_2015.count("█")


def test_stats_on_the_bundled_dataset(seeded_cli):
    data = as_json(seeded_cli, "stats", "AMF", "--as-of", "2025-12-06")
    # Yazd, Rasht, Shiraz, Tehran, Bangkok, Haikou, Gaziantep, Isfahan, Mashhad, Tabriz,
    # Urmia and Lahijan (data/amf.toml).
    assert data["by_status"]["member"]["certain"] == 12
    assert data["by_status"]["associate-member"]["possibly"] == 1
    hosts = {h["country_code"]: h["by_series"] for h in data["sessions_by_host_country"]}
    # Each series apart; the 7th Executive Board meeting was held online (no host).
    assert hosts["IR"] == {"general-assembly": 2, "executive-board": 3}
    assert hosts[None] == {"executive-board": 1}
    # The member counts sources give, each with its source.
    counted = {c["number"]: c for c in data["member_counts"]["in_sources"]}
    assert [s["key"] for s in counted[71]["sources"]] == ["T1"]
    assert data["member_counts"]["recorded"]["total"] == 13  # and Kazan, possibly


def test_stats_counts_sessions_per_host_country_in_each_series_apart(seeded_cli):
    """Iran hosted two General Assemblies and three Executive Board meetings: not "5"."""
    result = seeded_cli("stats", "AMF", "--as-of", "2025-12-06")
    assert result.exit_code == 0, result.output
    section = result.stdout.split("Sessions per host country")[1]
    header = next(line for line in section.splitlines() if "Country" in line)
    assert header.index("General Assembly") < header.index("Executive Board")
    iran = next(line for line in section.splitlines() if "Iran" in line)
    assert [cell.strip() for cell in iran.strip("│ ").split("│")] == ["Iran", "2", "3"]


def _world_with_counts(tmp_path: Path) -> Path:
    """The reports' world, with two member counts its sources give."""
    counts = """
[[organization.member_count]]
number = 12
qualifier = "more-than"
counted = "river cities"
as_of = "2021"
sources = ["X1"]

[[organization.member_count]]
number = 9
qualifier = "exactly"
counted = "member cities"
as_of = "unknown"
sources = ["X2"]

"""
    text = WORLD.read_text(encoding="utf-8")
    at = text.index('[[organization]]\nkey = "wurc-water"')
    path = tmp_path / "world.toml"
    path.write_text(text[:at] + counts + text[at:], encoding="utf-8")
    return path


def test_stats_shows_the_counts_sources_give_beside_the_recorded_members(cli, tmp_path):
    assert cli("seed", str(_world_with_counts(tmp_path))).exit_code == 0
    result = cli("stats", "WURC", "--as-of", "2020-01-01", "--calendar", "gregorian")
    assert result.exit_code == 0, result.output
    section = result.stdout.split("Members: recorded, and as the sources count them")[1]
    lines = section.split("By status")[0].splitlines()
    recorded = next(line for line in lines if "members recorded in citylinks" in line)
    cells = [cell.strip() for cell in recorded.strip("│ ").split("│")]
    assert cells[0] == "6" and cells[2] == "2020-01-01"
    given = next(line for line in lines if "river cities" in line)
    # The count, its date and its source with the source's own date.
    assert "more than 12" in given and "2021" in given and "X1 (published 2021-02)" in given
    assert "X2" in next(line for line in lines if "member cities" in line)
    # With --cite the sources are numbered and listed under the report.
    cited = cli("stats", "WURC", "--as-of", "2020-01-01", "--cite")
    assert "WURC annual report" in cited.stdout and "River cities meet again" in cited.stdout


# timeline -------------------------------------------------------------------------------------


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_timeline_draws_an_axis_with_the_gaps_between_assemblies(seeded_cli):
    result = seeded_cli(
        "timeline", "AMF", "--series", "general-assembly", "--calendar", "gregorian"
    )
    lines = result.stdout.splitlines()
    marks = next(line for line in lines if line.startswith("sessions"))
    assert marks.count("●") == 7
    years = next(line for line in lines if line.startswith("Gregorian"))
    assert [y for y in years.split() if y.isdigit()] == [
        "2008", "2011", "2012", "2014", "2018", "2022", "2025"
    ]  # fmt: skip
    # The gap 2014 -> 2018 is drawn wider than 2012 -> 2014.
    col = {y: years.index(y) for y in ("2012", "2014", "2018")}
    assert col["2018"] - col["2014"] > col["2014"] - col["2012"]


def test_timeline_from_and_to_take_years_in_either_calendar(seeded_cli):
    data = as_json(seeded_cli, "timeline", "AMF", "--from", "2014", "--to", "1401")
    ga = next(s for s in data["series"] if s["key"] == "general-assembly")
    assert [s["number"] for s in ga["sessions"]] == [4, 5, 6]


def test_timeline_keeps_sessions_that_may_fall_in_the_range(world_cli):
    data = as_json(world_cli, "timeline", "WURC", "--from", "2017", "--to", "2017")
    council = next(s for s in data["series"] if s["key"] == "council")
    assert [s["number"] for s in council["sessions"]] == [2]  # circa 2016
    congress = next(s for s in data["series"] if s["key"] == "congress")
    assert congress["sessions"] == []


# any_backend: the range is checked before any query
@pytest.mark.any_backend
def test_timeline_refuses_a_reversed_range(seeded_cli):
    result = seeded_cli("timeline", "AMF", "--from", "2020", "--to", "2010")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: --from 2020 is after --to 2010: swap them"


def test_timeline_notes_sessions_it_cannot_draw(world_cli):
    result = world_cli("timeline", "WURC", "--series", "forum")
    assert "1 session with an unknown date is not drawn" in result.stdout


def test_timeline_cite_and_html(world_cli, tmp_path):
    result = world_cli("timeline", "WURC", "--cite", "--series", "congress")
    assert "X3: نامهٔ عضویت, دبیرخانه" in result.stdout
    path = tmp_path / "t.html"
    world_cli("timeline", "WURC", "-o", str(path))
    page = parse_html(path)
    assert "Alphaburg, Germany" in page.cells and "Deltabad, Iran" in page.cells


# bidi -----------------------------------------------------------------------------------------


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_bidi_reorders_persian_for_plain_terminals_and_keeps_columns_aligned(seeded_cli):
    from citylinks.text import display_width

    plain = seeded_cli("roster", "AMF", "--as-of", "1404-09-15", "--lang", "fa")
    shaped = seeded_cli("roster", "AMF", "--as-of", "1404-09-15", "--lang", "fa", "--bidi")
    by_env = seeded_cli(
        "roster", "AMF", "--as-of", "1404-09-15", "--lang", "fa", env={"CITYLINKS_BIDI": "1"}
    )
    assert "یزد" in plain.stdout and "یزد" not in shaped.stdout
    from citylinks.render.output import visual_order

    assert visual_order("یزد") in shaped.stdout  # shaped and reversed for display
    assert visual_order("یزد") != "یزد"[::-1]  # shaped, not only reversed
    assert by_env.stdout == shaped.stdout
    rows = [line for line in shaped.stdout.splitlines() if line.startswith(("│", "┃"))]
    widths = {display_width(line) for line in rows[:4]}
    assert len(widths) == 1


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_zwnj_takes_no_column(world_cli):
    from citylinks.text import display_width

    result = world_cli("roster", "WURC", "--as-of", "2024-01-01", "--lang", "fa")
    rows = [line for line in result.stdout.splitlines() if "دلتا\u200cآباد" in line]
    assert rows
    header = next(line for line in result.stdout.splitlines() if line.startswith("┃"))
    assert display_width(rows[0]) == display_width(header)
