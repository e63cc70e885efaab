"""`citylinks person ...`: people and the posts they hold (`citylinks post ...` is in
cli/posts.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

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
    LangOption,
    SourceOption,
    report,
)
from citylinks.cli.params import Commands
from citylinks.cli.prompting import write_confirming
from citylinks.cli.show import echo_outcome
from citylinks.i18n import N_, digits, listing, ngettext
from citylinks.render.output import View  # the commands' annotations are read when registered

if TYPE_CHECKING:
    from citylinks.reports.details import Dated

app = Commands(help="People: record, list, show, correct, remove and merge them.")

PersonArgument = Annotated[
    str, typer.Argument(help="Key, id or any name of the person.", metavar="PERSON")
]


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="The person's name, e.g. 'Alireza Amrollahi'.", metavar="NAME")
    ],
    names: Annotated[
        list[str] | None,
        typer.Option(
            "--name", help="Another name, LANG=NAME, e.g. fa=علیرضا امراللهی.", metavar="NAME"
        ),
    ] = None,
    source: SourceOption = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Record them even if someone with a similar name exists."),
    ] = False,
    dry_run: DryRunOption = False,
) -> None:
    """Record a person. Someone already recorded under another spelling is not recorded
    twice: on a terminal you are asked, in a script it is refused unless --force."""
    from citylinks.services import recording

    def action(change, forced: bool):
        return recording.add_person(change, name, names, source, force=forced)

    key, shown = write_confirming(ctx, action, dry_run, force, core=True)
    echo_outcome(
        dry_run,
        N_("recorded person {name} (key {key})"),
        N_("would record person {name} (key {key})"),
        name=shown,
        key=key,
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    fmt: FormatOption = Format.table,
    lang: LangOption = None,
    bidi: BidiOption = False,
) -> None:
    """List the people and their names."""
    from citylinks.cli.show import emit_list, listing_in, name_in
    from citylinks.reports import listings

    headers = (N_("Key"), N_("Name"), N_("Other names"), N_("Posts"))
    with listing_in(ctx, lang, bidi, N_("People"), headers) as (conn, section):
        rows = listings.people(conn)
        records = []
        for p in rows:
            name = name_in(p)
            others = [n.name for n in p.names if n.name != name]
            section.rows.append([p.key, name, listing(others), digits(len(p.posts))])
            records.append(
                {
                    "key": p.key,
                    "names": [{"lang": n.lang, "name": n.name, "kind": n.kind} for n in p.names],
                    "posts": [post.title for post in p.posts],
                }
            )
        title = ngettext("{n} person", "{n} people", len(rows), n=len(rows))
    emit_list(title, section, records, fmt)


@app.command("show")
@report
def show(ctx: typer.Context, person: PersonArgument, *, chosen: View) -> None:
    """Show a person: names, and posts with their dates in both calendars and sources."""
    from citylinks.cli.reports import sources_cited
    from citylinks.cli.show import (
        cited,
        comma,
        deliver_shown,
        echo_fields,
        echo_list,
        kind_word,
        name_and_other,
        period,
        said,
        shown_in,
        source_keys,
        stamp,
        title_word,
    )
    from citylinks.reports.details import person_detail
    from citylinks.services.lookup import find_person_ref

    with state(ctx).database().connection() as conn:
        p = person_detail(conn, find_person_ref(conn, person).id)
        keys = [s.key for post in p.posts for s in post.sources]
        shown_in(chosen, sources_cited(conn, keys, chosen))
        echo_fields(
            said("Person {key}: {name}", key=p.key, name=name_and_other(p)),
            [("id", p.id), ("version", stamp(p))],
        )
        echo_list(
            "names", [f"{n.lang}  {n.name} ({kind_word('name_kind', n.kind)})" for n in p.names]
        )
        echo_list(
            "posts",
            [
                comma().join((title_word(post.title), _held_in(post), period(post.start, post.end)))
                + cited(post.sources)
                + (f" ({post.note})" if post.note else "")
                + said(" (#{id}, version {version})", id=post.id, version=post.version)
                for post in p.posts
            ],
        )
        echo_list("sources", [source_keys(p.sources)] if p.sources else [])
    deliver_shown(chosen)


@app.command("edit")
def edit(
    ctx: typer.Context,
    person: PersonArgument,
    add_name: Annotated[
        list[str] | None,
        typer.Option(
            "--add-name",
            help="Add a name, LANG=NAME, e.g. 'fa=علیرضا امراللهی', or NAME, taken as English"
            " (as Persian when written right to left) (repeatable).",
            metavar="LANG=NAME",
        ),
    ] = None,
    remove_name: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-name",
            help="Remove a name, NAME (any language) or LANG=NAME (repeatable).",
            metavar="NAME",
        ),
    ] = None,
    key: Annotated[
        str | None,
        typer.Option("--key", help="A new key for the person, e.g. amrollahi.", metavar="KEY"),
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct a person's names or key. The log keeps every name removed and the old key.

    Example: citylinks person edit person-1 --add-name 'Alireza Amrollahi' --key amrollahi"""
    from citylinks.services import people
    from citylinks.services.audit_log import refusing_stale_writes
    from citylinks.services.lookup import find_person

    change = people.PersonEdit(add_name or [], remove_name or [], key)

    def action(session):
        p = people.edit_person(session, person, change, expect_version)
        return p.key, p.version

    with refusing_stale_writes(
        state(ctx).database, "person", person, lambda s: find_person(s, person), expect_version
    ):
        new_key, version = state(ctx).write(action, dry_run=dry_run, reason=reason)
    echo_outcome(
        dry_run,
        N_("changed person {key} (now version {version})"),
        N_("would change person {key} (now version {version})"),
        key=new_key,
        version=version,
    )


