"""Organizations of cities (the AMF), their committees, mottos and meeting series."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from citylinks import text
from citylinks.errors import Ambiguous, CitylinksError, Conflict, NotFound
from citylinks.i18n import N_, _, digits, listing, ngettext
from citylinks.model import (
    Attendance,
    MeetingSeries,
    Membership,
    Motto,
    Organization,
    OrganizationIdentifier,
    OrganizationName,
    Post,
    Role,
)
from citylinks.model import Session as MeetingSession
from citylinks.services import fields
from citylinks.services.audit_log import check_version, today, touch
from citylinks.services.common import if_given, parse_date, sources_by_keys
from citylinks.services.lookup import find_city, find_organization
from citylinks.services.names import (
    edit_names,
    key_base,
    lang_tag,
    parse_names,
)
from citylinks.services.recording import acronym_of, clean_aims, organization_label, website
from citylinks.vocab import MEMBER_STATUSES

_SERIES_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# An organization's key, as `new_key` makes them (text.slugify): lowercase letters, digits, hyphens.
_ORGANIZATION_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _label(org: Organization) -> str:
    return organization_label(org.label, org.name(), org.key)


def member_count(session: Session, org: Organization, on: date | None = None) -> int:
    """How many members the organization has on `on` (today), by the recorded phases: those
    in a status that counts as membership, begun by then and not certainly ended."""
    on = on or today()
    count = 0
    for membership in session.scalars(
        select(Membership).where(Membership.organization_id == org.id)
    ):
        if any(
            p.status in MEMBER_STATUSES
            and p.retracted_at is None
            and p.start.possibly_on_or_before(on)
            and (p.end.is_unknown or p.end.possibly_on_or_after(on))
            for p in membership.phases
        ):
            count += 1
    return count


def committees(org: Organization) -> list[Organization]:
    return [c for c in org.children if c.kind == "committee"]


@dataclass
class OrganizationEdit:
    acronym: str | None = None
    add_names: list[str] = field(default_factory=list)
    remove_names: list[str] = field(default_factory=list)
    founded: str | None = None
    seat: str | None = None
    kind: str | None = None
    classification: str | None = None
    region: str | None = None
    website: str | None = None
    add_sources: list[str] = field(default_factory=list)
    # The aims as the sources list them, replacing the recorded ones ([""] clears them).
    aims: list[str] = field(default_factory=list)
    initiator: str | None = None
    note: str | None = None
    key: str | None = None
    # Identifiers in other registers, SCHEME=VALUE (wikidata=Q4806024); removed by SCHEME or
    # SCHEME=VALUE.
    add_ids: list[str] = field(default_factory=list)
    remove_ids: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return all(v in (None, []) for v in self.__dict__.values())


def edit_organization(
    session: Session, query: str, edit: OrganizationEdit, expect_version: int | None = None
) -> Organization:
    """Change an organization; refused if it changed since version `expect_version`."""
    if edit.is_empty():
        raise CitylinksError(
            _("nothing to change: give at least one option (see `citylinks org edit --help`)")
        )
    org = find_organization(session, query)
    return _apply_edit(session, org, edit, expect_version)


def _organization_key(session: Session, org: Organization, value: str) -> str:
    # A key that only its capitals keep from being one is refused by the field's rule (the
    # line every door says), one that is no key in any case by the form keys take.
    lower_case = _ORGANIZATION_KEY.match(value.lower())
    wanted = fields.ORGANIZATION_KEY.clean(value) if lower_case else value
    if not _ORGANIZATION_KEY.match(wanted):
        raise CitylinksError(
            _(
                "--key: '{value}' is not an organization key: use lowercase letters, digits and hyphens, e.g. asian-mayors-forum",
                value=value,
            )
        )
    taken = session.scalars(select(Organization).where(Organization.key == wanted)).one_or_none()
    if taken is not None and taken is not org:
        raise Conflict(
            _(
                "the key '{wanted}' is taken by {label}: choose another",
                wanted=wanted,
                label=_label(taken),
            )
        )
    return wanted


def _edit_identifiers(session: Session, org: Organization, edit: OrganizationEdit) -> None:
    from citylinks.services.recording import parse_identifier

    for value in edit.remove_ids:
        scheme, _equals, ident = (part.strip() for part in value.partition("="))
        scheme = scheme.lower()
        gone = [i for i in org.identifiers if i.scheme == scheme and ident in ("", i.value)]
        if not gone:
            shown = listing(f"{i.scheme}={i.value}" for i in org.identifiers) or _("none")
            raise NotFound(
                _(
                    "{org_label} has no identifier '{value}': its identifiers are {shown}",
                    org_label=org.label,
                    value=value,
                    shown=shown,
                )
            )
        for row in gone:
            org.identifiers.remove(row)
            session.delete(row)  # logged as a removal, not left to the orphan cascade
    for value in edit.add_ids:
        scheme, ident = parse_identifier(value)
        if any(i.scheme == scheme and i.value == ident for i in org.identifiers):
            raise Conflict(
                _(
                    "{org_label} already has the identifier {scheme}={ident}",
                    org_label=org.label,
                    scheme=scheme,
                    ident=ident,
                )
            )
        owner = session.scalars(
            select(OrganizationIdentifier).where(
                OrganizationIdentifier.scheme == scheme, OrganizationIdentifier.value == ident
            )
        ).one_or_none()
        if owner is not None:
            other = session.get_one(Organization, owner.organization_id)
            raise Conflict(
                _(
                    "{scheme}={ident} is already the identifier of {label}",
                    scheme=scheme,
                    ident=ident,
                    label=_label(other),
                )
            )
        org.identifiers.append(OrganizationIdentifier(scheme=scheme, value=ident))


def _apply_edit(
    session: Session, org: Organization, edit: OrganizationEdit, expect_version: int | None
) -> Organization:
    check_version(org, expect_version, N_("organization"), org.key)
    # One command, one new version: nothing is flushed until every change is made.
    with session.no_autoflush:
        if edit.key is not None:
            org.key = _organization_key(session, org, edit.key)
        _edit_identifiers(session, org, edit)
        if edit.acronym is not None:
            org.acronym = acronym_of(edit.acronym) if edit.acronym.strip() else None
        edit_names(
            org, org.label, edit.remove_names, edit.add_names, OrganizationName, "organization name"
        )
        if edit.founded is not None:
            org.founded = parse_date(edit.founded, "--founded")
        if edit.seat is not None:
            org.seat = find_city(session, edit.seat) if edit.seat.strip() else None
        if edit.kind is not None:
            org.kind = fields.ORGANIZATION_KIND.clean(edit.kind)
        if edit.classification is not None:
            org.classification = (
                fields.CLASSIFICATION.clean(edit.classification)
                if edit.classification.strip()
                else None
            )
        if edit.region is not None:
            org.region = fields.REGION.clean(edit.region) if edit.region.strip() else None
        if edit.website is not None:
            org.website = website(edit.website)
        if edit.aims:
            org.aims = clean_aims(edit.aims)
        if edit.initiator is not None:
            org.initiator = (
                fields.INITIATOR.clean(edit.initiator) if edit.initiator.strip() else None
            )
        if edit.note is not None:
            org.note = if_given(fields.NOTE, edit.note) if edit.note.strip() else None
        if edit.add_sources:
            org.sources = list(
                dict.fromkeys([*org.sources, *sources_by_keys(session, edit.add_sources)])
            )
    touch(session, org)
    return org


def add_motto(
    session: Session,
    query: str,
    motto: str,
    lang: str | None,
    source_keys: list[str],
    note: str | None = None,
) -> Motto:
    """Record one sourced wording of an organization's motto; without `lang`, in the language
    its letters say (text.script_language: Persian letters fa, Latin en)."""
    org = find_organization(session, query)
    fields.MOTTO.clean(motto)  # its checks first, whatever its language
    guessed = text.script_language(motto)  # as typed: normalising makes Arabic yeh Persian
    if lang is None and guessed is None:
        raise CitylinksError(
            _("the motto's letters do not say its language: give --lang, e.g. --lang ar")
        )
    tag = lang_tag(lang if lang is not None else str(guessed))
    # Persian letters for Arabic ones only in Persian: an Arabic motto keeps its letters.
    wording = fields.MOTTO.clean(motto, lang=tag)
    if not source_keys:
        raise CitylinksError(
            _("a motto needs its source: add --source KEY (see `citylinks source list`)")
        )
    sources = sources_by_keys(session, source_keys)
    for existing in org.mottos:
        if existing.lang == tag and text.fold(existing.text) == text.fold(wording):
            raise Conflict(
                _(
                    "{org_label} already has this motto in '{tag}' (sources {value})",
                    org_label=org.label,
                    tag=tag,
                    value=listing(s.key for s in existing.sources) or _("none"),
                )
            )
    row = Motto(text=wording, lang=tag, note=if_given(fields.NOTE, note), sources=sources)
    org.mottos.append(row)
    session.flush()
    return row


def add_series(session: Session, query: str, key: str | None, names: list[str]) -> MeetingSeries:
    """Record a meeting series (General Assembly, Executive Board) of an organization. Without
    a key, one is made from its names (names.key_base: «مجمع عمومی» gives "majma-omumi"). A
    series named in Persian only is shown by its key where an English name is wanted, as a
    dataset's series is, until `org series edit --name NAME` gives one."""
    org = find_organization(session, query)
    given = parse_names(names, "series name")
    english = next((n.name for n in given if n.lang == "en"), None)
    persian = next((n.name for n in given if n.lang == "fa"), None)
    if english is None and persian is None:
        raise CitylinksError(
            _(
                "a series needs a name in English or Persian: add --name 'General Assembly' or --name 'مجمع عمومی'"
            )
        )
    if key is None:
        named = {text.fold(n.name) for n in given}
        for s in org.series:
            if named & {text.fold(s.name_en), text.fold(s.name_fa or "")}:
                raise Conflict(
                    _(
                        "{org_label} already has a series of this name: {s_key}; give a KEY to record another",
                        org_label=org.label,
                        s_key=s.key,
                    )
                )
        made = key_base(n.name for n in given)[:60].strip("-")
        if not made:
            raise CitylinksError(_("no key can be made from the series' names: give a KEY"))
        wanted, number = made, 2
        while any(s.key == wanted for s in org.series):
            wanted, number = f"{made}-{number}", number + 1
    else:
        wanted = _series_key(key)
    if not _SERIES_KEY.match(wanted):
        raise CitylinksError(
            _(
                "'{key}' is not a series key: use lowercase letters, digits and hyphens, e.g. general-assembly",
                key=key,
            )
        )
    if any(s.key == wanted for s in org.series):
        raise Conflict(
            _("{org_label} already has the series '{wanted}'", org_label=org.label, wanted=wanted)
        )
    series = MeetingSeries(key=wanted, name_en=english or wanted, name_fa=persian)
    org.series.append(series)
    session.flush()
    return series


