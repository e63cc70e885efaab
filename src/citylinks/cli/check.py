"""`citylinks check`: the data-quality check; `check review` and `check unreview`: a
finding an officer has looked at, marked reviewed with why and the sources, or no longer."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    BidiOption,
    Calendar,
    CalendarOption,
    CorrectionReasonOption,
    DryRunOption,
    ExpectVersionOption,
    ForceOutputOption,
    Format,
    FormatOption,
    LangOption,
    OutputOption,
    view,
)
from citylinks.cli.params import Commands, Group
from citylinks.i18n import _
from citylinks.text import safe_for_terminal


class CheckGroup(Group):
    """`citylinks check [ORGANIZATION]` runs the check; `check review ...` and `check
    unreview ...` are commands of their own. The check's ORGANIZATION argument would take a
    command's name, so a command's name first is the command, the check's own parameters at
    their defaults (an organization called "review" is checked as `check -- review`)."""

    allow_interspersed_args = True  # `check AMF --format json`, as a command takes it

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] in self.commands:
            super(Group, self).parse_args(ctx, ["--"])  # the check's defaults
            ctx._protected_args, ctx.args = args[:1], args[1:]
            return ctx.args
        return super().parse_args(ctx, args)


app = Commands(
    cls=CheckGroup,
    help="The data-quality check.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@app.callback()
def check(
    ctx: typer.Context,
    organization: Annotated[
        str | None,
        typer.Argument(
            help="Check only what belongs to this organization (acronym, key, id or any name):"
            " it and its committees, their sessions, members, roles and posts, and the cities"
            " and people involved. Default: the whole database.",
            metavar="ORGANIZATION",
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    calendar: CalendarOption = Calendar.both,
    lang: LangOption = None,
    bidi: BidiOption = False,
    force: ForceOutputOption = False,
    with_reviewed: Annotated[
        bool,
        typer.Option(
            "--with-reviewed",
            help="Also list the findings officers have reviewed, with why and their sources.",
        ),
    ] = False,
) -> None:
    """List what an officer should look at, one finding a line: the record and what to do.
    Exit code 1 when anything is found, 0 when the data is clean (for scripts); --format
    json gives the findings as a list (kind, problem, record, message, ids).

    \b
    What is checked (retracted membership phases are left out):
    - unsourced: a fact (city, person, organization, motto, member count, session, its
      numberings, counts and attendees, membership phase, role, post, designation) that
      cites no source.
    - duplicate: two people, or two cities of one country, whose names are spelt alike
      (ignoring case, accents, spacing and Arabic/Persian letter forms), or a Persian name
      of one and a Latin name of the other with the same consonants («علیرضا امراللهی»
      and "Alireza Amrollahi"). A record named in both scripts is compared across scripts
      only with records named in one, so recording each name in both scripts tells two
      different records apart.
    - mixed-script: a name with a word mixing Latin, Cyrillic or Greek letters.
    - phase: in one membership, a phase with no end that another follows, a later phase
      with an unknown start, a phase that begins before the one above it begins, or
      certainly before it ends, or a phase in the same status as the one it follows,
      touching it, with neither a reason nor a deciding session (one fact recorded twice).
    - unsupported-day: a session dated to the day none of whose sources can give a day. A
      source gives a day when it is the meeting's own document (declaration, report,
      decision letter), was published on a known day, or its title or excerpt names a
      day (2008-11-19, 19 November 2008, ۲۹ آبان ۱۳۸۷).
    - conflict: attendance counts of one session, or member counts of one organization as
      of the same date, that count the same thing (same words, or one does not say) and
      cannot all be true ("about" allows 10%); a source whose numberings (session
      numbering add) give one session two numbers, or two sessions of one series the same
      number; a session that began before a session with a lower number in its series.
    - role-without-membership: a city's role in an organization or one of its committees
      when no phase of its membership there (or in the organization above), counting as
      membership, may cover any day of the role.

    \b
    A finding an officer has looked at and found right as recorded is marked reviewed, with
    the reason and the sources (`citylinks check review role:ID --reason TEXT --source
    KEY`): it is then listed in one line apart ("N findings reviewed: ...", --with-reviewed
    for a table with the reasons), and in JSON with `reviewed` (reason, sources). The exit
    code is 0 when every finding is reviewed. Exported datasets carry the marks."""
    if ctx.invoked_subcommand is not None:
        return
    _run(ctx, organization, fmt, output, calendar, lang, bidi, force, with_reviewed)


def _run(ctx, organization, fmt, output, calendar, lang, bidi, force, with_reviewed) -> None:
    from citylinks.render.check import document
    from citylinks.render.output import deliver
    from citylinks.reports.check import check as check_report
    from citylinks.services.lookup import find_organization_ref

    run = state(ctx)
    chosen = view(
        fmt, output, lang, calendar, False, bidi, force, run.protected() if output else ()
    )
    with run.database().connection() as conn:
        org = find_organization_ref(conn, organization) if organization is not None else None
        result = check_report(conn, org)
        doc = document(result, chosen, with_reviewed)
    deliver(doc, chosen)
    if result.findings:
        raise typer.Exit(1)


RoleRefArgument = Annotated[
    str,
    typer.Argument(
        help="The finding's record: the role, as role:ID (the id `citylinks check --format"
        " json` gives under ids, or `city show` prints as #ID).",
        metavar="REF",
    ),
]


def _echo(done, dry_run: bool) -> None:
    if done.version is not None:
        line = _("{what} (version {version})", what=done.message, version=done.version)
    else:
        line = done.message
    if dry_run:
        line = _("dry run, would be {what}", what=line)
    typer.echo(safe_for_terminal(line))


# The check's own help is its callback's docstring (a group's help is its Typer's).
app.info.help = check.__doc__


@app.command("review")
def review(
    ctx: typer.Context,
    ref: RoleRefArgument,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help="Why the record is right as it stands (kept with the review, and in the log).",
            metavar="TEXT",
        ),
    ] = None,
    sources: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            help="Key of a source the officer read (repeatable), e.g. S1.",
            metavar="KEY",
        ),
    ] = None,
    expect_version: ExpectVersionOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Mark the finding `citylinks check` makes of a record reviewed: the officer has looked
    at it and found the record right as it stands, because --reason, say the sources (--source).
    `check` then lists it apart, and exits 0 when every finding is reviewed. Reviewing it
    again replaces the reason and the sources, with --expect-version (the review's version,
    as `check --with-reviewed` shows it). So far a role's finding (role-without-membership)
    can be reviewed.

    Example: citylinks check review role:41 --reason "no stored source says Dushanbe is a
    member; the forum's pages name it vice-president (G1, M7)" --source G1 --source M7"""
    from citylinks.reports.check import role_problem
    from citylinks.services import reviews

    done = state(ctx).write(
        lambda s: reviews.review(s, ref, reason, sources, role_problem, expect_version),
        dry_run=dry_run,
        reason=reason,
    )
    _echo(done, dry_run)


@app.command("unreview")
def unreview(
    ctx: typer.Context,
    ref: RoleRefArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Take the review mark off a finding: `citylinks check` lists it again as one to look
    at.

    Example: citylinks check unreview role:41 --reason "a source makes it a member"
    """
    from citylinks.services import reviews

    done = state(ctx).write(
        lambda s: reviews.unreview(s, ref, expect_version), dry_run=dry_run, reason=reason
    )
    _echo(done, dry_run)
