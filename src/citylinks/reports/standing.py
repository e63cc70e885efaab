"""Where a membership stood on a given day, from its phases (pure functions, no database).

A phase covers the days from its start to its end. Partial dates make both ends ranges of
days: a phase starting "2025" may have begun on any day of 2025. So a phase *certainly*
covers a day when it certainly began by then and certainly had not ended, and *possibly*
covers it when it may have. An unknown end means "until the next phase began", or, for the
last phase, "still open".

Consecutive phases that count as membership (vocab.MEMBER_STATUSES), with no certain gap
between them, form one *run*; "member since" is the start of the run's first phase, so a
re-join after a suspension starts a new "since".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from citylinks.dates import PartialDate, PhaseLike
from citylinks.vocab import MEMBER_STATUSES

LOW = date.min
HIGH = date.max


@dataclass(frozen=True)
class Bounds:
    """The first and last day a phase may have begun, and ended (LOW/HIGH when open)."""

    start_lo: date
    start_hi: date
    end_lo: date
    end_hi: date
    open_end: bool


def bounds(phases: Sequence[PhaseLike]) -> list[Bounds]:
    found = []
    for i, phase in enumerate(phases):
        start_lo = phase.start.earliest or LOW
        start_hi = phase.start.latest or HIGH
        open_end = False
        if not phase.end.is_unknown:
            end_lo, end_hi = phase.end.earliest or LOW, phase.end.latest or HIGH
        elif i + 1 < len(phases):
            # It lasted until the next phase began: the day before, whichever day that was.
            following = phases[i + 1].start
            end_lo = _day_before(following.earliest) if following.earliest else LOW
            end_hi = _day_before(following.latest) if following.latest else HIGH
        else:
            end_lo = end_hi = HIGH
            open_end = True
        found.append(Bounds(start_lo, start_hi, end_lo, end_hi, open_end))
    return found


def _day_before(day: date) -> date:
    return day - timedelta(days=1) if day > LOW else day


@dataclass(frozen=True)
class Reason:
    """Why a standing is only possible. kind: 'start-unknown', 'began' (date), 'ended'
    (date), 'changed' (date, status: what it became)."""

    kind: str
    date: PartialDate = PartialDate.UNKNOWN
    status: str | None = None


@dataclass
class Run:
    """Consecutive phases in the chosen statuses with no certain gap between them."""

    phases: list[PhaseLike]
    bounds: list[Bounds]
    following: PhaseLike | None  # the phase after the run, if any

    @property
    def start(self) -> PartialDate:
        return self.phases[0].start

    @property
    def end(self) -> PartialDate:
        """Its last phase's end, or the start of the phase after it; unknown if open."""
        last = self.phases[-1]
        if not last.end.is_unknown:
            return last.end
        return self.following.start if self.following is not None else PartialDate.UNKNOWN

    @property
    def is_open(self) -> bool:
        return self.bounds[-1].open_end

    @property
    def started_by(self) -> date:
        """The day by which the run had certainly begun: the earliest certain start of any of
        its phases (a later phase that certainly began means the run had begun)."""
        return min(b.start_hi for b in self.bounds)

    def certainly_covers(self, day: date) -> bool:
        return self.started_by <= day <= self.bounds[-1].end_lo

    def possibly_covers(self, day: date) -> bool:
        return self.bounds[0].start_lo <= day <= self.bounds[-1].end_hi

    def phase_on(self, day: date) -> PhaseLike:
        """The phase in force on `day`: the last one that may have begun by then."""
        chosen = self.phases[0]
        for phase, b in zip(self.phases, self.bounds, strict=True):
            if b.start_lo <= day:
                chosen = phase
        return chosen

    def reasons(self, day: date) -> list[Reason]:
        found = []
        last = self.bounds[-1]
        if not self.started_by <= day:
            start = self.phases[0].start
            found.append(Reason("start-unknown") if start.is_unknown else Reason("began", start))
        if not day <= last.end_lo:
            end = self.phases[-1].end
            if not end.is_unknown:
                found.append(Reason("ended", end))
            elif self.following is not None:
                found.append(Reason("changed", self.following.start, self.following.status))
        return found


def runs(phases: Sequence[PhaseLike], statuses: Sequence[str] = MEMBER_STATUSES) -> list[Run]:
    """The runs of phases in `statuses`, oldest first."""
    all_bounds = bounds(phases)
    found: list[Run] = []
    current: list[int] = []

    def close(after: int | None) -> None:
        if current:
            found.append(
                Run(
                    [phases[i] for i in current],
                    [all_bounds[i] for i in current],
                    phases[after] if after is not None else None,
                )
            )
            current.clear()

    for i, phase in enumerate(phases):
        if phase.status not in statuses:
            close(i)
            continue
        if current:
            previous = all_bounds[current[-1]]
            # A certain gap (it certainly ended before this one could have begun) breaks the run.
            if (
                previous.end_hi != HIGH
                and previous.end_hi + timedelta(days=1) < all_bounds[i].start_lo
            ):
                close(i)
        current.append(i)
    close(None)
    return found


@dataclass
class Standing:
    """Where a membership stood on a day: in which status, since when, how sure."""

    status: str
    since: PartialDate
    until: PartialDate  # unknown while open
    certain: bool
    reasons: list[Reason] = field(default_factory=list)


def standing_on(
    phases: Sequence[PhaseLike], day: date, statuses: Sequence[str] = MEMBER_STATUSES
) -> Standing | None:
    """The standing on `day` if a run in `statuses` certainly or possibly covers it."""
    for run in reversed(runs(phases, statuses)):
        if run.possibly_covers(day):
            certain = run.certainly_covers(day)
            return Standing(
                status=run.phase_on(day).status,
                since=run.start,
                until=PartialDate.UNKNOWN if run.is_open else run.end,
                certain=certain,
                reasons=[] if certain else run.reasons(day),
            )
    return None


def latest_run_by(phases: Sequence[PhaseLike], day: date) -> Run | None:
    """The latest membership run that may have begun by `day`."""
    for run in reversed(runs(phases)):
        if run.bounds[0].start_lo <= day:
            return run
    return None


def phase_on(phases: Sequence[PhaseLike], day: date) -> tuple[PhaseLike, bool] | None:
    """The phase in force on `day` (any status) and whether certainly; None before the
    first phase could have begun."""
    found = None
    for phase, b in zip(phases, bounds(phases), strict=True):
        if b.start_lo <= day:
            found = (phase, b.start_hi <= day <= b.end_lo)
    return found
