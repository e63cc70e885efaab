"""The language citylinks speaks: the words reports print (WORDS, looked up by key) and every
message, prompt, error and --help text (gettext catalogues, looked up by their English text).

Messages are written in English in the code and marked for translation where they are made:

    raise NotFound(_("no city {name!r}; see 'citylinks city list'", name=name))
    typer.echo(ngettext("{n} row imported", "{n} rows imported", n, n=n))

`_` translates first and fills the placeholders after, so a translation may move them; whole
numbers given as values are written with Persian digits when the interface speaks Persian.
The catalogues are src/citylinks/locale/fa/LC_MESSAGES/*.po (one per layer, so that work on
one layer does not touch another's file), compiled to the .mo files beside them, which are what
is read at run time (the standard library's gettext; no Babel at run time). tests/test_i18n.py
fails when a marked message, a command's help or an option's help has no Persian translation,
or when a .mo file is older than its .po.

The language: `set_language("fa")` (the command line does so for `--lang fa` anywhere in the
command, before the commands' help texts are made), else CITYLINKS_LANG, else a Persian locale
in LC_ALL, LC_MESSAGES or LANG; English otherwise. Each names its language in any form
`language_named` reads ("fa", "FA", "fa-IR", "fa_IR.UTF-8", "persian").
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Iterable

WORDS: dict[str, tuple[str, str]] = {
    "timeline": ("Timeline", "گاه‌شمار"),
    "number": ("No.", "شماره"),
    "host": ("Host", "میزبان"),
    "country": ("Country", "کشور"),
    "dates": ("Dates", "تاریخ"),
    "since_previous": ("Since previous", "فاصله از جلسهٔ قبل"),
    "theme": ("Theme", "موضوع"),
    "attendance": ("Attendance", "حاضران"),
    "sources": ("Sources", "منابع"),
    "status": ("Status", "وضعیت"),
    "no_sessions": ("No sessions recorded.", "جلسه‌ای ثبت نشده است."),
    "first_possible_year": (
        "† counts a date that may fall in a later year too (such as a year of the other"
        " calendar), in the first year it may fall in.",
        "† تاریخی را می‌شمارد که شاید در سالی دیرتر هم باشد (مانند سالی از گاه‌شمار دیگر)، در"
        " نخستین سالی که می‌تواند در آن باشد.",
    ),
    "sessions": ("sessions", "جلسه"),
    "exactly": ("", ""),
    "more-than": ("more than", "بیش از"),
    "less-than": ("fewer than", "کمتر از"),
    "about": ("about", "حدود"),
    # a count as a source gives it (org show's member counts): "exactly" said, unlike in tables
    "count_exactly": ("exactly", "دقیقاً"),
    "count_more-than": ("more than", "بیش از"),
    "count_less-than": ("fewer than", "کمتر از"),
    "count_about": ("about", "حدود"),
    "also_numbered": ("also numbered", "شمارهٔ دیگر"),
    "numbered_so_by": ("its number as given by", "این شماره به گفتهٔ"),
    "held": ("held", "برگزار شده"),
    "planned": ("planned", "برنامه‌ریزی شده"),
    "postponed": ("postponed", "به تعویق افتاده"),
    "cancelled": ("cancelled", "لغو شده"),
    "precision": ("precision", "دقت"),
    "year": ("year", "سال"),
    "month": ("month", "ماه"),
    "day": ("day", "روز"),
    "unknown": ("unknown", "نامعلوم"),
    # member history, session show
    "membership_history": ("Membership history", "سابقهٔ عضویت"),
    "in": ("in", "در"),
    "position": ("#", "ردیف"),
    "from": ("From", "از"),
    "to": ("To", "تا"),
    "open": ("now (open)", "تاکنون"),
    "reason_note": ("Reason / note", "دلیل / یادداشت"),
    "decided_at": ("Decided at", "مصوب در"),
    "counts_as_member_note": ("* counts as membership", "* عضویت به شمار می‌آید"),
    "no_phases": ("No phases recorded.", "مرحله‌ای ثبت نشده است."),
    "status_cooperating": ("cooperating", "همکاری"),
    "status_applicant": ("applicant", "متقاضی"),
    "status_observer": ("observer", "ناظر"),
    "status_associate-member": ("associate member", "عضو وابسته"),
    "status_member": ("member", "عضو"),
    "status_suspended": ("suspended", "تعلیق"),
    "status_withdrawn": ("withdrawn", "خارج شده"),
    "status_expelled": ("expelled", "اخراج شده"),
    "session": ("Session", "جلسه"),
    "venue": ("Venue", "محل"),
    "note": ("Note", "یادداشت"),
    "version": ("Version", "نسخه"),
    "retracted": ("retracted", "ابطال‌شده"),
    "other_numberings": ("Numbered by other sources", "شماره‌گذاری منابع دیگر"),
    "label": ("As the source says", "به تعبیر منبع"),
    "count": ("Count", "تعداد"),
    "counted": ("Counted", "شمرده‌شده"),
    "attendees": ("Attendees", "شرکت‌کنندگان"),
    "attendee": ("Attendee", "شرکت‌کننده"),
    "role": ("Role", "نقش"),
    "on_behalf_of": ("On behalf of", "به نمایندگی از"),
    "city": ("city", "شهر"),
    "organization": ("organization", "سازمان"),
    "person": ("person", "شخص"),
    "role_host": ("host", "میزبان"),
    "role_delegation": ("delegation", "هیئت"),
    "role_associate-member": ("associate member", "عضو وابسته"),
    "role_observer": ("observer", "ناظر"),
    "role_guest": ("guest", "مهمان"),
    # analysts' reports (roster, portfolio, history, stats, timeline axis)
    "members_on": ("members on", "اعضا در تاریخ"),
    "member": ("Member", "عضو"),
    "member_since": ("Member since", "عضو از"),
    "roles": ("Roles", "سمت‌ها"),
    "certainty": ("Certainty", "قطعیت"),
    "certain": ("certain", "قطعی"),
    "possibly": ("possibly", "احتمالاً"),
    "reason_start_unknown": ("the start of the membership is not known", "آغاز عضویت معلوم نیست"),
    "reason_began": (
        "the membership began in {date}, day not known",
        "عضویت در {date} آغاز شد و روز آن معلوم نیست",
    ),
    "reason_began_approx": (
        "the membership began {date}, day not known",
        "عضویت {date} آغاز شد و روز آن معلوم نیست",
    ),
    "reason_ended": (
        "the membership ended in {date}, day not known",
        "عضویت در {date} پایان یافت و روز آن معلوم نیست",
    ),
    "reason_ended_approx": (
        "the membership ended {date}, day not known",
        "عضویت {date} پایان یافت و روز آن معلوم نیست",
    ),
    "reason_changed": (
        "it became {status} in {date}, day not known",
        "در {date} به «{status}» تغییر کرد و روز آن معلوم نیست",
    ),
    "by_status": ("By status", "بر حسب وضعیت"),
    "by_country": ("By country", "بر حسب کشور"),
    "total": ("Total", "جمع"),
    "no_members": ("No members on this date.", "در این تاریخ عضوی ثبت نشده است."),
    "memberships_of": ("Organizations of", "سازمان‌های"),
    "org_column": ("Organization", "سازمان"),
    "since": ("Since", "از"),
    "until": ("Until", "تا"),
    "last_session": ("Last session attended", "آخرین جلسهٔ حاضر"),
    "as_of": ("as of", "در تاریخ"),
    "not_yet": ("not yet", "هنوز نه"),
    "no_memberships": ("No memberships recorded.", "عضویتی ثبت نشده است."),
    "phases": ("Phases", "مراحل"),
    "start": ("Start", "آغاز"),
    "end": ("End", "پایان"),
    "history_chart": ("Phases in time", "مراحل در گذر زمان"),
    "history_legend": (
        "█ certain  ▒ day not known  ┄░▒▓ start not known  → still open  ◆ deciding session",
        "█ قطعی  ▒ روز نامعلوم  ┄░▒▓ آغاز نامعلوم  → ادامه دارد  ◆ جلسهٔ تصمیم‌گیر",
    ),
    "statistics": ("Statistics", "آمار"),
    "joins_departures": ("Joins and departures per year", "پیوستن و جدایی در هر سال"),
    "joins": ("Joins", "پیوستن"),
    "departures": ("Departures", "جدایی"),
    "sessions_by_country": ("Sessions per host country", "جلسات بر حسب کشور میزبان"),
    "membership_over_years": (
        "Membership over the years (at each year's end)",
        "عضویت در طول سال‌ها (در پایان هر سال)",
    ),
    "members": ("Members", "اعضا"),
    "bars_legend": ("█ certainly a member  ░ possibly", "█ قطعاً عضو  ░ احتمالاً"),
    "time_axis": ("Sessions in time", "جلسات در گذر زمان"),
    "calendar_gregorian": ("Gregorian", "میلادی"),
    "calendar_jalali": ("Jalali", "خورشیدی"),
    # {n}: the number; English has a singular and a plural, Persian a singular noun after any
    # number ("۳ جلسه"), so both its forms are the same.
    "not_drawn": (
        "{n} session with an unknown date is not drawn",
        "{n} جلسه با تاریخ نامعلوم رسم نشده است",
    ),
    "not_drawn_many": (
        "{n} sessions with unknown dates are not drawn",
        "{n} جلسه با تاریخ نامعلوم رسم نشده است",
    ),
    "none": ("—", "—"),
    "year_col": ("Year", "سال"),
    "sessions_col": ("Sessions", "جلسات"),
    # role and post titles as stored (lower case), shown in Persian by render.values.role_title
    "title_secretary": ("secretary", "دبیر"),
    "title_chair": ("chair", "رئیس"),
    "title_vice-chair": ("vice-chair", "نایب‌رئیس"),
    "title_president": ("president", "رئیس"),
    "title_vice-president": ("vice-president", "نایب‌رئیس"),
    "title_executive-board-member": ("executive-board-member", "عضو هیئت اجرایی"),
    "title_board-member": ("board-member", "عضو هیئت مدیره"),
    "title_secretary-general": ("secretary-general", "دبیرکل"),
    "title_deputy-secretary-general": ("deputy-secretary-general", "معاون دبیرکل"),
    "title_treasurer": ("treasurer", "خزانه‌دار"),
    "title_mayor": ("mayor", "شهردار"),
    "title_member": ("member", "عضو"),
    # the kinds of sources, organizations and names (vocab.WORDS_PREFIXES); also read as input
    "source_kind_news-release": ("news release", "اطلاعیهٔ خبری"),
    "source_kind_news-article": ("news article", "مقالهٔ خبری"),
    "source_kind_declaration": ("declaration", "بیانیه"),
    "source_kind_report": ("report", "گزارش"),
    "source_kind_decision-letter": ("decision letter", "نامهٔ تصمیم"),
    "source_kind_web-page": ("web page", "صفحهٔ وب"),
    "organization_kind_network": ("network", "شبکه"),
    "organization_kind_committee": ("committee", "کمیته"),
    "organization_kind_body": ("body", "نهاد"),
    "name_kind_official": ("official", "رسمی"),
    "name_kind_alternate": ("alternate", "جایگزین"),
    "name_kind_former": ("former", "پیشین"),
    "name_kind_transliteration": ("transliteration", "آوانویسی"),
    "name_kind_acronym": ("acronym", "سرواژه"),
    "attendee_kind_city": ("city", "شهر"),
    "attendee_kind_org": ("organization", "سازمان"),
    "attendee_kind_person": ("person", "شخص"),
    "phases_legend": (
        "█ certain  ▒ not certain (day or start not known)  ┄░ start not known  → still open"
        "  ◆ deciding session",
        "█ قطعی  ▒ نه قطعی (روز یا آغاز نامعلوم)  ┄░ آغاز نامعلوم  → ادامه دارد  ◆ جلسهٔ تصمیم‌گیر",
    ),
    # reports: an empty range, sessions per series, the member counts sources give
    "no_sessions_between": (
        "No sessions between {first} and {last}.",
        "جلسه‌ای میان {first} و {last} ثبت نشده است.",
    ),
    "no_sessions_from": (
        "No sessions in or after {first}.",
        "جلسه‌ای از {first} به بعد ثبت نشده است.",
    ),
    "no_sessions_until": ("No sessions in or before {last}.", "جلسه‌ای تا {last} ثبت نشده است."),
    "member_counts": (
        "Members: recorded, and as the sources count them",
        "اعضا: ثبت‌شده، و به شمارش منابع",
    ),
    "recorded_members": ("members recorded in citylinks", "اعضای ثبت‌شده در citylinks"),
    "as_of_col": ("As of", "در تاریخ"),
    "source_col": ("Source", "منبع"),
    "published": ("published", "منتشرشده"),
    "no_member_counts": ("No source gives a member count.", "هیچ منبعی شمار اعضا را نگفته است."),
}


def t(key: str, lang: str = "en") -> str:
    en, fa = WORDS.get(key, (key, key))
    return fa if lang == "fa" else en


# ---------------------------------------------------------------------------------------------
# The interface language and its catalogues

LANGUAGES = ("en", "fa")
_language: str | None = None
_catalogue: dict[str, str] | None = None


# The names a language is given by, as read after language_named's tidying: a language tag's
# first part ("fa" of "fa-IR", "fa_IR.UTF-8"), the language's name, and the C locale.
_LANGUAGE_NAMES = {
    "en": "en",
    "english": "en",
    "c": "en",
    "posix": "en",
    "fa": "fa",
    "fas": "fa",
    "per": "fa",
    "persian": "fa",
    "farsi": "fa",
    "فارسی": "fa",
    "پارسی": "fa",
    "انگلیسی": "en",
}
# Arabic yeh and kaf as the Persian ones, ZWNJ dropped: «فارسي» is «فارسی» (text.fold's
# letters, which this bottom layer cannot import).
_LANGUAGE_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "\u200c": None})


def language_named(value: str) -> str | None:
    """The language citylinks speaks that `value` names, "en" or "fa", or None: a language
    tag or a locale in any case ("fa", "FA", "fa-IR", "fa_IR.UTF-8", "en_US"), or the language's
    name ("persian", "فارسی"). The one reading of every door that names a language: --lang,
    CITYLINKS_LANG and LC_ALL, LC_MESSAGES or LANG."""
    tag = value.strip().split(".")[0].split("@")[0].replace("_", "-").casefold()
    tag = tag.translate(_LANGUAGE_LETTERS)
    return _LANGUAGE_NAMES.get(tag) or _LANGUAGE_NAMES.get(tag.split("-")[0])


def _from_environment() -> str:
    chosen = os.environ.get("CITYLINKS_LANG", "").strip()
    if chosen:
        return language_named(chosen) or "en"  # unknown_language_setting() says so
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:  # a locale of a language citylinks does not speak: English
            return "fa" if language_named(value) == "fa" else "en"
    return "en"


def unknown_language_setting() -> str | None:
    """CITYLINKS_LANG when it names no language citylinks speaks (English is spoken then), for
    the command line to say so; None when it is unset or names one."""
    chosen = os.environ.get("CITYLINKS_LANG", "").strip()
    return chosen if chosen and language_named(chosen) is None else None


def set_language(lang: str | None) -> None:
    """Speak `lang` ("en" or "fa", in any form language_named reads, else English; None: as
    the environment says) from now on."""
    global _language
    _language = None if lang is None else (language_named(str(lang)) or "en")


def language() -> str:
    """The interface language: "fa" or "en"."""
    global _language
    if _language is None:
        _language = _from_environment()
    return _language


def locale_folder() -> str:
    """The folder of citylinks' catalogues (LANG/LC_MESSAGES/DOMAIN.mo), as gettext takes it."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")


