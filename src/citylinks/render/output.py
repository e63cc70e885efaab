"""Where a report goes: the terminal in one of the formats, or a file chosen by its suffix.

Every report command ends with `deliver(document, view)`; this is the one place that knows
formats, suffixes, colour and the --bidi reordering.
"""

from __future__ import annotations

import io
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from citylinks.errors import CitylinksError
from citylinks.files import check_output, shown_path, write_bytes, write_texts
from citylinks.i18n import _, listing
from citylinks.render import Document, emit, markdown, to_json
from citylinks.render.runs import HAS_RTL, split_runs

SUFFIXES = {
    ".svg": "svg",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".csv": "csv",
    ".json": "json",
    ".txt": "text",
}
SVG_WIDTH = 140
TEXT_WIDTH = 160


@dataclass(frozen=True)
class View:
    """How the user asked to see a report (the shared options of every report)."""

    fmt: str = "table"
    output: Path | None = None
    lang: str = "en"
    calendar: str = "both"
    cite: bool = False
    bidi: bool = False
    force: bool = False  # --force: replace an existing --output file
    protected: tuple = ()  # (path, what) pairs no output may replace (files.check_output)


def visual_order(text: str, rtl: bool | None = None) -> str:
    """Persian shaped and laid out left to right, for terminals that do no bidi of their own.
    Each line is a paragraph of its own, right to left when its first letter is (or with
    `rtl`, as asked: a Persian help's lines all read right to left); option names, commands,
    keys and English names in it stay whole, each a left-to-right run (render.runs). Text
    without right-to-left letters, not asked to read right to left, is returned as it is."""
    if not HAS_RTL.search(text) and not rtl:
        return text
    import arabic_reshaper

    # Line by line: the algorithm reorders within a paragraph.
    return "\n".join(_visual_line(arabic_reshaper.reshape(line), rtl) for line in text.split("\n"))


# The isolates that keep a left-to-right run whole (LRI ... PDI), taken out once laid out.
_LRI, _PDI = "\u2066", "\u2069"


def _isolated(line: str) -> str:
    """`line` with each left-to-right run between LRI and PDI."""
    pieces = []
    for piece, is_run in split_runs(line):
        pieces.append(f"{_LRI}{piece}{_PDI}" if is_run else piece)
    return "".join(pieces)


