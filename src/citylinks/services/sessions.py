"""Recording an organization's meetings: `citylinks session add|edit|numbering add`, and
finding a session by what an officer types (ORG NUMBER [--series], or ORG/SERIES/N)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from citylinks import audit, text
from citylinks.dates import for_message
from citylinks.errors import Ambiguous, CitylinksError, Conflict, NotFound
from citylinks.i18n import N_, _, digits, language, listing, ngettext, title_word
from citylinks.model import MeetingSeries, MembershipPhase, Organization, Role, SessionNumbering
from citylinks.model import Session as MeetingSession
from citylinks.services import fields
from citylinks.services.audit_log import check_version as check_row_version
from citylinks.services.audit_log import refuse_unknown_version
from citylinks.services.common import Done, if_given, parse_date, sources_by_keys
from citylinks.services.lookup import (
    find_city,
    find_meeting,
    find_meeting_ref,
    find_organization,
    parse_number,
    pick_series,
    series_names,
)
from citylinks.services.phase_rules import check_period
from citylinks.vocab import word


def session_label(meeting: MeetingSession) -> str:
    """'AMF general-assembly 3': how messages name a session; in Persian by its series' name
    and with its number in Persian digits («AMF مجمع عمومی ۳»), an English word left in a
    Persian message being the key only where the series has no name."""
    series = meeting.series
    shown = series.key
    if language() == "fa":
        shown = series.name_fa or series.name_en or series.key
    return f"{series.organization.label} {shown} {digits(meeting.number)}"


def session_ref(meeting: MeetingSession) -> str:
    """'amf/general-assembly/3': the dataset's and --session's notation."""
    return f"{meeting.series.organization.key}/{meeting.series.key}/{meeting.number}"


def _series_matches(series: MeetingSeries, wanted: str) -> bool:
    return text.fold(wanted) in series_names(series.key, series.name_en, series.name_fa)


def _series_list(org: Organization) -> str:
    return listing(s.key for s in org.series) or _("none recorded")


def find_series(org: Organization, wanted: str | None) -> MeetingSeries:
    """The series `wanted` names (key or name in any language); with none, the only series."""
    if wanted is None:
        if len(org.series) == 1:
            return org.series[0]
        if not org.series:
            raise NotFound(
                _("{org_label} has no meeting series recorded: add one first", org_label=org.label)
            )
        raise Ambiguous(
            _(
                "{org_label} has several meeting series: give --series, one of {series_list}",
                org_label=org.label,
                series_list=_series_list(org),
            )
        )
    return pick_series(org.label, org.series, wanted)


def find_session(
    session: Session, org_query: str, number: str | int, series: str | None = None
) -> MeetingSession:
    """A session by its organization and number; with no `series`, the one series holding
    that number (an error lists the series when several do, or none)."""
    return session.get_one(MeetingSession, find_meeting(session, org_query, number, series).id)


def find_session_ref(session: Session, ref: str) -> MeetingSession:
    """A session written ORG/SERIES/N (e.g. AMF/executive-board/11), as --session takes it."""
    return session.get_one(MeetingSession, find_meeting_ref(session, ref).id)


def add_session(
    session: Session,
    org_query: str,
    number: str | int,
    *,
    series: str | None,
    host: str | None,
    start: str,
    end: str | None = None,
    theme: str | None = None,
    venue: str | None = None,
    status: str = "held",
    note: str | None = None,
    sources: list[str] | None = None,
) -> Done:
    """Record a session of an organization's meeting series; one number per series."""
    n = parse_number(number)
    chosen_status = fields.SESSION_STATUS.clean(status)
    start_date = parse_date(start, "--from")
    end_date = parse_date(end, "--to")
    check_period(start_date, end_date, "session", CitylinksError)
    org = find_organization(session, org_query)
    chosen = find_series(org, series)
    existing = session.scalars(
        select(MeetingSession).where(
            MeetingSession.series_id == chosen.id, MeetingSession.number == n
        )
    ).one_or_none()
    if existing is not None:
        raise Conflict(_duplicate_message(existing))
    meeting = MeetingSession(
        series=chosen,
        number=n,
        host=find_city(session, host) if host else None,
        start=start_date,
        end=end_date,
        status=chosen_status,
        theme=if_given(fields.THEME, theme),
        venue=if_given(fields.VENUE, venue),
        note=if_given(fields.NOTE, note),
        sources=sources_by_keys(session, sources),
    )
    try:
        # Another officer may have recorded the same number a moment ago (PostgreSQL runs
        # both transactions at once): say so in words, not as an IntegrityError. The new row
        # is added inside the savepoint: begin_nested() flushes what is pending before it
        # starts, and a failure there would roll back the whole transaction.
        with session.begin_nested():
            session.add(meeting)
            session.flush()
    except IntegrityError:
        raise Conflict(
            _(
                "{org_label} {chosen_key} {n} was recorded by another officer a moment ago: see `citylinks session show {org_label} {n} --series {chosen_key}`",
                org_label=org.label,
                chosen_key=chosen.key,
                n=n,
            )
        ) from None
    return Done(f"{session_label(meeting)}: {_summary(meeting)}", [])