# --- corrections: committees, mottos and meeting series ----------------------------------------


def _position(which: str) -> int | None:
    """A place in a list as `org show` prints it ('2'), or None when `which` is not a number."""
    digits = text.to_ascii_digits(which.strip())
    return int(digits) if digits.isdigit() else None


def references(session: Session, org: Organization) -> list[str]:
    """What refers to an organization from outside it, in words ('2 roles')."""
    from sqlalchemy import func, or_

    def count(stmt) -> int:
        return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    memberships = count(
        select(Membership.id).where(
            or_(
                Membership.organization_id == org.id,
                Membership.member_organization_id == org.id,
            )
        )
    )
    roles = count(select(Role.id).where(Role.organization_id == org.id))
    posts = count(select(Post.id).where(Post.organization_id == org.id))
    attendance = count(
        select(Attendance.id).where(
            or_(
                Attendance.organization_id == org.id,
                Attendance.on_behalf_of_organization_id == org.id,
            )
        )
    )
    sessions = count(
        select(MeetingSession.id).join(MeetingSeries).where(MeetingSeries.organization_id == org.id)
    )
    parts = count(select(Organization.id).where(Organization.parent_id == org.id))
    said = (
        (memberships, ngettext("{n} membership", "{n} memberships", memberships, n=memberships)),
        (roles, ngettext("{n} role", "{n} roles", roles, n=roles)),
        (posts, ngettext("{n} post", "{n} posts", posts, n=posts)),
        (
            attendance,
            ngettext("{n} attendance record", "{n} attendance records", attendance, n=attendance),
        ),
        (sessions, ngettext("{n} session", "{n} sessions", sessions, n=sessions)),
        (parts, ngettext("{n} part", "{n} parts", parts, n=parts)),
    )
    return [words for n, words in said if n]


