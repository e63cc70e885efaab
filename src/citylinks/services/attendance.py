"""Who attended a session and how many, as sources say: `citylinks attend add|edit|remove`
and `citylinks attend count [add]|edit|remove`."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from citylinks.errors import Ambiguous, CitylinksError, Conflict, NotFound
from citylinks.i18n import N_, _, digits, language, listing, ngettext
from citylinks.model import Attendance, AttendanceClaim, City, Organization, Person
from citylinks.schema import LARGEST_NUMBER
from citylinks.services import fields
from citylinks.services.audit_log import check_version
from citylinks.services.common import Done, if_given, sources_by_keys
from citylinks.services.lookup import find_city, find_organization, find_person
from citylinks.services.sessions import (
    changes_words,
    find_session,
    parse_number,
    record_id,
    session_label,
)
from citylinks.vocab import ATTENDEE_KINDS, word

_FINDERS: dict[str, Callable[[Session, str], City | Organization | Person]] = {
    "city": find_city,
    "org": find_organization,
    "person": find_person,
}
_WORDS = {"city": N_("city"), "org": N_("organization"), "person": N_("person")}


def find_attendee(session: Session, who: str, kind: str | None = None):
    """(kind, record) for WHO: a city, an organization or a person. Without `kind`, every
    kind is tried; a name found as more than one kind is refused, naming each."""
    if kind is not None:
        kind = fields.ATTENDEE_KIND.clean(kind)
        return kind, _FINDERS[kind](session, who)
    found = []
    hints = []
    for each, finder in _FINDERS.items():
        try:
            found.append((each, finder(session, who)))
        except NotFound as exc:
            # lookup's " Did you mean ...?", in the interface language
            asked, _names, ended = _(" Did you mean {names}?").partition("{names}")
            hint = str(exc).partition(asked.strip())[2]
            if hint:
                hints.append(
                    _(
                        "the {kind} {names}",
                        kind=_(_WORDS[each]),
                        names=hint.strip().removesuffix(ended.strip()).strip(),
                    )
                )
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        named = _(" and ").join(
            _("the {kind} {name} (id {id})", kind=_(_WORDS[k]), name=_display(k, r), id=r.id)
            for k, r in found
        )
        kinds = " or ".join(f"--kind {k}" for k, _unused in found)
        raise Ambiguous(
            _("'{who}' names {named}: add {kinds} to say which", who=who, named=named, kinds=kinds)
        )
    suggestion = _(" Did you mean {names}?", names=_(" or ").join(hints)) if hints else ""
    raise NotFound(
        _(
            "no city, organization or person matches '{who}'.{suggestion} Record it first (`citylinks city add`, `citylinks org add` or `citylinks person add`)",
            who=who,
            suggestion=suggestion,
        )
    )


def _display(kind: str, record) -> str:
    return record.label if kind == "org" else record.name(language())


def add_attendee(
    session: Session,
    org_query: str,
    number: str,
    who: str,
    *,
    series: str | None = None,
    kind: str | None = None,
    role: str = "delegation",
    on_behalf_of: str | None = None,
    note: str | None = None,
    sources: list[str] | None = None,
) -> Done:
    """Record that WHO attended the session, in ROLE, perhaps on behalf of a city."""
    chosen_role = fields.ATTENDANCE_ROLE.clean(role)
    meeting = find_session(session, org_query, number, series)
    found_kind, record = find_attendee(session, who, kind)
    behalf = find_city(session, on_behalf_of) if on_behalf_of else None
    field = {"city": "city", "org": "organization", "person": "person"}[found_kind]
    for existing in meeting.attendees:
        if getattr(existing, field) is record and existing.role == chosen_role:
            raise Conflict(
                _(
                    "{display} is already recorded at {session_label} as {chosen_role} ({value}); nothing was recorded",
                    display=_display(found_kind, record),
                    session_label=session_label(meeting),
                    chosen_role=word("role_", chosen_role),
                    value=listing(s.key for s in existing.sources) or _("no source"),
                )
            )
    # Linked by id, not appended to meeting.attendees: the session row itself is unchanged
    # (no new version, no audit entry for it).
    attendee = Attendance(
        session_id=meeting.id,
        role=chosen_role,
        on_behalf_of_city=behalf,
        note=if_given(fields.NOTE, note),
        sources=sources_by_keys(session, sources),
        **{field: record},
    )
    session.add(attendee)
    session.flush()
    values = {
        "session": session_label(meeting),
        "kind": _(_WORDS[found_kind]),
        "name": _display(found_kind, record),
        "role": word("role_", chosen_role),
    }
    if behalf is not None:
        return Done(
            _(
                "{session}: attended by the {kind} {name} on behalf of {behalf} ({role})",
                behalf=behalf.name(language()),
                **values,
            ),
            [],
        )
    return Done(_("{session}: attended by the {kind} {name} ({role})", **values), [])


def _check_count(count: int) -> None:
    if count < 0:
        raise CitylinksError(_("the count must be 0 or more, not {count}", count=count))
    if count > LARGEST_NUMBER:
        raise CitylinksError(
            _(
                "the count {count} is too large: at most {largest_number}",
                count=count,
                largest_number=LARGEST_NUMBER,
            )
        )


def add_count(
    session: Session,
    org_query: str,
    number: str,
    count: int,
    *,
    qualifier: str = "exactly",
    counted: str | None = None,
    sources: list[str] | None = None,
    series: str | None = None,
) -> Done:
    """Record a source's count of who attended ("more than 100 mayors and city managers")."""
    _check_count(count)
    if not sources:
        raise CitylinksError(_("give the --source that gives this count"))
    chosen = fields.COUNT_QUALIFIER.clean(qualifier)
    what = if_given(fields.COUNTED, counted)
    meeting = find_session(session, org_query, number, series)
    for existing in meeting.counts:
        if (existing.number, existing.qualifier, existing.counted) == (count, chosen, what):
            raise Conflict(
                _(
                    "{session_label} already has this count ({listed}); nothing was recorded",
                    session_label=session_label(meeting),
                    listed=listing(s.key for s in existing.sources),
                )
            )
    claim = AttendanceClaim(
        session_id=meeting.id,
        number=count,
        qualifier=chosen,
        counted=what,
        sources=sources_by_keys(session, sources),
    )
    session.add(claim)
    session.flush()
    return Done(
        _("{session}: {count}", session=session_label(meeting), count=_count_words(claim)), []
    )


