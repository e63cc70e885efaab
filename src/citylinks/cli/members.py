"""`citylinks member ...`: a city's membership in an organization, as a history of phases."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.completion import complete_words
from citylinks.cli.context import state
from citylinks.cli.options import (
    CityArgument,
    CorrectionReasonOption,
    DecidedAtOption,
    DryRunOption,
    ExpectVersionOption,
    NoteOption,
    OrgArgument,
    ReasonOption,
    SourceOption,
    report,
)
from citylinks.cli.params import Commands
from citylinks.cli.show import echo_corrected, echo_done
from citylinks.i18n import _
from citylinks.render.output import View  # the commands' annotations are read when registered
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
        str,
        typer.Argument(
            help=f"The status: {', '.join(STATUS_NAMES)}.",
            metavar="STATUS",
            autocompletion=complete_words(STATUS_NAMES),
        ),
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
    from citylinks.cli.prompting import a_date, require
    from citylinks.services import memberships

    start = require(ctx, start, "--from", _("When did it begin (or 'unknown')"), check=a_date)
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
        core=True,
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
            autocompletion=complete_words(("withdrawn", "suspended", "expelled")),
        ),
    ] = "withdrawn",
    sources: SourceOption = None,
    decided_at: DecidedAtOption = None,
    reason: ReasonOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """End CITY's open phase in ORGANIZATION on a date, and record the new status from then."""
    from citylinks.cli.prompting import a_date, require
    from citylinks.services import memberships

    on = require(ctx, on, "--on", _("When did it end"), check=a_date)
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
        core=True,
    )
    echo_done(done, dry_run)


@app.command("history")
@report
def history(
    ctx: typer.Context,
    city: CityArgument,
    organization: OrgArgument,
    with_retracted: Annotated[
        bool,
        typer.Option(
            "--with-retracted",
            help="Show the retracted phases too, marked 'retracted: REASON'.",
        ),
    ] = False,
    *,
    chosen: View,
) -> None:
    """CITY's membership in ORGANIZATION, phase by phase: its number (the PHASE of `member
    edit`), status (* counts as membership), dates in both calendars, reason and note, the
    deciding session, sources, and version (for --expect-version)."""
    from citylinks.cli.reports import sources_cited
    from citylinks.render.memberships import history_document
    from citylinks.render.output import deliver
    from citylinks.reports.membership_history import membership_history
    from citylinks.services.lookup import find_city_ref, find_organization_ref

    with state(ctx).database().connection() as conn:
        found_city = find_city_ref(conn, city)
        org = find_organization_ref(conn, organization)
        rows = membership_history(conn, found_city, org, with_retracted=with_retracted)
        citations = sources_cited(conn, [k for p in rows.phases for k in p.sources], chosen)
    deliver(history_document(rows, chosen.calendar, chosen.lang, citations), chosen)


PhaseArgument = Annotated[
    str,
    typer.Argument(
        help="The phase's number, as `member history` shows it in its first column.",
        metavar="PHASE",
    ),
]


def _write_phase(ctx: typer.Context, action, dry_run: bool, reason: str | None):
    """One correction of a phase, written with Core statements (services.memberships): a
    stale --expect-version is refused there, under the database's write lock."""
    return state(ctx).write(action, dry_run=dry_run, reason=reason, core=True)


@app.command("edit")
def edit(
    ctx: typer.Context,
    city: CityArgument,
    organization: OrgArgument,
    phase: PhaseArgument,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help=f"The status: {', '.join(STATUS_NAMES)}.",
            metavar="STATUS",
            autocompletion=complete_words(STATUS_NAMES),
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", help="When the phase began (partial date, either calendar).", metavar="DATE"
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="When it ended; 'open' (or '') if it has not.", metavar="DATE"),
    ] = None,
    phase_reason: Annotated[
        str | None,
        typer.Option(
            "--phase-reason",
            help="Why the phase began, as the source says ('' to clear).",
            metavar="TEXT",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A short note ('' to clear).", metavar="TEXT")
    ] = None,
    decided_at: Annotated[
        str | None,
        typer.Option(
            "--session",
            help="The session that decided it, ORG/SERIES/N ('' to clear).",
            metavar="ORG/SERIES/N",
        ),
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct PHASE of CITY's membership in ORGANIZATION: its status, dates, reason, note
    or deciding session. The history must keep the rules of `member record` (no overlaps,
    one open phase, no end before its start)."""
    from citylinks.services import memberships

    change = memberships.PhaseEdit(
        status=status,
        start=start,
        end=end,
        reason=phase_reason,
        note=note,
        decided_at=decided_at,
    )
    done = _write_phase(
        ctx,
        lambda s: memberships.edit_phase(s, city, organization, phase, change, expect_version),
        dry_run,
        reason,
    )
    echo_corrected(ctx, done, dry_run, "changed")


@app.command("remove")
def remove(
    ctx: typer.Context,
    city: CityArgument,
    organization: OrgArgument,
    phase: PhaseArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove PHASE, recorded by mistake, from CITY's membership in ORGANIZATION (the log
    keeps it). The later phases are renumbered; a membership left with no phase is removed.
    For a phase a source got wrong, `member retract` keeps it in the record instead."""
    from citylinks.services import memberships

    done = _write_phase(
        ctx,
        lambda s: memberships.remove_phase(s, city, organization, phase, expect_version),
        dry_run,
        reason,
    )
    echo_corrected(ctx, done, dry_run, "removed")


@app.command("retract")
def retract(
    ctx: typer.Context,
    city: CityArgument,
    organization: OrgArgument,
    phase: PhaseArgument,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help="Why it is retracted (required): kept with the phase and in the log.",
            metavar="TEXT",
        ),
    ] = None,
    expect_version: ExpectVersionOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Retract PHASE, which a source got wrong: it stays in the record with the reason
    (`member history --with-retracted`, the exports) and leaves the reports."""
    from citylinks.services import memberships

    done = _write_phase(
        ctx,
        lambda s: memberships.retract_phase(s, city, organization, phase, reason, expect_version),
        dry_run,
        reason if reason and reason.strip() else None,
    )
    echo_corrected(ctx, done, dry_run, "retracted")


@app.command("unretract")
def unretract(
    ctx: typer.Context,
    city: CityArgument,
    organization: OrgArgument,
    phase: PhaseArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Restore a retracted PHASE to the history and the reports, if it keeps the rules of
    `member record`."""
    from citylinks.services import memberships

    done = _write_phase(
        ctx,
        lambda s: memberships.unretract_phase(s, city, organization, phase, expect_version),
        dry_run,
        reason,
    )
    echo_corrected(ctx, done, dry_run, "restored")
