"""Options shared by the reports, declared once.

Every report takes the same output options (`--format`, `--output`, `--lang`, `--calendar`,
`--cite`, `--bidi`); each is an Annotated type here, and `view(...)` turns them into the
`render.output.View` the renderer takes.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from datetime import date

    from citylinks.render.output import View


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Calendar(StrEnum):
    gregorian = "gregorian"
    jalali = "jalali"
    both = "both"


class Lang(StrEnum):
    en = "en"
    fa = "fa"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
CalendarOption = Annotated[
    Calendar, typer.Option("--calendar", help="Calendar of the dates shown.")
]
LangOption = Annotated[
    Lang, typer.Option("--lang", help="Language of headings, month names and digits.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE instead of printing; its suffix picks the format: .svg, .html"
        " (both printable), .md, .csv, .json or .txt.",
        metavar="FILE",
        dir_okay=False,
    ),
]
CiteOption = Annotated[
    bool, typer.Option("--cite", help="Number the sources and list them as footnotes.")
]
BidiOption = Annotated[
    bool,
    typer.Option(
        "--bidi",
        envvar="CITYLINKS_BIDI",
        help="Reorder and shape Persian for terminals that do not lay out right-to-left text"
        " themselves (also CITYLINKS_BIDI=1). Off by default: terminals that do their own"
        " bidi would reverse it again.",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The day to report on, in either calendar (2025-12-06 or 1404-09-15). Default: today.",
        metavar="DATE",
    ),
]


def view(
    fmt: Format,
    output: Path | None,
    lang: Lang,
    calendar: Calendar,
    cite: bool,
    bidi: bool,
) -> View:
    from citylinks.render.output import View

    return View(fmt.value, output, lang.value, calendar.value, cite, bidi)


def as_of_day(value: str | None) -> date:
    """--as-of as a Gregorian day; today when not given."""
    from datetime import date

    from citylinks.dates import DateError, parse_day
    from citylinks.errors import CitylinksError

    if value is None:
        return date.today()
    try:
        return parse_day(value)
    except DateError as exc:
        raise CitylinksError(f"--as-of: {exc}") from None


DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
]
SourceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--source", help="Key of a source backing this (repeatable), e.g. S0.", metavar="KEY"
    ),
]
