"""Rendering reports: one document model, several formats (table, json, csv, markdown).

A report is turned into a `Document`: sections of rows of display text (for the table,
markdown and CSV) and plain records (for JSON). Stored text is always shown as text: table
cells are Rich `Text` objects, never markup, and control characters are made visible.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from citylinks.errors import CitylinksError
from citylinks.text import safe_for_terminal

FORMATS = ("table", "json", "csv", "markdown")
CALENDARS = ("gregorian", "jalali", "both")
LANGS = ("en", "fa")


@dataclass
class Column:
    header: str
    justify: str = "left"
    no_wrap: bool = False


@dataclass
class Section:
    title: str
    columns: list[Column]
    rows: list[list[str]] = field(default_factory=list)
    caption: str | None = None


@dataclass
class Document:
    title: str
    sections: list[Section]
    records: Any  # what --format json prints
    notes: list[str] = field(default_factory=list)


def emit(document: Document, fmt: str, out=None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps(document.records, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        _csv(document, out)
    elif fmt == "markdown":
        out.write(markdown(document))
    elif fmt == "table":
        _table(document, out)
    else:
        raise CitylinksError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")


def _table(document: Document, out) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    is_terminal = out.isatty() if hasattr(out, "isatty") else False
    console = Console(file=out, width=None if is_terminal else 160, highlight=False, emoji=False)
    console.print(Text(safe_for_terminal(document.title), style="bold"))
    for section in document.sections:
        table = Table(
            title=Text(safe_for_terminal(section.title)),
            caption=Text(safe_for_terminal(section.caption)) if section.caption else None,
            show_lines=False,
            title_justify="left",
        )
        for column in section.columns:
            table.add_column(Text(column.header), justify=column.justify, no_wrap=column.no_wrap)
        for row in section.rows:
            table.add_row(*(Text(safe_for_terminal(cell)) for cell in row))
        console.print(table)
    for note in document.notes:
        console.print(Text(safe_for_terminal(note)))


def _csv(document: Document, out) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    for section in document.sections:
        writer.writerow(["section", *(c.header for c in section.columns)])
        for row in section.rows:
            writer.writerow([section.title, *row])


def markdown(document: Document) -> str:
    lines = [f"# {_md(document.title)}", ""]
    for section in document.sections:
        lines += [f"## {_md(section.title)}", ""]
        lines.append("| " + " | ".join(_md(c.header) for c in section.columns) + " |")
        lines.append(
            "|" + "|".join("---:" if c.justify == "right" else "---" for c in section.columns) + "|"
        )
        for row in section.rows:
            lines.append("| " + " | ".join(_md(cell) for cell in row) + " |")
        if section.caption:
            lines += ["", _md(section.caption)]
        lines.append("")
    lines += [_md(n) for n in document.notes]
    return "\n".join(lines).rstrip() + "\n"


def _md(cell: str) -> str:
    return safe_for_terminal(cell).replace("|", "\\|").replace("\n", "<br>")
