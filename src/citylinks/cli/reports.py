"""The analysts' reports."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import Calendar, CalendarOption, Format, FormatOption, Lang, LangOption


def timeline(
    ctx: typer.Context,
    organization: Annotated[
        str, typer.Argument(help="Acronym or any name of the organization (e.g. AMF).")
    ],
    series: Annotated[
        str | None,
        typer.Option("--series", help="Only this meeting series (e.g. general-assembly)."),
    ] = None,
    fmt: FormatOption = Format.table,
    calendar: CalendarOption = Calendar.both,
    lang: LangOption = Lang.en,
) -> None:
    """The organization's sessions in order, one table per meeting series: number, host,
    dates, time since the previous session, theme, attendance and how many sources back it."""
    from citylinks import render
    from citylinks.render.timeline import document
    from citylinks.reports.timeline import timeline as timeline_report
    from citylinks.services.lookup import find_organization

    db = state(ctx).database()
    with db.reading() as session:
        org = find_organization(session, organization)
        rows = timeline_report(session, org, series=series)
        doc = document(org.label, org.name(lang.value), rows, calendar.value, lang.value)
    render.emit(doc, fmt.value)
