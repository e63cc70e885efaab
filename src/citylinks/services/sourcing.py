"""The sourcing policy, applied to every change before it is committed (cli.context.State.write):
a fact recorded without a source is warned about, with how to cite it later, or refused where
the office requires sources (`citylinks setting set sources required`). Read with Core
queries, so that a one-row add written on Core (db.Change) imports no ORM for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import exists, func, literal, select, union_all

from citylinks import audit, schema, text
from citylinks.errors import CitylinksError
from citylinks.i18n import N_, _, listing
from citylinks.services import settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Up to this many unsourced facts are named one line each; more get one line in all.
_NAMED = 5

# The records named here with Core queries, by their table: the REF's kind. (A membership's
# phase is named with Core queries too; every other fact by services.facts.describe, through
# the ORM its commands write with.)
_KEYED = {"city": "city", "organization": "org", "person": "person"}


class Named(NamedTuple):
    """A fact as the policy names it: in words, and by the REF `citylinks cite` takes."""

    label: str
    ref: str


@dataclass(frozen=True)
class Unsourced:
    """The facts this transaction recorded without a source: how many of each table, and
    the first few named."""

    counts: dict[str, int]
    named: list[Named]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def record_name(session: Any, table_name: str, row_id: int) -> tuple[str, str]:
    """A city's, an organization's or a person's key and name as its `name()` gives it (the
    first official English name, else the first English name, else the first name; an
    organization's acronym, then its key, when it has no name; text.display_name)."""
    table = schema.metadata.tables[table_name]
    names = schema.metadata.tables[f"{table_name}_name"]
    owner = names.c[f"{table_name}_id"]
    extra = [table.c.acronym] if table_name == "organization" else []
    row = session.execute(select(table.c.key, *extra).where(table.c.id == row_id)).one()
    found = session.execute(
        select(names.c.lang, names.c.kind, names.c.name)
        .where(owner == row_id)
        .order_by(names.c.position, names.c.id)
    ).all()
    shown = text.display_name(found, "en") or (extra and row.acronym) or row.key
    return row.key, shown


def _describe(session: Any, table_name: str, row_id: int) -> Named:
    if table_name in _KEYED:
        key, name = record_name(session, table_name, row_id)
        return Named(name, f"{_KEYED[table_name]}:{key}")
    if table_name == "membership_phase":
        return _phase_named(session, row_id)
    from citylinks.services.facts import _model, describe

    fact = describe(session, session.get_one(_model(table_name), row_id))
    return Named(fact.label, fact.ref)


def _phase_named(session: Any, row_id: int) -> Named:
    """A membership's phase as services.facts.describe names it ("Yazd in AMF, phase 2",
    phase:yazd/amf/2; a member organization's phase by its id), read with Core queries."""
    phase, membership = schema.membership_phase.c, schema.membership.c
    row = session.execute(
        select(
            phase.position,
            membership.organization_id,
            membership.city_id,
            membership.member_organization_id,
            schema.organization.c.acronym,
        )
        .join(schema.membership, membership.id == phase.membership_id)
        .join(schema.organization, schema.organization.c.id == membership.organization_id)
        .where(phase.id == row_id)
    ).one()
    org_key, org_name = record_name(session, "organization", row.organization_id)
    if row.city_id is not None:
        city_key, member = record_name(session, "city", row.city_id)
        ref = f"phase:{city_key}/{org_key}/{row.position}"
    else:
        member = record_name(session, "organization", row.member_organization_id)[1]
        ref = f"membership_phase#{row_id}"
    label = _(
        "{city} in {org}, phase {position}",
        city=member,
        org=row.acronym or org_name,
        position=row.position,
    )
    return Named(label, ref)


