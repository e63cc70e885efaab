"""Charts: a time axis with marks, Gantt-style bars of periods, horizontal bar charts.

Each chart is drawn twice. As text: drawings run left to right (time, size) and use
box-drawing and block characters, one cell each, so that they line up in a terminal, a text
file and an HTML <pre>. As a figure (`TimeFigure`, `CountFigure`): what the chart shows, in
days and counts, for `render.svg` to draw as vector graphics (SVG, HTML, PDF), right to left
in Persian.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from citylinks.dates import GREGORIAN, JALALI, PartialDate, year_of, year_start
from citylinks.render import ChartRow
from citylinks.render.values import number

if TYPE_CHECKING:
    from citylinks.reports.history import PhaseRow
    from citylinks.reports.stats import YearCount
    from citylinks.reports.timeline import TimelineRow

LOW = date.min
HIGH = date.max

CERTAIN = "█"
UNSURE = "▒"
FADE_IN = "┄┄░"  # a start that is not known, leading into ▒
ARROW = "→"  # still open
MARK = "●"
DECISION = "◆"
POSSIBLE = "░"
BASELINE = "─"
TICK = "┴"


def axis_calendars(calendar: str, lang: str = "en") -> tuple[str, ...]:
    """The calendars whose years label an axis: one, or both, the report's first (Jalali for
    Persian readers, `axis_order`)."""
    if calendar == JALALI:
        return (JALALI,)
    if calendar == GREGORIAN:
        return (GREGORIAN,)
    return axis_order(calendar, lang)


@dataclass(frozen=True)
class TimeScale:
    """Maps days to columns 0..width-1."""

    first: date
    last: date
    width: int

    def col(self, day: date) -> int:
        span = max((self.last - self.first).days, 1)
        column = round((day - self.first).days * (self.width - 1) / span)
        return max(0, min(self.width - 1, column))

    @classmethod
    def covering(
        cls, days: list[date], calendar: str = GREGORIAN, max_width: int = 72, lang: str = "en"
    ) -> TimeScale:
        """Whole years (in `calendar`; with both, in the one a reader in `lang` reads first)
        around `days`, as wide as fits in `max_width`."""
        cal = axis_calendars(calendar, lang)[0]
        known = [d for d in days if d not in (LOW, HIGH)] or [date.today()]
        first_year, last_year = year_of(min(known), cal), year_of(max(known), cal)
        years = last_year - first_year + 1
        per_year = max(1, min(12, max_width // years))
        first = year_start(first_year, cal)
        last = year_start(last_year + 1, cal) - timedelta(days=1)
        return cls(first, last, max(years * per_year, 12))


def place(width: int, items: list[tuple[int, str]]) -> str:
    """Texts at columns, left to right, skipping any that would touch the one before."""
    cells = [" "] * width
    free = 0
    for column, text in sorted(items, key=lambda item: item[0]):
        if column < free:
            continue
        end = column + len(text)
        if end > len(cells):
            cells += [" "] * (end - len(cells))
        cells[column:end] = list(text)
        free = end + 1
    return "".join(cells).rstrip()


def year_rows(scale: TimeScale, calendar: str, lang: str, label: str = "") -> list[ChartRow]:
    """A ruler with a tick at each year's start, and the years under it, in one calendar or
    both."""
    rows = []
    for index, cal in enumerate(axis_calendars(calendar, lang)):
        first, last = year_of(scale.first, cal), year_of(scale.last, cal)
        starts = [
            (scale.col(year_start(y, cal)), number(y, lang))
            for y in range(first, last + 1)
            if scale.first <= year_start(y, cal) <= scale.last
        ]
        if index == 0:
            ruler = [BASELINE] * scale.width
            for column, _ in starts:
                ruler[column] = TICK
            rows.append(ChartRow("", "".join(ruler)))
        rows.append(ChartRow(label if index == 0 else "", place(scale.width, starts)))
    return rows


def marks_row(scale: TimeScale, days: list[date], label: str) -> ChartRow:
    cells = [BASELINE] * scale.width
    for day in days:
        cells[scale.col(day)] = MARK
    return ChartRow(label, "".join(cells))


def midpoint(d: PartialDate) -> date | None:
    """The day a partial date is drawn at: the middle of the days it may stand for."""
    lo, hi = d.earliest, d.latest
    if lo and hi:
        return lo + (hi - lo) / 2
    return lo or hi


def period_drawing(
    scale: TimeScale,
    start_lo: date,
    start_hi: date,
    end_lo: date,
    end_hi: date,
    *,
    open_end: bool,
    today: date,
    decisions: Sequence[date] = (),
) -> str:
    """One Gantt bar. █ where the period certainly ran, ▒ where its partial start or end
    may fall, ┄░ leading in when its start is not known, → when it is still open, ◆ at the
    sessions that decided it. Bounds are LOW/HIGH when open on that side.

    A period whose start is not known never certainly ran on any day drawn: it may have begun
    just before it ended, so it is drawn fading in and then ▒, never █."""
    cells = [" "] * scale.width
    unknown_start = start_hi == HIGH and start_lo == LOW
    if open_end:
        end_lo = end_hi = today
    lo = 0 if start_lo == LOW else scale.col(start_lo)
    hi = scale.width - 1 if end_hi == HIGH else scale.col(end_hi)
    for c in range(lo, hi + 1):
        cells[c] = UNSURE
    sure_from = None if start_hi == HIGH else scale.col(start_hi)
    sure_to = None if end_lo in (LOW, HIGH) else scale.col(end_lo)
    if unknown_start:
        fade = FADE_IN[: max(0, hi - lo + 1)]
        cells[lo : lo + len(fade)] = list(fade)
        sure_from = None
    if sure_from is not None and sure_to is not None:
        for c in range(sure_from, sure_to + 1):
            cells[c] = CERTAIN
    if open_end:
        arrow = min(hi + 1, scale.width - 1)
        cells[arrow] = ARROW
    for day in decisions:
        cells[scale.col(day)] = DECISION
    return "".join(cells).rstrip()


def bar(certain: int, possible: int, unit: float) -> str:
    """A horizontal bar: █ for the certain count, ░ for the possible ones."""
    full = round(certain * unit)
    extra = round((certain + possible) * unit) - full
    return CERTAIN * full + POSSIBLE * extra


# Figures: what a chart shows, for vector drawing (render/svg.py) ----------------------------


@dataclass(frozen=True)
class Marker:
    """A session on a time axis: drawn at `day`, with a whisker over the days its partial
    date may stand for (`earliest`..`latest`)."""

    day: date
    earliest: date | None
    latest: date | None
    label: str  # "3 Yazd, Iran"
    detail: str  # its dates as the report shows them
    held: bool = True  # planned, postponed and cancelled sessions are drawn hollow


@dataclass(frozen=True)
class PhaseBar:
    """A membership phase: certain between start_hi and end_lo, possible between start_lo and
    start_hi and between end_lo and end_hi (LOW/HIGH: open on that side, not known)."""

    label: str  # "2. member"
    detail: str  # its period as the report shows it
    status: str
    start_lo: date
    start_hi: date
    end_lo: date
    end_hi: date
    open_end: bool
    decisions: tuple[date, ...] = ()


@dataclass
class TimeFigure:
    """Sessions (markers) or phases (bars) along a proportional time axis from `first` to
    `last`, labelled with the years of both calendars (`calendar` picks the first)."""

    lang: str
    calendar: str
    first: date
    last: date
    markers: list[Marker] = field(default_factory=list)
    bars: list[PhaseBar] = field(default_factory=list)
    today: date | None = None


@dataclass(frozen=True)
class CountBar:
    label: str
    certain: int
    possible: int
    note: str


@dataclass
class CountFigure:
    """Horizontal bars: a certain count, and the possible ones after it."""

    lang: str
    bars: list[CountBar] = field(default_factory=list)


Figure = TimeFigure | CountFigure


def axis_order(calendar: str, lang: str) -> tuple[str, str]:
    """Both calendars, the report's first: --calendar jalali or gregorian names it; with
    "both", Persian readers get the Jalali years first, others the Gregorian."""
    if calendar == JALALI or (calendar not in (GREGORIAN, JALALI) and lang == "fa"):
        return (JALALI, GREGORIAN)
    return (GREGORIAN, JALALI)


def session_figure(
    rows: Sequence[TimelineRow], scale: TimeScale, calendar: str, lang: str, dates_shown
) -> TimeFigure:
    """The sessions of a timeline as markers; `dates_shown(row)` gives each its dates as
    the report's table shows them."""
    markers = []
    for r in rows:
        day = midpoint(r.start)
        if day is None:
            continue
        host = (r.host_fa if lang == "fa" else None) or r.host or ""
        label = " ".join(x for x in (number(r.number, lang), host) if x)
        markers.append(
            Marker(day, r.start.earliest, r.start.latest, label, dates_shown(r), r.status == "held")
        )
    return TimeFigure(lang, calendar, scale.first, scale.last, markers=markers)


