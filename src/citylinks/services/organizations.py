"""Organizations of cities (the AMF), their committees, mottos and meeting series."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from citylinks import text
from citylinks.errors import CitylinksError, Conflict
from citylinks.model import (
    MeetingSeries,
    Membership,
    Motto,
    Organization,
    OrganizationName,
)
from citylinks.services import fields
from citylinks.services.audit_log import check_version, today, touch
from citylinks.services.common import if_given, parse_date, sources_by_keys
from citylinks.services.lookup import find_city, find_organization
from citylinks.services.names import (
    GivenName,
    LikelyDuplicate,
    edit_names,
    lang_tag,
    name_rows,
    new_key,
    parse_names,
    similar,
)
from citylinks.vocab import MEMBER_STATUSES

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)
_SERIES_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _website(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    url = value.strip()
    if not _URL.match(url) or len(url) > 500:
        raise CitylinksError(f"--website: '{value}' is not a web address: give https://…")
    return url


def _acronym(value: str) -> str:
    acronym = fields.ACRONYM.clean(value)
    if " " in acronym:
        raise CitylinksError(
            f"the acronym '{acronym}' has spaces: give e.g. AMF, and the full name with --name"
        )
    return acronym


def _new_key(session: Session, candidates: list[str], fallback: str = "org") -> str:
    return new_key(session, Organization, candidates, fallback)


def _label(org: Organization) -> str:
    return f"{org.label} ({org.name()}, key {org.key})"


def _refuse_duplicate(
    session: Session, acronym: str | None, names: list[GivenName], parent: Organization | None
) -> None:
    stmt = select(OrganizationName).join(OrganizationName.organization)
    stmt = stmt.where(
        Organization.parent_id == parent.id
        if parent is not None
        else Organization.parent_id.is_(None)
    )
    pairs = [(n.name, n.organization) for n in session.scalars(stmt)]
    found = similar([n.name for n in names], pairs)
    if acronym:
        for org in session.scalars(select(Organization).where(Organization.acronym.is_not(None))):
            if (
                org.acronym is not None  # as selected; the column may be NULL
                and text.fold(org.acronym) == text.fold(acronym)
                and org not in found
            ):
                found.insert(0, org)
    if found:
        what = f"'{acronym}'" if acronym else f"'{names[0].name}'"
        listed = "; ".join(_label(o) for o in found[:3])
        warning = f"an organization like {what} is recorded already: {listed}"
        raise LikelyDuplicate(f"{warning}. Use it, or add --force to record another one", warning)


def add_organization(
    session: Session,
    acronym: str | None,
    names: list[str],
    founded: str | None = None,
    seat: str | None = None,
    kind: str = "network",
    parent: str | None = None,
    classification: str | None = None,
    region: str | None = None,
    website: str | None = None,
    source_keys: list[str] | None = None,
    note: str | None = None,
    force: bool = False,
    aims: list[str] | None = None,
    initiator: str | None = None,
) -> Organization:
    """Record an organization with its names (the first is shown by default)."""
    # An acronym typed empty ("") is refused like one of spaces; committees pass None.
    acronym = _acronym(acronym) if acronym is not None else None
    given = parse_names(names, "organization name")
    if not given:
        raise CitylinksError("an organization needs a name: add --name NAME")
    parent_org = find_organization(session, parent) if parent else None
    kind = fields.ORGANIZATION_KIND.clean(kind)
    if kind == "committee" and parent_org is None:
        raise CitylinksError("a committee belongs to an organization: add --parent ORG")
    values = dict(
        acronym=acronym,
        kind=kind,
        parent=parent_org,
        classification=fields.CLASSIFICATION.clean(classification) if classification else None,
        region=fields.REGION.clean(region) if region else None,
        founded=parse_date(founded, "--founded"),
        seat=find_city(session, seat) if seat else None,
        website=_website(website),
        note=if_given(fields.NOTE, note),
        aims=clean_aims(aims) if aims else None,
        initiator=fields.INITIATOR.clean(initiator) if initiator else None,
        sources=sources_by_keys(session, source_keys),
    )
    if not force:
        _refuse_duplicate(session, acronym, given, parent_org)
    prefix = [f"{parent_org.key}-"] if parent_org else [""]
    org = Organization(
        key=_new_key(
            session, [prefix[0] + n for n in [acronym or "", *(g.name for g in given)] if n]
        ),
        **values,
    )
    org.names = name_rows(given, OrganizationName)
    session.add(org)
    session.flush()
    return org


def list_organizations(session: Session) -> list[Organization]:
    orgs = list(session.scalars(select(Organization)))
    return sorted(
        orgs, key=lambda o: (o.parent.key if o.parent else o.key, o.parent is not None, o.key)
    )


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

    def is_empty(self) -> bool:
        return all(v in (None, []) for v in self.__dict__.values())


def edit_organization(
    session: Session, query: str, edit: OrganizationEdit, expect_version: int | None = None
) -> Organization:
    """Change an organization; refused if it changed since version `expect_version`."""
    if edit.is_empty():
        raise CitylinksError(
            "nothing to change: give at least one option (see `citylinks org edit --help`)"
        )
    org = find_organization(session, query)
    check_version(org, expect_version, "organization", org.key)
    # One command, one new version: nothing is flushed until every change is made.
    with session.no_autoflush:
        if edit.acronym is not None:
            org.acronym = _acronym(edit.acronym) if edit.acronym.strip() else None
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
            org.website = _website(edit.website)
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


def clean_aims(aims: list[str]) -> list[str] | None:
    """The aims an officer typed (each --aim once, in the sources' order); a single empty
    --aim '' means none are recorded."""
    if [a.strip() for a in aims] == [""]:
        return None
    cleaned = [fields.AIM.clean(a) for a in aims]
    return list(dict.fromkeys(cleaned))


def add_committee(
    session: Session,
    query: str,
    name: str,
    names: list[str] | None = None,
    source_keys: list[str] | None = None,
    force: bool = False,
) -> Organization:
    """Record a committee of an organization."""
    parent = find_organization(session, query)
    return add_organization(
        session,
        None,
        [name, *(names or [])],
        kind="committee",
        parent=parent.key,
        source_keys=source_keys,
        force=force,
    )


def add_motto(
    session: Session,
    query: str,
    motto: str,
    lang: str,
    source_keys: list[str],
    note: str | None = None,
) -> Motto:
    """Record one sourced wording of an organization's motto."""
    org = find_organization(session, query)
    wording = fields.MOTTO.clean(motto)
    tag = lang_tag(lang)
    if not source_keys:
        raise CitylinksError(
            "a motto needs its source: add --source KEY (see `citylinks source list`)"
        )
    sources = sources_by_keys(session, source_keys)
    for existing in org.mottos:
        if existing.lang == tag and text.fold(existing.text) == text.fold(wording):
            raise Conflict(
                f"{org.label} already has this motto in '{tag}' (sources"
                f" {', '.join(s.key for s in existing.sources) or 'none'})"
            )
    row = Motto(text=wording, lang=tag, note=if_given(fields.NOTE, note), sources=sources)
    org.mottos.append(row)
    session.flush()
    return row


def add_series(session: Session, query: str, key: str, names: list[str]) -> MeetingSeries:
    """Record a meeting series (General Assembly, Executive Board) of an organization."""
    org = find_organization(session, query)
    wanted = key.strip().lower()
    if not _SERIES_KEY.match(wanted):
        raise CitylinksError(
            f"'{key}' is not a series key: use lowercase letters, digits and hyphens, e.g. general-assembly"
        )
    if any(s.key == wanted for s in org.series):
        raise Conflict(f"{org.label} already has the series '{wanted}'")
    given = parse_names(names, "series name")
    english = next((n.name for n in given if n.lang == "en"), None)
    persian = next((n.name for n in given if n.lang == "fa"), None)
    if english is None:
        raise CitylinksError("a series needs an English name: add --name 'General Assembly'")
    series = MeetingSeries(key=wanted, name_en=english, name_fa=persian)
    org.series.append(series)
    session.flush()
    return series
