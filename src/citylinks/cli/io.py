"""`citylinks import ...` and `citylinks export ...`: the dataset format, Popolo JSON and CSV."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from citylinks import vocab
from citylinks.cli.context import state
from citylinks.cli.options import DryRunOption, ForceOutputOption, OverwriteOption
from citylinks.cli.params import Command, Commands, choice
from citylinks.formats.csv import CSV_KINDS
from citylinks.i18n import N_, _, language, listing, ngettext
from citylinks.text import how_many

import_app = Commands(
    help="Load data from a file: the dataset format, Popolo JSON or CSV.",
)
export_app = Commands(
    help="Write the database to a file: the dataset format, Popolo JSON or CSV.",
)

# Built from CSV_KINDS, the one list of kinds; mypy reads an enum's members from a literal only.
CsvKind = StrEnum("CsvKind", {k: k for k in CSV_KINDS})  # type: ignore[misc]
# How `export csv` and `import csv` read and refuse their KIND.
CSV_KIND = {"metavar": "KIND", "parser": choice(CsvKind, N_("kind"))}


class CsvCommand(Command):
    """`export csv` and `import csv`: their help ends with the columns of every kind, listed
    from the CSV format's own table when the help is shown (its epilog is their heading)."""

    def format_epilog(self, ctx, formatter) -> None:
        from citylinks.formats.csv import csv_columns_help

        formatter.write_paragraph()
        formatter.write_text(self.epilog or "")
        formatter.write_paragraph()
        with formatter.indentation():
            for paragraph in csv_columns_help().split("\n\n"):
                formatter.write_text(paragraph)
                formatter.write_paragraph()


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE (created only once complete) instead of standard output.",
        metavar="FILE",
        dir_okay=False,
    ),
]
InputFile = Annotated[
    Path,
    typer.Argument(
        help="The file to read.", exists=True, dir_okay=False, readable=True, metavar="FILE"
    ),
]


def shown_path(path) -> str:
    from citylinks.files import shown_path as shown

    return shown(path)


def _notice(line: str) -> None:
    from citylinks.text import safe_for_terminal

    # A notice may quote a cell of the file: its control characters are shown, not run.
    print(safe_for_terminal(line), file=sys.stderr)


# --- the dataset format ----------------------------------------------------------------------


@export_app.command("dataset")
def export_dataset(
    ctx: typer.Context,
    output: OutputOption = None,
    force: ForceOutputOption = False,
    with_audit: Annotated[
        bool,
        typer.Option(
            "--with-audit",
            help="Also write the audit log ([[audit]]), to move a database with its history.",
        ),
    ] = False,
) -> None:
    """Write the whole database in the dataset format (data/README.md), in a stable order:
    exporting, importing into an empty database and exporting again gives the same bytes."""
    from citylinks.formats import open_output
    from citylinks.formats.dataset import summary, writer

    output = state(ctx).output(output, force)
    with state(ctx).database().connection() as conn, open_output(output) as out:
        counts = writer.write(conn, out, with_audit=with_audit)
    if output is not None:
        _notice(_("wrote {file}: {summary}", file=shown_path(output), summary=summary(counts)))


