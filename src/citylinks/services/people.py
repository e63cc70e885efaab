"""People and the posts they hold in organizations and cities: recording, correcting,
removing and merging people."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citylinks import vocab
from citylinks.errors import CitylinksError, Conflict
from citylinks.i18n import N_, _, listing, ngettext, title_word
from citylinks.model import Attendance, Person, PersonName, Post
from citylinks.services import fields
from citylinks.services.audit_log import check_version, touch
from citylinks.services.common import if_given, parse_date, sources_by_keys
from citylinks.services.lookup import find_city, find_organization, find_person
from citylinks.services.names import (
    Merged,
    absorb,
    check_new_key,
    cite_also,
    edit_names,
    move_names,
    note_in_log,
)
from citylinks.services.phase_rules import check_period


@dataclass
class PersonEdit:
    add_names: list[str] = field(default_factory=list)
    remove_names: list[str] = field(default_factory=list)
    key: str | None = None

    def is_empty(self) -> bool:
        return not (self.add_names or self.remove_names or self.key is not None)


def edit_person(
    session: Session, query: str, edit: PersonEdit, expect_version: int | None = None
) -> Person:
    """Change a person's names or key; refused if they changed since the officer read
    version `expect_version`."""
    if edit.is_empty():
        raise CitylinksError(
            _(
                "nothing to change: give --add-name, --remove-name or --key (see `citylinks person edit --help`)"
            )
        )
    person = find_person(session, query)
    check_version(person, expect_version, N_("person"), person.key)
    label = person.key
    with session.no_autoflush:
        edit_names(person, label, edit.remove_names, edit.add_names, PersonName, "person's name")
        if edit.key is not None:
            person.key = _free_key(session, person, edit.key)
    touch(session, person)
    return person


def _free_key(session: Session, person: Person, wanted: str) -> str:
    key = check_new_key(wanted, fields.PERSON_KEY)
    if key == person.key:
        raise CitylinksError(
            _(
                "person '{person_key}' has that key already: nothing to change",
                person_key=person.key,
            )
        )
    taken = session.scalars(select(Person).where(Person.key == key)).one_or_none()
    if taken is not None and taken is not person:
        raise Conflict(
            _(
                "the key '{key}' is taken by {taken_name}: choose another",
                key=key,
                taken_name=taken.name(),
            )
        )
    return key


@dataclass(frozen=True)
class PersonReferences:
    posts: list[Post]
    attendance: int

    def describe(self) -> list[str]:
        said = []
        if self.posts:
            held = listing([_post_words(p) for p in self.posts[:3]], ";")
            more = _("; and {n} more", n=len(self.posts) - 3) if len(self.posts) > 3 else ""
            n = len(self.posts)
            said.append(
                ngettext(
                    "{n} post ({held}{more})",
                    "{n} posts ({held}{more})",
                    n,
                    n=n,
                    held=held,
                    more=more,
                )
            )
        if self.attendance:
            a = self.attendance
            said.append(ngettext("{n} attendance record", "{n} attendance records", a, n=a))
        return said


def _post_words(post: Post) -> str:
    where = post.organization.label if post.organization else post.city.name() if post.city else "?"
    return listing([title_word(post.title), where])


def person_references(session: Session, person: Person) -> PersonReferences:
    attendance = session.scalar(
        select(func.count()).select_from(Attendance).where(Attendance.person_id == person.id)
    )
    return PersonReferences(list(person.posts), attendance or 0)


def remove_person(session: Session, query: str, expect_version: int | None = None) -> Person:
    """Remove a person that no post or attendance refers to; refused, naming what does,
    otherwise."""
    person = find_person(session, query)
    check_version(person, expect_version, N_("person"), person.key)
    refs = person_references(session, person).describe()
    if refs:
        raise Conflict(
            _(
                "person '{person_key}' is still referred to by {listed}: remove those first, or merge the person into the one they are with `citylinks person merge`",
                person_key=person.key,
                listed=" and ".join(refs),
            )
        )
    session.delete(person)
    session.flush()
    return person


def merge_people(
    session: Session,
    keep_query: str,
    other_query: str,
    expect_version: int | None = None,
    expect_other_version: int | None = None,
) -> Merged:
    """Merge OTHER into KEEP, two records of one person: OTHER's names, posts, attendance and
    citations move to KEEP (a post or an attendance both record alike becomes one citing the
    sources of both), then OTHER is removed. The log says what became of OTHER's key."""
    keep = find_person(session, keep_query)
    other = find_person(session, other_query)
    if keep is other:
        raise CitylinksError(
            _(
                "'{keep_query}' and '{other_query}' are the same person ({keep_key}): nothing to merge",
                keep_query=keep_query,
                other_query=other_query,
                keep_key=keep.key,
            )
        )
    check_version(keep, expect_version, N_("person"), keep.key)
    check_version(other, expect_other_version, N_("person"), other.key)
    note_in_log(session, f"merged person {other.key} into {keep.key}")
    done = Merged(keep.key, other.key)
    with session.no_autoflush:
        moved, dropped = move_names(session, keep, other, "person")
        done.say(len(moved), _("names moved"), listing(moved))
        done.say(len(dropped), _("names both had (kept once)"), listing(dropped))
        moved_posts = collapsed_posts = 0
        for post in list(other.posts):
            twin = next((p for p in keep.posts if _same_post(p, post)), None)
            if twin is not None and absorb(session, twin, post):
                other.posts.remove(post)
                collapsed_posts += 1
            else:
                post.person = keep
                moved_posts += 1
        done.say(moved_posts, _("posts moved"))
        done.say(collapsed_posts, _("posts both held (kept once, citing the sources of both)"))
        moved_attendance = collapsed_attendance = 0
        kept_attendance = list(
            session.scalars(select(Attendance).where(Attendance.person_id == keep.id))
        )
        for row in list(
            session.scalars(
                select(Attendance).where(Attendance.person_id == other.id).order_by(Attendance.id)
            )
        ):
            same = next((a for a in kept_attendance if _same_attendance(a, row)), None)
            if same is not None and absorb(session, same, row):
                collapsed_attendance += 1
            else:
                row.person = keep
                moved_attendance += 1
        done.say(moved_attendance, _("attendance records moved"))
        done.say(collapsed_attendance, _("attendance records both had (kept once)"))
        cited = cite_also(keep, other.sources)
        done.say(len(cited), _("sources now cited"), listing(cited))
    # One new version of KEEP for the whole merge (touch flushes).
    touch(session, keep)
    session.delete(other)
    session.flush()
    done.lines.append(
        _("removed person {other_key}; its key is kept in the log", other_key=other.key)
    )
    return done


