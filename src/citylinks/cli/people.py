"""`citylinks person ...`: people and the posts they hold (`citylinks post ...` is in
cli/posts.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import DryRunOption, Format, FormatOption, SourceOption
from citylinks.cli.params import Commands
from citylinks.cli.prompting import write_confirming

if TYPE_CHECKING:
    from citylinks.model import Post

app = Commands(help="People: record, list and show them.")

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
                + f" (#{post.id}, version {post.version})"
                for post in p.posts
            ],
        )
        echo_list("sources", [", ".join(s.key for s in p.sources)] if p.sources else [])


def _held_in(post: Post) -> str:
    """Where a post is held: its organization, else its city."""
    if post.organization:
        return post.organization.label
    if post.city is None:
        # A post is in an organization or a city, never neither (schema.post's check).
        raise AssertionError(f"post {post.id} is in neither an organization nor a city")
    return f"{post.city.name()}, {post.city.country.code}"