@import_app.command("dataset")
def import_dataset(
    ctx: typer.Context,
    file: InputFile,
    overwrite: OverwriteOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Load a dataset file (data/README.md), as `citylinks seed FILE` does. Records are
    matched by key: loading a file twice changes nothing, and what is new is added; a value
    the file gives differently from a recorded one is refused unless --overwrite. A file with
    an audit log (`export dataset --with-audit`) loads only into an empty database, history
    included. --dry-run lists what it would change, or every value it would refuse."""
    from citylinks.cli.db import load_dataset

    load_dataset(ctx, file, overwrite, dry_run)


# --- Popolo ----------------------------------------------------------------------------------


@export_app.command("popolo")
def export_popolo(
    ctx: typer.Context,
    organization: Annotated[
        str | None,
        typer.Option(
            "--org",
            help="Only this organization (acronym, key or name), its committees, members,"
            " sessions and posts.",
            metavar="ORG",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOutputOption = False,
) -> None:
    """Write one Popolo JSON document (popoloproject.com): organizations (networks,
    committees, cities), areas, memberships (one per phase), persons, posts and events, each
    with its sources. What Popolo has no field for is kept in `citylinks:` fields
    (docs/popolo.md)."""
    from citylinks.formats import open_output
    from citylinks.formats.popolo import writer
    from citylinks.services.lookup import find_organization_ref

    output = state(ctx).output(output, force)
    with state(ctx).database().connection() as conn, open_output(output) as out:
        org = find_organization_ref(conn, organization) if organization else None
        counts = writer.write(conn, out, organization=org)
    if output is not None:
        _notice(
            _(
                "wrote {file}: {summary}",
                file=shown_path(output),
                summary=_popolo_counts(counts),
            )
        )


# Popolo's sections as a Persian summary names them (English gives the sections' own names).
_SECTION_NOUNS = {
    "areas": N_("area"),
    "organizations": N_("organization"),
    "persons": N_("person"),
    "posts": N_("post"),
    "memberships": N_("membership"),
    "events": N_("event"),
    "sources": N_("source"),
}


def _popolo_counts(counts: dict[str, int]) -> str:
    """ "72 areas, 80 organizations, ...": in Persian «۷۲ ناحیه، ۸۰ سازمان، ...»."""
    if language() != "fa":
        return listing(f"{n} {section}" for section, n in counts.items())
    return listing(
        how_many(n, _SECTION_NOUNS.get(section, section)) for section, n in counts.items()
    )


@import_app.command("popolo")
def import_popolo(
    ctx: typer.Context,
    file: InputFile,
    overwrite: OverwriteOption = False,
    dry_run: DryRunOption = False,
    namespace: Annotated[
        str | None,
        typer.Option(
            "--namespace",
            help=_(
                "The namespace of another tool's document: its ids are looked up among the"
                " records of earlier documents in the same namespace only. Default: the"
                " file's name without .json (docs/popolo.md)."
            ),
            metavar="NAME",
        ),
    ] = None,
) -> None:
    """Load a Popolo JSON document: one written by `citylinks export popolo`, or by another
    tool with Popolo's own fields only (docs/popolo.md says how those are read). Records are
    matched by their ids within the document's namespace: loading a document twice changes
    nothing."""
    from citylinks.cli.db import listing_conflicts
    from citylinks.services import imports

    with listing_conflicts():
        lines = state(ctx).write(
            lambda session: imports.import_popolo(
                session, file, overwrite, namespace, every_conflict=dry_run
            ),
            dry_run=dry_run,
        )
    typer.echo(state(ctx).loaded("\n".join(lines), dry_run))


# --- CSV -------------------------------------------------------------------------------------


@export_app.command(
    "csv",
    cls=CsvCommand,
    epilog="Columns (the same as `citylinks import csv` reads):",
    help="""Write cities, memberships (one row per phase), sessions, attendance or countries
as CSV (UTF-8 with a byte order mark, so that Excel reads Persian correctly).

Cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return) get a leading ' so that they stay text; `import csv` takes it away again. --raw
writes cells as stored, without the byte order mark.""",
)
def export_csv(
    ctx: typer.Context,
    kind: Annotated[CsvKind, typer.Argument(help="What to write.", **CSV_KIND)],
    output: OutputOption = None,
    force: ForceOutputOption = False,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help="Write cells as stored, without protecting formulas and without the byte"
            " order mark (for other programs, not spreadsheets).",
        ),
    ] = False,
) -> None:
    from citylinks.formats import open_output
    from citylinks.formats.csv import writer

    output = state(ctx).output(output, force)
    with state(ctx).database().reading() as session, open_output(output, newline="") as out:
        n = writer.write(session, kind.value, out, raw=raw)
    if output is not None:
        _notice(
            ngettext(
                "wrote {n} {kind} row to {file}",
                "wrote {n} {kind} rows to {file}",
                n,
                n=n,
                kind=vocab.said(kind.value),
                file=shown_path(output),
            )
        )


@import_app.command(
    "csv",
    cls=CsvCommand,
    epilog="Columns:",
    help="""Load cities, memberships, sessions, attendance or countries from a CSV file.

