"""`citylinks date`: a date in both calendars, as an officer reads it in a source."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.options import Lang, LangOption


def date(
    values: Annotated[
        list[str],
        typer.Argument(
            help="Dates as sources write them: 2008-11-19, j:1404-09-07, '7 آذر ۱۴۰۴',"
            " '19 November 2008', 'circa 2008', 'before آذر ۱۴۰۴'.",
            show_default=False,
            metavar="DATE...",
        ),
    ],
    lang: LangOption = Lang.en,
) -> None:
    """Print each DATE in both calendars with its precision. Bare years 1200-1699 are read
    as Jalali, 1700 and later as Gregorian; j: or g: says it outright."""
    from citylinks.dates import DateError, PartialDate
    from citylinks.i18n import t
    from citylinks.text import safe_for_terminal

    failed = 0
    for value in values:
        try:
            d = PartialDate.parse(value)
        except DateError as exc:
            typer.echo(f"Error: {safe_for_terminal(value)}: {exc}", err=True)
            failed += 1
            continue
        precision = t(d.precision or "unknown", lang.value)
        shown = d.format("both", lang.value)
        label = t("precision", lang.value)
        typer.echo(f"{safe_for_terminal(value)}  =>  {shown}  ({label}: {precision}; {d.text})")
    if failed:
        raise typer.Exit(1)