def _duplicate_message(existing: MeetingSession) -> str:
    org = existing.series.organization
    return _(
        "{session} is already recorded ({summary}): one number per series; see `citylinks session show {org} {number} --series {series}`, or change it with `citylinks session edit`",
        session=session_label(existing),
        summary=_summary(existing),
        org=org.label,
        number=str(existing.number),  # typed back as it is: Latin digits
        series=existing.series.key,
    )


def _summary(meeting: MeetingSession) -> str:
    host = meeting.host.name(language()) if meeting.host else _("host unknown")
    when = for_message(meeting.start)
    if not meeting.end.is_unknown and meeting.end != meeting.start:
        when = _("{start} to {end}", start=when, end=for_message(meeting.end))
    return listing([host, when, word("", meeting.status)])


def check_version(meeting: MeetingSession, expected: int | None) -> None:
    """Refuse a change based on an older reading of the session (optimistic locking)."""
    if expected is None or meeting.version == expected:
        return
    refuse_unknown_version(meeting, expected, _("session {label}", label=session_label(meeting)))
    at = audit.moment_words(meeting.updated_at) if meeting.updated_at else "?"
    raise Conflict(
        _(
            "session {session_label} was changed by {updated_by} at {at} since you read it (version {expected}, now {version}); show it again and repeat your change",
            session_label=session_label(meeting),
            updated_by=meeting.updated_by,
            at=at,
            expected=expected,
            version=meeting.version,
        )
    )


_UNSET = object()


def edit_session(
    session: Session,
    org_query: str,
    number: str | int,
    *,
    series: str | None = None,
    host: str | None = None,
    start: str | None = None,
    end: str | None = None,
    theme: str | None = None,
    venue: str | None = None,
    status: str | None = None,
    note: str | None = None,
    renumber: str | int | None = None,
    expect_version: int | None = None,
) -> Done:
    """Change what the officer gives; anything not given stays as it is."""
    meeting = find_session(session, org_query, number, series)
    # Take the row's lock and its newest values, so a change another officer is committing
    # right now is seen here (PostgreSQL; SQLite writers are already one at a time).
    session.refresh(meeting, with_for_update=True)
    check_version(meeting, expect_version)
    changes: dict[str, object] = {}
    # The period as it will be, checked once every option is read.
    new_start, new_end = meeting.start, meeting.end
    if host is not None:
        changes["host"] = find_city(session, host)
    if start is not None:
        new_start = parse_date(start, "--from")
        changes["start"] = new_start
    if end is not None:
        new_end = parse_date(end, "--to")
        changes["end"] = new_end
    if theme is not None:
        changes["theme"] = if_given(fields.THEME, theme)
    if venue is not None:
        changes["venue"] = if_given(fields.VENUE, venue)
    if note is not None:
        changes["note"] = if_given(fields.NOTE, note)
    if status is not None:
        changes["status"] = fields.SESSION_STATUS.clean(status)
    if renumber is not None:
        new_number = parse_number(renumber, "--renumber number")
        if new_number != meeting.number:
            _refuse_taken_number(session, meeting, new_number)
        changes["number"] = new_number
    if not changes:
        raise CitylinksError(
            _(
                "nothing to change: give at least one of --host, --from, --to, --theme, --venue, --status, --note, --renumber"
            )
        )
    check_period(new_start, new_end, "session", CitylinksError)
    changed = []
    for name, value in changes.items():
        if getattr(meeting, name) != value:
            setattr(meeting, name, value)
            changed.append(name)
    if not changed:
        return Done(
            _(
                "{session}: nothing changed (version {version})",
                session=session_label(meeting),
                version=meeting.version,
            ),
            [],
        )
    session.flush()
    return Done(
        _(
            "{session}: changed {listed} (now version {version})",
            session=session_label(meeting),
            listed=listing(_(name) for name in changed),
            version=meeting.version,
        ),
        [],
    )


