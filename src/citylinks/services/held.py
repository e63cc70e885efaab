"""Correcting a role a city holds or a post a person holds: `role edit`, `role remove`, `post
edit` and `post remove`, written with Core statements on citylinks.schema's tables (a
db.Change: no ORM import, no mapper configuration), their rows and audit entries as the ORM's
flush wrote them (services.recording's update_audited and delete_audited). The rules they
share with `role add` and `post add` (a title held over a period, the same title from the
same start refused) are those of services.roles, which records through the ORM session."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from sqlalchemy import or_, select

from citylinks import audit, schema, text, vocab
from citylinks.dates import PartialDate, for_message
from citylinks.errors import Ambiguous, CitylinksError, Conflict, NotFound
from citylinks.i18n import _, digits, listing, title_word
from citylinks.services import fields
from citylinks.services.audit_log import check_version
from citylinks.services.bulk import date_columns
from citylinks.services.common import Done, if_given, parse_date
from citylinks.services.lookup import (
    OrganizationRef,
    find_city_ref,
    find_meeting_ref,
    find_organization_ref,
    find_person_ref,
)
from citylinks.services.phase_rules import check_period
from citylinks.services.recording import delete_audited, update_audited

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from citylinks.db import Change

# Words a committee's name may carry that officers often leave out ("Tourism and Culture").
_COMMITTEE_WORDS = ("committee", "کمیته", "کمیسیون")


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


class Recorded:
    """A role's or post's row as read (its columns as attributes: what an audit entry's
    `before` holds), with its dates."""

    def __init__(self, row: Any) -> None:
        self.row = row
        self.start = PartialDate.from_columns(row.start_text)
        self.end = PartialDate.from_columns(row.end_text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


class Organization(NamedTuple):
    """An organization as a correction's messages name it, with its parent (a committee's)."""

    ref: OrganizationRef
    parent: OrganizationRef | None

    @property
    def words(self) -> str:
        """'AMF'; a committee: 'the Tourism and Culture Committee (AMF)'."""
        if self.parent is not None:
            return _("the {name} ({parent})", name=self.ref.name(), parent=self.parent.label)
        return self.ref.label


def organizations(conn: Connection, ids: set[int]) -> dict[int, Organization]:
    """These organizations and their parents, by id, with their names (two statements)."""
    o, n = schema.organization.c, schema.organization_name.c
    parents = select(o.parent_id).where(o.id.in_(sorted(ids)))
    rows = {
        r.id: r
        for r in conn.execute(
            select(o.id, o.key, o.acronym, o.parent_id).where(
                or_(o.id.in_(sorted(ids)), o.id.in_(parents))
            )
        )
    }
    wanted = set(ids) | {rows[i].parent_id for i in ids if i in rows and rows[i].parent_id}
    names: dict[int, list] = {i: [] for i in wanted}
    for r in conn.execute(
        select(n.organization_id, n.lang, n.kind, n.name)
        .where(n.organization_id.in_(sorted(wanted)))
        .order_by(n.organization_id, n.position, n.id)
    ):
        names[r.organization_id].append(r)
    refs = {i: OrganizationRef(i, rows[i].key, rows[i].acronym, tuple(names[i])) for i in wanted}
    return {
        i: Organization(refs[i], refs.get(rows[i].parent_id) if rows[i].parent_id else None)
        for i in ids
        if i in refs
    }


def _named(conn: Connection, table: str, ids: set[int]) -> dict[int, str]:
    """The name of each city or person of `ids` in the interface language (its `name()`:
    text.display_name of its names, else its key)."""
    rows, names = schema.metadata.tables[table].c, schema.metadata.tables[f"{table}_name"].c
    owner = names[f"{table}_id"]
    given: dict[int, list] = {i: [] for i in ids}
    for r in conn.execute(
        select(owner, names.lang, names.kind, names.name)
        .where(owner.in_(sorted(ids)))
        .order_by(owner, names.position, names.id)
    ):
        given[r[0]].append(r)
    return {
        r.id: text.display_name(given[r.id]) or r.key
        for r in conn.execute(select(rows.id, rows.key).where(rows.id.in_(sorted(ids))))
    }


def find_organization_or_committee_ref(conn: Connection, query: str) -> OrganizationRef:
    """An organization as `find_organization_ref` finds it; failing that, the one committee
    or body whose name contains what was typed ("Tourism and Culture")."""
    try:
        return find_organization_ref(conn, query)
    except NotFound as not_found:
        folded = text.fold(query)
        if not folded:
            raise
        for word in _COMMITTEE_WORDS:
            folded = folded.removesuffix(text.fold(word)).removeprefix(text.fold(word))
        o, n = schema.organization.c, schema.organization_name.c
        rows = conn.execute(
            select(o.id, n.folded)
            .join_from(schema.organization, schema.organization_name, n.organization_id == o.id)
            .where(o.parent_id.is_not(None))
        ).all()
        ids = sorted({org_id for org_id, name in rows if folded and folded in name})
        if not ids:
            raise not_found
        found = organizations(conn, set(ids))
        if len(ids) == 1:
            return found[ids[0]].ref
        raise Ambiguous(
            _(
                "'{query}' matches {n} committees: {listed}. Give more of the name, or the id",
                query=query,
                n=len(ids),
                listed=listing(
                    [
                        f"{found[i].ref.name()} of {found[i].parent.label} (id {i})"  # type: ignore[union-attr]
                        for i in ids
                    ],
                    ";",
                ),
            )
        ) from None


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


def end_date(value: str | None, current: PartialDate) -> PartialDate:
    """--to of a role's or post's edit: unchanged (None), not known ('' or 'unknown'),
    still held ('present', 'now', ...) or a date."""
    if value is None:
        return current
    if not value.strip():
        return PartialDate.UNKNOWN
    return parse_date(value, "--to", present=True)


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


@dataclass(frozen=True)
class PostEdit:
    """What `post edit` changes; None: left as it is. '' clears --to (open) and --note."""

    title: str | None = None
    start: str | None = None
    end: str | None = None
    note: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in dataclass_fields(self))


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


def _begin(change: Change) -> Connection:
    # One time for the row's stamps and its entries, as one flush of the ORM gives them.
    change.info.setdefault("now", audit.now())
    return change.connection()


def _label(conn: Connection, table: str, values: Any) -> str:
    """A row's label as the log stores it (in English)."""
    with audit.in_english():
        return audit.Labeller(conn).label_of(table, values) or ""


