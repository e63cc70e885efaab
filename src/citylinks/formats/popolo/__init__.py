"""Popolo JSON (popoloproject.com), out and in. docs/popolo.md describes the mapping.

Writing (writer.py) goes through the dataset format's records (formats/dataset/writer.py), and
reading (reader.py) turns a Popolo document back into such records, which
citylinks.services.records applies as it does a dataset file's: the two
conversions are each other's inverse, so export, import into an empty database and export again
give the same document, and the rules of the dataset format (matching by key, idempotent loads)
hold for Popolo too.

What Popolo has no field for goes into fields named `citylinks:...` (Popolo's schemas allow
additional properties); a document from another tool, with Popolo's own fields only, is read
with the defaults docs/popolo.md lists.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

from sqlalchemy import Column, String

from citylinks import files, schema, text
from citylinks.errors import CitylinksError
from citylinks.i18n import N_, _

FORMAT = "citylinks-popolo/1"
X = "citylinks:"  # the prefix of every extension field
SOURCE_URN = "urn:citylinks:source:"
# What the reader adds to a record made of another tool's object: the object itself
# ({"section", "id", "object", "where", "stub"}), which services.records keeps beside the row;
# and the document's list of objects citylinks has no table for, kept as they are.
POPOLO = "_popolo"
KEPT = "_popolo_kept"
READ = "_popolo_read"  # how many objects each section of the document holds
# On a record made of citylinks' own objects: [(section, place in it)] of each, so that the
# import report counts them as created or matched with the record's row.
OWN = "_popolo_own"
SECTIONS = ("areas", "organizations", "persons", "posts", "memberships", "events")
# The documents an import reads objects of, each by its namespace (docs/popolo.md), and in
# an export, the documents its objects of other tools come from (`citylinks:documents`).
DOCUMENTS = "_popolo_documents"
MANIFEST = X + "documents"
# The top-level keys citylinks writes itself; any other besides the sections is the
# document's own (EveryPolitician's `meta`), kept with its namespace.
OWN_TOP_LEVEL = (X + "format", X + "sources", MANIFEST)
# The top-level keys of citylinks' own export that no document it lists holds: not kept, and
# the import report says so.
UNKEPT_TOP_LEVEL = "_popolo_unkept_top_level"

# --- namespaces and global ids (docs/popolo.md, "Namespaces") -----------------------------

# A namespace: letters (any script), digits, '_', '.', '-'; it is written in an export's
# renamed ids as "NAMESPACE:id", so it holds no ':' or '/'.
_NAMESPACE = re.compile(r"[^\W_][\w.-]{0,99}")
# The scope of an id that means the same thing in every document (see global_id).
GLOBAL = ""
# URIs (http, https, urn) and Open Civic Data ids are global by their form; a Wikidata item
# id only where the object itself says it is its Wikidata identifier.
_URI = re.compile(r"https?://[^/\s]+(?:/\S*)?|urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+")
_OCD = re.compile(r"ocd-[a-z]+/\S+")
_QID = re.compile(r"Q[1-9][0-9]*")


def valid_namespace(name: str) -> bool:
    return bool(_NAMESPACE.fullmatch(name))


def as_written(name: str) -> str:
    """A namespace as it is checked and kept, from every door (--namespace, a file's name, an
    export's or a dataset's documents): Unicode NFC, as another tool's names are kept
    (text.check_as_written), so that "é" typed as one character or as "e" and an accent (a
    file name on macOS) is one namespace; namespace_key matches them in NFKC."""
    return unicodedata.normalize("NFC", name)


def namespace_key(name: str) -> str:
    """What a namespace is for matching: text.fold (NFKC, case, Arabic and Persian letters,
    marks and punctuation) of it with the letters of other scripts that look like Latin ones
    read as those (text.as_latin_look_alikes, after NFKC as well). Two namespaces with one
    key are one name written two ways: "EP" and "ep", "ЕР" (Cyrillic) and "EP", "ꓮꓑ" (Lisu)
    and "AP", "ＥＰ" (full width) and "EP", "علي" and "علی"."""
    return text.fold(text.as_latin_look_alikes(name))


def check_namespace(name: str) -> None:
    """Refuse a namespace that is not one (valid_namespace), or that mixes scripts within a
    word ("ЕP": a Cyrillic Е), which would disguise one namespace as another (text's rule
    for names)."""
    if not valid_namespace(name):
        raise PopoloError(
            _(
                "the namespace {name!r} is not one: use letters, digits, '_', '.' and '-'"
                " (at most 100, starting with a letter or digit)",
                name=name,
            )
        )
    try:
        text.clean_name(name, NAMESPACE)
    except text.TextError as exc:
        raise PopoloError(str(exc)) from None


NAMESPACE = N_("namespace")


# A document's digest as the importer writes it: the SHA-256 of the file's bytes, in lowercase
# hex (hashlib's hexdigest); empty for a document recorded before digests were kept.
_DIGEST = re.compile(r"[0-9a-f]{64}")


def check_digest(digest: Any) -> None:
    """A document's digest, at every door that stores one (a dataset, a restore)."""
    if not isinstance(digest, str) or not (digest == "" or _DIGEST.fullmatch(digest)):
        raise PopoloError(
            _(
                "the digest {value!r} is not a SHA-256 in lowercase hex (64 characters), as"
                " citylinks writes it",
                value=digest,
            )
        )


