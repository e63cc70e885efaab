"""The controlled vocabularies: one list each, used by the model's CHECK constraints, the
commands' validation, the dataset format and the documentation.

Stdlib only, so that commands can show the choices without importing the database layer.

A word of a vocabulary is read by `meanings` and nothing else, whatever door it came in by (a
command, a CSV cell, a dataset field, a Popolo property): by its key ("vice-president"), its
English words ("vice president"), its Persian name («نایب‌رئیس») or another name people use
for it (OTHER_NAMES), in any spelling text.fold forgives (case, spaces, ZWNJ, Arabic ي/ك).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from citylinks import text
from citylinks.i18n import WORDS, _, language, listing


@dataclass(frozen=True)
class Status:
    """A membership status and whether a city in it counts as a member."""

    name: str
    counts_as_member: bool
    description: str


STATUSES: tuple[Status, ...] = (
    Status("cooperating", False, "works with the organization without being a member"),
    Status("applicant", False, "has applied for membership"),
    Status("observer", False, "takes part as an observer"),
    Status("associate-member", True, "associate member"),
    Status("member", True, "full member"),
    Status("suspended", False, "membership suspended"),
    Status("withdrawn", False, "left the organization"),
    Status("expelled", False, "expelled by the organization"),
)
STATUS_NAMES: tuple[str, ...] = tuple(s.name for s in STATUSES)
MEMBER_STATUSES: tuple[str, ...] = tuple(s.name for s in STATUSES if s.counts_as_member)

SOURCE_KINDS = (
    "news-release",
    "news-article",
    "declaration",
    "report",
    "decision-letter",
    "web-page",
)
ORGANIZATION_KINDS = ("network", "committee", "body")
SESSION_STATUSES = ("planned", "held", "postponed", "cancelled")
ATTENDANCE_ROLES = ("host", "delegation", "associate-member", "observer", "guest")
COUNT_QUALIFIERS = ("exactly", "more-than", "less-than", "about")
NAME_KINDS = ("official", "alternate", "former", "transliteration", "acronym")
# What attended a session (`attend add --kind`).
ATTENDEE_KINDS = ("city", "org", "person")

# The role and post titles citylinks knows (their words: i18n.WORDS "title_..."). A title is
# stored as the officer or the source wrote it; these are how two spellings are found to be one
# title (vice-president, «نایب‌رئیس»). Unlike the lists above, one Persian name may stand for
# two titles («رئیس»: chair or president).
TITLES = (
    "secretary",
    "chair",
    "vice-chair",
    "president",
    "vice-president",
    "executive-board-member",
    "board-member",
    "secretary-general",
    "deputy-secretary-general",
    "treasurer",
    "mayor",
    "member",
)

# Where each vocabulary's words for people are in citylinks.i18n.WORDS: the key of a choice's
# English and Persian names is the prefix followed by the choice ("status_member"). The Persian
# name reports print is also a name an officer may type (`meanings` reads both).
WORDS_PREFIXES: dict[tuple[str, ...], str] = {
    STATUS_NAMES: "status_",
    SOURCE_KINDS: "source_kind_",
    ORGANIZATION_KINDS: "organization_kind_",
    SESSION_STATUSES: "",
    ATTENDANCE_ROLES: "role_",
    COUNT_QUALIFIERS: "",
    NAME_KINDS: "name_kind_",
    ATTENDEE_KINDS: "attendee_kind_",
    TITLES: "title_",
}

# Other words an officer or a source uses for a choice, beside the one reports print; they mean
# the same in every vocabulary that has the choice. Matched after text.fold, so spacing, ZWNJ,
# Arabic or Persian letters and diacritics do not matter ("تعلیق‌شده", "تعليق شده").
OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "cooperating": ("همکار", "در حال همکاری", "cooperation"),
    "applicant": ("متقاضی عضویت", "داوطلب عضویت"),
    "observer": ("عضو ناظر",),
    "member": ("عضو کامل", "عضو اصلی", "full member", "full-member"),
    "suspended": ("معلق", "تعلیق شده", "تعلیق عضویت"),
    "withdrawn": ("خارج", "خروج", "انصراف", "منصرف شده"),
    "expelled": ("اخراج", "اخراجی"),
    "delegation": ("هیات", "هیأت", "هیئت نمایندگی"),
    "guest": ("میهمان",),
    "held": ("برگزار",),
    "planned": ("برنامه ریزی",),
    "postponed": ("تعویق", "معوق"),
    "cancelled": ("canceled", "لغو"),
    "exactly": ("دقیقا", "exact"),
    "more-than": ("بیشتر از", "over"),
    "less-than": ("fewer-than", "under"),
    "about": ("تقریبا", "حدودا", "circa", "approximately"),
    "news-release": ("بیانیه مطبوعاتی", "press release", "press-release"),
    "news-article": ("خبر",),
    "declaration": ("اعلامیه",),
    "decision-letter": ("ابلاغیه",),
    "web-page": ("وبگاه", "وب سایت", "website"),
    "acronym": ("مخفف", "اختصار"),
    "former": ("سابق", "قدیمی"),
    "alternate": ("دیگر",),
    "org": ("organisation",),
    "person": ("فرد",),
    "vice-president": ("معاون رئیس", "نایب رییس"),
    "vice-chair": ("نایب رییس",),
    "president": ("رییس",),
    "chair": ("رییس", "chairman", "chairperson"),
    # The choices of the commands' options (cli.params.choice): --calendar, --format, the
    # CSV kinds, the settings' values. The first Persian name is the one a refusal lists.
    "jalali": ("شمسی", "جلالی", "خورشیدی", "هجری شمسی", "هجری خورشیدی"),
    "gregorian": ("میلادی",),
    "both": ("هر دو", "هر دو تقویم"),
    "table": ("جدول",),
    "json": ("جیسون",),
    "csv": ("سی اس وی",),
    "markdown": ("مارک داون",),
    "cities": ("شهرها", "شهر"),
    "memberships": ("عضویت‌ها", "عضویت"),
    "sessions": ("جلسه‌ها", "جلسات", "جلسه"),
    "attendance": ("حضور", "حاضران"),
    "countries": ("کشورها", "کشور"),
    "sources": ("منابع", "منبع"),
    "comma": ("ویرگول", "کاما"),
    "semicolon": ("نقطه ویرگول",),
    "tab": ("تب",),
    "optional": ("اختیاری",),
    "required": ("الزامی", "اجباری"),
}
# Lists whose Persian names may stand for more than one word (see TITLES).
SHARED_NAMES: tuple[tuple[str, ...], ...] = (TITLES,)


@cache
def names_of(choices: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Every name of every choice, folded (text.fold), and the choices it names: the key, the
    English and Persian words (i18n.WORDS) and OTHER_NAMES. In a list that is not one of
    SHARED_NAMES two choices may not share a name (that would make the name mean either)."""
    prefix = WORDS_PREFIXES.get(choices)
    table: dict[str, set[str]] = {}
    for choice in choices:
        names = [choice, *OTHER_NAMES.get(choice, ())]
        if prefix is not None:
            names += WORDS.get(prefix + choice, ())
        for name in filter(None, map(text.fold, names)):
            named = table.setdefault(name, set())
            named.add(choice)
            if len(named) > 1 and choices not in SHARED_NAMES:
                raise ValueError(
                    _(
                        "'{name}' names both {table} and {choice}",
                        name=name,
                        table=sorted(named - {choice})[0],
                        choice=choice,
                    )
                )
    return {name: frozenset(named) for name, named in table.items()}


