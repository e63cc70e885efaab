"""`citylinks attend ...`: who attended a session, and how many, as sources say."""

from __future__ import annotations

from typing import Annotated, Any

import typer

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
)
from citylinks.cli.params import Commands, Group, whole_number
from citylinks.cli.show import echo_corrected, echo_done


class CountGroup(Group):
    """`attend count`: its commands (add, edit, remove), where `attend count ORG N COUNT ...`,
    as before there were corrections, is `attend count add ORG N COUNT ...`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["add", *args]
        return super().parse_args(ctx, args)


app = Commands(
    help="Attendance: who came to a session, and sources' counts of how many.",
)
count_app = Commands(
    help="Sources' counts of who attended a session: `attend count ORG N COUNT --source KEY`"
    " (or `attend count add ...`) records one; edit and remove correct one.",
    cls=CountGroup,
)
app.add_typer(count_app, name="count")

KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="Say what WHO is when a name fits several: city, org or person.",
        metavar="KIND",
    ),
]
AttendanceArgument = Annotated[
    str,
    typer.Argument(
        help="The attendance record: who attended (a city, an organization or a person), or"
        " #ID as `session show` prints it.",
        metavar="WHO",
    ),
]
CountArgument = Annotated[
    str,
    typer.Argument(
        help="Which count: its place in the list `session show` prints (1 for the first), or #ID.",
        metavar="WHICH",
    ),
]


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
    kind: KindOption = None,
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


@app.command("edit")
def edit(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    who: AttendanceArgument,
    series: SeriesOption = None,
    kind: KindOption = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            help="The corrected role: host, delegation, associate-member, observer or guest.",
            metavar="ROLE",
        ),
    ] = None,
    on_behalf_of: Annotated[
        str | None,
        typer.Option(
            "--on-behalf-of", help="The city a person represented ('' clears it).", metavar="CITY"
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A short note ('' clears it).", metavar="TEXT")
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct an attendance record: its role, the city it was on behalf of, its note.

    Example: citylinks attend edit AMF 11 Yazd --role observer --reason 'S2 says observer'"""
    from citylinks.services import attendance

    done = state(ctx).write(
        lambda s: attendance.edit_attendance(
            s,
            organization,
            number,
            who,
            series=series,
            kind=kind,
            role=role,
            on_behalf_of=on_behalf_of,
            note=note,
            expect_version=expect_version,
        ),
        dry_run=dry_run,
        reason=reason,
    )
    echo_corrected(ctx, done, dry_run, "changed")


@app.command("remove")
def remove(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    who: AttendanceArgument,
    series: SeriesOption = None,
    kind: KindOption = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove an attendance record (WHO recorded in two roles: give #ID)."""
    from citylinks.services import attendance

    done = state(ctx).write(
        lambda s: attendance.remove_attendance(
            s,
            organization,
            number,
            who,
            series=series,
            kind=kind,
            expect_version=expect_version,
        ),
        dry_run=dry_run,
        reason=reason,
    )
    echo_corrected(ctx, done, dry_run, "removed")


@count_app.command("add")
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


@count_app.command("edit")
def count_edit(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    which: CountArgument,
    how_many: Annotated[
        int | None,
        typer.Option(
            "--count",
            help="The number the source gives, corrected.",
            metavar="N",
            parser=whole_number("--count"),
        ),
    ] = None,
    qualifier: Annotated[
        str | None,
        typer.Option(
            "--qualifier", help="exactly, more-than, less-than or about.", metavar="QUALIFIER"
        ),
    ] = None,
    counted: Annotated[
        str | None,
        typer.Option(
            "--counted",
            help="What was counted, in the source's words ('' clears it).",
            metavar="TEXT",
        ),
    ] = None,
    series: SeriesOption = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct a source's count of who attended a session.

    Example: citylinks attend count edit AMF 1 2 --count 98 --reason 'misread 89'"""
    from citylinks.services import attendance

    done = state(ctx).write(
        lambda s: attendance.edit_count(
            s,
            organization,
            number,
            which,
            series=series,
            count=how_many,
            qualifier=qualifier,
            counted=counted,
            expect_version=expect_version,
        ),
        dry_run=dry_run,
        reason=reason,
    )
    echo_corrected(ctx, done, dry_run, "changed")


@count_app.command("remove")
def count_remove(
    ctx: typer.Context,
    organization: OrgArgument,
    number: SessionNumberArgument,
    which: CountArgument,
    series: SeriesOption = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove a source's count of who attended a session."""
    from citylinks.services import attendance

    done = state(ctx).write(
        lambda s: attendance.remove_count(
            s, organization, number, which, series=series, expect_version=expect_version
        ),
        dry_run=dry_run,
        reason=reason,
    )
    echo_corrected(ctx, done, dry_run, "removed")