def _update(change: Change, table: Any, held: Recorded, values: dict[str, Any]) -> Recorded:
    """Write `values` into `held` (recording.update_audited: only what changes, a new
    version, one entry named by its label after it); the row as it now is."""
    conn = change.connection()
    after = {**held.row._asdict(), **values}
    update_audited(change, table, held.row, values, _label(conn, table.name, after))
    return Recorded(conn.execute(select(table).where(table.c.id == held.id)).one())


def _remove(change: Change, table: Any, held: Recorded, expect_version: int | None) -> None:
    """Remove a post or role recorded by mistake (the log keeps it, and the findings of
    `check` reviewed about a role, removed with it, each first, as the ORM's cascade did)."""
    check_version(held, expect_version, table.name, f"#{held.id}")
    conn = change.connection()
    if table is schema.role:
        review = schema.check_review
        for row in conn.execute(
            select(review).where(review.c.role_id == held.id).order_by(review.c.id)
        ).all():
            delete_audited(change, review, row, _label(conn, review.name, row._mapping))
    delete_audited(change, table, held.row, _label(conn, table.name, held.row._mapping))


# --- roles --------------------------------------------------------------------------------


class _RoleWords:
    """Names the cities and organizations of roles, as `describe_role` says them."""

    def __init__(self, conn: Connection, roles: list[Recorded]) -> None:
        self.cities = _named(conn, "city", {r.city_id for r in roles})
        self.organizations = organizations(conn, {r.organization_id for r in roles})

    def describe(self, role: Recorded) -> str:
        """'#12 Yazd: secretary of AMF from 2020 (...) to 2022 (...)'."""
        return _(
            "#{id} {city}: {title} of {org} {period}",
            id=role.id,
            city=self.cities[role.city_id],
            title=title_word(role.title),
            org=self.organizations[role.organization_id].words,
            period=period_words(role.start, role.end),
        )


def _roles(conn: Connection, *where: Any) -> list[Recorded]:
    role = schema.role
    return [Recorded(r) for r in conn.execute(select(role).where(*where).order_by(role.c.id))]


