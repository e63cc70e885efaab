"""The `citylinks` command: global options, error handling, and the sub-commands joined.

Commands parse their arguments, call one service or report, and render the result. Heavy
modules (SQLAlchemy, Alembic, Rich) are imported inside the commands that need them, so that
`citylinks --help` answers at once.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from citylinks import __version__
from citylinks.cli import attend as attend_cli
from citylinks.cli import cities as cities_cli
from citylinks.cli import dates as dates_cli
from citylinks.cli import db as db_cli
from citylinks.cli import io as io_cli
from citylinks.cli import log as log_cli
from citylinks.cli import members as members_cli
from citylinks.cli import orgs as orgs_cli
from citylinks.cli import people as people_cli
from citylinks.cli import reports as reports_cli
from citylinks.cli import roles as roles_cli
from citylinks.cli import sessions as sessions_cli
from citylinks.cli import sources as sources_cli
from citylinks.cli.compat import NoArgsIsHelpError, UsageError
from citylinks.cli.context import State
from citylinks.errors import CitylinksError


class CitylinksGroup(TyperGroup):
    """Turns every error a user can cause into one line on stderr and an exit code."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except UsageError as exc:
            _usage_error(exc)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except UsageError as exc:
            _usage_error(exc)
        except Exception as exc:
            state = ctx.obj if isinstance(ctx.obj, State) else None
            if state is not None and state.debug:
                raise
            message, code = describe(exc)
            typer.echo(f"Error: {message}", err=True)
            raise typer.Exit(code) from None


def _usage_error(exc: UsageError):
    if isinstance(exc, NoArgsIsHelpError) and exc.ctx is not None:
        typer.echo(exc.ctx.get_help())
        raise typer.Exit(0)
    where = exc.ctx.command_path if exc.ctx else "citylinks"
    message = exc.format_message().replace("\n", " ")
    typer.echo(f"Error: {message} (see '{where} --help')", err=True)
    raise typer.Exit(2) from None


def describe(exc: Exception) -> tuple[str, int]:
    """A one-line message and an exit code for an exception that reached the command line."""
    if isinstance(exc, CitylinksError):
        return str(exc).replace("\n", " "), exc.exit_code
    from citylinks.services.errors import explain_database_error

    explained = explain_database_error(exc)
    if explained is not None:
        return explained, 1
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted; nothing was written", 130
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".strip(": "), 1
    return (
        f"internal error ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''});"
        " nothing was written. Run again with --debug for the traceback and report it",
        70,
    )


app = typer.Typer(
    cls=CitylinksGroup,
    name="citylinks",
    help="Cities' memberships in international organizations of cities, with their history"
    " and sources.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"citylinks {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (sqlite:///FILE, postgresql://USER@HOST/DB, mysql://USER@HOST/DB)"
            " or a SQLite file path. Default: CITYLINKS_DATABASE_URL, else a SQLite file in"
            " your data directory (see `citylinks db path`).",
            metavar="URL",
        ),
    ] = None,
    officer: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="The officer recorded for changes. Default: CITYLINKS_OFFICER, else your user name.",
            metavar="NAME",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """citylinks records which cities belong to which international organizations of cities,
    how each membership changed over time, who said so, and each organization's meetings."""
    ctx.obj = State(db_url=db, officer=officer, debug=debug)
    ctx.call_on_close(ctx.obj.close)


app.add_typer(db_cli.app, name="db")
app.add_typer(members_cli.app, name="member")
app.add_typer(roles_cli.app, name="role")
app.add_typer(sessions_cli.app, name="session")
app.add_typer(attend_cli.app, name="attend")
app.command("seed")(db_cli.seed)
app.add_typer(io_cli.import_app, name="import")
app.add_typer(io_cli.export_app, name="export")
app.command("timeline")(reports_cli.timeline)
app.command("roster")(reports_cli.roster)
app.command("portfolio")(reports_cli.portfolio)
app.command("history")(reports_cli.history)
app.command("stats")(reports_cli.stats)
app.add_typer(sources_cli.app, name="source")
app.add_typer(cities_cli.app, name="city")
app.add_typer(cities_cli.country_app, name="country")
app.add_typer(orgs_cli.app, name="org")
app.add_typer(people_cli.app, name="person")
app.add_typer(people_cli.post_app, name="post")
app.command("date")(dates_cli.date)
app.command("log")(log_cli.log)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        print("Error: interrupted; nothing was written", file=sys.stderr)
        sys.exit(130)
