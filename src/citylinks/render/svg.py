"""A report as a vector SVG picture: its title, tables, charts (render.charts' figures: a
proportional time axis in both calendars, session markers, phase bars, count bars), notes
and footnotes.

Everything is laid out in *logical* coordinates, x growing from where a line of text starts,
and `Painter` mirrors them in a Persian report: tables run right to left, and so does time.
Text stays in logical order with its direction set (render/svg_text.py); the shipped font is
embedded, and every box is measured with it, so the picture's size encloses all it draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from html import escape, unescape

from citylinks.dates import year_of, year_start
from citylinks.render import Chart, Document, Section, aligned, chart_lines, runs
from citylinks.render.charts import (
    HIGH,
    LOW,
    CountFigure,
    PhaseBar,
    TimeFigure,
    axis_order,
)
from citylinks.render.runs import date_pieces
from citylinks.render.svg_text import (
    ELLIPSIS,
    FONT_STACK,
    fit,
    font_face,
    html_text_element,
    reads_rtl,
    text_element,
    text_width,
    wrap,
)
from citylinks.render.values import number

MARGIN = 24
TITLE = 20.0
HEADING = 15.0
BODY = 12.0
SMALL = 10.5
LINE = 16.0  # a line of BODY text
PAD = 6.0  # inside a table cell
GREY = "#555555"
RULE = "#bbbbbb"
GRID = "#e4e4e4"
COLOURS = {
    "member": "#1f5fa8",
    "associate-member": "#2a8c82",
    "applicant": "#7b5ea7",
    "observer": "#6c7a89",
    "cooperating": "#4c8a5c",
    "suspended": "#d08a1c",
    "withdrawn": "#9e2a2b",
    "expelled": "#6b0f1a",
}
COUNT_COLOUR = "#1f5fa8"
MARKER_COLOUR = "#1f5fa8"
MAX_LABEL = 360.0  # a session's label, at most
MAX_COLUMN = 280.0
MAX_DATE_COLUMN = 340.0


class Painter:
    """Collects SVG elements given in logical coordinates; in a right-to-left picture of
    `width`, x is mirrored (x -> width - x)."""

    def __init__(self, width: float, rtl: bool, lang: str, html_text: bool = False) -> None:
        self.width = width
        self.rtl = rtl
        self.lang = lang
        self.parts: list[str] = []
        self.defs: dict[str, str] = {}
        # Text as HTML elements over the shapes (see svg_text.html_text_element), not <text>.
        self.html_text = html_text
        self.labels: list[str] = []

    def x(self, x: float) -> float:
        return self.width - x if self.rtl else x

    def rect(self, x: float, y: float, w: float, h: float, **attributes: str) -> None:
        left = self.width - x - w if self.rtl else x
        self.parts.append(
            f'<rect x="{left:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}"'
            f"{_attributes(attributes)}/>"
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, **attributes: str) -> None:
        attributes.setdefault("stroke", RULE)
        self.parts.append(
            f'<line x1="{self.x(x1):.1f}" y1="{y1:.1f}" x2="{self.x(x2):.1f}" y2="{y2:.1f}"'
            f"{_attributes(attributes)}/>"
        )

    def polygon(self, points: list[tuple[float, float]], **attributes: str) -> None:
        shown = " ".join(f"{self.x(x):.1f},{y:.1f}" for x, y in points)
        self.parts.append(f'<polygon points="{shown}"{_attributes(attributes)}/>')

    def circle(self, x: float, y: float, r: float, **attributes: str) -> None:
        self.parts.append(
            f'<circle cx="{self.x(x):.1f}" cy="{y:.1f}" r="{r:g}"{_attributes(attributes)}/>'
        )

    def text(self, x: float, y: float, text: str, *, size: float, align: str = "start",
             **options) -> None:  # fmt: skip
        """Text whose logical `align` edge ("start", "end" or "center") is at x."""
        visual = {"start": "left", "end": "right", "center": "center"}[align]
        if self.rtl and align != "center":
            visual = "right" if visual == "left" else "left"
        if self.html_text:
            self.labels.append(
                html_text_element(
                    self.x(x),
                    y,
                    text,
                    size=size,
                    align=visual,
                    lang=self.lang,
                    width=self.width,
                    **options,
                )  # fmt: skip
            )
        else:
            self.parts.append(
                text_element(self.x(x), y, text, size=size, align=visual, lang=self.lang, **options)
            )

    def open_group(self, css_class: str, **attributes: str) -> None:
        self.parts.append(f'<g class="{css_class}"{_attributes(attributes)}>')

    def close_group(self) -> None:
        self.parts.append("</g>")

    def hatch(self, colour: str) -> str:
        """A fill of diagonal stripes in `colour`: where a period may have run."""
        name = f"hatch-{colour.lstrip('#')}"
        self.defs.setdefault(
            name,
            f'<pattern id="{name}" width="6" height="6" patternUnits="userSpaceOnUse"'
            f' patternTransform="rotate(45)"><rect width="6" height="6" fill="{colour}"'
            f' fill-opacity="0.18"/><line x1="0" y1="0" x2="0" y2="6" stroke="{colour}"'
            f' stroke-width="3" stroke-opacity="0.75"/></pattern>',
        )
        return f"url(#{name})"

    def fade(self, colour: str, fading_in: bool, start: float, end: float) -> str:
        """A fill that fades in (or out) from logical x `start` to `end`: a start (or end)
        not known. From white to a tint of `colour`, opaque, in user space (WeasyPrint draws
        neither transparent stops nor gradients sized by their shape)."""
        name = f"fade-{len(self.defs)}"
        first, last = "#ffffff", tint(colour, 0.5)
        if not fading_in:
            first, last = last, first
        self.defs[name] = (
            f'<linearGradient id="{name}" gradientUnits="userSpaceOnUse" x1="{self.x(start):.1f}"'
            f' y1="0" x2="{self.x(end):.1f}" y2="0"><stop offset="0" stop-color="{first}"/>'
            f'<stop offset="1" stop-color="{last}"/></linearGradient>'
        )
        return f"url(#{name})"


def tint(colour: str, share: float) -> str:
    """`colour` mixed with white: `share` of the colour."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)