@app.command("remove")
def remove(
    ctx: typer.Context,
    person: PersonArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove a person recorded by mistake. Refused, naming them, while posts or attendance
    records refer to the person: remove those first, or merge the person with `person merge`."""
    from citylinks.services import people

    key = state(ctx).write(
        lambda session: people.remove_person(session, person, expect_version).key,
        dry_run=dry_run,
        reason=reason,
    )
    echo_outcome(dry_run, N_("removed person {key}"), N_("would remove person {key}"), key=key)


@app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[
        str, typer.Argument(help="The person to keep: key, id or any name.", metavar="KEEP")
    ],
    other: Annotated[
        str,
        typer.Argument(
            help="The same person recorded again, merged into KEEP and removed.", metavar="OTHER"
        ),
    ],
    expect_version: ExpectVersionOption = None,
    expect_other_version: ExpectOtherVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Merge two records of one person: OTHER's names, posts, attendance and sources move to
    KEEP, and OTHER is removed (the log keeps its key and every move). --dry-run lists them.

    Example: citylinks person merge amrollahi alireza-amrollahi --dry-run"""
    from citylinks.services import people
    from citylinks.services.audit_log import refusing_stale_writes
    from citylinks.services.lookup import find_person

    with refusing_stale_writes(
        state(ctx).database, "person", keep, lambda s: find_person(s, keep), expect_version
    ):
        done = state(ctx).write(
            lambda session: people.merge_people(
                session, keep, other, expect_version, expect_other_version
            ),
            dry_run=dry_run,
            reason=reason,
        )
    echo_outcome(
        dry_run,
        N_("merged person {other} into {keep}"),
        N_("would merge person {other} into {keep}"),
        other=done.other,
        keep=done.keep,
    )
    for line in done.lines:
        typer.echo(f"  {line}")


def _held_in(post: Dated) -> str:
    """Where a post is held: its organization, else its city."""
    from citylinks.reports.details import Place

    held = post.held_by
    if held is None:
        # A post is in an organization or a city, never neither (schema.post's check).
        raise AssertionError(f"post {post.id} is in neither an organization nor a city")
    if isinstance(held, Place):
        from citylinks.cli.show import place_in

        return place_in(held)
    return held.label