def find_committee(session: Session, org_query: str, which: str) -> Organization:
    """A committee of an organization: by its key, id ('#12' or '12') or any of its names."""
    from citylinks.services.sessions import record_id

    org = find_organization(session, org_query)
    listed = listing(f"{c.name()} (key {c.key})" for c in committees(org)) or _("none recorded")
    wanted_id = record_id(which)
    digits = text.to_ascii_digits(which.strip())
    folded = text.fold(which)
    found = [
        c
        for c in committees(org)
        if c.id == wanted_id
        or (digits.isdigit() and c.id == int(digits))
        or c.key == which.strip()
        or any(n.folded == folded for n in c.names)
    ]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(
            _(
                "{org_label} has no committee '{which}': its committees are {listed}",
                org_label=org.label,
                which=which,
                listed=listed,
            )
        )
    raise Ambiguous(
        _(
            "'{which}' names several committees of {org_label}: {listed}; give its key",
            which=which,
            org_label=org.label,
            listed=listing(f"{c.name()} (key {c.key})" for c in found),
        )
    )


def edit_committee(
    session: Session,
    org_query: str,
    which: str,
    edit: OrganizationEdit,
    expect_version: int | None = None,
) -> Organization:
    """Change a committee's key, names or note; refused if it changed since `expect_version`."""
    if edit.is_empty():
        raise CitylinksError(
            _(
                "nothing to change: give at least one option (see `citylinks org committee edit --help`)"
            )
        )
    committee = find_committee(session, org_query, which)
    return _apply_edit(session, committee, edit, expect_version)