def _attributes(attributes: dict[str, str]) -> str:
    """SVG attributes from keyword arguments: stroke_width="2" is stroke-width, css_class
    is class."""
    return "".join(
        f' {"class" if k == "css_class" else k.replace("_", "-")}="{escape(str(v))}"'
        for k, v in attributes.items()
    )


# Blocks: each knows how wide it would like to be, and draws itself at a width ---------------


class Block:
    def natural_width(self) -> float:
        raise NotImplementedError

    def draw(self, p: Painter, x: float, y: float, width: float) -> float:
        """Draw at (x, y), `width` wide; return the height used."""
        raise NotImplementedError


@dataclass
class Paragraph(Block):
    text: str
    size: float
    colour: str = "#111111"
    css_class: str = "paragraph"
    widest: float = 720.0  # a long paragraph wraps rather than widen the picture

    def natural_width(self) -> float:
        return min(max(text_width(line, self.size) for line in self.text.split("\n")), self.widest)

    def draw(self, p: Painter, x: float, y: float, width: float) -> float:
        # The report's own text (a title, a heading, a note) reads in the report's direction,
        # whatever letter it begins with; its runs of the other direction isolated.
        rtl = p.rtl
        lines = wrap(  # printed whole, a short Persian phrase of an English text on one line
            self.text,
            self.size,
            width,
            max_lines=None,
            pieces=partial(runs.words, rtl=rtl, lang=p.lang),
        )
        step = self.size * 1.45
        for index, line in enumerate(lines):
            p.text(x, y + self.size + index * step, line, size=self.size, fill=self.colour,
                   full=self.text if ELLIPSIS in line else None, css_class=self.css_class,
                   rtl=rtl, wrapped_from=self.text)  # fmt: skip
        return len(lines) * step + 4