def _load_catalogue() -> dict[str, str]:
    """Every Persian translation, from the compiled catalogues shipped with citylinks."""
    import gettext
    from pathlib import Path

    folder = Path(locale_folder()) / "fa" / "LC_MESSAGES"
    merged: dict[str, str] = {}
    for mo in sorted(folder.glob("*.mo")) if folder.is_dir() else ():
        with mo.open("rb") as handle:
            translations = gettext.GNUTranslations(handle)
        for key, value in translations._catalog.items():  # type: ignore[attr-defined]
            if isinstance(key, tuple):  # a plural entry: (msgid, form); Persian needs one form
                key = key[0] if key[1] == 0 else None
            if isinstance(key, str) and key and value:
                merged.setdefault(key, value)
    return merged


def catalogue() -> dict[str, str]:
    global _catalogue
    if _catalogue is None:
        _catalogue = _load_catalogue()
    return _catalogue


# Whole numbers in Persian messages: ASCII and Arabic-Indic digits written as Persian ones (as
# citylinks.text.to_persian_digits does; i18n stands below text in the layers).
_PERSIAN_DIGITS = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹" * 2)


# A value shown with repr() in a message ("no city {name!r}"), or between ASCII quotes
# ("unknown schema revision '{revision}'"), is the user's text: Persian puts it in «» rather
# than Python's quotes, whichever way the message (or its translation) quotes it.
_REPR = re.compile(r"\{(\w+)!r\}|'\{(\w+)\}'")
# A whole number given as text: digits alone, or grouped in thousands ("12,345": a byte count).
_NUMBER = re.compile(r"[0-9]+|[0-9]{1,3}(,[0-9]{3})+")
# Persian digits, and the Persian thousands separator for the comma between groups.
_PERSIAN_NUMBER = str.maketrans("0123456789,", "۰۱۲۳۴۵۶۷۸۹٬")


