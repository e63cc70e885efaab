"""`citylinks attend ...`: who attended a session, and how many, as sources say."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    DryRunOption,
    NoteOption,
    OrgArgument,
    SeriesOption,
    SessionNumberArgument,
    SourceOption,
)
from citylinks.cli.params import Commands, whole_number
from citylinks.cli.show import echo_done

app = Commands(
    help="Attendance: who came to a session, and sources' counts of how many.",
)


@app.command("add")
def add(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    who: Annotated[
        str,
        typer.Argument(
            help="Who attended: a city, an organization or a person (name or id).", metavar="WHO"
        ),
    ],
    series: SeriesOption = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Say what WHO is when a name fits several: city, org or person.",
            metavar="KIND",
        ),
    ] = None,
    role: Annotated[
        str,
        typer.Option(
            "--role", help="host, delegation, associate-member, observer or guest.", metavar="ROLE"
        ),
    ] = "delegation",
    on_behalf_of: Annotated[
        str | None,
        typer.Option("--on-behalf-of", help="The city a person represented.", metavar="CITY"),
    ] = None,
    note: NoteOption = None,
    sources: SourceOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record that WHO attended session NUMBER of ORGANIZATION."""
    from citylinks.services import attendance

    done = state(ctx).write(
        lambda s: attendance.add_attendee(
            s,
            organization,
            number,
            who,
            series=series,
            kind=kind,
            role=role,
            on_behalf_of=on_behalf_of,
            note=note,
            sources=sources,
        ),
        dry_run=dry_run,
    )
    echo_done(done, dry_run)


@app.command("count")
def count(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    how_many: Annotated[
        int,
        typer.Argument(
            metavar="COUNT", help="The number the source gives.", parser=whole_number("COUNT")
        ),
    ],
    sources: Annotated[
        list[str],
        typer.Option(
            "--source", help="Key of the source giving the count (repeatable).", metavar="KEY"
        ),
    ],
    qualifier: Annotated[
        str,
        typer.Option(
            "--qualifier", help="exactly, more-than, less-than or about.", metavar="QUALIFIER"
        ),
    ] = "exactly",
    counted: Annotated[
        str | None,
        typer.Option(
            "--counted",
            help="What was counted, in the source's words ('mayors and city managers').",
            metavar="TEXT",
        ),
    ] = None,
    series: SeriesOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a source's count of who attended a session (sources may disagree: each count is
    kept with its own sources)."""
    from citylinks.services import attendance

    done = state(ctx).write(
        lambda s: attendance.add_count(
            s,
            organization,
            number,
            how_many,
            qualifier=qualifier,
            counted=counted,
            sources=sources,
            series=series,
        ),
        dry_run=dry_run,
    )
    echo_done(done, dry_run)