def add_numbering(
    session: Session,
    org_query: str,
    number: str | int,
    *,
    as_number: str | int,
    sources: list[str],
    label: str | None = None,
    series: str | None = None,
) -> Done:
    """Another source's number for a session ("the eleventh meeting")."""
    other = parse_number(as_number, "--as number")
    if not sources:
        raise CitylinksError(_("give the --source that numbers the session so"))
    meeting = find_session(session, org_query, number, series)
    cleaned_label = if_given(fields.NUMBERING_LABEL, label)
    for existing in meeting.numberings:
        if existing.number == other and existing.label == cleaned_label:
            raise Conflict(
                _(
                    "{session_label} is already recorded as number {other} ({listed}); nothing was recorded",
                    session_label=session_label(meeting),
                    other=other,
                    listed=listing(s.key for s in existing.sources),
                )
            )
    # Linked by id, so that the session row itself is unchanged (no new version).
    numbering = SessionNumbering(
        session_id=meeting.id,
        number=other,
        label=cleaned_label,
        sources=sources_by_keys(session, sources),
    )
    session.add(numbering)
    session.flush()
    keys = listing(s.key for s in numbering.sources)
    return Done(
        _(
            "{session}: also numbered {number} by {keys}",
            session=session_label(meeting),
            number=other,
            keys=keys,
        ),
        [],
    )


def _refuse_taken_number(session: Session, meeting: MeetingSession, number: int) -> None:
    taken = session.scalars(
        select(MeetingSession).where(
            MeetingSession.series_id == meeting.series_id, MeetingSession.number == number
        )
    ).one_or_none()
    if taken is not None:
        raise Conflict(
            _(
                "{organization_label} {series_key} {number} is already recorded ({summary}): one number per series; remove or renumber it first",
                organization_label=meeting.series.organization.label,
                series_key=meeting.series.key,
                number=number,
                summary=_summary(taken),
            )
        )


# --- corrections: removing a session, editing and removing numberings -------------------------


def record_id(value: str) -> int | None:
    """The id in '#12' (as `show` prints it), or None when `value` is not written so."""
    written = text.to_ascii_digits(value.strip())
    if not written.startswith("#"):
        return None
    digits = written[1:].strip()
    if not digits.isdigit():
        raise CitylinksError(
            _("'{value}' is not a record id: write # and its digits, e.g. #12", value=value)
        )
    return int(digits)


def dependents(session: Session, meeting: MeetingSession) -> list[str]:
    """What refers to a session from outside it, in words: the membership phases and roles
    decided at it."""
    found = []
    for phase in session.scalars(
        select(MembershipPhase)
        .where(MembershipPhase.session_id == meeting.id)
        .order_by(MembershipPhase.id)
    ):
        membership = phase.membership
        member = (
            membership.city.name(language())
            if membership.city is not None
            else membership.member_organization.label
            if membership.member_organization is not None
            else "?"
        )
        found.append(
            _(
                "phase {position} ({status}) of {member} in {org}",
                position=phase.position,
                status=word("status_", phase.status),
                member=member,
                org=membership.organization.label,
            )
        )
    for role in session.scalars(
        select(Role).where(Role.session_id == meeting.id).order_by(Role.id)
    ):
        found.append(
            _(
                "the role '{title}' of {city} in {org}",
                title=title_word(role.title),
                city=role.city.name(language()),
                org=role.organization.label,
            )
        )
    return found


def _counted(n: int, one: str, many: str) -> str:
    return ngettext(one, many, n, n=n)


def remove_session(
    session: Session,
    org_query: str,
    number: str | int,
    *,
    series: str | None = None,
    expect_version: int | None = None,
) -> Done:
    """Remove a session with what belongs to it (other sources' numberings, attendance
    records, counts); refused while a membership phase or a role was decided at it."""
    meeting = find_session(session, org_query, number, series)
    session.refresh(meeting, with_for_update=True)
    check_version(meeting, expect_version)
    refs = dependents(session, meeting)
    if refs:
        org = meeting.series.organization
        raise Conflict(
            _(
                "{session_label} is referred to as the session that decided {listed}: change or remove those first (see `citylinks member history CITY {org_label}` and `citylinks city show CITY`); nothing was removed",
                session_label=session_label(meeting),
                org_label=org.label,
                listed=listing(refs, ";"),
            )
        )
    parts = [
        _counted(n, one, many)
        for n, one, many in (
            (
                len(meeting.attendees),
                N_("{n} attendance record"),
                N_("{n} attendance records"),
            ),
            (len(meeting.counts), N_("{n} count"), N_("{n} counts")),
            (len(meeting.numberings), N_("{n} other numbering"), N_("{n} other numberings")),
        )
        if n
    ]
    label = session_label(meeting)
    session.delete(meeting)
    session.flush()
    if parts:
        return Done(_("{label}, with its {listed}", label=label, listed=listing(parts)), [])
    return Done(label, [])


