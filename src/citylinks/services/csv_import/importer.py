"""What every kind of CSV row shares: parsing rows in batches, audited bulk writes, and the
set-based look-ups of a batch's sources, organizations and cities."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    bindparam,
    select,
    update,
)
from sqlalchemy.orm import Session

from citylinks import audit, text, vocab
from citylinks.dates import PartialDate
from citylinks.errors import CitylinksError
from citylinks.formats.csv.reader import Row
from citylinks.i18n import N_, _, listing, ngettext, quoted
from citylinks.model import (
    Base,
    City,
    CityName,
    Country,
    MeetingSeries,
    Source,
)
from citylinks.services import bulk, lookup
from citylinks.services.csv_import import cells
from citylinks.services.csv_import.cells import RowError
from citylinks.services.names import key_base


class Importer:
    kind = ""

    def __init__(self, session: Session, create_missing: bool, keep_changes: bool) -> None:
        self.session = session
        self.create_missing = create_missing
        self.keep_changes = keep_changes
        self.officer = session.info.get("officer", "unknown")
        self.at = session.info.get("now") or audit.now()
        # One time for every row and audit entry of the import (services.bulk reads it).
        session.info["now"] = self.at
        country = Country.__table__.c
        self.countries = dict(session.connection().execute(select(country.code, country.id)).all())
        self.source_keys: dict[int, str] = {}
        self.inserted = 0
        self.skipped = 0
        self.created_cities: list[str] = []
        self._orgs: dict[str, int | str] = {}
        self._series: dict[tuple[int, str], int] | None = None
        # --overwrite: a recorded value the file gives differently is replaced (else the row
        # is refused); what each import replaced and cited anew, for its notices.
        self.overwrite = False
        self.replaced: list[str] = []
        self.recited: list[str] = []
        # Rows of the file that repeat an earlier row of it (read once): their lines, and
        # which line each repeats.
        self.repeated: list[int] = []
        self.repeats: list[str] = []

    # run one batch

    def run(self, rows: list[Row]) -> None:
        self._find_organizations(rows)
        for row in rows:
            if row.error is None:
                try:
                    self.parse(row)
                except RowError as exc:
                    row.error = str(exc)
        good = [r for r in rows if r.error is None]
        self.resolve_sources(good)
        self.write([r for r in good if r.error is None])

    def parse(self, row: Row) -> None:
        raise NotImplementedError

    def write(self, rows: list[Row]) -> None:
        raise NotImplementedError

    def notices(self) -> Iterator[str]:
        for items, one, many in (
            (
                self.repeats,
                N_("{n} row repeats an earlier row, and is read once: {listed}"),
                N_("{n} rows repeat an earlier row, and are read once: {listed}"),
            ),
            (
                self.replaced,
                N_("{n} recorded row changed as the file gives it (--overwrite): {listed}"),
                N_("{n} recorded rows changed as the file gives them (--overwrite): {listed}"),
            ),
            (
                self.recited,
                N_("{n} recorded row now also cites the row's sources: {listed}"),
                N_("{n} recorded rows now also cite the row's sources: {listed}"),
            ),
        ):
            if items:
                yield ngettext(
                    one, many, len(items), n=len(items), listed=listing(items[:20], ";")
                ) + (_(" and {more} more", more=len(items) - 20) if len(items) > 20 else "")
        if self.created_cities:
            more = len(self.created_cities) - 20
            yield ngettext(
                "created {n} city that matched no recorded name: {shown}",
                "created {n} cities that matched no recorded name: {shown}",
                len(self.created_cities),
                n=len(self.created_cities),
                shown=listing(self.created_cities[:20]),
            ) + (_(" and {more} more", more=more) if more > 0 else "")

    def repeat(self, rows: list[Row], first: int) -> None:
        """`rows` repeat the row of line `first` of the file: read once, and said so (not
        "already recorded": they are not in the database, but in the file twice)."""
        self.repeated.extend(r.line for r in rows)
        lines = listing(str(r.line) for r in rows)
        if len(rows) > 1:
            self.repeats.append(_("lines {lines} repeat line {line}", lines=lines, line=first))
        else:
            self.repeats.append(_("line {lines} repeats line {line}", lines=lines, line=first))

    def summary(self, total: int, bad: int) -> str:
        said = self._summary(total, bad)
        if self.repeated:
            said += ngettext(
                "; {n} repeated (line {lines})",
                "; {n} repeated (lines {lines})",
                len(self.repeated),
                n=len(self.repeated),
                lines=cells.few([str(line) for line in self.repeated]),
            )
        if self.replaced:
            said += _("; {n} recorded rows changed (--overwrite)", n=len(self.replaced))
        return said

    def _summary(self, total: int, bad: int) -> str:
        return _(
            "{kind}: {inserted} imported, {skipped} already recorded, {bad} bad, of {total} rows",
            kind=vocab.said(self.kind),
            inserted=self.inserted,
            skipped=self.skipped,
            bad=bad,
            total=total,
        )

    # what a file's row changes of a recorded one

    def differences(
        self,
        row: Row,
        label: str,
        stored: dict[str, Any],
        given: dict[str, Any],
        fix: str,
        shown: dict[str, tuple[str, Any, Any]] | None = None,
    ) -> dict[str, tuple[Any, Any]] | None:
        """The fields in which `given` (the row's values) differ from `stored` (the recorded
        row's), {field: (stored, given)}. Without --overwrite a difference makes the row bad,
        in one line naming the first field (None returned); `fix` is the command that edits
        the record. Only the cells the row fills are compared (an empty one gives nothing),
        as stored; `label` names the record in the messages, `shown` (field: its column,
        stored and given values) shows a field otherwise (a city by its key, not its id)."""
        # An empty cell (or a column the file lacks) gives nothing: the recorded value stays.
        columns = {k: (shown or {}).get(k, (k,))[0] for k in given}
        changed = {
            k: (stored[k], w)
            for k, w in given.items()
            if cells.cell(row, columns[k]) and stored[k] != w
        }
        if not changed:
            return {}
        said = {k: (shown or {}).get(k, (k, a, b)) for k, (a, b) in changed.items()}
        if not self.overwrite:
            name, was, now = next(iter(said.values()))
            row.error = _(
                "{label} is recorded with {field} {stored}, but the file gives {given}: correct the file, change the record with `{fix}`, or add --overwrite to replace it (the log keeps the old value)",
                label=label,
                field=name,
                stored=_said(was),
                given=_said(now),
                fix=fix,
            )
            return None
        self.replaced.append(
            _(
                "line {line}: {error}",
                line=row.line,
                error=listing(f"{k} {_said(a)} → {_said(b)}" for k, a, b in said.values()),
            )
        )
        return changed

    def amend(self, model: type[Base], items: list[tuple[Row, int, dict, list[int]]]) -> None:
        """Change recorded rows of `model` as the import's rows say: (row, id, changes as
        `differences` returns them, source ids the row cites). Sources the record does not
        cite yet are added (citations are only ever added) and reported; one audit entry per
        changed record, with before and after."""
        if not items:
            return
        table = model.__table__
        link = table.metadata.tables[f"{table.name}_source"]
        cited_by = f"{table.name}_id"
        connection = self.session.connection()
        had: dict[int, dict[int, str]] = {i: {} for _r, i, _c, _s in items}
        source = Source.__table__.c
        for i, s, key in connection.execute(
            select(link.c[cited_by], link.c.source_id, source.key)
            .join(Source.__table__, source.id == link.c.source_id)
            .where(bulk.among(connection, link.c[cited_by], set(had)))
            .order_by(link.c[cited_by], source.id)
        ):
            had[i][s] = key
        changes: list[tuple[int, dict, dict]] = []
        citations: list[dict] = []
        for r, i, changed, source_ids in items:
            before = {k: a for k, (a, _b) in changed.items()}
            after = {k: b for k, (_a, b) in changed.items()}
            new = [s for s in source_ids if s not in had[i]]
            if new:
                keys = list(had[i].values())
                before["sources"] = keys
                after["sources"] = keys + [self.source_keys[s] for s in new]
                had[i].update({s: self.source_keys[s] for s in new})
                citations.extend({cited_by: i, "source_id": s} for s in new)
                self.recited.append(
                    _(
                        "line {line}: {error}",
                        line=r.line,
                        error=listing(self.source_keys[s] for s in new),
                    )
                )
            if after:
                changes.append((i, before, after))
        # One statement per set of changed columns (update() sets every column it names),
        # a citation alone making a new version of its record too, as the commands do.
        by_columns: dict[tuple[str, ...], list[tuple[int, dict, dict]]] = {}
        for i, b, a in changes:
            columns = _columns({k: w for k, w in a.items() if k != "sources"})
            by_columns.setdefault(tuple(sorted(columns)), []).append(
                (i, _columns({k: w for k, w in b.items() if k != "sources"}), columns)
            )
        for group in by_columns.values():
            self.update(model, group, log=False)
        if citations:
            bulk.insert_rows(self.session, link, citations)
        self._log(
            "update",
            model,
            [
                {
                    "row_id": i,
                    "row_label": None,
                    "before": {k: audit.plain(w) for k, w in _columns(b).items()},
                    "after": {k: audit.plain(w) for k, w in _columns(a).items()},
                }
                for i, b, a in changes
            ],
        )

    # audited bulk writes

    def insert(
        self, model: type[Base], rows: list[dict], sources: list[list[int]] | None = None
    ) -> list[int]:
        """Insert `rows` of `model` (with their source ids), one audit entry each; their ids
        (services.bulk.insert_audited, the bulk path the dataset and Popolo loaders share)."""
        cited = None
        if sources is not None:
            cited = [[(s, self.source_keys[s]) for s in ids] for ids in sources]
        return bulk.insert_audited(self.session, model, rows, cited, keep=self.keep_changes)

    def update(
        self, model: type[Base], changes: list[tuple[int, dict, dict]], log: bool = True
    ) -> None:
        """Apply (id, before, after) changes to `model` rows, one audit entry each (unless
        `log` is False: a step of a change that is logged as a whole)."""
        if not changes:
            return
        table = model.__table__
        names = sorted({k for _, _, after in changes for k in after})
        params = [
            {"_id": i, **{f"_{k}": after.get(k, before.get(k)) for k in names}}
            for i, before, after in changes
        ]
        stmt = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values(
                {
                    **{k: bindparam(f"_{k}") for k in names},
                    "updated_at": self.at,
                    "updated_by": self.officer,
                    "version": table.c.version + 1,
                }
            )
        )
        self.session.connection().execute(stmt, params)
        if not log:
            return
        self._log(
            "update",
            model,
            [
                {
                    "row_id": i,
                    "row_label": None,
                    "before": {k: audit.plain(v) for k, v in before.items()},
                    "after": {k: audit.plain(v) for k, v in after.items()},
                }
                for i, before, after in changes
            ],
        )

    def _log(self, action: str, model: type[Base], entries: list[dict]) -> None:
        """Write the audit entries (row_id, row_label, before, after) of `action` on rows of
        `model` (services.bulk.log_entries)."""
        bulk.log_entries(self.session, action, model.__table__.name, entries, self.keep_changes)

    # lookups, one query per batch

    def resolve_sources(self, rows: list[Row]) -> None:
        """Set values['source_ids'] on each row, and source_keys (id to key, for the audit
        entries) for this batch."""
        self.source_keys = {}
        wanted = {k for r in rows for k in r.values.get("sources", [])}
        if not wanted:
            return
        candidates = wanted | {k.upper() for k in wanted}
        source = Source.__table__.c
        connection = self.session.connection()
        self.source_keys = dict(
            connection.execute(
                select(source.id, source.key).where(bulk.among(connection, source.key, candidates))
            ).all()
        )
        found = {key.lower(): i for i, key in self.source_keys.items()}
        for r in rows:
            keys = r.values.get("sources", [])
            ids = [found.get(k.lower()) for k in keys]
            if None in ids:
                r.error = _(
                    "no source with key '{keys}': see `citylinks source list`, or record it with `citylinks source add`",
                    keys=keys[ids.index(None)],
                )
            else:
                r.values["source_ids"] = list(dict.fromkeys(ids))

    def _find_organizations(self, rows: list[Row]) -> None:
        """The organizations a batch names that the file has not named before, found in a
        few statements (lookup.organizations_named); `organization` asks for the others, one
        at a time, for find_organization_ref's message."""
        wanted = {cells.cell(r, "organization") for r in rows if r.error is None}
        wanted.discard("")
        wanted.difference_update(self._orgs)
        if wanted:
            self._orgs.update(lookup.organizations_named(self.session.connection(), wanted))

    def organization(self, query: str) -> int:
        """The organization `query` names, found as the commands find one
        (lookup.find_organization_ref), once per distinct value in the file."""
        if query not in self._orgs:
            try:
                ref = lookup.find_organization_ref(self.session.connection(), query)
                self._orgs[query] = ref.id
            except CitylinksError as exc:
                self._orgs[query] = str(exc)
        found = self._orgs[query]
        if isinstance(found, str):
            raise RowError(found)
        return found

    def series(self, row: Row) -> int:
        """The meeting series a row names: its organization and its series' key, or its name
        in English or Persian (as `session add --series` finds it)."""
        from citylinks.services.sessions import series_names

        org = self.organization(cells.required(row, "organization"))
        key = cells.required(row, "series").lower()
        if self._series is None:
            table = MeetingSeries.__table__.c
            rows = list(
                self.session.connection().execute(
                    select(table.id, table.organization_id, table.key, table.name_en, table.name_fa)
                )
            )
            self._series = {(o, k): i for i, o, k, _unused, _unused in rows}
            # A key first, then a name: another series' name never hides a key.
            for i, o, k, en, fa in rows:
                for name in series_names(k, en, fa):
                    self._series.setdefault((o, "~" + name), i)
        found = self._series.get((org, key)) or self._series.get((org, "~" + text.fold(key)))
        if found is None:
            raise RowError(
                _(
                    "the organization has no meeting series '{key}': record it first (see `citylinks org --help`)",
                    key=key,
                )
            )
        return found

    def resolve_cities(self, rows: list[Row], name_field: str, optional: bool = False) -> None:
        """Set values[name_field + '_id'] on each row: the city its name (or key) and country
        name, matched as lookup.find_city matches a typed name (lookup.cities_named), for the
        whole batch at once; unmatched cities are created with --create-missing, else the row
        is bad."""
        wanted = [r for r in rows if r.values.get(name_field)]
        if not wanted:
            return
        named = lookup.cities_named(
            self.session.connection(), {r.values[name_field] for r in wanted}
        )
        # The country a typed name gives after a comma ("Yazd, IR"), once per distinct name.
        named_countries = {name: lookup.country_named_in(name) for name in named}
        # The cities of the keys the rows give (`city_key`).
        keyed = self._cities_of_keys(
            {k for r in wanted if (k := r.values.get(name_field + "_key"))}
        )
        missing: dict[tuple[str, str, str | None], list[Row]] = {}
        for r in wanted:
            name, code = r.values[name_field], r.values[name_field + "_country"]
            named_country = named_countries[name]
            if named_country is not None and named_country != code.upper():
                r.error = _(
                    "'{name}' names a city in {named_country}, but the row's country is {code}: correct one of them",
                    name=name,
                    named_country=named_country,
                    code=code,
                )
                continue
            key = r.values.get(name_field + "_key")
            if key is not None and key in keyed:
                city, its_country = keyed[key]
                if its_country != code:
                    r.error = _(
                        "the city of key '{key}' is in {its_country}, but the row's country is {code}: correct one of them",
                        key=key,
                        its_country=its_country,
                        code=code,
                    )
                elif city not in {c.id for c in named[name].all_in(code)}:
                    r.error = _(
                        "'{name}' is not a name of the city of key '{key}': correct the name or the key",
                        name=name,
                        key=key,
                    )
                else:
                    r.values[name_field + "_id"] = city
                continue
            # An exact key (or id) wins over a name other cities share, as for a command.
            cities = named[name].in_country(code)
            if len(cities) == 1:
                r.values[name_field + "_id"] = cities[0].id
            elif len(cities) > 1:
                r.error = _(
                    "'{name}' matches {n} cities in {code} ({keys}): give the city's key in the `{column}` column",
                    name=name,
                    n=len(cities),
                    code=code,
                    keys=cells.few([c.key for c in cities]),
                    column=name_field + "_key",
                )
            elif self.create_missing:
                if key is not None:
                    r.values["key"] = key  # the new city gets the key the row gives
                missing.setdefault((named[name].folded, code, key), []).append(r)
            else:
                r.error = _(
                    "no city '{name}' in {code}: record it with `citylinks city add`, or rerun with --create-missing",
                    name=name,
                    code=code,
                )
        keyless = [rs for (_f, _c, key), rs in missing.items() if key is None]
        kept = {id(rs) for rs in self.new_cities_only(keyless, name_field, name_field + "_key")}
        missing = {k: rs for k, rs in missing.items() if k[2] is not None or id(rs) in kept}
        if missing:
            created = self.create_cities([(rs[0], name_field) for rs in missing.values()])
            for _key, rs in missing.items():
                city = created[id(rs[0])]
                for r in rs:
                    r.values[name_field + "_id"] = city

    def _cities_of_keys(self, keys: set[str]) -> dict[str, tuple[int, str]]:
        """The cities of `keys`: key -> (id, country code)."""
        if not keys:
            return {}
        city, country = City.__table__.c, Country.__table__.c
        stmt = select(city.key, city.id, country.code).join_from(
            City.__table__, Country.__table__, city.country_id == country.id
        )
        connection = self.session.connection()
        rows = connection.execute(stmt.where(bulk.among(connection, city.key, keys)))
        return {key: (i, code) for key, i, code in rows}

    def new_cities_only(
        self, groups: list[list[Row]], name_field: str, column: str
    ) -> list[list[Row]]:
        """Of `groups` (rows of one name each, without a key, that would record a city by
        that name), those whose city is not recorded already under another script or spelling
        (recording.keyed_like, the rule of `city add`, for the whole batch at once); the rows
        of the others are bad, saying how to add the name to it or record a different city."""
        from citylinks.services.recording import keyed_like

        wanted = {}
        for group in groups:
            first = group[0].values
            wanted[id(group)] = (
                lookup.split_country(first[name_field])[0],
                first[name_field + "_country"],
            )
        found = keyed_like(self.session.connection(), list(set(wanted.values())))
        kept = []
        for group in groups:
            name, code = wanted[id(group)]
            # a namesake the row tells apart (by its region or coordinates) is another city
            apart = {c["id"] for c in group[0].values.get("namesakes", ())}
            if (name, code) not in found or found[(name, code)][0] in apart:
                kept.append(group)
                continue
            for r in group:
                r.error = _(
                    "'{name}' in {code} is most likely the recorded city of key '{key}', named in another script or spelling: add the name to it first (`citylinks city edit {key} --add-name {lang}={name}`), or give a new key in the `{column}` column to record a different city",
                    name=name,
                    code=code,
                    key=found[(name, code)][1],
                    lang="fa" if text.is_rtl(name) else "en",
                    column=column,
                )
        return kept

    def create_cities(self, items: list[tuple[Row, str]]) -> dict[int, int]:
        """Record new cities (name in its language, country, optional key and Persian name);
        returns the new id by id() of the row that asked for it."""
        # Each row's keys to try, in order: its own, or made from its name, then with its
        # region (a second Springfield) or its country; a number when all are taken.
        tries: dict[int, list[str]] = {}
        for r, field_ in items:
            name = r.values[field_]
            code = r.values[field_ + "_country"]
            base = r.values.get("key") or key_base([name], 50)
            if not base:
                base = f"{code.lower()}-{hashlib.sha1(text.fold(name).encode(), usedforsecurity=False).hexdigest()[:8]}"
            region = text.slugify(r.values.get("region") or "")
            keys = [base] + ([f"{base}-{region}"[:50]] if region else [])
            tries[id(r)] = [*keys, f"{base}-{code.lower()}"[:50]]
        wanted = {k for keys in tries.values() for k in keys}
        taken = set(self.session.scalars(select(City.key).where(City.key.in_(wanted))))
        city_rows, sources = [], []
        for r, field_ in items:
            code = r.values[field_ + "_country"]
            keys = tries[id(r)]
            key = next((k for k in keys if k not in taken), None)
            if key is None:
                base, n = keys[0][:45], 2
                while f"{base}-{n}" in taken or self.session.scalar(
                    select(City.id).where(City.key == f"{base}-{n}")
                ):
                    n += 1
                key = f"{base}-{n}"
            taken.add(key)
            city_rows.append(
                {
                    "key": key,
                    "country_id": self.countries[code],
                    "region": r.values.get("region"),
                    "latitude": r.values.get("latitude"),
                    "longitude": r.values.get("longitude"),
                }
            )
            sources.append(r.values.get("source_ids", []))
        ids = self.insert(City, city_rows, sources)
        names = []
        for (r, field_), city in zip(items, ids, strict=True):
            name = r.values[field_]
            # The cities kind's name_fa, name_LANG cells: every name in each language.
            given: dict[str, list[str]] = r.values.get("names", {})
            # The name's language: the name_LANG column that lists it too (CityRows.parse),
            # else English or Persian by its script.
            lang = r.values.get(field_ + "_lang") or ("fa" if text.is_rtl(name) else "en")
            # A name is the same as another only in the same language (as `city edit
            # --add-name` has it): أراك (ar) and اراک (fa) fold alike, but are both kept.
            seen, langs = {(lang, text.fold(name))}, {lang}
            names.append(_name_row(city, lang, name, 0, "official"))
            for other_lang, other in ((g, n) for g, listed in given.items() for n in listed):
                if (other_lang, text.fold(other)) in seen:
                    continue
                kind = "alternate" if other_lang in langs else "official"
                names.append(_name_row(city, other_lang, other, len(seen), kind))
                seen.add((other_lang, text.fold(other)))
                langs.add(other_lang)
            self.created_cities.append(f"{name} ({r.values[field_ + '_country']})")
        self.insert(CityName, names)
        return {id(r): city for (r, _unused), city in zip(items, ids, strict=True)}


def _said(value: Any) -> str:
    """A recorded or given value as a message shows it: quoted, nothing as 'empty'."""
    return _("empty") if value is None or value == "" else quoted(value, exact=True)


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    """Changes as the table stores them: a partial date (PartialDate) in its four columns
    (bulk.date_columns), the rest as it is."""
    out: dict[str, Any] = {}
    for k, w in values.items():
        out.update(bulk.date_columns(k, w) if isinstance(w, PartialDate) else {k: w})
    return out


def _name_row(city: int, lang: str, name: str, position: int, kind: str) -> dict:
    return {
        "city_id": city,
        "lang": lang,
        "name": name,
        "kind": kind,
        "folded": text.fold(name),
        "position": position,
    }
