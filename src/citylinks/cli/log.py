"""`citylinks log`: the audit trail, one entry per change; `citylinks undo`: revert one."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    BidiOption,
    CorrectionReasonOption,
    DryRunOption,
    LangOption,
    laid_out,
)
from citylinks.cli.params import choice, choices_metavar, whole_number
from citylinks.i18n import N_, Key, _


class LogFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def log(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only changes on or after this date, in either calendar (2025-11, j:1404-09).",
            metavar="DATE",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            help="Only changes on or before this date; a year or month takes in all of it"
            " (2025, j:1404).",
            metavar="DATE",
        ),
    ] = None,
    officer: Annotated[
        str | None, typer.Option("--officer", help="Only changes by this officer.", metavar="NAME")
    ] = None,
    record: Annotated[
        str | None,
        typer.Option(
            "--record",
            help="Only changes to this record and what belongs to it: a city, an organization,"
            " a person, a source, a country, or a session as ORG/SERIES/N"
            " (AMF/general-assembly/1); or one fact as `citylinks cite` names it"
            " (phase:yazd/amf/2, post:7, membership_phase#3), removed ones too.",
            metavar="REF",
        ),
    ] = None,
    change: Annotated[
        str | None,
        typer.Option(
            "--change",
            help="Only the entries of one change (one command), by the change id shown.",
            metavar="ID",
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table", help="Only changes to this table (city, source, ...).", metavar="TABLE"
        ),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            help="At most this many entries (the newest).",
            metavar="N",
            parser=whole_number("--limit"),
        ),
    ] = 200,
    fmt: Annotated[
        LogFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format (json and csv hold every field).",
            metavar=choices_metavar(LogFormat),
            parser=choice(LogFormat, N_("format")),
        ),
    ] = LogFormat.table,
    lang: LangOption = None,
    bidi: BidiOption = False,
) -> None:
    """The audit trail, oldest first: each entry's number, when, which officer, the change
    it belongs to, the record as officers name it ("AMF General Assembly 1", "Yazd in AMF,
    phase 2"), the values before and after in words, and the reason given. `citylinks undo
    ENTRY` reverts an entry, `citylinks undo --change ID` a whole command's change."""
    from citylinks import render
    from citylinks.render.audit_log import document
    from citylinks.reports.audit_log import audit_log, logged_records, record_rows

    db = state(ctx).database()
    rows = None
    if record is not None:
        from citylinks.errors import NotFound
        from citylinks.services.undo import find_record

        with db.reading() as session:
            roots = find_record(session, record)
        with db.connection() as conn:
            roots = roots or logged_records(conn, record)
            if not roots:
                raise NotFound(
                    _(
                        "--record: no record '{record}': give a city, an organization, a"
                        " person, a source, a country, a session as ORG/SERIES/N, or a fact"
                        " as `citylinks cite --help` names it (phase:CITY/ORG/N, post:ID,"
                        " TABLE#ID)",
                        record=record,
                    )
                )
            rows = record_rows(conn, roots)
    with db.connection() as conn:
        entries = audit_log(
            conn,
            since=since,
            until=until,
            officer=officer,
            table=table,
            limit=limit,
            rows=rows,
            change=change,
        )
    from citylinks.cli.show import shown_as, speaking

    shown_as(lang, bidi)
    with speaking():
        shown = document(entries)
    render.emit(shown, fmt.value, None, laid_out(bidi))


def undo(
    ctx: typer.Context,
    entry: Annotated[
        int | None,
        typer.Argument(
            help="The entry to revert, by its number in `citylinks log`.",
            metavar="ENTRY",
            parser=whole_number("ENTRY"),
            show_default=False,
        ),
    ] = None,
    change: Annotated[
        str | None,
        typer.Option(
            "--change",
            help="Revert every entry of this change (one command), by the change id"
            " `citylinks log` shows.",
            metavar="ID",
        ),
    ] = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Revert one logged change (ENTRY), or a whole command's change (--change ID): an added
    record is removed, a removed one put back as it was, a changed one given its values
    before. The undo is itself a change in the log. It is refused, naming the later change
    that stands in the way, when a later change touched the same record or depends on it."""
    from citylinks.services.undo import undo as undo_change

    if (entry is None) == (change is None):
        raise typer.BadParameter(
            _("give the entry to revert (ENTRY) or --change ID, one of them"),
            param_hint="ENTRY",
        )
    done = state(ctx).write(
        lambda s: undo_change(s, entry=entry, change=change), dry_run=dry_run, reason=reason
    )
    from citylinks.text import safe_for_terminal

    if dry_run:
        typer.echo(safe_for_terminal(_("would undo {what}", what=done.message)))
    else:
        typer.echo(
            safe_for_terminal(
                _(
                    "undid {what}, as change {change}",
                    what=done.message,
                    change=Key(done.change_id[:8]),
                )
            )
        )