# The European separators and common separators (Unicode bidi classes ES and CS) of numbers.
_NUMBER_SEPARATORS = frozenset("+-,.:/")
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def _visual_line(line: str, rtl: bool | None = None) -> str:
    """One line in visual order (Unicode bidi rules L1, L2 and L4: mirrored brackets).

    python-bidi's Rust `get_display` resolves the levels (with bracket pairs) and reorders,
    but does not mirror: a bracket on a right-to-left run would come out facing the wrong way,
    ")AMF(". Its levels (reported with debug=True) are used here to reorder and mirror."""
    from bidi import get_display
    from bidi.mirror import MIRRORED

    # The line's direction is its own first letter's (or as asked), whatever is isolated.
    base = _paragraph_level(line) if rtl is None else int(rtl)
    line = _isolated(line)
    direction = "R" if base else "L"
    levels = _levels(line, get_display(line, base_dir=direction, debug=True))
    if levels is None:  # a python-bidi whose report we cannot read: reorder without mirroring
        return _unisolated(get_display(line, base_dir=direction))
    # W4: a single separator between two digits joins them ("2025-09-08", "1,000", "3.5"):
    # python-bidi leaves a hyphen between European digits at the paragraph's level, which
    # reversed "2025-09-08" into "08-09-2025" in a right-to-left line.
    for i in range(1, len(line) - 1):
        if (
            line[i] in _NUMBER_SEPARATORS
            and line[i - 1].isdigit()
            and line[i + 1].isdigit()
            and levels[i - 1] == levels[i + 1] != levels[i]
        ):
            levels[i] = levels[i - 1]
    # L1: trailing white space goes back to the paragraph level.
    end = len(line)
    while end and line[end - 1].isspace():
        end -= 1
        levels[end] = base
    # L2: from the highest level down to the lowest odd one, reverse every run at or above it.
    order = list(range(len(line)))
    highest = max(levels, default=0)
    lowest_odd = min((lv for lv in levels if lv % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    # L4: a mirrored character on a right-to-left level is shown as its mirror image.
    shown = "".join(MIRRORED.get(line[k], line[k]) if levels[k] % 2 else line[k] for k in order)
    return _unisolated(shown)


def _unisolated(text: str) -> str:
    return text.replace(_LRI, "").replace(_PDI, "")


def _paragraph_level(line: str) -> int:
    """Its first strong letter's direction; a line with none but with Persian digits in it
    ("۱۳۹۶–۱۳۹۷ (۲۰۱۸)", "۱۳۸۷ ← ۱۳۹۰") is Persian and reads right to left."""
    from bidi import get_base_level

    if HAS_RTL.search(line) and not any(
        unicodedata.bidirectional(ch) in ("L", "R", "AL") for ch in line
    ):
        return 1
    return get_base_level(line)


def _levels(line: str, report: str) -> list[int] | None:
    """The embedding level of each character, from python-bidi's debug report (which gives
    one per UTF-8 byte)."""
    start = report.find("levels:")
    stop = report.find("paragraphs:", start)
    if start < 0 or stop < 0:
        return None
    per_byte = [int(x) for x in _LEVEL.findall(report[start:stop])]
    if len(per_byte) != len(line.encode("utf-8")):
        return None
    levels, offset = [], 0
    for ch in line:
        levels.append(per_byte[offset])
        offset += len(ch.encode("utf-8"))
    return levels


def format_for(path: Path) -> str:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise CitylinksError(
            _(
                "cannot tell the format of '{path}' from its suffix: use one of {suffixes}",
                path=path,
                suffixes=listing(s for s in SUFFIXES if s != ".htm"),
            )
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
    if fmt == "pdf":
        from citylinks.render.pdf import pdf_bytes

        check_output(path, force=view.force, protected=view.protected)
        write_bytes(path, pdf_bytes(document, view.lang))
        print(_("wrote {files}", files=shown_path(path)), file=sys.stderr)
        return
    if fmt == "csv":
        files = csv_files(document, path)
    else:
        files = {path: render_to_string(document, fmt, view)}
    # Every file is checked before the first is written: a refused second file of a CSV
    # report leaves the first one as it was too.
    for target in files:
        check_output(target, force=view.force, protected=view.protected)
    write_texts(files, newline="\n" if fmt != "csv" else "")
    print(
        _("wrote {files}", files=listing(shown_path(target) for target in files)),
        file=sys.stderr,
    )


def csv_files(document: Document, path: Path) -> dict[Path, str]:
    """One CSV file per table: the main one at `path`, each other at PATH-NAME.csv."""
    from citylinks.render import csv_tables, write_csv

    files = {}
    for index, table in enumerate(csv_tables(document)):
        target = path if index == 0 else path.with_name(f"{path.stem}-{table.name}{path.suffix}")
        buffer = io.StringIO()
        write_csv(table, buffer)
        files[target] = buffer.getvalue()
    return files or {path: ""}


def render_to_string(document: Document, fmt: str, view: View) -> str:
    if fmt == "json":
        return to_json(document)
    if fmt == "markdown":
        return markdown(document)
    if fmt == "html":
        from citylinks.render.html import html_page

        return html_page(document, view.lang)
    if fmt == "svg":
        from citylinks.render.svg import svg_document

        return svg_document(document)
    buffer = io.StringIO()
    if fmt == "csv":  # the main table; `csv_files` gives them all
        from citylinks.render import csv_tables, write_csv

        tables = csv_tables(document)
        if tables:
            write_csv(tables[0], buffer)
    elif fmt == "text":
        from citylinks.render import draw

        transform = visual_order if view.bidi else None
        rtl = view.bidi and document.lang == "fa"
        draw(document, buffer, transform, rtl=rtl, width=TEXT_WIDTH)
    return buffer.getvalue()