def _count_words(claim: AttendanceClaim) -> str:
    """'more than 100 mayors (S1)'."""
    said = ""
    if claim.qualifier != "exactly":
        said = (
            word("", claim.qualifier) if language() == "fa" else claim.qualifier.replace("-", " ")
        )
    words = " ".join(x for x in (said, digits(claim.number), claim.counted or "") if x)
    keys = listing(s.key for s in claim.sources) or _("no source")
    return f"{words} ({keys})"


# --- corrections -------------------------------------------------------------------------------


def _attendee_words(attendee: Attendance) -> str:
    """'the city Yazd (delegation)', 'the person Alireza Amrollahi on behalf of Yazd (guest)'."""
    if attendee.city is not None:
        kind, name = _WORDS["city"], attendee.city.name(language())
    elif attendee.organization is not None:
        kind, name = _WORDS["org"], attendee.organization.label
    else:
        kind, name = _WORDS["person"], attendee.person.name(language()) if attendee.person else "?"
    values = {"kind": _(kind), "name": name, "role": word("role_", attendee.role)}
    behalf = None
    if attendee.on_behalf_of_city is not None:
        behalf = attendee.on_behalf_of_city.name(language())
    elif attendee.on_behalf_of_organization is not None:
        behalf = attendee.on_behalf_of_organization.label
    if behalf is not None:
        return _("the {kind} {name} on behalf of {behalf} ({role})", behalf=behalf, **values)
    return _("the {kind} {name} ({role})", **values)


# How many records a refusal lists before it points to `session show` for the rest.
_LISTED = 8


def _listed(attendees: list[Attendance]) -> str:
    shown = listing(f"#{digits(a.id)} {_attendee_words(a)}" for a in attendees[:_LISTED])
    if len(attendees) > _LISTED:
        shown += _(" and {n} more (see `citylinks session show`)", n=len(attendees) - _LISTED)
    return shown


