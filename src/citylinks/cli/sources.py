"""`citylinks source ...`: the sources facts cite, under short keys such as S4."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    BidiOption,
    CorrectionReasonOption,
    DryRunOption,
    ExpectOtherVersionOption,
    ExpectVersionOption,
    Format,
    FormatOption,
    Lang,
    LangOption,
    NoteOption,
)
from citylinks.cli.params import Commands
from citylinks.cli.prompting import require, write_confirming, write_versioned

app = Commands(
    help="Sources: what an officer read (news releases, decision letters), under short keys;"
    " record, list, show, correct, remove and merge them.",
)

KeyArgument = Annotated[str, typer.Argument(help="The source's key, e.g. S0.", metavar="KEY")]

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
    from citylinks.reports import listings

    with state(ctx).database().connection() as conn:
        rows = listings.sources(conn)
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
    key: KeyArgument,
    lang: LangOption = Lang.en,
    bidi: BidiOption = False,
) -> None:
    """Show one source: every field, and what cites it."""
    from citylinks.cli.show import echo_fields, shown_as
    from citylinks.reports.source_detail import source_detail

    shown_as(lang, bidi)
    with state(ctx).database().connection() as conn:
        s = source_detail(conn, key)
        cited = s.cited_by
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


@app.command("edit")
def edit(
    ctx: typer.Context,
    key: KeyArgument,
    title: Annotated[
        str | None, typer.Option("--title", help="Title as published.", metavar="TEXT")
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option("--publisher", help="Who published it ('' to clear).", metavar="TEXT"),
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="Web address ('' to clear).", metavar="URL")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date, as precise as the source gives it ('' for unknown).",
            metavar="DATE",
        ),
    ] = None,
    retrieved: Annotated[
        str | None,
        typer.Option("--retrieved", help="When it was read ('' for unknown).", metavar="DATE"),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of the source ('' to clear).", metavar="LANG"),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="news-release, news-article, declaration, report, decision-letter or web-page.",
            metavar="KIND",
        ),
    ] = None,
    excerpt: Annotated[
        str | None,
        typer.Option("--excerpt", help="The quoted excerpt ('' to clear).", metavar="TEXT"),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A short note ('' to clear).", metavar="TEXT")
    ] = None,
    new_key: Annotated[
        str | None,
        typer.Option(
            "--key", help="A new key; every citation follows it (e.g. S12).", metavar="KEY"
        ),
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct a source: its title, publisher, address, dates, language, kind, excerpt, note
    or key. The log keeps the values before and after.

    Example: citylinks source edit S4 --published 1404-09-07 --reason 'date on the release'"""
    from citylinks.services import sources

    change = sources.SourceEdit(
        title=title,
        publisher=publisher,
        url=url,
        published=published,
        retrieved=retrieved,
        language=lang,
        kind=kind,
        excerpt=excerpt,
        note=note,
        key=new_key,
    )

    def action(session):
        s = sources.edit_source(session, key, change, expect_version)
        return s.key, s.version

    shown, version = write_versioned(
        ctx,
        action,
        dry_run,
        "source",
        lambda s: sources.get_source(s, key),
        key,
        expect_version,
        reason=reason,
    )
    verb = "would change" if dry_run else "changed"
    typer.echo(f"{verb} source {shown} (now version {version})")


@app.command("remove")
def remove(
    ctx: typer.Context,
    key: KeyArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove a source recorded by mistake. Refused, naming what cites it, while anything
    does: uncite it there, or merge it into the source it repeats with `source merge`."""
    from citylinks.services import sources

    removed = state(ctx).write(
        lambda session: sources.remove_source(session, key, expect_version).key,
        dry_run=dry_run,
        reason=reason,
    )
    typer.echo(f"{'would remove' if dry_run else 'removed'} source {removed}")


@app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The source to keep, e.g. S1.", metavar="KEEP")],
    other: Annotated[
        str,
        typer.Argument(
            help="The same source recorded again: its citations move to KEEP, then it is removed.",
            metavar="OTHER",
        ),
    ],
    expect_version: ExpectVersionOption = None,
    expect_other_version: ExpectOtherVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Merge two records of one source: every fact citing OTHER cites KEEP instead (once, if
    it cited both), KEEP takes the fields it lacks from OTHER, and OTHER is removed. The log
    keeps OTHER's fields and every citation moved; --dry-run lists them.

    Example: citylinks source merge S1 S7 --dry-run"""
    from citylinks.services import sources

    done = write_versioned(
        ctx,
        lambda session: sources.merge_sources(
            session, keep, other, expect_version, expect_other_version
        ),
        dry_run,
        "source",
        lambda s: sources.get_source(s, keep),
        keep,
        expect_version,
        reason=reason,
    )
    verb = "would merge" if dry_run else "merged"
    typer.echo(f"{verb} source {done.other} into {done.keep}")
    typer.echo(f"  records citing {done.other} now citing {done.keep}: {done.moved}")
    if done.collapsed:
        typer.echo(f"  of those, citing both before (now {done.keep} once): {done.collapsed}")
    if done.filled:
        typer.echo(f"  taken from {done.other}, which {done.keep} lacked: {', '.join(done.filled)}")
    if done.differing:
        typer.echo(
            f"  given differently ({done.keep}'s kept, {done.other}'s in the log):"
            f" {', '.join(done.differing)}"
        )
