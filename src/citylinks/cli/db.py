"""`citylinks db ...` and `citylinks seed`: where the database is, its schema, its data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import DryRunOption, OverwriteOption
from citylinks.cli.params import Commands
from citylinks.i18n import _, digits, listing

app = Commands(help="The database: where it is and its schema revision.")


@app.command("path")
def path(ctx: typer.Context) -> None:
    """Print the database in use (a password in the URL is masked)."""
    from citylinks.db import masked, resolve_url

    url, is_default = resolve_url(state(ctx).db_url)
    typer.echo(masked(url) + (_("  (default)") if is_default else ""))


@app.command("current")
def current(ctx: typer.Context) -> None:
    """Print the database's schema revision and the newest this citylinks knows."""
    from citylinks import resources
    from citylinks.db import current_revision

    db = state(ctx).database(migrate=False)
    revision = current_revision(db.engine)
    head = resources.head_revision()
    # digits as every message shows a revision (Persian under fa: `db upgrade`'s «۰۰۱۲»)
    shown = digits(revision) if revision else _("none (empty database)")
    typer.echo(
        f"{shown}"
        + (_("  (head)") if revision == head else _("  (newest known: {head})", head=head))
    )


@app.command("upgrade")
def upgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision.", metavar="REVISION")] = "head",
) -> None:
    """Bring the schema up to REVISION (default: the newest), keeping every row."""
    from citylinks import migrations
    from citylinks.db import current_revision, refuse_a_newer_schema

    db = state(ctx).database(migrate=False)
    before = current_revision(db.engine)
    refuse_a_newer_schema(db.url, before)
    target = _known(revision)
    _refuse_going_back(before, target)
    migrations.upgrade(db.engine, target)
    after = current_revision(db.engine)
    typer.echo(
        _("schema {before} -> {after}", before=before or _("none"), after=after)
        if before != after
        else _("schema already at {revision}", revision=after)
    )
    if revision == "head":
        # A first use interrupted before the bundled data was loaded is finished here, as by
        # any other command (the default database only; it says so on stderr).
        state(ctx).reopen()


@app.command("downgrade")
def downgrade(
    ctx: typer.Context,
    revision: Annotated[
        str,
        typer.Argument(help="Target revision, or 'base' for an empty schema.", metavar="REVISION"),
    ],
    yes: Annotated[
        bool, typer.Option("--yes", help="Do not ask before dropping tables and columns.")
    ] = False,
) -> None:
    """Take the schema back to REVISION. Data in tables and columns that REVISION lacks is
    lost (`base` drops every table): take a `db backup` first. Asks first, or needs --yes."""
    from citylinks import migrations
    from citylinks.cli.prompting import confirm, interactive
    from citylinks.db import current_revision, masked, refuse_a_newer_schema
    from citylinks.errors import CitylinksError

    db = state(ctx).database(migrate=False)
    before = current_revision(db.engine)
    refuse_a_newer_schema(db.url, before)
    target = _known(revision, allow_base=True)
    if not yes and before is not None and target != before:
        if not interactive():
            raise CitylinksError(
                _(
                    "downgrading to {revision} drops what newer revisions hold (with 'base',"
                    " every table): take a `citylinks db backup FILE` first, then add --yes to"
                    " confirm",
                    revision=target,
                )
            )
        if not confirm(
            _(
                "Take {database} back from schema {before} to {after}, dropping what newer"
                " revisions hold?",
                database=masked(db.url),
                before=before,
                after=target,
            ),
        ):
            typer.echo(_("Nothing was written."), err=True)
            raise typer.Exit(1)
    migrations.downgrade(db.engine, target)
    after = current_revision(db.engine)
    typer.echo(
        _("schema {before} -> {after}", before=before or _("none"), after=after or _("none"))
    )


