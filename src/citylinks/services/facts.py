"""Any recorded fact, named the way an officer names it, and the sources it cites:
`citylinks cite REF KEY...` and `citylinks uncite REF KEY...`, and the sourcing policy (a fact
recorded without a source is warned about, or refused where the office requires sources).

A REF is one of the forms in FORMS: a kind and what names the record of that kind
(`phase:Yazd/AMF/2`, `session:AMF/general-assembly/1`, `city:Yazd`, `post:17`), or the generic
`TABLE#ID` that `citylinks log` shows (`membership_phase#3`). The records that cite sources
are the rows of the tables in schema.CITING; a session's start and end dates cite sources of
their own (schema.session_date_source: `session-start:AMF/general-assembly/1`), and so does
each name of a city, an organization or a person (`city-name:Yazd/fa/یزد`); a name's citation
counts as a change of the record it names (its version), as editing its names does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from citylinks import audit, schema, text
from citylinks.dates import for_message
from citylinks.errors import CitylinksError, Conflict, NotFound
from citylinks.i18n import N_, _, language, listing, title_word
from citylinks.model import (
    Attendance,
    AttendanceClaim,
    Base,
    City,
    Designation,
    MemberCountClaim,
    Membership,
    Motto,
    Organization,
    Person,
    Post,
    Role,
    SessionNumbering,
    Source,
)
from citylinks.model import Session as MeetingSession
from citylinks.services import settings
from citylinks.services.audit_log import check_version, touch
from citylinks.services.common import sources_by_keys
from citylinks.services.lookup import find_city, find_organization, find_person
from citylinks.services.sessions import find_session, session_label, session_ref
from citylinks.vocab import word

# The forms a REF takes, as `cite --help` and every refusal list them.
FORMS = (
    N_("phase:CITY/ORG/N (N as `member history` numbers the phases)"),
    "session:ORG/SERIES/N",
    "session-start:ORG/SERIES/N",
    "session-end:ORG/SERIES/N",
    "city:CITY",
    "org:ORG",
    "person:PERSON",
    N_("city-name:CITY/LANG/NAME (/NAME may be left out when CITY has one name in LANG)"),
    "org-name:ORG/LANG/NAME",
    "person-name:PERSON/LANG/NAME",
    "post:ID",
    "role:ID",
    N_("count:ID (an attendance count)"),
    "member-count:ID",
    "numbering:ID",
    "motto:ID",
    "attendee:ID",
    "designation:ID",
    N_("TABLE#ID as `citylinks log` shows it (e.g. membership_phase#3)"),
)
FORMS_TEXT = ", ".join(FORMS)  # in English; forms_text() in the interface language


def forms_text() -> str:
    return listing(_(form) for form in FORMS)


# The kinds named by their row id, with the mapped class of each.
_BY_ID: dict[str, type[Base]] = {
    "post": Post,
    "role": Role,
    "count": AttendanceClaim,
    "member-count": MemberCountClaim,
    "numbering": SessionNumbering,
    "motto": Motto,
    "attendee": Attendance,
    "designation": Designation,
}
# How a REF names a row of each table whose rows are named by id.
_KIND_OF_TABLE = {model.__tablename__: kind for kind, model in _BY_ID.items()}
# A session's dates, by the kind that names them.
_DATE_KINDS = {"session-start": "start", "session-end": "end"}
# The names of a record, by the kind that names them: the kind of the record they name.
_NAME_KINDS = {
    "city-name": "city",
    "org-name": "organization",
    "organization-name": "organization",
    "person-name": "person",
}
_NAME_KIND_OF_TABLE = {
    "city_name": "city-name",
    "organization_name": "org-name",
    "person_name": "person-name",
}


@dataclass(frozen=True)
class Fact:
    """A recorded fact that cites sources: a row of a table in schema.CITING, or one date of
    a session (`part`: 'start' or 'end'), which cites sources of its own."""

    table: str
    row: Any  # the cited row (for a session's date: the session)
    ref: str  # the canonical REF: phase:yazd/amf/2
    label: str  # in words: "Yazd in AMF, phase 2"
    part: str | None = None
    # The row whose version a change of the fact makes new (--expect-version is checked
    # against it): the cited row itself, or for a name the record it names.
    holder: Any = None

    @property
    def versioned(self) -> Any:
        return self.row if self.holder is None else self.holder


@dataclass(frozen=True)
class CitationChange:
    """What `cite` or `uncite` did: the fact, the sources it cites now, the keys added or
    removed, and the version of the cited row after the change."""

    fact: Fact
    changed: list[str]
    sources: list[str]
    version: int


def _unknown(ref: str, why: str = N_("is not a fact citylinks knows")) -> CitylinksError:
    return CitylinksError(
        _(
            "'{ref}' {why}: name a fact as one of {forms_text}",
            ref=ref,
            why=_(why),
            forms_text=forms_text(),
        )
    )


def is_ref(typed: str) -> bool:
    """Whether `typed` is written as a REF (`phase:yazd/amf/2`, `post:7`, `city_name#3`), not
    as a record's key or name: `log --record` takes both."""
    head, sep, _unused = typed.partition(":")
    if sep and "/" not in head:
        kind = head.strip().lower()
        return kind in ("phase", "session", "city", "org", "organization", "person", "name") or (
            kind in _DATE_KINDS or kind in _BY_ID or kind in _NAME_KINDS
        )
    table, sep, row_id = typed.partition("#")
    return bool(sep) and table.strip().isidentifier() and row_id.strip().isdigit()


