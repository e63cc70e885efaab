"""Where a report goes: the terminal in one of the formats, or a file chosen by its suffix.

Every report command ends with `deliver(document, view)`; this is the one place that knows
formats, suffixes, colour and the --bidi reordering.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from citylinks.errors import CitylinksError
from citylinks.render import Document, emit, markdown, print_document, to_json

SUFFIXES = {
    ".svg": "svg",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".csv": "csv",
    ".json": "json",
    ".txt": "text",
}
SVG_WIDTH = 140
TEXT_WIDTH = 160

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class View:
    """How the user asked to see a report (the shared options of every report)."""

    fmt: str = "table"
    output: Path | None = None
    lang: str = "en"
    calendar: str = "both"
    cite: bool = False
    bidi: bool = False


def visual_order(text: str) -> str:
    """Persian shaped and laid out left to right, for terminals that do no bidi of their own.
    Text without right-to-left letters is returned as it is."""
    if not _RTL.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    # Line by line: the algorithm reorders within a paragraph.
    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


def format_for(path: Path) -> str:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise CitylinksError(
            f"cannot tell the format of '{path}' from its suffix: use one of"
            f" {', '.join(s for s in SUFFIXES if s != '.htm')}"
        )
    return fmt


def deliver(document: Document, view: View, out=None) -> None:
    """Print `document` in `view.fmt`, or write it to `view.output` in the format its suffix
    names (a one-line notice on stderr says where)."""
    transform = visual_order if view.bidi else None
    if view.output is None:
        emit(document, view.fmt, out or sys.stdout, transform)
        return
    path = view.output
    fmt = format_for(path)
    content = render_to_string(document, fmt, view)
    try:
        path.write_text(content, encoding="utf-8", newline="\n" if fmt != "csv" else "")
    except OSError as exc:
        raise CitylinksError(f"cannot write {path}: {exc.strerror}") from None
    print(f"wrote {path}", file=sys.stderr)


def render_to_string(document: Document, fmt: str, view: View) -> str:
    if fmt == "json":
        return to_json(document)
    if fmt == "markdown":
        return markdown(document)
    if fmt == "html":
        from citylinks.render.html import html_page

        return html_page(document, view.lang)
    if fmt == "svg":
        return svg(document)
    buffer = io.StringIO()
    if fmt == "csv":
        emit(document, "csv", buffer)
    elif fmt == "text":
        from citylinks.render import console_for

        transform = visual_order if view.bidi else (lambda s: s)
        print_document(console_for(buffer, width=TEXT_WIDTH), document, transform)
    return buffer.getvalue()


def svg(document: Document) -> str:
    """The table and charts as the terminal draws them, as an SVG picture (Rich's export).
    Browsers lay out Persian themselves, so no --bidi reordering here."""
    from rich.console import Console

    console = Console(
        file=io.StringIO(),
        width=SVG_WIDTH,
        record=True,
        highlight=False,
        emoji=False,
        markup=False,
        force_terminal=True,
        color_system="truecolor",
    )
    print_document(console, document)
    return console.export_svg(title=document.title)
