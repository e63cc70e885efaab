"""`citylinks person ...` and `citylinks post ...`: people and the posts they hold."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import DryRunOption, Format, FormatOption, NoteOption, SourceOption
from citylinks.cli.params import Commands
from citylinks.cli.prompting import require, write_confirming

if TYPE_CHECKING:
    from citylinks.model import Post

app = Commands(help="People: record, list and show them.")
post_app = Commands(help="Posts people hold in organizations and cities.")

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
    from citylinks.services import people

    def action(session, forced: bool):
        person = people.add_person(session, name, names, source, force=forced)
        return person.key, person.name()

    key, shown = write_confirming(ctx, action, dry_run, force)
    typer.echo(f"{'would record' if dry_run else 'recorded'} person {shown} (key {key})")


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the people and their names."""
    from citylinks import render
    from citylinks.services import people

    with state(ctx).database().reading() as session:
        rows = people.list_people(session)
        section = render.Section(
            "People", [render.Column(h) for h in ("Key", "Name", "Other names", "Posts")]
        )
        records = []
        for p in rows:
            others = [n.name for n in p.names if n.name != p.name()]
            section.rows.append([p.key, p.name(), ", ".join(others), str(len(p.posts))])
            records.append(
                {
                    "key": p.key,
                    "names": [{"lang": n.lang, "name": n.name, "kind": n.kind} for n in p.names],
                    "posts": [post.title for post in p.posts],
                }
            )
    render.emit(render.Document(f"{len(rows)} people", [section], records), fmt.value)


@app.command("show")
def show(ctx: typer.Context, person: PersonArgument) -> None:
    """Show a person: names, and posts with their dates in both calendars and sources."""
    from citylinks.cli.show import cited, echo_fields, echo_list, period, stamp
    from citylinks.services.lookup import find_person

    with state(ctx).database().reading() as session:
        p = find_person(session, person)
        echo_fields(
            f"Person {p.key}: {p.name()}",
            [("id", p.id), ("version", stamp(p))],
        )
        echo_list("names", [f"{n.lang}  {n.name} ({n.kind})" for n in p.names])
        echo_list(
            "posts",
            [
                f"{post.title}, {_held_in(post)}, {period(post.start, post.end)}{cited(post.sources)}"
                + (f" ({post.note})" if post.note else "")
                for post in p.posts
            ],
        )
        echo_list("sources", [", ".join(s.key for s in p.sources)] if p.sources else [])


@post_app.command("add")
def post_add(
    ctx: typer.Context,
    person: PersonArgument,
    title: Annotated[
        str, typer.Argument(help="The post, e.g. mayor, secretary-general.", metavar="TITLE")
    ],
    org: Annotated[
        str | None, typer.Option("--org", help="The organization the post is in.", metavar="ORG")
    ] = None,
    city: Annotated[
        str | None, typer.Option("--city", help="The city the post is in.", metavar="CITY")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="When the post began, as precise as the source says ('unknown' if it does not;"
            " asked for on a terminal).",
            metavar="DATE",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="When it ended; 'present' if the person still holds it; default: 'unknown'"
            " (the end is not known).",
            metavar="DATE",
        ),
    ] = None,
    source: SourceOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a post a person holds, in an organization (--org) or a city (--city)."""
    from citylinks.services import people

    if (org is None) == (city is None):
        ctx.fail("give one of --org ORG or --city CITY.")
    start = require(ctx, start, "--from", "Start date (or 'unknown')")
    label = state(ctx).write(
        lambda session: _post_label(
            people.add_post(session, person, title, org, city, start, end, source, note)
        ),
        dry_run=dry_run,
    )
    typer.echo(f"{'would record' if dry_run else 'recorded'} post: {label}")


def _post_label(post) -> str:
    where = post.organization.label if post.organization else post.city.name()
    return f"{post.person.name()}, {post.title}, {where}, {post.start.format()}"


def _held_in(post: Post) -> str:
    """Where a post is held: its organization, else its city."""
    if post.organization:
        return post.organization.label
    if post.city is None:
        # A post is in an organization or a city, never neither (schema.post's check).
        raise AssertionError(f"post {post.id} is in neither an organization nor a city")
    return f"{post.city.name()}, {post.city.country.code}"
