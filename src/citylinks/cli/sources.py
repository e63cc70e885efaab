"""`citylinks source ...`: the sources facts cite, under short keys such as S4."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.completion import complete_words
from citylinks.cli.context import state
from citylinks.cli.options import (
    BidiOption,
    CorrectionReasonOption,
    DryRunOption,
    ExpectOtherVersionOption,
    ExpectVersionOption,
    Format,
    FormatOption,
    LangOption,
    NoteOption,
    report,
)
from citylinks.cli.params import Commands, complete_source
from citylinks.cli.prompting import require, write_confirming, write_versioned
from citylinks.cli.show import echo_outcome
from citylinks.i18n import N_, _, listing, ngettext
from citylinks.render.output import View  # the commands' annotations are read when registered
from citylinks.vocab import SOURCE_KINDS

app = Commands(
    help="Sources: what an officer read (news releases, decision letters), under short keys;"
    " record, list, show, correct, remove and merge them.",
)

KeyArgument = Annotated[
    str,
    typer.Argument(
        help="The source's key, e.g. S0.", metavar="KEY", autocompletion=complete_source
    ),
]

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
            autocompletion=complete_words(SOURCE_KINDS),
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
    from citylinks.services import recording

    title = require(ctx, title, "--title", _("Title"))
    publisher = require(ctx, publisher, "--publisher", _("Publisher"))

    def action(change, forced: bool):
        return recording.add_source(
            change,
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

    key = write_confirming(ctx, action, dry_run, force, core=True)
    typer.echo(key)
    if not dry_run:
        typer.echo(_("recorded source {key}; cite it with --source {key}", key=key), err=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    fmt: FormatOption = Format.table,
    lang: LangOption = None,
    bidi: BidiOption = False,
) -> None:
    """List the sources: key, kind, date, title and publisher."""
    from citylinks.cli.show import emit_list, kind_word, listing_in, shown_lang
    from citylinks.render.values import date_record
    from citylinks.reports import listings

    headers = (N_("Key"), N_("Kind"), N_("Published"), N_("Language"), N_("Title"), N_("Publisher"))
    with listing_in(ctx, lang, bidi, N_("Sources"), headers) as (conn, section):
        rows = listings.sources(conn)
        records = []
        for s in rows:
            section.rows.append(
                [
                    s.key,
                    kind_word("source_kind", s.kind),
                    s.published.format(lang=shown_lang()),
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
        title = ngettext("{n} source", "{n} sources", len(rows), n=len(rows))
    emit_list(title, section, records, fmt)


@app.command("show")
@report
def show(ctx: typer.Context, key: KeyArgument, *, chosen: View) -> None:
    """Show one source: every field, and what cites it."""
    from citylinks.cli.show import (
        deliver_shown,
        echo_fields,
        kind_word,
        said,
        shown_date,
        shown_in,
        speaking,
    )
    from citylinks.reports.source_detail import source_detail
    from citylinks.text import how_many

    with state(ctx).database().connection() as conn:
        s = source_detail(conn, key)
        shown_in(chosen)
        with speaking():  # "2 membership phases", in the language shown
            cited = [how_many(n, table.replace("_", " ")) for table, n in s.cited_by.items()]
        echo_fields(
            said("Source {key}", key=s.key),
            [
                ("kind", kind_word("source_kind", s.kind)),
                ("title", s.title),
                ("publisher", s.publisher),
                ("url", s.url),
                ("published", shown_date(s.published)),
                ("retrieved", None if s.retrieved.is_unknown else shown_date(s.retrieved)),
                ("language", s.language),
                ("excerpt", s.excerpt),
                ("note", s.note),
                (
                    "cited by",
                    listing(cited) or said("nothing yet"),
                ),
                (
                    "version",
                    said(
                        "{version} (recorded by {first}, last changed by {last})",
                        version=s.version,
                        first=s.created_by,
                        last=s.updated_by,
                    ),
                ),
            ],
        )
    deliver_shown(chosen)


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
            autocompletion=complete_words(SOURCE_KINDS),
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
    echo_outcome(
        dry_run,
        N_("changed source {key} (now version {version})"),
        N_("would change source {key} (now version {version})"),
        key=shown,
        version=version,
    )


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
    echo_outcome(dry_run, N_("removed source {key}"), N_("would remove source {key}"), key=removed)


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
    both = {"other": done.other, "keep": done.keep}
    echo_outcome(
        dry_run,
        N_("merged source {other} into {keep}"),
        N_("would merge source {other} into {keep}"),
        **both,
    )
    typer.echo(_("  records citing {other} now citing {keep}: {n}", n=done.moved, **both))
    if done.collapsed:
        typer.echo(
            _("  of those, citing both before (now {keep} once): {n}", n=done.collapsed, **both)
        )
    if done.filled:
        typer.echo(
            _(
                "  taken from {other}, which {keep} lacked: {fields}",
                fields=listing(done.filled),
                **both,
            )
        )
    if done.differing:
        typer.echo(
            _(
                "  given differently ({keep}'s kept, {other}'s in the log): {fields}",
                fields=listing(done.differing),
                **both,
            )
        )
