"""A document as plain text, drawn as Rich draws it but without Rich's console and Table.

For output that is not a terminal (a pipe, a file, `--output FILE.txt`): no colour, so no
styles, and Rich's work per cell (segments, styles, measuring through renderables) is most of
what a long table costs (`log`'s 200 entries: 45 % of the command). This module lays out the
same characters from the same rules: Rich's table (HEAVY_HEAD box, one space of padding, its
column widths and how it narrows them to fit, header cells aligned to the bottom, the title
and caption above and below), its word wrapping and cell widths (`rich._wrap.divide_line`,
`rich.cells`: imported with the floor's `rich.console`, and light), its ellipsis for a
column that cannot wrap. tests/test_l17_plain_table.py draws documents both ways and compares.

What it does not draw (tabs), `UnlikeRich` says, and the
caller draws with Rich instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rich import box as boxes
from rich._ratio import ratio_reduce
from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size

# What rich.text.Text takes out of a string (rich.control.STRIP_CONTROL_CODES).
_STRIPPED = dict.fromkeys((7, 8, 11, 12, 13))
_TRAILING_SPACE = re.compile(r"\s+$")
# A cell's padding: one space on either side (rich.table.Table's padding=(0, 1)).
_PAD = 1


class UnlikeRich(Exception):
    """What this module would not draw as Rich does: draw it with Rich."""


@dataclass
class Cell:
    """A table cell's text. `transform`: --bidi's layout of each wrapped line (as
    render.LaidOutCell), `rtl` its direction when known, `justify` its own alignment."""

    text: str
    transform: Callable[..., str] | None = None
    rtl: bool = False
    justify: str | None = None


@dataclass
class TableColumn:
    header: Cell
    justify: str = "left"
    no_wrap: bool = False


# -- Rich's text layout -----------------------------------------------------------------------


def _width(text: str) -> int:
    """rich.cells.cell_len, quicker for printable ASCII (one cell a letter)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return cell_len(text)


def strip_controls(text: str) -> str:
    """`text` as rich.text.Text keeps it (bell, backspace, form feed... taken out)."""
    if "\t" in text:  # Rich expands tabs at cell positions; not reproduced here
        raise UnlikeRich("tab")
    return text.translate(_STRIPPED)


def _truncate(line: str, width: int, overflow: str, pad: bool = False) -> str:
    """rich.text.Text.truncate."""
    if overflow == "ignore":
        return line
    length = _width(line)
    if length > width:
        if overflow == "ellipsis":
            line = set_cell_size(line, width - 1) + "…"
        else:
            line = set_cell_size(line, width)
    if pad and length < width:
        line += " " * (width - length)
    return line


