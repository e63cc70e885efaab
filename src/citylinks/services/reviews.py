"""Reviewed findings of `citylinks check`: an officer has looked at a finding and found the
record right as it stands (no source makes Dushanbe a member of the AMF, yet the forum's pages
name it vice-president), and says why and which sources say so. `citylinks check review REF
--reason TEXT --source KEY...` marks it, `check unreview REF` takes the mark away; `check`
then lists the finding as reviewed, not as one to look at, and exports carry the mark
(a role's `review` in the dataset).

A role's finding (role-without-membership) is what can be reviewed so far: the review names
the role (check_review.role_id) and the problem `check` found (`no-membership`,
`not-member-then`); a different problem later is a new finding, to be looked at again. The
table names other findings' rows by table and id (a pair for duplicates), for the kinds to
come."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from citylinks.errors import CitylinksError, Conflict, NotFound
from citylinks.i18n import N_, _, listing
from citylinks.model import CheckReview, Role, Source
from citylinks.services import facts
from citylinks.services.audit_log import check_version, touch
from citylinks.services.common import sources_by_keys
from citylinks.services.fields import Field, FieldError

REVIEW_REASON = Field("reason for the review", "check_review", "reason", "note")
ROLE_KIND = "role-without-membership"
# What a role's finding may be (reports.check.roles_without_membership).
ROLE_PROBLEMS = ("no-membership", "not-member-then")


@dataclass(frozen=True)
class Reviewed:
    """What `check review` or `check unreview` did, in words (usable after the transaction)."""

    message: str
    version: int | None  # the review's version; None once unreviewed


def _role(session: Session, ref: str) -> tuple[Role, facts.Fact]:
    fact = facts.find_fact(session, ref)
    if fact.table != "role":
        raise CitylinksError(
            _(
                "'{ref}' names {fact_label}: only a role's finding ({role_kind}) can be reviewed so far; name the role as role:ID (`citylinks check --format json` gives each finding's ids)",
                ref=ref,
                fact_label=fact.label,
                role_kind=ROLE_KIND,
            )
        )
    return fact.row, fact


# The problem `citylinks check` finds with a role, given the connection and the role's id
# (None: it finds none): reports.check.role_problem, which the command passes in (services
# and reports do not import each other).
ProblemOf = Callable[[Any, int], str | None]


def _reason(value: str | None) -> str:
    if value is None or not value.strip():
        raise CitylinksError(
            _("a review says why the record is right as it stands: give --reason TEXT")
        )
    try:
        return REVIEW_REASON.clean(value)
    except FieldError as exc:
        raise CitylinksError(str(exc)) from None


def _sources(session: Session, keys: list[str] | None) -> list[Source]:
    cited = sources_by_keys(session, keys)
    if not cited:
        raise CitylinksError(
            _(
                "a review cites the sources the officer read: give --source KEY (see `citylinks source list`)"
            )
        )
    return cited


def review(
    session: Session,
    ref: str,
    reason: str | None,
    keys: list[str] | None,
    problem_of: ProblemOf,
    expect_version: int | None = None,
) -> Reviewed:
    """Mark the finding `check` makes of the role `ref` reviewed (`problem_of` says which it
    is), with `reason` and the sources `keys`; a role already reviewed gets the new reason and
    sources (a new version) only with --expect-version, naming the version it replaces."""
    role, fact = _role(session, ref)
    cleaned = _reason(reason)
    cited = _sources(session, keys)
    session.flush()
    problem = problem_of(session.connection(), role.id)
    if problem is None:
        raise Conflict(
            _(
                "{fact_label} ({ref}) is no finding of `citylinks check`: its city's membership covers it; nothing to review",
                fact_label=fact.label,
                ref=fact.ref,
            )
        )
    keys_shown = listing(s.key for s in cited)
    existing = next((r for r in role.reviews if r.kind == ROLE_KIND), None)
    if existing is None:
        if expect_version is not None:
            raise Conflict(
                _(
                    "{ref} has no review yet: --expect-version applies to a recorded one",
                    ref=fact.ref,
                )
            )
        made = CheckReview(
            role_id=role.id, kind=ROLE_KIND, problem=problem, reason=cleaned, sources=cited
        )
        # Added beside the role, not through its collection: a review is no change of the
        # role (its version stays, an officer holding it is not refused).
        session.add(made)
        session.flush()
        return Reviewed(
            f"reviewed {ROLE_KIND} ({problem}): {fact.label} ({fact.ref}), because:"
            f" {cleaned} (cites {keys_shown})",
            made.version,
        )
    if expect_version is None:
        # An officer's review is not replaced by another's without saying so.
        had = listing(s.key for s in existing.sources) or _("no source")
        said = existing.reason if len(existing.reason) <= 80 else existing.reason[:79] + "…"
        raise Conflict(
            _(
                "{ref} ({fact_label}) is reviewed already (version {version}, by {value}: {said!r}, cites {had}): to replace its reason and sources, give --expect-version {version}; nothing was changed",
                ref=fact.ref,
                fact_label=fact.label,
                version=existing.version,
                value=existing.updated_by or existing.created_by,
                said=said,
                had=had,
            )
        )
    check_version(existing, expect_version, N_("review"), fact.ref)
    same_sources = [s.key for s in existing.sources] == [s.key for s in cited]
    if existing.reason == cleaned and existing.problem == problem and same_sources:
        raise Conflict(
            _(
                "{ref} ({fact_label}) is already reviewed with that reason and those sources: nothing to change",
                ref=fact.ref,
                fact_label=fact.label,
            )
        )
    existing.reason, existing.problem = cleaned, problem
    if not same_sources:
        existing.sources = cited
    touch(session, existing)
    return Reviewed(
        _(
            "review updated: {fact_label} ({ref}), because: {cleaned} (cites {keys_shown})",
            fact_label=fact.label,
            ref=fact.ref,
            cleaned=cleaned,
            keys_shown=keys_shown,
        ),
        existing.version,
    )


def unreview(session: Session, ref: str, expect_version: int | None = None) -> Reviewed:
    """Take the review mark off the role `ref`'s finding: `check` lists it again."""
    role, fact = _role(session, ref)
    existing = next((r for r in role.reviews if r.kind == ROLE_KIND), None)
    if existing is None:
        raise NotFound(
            _(
                "{fact_label} ({ref}) has no reviewed finding: `citylinks check --with-reviewed` lists those there are",
                fact_label=fact.label,
                ref=fact.ref,
            )
        )
    check_version(existing, expect_version, N_("review"), fact.ref)
    session.delete(existing)
    session.flush()
    return Reviewed(
        _(
            "no longer reviewed: {fact_label} ({ref}); `citylinks check` lists it again",
            fact_label=fact.label,
            ref=fact.ref,
        ),
        None,
    )


