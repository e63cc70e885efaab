"""Recording a new city, person, source, organization or committee: the one-row adds officers
run most, written with Core statements on
citylinks.schema's tables (a db.Change), so that it imports neither the ORM nor the mapped
classes. Its rows, citations and audit entries go through services.bulk.insert_audited, as a
CSV import's do, with the labels audit.LABEL_RULES gives (text.name_label,
text.identifier_label), stored in English; the field rules are services.fields' and
services.names', the look-ups services.lookup's, so that every message is the one the ORM path
gave. The rules this module holds (coordinates, identifiers, a city's label) are those every
write of a city calls (services.cities too).

A city's key is derived from its Latin name (`text.slugify`), or else from its Persian name
transliterated (`names.key_base`), made unique; a city whose names give neither gets
`city-<n>`. A new city whose name folds like, or comes close to, a recorded city's name in the
same country is refused as a likely duplicate unless forced."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import delete, select, update

from citylinks import audit, schema, text
from citylinks.errors import CitylinksError, Conflict
from citylinks.i18n import _, language, listing, quoted
from citylinks.services import fields
from citylinks.services.bulk import among, date_columns, insert_audited, log_entries
from citylinks.services.common import if_given, parse_date
from citylinks.services.lookup import (
    SourceRef,
    find_city_ref,
    find_country_ref,
    find_organization_ref,
    find_source_refs,
)
from citylinks.services.names import (
    LikelyDuplicate,
    key_base,
    lang_tag,
    new_key,
    parse_names,
    similar,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from citylinks.db import Change
    from citylinks.services.names import GivenName

_SCHEME = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)
# A source's key: S1, S2, ...
SOURCE_KEY_PREFIX = "S"


def coordinates(latitude: float | None, longitude: float | None) -> None:
    """--lat and --lon: both or neither, each in its range (fields.coordinate)."""
    if (latitude is None) != (longitude is None):
        raise CitylinksError(_("give both --lat and --lon, or neither"))
    if latitude is not None:
        fields.coordinate(latitude, "latitude", "--lat")
    if longitude is not None:
        fields.coordinate(longitude, "longitude", "--lon")


def parse_identifier(value: str) -> tuple[str, str]:
    """'wikidata=Q1' -> ('wikidata', 'Q1')."""
    scheme, sep, ident = value.partition("=")
    scheme, ident = scheme.strip().lower(), ident.strip()
    if not sep or not ident or not _SCHEME.match(scheme):
        raise CitylinksError(
            _(
                "--id '{value}' is not SCHEME=VALUE: write e.g. wikidata=Q23965 or geonames=111822",
                value=value,
            )
        )
    return scheme, ident


def city_label(name: str, country: str, key: str) -> str:
    """How a refusal names a recorded city: "Yazd, IR (key yazd)"."""
    return _("{name}, {country} (key {key})", name=name, country=country, key=key)


class NewCity(NamedTuple):
    """What `city add` reports of the city it recorded."""

    key: str
    name: str
    country: str


def _city_labels(conn: Connection, ids: list[int]) -> dict[int, str]:
    """city_label of each city of `ids`, named in the interface language (text.display_name:
    «شیراز» in Persian, where it has a Persian name), else by its key."""
    city, country, names = schema.city.c, schema.country.c, schema.city_name.c
    rows = conn.execute(
        select(city.id, city.key, country.code)
        .join(schema.country, country.id == city.country_id)
        .where(city.id.in_(ids))
    ).all()
    given: dict[int, list] = {i: [] for i in ids}
    for n in conn.execute(
        select(names.city_id, names.lang, names.kind, names.name)
        .where(names.city_id.in_(ids))
        .order_by(names.city_id, names.position)
    ):
        given[n.city_id].append(n)
    return {r.id: city_label(text.display_name(given[r.id]) or r.key, r.code, r.key) for r in rows}


def similar_cities(conn: Connection, names: list[str], country_id: int) -> list[int]:
    """The ids of the cities of the country `country_id` with a name like one of `names`, and
    of any city with a name that folds alike (services.names.similar), in the order found."""
    city, city_name = schema.city.c, schema.city_name.c
    folded = [text.fold(n) for n in names]
    found: list[int] = list(
        conn.execute(
            select(city.id)
            .where(city.id.in_(select(city_name.city_id).where(city_name.folded.in_(folded))))
            .order_by(city.id)
        ).scalars()
    )
    pairs = conn.execute(
        select(city_name.name, city_name.city_id)
        .join(schema.city, city.id == city_name.city_id)
        .where(city.country_id == country_id)
        .order_by(city_name.id)
    ).all()
    # In its country, a name that looks like a recorded one in the other script («قم» beside
    # Qom), as `person add` reads names, or whose key would be a recorded city's key.
    for city_id in similar(names, [(p.name, p.city_id) for p in pairs], True):
        if city_id not in found:
            found.append(city_id)
    code = conn.execute(
        select(schema.country.c.code).where(schema.country.c.id == country_id)
    ).scalar_one()
    for city_id, _key in keyed_like(conn, [(n, code) for n in names]).values():
        if city_id not in found:
            found.append(city_id)
    return found


def keyed_like(
    conn: Connection, wanted: list[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, str]]:
    """For each (name, country code) of a city to be recorded by its name, the recorded city of
    that country whose key the name would be given (names.key_base: «قم» -> qom, «اهواز» ->
    ahvaz): (id, key). Most likely the same city, named in another script or spelling: every
    door that records a city by its name (`city add`, a CSV file's rows) refuses it so."""
    city, country = schema.city.c, schema.country.c
    bases = {pair: base for pair in wanted if (base := key_base([pair[0]]))}
    if not bases:
        return {}
    found = {
        (r.key, r.code): (r.id, r.key)
        for r in conn.execute(
            select(city.id, city.key, country.code)
            .join_from(schema.city, schema.country, country.id == city.country_id)
            .where(among(conn, city.key, set(bases.values())))
        )
    }
    return {
        pair: found[(base, pair[1])] for pair, base in bases.items() if (base, pair[1]) in found
    }


def _new_key(conn: Connection, names: list[GivenName], country: str) -> str:
    taken = set(conn.execute(select(schema.city.c.key)).scalars())
    if slug := key_base(n.name for n in names):
        for key in (slug, f"{slug}-{country.lower()}"):
            if key not in taken:
                return key
        number = 2
        while f"{slug}-{number}" in taken:
            number += 1
        return f"{slug}-{number}"
    number = 1
    while f"city-{number}" in taken:
        number += 1
    return f"city-{number}"


def add_city(
    change: Change,
    name: str,
    country: str,
    names: list[str] | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    identifiers: list[str] | None = None,
    region: str | None = None,
    source_keys: list[str] | None = None,
    force: bool = False,
) -> NewCity:
    """Record a city; refused as a likely duplicate (unless `force`) when a recorded city has
    a name that folds alike or, in the same country, comes close."""
    conn = change.connection()
    # One time for the rows' stamps and their entries, as one flush of the ORM gives them.
    change.info.setdefault("now", audit.now())
    given = parse_names([name, *(names or [])], "city name")
    place = find_country_ref(conn, country)
    country_id = conn.execute(
        select(schema.country.c.id).where(schema.country.c.code == place.code)
    ).scalar_one()
    coordinates(latitude, longitude)
    ids = list(dict.fromkeys(parse_identifier(v) for v in identifiers or []))
    sources = find_source_refs(conn, source_keys)
    if not force:
        found = similar_cities(conn, [n.name for n in given], country_id)
        if found:
            labels = _city_labels(conn, found[:3])
            listed = listing([labels[i] for i in found[:3]], ";")
            warning = _(
                "a city with a name like '{name}' is recorded already: {listed}",
                name=given[0].name,
                listed=listed,
            )
            first = conn.execute(select(schema.city.c.key).where(schema.city.c.id == found[0]))
            key = first.scalar_one()
            named = schema.city_name.c
            if conn.execute(
                select(named.id).where(
                    named.city_id == found[0],
                    named.lang == given[0].lang,
                    named.name == given[0].name,
                )
            ).first():  # the name is that city's already: no name to add
                raise LikelyDuplicate(
                    _(
                        "{warning}; {key} has that very name already. To record a different city of the same name, add --force",
                        warning=warning,
                        key=key,
                    ),
                    warning,
                )
            raise LikelyDuplicate(
                _(
                    "{warning}. If it is the same city, add the name to it (`citylinks city edit {key} --add-name {lang}={name}`); to record a different city, add --force",
                    warning=warning,
                    key=key,
                    lang=given[0].lang,
                    name=given[0].name,
                ),
                warning,
            )
    key = _new_key(conn, given, place.code)
    row = {
        "key": key,
        "country_id": country_id,
        "region": fields.REGION.clean(region) if region else None,
        "latitude": latitude,
        "longitude": longitude,
    }
    identifier = schema.city_identifier.c
    for scheme, value in ids:
        owner = conn.execute(
            select(identifier.city_id).where(identifier.scheme == scheme, identifier.value == value)
        ).scalar()
        if owner is not None:
            raise Conflict(
                _(
                    "{scheme}={value} is already the identifier of {label}",
                    scheme=scheme,
                    value=value,
                    label=_city_labels(conn, [owner])[owner],
                )
            )
    shown = _shown(given, key)
    _insert_named(change, "city", row, given, sources, shown, ids)
    return NewCity(key, shown, place.code)


# --- people ------------------------------------------------------------------------------


class NewPerson(NamedTuple):
    """What `person add` reports of the person it recorded."""

    key: str
    name: str


def _names_of(conn: Connection, table_name: str, ids: list[int]) -> dict[int, list]:
    """The names of the records `ids` of `table_name` (a city, an organization, a person), in
    their order."""
    names = schema.metadata.tables[f"{table_name}_name"].c
    owner = names[f"{table_name}_id"]
    found: dict[int, list] = {i: [] for i in ids}
    for n in conn.execute(
        select(owner.label("owner"), names.lang, names.kind, names.name)
        .where(owner.in_(ids))
        .order_by(owner, names.position)
    ):
        found[n.owner].append(n)
    return found


def add_person(
    change: Change,
    name: str,
    names: list[str] | None = None,
    source_keys: list[str] | None = None,
    force: bool = False,
) -> NewPerson:
    """Record a person; refused as a likely duplicate (unless `force`) when a recorded person
    has a name that folds alike, comes close, or looks like it in the other script ("Alireza
    Amrollahi" beside «علیرضا امراللهی»)."""
    conn = change.connection()
    change.info.setdefault("now", audit.now())
    given = parse_names([name, *(names or [])], "person's name")
    sources = find_source_refs(conn, source_keys)
    person, person_name = schema.person.c, schema.person_name.c
    if not force:
        pairs = conn.execute(
            select(person_name.name, person_name.person_id).order_by(person_name.id)
        ).all()
        found = similar([g.name for g in given], [(p.name, p.person_id) for p in pairs], True)
        if found:
            first = found[:3]
            keys = dict(
                conn.execute(select(person.id, person.key).where(person.id.in_(first))).all()
            )
            recorded = _names_of(conn, "person", first)
            listed = ("؛ " if language() == "fa" else "; ").join(
                _(
                    "{name} (key {key})",
                    name=text.display_name(recorded[i], language()) or keys[i],
                    key=keys[i],
                )
                for i in first
            )
            warning = _(
                "a person named like '{name}' is recorded already: {listed}",
                name=given[0].name,
                listed=listed,
            )
            raise LikelyDuplicate(
                _("{warning}. Use them, or add --force to record another person", warning=warning),
                warning,
            )
    key = new_key(change, person, [g.name for g in given], "person")
    shown = _shown(given, key)
    _insert_named(change, "person", {"key": key}, given, sources, shown)
    return NewPerson(key, shown)


# --- sources -----------------------------------------------------------------------------


def next_key(conn: Any, prefix: str = SOURCE_KEY_PREFIX) -> str:
    """The next free key `S<n>`: one more than the highest `S<n>` recorded. `conn`: a
    Connection, a Session or a db.Change."""
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$", re.I)
    numbers = [
        int(m.group(1))
        for key in conn.execute(select(schema.source.c.key)).scalars()
        if (m := pattern.match(key)) is not None
    ]
    return f"{prefix}{max(numbers) + 1 if numbers else 1}"


def web_address(url: str) -> str:
    """A source's --url: http://… or https://…, at most 1,000 characters."""
    url = url.strip()
    if not _URL.match(url) or len(url) > 1000:
        raise CitylinksError(
            _("--url: '{url}' is not a web address: give http://… or https://…", url=url)
        )
    return url


def add_source(
    change: Change,
    *,
    title: str,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    retrieved: str | None = None,
    language: str | None = None,
    kind: str = "news-release",
    excerpt: str | None = None,
    note: str | None = None,
    force: bool = False,
) -> str:
    """Record a source under the next free key; its key."""
    conn = change.connection()
    change.info.setdefault("now", audit.now())
    title = fields.SOURCE_TITLE.clean(title)
    publisher = fields.SOURCE_PUBLISHER.clean(publisher) if publisher else None
    if url is not None:
        url = web_address(url)
    key = next_key(conn)
    row = {
        "key": key,
        "kind": fields.SOURCE_KIND.clean(kind),
        "title": title,
        "publisher": publisher,
        "url": url,
        **date_columns("published", parse_date(published, "--published")),
        **date_columns("retrieved", parse_date(retrieved, "--retrieved")),
        "language": lang_tag(language) if language else None,
        "excerpt": if_given(fields.SOURCE_EXCERPT, excerpt),
        "note": if_given(fields.NOTE, note),
    }
    if not force:
        _refuse_duplicate_source(conn, title, url)
    # Two officers adding a source at once on PostgreSQL may both pick the same key: the
    # second one takes the next key and tries again.
    from sqlalchemy.exc import IntegrityError

    attempts = 5
    for attempt in range(attempts):
        try:
            with conn.begin_nested():
                _insert(change, schema.source, [row], [row["key"]], [row["key"]], None)
            return row["key"]
        except IntegrityError:
            if attempt == attempts - 1:
                raise
            row["key"] = next_key(conn)
    raise AssertionError(_("unreachable"))


def _refuse_duplicate_source(conn: Connection, title: str, url: str | None) -> None:
    """The same web address, or a title that folds alike, is probably the same source."""
    folded = text.fold(title)
    source = schema.source.c
    same = [
        s
        for s in conn.execute(select(source.key, source.title, source.url).order_by(source.id))
        if (url and s.url == url) or text.fold(s.title) == folded
    ]
    if not same:
        return
    listed = listing([f"{s.key} '{s.title}'" for s in same[:3]], ";")
    warning = _("this source looks recorded already: {listed}", listed=listed)
    raise LikelyDuplicate(
        _(
            "{warning}; cite it with --source {key}, or add --force to record it again",
            warning=warning,
            key=same[0].key,
        ),
        warning,
    )


# --- organizations -----------------------------------------------------------------------


def website(value: str | None) -> str | None:
    """An organization's --website: https://…, at most 500 characters; blank is none."""
    if value is None or not value.strip():
        return None
    url = value.strip()
    if not _URL.match(url) or len(url) > 500:
        raise CitylinksError(
            _("--website: '{value}' is not a web address: give https://…", value=value)
        )
    return url


def acronym_of(value: str) -> str:
    """An organization's acronym: one word (fields.ACRONYM)."""
    acronym = fields.ACRONYM.clean(value)
    if " " in acronym:
        raise CitylinksError(
            _(
                "the acronym '{acronym}' has spaces: give e.g. AMF, and the full name with --name",
                acronym=acronym,
            )
        )
    return acronym


def clean_aims(aims: list[str]) -> list[str] | None:
    """The aims an officer typed (each --aim once, in the sources' order); a single empty
    --aim '' means none are recorded."""
    if [a.strip() for a in aims] == [""]:
        return None
    cleaned = [fields.AIM.clean(a) for a in aims]
    return list(dict.fromkeys(cleaned))


def organization_label(label: str, name: str, key: str) -> str:
    """How a refusal names a recorded organization: "AMF (Asian Mayors Forum, key amf)"."""
    return _("{label} ({name}, key {key})", label=label, name=name, key=key)


class NewOrganization(NamedTuple):
    """What `org add` and `committee add` report of the organization they recorded."""

    key: str
    label: str
    name: str
    parent: str | None  # the parent's label
    names: tuple = ()  # its names as given, for text.organization_label


def _organizations_named(conn: Connection, ids: list[int]) -> dict[int, str]:
    """organization_label of each organization of `ids`, named in the interface language."""
    org = schema.organization.c
    keyed = {
        r.id: r for r in conn.execute(select(org.id, org.key, org.acronym).where(org.id.in_(ids)))
    }
    names = _names_of(conn, "organization", ids)
    labels = {}
    for i in ids:
        r = keyed[i]
        name = text.display_name(names[i]) or r.acronym or r.key
        labels[i] = organization_label(r.acronym or name, name, r.key)
    return labels


def _refuse_duplicate_organization(
    conn: Connection, acronym: str | None, names: list[GivenName], parent_id: int | None
) -> None:
    org, org_name = schema.organization.c, schema.organization_name.c
    pairs = conn.execute(
        select(org_name.name, org_name.organization_id)
        .join(schema.organization, org.id == org_name.organization_id)
        .where(org.parent_id == parent_id if parent_id is not None else org.parent_id.is_(None))
        .order_by(org_name.id)
    ).all()
    found = similar([n.name for n in names], [(p.name, p.organization_id) for p in pairs])
    if acronym:
        for row in conn.execute(
            select(org.id, org.acronym).where(org.acronym.is_not(None)).order_by(org.id)
        ):
            if text.fold(row.acronym) == text.fold(acronym) and row.id not in found:
                found.insert(0, row.id)
    if found:
        what = quoted(acronym if acronym else names[0].name)
        labels = _organizations_named(conn, found[:3])
        listed = listing([labels[i] for i in found[:3]], ";")
        warning = _(
            "an organization like {what} is recorded already: {listed}", what=what, listed=listed
        )
        raise LikelyDuplicate(
            _("{warning}. Use it, or add --force to record another one", warning=warning), warning
        )


def add_organization(
    change: Change,
    acronym: str | None,
    names: list[str],
    founded: str | None = None,
    seat: str | None = None,
    kind: str = "network",
    parent: str | None = None,
    classification: str | None = None,
    region: str | None = None,
    website_: str | None = None,
    source_keys: list[str] | None = None,
    note: str | None = None,
    force: bool = False,
    aims: list[str] | None = None,
    initiator: str | None = None,
) -> NewOrganization:
    """Record an organization with its names (the first is shown by default)."""
    conn = change.connection()
    change.info.setdefault("now", audit.now())
    # An acronym typed empty ("") is refused like one of spaces; committees pass None.
    acronym = acronym_of(acronym) if acronym is not None else None
    given = parse_names(names, "organization name")
    if not given:
        raise CitylinksError(_("an organization needs a name: add --name NAME"))
    parent_org = find_organization_ref(conn, parent) if parent else None
    kind = fields.ORGANIZATION_KIND.clean(kind)
    if kind == "committee" and parent_org is None:
        raise CitylinksError(_("a committee belongs to an organization: add --parent ORG"))
    row = {
        "acronym": acronym,
        "kind": kind,
        "parent_id": parent_org.id if parent_org else None,
        "classification": fields.CLASSIFICATION.clean(classification) if classification else None,
        "region": fields.REGION.clean(region) if region else None,
        **date_columns("founded", parse_date(founded, "--founded")),
        "seat_city_id": find_city_ref(conn, seat).id if seat else None,
        "website": website(website_),
        "note": if_given(fields.NOTE, note),
        "aims": clean_aims(aims) if aims else None,
        "initiator": fields.INITIATOR.clean(initiator) if initiator else None,
    }
    sources = find_source_refs(conn, source_keys)
    if not force:
        _refuse_duplicate_organization(conn, acronym, given, parent_org.id if parent_org else None)
    prefix = f"{parent_org.key}-" if parent_org else ""
    candidates = [prefix + n for n in [acronym or "", *(g.name for g in given)] if n]
    key = new_key(change, schema.organization.c, candidates, "org")
    name = (text.display_name(given, "en") or acronym or key)[: audit.LABEL_LENGTH]
    label = acronym or name
    _insert_named(change, "organization", {"key": key, **row}, given, sources, label)
    return NewOrganization(key, label, name, parent_org.label if parent_org else None, tuple(given))


def add_committee(
    change: Change,
    query: str,
    name: str,
    names: list[str] | None = None,
    source_keys: list[str] | None = None,
    force: bool = False,
) -> NewOrganization:
    """Record a committee of an organization."""
    parent = find_organization_ref(change.connection(), query)
    return add_organization(
        change,
        None,
        [name, *(names or [])],
        kind="committee",
        parent=parent.key,
        source_keys=source_keys,
        force=force,
    )


def _shown(given: list[GivenName], key: str) -> str:
    """A new record's `name()`, as the log names it: its first official English name, else
    its first English name, else its first name (text.display_name), else its key."""
    return (text.display_name(given, "en") or key)[: audit.LABEL_LENGTH]


def _insert_named(
    change: Change,
    table_name: str,
    row: dict,
    given: list[GivenName],
    sources: list[SourceRef],
    shown: str,
    identifiers: list[tuple[str, str]] | None = None,
) -> int:
    """Insert a city, an organization or a person (`row`, citing `sources`), its names and
    its identifiers, each with its audit entry, as the ORM's flush wrote them: the record,
    then its rows by table in schema.metadata's order (a table after those it refers to),
    each in the order given; its new id."""
    (row_id,) = _insert(
        change, schema.metadata.tables[table_name], [row], [shown], [shown], [list(sources)]
    )
    owner = f"{table_name}_id"
    name_rows = [
        {
            owner: row_id,
            "lang": n.lang,
            "name": n.name,
            "kind": n.kind,
            "folded": text.fold(n.name),
            "position": i,
        }
        for i, n in enumerate(given)
    ]
    id_rows = [{owner: row_id, "scheme": s, "value": v} for s, v in identifiers or []]
    parts: list[tuple[str, list[dict], list[list] | None, Callable[[dict], str]]] = [
        (
            f"{table_name}_name",
            name_rows,
            [[] for _row in name_rows],  # names cite none of their own here: "sources": []
            lambda n: text.name_label(shown, n["name"], n["lang"]),
        ),
        (
            f"{table_name}_identifier",
            id_rows,
            None,  # identifiers cite no sources
            lambda r: text.identifier_label(shown, r["scheme"], r["value"]),
        ),
    ]
    parts = [p for p in parts if p[1]]
    for name, rows, cited, label in sorted(parts, key=lambda p: audit.table_rank(str(p[0]))):
        english, local = _labels(label, rows)
        _insert(change, schema.metadata.tables[name], rows, english, local, cited)
    return row_id


def _labels(make, rows: list[dict]) -> tuple[list[str], list[str]]:
    """Each row's label as the log stores it (English) and in the interface language (for a
    dry run to show)."""
    local = [make(r)[: audit.LABEL_LENGTH] for r in rows]
    with audit.in_english():
        english = [make(r)[: audit.LABEL_LENGTH] for r in rows]
    return english, local


def _insert(
    change: Change,
    table: Any,
    rows: list[dict],
    labels: list[str],
    shown: list[str],
    sources: list[list] | None,
) -> list[int]:
    """insert_audited, with each kept entry named (`label`) in the interface language, as
    audit.described names an ORM change's for a dry run."""
    ids = insert_audited(change, table, rows, sources, labels=labels)
    kept = change.info.get("audit", [])
    for entry, label in zip(kept[len(kept) - len(ids) :], shown, strict=True):
        entry["label"] = label
    return ids


def _stale() -> str:
    """The refusal of a write whose row another officer changed or removed since it was read."""
    return _(
        "another officer changed this record since you read it; nothing was written. Look at it again (see `citylinks log`) and repeat your change"
    )


def update_audited(
    change: Change, table: Any, row: Any, values: dict[str, Any], label: str | None
) -> bool:
    """Change the columns `values` of `row` (as read, with its id and version) of `table`, as
    the ORM's flush updates a mapped row: only the columns whose value changes, a new version
    (refused if another officer changed the row since it was read), the officer and time
    stamped, and one audit entry (named `label`, as the log stores it) with the values before
    and after. False if no value changes."""
    # In the table's order of columns, as the ORM's entries list them.
    changed = {
        c.key: values[c.key]
        for c in table.columns
        if c.key in values and getattr(row, c.key) != values[c.key]
    }
    if not changed:
        return False
    at = change.info.get("now") or audit.now()
    done = change.execute(
        update(table)
        .where(table.c.id == row.id, table.c.version == row.version)
        .values(
            **changed,
            version=row.version + 1,
            updated_at=at,
            updated_by=change.info.get("officer", "unknown"),
        )
    )
    if done.rowcount != 1:
        raise Conflict(_stale())
    entry = {
        "row_id": row.id,
        "row_label": label,
        "before": {k: audit.plain(getattr(row, k)) for k in changed},
        "after": {k: audit.plain(v) for k, v in changed.items()},
    }
    log_entries(change, "update", table.name, [entry])
    return True


def delete_audited(change: Change, table: Any, row: Any, label: str) -> None:
    """Delete `row` (as read, with its id and version) of `table` with its citations, as the
    ORM's flush deletes a mapped row: refused if another officer changed it since it was read;
    one audit entry (named `label`) holding the row as it was, its bookkeeping and sources too
    (audit.row_values: what `undo` puts back); another tool's Popolo objects kept beside it
    forgotten (audit.forget_kept_objects)."""
    conn = change.connection()
    before = audit.row_values(conn, table, row.id)
    link = schema.CITING.get(table.name)
    if link is not None:
        conn.execute(delete(link).where(link.c[f"{table.name}_id"] == row.id))
    done = conn.execute(delete(table).where(table.c.id == row.id, table.c.version == row.version))
    if before is None or done.rowcount != 1:
        raise Conflict(_stale())
    audit.forget_kept_objects(conn, table.name, [row.id])
    entry = {"row_id": row.id, "row_label": label, "before": before, "after": None}
    log_entries(change, "delete", table.name, [entry])
