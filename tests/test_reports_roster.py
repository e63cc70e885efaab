"""`citylinks roster`: members on a day, "possibly" at partial-date boundaries, totals, files."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

WORLD = Path(__file__).parent / "data" / "reports_world.toml"


@pytest.fixture
def world_cli(cli, empty_db):
    result = cli("seed", str(WORLD))
    assert result.exit_code == 0, result.output
    # A terminal escape in a stored name, as another tool writing to a shared database could
    # leave it (citylinks' own commands and imports refuse one).
    from sqlalchemy import update

    from citylinks import schema

    engine = empty_db.engine()
    try:
        with engine.begin() as conn:
            names = schema.city_name.c
            conn.execute(
                update(schema.city_name)
                .where(names.name == "[bold red]Marked[/bold red] Town")
                .values(name="[bold red]Marked[/bold red] \x1b[31mTown")
            )
    finally:
        engine.dispose()
    return cli


def members(cli, *args) -> dict[str, dict]:
    result = cli("roster", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return {m["key"]: m for m in json.loads(result.stdout)["members"]}


class Page(HTMLParser):
    """The text of an HTML page, its <html> attributes and its table cells."""

    def __init__(self) -> None:
        super().__init__()
        self.html_attrs: dict[str, str | None] = {}
        self.cells: list[str] = []
        self.text: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.html_attrs = dict(attrs)
        if tag in ("td", "th"):
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_cell:
            self.cells[-1] += data


def table_cell(out: str, first_cell: str, column: str) -> str:
    """The text of one cell of a terminal table, its wrapped lines joined: the row whose first
    cell starts with `first_cell`, the column headed `column`."""
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("┃"))
    index = [h.strip() for h in header.split("┃")].index(column)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"│ {first_cell} "))
    parts = [lines[start].split("│")[index].strip()]
    for line in lines[start + 1 :]:
        cells = line.split("│")
        if not line.startswith("│") or cells[1].strip():
            break
        parts.append(cells[index].strip())
    return " ".join(p for p in parts if p)


def parse_html(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


# The bundled dataset --------------------------------------------------------------------------


# Members on 2025-12-06: those the sources place in the forum by then (data/amf.toml).
MEMBERS_2025_12 = {
    "yazd",
    "rasht",
    "shiraz",
    "tehran",
    "bangkok",
    "haikou",
    "gaziantep",
    # named among the members in 2018 (F2) and 2023 (AB1), with no end recorded
    "isfahan",
    "mashhad",
    "tabriz",
    "urmia",
    "lahijan",
}
IRANIAN_MEMBERS_2025_12 = MEMBERS_2025_12 - {"bangkok", "haikou", "gaziantep"}


def test_amf_roster_on_1404_09_15_has_yazd_certainly_and_kazan_possibly(seeded_cli):
    found = members(seeded_cli, "AMF", "--as-of", "1404-09-15")
    assert set(found) == MEMBERS_2025_12 | {"kazan"}
    yazd, kazan = found["yazd"], found["kazan"]
    assert (yazd["status"], yazd["certain"], yazd["since"]["value"]) == (
        "member", True, "2025..2025-09-08"
    )  # fmt: skip
    assert {r["organization"] for r in yazd["roles"]} == {
        "amf-tourism-culture",
        "amf-environment-urban-services",
    }
    assert (kazan["status"], kazan["certain"]) == ("associate-member", False)
    assert [r["kind"] for r in kazan["possibly_because"]] == ["start-unknown"]


def test_yazd_is_possibly_a_member_inside_its_year_of_joining(seeded_cli):
    found = members(seeded_cli, "AMF", "--as-of", "2025-06-01")
    yazd = found["yazd"]
    assert yazd["certain"] is False
    assert [r["text"] for r in yazd["possibly_because"]] == [
        "the membership began between 2025 and 2025-09-08, day not known"
    ]
    result = seeded_cli("roster", "AMF", "--as-of", "2025-06-01", "--calendar", "gregorian")
    # The cell wraps over lines of the table: its lines are joined again.
    assert table_cell(result.stdout, "Yazd", "Certainty") == (
        "possibly: the membership began between 2025 and 2025-09-08, day not known"
    )


def test_before_the_year_of_joining_yazd_is_not_listed(seeded_cli):
    assert "yazd" not in members(seeded_cli, "AMF", "--as-of", "2024-12-31")


def test_roster_table_shows_members_and_totals(seeded_cli):
    result = seeded_cli("roster", "AMF", "--as-of", "2025-12-06")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Yazd" in out and "Kazan" in out and "Tehran" in out.split("By status")[0][40:]
    assert "Dushanbe" not in out  # a vice-president, but no source makes it a member
    assert "By status" in out and "By country" in out
    assert "secretary" in out and "Tourism and" in out  # the cell wraps its committee's name
    assert "\x1b[" not in out


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_roster_in_persian_writes_a_right_to_left_html_page(seeded_cli, tmp_path):
    path = tmp_path / "roster.html"
    result = seeded_cli(
        "roster", "AMF", "--as-of", "1404-09-15", "--lang", "fa", "--output", str(path)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    page = parse_html(path)
    assert page.html_attrs == {"lang": "fa", "dir": "rtl"}
    assert "یزد" in page.cells and "کازان" in page.cells
    assert "عضو وابسته" in page.cells
    assert any(c.startswith("احتمالاً") for c in page.cells)
    assert "۱۵ آذر ۱۴۰۴" in "".join(page.text)
    html = path.read_text(encoding="utf-8")
    # every cell's direction given (WeasyPrint, printing the PDF, ignores dir="auto"), the
    # font embedded
    assert 'dir="auto"' not in html and "@media print" in html
    assert "@font-face { font-family: 'Vazirmatn'" in html


def test_roster_filters_by_status_and_country(seeded_cli):
    assert (
        set(members(seeded_cli, "AMF", "--as-of", "2025-12-06", "--status", "member"))
        == MEMBERS_2025_12
    )
    assert set(members(seeded_cli, "AMF", "--as-of", "2025-12-06", "--country", "ru")) == {"kazan"}


@pytest.mark.parametrize("country", ["Iran", "iran", "ایران", "ايران", " IR "])
def test_roster_country_by_recorded_name_in_either_language(seeded_cli, country):
    found = members(seeded_cli, "AMF", "--as-of", "2025-12-06", "--country", country)
    assert set(found) == IRANIAN_MEMBERS_2025_12


def test_roster_refuses_an_unknown_country_instead_of_an_empty_roster(seeded_cli):
    result = seeded_cli("roster", "AMF", "--country", "ZZ")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: no country with code or name 'ZZ'. See `citylinks country list`, or record it"
        " with `citylinks country add ZZ --name NAME`\n"
    )
    for nothing in (".", "", " "):
        # Folded to nothing: it must not match a country whose Persian name is not recorded.
        refused = seeded_cli("roster", "AMF", "--country", nothing)
        assert refused.exit_code == 1 and refused.stdout == ""
        assert refused.stderr.startswith("Error: no country with code or name")
    near = seeded_cli("roster", "AMF", "--country", "Irn")
    assert near.exit_code == 1
    assert "Did you mean 'IR'?" in near.stderr and "country add CODE --name NAME" in near.stderr


def _add_members(db, count: int) -> None:
    """`count` cities of Iran, each a member of the AMF since 2011 after ten yearly phases of
    membership and suspension in turn (eleven phases each), written straight into the tables."""
    from datetime import UTC, datetime

    from sqlalchemy import insert, select

    from citylinks import schema
    from citylinks.dates import PartialDate

    def period(start: str, end: str) -> dict:
        names = ("text", "precision", "earliest", "latest")
        return {
            **dict(
                zip((f"start_{n}" for n in names), PartialDate.parse(start).columns(), strict=True)
            ),
            **dict(zip((f"end_{n}" for n in names), PartialDate.parse(end).columns(), strict=True)),
        }

    now = datetime.now(UTC)
    audit = {
        "created_at": now,
        "created_by": "t",
        "updated_at": now,
        "updated_by": "t",
        "version": 1,
    }
    engine = db.engine()
    try:
        with engine.begin() as conn:
            amf = conn.scalar(
                select(schema.organization.c.id).where(schema.organization.c.key == "amf")
            )
            iran = conn.scalar(select(schema.country.c.id).where(schema.country.c.code == "IR"))
            top = conn.scalar(select(schema.city.c.id).order_by(schema.city.c.id.desc()).limit(1))
            ids = range(top + 1, top + 1 + count)
            conn.execute(
                insert(schema.city),
                [{"id": i, "key": f"many-{i}", "country_id": iran, **audit} for i in ids],
            )
            conn.execute(
                insert(schema.membership),
                [{"id": i, "organization_id": amf, "city_id": i, **audit} for i in ids],
            )
            phases = [
                {
                    "position": n,
                    "status": "suspended" if n % 2 else "member",
                    **period(str(2001 + n), str(2001 + n) if n < 10 else "unknown"),
                    **audit,
                }
                for n in range(11)
            ]
            conn.execute(
                insert(schema.membership_phase),
                [{"membership_id": i, **phase} for i in ids for phase in phases],
            )
    finally:
        engine.dispose()


def test_a_roster_whose_phases_outnumber_query_parameters_is_read(seeded_db, seeded_cli):
    # 66,000 phase ids: more than PostgreSQL's 65,535 parameters in one statement.
    before = members(seeded_cli, "AMF", "--as-of", "2025-12-06")
    _add_members(seeded_db, 6_000)
    after = members(seeded_cli, "AMF", "--as-of", "2025-12-06")
    added = {key: m for key, m in after.items() if key not in before}
    assert len(added) == 6_000 and set(before) <= set(after)
    assert {m["status"] for m in added.values()} == {"member"}
    assert {m["since"]["value"] for m in added.values()} == {"2011"}


# any_backend: the option is checked before any query
@pytest.mark.any_backend
def test_roster_refuses_a_partial_as_of_day(seeded_cli):
    result = seeded_cli("roster", "AMF", "--as-of", "1404-09")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --as-of: '1404-09' is a month; give a day")
    assert len(result.stderr.strip().splitlines()) == 1


# any_backend: the option is checked before any query
@pytest.mark.any_backend
def test_roster_refuses_an_unknown_status(seeded_cli):
    result = seeded_cli("roster", "AMF", "--status", "vip")
    assert result.exit_code == 1
    assert "unknown status 'vip'" in result.stderr


# The made-up organization ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Alphaburg: member from 2010-05-10, suspended from 2015-03, member again from 2016.
        ("2010-05-09", {}),
        ("2010-05-10", {"alpha": True}),
        ("2015-02-28", {"alpha": True}),
        ("2015-03-15", {"alpha": False}),
        ("2015-04-01", {}),
        ("2016-06-01", {"alpha": False}),
        ("2017-01-01", {"alpha": True}),
    ],
)
def test_rejoin_after_suspension_at_partial_boundaries(world_cli, day, expected):
    found = members(world_cli, "WURC", "--as-of", day)
    alpha = {k: v["certain"] for k, v in found.items() if k == "alpha"}
    assert alpha == expected


def test_member_since_is_the_start_of_the_latest_run(world_cli):
    alpha = members(world_cli, "WURC", "--as-of", "2020-01-01")["alpha"]
    assert alpha["since"]["value"] == "2016"
    early = members(world_cli, "WURC", "--as-of", "2012-01-01")["alpha"]
    assert early["since"]["value"] == "2010-05-10"


@pytest.mark.parametrize(
    ("day", "certain", "kind"),
    [
        ("2023-03-20", None, None),  # the day before 1 Farvardin 1402
        ("1402-01-01", True, None),
        ("2023-03-21", True, None),
    ],
)
def test_a_jalali_start_day_is_exact(world_cli, day, certain, kind):
    delta = members(world_cli, "WURC", "--as-of", day).get("delta")
    assert (delta["certain"] if delta else None) == certain


def test_withdrawal_in_a_jalali_month_is_possible_within_it(world_cli):
    beta = members(world_cli, "WURC", "--as-of", "2020-09-01")["beta"]
    assert beta["certain"] is False
    assert beta["possibly_because"][0]["kind"] == "ended"
    assert beta["possibly_because"][0]["date"]["value"] == "j:1399-06"
    assert "beta" not in members(world_cli, "WURC", "--as-of", "2020-09-22")
    assert members(world_cli, "WURC", "--as-of", "2020-08-21")["beta"]["certain"] is True


def test_circa_before_and_after_bounds(world_cli):
    # Gamma: associate member from circa 2013 (2012 to 2014); Zeta: before 2012 to after 2020.
    found = members(world_cli, "WURC", "--as-of", "2012-06-01")
    assert found["gamma"]["certain"] is False
    assert found["gamma"]["possibly_because"][0]["text"] == (
        "the membership began circa 2013, day not known"
    )
    assert found["zeta"]["certain"] is True
    assert members(world_cli, "WURC", "--as-of", "2011-06-01")["zeta"]["certain"] is False
    late = members(world_cli, "WURC", "--as-of", "2030-01-01")
    assert late["zeta"]["certain"] is False and late["gamma"]["certain"] is True


def test_observers_are_not_members_unless_asked_for(world_cli):
    assert "epsilon" not in members(world_cli, "WURC", "--as-of", "2020-01-01")
    found = members(world_cli, "WURC", "--as-of", "2020-01-01", "--status", "observer")
    assert set(found) == {"epsilon"}
    suspended = members(world_cli, "WURC", "--as-of", "2015-06-01", "--status", "suspended")
    assert set(suspended) == {"alpha"}


def test_an_organization_can_be_a_member(world_cli):
    rivnet = members(world_cli, "WURC", "--as-of", "2020-01-01")["rivnet"]
    assert rivnet["kind"] == "organization" and rivnet["country_code"] is None


def test_roles_held_that_day_include_committee_posts(world_cli):
    found = members(world_cli, "WURC", "--as-of", "2020-01-01")
    assert [(r["title"], r["organization"]) for r in found["alpha"]["roles"]] == [
        ("chair", "wurc-water")
    ]
    assert [r["title"] for r in found["beta"]["roles"]] == ["vice-president"]
    assert members(world_cli, "WURC", "--as-of", "2025-01-01")["delta"]["roles"] == []


def test_totals_by_status_and_country(world_cli):
    result = world_cli("roster", "WURC", "--as-of", "2020-01-01", "--format", "json")
    totals = json.loads(result.stdout)["totals"]
    assert totals["by_status"]["member"] == {"total": 5, "certain": 5, "possibly": 0}
    assert totals["by_status"]["associate-member"]["total"] == 1
    assert totals["by_country"]["DE"]["total"] == 3
    assert totals["by_country"]["JP"]["total"] == 1


# any_backend: how stored text is printed (the accepted bad-input cases store it everywhere)
@pytest.mark.any_backend
def test_stored_markup_and_escapes_are_printed_as_text(world_cli):
    result = world_cli("roster", "WURC", "--as-of", "2020-01-01")
    assert result.exit_code == 0, result.output
    assert "[bold red]Marked[/bold red]" in result.stdout
    assert "\x1b" not in result.stdout
    assert "\\x1b[31mTown" in result.stdout


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_no_colour_codes_with_no_color_or_off_a_terminal(world_cli):
    for env in ({}, {"NO_COLOR": "1"}):
        result = world_cli("roster", "WURC", "--as-of", "2020-01-01", env=env)
        assert "\x1b[" not in result.stdout


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    import io

    from citylinks.render import wants_colour

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert wants_colour(Terminal()) is True
    assert wants_colour(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert wants_colour(Terminal()) is False


def read_csv(text: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


def test_csv_on_stdout_is_the_members_table_alone_with_iso_and_jalali_dates(world_cli):
    result = world_cli("roster", "WURC", "--as-of", "2020-01-01", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("member,member_fa,")  # no section column
    body = read_csv(result.stdout)
    alpha = next(r for r in body if r["member"] == "Alphaburg")
    assert (alpha["since"], alpha["since_iso"], alpha["since_jalali"]) == (
        "2016",
        "2016",
        "1394–1395",
    )
    assert {r["certain"] for r in body} == {"true"}  # not True
    assert len(body) == 6
    assert result.stderr.strip().endswith(
        "--output FILE.csv writes all 3 (FILE.csv, FILE-by-status.csv, FILE-by-country.csv)"
    )


def test_csv_output_file_writes_one_file_per_table(world_cli, tmp_path):
    path = tmp_path / "roster.csv"
    result = world_cli("roster", "WURC", "--as-of", "2020-01-01", "--cite", "-o", str(path))
    assert result.exit_code == 0, result.output
    by_status = tmp_path / "roster-by-status.csv"
    by_country = tmp_path / "roster-by-country.csv"
    references = tmp_path / "roster-references.csv"
    assert result.stderr.strip() == f"wrote {path}, {by_status}, {by_country}, {references}"
    members = read_csv(path.read_text(encoding="utf-8"))
    assert len(members) == 6 and "Alphaburg" in {r["member"] for r in members}
    statuses = read_csv(by_status.read_text(encoding="utf-8"))
    assert list(statuses[0]) == ["group", "total", "certain", "possibly"]
    assert sum(int(r["total"]) for r in statuses) == 6
    cited = read_csv(references.read_text(encoding="utf-8"))
    assert [(r["number"], r["key"]) for r in cited] == [("1", "X2"), ("2", "X1")]
    assert cited[1]["title"] == "WURC annual report"
    assert cited[1]["published_jalali"] == "1399-11–1399-12"


def test_cite_numbers_sources_as_footnotes(world_cli):
    result = world_cli("roster", "WURC", "--as-of", "2020-01-01", "--cite")
    assert result.exit_code == 0, result.output
    footnotes = result.stdout.split("\n\n")[-1].splitlines()
    assert sorted(line.split(":")[0] for line in footnotes) == ["[1] X2", "[2] X1"]
    assert (
        "[2] X1: WURC annual report, World Union of River Cities, 2021-02 (1399-11–1399-12),"
        " https://wurc.example/report"
    ) in footnotes
    table = result.stdout.split("By status")[0]
    assert "[1]" in table and "[2]" in table and "X1, X2" not in table
    data = json.loads(
        world_cli("roster", "WURC", "--as-of", "2020-01-01", "--cite", "--format", "json").stdout
    )
    assert {r["key"] for r in data["references"]} == {"X1", "X2"}


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_svg_output_parses_and_carries_the_rows(world_cli, tmp_path):
    import xml.etree.ElementTree as ET

    path = tmp_path / "roster.svg"
    result = world_cli("roster", "WURC", "--as-of", "2020-01-01", "--output", str(path))
    assert result.exit_code == 0, result.output
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    text = "".join(root.itertext()).replace("\xa0", " ")
    assert "Alphaburg" in text and "Gamma do Sul" in text and "By country" in text


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_html_output_escapes_stored_markup(world_cli, tmp_path):
    path = tmp_path / "roster.html"
    world_cli("roster", "WURC", "--as-of", "2020-01-01", "--output", str(path))
    page = parse_html(path)
    assert page.html_attrs == {"lang": "en", "dir": "ltr"}
    assert "Alphaburg" in page.cells
    assert any("[bold red]Marked[/bold red]" in c for c in page.cells)
    assert "\x1b" not in path.read_text(encoding="utf-8")


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_output_suffix_picks_the_format(world_cli, tmp_path):
    for suffix, check in (
        (".json", lambda s: json.loads(s)["organization"] == "WURC"),
        (".md", lambda s: s.startswith("# World Union") and "| Alphaburg |" in s),
        (".csv", lambda s: s.startswith("member,member_fa,")),
        (".txt", lambda s: "Alphaburg" in s and "\x1b[" not in s),
    ):
        path = tmp_path / f"roster{suffix}"
        result = world_cli("roster", "WURC", "--as-of", "2020-01-01", "-o", str(path))
        assert result.exit_code == 0, result.output
        assert check(path.read_text(encoding="utf-8")), suffix


# any_backend: the layout of what was read; the reading is checked on every backend elsewhere
@pytest.mark.any_backend
def test_unknown_output_suffix_is_refused(world_cli, tmp_path):
    result = world_cli("roster", "WURC", "-o", str(tmp_path / "roster.docx"))
    assert result.exit_code == 1
    assert "cannot tell the format" in result.stderr
    assert not (tmp_path / "roster.docx").exists()
