"""The rules of a membership's history (services/phase_rules.py), by example and by property."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citylinks.dates import PartialDate
from citylinks.services.phase_rules import NewPhase, PhaseError, may_overlap, plan
from citylinks.vocab import STATUS_NAMES

P = PartialDate.parse


@dataclass
class Phase:
    status: str
    start: PartialDate
    end: PartialDate


def apply(phases: list[Phase], new: NewPhase) -> list[str]:
    """Record `new` into `phases` as `member record` does; returns the notes."""
    decided = plan(phases, new)
    if decided.closes is not None:
        decided.closes.end = new.start
    phases.insert(decided.index, Phase(new.status, new.start, decided.end))
    return decided.notes


def test_a_new_phase_closes_the_open_one_and_says_so():
    phases = [
        Phase("cooperating", PartialDate.UNKNOWN, P("2025")),
        Phase("member", P("2025"), PartialDate.UNKNOWN),
    ]
    notes = apply(phases, NewPhase("suspended", P("1405-02"), PartialDate.UNKNOWN))
    assert notes == [
        "closed the open phase 'member' (from 2025): it ends where the new one starts (1405-02)"
    ]
    assert [str(p.end) for p in phases] == ["2025", "j:1405-02", "unknown"]


@pytest.mark.parametrize(
    "existing,new,message",
    [
        (
            [],
            NewPhase("member", P("2024"), P("2023")),
            "the phase ends (2023) before it starts (2024): check --from and --to",
        ),
        (
            [],
            NewPhase("honorary", P("2024"), PartialDate.UNKNOWN),
            "unknown status 'honorary': use one of",
        ),
        (
            [Phase("member", P("2010"), P("2015"))],
            NewPhase("withdrawn", P("2012"), PartialDate.UNKNOWN),
            "the new phase (from 2012) overlaps the phase 'member' from 2010 to 2015",
        ),
        (
            [Phase("member", P("2010"), P("2015"))],
            NewPhase("member", P("2010"), P("2015")),
            "this phase is already recorded: 'member' from 2010 to 2015; nothing was recorded",
        ),
        (
            [Phase("member", P("2010"), PartialDate.UNKNOWN)],
            NewPhase("applicant", PartialDate.UNKNOWN, P("2009")),
            "a phase with an unknown start can only be the first one: give --from",
        ),
        (
            [
                Phase("applicant", P("2008"), P("2009")),
                Phase("member", P("2010"), PartialDate.UNKNOWN),
            ],
            NewPhase("observer", P("2009"), P("2011")),
            "the new phase (to 2011) overlaps the later phase 'member' from 2010 to now",
        ),
    ],
)
def test_refusals(existing, new, message):
    with pytest.raises(PhaseError) as refused:
        plan(existing, new)
    assert str(refused.value).startswith(message)


def test_partial_dates_that_may_overlap_are_refused_and_the_same_date_is_where_one_ends():
    phases = [Phase("cooperating", PartialDate.UNKNOWN, P("2025"))]
    with pytest.raises(PhaseError, match="may overlap the phase 'cooperating'"):
        apply(phases, NewPhase("member", P("2025-11"), PartialDate.UNKNOWN))
    apply(phases, NewPhase("member", P("2025"), PartialDate.UNKNOWN))
    assert [p.status for p in phases] == ["cooperating", "member"]


def test_a_phase_recorded_before_a_later_one_ends_where_it_begins():
    phases = [Phase("member", P("2010"), P("2015"))]
    notes = apply(phases, NewPhase("applicant", P("2008"), PartialDate.UNKNOWN))
    assert [(p.status, str(p.end)) for p in phases] == [("applicant", "2010"), ("member", "2015")]
    assert notes == ["it ends where the next phase 'member' from 2010 to 2015 begins"]


DATES = st.sampled_from(
    [f"{y}" for y in range(2000, 2012)]
    + [f"{y}-{m:02d}" for y in range(2000, 2012) for m in (1, 6, 12)]
    + [f"{y}-{m:02d}-15" for y in range(2000, 2012) for m in (3, 9)]
    + [f"j:{y}" for y in range(1379, 1390)]
    + [f"j:{y}-07" for y in range(1379, 1390)]
).map(P)
NEW_PHASES = st.builds(
    NewPhase,
    status=st.sampled_from(STATUS_NAMES),
    start=DATES,
    end=st.one_of(st.just(PartialDate.UNKNOWN), DATES),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NEW_PHASES, max_size=8))
def test_whatever_is_recorded_the_history_stays_ordered_and_never_overlaps(attempts):
    phases: list[Phase] = []
    for new in attempts:
        try:
            apply(phases, new)
        except PhaseError:
            continue  # a refusal leaves the history as it was; the invariant still holds
    for phase in phases:
        if phase.start.earliest and phase.end.latest:
            assert phase.start.earliest <= phase.end.latest, phase
    for earlier, later in zip(phases, phases[1:], strict=False):
        # No phase certainly starts before the one before it certainly ended.
        assert not (
            later.start.latest
            and earlier.end.earliest
            and later.start.latest < earlier.end.earliest
        ), (earlier, later)
        assert not may_overlap(earlier.end, later.start), (earlier, later)
        assert not earlier.end.is_unknown, "only the last phase may be open"
