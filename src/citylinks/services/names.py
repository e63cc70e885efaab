"""Names as officers type them (`NAME` or `LANG=NAME`), and the check that a new city,
organization or person is not already recorded under another spelling."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from citylinks import text
from citylinks.errors import CitylinksError, Conflict
from citylinks.i18n import _, listing
from citylinks.services import fields
from citylinks.vocab import NAME_KINDS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from citylinks.model import City, Organization, Person, Source

    # The records an officer names by a key of their own (`yazd`, `amf`, `S1`).
    Keyed = City | Organization | Person | Source

# What `similar` finds: the records (a City, an Organization, a Person) paired with their names.
_Record = TypeVar("_Record")

# LANG=NAME: anything before the `=` that could be meant as a language tag (letters, digits
# and hyphens: "fa", "zh-Hans", "zz9") is read as one, so that lang_tag refuses a tag no
# language has rather than the whole becoming a name ("zz9=foo" is not an English name).
_LANG_PREFIX = re.compile(r"^\s*(?P<lang>[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)\s*=(?P<name>.*)$", re.S)
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
    """A BCP 47 language tag such as 'fa' or 'en', as an officer types it: lower-cased, under
    the language field's rule (fields.LANGUAGE), which every door applies."""
    tag = value.strip().lower()
    try:
        return fields.LANGUAGE.clean(tag)
    except fields.FieldError:
        raise CitylinksError(
            _(
                "{what}: '{value}' is not a language tag: use e.g. fa, en, ar, tr",
                what=what,
                value=value,
            )
        ) from None


def default_lang(name: str) -> str:
    """The language assumed for a name given without `LANG=`: Persian for right-to-left text."""
    return "fa" if text.is_rtl(name) else "en"


def parse_name(value: str, what: str = "name", kind: str = "official") -> GivenName:
    """'fa=یزد' -> GivenName('fa', 'یزد'); 'Yazd' -> GivenName('en', 'Yazd')."""
    found = _LANG_PREFIX.match(value)
    if found:
        lang = lang_tag(found["lang"], what=_("{what} '{value}'", what=_(what), value=value))
        name = text.clean_name(found["name"], what=what, letters=text.rewrites_letters(lang))
    else:
        name = text.clean_name(value, what=what)
        lang = default_lang(name)
    if kind not in NAME_KINDS:
        raise CitylinksError(
            _(
                "unknown name kind '{kind}': use one of {listed}",
                kind=kind,
                listed=listing(NAME_KINDS),
            )
        )
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


def similar(
    new_names: Iterable[str],
    recorded: Iterable[tuple[str, _Record]],
    across_scripts: bool = False,
) -> list[_Record]:
    """The records (second of each pair) one of whose names folds like, or close to, one of
    `new_names`, in the order first found; with `across_scripts`, also those with a name that
    looks like one of them written in the other script ("Alireza Amrollahi" and «علیرضا
    امراللهی», text.looks_alike_across_scripts)."""
    from rapidfuzz import fuzz

    given = list(new_names)
    wanted = [text.fold(n) for n in given]
    skeletons = {text.consonant_skeleton(n) for n in given} if across_scripts else set()
    found: list[_Record] = []
    for name, record in recorded:
        if record in found:
            continue
        folded = text.fold(name)
        close = any(
            folded == w
            or (
                min(len(folded), len(w)) >= FUZZY_MIN_LENGTH
                and fuzz.ratio(folded, w) >= SIMILAR_SCORE
            )
            for w in wanted
        )
        if not close and across_scripts and text.consonant_skeleton(name) in skeletons:
            close = any(text.looks_alike_across_scripts(name, n) for n in given)
        if close:
            found.append(record)
    return found


def key_base(candidates: Iterable[str], length: int = 56) -> str:
    """What a new record's key is made from: the slug of the first candidate name in Latin
    letters ("Yazd" -> "yazd"), else of the first one with Persian letters, transliterated
    («خرم‌آباد» -> "khorramabad", a committee's «amf-کمیته گردشگری» ->
    "amf-komiteh-gardeshgari",
    text.transliterate); "" when none gives one."""
    names = list(candidates)
    latin = [name for name in names if text.transliterate(name) == text.normalize(name)]
    for name in [*latin, *names]:
        if slug := text.slugify(text.transliterate(name))[:length].strip("-"):
            return slug
    return ""


def new_key(session, model: type[Keyed] | Any, candidates: Iterable[str], fallback: str) -> str:
    """A free key for a new `model` row (`model`: a mapped class, or its table's columns for a
    write on Core), made from its names (`key_base`), then SLUG-2, SLUG-3, ...; FALLBACK-N
    when no name gives one. Only keys that could clash are read."""
    from sqlalchemy import or_, select

    if slug := key_base(candidates):
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
    """Remove and add names of a city, an organization or a person (`owner.names`), keeping
    their positions in order; refuses a name that is not there, one already there, or no name
    left. A removed name is deleted from the session explicitly, not left to the orphan
    cascade, so that the audit log (which sees `session.deleted`) records it and a dry run
    counts it."""
    from sqlalchemy.orm import object_session

    from citylinks.errors import NotFound

    session = object_session(owner)
    for value in remove:
        lang, name = _lang_and_name(value)
        folded = text.fold(name)
        matching = [
            n
            for n in owner.names
            if n.folded == folded and (lang is None or text.same_language(n.lang, lang))
        ]
        if not matching:
            shown = listing(f"{n.lang}={n.name}" for n in owner.names)
            raise NotFound(
                _(
                    "{label} has no name '{value}': its names are {shown}",
                    label=label,
                    value=value,
                    shown=shown,
                )
            )
        for n in matching:
            owner.names.remove(n)
            if session is not None and n in session:
                session.delete(n)
    for given in parse_names(add, what):
        if any(
            n.folded == text.fold(given.name) and text.same_language(n.lang, given.lang)
            for n in owner.names
        ):
            raise Conflict(
                _(
                    "{label} already has the name {given_lang}={given_name}",
                    label=label,
                    given_lang=given.lang,
                    given_name=given.name,
                )
            )
        owner.names.extend(name_rows([given], model, start=len(owner.names)))
    if not owner.names:
        raise CitylinksError(
            _("{label} would have no name left: add one with --add-name", label=label)
        )
    for i, n in enumerate(owner.names):
        if n.position != i:
            n.position = i


