"""`citylinks log`: the audit trail, one entry per change."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.params import choice, choices_metavar, whole_number


class LogFormat(StrEnum):
    table = "table"
    json = "json"


def log(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only changes on or after this date (2025-11, j:1404-09).",
            metavar="DATE",
        ),
    ] = None,
    officer: Annotated[
        str | None, typer.Option("--officer", help="Only changes by this officer.", metavar="NAME")
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
            help="Output format.",
            metavar=choices_metavar(LogFormat),
            parser=choice(LogFormat, "format"),
        ),
    ] = LogFormat.table,
) -> None:
    """The audit trail, oldest first: when, which officer, what (table and record), and the
    values before and after each change."""
    from citylinks import render
    from citylinks.render.audit_log import document
    from citylinks.reports.audit_log import audit_log

    with state(ctx).database().connection() as conn:
        rows = audit_log(conn, since=since, officer=officer, table=table, limit=limit)
    render.emit(document(rows), fmt.value)