@dataclass
class Table(Block):
    section: Section

    def _widths(self) -> list[float]:
        widths = []
        for index, column in enumerate(self.section.columns):
            cells = [column.header, *(row[index] for row in self.section.rows if index < len(row))]
            natural = max(
                (text_width(line, BODY) for c in cells for line in c.split("\n")), default=0
            )
            # Whole pixels: a cell as wide as its text must hold it once its padding is off.
            natural = math.ceil(natural)
            cap = MAX_DATE_COLUMN if column.is_date else MAX_COLUMN
            widths.append(max(min(natural, cap), 12) + 2 * PAD)
        return widths

    def natural_width(self) -> float:
        return sum(self._widths())

    def draw(self, p: Painter, x: float, y: float, width: float) -> float:
        widths = self._widths()
        top = y
        # A table of facts (name: value) has no column titles: no empty header row.
        header = any(c.header for c in self.section.columns)
        rows = [[c.header for c in self.section.columns]] if header else []
        rows += self.section.rows
        p.open_group("table")
        for index, row in enumerate(rows, start=0 if header else 1):
            # Every line of every cell: the row grows to fit (nothing is cut from a table).
            # Each cell's one direction for all its lines; a short Persian phrase in an English
            # cell is kept on one line (runs.words).
            directions = [
                reads_rtl(row[i] if i < len(row) else "", p.lang) for i in range(len(widths))
            ]
            cells = [
                wrap(row[i] if i < len(row) else "", BODY, w - 2 * PAD, max_lines=None,
                     pieces=date_pieces if self.section.columns[i].is_date
                     else partial(runs.words, rtl=directions[i], lang=p.lang))
                for i, w in enumerate(widths)
            ]  # fmt: skip
            height = max(len(c) for c in cells) * LINE + PAD
            if index == 0:
                p.rect(x, y, sum(widths), height, fill="#eeeeee")
            left = x
            for i, (lines, w) in enumerate(zip(cells, widths, strict=True)):
                column = self.section.columns[i]
                # the side render.aligned says, its logical edge in the picture's direction
                right = index and aligned(column, p.rtl) == "right"
                align = "end" if right and not p.rtl else "start"
                at = left + w - PAD if align == "end" else left + PAD
                whole = row[i] if i < len(row) else ""
                rtl = directions[i]
                for n, line in enumerate(lines):
                    p.text(at, y + PAD / 2 + LINE * (n + 1) - 4, line, size=BODY, align=align,
                           full=whole if ELLIPSIS in line else None, rtl=rtl,
                           wrapped_from=whole)  # fmt: skip
                left += w
            p.line(x, y, x + sum(widths), y)
            y += height
        p.line(x, y, x + sum(widths), y)
        left = x
        for w in [0.0, *widths]:
            left += w
            p.line(left, top, left, y)
        p.close_group()
        return y - top + 6


@dataclass
class TextChart(Block):
    """A chart with no figure: its text drawing, in a monospace font."""

    chart: Chart

    def natural_width(self) -> float:
        return max((len(line) * BODY * 0.62 for line in chart_lines(self.chart)), default=0)

    def draw(self, p: Painter, x: float, y: float, width: float) -> float:
        lines = chart_lines(self.chart)
        for index, line in enumerate(lines):
            p.parts.append(
                f'<text x="{x:.1f}" y="{y + LINE * (index + 1):.1f}" font-size="{BODY:g}"'
                f' font-family="DejaVu Sans Mono, monospace" xml:space="preserve"'
                f' direction="ltr">{escape(line)}</text>'
            )
        return len(lines) * LINE + 6


# The time axis ---------------------------------------------------------------------------


@dataclass
class TimeAxis:
    """Days to x along `length` px from `start` (logical coordinates)."""

    first: date
    last: date
    start: float
    length: float

    def at(self, day: date) -> float:
        span = max((self.last - self.first).days, 1)
        share = (min(max(day, self.first), self.last) - self.first).days / span
        return self.start + share * self.length

    @property
    def end(self) -> float:
        return self.start + self.length


def plot_length(first: date, last: date) -> float:
    years = max((last - first).days / 365.25, 1)
    return min(max(years * 48, 560), 1600)


def year_ticks(axis: TimeAxis, calendar: str, size: float, lang: str) -> tuple[list, int]:
    """The starts of the years of `calendar` on the axis, and the step between labelled ones
    so that labels do not touch."""
    first, last = year_of(axis.first, calendar), year_of(axis.last, calendar) + 1
    starts = [
        (y, day)
        for y in range(first, last + 1)
        if axis.first <= (day := year_start(y, calendar)) <= axis.last
    ]
    per_year = axis.length / max((axis.last - axis.first).days / 365.25, 1)
    widest = max((text_width(number(y, lang), size) for y, _ in starts), default=0) + 10
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if s * per_year >= widest),
                1000)  # fmt: skip
    return starts, step