def remove_committee(
    session: Session, org_query: str, which: str, expect_version: int | None = None
) -> Organization:
    """Remove a committee, with its names, identifiers, mottos and series; refused, naming
    them, while memberships, roles, posts, attendance or sessions refer to it."""
    committee = find_committee(session, org_query, which)
    check_version(committee, expect_version, N_("organization"), committee.key)
    refs = references(session, committee)
    if refs:
        raise Conflict(
            _(
                "the committee {committee_name} (key {committee_key}) is still referred to by {listed}: remove or change those first; nothing was removed",
                committee_name=committee.name(),
                committee_key=committee.key,
                listed=listing(refs),
            )
        )
    session.delete(committee)
    session.flush()
    return committee


def find_motto(session: Session, org_query: str, which: str) -> Motto:
    """One wording of an organization's motto: '#ID', its place N in the list `org show`
    prints, or the wording itself."""
    from citylinks.services.sessions import record_id

    org = find_organization(session, org_query)
    listed = listing(
        [f"{digits(i)}. #{digits(m.id)} {m.lang} {m.text}" for i, m in enumerate(org.mottos, 1)],
        ";",
    ) or _("none recorded")
    wanted_id = record_id(which)
    place = _position(which) if wanted_id is None else None
    if wanted_id is not None:
        found = [m for m in org.mottos if m.id == wanted_id]
    elif place is not None:
        found = [org.mottos[place - 1]] if 1 <= place <= len(org.mottos) else []
    else:
        folded = text.fold(which)
        found = [m for m in org.mottos if text.fold(m.text) == folded]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(
            _(
                "{org_label} has no motto '{which}': its mottos are {listed}",
                org_label=org.label,
                which=which,
                listed=listed,
            )
        )
    raise Ambiguous(
        _(
            "'{which}' is the wording of {n} mottos of {org_label}: {listed}; give the one you mean as #ID",
            which=which,
            n=len(found),
            org_label=org.label,
            listed=listing([f"#{digits(m.id)} {m.lang} {m.text}" for m in found], ";"),
        )
    )