def meanings(value: str, choices: tuple[str, ...]) -> frozenset[str]:
    """The choices `value` names by any of their names, in any spelling text.fold matches
    (none: it is not a word of the list). The one reading of a vocabulary's word."""
    return names_of(choices).get(text.fold(value), frozenset())


def same_title(one: str, other: str) -> bool:
    """Whether two role or post titles, as written, are one title: they fold alike, or they
    name a title citylinks knows in common ("vice-president" and «نایب‌رئیس»)."""
    if text.fold(one) == text.fold(other):
        return True
    return bool(meanings(one, TITLES) & meanings(other, TITLES))


# The role titles `role add --help` offers by name: a Persian name two known titles share
# («رئیس», «نایب‌رئیس») is read as the one offered (chair, vice-president).
OFFERED_ROLE_TITLES = ("secretary", "chair", "vice-president", "board-member")


def role_title(typed: str) -> str:
    """The title a role is stored with: a known title typed by its Persian name (either
    keyboard, with or without the ZWNJ: «دبیر», «نايب رئيس») is that title, as if typed in
    English ("secretary"); any other title is kept as typed (text.fold matches spellings)."""
    if not text.is_rtl(typed):
        return typed
    found = meanings(typed, TITLES)
    if len(found) > 1:
        found = found & frozenset(OFFERED_ROLE_TITLES)
    return next(iter(found)) if len(found) == 1 else typed


