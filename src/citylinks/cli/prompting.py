"""Asking for what is missing, on a terminal only.

On a terminal, a required value the officer left out is asked for (with suggestions where
they help), and a likely duplicate is confirmed before it is recorded. In a script (no
terminal on stdin) nothing is asked: a missing value is a usage error (exit 2) and a likely
duplicate is refused with a message pointing to `--force`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import typer

from citylinks.cli.context import state
from citylinks.cli.language import for_terminal
from citylinks.i18n import _, listing

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


def interactive() -> bool:
    """Whether an officer is at a terminal to answer questions."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # stdin closed or replaced
        return False


def require(
    ctx: typer.Context,
    value: str | None,
    option: str,
    question: str,
    suggestions: Callable[[], list[str]] | None = None,
    check: Callable[[str], object] | None = None,
) -> str:
    """`value`, or on a terminal the answer to `question`; in a script, a usage error. An
    answer that `check` refuses (a CitylinksError: a date that cannot be read) is not the end
    of the command: the refusal is said in one line and the question asked again."""
    if value is not None and value.strip():
        return value
    if not interactive():
        ctx.fail(_("Missing option '{option}'.", option=option))
    if suggestions is not None:
        choices = suggestions()
        if choices:
            typer.echo(
                for_terminal(
                    _("{option}: known values: {values}", option=option, values=listing(choices))
                ),
                err=True,
            )
    from citylinks.errors import CitylinksError

    while True:
        answer = typer.prompt(question, err=True).strip()
        if not answer:
            continue
        if check is None:
            return answer
        try:
            check(answer)
        except CitylinksError as exc:
            typer.echo(
                for_terminal(_("{option}: {error} (try again)", option=option, error=exc)),
                err=True,
            )
            continue
        return answer


def a_date(typed: str) -> object:
    """`require`'s check for a date: read as the commands read it (services.fields.date), so
    that what the prompt takes is what `--from` takes."""
    from citylinks.services import fields

    return fields.date(typed)


# The answers to a yes/no question, as text.fold reads them (case, Arabic ي/ك, diacritics and
# punctuation do not matter): English and Persian words, their first letters, and what the
# Y and N keys type on the standard Persian keyboard (ISIRI 9147: Y is «غ», N is «د»; "yes"
# and "no" typed there are «غثس» and «دخ»), for an officer who did not switch layouts.
YES_ANSWERS = ("y", "yes", "بله", "بلی", "آره", "اره", "ب", "غ", "غثس")
NO_ANSWERS = ("n", "no", "خیر", "نه", "ن", "خ", "د", "دخ")


def answer_of(typed: str) -> bool | None:
    """True for a yes, False for a no, None for anything else (an empty answer included)."""
    from citylinks.text import fold

    folded = fold(typed)
    if folded in {fold(a) for a in YES_ANSWERS}:
        return True
    if folded in {fold(a) for a in NO_ANSWERS}:
        return False
    return None


def confirm(question: str, default: bool = False) -> bool:
    """Ask `question` until it is answered yes or no (in English or Persian, YES_ANSWERS and
    NO_ANSWERS); an empty answer is `default`. The choices shown and the message that asks
    again are in the interface language."""
    choices = _("[Y/n]") if default else _("[y/N]")
    while True:
        typed = typer.prompt(f"{question} {choices}", default="", show_default=False, err=True)
        if not typed.strip():
            return default
        answer = answer_of(typed)
        if answer is not None:
            return answer
        typer.echo(
            for_terminal(_("Please answer y (yes) or n (no), not '{typed}'.", typed=typed.strip())),
            err=True,
        )


def write_confirming(
    ctx: typer.Context,
    action: Callable[[Session, bool], T],
    dry_run: bool,
    force: bool,
    core: bool = False,
) -> T:
    """Run `action(session, force)` as one write; if it is refused as a likely duplicate and
    an officer is at a terminal, show the warning, ask, and on yes run it again forced.
    `core`: `action` writes with Core statements (State.write)."""
    from citylinks.services.names import LikelyDuplicate

    try:
        return state(ctx).write(lambda session: action(session, force), dry_run=dry_run, core=core)
    except LikelyDuplicate as exc:
        if force or not interactive():
            raise
        typer.echo(for_terminal(_("Warning: {warning}", warning=exc.warning)), err=True)
        if not confirm(_("Record it anyway?")):
            typer.echo(_("Nothing was written."), err=True)
            raise typer.Exit(1) from None
    return state(ctx).write(lambda session: action(session, True), dry_run=dry_run, core=core)


def write_versioned(
    ctx: typer.Context,
    action: Callable[[Session], T],
    dry_run: bool,
    what: str,
    reread: Callable[[Session], object],
    label: str,
    expected: int | None,
    reason: str | None = None,
) -> T:
    """One write that, when the row's version changed between reading and writing, is
    refused with a Conflict naming the officer who got there first. `reason`: a
    correction's --reason, kept with its log entries."""
    from citylinks.services.audit_log import refusing_stale_writes

    with refusing_stale_writes(state(ctx).database, what, label, reread, expected):
        result = state(ctx).write(action, dry_run=dry_run, reason=reason)
    return result
