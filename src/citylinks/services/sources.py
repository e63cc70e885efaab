"""Sources: what an officer read (a news release, a decision letter), under a short key (`S4`)
that every other command accepts with `--source`: correcting, removing and merging them (a new
source is recorded by services.recording, on Core)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from citylinks import text
from citylinks.errors import CitylinksError, Conflict, NotFound
from citylinks.i18n import N_, _, digits, listing, ngettext, title_word
from citylinks.model import Base, Source
from citylinks.schema import CITING
from citylinks.services import fields
from citylinks.services.audit_log import check_version
from citylinks.services.common import if_given, parse_date
from citylinks.services.names import (
    check_new_key,
    fill_blanks,
    lang_tag,
    note_in_log,
)
from citylinks.services.recording import web_address


def get_source(session: Session, key: str) -> Source:
    wanted = key.strip()
    found = session.scalars(
        select(Source).where(func.upper(Source.key) == wanted.upper())
    ).one_or_none()
    if found is None:
        raise NotFound(
            _(
                "no source with key '{key}': see `citylinks source list`, or record it with `citylinks source add`",
                key=key,
            )
        )
    return found


# --- correcting, removing, merging ---------------------------------------------------------------


@dataclass
class SourceEdit:
    """The fields to change; None leaves one as it is, '' clears an optional one."""

    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    retrieved: str | None = None
    language: str | None = None
    kind: str | None = None
    excerpt: str | None = None
    note: str | None = None
    key: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in dataclass_fields(self))


def edit_source(
    session: Session, key: str, edit: SourceEdit, expect_version: int | None = None
) -> Source:
    """Correct a source's fields or key; refused if it changed since the officer read version
    `expect_version`. An empty value ('') clears an optional field."""
    if edit.is_empty():
        raise CitylinksError(
            _("nothing to change: give at least one option (see `citylinks source edit --help`)")
        )
    source = get_source(session, key)
    check_version(source, expect_version, N_("source"), source.key)
    with session.no_autoflush:
        if edit.title is not None:
            source.title = fields.SOURCE_TITLE.clean(edit.title)
        if edit.publisher is not None:
            source.publisher = if_given(fields.SOURCE_PUBLISHER, edit.publisher)
        if edit.url is not None:
            source.url = web_address(edit.url) if edit.url.strip() else None
        if edit.published is not None:
            source.published = parse_date(edit.published or None, "--published")
        if edit.retrieved is not None:
            source.retrieved = parse_date(edit.retrieved or None, "--retrieved")
        if edit.language is not None:
            source.language = lang_tag(edit.language) if edit.language.strip() else None
        if edit.kind is not None:
            source.kind = fields.SOURCE_KIND.clean(edit.kind)
        if edit.excerpt is not None:
            source.excerpt = if_given(fields.SOURCE_EXCERPT, edit.excerpt)
        if edit.note is not None:
            source.note = if_given(fields.NOTE, edit.note)
        if edit.key is not None:
            source.key = _free_key(session, source, edit.key)
    if not session.is_modified(source):
        raise CitylinksError(
            _("source {source_key} says that already: nothing to change", source_key=source.key)
        )
    session.flush()
    return source


def _free_key(session: Session, source: Source, wanted: str) -> str:
    new = check_new_key(wanted, fields.SOURCE_KEY)
    if new == source.key:
        raise CitylinksError(
            _("source {source_key} has that key already: nothing to change", source_key=source.key)
        )
    # Keys are found in any case (`s1` is S1): a key differing only in case is taken too.
    taken = session.scalars(
        select(Source).where(func.upper(Source.key) == new.upper(), Source.id != source.id)
    ).first()
    if taken is not None:
        raise Conflict(
            _(
                "the key '{new}' is taken by source {taken_key}: choose another",
                new=new,
                taken_key=taken.key,
            )
        )
    return new


def citing_rows(session: Session, source: Source) -> list[tuple[str, Any]]:
    """Every record citing `source`, as (table name, mapped row), by table then id."""
    mapped = {getattr(m.class_, "__tablename__", ""): m.class_ for m in Base.registry.mappers}
    found: list[tuple[str, Any]] = []
    for name, link in sorted(CITING.items()):
        model = mapped[name]
        own = link.c[f"{name}_id"]
        rows = session.scalars(
            select(model)
            .where(model.id.in_(select(own).where(link.c.source_id == source.id)))
            .order_by(model.id)
        )
        found.extend((name, row) for row in rows)
    return found


def describe_record(table: str, row) -> str:
    """How an officer names a citing record: 'city yazd', 'Yazd in AMF, phase 2',
    'session AMF general-assembly 1'."""
    from citylinks.model import City
    from citylinks.model import Session as MeetingSession
    from citylinks.services.sessions import session_label

    held = object_session(row)

    def meeting(session_id: int) -> str:
        found = held.get(MeetingSession, session_id) if held is not None else None
        return session_label(found) if found is not None else f"#{digits(session_id)}"

    if table in ("city", "person"):
        return _("city {key}", key=row.key) if table == "city" else _("person {key}", key=row.key)
    if table in ("city_name", "organization_name", "person_name"):
        owner = getattr(row, table.removesuffix("_name"))
        return row.name_label(owner.name())
    if table == "organization":
        return _("organization {label}", label=row.label)
    if table == "membership_phase":
        m = row.membership
        return _(
            "{city} in {org}, phase {position}",
            city=m.member_name,
            org=m.organization.label,
            position=row.position,
        )
    if table == "session":
        return _("session {label}", label=session_label(row))
    if table == "post":
        return _("post '{title}' of {person}", title=title_word(row.title), person=row.person.key)
    if table == "role":
        return _(
            "role '{title}' of {city} in {org}",
            title=title_word(row.title),
            city=row.city.key,
            org=row.organization.label,
        )
    if table == "designation":
        city = held.get(City, row.city_id) if held is not None else None
        return _(
            "designation '{name}' of city {city}",
            name=row.name,
            city=city.key if city else row.city_id,
        )
    if table in ("session_numbering", "attendance_claim", "attendance"):
        return _(
            "{what} #{id} of session {session}",
            what=_(table.replace("_", " ")),
            id=row.id,
            session=meeting(row.session_id),
        )
    return f"{_(table.replace('_', ' '))} #{digits(row.id)}"


def _cited(session: Session, fact) -> list[Source]:
    from citylinks.services.facts import cited

    return cited(session, fact)


def remove_source(session: Session, key: str, expect_version: int | None = None) -> Source:
    """Remove a source nothing cites; refused, naming what cites it, otherwise."""
    source = get_source(session, key)
    check_version(source, expect_version, N_("source"), source.key)
    from citylinks.services.facts import dates_citing

    citing: list[str] = [describe_record(t, r) for t, r in citing_rows(session, source)]
    citing += [fact.label for fact in dates_citing(session, source)]
    if citing:
        named = listing(citing[:5], ";")
        more = f"; and {len(citing) - 5} more" if len(citing) > 5 else ""
        raise Conflict(
            ngettext(
                "source {source_key} is cited by {n} record ({named}{more}): uncite it there first, or merge it into the source it repeats with `citylinks source merge KEEP {source_key}`",
                "source {source_key} is cited by {n} records ({named}{more}): uncite it there first, or merge it into the source it repeats with `citylinks source merge KEEP {source_key}`",
                len(citing),
                source_key=source.key,
                n=len(citing),
                named=named,
                more=more,
            )
        )
    session.delete(source)
    session.flush()
    return source


# A source's fields a merge fills in on KEEP from OTHER when KEEP lacks them.
_FILLED = ("publisher", "url", "published", "retrieved", "language", "excerpt", "note")


@dataclass
class SourcesMerged:
    keep: str
    other: str
    moved: int  # records that cited OTHER and now cite KEEP
    collapsed: int  # of those, records that cited both (now KEEP once)
    filled: list[str]  # KEEP's blank fields taken from OTHER
    differing: list[str]  # fields both give differently (KEEP's kept; OTHER's in the log)


def merge_sources(
    session: Session,
    keep_key: str,
    other_key: str,
    expect_version: int | None = None,
    expect_other_version: int | None = None,
) -> SourcesMerged:
    """Merge OTHER into KEEP, two records of one source: every record citing OTHER cites
    KEEP instead (once, if it cited both), KEEP takes the fields it lacks from OTHER, and
    OTHER is removed; the log keeps OTHER's fields and every citation moved."""
    keep = get_source(session, keep_key)
    other = get_source(session, other_key)
    if keep is other:
        raise CitylinksError(
            _(
                "{keep_key} and {other_key} are the same source: nothing to merge",
                keep_key=keep_key,
                other_key=other_key,
            )
        )
    check_version(keep, expect_version, N_("source"), keep.key)
    check_version(other, expect_other_version, N_("source"), other.key)
    note_in_log(session, f"merged source {other.key} into {keep.key}")
    moved = collapsed = 0
    for _table, row in citing_rows(session, other):
        cited = list(row.sources)
        if keep in cited:
            collapsed += 1
        row.sources = list(dict.fromkeys(keep if s is other else s for s in cited))
        moved += 1
    from citylinks.services.facts import dates_citing, move_date_citations

    session.flush()
    dated = dates_citing(session, other)
    collapsed += sum(keep in facts_cited for facts_cited in (_cited(session, f) for f in dated))
    moved += len(dated)
    move_date_citations(session, other, keep)
    filled, differing = fill_blanks(keep, other, _FILLED)
    if other.kind != keep.kind:
        differing.append("kind")
    if text.fold(other.title) != text.fold(keep.title):
        differing.append("title")
    session.flush()
    session.delete(other)
    session.flush()
    return SourcesMerged(keep.key, other.key, moved, collapsed, filled, differing)