def choose(value: str, choices: tuple[str, ...], what: str) -> str:
    """The choice `value` names (`meanings`), or a one-line error that lists the choices (and
    their Persian names when the value or the interface is Persian)."""
    from citylinks.errors import CitylinksError

    found = meanings(value, choices)
    if len(found) == 1:
        return next(iter(found))
    persian = text.script_language(value) != "en" or language() == "fa"
    raise CitylinksError(
        _(
            "unknown {what} '{value}': use one of {listed}",
            what=_(what),
            value=text.shortened(value),
            listed=listed(choices, persian=persian),
        )
    )


def listed(choices: tuple[str, ...], persian: bool = False) -> str:
    """'member, observer, ...', and with `persian` ' (in Persian: عضو، ناظر، ...)'."""
    prefix = WORDS_PREFIXES.get(choices)
    shown = listing(choices)
    if not persian:
        return shown
    if prefix is None:  # a list without words of its own: its first Persian OTHER_NAMES
        in_persian = [_persian_name(c) for c in choices if _persian_name(c)]
        if len(in_persian) != len(choices):
            return shown
    else:
        in_persian = [WORDS[prefix + c][1] for c in choices if WORDS.get(prefix + c, ("", ""))[1]]
    if not in_persian:
        return shown
    return _("{shown} (in Persian: {persian})", shown=shown, persian="، ".join(in_persian))


def _persian_name(choice: str) -> str:
    return next((n for n in OTHER_NAMES.get(choice, ()) if text.script_language(n) == "fa"), "")


def word(prefix: str, value: str) -> str:
    """A stored vocabulary value (a status, a role, a kind: `prefix` is its i18n.WORDS prefix,
    e.g. "status_") as a message shows it: as stored in English, by its Persian name in
    Persian."""
    if language() == "fa":
        found = WORDS.get(prefix + value)
        if found and found[1]:
            return found[1]
    return value


def persian_word(value: str) -> str:
    """The Persian word a value typed in English is also typed by (a status, a role, a kind,
    a report's choice such as "both" «هر دو»), as `choose` reads it: the word of the first
    vocabulary that holds `value` (i18n.WORDS), else its first Persian OTHER_NAMES; "" when it
    has none (keys, encodings, revisions)."""
    for choices, prefix in WORDS_PREFIXES.items():
        if value in choices:
            found = WORDS.get(prefix + value, ("", ""))[1]
            if found:
                return found
    return _persian_name(value)


def said(value: str) -> str:
    """A stored value or a kind of record (a role, a setting's value, a CSV kind: "cities") as
    a message names it: as stored in English; in Persian by its Persian word (`persian_word`,
    «شهرها»), or as stored when it has none."""
    if language() == "fa":
        return persian_word(value) or value
    return value


def beside(value: str) -> str:
    """A value an officer types back (a setting's "optional") as a message shows it: as is in
    English; in Persian its Persian word with the value beside it, «اختیاری (optional)»."""
    found = said(value)
    return value if found == value else _("{word} ({value})", word=found, value=value)


# --- countries: ISO 3166-1 -------------------------------------------------------------------


@cache
def iso_countries() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code with its short English name ("IR": "Iran"), from
    pycountry, which follows the ISO 3166 Maintenance Agency's list release by release."""
    import pycountry  # its JSON is read on first use: only commands that need it pay

    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def country_code(value: str) -> str:
    """A country's code as every door reads one (`country add`, a dataset's country, a CSV
    countries file, a Popolo country area): two letters, in capitals, of ISO 3166-1."""
    import re

    from citylinks.errors import CitylinksError

    wanted = value.strip(" ").upper()  # spaces typed around it; a line break is refused
    if not re.fullmatch(r"[A-Z]{2}", wanted):
        raise CitylinksError(
            _(
                "'{code}' is not a country code: give two letters (ISO 3166-1), e.g. IR",
                code=text.shortened(value),
            )
        )
    if wanted not in iso_countries():
        raise CitylinksError(
            _(
                "'{wanted}' is not an ISO 3166-1 country code: see https://www.iso.org/obp/ui/#search or `citylinks country list --all`",
                wanted=wanted,
            )
        )
    return wanted
