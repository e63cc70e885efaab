"""Issue 15: `member history`, `session show` and `city show` take the shared report options
(--format, --output FILE.svg/.html/.pdf/.md/.csv/.json/.txt, --calendar, --lang, --cite,
--bidi, --force), as `timeline` and the other reports do."""

from __future__ import annotations

import json
import re

import pytest

COMMANDS = {
    "member history": ("member", "history", "yazd", "AMF"),
    "session show": ("session", "show", "AMF", "11", "--series", "executive-board"),
    "city show": ("city", "show", "yazd"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
@pytest.mark.parametrize("suffix", [".html", ".svg", ".md", ".json", ".txt", ".csv"])
def test_each_writes_every_format_the_reports_write(seeded_cli, tmp_path, name, suffix):
    target = tmp_path / f"out{suffix}"
    done = seeded_cli(*COMMANDS[name], "--lang", "fa", "--output", str(target))
    assert done.exit_code == 0, done.output
    text = target.read_text(encoding="utf-8")
    if suffix == ".json":
        json.loads(text)  # the records as stored
    else:
        assert re.search("[آ-ی]", text)  # in Persian
    if suffix == ".html":
        assert '<html lang="fa" dir="rtl">' in text
    # A file is precious: written once, refused the second time without --force.
    again = seeded_cli(*COMMANDS[name], "--output", str(target))
    assert again.exit_code != 0 and "--force" in again.output
    assert seeded_cli(*COMMANDS[name], "--output", str(target), "--force").exit_code == 0


@pytest.mark.any_backend  # what is printed from what was read, checked on every backend above
@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_writes_a_pdf(seeded_cli, tmp_path, name):
    target = tmp_path / "out.pdf"
    done = seeded_cli(*COMMANDS[name], "--lang", "fa", "-o", str(target))
    assert done.exit_code == 0, done.output
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.any_backend  # the options' agreement, not the database
@pytest.mark.parametrize("name", list(COMMANDS))
def test_format_and_output_that_disagree_are_refused(seeded_cli, tmp_path, name):
    target = tmp_path / "x.html"
    done = seeded_cli(*COMMANDS[name], "--output", str(target), "--format", "csv")
    assert done.exit_code == 2 and "disagrees" in done.output
    assert not target.exists()


@pytest.mark.any_backend  # how the same rows are shown
def test_cite_numbers_the_sources_with_footnotes(seeded_cli):
    history = seeded_cli(*COMMANDS["member history"], "--cite")
    assert history.exit_code == 0, history.output
    assert "[1] [2]" in history.stdout and "[1] S0: " in history.stdout
    city = seeded_cli(*COMMANDS["city show"], "--cite")
    assert city.exit_code == 0, city.output
    assert "[S0, W1, W2]" not in city.stdout and "[1] [2] [3]" in city.stdout
    assert "\n[1] S0: " in city.stdout
    # Without --cite, the keys as before.
    assert "[S0, W1, W2]" in seeded_cli(*COMMANDS["city show"]).stdout


@pytest.mark.any_backend  # how the same rows are shown
def test_city_show_on_the_terminal_is_unchanged_and_takes_a_calendar(seeded_cli):
    shown = seeded_cli("city", "show", "yazd")
    assert shown.stdout.startswith("City yazd: Yazd, IR\n  id: 1\n")
    assert "2017-07-09 (1396-04-18)" in shown.stdout
    jalali = seeded_cli("city", "show", "yazd", "--calendar", "jalali")
    assert "1396-04-18" in jalali.stdout and "2017-07-09" not in jalali.stdout


@pytest.mark.any_backend  # how the same rows are shown
def test_city_show_as_json_and_markdown(seeded_cli):
    data = json.loads(seeded_cli("city", "show", "yazd", "--format", "json").stdout)
    assert data["id"] == 1 and data["title"] == "City yazd: Yazd, IR"
    assert any(line.startswith("fa  یزد") for line in data["names"])
    assert data["identifiers"] == []
    md = seeded_cli("city", "show", "yazd", "-f", "markdown").stdout
    assert md.startswith("# City yazd: Yazd, IR\n") and "## memberships" in md


@pytest.mark.any_backend  # how the same rows are shown
def test_city_show_in_persian_says_the_country_and_committees_in_persian(seeded_cli):
    shown = seeded_cli("city", "show", "yazd", "--lang", "fa")
    assert "  کشور: IR ایران (Iran)\n" in shown.stdout
    assert "دبیر، کمیته گردشگری و فرهنگی از " in shown.stdout
