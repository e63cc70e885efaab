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

from sqlalchemy import Column, String

from citylinks import schema, text
from citylinks.errors import CitylinksError

FORMAT = "citylinks-popolo/1"
X = "citylinks:"  # the prefix of every extension field
SOURCE_URN = "urn:citylinks:source:"
# What the reader adds to a record made of another tool's object: the object itself
# ({"section", "id", "object", "where", "stub"}), which services.records keeps beside the row;
# and the document's list of objects citylinks has no table for, kept as they are.
POPOLO = "_popolo"
KEPT = "_popolo_kept"
READ = "_popolo_read"  # how many objects each section of the document holds
SECTIONS = ("areas", "organizations", "persons", "posts", "memberships", "events")


def _text_length(column: Column) -> int:
    """The most characters a String column of citylinks.schema holds."""
    if not isinstance(column.type, String) or column.type.length is None:
        raise TypeError(f"{column} is not a String of a given length")
    return column.type.length


# A source made from a bare link is titled by its address, shortened to fit.
SOURCE_TITLE_LENGTH = _text_length(schema.source.c.title)


class PopoloError(CitylinksError):
    pass


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