def find_attendance(
    session: Session,
    org_query: str,
    number: str,
    who: str,
    *,
    series: str | None = None,
    kind: str | None = None,
) -> Attendance:
    """One attendance record of a session: '#ID' as `session show` prints it, or WHO (a city,
    an organization or a person among those recorded at the session). WHO recorded more than
    once (in two roles) is refused, listing the records by #ID."""
    meeting = find_session(session, org_query, number, series)
    wanted_id = record_id(who)
    if wanted_id is not None:
        found = [a for a in meeting.attendees if a.id == wanted_id]
        if not found:
            raise NotFound(
                _(
                    "{session_label} has no attendance record #{wanted_id}: its records are {value}",
                    session_label=session_label(meeting),
                    wanted_id=wanted_id,
                    value=_listed(meeting.attendees) or _("none"),
                )
            )
        return found[0]
    kinds = [fields.ATTENDEE_KIND.clean(kind)] if kind is not None else list(ATTENDEE_KINDS)
    found = []
    for each in kinds:
        try:
            record = _FINDERS[each](session, who)
        except NotFound:
            continue
        field = {"city": "city", "org": "organization", "person": "person"}[each]
        found.extend(a for a in meeting.attendees if getattr(a, field) is record)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(
            _(
                "'{who}' is not recorded as attending {session_label}: its attendance records are {value}",
                who=who,
                session_label=session_label(meeting),
                value=_listed(meeting.attendees) or _("none"),
            )
        )
    raise Ambiguous(
        _(
            "'{who}' has {n} attendance records at {session_label}: {listed}; give the one you mean as #ID",
            who=who,
            n=len(found),
            session_label=session_label(meeting),
            listed=_listed(found),
        )
    )


def _label(attendee: Attendance) -> str:
    return f"#{digits(attendee.id)}"


def edit_attendance(
    session: Session,
    org_query: str,
    number: str,
    who: str,
    *,
    series: str | None = None,
    kind: str | None = None,
    role: str | None = None,
    on_behalf_of: str | None = None,
    note: str | None = None,
    expect_version: int | None = None,
) -> Done:
    """Change an attendance record's role, the city it was on behalf of, or its note."""
    if role is None and on_behalf_of is None and note is None:
        raise CitylinksError(
            _(
                "nothing to change: give --role, --on-behalf-of ('' clears it) or --note ('' clears it)"
            )
        )
    attendee = find_attendance(session, org_query, number, who, series=series, kind=kind)
    session.refresh(attendee, with_for_update=True)
    check_version(attendee, expect_version, N_("attendance record"), _label(attendee))
    meeting = find_session(session, org_query, number, series)
    changed = []
    with session.no_autoflush:
        if role is not None:
            chosen = fields.ATTENDANCE_ROLE.clean(role)
            for other in meeting.attendees:
                if (
                    other is not attendee
                    and other.role == chosen
                    and (other.city_id, other.organization_id, other.person_id)
                    == (attendee.city_id, attendee.organization_id, attendee.person_id)
                ):
                    raise Conflict(
                        _(
                            "{session_label} already has {attendee_words} (#{id}); nothing was changed",
                            session_label=session_label(meeting),
                            attendee_words=_attendee_words(other),
                            id=other.id,
                        )
                    )
            if attendee.role != chosen:
                attendee.role = chosen
                changed.append(N_("role"))
        if on_behalf_of is not None:
            behalf = find_city(session, on_behalf_of) if on_behalf_of.strip() else None
            if attendee.on_behalf_of_city is not behalf:
                attendee.on_behalf_of_city = behalf
                changed.append(N_("on behalf of"))
        if note is not None:
            cleaned = if_given(fields.NOTE, note)
            if attendee.note != cleaned:
                attendee.note = cleaned
                changed.append(N_("note"))
    session.flush()
    return Done(
        _(
            "{session}: #{id} {attendee} ({changes}version {version})",
            session=session_label(meeting),
            id=attendee.id,
            attendee=_attendee_words(attendee),
            changes=changes_words(changed),
            version=attendee.version,
        ),
        [],
    )


