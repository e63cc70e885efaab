"""Popolo JSON (popoloproject.com), out and in. docs/popolo.md describes the mapping.

Writing (writer.py) goes through the dataset format's records (formats/dataset/writer.py),
except for the memberships, the largest kind, whose objects are built straight from the rows
the dataset's records of them are built from (one object per phase), and
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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Column, String

from citylinks import files, schema, text
from citylinks.errors import CitylinksError
from citylinks.i18n import N_, _, listing, quoted

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
    override, a zero width space, an escape) shown as a message shows them, so that what is
    kept passes check_file_name and never reaches a terminal raw."""
    return text.hidden_shown(files.shown_path(path.name))[:FILE_NAME_LENGTH]


def check_section(section: Any) -> None:
    """A kept object's section: one the writer writes back (SECTIONS); an object of any other
    would be kept and never written."""
    if section not in SECTIONS:
        raise PopoloError(
            _(
                "{value!r} is not a Popolo section citylinks keeps objects of: one of {sections}",
                value=section,
                sections=listing(SECTIONS),
            )
        )


# The rows an object of each section is kept beside (services.records keeps each object
# beside the row it was read into; None: an object citylinks has no table for, kept alone).
SECTION_TABLES: dict[str, tuple[str | None, ...]] = {
    "areas": ("country", None),
    "organizations": ("city", "organization"),
    "persons": ("person",),
    "posts": (None,),
    "memberships": ("membership_phase", "post", "role", None),
    "events": ("session", None),
}


def check_kept_beside(section: Any, table_name: Any) -> None:
    """A kept object's section (check_section), and the table of the row it is kept beside
    (None: none), as the import keeps it (SECTION_TABLES): a person's object beside an
    event, or under 'events', would be written back as what it is not."""
    check_section(section)
    allowed = SECTION_TABLES[section]
    if table_name in allowed:
        return
    tables = listing(t for t in allowed if t is not None)
    if table_name is None:
        raise PopoloError(
            _(
                "an object of {section} is kept beside a row of {tables}, never without one",
                section=section,
                tables=tables,
            )
        )
    if not tables:
        raise PopoloError(
            _(
                "an object of {section} is kept without a row, never beside a row of {table}",
                section=section,
                table=table_name,
            )
        )
    raise PopoloError(
        _(
            "an object of {section} is kept beside a row of {tables}, never beside a row of"
            " {table}",
            section=section,
            tables=tables,
            table=table_name,
        )
    )


KEPT_TEXT = N_("text of a kept Popolo object")


def check_kept_text(value: Any) -> None:
    """Every text of a kept object (or of a document's top-level keys), its keys included,
    by text's rule for a note (text.refuse_hidden_characters): no control character but
    tab and line breaks (none in a key), no bidi control, no lone surrogate; what the
    export writes back and a terminal may show. The place is named as 'key.key[0]'."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, where = stack.pop()
        try:
            if isinstance(item, str):
                text.refuse_hidden_characters(item, KEPT_TEXT, multiline=True)
            elif isinstance(item, dict):
                for key in item:
                    if isinstance(key, str) and text.has_hidden_characters(key):
                        # The key named, made visible (its characters shown as <U+202E>).
                        shown = text.safe_for_terminal(key)
                        where = f"{where}.{shown}" if where else shown
                        text.refuse_hidden_characters(key, N_("field name"))
                children = [(v, f"{where}.{k}" if where else str(k)) for k, v in item.items()]
                stack.extend(reversed(children))
            elif isinstance(item, list):
                stack.extend(reversed([(v, f"{where}[{i}]") for i, v in enumerate(item)]))
        except text.TextError as exc:
            raise PopoloError(f"{quoted(where)}: {exc}" if where else str(exc)) from None


def kept_id(value: Any) -> str | None:
    """The id a kept object is found by (table popolo_extra's popolo_id): its own `id` when
    that is text, whole (never cut: a cut id would match no later import of the object; one
    longer than the column is refused by check_kept_id)."""
    return value if isinstance(value, str) else None


def check_kept_id(popolo_id: Any, data: Any = None) -> None:
    """A kept object's id: text of the column's length, and the object's own id (kept_id of
    its `id`; none for an object with none)."""
    if popolo_id is not None and (not isinstance(popolo_id, str) or len(popolo_id) > ID_LENGTH):
        raise PopoloError(_("'id' is not text of at most 500 characters"))
    if isinstance(data, dict) and popolo_id != kept_id(data.get("id")):
        raise PopoloError(
            _(
                "'id' {value!r} is not the id of the object kept with it ({own!r})",
                value=popolo_id,
                own=kept_id(data.get("id")),
            )
        )


def check_kept(section: Any, table_name: Any, popolo_id: Any, stub: Any, data: Any) -> None:
    """An object of another tool as the import keeps it (a row of table popolo_extra), at
    every door: the import itself, the dataset format's `popolo` entries, a restore."""
    check_kept_beside(section, table_name)
    check_stub(stub)
    if not isinstance(data, dict):
        raise PopoloError(
            _("'data' is not a JSON object written as text (the object as it was read)")
        )
    check_kept_id(popolo_id, data)
    check_stub(stub, section, data)
    check_kept_text(data)


