"""Reading CSV files of cities, memberships, sessions and attendance (docs/csv.md).

Built for large files: rows are read in batches (BATCH rows) and each batch is resolved with a
few set-based queries (names by their folded form with IN, sources by key, the existing phases
of the memberships it touches), then written with bulk inserts, each batch's audit entries
included (one per inserted or changed row, as audit.py writes them for the ORM). Memory stays
constant whatever the file's length.

The whole file is one transaction: when any row is bad, the caller's transaction is rolled back
(this module raises at the end), unless the bad rows are to be skipped into a file.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import (
    bindparam,
    select,
    tuple_,
    update,
)
from sqlalchemy.orm import Session

from citylinks import audit, text
from citylinks.dates import PartialDate
from citylinks.errors import CitylinksError
from citylinks.formats.csv import CSV_COLUMNS, reader
from citylinks.formats.csv.reader import Row
from citylinks.model import (
    Attendance,
    AuditEntry,
    City,
    CityName,
    Country,
    MeetingSeries,
    Membership,
    MembershipPhase,
    Organization,
    OrganizationName,
    Source,
)
from citylinks.model import Session as MeetingSession
from citylinks.schema import LARGEST_NUMBER
from citylinks.services import bulk, fields
from citylinks.services.fields import FieldError
from citylinks.services.phase_rules import NewPhase, PhaseError, plan

BATCH = 5000


class RowError(Exception):
    """What is wrong with one row (becomes 'line N: ...')."""


@dataclass
class ImportResult:
    summary: str
    notices: list[str] = field(default_factory=list)


def import_file(
    session: Session,
    kind: str,
    path: Path,
    *,
    encoding: str = "utf-8-sig",
    create_missing: bool = False,
    skip_bad: Path | None = None,
    on_error: Callable[[str], None] = lambda line: None,
    on_progress: Callable[[int, int, int, float], None] | None = None,
    keep_changes: bool = False,
) -> ImportResult:
    """Import the CSV file `path` of `kind` (see CSV_COLUMNS). Bad rows are reported through
    `on_error`, one line each; then, unless `skip_bad` names a file for them, CitylinksError is
    raised so that nothing is written."""
    if kind not in CSV_COLUMNS:
        raise CitylinksError(f"unknown kind '{kind}': use one of {', '.join(CSV_COLUMNS)}")
    reader.check_encoding(encoding)
    importer = _IMPORTERS[kind](session, create_missing, keep_changes)
    bad_out = reader.BadRows(skip_bad) if skip_bad else None
    total = bad = 0
    started = time.monotonic()
    try:
        with _few_collections():
            for batch, done, size in reader.batches(path, kind, encoding, BATCH):
                importer.run(batch)
                for row in batch:
                    total += 1
                    if row.error is not None:
                        bad += 1
                        on_error(f"line {row.line}: {row.error}")
                        if bad_out is not None:
                            bad_out.write(row)
                if on_progress is not None:
                    on_progress(total, done, size, time.monotonic() - started)
        if bad and bad_out is None:
            raise CitylinksError(
                f"{bad} of {total} rows are bad (listed above); nothing was written. Correct"
                " them, or rerun with --skip-bad FILE to write the good rows and set the bad"
                " ones aside"
            )
        if bad_out is not None:
            bad_out.close(keep=bad > 0)
    except BaseException:
        if bad_out is not None:
            bad_out.close(keep=False)
        raise
    notices = list(importer.notices())
    if bad_out is not None and bad:
        notices.append(f"{bad} bad rows written to {skip_bad}, with the reason for each")
    return ImportResult(importer.summary(total, bad), notices)


@contextmanager
def _few_collections() -> Iterator[None]:
    """Python's cycle collector, tuned for the import: it allocates millions of short-lived
    rows, and the collector would walk every object of the process (SQLAlchemy's, the ORM's)
    each time they pile up. The objects from before the import are left out of its walks and
    it runs less often; all as it was afterwards."""
    threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0  # someone else's frozen objects stay frozen
    if freeze:
        gc.freeze()
    gc.set_threshold(max(threshold[0], 10_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if freeze:
            gc.unfreeze()


# --- cell values -------------------------------------------------------------------------------


def _cell(row: Row, name: str) -> str:
    return (row.raw.get(name) or "").strip()


def _required(row: Row, name: str) -> str:
    value = _cell(row, name)
    if not value:
        raise RowError(f"'{name}' is empty")
    return value


# A name comes again and again in a file (a city on each of its rows): checked once.
@lru_cache(maxsize=2 * BATCH)
def _clean(field: fields.Field, value: str) -> str:
    return field.clean(value)


def _name(row: Row, name: str, field: fields.Field) -> str:
    try:
        return _clean(field, _required(row, name))
    except FieldError as exc:
        raise RowError(str(exc)) from None


def _optional(row: Row, name: str, field: fields.Field) -> str | None:
    value = _cell(row, name)
    if not value:
        return None
    try:
        return _clean(field, value)
    except FieldError as exc:
        raise RowError(str(exc)) from None


def _date(row: Row, name: str) -> PartialDate:
    try:
        return fields.date(_cell(row, name))
    except FieldError as exc:
        raise RowError(f"{name}: {exc}") from None


def _choice(row: Row, name: str, rule: fields.Choice, default: str | None = None) -> str:
    value = _cell(row, name) or default
    if value is None:
        raise RowError(f"'{name}' is empty")
    try:
        return rule.clean(value)
    except FieldError as exc:
        raise RowError(str(exc)) from None


def _source_keys(row: Row, required: bool) -> list[str]:
    keys = [k.strip() for k in _cell(row, "source").split(";") if k.strip()]
    if required and not keys:
        raise RowError(
            "'source' is empty: every fact needs its source (a key of `citylinks source list`)"
        )
    return list(dict.fromkeys(keys))


def _country(row: Row, countries: dict[str, int], name: str = "country") -> str:
    code = _required(row, name).upper()
    if code not in countries:
        raise RowError(f"no country '{code}': give an ISO 3166-1 alpha-2 code such as IR")
    return code


class _Importer:
    kind = ""

    def __init__(self, session: Session, create_missing: bool, keep_changes: bool) -> None:
        self.session = session
        self.create_missing = create_missing
        self.keep_changes = keep_changes
        self.officer = session.info.get("officer", "unknown")
        self.at = session.info.get("now") or audit.now()
        country = Country.__table__.c
        self.countries = dict(session.connection().execute(select(country.code, country.id)).all())
        self.source_keys: dict[int, str] = {}
        self.inserted = 0
        self.skipped = 0
        self.created_cities: list[str] = []
        self._orgs: dict[str, int | str] = {}
        self._org_index: tuple | None = None

    # run one batch

    def run(self, rows: list[Row]) -> None:
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
        if self.created_cities:
            shown = ", ".join(self.created_cities[:20])
            more = len(self.created_cities) - 20
            yield (
                f"created {len(self.created_cities)} cities that matched no recorded name: {shown}"
                + (f" and {more} more" if more > 0 else "")
            )

    def summary(self, total: int, bad: int) -> str:
        return (
            f"{self.kind}: {self.inserted} imported, {self.skipped} already recorded,"
            f" {bad} bad, of {total} rows"
        )

    # audited bulk writes

    def insert(
        self, model: type, rows: list[dict], sources: list[list[int]] | None = None
    ) -> list[int]:
        """Insert `rows` of `model` (with their source ids), one audit entry each; their ids."""
        if not rows:
            return []
        stamp = {
            "created_at": self.at,
            "created_by": self.officer,
            "updated_at": self.at,
            "updated_by": self.officer,
            "version": 1,
        }
        has_stamp = "version" in model.__table__.c
        ids = bulk.insert_rows(
            self.session, model.__table__, rows, want_ids=True, same=stamp if has_stamp else None
        )
        if sources is not None:
            link = model.metadata.tables[f"{model.__table__.name}_source"]
            cited = f"{model.__table__.name}_id"
            links = [
                {cited: i, "source_id": s}
                for i, ids_ in zip(ids, sources, strict=True)
                for s in ids_
            ]
            if links:
                bulk.insert_rows(self.session, link, links)
        # Every row of one call has the same keys (see bulk.insert_rows): the audit entries' shape
        # is worked out once, from the first.
        columns, dated = audit.audited_columns(model)
        given = [c for c in columns if c in rows[0]]
        values = itemgetter(*given) if len(given) > 1 else lambda r: (r[given[0]],)
        blank = dict.fromkeys(columns)
        dated = [c for c in dated if c in rows[0]]
        labels = [attr for attr in audit.LABEL_ATTRIBUTES if attr in rows[0]]
        shown: dict[Any, Any] = {None: None}  # dates as the audit log shows them, each once
        entries = []
        for index, (i, r) in enumerate(zip(ids, rows, strict=True)):
            after = blank.copy()
            after.update(zip(given, values(r), strict=True))
            for c in dated:
                value = after[c]
                if value not in shown:
                    shown[value] = audit.plain(value)
                after[c] = shown[value]
            if sources is not None:
                after["sources"] = [self.source_keys[s] for s in sources[index]]
            label = audit.label({attr: r[attr] for attr in labels}) if labels else None
            entries.append({"row_id": i, "row_label": label, "before": None, "after": after})
        self._log("insert", model, entries)
        return ids

    def update(self, model: type, changes: list[tuple[int, dict, dict]], log: bool = True) -> None:
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

    def _log(self, action: str, model: type, entries: list[dict]) -> None:
        """Write the audit entries (row_id, row_label, before, after) of `action` on rows of
        `model`: audit.entry's rows, their common part bound once for the whole batch."""
        if not entries:
            return
        # The table's name as a plain str: sqlite3 binds a str subclass through a slow lookup.
        same = {
            k: v
            for k, v in audit.entry(
                self.at, self.officer, action, str(model.__table__.name), 0, None, None, None
            ).items()
            if k not in entries[0]
        }
        bulk.insert_rows(self.session, AuditEntry.__table__, entries, same=same)
        if self.keep_changes:
            self.session.info.setdefault("audit", []).extend({**same, **e} for e in entries)

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
                r.error = (
                    f"no source with key '{keys[ids.index(None)]}': see `citylinks source list`,"
                    " or record it with `citylinks source add`"
                )
            else:
                r.values["source_ids"] = list(dict.fromkeys(ids))

    def organization(self, query: str) -> int:
        """An organization by key, acronym or any name (as services.lookup matches them),
        from one load of the small organization tables."""
        if query in self._orgs:
            found = self._orgs[query]
            if isinstance(found, str):
                raise RowError(found)
            return found
        if self._org_index is None:
            org, name = Organization.__table__.c, OrganizationName.__table__.c
            connection = self.session.connection()
            orgs = connection.execute(select(org.id, org.key, org.acronym)).all()
            names = connection.execute(select(name.folded, name.organization_id)).all()
            by_name: dict[str, set[int]] = {}
            for folded, i in names:
                by_name.setdefault(folded, set()).add(i)
            by_code: dict[str, set[int]] = {}
            for i, key, acronym in orgs:
                by_code.setdefault(key, set()).add(i)
                if acronym:
                    by_code.setdefault(acronym.lower(), set()).add(i)
            self._org_index = (by_code, by_name)
        by_code, by_name = self._org_index
        q = query.strip()
        exact = by_code.get(q, set()) | by_code.get(q.lower(), set())
        matches = exact or by_name.get(text.fold(q), set())
        if len(matches) == 1:
            self._orgs[query] = next(iter(matches))
            return self._orgs[query]  # type: ignore[return-value]
        message = (
            f"no organization matches '{query}': see `citylinks org list`"
            if not matches
            else f"'{query}' matches {len(matches)} organizations: give the acronym or key"
        )
        self._orgs[query] = message
        raise RowError(message)

    def resolve_cities(self, rows: list[Row], name_field: str, optional: bool = False) -> None:
        """Set values[name_field + '_id'] on each row: the city its name (or key) and country
        name, matched by folded name like services.lookup.find_city, in one query per batch;
        unmatched cities are created with --create-missing, else the row is bad."""
        wanted = [r for r in rows if r.values.get(name_field)]
        if not wanted:
            return
        raws = {r.values[name_field] for r in wanted}
        folded = {raw: text.fold(raw) for raw in raws}  # a name repeats on many rows
        folds = set(folded.values())
        found: dict[tuple[str, str], set[int]] = {}
        connection = self.session.connection()
        # Two indexed look-ups (by folded name, by key), each in one Core query: an OR across
        # the two tables would make the database scan every name.
        city, name, country = City.__table__.c, CityName.__table__.c, Country.__table__.c
        by_name = (
            select(name.folded, city.id, country.code)
            .join_from(CityName.__table__, City.__table__, name.city_id == city.id)
            .join(Country.__table__, city.country_id == country.id)
            .where(bulk.among(connection, name.folded, folds))
        )
        by_key = (
            select(city.key, city.id, country.code)
            .join_from(City.__table__, Country.__table__, city.country_id == country.id)
            .where(bulk.among(connection, city.key, raws))
        )
        for stmt in (by_name, by_key):
            for label, city_id, code in connection.execute(stmt):
                found.setdefault((label, code), set()).add(city_id)
        missing: dict[tuple[str, str], list[Row]] = {}
        for r in wanted:
            name, code = r.values[name_field], r.values[name_field + "_country"]
            ids = found.get((folded[name], code), set()) | found.get((name, code), set())
            if len(ids) == 1:
                r.values[name_field + "_id"] = next(iter(ids))
            elif len(ids) > 1:
                r.error = f"'{name}' matches {len(ids)} cities in {code}: give the city's key"
            elif self.create_missing:
                missing.setdefault((folded[name], code), []).append(r)
            else:
                r.error = (
                    f"no city '{name}' in {code}: record it with `citylinks city add`, or rerun"
                    " with --create-missing"
                )
        if missing:
            created = self.create_cities([(rs[0], name_field) for rs in missing.values()])
            for (_, _), rs in missing.items():
                city = created[id(rs[0])]
                for r in rs:
                    r.values[name_field + "_id"] = city

    def create_cities(self, items: list[tuple[Row, str]]) -> dict[int, int]:
        """Record new cities (name in its language, country, optional key and Persian name);
        returns the new id by id() of the row that asked for it."""
        wanted_keys = {}
        for r, field_ in items:
            name = r.values[field_]
            code = r.values[field_ + "_country"]
            key = r.values.get("key") or text.slugify(name)[:50]
            if not key:
                key = f"{code.lower()}-{hashlib.sha1(text.fold(name).encode(), usedforsecurity=False).hexdigest()[:8]}"
            wanted_keys[id(r)] = key
        taken = set(
            self.session.scalars(select(City.key).where(City.key.in_(set(wanted_keys.values()))))
        )
        chosen: set[str] = set()
        city_rows, sources = [], []
        for r, field_ in items:
            key = wanted_keys[id(r)]
            code = r.values[field_ + "_country"]
            if key in taken or key in chosen:
                key = f"{key}-{code.lower()}"
                if key in taken or key in chosen:
                    key = f"{key}-{hashlib.sha1(r.values[field_].encode(), usedforsecurity=False).hexdigest()[:6]}"
            chosen.add(key)
            wanted_keys[id(r)] = key
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
            names.append(
                {
                    "city_id": city,
                    "lang": "fa" if text.is_rtl(name) else "en",
                    "name": name,
                    "kind": "official",
                    "folded": text.fold(name),
                    "position": 0,
                }
            )
            if r.values.get("name_fa") and not text.is_rtl(name):
                fa = r.values["name_fa"]
                names.append(
                    {
                        "city_id": city,
                        "lang": "fa",
                        "name": fa,
                        "kind": "official",
                        "folded": text.fold(fa),
                        "position": 1,
                    }
                )
            self.created_cities.append(f"{name} ({r.values[field_ + '_country']})")
        self.insert(CityName, names)
        return {id(r): city for (r, _), city in zip(items, ids, strict=True)}


