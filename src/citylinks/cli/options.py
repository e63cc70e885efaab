"""The arguments and options more than one command takes, declared once, each with its help
and its UPPER-CASE metavar.

Every report takes the same output options (`--format`, `--output`, `--lang`, `--calendar`,
`--cite`, `--bidi`): `@report` adds them to a report command, which receives them as one
`render.output.View`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from citylinks.cli.context import state
from citylinks.cli.params import (
    Refused,
    choice,
    choices_metavar,
    complete_city,
    complete_organization,
    complete_source,
    output_file,
    whole_number,
)
from citylinks.i18n import N_, _

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

    @classmethod
    def _missing_(cls, value: object) -> Lang | None:
        # "FA", "fa-IR", "fa_IR", "persian": the one reading of a language's name.
        from citylinks.i18n import language_named

        found = language_named(value) if isinstance(value, str) else None
        return cls(found) if found is not None else None


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="Output format.",
        metavar=choices_metavar(Format),
        parser=choice(Format, N_("format")),
    ),
]


class FileFormat(StrEnum):
    """The formats only a file is written in (--output's suffix names them): a report's
    --format may name one too, when it agrees with --output (`--output x.html --format html`)."""

    html = "html"
    svg = "svg"
    pdf = "pdf"


def _report_format(value: Any) -> Format | FileFormat:
    """A report's --format: one of Format, else a FileFormat (checked against --output)."""
    try:
        return choice(Format, N_("format"))(value)
    except Refused as refused:
        if (named := str(value).strip().lower()) in {f.value for f in FileFormat}:
            return FileFormat(named)
        raise refused from None  # "unknown format 'xml': use one of table, json, ..."


# A report's --format: not given (None), a table on the terminal, and with --output the file's
# suffix decides; given, it must agree with that suffix. (Typed `str` for Typer, which would
# read a FileFormat as no Format at all; the parser gives a Format or a FileFormat.)
ReportFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table, or with --output the one its suffix names.",
        metavar=choices_metavar(Format),
        parser=_report_format,
    ),
]
CalendarOption = Annotated[
    Calendar,
    typer.Option(
        "--calendar",
        help="Calendar of the dates shown.",
        metavar=choices_metavar(Calendar),
        parser=choice(Calendar, N_("calendar")),
    ),
]
# Not given (None): the interface language (`citylinks --lang fa ...`, CITYLINKS_LANG, a
# Persian locale), so that an officer who asked for Persian gets Persian reports too.
LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of headings, month names and digits (and of messages and help)."
        " Default: CITYLINKS_LANG, else your locale (LANG), else English.",
        metavar=choices_metavar(Lang),
        parser=choice(Lang, N_("lang")),
        show_default=False,
    ),
]


def bidi_asked() -> bool:
    """Whether --bidi was typed anywhere on the command line (`citylinks --bidi roster AMF`
    too) or CITYLINKS_BIDI is true."""
    from citylinks.cli.language import bidi_asked as asked

    return asked()


def spoken(lang: Lang | None) -> str:
    """The language a command's --lang asks for: "en" or "fa" (not given: the interface's)."""
    if lang is not None:
        return lang.value
    from citylinks.i18n import language

    return language()


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE instead of printing; its suffix picks the format: .svg, .html,"
        " .pdf (printable), .md, .csv, .json or .txt.",
        metavar="FILE",
        parser=output_file,
    ),
]
OverwriteOption = Annotated[
    bool,
    typer.Option(
        "--overwrite",
        help="Replace a recorded value the file gives differently (the log keeps the old one);"
        " without it such a file is refused, since the database may hold a newer edit.",
    ),
]
ForceOutputOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace the --output FILE if it exists (never the database or a file this command"
        " reads).",
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
    fmt: Format | None,
    output: Path | None,
    lang: Lang | None,
    calendar: Calendar,
    cite: bool,
    bidi: bool,
    force: bool = False,
    protected: tuple = (),
) -> View:
    from citylinks.render.output import View

    shown = (fmt or Format.table).value
    bidi = bidi or bidi_asked()
    return View(shown, output, spoken(lang), calendar.value, cite, bidi, force, protected)


# The --format that each --output suffix's format agrees with.
_FORMAT_OF_FILE = {
    "text": "table",
    "json": "json",
    "csv": "csv",
    "markdown": "markdown",
    **{f.value: f.value for f in FileFormat},
}


def _same_format(fmt: Format | FileFormat, output: Path) -> None:
    """--format and --output together must name one format: `--output x.html --format csv`
    is refused, not half obeyed."""
    from citylinks.render.output import format_for

    written = format_for(output)
    if _FORMAT_OF_FILE.get(written) != fmt.value:
        raise Refused(
            _(
                "--format {format} disagrees with --output {file}, which writes {written}:"
                " leave out --format (the suffix picks the format), or name a {suffix} file",
                format=fmt.value,
                file=output.name,
                written=written.upper()
                if written in ("html", "svg", "pdf", "csv", "json")
                else _(_WRITTEN.get(written, written)),
                suffix=_suffix_for(fmt.value),
            )
        )