def draw_axis(p: Painter, axis: TimeAxis, y: float, figure: TimeFigure, *, below: bool) -> float:
    """The axis line at y, ticks at each year's start in both calendars, and the years,
    the report's calendar first; below the line (below=True) or above it. Returns the height
    the years take."""
    p.open_group("axis")
    p.line(axis.start, y, axis.end, y, stroke="#333333")
    height = 0.0
    for row, calendar in enumerate(axis_order(figure.calendar, figure.lang)):
        size = BODY if row == 0 else SMALL
        colour = "#111111" if row == 0 else GREY
        starts, step = year_ticks(axis, calendar, size, figure.lang)
        offset = (row + 1) * (BODY + 6)
        baseline = y + offset if below else y - offset + size + 2 - BODY
        tick = 6 if row == 0 else 3
        for year, day in starts:
            x = axis.at(day)
            labelled = year % step == 0
            if not labelled and step > 5 and year % (step // 5 or 1):
                continue
            p.line(x, y, x, y + (tick if below else -tick), stroke="#333333" if row == 0 else GREY,
                   css_class=f"tick-mark tick-{calendar}-mark")  # fmt: skip
            if labelled:
                p.text(x, baseline if below else y - offset + 4, number(year, figure.lang),
                       size=size, align="center", fill=colour,
                       css_class=f"tick tick-{calendar}")  # fmt: skip
        height = offset + 4
    p.close_group()
    return height


def _grid(p: Painter, axis: TimeAxis, figure: TimeFigure, top: float, bottom: float) -> None:
    calendar = axis_order(figure.calendar, figure.lang)[0]
    starts, step = year_ticks(axis, calendar, BODY, figure.lang)
    for year, day in starts:
        if year % step == 0:
            p.line(axis.at(day), top, axis.at(day), bottom, stroke=GRID)


@dataclass
class Placed:
    start: float
    end: float
    level: int
    x: float  # the marker


def place_labels(markers: list[tuple[float, float]], low: float, high: float) -> list[Placed]:
    """Boxes for the markers' labels (x, box width), in rows below the axis, each ending at
    its marker (or starting there when that would cross `low`, or pushed in from `high`),
    none overlapping another in its row, and no marker's leader line (from the axis down to
    its label) crossing another label where that can be helped.

    A box ending at its marker can only be crossed by the leaders of earlier markers, so
    those are placed first, in time order (each goes as high as it can); a box starting at
    its marker can only be crossed by later ones, so those are placed last, latest first."""
    gap = 10.0
    boxes = []
    for x, width in markers:
        start, end = x - width, x
        if start < low:
            start, end = x, x + width
        if end > high:
            start, end = high - width, high
        boxes.append((start, end, x))
    ending = [i for i, (_, end, x) in enumerate(boxes) if end == x]
    others = [i for i in range(len(boxes)) if i not in set(ending)]
    placed: dict[int, Placed] = {}
    for index in [*ending, *reversed(others)]:
        start, end, x = boxes[index]
        level = 0
        while True:
            row = [b for b in placed.values() if b.level == level]
            overlaps = any(start < b.end + gap and b.start < end + gap for b in row)
            crosses = any(
                b.level > level and start - gap < b.x < end + gap for b in placed.values()
            )
            blocked = any(b.level < level and b.start <= x <= b.end for b in placed.values())
            highest = max((b.level for b in placed.values()), default=-1)
            # Past every row in use, a leader crossing a box is accepted: there is no better
            # place.
            if not overlaps and not crosses and (not blocked or level > highest):
                break
            level += 1
        placed[index] = Placed(start, end, level, x)
    return [placed[i] for i in range(len(boxes))]


@dataclass
class SessionsFigure(Block):
    """Sessions along the axis, each label ending at its marker (so that no leader line
    crosses a label: see `place_labels`), with room before the axis for the first ones."""

    figure: TimeFigure
    # Room before the axis shared with the other series' figures (`line_up`); None: its own.
    shared_room: float | None = None

    def _length(self) -> float:
        return plot_length(self.figure.first, self.figure.last)

    def _labels(self) -> list[tuple[str, str, float]]:
        found = []
        for m in self.figure.markers:
            label, detail = fit(m.label, BODY, MAX_LABEL), fit(m.detail, SMALL, MAX_LABEL)
            width = max(text_width(label, BODY), text_width(detail, SMALL)) + 4
            found.append((label, detail, width))
        return found

    def _room(self, length: float) -> float:
        """How far labels ending at their markers reach before the axis's start."""
        axis = TimeAxis(self.figure.first, self.figure.last, 0, length)
        reach = [
            w - axis.at(m.day)
            for m, (_, _, w) in zip(self.figure.markers, self._labels(), strict=True)
        ]
        return max([0.0, *reach])

    def room(self) -> float:
        # The room needed shrinks as the axis grows: what the natural length needs is enough.
        own = self._room(self._length())
        return own if self.shared_room is None else max(own, self.shared_room)

    def natural_width(self) -> float:
        return self._length() + 2 * MARGIN + self.room()

    def draw(self, p: Painter, x: float, y: float, width: float) -> float:
        f = self.figure
        room = self.room()
        axis = TimeAxis(f.first, f.last, x + MARGIN + room, width - 2 * MARGIN - room)
        axis_y = y + 2 * (BODY + 6) + 4
        draw_axis(p, axis, axis_y, f, below=False)
        labels = self._labels()
        boxes = place_labels(
            [(axis.at(m.day), w) for m, (_, _, w) in zip(f.markers, labels, strict=True)],
            x,
            x + width,
        )
        top = axis_y + 16
        row_height = BODY + SMALL + 14
        p.open_group("sessions")
        for box in boxes:  # leaders under everything
            box_top = top + box.level * row_height
            p.line(box.x, axis_y, box.x, box_top + BODY + SMALL + 6, stroke="#9aa5b1")
        for m, (label, detail, _), box in zip(f.markers, labels, boxes, strict=True):
            if m.earliest and m.latest and m.earliest != m.latest:
                p.line(axis.at(m.earliest), axis_y, axis.at(m.latest), axis_y,
                       stroke=MARKER_COLOUR, stroke_width="5", stroke_opacity="0.35",
                       stroke_linecap="round")  # fmt: skip
            p.circle(axis.at(m.day), axis_y, 5, fill=MARKER_COLOUR if m.held else "#ffffff",
                     stroke=MARKER_COLOUR, stroke_width="2", css_class="marker")  # fmt: skip
            box_top = top + box.level * row_height
            align = "end" if box.end == box.x else "start"
            at = box.x - 4 if align == "end" else box.x + 4
            if box.start < box.x < box.end:  # pushed in from the edge
                align, at = "start", box.start
            p.text(at, box_top + BODY, label, size=BODY, align=align, css_class="session-label",
                   full=m.label)  # fmt: skip
            p.text(at, box_top + BODY + SMALL + 4, detail, size=SMALL, align=align, fill=GREY,
                   full=m.detail, css_class="session-date")  # fmt: skip
        p.close_group()
        levels = max((b.level for b in boxes), default=-1) + 1
        return top - y + levels * row_height + 6


@dataclass
class PhasesFigure(Block):
    figure: TimeFigure
    legend: list[tuple[str, str]] = field(default_factory=list)

    def _label_width(self) -> float:
        widths = [
            max(text_width(fit(b.label, BODY, MAX_LABEL), BODY), text_width(b.detail, SMALL))
            for b in self.figure.bars
        ]
        return min(max(widths, default=0), MAX_LABEL) + 12

    def natural_width(self) -> float:
        length = plot_length(self.figure.first, self.figure.last)
        return max(self._label_width() + length + 2 * MARGIN, legend_width(self.legend))

    def draw(self, p: Painter, x: float, y: float, width: float) -> float:
        f = self.figure
        label_width = self._label_width()
        axis = TimeAxis(f.first, f.last, x + label_width + MARGIN, width - label_width - 2 * MARGIN)
        # Each row as tall as its label and period (wrapped in the label column) need.
        details = [wrap(b.detail, SMALL, label_width - 12, max_lines=3) for b in f.bars]
        heights = [BODY + 10 + len(lines) * (SMALL + 3) + 6 for lines in details]
        bottom = y + sum(heights)
        _grid(p, axis, f, y, bottom)
        top = y
        for bar, lines, row_height in zip(f.bars, details, heights, strict=True):
            p.open_group("phase", data_status=bar.status)
            p.text(x, top + BODY + 2, fit(bar.label, BODY, MAX_LABEL), size=BODY, full=bar.label,
                   css_class="phase-label")  # fmt: skip
            rtl = reads_rtl(bar.detail, p.lang)
            for n, line in enumerate(lines):
                p.text(x, top + BODY + SMALL + 8 + n * (SMALL + 3), line, size=SMALL, fill=GREY,
                       full=bar.detail if ELLIPSIS in line else None, css_class="phase-period",
                       rtl=rtl, wrapped_from=bar.detail)  # fmt: skip
            draw_phase(p, axis, bar, f.today or f.last, top + 6, 16)
            p.close_group()
            top += row_height
        height = bottom - y + 4
        height += draw_axis(p, axis, bottom + 2, f, below=True) + 8
        height += draw_legend(p, self.legend, x, y + height, width)
        return height


def draw_phase(
    p: Painter, axis: TimeAxis, bar: PhaseBar, today: date, top: float, height: float
) -> None:
    """One phase's bar: hatched where it may have run, solid where it certainly did, fading
    in from the axis's start when its start is not known, an arrow when still open, a diamond
    at the deciding session."""
    colour = COLOURS.get(bar.status, "#555555")
    start_lo = axis.start if bar.start_lo == LOW else axis.at(bar.start_lo)
    start_hi = None if bar.start_hi == HIGH else axis.at(bar.start_hi)
    end_lo: float | None
    if bar.open_end:
        end_lo = end_hi = axis.at(today)
    else:
        end_lo = None if bar.end_lo in (LOW, HIGH) else axis.at(bar.end_lo)
        end_hi = axis.end if bar.end_hi == HIGH else axis.at(bar.end_hi)
    if start_hi is None:  # start not known: it may have begun any time before its end
        end = end_lo if end_lo is not None else end_hi
        fill = p.fade(colour, True, start_lo, end)
        p.rect(start_lo, top, max(end - start_lo, 2), height, fill=fill, css_class="uncertain")
        p.rect(start_lo, top, max(end - start_lo, 2), height, fill=p.hatch(colour),
               css_class="uncertain")  # fmt: skip
        sure_from = end
    else:
        if start_hi > start_lo:
            p.rect(start_lo, top, start_hi - start_lo, height, fill=p.hatch(colour),
                   css_class="uncertain")  # fmt: skip
        sure_from = start_hi
    if end_lo is not None and end_lo >= sure_from and start_hi is not None:
        p.rect(sure_from, top, max(end_lo - sure_from, 2), height, fill=colour,
               css_class="certain")  # fmt: skip
    after = end_lo if end_lo is not None else sure_from
    if end_hi > after:
        fill = p.fade(colour, False, after, end_hi) if bar.end_hi == HIGH else p.hatch(colour)
        p.rect(after, top, end_hi - after, height, fill=fill, css_class="uncertain")
    if bar.open_end:
        tip = axis.at(today)
        middle = top + height / 2
        p.polygon([(tip + 2, top - 2), (tip + 12, middle), (tip + 2, top + height + 2)],
                  fill=colour, css_class="open-end")  # fmt: skip
    for day in bar.decisions:
        at, middle = axis.at(day), top + height / 2
        p.polygon([(at, middle - 8), (at + 6, middle), (at, middle + 8), (at - 6, middle)],
                  fill="#ffffff", stroke="#111111", stroke_width="1.5", css_class="decision")  # fmt: skip


# Legends: the chart's own words, each after its symbol, drawn as the figure draws it -------

SWATCHES = ("┄░", "█", "▒", "░", "→", "◆")


def legend_items(text: str | None) -> list[tuple[str, str]]:
    """The chart's legend ("█ certain  ▒ not certain …") as (symbol, words) pairs; text with
    no symbol is kept as words."""
    if not text:
        return []
    items = []
    for part in text.split("  "):
        part = part.strip()
        symbol = next((s for s in SWATCHES if part.startswith(s)), "")
        if part:
            items.append((symbol, part[len(symbol) :].strip()))
    return items


def legend_width(items: list[tuple[str, str]]) -> float:
    return min(sum(text_width(words, SMALL) + 34 for _, words in items), 720)


def draw_legend(
    p: Painter, items: list[tuple[str, str]], x: float, y: float, width: float
) -> float:
    colour = COLOURS["member"]
    at, line = x, 0
    for symbol, words in items:
        words = fit(words, SMALL, width - 34)
        needed = text_width(words, SMALL) + 34
        if at > x and at + needed > x + width:
            at, line = x, line + 1
        top = y + line * 20
        if symbol in ("█", "▒", "░", "┄░"):
            fill = {"█": colour, "▒": p.hatch(colour), "░": p.hatch(colour)}.get(symbol) or p.fade(
                colour, True, at, at + 20
            )
            p.rect(at, top + 2, 20, 10, fill=fill)
            at += 24
        elif symbol == "→":
            p.polygon([(at + 4, top + 1), (at + 14, top + 7), (at + 4, top + 13)], fill=colour)
            at += 18
        elif symbol == "◆":
            p.polygon([(at + 6, top), (at + 12, top + 7), (at + 6, top + 14), (at, top + 7)],
                      fill="#ffffff", stroke="#111111", stroke_width="1.5")  # fmt: skip
            at += 18
        p.text(at, top + SMALL + 1, words, size=SMALL, fill=GREY, css_class="legend")
        at += text_width(words, SMALL) + 16
    return (line + 1) * 20 + 6 if items else 0


@dataclass
class CountsFigure(Block):
    figure: CountFigure
    legend: list[tuple[str, str]] = field(default_factory=list)
    length: float = 420.0

    def _widths(self) -> tuple[float, float]:
        bars = self.figure.bars
        label = max((text_width(b.label, BODY) for b in bars), default=0) + 10
        note = max((text_width(fit(b.note, SMALL, 300), SMALL) for b in bars), default=0) + 10
        return label, note

    def natural_width(self) -> float:
        label, note = self._widths()
        return max(label + self.length + note + 8, legend_width(self.legend))

    def draw(self, p: Painter, x: float, y: float, width: float) -> float:
        label_width, _ = self._widths()
        peak = max((b.certain + b.possible for b in self.figure.bars), default=0) or 1
        unit = self.length / peak
        start = x + label_width
        row = 20.0
        lang = self.figure.lang
        bottom = y + row * len(self.figure.bars)
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9)
                    if peak / s <= 10)  # fmt: skip
        for count in range(0, peak + 1, step):
            p.line(start + count * unit, y, start + count * unit, bottom + 4, stroke=GRID)
            p.text(start + count * unit, bottom + 4 + SMALL + 2, number(count, lang), size=SMALL,
                   align="center", fill=GREY, css_class="tick")  # fmt: skip
        for index, b in enumerate(self.figure.bars):
            top = y + index * row
            p.open_group("count")
            p.text(
                start - 8, top + BODY + 2, b.label, size=BODY, align="end", css_class="count-label"
            )
            p.rect(start, top + 4, b.certain * unit, 12, fill=COUNT_COLOUR, css_class="certain")
            if b.possible:
                p.rect(start + b.certain * unit, top + 4, b.possible * unit, 12,
                       fill=p.hatch(COUNT_COLOUR), css_class="uncertain")  # fmt: skip
            end = start + (b.certain + b.possible) * unit
            p.text(end + 6, top + BODY + 2, fit(b.note, SMALL, 300), size=SMALL, fill=GREY,
                   full=b.note, css_class="count-note")  # fmt: skip
            p.close_group()
        height = bottom - y + SMALL + 12
        return height + draw_legend(p, self.legend, x, y + height, width)