def check_file_name(name: Any) -> None:
    """A document's file name as kept (stored_file_name), at every door that stores one."""
    if not isinstance(name, str) or not name.strip() or text.has_hidden_characters(name):
        raise PopoloError(
            _("the file name {value!r} is not text without hidden characters", value=name)
        )
    if len(name) > FILE_NAME_LENGTH:
        raise PopoloError(
            _(
                "the file name is {n} characters long; at most {max_length} are allowed",
                n=len(name),
                max_length=FILE_NAME_LENGTH,
            )
        )


def stored_file_name(path: Path) -> str:
    """The name a document read from `path` is kept under: its hidden characters (a bidi
    override, an escape) shown as a message shows them, so that what is kept passes
    check_file_name and never reaches a terminal raw."""
    return files.shown_path(path.name)[:FILE_NAME_LENGTH]


def check_section(section: Any) -> None:
    """A kept object's section: one the writer writes back (SECTIONS); an object of any other
    would be kept and never written."""
    if section not in SECTIONS:
        raise PopoloError(
            _(
                "{value!r} is not a Popolo section citylinks keeps objects of: one of {sections}",
                value=section,
                sections=", ".join(SECTIONS),
            )
        )


def default_namespace(path: Path) -> str:
    """A document's namespace when the officer gives none: its file's name without the
    extension, with any character a namespace may not hold as '-'."""
    stem = re.sub(r"[^\w.-]+", "-", as_written(path.stem)).strip("-._")[:100]
    return stem if valid_namespace(stem) else "popolo"


def global_id(popolo_id: Any, obj: dict | None = None) -> bool:
    """Whether `popolo_id` is the same identifier in every document: a URI (http, https,
    urn), an Open Civic Data id (ocd-division/..., ocd-person/...), or a Wikidata item id
    (Q42) held by an object (`obj`) whose own identifiers give it with the scheme wikidata.
    Any other id is the document's own, however it looks."""
    if not isinstance(popolo_id, str):
        return False
    if _URI.fullmatch(popolo_id) or _OCD.fullmatch(popolo_id):
        return True
    if obj is None or not _QID.fullmatch(popolo_id):
        return False
    identifiers = obj.get("identifiers")
    return isinstance(identifiers, list) and any(
        isinstance(i, dict)
        and str(i.get("scheme", "")).lower() == "wikidata"
        and i.get("identifier") == popolo_id
        for i in identifiers
    )


def _text_length(column: Column) -> int:
    """The most characters a String column of citylinks.schema holds."""
    if not isinstance(column.type, String) or column.type.length is None:
        raise TypeError(f"{column} is not a String of a given length")
    return column.type.length


# A source made from a bare link is titled by its address, shortened to fit.
SOURCE_TITLE_LENGTH = _text_length(schema.source.c.title)
FILE_NAME_LENGTH = _text_length(schema.popolo_document.c.file_name)


class PopoloError(CitylinksError):
    pass


# --- how deep a kept object nests (docs/popolo.md, "Objects kept as they are") -------------

# The most objects and lists a kept JSON value (another tool's object, a document's top-level
# keys) holds one inside another, the value itself the first: MariaDB's JSON check refuses a
# 32nd, where SQLite and PostgreSQL would take it, so every door refuses it on every backend.
JSON_DEPTH = 31


def json_depth(value: Any) -> int:
    """How many objects and lists `value` holds one inside another (0 for a text or number,
    1 for `{}` or `[1]`), counted without recursion, however deep."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            items: Any = item.values()
        elif isinstance(item, list):
            items = item
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((v, level + 1) for v in items if isinstance(v, (dict, list)))
    return deepest


def refuse_deep_json(value: Any, what: str) -> None:
    """Refuse a value to keep as JSON that nests deeper than JSON_DEPTH, naming `what`."""
    depth = json_depth(value)
    if depth > JSON_DEPTH:
        raise PopoloError(
            _(
                "{what} nests objects and lists {depth} levels deep; citylinks keeps at most"
                " {limit} (on every database): write its data flatter",
                what=what,
                depth=depth,
                limit=JSON_DEPTH,
            )
        )


# --- ids ---------------------------------------------------------------------------------------


def org_id(key: str) -> str:
    return f"organization/{key}"


def city_id(key: str) -> str:
    return f"city/{key}"


def person_id(key: str) -> str:
    return f"person/{key}"


def country_area_id(code: str) -> str:
    return f"area/country/{code}"


def city_area_id(key: str) -> str:
    return f"area/city/{key}"


def series_event_id(org: str, series: str) -> str:
    return f"event/{org}/{series}"


def session_event_id(ref: str) -> str:
    """'amf/general-assembly/7' -> 'event/amf/general-assembly/7'."""
    return f"event/{ref}"


def post_id(holder: str, title: str) -> str:
    slug = (
        text.slugify(title)[:60]
        or hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:10]
    )
    return f"post/{holder}/{slug}"


def shortened(value: str, length: int) -> str:
    """`value`, cut to `length` characters with an ellipsis where it is longer."""
    return value if len(value) <= length else value[: length - 1] + "…"
