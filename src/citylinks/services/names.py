"""Names as officers type them (`NAME` or `LANG=NAME`), and the check that a new city,
organization or person is not already recorded under another spelling."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from citylinks import text
from citylinks.errors import CitylinksError, Conflict
from citylinks.vocab import NAME_KINDS

if TYPE_CHECKING:
    from citylinks.model import City, Organization, Person, Source

    # The records an officer names by a key of their own (`yazd`, `amf`, `S1`).
    Keyed = City | Organization | Person | Source

# What `similar` finds: the records (a City, an Organization, a Person) paired with their names.
_Record = TypeVar("_Record")

_LANG_PREFIX = re.compile(
    r"^\s*(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\s*=(?P<name>.*)$", re.S
)
_LANG_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
# Names whose folds are at least this similar (rapidfuzz ratio, 0-100) are probably one place
# spelled two ways ("Yazd" and "Yazad").
SIMILAR_SCORE = 85
# Shorter folds are compared for equality only: "Ufa" and "Ula" are different cities.
FUZZY_MIN_LENGTH = 4


class LikelyDuplicate(Conflict):
    """The record probably exists already under another spelling; `--force` records it anyway."""

    def __init__(self, message: str, warning: str) -> None:
        super().__init__(message)
        self.warning = warning


@dataclass(frozen=True)
class GivenName:
    lang: str
    name: str
    kind: str = "official"


def lang_tag(value: str, what: str = "--lang") -> str:
    """A BCP 47 language tag such as 'fa' or 'en', lower-cased."""
    tag = value.strip().lower()
    if not _LANG_TAG.match(tag):
        raise CitylinksError(f"{what}: '{value}' is not a language tag: use e.g. fa, en, ar, tr")
    return tag


def default_lang(name: str) -> str:
    """The language assumed for a name given without `LANG=`: Persian for right-to-left text."""
    return "fa" if text.is_rtl(name) else "en"


def parse_name(value: str, what: str = "name", kind: str = "official") -> GivenName:
    """'fa=یزد' -> GivenName('fa', 'یزد'); 'Yazd' -> GivenName('en', 'Yazd')."""
    found = _LANG_PREFIX.match(value)
    if found:
        lang = lang_tag(found["lang"], what=f"{what} '{value}'")
        name = text.clean_name(found["name"], what=what)
    else:
        name = text.clean_name(value, what=what)
        lang = default_lang(name)
    if kind not in NAME_KINDS:
        raise CitylinksError(f"unknown name kind '{kind}': use one of {', '.join(NAME_KINDS)}")
    return GivenName(lang, name, kind)


def parse_names(values: Iterable[str] | None, what: str = "name") -> list[GivenName]:
    """Several names; the same name in the same language twice is given once."""
    seen: dict[tuple[str, str], GivenName] = {}
    for value in values or ():
        given = parse_name(value, what)
        seen.setdefault((given.lang, text.fold(given.name)), given)
    return list(seen.values())


def name_rows(names: list[GivenName], model: type, start: int = 0) -> list:
    """Name rows (CityName, OrganizationName, PersonName) for `names`, in order."""
    return [
        model(lang=n.lang, name=n.name, kind=n.kind, folded=text.fold(n.name), position=start + i)
        for i, n in enumerate(names)
    ]


def similar(new_names: Iterable[str], recorded: Iterable[tuple[str, _Record]]) -> list[_Record]:
    """The records (second of each pair) one of whose names folds like, or close to, one of
    `new_names`, in the order first found."""
    from rapidfuzz import fuzz

    wanted = [text.fold(n) for n in new_names]
    found: list[_Record] = []
    for name, record in recorded:
        folded = text.fold(name)
        for w in wanted:
            close = folded == w or (
                min(len(folded), len(w)) >= FUZZY_MIN_LENGTH
                and fuzz.ratio(folded, w) >= SIMILAR_SCORE
            )
            if close and record not in found:
                found.append(record)
    return found


def new_key(session, model: type[Keyed], candidates: Iterable[str], fallback: str) -> str:
    """A free key for a new `model` row: the slug of the first candidate with Latin letters
    (then SLUG-2, SLUG-3, ...), else FALLBACK-N. Only keys that could clash are read."""
    from sqlalchemy import or_, select

    for candidate in candidates:
        slug = text.slugify(candidate)[:56]
        if slug:
            taken = set(
                session.scalars(
                    select(model.key).where(or_(model.key == slug, model.key.like(f"{slug}-%")))
                )
            )
            key, number = slug, 2
            while key in taken:
                key, number = f"{slug}-{number}", number + 1
            return key
    taken = set(session.scalars(select(model.key).where(model.key.like(f"{fallback}-%"))))
    number = 1
    while f"{fallback}-{number}" in taken:
        number += 1
    return f"{fallback}-{number}"


def edit_names(
    owner, label: str, remove: Iterable[str], add: Iterable[str] | None, model: type, what: str
) -> None:
    """Remove and add names of a city or an organization (`owner.names`), keeping their
    positions in order; refuses a name that is not there, one already there, or no name left."""
    from citylinks.errors import NotFound

    for value in remove:
        folded = text.fold(value.partition("=")[2] if "=" in value else value)
        matching = [n for n in owner.names if n.folded == folded]
        if not matching:
            shown = ", ".join(f"{n.lang}={n.name}" for n in owner.names)
            raise NotFound(f"{label} has no name '{value}': its names are {shown}")
        for n in matching:
            owner.names.remove(n)
    for given in parse_names(add, what):
        if any(n.folded == text.fold(given.name) and n.lang == given.lang for n in owner.names):
            raise Conflict(f"{label} already has the name {given.lang}={given.name}")
        owner.names.extend(name_rows([given], model, start=len(owner.names)))
    if not owner.names:
        raise CitylinksError(f"{label} would have no name left: add one with --add-name")
    for i, n in enumerate(owner.names):
        if n.position != i:
            n.position = i