def remove_attendance(
    session: Session,
    org_query: str,
    number: str,
    who: str,
    *,
    series: str | None = None,
    kind: str | None = None,
    expect_version: int | None = None,
) -> Done:
    """Remove an attendance record of a session."""
    attendee = find_attendance(session, org_query, number, who, series=series, kind=kind)
    session.refresh(attendee, with_for_update=True)
    check_version(attendee, expect_version, N_("attendance record"), _label(attendee))
    meeting = find_session(session, org_query, number, series)
    words = f"#{digits(attendee.id)} {_attendee_words(attendee)}"
    session.delete(attendee)
    session.flush()
    return Done(_("{session}: {words}", session=session_label(meeting), words=words), [])


def find_count(
    session: Session, org_query: str, number: str, which: str, series: str | None = None
) -> AttendanceClaim:
    """One of a session's counts: '#ID', or its place N in the list `session show` prints
    (1 for the first)."""
    meeting = find_session(session, org_query, number, series)
    listed = listing(
        f"{digits(i)}. #{digits(c.id)} {_count_words(c)}" for i, c in enumerate(meeting.counts, 1)
    )
    wanted_id = record_id(which)
    if wanted_id is not None:
        found = [c for c in meeting.counts if c.id == wanted_id]
        if not found:
            raise NotFound(
                _(
                    "{session_label} has no count #{wanted_id}: its counts are {value}",
                    session_label=session_label(meeting),
                    wanted_id=wanted_id,
                    value=listed or _("none recorded"),
                )
            )
        return found[0]
    place = parse_number(which, "count's place")
    if place > len(meeting.counts):
        raise NotFound(
            ngettext(
                "{session_label} has {n} count, not {place}: its counts are {value}; give the place as `session show` lists it, or #ID",
                "{session_label} has {n} counts, not {place}: its counts are {value}; give the place as `session show` lists it, or #ID",
                len(meeting.counts),
                session_label=session_label(meeting),
                n=len(meeting.counts),
                place=place,
                value=listed or _("none recorded"),
            )
        )
    return meeting.counts[place - 1]


def edit_count(
    session: Session,
    org_query: str,
    number: str,
    which: str,
    *,
    series: str | None = None,
    count: int | None = None,
    qualifier: str | None = None,
    counted: str | None = None,
    expect_version: int | None = None,
) -> Done:
    """Change a count's number, qualifier or the words of what was counted."""
    if count is None and qualifier is None and counted is None:
        raise CitylinksError(
            _("nothing to change: give --count N, --qualifier or --counted TEXT ('' clears it)")
        )
    claim = find_count(session, org_query, number, which, series)
    session.refresh(claim, with_for_update=True)
    check_version(claim, expect_version, N_("count"), f"#{digits(claim.id)}")
    meeting = find_session(session, org_query, number, series)
    if count is not None:
        _check_count(count)
    new = (
        count if count is not None else claim.number,
        fields.COUNT_QUALIFIER.clean(qualifier) if qualifier is not None else claim.qualifier,
        if_given(fields.COUNTED, counted) if counted is not None else claim.counted,
    )
    for other in meeting.counts:
        if other is not claim and (other.number, other.qualifier, other.counted) == new:
            raise Conflict(
                _(
                    "{session_label} already has this count (#{id} {count_words}); nothing was changed",
                    session_label=session_label(meeting),
                    id=other.id,
                    count_words=_count_words(other),
                )
            )
    names = (N_("number"), N_("qualifier"), N_("counted"))
    changed = [n for n, v in zip(names, new, strict=True) if getattr(claim, n) != v]
    claim.number, claim.qualifier, claim.counted = new
    session.flush()
    return Done(
        _(
            "{session}: count #{id} {count} ({changes}version {version})",
            session=session_label(meeting),
            id=claim.id,
            count=_count_words(claim),
            changes=changes_words(changed),
            version=claim.version,
        ),
        [],
    )


def remove_count(
    session: Session,
    org_query: str,
    number: str,
    which: str,
    *,
    series: str | None = None,
    expect_version: int | None = None,
) -> Done:
    """Remove a source's count of a session's attendance."""
    claim = find_count(session, org_query, number, which, series)
    session.refresh(claim, with_for_update=True)
    check_version(claim, expect_version, N_("count"), f"#{digits(claim.id)}")
    meeting = find_session(session, org_query, number, series)
    words = f"count #{digits(claim.id)} {_count_words(claim)}"
    session.delete(claim)
    session.flush()
    return Done(_("{session}: {words}", session=session_label(meeting), words=words), [])
