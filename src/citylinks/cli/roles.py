"""`citylinks role ...`: posts member cities hold in an organization or its committees."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    CityArgument,
    DecidedAtOption,
    DryRunOption,
    NoteOption,
    SourceOption,
)
from citylinks.cli.params import Commands
from citylinks.cli.show import echo_done

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
    from citylinks.cli.prompting import require
    from citylinks.services import roles

    start = require(ctx, start, "--from", "Since when (or 'unknown')")
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
