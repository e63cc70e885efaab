"""Rendering reports: one document model, several formats.

A report is turned into a `Document`: sections of rows of display text (for the table,
markdown, SVG and HTML), optional flat records per section (for CSV), drawn charts (text
charts, one line per row), footnotes (numbered sources with --cite) and plain records (for
JSON).

CSV holds one table per file: on standard output the document's main table (a note on stderr
names the others), and with ``--output FILE.csv`` every table, the main one in FILE.csv and
each other in FILE-NAME.csv (see `csv_tables`). Stored text is always shown as text: table cells are Rich `Text` objects, never
markup, and control characters are made visible.

`render.output.deliver` chooses the format (or the file suffix) and writes; the functions
here turn a Document into one format each.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from citylinks.errors import CitylinksError
from citylinks.i18n import _, listing
from citylinks.text import display_width, is_rtl, safe_for_terminal

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from citylinks.render.charts import Figure

FORMATS = ("table", "json", "csv", "markdown")
CALENDARS = ("gregorian", "jalali", "both")
LANGS = ("en", "fa")


@dataclass
class Column:
    header: str
    justify: JustifyMethod = "left"
    no_wrap: bool = False
    # A date: kept on one line in HTML.
    is_date: bool = False


def aligned(column: Column, rtl: bool) -> JustifyMethod:
    """The side a column's cells are set on: in a right-to-left table (a Persian report) every
    cell on the right, where a Persian reader's eye begins, a number too; in a left-to-right
    one the column's own (a number on the right). The one rule of the terminal (--bidi), the
    HTML page, the PDF and the SVG picture."""
    return "right" if rtl else column.justify


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
    # The same chart for vector drawing (SVG, HTML, PDF: render/svg.py); None: text only.
    figure: Figure | None = None


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
    # The CSV table's name (FILE-NAME.csv); sections with the same name are one table.
    # None: made from the title.
    csv_name: str | None = None


@dataclass
class Document:
    title: str
    sections: list[Section]
    records: Any  # what --format json prints
    notes: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    lang: str = "en"
    # The CSV table printed on standard output; None: the first.
    csv_main: str | None = None
    # With --cite: the numbered sources (a CSV table of their own).
    references: list[dict] | None = None


class Transform(Protocol):
    """How a text is laid out for the terminal (--bidi: `render.output.visual_order`); `rtl`:
    the paragraph's direction when it is known (a right-to-left cell), else its first letter's."""

    def __call__(self, text: str, rtl: bool | None = None) -> str: ...


def _plain(text: str, rtl: bool | None = None) -> str:
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
        _table(document, out, transform)
    else:
        raise CitylinksError(
            _("unknown format '{fmt}': use one of {formats}", fmt=fmt, formats=listing(FORMATS))
        )


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


def print_document(
    console, document: Document, transform: Transform | None = None, rtl: bool = False
) -> None:
    """Draw `document` on a Rich console: title, tables, charts, notes, footnotes.
    `transform` lays text out (--bidi: `render.output.visual_order`); with one,
    right-to-left cells are aligned right. `rtl` (a Persian report with --bidi, on a terminal
    that lays nothing out right to left itself) runs the tables right to left: the first
    column on the right, every cell aligned right, titles too."""
    from rich.table import Table
    from rich.text import Text

    from citylinks.render.runs import cell_reads_rtl

    laid_out = transform is not None
    transform = transform or _plain

    def shown(text: str) -> Text:
        return Text(transform(safe_for_terminal(text)))

    def composed(text: str) -> Text:
        # The report's own text (title, headings, captions, notes) reads in its direction,
        # whatever letter it begins with: «AMF مجمع عمومی» right to left in Persian.
        return Text(transform(safe_for_terminal(text), rtl=True if rtl else None))

    def cell(text: str):
        if laid_out:
            # In a right-to-left table a cell reads as the HTML page's does (render.runs):
            # "۱۳۹۶–۱۳۹۷ (۲۰۱۸)" and "۱ (root)" right to left, though no Persian letter says so.
            safe = safe_for_terminal(text)
            return LaidOutCell(safe, transform, rtl=rtl and cell_reads_rtl(safe, document.lang))
        return shown(text)

    side: JustifyMethod | None = "right" if rtl else None
    title = composed(document.title)
    title.stylize("bold")
    console.print(title, justify=side)
    for section in document.sections:
        if section.columns:
            table = Table(
                title=composed(section.title),
                caption=composed(section.caption) if section.caption else None,
                show_lines=False,
                title_justify="right" if rtl else "left",
                # A table of facts (name: value) has no column titles: no empty header row.
                show_header=any(column.header for column in section.columns),
            )
            order = list(range(len(section.columns)))
            if rtl:
                order.reverse()
            for i in order:
                column = section.columns[i]
                table.add_column(
                    cell(column.header),
                    justify=aligned(column, rtl),
                    no_wrap=column.no_wrap,
                )
            for row in section.rows:
                table.add_row(*(cell(row[i]) if i < len(row) else "" for i in order))
            console.print(table, justify=side)
        else:
            console.print(composed(section.title), style="bold", justify=side)
            if section.caption:
                console.print(composed(section.caption), justify=side)
        for chart in section.charts:
            for line in chart_lines(chart, transform):
                console.print(Text(line), overflow="ignore", crop=False, no_wrap=True)
    for note in document.notes:
        console.print(composed(note), justify=side)
    if document.footnotes:
        console.print()
        for footnote in document.footnotes:
            console.print(composed(footnote), justify=side)


class LaidOutCell:
    """A table cell whose text is laid out by `transform` (--bidi's visual order for terminals
    without bidi, or the SVG's shaping): wrapped to the column in reading order first, then
    each line transformed, so that a long Persian cell's first line stays the first; a
    right-to-left cell is aligned right, as a Persian reader expects."""

    def __init__(self, text: str, transform: Transform, rtl: bool = False) -> None:
        from rich.text import Text

        self.text = Text(text)
        self.transform = transform
        self.rtl = rtl  # laid out right to left whatever its first letter
        self.justify: JustifyMethod | None = "right" if rtl or is_rtl(text) else None

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement.get(console, options, self.text)

    def __rich_console__(self, console, options):
        from rich.text import Text

        justify = self.justify or options.justify or "left"
        for line in self.text.wrap(console, options.max_width, justify="left", overflow="fold"):
            shown = self.transform(line.plain.rstrip(), rtl=True if self.rtl else None)
            yield Text(shown, justify=justify, end="\n")


def _table(document: Document, out, transform: Transform | None) -> None:
    draw(document, out, transform, rtl=_runs_rtl(document, transform))


def draw(
    document: Document,
    out,
    transform: Transform | None = None,
    rtl: bool = False,
    width: int | None = None,
) -> None:
    """Draw `document` as text on `out`: on a terminal with Rich (colour, its width), else
    as plain text `width` (160) cells wide, the same characters without Rich's console
    (render.plain; what it would not draw as Rich does, Rich draws)."""
    is_terminal = out.isatty() if hasattr(out, "isatty") else False
    if not is_terminal and sys.platform != "win32":
        from citylinks.render.plain import UnlikeRich

        encoding = (getattr(out, "encoding", "utf-8") or "utf-8").lower()
        try:
            text = plain_text(
                document, transform, rtl, width or 160, ascii_only=not encoding.startswith("utf")
            )
        except UnlikeRich:
            pass
        else:
            out.write(text)
            return
    print_document(console_for(out, width=width), document, transform, rtl=rtl)


def plain_text(
    document: Document,
    transform: Transform | None = None,
    rtl: bool = False,
    width: int = 160,
    ascii_only: bool = False,
) -> str:
    """What `print_document` draws on a console `width` cells wide without colour, drawn by
    render.plain; the two go step by step alike (tests/test_l17_plain_table.py compares)."""
    from rich.cells import cell_len, set_cell_size

    from citylinks.render import plain
    from citylinks.render.runs import cell_reads_rtl

    laid_out = transform is not None
    transform = transform or _plain

    def shown(text: str) -> str:
        return plain.strip_controls(transform(safe_for_terminal(text)))

    def composed(text: str) -> str:  # as print_document's
        return plain.strip_controls(transform(safe_for_terminal(text), rtl=True if rtl else None))

    def cell(text: str) -> plain.Cell:
        if laid_out:
            safe = safe_for_terminal(text)
            reads_rtl = rtl and cell_reads_rtl(safe, document.lang)
            right = "right" if reads_rtl or is_rtl(safe) else None
            return plain.Cell(plain.strip_controls(safe), transform, reads_rtl, right)
        return plain.Cell(shown(text))

    lines: list[str] = []

    def printed(new: list[str]) -> None:  # as Console.print crops its lines
        lines.extend(set_cell_size(x, width) if cell_len(x) > width else x for x in new)

    def text(line: str) -> None:  # as Console.print(Text(line), justify=side)
        printed(plain.text_right(line, width) if rtl else plain.wrapped(line, width))

    text(composed(document.title))
    for section in document.sections:
        if section.columns:
            order = list(range(len(section.columns)))
            if rtl:
                order.reverse()
            columns = [
                plain.TableColumn(
                    cell(section.columns[i].header),
                    aligned(section.columns[i], rtl),
                    section.columns[i].no_wrap,
                )
                for i in order
            ]
            rows = [
                [cell(row[i]) if i < len(row) else plain.Cell("") for i in order]
                for row in section.rows
            ]
            header = any(column.header for column in section.columns)
            # Set on the right (rich.align.Align), the table is drawn at the width it wants.
            limit = plain.table_width(columns, rows, width, header) if rtl else width
            if limit >= 1:
                table = plain.table_lines(
                    columns,
                    rows,
                    limit,
                    title=composed(section.title),
                    title_justify="right" if rtl else "left",
                    caption=composed(section.caption) if section.caption else "",
                    show_header=header,
                    ascii_only=ascii_only,
                )
                printed(plain.aligned_right(table, width) if rtl else table)
        else:
            text(composed(section.title))
            if section.caption:
                text(composed(section.caption))
        for chart in section.charts:  # printed whole, never cropped
            lines.extend(plain.strip_controls(line) for line in chart_lines(chart, transform))
    for note in document.notes:
        text(composed(note))
    if document.footnotes:
        lines.append("")
        for footnote in document.footnotes:
            text(composed(footnote))
    return "".join(f"{line}\n" for line in lines)


def _runs_rtl(document: Document, transform: Transform | None) -> bool:
    """A Persian report laid out for a terminal without bidi (--bidi) runs right to left."""
    return transform is not None and document.lang == "fa"


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


@dataclass
class CsvTable:
    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]


def csv_tables(document: Document) -> list[CsvTable]:
    """The document's CSV tables, the main one first: one per section (its records, else its
    rows), sections that share a `csv_name` joined into one, and the references with --cite."""
    from citylinks.text import slugify

    tables: dict[str, CsvTable] = {}
    for index, section in enumerate(document.sections, start=1):
        if section.records is not None:
            header = list(dict.fromkeys(k for record in section.records for k in record))
            rows = [[record.get(k) for k in header] for record in section.records]
            records = section.records
        elif section.columns:
            header = [c.header for c in section.columns]
            rows = [list(row) for row in section.rows]
            records = [dict(zip(header, row, strict=False)) for row in rows]
        else:
            continue
        if not header:
            continue
        name = section.csv_name or slugify(section.title) or f"table-{index}"
        if name in tables:  # one more part of the same table: widen it
            table = tables[name]
            earlier = [dict(zip(table.header, row, strict=False)) for row in table.rows]
            table.header = list(dict.fromkeys([*table.header, *header]))
            table.rows = [[r.get(k) for k in table.header] for r in [*earlier, *records]]
        else:
            tables[name] = CsvTable(name, section.title, header, rows)
    found = list(tables.values())
    if document.references:
        header = list(document.references[0])
        rows = [[r.get(k) for k in header] for r in document.references]
        found.append(CsvTable("references", "references", header, rows))
    main = next((t for t in found if t.name == document.csv_main), None)
    if main is not None:
        found.remove(main)
        found.insert(0, main)
    return found


def _csv_cell(value: Any) -> Any:
    from citylinks.text import neutralize_formula

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralize_formula(value)
    if isinstance(value, list):
        return neutralize_formula("; ".join(str(v) for v in value))
    if isinstance(value, dict):
        return neutralize_formula(json.dumps(value, ensure_ascii=False))
    return value


def write_csv(table: CsvTable, out) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows([_csv_cell(v) for v in row] for row in table.rows)


def _csv(document: Document, out) -> None:
    """The main table; the others are named on stderr (--output FILE.csv writes them all)."""
    tables = csv_tables(document)
    if not tables:
        return
    write_csv(tables[0], out)
    if len(tables) > 1:
        try:
            out.flush()  # the table is written, or its error said, before the note about it
        except BrokenPipeError:
            raise
        except OSError as exc:
            from citylinks.files import os_error_words

            raise CitylinksError(
                _("cannot write standard output: {reason}", reason=os_error_words(exc))
            ) from exc
        others = listing(f"FILE-{t.name}.csv" for t in tables[1:])
        print(
            _(
                "note: printed the table '{title}' only; --output FILE.csv writes all {count}"
                " (FILE.csv, {others})",
                title=safe_for_terminal(tables[0].title),
                count=len(tables),
                others=others,
            ),
            file=sys.stderr,
        )


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
            drawn = [safe_for_terminal(x) for x in chart_lines(chart)]
            # A fence longer than any run of backticks in a label, which would otherwise
            # close it and make the rest of the label Markdown.
            fence = "`" * max(
                3, 1 + max((len(r) for x in drawn for r in re.findall("`+", x)), default=0)
            )
            lines += ["", f"{fence}text", *drawn, fence]
        lines.append("")
    lines += [_md(n) for n in document.notes]
    if document.footnotes:
        lines += ["", *(_md(f) + "  " for f in document.footnotes)]
    return "\n".join(lines).rstrip() + "\n"


# The punctuation that means something anywhere in a line, each escaped with a backslash
# (CommonMark lets any ASCII punctuation be escaped so, and a reader shows it as itself):
# stored text is shown as text, never as a link, an image, emphasis, code, an entity
# ("AT&amp;T" stays "AT&amp;T", "AT&T" shows as typed) or HTML, and a "|" never ends a table
# cell. "(", ")", "#", "!" and the like are left alone where they mean nothing, so that the
# Markdown still reads as plain text: "[x](y)" is no link once its brackets are escaped.
_MD_SPECIAL = re.compile(
    r"([\\`*_\[\]|<>~]|&(?=#?[0-9A-Za-z]+;)"
    # A bare address is made a live link by most readers (GitHub's autolinks: http://, www.,
    # mailto:; markdown-it's linkify: any host.tld and //host too), so what turns it into one is
    # escaped: the ':' after a scheme, the first '/' of '//', the '.' before a domain's next
    # label ("http\:\//example\.org" reads as typed and links nowhere).
    r"|(?<=[A-Za-z]):(?=\S)|/(?=/)|(?<=\w)\.(?=[^\W\d_]))"
)
# What starts a list, a heading or a quote only at the beginning of a line: "- x", "+ x",
# "# x", "1. x", "1) x".
_MD_LINE_START = re.compile(r"^(\s*)(?:([-=+#])|(\d+)([.)]))")


def _escaped_line_start(found: re.Match[str]) -> str:
    indent, mark, number, after = found.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{after}"


def _md(cell: str) -> str:
    shown = _MD_SPECIAL.sub(r"\\\1", safe_for_terminal(cell))
    lines = [_MD_LINE_START.sub(_escaped_line_start, line) for line in shown.split("\n")]
    return "<br>".join(lines)