def find_role(
    conn: Connection,
    city_or_id: str,
    org_query: str | None = None,
    title: str | None = None,
    start: str | None = None,
    hint: str = "",
) -> Recorded:
    """A role by its '#id', or by CITY ORGANIZATION TITLE (and its start, `start`, when the
    city held the title there more than once); ambiguous: refused, listing the candidates."""
    number = row_id(city_or_id)
    role = schema.role.c
    if number is not None:
        if org_query is not None or title is not None:
            raise CitylinksError(
                _(
                    "'{city_or_id}' names the role by its #id: give nothing else, or name it by CITY ORGANIZATION TITLE",
                    city_or_id=city_or_id,
                )
            )
        found = _roles(conn, role.id == number)
        if not found:
            raise NotFound(
                _(
                    "there is no role {city_or_id}: `citylinks city show CITY` lists a city's roles with their #ids",
                    city_or_id=city_or_id,
                )
            )
        return found[0]
    if org_query is None or title is None:
        raise CitylinksError(
            _(
                "name the role by CITY ORGANIZATION TITLE (e.g. Yazd AMF secretary), or by the #id `citylinks city show CITY` prints"
            )
        )
    city = find_city_ref(conn, city_or_id)
    org = find_organization_or_committee_ref(conn, org_query)
    cleaned = fields.ROLE_TITLE.clean(title)
    held = _roles(conn, role.city_id == city.id, role.organization_id == org.id)
    candidates = [r for r in held if vocab.same_title(r.title, cleaned)]
    if start is not None:
        day = parse_date(start, "--from")
        candidates = [r for r in candidates if r.start == day]
    if len(candidates) == 1:
        return candidates[0]
    words = _RoleWords(conn, held)
    org_name = organizations(conn, {org.id})[org.id].words
    if not candidates:
        since = _(" from {start}", start=start) if start is not None else ""
        there = listing([words.describe(r) for r in held], ";") or _("none")
        raise NotFound(
            _(
                "{city_name} holds no role '{title}'{since} in {org_name} (its roles there: {there}): see `citylinks city show {city_key}`",
                city_name=city.name(),
                title=title_word(title),
                since=since,
                org_name=org_name,
                there=there,
                city_key=city.key,
            )
        )
    raise Ambiguous(
        _(
            "{city_name} is recorded {n} times as {title} of {org_name}: {listed}. Name one by its #id{hint}",
            city_name=city.name(),
            n=len(candidates),
            title=title_word(title),
            org_name=org_name,
            hint=hint,
            listed=listing([words.describe(r) for r in candidates], ";"),
        )
    )


def edit_role(
    change: Change,
    city_or_id: str,
    org_query: str | None,
    title: str | None,
    edit: RoleEdit,
    expect_version: int | None = None,
) -> Done:
    """Correct a recorded role: its title, dates, deciding session or note."""
    conn = _begin(change)
    role = find_role(conn, city_or_id, org_query, title, hint=" (e.g. `citylinks role edit '#ID'`)")
    new_title, start, end, note = corrected(role, edit, "role", fields.ROLE_TITLE, expect_version)
    if edit.title is not None:
        new_title = vocab.role_title(new_title)
    session_id = role.session_id
    if edit.decided_at is not None:
        session_id = find_meeting_ref(conn, edit.decided_at).id if edit.decided_at.strip() else None
    c = schema.role.c
    others = _roles(
        conn, c.city_id == role.city_id, c.organization_id == role.organization_id, c.id != role.id
    )
    for other in others:
        if vocab.same_title(other.title, new_title) and other.start == start:
            raise Conflict(
                _(
                    "{describe_role} is recorded already: correct or remove that one instead; nothing was changed",
                    describe_role=_RoleWords(conn, [other]).describe(other),
                )
            )
    values = {
        "title": new_title,
        **date_columns("start", start),
        **date_columns("end", end),
        "session_id": session_id,
        "note": note,
    }
    role = _update(change, schema.role, role, values)
    return Done(_RoleWords(conn, [role]).describe(role), [])


def remove_role(
    change: Change,
    city_or_id: str,
    org_query: str | None,
    title: str | None,
    start: str | None,
    expect_version: int | None = None,
) -> Done:
    """Remove a role recorded by mistake (the log keeps it)."""
    conn = _begin(change)
    role = find_role(conn, city_or_id, org_query, title, start, hint=" or its start (--from)")
    described = _RoleWords(conn, [role]).describe(role)
    _remove(change, schema.role, role, expect_version)
    return Done(described, [])


# --- posts --------------------------------------------------------------------------------


class _PostWords:
    """Names the people, organizations and cities of posts, as `describe_post` says them."""

    def __init__(self, conn: Connection, posts: list[Recorded]) -> None:
        self.people = _named(conn, "person", {p.person_id for p in posts})
        self.cities = _named(conn, "city", {p.city_id for p in posts if p.city_id})
        self.organizations = organizations(
            conn, {p.organization_id for p in posts if p.organization_id}
        )

    def describe(self, post: Recorded) -> str:
        """'#7 Mohammad Amrollahi: secretary-general, AMF, from 2020 (...) to now'."""
        where = (
            self.organizations[post.organization_id].ref.label
            if post.organization_id
            else self.cities[post.city_id]
        )
        said = listing([title_word(post.title), where, period_words(post.start, post.end)])
        return f"#{digits(post.id)} {self.people[post.person_id]}: {said}"


def _posts(conn: Connection, *where: Any) -> list[Recorded]:
    post = schema.post
    return [Recorded(r) for r in conn.execute(select(post).where(*where).order_by(post.c.id))]