def _same_post(a: Post, b: Post) -> bool:
    return (
        vocab.same_title(a.title, b.title)
        and a.organization_id == b.organization_id
        and a.city_id == b.city_id
        and a.start == b.start
        and a.end == b.end
    )


def _same_attendance(a: Attendance, b: Attendance) -> bool:
    return (
        a.session_id == b.session_id
        and a.role == b.role
        and a.on_behalf_of_city_id == b.on_behalf_of_city_id
        and a.on_behalf_of_organization_id == b.on_behalf_of_organization_id
    )


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
            _("a post is in an organization or a city: give --org ORG or --city CITY")
        )
    holder = find_person(session, person)
    start_date = parse_date(start, "--from")
    end_date = parse_date(end, "--to", present=True)
    check_period(start_date, end_date, "post", CitylinksError)
    cleaned_title = fields.POST_TITLE.clean(title)
    org = find_organization(session, organization) if organization else None
    place = find_city(session, city) if city else None
    cleaned_note = if_given(fields.NOTE, note)
    cited = sources_by_keys(session, source_keys)
    from citylinks.services.roles import refuse_likely_same

    for existing in holder.posts:
        # one title in one place from one start, or from a start that may be the same day
        # (the rule of `role add` and `member record`)
        if (
            vocab.same_title(existing.title, cleaned_title)
            and existing.organization is org
            and existing.city is place
        ):
            where = org.label if org is not None else place.name()  # type: ignore[union-attr]
            refuse_likely_same(
                existing, start_date, end_date,
                _("{holder_name} already holds '{existing_title}' ({where})", holder_name=holder.name(), existing_title=title_word(existing.title), where=where),
                "post", f"post:{existing.id}",
            )  # fmt: skip
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
