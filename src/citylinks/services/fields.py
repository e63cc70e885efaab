"""Every field an officer or a file can give, and its one rule.

A value typed at a prompt, a CSV cell, a dataset field and a Popolo property meet the same rule
here, whatever door it came in by: its length limit is its column's (citylinks.schema), its
choices are citylinks.vocab's, its text goes through citylinks.text's rules, and a refusal is
one line that names the field the same way. Where the value came from (a file's line, a
record, an option) is said by the caller, in front of that line.

Three kinds of text:
- a *name* (a name, a title, a region): one line, normalised (text.clean_name), at least one
  letter or digit;
- a *note* (a note, a reason, a theme): free text, lines kept (text.clean_note);
- a *plain* value (a key, a language tag, a web address, an identifier): stored exactly as
  written, so it is checked, not tidied; a language tag is also checked for the shape BCP 47
  gives it (text.is_language_tag), in the case it was written, and for naming a language ISO
  639 has (text.check_known_language).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from citylinks import i18n, schema, text, vocab
from citylinks.dates import DateError, PartialDate
from citylinks.errors import CitylinksError
from citylinks.i18n import N_, _
from citylinks.schema import LARGEST_NUMBER


class FieldError(CitylinksError):
    """A value a field refuses; the message is the one line every entry point shows."""


@cache
def column_length(table: str, column: str) -> int:
    """How many characters the column holds (the note limit for an unbounded text column)."""
    length = getattr(schema.metadata.tables[table].c[column].type, "length", None)
    return length or text.NOTE_MAX_LENGTH


@dataclass(frozen=True)
class Field:
    """A field: how messages name it, the column that stores it, and its kind of text."""

    what: str
    table: str
    column: str
    kind: Literal["name", "note", "plain", "key", "language"] = "name"
    # A key keeps the capitals it was given (a source's, S0); every other key is lower-case,
    # as the keys citylinks makes (text.slugify) and the lookups find.
    capitals: bool = False

    @property
    def max_length(self) -> int:
        return column_length(self.table, self.column)

    def clean(self, value: Any, lang: str | None = None) -> str:
        """The value as stored, or a FieldError saying what to change. `lang`: a name's
        language, where Arabic letters are kept as written unless it is Persian
        (text.rewrites_letters)."""
        value = self._as_text(value)
        try:
            if self.kind == "note":
                return text.clean_note(value, what=_(self.what), max_length=self.max_length)
            cleaned = text.clean_name(
                value,
                what=_(self.what),
                max_length=self.max_length,
                letters=text.rewrites_letters(lang),
            )
        except text.TextError as exc:
            raise FieldError(str(exc)) from None
        if self.kind == "key" and value != value.strip():
            # A key is typed to find the record again: an invisible space would make a second
            # record that looks like the first ('Yazd ' beside 'yazd').
            raise FieldError(
                _(
                    "the {what} {value!r} begins or ends with a space: remove it",
                    what=_(self.what),
                    value=value,
                )
            )
        if self.kind in ("plain", "key", "language"):
            # Stored as written: the checks of a name, but no tidying.
            if len(value) > self.max_length:
                raise FieldError(
                    _(
                        "the {what} is {n} characters long; at most {max_length} are allowed",
                        what=_(self.what),
                        n=len(value),
                        max_length=self.max_length,
                    )
                )
            if self.kind == "key" and not self.capitals and value != value.lower():
                # The one rule of a key given with capitals, at a command (--key, a series'
                # KEY), in a CSV cell and in a dataset's `key`.
                raise FieldError(
                    _(
                        "the {what} '{value}' has capital letters: keys are lower-case; use '{lower}'",
                        what=_(self.what),
                        value=value,
                        lower=text.slugify(value) or value.lower(),
                    )
                )
            if self.kind == "language" and not text.is_language_tag(value):
                # A language's name the interface knows ("فارسی", "Persian") is its tag (a
                # name only: a locale such as en_GB is no tag).
                named = i18n.language_named(value) if value.isalpha() else None
                if named is not None:
                    return named
                raise FieldError(
                    _(
                        "the {what} {value!r} is not a BCP 47 language tag: use e.g. fa, en, ar,"
                        " en-GB, zh-Hant",
                        what=_(self.what),
                        value=value,
                    )
                )
            if self.kind == "language":
                try:
                    text.check_known_language(value, _(self.what))
                except text.TextError as exc:
                    raise FieldError(str(exc)) from None
            return value
        return cleaned

    def as_written(self, value: Any) -> str:
        """The value as another tool's file wrote it (a Popolo name or title, or one a
        dataset carries from such a file), or a FieldError: text.check_as_written. The rule of
        such text at every door that reads it, so that what one stores another reads back."""
        if not isinstance(value, str) or not value.strip():
            raise FieldError(
                i18n._("the {what} is missing or not text: write it in quotes", what=self.what)
            )
        try:
            return text.check_as_written(value, what=self.what, max_length=self.max_length)
        except text.TextError as exc:
            raise FieldError(str(exc)) from None

    def optional(self, value: Any) -> str | None:
        """None for a missing or blank value (an empty optional field is a missing one)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return self.clean(value)

    def _as_text(self, value: Any) -> str:
        # A number where text belongs (`name = 1234` in a file) is read as its text.
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            raise FieldError(
                _(
                    "the {what} {value!r} is not text: write it in quotes",
                    what=_(self.what),
                    value=value,
                )
            )
        return value


