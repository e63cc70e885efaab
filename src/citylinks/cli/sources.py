"""`citylinks source ...`: the sources facts cite, under short keys such as S4."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import DryRunOption, Format, FormatOption, NoteOption
from citylinks.cli.params import Commands
from citylinks.cli.prompting import require, write_confirming

app = Commands(
    help="Sources: what an officer read (news releases, decision letters), under short keys.",
)

ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Record it even if it looks recorded already."),
]


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", help="Title as published (asked for on a terminal).", metavar="TEXT"
        ),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option(
            "--publisher", help="Who published it (asked for on a terminal).", metavar="TEXT"
        ),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Web address.", metavar="URL")] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date, as precise as the source gives it (2025-09-08, j:1404-06,"
            " 'آذر ۱۴۰۴').",
            metavar="DATE",
        ),
    ] = None,
    retrieved: Annotated[
        str | None,
        typer.Option("--retrieved", help="When it was read (partial date).", metavar="DATE"),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of the source (fa, en, ...).", metavar="LANG"),
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="news-release, news-article, declaration, report, decision-letter or web-page.",
            metavar="KIND",
        ),
    ] = "news-release",
    excerpt: Annotated[
        str | None,
        typer.Option("--excerpt", help="A quoted excerpt backing the facts.", metavar="TEXT"),
    ] = None,
    note: NoteOption = None,
    force: ForceOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Record a source and print its key (S4, S5, ...), which other commands take with
    --source KEY."""
    from citylinks.services import sources

    title = require(ctx, title, "--title", "Title")
    publisher = require(ctx, publisher, "--publisher", "Publisher")

    def action(session, forced: bool):
        source = sources.add_source(
            session,
            title=title,
            publisher=publisher,
            url=url,
            published=published,
            retrieved=retrieved,
            language=lang,
            kind=kind,
            excerpt=excerpt,
            note=note,
            force=forced,
        )
        return source.key

    key = write_confirming(ctx, action, dry_run, force)
    typer.echo(key)
    if not dry_run:
        typer.echo(f"recorded source {key}; cite it with --source {key}", err=True)


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the sources: key, kind, date, title and publisher."""
    from citylinks import render
    from citylinks.render.values import date_record
    from citylinks.services import sources

    with state(ctx).database().reading() as session:
        rows = sources.list_sources(session)
        section = render.Section(
            "Sources",
            [
                render.Column(h)
                for h in ("Key", "Kind", "Published", "Language", "Title", "Publisher")
            ],
        )
        records = []
        for s in rows:
            section.rows.append(
                [
                    s.key,
                    s.kind,
                    s.published.format(),
                    s.language or "",
                    s.title,
                    s.publisher or "",
                ]
            )
            records.append(
                {
                    "key": s.key,
                    "kind": s.kind,
                    "title": s.title,
                    "publisher": s.publisher,
                    "url": s.url,
                    "published": date_record(s.published),
                    "language": s.language,
                }
            )
    render.emit(render.Document(f"{len(rows)} sources", [section], records), fmt.value)


@app.command("show")
def show(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The source's key, e.g. S0.", metavar="KEY")],
) -> None:
    """Show one source: every field, and what cites it."""
    from citylinks.cli.show import echo_fields
    from citylinks.services import sources

    with state(ctx).database().reading() as session:
        s = sources.get_source(session, key)
        cited = sources.citations(session, s)
        echo_fields(
            f"Source {s.key}",
            [
                ("kind", s.kind),
                ("title", s.title),
                ("publisher", s.publisher),
                ("url", s.url),
                ("published", s.published.format()),
                ("retrieved", None if s.retrieved.is_unknown else s.retrieved.format()),
                ("language", s.language),
                ("excerpt", s.excerpt),
                ("note", s.note),
                (
                    "cited by",
                    ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in cited.items())
                    or "nothing yet",
                ),
                (
                    "version",
                    f"{s.version} (recorded by {s.created_by}, last changed by {s.updated_by})",
                ),
            ],
        )
