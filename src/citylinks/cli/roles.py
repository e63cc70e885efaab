"""`citylinks role ...`: posts member cities hold in an organization or its committees, and
their corrections."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    CityArgument,
    CorrectionReasonOption,
    DecidedAtOption,
    DryRunOption,
    ExpectVersionOption,
    NoteOption,
    SourceOption,
)
from citylinks.cli.params import Commands
from citylinks.cli.show import echo_corrected, echo_done
from citylinks.i18n import _

app = Commands(
    help="Roles: a city as secretary, chair, ... of an organization or committee.",
)


@app.command("add")
def add(
    ctx: typer.Context,
    city: CityArgument,
    organization: Annotated[
        str,
        typer.Argument(
            help="The organization or committee: acronym, id or name (e.g. 'Tourism and Culture').",
            metavar="ORGANIZATION",
        ),
    ],
    title: Annotated[
        str,
        typer.Argument(
            help="The role: secretary, chair, vice-president, board-member, ...", metavar="TITLE"
        ),
    ],
    start: Annotated[
        str | None,
        typer.Option("--from", help="Since when (partial date, or 'unknown').", metavar="DATE"),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Until when (partial date); 'present' if the city still holds it; default:"
            " 'unknown' (the end is not known).",
            metavar="DATE",
        ),
    ] = None,
    decided_at: DecidedAtOption = None,
    note: NoteOption = None,
    sources: SourceOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record that CITY holds TITLE in ORGANIZATION (or one of its committees)."""
    from citylinks.cli.prompting import a_date, require
    from citylinks.services import roles

    start = require(ctx, start, "--from", _("Since when (or 'unknown')"), check=a_date)
    done = state(ctx).write(
        lambda s: roles.add_role(
            s,
            city,
            organization,
            title,
            start=start,
            end=end,
            decided_at=decided_at,
            sources=sources,
            note=note,
        ),
        dry_run=dry_run,
    )
    echo_done(done, dry_run)


# --- corrections ---------------------------------------------------------------------------

RoleCityArgument = Annotated[
    str,
    typer.Argument(
        help="The city holding the role (key, id or any name), or the role's #id as `city show`"
        " prints it (e.g. '#12').",
        metavar="CITY|#ID",
    ),
]
RoleOrgArgument = Annotated[
    str | None,
    typer.Argument(
        help="The organization or committee (not with #ID).",
        metavar="ORGANIZATION",
        show_default=False,
    ),
]
RoleTitleArgument = Annotated[
    str | None,
    typer.Argument(help="The role's title (not with #ID).", metavar="TITLE", show_default=False),
]


def _write_role(ctx: typer.Context, action, dry_run: bool, reason: str | None):
    """One correction of a role, written with Core statements (services.held): a stale
    --expect-version is refused there, under the database's write lock."""
    return state(ctx).write(action, dry_run=dry_run, reason=reason, core=True)


@app.command("edit")
def edit(
    ctx: typer.Context,
    city: RoleCityArgument,
    organization: RoleOrgArgument = None,
    title: RoleTitleArgument = None,
    new_title: Annotated[
        str | None, typer.Option("--title", help="The corrected title.", metavar="TITLE")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="Since when (partial date, or 'unknown').", metavar="DATE"),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Until when; 'present' if still held; 'unknown' (or '') if not known.",
            metavar="DATE",
        ),
    ] = None,
    decided_at: Annotated[
        str | None,
        typer.Option(
            "--session",
            help="The session that decided it, ORG/SERIES/N ('' to clear).",
            metavar="ORG/SERIES/N",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A short note ('' to clear).", metavar="TEXT")
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct a role, named by CITY ORGANIZATION TITLE or by its #id (when the city held
    the title there more than once): its title, dates, deciding session or note."""
    from citylinks.services import held

    change = held.RoleEdit(title=new_title, start=start, end=end, decided_at=decided_at, note=note)
    done = _write_role(
        ctx,
        lambda c: held.edit_role(c, city, organization, title, change, expect_version),
        dry_run,
        reason,
    )
    echo_corrected(ctx, done, dry_run, "changed")


@app.command("remove")
def remove(
    ctx: typer.Context,
    city: RoleCityArgument,
    organization: RoleOrgArgument = None,
    title: RoleTitleArgument = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Its start, when the city held the title there more than once.",
            metavar="DATE",
        ),
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove a role recorded by mistake (the log keeps it), named by CITY ORGANIZATION
    TITLE (and --from) or by its #id."""
    from citylinks.services import held

    done = _write_role(
        ctx,
        lambda c: held.remove_role(c, city, organization, title, start, expect_version),
        dry_run,
        reason,
    )
    echo_corrected(ctx, done, dry_run, "removed")