def figure_block(chart: Chart) -> Block:
    figure = chart.figure
    legend = [item for item in legend_items(chart.legend) if item[0]]
    if isinstance(figure, CountFigure):
        return CountsFigure(figure, legend)
    if isinstance(figure, TimeFigure) and (figure.bars or not figure.markers):
        return PhasesFigure(figure, legend)  # a history with no phases: the axis alone
    if isinstance(figure, TimeFigure):
        return SessionsFigure(figure)
    return TextChart(chart)


def chart_blocks(chart: Chart, lang: str) -> list[Block]:
    blocks: list[Block] = []
    if chart.title:
        blocks.append(Paragraph(chart.title, BODY + 1, css_class="chart-title"))
    blocks.append(figure_block(chart))
    # Words of the legend with no symbol (e.g. "2 sessions with unknown dates are not drawn").
    plain = [words for symbol, words in legend_items(chart.legend) if not symbol]
    if chart.figure is not None and plain:
        blocks.append(Paragraph("  ".join(plain), SMALL, GREY, "legend"))
    return blocks


def line_up(blocks: list[tuple[Block, float]]) -> None:
    """The sessions of every series on one axis: the same room before it, so that (drawn
    as wide as each other) their years line up."""
    sessions = [b for b, _ in blocks if isinstance(b, SessionsFigure)]
    room = max((b.room() for b in sessions), default=0.0)
    for block in sessions:
        block.shared_room = room