def _justified(line: str, width: int, justify: str, overflow: str) -> str:
    """rich.containers.Lines.justify, for one line."""
    if justify == "left":
        return _truncate(line, width, overflow, pad=True)
    if justify == "center":
        line = _truncate(line.rstrip(), width, overflow)
        line = " " * ((width - cell_len(line)) // 2) + line
        return line + " " * (width - cell_len(line))
    if justify == "right":
        line = _truncate(line.rstrip(), width, overflow)
        return " " * (width - cell_len(line)) + line
    if justify == "default":
        return line
    raise UnlikeRich(justify)


def wrapped(
    text: str, width: int, justify: str = "default", overflow: str = "fold", no_wrap: bool = False
) -> list[str]:
    """rich.text.Text.wrap: `text`'s lines broken at spaces to `width` cells and justified."""
    if width < 1:
        raise UnlikeRich("width")
    lines: list[str] = []
    for line in text.split("\n"):
        if no_wrap:
            pieces = [line]
        elif _width(line) <= width:  # divide_line would not break it
            pieces = [_rstrip_end(line, width)]
        else:
            offsets = divide_line(line, width, fold=overflow == "fold")
            pieces = [line[a:b] for a, b in zip([0, *offsets], [*offsets, len(line)], strict=True)]
            pieces = [_rstrip_end(piece, width) for piece in pieces]
        for piece in pieces:
            lines.append(_fitted(piece, width, justify, overflow))
    return lines


def _fitted(piece: str, width: int, justify: str, overflow: str) -> str:
    """A wrapped line justified and truncated (the common cases first)."""
    if justify in ("left", "default"):
        length = _width(piece)
        if length <= width:
            return piece + " " * (width - length) if justify == "left" else piece
    return _truncate(_justified(piece, width, justify, overflow), width, overflow)


def _rstrip_end(line: str, size: int) -> str:
    """rich.text.Text.rstrip_end: white space beyond `size` characters taken off the end."""
    excess = len(line) - size
    if excess > 0:
        found = _TRAILING_SPACE.search(line)
        if found is not None:
            return line[: len(line) - min(len(found.group()), excess)]
    return line


# -- Rich's measurements ----------------------------------------------------------------------


def _text_range(text: str) -> tuple[int, int]:
    """rich.text.Text.__rich_measure__: its longest word, its longest line."""
    lines = text.splitlines()
    words = text.split()
    if text.isascii() and "".join(lines).isprintable():  # one cell a letter
        longest = max(map(len, lines), default=0)
        return (max(map(len, words), default=longest), longest)
    longest = max((_width(line) for line in lines), default=0)
    return (max((_width(word) for word in words), default=longest), longest)


def _normalized(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, max(low, high))


def _got(measured: tuple[int, int], limit: int) -> tuple[int, int]:
    """rich.measure.Measurement.get around a renderable's own measurement."""
    if limit < 1:
        return 0, 0
    low, high = _normalized(*measured)
    low, high = min(low, limit), min(high, limit)
    if high < 1:
        return 0, 0
    return _normalized(low, high)


@cache
def _padded_range(measured: tuple[int, int], limit: int) -> tuple[int, int]:
    """Measurement.get of the cell in its padding (rich.padding.Padding.__rich_measure__)."""
    if limit < 1:
        return 0, 0
    if limit - 2 * _PAD < 1:
        return _got((limit, limit), limit)
    low, high = _got(measured, limit)
    return _got((min(low + 2 * _PAD, limit), min(high + 2 * _PAD, limit)), limit)


# -- the table --------------------------------------------------------------------------------


def _column_range(ranges: list[tuple[int, int]], limit: int) -> tuple[int, int]:
    """rich.table.Table._measure_column."""
    if limit < 1:
        return 0, 0
    padded = [_padded_range(r, limit) for r in ranges]
    low = max((r[0] for r in padded), default=1)
    high = max((r[1] for r in padded), default=limit)
    return min(low, limit), min(high, limit)


def _collapsed(widths: list[int], wrapable: list[bool], limit: int) -> list[int]:
    """rich.table.Table._collapse_widths."""
    total = sum(widths)
    excess = total - limit
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, can in zip(widths, wrapable, strict=True) if can)
            second = max(
                w if can and w != widest else 0 for w, can in zip(widths, wrapable, strict=True)
            )
            ratios = [
                1 if (w == widest and can) else 0 for w, can in zip(widths, wrapable, strict=True)
            ]
            if not any(ratios) or not widest - second:
                break
            most = [min(excess, widest - second)] * len(widths)
            widths = ratio_reduce(excess, ratios, most, widths)
            total = sum(widths)
            excess = total - limit
    return widths


def column_widths(
    columns: list[TableColumn], ranges: list[list[tuple[int, int]]], limit: int
) -> list[int]:
    """rich.table.Table._calculate_column_widths (not expanded, no fixed widths): each
    column's widest cell, padding included, narrowed to fit `limit` when they do not."""
    widths = [_column_range(r, limit)[1] or 1 for r in ranges]
    if sum(widths) > limit:
        widths = _collapsed(widths, [not c.no_wrap for c in columns], limit)
        if sum(widths) > limit:
            widths = ratio_reduce(sum(widths) - limit, [1] * len(widths), widths, widths)
        widths = [_column_range(r, w)[1] or 0 for r, w in zip(ranges, widths, strict=True)]
    return widths


