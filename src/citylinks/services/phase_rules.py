"""The rules of a membership's history, as pure functions (no database): used by
`citylinks member record`, the CSV import and the dataset import alike.

A membership is a sequence of phases, each in one status over a period of partial dates.
- A phase may not end before it starts.
- Phases follow each other, whatever their status: a phase may not start before the one
  before it may have ended (`may_overlap`: the end "2025" and the start "2025-11" may overlap,
  the same date given as one's end and the next one's start may not).
- A new phase that starts while an earlier one is open (no end) closes that one at its start,
  only when it certainly starts after the open one began.
- A new phase with no end, recorded before a later phase, ends where the later one starts;
  refused when its start may be after that end.
- The same status with the same start and end is the same phase: recording it again is refused.
  So is the same status from a start that may be the same day (2025 and ۱۴۰۴, one fact read
  in the other calendar) while the recorded phase is open or may end alike: that is the
  recorded fact again, to be corrected (`member edit`), not a new phase that splits the history.
- A retracted phase (a source got it wrong) is out of the rules: callers pass the phases in
  force only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from citylinks.dates import PartialDate, PhaseLike, for_message, may_overlap
from citylinks.errors import CitylinksError
from citylinks.i18n import _, listing
from citylinks.vocab import STATUS_NAMES, word

# The caller's own kind of phase: the plan's `closes` is one of the caller's phases, which
# the caller then closes (a mapped row's end is set, the CSV import's phase is told to close).
PhaseT = TypeVar("PhaseT", bound=PhaseLike)


@dataclass(frozen=True)
class NewPhase:
    status: str
    start: PartialDate
    end: PartialDate


@dataclass
class Plan(Generic[PhaseT]):
    """Where the new phase goes, and what else changes."""

    index: int  # its place among the existing phases (0 = first)
    end: PartialDate  # its end, possibly taken from the next phase's start
    closes: PhaseT | None  # an open earlier phase that the new one closes at its start
    notes: list[str]


class PhaseError(CitylinksError):
    pass


class SameFact(PhaseError):
    """A new phase that looks like a recorded one given again (`phase`), as precise or in the
    other calendar: the recorded phase is to be corrected, not doubled."""

    def __init__(self, message: str, phase: PhaseLike) -> None:
        super().__init__(message)
        self.phase = phase


def _describe(phase: PhaseLike) -> str:
    values = {"status": word("status_", phase.status), "start": for_message(phase.start)}
    if phase.end.is_unknown:
        return _("'{status}' from {start} to now", **values)
    return _("'{status}' from {start} to {end}", end=for_message(phase.end), **values)


def check_period(
    start: PartialDate,
    end: PartialDate,
    what: str = "phase",
    error: type[CitylinksError] = PhaseError,
) -> None:
    """Refuse a period (of a phase, session, post or role) that surely ends before it starts."""
    if start.earliest and end.latest and end.latest < start.earliest:
        raise error(
            _(
                "the {what} ends ({end}) before it starts ({start}): check --from and --to",
                what=_(what),
                end=for_message(end),
                start=for_message(start),
            )
        )


def plan(existing: Sequence[PhaseT], new: NewPhase) -> Plan[PhaseT]:
    """Validate `new` against the ordered `existing` phases; say where it goes and what it closes."""
    if new.status not in STATUS_NAMES:
        raise PhaseError(
            _(
                "unknown status '{new_status}': use one of {listed}",
                new_status=word("status_", new.status),
                listed=listing(STATUS_NAMES),
            )
        )
    check_period(new.start, new.end)
    for phase in existing:
        if phase.status == new.status and phase.start == new.start and phase.end == new.end:
            raise PhaseError(
                _(
                    "this phase is already recorded: {describe}; nothing was recorded",
                    describe=_describe(phase),
                )
            )
    for phase in existing:
        if phase.status == new.status and may_be_same_fact(phase, new):
            raise SameFact(
                _(
                    "this looks like the phase already recorded, {describe}: {new_start} and {phase_start} may be the same date; correct that phase instead of recording it again",
                    describe=_describe(phase),
                    new_start=for_message(new.start),
                    phase_start=for_message(phase.start),
                ),
                phase,
            )
    if new.start.is_unknown and existing:
        raise PhaseError(_("a phase with an unknown start can only be the first one: give --from"))

    # The new phase goes after every phase that starts on or before its start.
    index = 0
    for i, phase in enumerate(existing):
        if phase.start.is_unknown or _not_after(phase.start, new.start):
            index = i + 1
    earlier = existing[:index]
    later = existing[index:]
    notes: list[str] = []
    closes: PhaseT | None = None
    end = new.end

    if earlier:
        previous = earlier[-1]
        if previous.end.is_unknown and not _certainly_before_start(previous.start, new.start):
            raise PhaseError(
                _(
                    "the new phase (from {new_start}) may begin before the open phase {describe} began, so it cannot close it: end that phase first (`citylinks member end`), or give a more precise --from",
                    new_start=for_message(new.start),
                    describe=_describe(previous),
                )
            )
        if previous.end.is_unknown:
            closes = previous
            began = (
                _("start unknown")
                if previous.start.is_unknown
                else _("from {start}", start=for_message(previous.start))
            )
            notes.append(
                _(
                    "closed the open phase '{previous_status}' ({began}): it ends where the new one starts ({new_start})",
                    previous_status=word("status_", previous.status),
                    began=began,
                    new_start=for_message(new.start),
                )
            )
        elif _certainly_before(new.start, previous.end):
            raise PhaseError(
                _(
                    "the new phase (from {new_start}) overlaps the phase {describe}: phases may not overlap; record an end for it or correct the dates",
                    new_start=for_message(new.start),
                    describe=_describe(previous),
                )
            )
    if later:
        following = later[0]
        if end.is_unknown:
            end = following.start
            notes.append(
                _("it ends where the next phase {describe} begins", describe=_describe(following))
            )
        elif _certainly_before(following.start, end):
            raise PhaseError(
                _(
                    "the new phase (to {end}) overlaps the later phase {describe}: phases may not overlap; correct --to",
                    end=for_message(end),
                    describe=_describe(following),
                )
            )
    # Whatever the status, the new phase may not overlap any phase in force.
    for phase in reversed(earlier):
        if phase is not closes and may_overlap(phase.end, new.start):
            raise PhaseError(
                _(
                    "the new phase (from {new_start}) may overlap the phase {describe}: it may begin before that phase ends; give a more precise --from, or correct that phase's end",
                    new_start=for_message(new.start),
                    describe=_describe(phase),
                )
            )
    for phase in later:
        if may_overlap(end, phase.start):
            raise PhaseError(
                _(
                    "the new phase (to {end}) may overlap the later phase {describe}: it may end after that phase begins; give --to no later than {start}, or a more precise date",
                    end=for_message(end),
                    describe=_describe(phase),
                    start=for_message(phase.start),
                )
            )
    if later and new.end.is_unknown and _may_be_after(new.start, end):
        raise PhaseError(
            _(
                "the new phase (from {new_start}) would end where the later phase {describe} begins, but it may begin after that: give --to, or a more precise --from",
                new_start=for_message(new.start),
                describe=_describe(later[0]),
            )
        )
    return Plan(index=index, end=end, closes=closes, notes=notes)


def check_history(phases: Sequence[PhaseLike]) -> None:
    """The rules of `member record` for a whole history given at once (a file's phases, in
    their order): each ends no earlier than it starts, only the first may start on an unknown
    day, none begins before the one above it, and none overlaps the next (an open phase, with
    no end, can only be the last)."""
    for number, phase in enumerate(phases, start=1):
        if phase.start.earliest and phase.end.latest and phase.end.latest < phase.start.earliest:
            raise PhaseError(
                _(
                    "phase {number} ends ({phase_end}) before it starts ({phase_start}): check its start and end",
                    number=number,
                    phase_end=for_message(phase.end),
                    phase_start=for_message(phase.start),
                )
            )
        if number == 1:
            continue
        previous = phases[number - 2]
        if phase.start.is_unknown:
            raise PhaseError(
                _(
                    "phase {number} starts on an unknown day: only the first phase may; give its start",
                    number=number,
                )
            )
        if not previous.start.is_unknown and not _not_after(previous.start, phase.start):
            raise PhaseError(
                _(
                    "phase {number} ({describe}) begins before phase {n} ({describe2}): list the phases in the order they began",
                    number=number,
                    describe=_describe(phase),
                    n=number - 1,
                    describe2=_describe(previous),
                )
            )
        if previous.end.is_unknown:
            raise PhaseError(
                _(
                    "phase {n} ({describe}) has no end, but phase {number} follows it: give phase {n} its end (where phase {number} begins)",
                    n=number - 1,
                    describe=_describe(previous),
                    number=number,
                )
            )
        if _certainly_before(phase.start, previous.end):
            raise PhaseError(
                _(
                    "phase {number} ({describe}) overlaps phase {n} ({describe2}): phases may not overlap; correct their dates",
                    number=number,
                    describe=_describe(phase),
                    n=number - 1,
                    describe2=_describe(previous),
                )
            )
        if may_overlap(previous.end, phase.start):
            raise PhaseError(
                _(
                    "phase {number} ({describe}) may overlap phase {n} ({describe2}): it may begin before phase {n} ends; give phase {number} a more precise start, or end phase {n} where phase {number} begins",
                    number=number,
                    describe=_describe(phase),
                    n=number - 1,
                    describe2=_describe(previous),
                )
            )


def may_be_same_fact(recorded: PhaseLike, new: PhaseLike) -> bool:
    """`new` may be `recorded` given again: its start may be the same day (2025 and ۱۴۰۴;
    2025 and 2025-11), and `recorded` is open or its end may be the same day as new's."""
    if not _may_coincide(recorded.start, new.start):
        return False
    return recorded.end.is_unknown or _may_coincide(recorded.end, new.end)