def document_blocks(document: Document) -> list[tuple[Block, float]]:
    """The blocks of the page, each with the space above it."""
    blocks: list[tuple[Block, float]] = [(Paragraph(document.title, TITLE, css_class="title"), 0)]
    for section in document.sections:
        blocks.append((Paragraph(section.title, HEADING, css_class="heading"), 14))
        if section.columns:
            blocks.append((Table(section), 4))
        if section.caption:
            blocks.append((Paragraph(section.caption, BODY, GREY, "caption"), 4))
        for chart in section.charts:
            blocks += [(b, 8) for b in chart_blocks(chart, document.lang)]
    for note in document.notes:
        blocks.append((Paragraph(note, BODY, GREY, "note"), 8))
    for footnote in document.footnotes:
        blocks.append((Paragraph(footnote, SMALL, GREY, "footnote"), 4))
    line_up(blocks)
    return blocks


def _layout(
    blocks: list[tuple[Block, float]], lang: str, minimum: float, html_text: bool = False
) -> tuple[Painter, float]:
    """Draw the blocks one under the other, as wide as the widest wants; the height."""
    content = max([minimum, *(b.natural_width() for b, _ in blocks)])
    painter = Painter(content + 2 * MARGIN, lang == "fa", lang, html_text)
    y = float(MARGIN)
    for block, space in blocks:
        y += space
        y += block.draw(painter, MARGIN, y, content)
    return painter, y + MARGIN


