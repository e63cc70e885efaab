"""The controlled vocabularies: one list each, used by the model's CHECK constraints, the
commands' validation, the dataset format and the documentation.

Stdlib only, so that commands can show the choices without importing the database layer.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def choose(value: str, choices: tuple[str, ...], what: str) -> str:
    """Return `value` (case and spaces/underscores folded to the listed form) if it is one of
    `choices`, else raise a one-line error that lists them."""
    from citylinks.errors import CitylinksError

    wanted = value.strip().lower().replace("_", "-").replace(" ", "-")
    if wanted in choices:
        return wanted
    raise CitylinksError(f"unknown {what} '{value}': use one of {', '.join(choices)}")