The first line names the columns (any order, any case); cells are separated by commas,
semicolons or tabs (found from that line, or given with --delimiter). A column citylinks
does not read is refused unless --ignore-columns names it. Names are matched as `citylinks`
matches them everywhere: any recorded spelling, in any language, finds the same city.
Cities of one name in one country are told apart by key, region or coordinates; a row that
could be several cities is an error. Names in other languages (name_fa, name_LANG) are added
to recorded cities, and said so. Every row is checked; errors are listed on stderr with
their line numbers and, unless --skip-bad is given, nothing is written when any row is bad.
Rows already recorded are skipped, so importing a file twice changes nothing. The ' that
`export csv` puts before formula-like cells is taken away when citylinks reads its own export
back (see docs/csv.md).

The file is read as UTF-8 (with or without a byte order mark) unless --encoding says
otherwise: Persian Excel saves "CSV" as Windows-1256 (--encoding cp1256).""",
)
def import_csv(
    ctx: typer.Context,
    kind: Annotated[CsvKind, typer.Argument(help="What the file holds.", **CSV_KIND)],
    file: InputFile,
    encoding: Annotated[
        str,
        typer.Option(
            "--encoding",
            help="The file's encoding: utf-8-sig (UTF-8, byte order mark or not), cp1256"
            " (Windows-1256, Persian Excel), or any Python codec name.",
            metavar="ENCODING",
        ),
    ] = "utf-8-sig",
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            help="What separates the cells: comma, semicolon or tab (default: found from the"
            " first line).",
            metavar="SEP",
        ),
    ] = None,
    ignore_columns: Annotated[
        str | None,
        typer.Option(
            "--ignore-columns",
            help="Columns of the file to leave unread, e.g. population,iso3 (without it, a"
            " column citylinks does not read is refused).",
            metavar="COL,...",
        ),
    ] = None,
    create_missing: Annotated[
        bool,
        typer.Option(
            "--create-missing",
            help="Record cities that match no recorded name (they are listed on stderr);"
            " without it such rows are errors.",
        ),
    ] = False,
    skip_bad: Annotated[
        Path | None,
        typer.Option(
            "--skip-bad",
            help="Write the good rows, and put the bad ones in FILE, every cell kept, with"
            " their line and error in two columns of its own (citylinks:line,"
            " citylinks:error); correct FILE and import it as it is (not with --dry-run,"
            " which writes nothing).",
            metavar="FILE",
            dir_okay=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace the --skip-bad FILE if it exists (never the database or the CSV file).",
        ),
    ] = False,
    overwrite: OverwriteOption = False,
    dry_run: DryRunOption = False,
) -> None:
    from citylinks.formats.csv import delimiter_named
    from citylinks.services import csv_import

    separator = None
    if delimiter is not None:
        separator = delimiter_named(delimiter)
        if separator is None:
            raise typer.BadParameter(
                _("'{delimiter}': use comma, semicolon or tab", delimiter=delimiter),
                param_hint="--delimiter",
            )
    ignored = [c.strip() for c in (ignore_columns or "").split(",") if c.strip()]
    skip_bad = state(ctx).output(skip_bad, force, file)

    with _progress() as on_progress:
        result = state(ctx).write(
            lambda session: csv_import.import_file(
                session,
                kind.value,
                file,
                encoding=encoding,
                delimiter=separator,
                ignore_columns=ignored,
                create_missing=create_missing,
                skip_bad=skip_bad,
                write_skipped=not dry_run,
                on_error=_notice,
                on_progress=on_progress,
                keep_changes=dry_run,
                overwrite=overwrite,
            ),
            dry_run=dry_run,
        )
    for line in result.notices:
        _notice(line)
    typer.echo(state(ctx).loaded(result.summary, dry_run))


def _progress():
    """A Rich progress bar on stderr (rows, rate, time left), only when stderr is a terminal."""
    from contextlib import contextmanager

    @contextmanager
    def bar():
        if not sys.stderr.isatty():
            yield None
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        progress = Progress(
            TextColumn(_("{rows} rows", rows="{task.fields[rows]}")),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn(_("{rate} rows/s", rate="{task.fields[rate]}")),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        task = None

        def update(rows: int, done: int, total: int, elapsed: float) -> None:
            nonlocal task
            if task is None:
                task = progress.add_task("import", total=total or None, rows=0, rate=0)
            rate = int(rows / elapsed) if elapsed > 0 else 0
            progress.update(task, completed=done, rows=rows, rate=rate)

        with progress:
            yield update

    return bar()