# --- the four kinds ------------------------------------------------------------------------------


class _Cities(_Importer):
    kind = "cities"

    def parse(self, row: Row) -> None:
        v = row.values
        v["city"] = _name(row, "city", fields.CITY_NAME)
        v["city_country"] = _country(row, self.countries)
        v["key"] = _optional(row, "key", fields.CITY_KEY)
        if _cell(row, "name_fa"):
            v["name_fa"] = _name(row, "name_fa", fields.CITY_NAME)
        v["region"] = _optional(row, "region", fields.REGION)
        for coordinate, limit in (("latitude", 90), ("longitude", 180)):
            value = _cell(row, coordinate)
            if value:
                try:
                    v[coordinate] = float(text.to_ascii_digits(value))
                except ValueError:
                    raise RowError(f"{coordinate} '{value}' is not a number") from None
                if not -limit <= v[coordinate] <= limit:
                    raise RowError(f"{coordinate} {value} is out of range (-{limit} to {limit})")
        v["sources"] = _source_keys(row, required=False)

    def write(self, rows: list[Row]) -> None:
        creating = self.create_missing
        self.create_missing = False
        new: dict[tuple[str, str], list[Row]] = {}
        try:
            self.resolve_cities(rows, "city")
        finally:
            self.create_missing = creating
        for r in rows:
            if r.values.get("city_id") is not None:
                self.skipped += 1
            elif r.error and r.error.startswith("no city"):
                r.error = None
                new.setdefault((text.fold(r.values["city"]), r.values["city_country"]), []).append(
                    r
                )
        if new:
            self.create_cities([(rs[0], "city") for rs in new.values()])
            self.inserted += len(new)
            self.skipped += sum(len(rs) - 1 for rs in new.values())
            self.created_cities.clear()  # creating cities is what this import is for


