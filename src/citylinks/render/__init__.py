"""Rendering reports: one document model, several formats.

A report is turned into a `Document`: sections of rows of display text (for the table,
markdown, SVG and HTML), optional flat records per section (for CSV), drawn charts (text
charts, one line per row), footnotes (numbered sources with --cite) and plain records (for
JSON). Stored text is always shown as text: table cells are Rich `Text` objects, never
markup, and control characters are made visible.

`render.output.deliver` chooses the format (or the file suffix) and writes; the functions
here turn a Document into one format each.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from citylinks.errors import CitylinksError
from citylinks.text import display_width, safe_for_terminal

FORMATS = ("table", "json", "csv", "markdown")
CALENDARS = ("gregorian", "jalali", "both")
LANGS = ("en", "fa")


@dataclass
class Column:
    header: str
    justify: str = "left"
    no_wrap: bool = False


@dataclass
class ChartRow:
    """One line of a text chart: a label, what is drawn (left to right in time or size), and
    a note after it."""

    label: str
    drawing: str
    note: str = ""


@dataclass
class Chart:
    title: str
    rows: list[ChartRow]
    legend: str | None = None


@dataclass
class Section:
    title: str
    columns: list[Column]
    rows: list[list[str]] = field(default_factory=list)
    caption: str | None = None
    # Drawn under the table (or alone, when the section has no columns).
    charts: list[Chart] = field(default_factory=list)
    # What CSV writes for this section (flat dicts, dates as ISO and Jalali); None: the rows.
    records: list[dict] | None = None


@dataclass
class Document:
    title: str
    sections: list[Section]
    records: Any  # what --format json prints
    notes: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    lang: str = "en"


Transform = Callable[[str], str]


def _plain(text: str) -> str:
    return text


def emit(document: Document, fmt: str, out=None, transform: Transform | None = None) -> None:
    """Write `document` in `fmt` to `out` (stdout by default)."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(to_json(document))
    elif fmt == "csv":
        _csv(document, out)
    elif fmt == "markdown":
        out.write(markdown(document))
    elif fmt == "table":
        _table(document, out, transform or _plain)
    else:
        raise CitylinksError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")


def to_json(document: Document) -> str:
    return json.dumps(document.records, ensure_ascii=False, indent=2) + "\n"


def wants_colour(out) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    is_terminal = out.isatty() if hasattr(out, "isatty") else False
    return is_terminal and "NO_COLOR" not in os.environ


def console_for(out, *, width: int | None = None, record: bool = False):
    from rich.console import Console

    is_terminal = out.isatty() if hasattr(out, "isatty") else False
    colour = wants_colour(out)
    return Console(
        file=out,
        width=width or (None if is_terminal else 160),
        highlight=False,
        emoji=False,
        markup=False,
        no_color=not colour,
        color_system="auto" if colour else None,
        force_terminal=record or None,
        record=record,
    )


def print_document(console, document: Document, transform: Transform = _plain) -> None:
    """Draw `document` on a Rich console: title, tables, charts, notes, footnotes."""
    from rich.table import Table
    from rich.text import Text

    def shown(text: str) -> Text:
        return Text(transform(safe_for_terminal(text)))

    console.print(Text(transform(safe_for_terminal(document.title)), style="bold"))
    for section in document.sections:
        if section.columns:
            table = Table(
                title=shown(section.title),
                caption=shown(section.caption) if section.caption else None,
                show_lines=False,
                title_justify="left",
            )
            for column in section.columns:
                table.add_column(
                    shown(column.header), justify=column.justify, no_wrap=column.no_wrap
                )
            for row in section.rows:
                table.add_row(*(shown(cell) for cell in row))
            console.print(table)
        else:
            console.print(shown(section.title), style="bold")
            if section.caption:
                console.print(shown(section.caption))
        for chart in section.charts:
            for line in chart_lines(chart, transform):
                console.print(Text(line), overflow="ignore", crop=False, no_wrap=True)
    for note in document.notes:
        console.print(shown(note))
    if document.footnotes:
        console.print()
        for footnote in document.footnotes:
            console.print(shown(footnote))


def _table(document: Document, out, transform: Transform) -> None:
    print_document(console_for(out), document, transform)


def chart_lines(chart: Chart, transform: Transform = _plain) -> list[str]:
    """The chart as lines of text, labels padded to one width (counted in terminal cells, so
    that ZWNJ and combining marks take none)."""
    labels = [transform(safe_for_terminal(r.label)) for r in chart.rows]
    width = max((display_width(label) for label in labels), default=0)
    lines = [transform(safe_for_terminal(chart.title))] if chart.title else []
    for label, row in zip(labels, chart.rows, strict=True):
        pad = " " * (width - display_width(label))
        note = f" {transform(safe_for_terminal(row.note))}" if row.note else ""
        lines.append(f"{label}{pad} {row.drawing}{note}".rstrip())
    if chart.legend:
        lines.append(transform(safe_for_terminal(chart.legend)))
    return lines


def _csv(document: Document, out) -> None:
    import csv

    from citylinks.text import neutralize_formula

    def cell(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, str):
            return neutralize_formula(value)
        if isinstance(value, list):
            return neutralize_formula("; ".join(str(v) for v in value))
        return value

    writer = csv.writer(out, lineterminator="\n")
    for section in document.sections:
        if section.records is not None:
            keys = list(dict.fromkeys(k for record in section.records for k in record))
            if not keys:
                continue
            writer.writerow(["section", *keys])
            for record in section.records:
                writer.writerow([section.title, *(cell(record.get(k)) for k in keys)])
        elif section.columns:
            writer.writerow(["section", *(c.header for c in section.columns)])
            for row in section.rows:
                writer.writerow([section.title, *(cell(v) for v in row)])


def markdown(document: Document) -> str:
    lines = [f"# {_md(document.title)}", ""]
    for section in document.sections:
        lines += [f"## {_md(section.title)}", ""]
        if section.columns:
            lines.append("| " + " | ".join(_md(c.header) for c in section.columns) + " |")
            lines.append(
                "|"
                + "|".join("---:" if c.justify == "right" else "---" for c in section.columns)
                + "|"
            )
            for row in section.rows:
                lines.append("| " + " | ".join(_md(cell) for cell in row) + " |")
        if section.caption:
            lines += ["", _md(section.caption)]
        for chart in section.charts:
            lines += ["", "```text", *(safe_for_terminal(x) for x in chart_lines(chart)), "```"]
        lines.append("")
    lines += [_md(n) for n in document.notes]
    if document.footnotes:
        lines += ["", *(_md(f) + "  " for f in document.footnotes)]
    return "\n".join(lines).rstrip() + "\n"


def _md(cell: str) -> str:
    shown = safe_for_terminal(cell).replace("&", "&amp;").replace("<", "&lt;")
    return shown.replace("|", "\\|").replace("\n", "<br>")