def find_post(
    conn: Connection,
    person_or_id: str,
    title: str | None = None,
    organization: str | None = None,
    city: str | None = None,
    start: str | None = None,
    hint: str = "",
) -> Recorded:
    """A post by its '#id', or by PERSON TITLE (narrowed by its organization, city or start
    when the person held the title more than once); ambiguous: refused, listing them."""
    number = row_id(person_or_id)
    post = schema.post.c
    if number is not None:
        if title is not None:
            raise CitylinksError(
                _(
                    "'{person_or_id}' names the post by its #id: give nothing else, or name it by PERSON TITLE",
                    person_or_id=person_or_id,
                )
            )
        found = _posts(conn, post.id == number)
        if not found:
            raise NotFound(
                _(
                    "there is no post {person_or_id}: `citylinks person show PERSON` lists a person's posts with their #ids",
                    person_or_id=person_or_id,
                )
            )
        return found[0]
    if title is None:
        raise CitylinksError(
            _(
                "name the post by PERSON TITLE (e.g. amrollahi secretary-general), or by the #id `citylinks person show PERSON` prints"
            )
        )
    holder = find_person_ref(conn, person_or_id)
    cleaned = fields.POST_TITLE.clean(title)
    held = _posts(conn, post.person_id == holder.id)
    candidates = [p for p in held if vocab.same_title(p.title, cleaned)]
    if not candidates:
        # Part of a long title ("director" for "Director of Communications and International
        # Affairs, Yazd Municipality"): the posts whose title has those words, in order.
        candidates = [p for p in held if _words_in(title, p.title)]
    if organization is not None:
        org = find_organization_ref(conn, organization)
        candidates = [p for p in candidates if p.organization_id == org.id]
    if city is not None:
        place = find_city_ref(conn, city)
        candidates = [p for p in candidates if p.city_id == place.id]
    if start is not None:
        day = parse_date(start, "--from")
        candidates = [p for p in candidates if p.start == day]
    if len(candidates) == 1:
        return candidates[0]
    words = _PostWords(conn, held)
    if not candidates:
        there = listing([words.describe(p) for p in held], ";") or _("none")
        raise NotFound(
            _(
                "{holder_name} holds no such post '{title}' (their posts: {there}): see `citylinks person show {holder_key}`",
                holder_name=holder.name(),
                title=title_word(title),
                there=there,
                holder_key=holder.key,
            )
        )
    raise Ambiguous(
        _(
            "{holder_name} is recorded {n} times as {title}: {listed}. Name one by its #id{hint}",
            holder_name=holder.name(),
            n=len(candidates),
            title=title_word(title),
            hint=hint,
            listed=listing([words.describe(p) for p in candidates], ";"),
        )
    )


def _words_in(part: str, title: str) -> bool:
    """Whether the words of `part` stand in `title`, one after another (each word folded as
    names are matched: Persian letters, case, marks)."""
    words = [text.fold(w) for w in part.replace(",", " ").split()]
    whole = [text.fold(w) for w in title.replace(",", " ").split()]
    return bool(words) and any(
        whole[i : i + len(words)] == words for i in range(len(whole) - len(words) + 1)
    )


def edit_post(
    change: Change,
    person_or_id: str,
    title: str | None,
    organization: str | None,
    city: str | None,
    edit: PostEdit,
    expect_version: int | None = None,
) -> Done:
    """Correct a recorded post: its title, dates or note."""
    conn = _begin(change)
    post = find_post(
        conn, person_or_id, title, organization, city, hint=" (e.g. `citylinks post edit '#ID'`)"
    )
    new_title, start, end, note = corrected(post, edit, "post", fields.POST_TITLE, expect_version)
    for other in _posts(conn, schema.post.c.person_id == post.person_id):
        if (
            other.id != post.id
            and vocab.same_title(other.title, new_title)
            and other.organization_id == post.organization_id
            and other.city_id == post.city_id
            and other.start == start
        ):
            raise Conflict(
                _(
                    "{describe_post} is recorded already: correct or remove that one instead; nothing was changed",
                    describe_post=_PostWords(conn, [other]).describe(other),
                )
            )
    values = {
        "title": new_title,
        **date_columns("start", start),
        **date_columns("end", end),
        "note": note,
    }
    post = _update(change, schema.post, post, values)
    return Done(_PostWords(conn, [post]).describe(post), [])


def remove_post(
    change: Change,
    person_or_id: str,
    title: str | None,
    organization: str | None,
    city: str | None,
    start: str | None,
    expect_version: int | None = None,
) -> Done:
    """Remove a post recorded by mistake (the log keeps it)."""
    conn = _begin(change)
    post = find_post(
        conn,
        person_or_id,
        title,
        organization,
        city,
        start,
        hint=" or its --org, --city or --from",
    )
    described = _PostWords(conn, [post]).describe(post)
    _remove(change, schema.post, post, expect_version)
    return Done(described, [])