class _Memberships(_Importer):
    kind = "memberships"

    def parse(self, row: Row) -> None:
        v = row.values
        v["city"] = _name(row, "city", fields.CITY_NAME)
        v["city_country"] = _country(row, self.countries)
        v["organization_id"] = self.organization(_required(row, "organization"))
        v["status"] = _choice(row, "status", fields.STATUS)
        v["start"] = _date(row, "from")
        v["end"] = _date(row, "to")
        v["reason"] = _optional(row, "reason", fields.REASON)
        v["note"] = _optional(row, "note", fields.NOTE)
        v["sources"] = _source_keys(row, required=True)

    def write(self, rows: list[Row]) -> None:
        self.resolve_cities(rows, "city")
        rows = [r for r in rows if r.error is None]
        pairs = {(r.values["organization_id"], r.values["city_id"]) for r in rows}
        if not pairs:
            return
        membership, phase = Membership.__table__.c, MembershipPhase.__table__.c
        connection = self.session.connection()
        memberships = {
            (o, c): i
            for i, o, c in connection.execute(
                select(membership.id, membership.organization_id, membership.city_id).where(
                    bulk.among(
                        connection, tuple_(membership.organization_id, membership.city_id), pairs
                    )
                )
            )
        }
        histories: dict[tuple[int, int], list[_Phase]] = {pair: [] for pair in pairs}
        by_id = {i: pair for pair, i in memberships.items()}
        if memberships:
            stmt = (
                select(
                    phase.id,
                    phase.membership_id,
                    phase.position,
                    phase.status,
                    phase.start_text,
                    phase.end_text,
                )
                .where(bulk.among(connection, phase.membership_id, set(memberships.values())))
                .order_by(phase.membership_id, phase.position)
            )
            for i, membership_id, position, status, start, end in connection.execute(stmt):
                histories[by_id[membership_id]].append(
                    _Phase(status, fields.date(start), fields.date(end), id=i, position=position)
                )
        for r in rows:
            v = r.values
            history = histories[(v["organization_id"], v["city_id"])]
            new = NewPhase(v["status"], v["start"], v["end"])
            if history and any(
                p.status == new.status and p.start == new.start and p.end == new.end
                for p in history
            ):
                self.skipped += 1
                v["skip"] = True
                continue
            try:
                placed = plan(history, new)
            except PhaseError as exc:
                r.error = str(exc)
                continue
            if placed.closes is not None:
                placed.closes.close(new.start)
            history.insert(placed.index, _Phase(new.status, new.start, placed.end, row=r))
            self.inserted += 1
        # New memberships, then every history's phases in their places.
        new_pairs = [
            p for p in pairs if p not in memberships and any(ph.row for ph in histories[p])
        ]
        new_pairs.sort()
        ids = self.insert(
            Membership,
            [
                {"organization_id": o, "city_id": c, "member_organization_id": None}
                for o, c in new_pairs
            ],
        )
        memberships.update(zip(new_pairs, ids, strict=True))
        inserts, sources, moves, closes = [], [], [], []
        for pair, history in histories.items():
            for position, phase in enumerate(history, start=1):
                if phase.row is not None:
                    v = phase.row.values
                    inserts.append(
                        {
                            "membership_id": memberships[pair],
                            "position": position,
                            "status": phase.status,
                            **bulk.date_columns("start", phase.start),
                            **bulk.date_columns("end", phase.end),
                            "reason": v["reason"],
                            "note": v["note"],
                            "session_id": None,
                        }
                    )
                    sources.append(v["source_ids"])
                    continue
                if phase.position != position:
                    moves.append((phase.id, {"position": phase.position}, {"position": position}))
                if phase.closed_from is not None:
                    closes.append(
                        (
                            phase.id,
                            bulk.date_columns("end", phase.closed_from),
                            bulk.date_columns("end", phase.end),
                        )
                    )
        # Move phases out of the way first (negative positions), so no two ever share one.
        self.update(
            MembershipPhase,
            [(i, before, {"position": -after["position"]}) for i, before, after in moves],
            log=False,
        )
        self.update(MembershipPhase, moves)
        self.update(MembershipPhase, closes)
        self.insert(MembershipPhase, inserts, sources)


