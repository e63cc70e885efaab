"""`citylinks member ...`: a city's membership in an organization, as a history of phases."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    Calendar,
    CalendarOption,
    CityArgument,
    DecidedAtOption,
    DryRunOption,
    Format,
    FormatOption,
    Lang,
    LangOption,
    NoteOption,
    OrgArgument,
    ReasonOption,
    SourceOption,
)
from citylinks.cli.params import Commands
from citylinks.cli.show import echo_done
from citylinks.vocab import STATUS_NAMES

app = Commands(
    help="Memberships: each city's history in an organization, phase by phase, with sources."
)


@app.command("record")
def record(
    ctx: typer.Context,
    city: CityArgument,
    organization: OrgArgument,
    status: Annotated[
        str, typer.Argument(help=f"The status: {', '.join(STATUS_NAMES)}.", metavar="STATUS")
    ],
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="When the phase began, as precise as the source (2025, j:1404-06, 'آذر ۱۴۰۴');"
            " 'unknown' for a first phase whose start no source gives.",
            metavar="DATE",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="When it ended (partial date); default: open.", metavar="DATE"),
    ] = None,
    sources: SourceOption = None,
    decided_at: DecidedAtOption = None,
    reason: ReasonOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Add a phase to CITY's membership in ORGANIZATION (creating the membership if needed).
    An open earlier phase is closed where the new one starts; overlapping phases are refused."""
    from citylinks.cli.prompting import require
    from citylinks.services import memberships

    start = require(ctx, start, "--from", "When did it begin (or 'unknown')")
    done = state(ctx).write(
        lambda s: memberships.record_phase(
            s,
            city,
            organization,
            status,
            start=start,
            end=end,
            sources=sources,
            decided_at=decided_at,
            reason=reason,
            note=note,
        ),
        dry_run=dry_run,
    )
    echo_done(done, dry_run)


@app.command("end")
def end(
    ctx: typer.Context,
    city: CityArgument,
    organization: OrgArgument,
    on: Annotated[
        str | None,
        typer.Option("--on", help="When it ended (partial date, e.g. 2026-03).", metavar="DATE"),
    ] = None,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            help="The status from then on: withdrawn, suspended, expelled.",
            metavar="STATUS",
        ),
    ] = "withdrawn",
    sources: SourceOption = None,
    decided_at: DecidedAtOption = None,
    reason: ReasonOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """End CITY's open phase in ORGANIZATION on a date, and record the new status from then."""
    from citylinks.cli.prompting import require
    from citylinks.services import memberships

    on = require(ctx, on, "--on", "When did it end")
    done = state(ctx).write(
        lambda s: memberships.end_membership(
            s,
            city,
            organization,
            on=on,
            status=status,
            sources=sources,
            decided_at=decided_at,
            reason=reason,
            note=note,
        ),
        dry_run=dry_run,
    )
    echo_done(done, dry_run)


@app.command("history")
def history(
    ctx: typer.Context,
    city: CityArgument,
    organization: OrgArgument,
    fmt: FormatOption = Format.table,
    calendar: CalendarOption = Calendar.both,
    lang: LangOption = Lang.en,
) -> None:
    """CITY's membership in ORGANIZATION, phase by phase: status (* counts as membership),
    dates in both calendars, reason and note, the deciding session, and sources."""
    from citylinks import render
    from citylinks.render.memberships import history_document
    from citylinks.reports.membership_history import membership_history
    from citylinks.services.lookup import find_city, find_organization

    with state(ctx).database().reading() as session:
        found_city = find_city(session, city)
        org = find_organization(session, organization)
        rows = membership_history(session, found_city, org)
    render.emit(history_document(rows, calendar.value, lang.value), fmt.value)