def find_numbering(meeting: MeetingSession, which: str) -> SessionNumbering:
    """One of a session's other numberings: '#ID' as `session show` prints it, or the number
    the other source gives (refused, listing them, when several have that number)."""
    wanted_id = record_id(which)
    if wanted_id is not None:
        found = [n for n in meeting.numberings if n.id == wanted_id]
    else:
        other = parse_number(which, "numbering")
        found = [n for n in meeting.numberings if n.number == other]
    if len(found) == 1:
        return found[0]
    listed = listing(_numbering_words(n) for n in meeting.numberings) or _("none recorded")
    if not found:
        raise NotFound(
            _(
                "{session_label} has no other numbering '{which}': its numberings are {listed}",
                session_label=session_label(meeting),
                which=which,
                listed=listed,
            )
        )
    raise Ambiguous(
        _(
            "{session_label} is numbered {which} by several sources: {listed}; give the one you mean as #ID",
            session_label=session_label(meeting),
            which=which,
            listed=listing(_numbering_words(n) for n in found),
        )
    )


def _numbering_words(numbering: SessionNumbering) -> str:
    label = f" '{numbering.label}'" if numbering.label else ""
    keys = listing(s.key for s in numbering.sources) or _("no source")
    return f"#{digits(numbering.id)} {numbering.number}{label} ({keys})"


def _lock(session: Session, row, expected: int | None, what: str, label: str) -> None:
    # The row's newest values under its lock, then the officer's version checked against them.
    session.refresh(row, with_for_update=True)
    check_row_version(row, expected, what, label)


def edit_numbering(
    session: Session,
    org_query: str,
    number: str | int,
    which: str,
    *,
    series: str | None = None,
    as_number: str | int | None = None,
    label: str | None = None,
    expect_version: int | None = None,
) -> Done:
    """Change the number or the label of another source's numbering of a session."""
    if as_number is None and label is None:
        raise CitylinksError(
            _("nothing to change: give --as NUMBER or --label TEXT ('' clears it)")
        )
    meeting = find_session(session, org_query, number, series)
    numbering = find_numbering(meeting, which)
    _lock(session, numbering, expect_version, N_("numbering"), f"#{digits(numbering.id)}")
    new_number = (
        parse_number(as_number, "--as number") if as_number is not None else numbering.number
    )
    new_label = if_given(fields.NUMBERING_LABEL, label) if label is not None else numbering.label
    for other in meeting.numberings:
        if other is not numbering and (other.number, other.label) == (new_number, new_label):
            raise Conflict(
                _(
                    "{session_label} is already recorded as number {new_number} ({numbering_words}); nothing was changed",
                    session_label=session_label(meeting),
                    new_number=new_number,
                    numbering_words=_numbering_words(other),
                )
            )
    changed = [
        name
        for name, value in (("number", new_number), ("label", new_label))
        if getattr(numbering, name) != value
    ]
    numbering.number, numbering.label = new_number, new_label
    session.flush()
    return Done(
        _(
            "{session}: numbering {numbering} ({changes}version {version})",
            session=session_label(meeting),
            numbering=_numbering_words(numbering),
            changes=changes_words(changed),
            version=numbering.version,
        ),
        [],
    )


def remove_numbering(
    session: Session,
    org_query: str,
    number: str | int,
    which: str,
    *,
    series: str | None = None,
    expect_version: int | None = None,
) -> Done:
    """Remove another source's numbering of a session (the session keeps its own number)."""
    meeting = find_session(session, org_query, number, series)
    numbering = find_numbering(meeting, which)
    _lock(session, numbering, expect_version, N_("numbering"), f"#{digits(numbering.id)}")
    words = _numbering_words(numbering)
    session.delete(numbering)
    session.flush()
    return Done(
        _("{session}: numbering {numbering}", session=session_label(meeting), numbering=words), []
    )


def changes_words(changed: list[str]) -> str:
    """'changed role, note; now ' before a correction's version, or nothing when it changed
    nothing (the command says so, from the log entries the write made)."""
    if not changed:
        return ""
    return _("changed {listed}; now ", listed=listing(_(word) for word in changed))
