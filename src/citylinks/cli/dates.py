"""`citylinks date`: a date in both calendars, as an officer reads it in a source."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.options import BidiOption, LangOption, spoken
from citylinks.i18n import _


def date(
    values: Annotated[
        list[str],
        typer.Argument(
            help="Dates as sources write them: 2008-11-19, j:1404-09-07, '7 آذر ۱۴۰۴',"
            " '19 November 2008', 'circa 2008', 'before آذر ۱۴۰۴', 'اوایل ۱۴۰۴', 28/11/2025.",
            show_default=False,
            metavar="DATE...",
        ),
    ],
    lang: LangOption = None,
    bidi: BidiOption = False,
) -> None:
    """Print each DATE in both calendars with its precision. Bare years 1200-1699 are read
    as Jalali, 1700 and later as Gregorian; j: or g: says it outright, and so does a calendar
    named after the year: شمسی, هجری شمسی, خورشیدی, ه.ش, هـ ش, ش or ه.خ for Jalali, میلادی or م
    for Gregorian (a lunar Hijri year, ق, ه.ق or قمری, is refused). 'سال ۱۴۰۴' is a year; a
    weekday ('جمعه ۷ آذر ۱۴۰۴') is checked against the day; a day may be a word ('هفتم آذر
    ۱۴۰۴', 'هفت آذر', 'اول فروردین', 'بیست و هشتم'). Digits may be Persian, Arabic or Latin,
    mixed in one date (۲۸/۱۱/1404). 28/11/2025 and 7/9/1404 are read day first; 03/04/2025,
    which reads both ways, is refused. Early, mid and late ('اوایل ۱۴۰۴', 'late 2025') are
    dates of their own, known to the month and kept with their word, not two dates: in a
    year, months 1-4, 5-8 and 9-12; in a month ('اوایل آذر ۱۴۰۴'), days 1-10, 11-20 and 21 to
    the end, shown beside them in the other calendar."""
    from citylinks.cli.language import for_terminal
    from citylinks.cli.show import echo_line, shown_as
    from citylinks.dates import DateError, PartialDate
    from citylinks.i18n import t
    from citylinks.text import safe_for_terminal

    shown_in = spoken(lang)
    shown_as(shown_in, bidi)
    failed = 0
    for value in values:
        try:
            d = PartialDate.parse(value)
        except DateError as exc:
            # The error names the date itself when it quotes it; else it is named first.
            said = str(exc) if value in str(exc) else f"{value}: {exc}"
            typer.echo(
                for_terminal(_("Error: {message}", message=safe_for_terminal(said))), err=True
            )
            failed += 1
            continue
        precision = t(d.precision or "unknown", shown_in)
        shown = d.format("both", shown_in)
        label = t("precision", shown_in)
        # Persian leaves out the stored form (j:1404): the dates shown say it all.
        stored = "" if shown_in == "fa" else f"; {d.text}"
        echo_line(f"{value}  =>  {shown}  ({label}: {precision}{stored})")
    if failed:
        raise typer.Exit(1)