@dataclass
class _Phase:
    """A phase of a membership's history during an import: stored (id) or new (row)."""

    status: str
    start: PartialDate
    end: PartialDate
    id: int | None = None
    position: int | None = None
    row: Row | None = None
    closed_from: PartialDate | None = None

    def close(self, at: PartialDate) -> None:
        if self.closed_from is None and self.row is None:
            self.closed_from = self.end
        self.end = at


class _Sessions(_Importer):
    kind = "sessions"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.series = {
            (o, key): i
            for i, o, key in self.session.execute(
                select(MeetingSeries.id, MeetingSeries.organization_id, MeetingSeries.key)
            )
        }

    def parse(self, row: Row) -> None:
        v = row.values
        org = self.organization(_required(row, "organization"))
        series = _required(row, "series").lower()
        if (org, series) not in self.series:
            raise RowError(
                f"the organization has no meeting series '{series}': record it first"
                " (see `citylinks org --help`)"
            )
        v["series_id"] = self.series[(org, series)]
        v["number"] = _number(row)
        if _cell(row, "host"):
            v["host"] = _name(row, "host", fields.CITY_NAME)
            v["host_country"] = _country(row, self.countries)
        v["start"] = _date(row, "start")
        v["end"] = _date(row, "end")
        if v["start"].earliest and v["end"].latest and v["end"].latest < v["start"].earliest:
            raise RowError(f"the session ends ({v['end']}) before it starts ({v['start']})")
        v["status"] = _choice(row, "status", fields.SESSION_STATUS, "held")
        v["venue"] = _optional(row, "venue", fields.VENUE)
        v["theme"] = _optional(row, "theme", fields.THEME)
        v["note"] = _optional(row, "note", fields.NOTE)
        v["sources"] = _source_keys(row, required=True)

    def write(self, rows: list[Row]) -> None:
        self.resolve_cities(rows, "host")
        rows = [r for r in rows if r.error is None]
        keys = {(r.values["series_id"], r.values["number"]) for r in rows}
        if not keys:
            return
        existing = {
            (s, n): (start, end, host)
            for s, n, start, end, host in self.session.execute(
                select(
                    MeetingSession.series_id,
                    MeetingSession.number,
                    MeetingSession.start_text,
                    MeetingSession.end_text,
                    MeetingSession.host_city_id,
                ).where(tuple_(MeetingSession.series_id, MeetingSession.number).in_(keys))
            )
        }
        inserts, sources = [], []
        for r in rows:
            v = r.values
            key = (v["series_id"], v["number"])
            mine = (str(v["start"]), str(v["end"]), v.get("host_id"))
            if key in existing:
                if existing[key] == mine:
                    self.skipped += 1
                else:
                    r.error = (
                        f"session {v['number']} of this series is already recorded with another"
                        " host or dates; correct it with `citylinks session edit`"
                    )
                continue
            existing[key] = mine
            inserts.append(
                {
                    "series_id": v["series_id"],
                    "number": v["number"],
                    "host_city_id": v.get("host_id"),
                    **bulk.date_columns("start", v["start"]),
                    **bulk.date_columns("end", v["end"]),
                    "status": v["status"],
                    "venue": v["venue"],
                    "theme": v["theme"],
                    "note": v["note"],
                }
            )
            sources.append(v["source_ids"])
        self.insert(MeetingSession, inserts, sources)
        self.inserted += len(inserts)