def role_review_values(session: Session, value: object, fail) -> dict | None:
    """A dataset role's `review = { check, problem, reason, sources }` as the values of its
    CheckReview (None: the role has none); `fail(message)` makes the loader's error. The
    loader gives them to the role's review as it gives any record its values."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise fail(_("review is not a table: write review = { check = ..., reason = ..., ... }"))
    kind = value.get("check")
    if kind != ROLE_KIND:
        raise fail(
            _(
                "review: check = {kind!r}: a role's review is check = {role_kind!r}",
                kind=kind,
                role_kind=ROLE_KIND,
            )
        )
    problem = value.get("problem")
    if problem not in ROLE_PROBLEMS:
        raise fail(
            _(
                "review: problem = {problem!r}: use one of {listed}",
                problem=problem,
                listed=listing(ROLE_PROBLEMS),
            )
        )
    try:
        cleaned = _reason(value.get("reason"))
        keys = value.get("sources", [])
        if isinstance(keys, str):
            raise CitylinksError(_("sources = {keys!r} is not a list: write [{keys!r}]", keys=keys))
        cited = _sources(session, [str(k) for k in keys])
    except CitylinksError as exc:
        raise fail(_("review: {exc}", exc=exc)) from None
    return {"kind": kind, "problem": problem, "reason": cleaned, "sources": cited}