# The sections of the objects a stub stands for (formats.popolo.reader: a person or an
# organization a document refers to without holding it).
STUB_SECTIONS = ("persons", "organizations")


def check_stub(stub: Any, section: Any = None, data: Any = None) -> None:
    """Whether a kept object stands for one its document referred to without holding it:
    true or false. A stub (given its section and data) holds what the import's stubs hold,
    the reference only: an object of persons or organizations with its `id` and nothing else."""
    if not isinstance(stub, bool):
        raise PopoloError(_("'{flag}' is not true or false", flag="stub"))
    if not stub:
        return
    if section is not None and section not in STUB_SECTIONS:
        raise PopoloError(
            _(
                "a stub stands for a person or an organization, never for an object of {section}",
                section=section,
            )
        )
    if isinstance(data, dict) and set(data) != {"id"}:
        raise PopoloError(
            _(
                "a stub holds only the id its document referred to, but this one holds {keys}: a full object is never a stub",
                keys=listing(quoted(k) for k in data),
            )
        )


def check_row_version(value: Any) -> None:
    """The version of the row a kept object was read at (none: edited since), as citylinks
    counts versions: a whole number from 1."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise PopoloError(
            _(
                "the version {value!r} is not one citylinks counts (a whole number from 1)",
                value=value,
            )
        )


def check_top_level(top_level: Any) -> None:
    """A document's top-level keys as kept (table popolo_document's top_level): none, or an
    object of the keys besides the sections and those citylinks writes itself (an export's
    sections are its objects, never kept twice), its texts by check_kept_text."""
    if top_level is None:
        return
    if not isinstance(top_level, dict):
        raise PopoloError(_("top_level is not the JSON text of an object (docs/popolo.md)"))
    for key in top_level:
        if key in SECTIONS or key in OWN_TOP_LEVEL:
            raise PopoloError(
                _(
                    "top_level holds the key {key!r}, which the document's own objects or"
                    " citylinks' export fill, never its kept top-level keys",
                    key=key,
                )
            )
    check_kept_text(top_level)


def check_import_moments(first: Any, last: Any) -> None:
    """A document's first and last imports (datetimes; without an offset, UTC): the last
    never before the first."""
    from datetime import UTC

    def utc(moment):
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

    if utc(last) < utc(first):
        raise PopoloError(
            _(
                "it was last imported at {last}, before it was first imported ({first})",
                last=str(last),
                first=str(first),
            )
        )


def alike_namespace(namespace: str, recorded: Iterable[str]) -> str | None:
    """The namespace among `recorded` that is `namespace` written another way (the same
    namespace_key, not the same text), or None: two documents' namespaces may not look
    alike."""
    key = namespace_key(namespace)
    return next((r for r in recorded if r != namespace and namespace_key(r) == key), None)


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
ID_LENGTH = _text_length(schema.popolo_extra.c.popolo_id)


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
