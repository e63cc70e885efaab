"""Posts member cities hold in an organization or one of its committees: `citylinks role add`
(their corrections, `role edit` and `role remove`, are services.held's, on Core)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from citylinks import vocab
from citylinks.dates import PartialDate, for_message
from citylinks.errors import CitylinksError, Conflict
from citylinks.i18n import _, title_word
from citylinks.model import Organization, Role
from citylinks.services import fields
from citylinks.services.common import Done, if_given, parse_date, sources_by_keys
from citylinks.services.held import Held, find_organization_or_committee_ref
from citylinks.services.lookup import find_city
from citylinks.services.phase_rules import NewPhase, check_period, may_be_same_fact
from citylinks.services.sessions import find_session_ref


def find_organization_or_committee(session: Session, query: str) -> Organization:
    """The organization or committee `query` names (held.find_organization_or_committee_ref),
    as a mapped object."""
    found = find_organization_or_committee_ref(session.connection(), query)
    return session.get_one(Organization, found.id)


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
    notes = _close_to_a_known_title(cleaned_title, f"{city.key} {org.key} {cleaned_title}")
    if end_date.is_unknown:
        return Done(_("{city}: {title} of {org} from {start} to an unknown date", **values), notes)
    end = for_message(end_date)
    return Done(_("{city}: {title} of {org} from {start} to {end}", end=end, **values), notes)


def _close_to_a_known_title(title: str, named: str) -> list[str]:
    """A note when a title that is none of the known ones is one letter or two away from one
    ("chiar" for chair): it is recorded as typed (a committee's own titles are free), and the
    officer is told how to correct it."""
    import difflib

    if any(vocab.same_title(title, known) for known in vocab.TITLES):
        return []
    close = difflib.get_close_matches(title.casefold(), vocab.TITLES, n=1, cutoff=0.75)
    if not close:
        return []
    return [
        _(
            "'{title}' is not a known title: it is kept as typed. If you meant '{known}':"
            " `citylinks role edit {named} --title {value}`",
            title=title,
            known=title_word(close[0]),
            named=named,
            value=close[0],
        )
    ]


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
