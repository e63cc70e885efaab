"""`citylinks role ...`: posts member cities hold in an organization or its committees."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.sessions import DryRunOption, SourcesOption, echo_done

app = typer.Typer(
    help="Roles: a city as secretary, chair, ... of an organization or committee.",
    no_args_is_help=True,
)


@app.command("add")
def add(
    ctx: typer.Context,
    city: Annotated[str, typer.Argument(help="The city (any recorded name or id).")],
    organization: Annotated[
        str,
        typer.Argument(
            help="The organization or committee: acronym, id or name (e.g. 'Tourism and Culture')."
        ),
    ],
    title: Annotated[
        str, typer.Argument(help="The role: secretary, chair, vice-president, board-member, ...")
    ],
    start: Annotated[
        str | None, typer.Option("--from", help="Since when (partial date, or 'unknown').")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Until when (partial date).")] = None,
    decided_at: Annotated[
        str | None,
        typer.Option(
            "--session", help="The session that decided it, ORG/SERIES/N (AMF/executive-board/11)."
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A short note.")] = None,
    sources: SourcesOption = None,
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