def row_named(typed: str) -> tuple[str, int] | None:
    """The (table, id) a REF names by its id (`post:7`, `membership_phase#3`), whether or not
    the row is still there (the log keeps a removed row's history); None for other forms."""
    if "#" in typed and ":" not in typed.split("#", 1)[0]:
        table, _unused, row_id = typed.partition("#")
        table = table.strip().lower()
        known = table in schema.metadata.tables
    else:
        kind, _unused, row_id = typed.partition(":")
        cls = _BY_ID.get(kind.strip().lower())
        table = cls.__tablename__ if cls is not None else ""
        known = cls is not None
    row_id = row_id.strip().lstrip("#")
    return (table, int(row_id)) if known and row_id.isdigit() else None


def find_fact(session: Session, ref: str) -> Fact:
    """The fact `ref` names (one of FORMS); an unknown form is refused with the forms there
    are, and a record that is not there with the lookup's own message."""
    cleaned = text.clean_name(ref, "fact reference", 400) if ref.strip() else ""
    if not cleaned:
        raise _unknown(ref, "is empty")
    if "#" in cleaned and ":" not in cleaned.split("#", 1)[0]:
        table, _unused, row_id = cleaned.partition("#")
        return _by_table(session, cleaned, table.strip().lower(), row_id.strip())
    kind, sep, what = cleaned.partition(":")
    kind, what = kind.strip().lower(), what.strip()
    if not sep or not what:
        raise _unknown(ref)
    if kind == "phase":
        return _phase(session, what)
    if kind == "session":
        return describe(session, _session(session, what))
    if kind in _DATE_KINDS:
        return _session_date(_session(session, what), _DATE_KINDS[kind])
    if kind == "city":
        return describe(session, find_city(session, what))
    if kind in ("org", "organization"):
        return describe(session, find_organization(session, what))
    if kind == "person":
        return describe(session, find_person(session, what))
    if kind in _BY_ID:
        return describe(session, _get(session, _BY_ID[kind], what, kind))
    if kind in _NAME_KINDS:
        return _name(session, kind, what)
    if kind == "name":
        raise CitylinksError(
            _(
                "'{ref}': say whose name it is: city-name:CITY/LANG/NAME, org-name:ORG/LANG/NAME or person-name:PERSON/LANG/NAME (e.g. city-name:Yazd/fa/یزد)",
                ref=ref,
            )
        )
    raise _unknown(ref)


def _name(session: Session, kind: str, what: str) -> Fact:
    """A name of a city, organization or person: RECORD/LANG/NAME, or RECORD/LANG when the
    record has one name in that language."""
    owner_kind = _NAME_KINDS[kind]
    parts = [p.strip() for p in what.split("/", 2)]
    if len(parts) < 2 or not all(parts):
        raise _unknown(
            f"{kind}:{what}",
            _("is not {form}", form=f"{kind}:{owner_kind.upper()}/LANG/NAME"),
        )
    owner: City | Organization | Person
    if owner_kind == "city":
        owner = find_city(session, parts[0])
    elif owner_kind == "organization":
        owner = find_organization(session, parts[0])
    else:
        owner = find_person(session, parts[0])
    lang = parts[1].lower()
    names = [n for n in owner.names if n.lang == lang]
    if len(parts) == 3:
        wanted = text.fold(parts[2])
        names = [n for n in names if n.name == parts[2]] or [n for n in names if n.folded == wanted]
    if len(names) == 1:
        return describe(session, names[0])
    recorded = listing([f"{n.lang}/{n.name}" for n in owner.names], ";") or _("none")
    if not names:
        raise NotFound(
            _(
                "{owner_name} has no name {listed} (its names: {recorded}): name one as {kind}:{parts}/LANG/NAME",
                owner_name=owner.name(),
                listed="/".join(parts[1:]),
                recorded=recorded,
                kind=kind,
                parts=parts[0],
            )
        )
    raise CitylinksError(
        _(
            "{owner_name} has {n} names in {lang} ({recorded}): give the name too, {kind}:{parts}/{lang}/NAME",
            owner_name=owner.name(),
            n=len(names),
            lang=lang,
            recorded=recorded,
            kind=kind,
            parts=parts[0],
        )
    )


