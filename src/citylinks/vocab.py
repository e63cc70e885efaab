"""The controlled vocabularies: one list each, used by the model's CHECK constraints, the
commands' validation, the dataset format and the documentation.

Stdlib only, so that commands can show the choices without importing the database layer.
"""

from __future__ import annotations

from dataclasses import dataclass

from citylinks.i18n import WORDS, _, language


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

# Where each vocabulary's words for people are in citylinks.i18n.WORDS: the key of a choice's
# English and Persian names is the prefix followed by the choice ("status_member"). The Persian
# name reports print is also a name an officer may type (services.fields reads both).
WORDS_PREFIXES: dict[tuple[str, ...], str] = {
    STATUS_NAMES: "status_",
    SOURCE_KINDS: "source_kind_",
    ORGANIZATION_KINDS: "organization_kind_",
    SESSION_STATUSES: "",
    ATTENDANCE_ROLES: "role_",
    COUNT_QUALIFIERS: "",
    NAME_KINDS: "name_kind_",
    ATTENDEE_KINDS: "attendee_kind_",
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
}


def choose(value: str, choices: tuple[str, ...], what: str) -> str:
    """Return `value` (case and spaces/underscores folded to the listed form) if it is one of
    `choices`, else raise a one-line error that lists them. (services.fields also reads the
    Persian and other names of a choice: values from people and files go through there.)"""
    from citylinks.errors import CitylinksError

    wanted = value.strip().lower().replace("_", "-").replace(" ", "-")
    if wanted in choices:
        return wanted
    raise CitylinksError(
        _(
            "unknown {what} '{value}': use one of {listed}",
            what=_(what),
            value=value,
            listed=", ".join(choices),
        )
    )


def word(prefix: str, value: str) -> str:
    """A stored vocabulary value (a status, a role, a kind: `prefix` is its i18n.WORDS prefix,
    e.g. "status_") as a message shows it: as stored in English, by its Persian name in
    Persian."""
    if language() == "fa":
        found = WORDS.get(prefix + value)
        if found and found[1]:
            return found[1]
    return value
