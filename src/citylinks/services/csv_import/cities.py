"""`import csv cities`: new cities, and what a file adds to recorded ones (docs/csv.md).

Cities of one name in one country are told apart by their key, region or coordinates. A row
with a key is the city of that key (recorded, or new); a row without one is the recorded city
of its name and country that nothing in the row tells apart from it (a different region, or
coordinates more than COORDINATE_TOLERANCE degrees away), or a new city when every recorded
namesake differs. Rows that could be several cities, or that nothing tells apart from each
other, are bad rows, shown together in one line. A recorded city gets what the row adds: its
names in other languages, a region or coordinates it lacks, the sources it does not cite; it
is never changed otherwise (a row that contradicts it is bad).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from sqlalchemy import select

from citylinks import text
from citylinks.formats.csv import EXTRA_NAME
from citylinks.formats.csv.reader import BAD_ROW_COLUMNS, Row
from citylinks.i18n import N_, _, listing, quoted
from citylinks.model import City, CityName, Country, Source
from citylinks.services import bulk, fields, lookup
from citylinks.services.csv_import import cells
from citylinks.services.csv_import.importer import Importer

# Coordinates closer than this (in degrees, about 10 km) are the same place: sources round
# them differently.
COORDINATE_TOLERANCE = 0.1
SHOWN = 20  # names listed in a notice, at most


class CityRows(Importer):
    kind = "cities"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.added_names: list[str] = []
        self.filled: list[str] = []
        self.cited: list[str] = []
        self.namesakes: list[str] = []
        self.near = 0

    def parse(self, row: Row) -> None:
        v, each = row.values, cells.Problems()
        v["city"] = each("city", lambda: cells.name(row, "city", fields.CITY_NAME))
        v["city_country"] = each("country", lambda: cells.country(row, self.countries))
        v["key"] = each("key", lambda: cells.optional(row, "key", fields.CITY_KEY))
        names: dict[str, list[str]] = {}
        for column in row.cells:
            found = EXTRA_NAME.fullmatch(column)
            if found and cells.cell(row, column):
                lang = found.group(1)
                given = each(column, partial(cells.names, row, column, fields.CITY_NAME, lang))
                if given:
                    names[lang] = given
        v["names"] = names
        # The `city` name listed in a name_LANG cell too (an export's city with no English
        # name) is a name in that language, its letters kept as that language writes them.
        for lang, listed in names.items():
            if v["city"] is not None and lang != "fa":
                as_lang = each("city", partial(cells.name, row, "city", fields.CITY_NAME, lang))
                if as_lang in listed:
                    v["city"], v["city_lang"] = as_lang, lang
                    break
            elif v["city"] in listed:
                v["city_lang"] = lang
                break
        v["region"] = each("region", lambda: cells.optional(row, "region", fields.REGION))
        for which in fields.COORDINATES:
            v[which] = each(which, partial(cells.coordinate, row, which))
        v["sources"] = cells.source_keys(row, required=False)
        each.check()

    def write(self, rows: list[Row]) -> None:
        self._keyed([r for r in rows if r.values["key"]])
        self._keyless([r for r in rows if not r.values["key"]])

    # rows with a key: the city of that key

    def _keyed(self, rows: list[Row]) -> None:
        if not rows:
            return
        by_key: dict[str, list[Row]] = {}
        for r in rows:
            by_key.setdefault(r.values["key"], []).append(r)
        connection = self.session.connection()
        recorded = self._recorded(bulk.among(connection, City.__table__.c.key, set(by_key)))
        recorded_by_key = {c["key"]: c for c in recorded.values()}
        matched: list[tuple[dict, Row]] = []
        new: list[Row] = []
        for key, group in by_key.items():
            first = self._one_row(group, _("the key '{key}'", key=key))
            if first is None:
                continue
            city = recorded_by_key.get(key)
            v = first.values
            if city is None:
                new.append(first)
                continue
            label = f"{city['label']} ({city['country']})"
            if city["country"] != v["city_country"]:
                first.error = _(
                    "the key '{key}' is {label}'s, not a city in {city_country}: correct the key, or leave it empty",
                    key=key,
                    label=label,
                    city_country=v["city_country"],
                )
            elif text.fold(v["city"]) not in city["folded"]:
                first.error = _(
                    "the key '{key}' is {label}'s, which has no name '{city}': correct the row, or add the name with `citylinks city edit {key} --add-name LANG=NAME`",
                    key=key,
                    label=label,
                    city=v["city"],
                )
            elif _apart(v, city):
                first.error = _(
                    "the key '{key}' is {label}'s, recorded with {place}; the row gives {place2}: correct the row, or the city with `citylinks city edit {key}`",
                    key=key,
                    label=label,
                    place=_place(city),
                    place2=_place(v),
                )
            else:
                matched.append((city, first))
        self._enrich(matched)
        self._create(new)

    # rows without a key: the recorded namesake nothing tells apart, or a new city

    def _keyless(self, rows: list[Row]) -> None:
        rows = [r for r in rows if r.error is None]
        if not rows:
            return
        connection = self.session.connection()
        cities = lookup.cities_named(connection, {r.values["city"] for r in rows})
        ids = {c.id for r in rows for c in cities[r.values["city"]].cities}
        recorded = self._recorded(bulk.among(connection, City.__table__.c.id, ids)) if ids else {}
        matched: dict[int, list[Row]] = {}
        new: list[Row] = []
        for r in rows:
            v = r.values
            named = lookup.country_named_in(v["city"])
            if named is not None and named != v["city_country"]:
                r.error = _(
                    "'{city}' names a city in {named}, but the row's country is {city_country}: correct one of them",
                    city=v["city"],
                    named=named,
                    city_country=v["city_country"],
                )
                continue
            namesakes = [recorded[c.id] for c in cities[v["city"]].all_in(v["city_country"])]
            could_be = [c for c in namesakes if not _apart(v, c)]
            if len(could_be) > 1:
                keys = cells.few(sorted(c["key"] for c in could_be))
                r.error = _(
                    "'{city}' in {city_country} could be any of {n} recorded cities ({keys}): give the city's key in the `key` column, or its region or coordinates",
                    city=v["city"],
                    city_country=v["city_country"],
                    n=len(could_be),
                    keys=keys,
                )
            elif could_be:
                matched.setdefault(could_be[0]["id"], []).append(r)
            else:
                if namesakes:
                    v["namesakes"] = namesakes
                new.append(r)
        pairs: list[tuple[dict, Row]] = []
        for city_id, group in matched.items():
            city = recorded[city_id]
            if any(_apart(a.values, b.values) for a in group for b in group):
                lines = tuple(r.line for r in group)
                for r in group:
                    r.together = lines
                    r.error = _(
                        "these rows all name {label} ({country}, key {key}), which has no {missing}, but differ from each other: give each row its key, or the city its region or coordinates first (`citylinks city edit {key}`)",
                        label=city["label"],
                        country=city["country"],
                        key=city["key"],
                        missing=_missing(city),
                    )
                continue
            pairs.extend((city, r) for r in group)
        self._enrich(pairs)
        by_name: dict[tuple[str, str], list[Row]] = {}
        for r in new:
            by_name.setdefault((text.fold(r.values["city"]), r.values["city_country"]), []).append(
                r
            )
        creating = []
        for group in self.new_cities_only(list(by_name.values()), "city", "key"):
            for cluster in _clusters(group):
                first = self._one_row(
                    cluster,
                    f"{quoted(cluster[0].values['city'], exact=True)} in"
                    f" {cluster[0].values['city_country']}",
                )
                if first is not None:
                    creating.append(first)
        self._create(creating)

    # what both kinds of row share

    def _one_row(self, group: list[Row], what: str) -> Row | None:
        """The row that stands for rows naming one city: rows the same in every cell are one
        (the repeats said in a notice); rows that differ are shown together as bad."""
        if len(group) == 1:
            return group[0]
        first = group[0]
        if all(_same_cells(r, first) for r in group[1:]):
            self.repeat(group[1:], first.line)
            return first
        lines = tuple(r.line for r in group)
        for r in group:
            r.together = lines
            r.error = _(
                "{what}: nothing tells these rows apart (a different key, region or coordinates), yet their cells differ: give each row its key, or keep one",
                what=what,
            )
        return None

    def _recorded(self, where: Any) -> dict[int, dict]:
        """Cities (by id) with what telling them apart needs: key, country, region,
        coordinates, folded names and langs, label, cited source ids."""
        city, country = City.__table__.c, Country.__table__.c
        connection = self.session.connection()
        found: dict[int, dict] = {}
        for i, key, code, region, lat, lon in connection.execute(
            select(city.id, city.key, country.code, city.region, city.latitude, city.longitude)
            .join_from(City.__table__, Country.__table__, city.country_id == country.id)
            .where(where)
        ):
            found[i] = {
                "id": i,
                "key": key,
                "country": code,
                "region": region,
                "latitude": lat,
                "longitude": lon,
                "folded": set(),
                "named": set(),  # (lang, folded): a name is new in another language
                "langs": set(),
                "positions": 0,
                "label": key,
                "sources": {},
            }
        if not found:
            return found
        names = CityName.__table__.c
        for i, lang, name, folded, position in connection.execute(
            select(names.city_id, names.lang, names.name, names.folded, names.position)
            .where(bulk.among(connection, names.city_id, set(found)))
            .order_by(names.city_id, names.position)
        ):
            c = found[i]
            if not c["folded"]:
                c["label"] = name
            c["folded"].add(folded)
            c["named"].add((lang, folded))
            c["langs"].add(lang)
            c["positions"] = max(c["positions"], position + 1)
        link, source = City.metadata.tables["city_source"].c, Source.__table__.c
        for i, source_id, key in connection.execute(
            select(link.city_id, link.source_id, source.key)
            .join(Source.__table__, source.id == link.source_id)
            .where(bulk.among(connection, link.city_id, set(found)))
            .order_by(link.city_id, source.id)
        ):
            found[i]["sources"][source_id] = key
        return found

    def _enrich(self, pairs: list[tuple[dict, Row]]) -> None:
        """Recorded cities matched by rows: already recorded, with what the rows add to them
        (names in other languages, a region or coordinates they lack, sources)."""
        names: list[dict] = []
        changes: list[tuple[int, dict, dict]] = []
        citations: list[dict] = []
        for city, r in pairs:
            v = r.values
            v["city_id"] = city["id"]
            self.skipped += 1
            label = f"{city['label']} ({city['country']})"
            for lang, name in (
                (lang, name) for lang, given in v["names"].items() for name in given
            ):
                folded = text.fold(name)
                if (lang, folded) in city["named"]:
                    continue
                names.append(
                    {
                        "city_id": city["id"],
                        "lang": lang,
                        "name": name,
                        "kind": "alternate" if lang in city["langs"] else "official",
                        "folded": folded,
                        "position": city["positions"],
                    }
                )
                city["folded"].add(folded)
                city["named"].add((lang, folded))
                city["langs"].add(lang)
                city["positions"] += 1
                self.added_names.append(f"{name} ({lang}) to {label}")
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}
            near = False
            for column in ("region", "latitude", "longitude"):
                if v[column] is None:
                    continue
                if city[column] is None:
                    before[column], after[column] = None, v[column]
                    city[column] = v[column]
                elif column != "region" and city[column] != v[column]:
                    near = True
            self.near += near
            if after:
                self.filled.append(f"{label}: " + listing(f"{k} {w}" for k, w in after.items()))
            new_sources = [s for s in v.get("source_ids", []) if s not in city["sources"]]
            if new_sources:
                had = list(city["sources"].values())
                before["sources"] = had
                city["sources"].update({s: self.source_keys[s] for s in new_sources})
                after["sources"] = list(city["sources"].values())
                citations.extend({"city_id": city["id"], "source_id": s} for s in new_sources)
                self.cited.append(f"{label}: " + listing(after["sources"][len(had) :]))
            if after:
                changes.append((city["id"], before, after))
        self.insert(CityName, names)
        # A name added is a new version of its city, as `city edit --add-name` makes one (the
        # name's own audit entry says what changed).
        changed = {i for i, _b, _a in changes}
        self.update(
            City,
            [(i, {}, {}) for i in dict.fromkeys(n["city_id"] for n in names) if i not in changed],
            log=False,
        )
        if changes:
            columns = [
                (
                    i,
                    {k: w for k, w in b.items() if k != "sources"},
                    {k: w for k, w in a.items() if k != "sources"},
                )
                for i, b, a in changes
            ]
            self.update(City, columns, log=False)
            if citations:
                bulk.insert_rows(self.session, City.metadata.tables["city_source"], citations)
            self._log("update", City, [_entry(i, b, a) for i, b, a in changes])

    def _create(self, rows: list[Row]) -> None:
        if not rows:
            return
        for r in rows:
            namesakes = r.values.get("namesakes")
            if namesakes:
                self.namesakes.append(
                    _(
                        "{city} ({country}, line {line}) beside {keys}",
                        city=r.values["city"],
                        country=r.values["city_country"],
                        line=r.line,
                        keys=cells.few(sorted(c["key"] for c in namesakes), 3),
                    )
                )
        self.create_cities([(r, "city") for r in rows])
        self.inserted += len(rows)
        self.created_cities.clear()  # creating cities is what this import is for

    def summary(self, total: int, bad: int) -> str:
        added = (
            _("; {n} names added to recorded cities", n=len(self.added_names))
            if self.added_names
            else ""
        )
        return super().summary(total, bad) + added

    def notices(self) -> Iterator[str]:
        yield from super().notices()
        for items, what in (
            (
                self.namesakes,
                N_(
                    "{n} new cities share their name with a recorded city of their country, told"
                    " apart by region or coordinates: {listed}"
                ),
            ),
            (self.added_names, N_("{n} names added to recorded cities: {listed}")),
            (
                self.filled,
                N_("{n} recorded cities got the region or coordinates they lacked: {listed}"),
            ),
            (self.cited, N_("{n} recorded cities now also cite the row's sources: {listed}")),
        ):
            if items:
                more = len(items) - SHOWN
                yield _(what, n=len(items), listed=listing(items[:SHOWN], ";")) + (
                    _(" and {n} more", n=more) if more > 0 else ""
                )
        if self.near:
            yield _(
                "{n} rows give coordinates within {tolerance} degrees of the recorded city's: the"
                " recorded ones are kept",
                n=self.near,
                tolerance=COORDINATE_TOLERANCE,
            )


def _entry(i: int, before: dict, after: dict) -> dict:
    from citylinks import audit

    return {
        "row_id": i,
        "row_label": None,
        "before": {k: audit.plain(w) for k, w in before.items()},
        "after": {k: audit.plain(w) for k, w in after.items()},
    }


def _apart(a: dict, b: dict) -> bool:
    """Whether two cities of one name (a row's values, a recorded city) differ in something
    both give: region (as folded), or a coordinate by more than COORDINATE_TOLERANCE."""
    if a["region"] and b["region"] and text.fold(a["region"]) != text.fold(b["region"]):
        return True
    return any(
        a[c] is not None and b[c] is not None and abs(a[c] - b[c]) > COORDINATE_TOLERANCE
        for c in ("latitude", "longitude")
    )


def _place(v: dict) -> str:
    parts = [_("region '{region}'", region=v["region"])] if v["region"] else []
    parts += [f"{_(c)} {v[c]}" for c in (N_("latitude"), N_("longitude")) if v[c] is not None]
    return listing(parts) or _("no region or coordinates")


def _missing(city: dict) -> str:
    lacks = [_(c) for c in (N_("region"), N_("latitude"), N_("longitude")) if city[c] is None]
    return _(" or ").join(lacks) if lacks else _("other")


def _same_cells(a: Row, b: Row) -> bool:
    def cells_of(r: Row) -> dict:
        return {k: w.strip() for k, w in r.cells.items() if k not in BAD_ROW_COLUMNS}

    return cells_of(a) == cells_of(b)


def _clusters(rows: list[Row]) -> list[list[Row]]:
    """Rows of one name and country, in groups that nothing tells apart (joined when any two
    are not apart), in the order of their first rows."""
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            if not _apart(rows[i].values, rows[j].values):
                parent[root(j)] = root(i)
    groups: dict[int, list[Row]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(root(i), []).append(r)
    return list(groups.values())
