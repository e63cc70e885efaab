"""Posts member cities hold in an organization or one of its committees: `citylinks role add`,
and their corrections, `role edit` and `role remove`."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from citylinks import text, vocab
from citylinks.dates import PartialDate, for_message
from citylinks.errors import Ambiguous, CitylinksError, Conflict, NotFound
from citylinks.i18n import _, listing, title_word
from citylinks.model import Organization, OrganizationName, Role
from citylinks.services import fields
from citylinks.services.audit_log import check_version
from citylinks.services.common import Done, if_given, parse_date, sources_by_keys
from citylinks.services.lookup import find_city, find_organization
from citylinks.services.phase_rules import NewPhase, check_period, may_be_same_fact
from citylinks.services.sessions import find_session_ref

if TYPE_CHECKING:
    from citylinks.services.people import PostEdit

# Words a committee's name may carry that officers often leave out ("Tourism and Culture").
_COMMITTEE_WORDS = ("committee", "کمیته", "کمیسیون")


def find_organization_or_committee(session: Session, query: str) -> Organization:
    """An organization as `find_organization` finds it; failing that, the one committee or
    body whose name contains what was typed ("Tourism and Culture")."""
    try:
        return find_organization(session, query)
    except NotFound as not_found:
        folded = text.fold(query)
        if not folded:
            raise
        for word in _COMMITTEE_WORDS:
            folded = folded.removesuffix(text.fold(word)).removeprefix(text.fold(word))
        rows = session.execute(
            select(Organization.id, OrganizationName.folded)
            .join(OrganizationName)
            .where(Organization.parent_id.is_not(None))
        ).all()
        ids = sorted({org_id for org_id, name in rows if folded and folded in name})
        if len(ids) == 1:
            return session.get_one(Organization, ids[0])
        if len(ids) > 1:
            found = [session.get_one(Organization, i) for i in ids]
            raise Ambiguous(
                _(
                    "'{query}' matches {n} committees: {listed}. Give more of the name, or the id",
                    query=query,
                    n=len(found),
                    listed=listing(
                        [f"{o.name()} of {_parent_label(o)} (id {o.id})" for o in found], ";"
                    ),
                )
            ) from None
        raise not_found


def _parent_label(committee: Organization) -> str:
    if committee.parent is None:
        # Only committees are searched (parent_id IS NOT NULL): each has a parent.
        raise AssertionError(_("organization {id} is not a committee", id=committee.id))
    return committee.parent.label


def add_role(
    session: Session,
    city_query: str,
    org_query: str,
    title: str,
    *,
    start: str,
    end: str | None = None,
    decided_at: str | None = None,
    sources: list[str] | None = None,
    note: str | None = None,
) -> Done:
    """Record that a city holds TITLE (secretary, chair, ...) in an organization or committee."""
    cleaned_title = vocab.role_title(fields.ROLE_TITLE.clean(title))
    start_date = parse_date(start, "--from")
    end_date = parse_date(end, "--to", present=True)
    check_period(start_date, end_date, "role", CitylinksError)
    city = find_city(session, city_query)
    org = find_organization_or_committee(session, org_query)
    meeting = find_session_ref(session, decided_at) if decided_at else None
    cited = sources_by_keys(session, sources)
    held = session.scalars(
        select(Role).where(Role.city_id == city.id, Role.organization_id == org.id)
    ).all()
    for existing in held:
        # the rule `role edit` applies: one title (as matched: vice-president and «نایب‌رئیس»
        # are one, vocab.same_title) from one start; and, as `member record` refuses a phase
        # given again, a start that may be the same day (2025-11 and 2025-11-27..2025-11-29;
        # 2025 and ۱۴۰۴)
        if vocab.same_title(existing.title, cleaned_title):
            refuse_likely_same(
                existing,
                start_date,
                end_date,
                _(
                    "{city} is already recorded as {title} of {org}",
                    city=city.name(),
                    title=title_word(existing.title),
                    org=_org_name(org),
                ),
                "role",
                f"role:{existing.id}",
            )
    role = Role(
        city_id=city.id,
        organization_id=org.id,
        title=cleaned_title,
        start=start_date,
        end=end_date,
        session_id=meeting.id if meeting else None,
        note=if_given(fields.NOTE, note),
        sources=cited,
    )
    session.add(role)
    session.flush()
    values = {
        "city": city.name(),
        "title": title_word(cleaned_title),
        "org": _org_name(org),
        "start": for_message(start_date),
    }
    if end_date.is_unknown:
        return Done(_("{city}: {title} of {org} from {start} to an unknown date", **values), [])
    end = for_message(end_date)
    return Done(_("{city}: {title} of {org} from {start} to {end}", end=end, **values), [])


def refuse_likely_same(
    recorded: Held, start: PartialDate, end: PartialDate, what: str, noun: str, ref: str
) -> None:
    """Refuse a role or a post given again: the same start, or one that may be the same day
    with an end that may be the same too (phase_rules.may_be_same_fact, the rule of `member
    record`), naming the `role edit` (`post edit`) that corrects the recorded one instead."""
    if recorded.start == start:
        since = _("from {start} (#{id})", start=for_message(recorded.start), id=recorded.id)
    elif may_be_same_fact(NewPhase("", recorded.start, recorded.end), NewPhase("", start, end)):
        since = _(
            "from {start} (#{id}), and {other} may be the same date",
            start=for_message(recorded.start),
            id=recorded.id,
            other=for_message(start),
        )
    else:
        return
    raise Conflict(
        _(
            "{what} {since}: nothing was recorded. To correct it: `citylinks {noun} edit '#{id}' --from DATE` (and --to, --note, ...); to back it with another source: `citylinks cite {ref} KEY`",
            what=what,
            since=since,
            noun=noun,
            id=recorded.id,
            ref=ref,
        )
    )


def _org_name(org: Organization) -> str:
    if org.parent is not None:
        return _("the {name} ({parent})", name=org.name(), parent=org.parent.label)
    return org.label


# --- corrections: role edit, role remove ----------------------------------------------------


def row_id(typed: str) -> int | None:
    """The number of '#12' (as `show` prints a role or a post), else None."""
    plain = text.to_ascii_digits(typed.strip())
    if plain.startswith("#") and plain[1:].isdigit():
        return int(plain[1:])
    return None


def period_words(start: PartialDate, end: PartialDate) -> str:
    """'from 2020 (1398–1399) to 2022 (...)'; 'end not recorded' for an open one."""
    if start.is_unknown:
        began = _("from an unknown date")
    else:
        began = _("from {start}", start=for_message(start))
    if end.is_unknown:
        return _("{began}, end not recorded", began=began)
    return _("{began} to {end}", began=began, end=for_message(end))


def describe_role(role: Role) -> str:
    """'#12 Yazd: secretary of AMF from 2020 (...) to 2022 (...)': a role as messages name it."""
    city = role.city.name()
    return _(
        "#{id} {city}: {title} of {org} {period}",
        id=role.id,
        city=city,
        title=title_word(role.title),
        org=_org_name(role.organization),
        period=period_words(role.start, role.end),
    )


def find_role(
    session: Session,
    city_or_id: str,
    org_query: str | None = None,
    title: str | None = None,
    start: str | None = None,
    hint: str = "",
) -> Role:
    """A role by its '#id', or by CITY ORGANIZATION TITLE (and its start, `start`, when the
    city held the title there more than once); ambiguous: refused, listing the candidates."""
    number = row_id(city_or_id)
    if number is not None:
        if org_query is not None or title is not None:
            raise CitylinksError(
                _(
                    "'{city_or_id}' names the role by its #id: give nothing else, or name it by CITY ORGANIZATION TITLE",
                    city_or_id=city_or_id,
                )
            )
        found = session.get(Role, number)
        if found is None:
            raise NotFound(
                _(
                    "there is no role {city_or_id}: `citylinks city show CITY` lists a city's roles with their #ids",
                    city_or_id=city_or_id,
                )
            )
        return found
    if org_query is None or title is None:
        raise CitylinksError(
            _(
                "name the role by CITY ORGANIZATION TITLE (e.g. Yazd AMF secretary), or by the #id `citylinks city show CITY` prints"
            )
        )
    city = find_city(session, city_or_id)
    org = find_organization_or_committee(session, org_query)
    cleaned = fields.ROLE_TITLE.clean(title)
    held = session.scalars(
        select(Role)
        .where(Role.city_id == city.id, Role.organization_id == org.id)
        .order_by(Role.id)
    ).all()
    candidates = [r for r in held if vocab.same_title(r.title, cleaned)]
    if start is not None:
        day = parse_date(start, "--from")
        candidates = [r for r in candidates if r.start == day]
    if not candidates:
        since = _(" from {start}", start=start) if start is not None else ""
        there = listing([describe_role(r) for r in held], ";") or _("none")
        raise NotFound(
            _(
                "{city_name} holds no role '{title}'{since} in {org_name} (its roles there: {there}): see `citylinks city show {city_key}`",
                city_name=city.name(),
                title=title_word(title),
                since=since,
                org_name=_org_name(org),
                there=there,
                city_key=city.key,
            )
        )
    if len(candidates) > 1:
        raise Ambiguous(
            _(
                "{city_name} is recorded {n} times as {title} of {org_name}: {listed}. Name one by its #id{hint}",
                city_name=city.name(),
                n=len(candidates),
                title=title_word(title),
                org_name=_org_name(org),
                hint=hint,
                listed=listing([describe_role(r) for r in candidates], ";"),
            )
        )
    return candidates[0]


@dataclass(frozen=True)
class RoleEdit:
    """What `role edit` changes; None: left as it is. '' clears --to (open), --session and
    --note."""

    title: str | None = None
    start: str | None = None
    end: str | None = None
    decided_at: str | None = None
    note: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in dataclass_fields(self))


def end_date(value: str | None, current: PartialDate) -> PartialDate:
    """--to of a role's or post's edit: unchanged (None), not known ('' or 'unknown'),
    still held ('present', 'now', ...) or a date."""
    if value is None:
        return current
    if not value.strip():
        return PartialDate.UNKNOWN
    return parse_date(value, "--to", present=True)


class Held(Protocol):
    """A post or a role: a title held over a period, with a note and a version."""

    @property
    def id(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def start(self) -> PartialDate: ...
    @property
    def end(self) -> PartialDate: ...
    @property
    def note(self) -> str | None: ...


def corrected(
    held: Held,
    edit: RoleEdit | PostEdit,
    kind: str,
    title_field: fields.Field,
    expect_version: int | None,
) -> tuple[str, PartialDate, PartialDate, str | None]:
    """The title, start, end and note a `post edit` or `role edit` asks for, checked by the
    rules `post add` and `role add` apply; refused when nothing is asked or another officer
    changed the record meanwhile."""
    if edit.is_empty():
        raise CitylinksError(
            _(
                "nothing to change: give at least one option (see `citylinks {kind} edit --help`)",
                kind=kind,
            )
        )
    check_version(held, expect_version, kind, f"#{held.id}")
    title = title_field.clean(edit.title) if edit.title is not None else held.title
    start = parse_date(edit.start, "--from") if edit.start is not None else held.start
    end = end_date(edit.end, held.end)
    check_period(start, end, kind, CitylinksError)
    note = held.note if edit.note is None else if_given(fields.NOTE, edit.note)
    return title, start, end, note


def remove_held(
    session: Session, held: Held, kind: str, described: str, expect_version: int | None
) -> Done:
    """Remove a post or role recorded by mistake (the log keeps it)."""
    check_version(held, expect_version, kind, f"#{held.id}")
    session.delete(held)
    session.flush()
    return Done(described, [])


def edit_role(
    session: Session, role: Role, edit: RoleEdit, expect_version: int | None = None
) -> Done:
    """Correct a recorded role: its title, dates, deciding session or note."""
    title, start, end, note = corrected(role, edit, "role", fields.ROLE_TITLE, expect_version)
    if edit.title is not None:
        title = vocab.role_title(title)
    meeting = role.session
    if edit.decided_at is not None:
        meeting = find_session_ref(session, edit.decided_at) if edit.decided_at.strip() else None
    for other in session.scalars(
        select(Role).where(
            Role.city_id == role.city_id,
            Role.organization_id == role.organization_id,
            Role.id != role.id,
        )
    ):
        if vocab.same_title(other.title, title) and other.start == start:
            raise Conflict(
                _(
                    "{describe_role} is recorded already: correct or remove that one instead; nothing was changed",
                    describe_role=describe_role(other),
                )
            )
    with session.no_autoflush:
        role.title = title
        role.start = start
        role.end = end
        role.session = meeting
        role.note = note
    session.flush()
    return Done(describe_role(role), [])


def remove_role(session: Session, role: Role, expect_version: int | None = None) -> Done:
    """Remove a role recorded by mistake (the log keeps it)."""
    return remove_held(session, role, "role", describe_role(role), expect_version)
