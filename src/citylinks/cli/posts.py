"""`citylinks post ...`: the posts people hold in organizations and cities, and their
corrections."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    CorrectionReasonOption,
    DryRunOption,
    ExpectVersionOption,
    NoteOption,
    SourceOption,
)
from citylinks.cli.params import Commands
from citylinks.cli.prompting import a_date, require
from citylinks.cli.show import echo_corrected, echo_outcome
from citylinks.i18n import N_, _

app = Commands(help="Posts people hold in organizations and cities.")

PersonArgument = Annotated[
    str, typer.Argument(help="Key, id or any name of the person.", metavar="PERSON")
]


@app.command("add")
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
        ctx.fail(_("give one of --org ORG or --city CITY."))
    start = require(ctx, start, "--from", _("Start date (or 'unknown')"), check=a_date)
    label = state(ctx).write(
        lambda session: _post_label(
            people.add_post(session, person, title, org, city, start, end, source, note)
        ),
        dry_run=dry_run,
    )
    echo_outcome(dry_run, N_("recorded post: {post}"), N_("would record post: {post}"), post=label)


def _post_label(post) -> str:
    where = post.organization.label if post.organization else post.city.name()
    from citylinks.i18n import language, listing, title_word

    start = post.start.format(lang=language())
    return listing([post.person.name(), title_word(post.title), where, start])


# --- corrections ---------------------------------------------------------------------------

PostPersonArgument = Annotated[
    str,
    typer.Argument(
        help="The person holding the post (key, id or any name), or the post's #id as `person"
        " show` prints it (e.g. '#7').",
        metavar="PERSON|#ID",
    ),
]
PostTitleArgument = Annotated[
    str | None,
    typer.Argument(help="The post's title (not with #ID).", metavar="TITLE", show_default=False),
]
WhichOrgOption = Annotated[
    str | None,
    typer.Option("--org", help="Which one: the organization it is in.", metavar="ORG"),
]
WhichCityOption = Annotated[
    str | None,
    typer.Option("--city", help="Which one: the city it is in.", metavar="CITY"),
]


def _write_post(ctx: typer.Context, action, dry_run: bool, reason: str | None):
    """One correction of a post, written with Core statements (services.held): a stale
    --expect-version is refused there, under the database's write lock."""
    return state(ctx).write(action, dry_run=dry_run, reason=reason, core=True)


@app.command("edit")
def edit(
    ctx: typer.Context,
    person: PostPersonArgument,
    title: PostTitleArgument = None,
    org: WhichOrgOption = None,
    city: WhichCityOption = None,
    new_title: Annotated[
        str | None, typer.Option("--title", help="The corrected title.", metavar="TITLE")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="When it began (partial date, or 'unknown').", metavar="DATE"),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="When it ended; 'present' if still held; 'unknown' (or '') if not known.",
            metavar="DATE",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A short note ('' to clear).", metavar="TEXT")
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct a post, named by PERSON TITLE (with --org or --city when they held the title
    in more than one place) or by its #id: its title, dates or note."""
    from citylinks.services import held

    change = held.PostEdit(title=new_title, start=start, end=end, note=note)
    done = _write_post(
        ctx,
        lambda c: held.edit_post(c, person, title, org, city, change, expect_version),
        dry_run,
        reason,
    )
    echo_corrected(ctx, done, dry_run, "changed")


@app.command("remove")
def remove(
    ctx: typer.Context,
    person: PostPersonArgument,
    title: PostTitleArgument = None,
    org: WhichOrgOption = None,
    city: WhichCityOption = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="Which one: its start, as recorded.", metavar="DATE"),
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove a post recorded by mistake (the log keeps it), named by PERSON TITLE (and
    --org, --city or --from) or by its #id."""
    from citylinks.services import held

    done = _write_post(
        ctx,
        lambda c: held.remove_post(c, person, title, org, city, start, expect_version),
        dry_run,
        reason,
    )
    echo_corrected(ctx, done, dry_run, "removed")
