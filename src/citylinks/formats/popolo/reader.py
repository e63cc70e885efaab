"""Reading a Popolo document, ours or another tool's, into the dataset format's records (see
the package's docstring)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from citylinks import files, text
from citylinks.dates import DateError, PartialDate
from citylinks.errors import CitylinksError
from citylinks.formats.popolo import (
    DOCUMENTS,
    FORMAT,
    GLOBAL,
    KEPT,
    MANIFEST,
    OWN,
    OWN_TOP_LEVEL,
    POPOLO,
    READ,
    SECTIONS,
    SOURCE_TITLE_LENGTH,
    UNKEPT_TOP_LEVEL,
    PopoloError,
    X,
    as_written,
    check_namespace,
    default_namespace,
    global_id,
    refuse_deep_json,
    stored_file_name,
    valid_namespace,
)
from citylinks.i18n import N_, _, listing, quoted
from citylinks.vocab import NAME_KINDS, ORGANIZATION_KINDS, SESSION_STATUSES, STATUS_NAMES

# Where an error message says a record is, in the words of the Popolo document.
Label = Callable[[str, int, dict], str | None]


# The fields of a Popolo object that hold a name (besides `other_names`), checked in another
# tool's objects kept as they are (_Reader.check_kept_names).
_KEPT_NAMES = (
    "name", "label", "given_name", "family_name", "additional_name", "sort_name",
    "patronymic_name", "honorific_prefix", "honorific_suffix",
)  # fmt: skip

# The tables whose records another tool's ids name, by the prefix of citylinks' own ids.
# A Popolo date given with its time of day ("2008-11-19T09:00:00Z"): the day is the date. Any
# other text is read whole, so that "1404 ش" is not cut to its first ten characters.
_DATE_AND_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ].*")
_ID_TABLES = {"person": "person", "organization": "organization", "city": "city"}


class Recorded(Protocol):
    """What the database holds for another tool's ids (services.records.PopoloRecorded):
    a document that refers to a record by its id finds the record made of the object with
    exactly that id in the same document's namespace (or, for a global id, in any), never
    another whose key or id looks alike."""

    # The notes of the reading for the import report (a `citylinks:key` not given).
    notes: list[str]

    def look_up(self, ids: set[tuple[str, str]], keys: set[str]) -> None:
        """Find, in one go, the records made of objects with these (scope, id) pairs, and
        whether records hold these `keys` (the two methods below look up any other on its
        own). A scope is a namespace, or GLOBAL."""

    def key_of(self, table: str, scope: str, popolo_id: str) -> str | None:
        """The key of the record of `table` made of the object with id `popolo_id` in
        `scope`."""

    def key_taken(self, table: str, key: str) -> bool:
        """Whether a record of `table` holds `key`."""

    def without_id(self, table: str, namespace: str) -> list[tuple[str, Any]]:
        """The records of `table` made of objects with no id in `namespace`: each one's key
        and the object kept beside it, in the order they were kept."""

    def without_document(self, table: str, popolo_id: str, obj: dict) -> str | None:
        """The key of the one record of `table` made of an object with id `popolo_id` that
        was read without a document (kept before schema 0008 and carried by a dataset, or
        restored), when that object is `obj` itself (the same document again); None when
        there is none, or no one (the report says why)."""


def read(
    path: Path, recorded: Recorded | None = None, namespace: str | None = None
) -> tuple[dict[str, list[dict]], Label]:
    """The dataset format's records of the Popolo document at `path`, and where each record
    came from in it (for messages: "memberships #3 (m3)"). Another tool's objects are read
    in `namespace` (by default, the file's name: docs/popolo.md); with `recorded`, their
    ids are matched exactly to the records made of them in an earlier import."""
    if namespace is not None:
        namespace = as_written(namespace)
        check_namespace(namespace)
    document, unkept, twice = files.parse_whole(
        path, _parse, json.JSONDecodeError, PopoloError, "JSON", N_("a Popolo document"),
        encoding="utf-8-sig",
    )  # fmt: skip
    if not isinstance(document, dict) or not any(k in document for k in SECTIONS):
        raise PopoloError(
            _(
                "{path} is not a Popolo document: expected a JSON object with {sections}",
                path=files.shown_path(path),
                sections=listing(SECTIONS),
            )
        )
    if X + "format" in document and document[X + "format"] != FORMAT:
        # Only the format this version writes is citylinks' own: any other value would make
        # another tool's document pass for one (docs/popolo.md).
        raise PopoloError(
            _(
                "{path}: citylinks:format is {value}, which this version of citylinks does not read: it reads {format!r} (citylinks' own export), or a document without citylinks:format (another tool's)",
                path=files.shown_path(path),
                value=text.shortened(json.dumps(document[X + "format"]), 100),
                format=FORMAT,
            )
        )
    if twice:
        raise PopoloError(f"{path}: {_first_twice(document)}")
    if unkept:
        raise PopoloError(f"{path}: {_first_unkept(document)}")
    _refuse_deep(path, document)
    _refuse_long(path, document)
    reader = _Reader(path, recorded, namespace)
    try:
        records = reader.read(document)
    except PopoloError:
        raise
    except CitylinksError as exc:  # a date or a value refused with its reason: said as it is
        raise reader.fail(str(exc)) from None
    except KeyError as exc:
        raise reader.fail(
            _("{field!r} is missing: see docs/popolo.md", field=exc.args[0])
        ) from None
    except (TypeError, AttributeError, ValueError, IndexError):
        # Another tool's document: a number where Popolo has a string, a list for an object.
        raise reader.fail(
            _(
                "not what the Popolo schemas allow: a field holds a value of the wrong kind (text, number, list or object); see docs/popolo.md"
            )
        ) from None
    return records, reader.label


# --- numbers: one answer at every backend (docs/popolo.md, "Numbers"); keys said once ---


class _Unkept:
    """A number of the document that citylinks cannot keep as the number it is: NaN or
    Infinity (not JSON at all), or a number beyond what a JSON number is read as
    everywhere (an IEEE 754 double: 1e99999 would be infinite, 1e-99999 zero)."""

    def __init__(self, text: str, not_json: bool) -> None:
        self.text, self.not_json = text, not_json


class _Twice(dict):
    """An object of the document that gives a key twice (`{"id": "a", "id": "b"}`): JSON
    readers keep the last value without a word, so the document says two things."""

    key: str


def _parse(raw: str) -> tuple[Any, bool, bool]:
    """The document; whether it holds a number citylinks cannot keep (_Unkept); whether an
    object of it gives a key twice (_Twice)."""
    found = []
    twice = []

    def constant(name: str) -> _Unkept:
        found.append(_Unkept(name, True))
        return found[-1]

    def number(written: str) -> float | _Unkept:
        value = float(written)
        digits = written.lower().split("e")[0]
        if math.isinf(value) or (value == 0 and any(c in "123456789" for c in digits)):
            found.append(_Unkept(written, False))
            return found[-1]
        return value

    def pairs(items: list[tuple[str, Any]]) -> dict:
        obj = dict(items)
        if len(obj) == len(items):
            return obj
        marked = _Twice(obj)
        seen: set[str] = set()
        for key, _value in items:
            if key in seen:
                marked.key = key
                break
            seen.add(key)
        twice.append(marked)
        return marked

    document = json.loads(raw, parse_constant=constant, parse_float=number, object_pairs_hook=pairs)
    return document, bool(found), bool(twice)


def _first(document: dict, hit: Callable[[Any], bool]) -> tuple[str, str, Any]:
    """The first value of the document for which `hit` holds: where its object is
    ("persons #3 (p3)", or the document's top level), the field within it ("x.y[1]", "" for
    the object itself), and the value."""
    found = _first_where(document, hit)
    if found is None:
        raise AssertionError("the parser found what is not there")
    return found


def _refuse_long(path: Path, document: dict) -> None:
    """Refuse a document holding a text longer than any door reads (files.LONGEST_TEXT),
    naming its object and field."""
    found = _first_where(document, lambda v: isinstance(v, str) and len(v) > files.LONGEST_TEXT)
    if found is not None:
        where, field, value = found
        raise PopoloError(
            f"{files.shown_path(path)}: " + files.too_long_text(where, field, len(value))
        )


def _first_where(document: dict, hit: Callable[[Any], bool]) -> tuple[str, str, Any] | None:
    """As _first; None when no value is `hit`."""

    def find(value: Any, field: str) -> tuple[str, Any] | None:
        if hit(value):
            return field, value
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else ()
        )
        for k, v in items:
            name = f"{field}[{k}]" if isinstance(k, int) else (f"{field}.{k}" if field else k)
            found = find(v, name)
            if found:
                return found
        return None

    if isinstance(document, _Twice):
        return _("the document's top level"), "", document
    for key, value in document.items():
        if key in SECTIONS and isinstance(value, list):
            for index, obj in enumerate(value, start=1):
                found = find(obj, "")
                if found is None:
                    continue
                # An id given twice is not known: the object is named by its place only.
                ident = obj.get("id") if isinstance(obj, dict) else None
                if isinstance(obj, _Twice) and obj.key == "id":
                    ident = None
                return _place(key, index, ident), *found
        else:
            found = find(value, key)
            if found is not None:
                return _("the document's top level"), *found
    return None


def _first_unkept(document: dict) -> str:
    """Where the first number citylinks cannot keep is, and what to do, in one line."""
    where, field, number = _first(document, lambda v: isinstance(v, _Unkept))
    if number.not_json:
        return _(
            "{where}: the field {field} holds {value}, which is not a JSON number:"
            " write null, or the value as text in quotes",
            where=where, field=field, value=number.text,
        )  # fmt: skip
    return _(
        "{where}: the field {field} holds {value}, a number beyond what JSON numbers"
        " are read as everywhere (a double: at most ±1.8e308, and no non-zero number"
        " closer to zero than 5e-324): write it as text in quotes",
        where=where, field=field, value=number.text,
    )  # fmt: skip


def _refuse_deep(path: Path, document: dict) -> None:
    """Refuse a document whose object, or whose top level as kept, nests deeper than any
    database keeps (JSON_DEPTH), naming the first such object."""
    shown = files.shown_path(path)
    for key, value in document.items():
        if key in SECTIONS and isinstance(value, list):
            for index, obj in enumerate(value, start=1):
                ident = obj.get("id") if isinstance(obj, dict) else None
                try:
                    refuse_deep_json(obj, _place(key, index, ident))
                except PopoloError as exc:
                    raise PopoloError(f"{shown}: {exc}") from None
    # What is kept of the top level: another tool's keys as one object, or, in citylinks'
    # own export, each listed document's `top_level`.
    kept: list[Any] = [
        {k: v for k, v in document.items() if k not in SECTIONS and k not in OWN_TOP_LEVEL}
    ]
    manifest = document.get(MANIFEST)
    if isinstance(manifest, list):
        kept += [d.get("top_level") for d in manifest if isinstance(d, dict)]
    for top_level in kept:
        try:
            refuse_deep_json(top_level, _("the document's top level"))
        except PopoloError as exc:
            raise PopoloError(f"{shown}: {exc}") from None


def _first_twice(document: dict) -> str:
    """Where the first object that gives a key twice is, in one line."""
    where, field, obj = _first(document, lambda v: isinstance(v, _Twice))
    if field:
        return _(
            "{where}: {field} gives the key {key!r} twice: JSON keeps only the last value"
            " without a word, so say it once",
            where=where, field=field, key=text.shortened(obj.key),
        )  # fmt: skip
    return _(
        "{where}: the key {key!r} is given twice: JSON keeps only the last value without a"
        " word, so say it once",
        where=where, key=text.shortened(obj.key),
    )  # fmt: skip


class _Reader:
    """A Popolo document -> the dataset format's records (data/README.md).

    Another tool's ids are the document's own: each object is read in its document's
    namespace, and its ids (its own and those it refers to) are looked up in that namespace
    only, or, for a global id (formats.popolo.global_id), in every document. Internally an
    id is held scoped (`scoped`): citylinks' own ids as they are, another tool's as
    NUL + scope + NUL + id."""

    def __init__(
        self, path: Path, recorded: Recorded | None = None, namespace: str | None = None
    ) -> None:
        self.path = path
        self.recorded = recorded
        self.explicit = namespace is not None
        self.namespace = namespace if namespace is not None else default_namespace(path)
        self.where = ""
        self.ns: str | None = None  # the namespace of the object being read (None: ours)
        self.space: dict[int, str] = {}  # id(object) -> its namespace, for other tools'
        self.written: dict[str, tuple[str, str]] = {}  # an export's id -> (namespace, id)
        self.global_ids: set[tuple[str, str]] = set()  # (namespace, id) proven global
        self.keys: dict[str, str] = {}  # scoped popolo id -> citylinks key
        self.taken: dict[tuple[str, str], str] = {}  # (kind, citylinks key) -> scoped id
        self.look_alike: set[str] = set()  # scoped ids that do not keep their bare slug
        self.sources: dict[str, dict] = {}  # key -> source record
        self.url_sources: dict[str, str] = {}  # url -> key
        self.city_ids: set[str] = set()  # scoped ids of the organizations that are cities
        # Where in the document each record it gives the loader comes from, by id(record): the
        # loader's messages name "memberships #3 (m3)", not the dataset format's "[[post]] #1".
        self.origins: dict[int, str] = {}
        # Each object's place in its section (from 0), by id(object): the objects kept are
        # stored, and so written back, in the document's order (docs/popolo.md).
        self.positions: dict[int, int] = {}
        # Another tool's document (or an object citylinks wrote back as it read it, listed in
        # `citylinks:documents`): each object is kept whole beside the record made of it.
        self.own = False
        self.present: set[str] = set()  # the scoped ids of the document's objects
        self.kept: list[dict] = []  # objects citylinks does not model, kept as they are
        self.stubs: dict[str, dict] = {}  # scoped popolo id -> the stub record standing for it
        self.out: dict[str, list[dict]] = {}
        self.org_records: dict[str, dict] = {}  # key -> organization record
        self.documents: list[dict] = []  # the documents read, by namespace (DOCUMENTS)
        self.unkept_top_level: list[str] = []  # an export's top-level keys of no document
        self.slugs: dict[str, str] = {}  # id -> its slug (slug)
        self.dates: dict[str, str] = {}  # a Popolo date -> citylinks' (date)
        # (table, namespace) -> the records made of objects with no id not yet matched
        self.without_ids: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        self.by_scoped: dict[str, dict] = {}  # another tool's objects, by scoped id
        # (namespace, id) of another tool's object in citylinks' export -> the key an officer
        # gave its record (`citylinks:key`, formats.popolo.writer._changed_key).
        self.given_keys: dict[tuple[str, str], str] = {}
        # ...and where each such object is in the document, for the report's note when its
        # key is another record's (given_key).
        self.given_places: dict[tuple[str, str], str] = {}

    def at(self, where: str, obj: Any) -> None:
        """Start reading `obj`, at `where` in the document: in its namespace."""
        self.where = where
        self.ns = self.space.get(id(obj)) if isinstance(obj, dict) else None

    def scoped(self, popolo_id: str) -> str:
        """`popolo_id` as the object being read means it: another tool's id in its scope
        (its namespace, or GLOBAL); in citylinks' own object, an id of an export's object
        of another tool is that object's, any other is citylinks' own."""
        if self.ns is None:
            found = self.written.get(popolo_id)
            if found is None:
                return popolo_id
            ns, popolo_id = found
        else:
            ns = self.ns
        scope = GLOBAL if global_id(popolo_id) or (ns, popolo_id) in self.global_ids else ns
        return f"\x00{scope}\x00{popolo_id}"

    def foreign(self, obj: dict) -> bool:
        return id(obj) in self.space

    def tag(self, record: dict, section: str, obj: dict) -> dict:
        """Keep another tool's object `obj` with the record made of it (docs/popolo.md); of
        citylinks' own object, note that the record holds it (OWN: the report counts it)."""
        if not self.foreign(obj):
            return self.own_object(record, section, obj)
        record[POPOLO] = self.as_read(section, obj)
        return record

    def as_read(self, section: str, obj: dict) -> dict:
        """Another tool's object as it is kept: where it was read, and the object whole."""
        return {
            "section": section,
            "id": obj.get("id"),
            "namespace": self.ns,
            "object": {k: v for k, v in obj.items() if k != X + "foreign"},
            "where": self.where,
            "position": self.positions.get(id(obj)),
        }

    def own_object(self, record: dict, section: str, obj: Any) -> dict:
        """Note that `record` holds citylinks' own object `obj` of `section` (once)."""
        if isinstance(obj, dict) and not self.foreign(obj) and id(obj) in self.positions:
            held = record.setdefault(OWN, [])
            place = (section, self.positions[id(obj)])
            if place not in held:
                held.append(place)
        return record

    def keep(self, section: str, obj: dict) -> None:
        """An object citylinks has no table for: kept as it is, and written back."""
        self.kept.append(self.as_read(section, obj))

    def stub(self, popolo_id: str, kind: str) -> str:
        """The key of the record for `popolo_id`, an id the document refers to without holding
        the object: a stub record that says so (matched to the record made of the same id
        in the same namespace, or of the same global id, when one is recorded)."""
        prefix = "organization" if kind == "organization" else kind
        key = self.key(popolo_id, prefix) or ""
        scoped = self.scoped(popolo_id)
        if scoped in self.present or scoped in self.stubs:
            return key
        record = {
            "key": key,
            "names": [{"lang": "und", "name": text.shortened(popolo_id, 200), "kind": "official"}],
            POPOLO: {
                "section": "persons" if kind == "person" else "organizations",
                "id": popolo_id,
                "namespace": self.ns,
                "object": {"id": popolo_id},
                "stub": True,
                "where": self.where,
            },
        }
        if kind == "organization":
            record["kind"] = "network"
            record["note"] = (
                f"A stub: {stored_file_name(self.path)} refers to '{text.shortened(popolo_id, 100)}' but does"
                " not hold it."
            )
            self.org_records[key] = record
        self.stubs[scoped] = self.came_from(record)
        if kind == "person":
            self.out["person"].append(record)
        return key

    def fail(self, message: str) -> PopoloError:
        if not self.where:  # the document as a whole (a section that is not a list)
            return PopoloError(f"{files.shown_path(self.path)}: {message}")
        return PopoloError(f"{files.shown_path(self.path)}: {self.where}: {message}")

    def came_from(self, record: dict, where: str | None = None) -> dict:
        """Note that `record` was read at `where` (by default, the object being read)."""
        self.origins[id(record)] = where or self.where
        return record

    def label(self, kind: str, index: int, record: dict) -> str | None:
        """For the dataset loader's messages: where `record` is in the Popolo document."""
        return self.origins.get(id(record))

    def key(self, popolo_id: str | None, prefix: str) -> str | None:
        """The citylinks key of a Popolo id: ours ('city/yazd' -> 'yazd') or another tool's
        (a slug of it, or the key of the record made of it before)."""
        if popolo_id is None:
            return None
        if not isinstance(popolo_id, str):  # Popolo's ids are text: read() says so
            raise TypeError(popolo_id)
        scoped = self.scoped(popolo_id)
        if scoped in self.keys:
            return self.keys[scoped]
        if not scoped.startswith("\x00"):
            found = popolo_id[len(prefix) + 1 :] if popolo_id.startswith(prefix + "/") else None
            found = found or self.slug(popolo_id) or _digest(popolo_id)[:12]
        else:
            scope, bare = scoped[1:].split("\x00", 1)
            found = self.slug(bare) or _digest(bare)[:12]
            if scoped in self.look_alike:
                found = f"{found[:55]}-{_digest(bare)[:8]}"
            given = self.given_key(scope, bare, prefix)
            found = given or self.recorded_key(scope, bare, prefix, found)
        # Two ids are two records, however alike their slugs ("Net_A" and "net-a",
        # "ocd/city:بم" and "ocd/city:زابل", `legislature` of two documents): the second gets
        # its own key, never the first's.
        n = 0
        while self.taken.setdefault((prefix, found), scoped) != scoped:
            n += 1
            found = f"{found[:55]}-{_digest(scoped + str(n))[:8]}"
        self.keys[scoped] = found
        if scoped.startswith("\x00"):
            self.note_key_not_given(scope, bare, prefix, found)
        return found

    def note_key_not_given(self, scope: str, popolo_id: str, prefix: str, used: str) -> None:
        """The report's note on an object whose `citylinks:key` its record was not given: a
        record (another) holds that key, so the object's record has another."""
        given = self.given_keys.get((self.ns or scope, popolo_id))
        table = _ID_TABLES.get(prefix)
        if given is None or given == used or self.recorded is None or table is None:
            return
        if self.recorded.key_of(table, scope, popolo_id) is not None:
            return  # the record made of it before keeps its own key: no key is being given
        self.recorded.notes.append(  # the import report's notes
            _(
                "{where}: its citylinks:key {given!r} is the key of another {table}; this one is keyed {used!r}",
                where=self.given_places.get((self.ns or scope, popolo_id), popolo_id),
                given=given,
                table=_(table),
                used=used,
            )
        )

    def slug(self, popolo_id: str) -> str:
        """The slug a key is made of (text.slugify, at most 64 characters), worked out once
        an id: each id is looked at several times (look-alikes, the recorded keys, its key)."""
        found = self.slugs.get(popolo_id)
        if found is None:
            found = self.slugs[popolo_id] = text.slugify(popolo_id)[:64]
        return found

    def record_key(self, obj: dict, prefix: str) -> str:
        """The key of the record of `obj`, by its id (key); an object of another tool may
        have none (Popolo does not require one): see key_without_id."""
        if obj.get("id") is not None or not self.foreign(obj):
            key = self.key(obj.get("id"), prefix)
            if key is None:
                raise self.fail(
                    _(
                        "no id: every object of citylinks' own export has one; give it its"
                        " id, or export the file again (docs/popolo.md)"
                    )
                )
            return key
        return self.key_without_id(obj, prefix)

    def key_without_id(self, obj: dict, prefix: str) -> str:
        """The key of the record of another tool's object with no id: a record of its own,
        found by no id and looked up by none. Loading the same document again finds the
        record made of the very same object (equal in every field) in the same namespace;
        any other is a new record, with a key of the object's name (or `prefix`) and a short
        hash of the namespace and object."""
        table = _ID_TABLES[prefix]
        obj = {k: v for k, v in obj.items() if k != X + "foreign"}
        namespace = self.ns or ""
        if self.recorded is not None:
            pool = self.without_ids.get((table, namespace))
            if pool is None:
                pool = self.without_ids[(table, namespace)] = list(
                    self.recorded.without_id(table, namespace)
                )
            for index, (key, data) in enumerate(pool):
                if data == obj:
                    del pool[index]
                    self.taken[(prefix, key)] = f"\x01{key}"
                    return key
        for n in range(1000):
            key = _key_without_id(namespace, obj, prefix, n)
            if (prefix, key) in self.taken:
                continue
            if self.recorded is not None and self.recorded.key_taken(table, key):
                continue
            self.taken[(prefix, key)] = f"\x01{key}"
            return key
        raise self.fail(_("no key is free for this object"))

    def given_key(self, scope: str, popolo_id: str, prefix: str) -> str | None:
        """The key citylinks' export gave the object (`citylinks:key`), for a record no
        earlier import made of it (the record made before keeps its key) when no record
        holds that key; None otherwise (then the key is made of the id)."""
        given = self.given_keys.get((self.ns or scope, popolo_id))
        if given is None:
            return None
        table = _ID_TABLES.get(prefix)
        if self.recorded is None or table is None:
            return given
        if self.recorded.key_of(table, scope, popolo_id) is not None:
            return None
        return None if self.recorded.key_taken(table, given) else given

    def recorded_key(self, scope: str, popolo_id: str, prefix: str, found: str) -> str:
        """The key of the record an earlier import made of the object with exactly this id
        in this scope; for an id no record was made of, `found`, unless a record holds it
        (citylinks' own, or one made of another id or of the same id in another document):
        then a key of its own (the slug and a short hash of the scope and id)."""
        table = _ID_TABLES.get(prefix)
        if self.recorded is None or table is None:
            return found
        exact = self.recorded.key_of(table, scope, popolo_id)
        if exact is not None:
            return exact
        obj = self.by_scoped.get(f"\x00{scope}\x00{popolo_id}")
        if obj is not None and scope != GLOBAL:
            exact = self.recorded.without_document(table, popolo_id, obj)
            if exact is not None:
                return exact
        if not self.recorded.key_taken(table, found):
            return found
        for length in (8, 16, 40):
            own = f"{found[: 63 - length]}-{_digest(scope + chr(0) + popolo_id)[:length]}"
            if not self.recorded.key_taken(table, own):
                return own
        raise self.fail(_("no key is free for {id!r}", id=text.shortened(popolo_id, 100)))

    def look_up_recorded(self, doc: dict) -> None:
        """The records earlier imports made of the document's ids, in one go."""
        if self.recorded is None:
            return
        pairs = set()
        keys = set()
        for scoped in self.present:
            if scoped.startswith("\x00"):
                scope, bare = scoped[1:].split("\x00", 1)
                pairs.add((scope, bare))
                keys.add(self.slug(bare))
        for section in ("persons", "organizations"):
            for obj in _objects(doc, section):
                ns = self.space.get(id(obj))
                if isinstance(obj.get("id"), str) and ns is not None:
                    # Each of another tool's objects by its id, for the records read without
                    # a document (recorded_key).
                    was, self.ns = self.ns, ns
                    kept = {k: v for k, v in obj.items() if k != X + "foreign"}
                    self.by_scoped.setdefault(self.scoped(obj["id"]), kept)
                    self.ns = was
                if obj.get("id") is None and ns is not None:
                    prefix = "person" if section == "persons" else "organization"
                    if obj.get("classification") == "city":
                        prefix = "city"
                    kept = {k: v for k, v in obj.items() if k != X + "foreign"}
                    keys.add(_key_without_id(ns, kept, prefix, 0))
        keys.update(self.given_keys.values())
        if pairs or keys:
            self.recorded.look_up(pairs, {k for k in keys if k})

    def find_look_alike_ids(self, doc: dict) -> None:
        """The ids of the document whose slugs are alike ("Net_A", "net-a") within one
        namespace: all but the first in sorted order get their own key (the slug and a short
        hash of the id), so that the same document, in any order, gives the same keys."""
        by_slug: dict[tuple[str, str], set[str]] = {}
        for section in SECTIONS:
            objects = doc.get(section)
            for obj in objects if isinstance(objects, list) else []:
                popolo_id = obj.get("id") if isinstance(obj, dict) else None
                if isinstance(popolo_id, str):
                    self.at(self.where, obj)
                    scoped = self.scoped(popolo_id)
                    scope = scoped[1:].split("\x00", 1)[0] if scoped.startswith("\x00") else "."
                    by_slug.setdefault((scope, self.slug(popolo_id)), set()).add(scoped)
        self.look_alike = {i for ids in by_slug.values() if len(ids) > 1 for i in sorted(ids)[1:]}

    # the document's namespaces --------------------------------------------------------------

    def check_sections(self, doc: dict) -> None:
        """Each section is a list (Popolo's schemas: an array), or the document is refused
        naming it; and no id is given twice in one (persons and organizations: the loader
        says so, as for a dataset file's records), naming both places."""
        for section in SECTIONS:
            objects = doc.get(section, [])
            if not isinstance(objects, list):
                self.where = ""
                raise self.fail(
                    _(
                        '{section} is {value}, not a list of objects: write "{section}": [] or leave it out',
                        section=section,
                        value=text.shortened(json.dumps(objects), 40),
                    )
                )
            if section in ("persons", "organizations"):
                continue
            seen: dict[str, str] = {}
            for index, obj in enumerate(objects, start=1):
                ident = obj.get("id") if isinstance(obj, dict) else None
                if not isinstance(ident, str):
                    continue
                place = _place(section, index, ident)
                first = seen.setdefault(ident, place)
                if first != place:
                    self.where = first
                    raise self.fail(
                        _(
                            "{place} has the same id again: give each object an id of its own",
                            place=place,
                        )
                    )

    def check_ids(self, doc: dict) -> None:
        """An id (an object's own, one it refers to in a `..._id` field or `member`) with a
        hidden character (a bidi control, a control character) is refused naming the field,
        before it becomes anything else (a stub's name and note)."""
        for section in SECTIONS:
            for index, obj in enumerate(doc.get(section, []), start=1):
                if not isinstance(obj, dict):
                    continue
                member = obj.get("member")
                fields = [(k, v) for k, v in obj.items() if k == "id" or k.endswith("_id")]
                if isinstance(member, dict):
                    fields.append(("member.id", member.get("id")))
                self.check_texts(
                    section,
                    index,
                    obj,
                    fields,
                    lambda v: text.refuse_hidden_characters(v, N_("id")),
                )

    def check_texts(
        self, section: str, index: int, obj: dict, fields: list, check: Callable[[str], object]
    ) -> None:
        """Each text of `fields` ((field, value) pairs of `obj`, #`index` of `section`) by
        the text rule `check`: the first it refuses is said naming the object (its id made
        visible) and the field (but `name`, which the rule's message names)."""
        for field, value in fields:
            if not isinstance(value, str):
                continue
            try:
                check(value)
            except text.TextError as exc:
                ident = obj.get("id")
                shown = text.safe_for_terminal(ident) if isinstance(ident, str) else ident
                self.where = _place(section, index, shown)
                raise self.fail(str(exc) if field == "name" else f"{field}: {exc}") from None

    def check_parents(self, doc: dict) -> None:
        """An organization that is its own parent, or whose parents go round in a circle
        (a -> b -> a), is refused naming the organizations and where they are (never as a
        parent not found)."""
        parents: dict[str, tuple[str, Any]] = {}
        for index, o in enumerate(doc.get("organizations", []), start=1):
            if isinstance(o, dict) and isinstance(o.get("id"), str):
                parents.setdefault(
                    o["id"], (_place("organizations", index, o["id"]), o.get("parent_id"))
                )
        for ident, (place, parent) in parents.items():
            chain = [ident]
            while isinstance(parent, str) and parent in parents and parent not in chain:
                chain.append(parent)
                parent = parents[parent][1]
            if parent != ident:
                continue
            self.where = place
            if len(chain) == 1:
                raise self.fail(
                    _(
                        "the organization is its own parent (parent_id {id!r}): remove parent_id, or give the organization it belongs to",
                        id=text.shortened(str(ident)),
                    )
                )
            raise self.fail(
                _(
                    "the organizations' parents go round in a circle: {cycle} ({places}): remove one of these parent_id",
                    cycle=text.shortened(" → ".join(quoted(i) for i in [*chain, ident]), 300),
                    places=listing([parents[i][0] for i in chain]),
                )
            )

    def find_spaces(self, doc: dict) -> None:
        """Which objects are another tool's, and in which namespace: every object of another
        tool's document in the document's; in citylinks' export, those `citylinks:documents`
        lists (their ids as the documents had them: an export renames an id two documents
        share), and any marked `citylinks:foreign` (an export before schema 0008) in the
        document's namespace. Also the documents read, with their top-level keys."""
        top_level = {k: v for k, v in doc.items() if k not in SECTIONS and k not in OWN_TOP_LEVEL}
        if not self.own:
            self.check_namespace()
            for section in SECTIONS:
                for obj in _objects(doc, section):
                    self.space[id(obj)] = self.namespace
            self.documents.append(
                {"namespace": self.namespace, "top_level": top_level, "explicit": self.explicit}
            )
            self.find_global_ids(doc)
            return
        manifest = doc.get(MANIFEST) or []
        if not isinstance(manifest, list):
            raise self.fail(_("{what} is not a list: see docs/popolo.md", what=MANIFEST))
        for entry in manifest:
            self.where = MANIFEST
            ns = entry["namespace"]
            ns = as_written(ns) if isinstance(ns, str) else ns
            if not isinstance(ns, str) or not valid_namespace(ns):
                raise self.fail(_("the namespace {name!r} is not one", name=ns))
            try:
                check_namespace(ns)
            except PopoloError as exc:
                raise self.fail(str(exc)) from None
            original = dict(entry.get("renamed") or {})  # the id written -> the document's
            written = {bare: w for w, bare in original.items()}
            for section, runs in (entry.get("objects") or {}).items():
                objects = doc[section]
                for start, end in runs:
                    for index in range(start, end):
                        obj = objects[index]
                        if original:
                            obj = objects[index] = _renamed(obj, original)
                        self.space[id(obj)] = ns
                        self.take_given_key(obj, ns, _place(section, index + 1, obj.get("id")))
                        if isinstance(obj.get("id"), str):
                            self.written[written.get(obj["id"], obj["id"])] = (ns, obj["id"])
            self.documents.append(
                {
                    "namespace": ns,
                    "top_level": entry.get("top_level") or {},
                    "explicit": True,
                    "file_name": entry.get("file"),
                    "digest": entry.get("digest"),
                    "first_imported": entry.get("first_imported"),
                    "last_imported": entry.get("last_imported"),
                }
            )
        unkept = [
            k for k in top_level if len(manifest) != 1 or k not in manifest[0].get("top_level", {})
        ]
        if unkept:
            self.unkept_top_level = unkept
        legacy = False
        for section in SECTIONS:
            for obj in _objects(doc, section):
                if obj.get(X + "foreign") and id(obj) not in self.space:
                    self.space[id(obj)] = self.namespace
                    legacy = True
                    if isinstance(obj.get("id"), str):
                        self.written.setdefault(obj["id"], (self.namespace, obj["id"]))
        if legacy:
            self.check_namespace()
            self.documents.append(
                {"namespace": self.namespace, "top_level": {}, "explicit": self.explicit}
            )
        self.find_global_ids(doc)

    def take_given_key(self, obj: dict, ns: str, where: str = "") -> None:
        """The key citylinks' export gives another tool's object (`citylinks:key`: its
        record's key is not the one the id makes), taken off the object, which is kept as
        the document had it (the export says the key again, formats.popolo.writer)."""
        if not isinstance(obj, dict) or X + "key" not in obj:
            return
        given = obj.pop(X + "key")
        if not isinstance(given, str) or not given.strip():
            raise self.fail(
                _(
                    "{field} is {value}, not a record's key: give the key as text, or remove it",
                    field=X + "key",
                    value=text.shortened(json.dumps(given, ensure_ascii=False), 60),
                )
            )
        if isinstance(obj.get("id"), str):
            self.given_keys[(ns, obj["id"])] = given
            self.given_places[(ns, obj["id"])] = where or obj["id"]

    def check_kept_names(self, doc: dict) -> None:
        """The names in another tool's objects, all kept as they are and written back on
        export (an election's or an area's `name`, a post's `label`, other names, a person's
        given and family names), checked by the rule of another tool's names (text.
        check_as_written): a hidden character (a bidi override, a control character), nothing
        visible or a name longer than citylinks keeps refuses the document, naming the object,
        as it does in a name citylinks stores in a row."""
        for section in SECTIONS:
            for index, obj in enumerate(doc.get(section) or [], start=1):
                if not isinstance(obj, dict) or id(obj) not in self.space:
                    continue
                names = [(f, obj.get(f)) for f in _KEPT_NAMES]
                others = obj.get("other_names")
                if section in ("persons", "organizations"):
                    # Their names are the rows' names, which the loader checks as such.
                    names, others = names[1:], None
                if isinstance(others, list):
                    names += [
                        (f"other_names[{n}].name", o.get("name"))
                        for n, o in enumerate(others)
                        if isinstance(o, dict)
                    ]
                self.check_texts(
                    section, index, obj, names, lambda v: text.check_as_written(v, N_("name"))
                )

    def check_namespace(self) -> None:
        """The namespace the document's objects are read in is one (check_namespace); when
        it is the file's name, the message says how to give another. A file's name with a
        hidden character (a zero width space, a bidi override) is no namespace: what it
        would be is not what the officer sees."""
        if not self.explicit and text.has_hidden_characters(self.path.name):
            raise PopoloError(
                _(
                    "{path}: the file's name holds a hidden character, so it cannot be the"
                    " document's namespace: give --namespace NAME (or rename the file)",
                    path=stored_file_name(self.path),
                )
            )
        try:
            check_namespace(self.namespace)
        except PopoloError as exc:
            if self.explicit:
                raise
            raise PopoloError(
                _(
                    "{path}: {problem} (the namespace is the file's name: give --namespace NAME)",
                    path=self.path,
                    problem=str(exc),
                )
            ) from None

    def find_global_ids(self, doc: dict) -> None:
        """The Wikidata ids of the document that its objects prove global (global_id)."""
        for section in SECTIONS:
            for obj in _objects(doc, section):
                ns = self.space.get(id(obj))
                if ns is not None and global_id(obj.get("id"), obj):
                    self.global_ids.add((ns, obj["id"]))

    def date(self, obj: dict, name: str) -> str:
        if obj.get(X + name):
            return str(obj[X + name])
        value = obj.get(name)
        if not value:
            return "unknown"
        written = str(value)
        if _DATE_AND_TIME.fullmatch(written):
            day = written[:10]  # the day of an ISO date and time, one of a real moment
            try:
                datetime.fromisoformat(written)
            except ValueError:
                try:
                    date.fromisoformat(day)
                except ValueError:
                    pass  # no day: the day's own error (below)
                else:
                    raise self.fail(
                        _(
                            "{field}: the time of day of {value} is not a time (hours 00-23,"
                            " minutes and seconds 00-59, as ISO 8601 writes them): correct it,"
                            " e.g. 2015-01-01T09:00:00Z, or give the day alone (2015-01-01)",
                            field=name,
                            value=text.shortened(json.dumps(written, ensure_ascii=False), 60),
                        )
                    ) from None
            written = day
        found = self.dates.get(written)
        if found is None:
            try:
                found = self.dates[written] = str(PartialDate.parse("g:" + written))
            except DateError as exc:
                raise self.fail(f"{name}: {exc}") from None
        return found

    def review(self, review: object) -> dict | None:
        """A role's reviewed finding (`citylinks:review`), its sources as keys."""
        if not isinstance(review, dict):
            return None if review is None else {"check": review}  # refused by the loader
        return {**review, "sources": self.src(review.get("sources"))}

    def src(self, links: list[dict] | None) -> list[str]:
        keys = []
        for link in links or []:
            key = link.get(X + "source")
            if key is not None:
                # citylinks' own link names its source: recorded, or refused by the loader
                # as an unknown key (as in every other door), never invented from the url.
                keys.append(key)
                continue
            url = link.get("url")
            if not url:
                raise self.fail(_("a source link has no url"))
            key = self.url_sources.get(url)
            if key is None:
                key = source_key_of_url(url)
                self.sources[key] = self.came_from(
                    {
                        "key": key,
                        "kind": "web-page",
                        "title": link.get("note") or text.shortened(url, SOURCE_TITLE_LENGTH),
                        "url": url,
                        "published": "unknown",
                        "note": "A source link of a Popolo document.",
                    },
                    f"{self.where}, its source link {url}",
                )
                self.url_sources[url] = key
            keys.append(key)
        return list(dict.fromkeys(keys))

    def names(self, obj: dict) -> list[dict]:
        others = obj.get("other_names") or []
        if self.foreign(obj):
            return self.foreign_names(obj)
        if others and all(X + "lang" in o for o in others):
            names = [
                {"lang": o[X + "lang"], "name": o["name"], "kind": _kind(o.get("note"))}
                for o in others
            ]
            # `name` is the first of other_names as exported: one changed alone (an officer
            # editing the file) is that name renamed, never ignored.
            name = obj.get("name")
            if isinstance(name, str) and name and all(n["name"] != name for n in names):
                names[0]["name"] = name
            return names
        names = []
        if obj.get("name"):
            names.append(
                {"lang": _guess_lang(obj["name"]), "name": obj["name"], "kind": "official"}
            )
        for o in others:
            if o.get("name") and o["name"] != obj.get("name"):
                lang = o.get(X + "lang") or _guess_lang(o["name"])
                names.append(
                    {"lang": lang, "name": o["name"], "kind": _kind(o.get("note"), "alternate")}
                )
        if not names:
            raise self.fail(_("no name"))
        return names

    def foreign_names(self, obj: dict) -> list[dict]:
        """Another tool's names, each with its language as tagged (`lang`), or `und`
        (undetermined) where it has none: never guessed from the script."""
        names = []
        if obj.get("name"):
            names.append({"lang": "und", "name": obj["name"], "kind": "official"})
        for o in obj.get("other_names") or []:
            if o.get("name"):
                lang = o.get("lang") or o.get(X + "lang") or "und"
                # A name given already in the same language is one name (an edited object's
                # other_names, written by citylinks, hold its `name` too).
                if any(
                    text.same_language(n["lang"], lang) and n["name"] == o["name"] for n in names
                ):
                    continue
                names.append(
                    {"lang": lang, "name": o["name"], "kind": _kind(o.get("note"), "alternate")}
                )
        if not names:
            raise self.fail(_("no name"))
        return names

    def read(self, doc: dict) -> dict[str, list[dict]]:
        self.own = X + "format" in doc
        self.check_sections(doc)
        self.check_ids(doc)
        self.check_parents(doc)
        self.find_spaces(doc)
        self.check_kept_names(doc)
        self.present = set()
        for section in SECTIONS:
            for position, o in enumerate(doc.get(section) or []):
                self.positions[id(o)] = position
            for o in _objects(doc, section):
                if isinstance(o.get("id"), str):
                    self.at(self.where, o)
                    self.present.add(self.scoped(o["id"]))
        self.ns = None
        self.find_look_alike_ids(doc)
        self.look_up_recorded(doc)
        for index, s in enumerate(doc.get(X + "sources", []), start=1):
            self.where = _place(f"{X}sources", index, s.get("key"))
            self.sources[s["key"]] = self.came_from(s)
            if s.get("url"):
                self.url_sources.setdefault(s["url"], s["key"])
        out: dict[str, list[dict]] = {
            k: []
            for k in (
                "country",
                "city",
                "person",
                "organization",
                "session",
                "membership",
                "role",
                "post",
            )
        }
        self.out = out
        areas = {}
        for a in _objects(doc, "areas"):
            if a.get("id"):
                self.at(self.where, a)
                areas[self.scoped(a["id"])] = a
        orgs = doc.get("organizations", [])
        for o in orgs:
            if self.is_city(o, areas) and o.get("id"):
                self.at(self.where, o)
                self.city_ids.add(self.scoped(o["id"]))
        for index, a in enumerate(doc.get("areas", []), start=1):
            self.at(f"areas #{index}", a)
            if self.foreign(a) and not _iso_country(a):
                # Another tool's area is a country of citylinks only when it names one by
                # its ISO 3166-1 code, as `country add` takes it; any other is kept as it is.
                self.keep("areas", a)
                continue
            if a.get("classification") == "country":
                names = [
                    {"lang": "en", "name": a.get("name") or a.get("identifier"), "kind": "official"}
                ]
                if a.get(X + "name_fa"):
                    names.append({"lang": "fa", "name": a[X + "name_fa"], "kind": "official"})
                elif self.foreign(a):
                    # Another tool's Persian name of the country (`lang` "fa"): the
                    # country's Persian name if it has none (services.records says which).
                    persian = [
                        o["name"]
                        for o in a.get("other_names") or []
                        if isinstance(o, dict)
                        and isinstance(o.get("name"), str)
                        and (o.get("lang") or o.get(X + "lang")) == "fa"
                    ]
                    if persian:
                        names.append({"lang": "fa", "name": persian[0], "kind": "alternate"})
                code = a.get("identifier") or a["id"].rsplit("/", 1)[-1]
                if isinstance(a.get("id"), str):
                    self.keys[self.scoped(a["id"])] = code
                out["country"].append(
                    self.came_from(self.tag({"code": code, "names": names}, "areas", a))
                )
        for index, o in enumerate(orgs, start=1):
            self.at(_place("organizations", index, o.get("id")), o)
            if self.is_city(o, areas):
                record = self.tag(self.city(o, areas), "organizations", o)
                if o.get("area_id"):  # the city's area is the same record
                    self.own_object(record, "areas", areas.get(self.scoped(o["area_id"])))
                out["city"].append(self.came_from(record))
        org_records = []
        first_at: dict[str, str] = {}  # key -> where the document first gives it
        for index, o in enumerate(orgs, start=1):
            self.at(_place("organizations", index, o.get("id")), o)
            if not self.is_city(o, areas):
                record = self.came_from(self.tag(self.organization(o), "organizations", o))
                if record["key"] in first_at:
                    # As for persons (services.records): two objects are never merged.
                    where, self.where = self.where, first_at[record["key"]]
                    raise self.fail(
                        _(
                            "{where} is the same organization again: merge the two into one object, or give one of them its own id",
                            where=where,
                        )
                    )
                first_at[record["key"]] = self.where
                org_records.append(record)
        by_key = self.org_records
        by_key.update({r["key"]: r for r in org_records})
        # Meeting series: ours, and any event another event names as its parent.
        parents = set()
        for e in _objects(doc, "events"):
            if e.get("parent_id"):
                self.at(self.where, e)
                parents.add(self.scoped(e["parent_id"]))
        is_series = set()
        for e in _objects(doc, "events"):
            self.at(self.where, e)
            if e.get("classification") == "meeting-series" or (
                e.get("id") and self.scoped(e["id"]) in parents
            ):
                is_series.add(id(e))
        for index, e in enumerate(doc.get("events", []), start=1):
            self.at(_place("events", index, e.get("id")), e)
            if id(e) in is_series and not self.kept_event(e):
                # Another tool's series without an id: nothing can name it as a parent, so
                # it needs no row; it is kept as it is (below), as every series of theirs is.
                if e.get("id") or not self.foreign(e):
                    self.series(e, by_key)
        for index, p in enumerate(doc.get("persons", []), start=1):
            self.at(_place("persons", index, p.get("id")), p)
            out["person"].append(
                self.came_from(
                    self.tag(
                        _drop_empty(
                            {
                                "key": self.record_key(p, "person"),
                                "names": self.names(p),
                                "sources": self.src(p.get("sources")),
                            }
                        ),
                        "persons",
                        p,
                    )
                )
            )
        events = doc.get("events", [])
        counters: dict[tuple, int] = {}
        for index, e in enumerate(events, start=1):
            self.at(_place("events", index, e.get("id")), e)
            if id(e) in is_series or self.kept_event(e):
                # Another tool's series is a row (its sessions' series) and, whole, an object
                # kept as it is: citylinks writes no object of its own for it.
                if self.foreign(e):
                    self.keep("events", e)
                continue
            out["session"].append(
                self.came_from(self.tag(self.session(e, by_key, counters), "events", e))
            )
        posts = {}
        for p in _objects(doc, "posts"):
            if p.get("id"):
                self.at(self.where, p)
                posts[self.scoped(p["id"])] = p
        for index, p in enumerate(doc.get("posts", []), start=1):
            self.at(_place("posts", index, p.get("id")), p)
            if self.foreign(p):
                self.keep("posts", p)
        phases: dict[tuple[str, str, str], list[dict]] = {}
        for index, m in enumerate(doc.get("memberships", []), start=1):
            self.at(_place("memberships", index, m.get("id")), m)
            self.membership(m, posts, phases, out)
        for (field, member, organization), items in phases.items():
            items.sort(key=lambda item: item[0])
            # One membership of citylinks, read from one Popolo membership per phase.
            where = "; ".join(dict.fromkeys(self.origins[id(p)] for _, p in items))
            out["membership"].append(
                self.came_from(
                    {field: member, "organization": organization, "phase": [p for _, p in items]},
                    where,
                )
            )
        out["organization"] = _parents_first(list(by_key.values()))
        document: dict[str, Any] = {"source": list(self.sources.values())}
        document.update({k: v for k, v in out.items() if v})
        if self.kept:
            document[KEPT] = self.kept
        document[DOCUMENTS] = self.documents
        if self.unkept_top_level:
            document[UNKEPT_TOP_LEVEL] = self.unkept_top_level
        document[READ] = {
            section: len(doc.get(section) or [])
            for section in SECTIONS
            if isinstance(doc.get(section), list)
        }
        return document

    def kept_event(self, e: dict) -> bool:
        """Another tool's event that is no meeting of an organization (an election with no
        `organization_id`): kept as it is. One naming an organization the document does not
        hold gets a stub organization."""
        if not self.foreign(e):
            return False
        organization_id = e.get("organization_id")
        if not organization_id:
            return True
        if self.scoped(organization_id) not in self.present:
            self.stub(organization_id, "organization")
        return False

    def country_of(self, o: dict, areas: dict) -> Any:
        """The country code a city organization gives: its area's parent country area's
        identifier, or citylinks' own `citylinks:country`."""
        area = areas.get(self.scoped(o["area_id"]), {}) if o.get("area_id") else {}
        parent = area.get("parent_id") if isinstance(area, dict) else None
        country = areas.get(self.scoped(parent), {}) if parent else {}
        return country.get("identifier") or o.get(X + "country")

    def is_city(self, o: dict, areas: dict) -> bool:
        """Whether an organization is read as a city: classified "city", and, of another
        tool's, in a country citylinks records (an ISO 3166-1 code, vocab.country_code).
        Another tool's city in no such country is read as an organization, kept whole."""
        if o.get("classification") != "city":
            return False
        if not self.foreign(o):
            return True
        code = self.country_of(o, areas)
        return isinstance(code, str) and _iso_country(
            {"classification": "country", "identifier": code}
        )

    def city(self, o: dict, areas: dict) -> dict:
        area = areas.get(self.scoped(o["area_id"]), {}) if o.get("area_id") else {}
        code = self.country_of(o, areas)
        if not code:
            raise self.fail(
                _("a city needs its country: an area_id whose parent is a country area")
            )
        latitude = longitude = None
        geometry = area.get("geometry") or {}
        if geometry.get("type") == "Point":
            longitude, latitude = geometry["coordinates"][:2]
        return _drop_empty(
            {
                "key": self.record_key(o, "city"),
                "country": code,
                "names": self.names(o),
                "region": area.get(X + "region"),
                "latitude": latitude if latitude is not None else area.get(X + "latitude"),
                "longitude": longitude if longitude is not None else area.get(X + "longitude"),
                "identifiers": self.identifiers(o),
                "sources": self.src(o.get("sources")),
                "designation": [
                    _drop_empty(
                        {
                            "name": d["name"],
                            "reference": d.get("reference"),
                            "date": d.get("date"),
                            "sources": self.src(d.get("sources")),
                        }
                    )
                    for d in o.get(X + "designations", [])
                ],
            }
        )

    def identifiers(self, o: dict) -> list[dict]:
        return [
            {"scheme": i.get("scheme") or "other", "value": i["identifier"]}
            for i in o.get("identifiers", [])
        ]

    def organization(self, o: dict) -> dict:
        classification = o.get("classification")
        parent = self.key(o.get("parent_id"), "organization")
        # Another tool's object with neither says nothing of its kind: a new record is a
        # network (the loader's default), a recorded one keeps its kind.
        kind = (
            classification
            if classification in ORGANIZATION_KINDS
            else ("committee" if parent else "network" if classification else None)
        )
        website = next(
            (link["url"] for link in o.get("links", []) if link.get("note") == "website"), None
        )
        founded = o.get(X + "founding_date") or (
            self.date({"founding_date": o["founding_date"]}, "founding_date")
            if o.get("founding_date")
            else None
        )
        return _drop_empty(
            {
                "key": self.record_key(o, "organization"),
                "acronym": o.get(X + "acronym"),
                "names": self.names(o),
                "kind": kind,
                "parent": parent,
                "classification": o.get(X + "classification")
                or (classification if classification not in ORGANIZATION_KINDS else None),
                "region": o.get(X + "region"),
                "aims": o.get(X + "aims"),
                "founded": founded,
                "initiator": o.get(X + "initiator"),
                "seat": self.key(o.get(X + "seat_id"), "city"),
                "website": website,
                "identifiers": self.identifiers(o),
                "note": o.get("description"),
                "sources": self.src(o.get("sources")),
                "motto": [
                    _drop_empty(
                        {
                            "text": m["text"],
                            "lang": m["lang"],
                            "note": m.get("note"),
                            "sources": self.src(m.get("sources")),
                        }
                    )
                    for m in o.get(X + "mottos", [])
                ],
                "member_count": [
                    _drop_empty(
                        {
                            "number": c["number"],
                            "qualifier": c["qualifier"],
                            "counted": c.get("counted"),
                            "as_of": c.get("as_of"),
                            "sources": self.src(c.get("sources")),
                        }
                    )
                    for c in o.get(X + "member_counts", [])
                ],
            }
        )

    def series(self, e: dict, orgs: dict[str, dict]) -> None:
        org = self.key(e.get("organization_id"), "organization")
        if org not in orgs:
            raise self.fail(
                _(
                    "no organization '{id}' for this meeting series",
                    id=text.shortened(str(e.get("organization_id"))),
                )
            )
        key = (
            e["id"].rsplit("/", 1)[-1]
            if self.ns is None and e.get("id", "").startswith("event/")
            else self.key(e.get("id"), "event")
        )
        if key is None:
            # No id: refused as any missing field is (read() reports the KeyError).
            raise KeyError("id")
        self.keys[self.scoped(e["id"])] = key
        # Another tool's name is in no language it says (docs/popolo.md: never guessed).
        lang = "und" if self.foreign(e) else "en"
        names = [{"lang": lang, "name": e.get("name") or key, "kind": "official"}]
        if e.get(X + "name_fa"):
            names.append({"lang": "fa", "name": e[X + "name_fa"], "kind": "official"})
        orgs[org].setdefault("series", []).append({"key": key, "names": names})
        self.own_object(orgs[org], "events", e)

    def session(self, e: dict, orgs: dict[str, dict], counters: dict) -> dict:
        org = self.key(e.get("organization_id"), "organization")
        if org not in orgs:
            raise self.fail(
                _(
                    "no organization '{id}' for this session",
                    id=text.shortened(str(e.get("organization_id"))),
                )
            )
        series = self.keys.get(self.scoped(e["parent_id"])) if e.get("parent_id") else None
        if series is None:  # another tool's event with no series: one series of meetings
            series = "meetings"
            existing = orgs[org].setdefault("series", [])
            if not any(s["key"] == series for s in existing):
                existing.append(
                    {
                        "key": series,
                        "names": [{"lang": "en", "name": "Meetings", "kind": "official"}],
                    }
                )
        counters[(org, series)] = counters.get((org, series), 0) + 1
        # A number citylinks wrote is the session's (checked by the loader, as any number
        # is); another tool's events are numbered in their order.
        number = e[X + "number"] if X + "number" in e else counters[(org, series)]
        if e.get("id"):
            self.keys[self.scoped(e["id"])] = f"{org}/{series}/{number}"
        attendees = e.get(X + "attendees")
        if attendees is None:
            attendees = [
                {"id": a["id"], "role": "delegation"} for a in e.get("attendees", []) if a.get("id")
            ]
        status = e.get("status")
        if X + "number" not in e and status not in SESSION_STATUSES:
            status = "held"  # another tool's event: its status is not ours to read
        elif status is None:
            status = "held"
        return _drop_empty(
            {
                "organization": org,
                "series": series,
                "number": number,
                "host": self.key(e.get(X + "host_id"), "city"),
                "start": self.date(e, "start_date"),
                "end": self.date(e, "end_date"),
                "status": status,
                "venue": e.get("location"),
                "theme": e.get(X + "theme"),
                "note": e.get("description"),
                "sources": self.src(e.get("sources")),
                "start_sources": self.src(e.get(X + "start_sources")),
                "end_sources": self.src(e.get(X + "end_sources")),
                "numbering": [
                    _drop_empty(
                        {
                            "number": n["number"],
                            "label": n.get("label"),
                            "sources": self.src(n.get("sources")),
                        }
                    )
                    for n in e.get(X + "numberings", [])
                ],
                "count": [
                    _drop_empty(
                        {
                            "number": c["number"],
                            "qualifier": c["qualifier"],
                            "counted": c.get("counted"),
                            "sources": self.src(c.get("sources")),
                        }
                    )
                    for c in e.get(X + "attendance_claims", [])
                ],
                "attendee": [self.attendee(a) for a in attendees],
            }
        )

    def attendee(self, a: dict) -> dict:
        record = {"role": a.get("role", "delegation"), "note": a.get("note")}
        record.update(self.party(a["id"], "person"))
        if a.get("on_behalf_of_id"):
            behalf = self.party(a["on_behalf_of_id"], "organization")
            for field, value in behalf.items():
                record[f"on_behalf_of_{field}"] = value
        record["sources"] = self.src(a.get("sources"))
        return _drop_empty(record)

    def party(self, popolo_id: str, default: str) -> dict:
        """{'city' | 'organization' | 'person': key} for the id of an attendee."""
        own = self.ns is None and popolo_id not in self.written
        if self.scoped(popolo_id) in self.city_ids or (own and popolo_id.startswith("city/")):
            return {"city": self.key(popolo_id, "city")}
        for prefix in ("organization", "person"):
            if own and popolo_id.startswith(prefix + "/"):
                return {prefix: self.key(popolo_id, prefix)}
        return {default: self.key(popolo_id, default)}

    def membership(self, m: dict, posts: dict, phases: dict, out: dict) -> None:
        organization_id = m.get("organization_id")
        post = posts.get(self.scoped(m["post_id"])) if m.get("post_id") else None
        if not organization_id and post:
            organization_id = post.get("organization_id")
        if not organization_id:
            if self.foreign(m):
                self.keep("memberships", m)
                return
            raise self.fail(_("a membership needs an organization_id"))
        # Popolo's member is a person or an organization (`member`: @type and id), or a person
        # by `person_id`; another tool's membership may name none (Popolo requires no field).
        given: dict = m["member"] if isinstance(m.get("member"), dict) else {}
        if "@type" in given and given["@type"] not in ("Person", "Organization"):
            raise self.fail(
                _(
                    'member.@type is {value}; Popolo\'s member is a "Person" or an "Organization": correct it',
                    value=text.shortened(json.dumps(given["@type"]), 60),
                )
            )
        person = m.get("person_id") or (given.get("id") if given.get("@type") == "Person" else None)
        member: str | None = None if person else given.get("id") or m.get("member_id")
        if not person and not member:
            if self.foreign(m):
                self.keep("memberships", m)
                return
            raise self.fail(_("a membership needs a person_id or a member"))
        if self.foreign(m) and self.scoped(organization_id) not in self.present:
            self.stub(organization_id, "organization")
        if self.foreign(m) and person and self.scoped(person) not in self.present:
            self.stub(person, "person")
        if self.foreign(m) and member and self.scoped(member) not in self.present:
            self.stub(member, "organization")
        holder_field = "city" if self.scoped(organization_id) in self.city_ids else "organization"
        holder = self.key(organization_id, holder_field)
        common = {
            "start": self.date(m, "start_date"),
            "end": self.date(m, "end_date"),
        }
        note = m.get(X + "note")
        sources = self.src(m.get("sources"))
        session = (
            self.keys.get(self.scoped(m[X + "session_id"])) if m.get(X + "session_id") else None
        )
        if person:
            title = (post or {}).get("label") or m.get("role") or m.get("label") or "member"
            out["post"].append(
                self.came_from(
                    self.tag(
                        _drop_empty(
                            {
                                "person": self.key(person, "person"),
                                "title": title,
                                holder_field: holder,
                                **common,
                                "note": note,
                                "sources": sources,
                            }
                        ),
                        "memberships",
                        m,
                    )
                )
            )
            self.own_object(out["post"][-1], "posts", post)
            return
        member = member or ""  # a member is given: else kept or refused above
        member_field = "city" if self.scoped(member) in self.city_ids else "member_organization"
        member_key = self.key(member, "city" if member_field == "city" else "organization")
        if m.get("post_id"):
            if member_field != "city":
                raise self.fail(_("citylinks records posts of cities and people only"))
            out["role"].append(
                self.came_from(
                    self.tag(
                        _drop_empty(
                            {
                                "city": member_key,
                                "organization": holder,
                                "title": (post or {}).get("label") or m.get("role") or "member",
                                **common,
                                "session": session,
                                "note": note,
                                "review": self.review(m.get(X + "review")),
                                "sources": sources,
                            }
                        ),
                        "memberships",
                        m,
                    )
                )
            )
            self.own_object(out["role"][-1], "posts", post)
            return
        role = m.get("role")
        if X + "position" in m:
            # A phase citylinks wrote: its role is its status, checked as every status is.
            status = role
        else:
            # Another tool's membership: a role that is no status is kept in the note.
            status = role if role in STATUS_NAMES else "member"
            if role and role not in STATUS_NAMES:
                note = f"{note} (Popolo role: {role})" if note else f"Popolo role: {role}"
        phase = self.came_from(
            self.tag(
                _drop_empty(
                    {
                        "status": status,
                        **common,
                        "reason": m.get(X + "reason"),
                        "note": note,
                        "session": session,
                        "sources": sources,
                        "retracted": m.get(X + "retracted"),
                        "retraction_reason": m.get(X + "retraction_reason"),
                    }
                ),
                "memberships",
                m,
            )
        )
        order = (m.get(X + "position") or 0, PartialDate.parse(common["start"]).sort_key())
        phases.setdefault((member_field, member_key, holder), []).append((order, phase))


def source_key_of_url(url: str) -> str:
    """The key of the source a document's source link of `url` makes (one key a url)."""
    return "L" + hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()[:8]


def _key_without_id(namespace: str, obj: dict, prefix: str, n: int) -> str:
    """A key for the record of another tool's object with no id (_Reader.key_without_id):
    its name's slug (or `prefix`) and a hash of its namespace, the object and `n`."""
    name = obj.get("name")
    slug = text.slugify(name)[:40] if isinstance(name, str) else ""
    content = json.dumps([namespace, obj, n], sort_keys=True, ensure_ascii=False)
    return f"{slug or prefix}-{_digest(content)[:10]}"


def _digest(value: str) -> str:
    return hashlib.sha1(value.encode(), usedforsecurity=False).hexdigest()


def _objects(doc: dict, section: str) -> list:
    objects = doc.get(section)
    return [o for o in objects if isinstance(o, dict)] if isinstance(objects, list) else []


def _renamed(obj: dict, original: dict[str, str]) -> dict:
    """An object of an export as its document had it: each id the export renamed (an id
    another document also has) back as it was, in `id`, the `..._id` fields and `member`."""
    out = {}
    for field, value in obj.items():
        if isinstance(value, str) and (field == "id" or field.endswith("_id")):
            value = original.get(value, value)
        elif field == "member" and isinstance(value, dict) and value.get("id") in original:
            value = {**value, "id": original[value["id"]]}
        out[field] = value
    return out


def _kind(note: str | None, default: str = "official") -> str:
    return note if note in NAME_KINDS else default


def _guess_lang(name: str) -> str:
    """Another tool's name without a language: Persian if it reads right to left."""
    return "fa" if text.is_rtl(name) else "en"


def _drop_empty(record: dict) -> dict:
    return {k: v for k, v in record.items() if v is not None and v != [] and v != ""}


def _parents_first(records: list[dict]) -> list[dict]:
    by_key = {r["key"]: r for r in records}

    def depth(r: dict) -> int:
        d, seen = 0, set()
        while r.get("parent") in by_key and r["key"] not in seen:
            seen.add(r["key"])
            r = by_key[r["parent"]]
            d += 1
        return d

    return sorted(records, key=depth)


def _iso_country(area: dict) -> bool:
    """Whether another tool's area is a country by the rule of every door (vocab.country_code):
    classified "country", with an ISO 3166-1 alpha-2 `identifier`."""
    from citylinks.vocab import country_code

    code = area.get("identifier")
    if area.get("classification") != "country" or not isinstance(code, str):
        return False
    try:
        return country_code(code) == code
    except CitylinksError:
        return False


def _place(section: str, index: int, ident: object) -> str:
    """Where an object is in the document, for messages: 'memberships #5 (m5)', or
    'memberships #5' for an object with no id (never "(None)")."""
    return f"{section} #{index}" + (
        f" ({text.shortened(str(ident))})" if ident not in (None, "") else ""
    )
