"""Applying records to the database: the one way a file's facts are written, whatever format
they were read from (citylinks.formats turns a dataset file, a Popolo document into the
dataset format's records, data/README.md). Every value meets the rule of its field
(citylinks.services.fields), as a command's would, and every change is logged by the same
audit hooks as a command's (citylinks.audit).

Records are matched by key, and nested records by what identifies them (a name by its
language and text, a phase by its place in the history, ...): loading the same file twice
changes nothing, and loading a newer file updates what changed and adds what is new.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, inspect, or_, select
from sqlalchemy.orm import Session

from citylinks import schema, text, vocab
from citylinks.dates import PartialDate, for_message
from citylinks.errors import CitylinksError
from citylinks.formats.dataset import DatasetError
from citylinks.i18n import N_, _, listing, ngettext, quoted
from citylinks.model import (
    Attendance,
    AttendanceClaim,
    AuditEntry,
    City,
    CityIdentifier,
    CityName,
    Country,
    Designation,
    MeetingSeries,
    MemberCountClaim,
    Membership,
    MembershipPhase,
    Motto,
    Organization,
    OrganizationIdentifier,
    OrganizationName,
    Person,
    PersonName,
    Post,
    Role,
    SessionNumbering,
    Source,
)
from citylinks.model import Session as MeetingSession
from citylinks.services import bulk, facts, fields, phase_rules, recorded
from citylinks.services.audit_log import touch
from citylinks.services.common import sources_by_keys
from citylinks.services.fields import FieldError

if TYPE_CHECKING:
    from citylinks.services.names import Keyed

# Where an error message says a record is: a function of its kind, its place among the
# records of that kind (from 1) and the record; None for the dataset format's "[[city]] #3 (yazd)".
Label = Callable[[str, int, dict], str | None]


def apply(
    session: Session,
    document: dict[str, Any],
    origin: Path,
    label: Label | None = None,
    overwrite: bool = False,
    conflicts: list[str] | None = None,
) -> list[str]:
    """Apply the records of `document` (the dataset format's structure); `origin` names the
    file in error messages, and `label` a record, in the words of the file it was read from.
    An audit log the document carries (an export `--with-audit`) replaces the entries the
    records' loading wrote, and only an empty database can take one. `conflicts`: a list
    that gathers every value the file gives differently from the database (each refusal's
    line, the recorded value kept), for a dry run to list them all, instead of stopping at
    the first. Returns the notes for the report (a name or an identifier an officer removed
    since, kept as the officer left it: keep_removed)."""
    carried_audit = document.get("audit")
    if carried_audit is not None:
        _refuse_audit_unless_empty(session, origin)
    loader = _Loader(session, origin, label, overwrite)
    loader.conflicts = conflicts
    loader.load(document)
    loader.store_kept()
    if carried_audit is not None:
        _replace_audit(session, origin, carried_audit)
    return loader.notes


class _Loader:
    """Checks every record as the commands check what an officer types (text.clean_name for
    names and titles, text.clean_note for notes, with the same limits), and every other text
    (keys, language tags, addresses, identifiers) for hidden characters and its column's
    length: a file the commands would refuse is refused, never half-loaded, and no value
    reaches a database length error."""

    def __init__(
        self, session: Session, path: Path, label: Label | None = None, overwrite: bool = False
    ) -> None:
        self.session = session
        self.path = path
        self.label = label
        self.where = ""
        # A stub filled with the object it stood for (_PopoloLoader.fill_stub): its
        # placeholder values are replaced without a note.
        self.filling = False
        self.replaced: set[tuple[str, str, str]] = set()  # (field, before, after) noted
        # With `overwrite`, a value the file gives differently from the database replaces it
        # (the audit log keeps the old one); without, it is refused.
        self.overwrite = overwrite
        # Where a dry run gathers such refusals (apply's `conflicts`); None: the first stops.
        self.conflicts: list[str] | None = None
        self.created: set[int] = set()  # id() of the records this load made
        # ...which are kept alive, so that no object read later is given one of their id()s.
        self.held: list[Any] = []
        self.found: dict[tuple[type, str], Any] = {}  # (model, key) -> the record (by_key)
        self.cited: dict[tuple[str, ...], list[Source]] = {}  # source keys -> the sources
        self.record: Any = None  # the record being applied
        self.last: Any = None  # the row get_or_add found or made last
        # The roles and posts records were applied to (the objects: an id() may be reused).
        self.taken: set[Any] = set()
        # Other tools' Popolo objects the records carry (`popolo`), with the rows they are
        # kept beside: (the object's row of popolo_extra, the row, its table; None, None for
        # an object no row holds), and the memberships whose phases carry some.
        self.kept: list[tuple[dict, Any, str | None]] = []
        self.kept_phases: list[tuple[Membership, list[tuple[int, Any, str, list[dict]]], bool]] = []
        # The bulk path (services.bulk, as the CSV import writes): a new city or membership is
        # checked by the same rules, gathered, and written with the others of its kind once
        # all are read (finish). None: this loader applies every record through the ORM.
        self.bulk: dict[str, list] | None = {"city": [], "membership": []}
        self.bulk_identifiers: set[tuple[str, str]] = set()  # of the new cities gathered
        self.ids: dict[Any, dict[Any, int]] = {}
        # On the bulk path too: what the database holds of the records of a kind that it
        # holds already (services.recorded), read before them in a few queries; a record
        # that changes nothing is matched to it (matched_unchanged), without the ORM.
        self.recorded: dict[str, dict[Any, Any]] = {}
        self.matched_posts: set[int] = set()  # ids of the posts matched so, or taken
        self.source_keys: set[str] = set()  # every recorded source's key, for those
        # For the report: what a load kept as an officer left it, or replaced (--overwrite).
        self.notes: list[str] = []
        # id() of the rows this load gave a new version: one a load, however much it changed.
        self.versioned: set[int] = set()
        # Names and identifiers removed from rows, by model and row id (removed_from).
        self.removals: dict[type, dict[Any, list[tuple[int, tuple]]]] = {}

    def assign(self, obj: Any, values: dict[str, Any]) -> None:
        """Give `obj` the file's values. A record this load made takes them all. A recorded
        one keeps what it holds: the same value changes nothing (no audit entry, no new
        version); a different one is refused, since the database may hold a newer edit,
        unless --overwrite says to replace it. Citations are only ever added."""
        recorded = inspect(obj).persistent and id(obj) not in self.created
        for name, value in values.items():
            if name == "sources":
                have = [s.key for s in obj.sources]
                if have == [s.key for s in value]:
                    continue
                if recorded:
                    obj.sources = [*obj.sources, *(s for s in value if s.key not in have)]
                else:
                    obj.sources = value
                continue
            current = getattr(obj, name)
            if current == value or _same_instant(current, value):
                continue
            if recorded and not self.overwrite:
                refusal = self.fail(
                    _(
                        "{name} is {shown} in the database but {shown2} in the file: the database may hold a newer edit. Correct the file, or add --overwrite to replace it (the log keeps the old value)",
                        name=name,
                        shown=_shown(current),
                        shown2=_shown(value),
                    )
                )
                if self.conflicts is None:
                    raise refusal
                self.conflicts.append(str(refusal))  # the recorded value kept
                continue
            if recorded and not self.filling and name != "folded":  # (the name's key)
                # Every value --overwrite replaces is reported (once: kept_changed).
                self.replaced.add((name, _shown(current), _shown(value)))
                self.notes.append(
                    _(
                        "{where}: {name} {shown} replaced by {shown2} (--overwrite)",
                        where=self.where,
                        name=name,
                        shown=_shown(current),
                        shown2=_shown(value),
                    )
                )
            setattr(obj, name, value)

    # -- helpers ---------------------------------------------------------------------------

    def fail(self, message: str) -> DatasetError:
        return DatasetError(
            _("{path}: {where}: {message}", path=self.path, where=self.where, message=message)
        )

    def clean(self, field: fields.Field, value: Any, lang: str | None = None) -> str:
        """A required text field, by its rule (citylinks.services.fields); `lang`, a name's."""
        try:
            return field.clean(value, lang)
        except FieldError as exc:
            raise self.fail(str(exc)) from None

    def optional(self, field: fields.Field, value: Any) -> str | None:
        """An optional text field: a missing or blank value is None."""
        try:
            return field.optional(value)
        except FieldError as exc:
            raise self.fail(str(exc)) from None

    def required(self, record: dict, field: str) -> Any:
        value = record.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise self.fail(_("'{field}' is missing", field=field))
        return value

    def number(self, record: dict, field: str, lowest: int = 0) -> int:
        try:
            return fields.number(self.required(record, field), field, lowest)
        except FieldError as exc:
            raise self.fail(str(exc)) from None

    def coordinate(self, record: dict, which: str) -> float | None:
        if record.get(which) is None:
            return None
        try:
            return fields.coordinate(record[which], which)
        except FieldError as exc:
            raise self.fail(str(exc)) from None

    def period(self, start: PartialDate, end: PartialDate) -> None:
        """A period ends no earlier than it starts (a session's, a role's, a post's)."""
        if start.earliest and end.latest and end.latest < start.earliest:
            raise self.fail(
                _(
                    "it ends ({end}) before it starts ({start}): check start and end",
                    end=for_message(end),
                    start=for_message(start),
                )
            )

    def date(self, record: dict, field: str, *, present: bool = False) -> PartialDate:
        try:
            return fields.date(record.get(field), present=present)
        except FieldError as exc:
            raise self.fail(_("{field}: {exc}", field=field, exc=exc)) from None

    def choice(
        self, record: dict, field: str, rule: fields.Choice, default: str | None = None
    ) -> str:
        try:
            if default is None:
                return rule.clean(record.get(field))
            return rule.optional(record.get(field), default)
        except FieldError as exc:
            raise self.fail(str(exc)) from None

    def by_key(self, model: type[Keyed], key: str | None, what: str):
        if key is None:
            return None
        # Records are only ever added during a load: one found stays the one.
        found = self.found.get((model, key))
        if found is None:
            found = self.session.scalars(select(model).where(model.key == key)).one_or_none()
            if found is None:
                raise self.fail(
                    _("no {what} with key '{key}'", what=_(what), key=text.shortened(str(key)))
                )
            self.found[(model, key)] = found
        return found

    def sources(self, record: dict, field: str = "sources") -> list[Source]:
        """The sources a record cites (in its `field`), found as a command finds them
        (sources_by_keys)."""
        keys = record.get(field, [])
        if isinstance(keys, str):  # `sources = "S1"`: one key, not its letters
            raise self.fail(
                _(
                    "{field} = {keys!r} is not a list: write {field} = [{keys!r}]",
                    field=field,
                    keys=keys,
                )
            )
        wanted = tuple(str(k) for k in keys)
        if not wanted:
            return []
        if wanted not in self.cited:
            try:
                self.cited[wanted] = sources_by_keys(self.session, list(wanted))
            except CitylinksError as exc:
                raise self.fail(str(exc)) from None
        return list(self.cited[wanted])

    def session_ref(self, ref: str | None) -> MeetingSession | None:
        if ref is None:
            return None
        try:
            org_key, series_key, number = ref.split("/")
            number_int = int(number)
        except ValueError:
            raise self.fail(
                _("session '{ref}' is not ORGANIZATION/SERIES/NUMBER", ref=ref)
            ) from None
        found = self.session.scalars(
            select(MeetingSession)
            .join(MeetingSeries)
            .join(Organization)
            .where(
                Organization.key == org_key,
                MeetingSeries.key == series_key,
                MeetingSession.number == number_int,
            )
        ).one_or_none()
        if found is None:
            raise self.fail(_("no session '{ref}'", ref=ref))
        return found

    def get_or_add(self, model: type, **identity):
        found = self.session.scalars(select(model).filter_by(**identity)).one_or_none()
        if found is None:
            found = model(**identity)
            self.session.add(found)
            self.created.add(id(found))
            self.held.append(found)
        self.last = found
        return found

    def sync(
        self, children: list, wanted: Iterable[dict], identity: tuple[str, ...], model: type
    ) -> None:
        """Update the child whose `identity` match each wanted record, or add a new one (once:
        a record given twice, an identifier listed twice, is one child). An identifier an
        officer removed since is not added again (keep_removed; names: in names())."""
        wanted = list(wanted)
        if model in (CityIdentifier, OrganizationIdentifier):
            self.keep_removed(children, wanted, model)
        existing = {tuple(getattr(child, f) for f in identity): child for child in children}
        for values in wanted:
            identified = tuple(values[f] for f in identity)
            child = existing.get(identified)
            if child is None:
                child = existing[identified] = model()
                children.append(child)
                self.created.add(id(child))
                self.held.append(child)
            self.assign(child, values)

    def names(
        self, owner_names: list, records: list[dict], model: type, field: fields.Field
    ) -> None:
        wanted = []
        for position, record in enumerate(records):
            lang = self.lang(record)
            name = self.name_text(field, self.required(record, "name"), lang)
            wanted.append(
                {
                    "lang": lang,
                    "name": name,
                    "kind": self.choice(record, "kind", fields.NAME_KIND, "official"),
                    "folded": self.folded(name, field.what),
                    "position": position,
                    "sources": self.sources(record),
                }
            )
        as_recorded(owner_names, wanted)
        self.keep_removed(owner_names, wanted, model)
        self.renamed_official(owner_names, wanted)
        self.sync(owner_names, wanted, ("lang", "name"), model)

    def renamed_official(self, owner_names: list, wanted: list[dict]) -> None:
        """A recorded record's official name in a language that the file gives differently
        (an export's "Yazd" edited to "Yazd City"), the old one no longer given: a change of
        the name, refused unless --overwrite (which renames it, logged, a new version), never
        a second official name beside the first. A name in another language, or of another
        kind, is added as before."""
        owner = self.last
        if owner is None or id(owner) in self.created or not inspect(owner).persistent:
            return
        have = {(n.lang, n.name) for n in owner_names}
        given = {(w["lang"], w["name"]) for w in wanted}
        for w in [
            w for w in wanted if w["kind"] == "official" and (w["lang"], w["name"]) not in have
        ]:
            gone = [
                n
                for n in owner_names
                if n.kind == "official"
                and text.same_language(n.lang, w["lang"])
                and (n.lang, n.name) not in given
            ]
            if len(gone) != 1:
                continue
            self.assign(gone[0], {"name": w["name"]})  # refused (a dry run: listed) or renamed
            if gone[0].name != w["name"]:
                wanted.remove(w)  # refused and listed: the recorded name stays alone
                continue
            self.assign(gone[0], {"folded": w["folded"]})
            self.new_version(owner)

    def keep_removed(self, children: list, wanted: list[dict], model: type) -> None:
        """A name or an identifier that a recorded row no longer holds because it was removed
        since it was written (the audit log holds its removal from this row, after the row
        was made), which the document gives again: the removal is newer than the document,
        so it is kept as it was left (dropped from `wanted`), and the report says so; with
        --overwrite it is added again (in the audit log, with a new version of the row)."""
        owner = self.last
        if owner is None or id(owner) in self.created or not inspect(owner).persistent:
            return
        identity, label = _REMOVABLE[model]
        have = {tuple(getattr(c, f) for f in identity) for c in children}
        missing = [w for w in wanted if tuple(w[f] for f in identity) not in have]
        if not missing:
            return
        removed = self.removed_from(owner, model)
        back = [w for w in missing if tuple(w[f] for f in identity) in removed]
        if not back:
            return
        for w in back:
            value = (
                f"{w['lang']}={w['name']}" if "name" in identity else f"{w['scheme']} {w['value']}"
            )
            said = {
                "where": self.where,
                "what": _(label),
                "value": text.safe_for_terminal(text.shortened(value)),
            }
            if self.overwrite:
                self.notes.append(
                    _(
                        "{where}: {what} {value} was removed since; added again (--overwrite)",
                        **said,
                    )
                )
                continue
            self.notes.append(
                _(
                    "{where}: {what} {value} was removed since; kept as the officer left it (add --overwrite to add it again)",
                    **said,
                )
            )
            wanted.remove(w)
        # Added again (--overwrite), it changes the row's collection: a new version, by the ORM.

    def removed_from(self, owner: Any, model: type) -> set[tuple]:
        """The (identity) of the names or identifiers of `model` the audit log shows removed
        from the row `owner` since the row was made (the last insert of its id)."""
        identity, _label = _REMOVABLE[model]
        table_name: str = getattr(model, "__tablename__", "")
        column = f"{owner.__tablename__}_id"
        log = schema.audit_log
        made = self.session.execute(
            select(log.c.id)
            .where(
                log.c.action == "insert",
                log.c.table_name == owner.__tablename__,
                log.c.row_id == owner.id,
            )
            .order_by(log.c.id.desc())
            .limit(1)
        ).scalar()
        if model not in self.removals:  # every removal of the table, read once a load
            removals: dict[Any, list[tuple[int, tuple]]] = {}
            for entry_id, before in self.session.execute(
                select(log.c.id, log.c.before).where(
                    log.c.action == "delete",
                    log.c.table_name == table_name,
                    log.c.imported_from.is_(None),
                )
            ):
                if isinstance(before, dict):
                    removals.setdefault(before.get(column), []).append(
                        (entry_id, tuple(before.get(f) for f in identity))
                    )
            self.removals[model] = removals
        return {
            i for entry_id, i in self.removals[model].get(owner.id, []) if entry_id > (made or 0)
        }

    def new_version(self, row: Any) -> None:
        """A change of `row` (its names, identifiers or kept fields): a new version, so that an
        officer holding the old is refused; one for the whole load, however many changes."""
        if id(row) in self.versioned:
            return
        self.versioned.add(id(row))
        self.held.append(row)  # kept alive: no later row is given its id()
        touch(self.session, row)

    def from_other_tool(self) -> bool:
        """Whether the record being applied was read from another tool's Popolo object (it
        carries the object: `popolo`)."""
        return isinstance(self.record, dict) and bool(self.record.get("popolo"))

    def name_text(self, field: fields.Field, value: Any, lang: str | None = None) -> str:
        """A name of a city, an organization or a person, or a post's title: the same answer
        as the Popolo door gives (fields.Field.as_written). Read from another tool's object,
        it is kept as written; otherwise tidied as an officer's typed name is, and one the
        officers' rule refuses but the Popolo door keeps (a name such as '-') is kept as
        written too."""
        if self.from_other_tool():
            try:
                return field.as_written(value)
            except FieldError as exc:
                raise self.fail(str(exc)) from None
        try:
            return field.clean(value, lang)
        except FieldError as exc:
            try:
                return field.as_written(value)
            except FieldError:
                raise self.fail(str(exc)) from None

    def lang(self, record: dict) -> str:
        return self.clean(fields.LANGUAGE, self.required(record, "lang"))

    def folded(self, name: str, what: str) -> str:
        """The matching key of `name`, which its column holds to as many characters as the
        name: folding spells some letters out ("ß" becomes "ss", a ligature its letters)."""
        folded = text.fold(name)
        if len(folded) > text.NAME_MAX_LENGTH:
            raise self.fail(
                _(
                    "the {what} is {n} characters long once folded for matching (ß as ss, ligatures spelled out); at most {name_max_length} are allowed: shorten it",
                    what=_(what),
                    n=len(folded),
                    name_max_length=text.NAME_MAX_LENGTH,
                )
            )
        return folded

    def key(self, record: dict, field: fields.Field) -> str:
        return self.clean(field, self.required(record, "key"))

    def identifiers(self, record: dict) -> list[dict]:
        return [
            {
                "scheme": self.clean(fields.IDENTIFIER_SCHEME, self.required(i, "scheme")),
                "value": self.clean(fields.IDENTIFIER, str(self.required(i, "value"))),
            }
            for i in record.get("identifiers", [])
        ]

    def refuse_name_sources(self, record: dict, whose: str) -> None:
        """A country's or a series' names cite no sources of their own (only a city's, an
        organization's or a person's do): refused, never dropped without a word."""
        if any("sources" in name for name in record.get("names", [])):
            raise self.fail(
                _(
                    "{whose} names cite no sources of their own: remove `sources` from its names (cite the record's sources instead)",
                    whose=whose,
                )
            )

    def name_in(self, record: dict, lang: str) -> str | None:
        """The name in `lang` of a record with `names` (a series), checked; None if it has none."""
        self.refuse_name_sources(record, "a series'")
        for name in record.get("names", []):
            if text.same_language(name.get("lang"), lang):
                return self.clean(fields.SERIES_NAME, name["name"])
        return None

    # -- records ---------------------------------------------------------------------------

    def load(self, document: dict) -> None:
        self.refuse_repeated_records(document)
        for kind, method in (
            # The documents first: their entries are undone last, after the objects kept
            # of them (which refer to them) have gone with their rows.
            ("popolo_document", self.popolo_document),
            ("source", self.source),
            ("country", self.country),
            ("city", self.city),
            ("person", self.person),
            ("organization", self.organization),
            ("session", self.meeting),
            ("membership", self.membership),
            ("role", self.role),
            ("post", self.post),
            ("popolo", self.unattached),
            ("setting", self.setting),
        ):
            records = document.get(kind, [])
            self.prepare(kind, records)
            for index, record in enumerate(records, start=1):
                self.where = self.place(kind, index, record)
                self.record = record
                # A record is complete only once all its fields are set: no flush before that.
                with self.session.no_autoflush:
                    try:
                        self.last = None
                        row = method(record)
                        self.loaded(kind, record, row)
                        self.carried(kind, record, row)
                    except (TypeError, AttributeError, KeyError) as exc:
                        # A hand-edited file: a list where a string belongs, a missing table.
                        missing = exc.args[0] if isinstance(exc, KeyError) and exc.args else None
                        raise self.fail(_wrong_kind(kind, record, missing)) from None
                self.session.flush()
            self.finish(kind)

    def prepare(self, kind: str, records: list) -> None:
        """Before the records of `kind` are applied: what they refer to, looked up in one
        query for all (the recorded cities and memberships the bulk path needs)."""
        if self.bulk is None:
            return
        keyed = [r for r in records if isinstance(r, dict)]
        conn = self.session.connection()
        if kind in ("city", "person", "post"):  # the sources are all recorded by now
            self.source_keys = set(conn.execute(select(schema.source.c.key)).scalars())
        if kind == "source":
            self.recorded[kind] = recorded.sources(conn, {_key_of(r) for r in keyed})
        elif kind == "person":
            self.recorded[kind] = recorded.people(conn, {_key_of(r) for r in keyed})
        elif kind == "post":
            held: dict[Any, dict[str, int]] = {}
            for model, name in ((Person, "person"), (Organization, "organization"), (City, "city")):
                wanted = {k for r in keyed if isinstance(k := r.get(name), str)}
                held[model] = self.recorded_ids(model, wanted)
                self.ids.setdefault(model, {}).update(held[model])
            self.recorded[kind] = recorded.posts(conn, set(held[Person].values()))
        if kind == "city":
            self.ids[City] = self.recorded_ids(City, {_key_of(r) for r in keyed})
            self.recorded[kind] = recorded.cities(conn, set(self.ids[City]))
            country = Country.__table__.c
            self.ids[Country] = dict(
                (code, id_) for code, id_ in self.session.execute(select(country.code, country.id))
            )
        elif kind == "membership":
            keys = {r.get("city") for r in keyed} | {r.get("member_organization") for r in keyed}
            cities = self.ids.setdefault(City, {})
            cities.update(self.recorded_ids(City, {k for k in keys if isinstance(k, str)}))
            m = Membership.__table__.c
            self.ids[Membership] = {
                (o, c, mo): i
                for i, o, c, mo in self.session.execute(
                    select(m.id, m.organization_id, m.city_id, m.member_organization_id)
                )
            }

    def finish(self, kind: str) -> None:
        """After the records of `kind` are applied: the new rows gathered on the bulk path
        written in a few statements (services.bulk.insert_audited: the citations and one
        audit entry a row, as the CSV import writes them)."""
        if self.bulk is None or not self.bulk.get(kind):
            return
        gathered, self.bulk[kind] = self.bulk[kind], []
        if kind == "city":
            ids = bulk.insert_audited(
                self.session, City, [g[1] for g in gathered], [g[2] for g in gathered]
            )
            names, cited, identifiers = [], [], []
            for (row, values, _cites, city_names, city_ids), i in zip(gathered, ids, strict=True):
                row.id = i
                self.ids[City][values["key"]] = i
                for name, name_sources in city_names:
                    names.append({"city_id": i, **name})
                    cited.append(name_sources)
                identifiers += [{"city_id": i, **identifier} for identifier in city_ids]
            bulk.insert_audited(self.session, CityName, names, cited)
            if identifiers:
                bulk.insert_audited(self.session, CityIdentifier, identifiers)
        elif kind == "membership":
            ids = bulk.insert_audited(self.session, Membership, [g[0] for g in gathered])
            phases, cited = [], []
            for (_membership, membership_phases), i in zip(gathered, ids, strict=True):
                for values, phase_sources in membership_phases:
                    phases.append({"membership_id": i, **values})
                    cited.append(phase_sources)
            bulk.insert_audited(self.session, MembershipPhase, phases, cited)

    def recorded_ids(self, model: Any, keys: set) -> dict[str, int]:
        """The ids of the recorded rows of `model` with these keys, in one query."""
        keys.discard(None)
        if not keys:
            return {}
        table = model.__table__
        conn = self.session.connection()
        found: dict[str, int] = {}
        wanted = sorted(keys)
        for start in range(0, len(wanted), 5000):
            found.update(
                conn.execute(
                    select(table.c.key, table.c.id).where(
                        bulk.among(conn, table.c.key, set(wanted[start : start + 5000]))
                    )
                ).all()
            )
        return found

    def popolo_document(self, r: dict) -> None:
        """Another tool's Popolo document, by its namespace (docs/popolo.md): made, or the
        same one found; a different value is refused unless --overwrite."""
        from citylinks.formats.popolo import (
            PopoloError,
            as_written,
            check_digest,
            check_file_name,
            check_import_moments,
            check_namespace,
            check_top_level,
            refuse_deep_json,
        )

        namespace = self.required(r, "namespace")
        if not isinstance(namespace, str):
            raise self.fail(_("the namespace {name!r} is not one", name=namespace))
        namespace = as_written(namespace)
        try:
            check_namespace(namespace)
        except PopoloError as exc:
            raise self.fail(str(exc)) from None
        top_level = r.get("top_level")
        try:
            top_level = None if top_level is None else json.loads(top_level)
        except (TypeError, ValueError):
            top_level = []
        try:
            check_top_level(top_level)
            refuse_deep_json(top_level, "top_level")
        except PopoloError as exc:
            raise self.fail(str(exc)) from None
        values: dict[str, Any] = {
            "file_name": self.required(r, "file"),
            "digest": r.get("digest") or "",
            "top_level": top_level,
            "first_imported_at": _moment(r.get("first_imported")),
            "last_imported_at": _moment(r.get("last_imported")),
        }
        try:  # the rules of the Popolo document's columns, at every door (formats.popolo)
            check_file_name(values["file_name"])
            check_digest(values["digest"])
        except CitylinksError as exc:
            raise self.fail(str(exc)) from None
        for field in ("first_imported_at", "last_imported_at"):
            if values[field] is None:
                raise self.fail(_("{field} is not an ISO 8601 moment", field=field[:-3]))
        try:
            check_import_moments(values["first_imported_at"], values["last_imported_at"])
        except PopoloError as exc:
            raise self.fail(str(exc)) from None
        table = schema.popolo_document
        try:
            row = popolo_document_row(self.session, namespace)
        except DatasetError as exc:
            raise self.fail(str(exc)) from None
        if row is None:
            made = self.session.execute(insert(table).values(namespace=namespace, **values))
            # An entry of the import's change: its undo removes the document (log_added).
            new_id = made.inserted_primary_key[0]  # type: ignore[attr-defined]
            log_added(
                self.session, "popolo_document", [(new_id, {"namespace": namespace, **values})]
            )
            return
        changed = {
            k: v
            for k, v in values.items()
            if getattr(row, k) != v and not _same_instant(getattr(row, k), v)
        }
        if changed and not self.overwrite:
            field = next(iter(changed))
            refusal = self.fail(
                _(
                    "{field} of the Popolo document {namespace!r} differs from the database's:"
                    " correct the file, or add --overwrite to replace it",
                    field=field,
                    namespace=namespace,
                )  # fmt: skip
            )
            if self.conflicts is None:
                raise refusal
            self.conflicts.append(str(refusal))  # the recorded document kept
            return
        if changed:
            self.session.execute(table.update().where(table.c.id == row.id).values(**changed))
            before = {k: getattr(row, k) for k in changed}
            log_changed(
                self.session, "popolo_document", row.id, {"namespace": namespace}, before, changed
            )

    def loaded(self, kind: str, record: dict, row: Any) -> None:
        """After each record is applied, before it is flushed (the Popolo loader keeps
        another tool's objects beside their rows here)."""

    def refuse_repeated_records(self, document: dict) -> None:
        """Two records of one kind with the same identity (a key, a country code, a
        membership's organization and member, a session's series and number) would be merged
        into one: refused, naming both places, before anything is written."""
        identities: dict[str, Callable[[dict], Any]] = {
            "source": lambda r: r.get("key"),
            "country": lambda r: str(r.get("code", "")).upper() or None,
            "city": lambda r: r.get("key"),
            "person": lambda r: r.get("key"),
            "organization": lambda r: r.get("key"),
            "session": lambda r: (r.get("organization"), r.get("series"), r.get("number")),
            "membership": lambda r: (
                r.get("organization"),
                r.get("city"),
                r.get("member_organization"),
            ),
        }
        for kind, identity in identities.items():
            seen: dict[Any, tuple[int, dict]] = {}
            for index, record in enumerate(document.get(kind, []), start=1):
                if not isinstance(record, dict):
                    continue  # reported, with its place, when the record is loaded
                try:
                    found = identity(record)
                    first = seen.setdefault(found, (index, record))
                except TypeError:  # an unhashable value where a key belongs: reported later
                    continue
                if found is None or first[0] == index:
                    continue
                self.where = self.place(kind, first[0], first[1])
                said = {
                    "place": self.place(kind, index, record),
                    "kind": _(kind),  # a kind's English word is its catalogue entry
                }
                if isinstance(self, _PopoloLoader):  # a Popolo file names its objects by id
                    raise self.fail(
                        _(
                            "{place} is the same {kind} again: merge the two into one object, or give one of them its own id",
                            **said,
                        )
                    )
                raise self.fail(
                    _(
                        "{place} is the same {kind} again: merge the two into one record, or give one of them its own key",
                        **said,
                    )
                )

    def refuse_a_cycle(self, org: Organization) -> None:
        """An organization may not be its own ancestor (a -> b -> a): every export after it
        could not be loaded again."""
        problem = cycle(org)
        if problem is not None:
            raise self.fail(problem)

    def place(self, kind: str, index: int, record: dict) -> str:
        """Where `record` is, in the words of the file it was read from."""
        return (self.label and self.label(kind, index, record)) or (
            f"[[{kind}]] #{index}"
            + (f" ({text.shortened(str(record['key']))})" if "key" in record else "")
        )

    def source(self, r: dict) -> None:
        if self.matched_unchanged("source", r):
            return
        source = self.get_or_add(Source, key=self.key(r, fields.SOURCE_KEY))
        self.assign(source, self.source_values(r))

    def source_values(self, r: dict) -> dict[str, Any]:
        """A source record's values, each met by its field rule, in this order."""
        return {
            "kind": self.choice(r, "kind", fields.SOURCE_KIND),
            "title": self.clean(fields.SOURCE_TITLE, self.required(r, "title")),
            "publisher": self.optional(fields.SOURCE_PUBLISHER, r.get("publisher")),
            "url": self.optional(fields.SOURCE_URL, r.get("url")),
            "published": self.date(r, "published"),
            "language": self.optional(fields.SOURCE_LANGUAGE, r.get("language")),
            "retrieved": self.date(r, "retrieved"),
            "excerpt": self.optional(fields.SOURCE_EXCERPT, r.get("excerpt")),
            "note": self.optional(fields.NOTE, r.get("note")),
        }

    def country(self, r: dict) -> None:
        try:  # the rule of every door, `country add`'s (vocab.country_code)
            code = vocab.country_code(str(self.required(r, "code")))
        except CitylinksError as exc:
            raise self.fail(str(exc)) from None
        country = self.get_or_add(Country, code=code)
        self.refuse_name_sources(r, "a country's")
        names = {n["lang"]: self.clean(fields.COUNTRY_NAME, n["name"]) for n in r.get("names", [])}
        if "en" not in names:
            raise self.fail(_("a country needs an English name"))
        self.assign(country, {"name_en": names["en"], "name_fa": names.get("fa")})

    def city(self, r: dict) -> None:
        if self.bulk is not None and (self.new_city(r) or self.matched_unchanged("city", r)):
            return
        code = str(self.required(r, "country")).upper()
        country = self.session.scalars(select(Country).where(Country.code == code)).one_or_none()
        if country is None:
            raise self.fail(_("no country with code '{code}'", code=text.shortened(code)))
        city = self.get_or_add(City, key=self.key(r, fields.CITY_KEY))
        self.assign(
            city,
            {
                "country": country,
                "region": self.optional(fields.REGION, r.get("region")),
                "latitude": self.coordinate(r, "latitude"),
                "longitude": self.coordinate(r, "longitude"),
                "sources": self.sources(r),
            },
        )
        self.names(city.names, self.required(r, "names"), CityName, fields.CITY_NAME)
        self.sync(city.identifiers, self.identifiers(r), ("scheme", "value"), CityIdentifier)
        self.sync(
            city.designations,
            [
                {
                    "name": self.clean(fields.DESIGNATION, self.required(d, "name")),
                    "reference": self.optional(fields.DESIGNATION_REFERENCE, d.get("reference")),
                    "date": self.date(d, "date"),
                    "sources": self.sources(d),
                }
                for d in r.get("designation", [])
            ],
            ("name",),
            Designation,
        )

    def new_city(self, r: dict) -> bool:
        """A city this database does not hold, with names, sources, a region, a place and
        identifiers, and nothing else: checked by city()'s rules, in its order, and gathered
        for the bulk path (True). Any other city is applied through the ORM (False)."""
        key = self.key(r, fields.CITY_KEY)
        if key in self.ids.get(City, {}) or r.get("designation"):
            return False
        code = str(self.required(r, "country")).upper()
        country = self.ids.get(Country, {}).get(code)
        if country is None:
            raise self.fail(_("no country with code '{code}'", code=text.shortened(code)))
        values = {
            "key": key,
            "country_id": country,
            "region": self.optional(fields.REGION, r.get("region")),
            "latitude": self.coordinate(r, "latitude"),
            "longitude": self.coordinate(r, "longitude"),
        }
        cites = [(s.id, s.key) for s in self.sources(r)]
        names = []
        seen: set[tuple[str, str]] = set()
        for position, record in enumerate(self.required(r, "names")):
            lang = self.lang(record)
            name = self.name_text(fields.CITY_NAME, self.required(record, "name"), lang)
            kind = self.choice(record, "kind", fields.NAME_KIND, "official")
            name_sources = [(s.id, s.key) for s in self.sources(record)]
            # The ORM path keeps one name (sync by language, in any case, and text).
            if (lang.lower(), name) in seen:
                return False
            seen.add((lang.lower(), name))
            names.append(
                (
                    {
                        "lang": lang,
                        "name": name,
                        "kind": kind,
                        "folded": self.folded(name, fields.CITY_NAME.what),
                        "position": position,
                    },
                    name_sources,
                )
            )
        row = _NewRow()
        self.last = row  # the record's row, for the rules of its identifiers
        identifiers = self.identifiers(r)
        pairs = [(i["scheme"], i["value"]) for i in identifiers]
        if len(set(pairs)) != len(pairs) or self.bulk_identifiers.intersection(pairs):
            return False  # given twice: the ORM path says so as it did
        self.bulk_identifiers.update(pairs)
        self.bulk["city"].append((row, values, cites, names, identifiers))  # type: ignore[index]
        self.ids.setdefault(City, {})[key] = -1  # taken: a later record of the key is refused
        return True

    # -- recorded records that change nothing, matched on the bulk path -------------------

    def matched_unchanged(self, kind: str, r: dict) -> bool:
        """Whether `r` is a recorded source, city, person or post that it changes in nothing
        (services.recorded's look-up, compared by the field rules the ORM path applies):
        then it is matched, as the ORM path would leave it, and `self.last` is its row (id
        and version, for the Popolo objects it carries). Any other record, one that differs
        or holds a bad value, is left to the ORM path, which refuses it or --overwrites it,
        and says so, as before."""
        if self.bulk is None or kind not in self.recorded or not isinstance(r, dict):
            return False
        try:
            row = getattr(self, f"unchanged_{kind}")(r)
        except (DatasetError, TypeError, AttributeError, KeyError, ValueError):
            return False
        if row is None:
            return False
        self.last = _NewRow()
        self.last.id, self.last.version = row.id, row.version
        return True

    def unchanged_source(self, r: dict) -> recorded.Row | None:
        row = self.recorded["source"].get(self.key(r, fields.SOURCE_KEY))
        if row is None or row.values != self.source_values(r):
            return None
        return row

    def unchanged_city(self, r: dict) -> recorded.Row | None:
        row = self.recorded["city"].get(self.key(r, fields.CITY_KEY))
        if row is None or r.get("designation"):
            return None
        values = {
            "country_id": self.ids[Country].get(str(self.required(r, "country")).upper()),
            "region": self.optional(fields.REGION, r.get("region")),
            "latitude": self.coordinate(r, "latitude"),
            "longitude": self.coordinate(r, "longitude"),
        }
        if values != row.values or not self.same_sources(row, r):
            return None
        if not self.same_names(row, self.required(r, "names"), fields.CITY_NAME):
            return None
        if not {(i["scheme"], i["value"]) for i in self.identifiers(r)} <= row.identifiers:
            return None
        return row

    def unchanged_person(self, r: dict) -> recorded.Row | None:
        row = self.recorded["person"].get(self.key(r, fields.PERSON_KEY))
        if row is None or not self.same_sources(row, r):
            return None
        if not self.same_names(row, self.required(r, "names"), fields.PERSON_NAME):
            return None
        return row

    def unchanged_post(self, r: dict) -> recorded.Row | None:
        """The recorded post that post() would apply `r` to, if `r` changes nothing of it:
        the one post of the same person and organization or city, of the same title
        (vocab.same_title), with the same start, that no record of this load took."""
        holders = []
        for model, name in ((Person, "person"), (Organization, "organization"), (City, "city")):
            key = r.get(name)
            holders.append(None if key is None else self.ids[model][key])
        title = self.name_text(fields.POST_TITLE, self.required(r, "title"))
        values = {
            "title": title,
            "note": self.optional(fields.NOTE, r.get("note")),
            "start": self.date(r, "start"),
            "end": self.date(r, "end", present=True),
        }
        if holders[0] is None or (holders[1] is None) == (holders[2] is None):
            return None
        candidates = [
            row
            for row in self.recorded["post"].get(tuple(holders), [])
            if row.values["start"] == values["start"]
            and row.id not in self.matched_posts
            and vocab.same_title(row.values["title"], title)
        ]
        # Two that might be it: which one the ORM path takes is for its query to say.
        if len(candidates) != 1:
            return None
        row = candidates[0]
        if row.values != values or not self.same_sources(row, r):
            return None
        self.matched_posts.add(row.id)
        return row

    def same_sources(self, row: recorded.Row, r: dict) -> bool:
        """Whether `r` cites the sources `row` cites, as assign compares them."""
        return self.cited_keys(r) == row.sources

    def cited_keys(self, r: dict) -> list[str] | None:
        """The keys of the sources `r` cites, as sources() would find them (sources_by_keys:
        a key as given or in capitals), without loading them; None if one is not recorded
        or two might be meant (sources() then says so, or finds them)."""
        keys = r.get("sources", [])
        if isinstance(keys, str):
            return None
        found = []
        for key in (str(k).strip() for k in keys):
            candidates = {k for k in (key, key.upper()) if k in self.source_keys}
            if len(candidates) != 1:
                return None
            found.append(candidates.pop())
        if len({k.lower() for k in found}) != len(set(found)):
            return None
        return list(dict.fromkeys(found))

    def same_names(self, row: recorded.Row, records: list[dict], field: fields.Field) -> bool:
        """Whether names() would find every name of `records` recorded as it is."""
        for position, record in enumerate(records):
            lang = self.lang(record)
            name = self.name_text(field, self.required(record, "name"), lang)
            have = row.names.get((lang, name))
            if have != {
                "kind": self.choice(record, "kind", fields.NAME_KIND, "official"),
                "folded": self.folded(name, field.what),
                "position": position,
                "sources": self.cited_keys(record),
            }:
                return False
        return True

    def person(self, r: dict) -> None:
        if self.matched_unchanged("person", r):
            return
        person = self.get_or_add(Person, key=self.key(r, fields.PERSON_KEY))
        self.assign(person, {"sources": self.sources(r)})
        self.names(person.names, self.required(r, "names"), PersonName, fields.PERSON_NAME)

    def organization(self, r: dict) -> None:
        org = self.get_or_add(Organization, key=self.key(r, fields.ORGANIZATION_KEY))
        self.assign(
            org,
            {
                "acronym": self.optional(fields.ACRONYM, r.get("acronym")),
                "kind": self.choice(r, "kind", fields.ORGANIZATION_KIND, "network"),
                "parent": self.by_key(Organization, r.get("parent"), "organization"),
                "classification": self.optional(fields.CLASSIFICATION, r.get("classification")),
                "region": self.optional(fields.REGION, r.get("region")),
                "aims": [self.clean(fields.AIM, a) for a in r["aims"]] if "aims" in r else None,
                "founded": self.date(r, "founded"),
                "initiator": self.optional(fields.INITIATOR, r.get("initiator")),
                "seat": self.by_key(City, r.get("seat"), "city"),
                "website": self.optional(fields.WEBSITE, r.get("website")),
                "note": self.optional(fields.NOTE, r.get("note")),
                "sources": self.sources(r),
            },
        )
        self.refuse_a_cycle(org)
        self.names(org.names, self.required(r, "names"), OrganizationName, fields.ORGANIZATION_NAME)
        self.sync(org.identifiers, self.identifiers(r), ("scheme", "value"), OrganizationIdentifier)
        self.sync(
            org.mottos,
            [
                {
                    "text": self.clean(fields.MOTTO, self.required(m, "text"), self.lang(m)),
                    "lang": self.lang(m),
                    "note": self.optional(fields.NOTE, m.get("note")),
                    "sources": self.sources(m),
                }
                for m in r.get("motto", [])
            ],
            ("text", "lang"),
            Motto,
        )
        self.sync(
            org.series,
            [
                {
                    "key": self.key(s, fields.SERIES_KEY),
                    "name_en": self.name_in(s, "en") or self.key(s, fields.SERIES_KEY),
                    "name_fa": self.name_in(s, "fa"),
                }
                for s in r.get("series", [])
            ],
            ("key",),
            MeetingSeries,
        )
        self.sync(
            org.member_counts,
            [
                {
                    "number": self.number(c, "number"),
                    "qualifier": self.choice(c, "qualifier", fields.COUNT_QUALIFIER, "exactly"),
                    "counted": self.optional(fields.COUNTED, c.get("counted")),
                    "as_of": self.date(c, "as_of"),
                    "sources": self.sources(c),
                }
                for c in r.get("member_count", [])
            ],
            ("number", "qualifier", "counted"),
            MemberCountClaim,
        )

    def meeting(self, r: dict) -> None:
        org = self.by_key(Organization, self.required(r, "organization"), "organization")
        series_key = self.required(r, "series")
        series = next((s for s in org.series if s.key == series_key), None)
        if series is None:
            raise self.fail(
                _(
                    "organization '{org_key}' has no series '{series_key}'",
                    org_key=org.key,
                    series_key=series_key,
                )
            )
        meeting = self.get_or_add(
            MeetingSession, series=series, number=self.number(r, "number", lowest=1)
        )
        self.period(self.date(r, "start"), self.date(r, "end"))
        self.assign(
            meeting,
            {
                "host": self.by_key(City, r.get("host"), "city"),
                "start": self.date(r, "start"),
                "end": self.date(r, "end"),
                "status": self.choice(r, "status", fields.SESSION_STATUS, "held"),
                "venue": self.optional(fields.VENUE, r.get("venue")),
                "theme": self.optional(fields.THEME, r.get("theme")),
                "note": self.optional(fields.NOTE, r.get("note")),
                "sources": self.sources(r),
            },
        )
        # A date's own sources (`citylinks cite session-start:...`), only ever added.
        for part in schema.SESSION_DATE_PARTS:
            dated = self.sources(r, f"{part}_sources")
            if dated:
                facts.add_date_sources(self.session, meeting, part, dated)
        self.sync(
            meeting.numberings,
            [
                {
                    "number": self.number(n, "number", lowest=1),
                    "label": self.optional(fields.NUMBERING_LABEL, n.get("label")),
                    "sources": self.sources(n),
                }
                for n in r.get("numbering", [])
            ],
            ("number", "label"),
            SessionNumbering,
        )
        self.sync(
            meeting.counts,
            [
                {
                    "number": self.number(c, "number"),
                    "qualifier": self.choice(c, "qualifier", fields.COUNT_QUALIFIER, "exactly"),
                    "counted": self.optional(fields.COUNTED, c.get("counted")),
                    "sources": self.sources(c),
                }
                for c in r.get("count", [])
            ],
            ("number", "qualifier", "counted"),
            AttendanceClaim,
        )
        self.sync(
            meeting.attendees,
            [self.attendee(a) for a in r.get("attendee", [])],
            ("city", "organization", "person", "role"),
            Attendance,
        )

    def attendee(self, a: dict) -> dict:
        values = {
            "city": self.by_key(City, a.get("city"), "city"),
            "organization": self.by_key(Organization, a.get("organization"), "organization"),
            "person": self.by_key(Person, a.get("person"), "person"),
            "on_behalf_of_city": self.by_key(City, a.get("on_behalf_of_city"), "city"),
            "on_behalf_of_organization": self.by_key(
                Organization, a.get("on_behalf_of_organization"), "organization"
            ),
            "role": self.choice(a, "role", fields.ATTENDANCE_ROLE, "delegation"),
            "note": self.optional(fields.NOTE, a.get("note")),
            "sources": self.sources(a),
        }
        if sum(values[k] is not None for k in ("city", "organization", "person")) != 1:
            raise self.fail(_("an attendee names exactly one of city, organization, person"))
        return values

    def membership(self, r: dict) -> None:
        org = self.by_key(Organization, self.required(r, "organization"), "organization")
        city_id = self.bulk_city_id(r.get("city"))
        if city_id is not None:
            city, member_org = (
                None,
                self.by_key(Organization, r.get("member_organization"), "organization"),
            )
        else:
            city = self.by_key(City, r.get("city"), "city")
            member_org = self.by_key(Organization, r.get("member_organization"), "organization")
            if city is not None:
                city_id = city.id
        if (city_id is None) == (member_org is None):
            raise self.fail(_("a membership names exactly one of city, member_organization"))
        member_org_id = member_org.id if member_org is not None else None
        new = (
            self.bulk is not None
            and (org.id, city_id, member_org_id) not in self.ids.get(Membership, {})
            and not any(isinstance(p, dict) and p.get("popolo") for p in r.get("phase", []))
        )
        if new:
            membership = None
        else:
            if city is None and city_id is not None:
                city = self.session.get_one(City, city_id)
            membership = self.get_or_add(
                Membership, organization=org, city=city, member_organization=member_org
            )
        phases: list[dict[str, Any]] = []
        for position, p in enumerate(r.get("phase", []), start=1):
            phases.append(
                {
                    "position": position,
                    "status": self.choice(p, "status", fields.STATUS),
                    "start": self.date(p, "start"),
                    "end": self.date(p, "end"),
                    "reason": self.optional(fields.REASON, p.get("reason")),
                    "note": self.optional(fields.NOTE, p.get("note")),
                    "session": self.session_ref(p.get("session")),
                    "sources": self.sources(p),
                    **self.retraction(p),
                }
            )
        try:
            # A retracted phase stays in the record, out of the rules (as `member retract`).
            phase_rules.check_history(
                [
                    phase_rules.NewPhase(p["status"], p["start"], p["end"])
                    for p in phases
                    if p["retracted_at"] is None
                ]
            )
        except phase_rules.PhaseError as exc:
            raise self.fail(str(exc)) from None
        if membership is None:  # new: gathered for the bulk path
            self.ids[Membership][(org.id, city_id, member_org_id)] = -1
            self.bulk["membership"].append(  # type: ignore[index]
                (
                    {
                        "organization_id": org.id,
                        "city_id": city_id,
                        "member_organization_id": member_org_id,
                    },
                    [
                        (
                            {
                                "position": p["position"],
                                "status": p["status"],
                                **bulk.date_columns("start", p["start"]),
                                **bulk.date_columns("end", p["end"]),
                                "reason": p["reason"],
                                "note": p["note"],
                                "session_id": p["session"].id if p["session"] else None,
                                "retracted_at": p["retracted_at"],
                                "retraction_reason": p["retraction_reason"],
                            },
                            [(s.id, s.key) for s in p["sources"]],
                        )
                        for p in phases
                    ],
                )
            )
            return
        if id(membership) in self.created or not membership.phases:
            self.sync(membership.phases, phases, ("position",), MembershipPhase)
        else:
            self.merge_phases(membership, phases)

    def merge_phases(self, membership: Membership, phases: list[dict[str, Any]]) -> None:
        """A recorded history meets the file's phases by what they say (status and start),
        never by position: a phase recorded already keeps what it holds (assign), a new one
        takes its place under `member record`'s rules, and a recorded phase the file does
        not give is kept."""
        from citylinks.services.memberships import add_phase

        for values in phases:
            recorded = {(p.status, p.start): p for p in membership.phases}
            found = recorded.get((values["status"], values["start"]))
            if found is not None:
                self.assign(found, {k: v for k, v in values.items() if k != "position"})
                continue
            phase = MembershipPhase(**{k: v for k, v in values.items() if k != "position"})
            if phase.retracted_at is not None:
                # Out of the rules: kept after the recorded phases.
                phase.position = max((p.position for p in membership.phases), default=0) + 1
                phase.membership_id = membership.id
                self.session.add(phase)
                self.session.flush()
                self.session.expire(membership, ["phases"])
                continue
            try:
                add_phase(self.session, membership, phase)
            except phase_rules.PhaseError as exc:
                raise self.fail(
                    _("phase {position}: {exc}", position=values["position"], exc=exc)
                ) from None
            self.session.expire(membership, ["phases"])
        # What --overwrite changed must leave a history member record would keep.
        self.session.flush()
        self.session.expire(membership, ["phases"])
        try:
            stored: list[MembershipPhase] = sorted(membership.phases, key=lambda p: p.position)
            phase_rules.check_history([p for p in stored if p.retracted_at is None])
        except phase_rules.PhaseError as exc:
            raise self.fail(_("the history it would leave: {exc}", exc=exc)) from None

    def retraction(self, p: dict) -> dict[str, Any]:
        """A retracted phase's when (`retracted`, a date and time) and why."""
        reason = self.optional(fields.RETRACTION_REASON, p.get("retraction_reason"))
        at = p.get("retracted")
        if at is None:
            if reason is not None:
                raise self.fail(_("a phase with a retraction_reason needs retracted (when)"))
            return {"retracted_at": None, "retraction_reason": None}
        try:
            when = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        except ValueError:
            raise self.fail(
                _(
                    "retracted = {at!r} is not a date and time: write e.g. '2026-01-31T12:00:00+00:00'",
                    at=at,
                )
            ) from None
        return {"retracted_at": _as_utc(when), "retraction_reason": reason}

    def bulk_city_id(self, key: Any) -> int | None:
        """The id of the city `key` names, from the bulk path's look-up (None: not there, or
        no bulk path; by_key then finds it or says it is missing)."""
        if self.bulk is None or not isinstance(key, str):
            return None
        found = self.ids.get(City, {}).get(key)
        return found if found is not None and found > 0 else None

    def unclaimed(self, existing: Iterable, start: PartialDate) -> Any:
        """The recorded role or post with this start that no record of this load was applied
        to already: two records that say the same (two terms of one person, start unknown)
        are two rows, never one."""
        return next(
            (
                x
                for x in existing
                if x.start == start
                and x not in self.taken
                and not (isinstance(x, Post) and x.id in self.matched_posts)
            ),
            None,
        )

    def role(self, r: dict) -> Role:
        values = {
            "city": self.by_key(City, self.required(r, "city"), "city"),
            "organization": self.by_key(
                Organization, self.required(r, "organization"), "organization"
            ),
            "title": self.clean(fields.ROLE_TITLE, self.required(r, "title")),
            "start": self.date(r, "start"),
            "end": self.date(r, "end", present=True),
            "session": self.session_ref(r.get("session")),
            "note": self.optional(fields.NOTE, r.get("note")),
            "sources": self.sources(r),
        }
        self.period(values["start"], values["end"])
        existing = [
            held
            for held in self.session.scalars(
                select(Role).filter_by(city=values["city"], organization=values["organization"])
            )
            if vocab.same_title(held.title, values["title"])  # «نایب‌رئیس» is vice-president
        ]
        role = self.unclaimed(existing, values["start"])
        if role is None:
            role = Role()
            self.session.add(role)
        self.taken.add(role)
        self.assign(role, values)
        self.role_review(role, r.get("review"))
        return role

    def role_review(self, role: Role, value: Any) -> None:
        """A role's `review` (a finding of `citylinks check` an officer reviewed), given to
        the role's review as any record gets its values."""
        from citylinks.model import CheckReview
        from citylinks.services import reviews

        reviewed = reviews.role_review_values(self.session, value, self.fail)
        if reviewed is None:
            return
        found = next((x for x in role.reviews if x.kind == reviewed["kind"]), None)
        if found is None and not inspect(role).has_identity:
            found = CheckReview()
            role.reviews.append(found)
        elif found is None:  # beside a recorded role: no change of the role's own
            found = CheckReview(role_id=role.id)
            self.session.add(found)
        self.assign(found, reviewed)

    def post(self, r: dict) -> Any:
        if self.matched_unchanged("post", r):
            return self.last
        values = {
            "person": self.by_key(Person, self.required(r, "person"), "person"),
            "title": self.name_text(fields.POST_TITLE, self.required(r, "title")),
            "organization": self.by_key(Organization, r.get("organization"), "organization"),
            "city": self.by_key(City, r.get("city"), "city"),
            "start": self.date(r, "start"),
            "end": self.date(r, "end", present=True),
            "note": self.optional(fields.NOTE, r.get("note")),
            "sources": self.sources(r),
        }
        if (values["organization"] is None) == (values["city"] is None):
            raise self.fail(_("a post names exactly one of organization, city"))
        self.period(values["start"], values["end"])
        existing = [
            held
            for held in self.session.scalars(
                select(Post).filter_by(
                    person=values["person"],
                    organization=values["organization"],
                    city=values["city"],
                )
            )
            if vocab.same_title(held.title, values["title"])
        ]
        post = self.unclaimed(existing, values["start"])
        if post is None:
            post = Post()
            self.session.add(post)
        self.taken.add(post)
        if post.id is not None:
            self.matched_posts.add(post.id)
        self.assign(post, values)
        return post

    # -- other tools' Popolo objects and the office's settings -----------------------------

    def carried(self, kind: str, record: dict, row: Any) -> None:
        """Take the Popolo objects `record` carries (a dataset's `popolo`), to keep beside
        the row it was applied to once all records are (store_kept)."""
        table = _POPOLO_TABLES.get(kind)
        if table is None or not isinstance(record, dict):
            return
        if kind == "membership":
            taken = [
                (
                    position,
                    p.get("status"),
                    str(self.date(p, "start")),
                    [
                        self.kept_object(
                            entry, f"phase {position}, popolo {number}", "membership_phase"
                        )
                        for number, entry in enumerate(p["popolo"], start=1)
                    ],
                )
                for position, p in enumerate(record.get("phase", []), start=1)
                if isinstance(p, dict) and p.get("popolo")
            ]
            if taken:
                membership = self.last
                self.kept_phases.append((membership, taken, id(membership) in self.created))
            return
        row = row if row is not None else self.last
        for number, entry in enumerate(record.get("popolo", []), start=1):
            self.kept.append((self.kept_object(entry, f"popolo {number}", table), row, table))

    def unattached(self, r: dict) -> None:
        """A [[popolo]] record: another tool's object that no row of citylinks holds."""
        self.kept.append((self.kept_object(r, None, None), None, None))

    def kept_object(self, entry: Any, where: str | None, table: str | None) -> dict:
        """A kept Popolo object as the dataset carries it, checked, as a row of popolo_extra
        (its row named once the rows are written), to keep beside a row of `table` (None:
        none): formats.popolo.check_kept, the rule of the import's own objects."""

        from citylinks.formats.popolo import as_written, check_kept, refuse_deep_json

        def wrong(message: str) -> DatasetError:
            return self.fail(f"{where}: {message}" if where else message)

        if not isinstance(entry, dict):
            raise wrong(_("a kept Popolo object is a table: see data/README.md"))
        n = entry.get("n")
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise wrong(
                _(
                    "'n' (the object's place among the kept objects) is missing or not a whole number from 1"
                )
            )
        section = entry.get("section")
        popolo_id = entry.get("id")
        for flag in ("stub", "changed"):
            if not isinstance(entry.get(flag, False), bool):
                raise wrong(_("'{flag}' is not true or false", flag=flag))
        document = entry.get("document")
        if document is not None and not isinstance(document, str):
            raise wrong(_("'document' is not the namespace of a [[popolo_document]] record"))
        document = None if document is None else as_written(document)
        try:
            data = json.loads(entry["data"]) if isinstance(entry.get("data"), str) else None
        except ValueError:
            data = None
        try:
            check_kept(section, table, popolo_id, bool(entry.get("stub", False)), data)
            refuse_deep_json(data, "'data'")
        except CitylinksError as exc:
            raise wrong(str(exc)) from None
        return {
            "n": n,
            "section": section,
            "popolo_id": popolo_id,
            "stub": bool(entry.get("stub", False)),
            "changed": bool(entry.get("changed", False)),
            "document": document,
            "data": data,
        }

    def setting(self, r: dict) -> None:
        """A [[setting]] record: one of the office's settings (`citylinks setting set`)."""
        from citylinks.model import Setting
        from citylinks.services import settings

        try:
            rule = settings.rule(str(self.required(r, "key")))
            value = settings.value_of(rule, str(self.required(r, "value")))
        except CitylinksError as exc:
            raise self.fail(str(exc)) from None
        self.assign(self.get_or_add(Setting, key=rule.key), {"value": value})

    def store_kept(self) -> None:
        """Keep the Popolo objects the records carried beside their rows (table popolo_extra),
        in the order they were kept (`n`), each with its row's version unless the row was
        edited since it was read (`changed`): what the Popolo export writes back. An object
        kept already beside the same row (the same file loaded again) is not kept twice."""
        self.session.flush()
        for membership, taken, created in self.kept_phases:
            self.session.expire(membership, ["phases"])
            stored = sorted(membership.phases, key=lambda p: p.position)
            for position, status, start, entries in taken:
                if created:
                    row = stored[position - 1]
                else:  # a recorded history meets the file's phases by status and start
                    row = next(x for x in stored if x.status == status and str(x.start) == start)
                self.kept.extend((entry, row, "membership_phase") for entry in entries)
        if not self.kept:
            return
        self.session.flush()
        extra, documents = schema.popolo_extra, schema.popolo_document
        namespaces = {
            row.namespace: row.id
            for row in self.session.execute(select(documents.c.namespace, documents.c.id))
        }
        for entry, _row, _table in self.kept:
            if entry["document"] is not None and entry["document"] not in namespaces:
                raise self.fail(
                    _(
                        "a kept Popolo object names the document {namespace!r}, which no"
                        " [[popolo_document]] record gives: add it, or export the file again",
                        namespace=entry["document"],
                    )
                )
        have: set[tuple] = set()
        for table in {t for *_row, t in self.kept}:
            stmt = select(
                extra.c.table_name,
                extra.c.row_id,
                extra.c.section,
                extra.c.popolo_id,
                extra.c.stub,
                extra.c.data,
            ).where(extra.c.table_name.is_(None) if table is None else extra.c.table_name == table)
            for found in self.session.execute(stmt):
                have.add((*found[:5], json.dumps(found.data, sort_keys=True)))
        # Beside a row this import added, an object goes with the row (an undo of its
        # insert); with no row, or beside a row recorded before, it is an entry of its own.
        from citylinks import audit

        log = schema.audit_log.c
        added = {
            (table_name, row_id)
            for table_name, row_id in self.session.execute(
                select(log.table_name, log.row_id).where(
                    log.change_id == audit.change_id(self.session), log.action == "insert"
                )
            )
        }
        rows, logged = [], []
        for entry, row, table in sorted(self.kept, key=lambda k: k[0]["n"]):
            row_id = None if row is None else row.id
            same = (
                table,
                row_id,
                entry["section"],
                entry["popolo_id"],
                entry["stub"],
                json.dumps(entry["data"], sort_keys=True),
            )
            if same in have:
                continue
            have.add(same)
            rows.append(
                {
                    "section": entry["section"],
                    "table_name": table,
                    "row_id": row_id,
                    "row_version": None if row is None or entry["changed"] else row.version,
                    "popolo_id": entry["popolo_id"],
                    "stub": entry["stub"],
                    "data": entry["data"],
                    "document_id": namespaces.get(entry["document"]),
                }
            )
            logged.append(row is None or (table, row_id) not in added)
        insert_kept(self.session, rows, logged)


def _refuse_audit_unless_empty(session: Session, path: Path) -> None:
    if session.scalar(select(AuditEntry.id).limit(1)) is not None:
        raise DatasetError(
            _(
                "{path} carries an audit log ([[audit]]), which only an empty database can take: import it into a new database, or export again without --with-audit",
                path=path,
            )
        )


# The audit entry's text fields, their columns and the columns' lengths (citylinks.schema).
_AUDIT_TEXT = (
    ("officer", "officer", 100),
    ("table", "table_name", 64),
    ("row_label", "row_label", 300),
    ("change", "change_id", 32),
    ("reason", "reason", 500),
)


def _replace_audit(session: Session, path: Path, records: list[dict]) -> None:
    """The file's audit log replaces the entries its loading wrote: the rows are a copy of
    the exported database's, and their history is the one the file carries, verbatim. Each
    entry is marked imported (the file's name, when): its row ids name the rows of the
    database it was recorded in, which `undo` cannot reach from here."""
    from citylinks.formats.popolo import stored_file_name

    session.flush()
    session.execute(delete(AuditEntry))
    session.info["audit"] = []
    imported = {
        "imported_from": stored_file_name(path),
        # Seconds, as every backend keeps them (MariaDB's DATETIME has no fractions).
        "imported_at": (session.info.get("now") or datetime.now(UTC)).replace(microsecond=0),
    }
    rows = []
    for index, r in enumerate(records, start=1):
        where = f"{path}: [[audit]] #{index}"
        try:
            rows.append(
                {
                    "at": _moment(r["at"]) or _no_moment("at", r["at"]),
                    "officer": r["officer"],
                    "action": r["action"],
                    "table_name": r["table"],
                    "row_id": int(r["row_id"]),
                    "row_label": r.get("row_label"),
                    "before": json.loads(r["before"]) if "before" in r else None,
                    "after": json.loads(r["after"]) if "after" in r else None,
                    "change_id": r.get("change"),
                    "reason": r.get("reason"),
                    **imported,
                }
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(
                _("{where}: not an audit entry ({exc})", where=where, exc=exc)
            ) from None
        if rows[-1]["action"] not in ("insert", "update", "delete"):
            raise DatasetError(
                _(
                    "{where}: action '{action}' is not insert, update or delete",
                    where=where,
                    action=r["action"],
                )
            )
        for field, column, longest in _AUDIT_TEXT:
            value = rows[-1][column]
            if isinstance(value, str) and len(value) > longest:
                raise DatasetError(
                    _(
                        "{where}: {field} is {n} characters long; at most {longest} are allowed: it is not an audit entry citylinks wrote",
                        where=where,
                        field=field,
                        n=len(value),
                        longest=longest,
                    )
                )
        if len(rows) >= 1000:
            session.execute(insert(AuditEntry), rows)
            rows = []
    if rows:
        session.execute(insert(AuditEntry), rows)


def _no_moment(field: str, value: Any) -> datetime:
    raise ValueError(
        _(
            "{field} = {value!r} is not a moment: write it as an export does, e.g. 2026-12-01T09:22:41Z",
            field=field,
            value=value,
        )
    )


def _as_utc(at: datetime) -> datetime:
    """A time in UTC (a naive one, as SQLite gives back, is UTC already), to the second: what
    every backend keeps of it."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).replace(microsecond=0)


def _same_instant(a: Any, b: Any) -> bool:
    """Two times that are one instant as the database keeps it (naive or aware UTC)."""
    return isinstance(a, datetime) and isinstance(b, datetime) and _as_utc(a) == _as_utc(b)


def _shown(value: Any) -> str:
    """A value as a message shows it: a record by its key, text quoted, nothing as 'empty'."""
    if value is None:
        return _("empty")
    key = getattr(value, "key", None)
    if isinstance(key, str):
        return quoted(key)
    series, number = getattr(value, "series", None), getattr(value, "number", None)
    if series is not None and isinstance(number, int):  # a session, as the files name it
        return quoted(f"{series.organization.key}/{series.key}/{number}")
    # A Popolo field's list or object as JSON, the way the file writes it.
    text_ = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    return quoted(text_ if len(text_) <= 60 else text_[:59] + "…")


# --- Popolo: another tool's objects, kept whole beside their rows (docs/popolo.md) -----------

# The table of each kind of record a Popolo object becomes, and the Popolo section it is in.
_POPOLO_TABLES = {
    "country": "country",
    "city": "city",
    "person": "person",
    "organization": "organization",
    "session": "session",
    "role": "role",
    "post": "post",
    "membership": "membership_phase",
}

# The names and identifiers a re-import does not bring back once removed from their record
# (_Loader.keep_removed, at both doors): their identity, and what the report calls them.
_REMOVABLE: dict[type, tuple[tuple[str, str], str]] = {
    CityName: (("lang", "name"), N_("the name")),
    OrganizationName: (("lang", "name"), N_("the name")),
    PersonName: (("lang", "name"), N_("the name")),
    CityIdentifier: (("scheme", "value"), N_("the identifier")),
    OrganizationIdentifier: (("scheme", "value"), N_("the identifier")),
}

# The fields of another tool's object that are read into its row's columns (names,
# identifiers, links, dates, references...): a newer version that gives one differently is
# judged by the row (_Loader.assign, names, sync); any other field is kept beside the row
# only, and judged as kept (_PopoloLoader.kept_changed).
# What a newer version of another tool's membership may give differently and still be the same
# membership (post): its end, its sources and links, its label and note. Anything else (its
# start, role, party, area, legislative period, id...) tells two memberships apart.
_MEMBERSHIP_CHANGES = frozenset(
    ("end_date", "sources", "links", "contact_details", "label", "note")
)


def _name_pairs(other_names: Any) -> list[tuple[str, str]]:
    """The names a Popolo `other_names` gives, in its order, each with its language tag as
    written (`lang`, citylinks' `citylinks:lang`; `und` where it has none), as a record
    holds it (formats.popolo.reader's foreign_names)."""
    from citylinks.formats.popolo import X

    return [
        (o.get("lang") or o.get(X + "lang") or "und", o["name"])
        for o in (other_names if isinstance(other_names, list) else [])
        if isinstance(o, dict) and isinstance(o.get("name"), str)
    ]


def _name_key(lang: Any, name: str) -> tuple[str, str]:
    """A name and its language, compared as text.same_language does: `FA` is `fa`."""
    return str(lang or "und").lower(), name


def _name_keys(other_names: Any) -> set[tuple[str, str]]:
    return {_name_key(lang, name) for lang, name in _name_pairs(other_names)}


def _names_written_alike(before: dict, after: dict) -> bool:
    """Whether a newer version of a kept object differs from it only in how its
    `other_names` are written (their order, a language tag's case): the same names, so the
    object kept stays as it is (nothing to refuse, note or log)."""
    if before == after or before.get("other_names") == after.get("other_names"):
        return False
    if {k: v for k, v in before.items() if k != "other_names"} != {
        k: v for k, v in after.items() if k != "other_names"
    }:
        return False

    def written(names: Any) -> list[str] | None:
        if not isinstance(names, list) or not all(isinstance(o, dict) for o in names):
            return None
        return sorted(
            json.dumps(
                {k: (v.lower() if k in ("lang", "citylinks:lang") and isinstance(v, str) else v)
                 for k, v in o.items()},
                sort_keys=True,
            )
            for o in names
        )  # fmt: skip

    found = written(before.get("other_names"))
    return found is not None and found == written(after.get("other_names"))


def _name_list(other_names: Any) -> list[str]:
    """The names a Popolo `other_names` gives, in its order, as a message names them: a
    tagged one in the form --name and --add-name take (`ar=علی رضایی`)."""
    return [name if lang == "und" else f"{lang}={name}" for lang, name in _name_pairs(other_names)]


# The most items of a Popolo list a message names (a version of 20,000 other names is not a
# 269 KB error line): those the other list lacks first, then "and N more".
LISTED_ITEMS = 10


def _listed_items(items: list[str], other: Any = None) -> str:
    """Items of a Popolo list as a message names them: each quoted, whole (the difference
    may be at the end of a long url), 'none' for an empty list; of more than LISTED_ITEMS,
    the first that `other` (the list it is compared with) does not hold, then the others,
    LISTED_ITEMS in all, and how many more."""
    more = max(0, len(items) - LISTED_ITEMS)
    if more:
        held = set(other or ())
        items = ([i for i in items if i not in held] + [i for i in items if i in held])[
            :LISTED_ITEMS
        ]
    shown = [repr(text.safe_for_terminal(text.shortened(i, 200))) for i in items]
    if not shown:
        return _("none")
    if not more:
        return listing(shown)
    return ngettext(
        "{items} and {n} more", "{items} and {n} more", more, items=listing(shown), n=more
    )


def _shown_names(other_names: Any, other: Any = None) -> str:
    """A Popolo `other_names` as a message names it: its names, in their order (those
    `other` lacks first, when there are too many to name them all)."""
    return _listed_items(_name_list(other_names), _name_list(other))


def _source_links(sources: Any) -> list[str]:
    """The sources a Popolo `sources` gives, each by what names it: citylinks' own source
    key (`citylinks:source`), else its url."""
    from citylinks.formats.popolo import X

    found = []
    for link in sources if isinstance(sources, list) else []:
        if not isinstance(link, dict):
            continue
        named = link.get(X + "source") or link.get("url")
        if isinstance(named, str) and named not in found:
            found.append(named)
    return found


def _shown_sources(sources: Any, other: Any = None) -> str:
    """A Popolo `sources` as a message names it: each source's key or url, in its order
    (those `other` lacks first, when there are too many to name them all)."""
    return _listed_items(_source_links(sources), _source_links(other))


def _same_membership(before: Any, after: Any) -> bool:
    """Whether two of another tool's membership objects are versions of one membership."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return False
    fields_of = set(before) | set(after)
    return all(before.get(f) == after.get(f) for f in fields_of - _MEMBERSHIP_CHANGES)


_ROW_FIELDS = frozenset(
    (
        "id", "name", "other_names", "identifiers", "sources", "classification", "parent_id",
        "organization_id", "area_id", "role", "post_id", "member", "person_id", "member_id",
        "founding_date", "description", "links", "label", "start_date", "end_date",
        "location", "status", "geometry", "attendees", "note",
    )
)  # fmt: skip

# ...but of these, what a section's row holds no column for (a person's identifiers and
# links, an organization's links but its website) is kept beside the row only: a newer
# version that gives it differently is judged as a kept field (kept_changed), never merged.
_KEPT_ONLY = {
    "persons": frozenset(("identifiers", "links")),
    "organizations": frozenset(("links",)),
    # A session has no name or classification of its own (formats.popolo.reader.session).
    "events": frozenset(("name", "classification")),
}


def as_recorded(owner_names: list, wanted: list[dict]) -> None:
    """Each name of `wanted` tagged as a recorded name of the same text is tagged, in the
    case the file wrote (`EN`, `en`): one language (BCP 47 tags are case-insensitive), so one
    name, matched by the rules after this one, and the recorded tag kept as it was written."""
    for w in wanted:
        if any(n.lang == w["lang"] and n.name == w["name"] for n in owner_names):
            continue
        alike = next(
            (
                n.lang
                for n in owner_names
                if n.name == w["name"] and text.same_language(n.lang, w["lang"])
            ),
            None,
        )
        if alike is not None:
            w["lang"] = alike


def _kept_only(section: str, before: dict, after: dict) -> frozenset[str]:
    """The fields of another tool's object that its row holds no column for (_KEPT_ONLY),
    and those that depend on the object: an event's status that is not a session's (the
    session is "held"), a person's membership's `role` and `label` beside the post it
    names (whose label is the title), its `label` beside a `role` (the title)."""
    fields_ = _KEPT_ONLY.get(section, frozenset())
    if section == "events" and not {before.get("status"), after.get("status")} <= {
        None,
        *vocab.SESSION_STATUSES,
    }:
        fields_ |= {"status"}
    if section == "memberships" and (after.get("person_id") or before.get("person_id")):
        if after.get("post_id") or before.get("post_id"):
            fields_ |= {"role", "label"}
        elif after.get("role") or before.get("role"):
            fields_ |= {"label"}
    return fields_


def _links_but_website(links: Any) -> Any:
    """An organization's Popolo `links` less its website (note "website"), which its row
    holds in a column."""
    if not isinstance(links, list):
        return links
    return [k for k in links if not (isinstance(k, dict) and k.get("note") == "website")] or None


REPORT_COLUMNS = ("read", "created", "matched", "kept", "stubs")


def apply_popolo(
    session: Session,
    document: dict[str, Any],
    origin: Path,
    read_counts: dict[str, int],
    label: Label | None = None,
    overwrite: bool = False,
    digest: str = "",
    conflicts: list[str] | None = None,
) -> dict[str, Any]:
    """Apply the records of a Popolo document (formats.popolo.reader) and keep, beside each
    row, the object of another tool it was made of (table popolo_extra); returns the import
    report: per Popolo section, how many objects were read, created, matched to recorded
    rows, kept as they are (objects citylinks has no table for) and stubs made for objects
    referred to but absent, with notes. `conflicts`: as apply's (a dry run lists every value
    the document gives differently from the database)."""
    loader = _PopoloLoader(session, origin, label, overwrite)
    loader.conflicts = conflicts
    documents = popolo_documents(
        session, document.pop("_popolo_documents", []), origin, digest, overwrite, conflicts
    )
    loader.documents = {d["namespace"]: d["id"] for d in documents}
    loader.edited_extras = edited_since_read(session, documents)
    earlier = kept_of_earlier_versions(session, documents)
    loader.load(document)
    loader.keep_objects(document.get("_popolo_kept", []))
    loader.store_extras()
    loader.count_own()
    loader.notes += not_in_this_version(session, earlier, loader.seen_extras)
    counts = {
        section: {"read": n, "created": 0, "matched": 0, "kept": 0, "stubs": 0}
        for section, n in read_counts.items()
    }
    for (section, column), n in loader.tally.items():
        counts.setdefault(section, {c: 0 for c in REPORT_COLUMNS})[column] += n
    return {"counts": counts, "notes": loader.notes, "documents": documents}


def edited_since_read(session: Session, documents: list[dict]) -> set[int]:
    """The kept objects (popolo_extra ids) of the earlier versions of these documents whose
    rows someone changed since they were read (the row's version is not the one kept), before
    this import changes any: a newer version keeps them edited (store_extras)."""
    ids = [d["id"] for d in documents if not d["new"]]
    if not ids:
        return set()
    extra = schema.popolo_extra
    found: set[int] = set()
    conn = session.connection()
    tables = conn.execute(
        select(extra.c.table_name)
        .where(extra.c.document_id.in_(ids), extra.c.table_name.is_not(None))
        .distinct()
    ).scalars()
    for table_name in sorted(tables):
        table = schema.metadata.tables[table_name]
        found.update(
            conn.execute(
                select(extra.c.id)
                .join(table, table.c.id == extra.c.row_id)
                .where(
                    extra.c.table_name == table_name,
                    extra.c.document_id.in_(ids),
                    extra.c.stub.is_(False),
                    or_(extra.c.row_version.is_(None), extra.c.row_version != table.c.version),
                )
            ).scalars()
        )
    return found


def kept_of_earlier_versions(session: Session, documents: list[dict]) -> dict[int, tuple]:
    """The memberships kept of the earlier versions of the documents a Popolo import reads
    (another tool's document imported before under its namespace, not a listing of
    citylinks' own export, which may hold a part of it): each one's popolo_extra id, with
    the table and row it is kept beside."""
    ids = [d["id"] for d in documents if not d["new"] and not d.get("listed")]
    if not ids:
        return {}
    extra = schema.popolo_extra
    return {
        extra_id: (table_name, row_id)
        for extra_id, table_name, row_id in session.execute(
            select(extra.c.id, extra.c.table_name, extra.c.row_id).where(
                extra.c.document_id.in_(ids),
                extra.c.section == "memberships",
                extra.c.stub.is_(False),
            )
        )
    }


def not_in_this_version(session: Session, earlier: dict[int, tuple], seen: set[int]) -> list[str]:
    """The report's notes on the memberships of an earlier version of the document that this
    one does not hold: kept (other people's data is never deleted without a word), one line
    a kind of row they are kept as, with the command that removes one if the officer wants."""

    missing: dict[str | None, list[int | None]] = {}
    for extra_id, (table_name, row_id) in sorted(earlier.items()):
        if extra_id not in seen:
            missing.setdefault(table_name, []).append(row_id)
    notes = []
    for table_name, rows in missing.items():
        n = len(rows)
        ids = sorted({f"#{i}" for i in rows if i is not None}, key=lambda k: int(k[1:]))
        if table_name in ("post", "role"):
            kept = (
                _("posts {ids}", ids=listing(ids))
                if table_name == "post"
                else _("roles {ids}", ids=listing(ids))
            )
            command = f"citylinks {table_name} remove '{ids[0]}'"
        elif table_name == "membership_phase":
            kept = _("phases of memberships of cities")
            command = "citylinks member remove CITY ORG N"
        else:
            notes.append(
                ngettext(
                    "{n} membership of the earlier version is not in this one: kept as it is (no record holds it); an undo of the import that added it removes it",
                    "{n} memberships of the earlier version are not in this one: kept as they are (no record holds them); an undo of the import that added them removes them",
                    n,
                    n=n,
                )
            )
            continue
        notes.append(
            ngettext(
                "{n} membership of the earlier version is not in this one: kept ({kept}); to remove it: {command}",
                "{n} memberships of the earlier version are not in this one: kept ({kept}); to remove one: {command}",
                n,
                n=n,
                kept=kept,
                command=command,
            )
        )
    return notes


def popolo_documents(
    session: Session,
    read: list[dict],
    origin: Path,
    digest: str,
    overwrite: bool,
    conflicts: list[str] | None = None,
) -> list[dict]:
    """The documents (namespaces) a Popolo import reads objects of (table popolo_document):
    each made when new, or found. A document given no namespace (its file's name is taken)
    is refused when that namespace holds a different file: two files of one name (every
    EveryPolitician file is ep-popolo-v1.0.json) are never taken for one document unless
    the officer says so (--namespace). Its top-level keys (`meta`) are kept; different ones
    replace those kept only with --overwrite. Returns, for each: its id, namespace, whether
    it is new, when it was first imported, and the top-level keys kept."""
    from citylinks.formats.popolo import (
        MANIFEST,
        check_digest,
        check_file_name,
        check_import_moments,
        check_top_level,
        stored_file_name,
    )

    table = schema.popolo_document
    # Seconds, as every backend keeps them (MariaDB's DATETIME has no fractions).
    now = datetime.now(UTC).replace(microsecond=0)
    found = []
    for d in read:
        namespace = d["namespace"]
        top_level = d.get("top_level") or {}
        manifest = "file_name" in d  # a document citylinks' own export lists
        try:
            row = popolo_document_row(session, namespace, None if manifest else origin)
        except DatasetError as exc:
            if not manifest:
                raise
            raise DatasetError(f"{origin}: {exc}") from None
        for field in ("first_imported", "last_imported"):
            if manifest and d.get(field) is not None and _moment(d[field]) is None:
                try:
                    _no_moment(field, d[field])
                except ValueError as exc:
                    raise DatasetError(
                        _("{path}: {where}: {message}", path=origin, where=MANIFEST, message=exc)
                    ) from None
        try:  # the rules of those columns (formats.popolo), as a restore applies them
            check_top_level(top_level)
        except CitylinksError as exc:
            where = MANIFEST if manifest else _("the top-level keys")
            raise DatasetError(
                _("{path}: {where}: {message}", path=origin, where=where, message=exc)
            ) from None
        if row is None:
            first = _moment(d.get("first_imported")) or now
            row_values = {
                "namespace": namespace,
                "file_name": str(d.get("file_name")) if manifest else stored_file_name(origin),
                "digest": (d.get("digest") if manifest else digest) or "",
                "top_level": top_level or None,
                "first_imported_at": first,
                "last_imported_at": _moment(d.get("last_imported")) or now,
            }
            try:  # a listing of citylinks' own export: the rules of those columns
                check_file_name(row_values["file_name"])
                check_digest(row_values["digest"])
                check_import_moments(first, row_values["last_imported_at"])
            except CitylinksError as exc:
                raise DatasetError(
                    _("{path}: {where}: {message}", path=origin, where=MANIFEST, message=exc)
                ) from None
            made = session.execute(insert(table).values(**row_values))
            new_id = made.inserted_primary_key  # type: ignore[attr-defined]
            log_added(session, "popolo_document", [(new_id[0], row_values)])
            found.append(
                {"id": new_id[0], "namespace": namespace, "new": True, "since": first,
                 "top_level": list(top_level), "replaced": False, "listed": manifest}
            )  # fmt: skip
            continue
        if not manifest and not d.get("explicit") and row.digest not in ("", digest):
            raise DatasetError(
                _(
                    "{file}: the namespace {namespace!r} (the file's name) holds another"
                    " document, imported from {was} on {day}: add --namespace {namespace} if"
                    " this file is a newer version of it, or --namespace NAME to keep it"
                    " apart (docs/popolo.md)",
                    file=str(origin),
                    namespace=namespace,
                    was=row.file_name,
                    day=row.first_imported_at.date().isoformat(),
                )  # fmt: skip
            )
        replaced = False
        if top_level and top_level != (row.top_level or {}):
            if row.top_level and not overwrite:
                refusal = DatasetError(
                    _(
                        "{file}: the document's top-level keys ({keys}) differ from those"
                        " kept for namespace {namespace!r}: add --overwrite to replace them",
                        file=str(origin),
                        keys=listing(top_level),
                        namespace=namespace,
                    )  # fmt: skip
                )
                if conflicts is None:
                    raise refusal
                conflicts.append(str(refusal))  # the kept top level stays
                top_level = row.top_level
            replaced = bool(row.top_level)
        values: dict[str, Any] = {}
        if top_level and top_level != (row.top_level or {}):
            values["top_level"] = top_level
        if not manifest:  # the document itself, imported again (not an export listing it)
            # Never before the first import, whatever this computer's clock says.
            last = max(now, _as_utc(row.first_imported_at))
            values.update(last_imported_at=last, file_name=stored_file_name(origin), digest=digest)
        if values:
            session.execute(table.update().where(table.c.id == row.id).values(**values))
            _log_document_changed(session, row, values)
        found.append(
            {"id": row.id, "namespace": namespace, "new": False, "since": row.first_imported_at,
             "top_level": list(top_level or row.top_level or {}), "replaced": replaced,
             "listed": manifest}
        )  # fmt: skip
    return found


def _log_document_changed(session: Session, row: Any, values: dict[str, Any]) -> None:
    """The audit entry of a document's record changed by a newer version of it (its file's
    name, digest or top-level keys): `log` shows it before and after, a dry run counts it,
    and `undo` puts the record back, so the earlier file is that document again. Imported
    again unchanged (only when it was last imported), no entry."""
    changed = {k for k, v in values.items() if getattr(row, k) != v}
    if not changed - {"last_imported_at"}:
        return
    changed.add("last_imported_at")
    log_changed(
        session,
        "popolo_document",
        row.id,
        row._asdict(),
        {k: getattr(row, k) for k in sorted(changed)},
        {k: values[k] for k in sorted(changed)},
    )


def log_added(session: Session, table_name: str, rows: list[tuple[int, dict]]) -> None:
    """The audit entries of rows a Popolo import added beside the records (a document of
    table popolo_document; an object of popolo_extra that no row this import made holds):
    `log` lists them with the import's change, and its undo removes them."""
    from citylinks import audit

    at = session.info.get("now") or audit.now()
    officer = session.info.get("officer", "unknown")
    entries = []
    labels = audit.Labeller(session)
    for row_id, values in rows:
        with audit.in_english():  # the log's own label
            label = labels.label_of(table_name, values)
        after = {k: audit.plain(v) for k, v in values.items()}
        entries.append(audit.entry(at, officer, "insert", table_name, row_id, label, None, after))
    audit.log_rows(session, entries)


def insert_kept(session: Session, rows: list[dict], logged: list[bool]) -> None:
    """Store kept Popolo objects (rows of popolo_extra); those `logged` says (kept with no
    row, or beside a row recorded before the import) each with an entry of the import's
    change (log_added), so that its undo removes them; the others go with their rows."""
    new_ids = bulk.insert_rows(session, schema.popolo_extra, rows, want_ids=any(logged))
    if any(logged):
        log_added(
            session,
            "popolo_extra",
            [(i, r) for i, r, said in zip(new_ids, rows, logged, strict=True) if said],
        )


def log_changed(
    session: Session, table_name: str, row_id: int, named: dict, before: dict, after: dict
) -> None:
    """The audit entry of a change an import made to a row beside the records (a document's
    top-level keys of table popolo_document, given anew with --overwrite): `log` shows it
    before and after, and `undo` puts it back. `named`: the values its label is made of."""
    from citylinks import audit

    at = session.info.get("now") or audit.now()
    officer = session.info.get("officer", "unknown")
    with audit.in_english():  # the log's own label
        label = audit.Labeller(session).label_of(table_name, {**named, **after})
    was = {k: audit.plain(v) for k, v in before.items()}
    now = {k: audit.plain(v) for k, v in after.items()}
    audit.log_rows(
        session, [audit.entry(at, officer, "update", table_name, row_id, label, was, now)]
    )


def popolo_document_row(session: Session, namespace: str, origin: Path | None = None) -> Any:
    """The row of table popolo_document of `namespace`, or None. A namespace that is a
    recorded one written another way (formats.popolo.namespace_key: "EP" and "ep", a
    Cyrillic "ЕР", "علي" and "علی") names no document: refused, naming the recorded one,
    the same on every backend (whatever the database's collation would match). `origin`:
    the file imported with `--namespace` or its name (the message says how to choose)."""
    from citylinks.formats.popolo import alike_namespace

    table = schema.popolo_document
    rows = {row.namespace: row for row in session.execute(select(table).order_by(table.c.id))}
    if namespace in rows:
        return rows[namespace]
    recorded = alike_namespace(namespace, rows)
    if recorded is None:
        return None
    alike = rows[recorded]
    if origin is not None:
        raise DatasetError(
            _(
                "{file}: the namespace {namespace!r} is the namespace {recorded!r} written"
                " another way (the document imported from {was} on {day}): give --namespace"
                " {recorded} for that document, or a name of its own for another",
                file=str(origin),
                namespace=namespace,
                recorded=alike.namespace,
                was=alike.file_name,
                day=alike.first_imported_at.date().isoformat(),
            )
        )
    raise DatasetError(
        _(
            "the namespace {namespace!r} is the database's {recorded!r} written another way"
            " (imported from {was} on {day}): two documents' namespaces may not look alike;"
            " write it as the database has it if it is that document",
            namespace=namespace,
            recorded=alike.namespace,
            was=alike.file_name,
            day=alike.first_imported_at.date().isoformat(),
        )
    )


def _moment(value: Any) -> datetime | None:
    """A moment a file gives (ISO 8601; one without an offset is UTC), in UTC to the second
    as every backend keeps it (an offset such as +03:30 converted, not dropped), or None
    when it is no moment. Every door reads moments here: a Popolo export's documents, a
    dataset's [[popolo_document]] and [[audit]] records."""
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        return _as_utc(moment)
    except (TypeError, ValueError, OverflowError):
        return None


class _PopoloLoader(_Loader):
    """The dataset loader, for a Popolo document: names and titles stored as written (Unicode
    NFC only; folding stays the matching key), another tool's memberships never merged, an
    identifier two organizations share kept without a database error, and every object of
    another tool kept whole beside its row."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last: Any = None
        self.tally: dict[tuple[str, str], int] = {}
        # (section, place) of each of citylinks' own objects -> whether its row was made.
        self.own_objects: dict[tuple, bool] = {}
        self.pending: list[tuple[dict, Any, str]] = []  # (tag, row, table)
        # The kept objects (ids of popolo_extra) this document's objects were matched to:
        # those of an earlier version it does not hold are reported (not_in_this_version).
        self.seen_extras: set[int] = set()
        self.kept_rows: list[dict] = []  # rows of popolo_extra to store (store_extras)
        self.phase_records: list[tuple[Membership, dict, bool]] = []
        self.claimed: set[int] = set()  # ids of the posts matched in this load
        self.current: Any = None
        # The bulk path: the ids of records by key, the new rows gathered for one statement.
        self.ids: dict[Any, dict[str, int]] = {}
        self.new_sources: list[tuple[_NewRow, dict]] = []
        self.new_people: list[tuple[_NewRow, dict, list[dict], list[tuple[int, str]]]] = []
        self.people_made: list[tuple[_NewRow, str]] = []
        self.new_posts: list[tuple[_NewRow, dict, list[tuple[int, str]]]] = []
        self.post_candidates: dict[tuple, list[tuple[int, Any]]] = {}
        # (document id, Popolo id) -> the post kept from a membership with an id of its own.
        self.posts_by_id: dict[tuple[int, str], int] = {}
        self.as_read: dict[int, tuple[int, list]] = {}  # people read before, unchanged since
        self.posts_as_read: dict[int, tuple[int, list]] = {}
        self.documents: dict[str, int] = {}  # namespace -> popolo_document id
        # The kept objects of these documents whose rows were edited since they were read
        # (their row_version not the row's), as the load began (edited_since_read).
        self.edited_extras: set[int] = set()
        self.bulk = None
        # A stub being filled with the object it stood for (fill_stub): its placeholder
        # values are no officer's edit, so the object's replace them.
        self.filling = False

    def count(self, section: str, column: str, n: int = 1) -> None:
        self.tally[(section, column)] = self.tally.get((section, column), 0) + n

    def get_or_add(self, model: type, **identity):
        self.last = super().get_or_add(model, **identity)
        return self.last

    # text as written --------------------------------------------------------------------

    def popolo_text(self, field: fields.Field, value: Any) -> str:
        """A name or title of a Popolo document, stored as written but for Unicode NFC: no
        letter is rewritten (an Arabic yeh stays one), and a name such as '-' is kept
        (fields.Field.as_written, the dataset's rule for such text too)."""
        try:
            return field.as_written(value)
        except FieldError as exc:
            raise self.fail(str(exc)) from None

    def said(self) -> set[str] | None:
        """The fields another tool's object gives for the record being applied (None for
        citylinks' own records): what it leaves out it does not say, so a recorded value
        stays as it is (a later document may hold a part of an earlier one)."""
        record = self.record
        tag = record.get("_popolo") if isinstance(record, dict) else None
        if not tag or tag.get("object") is None or tag.get("stub"):
            return None
        return set(record)

    def assign(self, obj: Any, values: dict[str, Any]) -> None:
        if "sources" in values and not self.filling:
            self.sources_changed(obj, values["sources"])
        said = None if self.filling else self.said()
        if said is not None and obj is self.last and id(obj) not in self.created:
            values = {k: v for k, v in values.items() if k in said}
        overwrite = self.overwrite
        self.overwrite = overwrite or self.filling
        try:
            super().assign(obj, values)
        finally:
            self.overwrite = overwrite

    def sources_changed(self, row: Any, cited: list) -> None:
        """A newer version of another tool's object (the same id, or the membership post()
        found it replaces) whose `sources` no longer give one the earlier version gave (a
        source removed, or its url changed): a change of a kept field, refused unless
        --overwrite (a dry run lists it; kept_changed). With --overwrite the record stops
        citing the sources no longer given (as `uncite` would; the audit log keeps the
        citations, `undo` puts them back), and the report says which; refused, with the
        reason, where that would leave the fact citing no source. Sources only added are
        cited beside the others, as before."""
        table_name: str = getattr(row, "__tablename__", "")
        tag = self.record.get("_popolo") if isinstance(self.record, dict) else None
        if table_name not in _POPOLO_TABLES.values() or not isinstance(tag, dict):
            return
        obj = tag.get("object")
        if not isinstance(obj, dict) or "sources" not in obj:
            return  # what it leaves out it does not say
        found = self.earlier_object(tag, row, table_name)
        if found is None:
            return
        popolo_id, earlier = found
        before, after = earlier.get("sources"), obj["sources"]
        gone = set(_source_links(before)) - set(_source_links(after))
        if not gone:
            return
        if not self.kept_changed(
            tag["section"], popolo_id, {"sources": before}, {"sources": after}, show=_shown_sources
        ):
            return  # refused (a dry run lists it): the citations stay as they are
        from citylinks.formats.popolo.reader import source_key_of_url

        keys = {source_key_of_url(g) for g in gone} | gone
        stopped = [s for s in row.sources if s.key in keys or (s.url and s.url in gone)]
        if not stopped:
            return  # an officer uncited it since: nothing to do
        left = [s for s in row.sources if s not in stopped]
        left += [s for s in cited if s not in left and s not in stopped]
        if not left and table_name not in schema.SOURCED_THROUGH_OWNER:
            # Not a value that differs (a dry run would list it): a change refused for a
            # reason of its own, whatever --overwrite says.
            ref = facts.describe(self.session, row).ref
            raise self.fail(
                _(
                    "the earlier version's source {keys} is not in this one, and removing it would leave the record citing no source: cite another first (`citylinks cite {ref} KEY`), or keep the source in the file",
                    keys=listing(s.key for s in stopped),
                    ref=ref,
                )
            )
        row.sources = left  # one change of its citations: the sources given added with it
        self.new_version(row)
        self.notes.append(
            _(
                "{where}: no longer cites {keys}, a source of the earlier version that this one does not give (--overwrite)",
                where=self.where,
                keys=listing(s.key for s in stopped),
            )
        )

    def refuse_another_tools_row(self, table_name: str, key: str) -> None:
        """citylinks' own object (`person/x`, an export's) never names a record made of
        another tool's object (the record `x` of a document's `x`, or a stub): their ids are
        another document's, in its namespace (docs/popolo.md)."""
        if not isinstance(self.record, dict) or self.record.get("_popolo"):
            return
        extra = schema.popolo_extra
        table = schema.metadata.tables[table_name]
        document = schema.popolo_document
        found = self.session.execute(
            select(document.c.namespace, extra.c.popolo_id)
            .join(table, table.c.id == extra.c.row_id)
            .outerjoin(document, document.c.id == extra.c.document_id)
            .where(extra.c.table_name == table_name, table.c.key == key)
        ).first()
        if found is None:
            return
        raise self.fail(
            _(
                "citylinks' own id names the record '{key}', which was made of another tool's object ('{id}' of the document {namespace}), not of citylinks' own: give this object an id no record has, or import that document's object with --namespace {namespace}",
                key=key,
                id=found[1] or "",
                namespace=found[0] or "",
            )
        )

    def fill_stub(self, table_name: str, key: str, apply: Callable[[], None]) -> None:
        """Apply the record being applied (`apply`); when it is another tool's object and the
        recorded row of `key` is a stub no one edited since it was made (the document that
        holds the object came after the one that referred to it), its placeholder values
        (the id as its name, the stub's note) are replaced without --overwrite: a change
        like any other, in the audit log, with a new version of the row."""
        tag = self.record.get("_popolo") if isinstance(self.record, dict) else None
        if not tag or tag.get("object") is None or tag.get("stub"):
            apply()
            return
        extra = schema.popolo_extra
        table = schema.metadata.tables[table_name]
        stub = self.session.execute(
            select(extra.c.id)
            .join(table, table.c.id == extra.c.row_id)
            .where(
                extra.c.table_name == table_name,
                table.c.key == key,
                extra.c.stub.is_(True),
                extra.c.row_version == table.c.version,
            )
        ).first()
        if stub is None:
            apply()
            return
        self.filling = True
        try:
            apply()
        finally:
            self.filling = False
        self.new_version(self.last)

    def names(
        self, owner_names: list, records: list[dict], model: type, field: fields.Field
    ) -> None:
        wanted = self.name_values(records, field)
        as_recorded(owner_names, wanted)
        self.keep_removed(owner_names, wanted, model)
        if self.said() is None and not self.filling:
            self.refuse_new_names(owner_names, wanted)
        if self.said() is not None:
            self.other_names_changed(owner_names, wanted)
            self.renamed(owner_names, wanted)
            # A recorded name keeps its place: another tool's document may list fewer names.
            have = {(n.lang, n.name) for n in owner_names}
            for values in wanted:
                if (values["lang"], values["name"]) in have:
                    del values["position"]
        self.sync(owner_names, wanted, ("lang", "name"), model)

    def refuse_new_names(self, owner_names: list, wanted: list[dict]) -> None:
        """citylinks' own object (an export) that gives a recorded person or organization a
        name the database does not hold: refused, as another tool's renamed object is, since
        the database may hold a newer edit, unless --overwrite (then a recorded name of the
        same language and kind that the file no longer gives is renamed, any other added,
        each in the audit log, with a new version of the record)."""
        owner = self.last
        if owner is None or id(owner) in self.created or not inspect(owner).persistent:
            return
        have = {(n.lang, n.name) for n in owner_names}
        new = [w for w in wanted if (w["lang"], w["name"]) not in have]
        if not new:
            return
        if self.overwrite:
            # A name the file no longer gives, of the same language and kind, is the one
            # renamed (the log keeps it); any other new name is added.
            given = {(w["lang"], w["name"]) for w in wanted}
            for w in new:
                gone = [
                    n
                    for n in owner_names
                    if text.same_language(n.lang, w["lang"])
                    and n.kind == w["kind"]
                    and (n.lang, n.name) not in given
                ]
                if len(gone) == 1:
                    self.assign(gone[0], {"name": w["name"], "folded": w["folded"]})
            self.new_version(owner)  # a new version: an officer holding the old is refused
            return
        refusal = self.fail(
            _(
                "the name {name!r} ({lang}) is not one the database holds for this record ({names}): the database may hold a newer edit. Correct the file, or add --overwrite to replace it (the log keeps the old value)",
                name=new[0]["name"],
                lang=new[0]["lang"],
                names=listing([quoted(n.name) for n in owner_names]),
            )
        )
        if self.conflicts is None:
            raise refusal
        self.conflicts.append(str(refusal))
        wanted[:] = [w for w in wanted if (w["lang"], w["name"]) in have]

    def other_names_changed(self, owner_names: list, wanted: list[dict]) -> None:
        """A newer version of another tool's object (the same id) that gives its
        `other_names` differently from the earlier one: a change of a kept field, refused
        unless --overwrite (a dry run lists it; kept_changed), never a name added beside the
        old. With --overwrite, the names the earlier version gave that this one gives no
        more are removed from the record (a name an officer added since is no change), the
        new ones added, each in the audit log, so that `undo` puts them back."""
        tag = self.record.get("_popolo") if isinstance(self.record, dict) else None
        owner = self.last
        if self.filling or owner is None or not isinstance(tag, dict):
            return
        obj = tag.get("object")
        if not isinstance(obj, dict) or "other_names" not in obj:
            return  # what it leaves out it does not say
        found = self.earlier_object(tag, owner, owner.__tablename__)
        if found is None:
            return
        popolo_id, earlier = found
        before, after = earlier.get("other_names"), obj["other_names"]
        # Judged by the names given, not by how they are written (`EN` then `en`; an export
        # of citylinks, which lists every name): a name an officer added since is no change.
        # A name is its text and its language tag (`fa` then `ar` is a change; `fa` then `FA`
        # is none, as text.same_language says).
        held = {_name_key(n.lang, n.name) for n in owner_names}
        gone = (_name_keys(before) - _name_keys(after)) & held
        if not gone and not _name_keys(after) - _name_keys(before) - held:
            return
        if not self.kept_changed(
            tag["section"],
            popolo_id,
            {"other_names": before},
            {"other_names": after},
            show=_shown_names,
        ):
            # Refused (a dry run lists it): the record's names stay as they are.
            have = {(n.lang, n.name) for n in owner_names}
            wanted[:] = [w for w in wanted if (w["lang"], w["name"]) in have]
            return
        gone -= {_name_key(w["lang"], w["name"]) for w in wanted}
        for name in [
            n for n in owner_names if n.kind != "official" and _name_key(n.lang, n.name) in gone
        ]:
            owner_names.remove(name)
        self.new_version(owner)

    def renamed(self, owner_names: list, wanted: list[dict]) -> None:
        """A newer version of another tool's object (the same id) that gives its record's
        official name in a language differently (`name`: "Chris Rowley", then "Christopher
        Rowley"): refused, as any value the file gives differently from the database, unless
        --overwrite, which replaces the recorded name (the audit log keeps the old one),
        never keeps both as if the record had two official names."""
        official = [n for n in owner_names if n.kind == "official" and id(n) not in self.created]
        for values in wanted:
            if values["kind"] != "official":
                continue
            same_lang = [n for n in official if text.same_language(n.lang, values["lang"])]
            if len(same_lang) != 1 or any(n.name == values["name"] for n in owner_names):
                continue
            others = [
                w
                for w in wanted
                if w["kind"] == "official" and text.same_language(w["lang"], values["lang"])
            ]
            if len(others) == 1:
                before = same_lang[0].name
                self.assign(same_lang[0], {"name": values["name"]})
                if same_lang[0].name != values["name"]:
                    continue  # refused, and listed (a dry run): its fold says nothing more
                self.assign(same_lang[0], {"folded": values["folded"]})
                owner = self.last
                if same_lang[0].name != before and owner is not None and not self.filling:
                    # A change of the record like any other: a new version (an officer
                    # holding the old one is refused), in the log with its row. (A stub
                    # filled in gets its one new version from fill_stub.)
                    self.new_version(owner)

    def name_values(self, records: list[dict], field: fields.Field) -> list[dict]:
        wanted = []
        for position, record in enumerate(records):
            name = self.popolo_text(field, self.required(record, "name"))
            wanted.append(
                {
                    "lang": self.lang(record),
                    "name": name,
                    "kind": self.choice(record, "kind", fields.NAME_KIND, "official"),
                    "folded": self.folded(name, field.what)[: text.NAME_MAX_LENGTH],
                    "position": position,
                }
            )
        return wanted

    # the bulk path: new people and posts gathered, then written in a few statements -----

    def prepare(self, kind: str, records: list) -> None:
        if kind == "source":
            self.ids[Source] = self.recorded_ids(Source, {_key_of(r) for r in records})
            return
        if kind == "person":
            self.ids[Person] = self.recorded_ids(Person, {_key_of(r) for r in records})
            self.as_read = self.kept_as_read("person", set(self.ids[Person].values()))
        elif kind == "post":
            self.prepare_posts(records)

    def cited_ids(self, r: dict) -> list[tuple[int, str]]:
        """The sources the record `r` cites, as (id, key) pairs for the bulk path: taken
        from the keys of the document's sources (found in prepare, made in finish) without
        loading a source; any other key as sources() finds it (with its refusals)."""
        keys = r.get("sources")
        known = self.ids.get(Source, {})
        if isinstance(keys, list) and all(isinstance(k, str) and known.get(k, 0) > 0 for k in keys):
            return list(dict.fromkeys((known[k], k) for k in keys))
        return [(s.id, s.key) for s in self.sources(r)]

    def source(self, r: dict) -> None:
        """A source this database does not hold (an EveryPolitician person's page): its
        values met by the same field rules, gathered for the bulk path (finish); a recorded
        one through the ORM, with its refusals and --overwrite."""
        key = self.key(r, fields.SOURCE_KEY)
        recorded = self.ids.setdefault(Source, {})
        if key != r.get("key"):  # looked up as the file spells it; now as it is stored
            recorded.update(self.recorded_ids(Source, {key}))
        if key in recorded:
            super().source(r)
            return
        values: dict[str, Any] = {"key": key}
        for field, value in self.source_values(r).items():
            if isinstance(value, PartialDate):
                values.update(bulk.date_columns(field, value))
            else:
                values[field] = value
        row = _NewRow()
        self.new_sources.append((row, values))
        recorded[key] = -1  # taken: a later record of the key is refused
        self.created.add(id(row))
        self.last = row

    def kept_as_read(self, table_name: str, ids: set[int]) -> dict[int, tuple[int, list]]:
        """For the rows of `table_name` with these ids that no one changed since they were
        read from another tool's object: their version and the objects (one query)."""
        if not ids:
            return {}
        extra = schema.popolo_extra
        table = schema.metadata.tables[table_name]
        conn = self.session.connection()
        found: dict[int, tuple[int, list]] = {}
        wanted = sorted(ids)
        for start in range(0, len(wanted), 5000):
            for row_id, version, data in conn.execute(
                select(extra.c.row_id, table.c.version, extra.c.data)
                .join(table, table.c.id == extra.c.row_id)
                .where(
                    extra.c.table_name == table_name,
                    extra.c.row_version == table.c.version,
                    bulk.among(conn, table.c.id, set(wanted[start : start + 5000])),
                )
            ):
                found.setdefault(row_id, (version, []))[1].append(data)
        return found

    def unchanged(self, row_id: int, as_read: dict[int, tuple[int, list]]) -> _NewRow | None:
        """The row, if the record being applied was read from the very object the row was
        made of, and no one changed the row since: then nothing in it changes (the same
        object gives the same values), and it is matched without being read."""
        tag = self.record.get("_popolo") if isinstance(self.record, dict) else None
        kept = as_read.get(row_id)
        if not tag or tag.get("object") is None or tag.get("stub") or kept is None:
            return None
        if tag["object"] not in kept[1]:
            return None
        row = _NewRow()
        row.id, row.version = row_id, kept[0]
        # A recorded row, not one this load made: its id() may be that of a row made and
        # freed since (a source's), which must not make it one (store_extras would keep its
        # object a second time, beside no entry of the log). Kept alive, as new_version's.
        self.created.discard(id(row))
        self.held.append(row)
        return row

    def id_of(self, model: Any, key: str | None, what: str) -> int | None:
        """The id of the record of `model` with `key` (as by_key finds it), or None for no key."""
        if key is None:
            return None
        ids = self.ids.setdefault(model, {})
        found = ids.get(key)
        if found is None:
            found = self.by_key(model, key, what).id
            ids[key] = found
        return found

    def finish(self, kind: str) -> None:
        if kind == "source" and self.new_sources:
            made = self.new_sources
            ids = bulk.insert_audited(self.session, Source, [values for _row, values in made])
            for (row, values), i in zip(made, ids, strict=True):
                row.id = i
                self.ids[Source][values["key"]] = i
            self.new_sources = []
        elif kind == "person" and self.new_people:
            people = self.new_people
            ids = bulk.insert_audited(
                self.session, Person, [p[1] for p in people], [p[3] for p in people]
            )
            for (row, values, _, _), i in zip(people, ids, strict=True):
                row.id = i
                self.ids.setdefault(Person, {})[values["key"]] = i
            bulk.insert_audited(
                self.session,
                PersonName,
                [{"person_id": row.id, **n} for row, _, names, _ in people for n in names],
            )
            self.new_people = []
        elif kind == "post" and self.new_posts:
            posts = self.new_posts
            ids = bulk.insert_audited(
                self.session, Post, [p[1] for p in posts], [p[2] for p in posts]
            )
            for (row, _, _), i in zip(posts, ids, strict=True):
                row.id = i
            self.new_posts = []

    def prepare_posts(self, records: list) -> None:
        """The people, organizations and cities the posts name, and the posts kept from
        another tool's objects that they may be (loading the same document again): one query
        each."""
        for model, field in ((Person, "person"), (Organization, "organization"), (City, "city")):
            keys = {r.get(field) for r in records if isinstance(r, dict)}
            keys = {k for k in keys if isinstance(k, str)}
            self.ids.setdefault(model, {}).update(self.recorded_ids(model, keys))
        new = {row.id for row, *_unused in self.people_made}
        people = {i for i in self.ids[Person].values() if i not in new}
        self.post_candidates = {}
        self.posts_by_id = {}
        if not people:
            return
        extra = schema.popolo_extra
        post = schema.post
        conn = self.session.connection()
        wanted = sorted(people)
        for start in range(0, len(wanted), 5000):
            for row in conn.execute(
                select(
                    post.c.id,
                    post.c.person_id,
                    post.c.title,
                    post.c.organization_id,
                    post.c.city_id,
                    extra.c.data,
                    extra.c.document_id,
                    extra.c.popolo_id,
                    extra.c.stub,
                )
                .join(extra, (extra.c.table_name == "post") & (extra.c.row_id == post.c.id))
                .where(bulk.among(conn, post.c.person_id, set(wanted[start : start + 5000])))
                .order_by(post.c.id)
            ):
                self.post_candidates.setdefault(tuple(row[1:5]), []).append((row[0], row[5]))
                if row[7] is not None and row[6] is not None and not row[8]:
                    self.posts_by_id.setdefault((row[6], row[7]), row[0])
        self.posts_as_read = self.kept_as_read(
            "post", {i for found in self.post_candidates.values() for i, _unused in found}
        )

    # records ----------------------------------------------------------------------------

    def country(self, r: dict) -> None:
        """Another tool's area of a country: its Persian other name (`lang` "fa") is the
        country's Persian name when the country has none, made or added (in the log, with a
        new version), and said in the report; a country with another Persian name keeps it,
        and the report says the area's was not added (the area is kept whole, its other_names
        too, and written back: nothing is lost)."""
        persian = next((n for n in r.get("names", []) if n.get("kind") == "alternate"), None)
        if persian is None or self.said() is None:
            super().country(r)
            return
        r = {**r, "names": [n for n in r["names"] if n is not persian]}
        super().country(r)
        country = self.last
        name = self.clean(fields.COUNTRY_NAME, persian["name"])
        said = {
            "where": self.where,
            "name": text.safe_for_terminal(text.shortened(name, 100)),
            "code": country.code,
        }
        if id(country) in self.created or country.name_fa is None:
            country.name_fa = name
            self.notes.append(
                _(
                    "{where}: the Persian name {name!r} of its other_names is now the Persian name of the country {code}",
                    **said,
                )
            )
        elif country.name_fa != name:
            self.notes.append(
                _(
                    "{where}: the Persian name {name!r} of its other_names was not added: the country {code} has the Persian name {recorded!r} (kept as it is; the area keeps its other_names)",
                    recorded=country.name_fa,
                    **said,
                )
            )

    def person(self, r: dict) -> None:
        if self.resolved_stub(Person, r):
            return
        key = self.key(r, fields.PERSON_KEY)
        recorded = self.ids.setdefault(Person, {})
        if key != r.get("key"):  # looked up as the file spells it; now as it is stored
            recorded.update(self.recorded_ids(Person, {key}))
        if key in recorded:
            self.refuse_another_tools_row("person", key)
            same = self.unchanged(recorded[key], self.as_read)
            if same is not None:
                self.last = same
                return
            self.fill_stub("person", key, lambda: super(_PopoloLoader, self).person(r))
            return
        # A new person: written with the others once all are read (finish).
        row = _NewRow()
        cites = self.cited_ids(r)
        names = self.name_values(self.required(r, "names"), fields.PERSON_NAME)
        self.new_people.append((row, {"key": key}, names, cites))
        self.people_made.append((row, key))
        self.created.add(id(row))
        self.last = row

    def organization(self, r: dict) -> None:
        if self.resolved_stub(Organization, r):
            return
        self.current = r
        key = r.get("key")
        if not isinstance(key, str):
            super().organization(r)
            return
        self.refuse_another_tools_row("organization", key)
        self.fill_stub("organization", key, lambda: super(_PopoloLoader, self).organization(r))

    def resolved_stub(self, model: Any, r: dict) -> bool:
        """A stub whose key is recorded is that record (resolved against the database)."""
        tag = r.get("_popolo") or {}
        if not tag.get("stub"):
            return False
        found = self.session.scalars(select(model).where(model.key == r.get("key"))).one_or_none()
        if found is None:
            return False
        self.last = found
        self.count(tag["section"], "stubs")
        self.notes.append(
            _(
                "{where}: '{id}' is not in the document; taken as the recorded {tablename} '{found_key}'",
                where=tag["where"],
                id=tag["id"],
                tablename=model.__tablename__,
                found_key=found.key,
            )
        )
        r["_popolo"] = None  # nothing to keep: the recorded row is not the file's
        return True

    def identifiers(self, record: dict) -> list[dict]:
        """An identifier another organization (or city) already holds is not stored twice:
        it stays in the object kept beside the row, and a note says so."""
        wanted = super().identifiers(record)
        if not wanted:
            return wanted
        model = OrganizationIdentifier if self.current is record else CityIdentifier
        owner = "organization_id" if model is OrganizationIdentifier else "city_id"
        table = model.__table__
        own_row = self.last
        kept, seen = [], set()
        for i in wanted:
            pair = (i["scheme"], i["value"])
            if pair in seen:
                continue
            seen.add(pair)
            holder = self.session.execute(
                select(table.c[owner]).where(table.c.scheme == pair[0], table.c.value == pair[1])
            ).scalar()
            if holder is not None and (own_row is None or holder != getattr(own_row, "id", None)):
                self.notes.append(
                    _(
                        "{where}: {pair} {pair2} is already the identifier of another record; kept in this object's Popolo fields only, both records kept apart",
                        where=self.where,
                        pair=pair[0],
                        pair2=pair[1],
                    )
                )
                continue
            kept.append(i)
        return self.identifiers_changed(
            record, own_row, kept, model.__tablename__[: -len("_identifier")]
        )

    def earlier_object(self, tag: Any, row: Any, table_name: str) -> tuple[str, dict] | None:
        """The object an earlier version of the document gave for the recorded `row` that
        another tool's object (`tag`, of a newer version) was matched to: the one kept beside
        the row with the same Popolo id, or the one post() found it replaces; with its id.
        None for a row this load made, a stub, or no such object."""
        from citylinks.formats.popolo import kept_id

        if not isinstance(tag, dict) or not isinstance(tag.get("object"), dict) or tag.get("stub"):
            return None
        if row is None or id(row) in self.created or not inspect(row).persistent:
            return None
        popolo_id = kept_id(tag.get("id"))
        if isinstance(tag.get("replaces"), dict):
            return popolo_id or "", tag["replaces"]
        if popolo_id is None:
            return None
        extra = schema.popolo_extra
        earlier = self.session.execute(
            select(extra.c.data).where(
                extra.c.table_name == table_name,
                extra.c.row_id == row.id,
                extra.c.popolo_id == popolo_id,
                extra.c.stub.is_(False),
            )
        ).scalar()
        return (popolo_id, earlier) if isinstance(earlier, dict) else None

    def identifiers_changed(
        self, record: dict, row: Any, wanted: list[dict], table_name: str
    ) -> list[dict]:
        """A newer version of the object a recorded row was made of that gives its
        `identifiers` differently (a Wikidata id changed) changes a kept field: refused unless
        --overwrite (a dry run lists it; kept_changed), which replaces those the earlier
        version gave by the new ones, each removal and addition in the audit log (the kept
        object too, store_extras), so that `undo` puts them back. An identifier an officer
        added since (citylinks' export writes it) is no change. Returns those to hold."""
        tag = record.get("_popolo") or {}
        obj = tag.get("object")
        found = self.earlier_object(tag, row, table_name)
        if found is None or not isinstance(obj, dict):
            return wanted
        popolo_id, earlier = found

        def pairs(value: Any) -> set[tuple[Any, Any]]:
            return {
                (i.get("scheme"), str(i.get("identifier")))
                for i in (value if isinstance(value, list) else [])
                if isinstance(i, dict)
            }

        before, after = pairs(earlier.get("identifiers")), pairs(obj.get("identifiers"))
        held = {(i.scheme, i.value) for i in row.identifiers}
        gone, fresh = (before - after) & held, after - before - held
        if not gone and not fresh:
            return wanted
        if not self.kept_changed(
            tag["section"],
            popolo_id,
            {"identifiers": earlier.get("identifiers")},
            {"identifiers": obj.get("identifiers")},
        ):
            return [i for i in wanted if (i["scheme"], i["value"]) in held]  # a dry run
        for child in [c for c in row.identifiers if (c.scheme, c.value) in gone]:
            row.identifiers.remove(child)
        return wanted

    def post(self, r: dict) -> Post:
        """Another tool's membership of a person is one post: matched only to the post kept
        from the same object (loading the same document again), never to another term."""
        tag = r.get("_popolo")
        if not tag or tag.get("object") is None:
            return super().post(r)
        person = self.id_of(Person, self.required(r, "person"), "person")
        title = self.popolo_text(fields.POST_TITLE, self.required(r, "title"))
        organization = self.id_of(Organization, r.get("organization"), "organization")
        city = self.id_of(City, r.get("city"), "city")
        start, end = self.date(r, "start"), self.date(r, "end", present=True)
        note = self.optional(fields.NOTE, r.get("note"))
        cites = self.cited_ids(r)
        if (organization is None) == (city is None):
            raise self.fail(_("a post names exactly one of organization, city"))
        self.period(start, end)
        candidates = self.post_candidates.get((person, title, organization, city), [])
        found = self.post_of_id(tag)
        if found is None:
            found = next(
                (i for i, data in candidates if i not in self.claimed and data == tag["object"]),
                None,
            )
        if found is None:
            # A newer version of the same membership (its end date given, its sources...):
            # the one post whose object agrees in all that tells memberships apart. Its changed
            # values are then judged as any other (refused unless --overwrite), never a second
            # post beside the first; two alike are two terms, and the object a new post.
            alike = [
                (i, data)
                for i, data in candidates
                if i not in self.claimed and _same_membership(data, tag["object"])
            ]
            if len(alike) == 1:
                found = alike[0][0]
                tag["replaces"] = alike[0][1]
        if found is None:
            # A new post: written with the others once all are read (finish).
            row = _NewRow()
            values = {
                "person_id": person,
                "title": title,
                "organization_id": organization,
                "city_id": city,
                **bulk.date_columns("start", start),
                **bulk.date_columns("end", end),
                "note": note,
            }
            self.new_posts.append((row, values, cites))
            self.created.add(id(row))
            self.last = row
            return row  # type: ignore[return-value]
        self.claimed.add(found)
        same = self.unchanged(found, self.posts_as_read)
        if same is not None:
            self.last = same
            return same  # type: ignore[return-value]
        post = self.session.get_one(Post, found)
        self.assign(
            post,
            {
                "person": self.by_key(Person, r["person"], "person"),
                "title": title,
                "organization": self.by_key(Organization, r.get("organization"), "organization"),
                "city": self.by_key(City, r.get("city"), "city"),
                "start": start,
                "end": end,
                "note": note,
                "sources": self.sources(r),
            },
        )
        return post

    def post_of_id(self, tag: dict) -> int | None:
        """The post kept from a membership with this membership's own Popolo id, of the same
        document (an earlier version): the same membership, whatever its role or dates now
        (a change of them is judged as any other value, refused unless --overwrite). A
        membership without an id is told apart by its fields (post())."""
        from citylinks.formats.popolo import kept_id

        popolo_id = kept_id(tag.get("id"))
        document_id = self.documents.get(tag.get("namespace") or "")
        if popolo_id is None or document_id is None:
            return None
        found = self.posts_by_id.get((document_id, popolo_id))
        return None if found is None or found in self.claimed else found

    # keeping the objects ----------------------------------------------------------------

    def loaded(self, kind: str, record: dict, row: Any) -> None:
        self.own_loaded(kind, record, row)
        if kind == "membership":
            membership = self.last
            created = id(membership) in self.created
            self.phase_records.append((membership, record, created))
            return
        if kind not in _POPOLO_TABLES:
            return
        tag = record.get("_popolo")
        if not tag:
            return
        row = row if row is not None else self.last
        if tag.get("stub"):
            self.count(tag["section"], "stubs")
        elif id(row) in self.created or row in self.session.new:
            self.count(tag["section"], "created")
        else:
            self.count(tag["section"], "matched")
        if tag.get("object") is not None:
            self.pending.append((tag, row, _POPOLO_TABLES[kind]))

    def own_loaded(self, kind: str, record: dict, row: Any) -> None:
        """Count citylinks' own objects `record` was made of (formats.popolo.OWN: a city's
        organization and area, a membership's phases, a role's post, a series' event) as
        created or matched with its row, each once however many records hold it."""
        from citylinks.formats.popolo import OWN

        row = row if row is not None else self.last
        created = id(row) in self.created or row in self.session.new
        held = list(record.get(OWN, []))
        if kind == "membership":
            held += [p for phase in record.get("phase", []) for p in phase.get(OWN, [])]
        for place in held:
            self.own_objects[tuple(place)] = self.own_objects.get(tuple(place), False) or created

    def count_own(self) -> None:
        """The report's counts of citylinks' own objects, once all records are applied."""
        for (section, _place), created in self.own_objects.items():
            self.count(section, "created" if created else "matched")

    def phases_kept(self) -> None:
        """Each phase read from one of another tool's memberships, beside its row."""
        for membership, record, created in self.phase_records:
            stored = sorted(membership.phases, key=lambda p: p.position)
            unclaimed = list(stored)
            for position, p in enumerate(record.get("phase", []), start=1):
                tag = p.get("_popolo")
                row = None
                if created and position <= len(stored):
                    row = stored[position - 1]
                else:
                    row = next(
                        (
                            x
                            for x in unclaimed
                            if x.status == p.get("status") and str(x.start) == p.get("start")
                        ),
                        None,
                    )
                if row is not None and row in unclaimed:
                    unclaimed.remove(row)
                if not tag:
                    continue
                self.count(tag["section"], "created" if created else "matched")
                if row is not None and tag.get("object") is not None:
                    self.pending.append((tag, row, "membership_phase"))

    def keep_objects(self, kept: list[dict]) -> None:
        """The objects citylinks has no table for, kept as they are (once: the same object
        read again is matched)."""
        from citylinks.formats.popolo import kept_id

        extra = schema.popolo_extra
        have = self.session.execute(
            select(
                extra.c.id, extra.c.document_id, extra.c.section, extra.c.popolo_id, extra.c.data
            )
            .where(
                extra.c.table_name.is_(None),
                or_(
                    extra.c.document_id.in_(sorted(set(self.documents.values()))),
                    extra.c.document_id.is_(None),
                ),
            )
            .order_by(extra.c.id)
        ).all()
        recorded: dict[tuple[int | None, str], list] = {}
        by_id: dict[tuple[int | None, str, str], list] = {}  # [extra id, data] by Popolo id
        # Objects kept without a document (before schema 0008, carried by a dataset, or
        # restored): the very same object of this document again is that one, adopted.
        orphans: dict[str, list[tuple[int, Any]]] = {}
        for extra_id, document_id, section, popolo_id, data in have:
            if document_id is None:
                orphans.setdefault(section, []).append((extra_id, data))
                continue
            recorded.setdefault((document_id, section), []).append((extra_id, data))
            if popolo_id is not None:
                by_id.setdefault((document_id, section, popolo_id), [extra_id, data])
        rows = self.kept_rows
        for k in kept:
            document_id = self.documents.get(k.get("namespace") or "")
            # Matched only to an object kept from the same document: two documents may
            # hold the same object, and each keeps its own.
            same = recorded.get((document_id, k["section"]), [])
            found = next((i for i, (_id, data) in enumerate(same) if data == k["object"]), None)
            if found is not None:
                self.seen_extras.add(same.pop(found)[0])
                self.count(k["section"], "matched")
                continue
            pool = orphans.get(k["section"], [])
            alike = [i for i, (_extra_id, data) in enumerate(pool) if data == k["object"]]
            # Only as many as this document holds: more are other documents' too, and
            # nothing tells which is whose (each document keeps its own).
            if alike and len(alike) > sum(o["object"] == k["object"] for o in kept):
                self.notes.append(
                    _(
                        "{section} ({id}): {n} objects like this one were kept without a"
                        " document, and nothing tells which is this document's: this one is"
                        " kept as well",
                        section=k["section"],
                        id=text.safe_for_terminal(str(k.get("id") or "")),
                        n=len(alike),
                    )  # fmt: skip
                )
                alike = []
            if alike and document_id is not None:
                extra_id, _data = pool.pop(alike[0])
                self.seen_extras.add(extra_id)
                self.session.execute(
                    extra.update().where(extra.c.id == extra_id).values(document_id=document_id)
                )
                self.count(k["section"], "matched")
                continue
            # A newer version of an object kept before (the same id): one object, what it
            # leaves out kept as it was, a changed name only with --overwrite.
            popolo_id = kept_id(k["id"])
            earlier = by_id.get((document_id, k["section"], popolo_id or ""))
            if popolo_id is not None and earlier is not None and isinstance(earlier[1], dict):
                self.seen_extras.add(earlier[0])
                merged = {**earlier[1], **k["object"]}
                if merged != earlier[1] and self.kept_changed(
                    k["section"], popolo_id, earlier[1], k["object"]
                ):
                    self.log_kept(earlier[0], None, earlier[1], merged)
                    self.session.execute(
                        extra.update().where(extra.c.id == earlier[0]).values(data=merged)
                    )
                    earlier[1] = merged
                self.count(k["section"], "matched")
                continue
            self.count(k["section"], "kept")
            rows.append(
                {
                    "section": k["section"],
                    "table_name": None,
                    "row_id": None,
                    "row_version": None,
                    "popolo_id": kept_id(k["id"]),
                    "stub": False,
                    "data": k["object"],
                    "document_id": document_id,
                    "position": k.get("position"),
                    "where": k.get("where"),
                    "logged": True,  # no row holds it: its own entry, for undo
                }
            )

    def kept_changed(
        self,
        section: str,
        popolo_id: str,
        before: dict,
        after: dict,
        has_row: bool = False,
        show: Callable[[Any, Any], str] = lambda value, _other: _shown(value),
    ) -> bool:
        """A newer version of a kept object (the same id) that gives a field differently, or
        one the kept object did not hold (an organization's `seats`, a person's `gender` or
        `images`, an election's `name`): refused, as any value the file gives differently
        from the database, unless --overwrite, which the report notes (and the audit log
        keeps, log_kept). A dry run lists every such field. Whether the object may change.
        Of a row's object (`has_row`), only the fields its row does not hold are judged here
        (its `name` or `label` is refused by its row's name, once)."""
        differing = [f for f in after if f not in before or before[f] != after[f]]
        if has_row and section == "organizations" and "links" in differing:
            # Its website link is its row's website, judged there (assign): the other links
            # are the kept field (citylinks' export adds the website an officer gave).
            if _links_but_website(before.get("links")) == _links_but_website(after["links"]):
                differing.remove("links")
        if has_row:  # the fields read into the row's columns are judged there (assign)
            kept_only = _kept_only(section, before, after)
            differing = [
                f
                for f in differing
                if not (f in _ROW_FIELDS or f.startswith("citylinks:"))
                or f in kept_only
                or (self.overwrite and f in ("name", "label"))
            ]
        for field in differing:
            shown = show(before.get(field), after[field])
            shown2 = show(after[field], before.get(field))
            said = {
                "section": section,
                "id": text.safe_for_terminal(popolo_id),
                "field": text.safe_for_terminal(field),
                "shown": shown,
                "shown2": shown2,
            }
            if self.overwrite:
                if (field, shown, shown2) in self.replaced:
                    continue  # the row's value, noted by assign
                self.notes.append(
                    _(
                        "{section} ({id}): {field} {shown} replaced by {shown2} (--overwrite)",
                        **said,
                    )
                )
                continue
            refusal = DatasetError(
                _(
                    "{path}: {section} ({id}): {field} is {shown} in the database but"
                    " {shown2} in the file: correct the file, or add --overwrite to"
                    " replace it",
                    path=self.path,
                    **said,
                )  # fmt: skip
            )
            if self.conflicts is None:
                raise refusal
            self.conflicts.append(str(refusal))  # a dry run: every one is listed
        return self.overwrite or not differing

    def log_kept(
        self, extra_id: int, row: Any, before: dict, after: dict, row_version: Any = None
    ) -> None:
        """The audit log's entry of a kept object changed (--overwrite): `log` shows it, and
        `undo` puts the object back as it was, with the row's version it was kept with, or,
        for a row no one had edited since it was read (`as_read`), the row's version the
        undo leaves (services.undo), so that the export writes the object as it was read."""
        from citylinks import audit

        with audit.in_english():
            label = audit.Labeller(self.session).of(
                getattr(row, "__tablename__", "popolo_extra"),
                getattr(row, "id", None) if row is not None else extra_id,
            )
        at = self.session.info.get("now") or audit.now()
        officer = self.session.info.get("officer", "unknown")
        audit.log_rows(
            self.session,
            [
                audit.entry(
                    at,
                    officer,
                    "update",
                    "popolo_extra",
                    extra_id,
                    label,
                    {
                        "data": before,
                        "row_version": row_version,
                        "as_read": row is not None and extra_id not in self.edited_extras,
                    },
                    {"data": after},
                )
            ],
        )

    def store_extras(self) -> None:
        """Each kept object beside its row, with the row's version (a later edit of the row
        is exported from citylinks' columns); the same object read again changes nothing.
        Each is checked by the rule of every door (formats.popolo.check_kept) first."""
        from citylinks.formats.popolo import SECTIONS, PopoloError, check_kept, kept_id

        self.phases_kept()
        self.session.flush()
        extra = schema.popolo_extra
        # [extra id, popolo id, stub, data, document, row version]
        by_row: dict[tuple[str, int], list[list]] = {}
        # Rows this load made have no kept objects yet.
        ids = {
            (table, row.id) for _unused, row, table in self.pending if id(row) not in self.created
        }
        for table in {t for t, _row_id in ids}:
            wanted = [i for t, i in ids if t == table]
            for start in range(0, len(wanted), 1000):
                for (
                    extra_id,
                    row_id,
                    popolo_id,
                    stub,
                    data,
                    document,
                    row_version,
                ) in self.session.execute(
                    select(
                        extra.c.id,
                        extra.c.row_id,
                        extra.c.popolo_id,
                        extra.c.stub,
                        extra.c.data,
                        extra.c.document_id,
                        extra.c.row_version,
                    )
                    .where(
                        extra.c.table_name == table,
                        schema.ids_in(extra.c.row_id, wanted[start : start + 1000]),
                    )
                    .order_by(extra.c.id)
                ):
                    by_row.setdefault((table, row_id), []).append(
                        [extra_id, popolo_id, stub, data, document, row_version]
                    )

        def check(where: Any, section: Any, table: Any, popolo_id: Any, stub: Any, data: Any):
            try:
                check_kept(section, table, popolo_id, stub, data)
            except PopoloError as exc:
                self.where = where or self.where  # the object's place in the document
                raise self.fail(str(exc)) from None

        rows, changed = self.kept_rows, []
        for tag, row, table in self.pending:
            obj, popolo_id = tag["object"], kept_id(tag["id"])
            kept = by_row.get((table, row.id), [])
            same_object = next((k for k in kept if k[3] == obj), None)
            if same_object is not None and same_object[0] is not None:
                self.seen_extras.add(same_object[0])
            if same_object is not None:
                document_id = self.documents.get(tag.get("namespace") or "")
                if same_object[4] is None and same_object[0] is not None and document_id:
                    # Kept without a document (before schema 0008, or restored), matched by
                    # this document's very object: now this document's.
                    self.session.execute(
                        extra.update()
                        .where(extra.c.id == same_object[0])
                        .values(document_id=document_id)
                    )
                    same_object[4] = document_id
                continue
            # The same object again, with fewer fields (a later document says less) or more:
            # one object, what it leaves out kept as it was read before.
            same = next((k for k in kept if popolo_id is not None and k[1] == popolo_id), None)
            if same is None and tag.get("replaces") is not None:  # post(): a newer version
                same = next((k for k in kept if k[3] == tag["replaces"]), None)
            if same is not None and same[0] is not None:
                self.seen_extras.add(same[0])
            if same is not None and isinstance(same[3], dict):
                merged = {**same[3], **obj}
                if _names_written_alike(same[3], merged):
                    continue  # other_names reordered, a tag's case changed: no change
                stub = bool(same[2]) and bool(tag.get("stub"))
                if merged != same[3] and not same[2]:  # a stub is filled in (fill_stub)
                    if not self.kept_changed(
                        tag["section"], same[1] or "", same[3], obj, has_row=True
                    ):
                        continue
                    if not isinstance(row, _NewRow):
                        self.new_version(row)  # a change of the row: a new version
                    self.log_kept(same[0], row, same[3], merged, same[5])
                if merged != same[3] or stub != bool(same[2]):
                    check(tag.get("where"), tag["section"], table, popolo_id, stub, merged)
                    same[2], same[3] = stub, merged
                    changed.append((same[0], row, stub, merged))
                continue
            rows.append(
                {
                    "section": tag["section"],
                    "table_name": table,
                    "row_id": row.id,
                    "row_version": row.version,
                    "popolo_id": popolo_id,
                    "stub": bool(tag.get("stub")),
                    "data": obj,
                    "document_id": self.documents.get(tag.get("namespace") or ""),
                    "position": tag.get("position"),
                    "where": tag.get("where"),
                    # Beside a row this load made, it goes with the row (an undo of its
                    # insert); beside a recorded row, it has an entry of its own.
                    "logged": id(row) not in self.created,
                }
            )
            kept.append([None, popolo_id, bool(tag.get("stub")), obj, None, None])
            by_row[(table, row.id)] = kept
        for r in rows:
            where = r.pop("where")
            check(where, r["section"], r["table_name"], r["popolo_id"], r["stub"], r["data"])
        # In the document's order, section by section (the export writes them in the order
        # they are stored): the objects with no row among those with one.
        rows.sort(
            key=lambda r: (
                SECTIONS.index(r["section"]) if r["section"] in SECTIONS else -1,
                -1 if r["position"] is None else r["position"],
            )
        )
        for r in rows:
            del r["position"]
        insert_kept(self.session, rows, [r.pop("logged") for r in rows])
        for extra_id, row, stub, data in changed:
            # A row an officer edited since it was read (cited a source of their own...) stays
            # edited: the export writes it from its columns over the newer object, so that
            # what the officer gave is not lost (docs/popolo.md).
            edited = extra_id in self.edited_extras and not stub
            self.session.execute(
                extra.update()
                .where(extra.c.id == extra_id)
                .values(row_version=None if edited else row.version, stub=stub, data=data)
            )


class PopoloRecorded:
    """What the database holds for another tool's ids (formats.popolo.reader.Recorded): the
    records made of the objects with given ids in a given namespace (or, for a global id, in
    any), and whether records hold given keys (tables popolo_extra, popolo_document), looked
    up many at a time."""

    TABLES = ("person", "organization", "city")

    def __init__(self, session: Session) -> None:
        self.conn = session.connection()
        document = schema.popolo_document
        self.namespaces: dict[int, str] = dict(
            self.conn.execute(select(document.c.id, document.c.namespace)).all()
        )
        self.by_id: dict[tuple[str, str, str], str | None] = {}
        self.asked: set[str] = set()
        self.taken: dict[tuple[str, str], bool] = {}
        self.notes: list[str] = []  # for the import report (without_document)

    def look_up(self, ids: set[tuple[str, str]], keys: set[str]) -> None:
        from citylinks.formats.popolo import GLOBAL, global_id

        extra = schema.popolo_extra
        conn = self.conn
        new_ids = sorted({i for _, i in ids} - self.asked)
        self.asked.update(new_ids)
        for name in self.TABLES:
            table = schema.metadata.tables[name]
            for start in range(0, len(new_ids), 5000):
                chunk = set(new_ids[start : start + 5000])
                rows = conn.execute(
                    select(extra.c.popolo_id, extra.c.document_id, table.c.key, extra.c.id)
                    .join(table, table.c.id == extra.c.row_id)
                    .where(extra.c.table_name == name, bulk.among(conn, extra.c.popolo_id, chunk))
                    .order_by(extra.c.id)
                ).all()
                # A Wikidata id is global only where the object kept says so (global_id).
                maybe = [r[3] for r in rows if not global_id(r[0]) and r[0][:1] == "Q"]
                proven = set()
                if maybe:
                    proven = {
                        i
                        for i, data in conn.execute(
                            select(extra.c.id, extra.c.data).where(schema.ids_in(extra.c.id, maybe))
                        )
                        if isinstance(data, dict) and global_id(data.get("id"), data)
                    }
                for popolo_id, document_id, key, extra_id in rows:
                    if global_id(popolo_id) or extra_id in proven:
                        self.by_id.setdefault((name, GLOBAL, popolo_id), key)
                    else:
                        namespace = self.namespaces.get(document_id, "")
                        self.by_id.setdefault((name, namespace, popolo_id), key)
            new_keys = sorted(k for k in keys if (name, k) not in self.taken)
            self.taken.update(((name, k), False) for k in new_keys)
            for start in range(0, len(new_keys), 5000):
                chunk = set(new_keys[start : start + 5000])
                for (key,) in conn.execute(
                    select(table.c.key).where(bulk.among(conn, table.c.key, chunk))
                ):
                    self.taken[(name, key)] = True

    def key_of(self, table: str, scope: str, popolo_id: str) -> str | None:
        if popolo_id not in self.asked:
            self.look_up({(scope, popolo_id)}, set())
        return self.by_id.get((table, scope, popolo_id))

    def key_taken(self, table: str, key: str) -> bool:
        if (table, key) not in self.taken:
            self.look_up(set(), {key})
        return self.taken[(table, key)]

    def without_document(self, table: str, popolo_id: str, obj: dict) -> str | None:
        """The record made of `obj` itself (the same id, every field equal) read without a
        document (popolo_extra.document_id empty: kept before schema 0008 and carried by a
        dataset, or restored): the same document imported again matches it rather than make
        a second record. Another object with that id is another record, never merged; two
        such records equal to `obj` are not told apart: neither is matched, and the report
        says so."""
        extra = schema.popolo_extra
        rows = schema.metadata.tables[table]
        found = self.conn.execute(
            select(rows.c.key, extra.c.data)
            .join(rows, rows.c.id == extra.c.row_id)
            .where(
                extra.c.table_name == table,
                extra.c.popolo_id == popolo_id,
                extra.c.document_id.is_(None),
                extra.c.stub.is_(False),
            )
            .order_by(extra.c.id)
        ).all()
        same = sorted({key for key, data in found if data == obj})
        if len(same) == 1:
            return same[0]
        if len(same) > 1:
            self.notes.append(
                _(
                    "{table} {id!r}: the records {keys} were each read from this object"
                    " without a document, and nothing tells which is its record: neither is"
                    " taken for it, a new record is made",
                    table=table,
                    id=text.safe_for_terminal(popolo_id),
                    keys=listing(same),
                )  # fmt: skip
            )
        elif found:
            self.notes.append(
                _(
                    "{table} {id!r}: read without a document from another object with this"
                    " id: {keys}; not taken for this one (a new record is made): records are"
                    " never merged on an id alone",
                    table=table,
                    id=text.safe_for_terminal(popolo_id),
                    keys=listing(sorted({key for key, _data in found})),
                )  # fmt: skip
            )
        return None

    def without_id(self, table: str, namespace: str) -> list[tuple[str, Any]]:
        document = next((i for i, ns in self.namespaces.items() if ns == namespace), None)
        if document is None:
            return []
        extra = schema.popolo_extra
        rows = schema.metadata.tables[table]
        return [
            (key, data)
            for key, data in self.conn.execute(
                select(rows.c.key, extra.c.data)
                .join(rows, rows.c.id == extra.c.row_id)
                .where(
                    extra.c.table_name == table,
                    extra.c.popolo_id.is_(None),
                    extra.c.document_id == document,
                    extra.c.stub.is_(False),
                )
                .order_by(extra.c.id)
            )
        ]


class _NewRow:
    """A row the bulk path will write: its id once written, and its first version."""

    id: int
    version = 1


def _key_of(record: Any) -> str | None:
    key = record.get("key") if isinstance(record, dict) else None
    return key if isinstance(key, str) else None


# The fields of a dataset record that hold a list (data/README.md): of texts, or of tables
# (formats.dataset's nested records; a role's `review` is one table).
_LIST_FIELDS = ("names", "sources", "phases", "identifiers", "aims", "roles", "posts", "popolo")
_TEXT_LISTS = ("start_sources", "end_sources")


def _wrong_kind(kind: str, record: Any, missing: Any = None) -> str:
    """What is wrong with a hand-edited record that a loader could not read, naming the
    field: said in the file's words (a record that is not a table, a list field written as
    one text, a field left out), never in Python's. `missing` is the key a KeyError gave."""
    if not isinstance(record, dict):
        return _(
            "[[{kind}]] holds {value!r}, not a table of fields: write each record as a [[{kind}]] block of `field = value` lines (data/README.md)",
            kind=kind,
            value=record,
        )
    found = _wrong_field(record)
    if found is not None:
        field, value, wanted = found
        if wanted == "list":
            return _(
                "{field} = {value!r} is not a list: write {field} = [...] (data/README.md)",
                field=field,
                value=value,
            )
        if wanted == "table":
            return _(
                "{field} = {value!r} is not a table of fields: write it as {{ field = value, ... }} (data/README.md)",
                field=field,
                value=value,
            )
        return _(
            '{field} = {value!r} is a list or a table where one value belongs: write {field} = "..." (data/README.md)',
            field=field,
            value=value,
        )
    if isinstance(missing, str) and missing not in record:
        return _(
            "the field {field} is missing or holds a value of the wrong kind: see data/README.md",
            field=missing,
        )
    return _(
        "a field is missing or holds a value of the wrong kind (text, number, list or table): see data/README.md"
    )


def _wrong_field(record: dict, within: str = "") -> tuple[str, Any, str] | None:
    """The first field of `record` (or of a table nested in it, "series[1].names") whose value
    is not of the kind the dataset format gives it: its name, its value, and "list", "table"
    or "value" (a text, number, date or true/false)."""
    from citylinks.formats.dataset import NESTED

    for field, value in record.items():
        name = f"{within}.{field}" if within else str(field)
        if field in NESTED and field != "review":
            if not isinstance(value, list):
                return name, value, "list"
            for number, item in enumerate(value, start=1):
                if not isinstance(item, dict):
                    return f"{name}[{number}]", item, "table"
                found = _wrong_field(item, f"{name}[{number}]")
                if found is not None:
                    return found
        elif field == "review":
            if not isinstance(value, dict):
                return name, value, "table"
            found = _wrong_field(value, name)
            if found is not None:
                return found
        elif field in _LIST_FIELDS or field in _TEXT_LISTS:
            if not isinstance(value, list):
                return name, value, "list"
        elif isinstance(value, (list, dict)) and field not in ("data", "top_level"):
            if str(field).startswith("_"):  # what a reader adds (formats.popolo.OWN)
                continue
            return name, value, "value"
    return None


def cycle(org: Any) -> str | None:
    """What is wrong when `org` (anything with a key and a parent) is its own ancestor
    (a -> b -> a), else None: the dataset import's rule, which `db restore` keeps too."""
    chain, parent, seen = [org.key], org.parent, {id(org)}
    while parent is not None:
        chain.append(parent.key)
        if parent is org:
            return _(
                "organization '{org_key}' would be its own ancestor ({listed}): correct a parent",
                org_key=org.key,
                listed=" -> ".join(chain),
            )
        if id(parent) in seen:  # a cycle above it, said for the organization in it
            return None
        seen.add(id(parent))
        parent = parent.parent
    return None