def _get(session: Session, model: type[Base], row_id: str, kind: str) -> Any:
    digits = text.to_ascii_digits(row_id)
    if not digits.isdigit() or len(digits) > 10:
        raise CitylinksError(
            _(
                "'{kind}:{row_id}': give the record's id, a whole number, e.g. {kind}:3",
                kind=kind,
                row_id=row_id,
            )
        )
    found = session.get(model, int(digits))
    if found is None:
        raise NotFound(
            _(
                "there is no {kind} {digits}: `citylinks log --table {tablename}` shows the ids recorded",
                # in Persian the record's kind by the log's word for its table ("نقش")
                kind=kind if language() != "fa" else _(audit.field_word(model.__tablename__)),
                digits=digits,
                tablename=model.__tablename__,
            )
        )
    return found


def _by_table(session: Session, ref: str, table: str, row_id: str) -> Fact:
    if table == "session_date_source":
        raise _unknown(ref, _("names a session's date by its table"))
    if table == "check_review":  # its sources are the review's: `check review` changes them
        raise CitylinksError(
            _(
                "'{ref}' is the review of a finding: give it other sources with `citylinks check review REF --reason TEXT --source KEY`",
                ref=ref,
            )
        )
    if table not in schema.CITING:
        known = listing(schema.CITING)
        raise _unknown(
            ref, _("names a table whose rows cite no sources (those that do: {known})", known=known)
        )
    return describe(session, _get(session, _model(table), row_id, table))


def _model(table: str) -> type[Base]:
    for mapper in Base.registry.mappers:
        if mapper.class_.__tablename__ == table:
            return mapper.class_
    raise KeyError(table)  # every table in schema.CITING is mapped


def _phase(session: Session, what: str) -> Fact:
    parts = [p.strip() for p in what.rsplit("/", 2)]
    if len(parts) != 3 or not all(parts):
        raise _unknown(f"phase:{what}", _("is not {form}", form="phase:CITY/ORG/N"))
    city = find_city(session, parts[0])
    org = find_organization(session, parts[1])
    digits = text.to_ascii_digits(parts[2])
    membership = session.scalars(
        select(Membership).where(
            Membership.city_id == city.id, Membership.organization_id == org.id
        )
    ).one_or_none()
    if membership is None:
        raise NotFound(
            _(
                "{city_name} has no recorded membership in {org_label}",
                city_name=city.name(),
                org_label=org.label,
            )
        )
    found = next((p for p in membership.phases if str(p.position) == digits), None)
    if found is None:
        numbers = listing(str(p.position) for p in membership.phases) or _("none")
        raise NotFound(
            _(
                "{city_name} has no phase {parts} in {org_label} (its phases: {numbers}): see `citylinks member history {city_key} {org_key}`",
                city_name=city.name(),
                parts=parts[2],
                org_label=org.label,
                numbers=numbers,
                city_key=city.key,
                org_key=org.key,
            )
        )
    return describe(session, found)


def _session(session: Session, what: str) -> MeetingSession:
    parts = [p.strip() for p in what.split("/")]
    if len(parts) != 3 or not all(parts):
        raise _unknown(what, _("is not ORG/SERIES/N (e.g. AMF/general-assembly/1)"))
    return find_session(session, parts[0], parts[2], series=parts[1])


def _session_date(meeting: MeetingSession, part: str) -> Fact:
    when = meeting.start if part == "start" else meeting.end
    label, shown = session_label(meeting), for_message(when)
    return Fact(
        "session",
        meeting,
        f"session-{part}:{session_ref(meeting)}",
        (
            _("the start date of {session}, {date}", session=label, date=shown)
            if part == "start"
            else _("the end date of {session}, {date}", session=label, date=shown)
        ),
        part,
    )