def unsourced(session: Session) -> Unsourced:
    """The facts the current change (this transaction's audit entries, whichever way they
    were written: a command, a file, the bulk path) inserted and that cite no source now, and
    those it left citing none (an edit that removed the last source). `session`: a Session or
    a db.Change."""
    change = session.info.get("change_id")
    if change is None:
        return Unsourced({}, [])
    log = schema.audit_log.c
    parts = []
    inserted = _inserted_into(session)
    for name, link in schema.CITING.items():
        if name in schema.SOURCED_THROUGH_OWNER or name not in inserted:
            continue  # a name is sourced through the record it names
        table = schema.metadata.tables[name]
        owner = link.c[f"{name}_id"]
        parts.append(
            select(literal(name).label("table_name"), log.row_id.label("row_id")).where(
                log.change_id == change,
                log.table_name == name,
                log.action == "insert",
                exists().where(table.c.id == log.row_id),
                ~exists().where(owner == log.row_id),
            )
        )
    counts: dict[str, int] = {}
    if parts:
        found = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()
        counts = dict(
            session.execute(
                select(found.c.table_name, func.count()).group_by(found.c.table_name)
            ).all()
        )
    # Read only when there is one to name: each read walks the change's entries again (a
    # second or more after a large import, whose facts all cite their sources).
    ids: list[tuple[str, int]] = []
    if counts:
        ids = [
            (t, i)
            for t, i in session.execute(
                select(found.c.table_name, found.c.row_id)
                .order_by(found.c.table_name, found.c.row_id)
                .limit(_NAMED)
            )
        ]
    # An edit that took away a fact's last source (its entry says sources: []).
    for entry in session.info.get("audit", []):
        after = entry.get("after") or {}
        if (
            entry["action"] == "update"
            and entry["table_name"] in schema.CITING
            and entry["table_name"] not in schema.SOURCED_THROUGH_OWNER
            and after.get("sources") == []
            and (entry["table_name"], entry["row_id"]) not in ids
        ):
            counts[entry["table_name"]] = counts.get(entry["table_name"], 0) + 1
            if len(ids) < _NAMED:
                ids.append((entry["table_name"], entry["row_id"]))
    named = [_describe(session, t, i) for t, i in ids]
    return Unsourced(counts, named)


class _Every:
    """Every table: what a change may have inserted into when its entries are not all kept."""

    def __contains__(self, table_name: object) -> bool:
        return True


def _inserted_into(session: Any) -> set[str] | _Every:
    """The tables this change inserted rows into, read from its entries when it kept every
    one of them (session.info["audit"]; a db.Change, unless a bulk write kept its entries out,
    services.bulk.log_entries): a correction that inserts nothing asks nothing, a one-row add
    asks about its own table only. Otherwise every table."""
    if not session.info.get(audit.ENTRIES_KEPT):
        return _Every()
    return {e["table_name"] for e in session.info.get("audit", []) if e["action"] == "insert"}


def check_sourcing(session: Session, dry_run: bool = False) -> list[str]:
    """The sourcing policy, applied to the current change before it is committed: the
    warnings to print for facts recorded without a source (how to cite each later); where
    the office requires sources, a refusal instead (the change is then rolled back). A
    `dry_run` says they would be recorded so."""
    found = unsourced(session)
    if not found.total:
        return []
    if settings.sources_required(session):
        first = found.named[0]
        which = (
            _("{label} ({ref}) cites none", label=first.label, ref=first.ref)
            if found.total == 1
            else _(
                "{n} facts cite none, e.g. {label} ({ref})",
                n=found.total,
                label=first.label,
                ref=first.ref,
            )
        )
        raise CitylinksError(
            _(
                "sources are required in this database, and {which}: give each fact its sources (--source KEY; a file's `sources`), or turn the rule off with `citylinks setting set sources optional`",
                which=which,
            )
        )
    if found.total <= _NAMED:
        return [
            _(
                "warning: {label} would be recorded without a source: cite it later with"
                " `citylinks cite {ref} KEY` (see `citylinks source list`)",
                label=f.label,
                ref=f.ref,
            )
            if dry_run
            else _(
                "warning: {label} was recorded without a source: cite it later with"
                " `citylinks cite {ref} KEY` (see `citylinks source list`)",
                label=f.label,
                ref=f.ref,
            )
            for f in found.named
        ]
    tables = listing(
        text.how_many(n, _NOUNS.get(t, t))
        for t, n in sorted(found.counts.items(), key=lambda x: (-x[1], x[0]))
    )
    example = found.named[0].ref
    return [
        _(
            "warning: {n} facts would be recorded without a source ({tables}): cite each later"
            " with `citylinks cite REF KEY`, e.g. `citylinks cite {example} KEY`",
            n=found.total,
            tables=tables,
            example=example,
        )
        if dry_run
        else _(
            "warning: {n} facts were recorded without a source ({tables}): cite each later with"
            " `citylinks cite REF KEY`, e.g. `citylinks cite {example} KEY`",
            n=found.total,
            tables=tables,
            example=example,
        )
    ]


# How a summary counts the facts of each table.
_NOUNS = {
    "membership_phase": N_("phase"),
    "attendance_claim": N_("attendance count"),
    "member_count_claim": N_("member count"),
    "session_numbering": N_("numbering"),
    "attendance": N_("attendee"),
}