def phase_figure(
    phases: Sequence[PhaseRow],
    scale: TimeScale,
    calendar: str,
    lang: str,
    *,
    today: date,
    label,
    detail,
    decided,
) -> TimeFigure:
    """A membership's phases as bars; `label`, `detail` and `decided` give each phase's
    label, its period as text and the day of the session that decided it (or None)."""
    bars = [
        PhaseBar(
            label(p),
            detail(p),
            p.status,
            p.bounds.start_lo,
            p.bounds.start_hi,
            p.bounds.end_lo,
            p.bounds.end_hi,
            p.bounds.open_end,
            tuple(d for d in (decided(p),) if d is not None),
        )
        for p in phases
    ]
    return TimeFigure(lang, calendar, scale.first, scale.last, bars=bars, today=today)


def count_figure(
    years: Sequence[YearCount], lang: str, labels: Sequence[str], notes: Sequence[str]
) -> CountFigure:
    """Members per year as bars, each labelled as the table's row ("۱۳۹۶–۱۳۹۷ (۲۰۱۸)": both
    calendars, the report's first) and with its note (the text chart's) after it."""
    return CountFigure(
        lang,
        [
            CountBar(label, y.members.certain, y.members.possibly, note)
            for y, label, note in zip(years, labels, notes, strict=True)
        ],
    )
