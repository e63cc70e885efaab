"""The dataset format (data/README.md): citylinks' own TOML, meant to be read and edited by
hand. `read` turns a file into the format's records, checked for being one; the writer
(writer.py) streams the database out as such records; applying records to the database is
citylinks.services.records' work, the same for every format."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from citylinks import files, text
from citylinks.errors import CitylinksError
from citylinks.i18n import N_, _, listing

FORMAT = "citylinks-dataset/1"


class DatasetError(CitylinksError):
    """A file that is not a dataset citylinks can read."""


def read(path: Path) -> dict[str, Any]:
    """The records of the dataset file at `path`, as TOML gives them."""
    document = files.parse_whole(
        path, tomllib.loads, tomllib.TOMLDecodeError, DatasetError, "TOML", N_("a dataset")
    )
    fmt = document.get("format") if isinstance(document, dict) else None
    if fmt != FORMAT:
        if fmt is None:
            raise DatasetError(
                _(
                    "{path} is not a citylinks dataset (it has no `format` line; expected"
                    " {expected!r})",
                    path=path,
                    expected=FORMAT,
                )
            )
        raise DatasetError(
            _(
                "{path} is not a citylinks dataset (format = {found!r}; expected {expected!r})",
                path=path,
                found=fmt if not isinstance(fmt, str) else text.shortened(fmt),
                expected=FORMAT,
            )
        )
    _refuse_unknown_fields(path, document)
    return document


# Every field of every kind of record (data/README.md): a field or table the format does not
# have ("reson", "colour", [[nonsense]]) is refused, never dropped without a word.
# A name of a city, an organization or a person may cite sources of its own (a country's or
# a series' may not: the loader refuses them there).
_NAMES = {"lang", "name", "kind", "sources"}
_NESTED: dict[str, set[str]] = {
    "names": _NAMES,
    "identifiers": {"scheme", "value"},
    "designation": {"name", "reference", "date", "sources"},
    "motto": {"text", "lang", "note", "sources"},
    "series": {"key", "names"},
    "member_count": {"number", "qualifier", "counted", "as_of", "sources"},
    "numbering": {"number", "label", "sources"},
    "count": {"number", "qualifier", "counted", "sources"},
    "attendee": {
        "city", "organization", "person", "on_behalf_of_city", "on_behalf_of_organization",
        "role", "note", "sources",
    },
    "phase": {
        "status", "start", "end", "reason", "note", "session", "sources", "retracted",
        "retraction_reason", "popolo",
    },
    # another tool's Popolo object, kept beside the record it was read into (popolo_extra)
    "popolo": {"n", "section", "id", "stub", "changed", "data", "document"},
    # a role's finding of `citylinks check` that an officer reviewed
    "review": {"check", "problem", "reason", "sources"},
}  # fmt: skip
# The fields that hold nested tables, for the loader's messages (services.records).
NESTED = _NESTED
FIELDS: dict[str, set[str]] = {
    "source": {
        "key", "kind", "title", "publisher", "url", "published", "language", "retrieved",
        "excerpt", "note",
    },
    "country": {"code", "names", "popolo"},
    "city": {
        "key", "country", "names", "region", "latitude", "longitude", "identifiers",
        "designation", "sources", "popolo",
    },
    "person": {"key", "names", "sources", "popolo"},
    "organization": {
        "key", "names", "acronym", "kind", "parent", "classification", "region", "aims",
        "founded", "initiator", "seat", "website", "note", "sources", "identifiers", "motto",
        "series", "member_count", "popolo",
    },
    "session": {
        "organization", "series", "number", "host", "start", "end", "status", "venue", "theme",
        "note", "sources", "start_sources", "end_sources", "numbering", "count", "attendee",
        "popolo",
    },
    "membership": {"organization", "city", "member_organization", "phase"},
    "role": {
        "city", "organization", "title", "start", "end", "session", "note", "sources", "review",
        "popolo",
    },
    "post": {
        "person", "title", "organization", "city", "start", "end", "note", "sources", "popolo",
    },
    # another tool's Popolo object that no record holds (an area that is no city, ...)
    "popolo": {"n", "section", "id", "stub", "data", "document"},
    # one of the office's settings (`citylinks setting set`)
    "setting": {"key", "value"},
    # another tool's Popolo document, by its namespace (docs/popolo.md; top_level: JSON text)
    "popolo_document": {
        "namespace", "file", "digest", "top_level", "first_imported", "last_imported",
    },
    "audit": {
        "at",
        "officer",
        "action",
        "table",
        "row_id",
        "row_label",
        "before",
        "after",
        "change",
        "reason",
    },
}  # fmt: skip


def _refuse_unknown_fields(path: Path, document: dict[str, Any]) -> None:
    for kind in document:
        if kind != "format" and kind not in FIELDS:
            raise DatasetError(
                _(
                    "{path}: [[{kind}]] is not a kind of record of the dataset format: use"
                    " {kinds} (data/README.md)",
                    path=path,
                    kind=text.shortened(kind),
                    kinds=listing(FIELDS),
                )
            )
    for kind, known in FIELDS.items():
        records = document.get(kind, [])
        if not isinstance(records, list):
            raise DatasetError(
                _("{path}: '{kind}' is not a list of [[{kind}]] records", path=path, kind=kind)
            )
        for index, record in enumerate(records, start=1):
            where = f"[[{kind}]] #{index}" + (
                f" ({text.shortened(str(record['key']))})"
                if isinstance(record, dict) and "key" in record
                else ""
            )
            _check_fields(path, where, kind, record, known)
            _refuse_long(path, where, record)


def _refuse_long(path: Path, where: str, record: Any) -> None:
    """Refuse a record holding a text longer than any door reads (files.LONGEST_TEXT),
    naming it and the field. Another tool's Popolo object (`data`) and document's top level
    (`top_level`), kept as JSON text, are looked into, as the Popolo door reads them."""
    found = files.first_long_text(_unpacked(record))
    if found is not None:
        field, n = found
        raise DatasetError(f"{files.shown_path(path)}: " + files.too_long_text(where, field, n))


# The fields that hold JSON text (formats.dataset.writer): another tool's Popolo values.
_JSON_TEXT = ("data", "top_level")


def _unpacked(value: Any) -> Any:
    """`value` with its JSON-text fields read (left as text when they are not JSON: the
    loader says so)."""
    if isinstance(value, list):
        return [_unpacked(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for k, v in value.items():
        if k in _JSON_TEXT and isinstance(v, str):
            try:
                out[k] = json.loads(v)
                continue
            except (ValueError, RecursionError):
                pass
        out[k] = _unpacked(v)
    return out


def _check_fields(path: Path, where: str, kind: str, record: Any, known: set[str]) -> None:
    if not isinstance(record, dict):
        return  # the loader says what is wrong with it, in its place
    for field, value in record.items():
        if field not in known:
            raise DatasetError(
                _(
                    "{path}: {where}: unknown field '{field}' of a {kind}: the fields are"
                    " {fields} (data/README.md)",
                    path=path,
                    where=where,
                    field=text.shortened(field),
                    kind=kind,
                    fields=listing(sorted(known)),
                )
            )
        if field in _NESTED and field != "aims" and isinstance(value, list):
            for number, nested in enumerate(value, start=1):
                _check_fields(path, f"{where}, {field} {number}", field, nested, _NESTED[field])
        elif field in _NESTED and isinstance(value, dict):  # one table (a role's review)
            _check_fields(path, f"{where}, {field}", field, value, _NESTED[field])


# The dataset's record kinds, in file order, with the noun a summary counts them by.
KIND_NOUNS = {
    "source": "source",
    "country": "country",
    "city": "city",
    "person": "person",
    "organization": "organization",
    "session": "session",
    "membership": "membership",
    "role": "role",
    "post": "post",
    "popolo_document": "Popolo document",
    "popolo": "kept Popolo object",
    "setting": "setting",
    "audit": "audit entry",
}


def summary(counts: dict[str, Any]) -> str:
    """ "17 sources, 23 cities, 12 people, ...": how many records of each kind `counts` has
    (a number, or a list of the records, per dataset kind); kinds with none are left out."""
    numbers = {k: v if isinstance(v, int) else len(v or []) for k, v in counts.items()}
    shown = [
        text.how_many(numbers[kind], noun) for kind, noun in KIND_NOUNS.items() if numbers.get(kind)
    ]
    return listing(shown) or _("nothing")
