"""Markdown output keeps untrusted text as text in the readers an office uses: GitHub's own
(cmark-gfm, whose autolinks make `http://...` and `www.` live links) and markdown-it with its
linkify rule on (which links any `host.tld` and `//host` too).

Each report is read back by both, and no `<a ` or `<img` may come out of what an officer
typed; the text reads exactly as it was recorded. One exception no escape can prevent:
cmark-gfm finds e-mail addresses after it has joined the text back (`a\\@b\\.org` is still
linked), so an address stays a mailto: link there, to exactly the address shown.
"""

from __future__ import annotations

import html
import re

import cmarkgfm
import pytest
from conftest import run_cli
from markdown_it import MarkdownIt

from citylinks.render import Chart, ChartRow, Document, Section, markdown

# any_backend: how Markdown shows stored text, not what the database stores
pytestmark = pytest.mark.any_backend

THEME = (
    "see https://evil.example/t and HTTP://EVIL.EXAMPLE, www.evil.example/w, //evil.example,"
    " evil.example/x?y=1 ftp://files.evil.example [x](javascript:alert(1))"
    " ![i](http://example.org/x.png) <https://evil.example>"
)
TITLE = "Minutes at http://evil.example/minutes.pdf (xn--e1afmkfd.xn--p1ai)"
PUBLISHER = "www.publisher.example"
CITY = "Evilton https://evil.example/c"


def _readers(page: str) -> dict[str, str]:
    linkify = MarkdownIt("commonmark", {"linkify": True}).enable(
        ["linkify", "table", "strikethrough"]
    )
    return {
        "cmark-gfm": cmarkgfm.github_flavored_markdown_to_html(page),
        "markdown-it linkify": linkify.render(page),
    }


def _shown(rendered: str) -> str:
    """The text a reader shows, tags taken away."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def _assert_text_only(page: str, *typed: str) -> None:
    for reader, rendered in _readers(page).items():
        assert "<a " not in rendered and "<img" not in rendered, (reader, rendered)
        for text in typed:
            assert text in _shown(rendered), (reader, text, rendered)


@pytest.fixture
def untrusted(seeded_db):
    """A source, a city and a session whose texts hold addresses, as a careless or hostile
    officer (or an imported file) may give them."""
    source = run_cli(
        seeded_db, "source", "add", "--title", TITLE, "--publisher", PUBLISHER,
        "--kind", "report", "--note", "www.note.example",
    )  # fmt: skip
    assert source.exit_code == 0, source.output
    key = source.stdout.split()[0]
    for args in (
        ["city", "add", CITY, "--country", "IR", "--source", key],
        ["member", "record", CITY, "AMF", "member", "--from", "2020", "--source", key],
        [
            "session", "add", "AMF", "99", "--series", "general-assembly", "--host", "Tehran",
            "--from", "2030", "--theme", THEME, "--source", key,
        ],
    ):  # fmt: skip
        result = run_cli(seeded_db, *args)
        assert result.exit_code == 0, result.output
    return seeded_db


@pytest.mark.parametrize(
    ("report", "typed"),
    [
        (["timeline", "AMF", "--from", "2030"], [THEME]),
        (["source", "list"], [TITLE, PUBLISHER]),
        (["roster", "AMF"], [CITY]),
        (["portfolio", CITY], [CITY]),
    ],
)
def test_addresses_in_stored_text_are_no_links_in_any_markdown_reader(untrusted, report, typed):
    result = run_cli(untrusted, *report, "--format", "markdown")
    assert result.exit_code == 0, result.output
    _assert_text_only(result.stdout, *typed)


def test_a_markdown_file_written_with_output_keeps_addresses_as_text(untrusted, tmp_path):
    target = tmp_path / "timeline.md"
    result = run_cli(untrusted, "timeline", "AMF", "--from", "2030", "-o", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    _assert_text_only(page, THEME)
    # The escapes are the few that break an address; the rest reads as typed.
    assert "see https\\:\\//evil\\.example/t and" in page


def test_plain_prose_is_not_cluttered_with_escapes(untrusted):
    """A colon before a space, a time, a decimal number and a sentence's full stop are left
    as they are: only what makes an address is escaped."""
    theme = "Agenda: 10:30 opening, 2.5 hours. Next: budget"
    added = run_cli(untrusted, "session", "edit", "AMF", "99", "--series", "general-assembly",
                    "--theme", theme)  # fmt: skip
    assert added.exit_code == 0, added.output
    result = run_cli(untrusted, "timeline", "AMF", "--from", "2030", "--format", "markdown")
    assert f"| {theme} |" in result.stdout


def test_a_chart_label_with_backticks_cannot_close_its_code_block():
    """A chart is drawn in a fenced code block; a label holding ``` would end the block and
    make the rest of the report Markdown (links included)."""
    chart = Chart(
        title="```",
        rows=[ChartRow("````[x](javascript:alert(1)) https://evil.example", "──●──")],
    )
    document = Document("T", [Section("S", [], charts=[chart])], records=None)
    page = markdown(document)
    for reader, rendered in _readers(page).items():
        assert "<a " not in rendered, (reader, rendered)
        assert rendered.count("<pre") == 1, (reader, rendered)
        assert "[x](javascript:alert(1)) https://evil.example" in _shown(rendered)


def test_an_email_address_links_at_most_to_itself(untrusted):
    """markdown-it's linkify makes no link of it; GitHub's reader links it to mailto: and the
    very address shown, never to anything else (a scheme typed before it stays text)."""
    theme = "write to a@b.example or javascript:a@b.example or mailto:c@d.example"
    added = run_cli(untrusted, "session", "edit", "AMF", "99", "--series", "general-assembly",
                    "--theme", theme)  # fmt: skip
    assert added.exit_code == 0, added.output
    result = run_cli(untrusted, "timeline", "AMF", "--from", "2030", "--format", "markdown")
    readers = _readers(result.stdout)
    assert "<a " not in readers["markdown-it linkify"]
    assert theme in _shown(readers["markdown-it linkify"])
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', readers["cmark-gfm"])
    assert links and all(href in (shown, f"mailto:{shown}") for href, shown in links), links
    assert theme in _shown(readers["cmark-gfm"])
