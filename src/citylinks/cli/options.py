"""Options shared by the reports, declared once."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


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
