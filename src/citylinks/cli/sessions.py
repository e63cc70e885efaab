"""`citylinks session ...`: an organization's meetings, numbered per series."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    Calendar,
    CalendarOption,
    DryRunOption,
    Format,
    FormatOption,
    Lang,
    LangOption,
)

app = typer.Typer(
    help="Sessions: the meetings of an organization's series (General Assembly, ...).",
    no_args_is_help=True,
)
numbering_app = typer.Typer(
    help="Other sources' numbers for a session ('the eleventh meeting').", no_args_is_help=True
)
app.add_typer(numbering_app, name="numbering")

SourcesOption = Annotated[
    list[str] | None,
    typer.Option("--source", help="Key of a source that says so (repeatable), e.g. S2."),
]
OrgArgument = Annotated[
    str, typer.Argument(help="The organization: acronym, id or any name (e.g. AMF).")
]
NumberArgument = Annotated[
    str, typer.Argument(help="The session's number in its series, as the organization numbers it.")
]
SeriesOption = Annotated[
    str | None,
    typer.Option(
        "--series",
        help="Meeting series (key or name, e.g. general-assembly). Default: the one series"
        " that has a session with this number.",
    ),
]


def echo_done(done, dry_run: bool) -> None:
    """Print what a writing command did (or, with --dry-run, would do) and any notes."""
    from citylinks.text import safe_for_terminal

    head = "dry run, would record" if dry_run else "recorded"
    typer.echo(safe_for_terminal(f"{head}: {done.message}"))
    for note in done.notes:
        typer.echo(safe_for_terminal(f"note: {note}"))


@app.command("add")
def add(
    ctx: typer.Context,
    organization: OrgArgument,
    number: NumberArgument,
    series: Annotated[
        str | None,
        typer.Option(
            "--series",
            help="Meeting series (key or name). Needed when the organization has several.",
        ),
    ] = None,
    host: Annotated[
        str | None, typer.Option("--host", help="The host city (any recorded name or id).")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", help="First day, as precise as the source gives it (2008, j:1404-09-07)."
        ),
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (partial date).")] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="The session's theme.")] = None,
    venue: Annotated[str | None, typer.Option("--venue", help="Where it was held.")] = None,
    status: Annotated[
        str, typer.Option("--status", help="planned, held, postponed or cancelled.")
    ] = "held",
    note: Annotated[str | None, typer.Option("--note", help="A short note.")] = None,
    sources: SourcesOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a session of ORGANIZATION's meeting series with number NUMBER (one number per
    series: recording it twice is refused)."""
    from citylinks.cli.prompting import require
    from citylinks.services import sessions

    host = require(ctx, host, "--host", "Host city")
    start = require(ctx, start, "--from", "First day (or year, or 'unknown')")
    done = state(ctx).write(
        lambda s: sessions.add_session(
            s,
            organization,
            number,
            series=series,
            host=host,
            start=start,
            end=end,
            theme=theme,
            venue=venue,
            status=status,
            note=note,
            sources=sources,
        ),
        dry_run=dry_run,
    )
    echo_done(done, dry_run)


@app.command("show")
def show(
    ctx: typer.Context,
    organization: OrgArgument,
    number: NumberArgument,
    series: SeriesOption = None,
    fmt: FormatOption = Format.table,
    calendar: CalendarOption = Calendar.both,
    lang: LangOption = Lang.en,
) -> None:
    """Show one session: host, dates in both calendars, theme, venue, status, other sources'
    numberings, attendance claims, attendees, sources and its version (for --expect-version)."""
    from citylinks import render
    from citylinks.render.sessions import session_document
    from citylinks.reports.session_detail import session_detail
    from citylinks.services.sessions import find_session

    with state(ctx).database().reading() as session:
        meeting = find_session(session, organization, number, series)
        doc = session_document(session_detail(meeting), calendar.value, lang.value)
    render.emit(doc, fmt.value)


@app.command("edit")
def edit(
    ctx: typer.Context,
    organization: OrgArgument,
    number: NumberArgument,
    series: SeriesOption = None,
    host: Annotated[str | None, typer.Option("--host", help="New host city.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="New first day.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="New last day.")] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="New theme.")] = None,
    venue: Annotated[str | None, typer.Option("--venue", help="New venue.")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="planned, held, postponed or cancelled.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="New note.")] = None,
    expect_version: Annotated[
        int | None,
        typer.Option(
            "--expect-version",
            help="The version `session show` printed: refuse if someone changed it since.",
            metavar="N",
        ),
    ] = None,
    dry_run: DryRunOption = False,
) -> None:
    """Change a session's host, dates, theme, venue, status or note; what is not given stays."""
    from citylinks.services import sessions

    done = state(ctx).write(
        lambda s: sessions.edit_session(
            s,
            organization,
            number,
            series=series,
            host=host,
            start=start,
            end=end,
            theme=theme,
            venue=venue,
            status=status,
            note=note,
            expect_version=expect_version,
        ),
        dry_run=dry_run,
    )
    from citylinks.text import safe_for_terminal

    typer.echo(safe_for_terminal(("dry run, would change: " if dry_run else "") + done.message))


@numbering_app.command("add")
def numbering_add(
    ctx: typer.Context,
    organization: OrgArgument,
    number: NumberArgument,
    as_number: Annotated[
        str, typer.Option("--as", help="The number the other source gives the session.")
    ],
    sources: Annotated[
        list[str], typer.Option("--source", help="Key of the source numbering it so (repeatable).")
    ],
    label: Annotated[
        str | None, typer.Option("--label", help="The source's own words ('eleventh meeting').")
    ] = None,
    series: SeriesOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record another source's number for a session (the session keeps its own number)."""
    from citylinks.services import sessions

    done = state(ctx).write(
        lambda s: sessions.add_numbering(
            s,
            organization,
            number,
            as_number=as_number,
            sources=sources,
            label=label,
            series=series,
        ),
        dry_run=dry_run,
    )
    echo_done(done, dry_run)