class Key(str):
    """A key given to a message (a change id, an entry's code): shown exactly as stored in
    every language, never given Persian digits, so that it can be typed back ("78562830")."""

    __slots__ = ()


def _persian_value(value: object) -> object:
    """A value as a Persian message shows it: whole numbers (also given as text: "7",
    "12,345") in Persian digits and separator, lists joined with «، » (`listing`); a `Key`
    as stored."""
    if isinstance(value, bool | Key):
        return value
    if isinstance(value, int) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        return str(value).translate(_PERSIAN_NUMBER)
    if isinstance(value, list | tuple):
        return listing(value)
    return value


class _PersianNumbers(string.Formatter):
    """Fills a Persian message: a fraction formatted by its placeholder's spec ("{seconds:g}")
    in Persian digits and decimal separator, as whole numbers are (_persian_value)."""

    def format_field(self, value: object, format_spec: str) -> str:
        shown = super().format_field(value, format_spec)
        return shown.translate(_PERSIAN_FRACTION) if isinstance(value, float) else shown


_PERSIAN_FRACTION = str.maketrans("0123456789.,", "۰۱۲۳۴۵۶۷۸۹٫٬")


def _fill(text: str, values: dict[str, object]) -> str:
    if not values:
        return text
    if language() == "fa":
        values = {key: _persian_value(value) for key, value in values.items()}
        text = _REPR.sub(lambda m: f"«{{{m[1] or m[2]}}}»", text)
        if any(isinstance(value, float) for value in values.values()):
            return _PersianNumbers().format(text, **values)
    elif any(isinstance(value, list | tuple) for value in values.values()):
        values = {
            key: listing(value) if isinstance(value, list | tuple) else value
            for key, value in values.items()
        }
    return text.format(**values)


