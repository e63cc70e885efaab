"""`import csv memberships`: membership phases, under the phase rules of `member record`
(citylinks.services.phase_rules)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from sqlalchemy import (
    select,
    tuple_,
)

from citylinks import audit
from citylinks.dates import PartialDate
from citylinks.formats.csv.reader import Row
from citylinks.i18n import _
from citylinks.model import (
    Membership,
    MembershipPhase,
)
from citylinks.services import bulk, fields
from citylinks.services.csv_import import cells
from citylinks.services.csv_import.importer import Importer
from citylinks.services.phase_rules import NewPhase, PhaseError, plan


class MembershipRows(Importer):
    kind = "memberships"

    def parse(self, row: Row) -> None:
        v, each = row.values, cells.Problems()
        v["city"] = each("city", lambda: cells.name(row, "city", fields.CITY_NAME))
        v["city_country"] = each("country", lambda: cells.country(row, self.countries))
        v["city_key"] = each("city_key", lambda: cells.optional(row, "city_key", fields.CITY_KEY))
        v["organization_id"] = each(
            "organization", lambda: self.organization(cells.required(row, "organization"))
        )
        v["status"] = each("status", lambda: cells.choice(row, "status", fields.STATUS))
        v["start"] = each("from", lambda: cells.date(row, "from"))
        v["end"] = each("to", lambda: cells.date(row, "to"))
        v["reason"] = each("reason", lambda: cells.optional(row, "reason", fields.REASON))
        v["note"] = each("note", lambda: cells.optional(row, "note", fields.NOTE))
        v["sources"] = each("source", lambda: cells.source_keys(row, required=True))
        v["retracted_at"] = each("retracted", lambda: cells.instant(row, "retracted"))
        v["retraction_reason"] = each(
            "retraction_reason",
            lambda: cells.optional(row, "retraction_reason", fields.RETRACTION_REASON),
        )
        if v["retraction_reason"] and not cells.cell(row, "retracted"):
            each.add("retraction_reason", _("a retraction_reason needs 'retracted' (when)"))
        each.check()

    def write(self, rows: list[Row]) -> None:
        self.resolve_cities(rows, "city")
        rows = [r for r in rows if r.error is None]
        pairs = {(r.values["organization_id"], r.values["city_id"]) for r in rows}
        if not pairs:
            return
        membership, phases = Membership.__table__.c, MembershipPhase.__table__.c
        connection = self.session.connection()
        memberships = {
            (o, c): i
            for i, o, c in connection.execute(
                select(membership.id, membership.organization_id, membership.city_id).where(
                    bulk.among(
                        connection, tuple_(membership.organization_id, membership.city_id), pairs
                    )
                )
            )
        }
        histories: dict[tuple[int, int], list[_Phase]] = {pair: [] for pair in pairs}
        by_id = {i: pair for pair, i in memberships.items()}
        if memberships:
            stmt = (
                select(
                    phases.id,
                    phases.membership_id,
                    phases.position,
                    phases.status,
                    phases.start_text,
                    phases.end_text,
                    phases.retracted_at,
                    phases.retraction_reason,
                    phases.reason,
                    phases.note,
                )
                .where(bulk.among(connection, phases.membership_id, set(memberships.values())))
                .order_by(phases.membership_id, phases.position)
            )
            for (
                i,
                membership_id,
                position,
                status,
                start,
                end,
                retracted,
                retraction_reason,
                reason,
                note,
            ) in connection.execute(stmt):
                histories[by_id[membership_id]].append(
                    _Phase(
                        status,
                        fields.date(start),
                        fields.date(end),
                        id=i,
                        position=position,
                        retracted=retracted is not None,
                        said={
                            "reason": reason,
                            "note": note,
                            "retracted_at": cells.utc_second(retracted),
                            "retraction_reason": retraction_reason,
                        },
                    )
                )
        amended: list[tuple[Row, int, dict, list[int]]] = []
        for r in rows:
            v = r.values
            history = histories[(v["organization_id"], v["city_id"])]
            new = NewPhase(v["status"], v["start"], v["end"])
            same = _recorded(history, new)
            if same is not None:
                if same.id is not None:
                    recorded = same.said
                    given = {k: v[k] for k in recorded}
                    # The retraction is compared as every other field (a row saying another
                    # retraction is a change, not "already recorded"); `member retract` is
                    # the command that changes it.
                    retraction = all(
                        not cells.cell(r, k) or recorded[k] == given[k] for k in ("reason", "note")
                    )
                    named = (
                        f" {shlex.quote(v['city_key'] or v['city'])}"
                        f" {shlex.quote(cells.cell(r, 'organization'))} {same.position}"
                    )
                    fix = f"citylinks member edit{named}"
                    if retraction:
                        fix = f"citylinks member retract{named} --reason TEXT"
                        if same.retracted:  # retracted again, after unretract
                            fix = f"citylinks member unretract{named}` and `{fix}"
                    changed = self.differences(
                        r,
                        _(
                            "the phase '{status}' from {start}",
                            status=same.status,
                            start=same.start,
                        ),
                        recorded,
                        given,
                        fix,
                        shown={
                            "retracted_at": (
                                "retracted",
                                audit.plain(recorded["retracted_at"]),
                                audit.plain(given["retracted_at"]),
                            )
                        },
                    )
                    if changed is None:
                        continue
                    amended.append((r, same.id, changed, v["source_ids"]))
                    self.skipped += 1
                elif same.row is not None:
                    # The same phase on an earlier line of this file: a repeat only when
                    # the row says what that line said; other values (a reason, a note, a
                    # source, a retraction) are never dropped as a repeat.
                    if _said(same.row.values) != _said(v):
                        r.error = _(
                            "the phase '{status}' from {start} is on line {line} too, with other values: keep one row",
                            status=v["status"],
                            start=v["start"],
                            line=same.row.line,
                        )
                    else:
                        self.repeat([r], same.row.line)
                v["skip"] = True
                continue
            if v["retracted_at"] is not None:
                # A retracted phase is out of the rules (`member retract`): kept after the
                # phases that began no later.
                index = 0
                for i, p in enumerate(history):
                    if p.start.is_unknown or p.start.sort_key() <= new.start.sort_key():
                        index = i + 1
                history.insert(index, _Phase(new.status, new.start, new.end, row=r, retracted=True))
                self.inserted += 1
                continue
            in_force = [p for p in history if not p.retracted]
            try:
                placed = plan(in_force, new)
            except PhaseError as exc:
                r.error = str(exc)
                continue
            if placed.closes is not None:
                placed.closes.close(new.start)
            index = history.index(in_force[placed.index - 1]) + 1 if placed.index > 0 else 0
            while (
                index < len(history)
                and history[index].retracted
                and history[index].start.sort_key() <= new.start.sort_key()
            ):
                index += 1
            history.insert(index, _Phase(new.status, new.start, placed.end, row=r))
            self.inserted += 1
        # New memberships, then every history's phases in their places.
        new_pairs = [
            p for p in pairs if p not in memberships and any(ph.row for ph in histories[p])
        ]
        new_pairs.sort()
        ids = self.insert(
            Membership,
            [
                {"organization_id": o, "city_id": c, "member_organization_id": None}
                for o, c in new_pairs
            ],
        )
        memberships.update(zip(new_pairs, ids, strict=True))
        inserts: list[dict] = []
        sources: list[list[int]] = []
        moves: list[tuple[int, dict, dict]] = []
        closes: list[tuple[int, dict, dict]] = []
        for pair, history in histories.items():
            for position, phase in enumerate(history, start=1):
                if phase.row is not None:
                    v = phase.row.values
                    inserts.append(
                        {
                            "membership_id": memberships[pair],
                            "position": position,
                            "status": phase.status,
                            **bulk.date_columns("start", phase.start),
                            **bulk.date_columns("end", phase.end),
                            "reason": v["reason"],
                            "note": v["note"],
                            "session_id": None,
                            "retracted_at": v["retracted_at"],
                            "retraction_reason": v["retraction_reason"],
                        }
                    )
                    sources.append(v["source_ids"])
                    continue
                if phase.id is None:  # a phase without a row is a stored one: never here
                    raise AssertionError(_("a stored phase of {pair} has no id", pair=pair))
                if phase.position != position:
                    moves.append((phase.id, {"position": phase.position}, {"position": position}))
                if phase.closed_from is not None:
                    closes.append(
                        (
                            phase.id,
                            bulk.date_columns("end", phase.closed_from),
                            bulk.date_columns("end", phase.end),
                        )
                    )
        # Move phases out of the way first (negative positions), so no two ever share one.
        self.update(
            MembershipPhase,
            [(i, before, {"position": -after["position"]}) for i, before, after in moves],
            log=False,
        )
        self.update(MembershipPhase, moves)
        self.update(MembershipPhase, closes)
        self.insert(MembershipPhase, inserts, sources)
        self.amend(MembershipPhase, amended)


def _recorded(history: list[_Phase], new: NewPhase) -> _Phase | None:
    """The phase of `history` that `new` (a row's) already is: the same status and dates; or,
    for a row with no end, the phase of its status and start whose end is the start of the
    phase that followed it (a row of a history is closed by the next row, as `member record`
    closes an open phase, so the same file imported again finds it so)."""
    for p in history:
        if p.status == new.status and p.start == new.start and p.end == new.end:
            return p
    if not new.end.is_unknown:
        return None
    in_force = [p for p in history if not p.retracted]
    for p, following in zip(in_force, in_force[1:], strict=False):
        if (
            p.status == new.status
            and p.start == new.start
            and not p.end.is_unknown
            and p.end == following.start
        ):
            return p
    return None


@dataclass
class _Phase:
    """A phase of a membership's history during an import: stored (id) or new (row)."""

    status: str
    start: PartialDate
    end: PartialDate
    id: int | None = None
    position: int | None = None
    row: Row | None = None
    closed_from: PartialDate | None = None
    retracted: bool = False
    said: dict = field(default_factory=dict)  # a stored phase's reason and note

    def close(self, at: PartialDate) -> None:
        if self.closed_from is None and self.row is None:
            self.closed_from = self.end
        self.end = at


def _said(values: dict) -> tuple:
    """What a membership row says of its phase beyond its status and dates: two rows of one
    file for the same phase are one row repeated only when these agree."""
    return tuple(values.get(k) for k in ("reason", "note", "retracted_at", "retraction_reason")) + (
        tuple(sorted(values.get("source_ids") or values.get("sources") or ())),
    )