def _lang_and_name(value: str) -> tuple[str | None, str]:
    """'fa=یزد' -> ('fa', 'یزد'); 'Yazd' -> (None, 'Yazd'): a name to remove, in any language
    unless one is given."""
    found = _LANG_PREFIX.match(value)
    if found:
        return lang_tag(
            found["lang"], what=_("{what} '{value}'", what=_("name"), value=value)
        ), found["name"]
    return None, value


# Keys an officer gives (`--key`): letters, digits and - . _, not only digits (a number names
# a record by its id).
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def check_new_key(value: str, field: fields.Field) -> str:
    """A new key for a record, checked by its field's rule (`fields.CITY_KEY`, ...: a key
    with capitals is refused there, as in a CSV cell or a dataset) and the form keys take:
    refused, in one line, when it could not name the record on a command line."""
    key = field.clean(value)
    if not _KEY.match(key) or key.isdigit():
        raise CitylinksError(
            _(
                "--key '{value}' is not a key: use letters, digits and - . _ (e.g. yazd-2), not only digits",
                value=value,
            )
        )
    return key


def note_in_log(session: Session, what: str) -> None:
    """Say `what` (e.g. "merged person amrollahi-2 into amrollahi") in the reason every log
    entry of this change carries, before the officer's own --reason: a record a merge removes
    stays findable in the log by what became of it."""
    limit = fields.CORRECTION_REASON.max_length
    given = session.info.get("reason")
    said = f"{what}; {given}" if given else what
    session.info["reason"] = said[:limit]


# --- two records that are one ----------------------------------------------------------------
# What `person merge`, `city merge` and `source merge` share: nothing either record holds is
# dropped; a row both hold alike collapses into one that cites the sources of both.


@dataclass
class Merged:
    """What a merge did, one line per kind of move, for the officer."""

    keep: str
    other: str
    lines: list[str] = field(default_factory=list)

    def say(self, count: int, what: str, detail: str = "") -> None:
        if count:
            self.lines.append(
                _("{what}: {count}", what=what, count=count) + (f" ({detail})" if detail else "")
            )


def cite_also(row, sources: Iterable[Source]) -> list[str]:
    """Make `row` cite `sources` too (each once, in order); the keys it did not cite yet."""
    had = list(row.sources)
    added = [s for s in dict.fromkeys(sources) if s not in had]
    if added:
        row.sources = had + added
    return [s.key for s in added]


def blank(value) -> bool:
    """A value a record does not give: None, empty text or an unknown date."""
    return value is None or value == "" or getattr(value, "is_unknown", False)


def fill_blanks(keep, other, attrs: Iterable[str]) -> tuple[list[str], list[str]]:
    """Give `keep` the values of `attrs` it lacks and `other` has. Returns the attributes
    taken from `other`, and those both give differently (`keep`'s value stays; `other`'s is
    in the log's entry for its removal)."""
    taken: list[str] = []
    differing: list[str] = []
    for attr in attrs:
        mine, theirs = getattr(keep, attr), getattr(other, attr)
        if blank(theirs) or mine == theirs:
            continue
        if blank(mine):
            setattr(keep, attr, theirs)
            taken.append(attr)
        else:
            differing.append(attr)
    return taken, differing


def absorb(session: Session, keep, other, attrs: Iterable[str] = ("note",)) -> bool:
    """Collapse `other` into `keep`, two rows saying one thing (the same post, the same
    attendance), when nothing would be lost: `keep` cites `other`'s sources too and takes the
    `attrs` it lacks. Refused (False, nothing changed) when both give one of `attrs`
    differently: then both rows are kept."""
    if any(
        not blank(getattr(keep, a))
        and not blank(getattr(other, a))
        and getattr(keep, a) != getattr(other, a)
        for a in attrs
    ):
        return False
    fill_blanks(keep, other, attrs)
    cite_also(keep, other.sources)
    session.delete(other)
    return True


def move_names(session: Session, keep, other, owner_attr: str) -> tuple[list[str], list[str]]:
    """Move `other`'s names to `keep` (after its own), through the name's relationship
    `owner_attr` ("city", "person"); a name `keep` has already, in the same language, is
    removed instead, its citations moved to `keep`'s (nothing is lost). Returns the names
    moved and those dropped as already there, LANG=NAME."""
    moved: list[str] = []
    dropped: list[str] = []
    for name in list(other.names):
        shown = f"{name.lang}={name.name}"
        same = next(
            (
                n
                for n in keep.names
                if text.same_language(n.lang, name.lang) and n.folded == name.folded
            ),
            None,
        )
        if same is not None:
            cite_also(same, name.sources)
            other.names.remove(name)
            session.delete(name)
            dropped.append(shown)
            continue
        name.position = len(keep.names)
        setattr(name, owner_attr, keep)
        moved.append(shown)
    return moved, dropped
