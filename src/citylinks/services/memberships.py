"""Recording a membership's history: `citylinks member record` and `citylinks member end`,
and correcting it: `member edit`, `member remove`, `member retract` and `member unretract`.

The rules (order, overlaps, closing an open phase) are the pure functions of
`citylinks.services.phase_rules`; this module applies their plan to the database: it takes the
membership's row lock, renumbers the phases that make room, and writes the new phase. A
retracted phase (a source got it wrong) stays in the record, at its position, and out of the
rules: only the phases in force (`in_force`) are checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, overload

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from citylinks import audit, schema, text
from citylinks.dates import PartialDate, PhaseLike, for_message
from citylinks.errors import CitylinksError, Conflict, NotFound
from citylinks.i18n import N_, _, listing
from citylinks.services import fields, phase_rules
from citylinks.services.bulk import date_columns, insert_audited
from citylinks.services.common import Done, if_given, parse_date
from citylinks.services.lookup import (
    CityRef,
    OrganizationRef,
    SourceRef,
    find_city_ref,
    find_meeting_ref,
    find_organization_ref,
    find_source_refs,
)
from citylinks.services.recording import delete_audited, update_audited
from citylinks.vocab import word

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from citylinks.db import Change
    from citylinks.model import City, Membership, MembershipPhase, Organization

# `member record`, `member end` and the corrections (`member edit`, `remove`, `retract`,
# `unretract`) write with Core statements on citylinks.schema's tables (a db.Change: no ORM
# import, no mapper configuration), their rows and audit entries as the ORM's flushes wrote
# them; a file's new phases of a recorded membership (services.records) go through the ORM
# session. Both place a phase by the same rules (phase_rules.plan, `place`, `room`).


def describe_phase(status: str, start: PartialDate, end: PartialDate) -> str:
    """ "'member' from 2025 (1403–1404) to now": a phase as messages show it."""
    values = {"status": word("status_", status), "start": for_message(start)}
    if end.is_unknown:
        return _("'{status}' from {start} to now", **values)
    return _("'{status}' from {start} to {end}", end=for_message(end), **values)


class _Placed(PhaseLike, Protocol):
    """A recorded phase, mapped or read with Core (`Recorded`), as placing a new one reads it."""

    @property
    def position(self) -> int: ...

    @property
    def retracted_at(self) -> Any: ...


P = TypeVar("P", bound=_Placed)


def place(every: Sequence[P], existing: Sequence[P], index: int, start: PartialDate) -> int:
    """A new phase's place among `every` phase of a membership (in position order), given its
    `index` among the phases in force (`existing`, phase_rules.plan's): after the phase in
    force it follows, and after the retracted phases there that began no later."""
    at = every.index(existing[index - 1]) + 1 if index > 0 else 0
    while (
        at < len(every)
        and every[at].retracted_at is not None
        and every[at].start.sort_key() <= start.sort_key()
    ):
        at += 1
    return at


def room(existing: Sequence[P], index: int) -> tuple[int, list[tuple[P, int]]]:
    """The position for a phase inserted before existing[index], and the later phases to move
    up by one where needed, each with its new position, in their order (to be written the
    last first: positions are UNIQUE per membership)."""
    position = existing[index - 1].position + 1 if index > 0 else 1
    moves: list[tuple[P, int]] = []
    wanted = position + 1
    for later in existing[index:]:
        if later.position >= wanted:
            break
        moves.append((later, wanted))
        wanted += 1
    return position, moves


# --- member record and member end, on Core ----------------------------------------------------


@dataclass(eq=False)
class Recorded:
    """A recorded phase as the Core path reads it (phase_rules.PhaseLike): its row as stored
    (the values an audit entry's `before` holds), and its dates."""

    row: Any
    start: PartialDate
    end: PartialDate

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def position(self) -> int:
        return self.row.position

    @property
    def status(self) -> str:
        return self.row.status

    @property
    def retracted_at(self) -> Any:
        return self.row.retracted_at


def _recorded(change: Change, membership_id: int) -> list[Recorded]:
    """Every phase of the membership (retracted too), in position order."""
    phase = schema.membership_phase
    rows = change.execute(
        select(phase).where(phase.c.membership_id == membership_id).order_by(phase.c.position)
    )
    return [
        Recorded(
            r,
            PartialDate.from_columns(r.start_text),
            PartialDate.from_columns(r.end_text),
        )
        for r in rows
    ]


def _locked_membership(
    change: Change, org: OrganizationRef, city: CityRef, create: bool
) -> int | None:
    """The id of the membership of `city` in `org`, its row locked for this transaction, so
    that two officers recording phases of one membership take turns (PostgreSQL; SQLite
    writers already do). Created (with its audit entry) when missing and `create`."""
    m = schema.membership.c
    stmt = select(m.id).where(m.organization_id == org.id, m.city_id == city.id).with_for_update()
    found = change.scalar(stmt)
    if found is not None or not create:
        return found
    row = {"organization_id": org.id, "city_id": city.id}
    with audit.in_english():
        label = audit.Labeller(change.connection()).label_of(
            "membership", {**row, "member_organization_id": None}
        )
    try:
        # Another officer may be creating the same membership right now.
        with change.connection().begin_nested():
            (found,) = insert_audited(change, schema.membership, [row], labels=[label or ""])
    except IntegrityError:
        return change.execute(stmt).scalar_one()
    return found


def _phase_label(labeller: audit.Labeller, membership_id: int, position: int) -> str:
    """'Yazd in AMF, phase 2', as the log stores it (in English)."""
    with audit.in_english():
        label = labeller.label_of(
            "membership_phase", {"membership_id": membership_id, "position": position}
        )
    return label or ""


def _write_phase(
    change: Change,
    membership_id: int,
    new: phase_rules.NewPhase,
    row: dict[str, Any],
    cited: list[SourceRef],
) -> tuple[PartialDate, list[str]]:
    """Write the phase `new` (its other columns `row`) in its place in the membership's
    history, under the phase rules, as add_phase does through the ORM: an open earlier phase
    closed at its start, the later phases moved up to make room, each change one audit entry
    in the order the ORM's flushes wrote them. Its end, and the notes saying what else changed."""
    every = _recorded(change, membership_id)
    existing = in_force(every)
    plan = phase_rules.plan(existing, new)
    position, moves = room(every, place(every, existing, plan.index, new.start))
    labeller = audit.Labeller(change.connection())
    table = schema.membership_phase

    def update(phase: Recorded, values: dict[str, Any], at: int) -> None:
        update_audited(change, table, phase.row, values, _phase_label(labeller, membership_id, at))

    # The open phase closed is written with the first move (the ORM's first flush, its rows
    # in the order of their ids), else after the new phase (one flush: its insert first).
    pending = [plan.closes] if plan.closes is not None else []
    for later, target in reversed(moves):
        flush = [(later, {"position": target}, target)]
        flush += [(c, date_columns("end", new.start), c.position) for c in pending]
        pending = []
        for phase, changed, at in sorted(flush, key=lambda f: f[0].id):
            update(phase, changed, at)
    values = {
        "membership_id": membership_id,
        "position": position,
        **row,
        **date_columns("start", new.start),
        **date_columns("end", plan.end),
    }
    insert_audited(
        change,
        table,
        [values],
        [[(s.id, s.key) for s in cited]],
        labels=[_phase_label(labeller, membership_id, position)],
    )
    for phase in pending:
        update(phase, date_columns("end", new.start), phase.position)
    return plan.end, plan.notes


def record_phase(
    change: Change,
    city_query: str,
    org_query: str,
    status: str,
    *,
    start: str,
    end: str | None = None,
    sources: list[str] | None = None,
    decided_at: str | None = None,
    reason: str | None = None,
    note: str | None = None,
) -> Done:
    """Add a phase to the membership of a city in an organization (creating the membership
    when it is the first); an open earlier phase is closed where the new one starts."""
    conn = change.connection()
    # One time for the rows' stamps and their entries, as one flush of the ORM gives them.
    change.info.setdefault("now", audit.now())
    chosen = fields.STATUS.clean(status)
    start_date = parse_date(start, "--from")
    end_date = parse_date(end, "--to")
    phase_rules.check_period(start_date, end_date)
    city = find_city_ref(conn, city_query)
    org = find_organization_ref(conn, org_query)
    cited = find_source_refs(conn, sources)
    meeting = find_meeting_ref(conn, decided_at) if decided_at else None
    cleaned_reason = if_given(fields.REASON, reason)
    membership_id = _locked_membership(change, org, city, create=True)
    if membership_id is None:
        raise AssertionError(_("unreachable"))
    row = {
        "status": chosen,
        "reason": cleaned_reason,
        "note": if_given(fields.NOTE, note),
        "session_id": meeting.id if meeting is not None else None,
    }
    try:
        ends, notes = _write_phase(
            change, membership_id, phase_rules.NewPhase(chosen, start_date, end_date), row, cited
        )
    except phase_rules.SameFact as same:
        raise _same_fact(city, org, start_date, same) from None
    who = _("{city} in {org}", city=city.name(), org=org.label)
    return Done(f"{who}: {describe_phase(chosen, start_date, ends)}", notes)


def _same_fact(
    city: CityRef, org: OrganizationRef, start: PartialDate, same: phase_rules.SameFact
) -> Conflict:
    """`member record` of a phase recorded already, as precise or in the other calendar:
    refused with the commands that correct the recorded phase instead."""
    recorded = same.phase
    if not isinstance(recorded, Recorded):
        raise AssertionError(_("unreachable"))
    command = f"citylinks member edit {city.key} {org.key} {recorded.position}"
    return Conflict(
        _(
            "{city_name} is already recorded '{recorded_status}' in {org_label} from {start} (phase {recorded_position}), and {start2} may be the same date: nothing was recorded. To correct that phase: `{command} --from DATE` (and --to, --note, ...); to back it with another source, cite that phase",
            city_name=city.name(),
            recorded_status=word("status_", recorded.status),
            org_label=org.label,
            start=for_message(recorded.start),
            recorded_position=recorded.position,
            start2=for_message(start),
            command=command,
        )
    )


def in_force(phases: Sequence[P]) -> list[P]:
    """The phases the rules and the reports see: every phase that is not retracted."""
    return [p for p in phases if p.retracted_at is None]


def end_membership(
    change: Change,
    city_query: str,
    org_query: str,
    *,
    on: str,
    status: str = "withdrawn",
    sources: list[str] | None = None,
    decided_at: str | None = None,
    reason: str | None = None,
    note: str | None = None,
) -> Done:
    """Close the open phase at ON and record a phase in STATUS from ON, open-ended."""
    chosen = fields.STATUS.clean(status)
    on_date = parse_date(on, "--on")
    if on_date.is_unknown:
        raise CitylinksError(
            _("--on: give the date the membership ended, e.g. 2026-03 or j:1404-12")
        )
    conn = change.connection()
    city = find_city_ref(conn, city_query)
    org = find_organization_ref(conn, org_query)
    membership_id = _locked_membership(change, org, city, create=False)
    if membership_id is None:
        raise NotFound(
            _(
                "{city_name} has no recorded membership in {org_label}: nothing to end",
                city_name=city.name(),
                org_label=org.label,
            )
        )
    phases = _recorded(change, membership_id)
    open_phases = [p for p in phases if p.end.is_unknown]
    if not open_phases:
        last = phases[-1] if phases else None
        shown = (
            _(" (the last is {phase})", phase=describe_phase(last.status, last.start, last.end))
            if last
            else ""
        )
        raise Conflict(
            _(
                "{city_name}'s membership in {org_label} has no open phase to end{shown}: record what followed with `citylinks member record`",
                city_name=city.name(),
                org_label=org.label,
                shown=shown,
            )
        )
    current = open_phases[-1]
    if current.status == chosen:
        raise Conflict(
            _(
                "{city_name} is already '{chosen}' in {org_label} since {current_start}: nothing to end",
                city_name=city.name(),
                chosen=word("status_", chosen),
                org_label=org.label,
                current_start=for_message(current.start),
            )
        )
    if (
        current.start.earliest is not None
        and on_date.latest is not None
        and on_date.latest < current.start.earliest
    ):
        raise CitylinksError(
            _(
                "--on {on_date} is before the open phase {describe_phase} began: give a later date",
                on_date=for_message(on_date),
                describe_phase=describe_phase(current.status, current.start, current.end),
            )
        )
    return record_phase(
        change,
        city_query,
        org_query,
        chosen,
        start=str(on_date),
        end=None,
        sources=sources,
        decided_at=decided_at,
        reason=reason,
        note=note,
    )


# --- the ORM's way: a file's new phases (services.records), the corrections ------------------


@overload
def _membership(
    session: Session, org: Organization, city: City, create: Literal[True]
) -> Membership: ...
@overload
def _membership(
    session: Session, org: Organization, city: City, create: Literal[False]
) -> Membership | None: ...
def _membership(session: Session, org: Organization, city: City, create: bool) -> Membership | None:
    """The membership of `city` in `org`, its row locked for this transaction (as
    `_locked_membership`), as a mapped object. Created when missing and `create`."""
    from citylinks.model import Membership

    stmt = (
        select(Membership)
        .where(Membership.organization_id == org.id, Membership.city_id == city.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    found = session.scalars(stmt).one_or_none()
    if found is not None or not create:
        return found
    membership = Membership(organization=org, city=city)
    try:
        with session.begin_nested():
            session.add(membership)
            session.flush()
    except IntegrityError:
        return session.scalars(stmt).one()
    return membership


def add_phase(session: Session, membership: Membership, phase: MembershipPhase) -> list[str]:
    """Write `phase` in its place in the membership's history, closing an open earlier
    phase, under the phase rules (a file's new phases of a recorded membership); the notes
    say what else changed."""
    every = list(membership.phases)
    existing = in_force(every)
    plan = phase_rules.plan(existing, phase_rules.NewPhase(phase.status, phase.start, phase.end))
    if plan.closes is not None:
        plan.closes.end = phase.start
    phase.end = plan.end
    position = make_room(session, every, place(every, existing, plan.index, phase.start))
    phase.position = position
    # Linked by id, not appended to membership.phases: the membership row is unchanged.
    phase.membership_id = membership.id
    session.add(phase)
    session.flush()
    return plan.notes


def make_room(session: Session, existing: list[MembershipPhase], index: int) -> int:
    """The position for a phase inserted before existing[index], moving the later phases up
    by one where needed (`room`). Positions are UNIQUE per membership, so each move is
    written on its own, the last phase first, into a free position: every moved row changes
    once (one audit entry each), and no two rows ever share a position."""
    position, moves = room(existing, index)
    for later, target in reversed(moves):
        later.position = target
        session.flush()
    return position


# --- corrections: member edit, remove, retract, unretract, on Core ---------------------------


@dataclass(frozen=True)
class FoundPhase:
    """The phase a correction names, with its membership's every phase (`Recorded`, in
    position order, retracted too), read with Core statements."""

    city: CityRef
    organization: OrganizationRef
    membership_id: int
    phases: list[Recorded]
    phase: Recorded
    labeller: audit.Labeller  # names the rows the correction changes, as the log stores them

    @property
    def label(self) -> str:
        """'Yazd in AMF, phase 2': how messages and the log name the phase."""
        return _(
            "{city} in {org}, phase {position}",
            city=self.city.name(),
            org=self.organization.label,
            position=self.phase.position,
        )

    @property
    def history_command(self) -> str:
        return f"citylinks member history {self.city.key} {self.organization.key}"


def find_phase(change: Change, city_query: str, org_query: str, which: str) -> FoundPhase:
    """The phase of a city's membership at the position `member history` shows (`which`:
    "2" or "۲"), its membership's row locked for this transaction."""
    conn = change.connection()
    # One time for the rows' stamps and their entries, as one flush of the ORM gives them.
    change.info.setdefault("now", audit.now())
    city = find_city_ref(conn, city_query)
    org = find_organization_ref(conn, org_query)
    membership_id = _locked_membership(change, org, city, create=False)
    if membership_id is None:
        raise NotFound(
            _(
                "{city_name} has no recorded membership in {org_label}: nothing to correct",
                city_name=city.name(),
                org_label=org.label,
            )
        )
    every = _recorded(change, membership_id)
    typed = text.to_ascii_digits(which.strip()).removeprefix("#")
    if not typed.isdigit():
        raise CitylinksError(
            _(
                "PHASE '{which}' is not a phase number: give the number `citylinks member history {city_key} {org_key} --with-retracted` shows in its first column",
                which=which,
                city_key=city.key,
                org_key=org.key,
            )
        )
    for phase in every:
        if phase.position == int(typed):
            return FoundPhase(city, org, membership_id, every, phase, audit.Labeller(conn))
    shown = listing(str(p.position) for p in every) or _("none")
    raise NotFound(
        _(
            "{city_name}'s membership in {org_label} has no phase {which} (its phases: {shown}): see `citylinks member history {city_key} {org_key} --with-retracted`",
            city_name=city.name(),
            org_label=org.label,
            which=which,
            shown=shown,
            city_key=city.key,
            org_key=org.key,
        )
    )


def _check_version(found: FoundPhase, expected: int | None) -> None:
    from citylinks.services.audit_log import check_version

    check_version(found.phase.row, expected, N_("phase"), found.label)


def _update(change: Change, found: FoundPhase, phase: Recorded, values: dict[str, Any]) -> bool:
    """Write `values` into `phase` as one flush of the ORM did (recording.update_audited: a
    new version, one entry, named by the phase's position after it), and hold the phase as it
    now is; False if no value changed."""
    position = values.get("position", phase.position)
    label = _phase_label(found.labeller, found.membership_id, position)
    if not update_audited(change, schema.membership_phase, phase.row, values, label):
        return False
    row = {**phase.row._asdict(), **values}
    row["version"] += 1
    row["updated_at"] = change.info.get("now")
    row["updated_by"] = change.info.get("officer", "unknown")
    phase.row = _Row(row)
    phase.start = PartialDate.from_columns(row["start_text"])
    phase.end = PartialDate.from_columns(row["end_text"])
    return True


class _Row(dict):
    """A phase's row as written since it was read: its columns as attributes, as a read
    row's (`_asdict` too)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def _asdict(self) -> dict[str, Any]:
        return dict(self)


@dataclass(frozen=True)
class PhaseEdit:
    """What `member edit` changes; None: left as it is. An empty --to, --phase-reason,
    --note or --session clears it (--to '' or 'open': the phase is open)."""

    status: str | None = None
    start: str | None = None
    end: str | None = None
    reason: str | None = None
    note: str | None = None
    decided_at: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in dataclass_fields(self))


_OPEN_WORDS = {"", "open", "now"}


def edit_phase(
    change: Change,
    city_query: str,
    org_query: str,
    which: str,
    edit: PhaseEdit,
    expect_version: int | None = None,
) -> Done:
    """Correct a recorded phase: status, start, end, reason, note or deciding session. The
    history it leaves must keep the phase rules of `member record`."""
    if edit.is_empty():
        raise CitylinksError(
            _("nothing to change: give at least one option (see `citylinks member edit --help`)")
        )
    found = find_phase(change, city_query, org_query, which)
    _check_version(found, expect_version)
    phase = found.phase
    status = fields.STATUS.clean(edit.status) if edit.status is not None else phase.status
    start = parse_date(edit.start, "--from") if edit.start is not None else phase.start
    if edit.end is None:
        end = phase.end
    elif edit.end.strip().lower() in _OPEN_WORDS:
        end = PartialDate.UNKNOWN
    else:
        end = parse_date(edit.end, "--to")
    phase_rules.check_period(start, end)
    row = phase.row
    reason = row.reason if edit.reason is None else if_given(fields.REASON, edit.reason)
    note = row.note if edit.note is None else if_given(fields.NOTE, edit.note)
    session_id = row.session_id
    if edit.decided_at is not None:
        session_id = (
            find_meeting_ref(change.connection(), edit.decided_at).id
            if edit.decided_at.strip()
            else None
        )
    order = None
    if phase.retracted_at is None:
        order = _checked_order(found, phase_rules.NewPhase(status, start, end))
    values = {
        "status": status,
        **date_columns("start", start),
        **date_columns("end", end),
        "reason": reason,
        "note": note,
        "session_id": session_id,
    }
    _update(change, found, phase, values)
    notes = []
    if order is not None and _reorder(change, found, order):
        notes.append(
            _(
                "it now begins after the phase before it: it is phase {phase_position} (see `{history_command}`)",
                phase_position=phase.position,
                history_command=found.history_command,
            )
        )
    return Done(f"{found.label}: {describe_phase(status, start, end)}", notes)


def _checked_order(found: FoundPhase, edited: phase_rules.NewPhase) -> list[Recorded]:
    """The phases in force, the edited one with its new values, in the order they begin;
    refused, as `member record` would refuse it, if that history breaks the phase rules."""
    phase = found.phase
    others = [p for p in in_force(found.phases) if p is not phase]
    # The edited phase keeps its place among phases that begin alike.
    ordered = sorted(
        [*others, phase],
        key=lambda p: (
            not (edited.start if p is phase else p.start).is_unknown,
            (edited.start if p is phase else p.start).sort_key(),
            p.position,
        ),
    )
    try:
        phase_rules.check_history([edited if p is phase else p for p in ordered])
    except phase_rules.PhaseError as exc:
        raise phase_rules.PhaseError(
            _(
                "{found_label} cannot be changed so: {numbered}; nothing was changed",
                found_label=found.label,
                numbered=_numbered(exc, ordered),
            )
        ) from None
    return ordered


def _numbered(exc: Exception, ordered: list[Recorded]) -> str:
    """The rules' message, their "phase 2" the number `member history` shows."""
    message = str(exc)
    for index, p in reversed(list(enumerate(ordered, start=1))):
        message = message.replace(f"phase {index} ", f"phase #{p.position} ")
    return message.replace("phase #", "phase ")


def _reorder(change: Change, found: FoundPhase, ordered: list[Recorded]) -> bool:
    """Move the edited phase to its place among all the phases (positions 1..n) when its
    new start puts it elsewhere; True if it moved. It is parked past the last position while
    the others close up, so that no two phases ever share a position; each move is one
    update (one entry), as the ORM's flushes wrote them."""
    phase = found.phase
    every = found.phases
    rest = [p for p in every if p is not phase]
    before = ordered.index(phase)
    index = rest.index(ordered[before - 1]) + 1 if before > 0 else 0
    wanted = [*rest[:index], phase, *rest[index:]]
    if wanted == every:
        return False
    _update(change, found, phase, {"position": max(p.position for p in every) + 1})
    moving = [(p, n) for n, p in enumerate(wanted, start=1) if p is not phase and p.position != n]
    # Up, the last first; down, the first first: each target is free when it is taken.
    moving.sort(key=lambda m: -m[0].position if m[1] > m[0].position else m[0].position)
    for row, target in moving:
        _update(change, found, row, {"position": target})
    _update(change, found, phase, {"position": wanted.index(phase) + 1})
    return True


def remove_phase(
    change: Change,
    city_query: str,
    org_query: str,
    which: str,
    expect_version: int | None = None,
) -> Done:
    """Remove a phase recorded by mistake; the later phases close up (phase 3 becomes 2).
    Removing a membership's last phase removes the membership too."""
    found = find_phase(change, city_query, org_query, which)
    _check_version(found, expect_version)
    label, phase = found.label, found.phase
    described = describe_phase(phase.status, phase.start, phase.end)
    notes = _left_closed(found, "removed")
    removed_at = phase.position
    labeller = found.labeller
    delete_audited(
        change,
        schema.membership_phase,
        phase.row,
        _phase_label(labeller, found.membership_id, removed_at),
    )
    left = [p for p in found.phases if p is not phase]
    for later in left:
        if later.position > removed_at:
            _update(change, found, later, {"position": later.position - 1})
    if not left:
        membership = change.execute(
            select(schema.membership).where(schema.membership.c.id == found.membership_id)
        ).one()
        with audit.in_english():
            named = labeller.label_of("membership", membership._mapping)
        delete_audited(change, schema.membership, membership, named or "")
        notes.append(
            _(
                "it was the only phase of {city_name}'s membership in {organization_label}: the membership is removed too",
                city_name=found.city.name(),
                organization_label=found.organization.label,
            )
        )
    elif any(p.position >= removed_at for p in left):
        notes.append(
            _(
                "the later phases are renumbered: see `{history_command}`",
                history_command=found.history_command,
            )
        )
    return Done(f"{label}: {described}", notes)


def _left_closed(found: FoundPhase, done: str) -> list[str]:
    """A note when the phase before ends where this one began (as `member record` closed it):
    it still ends there, and how to reopen it."""
    phase = found.phase
    previous = [p for p in in_force(found.phases) if p.position < phase.position]
    if not previous or phase.retracted_at is not None:
        return []
    before = previous[-1]
    later = [p for p in in_force(found.phases) if p.position > phase.position]
    if later or before.end != phase.start:
        return []
    command = f"citylinks member edit {found.city.key} {found.organization.key} {before.position}"
    values = {
        "position": before.position,
        "status": word("status_", before.status),
        "end": for_message(before.end),
        "command": command,
    }
    if done == "removed":
        said = _(
            "phase {position} ('{status}') still ends at {end}, where the removed phase began;"
            " if it is still in force, reopen it: `{command} --to open`",
            **values,
        )
    else:
        said = _(
            "phase {position} ('{status}') still ends at {end}, where the retracted phase began;"
            " if it is still in force, reopen it: `{command} --to open`",
            **values,
        )
    return [said]


def retract_phase(
    change: Change,
    city_query: str,
    org_query: str,
    which: str,
    reason: str | None,
    expect_version: int | None = None,
) -> Done:
    """Mark a phase a source got wrong as retracted, with the reason: it stays in the record
    (`member history --with-retracted`, the exports) and leaves the reports."""
    if reason is None or not reason.strip():
        raise CitylinksError(
            _("a retraction needs its reason: add --reason TEXT (e.g. 'the source corrected it')")
        )
    cleaned = fields.RETRACTION_REASON.clean(reason)
    found = find_phase(change, city_query, org_query, which)
    _check_version(found, expect_version)
    phase = found.phase
    if phase.retracted_at is not None:
        raise Conflict(
            _(
                "{found_label} is retracted already ({retraction_reason}): see `{history_command} --with-retracted`",
                found_label=found.label,
                retraction_reason=phase.row.retraction_reason,
                history_command=found.history_command,
            )
        )
    notes = _left_closed(found, "retracted")
    retracted = {
        "retracted_at": audit.now().replace(microsecond=0),  # what every backend keeps
        "retraction_reason": cleaned,
    }
    _update(change, found, phase, retracted)
    described = describe_phase(phase.status, phase.start, phase.end)
    return Done(
        _(
            "{label}: {phase}, retracted: {reason}",
            label=found.label,
            phase=described,
            reason=cleaned,
        ),
        notes,
    )


def unretract_phase(
    change: Change,
    city_query: str,
    org_query: str,
    which: str,
    expect_version: int | None = None,
) -> Done:
    """Restore a retracted phase, if the history it leaves keeps the phase rules."""
    found = find_phase(change, city_query, org_query, which)
    _check_version(found, expect_version)
    phase = found.phase
    if phase.retracted_at is None:
        raise Conflict(
            _("{found_label} is not retracted: nothing to restore", found_label=found.label)
        )
    ordered = sorted(
        [*in_force(found.phases), phase],
        key=lambda p: (not p.start.is_unknown, p.start.sort_key(), p.position),
    )
    try:
        phase_rules.check_history(ordered)
    except phase_rules.PhaseError as exc:
        raise phase_rules.PhaseError(
            _(
                "{found_label} cannot be restored: {numbered}; correct or remove the phases in its way first",
                found_label=found.label,
                numbered=_numbered(exc, ordered),
            )
        ) from None
    _update(change, found, phase, {"retracted_at": None, "retraction_reason": None})
    return Done(f"{found.label}: {describe_phase(phase.status, phase.start, phase.end)}", [])