def _svg(
    painter: Painter, height: float, lang: str, title: str, embed_font: bool, style: str = ""
) -> str:
    width = painter.width
    defs = "".join(painter.defs.values())
    fonts = f"<style>{font_face(_drawn_text(painter))}</style>" if embed_font else ""
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}"'
            f' viewBox="0 0 {width:.0f} {height:.0f}" xml:lang="{lang}"'
            f' font-family="{FONT_STACK}" fill="#111111"{style}>',
            f"<title>{escape(title)}</title>",
            f"<defs>{fonts}{defs}</defs>",
            f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
            *painter.parts,
            "</svg>",
        ]
    )


def _drawn_text(painter: Painter) -> str:
    """The characters the picture draws (its markup's too: a few Latin letters more)."""
    return unescape("".join(painter.parts) + "".join(painter.labels))


def svg_document(document: Document) -> str:
    """The whole report as one SVG picture."""
    painter, height = _layout(document_blocks(document), document.lang, 480)
    picture = _svg(painter, height, document.lang, document.title, embed_font=True)
    return f'<?xml version="1.0" encoding="utf-8"?>\n{picture}\n'


def chart_svg(chart: Chart, lang: str) -> str:
    """One chart as an SVG picture of its own."""
    painter, height = _layout([(b, 0.0) for b in chart_blocks(chart, lang)], lang, 200)
    return _svg(painter, height, lang, chart.title, embed_font=True) + "\n"


