"""Countries and cities: recording countries, changing, removing and merging cities (a new
city is recorded by services.recording, on Core)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from citylinks import text, vocab
from citylinks.dates import for_message
from citylinks.errors import CitylinksError, Conflict, NotFound
from citylinks.i18n import N_, _, listing, ngettext
from citylinks.model import (
    Attendance,
    City,
    CityIdentifier,
    CityName,
    Country,
    Designation,
    Membership,
    MembershipPhase,
    Organization,
    Post,
    Role,
)
from citylinks.model import Session as MeetingSession
from citylinks.services import fields, phase_rules
from citylinks.services.audit_log import check_version, touch
from citylinks.services.common import parse_date, sources_by_keys
from citylinks.services.lookup import find_city, find_country_ref
from citylinks.services.memberships import make_room
from citylinks.services.names import (
    Merged,
    absorb,
    blank,
    check_new_key,
    cite_also,
    edit_names,
    fill_blanks,
    move_names,
    note_in_log,
    parse_names,
)
from citylinks.services.recording import city_label, coordinates, parse_identifier
from citylinks.vocab import word

# --- countries ---------------------------------------------------------------------------------


def country_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Country.code).order_by(Country.code)))


def get_country(session: Session, code: str) -> Country:
    """A country by its code or a recorded name ("IR", "Iran", "ایران")."""
    found = find_country_ref(session, code)
    return session.scalars(select(Country).where(Country.code == found.code)).one()


def add_country(session: Session, code: str, names: list[str]) -> Country:
    """Record a country by its ISO 3166-1 alpha-2 code, with its English (and Persian) name."""
    wanted = vocab.country_code(code)
    iso_name = iso_countries()[wanted]
    if session.scalars(select(Country).where(Country.code == wanted)).one_or_none():
        raise Conflict(
            _("country {wanted} is recorded already: see `citylinks country list`", wanted=wanted)
        )
    given = {n.lang: n.name for n in reversed(parse_names(names, "country name"))}
    given.setdefault("en", iso_name)
    country = Country(code=wanted, name_en=given["en"], name_fa=given.get("fa"))
    session.add(country)
    session.flush()
    return country


iso_countries = vocab.iso_countries


def edit_country(
    session: Session,
    code: str,
    names: list[str],
    remove_names: list[str],
    expect_version: int | None = None,
) -> Country:
    """Correct a country's English or Persian name (`--name NAME`, `--name fa=NAME`), or
    remove its Persian name (`--remove-name fa`)."""
    if not names and not remove_names:
        raise CitylinksError(
            _("nothing to change: give --name NAME, --name fa=NAME or --remove-name fa")
        )
    country = get_country(session, code)
    check_version(country, expect_version, N_("country"), country.code)
    for lang in remove_names:
        wanted = lang.partition("=")[0].strip().lower()
        if wanted == "en":
            raise CitylinksError(
                _(
                    "{country_code}'s English name cannot be removed: change it with --name NAME",
                    country_code=country.code,
                )
            )
        if wanted != "fa":
            raise CitylinksError(
                _(
                    "--remove-name '{lang}': a country has an English and a Persian name only; give --remove-name fa",
                    lang=lang,
                )
            )
        if country.name_fa is None:
            raise NotFound(
                _("{country_code} has no Persian name to remove", country_code=country.code)
            )
        country.name_fa = None
    for given in parse_names(names, "country name"):
        if given.lang not in ("en", "fa"):
            raise CitylinksError(
                _(
                    "--name {given_lang}={given_name}: a country has an English and a Persian name only; give NAME or fa=NAME",
                    given_lang=given.lang,
                    given_name=given.name,
                )
            )
        cleaned = fields.COUNTRY_NAME.clean(given.name)
        if given.lang == "en":
            country.name_en = cleaned
        else:
            country.name_fa = cleaned
    if not session.is_modified(country):
        raise CitylinksError(
            _(
                "{country_code} has those names already: nothing to change",
                country_code=country.code,
            )
        )
    session.flush()
    return country


def remove_country(session: Session, code: str, expect_version: int | None = None) -> Country:
    """Remove a country no city is in; refused, naming the cities, otherwise."""
    country = get_country(session, code)
    check_version(country, expect_version, N_("country"), country.code)
    keys = list(
        session.scalars(select(City.key).where(City.country_id == country.id).order_by(City.key))
    )
    if keys:
        named = listing(keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
        raise Conflict(
            ngettext(
                "country {country_code} is the country of {n} city ({named}): move it with `citylinks city edit CITY --country CODE` or remove it first",
                "country {country_code} is the country of {n} cities ({named}): move them with `citylinks city edit CITY --country CODE` or remove them first",
                len(keys),
                country_code=country.code,
                n=len(keys),
                named=named,
            )
        )
    session.delete(country)
    session.flush()
    return country


# --- cities ------------------------------------------------------------------------------------


def _identifier_owner(session: Session, scheme: str, value: str) -> City | None:
    taken = session.scalars(
        select(CityIdentifier).where(CityIdentifier.scheme == scheme, CityIdentifier.value == value)
    ).one_or_none()
    return session.get(City, taken.city_id) if taken is not None else None


def _add_identifier(session: Session, city: City | None, scheme: str, value: str) -> CityIdentifier:
    owner = _identifier_owner(session, scheme, value)
    if owner is not None and owner is not city:
        raise Conflict(
            _(
                "{scheme}={value} is already the identifier of {label}",
                scheme=scheme,
                value=value,
                label=_label(owner),
            )
        )
    return CityIdentifier(scheme=scheme, value=value)


def _label(city: City) -> str:
    return city_label(city.name(), city.country.code, city.key)


@dataclass
class CityEdit:
    add_names: list[str] = field(default_factory=list)
    remove_names: list[str] = field(default_factory=list)
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    region: str | None = None
    add_ids: list[str] = field(default_factory=list)
    remove_ids: list[str] = field(default_factory=list)
    add_sources: list[str] = field(default_factory=list)
    remove_sources: list[str] = field(default_factory=list)
    key: str | None = None

    def is_empty(self) -> bool:
        return not any(
            (
                self.key is not None,
                self.add_names,
                self.remove_names,
                self.country,
                self.latitude is not None,
                self.longitude is not None,
                self.region is not None,
                self.add_ids,
                self.remove_ids,
                self.add_sources,
                self.remove_sources,
            )
        )


def edit_city(
    session: Session, query: str, edit: CityEdit, expect_version: int | None = None
) -> City:
    """Change a city; refused if it changed since the officer read version `expect_version`."""
    if edit.is_empty():
        raise CitylinksError(
            _("nothing to change: give at least one option (see `citylinks city edit --help`)")
        )
    city = find_city(session, query)
    check_version(city, expect_version, N_("city"), city.key)
    # One command, one new version: nothing is flushed until every change is made.
    with session.no_autoflush:
        edit_names(city, city.key, edit.remove_names, edit.add_names, CityName, "city name")
        if edit.country is not None:
            city.country = get_country(session, edit.country)
        if edit.latitude is not None or edit.longitude is not None:
            latitude = edit.latitude if edit.latitude is not None else city.latitude
            longitude = edit.longitude if edit.longitude is not None else city.longitude
            coordinates(latitude, longitude)
            city.latitude, city.longitude = latitude, longitude
        if edit.region is not None:
            city.region = fields.REGION.clean(edit.region) if edit.region.strip() else None
        for value in edit.remove_ids:
            scheme = value.partition("=")[0].strip().lower()
            gone = [i for i in city.identifiers if i.scheme == scheme]
            if not gone:
                raise NotFound(
                    _("{city_key} has no identifier '{scheme}'", city_key=city.key, scheme=scheme)
                )
            for i in gone:
                city.identifiers.remove(i)
                # Deleted explicitly, as removed names are, so that the log records it.
                session.delete(i)
        for value in edit.add_ids:
            scheme, ident = parse_identifier(value)
            if not any(i.scheme == scheme and i.value == ident for i in city.identifiers):
                city.identifiers.append(_add_identifier(session, city, scheme, ident))
        if edit.add_sources or edit.remove_sources:
            removed = {s.key for s in sources_by_keys(session, edit.remove_sources)}
            kept = [s for s in city.sources if s.key not in removed]
            city.sources = list(dict.fromkeys(kept + sources_by_keys(session, edit.add_sources)))
        if edit.key is not None:
            city.key = _free_city_key(session, city, edit.key)
    touch(session, city)
    return city


def _free_city_key(session: Session, city: City, wanted: str) -> str:
    key = check_new_key(wanted, fields.CITY_KEY)
    if key == city.key:
        raise CitylinksError(
            _("city '{city_key}' has that key already: nothing to change", city_key=city.key)
        )
    taken = session.scalars(select(City).where(City.key == key)).one_or_none()
    if taken is not None:
        raise Conflict(
            _("the key '{key}' is taken by {label}: choose another", key=key, label=_label(taken))
        )
    # A key that is another city's name would make that name find two cities.
    named = session.scalars(
        select(City).join(CityName).where(CityName.folded == text.fold(key), City.id != city.id)
    ).first()
    if named is not None:
        raise Conflict(
            _(
                "'{key}' is a name of {label}, so it would name two cities: choose another key",
                key=key,
                label=_label(named),
            )
        )
    return key


def add_designation(
    session: Session,
    query: str,
    name: str,
    date: str | None,
    reference: str | None,
    source_keys: list[str] | None,
) -> Designation:
    """Record a title a city holds (a UNESCO World Heritage inscription), with its date,
    reference and sources."""
    city = find_city(session, query)
    title = fields.DESIGNATION.clean(name)
    if not source_keys:
        raise CitylinksError(
            _("a designation needs its source: add --source KEY (see `citylinks source list`)")
        )
    sources = sources_by_keys(session, source_keys)
    if any(text.fold(d.name) == text.fold(title) for d in city.designations):
        raise Conflict(
            _(
                "{city_key} already has the designation '{title}': see `citylinks city show {city_key}`",
                city_key=city.key,
                title=title,
            )
        )
    row = Designation(
        name=title,
        reference=fields.DESIGNATION_REFERENCE.clean(reference) if reference else None,
        date=parse_date(date, "--date"),
        sources=sources,
    )
    city.designations.append(row)
    touch(session, city)
    return row


@dataclass(frozen=True)
class References:
    memberships: int
    sessions_hosted: int
    roles: int
    posts: int
    attendance: int
    seats: int

    def describe(self) -> list[str]:
        m, s, r, p, a, o = (
            self.memberships,
            self.sessions_hosted,
            self.roles,
            self.posts,
            self.attendance,
            self.seats,
        )
        words = (
            (m, ngettext("{n} membership", "{n} memberships", m, n=m)),
            (s, ngettext("{n} session hosted", "{n} sessions hosted", s, n=s)),
            (r, ngettext("{n} role", "{n} roles", r, n=r)),
            (p, ngettext("{n} post", "{n} posts", p, n=p)),
            (a, ngettext("{n} attendance record", "{n} attendance records", a, n=a)),
            (o, ngettext("{n} organization seat", "{n} organization seats", o, n=o)),
        )
        return [w for n, w in words if n]

    def commands(self, key: str) -> list[str]:
        """The commands that remove or change each kind of reference to the city `key`."""
        commands = (
            (
                self.memberships,
                _("`citylinks member remove {key} ORG PHASE` for each phase", key=key),
            ),
            (self.sessions_hosted, "`citylinks session edit ORG NUMBER --host CITY`"),
            (self.roles, "`citylinks role remove '#ID'`"),
            (self.posts, "`citylinks post remove '#ID'`"),
            (self.attendance, _("`citylinks session show ORG NUMBER` for the attendance")),
            (self.seats, "`citylinks org edit ORG --seat CITY`"),
        )
        return [c for n, c in commands if n]


def references(session: Session, city: City) -> References:
    def count(stmt) -> int:
        return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    return References(
        memberships=count(select(Membership.id).where(Membership.city_id == city.id)),
        sessions_hosted=count(
            select(MeetingSession.id).where(MeetingSession.host_city_id == city.id)
        ),
        roles=count(select(Role.id).where(Role.city_id == city.id)),
        posts=count(select(Post.id).where(Post.city_id == city.id)),
        attendance=count(
            select(Attendance.id).where(
                or_(Attendance.city_id == city.id, Attendance.on_behalf_of_city_id == city.id)
            )
        ),
        seats=count(select(Organization.id).where(Organization.seat_city_id == city.id)),
    )


def remove_city(session: Session, query: str, expect_version: int | None = None) -> City:
    """Remove a city that nothing refers to; refused, with what refers to it, otherwise."""
    city = find_city(session, query)
    check_version(city, expect_version, N_("city"), city.key)
    found = references(session, city)
    refs = found.describe()
    if refs:
        raise Conflict(
            _(
                "city '{city_key}' is still referred to by {listed}: remove or change those first ({listed2}; see `citylinks city show {city_key}`)",
                city_key=city.key,
                listed=listing(refs),
                listed2=listing(found.commands(city.key), ";"),
            )
        )
    session.delete(city)
    session.flush()
    return city


def memberships_of(session: Session, city: City) -> list[Membership]:
    return list(
        session.scalars(
            select(Membership).where(Membership.city_id == city.id).order_by(Membership.id)
        )
    )


def posts_in(session: Session, city: City) -> list[Post]:
    return list(session.scalars(select(Post).where(Post.city_id == city.id).order_by(Post.id)))


def roles_of(session: Session, city: City) -> list[Role]:
    return list(session.scalars(select(Role).where(Role.city_id == city.id).order_by(Role.id)))


def merge_cities(
    session: Session,
    keep_query: str,
    other_query: str,
    expect_version: int | None = None,
    expect_other_version: int | None = None,
) -> Merged:
    """Merge OTHER into KEEP, two records of one city: OTHER's names, identifiers,
    designations, memberships (their phases merged under the phase rules where both are
    members of one organization), roles, posts, attendance, hosted sessions, seats and
    citations move to KEEP, then OTHER is removed. A row both record alike becomes one citing
    the sources of both. Refused, with nothing changed, when the two contradict each other
    (another country, another identifier in one register, overlapping phases)."""
    keep = find_city(session, keep_query)
    other = find_city(session, other_query)
    if keep is other:
        raise CitylinksError(
            _(
                "'{keep_query}' and '{other_query}' are the same city ({keep_key}): nothing to merge",
                keep_query=keep_query,
                other_query=other_query,
                keep_key=keep.key,
            )
        )
    check_version(keep, expect_version, N_("city"), keep.key)
    check_version(other, expect_other_version, N_("city"), other.key)
    if keep.country_id != other.country_id:
        raise Conflict(
            _(
                "{label} and {label2} are in different countries: if they are one city, correct the country first (`citylinks city edit {other_key} --country {country_code}`)",
                label=_label(keep),
                label2=_label(other),
                other_key=other.key,
                country_code=keep.country.code,
            )
        )
    for ident in other.identifiers:
        mine = [i.value for i in keep.identifiers if i.scheme == ident.scheme]
        if mine and ident.value not in mine:
            raise Conflict(
                _(
                    "{keep_key} is {ident_scheme}={mine} and {other_key} is {ident_scheme}={ident_value}, two places in that register: if they are one city, remove the wrong one first (`citylinks city edit CITY --remove-id {ident_scheme}`)",
                    keep_key=keep.key,
                    ident_scheme=ident.scheme,
                    mine=mine[0],
                    other_key=other.key,
                    ident_value=ident.value,
                )
            )
    note_in_log(session, f"merged city {other.key} into {keep.key}")
    done = Merged(keep.key, other.key)
    with session.no_autoflush:
        moved, dropped = move_names(session, keep, other, "city")
        done.say(len(moved), _("names moved"), listing(moved))
        done.say(len(dropped), _("names both had (kept once)"), listing(dropped))
        idents = list(other.identifiers)
        for ident in idents:
            other.identifiers.remove(ident)
            keep.identifiers.append(ident)
        done.say(
            len(idents), _("identifiers moved"), listing(f"{i.scheme}={i.value}" for i in idents)
        )
        _move_designations(session, keep, other, done)
        _move_facts(session, keep, other, done)
        taken, _filled = fill_blanks(keep, other, ("region",))
        if keep.latitude is None and other.latitude is not None:
            keep.latitude, keep.longitude = other.latitude, other.longitude
            taken.append("coordinates")
        done.say(
            len(taken),
            _(
                "taken from {other_key}, which {keep_key} lacked",
                other_key=other.key,
                keep_key=keep.key,
            ),
            listing(taken),
        )
        cited = cite_also(keep, other.sources)
        done.say(len(cited), _("sources now cited"), listing(cited))
    # One new version of KEEP for the whole merge (touch flushes).
    touch(session, keep)
    _merge_memberships(session, keep, other, done)
    session.delete(other)
    session.flush()
    done.lines.append(
        _("removed city {other_key}; its key is kept in the log", other_key=other.key)
    )
    return done


def _move_designations(session: Session, keep: City, other: City, done: Merged) -> None:
    moved = collapsed = 0
    for d in list(other.designations):
        twin = next((k for k in keep.designations if text.fold(k.name) == text.fold(d.name)), None)
        other.designations.remove(d)
        if twin is not None and absorb(session, twin, d, ("reference", "date")):
            collapsed += 1
        else:
            keep.designations.append(d)
            moved += 1
    done.say(moved, _("designations moved"))
    done.say(collapsed, _("designations both had (kept once, citing the sources of both)"))


def _move_facts(session: Session, keep: City, other: City, done: Merged) -> None:
    """Roles, posts, attendance, hosted sessions and seats of `other` to `keep`."""

    def rows(model, column):
        return list(session.scalars(select(model).where(column == other.id).order_by(model.id)))

    def mine(model, column):
        return list(session.scalars(select(model).where(column == keep.id)))

    counts = {"moved": 0, "collapsed": 0}

    def move(row, twins, same, attr: str) -> None:
        twin = next((t for t in twins if same(t, row)), None)
        if twin is not None and absorb(session, twin, row):
            counts["collapsed"] += 1
        else:
            setattr(row, attr, keep)
            counts["moved"] += 1

    for moved_words, collapsed_words, model, column, same in (
        (
            N_("roles moved"),
            N_("roles both had (kept once, citing the sources of both)"),
            Role,
            Role.city_id,
            _same_role,
        ),
        (
            N_("posts moved"),
            N_("posts both had (kept once, citing the sources of both)"),
            Post,
            Post.city_id,
            _same_post,
        ),
        (
            N_("attendance records moved"),
            N_("attendance records both had (kept once, citing the sources of both)"),
            Attendance,
            Attendance.city_id,
            _same_attendance,
        ),
    ):
        counts.update(moved=0, collapsed=0)
        twins = mine(model, column)
        for row in rows(model, column):
            move(row, twins, same, "city")
        done.say(counts["moved"], _(moved_words))
        done.say(counts["collapsed"], _(collapsed_words))
    on_behalf = rows(Attendance, Attendance.on_behalf_of_city_id)
    for row in on_behalf:
        row.on_behalf_of_city = keep
    done.say(len(on_behalf), _("attendance on the city's behalf moved"))
    hosted = rows(MeetingSession, MeetingSession.host_city_id)
    for meeting in hosted:
        meeting.host = keep
    done.say(len(hosted), _("sessions hosted moved"))
    seats = rows(Organization, Organization.seat_city_id)
    for org in seats:
        org.seat = keep
    done.say(len(seats), _("organization seats moved"))


def _same_role(a: Role, b: Role) -> bool:
    return (
        vocab.same_title(a.title, b.title)
        and a.organization_id == b.organization_id
        and a.start == b.start
        and a.end == b.end
        and a.session_id == b.session_id
    )


def _same_post(a: Post, b: Post) -> bool:
    return (
        vocab.same_title(a.title, b.title)
        and a.person_id == b.person_id
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


def _merge_memberships(session: Session, keep: City, other: City, done: Merged) -> None:
    """OTHER's memberships become KEEP's; where both are in one organization, OTHER's phases
    join KEEP's under the phase rules (as `member record` would add them), and a phase both
    record alike is kept once."""
    for membership in memberships_of(session, other):
        kept = session.scalars(
            select(Membership).where(
                Membership.organization_id == membership.organization_id,
                Membership.city_id == keep.id,
            )
        ).one_or_none()
        org = membership.organization.label
        if kept is None:
            membership.city = keep
            session.flush()
            done.lines.append(
                ngettext(
                    "membership in {org} moved ({n} phase)",
                    "membership in {org} moved ({n} phases)",
                    len(membership.phases),
                    org=org,
                    n=len(membership.phases),
                )
            )
            continue
        moved = collapsed = 0
        for phase in sorted(membership.phases, key=lambda p: p.position):
            if _collapse_phase(session, kept, membership, phase, org):
                collapsed += 1
            else:
                done.lines.extend(_move_phase(session, kept, membership, phase, org, other.key))
                moved += 1
        session.delete(membership)
        session.flush()
        done.lines.append(
            ngettext(
                "membership in {org}: {moved} phase joined {keep_key}'s, {collapsed} both had (kept once, citing the sources of both)",
                "membership in {org}: {moved} phases joined {keep_key}'s, {collapsed} both had (kept once, citing the sources of both)",
                moved,
                org=org,
                moved=moved,
                keep_key=keep.key,
                collapsed=collapsed,
            )
        )


def _collapse_phase(
    session: Session, kept: Membership, membership: Membership, phase: MembershipPhase, org: str
) -> bool:
    """Fold `phase` into the phase of `kept` recording the same status over the same period,
    if there is one; refused when the two give a different reason or deciding session."""
    twin = next(
        (
            p
            for p in kept.phases
            if (p.retracted_at is None) == (phase.retracted_at is None)
            and p.status == phase.status
            and p.start == phase.start
            and p.end == phase.end
        ),
        None,
    )
    if twin is None:
        return False
    for attr in ("reason", "session"):
        mine, theirs = getattr(twin, attr), getattr(phase, attr)
        if not blank(mine) and not blank(theirs) and mine != theirs:
            raise Conflict(
                _(
                    "both cities record '{phase_status}' in {org} from {phase_start}, with another {attr}: correct one of them first (`citylinks member history`)",
                    phase_status=word("status_", phase.status),
                    org=org,
                    phase_start=for_message(phase.start),
                    attr=attr,
                )
            )
    fill_blanks(twin, phase, ("reason", "session", "retraction_reason"))
    if not blank(phase.note) and phase.note != twin.note:
        # Notes are an officer's words: both are kept.
        twin.note = f"{twin.note}\n{phase.note}" if twin.note else phase.note
    cite_also(twin, phase.sources)
    membership.phases.remove(phase)
    session.delete(phase)
    return True


def _move_phase(
    session: Session,
    kept: Membership,
    membership: Membership,
    phase: MembershipPhase,
    org: str,
    other_key: str,
) -> list[str]:
    """Place `phase` in `kept`'s history by the phase rules; the notes of what else changed."""
    ordered = sorted(kept.phases, key=lambda p: p.position)
    live = [p for p in ordered if p.retracted_at is None]
    notes: list[str] = []
    if phase.retracted_at is not None:
        position = ordered[-1].position + 1 if ordered else 1
    else:
        try:
            plan = phase_rules.plan(
                live, phase_rules.NewPhase(phase.status, phase.start, phase.end)
            )
        except phase_rules.PhaseError as exc:
            raise Conflict(
                _(
                    "{other_key}'s phase '{phase_status}' from {phase_start} in {org} contradicts the city it is merged into: {exc}",
                    other_key=other_key,
                    phase_status=word("status_", phase.status),
                    phase_start=for_message(phase.start),
                    org=org,
                    exc=exc,
                )
            ) from None
        if plan.closes is not None:
            plan.closes.end = phase.start
        phase.end = plan.end
        notes = [f"in {org}: {note}" for note in plan.notes]
        index = ordered.index(live[plan.index - 1]) + 1 if plan.index else 0
        position = make_room(session, ordered, index)
    membership.phases.remove(phase)
    phase.position = position
    kept.phases.append(phase)
    session.flush()
    return notes