_SEPARATORS = {",": {"en": ", ", "fa": "، "}, ";": {"en": "; ", "fa": "؛ "}}


def digit_look_alike(value: str) -> str | None:
    """Why `value` cannot be read as a date or a number when it holds a character that only
    looks like a digit (², ₂, ②: NFKC would read `2008²` as 20082, a year more precise than
    the source), naming the first; None when it holds none. Decimal digits of any script
    (Persian, Arabic-Indic, fullwidth) are digits. The one rule of dates.PartialDate.parse
    and text.parse_number, so every door answers alike."""
    import unicodedata

    for ch in value:
        if ch.isdigit() and not ch.isdecimal():
            return _(
                "'{value}' holds {char} ({code} {name}), which only looks like a digit: type the"
                " digit {digit}",
                value=shortened(value.strip()),
                char=ch,
                code=f"U+{ord(ch):04X}",
                name=unicodedata.name(ch, "?"),
                digit=unicodedata.digit(ch),
            )
    return None


def title_word(title: str, lang: str | None = None) -> str:
    """A role or post title (stored as the source or officer wrote it, e.g. "secretary") in
    `lang` (by default the interface language): the Persian word for the titles citylinks
    knows, else as stored."""
    if (lang or language()) != "fa":
        return title
    found = WORDS.get(f"title_{title.strip().casefold()}")
    return found[1] if found else title