def describe(session: Session, row: Any) -> Fact:
    """A cited row as a Fact: its canonical REF and a label in words."""
    table = row.__tablename__
    if table == "membership_phase":
        member = row.membership
        if member.city is not None:
            ref = f"phase:{member.city.key}/{member.organization.key}/{row.position}"
        else:
            ref = f"membership_phase#{row.id}"
        label = _(
            "{city} in {org}, phase {position}",
            city=member.member_name,
            org=member.organization.label,
            position=row.position,
        )
        return Fact(table, row, ref, label)
    if table == "session":
        return Fact(table, row, f"session:{session_ref(row)}", session_label(row))
    if table == "city":
        return Fact(table, row, f"city:{row.key}", row.name())
    if table == "organization":
        return Fact(table, row, f"org:{row.key}", row.name())
    if table == "person":
        return Fact(table, row, f"person:{row.key}", row.name())
    if table in _NAME_KIND_OF_TABLE:
        owner = (
            row.city
            if table == "city_name"
            else row.organization
            if table == "organization_name"
            else row.person
        )
        ref = f"{_NAME_KIND_OF_TABLE[table]}:{owner.key}/{row.lang}/{row.name}"
        return Fact(table, row, ref, row.name_label(owner.name()), holder=owner)
    kind = _KIND_OF_TABLE[table]
    # The kind in words in the interface language (the REF keeps the word typed: attendee:7).
    label = _(
        "{kind} {id} ({about})",
        kind=_(kind.replace("-", " ")),
        id=row.id,
        about=_about(session, row),
    )
    return Fact(table, row, f"{kind}:{row.id}", label)


def _about(session: Session, row: Any) -> str:
    """What a row named by its id is about, in a few words."""
    table = row.__tablename__
    if table == "post":
        holder = row.organization.label if row.organization else row.city.name(language())
        return _(
            "{name}, {title} of {holder}",
            name=row.person.name(language()),
            title=title_word(row.title),
            holder=holder,
        )
    if table == "role":
        return _(
            "{name}, {title} of {holder}",
            name=row.city.name(language()),
            title=title_word(row.title),
            holder=row.organization.label,
        )
    if table in ("attendance_claim", "session_numbering", "attendance"):
        at = session_label(session.get_one(MeetingSession, row.session_id))
        if table == "attendance_claim":
            return _(
                "{qualifier} {number} at {session}",
                qualifier=word("", row.qualifier),
                number=row.number,
                session=at,
            )
        if table == "session_numbering":
            return _("{session} numbered {number}", session=at, number=row.number)
        who = row.city or row.organization or row.person
        return _(
            "{name} at {session}", name=who.name(language()) if who is not None else "?", session=at
        )
    if table == "member_count_claim":
        return _(
            "{qualifier} {number} members", qualifier=word("", row.qualifier), number=row.number
        )
    if table == "motto":
        return row.text
    if table == "designation":
        return row.name
    return table


# --- the sources a fact cites ----------------------------------------------------------------


def cited(session: Session, fact: Fact) -> list[Source]:
    """The sources `fact` cites, in the order they were recorded."""
    if fact.part is None:
        return list(fact.row.sources)
    link = schema.session_date_source.c
    return list(
        session.scalars(
            select(Source)
            .join(schema.session_date_source, link.source_id == Source.id)
            .where(link.session_id == fact.row.id, link.part == fact.part)
            .order_by(Source.id)
        )
    )


def date_sources(session: Session, meeting: MeetingSession) -> dict[str, list[str]]:
    """The keys of the sources each of a session's dates cites: {'start': [...], 'end': [...]}."""
    return {
        part: [s.key for s in cited(session, _session_date(meeting, part))]
        for part in schema.SESSION_DATE_PARTS
    }


def cite(
    session: Session, ref: str, keys: list[str], expect_version: int | None = None
) -> CitationChange:
    """Make the fact `ref` names cite the sources `keys` too. Refused when it cites them all
    already (nothing would change)."""
    fact = find_fact(session, ref)
    wanted = sources_by_keys(session, keys)
    _check_version(fact, expect_version)
    have = cited(session, fact)
    new = [s for s in wanted if s not in have]
    if not new:
        raise Conflict(
            _(
                "{ref} ({fact_label}) already cites {listed}: nothing to change",
                ref=fact.ref,
                fact_label=fact.label,
                listed=listing(s.key for s in wanted),
            )
        )
    return _change(session, fact, have, sorted({*have, *new}, key=lambda s: s.id), new)