def _may_coincide(a: PartialDate, b: PartialDate) -> bool:
    """Both known, and some day the one may stand for the other may too."""
    if a.is_unknown or b.is_unknown:
        return a.is_unknown and b.is_unknown
    return not _certainly_before(a, b) and not _certainly_before(b, a)


def _certainly_before_start(a: PartialDate, b: PartialDate) -> bool:
    """A phase starting on `b` certainly starts after one starting on `a` (unknown `a`: any
    known `b` will do, as the open phase's start is not known to be later)."""
    if a.is_unknown:
        return not b.is_unknown
    return a.latest is not None and b.earliest is not None and a.latest < b.earliest


def _may_be_after(a: PartialDate, b: PartialDate) -> bool:
    """Some day `a` stands for is after some day `b` stands for (`b` known)."""
    if a == b and a.earliest == a.latest:
        return False
    return a.latest is None or (b.earliest is not None and a.latest > b.earliest)


def _not_after(a: PartialDate, b: PartialDate) -> bool:
    """a starts no later than b, comparing by earliest day, then by latest day."""
    return a.sort_key() <= b.sort_key()


def _certainly_before(a: PartialDate, b: PartialDate) -> bool:
    """Every day a may stand for is before every day b may stand for."""
    return a.latest is not None and b.earliest is not None and a.latest < b.earliest