def _cell_lines(cell: Cell, column: TableColumn, width: int) -> list[str]:
    """A cell drawn in its column: its lines, each `width` cells with the padding."""
    inner = width - 2 * _PAD
    if inner < 1:  # Console.render draws nothing in no room
        return []
    if cell.transform is None:
        lines = wrapped(cell.text, inner, column.justify, "ellipsis", column.no_wrap)
    else:  # render.LaidOutCell: wrapped in reading order, then each line laid out
        justify = cell.justify or column.justify or "left"
        lines = []
        for line in wrapped(cell.text, inner, "left", "fold"):
            shown = cell.transform(line.rstrip(), rtl=True if cell.rtl else None)
            lines += wrapped(strip_controls(shown), inner, justify, "ellipsis", column.no_wrap)
    return [
        f"{' ' * _PAD}{line if _width(line) == inner else set_cell_size(line, inner)}{' ' * _PAD}"
        for line in lines
    ]


def _ranges(
    columns: list[TableColumn], rows: list[list[Cell]], show_header: bool
) -> tuple[list[list[Cell]], list[list[tuple[int, int]]]]:
    cells = [[column.header for column in columns], *rows] if show_header else rows
    return cells, [[_text_range(row[i].text) for row in cells] for i in range(len(columns))]


def table_width(
    columns: list[TableColumn], rows: list[list[Cell]], limit: int, show_header: bool = True
) -> int:
    """The width rich.table.Table.__rich_measure__ gives the table (what rich.align.Align
    aligns it by), at most `limit`."""
    _, ranges = _ranges(columns, rows, show_header)
    extra = 2 + len(columns) - 1
    fitted = sum(column_widths(columns, ranges, limit - extra))
    wanted = sum(_column_range(r, fitted)[1] for r in ranges) + extra
    return max(0, min(wanted, limit))


def aligned_right(lines: list[str], width: int) -> list[str]:
    """rich.align.Align(..., "right"): a block of lines moved to the right of `width`."""
    shape = max((cell_len(line) for line in lines), default=0)
    return [" " * max(0, width - shape) + set_cell_size(line, shape) for line in lines]


def text_right(text: str, width: int) -> list[str]:
    """Console.print(text, justify="right"): wrapped to its own width, set on the right."""
    shape = min(_text_range(text)[1], width)
    if shape < 1:
        return []
    return aligned_right(wrapped(text, shape, "right"), width)


def table_lines(
    columns: list[TableColumn],
    rows: list[list[Cell]],
    limit: int,
    *,
    title: str = "",
    title_justify: str = "left",
    caption: str = "",
    show_header: bool = True,
    ascii_only: bool = False,
) -> list[str]:
    """The lines of a table as rich.table.Table draws it with its defaults, at most `limit`
    cells wide."""
    cells, ranges = _ranges(columns, rows, show_header)
    extra = 2 + len(columns) - 1  # the edges and the lines between columns
    widths = column_widths(columns, ranges, limit - extra)
    table_width = sum(widths) + extra
    box = boxes.HEAVY_HEAD
    if ascii_only:
        box = boxes.ASCII
    if not show_header:
        box = box.get_plain_headed_box()
    lines: list[str] = []
    if title:
        lines += wrapped(title, table_width, title_justify)
    lines.append(box.get_top(widths))
    last = len(cells) - 1
    for index, row in enumerate(cells):
        drawn = [
            _cell_lines(cell, column, width)
            for cell, column, width in zip(row, columns, widths, strict=True)
        ]
        height = max(1, *(len(lines_) for lines_ in drawn))
        header = index == 0 and show_header
        for k, (cell_lines, width) in enumerate(zip(drawn, widths, strict=True)):
            blank = [" " * width] * (height - len(cell_lines))
            drawn[k] = blank + cell_lines if header else cell_lines + blank
        if index == 0:
            left, divider, right = box.head_left, box.head_vertical, box.head_right
        elif index == last:
            left, divider, right = box.foot_left, box.foot_vertical, box.foot_right
        else:
            left, divider, right = box.mid_left, box.mid_vertical, box.mid_right
        for n in range(height):
            lines.append(left + divider.join([cell[n] for cell in drawn]) + right)
        if header:
            lines.append(box.get_row(widths, "head", edge=True))
    lines.append(box.get_bottom(widths))
    if caption:
        lines += wrapped(caption, table_width, "center")
    return lines