# The widest a chart is shown in an HTML page or a PDF (A4 landscape): wider ones are scaled.
PAGE_WIDTH = 1000.0
# The width between the margins of a portrait A4 page (186 mm, render/html.py's print style)
# or a Letter page, whichever is narrower, in CSS px: a chart printed from the HTML page is
# zoomed to it. (The PDF, landscape A4, holds PAGE_WIDTH; WeasyPrint does not read `zoom`.)
PRINT_WIDTH = 700.0


def chart_figure(chart: Chart, lang: str) -> str:
    """A chart for an HTML page or a PDF: its shapes as inline SVG, its text as HTML placed
    over them (so that WeasyPrint, whose SVG text does not shape Persian, prints it right);
    the page holds the font (`figure_style`). Scaled down to PAGE_WIDTH when wider, and when
    the page is printed, to PRINT_WIDTH."""
    painter, height = _layout(
        [(b, 0.0) for b in chart_blocks(chart, lang)], lang, 200, html_text=True
    )
    width = painter.width
    scale = min(1.0, PAGE_WIDTH / width)
    shapes = _svg(painter, height, lang, chart.title, embed_font=False,
                  style=' style="position:absolute;left:0;top:0"')  # fmt: skip
    inner = (
        f'<div class="canvas" style="position:absolute;left:0;top:0;width:{width:.0f}px;'
        f'height:{height:.0f}px;transform:scale({scale:.4f});transform-origin:0 0">'
        f"{shapes}{''.join(painter.labels)}</div>"
    )
    zoom = min(1.0, PRINT_WIDTH / width)  # printed from a browser: render/html.py's style
    return (
        f'<figure class="chart vector" dir="ltr" style="position:relative;'
        f"width:{width * scale:.0f}px;height:{height * scale:.0f}px;--print-zoom:{zoom:.4f};"
        f'--print-width:{width * zoom:.0f}px;--print-height:{height * zoom:.0f}px">{inner}</figure>'
    )


def figure_style(document: Document, used: str) -> str:
    """CSS for a report's HTML page: the shipped font, embedded, with the letters of `used`
    (the whole page's text: a letter missing from it would be drawn, unjoined, in another),
    for every page, so that the page and its PDF print in the font they name; and, for a
    page with figures (measured in that font), their labels placed over the shapes."""
    font = font_face(unescape(used))
    if not any(c.figure is not None for s in document.sections for c in s.charts):
        return font
    return (
        font
        + " figure.chart.vector { margin: .75rem 0; overflow: visible; }"
        + " figure.chart.vector span { position: absolute; white-space: nowrap; line-height: 1;"
        + f" font-family: {FONT_STACK}; }}"
    )
