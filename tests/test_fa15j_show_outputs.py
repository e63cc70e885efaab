"""Issue 15: `org show`, `person show` and `source show` take the report options, as `city show`,
`member history` and `session show` do (test_fa15out_outputs.py): --output FILE in the format
its suffix names (or --format's, refused when the two disagree), never over an existing file
without --force, in --lang's language and --calendar's calendar, sources numbered with --cite."""

from __future__ import annotations

import json
import re

import pytest

COMMANDS = {
    "org show": ("org", "show", "AMF"),
    "person show": ("person", "show", "amrollahi"),
    "source show": ("source", "show", "S0"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_writes_the_report_formats_and_keeps_an_existing_file(seeded_cli, tmp_path, name):
    terminal = seeded_cli(*COMMANDS[name], "--lang", "fa").stdout
    for suffix in (".html", ".md", ".json", ".txt", ".csv", ".svg"):
        target = tmp_path / f"out{suffix}"
        done = seeded_cli(*COMMANDS[name], "--lang", "fa", "--output", str(target))
        assert done.exit_code == 0, done.output
        assert done.stdout == ""  # written to the file, not printed
        text = target.read_text(encoding="utf-8")
        if suffix == ".json":
            record = json.loads(text)  # the record's fields, as stored
            assert record["version"] and record["version"] in terminal
        else:
            assert re.search("[آ-ی]", text), suffix  # in Persian
        if suffix == ".html":
            assert '<html lang="fa" dir="rtl">' in text
        # A file is precious: refused the second time without --force, kept as it was.
        again = seeded_cli(*COMMANDS[name], "--output", str(target))
        assert again.exit_code == 1 and "--force" in again.stderr
        assert target.read_text(encoding="utf-8") == text
        forced = seeded_cli(*COMMANDS[name], "--lang", "en", "--output", str(target), "--force")
        assert forced.exit_code == 0, forced.output
        if suffix in (".html", ".md", ".txt"):
            assert target.read_text(encoding="utf-8") != text  # now in English


@pytest.mark.any_backend  # what is printed from what was read, checked on every backend above
@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_writes_a_pdf(seeded_cli, tmp_path, name):
    import pypdfium2

    target = tmp_path / "out.pdf"
    done = seeded_cli(*COMMANDS[name], "--lang", "fa", "-o", str(target))
    assert done.exit_code == 0, done.output
    text = "".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(target))
    assert re.search("[آ-ی]", text)


@pytest.mark.any_backend  # the options' agreement, not the database
@pytest.mark.parametrize("name", list(COMMANDS))
def test_format_and_output_that_disagree_are_refused(seeded_cli, tmp_path, name):
    target = tmp_path / "x.html"
    done = seeded_cli(*COMMANDS[name], "--output", str(target), "--format", "csv")
    assert done.exit_code == 2 and "disagrees" in done.stderr
    assert not target.exists()
    agreeing = tmp_path / "x.json"
    done = seeded_cli(*COMMANDS[name], "--output", str(agreeing), "--format", "json")
    assert done.exit_code == 0 and json.loads(agreeing.read_text(encoding="utf-8"))


@pytest.mark.any_backend  # how the same rows are shown
def test_on_the_terminal_a_show_is_printed_as_before_and_takes_the_report_options(seeded_cli):
    shown = seeded_cli("org", "show", "AMF")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("Organization AMF: Asian Mayors Forum\n  key: amf\n")
    # --format: the facts as a table of a report, as Markdown or JSON.
    md = seeded_cli("org", "show", "AMF", "--format", "markdown").stdout
    assert md.startswith("# Organization AMF: Asian Mayors Forum") and "| key | amf |" in md
    data = json.loads(seeded_cli("person", "show", "amrollahi", "-f", "json").stdout)
    assert data["title"].startswith("Person amrollahi:") and data["posts"]
    # --cite: the mottos' and member counts' sources numbered, listed at the end.
    plain = seeded_cli("org", "show", "AMF").stdout
    cited = seeded_cli("org", "show", "AMF", "--cite").stdout
    keys = re.findall(r"\[([A-Z]+\d+(?:, [A-Z]+\d+)*)\]", plain)
    assert keys and "[1]" in cited and re.search(r"^\[1\] [A-Z]+\d+: ", cited, re.M)
    # --calendar: one calendar.
    jalali = seeded_cli("source", "show", "S1", "--calendar", "jalali").stdout
    both = seeded_cli("source", "show", "S1").stdout
    assert "published: 1404-06-17\n" in jalali and "published: 2025-09-08 (1404-06-17)" in both