class _Attendance(_Importer):
    kind = "attendance"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.series = {
            (o, key): i
            for i, o, key in self.session.execute(
                select(MeetingSeries.id, MeetingSeries.organization_id, MeetingSeries.key)
            )
        }

    def parse(self, row: Row) -> None:
        v = row.values
        org = self.organization(_required(row, "organization"))
        series = _required(row, "series").lower()
        if (org, series) not in self.series:
            raise RowError(f"the organization has no meeting series '{series}'")
        v["session_key"] = (self.series[(org, series)], _number(row))
        v["city"] = _name(row, "city", fields.CITY_NAME)
        v["city_country"] = _country(row, self.countries)
        v["role"] = _choice(row, "role", fields.ATTENDANCE_ROLE, "delegation")
        v["note"] = _optional(row, "note", fields.NOTE)
        v["sources"] = _source_keys(row, required=True)

    def write(self, rows: list[Row]) -> None:
        keys = {r.values["session_key"] for r in rows}
        if not keys:
            return
        sessions = {
            (s, n): i
            for i, s, n in self.session.execute(
                select(MeetingSession.id, MeetingSession.series_id, MeetingSession.number).where(
                    tuple_(MeetingSession.series_id, MeetingSession.number).in_(keys)
                )
            )
        }
        for r in rows:
            if r.values["session_key"] not in sessions:
                r.error = (
                    f"no session {r.values['session_key'][1]} in this series: import or record"
                    " the session first"
                )
            else:
                r.values["session_id"] = sessions[r.values["session_key"]]
        rows = [r for r in rows if r.error is None]
        self.resolve_cities(rows, "city")
        rows = [r for r in rows if r.error is None]
        if not rows:
            return
        existing = {
            tuple(row)
            for row in self.session.execute(
                select(Attendance.session_id, Attendance.city_id, Attendance.role).where(
                    Attendance.session_id.in_({r.values["session_id"] for r in rows}),
                    Attendance.city_id.is_not(None),
                )
            )
        }
        inserts, sources = [], []
        for r in rows:
            v = r.values
            key = (v["session_id"], v["city_id"], v["role"])
            if key in existing:
                self.skipped += 1
                continue
            existing.add(key)
            inserts.append(
                {
                    "session_id": v["session_id"],
                    "city_id": v["city_id"],
                    "organization_id": None,
                    "person_id": None,
                    "on_behalf_of_city_id": None,
                    "on_behalf_of_organization_id": None,
                    "role": v["role"],
                    "note": v["note"],
                }
            )
            sources.append(v["source_ids"])
        self.insert(Attendance, inserts, sources)
        self.inserted += len(inserts)


def _number(row: Row) -> int:
    value = text.to_ascii_digits(_required(row, "number"))
    if not value.isdigit() or not 1 <= int(value) <= LARGEST_NUMBER:
        raise RowError(f"number '{_cell(row, 'number')}' is not a positive whole number")
    return int(value)


_IMPORTERS: dict[str, type[_Importer]] = {
    "cities": _Cities,
    "memberships": _Memberships,
    "sessions": _Sessions,
    "attendance": _Attendance,
}