@dataclass(frozen=True)
class Choice:
    """A field whose value is one of a list (citylinks.vocab), given by its name ("member"),
    the Persian name reports print («عضو», citylinks.i18n) or another name for it
    (vocab.OTHER_NAMES), in any spelling text.fold matches: Arabic or Persian letters, ZWNJ,
    a space or none, any digits, any case."""

    what: str
    choices: tuple[str, ...]

    def clean(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise FieldError(
                _(
                    "the {what} is missing: use one of {listed}",
                    what=_(self.what),
                    listed=vocab.listed(self.choices),
                )
            )
        return _choose(value, self.choices, self.what)

    def optional(self, value: Any, default: str) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        return self.clean(value)


@cache
def _choose(value: str, choices: tuple[str, ...], what: str) -> str:
    try:
        return vocab.choose(value, choices, what)
    except CitylinksError as exc:
        raise FieldError(str(exc)) from None


@cache
def _parse_date(value: str, calendar: str) -> PartialDate:
    return PartialDate.parse(value, calendar=calendar)


def date(value: Any, calendar: str = "auto", *, present: bool = False) -> PartialDate:
    """A partial date as an officer or a file gives it; None or blank is unknown. A refusal
    says why the date cannot be read (its caller names the field: `--from`, `start`).

    `present` (the end of a post or a role) also takes "present" (still held), as against
    "unknown" (the end is not known); no other date may be "present"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return PartialDate.UNKNOWN
    if not isinstance(value, str):
        # A TOML date (`start = 2008-11-19`, unquoted) is read as the day it is.
        value = str(value)
    try:
        found = _parse_date(value, calendar)
    except DateError as exc:
        raise FieldError(str(exc)) from None
    if found.is_present and not present:
        raise FieldError(
            _(
                "'{value}' (still held) is only for the end of a post or a role: give a date, or 'unknown'",
                value=value.strip(),
            )
        )
    return found


def number(value: Any, what: str, lowest: int = 0) -> int:
    """A whole number from `lowest` to LARGEST_NUMBER (a count from 0, a session number from
    1), in any digit script when it is text."""
    if isinstance(value, str):
        try:
            value = text.parse_number(value, what, whole=True)
        except text.TextError as exc:
            raise FieldError(str(exc)) from None
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not lowest <= value <= LARGEST_NUMBER
    ):
        raise FieldError(
            _(
                "{what} {value!r} is not a whole number from {lowest} to {largest_number}",
                what=_(what),
                value=value,
                lowest=lowest,
                largest_number=LARGEST_NUMBER,
            )
        )
    return value


# A coordinate's name in messages and its limit, in decimal degrees.
COORDINATES = {"latitude": (N_("latitudes"), 90), "longitude": (N_("longitudes"), 180)}


def coordinate(value: Any, which: str, what: str | None = None) -> float:
    """A latitude or longitude in decimal degrees, in any digit script when it is text;
    `what` names it in messages (default: `which`, e.g. 'latitude'; a command says '--lat')."""
    plural, limit = COORDINATES[which]
    what = what or which
    if isinstance(value, str):
        try:
            value = text.parse_number(value, what, whole=False)
        except text.TextError as exc:
            raise FieldError(str(exc)) from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(
            _(
                "{what} {value!r} is not a number: give decimal degrees, e.g. 31.9",
                what=_(what),
                value=value,
            )
        )
    degrees = float(value)
    if not -limit <= degrees <= limit:  # also refuses inf and nan
        raise FieldError(
            _(
                "{what} {value} is out of range: {plural} run from -{limit} to {limit}",
                what=_(what),
                value=value,
                plural=_(plural),
                limit=limit,
            )
        )
    return degrees


def within(where: str, exc: CitylinksError) -> CitylinksError:
    """The same refusal, said of the place it came from ("line 3", "[[city]] #2 (yazd)")."""
    return type(exc)(f"{where}: {exc}")


# --- the fields ------------------------------------------------------------------------------

# Sources
SOURCE_KEY = Field(N_("key"), "source", "key", "key", capitals=True)
SOURCE_TITLE = Field(N_("title"), "source", "title")
SOURCE_PUBLISHER = Field(N_("publisher"), "source", "publisher")
SOURCE_URL = Field(N_("url"), "source", "url", "plain")
SOURCE_LANGUAGE = Field(N_("language tag"), "source", "language", "language")
SOURCE_EXCERPT = Field(N_("excerpt"), "source", "excerpt", "note")
SOURCE_KIND = Choice(N_("source kind"), vocab.SOURCE_KINDS)

# Names of cities, organizations and people (one rule: the name tables share their shape)
CITY_NAME = Field(N_("city name"), "city_name", "name")
ORGANIZATION_NAME = Field(N_("organization name"), "organization_name", "name")
PERSON_NAME = Field(N_("person's name"), "person_name", "name")
COUNTRY_NAME = Field(N_("country name"), "country", "name_en")
SERIES_NAME = Field(N_("series name"), "meeting_series", "name_en")
LANGUAGE = Field(N_("language tag"), "city_name", "lang", "language")
NAME_KIND = Choice(N_("name kind"), vocab.NAME_KINDS)

# Keys and identifiers
CITY_KEY = Field(N_("key"), "city", "key", "key")
ORGANIZATION_KEY = Field(N_("key"), "organization", "key", "key")
PERSON_KEY = Field(N_("key"), "person", "key", "key")
SERIES_KEY = Field(N_("key"), "meeting_series", "key", "key")
IDENTIFIER_SCHEME = Field(N_("identifier scheme"), "city_identifier", "scheme", "plain")
IDENTIFIER = Field(N_("identifier"), "city_identifier", "value", "plain")

# Places and organizations
REGION = Field(N_("region"), "city", "region")
DESIGNATION = Field(N_("designation"), "designation", "name")
DESIGNATION_REFERENCE = Field(N_("reference"), "designation", "reference")
ACRONYM = Field(N_("acronym"), "organization", "acronym")
ORGANIZATION_KIND = Choice(N_("organization kind"), vocab.ORGANIZATION_KINDS)
CLASSIFICATION = Field(N_("classification"), "organization", "classification")
AIM = Field(N_("aim"), "motto", "text")
INITIATOR = Field(N_("initiator"), "organization", "initiator")
WEBSITE = Field(N_("website"), "organization", "website", "plain")
MOTTO = Field(N_("motto"), "motto", "text")
MOTTO_LANGUAGE = Field(N_("language tag"), "motto", "lang", "language")

# Meetings
SESSION_STATUS = Choice(N_("session status"), vocab.SESSION_STATUSES)
VENUE = Field(N_("venue"), "session", "venue", "note")
THEME = Field(N_("theme"), "session", "theme", "note")
NUMBERING_LABEL = Field(N_("label"), "session_numbering", "label", "note")
COUNTED = Field(N_("counted text"), "attendance_claim", "counted", "note")
COUNT_QUALIFIER = Choice(N_("qualifier"), vocab.COUNT_QUALIFIERS)
ATTENDANCE_ROLE = Choice(N_("attendance role"), vocab.ATTENDANCE_ROLES)
ATTENDEE_KIND = Choice(N_("--kind"), vocab.ATTENDEE_KINDS)

# Memberships, roles and posts
STATUS = Choice(N_("status"), vocab.STATUS_NAMES)
REASON = Field(N_("reason"), "membership_phase", "reason", "note")
RETRACTION_REASON = Field(
    N_("reason for the retraction"), "membership_phase", "retraction_reason", "note"
)
ROLE_TITLE = Field(N_("role title"), "role", "title")
POST_TITLE = Field(N_("post title"), "post", "title")

# Free notes on any record
NOTE = Field(N_("note"), "membership_phase", "note", "note")
# Why an officer corrected a record (--reason of a correction), kept with its log entries.
CORRECTION_REASON = Field(N_("reason for the correction"), "audit_log", "reason", "note")