# How a message names the formats whose names are words (the others by their upper-case names).
_WRITTEN = {"text": N_("text"), "markdown": N_("markdown")}


def _suffix_for(fmt: str) -> str:
    return {"table": ".txt", "json": ".json", "csv": ".csv", "markdown": ".md"}.get(fmt, f".{fmt}")


# The report options, by parameter name, in the order --help lists them, with their defaults.
REPORT_OPTIONS: dict[str, tuple[Any, Any]] = {
    # None: not given (table on the terminal; with --output, the file's suffix decides).
    "fmt": (ReportFormatOption, None),
    "output": (OutputOption, None),
    "calendar": (CalendarOption, Calendar.both),
    "lang": (LangOption, None),
    "cite": (CiteOption, False),
    "bidi": (BidiOption, False),
    "force": (ForceOutputOption, False),
}


def report(command: Callable[..., None]) -> Callable[..., None]:
    """Give a report command the shared output options; it takes them as `chosen: View`.

    Typer reads a command's parameters from its signature, so the command registered has
    `command`'s own parameters, without `chosen`, followed by the report options."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "chosen"]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=default)
        for name, (kind, default) in REPORT_OPTIONS.items()
    ]

    def with_options(**kwargs: Any) -> None:
        fmt, output, calendar, lang, cite, bidi, force = (kwargs.pop(n) for n in REPORT_OPTIONS)
        if fmt is not None and output is not None:
            _same_format(fmt, output)
        if isinstance(fmt, FileFormat):
            if output is None:
                raise Refused(
                    _(
                        "--format {format} is written to a file only: add --output FILE.{format}",
                        format=fmt.value,
                    )
                )
            fmt = None  # the suffix, which agrees, picks it
        protected = state(kwargs["ctx"]).protected() if output is not None else ()
        chosen = view(fmt, output, lang, calendar, cite, bidi, force, protected)
        command(chosen=chosen, **kwargs)

    with_options.__name__ = command.__name__
    with_options.__doc__ = command.__doc__
    with_options.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
    with_options.__annotations__ = {p.name: p.annotation for p in [*own, *shared]}
    return with_options


def laid_out(bidi: bool):
    """What `--bidi` asks of printed text: Persian reordered and shaped for a terminal that
    does no bidi of its own (`render.output.visual_order`), or nothing. `citylinks --bidi
    COMMAND` and CITYLINKS_BIDI ask it of every command (`bidi_asked`)."""
    if not (bidi or bidi_asked()):
        return None
    from citylinks.render.output import visual_order

    return visual_order


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
        raise CitylinksError(_("--as-of: {error}", error=exc)) from None


# --- what the commands that record and change take -------------------------------------------

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
]
SourceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        help="Key of a source backing this (repeatable), e.g. S0.",
        metavar="KEY",
        autocompletion=complete_source,
    ),
]
ExpectVersionOption = Annotated[
    int | None,
    typer.Option(
        "--expect-version",
        help="The version `show` printed: refuse if someone changed it since.",
        metavar="N",
        parser=whole_number("--expect-version"),
    ),
]
# A merge's second record (OTHER), as --expect-version is its first (KEEP).
ExpectOtherVersionOption = Annotated[
    int | None,
    typer.Option(
        "--expect-other-version",
        help="OTHER's version, as `show` printed it: refuse if someone changed it since.",
        metavar="N",
        parser=whole_number("--expect-other-version"),
    ),
]
NoteOption = Annotated[str | None, typer.Option("--note", help="A short note.", metavar="TEXT")]
ReasonOption = Annotated[
    str | None, typer.Option("--reason", help="Why, as the source says.", metavar="TEXT")
]
CorrectionReasonOption = Annotated[
    str | None,
    typer.Option(
        "--reason",
        help="Why you correct it (kept with the change in the log).",
        metavar="TEXT",
    ),
]
DecidedAtOption = Annotated[
    str | None,
    typer.Option(
        "--session",
        help="The session that decided it, ORG/SERIES/N (e.g. AMF/executive-board/11).",
        metavar="ORG/SERIES/N",
    ),
]

# --- what names the records ---------------------------------------------------------------------

OrgArgument = Annotated[
    str,
    typer.Argument(
        help="The organization: acronym, key, id or any name (e.g. AMF).",
        metavar="ORGANIZATION",
        autocompletion=complete_organization,
    ),
]
CityArgument = Annotated[
    str,
    typer.Argument(
        help="The city: key, id or any name (e.g. Yazd, یزد, 'Tehran, IR').",
        metavar="CITY",
        autocompletion=complete_city,
    ),
]
SessionNumberArgument = Annotated[
    str,
    typer.Argument(
        help="The session's number in its series, as the organization numbers it.",
        metavar="NUMBER",
    ),
]
SeriesOption = Annotated[
    str | None,
    typer.Option(
        "--series",
        help="Meeting series (key or name, e.g. general-assembly). Default: the one series"
        " that has a session with this number.",
        metavar="SERIES",
    ),
]