def edit_motto(
    session: Session,
    org_query: str,
    which: str,
    *,
    wording: str | None = None,
    lang: str | None = None,
    note: str | None = None,
    expect_version: int | None = None,
) -> Motto:
    """Change a motto's wording, language or note."""
    if wording is None and lang is None and note is None:
        raise CitylinksError(_("nothing to change: give --text, --lang or --note ('' clears it)"))
    motto = find_motto(session, org_query, which)
    session.refresh(motto, with_for_update=True)
    check_version(motto, expect_version, N_("motto"), f"#{digits(motto.id)}")
    org = session.get_one(Organization, motto.organization_id)
    new_lang = lang_tag(lang) if lang is not None else motto.lang
    new_text = fields.MOTTO.clean(wording, lang=new_lang) if wording is not None else motto.text
    for other in org.mottos:
        if (
            other is not motto
            and other.lang == new_lang
            and text.fold(other.text) == text.fold(new_text)
        ):
            raise Conflict(
                _(
                    "{org_label} already has this motto in '{new_lang}' (#{id}); nothing was changed",
                    org_label=org.label,
                    new_lang=new_lang,
                    id=other.id,
                )
            )
    motto.text, motto.lang = new_text, new_lang
    if note is not None:
        motto.note = if_given(fields.NOTE, note)
    session.flush()
    return motto


def remove_motto(
    session: Session, org_query: str, which: str, expect_version: int | None = None
) -> Motto:
    """Remove one wording of an organization's motto."""
    motto = find_motto(session, org_query, which)
    session.refresh(motto, with_for_update=True)
    check_version(motto, expect_version, N_("motto"), f"#{digits(motto.id)}")
    session.delete(motto)
    session.flush()
    return motto


def _series_key(value: str) -> str:
    wanted = value.strip()
    if _SERIES_KEY.match(wanted.lower()):  # capitals refused by the field's rule, as elsewhere
        fields.SERIES_KEY.clean(wanted)
    if not _SERIES_KEY.match(wanted):
        raise CitylinksError(
            _(
                "'{value}' is not a series key: use lowercase letters, digits and hyphens, e.g. general-assembly",
                value=value,
            )
        )
    return wanted


def edit_series(
    session: Session,
    org_query: str,
    which: str,
    *,
    key: str | None = None,
    names: list[str] | None = None,
    expect_version: int | None = None,
) -> MeetingSeries:
    """Change a meeting series' key (its sessions stay in it) or its English or Persian name."""
    from citylinks.services.sessions import find_series

    if key is None and not names:
        raise CitylinksError(
            _("nothing to change: give --key KEY or --name NAME (--name fa=NAME for the Persian)")
        )
    org = find_organization(session, org_query)
    series = find_series(org, which)
    session.refresh(series, with_for_update=True)
    check_version(series, expect_version, N_("series"), series.key)
    if key is not None:
        wanted = _series_key(key)
        if any(s.key == wanted and s is not series for s in org.series):
            raise Conflict(
                _(
                    "{org_label} already has the series '{wanted}': choose another key",
                    org_label=org.label,
                    wanted=wanted,
                )
            )
        series.key = wanted
    for given in parse_names(names, "series name"):
        if given.lang == "en":
            series.name_en = fields.SERIES_NAME.clean(given.name)
        elif given.lang == "fa":
            series.name_fa = fields.SERIES_NAME.clean(given.name)
        else:
            raise CitylinksError(
                _(
                    "a series has an English and a Persian name: give --name NAME or --name fa=NAME, not {given_lang}={given_name}",
                    given_lang=given.lang,
                    given_name=given.name,
                )
            )
    session.flush()
    return series


def remove_series(
    session: Session, org_query: str, which: str, expect_version: int | None = None
) -> MeetingSeries:
    """Remove a meeting series that has no sessions; refused, naming them, otherwise."""
    from citylinks.services.sessions import find_series

    org = find_organization(session, org_query)
    series = find_series(org, which)
    session.refresh(series, with_for_update=True)
    check_version(series, expect_version, N_("series"), series.key)
    numbers = list(
        session.scalars(
            select(MeetingSession.number)
            .where(MeetingSession.series_id == series.id)
            .order_by(MeetingSession.number)
        )
    )
    if numbers:
        shown = listing(str(n) for n in numbers[:10]) + (", ..." if len(numbers) > 10 else "")
        raise Conflict(
            ngettext(
                "the {org_label} series {series_key} still has {n} session ({shown}): remove it first (`citylinks session remove {org_label} N --series {series_key}`); nothing was removed",
                "the {org_label} series {series_key} still has {n} sessions ({shown}): remove them first (`citylinks session remove {org_label} N --series {series_key}`); nothing was removed",
                len(numbers),
                org_label=org.label,
                series_key=series.key,
                n=len(numbers),
                shown=shown,
            )
        )
    org.series.remove(series)
    session.delete(series)
    session.flush()
    return series
