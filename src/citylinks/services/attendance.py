"""Who attended a session and how many, as sources say: `citylinks attend add|count`."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from citylinks.errors import Ambiguous, CitylinksError, Conflict, NotFound
from citylinks.model import Attendance, AttendanceClaim, City, Organization, Person
from citylinks.schema import LARGEST_NUMBER
from citylinks.services import fields
from citylinks.services.common import if_given, sources_by_keys
from citylinks.services.lookup import find_city, find_organization, find_person
from citylinks.services.sessions import Done, find_session, session_label
from citylinks.vocab import choose

ATTENDEE_KINDS = ("city", "org", "person")
_FINDERS: dict[str, Callable[[Session, str], City | Organization | Person]] = {
    "city": find_city,
    "org": find_organization,
    "person": find_person,
}
_WORDS = {"city": "city", "org": "organization", "person": "person"}


def find_attendee(session: Session, who: str, kind: str | None = None):
    """(kind, record) for WHO: a city, an organization or a person. Without `kind`, every
    kind is tried; a name found as more than one kind is refused, naming each."""
    if kind is not None:
        kind = choose(kind, ATTENDEE_KINDS, "--kind")
        return kind, _FINDERS[kind](session, who)
    found = []
    hints = []
    for each, finder in _FINDERS.items():
        try:
            found.append((each, finder(session, who)))
        except NotFound as exc:
            hint = str(exc).partition("Did you mean")[2]
            if hint:
                hints.append(f"the {_WORDS[each]} {hint.strip().rstrip('?')}")
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        named = " and ".join(f"the {_WORDS[k]} {_display(k, r)} (id {r.id})" for k, r in found)
        kinds = " or ".join(f"--kind {k}" for k, _ in found)
        raise Ambiguous(f"'{who}' names {named}: add {kinds} to say which")
    suggestion = f" Did you mean {' or '.join(hints)}?" if hints else ""
    raise NotFound(
        f"no city, organization or person matches '{who}'.{suggestion} Record it first"
        " (`citylinks city add`, `citylinks org add` or `citylinks person add`)"
    )


def _display(kind: str, record) -> str:
    return record.label if kind == "org" else record.name()


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
                f"{_display(found_kind, record)} is already recorded at {session_label(meeting)}"
                f" as {chosen_role} ({', '.join(s.key for s in existing.sources) or 'no source'});"
                " nothing was recorded"
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
    shown = f"{_WORDS[found_kind]} {_display(found_kind, record)}"
    if behalf is not None:
        shown += f" on behalf of {behalf.name()}"
    return Done(f"{session_label(meeting)}: attended by the {shown} ({chosen_role})", [])


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
    if count < 0:
        raise CitylinksError(f"the count must be 0 or more, not {count}")
    if count > LARGEST_NUMBER:
        raise CitylinksError(f"the count {count} is too large: at most {LARGEST_NUMBER}")
    if not sources:
        raise CitylinksError("give the --source that gives this count")
    chosen = fields.COUNT_QUALIFIER.clean(qualifier)
    what = if_given(fields.COUNTED, counted)
    meeting = find_session(session, org_query, number, series)
    for existing in meeting.counts:
        if (existing.number, existing.qualifier, existing.counted) == (count, chosen, what):
            raise Conflict(
                f"{session_label(meeting)} already has this count"
                f" ({', '.join(s.key for s in existing.sources)}); nothing was recorded"
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
    said = chosen.replace("-", " ") if chosen != "exactly" else ""
    words = " ".join(x for x in (said, str(count), what or "") if x)
    keys = ", ".join(s.key for s in claim.sources)
    return Done(f"{session_label(meeting)}: {words} ({keys})", [])