def uncite(
    session: Session, ref: str, keys: list[str], expect_version: int | None = None
) -> CitationChange:
    """Make the fact `ref` names stop citing the sources `keys`. A source it does not cite is
    refused; so is leaving it with none where the office requires sources (a name excepted:
    its record's sources back it)."""
    fact = find_fact(session, ref)
    gone = sources_by_keys(session, keys)
    _check_version(fact, expect_version)
    have = cited(session, fact)
    missing = [s.key for s in gone if s not in have]
    if missing:
        cites = listing(s.key for s in have) or _("no source")
        raise Conflict(
            _(
                "{ref} ({fact_label}) does not cite {listed} (it cites {cites}): nothing was removed",
                ref=fact.ref,
                fact_label=fact.label,
                listed=listing(missing),
                cites=cites,
            )
        )
    kept = [s for s in have if s not in gone]
    # A name is sourced through its record: it may cite none of its own, policy or not.
    sourced_anyway = fact.table in schema.SOURCED_THROUGH_OWNER
    if not kept and not sourced_anyway and settings.sources_required(session):
        raise Conflict(
            _(
                "{ref} would cite no source, and sources are required in this database: cite another first (`citylinks cite {ref} KEY`), then uncite",
                ref=fact.ref,
            )
        )
    return _change(session, fact, have, kept, gone)


def _check_version(fact: Fact, expected: int | None) -> None:
    """--expect-version, checked against the fact's row, or for a name the record it names."""
    if fact.holder is None:
        check_version(fact.row, expected, fact.table, fact.ref)
    else:
        check_version(fact.holder, expected, fact.holder.__tablename__, fact.holder.key)


def _change(
    session: Session, fact: Fact, have: list[Source], after: list[Source], changed: list[Source]
) -> CitationChange:
    if fact.part is None:
        # The audit hooks log the change of `sources` (keys before and after); touch makes it
        # a new version of the row, so that an officer holding the old one is refused.
        fact.row.sources = after
    else:
        _write_date_sources(session, fact, have, after)
    touch(session, fact.versioned)
    version = fact.versioned.version
    return CitationChange(fact, [s.key for s in changed], [s.key for s in after], version)


def _write_date_sources(
    session: Session, fact: Fact, have: list[Source], after: list[Source]
) -> None:
    """Write a session date's citations, and log them as the hooks log a row's sources: an
    update of the session, `start_sources` (or `end_sources`) before and after."""
    link = schema.session_date_source
    removed = [s.id for s in have if s not in after]
    added = [s.id for s in after if s not in have]
    if removed:
        session.execute(
            delete(link).where(
                link.c.session_id == fact.row.id,
                link.c.part == fact.part,
                link.c.source_id.in_(removed),
            )
        )
    if added:
        session.execute(
            insert(link),
            [{"session_id": fact.row.id, "part": fact.part, "source_id": i} for i in added],
        )
    field = f"{fact.part}_sources"
    with audit.in_english():  # the log's own label (`log` names the row in its reader's words)
        label = audit.Labeller(session).label(fact.row)
    entry = audit.entry(
        session.info.get("now") or audit.now(),
        session.info.get("officer", "unknown"),
        "update",
        "session",
        fact.row.id,
        label,
        {field: [s.key for s in have]},
        {field: [s.key for s in after]},
    )
    audit.log_rows(session, [entry])


def dates_citing(session: Session, source: Source) -> list[Fact]:
    """The session dates that cite `source` on their own (session-start:…, session-end:…)."""
    link = schema.session_date_source.c
    found = session.execute(
        select(link.session_id, link.part)
        .where(link.source_id == source.id)
        .order_by(link.session_id, link.part)
    ).all()
    return [_session_date(session.get_one(MeetingSession, sid), part) for sid, part in found]


def move_date_citations(session: Session, other: Source, keep: Source) -> None:
    """Every session date citing `other` cites `keep` instead (once), logged as `cite` logs
    it (a source merge)."""
    for fact in dates_citing(session, other):
        have = cited(session, fact)
        after = sorted({keep if s is other else s for s in have}, key=lambda s: s.id)
        _write_date_sources(session, fact, have, after)


def add_date_sources(
    session: Session, meeting: MeetingSession, part: str, sources: list[Source]
) -> None:
    """Make a session's `part` date cite `sources` too (a file's `start_sources` and
    `end_sources`: a file only ever adds citations); logged as `cite` logs it."""
    session.flush()
    fact = _session_date(meeting, part)
    have = cited(session, fact)
    new = [s for s in sources if s not in have]
    if new:
        _write_date_sources(session, fact, have, sorted({*have, *new}, key=lambda s: s.id))