def _refuse_going_back(before: str | None, target: str) -> None:
    """`db upgrade` to a revision older than the database's: refused, naming the way back
    (which drops data, so it is never taken without being asked for by name)."""
    from citylinks import resources
    from citylinks.errors import CitylinksError

    known = resources.known_revisions()
    if before in known and target in known and known.index(target) < known.index(before):
        raise CitylinksError(
            _(
                "the schema is at {before}, newer than {revision}: `db upgrade` only moves"
                " forward; to take the schema back (dropping what newer revisions hold), use"
                " `citylinks db downgrade {revision}`",
                before=digits(before),
                revision=digits(target),
            )
        )


def _known(revision: str, allow_base: bool = False) -> str:
    from citylinks import resources, text
    from citylinks.errors import CitylinksError

    known = resources.known_revisions()
    # as messages show them (Persian digits under fa), so typed: «۰۰۱۱» is 0011
    revision = text.to_ascii_digits(revision.strip())
    if revision == "head" or revision in known or (allow_base and revision == "base"):
        return revision
    choices = listing((*known, "head") + (("base",) if allow_base else ()))
    raise CitylinksError(
        _(
            "unknown schema revision '{revision}': use one of {choices}",
            revision=revision,
            choices=choices,
        )
    )


def seed(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A dataset file (default: the bundled AMF dataset).",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    overwrite: OverwriteOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Load the bundled dataset (or FILE) into the database. Loading twice changes nothing;
    a recorded value the dataset gives differently (an officer's newer edit) is refused
    unless --overwrite. --dry-run lists what it would change, or every value it would
    refuse."""
    load_dataset(ctx, file, overwrite, dry_run)


@contextmanager
def listing_conflicts() -> Iterator[None]:
    """A dry run's conflicts (imports.Conflicts), whatever the format (a dataset, a Popolo
    document): each value on its own line on standard error, then the error that counts
    them."""
    from citylinks.services import imports

    try:
        yield
    except imports.Conflicts as exc:
        from citylinks.text import safe_for_terminal

        for line in exc.lines:
            typer.echo(safe_for_terminal(line), err=True)
        raise


def load_dataset(ctx: typer.Context, file: Path | None, overwrite: bool, dry_run: bool) -> None:
    """`seed` and `import dataset`: load the dataset file (None: the bundled one) in one
    transaction; a dry run lists what it would change, or every value it would refuse, each
    on its own line (the count is the error's)."""
    from citylinks.services import imports

    with listing_conflicts():
        summary = state(ctx).write(
            lambda session: imports.seed(session, file, overwrite, every_conflict=dry_run),
            dry_run=dry_run,
        )
    typer.echo(state(ctx).loaded(summary, dry_run))


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write the backup.", metavar="FILE")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Back up the whole database to FILE: on SQLite a consistent copy taken while others may
    write; on PostgreSQL and MariaDB the dataset format with the audit log."""
    from citylinks.services import backup as backups

    typer.echo(backups.backup(state(ctx).database(), file, force=force))


@app.command("restore")
def restore(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="A file `citylinks db backup` wrote.", metavar="FILE")
    ],
    yes: Annotated[
        bool, typer.Option("--yes", help="Do not ask before replacing the database.")
    ] = False,
) -> None:
    """Replace the database's contents with the backup in FILE (on PostgreSQL and MariaDB, into
    an empty database)."""

    from citylinks.cli.prompting import confirm, interactive
    from citylinks.db import masked, resolve_url
    from citylinks.errors import CitylinksError
    from citylinks.files import shown_path
    from citylinks.services import backup as backups

    # Asked before the database is opened: opening a SQLite path that does not exist yet
    # creates the file, which a declined or refused restore must not leave behind.
    if not yes:
        if not interactive():
            raise CitylinksError(_("restoring replaces the database: add --yes to confirm"))
        if not confirm(
            _(
                "Replace the contents of {database} with {file}?",
                database=masked(resolve_url(state(ctx).db_url)[0]),
                file=shown_path(file),
            ),
        ):
            typer.echo(_("Nothing was written."), err=True)
            raise typer.Exit(1)
    db = state(ctx).database(migrate=False)
    typer.echo(backups.restore(db, file))