def quoted(value: object, exact: bool = False) -> str:
    """`value` quoted as a message quotes what the user typed or a file held, when it is put
    together outside the message (a list of names, a path of keys): «» in Persian, as `_`
    quotes "{name!r}" and "'{name}'", else Python's quotes (repr; `exact`: the value as it
    is between ASCII quotes, as "'{name}'" shows it)."""
    if language() == "fa":
        return f"«{value}»"
    return f"'{value}'" if exact else repr(value)


def listing(items: Iterable[object], separator: str = ",") -> str:
    """`items` as a list in a message: "1, 2, 3" in English; in Persian joined with «، », whole
    numbers in Persian digits ("۱، ۲، ۳"; keys and names kept as written). Items that hold
    commas of their own are separated by `separator` ";": "; " in English, «؛ » in Persian."""
    if language() == "fa":
        return _SEPARATORS[separator]["fa"].join(str(_persian_value(i)) for i in items)
    return _SEPARATORS[separator]["en"].join(str(i) for i in items)


# How much of a value a message quotes: a 100 KB id from a file is not a 100 KB error line.
QUOTED_MAX_LENGTH = 100


def shortened(value: str, length: int = QUOTED_MAX_LENGTH) -> str:
    """`value`, cut to `length` characters with an ellipsis where it is longer: how a message
    quotes a value read from a file (here, below text and dates, which both quote; also
    citylinks.text.shortened)."""
    return value if len(value) <= length else value[: length - 1] + "…"


def gettext(message: str) -> str:
    """`message` in the interface language (itself when English or not translated)."""
    if language() != "fa" or not message:
        return message
    return catalogue().get(message, message)


def _(message: str, /, **values: object) -> str:
    """Translate `message`, then fill its {placeholders} with `values`."""
    return _fill(gettext(message), values)


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form of a message for `n` (Persian has one form after any number)."""
    if language() == "fa":
        found = catalogue().get(singular)
        if found:
            return _fill(found, values)
    return _fill(singular if n == 1 else plural, values)


def digits(value: object) -> str:
    """`value` as text, its digits Persian when the interface speaks Persian (for a number
    put together outside a message, e.g. in a list)."""
    if language() == "fa":
        return str(value).translate(_PERSIAN_DIGITS)
    return str(value)


def N_(message: str) -> str:
    """Mark `message` for the catalogue where it is made; translate it where it is shown."""
    return message
