"""People and the posts they hold in organizations and cities."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from citylinks import text
from citylinks.dates import PartialDate
from citylinks.errors import Ambiguous, CitylinksError, Conflict, NotFound
from citylinks.model import Person, PersonName, Post
from citylinks.services import fields
from citylinks.services.audit_log import check_version
from citylinks.services.common import if_given, parse_date, sources_by_keys
from citylinks.services.lookup import find_city, find_organization, find_person
from citylinks.services.names import LikelyDuplicate, name_rows, new_key, parse_names, similar
from citylinks.services.sessions import Done


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
    end_date = parse_date(end, "--to")
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


# --- posts: corrections (post edit, post remove) ---------------------------------------------


def describe_post(post: Post) -> str:
    """'#7 Mohammad Amrollahi: secretary-general, AMF, from 2020 (...) to now': a post as
    messages name it."""
    from citylinks.services.roles import period_words

    where = post.organization.label if post.organization else post.city.name()  # type: ignore[union-attr]
    return (
        f"#{post.id} {post.person.name()}: {post.title}, {where},"
        f" {period_words(post.start, post.end)}"
    )


def find_post(
    session: Session,
    person_or_id: str,
    title: str | None = None,
    organization: str | None = None,
    city: str | None = None,
    start: str | None = None,
    hint: str = "",
) -> Post:
    """A post by its '#id', or by PERSON TITLE (narrowed by its organization, city or start
    when the person held the title more than once); ambiguous: refused, listing them."""
    from citylinks.services.roles import row_id

    number = row_id(person_or_id)
    if number is not None:
        if title is not None:
            raise CitylinksError(
                f"'{person_or_id}' names the post by its #id: give nothing else, or name it by"
                " PERSON TITLE"
            )
        found = session.get(Post, number)
        if found is None:
            raise NotFound(
                f"there is no post {person_or_id}: `citylinks person show PERSON` lists a"
                " person's posts with their #ids"
            )
        return found
    if title is None:
        raise CitylinksError(
            "name the post by PERSON TITLE (e.g. amrollahi secretary-general), or by the #id"
            " `citylinks person show PERSON` prints"
        )
    holder = find_person(session, person_or_id)
    folded = text.fold(fields.POST_TITLE.clean(title))
    held = sorted(holder.posts, key=lambda p: p.id)
    candidates = [p for p in held if text.fold(p.title) == folded]
    if organization is not None:
        org = find_organization(session, organization)
        candidates = [p for p in candidates if p.organization_id == org.id]
    if city is not None:
        place = find_city(session, city)
        candidates = [p for p in candidates if p.city_id == place.id]
    if start is not None:
        day = parse_date(start, "--from")
        candidates = [p for p in candidates if p.start == day]
    if not candidates:
        there = "; ".join(describe_post(p) for p in held) or "none"
        raise NotFound(
            f"{holder.name()} holds no such post '{title}' (their posts: {there}): see"
            f" `citylinks person show {holder.key}`"
        )
    if len(candidates) > 1:
        raise Ambiguous(
            f"{holder.name()} is recorded {len(candidates)} times as {title}: "
            + "; ".join(describe_post(p) for p in candidates)
            + f". Name one by its #id{hint}"
        )
    return candidates[0]


@dataclass(frozen=True)
class PostEdit:
    """What `post edit` changes; None: left as it is. '' clears --to (open) and --note."""

    title: str | None = None
    start: str | None = None
    end: str | None = None
    note: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in dataclass_fields(self))


def edit_post(
    session: Session, post: Post, edit: PostEdit, expect_version: int | None = None
) -> Done:
    """Correct a recorded post: its title, dates or note."""
    from citylinks.services.roles import end_date

    if edit.is_empty():
        raise CitylinksError(
            "nothing to change: give at least one option (see `citylinks post edit --help`)"
        )
    check_version(post, expect_version, "post", f"#{post.id}")
    title = fields.POST_TITLE.clean(edit.title) if edit.title is not None else post.title
    start = parse_date(edit.start, "--from") if edit.start is not None else post.start
    end = end_date(edit.end, post.end)
    _check_period(start, end)
    note = post.note if edit.note is None else if_given(fields.NOTE, edit.note)
    for other in post.person.posts:
        if (
            other is not post
            and text.fold(other.title) == text.fold(title)
            and other.organization_id == post.organization_id
            and other.city_id == post.city_id
            and other.start == start
        ):
            raise Conflict(
                f"{describe_post(other)} is recorded already: correct or remove that one"
                " instead; nothing was changed"
            )
    with session.no_autoflush:
        post.title = title
        post.start = start
        post.end = end
        post.note = note
    session.flush()
    return Done(describe_post(post), [])


def remove_post(session: Session, post: Post, expect_version: int | None = None) -> Done:
    """Remove a post recorded by mistake (the log keeps it)."""
    check_version(post, expect_version, "post", f"#{post.id}")
    described = describe_post(post)
    session.delete(post)
    session.flush()
    return Done(described, [])
