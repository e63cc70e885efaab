"""People and the posts they hold in organizations and cities."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from citylinks import text
from citylinks.dates import PartialDate
from citylinks.errors import CitylinksError, Conflict
from citylinks.model import Person, PersonName, Post
from citylinks.services import fields
from citylinks.services.common import if_given, parse_date, sources_by_keys
from citylinks.services.lookup import find_city, find_organization, find_person
from citylinks.services.names import LikelyDuplicate, name_rows, new_key, parse_names, similar


def _new_key(session: Session, names: list[str]) -> str:
    return new_key(session, Person, names, "person")


def add_person(
    session: Session,
    name: str,
    names: list[str] | None = None,
    source_keys: list[str] | None = None,
    force: bool = False,
) -> Person:
    """Record a person; refused as a likely duplicate (unless `force`) when a recorded person
    has a name that folds alike or comes close."""
    given = parse_names([name, *(names or [])], "person's name")
    sources = sources_by_keys(session, source_keys)
    if not force:
        pairs = [(n.name, n.person) for n in session.scalars(select(PersonName))]
        found = similar([g.name for g in given], pairs)
        if found:
            listed = "; ".join(f"{p.name()} (key {p.key})" for p in found[:3])
            warning = f"a person named like '{given[0].name}' is recorded already: {listed}"
            raise LikelyDuplicate(
                f"{warning}. Use them, or add --force to record another person", warning
            )
    person = Person(key=_new_key(session, [g.name for g in given]), sources=sources)
    person.names = name_rows(given, PersonName)
    session.add(person)
    session.flush()
    return person


def list_people(session: Session) -> list[Person]:
    return sorted(session.scalars(select(Person)), key=lambda p: text.fold(p.name()))


def add_post(
    session: Session,
    person: str,
    title: str,
    organization: str | None = None,
    city: str | None = None,
    start: str | None = None,
    end: str | None = None,
    source_keys: list[str] | None = None,
    note: str | None = None,
) -> Post:
    """Record a post a person holds in an organization or a city."""
    if (organization is None) == (city is None):
        raise CitylinksError(
            "a post is in an organization or a city: give --org ORG or --city CITY"
        )
    holder = find_person(session, person)
    start_date = parse_date(start, "--from")
    end_date = parse_date(end, "--to", present=True)
    _check_period(start_date, end_date)
    cleaned_title = fields.POST_TITLE.clean(title)
    org = find_organization(session, organization) if organization else None
    place = find_city(session, city) if city else None
    cleaned_note = if_given(fields.NOTE, note)
    cited = sources_by_keys(session, source_keys)
    for existing in holder.posts:
        if (
            text.fold(existing.title) == text.fold(cleaned_title)
            and existing.organization is org
            and existing.city is place
            and existing.start == start_date
        ):
            raise Conflict(
                f"{holder.name()} already holds '{existing.title}' from {start_date}:"
                " see `citylinks person show " + holder.key + "`"
            )
    post = Post(
        person=holder,
        title=cleaned_title,
        organization=org,
        city=place,
        start=start_date,
        end=end_date,
        note=cleaned_note,
        sources=cited,
    )
    session.add(post)
    session.flush()
    return post


def _check_period(start: PartialDate, end: PartialDate) -> None:
    if start.earliest and end.latest and end.latest < start.earliest:
        raise CitylinksError(
            f"the post ends ({end}) before it starts ({start}): check --from and --to"
        )
