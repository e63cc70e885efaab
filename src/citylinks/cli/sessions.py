"""`citylinks session ...`: an organization's meetings, numbered per series."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.completion import complete_words
from citylinks.cli.context import state
from citylinks.cli.options import (
    CorrectionReasonOption,
    DryRunOption,
    ExpectVersionOption,
    NoteOption,
    OrgArgument,
    SeriesOption,
    SessionNumberArgument,
    SourceOption,
    report,
)
from citylinks.cli.params import Commands
from citylinks.cli.show import echo_corrected, echo_done
from citylinks.i18n import _
from citylinks.render.output import View  # the commands' annotations are read when registered
from citylinks.text import safe_for_terminal
from citylinks.vocab import SESSION_STATUSES

app = Commands(help="Sessions: the meetings of an organization's series (General Assembly, ...).")
numbering_app = Commands(
    help="Other sources' numbers for a session ('the eleventh meeting'): add, edit, remove."
)
app.add_typer(numbering_app, name="numbering")

# `session add` and `session edit` take the same fields: on `edit`, what is not given stays.
HostOption = Annotated[
    str | None,
    typer.Option("--host", help="The host city (any recorded name or id).", metavar="CITY"),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="First day, as precise as the source gives it (2008, j:1404-09-07).",
        metavar="DATE",
    ),
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Last day (partial date).", metavar="DATE")
]
ThemeOption = Annotated[
    str | None, typer.Option("--theme", help="The session's theme.", metavar="TEXT")
]
VenueOption = Annotated[
    str | None, typer.Option("--venue", help="Where it was held.", metavar="TEXT")
]
StatusOption = Annotated[
    str | None,
    typer.Option(
        "--status",
        help="planned, held, postponed or cancelled.",
        metavar="STATUS",
        autocompletion=complete_words(SESSION_STATUSES),
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    series: Annotated[
        str | None,
        typer.Option(
            "--series",
            help="Meeting series (key or name). Needed when the organization has several.",
            metavar="SERIES",
        ),
    ] = None,
    host: HostOption = None,
    start: FromOption = None,
    end: ToOption = None,
    theme: ThemeOption = None,
    venue: VenueOption = None,
    status: StatusOption = "held",
    note: NoteOption = None,
    sources: SourceOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a session of ORGANIZATION's meeting series with number NUMBER (one number per
    series: recording it twice is refused)."""
    from citylinks.cli.prompting import require
    from citylinks.services import sessions

    host = require(ctx, host, "--host", _("Host city"))
    start = require(ctx, start, "--from", _("First day (or year, or 'unknown')"))
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
            status=status if status is not None else "held",
            note=note,
            sources=sources,
        ),
        dry_run=dry_run,
    )
    echo_done(done, dry_run)


@app.command("show")
@report
def show(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    series: SeriesOption = None,
    *,
    chosen: View,
) -> None:
    """Show one session: host, dates in both calendars, theme, venue, status, other sources'
    numberings, attendance claims, attendees, sources and its version (for --expect-version)."""
    from citylinks.cli.reports import sources_cited
    from citylinks.render.output import deliver
    from citylinks.render.sessions import session_document
    from citylinks.reports.session_detail import session_detail
    from citylinks.services.lookup import find_meeting

    with state(ctx).database().connection() as conn:
        detail = session_detail(conn, find_meeting(conn, organization, number, series))
        keys = [*detail.sources]
        keys += [k for n in detail.numberings for k in n.sources]
        keys += [k for c in detail.counts for k in c.sources]
        keys += [k for a in detail.attendees for k in a.sources]
        citations = sources_cited(conn, keys, chosen)
        doc = session_document(detail, chosen.calendar, chosen.lang, citations)
    deliver(doc, chosen)


@app.command("edit")
def edit(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    series: SeriesOption = None,
    host: HostOption = None,
    start: FromOption = None,
    end: ToOption = None,
    theme: ThemeOption = None,
    venue: VenueOption = None,
    status: StatusOption = None,
    note: NoteOption = None,
    renumber: Annotated[
        str | None,
        typer.Option(
            "--renumber",
            help="Give the session another number in its series (refused if that one is taken).",
            metavar="N",
        ),
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Change a session's host, dates, theme, venue, status, note or number; what is not given
    stays."""
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
            renumber=renumber,
            expect_version=expect_version,
        ),
        dry_run=dry_run,
        reason=reason,
    )
    line = _("dry run, would change: {what}", what=done.message) if dry_run else done.message
    typer.echo(safe_for_terminal(line))


@app.command("remove")
def remove(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    series: SeriesOption = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove a session, with what belongs to it: its attendance records, counts and other
    sources' numberings (all in the log). Refused while a membership phase or a role names it
    as the session that decided it."""
    from citylinks.services import sessions

    done = state(ctx).write(
        lambda s: sessions.remove_session(
            s, organization, number, series=series, expect_version=expect_version
        ),
        dry_run=dry_run,
        reason=reason,
    )
    echo_corrected(ctx, done, dry_run, "removed")


@numbering_app.command("add")
def numbering_add(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    as_number: Annotated[
        str,
        typer.Option(
            "--as", help="The number the other source gives the session.", metavar="NUMBER"
        ),
    ],
    sources: Annotated[
        list[str],
        typer.Option(
            "--source", help="Key of the source numbering it so (repeatable).", metavar="KEY"
        ),
    ],
    label: Annotated[
        str | None,
        typer.Option(
            "--label", help="The source's own words ('eleventh meeting').", metavar="TEXT"
        ),
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


NumberingArgument = Annotated[
    str,
    typer.Argument(
        help="Which numbering: the number the other source gives, or #ID as `session show`"
        " prints it.",
        metavar="NUMBERING",
    ),
]


@numbering_app.command("edit")
def numbering_edit(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    which: NumberingArgument,
    as_number: Annotated[
        str | None,
        typer.Option("--as", help="The number the other source gives, corrected.", metavar="N"),
    ] = None,
    label: Annotated[
        str | None,
        typer.Option("--label", help="The source's own words ('' clears them).", metavar="TEXT"),
    ] = None,
    series: SeriesOption = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct another source's number for a session, or its words.

    Example: citylinks session numbering edit AMF 11 12 --as 11 --reason 'misread'"""
    from citylinks.services import sessions

    done = state(ctx).write(
        lambda s: sessions.edit_numbering(
            s,
            organization,
            number,
            which,
            series=series,
            as_number=as_number,
            label=label,
            expect_version=expect_version,
        ),
        dry_run=dry_run,
        reason=reason,
    )
    echo_corrected(ctx, done, dry_run, "changed")


@numbering_app.command("remove")
def numbering_remove(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    which: NumberingArgument,
    series: SeriesOption = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove another source's number for a session (the session keeps its own number)."""
    from citylinks.services import sessions

    done = state(ctx).write(
        lambda s: sessions.remove_numbering(
            s, organization, number, which, series=series, expect_version=expect_version
        ),
        dry_run=dry_run,
        reason=reason,
    )
    echo_corrected(ctx, done, dry_run, "removed")
