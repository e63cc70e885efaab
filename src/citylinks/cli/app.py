"""The `citylinks` command: global options, error handling, and the sub-commands joined.

Commands parse their arguments, call one service or report, and render the result. Heavy
modules (SQLAlchemy, Alembic, Rich) are imported inside the commands that need them, so that
`citylinks --help` answers at once.
"""

from __future__ import annotations

import io
import os
import sys
from typing import Annotated

import typer

from citylinks import __version__
from citylinks.cli.context import State, pause_collection
from citylinks.cli.language import chosen_in, for_terminal, speak, usage_message
from citylinks.cli.options import BidiOption, Lang
from citylinks.cli.params import Commands, Group, UsageError, choice, choices_metavar
from citylinks.errors import CitylinksError
from citylinks.i18n import N_, _, listing


class CitylinksGroup(Group):
    """Turns every error a user can cause into one line on stderr and an exit code, and ends
    quietly when the reader of its output goes away (`| head`)."""

    def make_context(self, info_name, args, parent=None, **extra):
        if parent is None:
            # Typer adds them once the group is made, speaking English, as flags that take no
            # shell (`--show-completion zsh` would show the detected shell's script).
            installed = _shell_named(args, "--install-completion")
            shown = _shell_named(args, "--show-completion")
            for param in self.params:
                if param.name == "install_completion":
                    param.callback = lambda ctx, param, value: _install_completion(
                        ctx, param, installed if value and installed else value
                    )
                elif param.name == "show_completion":
                    param.callback = lambda ctx, param, value: _show_completion(
                        ctx, param, value, shown
                    )
        if parent is None and extra.get("resilient_parsing"):  # the shell asks for completions
            from citylinks.cli.completion import complete_values

            complete_values(self)
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except UsageError as exc:
            _usage_error(exc)

    def invoke(self, ctx):
        try:
            try:
                result = super().invoke(ctx)
            except typer.Exit as exc:
                if exc.exit_code == 0:
                    _succeeded(ctx)
                raise
            _succeeded(ctx)
            return result
        except (typer.Exit, typer.Abort):
            raise
        except UsageError as exc:
            _usage_error(exc)
        except BrokenPipeError:
            _reader_gone()
        except SystemExit as exc:
            # Rich meets a closed pipe by sending stdout to /dev/null and exiting 1 itself
            # (Console.on_broken_pipe); end as quietly as for our own output.
            if exc.code == 1 and _stdout_is_devnull():
                raise typer.Exit(0) from None
            raise
        except Exception as exc:
            state = ctx.obj if isinstance(ctx.obj, State) else None
            if state is not None and state.debug:
                raise
            message, code = describe(exc)
            typer.echo(for_terminal(_("Error: {message}", message=message)), err=True)
            raise typer.Exit(code) from None


def _succeeded(ctx) -> None:
    if isinstance(ctx.obj, State):
        ctx.obj.succeeded()


# The shells whose completion Typer installs.
_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _shell_named(args: list[str], option: str) -> str | None:
    """The word after `option` on the command line (`--show-completion zsh`), if any."""
    if option not in args:
        return None
    after = args[args.index(option) + 1 : args.index(option) + 2]
    return after[0] if after and not after[0].startswith("-") else None


def _show_completion(ctx, param, value, shell: str | None) -> None:
    """`citylinks --show-completion [SHELL]`: the completion script of the shell named (else
    of the shell citylinks runs in); a shell Typer has no script for is refused in one line."""
    if not value or ctx.resilient_parsing:
        return
    from typer import completion

    if shell is None and not isinstance(value, str):
        completion.show_callback(ctx, param, value)  # the shell citylinks runs in; exits
    shell = str(getattr(shell or value, "value", shell or value))
    if shell not in _SHELLS:
        message = _(
            "cannot show completion for the shell {shell}: give one of {shells},"
            " e.g. --show-completion zsh",
            shell=shell or "?",
            shells=listing(_SHELLS[:-1]),
        )
        typer.echo(for_terminal(_("Error: {message}", message=message)), err=True)
        ctx.exit(1)
    prog = ctx.find_root().info_name or "citylinks"
    complete_var = "_{}_COMPLETE".format(prog.replace("-", "_").upper())
    script = completion.get_completion_script(
        prog_name=prog, complete_var=complete_var, shell=shell
    )
    typer.echo(script)
    ctx.exit(0)


def _install_completion(ctx, param, value) -> None:
    """`citylinks --install-completion [SHELL]`: Typer's installation, said in the interface
    language (Typer's own callback says it in English)."""
    if not value or ctx.resilient_parsing:
        return
    import contextlib

    from typer.completion import install

    shell = str(getattr(value, "value", value)) if isinstance(value, str) else None
    said = io.StringIO()  # Typer's "Shell x is not supported." is replaced by our line
    try:
        with contextlib.redirect_stdout(said):
            shell, path = install(shell=shell)
    except typer.Exit:
        message = _(
            "cannot install completion for the shell {shell}: give one of {shells},"
            " e.g. --install-completion bash",
            shell=shell or "?",
            shells=listing(_SHELLS[:-1]),
        )
        typer.echo(for_terminal(_("Error: {message}", message=message)), err=True)
        ctx.exit(1)
    typer.secho(
        for_terminal(_("completion for {shell} installed in {path}", shell=shell, path=path)),
        fg="green",
    )
    typer.echo(for_terminal(_("Completion will work once you open a new terminal.")))
    ctx.exit(0)


def _usage_error(exc: Exception):
    context = getattr(exc, "ctx", None)
    where = context.command_path if context is not None else "citylinks"
    message = usage_message(exc.format_message()).replace("\n", " ")  # type: ignore[attr-defined]
    typer.echo(
        for_terminal(
            _("Error: {message} (see '{command} --help')", message=message, command=where)
        ),
        err=True,
    )
    raise typer.Exit(2) from None


def _reader_gone() -> None:
    """The program reading our output (`citylinks roster AMF | head -3`) has stopped: end
    quietly, as git does. Standard output goes to /dev/null, so that Python's own flush at
    exit does not print "Exception ignored ... BrokenPipeError" (the Python docs' recipe)."""
    _stdout_to_devnull()
    raise typer.Exit(0)


def _stdout_to_devnull() -> None:
    """Standard output's descriptor made /dev/null: what is still buffered goes nowhere,
    and Python's own flush at exit has nothing to fail on."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (tests)
        pass


def _stdout_is_devnull() -> bool:
    import os

    try:
        return os.path.samestat(os.fstat(sys.stdout.fileno()), os.stat(os.devnull))
    except (OSError, ValueError, AttributeError):
        return False


def describe(exc: Exception) -> tuple[str, int]:
    """A one-line message and an exit code for an exception that reached the command line."""
    if isinstance(exc, CitylinksError):
        from citylinks.text import safe_for_terminal

        # Messages quote what was typed or read: show its control characters, never run them.
        return safe_for_terminal(str(exc).replace("\n", " ")), exc.exit_code
    from citylinks.services.errors import explain_database_error

    explained = explain_database_error(exc)
    if explained is not None:
        return explained, 1
    if isinstance(exc, KeyboardInterrupt):
        return _("interrupted; nothing was written"), 130
    if isinstance(exc, OSError):
        return _os_error(exc), 1
    if isinstance(exc, ValueError) and "Exceeds the limit" in str(exc):
        # Python refuses to read an integer of more than 4,300 digits, wherever it was typed.
        return _("a number of more than 4,300 digits is not a value citylinks takes: check it"), 1
    error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return (
        _(
            "internal error ({error}); nothing was written. Run again with --debug for the"
            " traceback and report it",
            error=error,
        ),
        70,
    )


def _os_error(exc: OSError) -> str:
    """'No such file or directory: x.csv', in the interface language."""
    from citylinks.files import os_error_words

    return f"{os_error_words(exc)}: {exc.filename or ''}".strip(": ")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"citylinks {__version__}")
        raise typer.Exit()


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
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="Language of messages, prompts, errors and help, and the default of the"
            " reports' --lang. Default: CITYLINKS_LANG, else your locale (LANG), else English.",
            metavar=choices_metavar(Lang),
            parser=choice(Lang, N_("lang")),
        ),
    ] = None,
    bidi: BidiOption = False,  # noted from the whole command line (cli/language.py)
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """citylinks records which cities belong to which international organizations of cities,
    how each membership changed over time, who said so, and each organization's meetings."""
    if officer is not None and not officer.strip():
        # An empty name would silently record the changes under the user name instead.
        ctx.fail(_("--as needs the officer's name, e.g. --as maryam"))
    if lang is not None:
        speak(lang.value)  # main() chose it before the help was made; this for callers in Python
    ctx.obj = State(db_url=db, officer=officer, debug=debug)
    ctx.call_on_close(ctx.obj.close)


def _new_app() -> typer.Typer:
    """The citylinks command with its global options and no sub-commands yet."""
    made = Commands(
        cls=CitylinksGroup,
        name="citylinks",
        help="Cities' memberships in international organizations of cities, with their history"
        " and sources.",
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        # --install-completion and --show-completion (bash, zsh, fish, PowerShell); names of
        # organizations, cities and sources complete from the database (cli/params.py).
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    made.callback()(root)
    return made


# Every command, by the name typed: (module in citylinks.cli, attribute, group or command).
# Typer turns every registered command into a Click object at each start; `main()` registers
# only the one being run, so an officer's command does not pay for the other fifty.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "timeline": ("reports", "timeline", "command"),
    "roster": ("reports", "roster", "command"),
    "portfolio": ("reports", "portfolio", "command"),
    "history": ("reports", "history", "command"),
    "stats": ("reports", "stats", "command"),
    "check": ("check", "app", "group"),
    "seed": ("db", "seed", "command"),
    "date": ("dates", "date", "command"),
    "log": ("log", "log", "command"),
    "undo": ("log", "undo", "command"),
    "db": ("db", "app", "group"),
    "member": ("members", "app", "group"),
    "role": ("roles", "app", "group"),
    "session": ("sessions", "app", "group"),
    "attend": ("attend", "app", "group"),
    "import": ("io", "import_app", "group"),
    "export": ("io", "export_app", "group"),
    "source": ("sources", "app", "group"),
    "city": ("cities", "app", "group"),
    "country": ("cities", "country_app", "group"),
    "org": ("orgs", "app", "group"),
    "person": ("people", "app", "group"),
    "post": ("posts", "app", "group"),
    "cite": ("citations", "cite", "command"),
    "uncite": ("citations", "uncite", "command"),
    "setting": ("citations", "setting_app", "group"),
}
# Global options that take a value, to find the command's name after them.
_VALUED_OPTIONS = ("--db", "--as", "--lang")


def register(target: typer.Typer, names: set[str] | None = None) -> typer.Typer:
    """Add the commands (all, or those in `names`) to `target`."""
    import importlib

    for name, (module, attribute, kind) in COMMANDS.items():
        if names is not None and name not in names:
            continue
        thing = getattr(importlib.import_module(f"citylinks.cli.{module}"), attribute)
        if kind == "group":
            target.add_typer(thing, name=name)
        else:
            target.command(name)(thing)
    return target


_full_app: typer.Typer | None = None


def __getattr__(name: str):
    """`citylinks.cli.app.app`: the command with every sub-command (for help and tests),
    built on first use."""
    global _full_app
    if name == "app":
        if _full_app is None:
            _full_app = register(_new_app())
        return _full_app
    raise AttributeError(name)


def _command_in(argv: list[str]) -> str | None:
    """The command `argv` runs, if it is one of ours and no help for all is asked."""
    i = 0
    while i < len(argv):
        token = argv[i]
        if token in ("-h", "--help", "--version"):
            return None
        if token in _VALUED_OPTIONS:
            i += 2
            continue
        if token.startswith("-"):
            i += 1
            continue
        return token if token in COMMANDS else None
    return None


# Set by the completion scripts (`citylinks --install-completion`) when the shell asks what
# may follow the words typed.
_COMPLETE_VAR = "_CITYLINKS_COMPLETE"


def _completed_command() -> str | None:
    """The command whose arguments the shell asks to complete, when its name is typed in full
    before the word being completed: only that command is registered, as when it runs. The
    words come from bash's COMP_WORDS and COMP_CWORD, or zsh's and fish's
    _TYPER_COMPLETE_ARGS (with the word being completed last, unless it ends in a space)."""
    import shlex

    try:
        if "COMP_WORDS" in os.environ:
            words = shlex.split(os.environ["COMP_WORDS"])
            before = words[1 : int(os.environ.get("COMP_CWORD", len(words)))]
        else:
            typed = os.environ.get("_TYPER_COMPLETE_ARGS", "")
            words = shlex.split(typed)
            before = words[1:] if typed.endswith(" ") else words[1:-1]
    except ValueError:  # an open quote: complete with every command known
        return None
    return _command_in(before)


def _rejoin_bash_words() -> None:
    """bash splits the words it hands the completion at every ':' (COMP_WORDBREAKS), so that
    `--db postgresql://me@host/db` arrives as "postgresql", ":", "//me@host/db": the words
    are joined again (and COMP_CWORD moved with them) before they are read."""
    import shlex

    try:
        words = shlex.split(os.environ.get("COMP_WORDS", ""))
        current = int(os.environ.get("COMP_CWORD", len(words)))
    except ValueError:
        return
    joined: list[str] = []
    glue = False
    typed_at = current
    for index, word in enumerate(words):
        colons = word != "" and set(word) == {":"}
        if joined and (colons or glue):
            joined[-1] += word
            if index <= typed_at:
                current -= 1
        else:
            joined.append(word)
        glue = colons
    if len(joined) != len(words):
        os.environ["COMP_WORDS"] = " ".join(shlex.quote(w) for w in joined)
        os.environ["COMP_CWORD"] = str(current)


class _WholeWrites(io.RawIOBase):
    """A file descriptor that takes every byte or says why not: CPython's buffered writer
    drops the rest of a write the disk took only part of (a nearly full disk), and the
    command would end with exit 0 and a file cut short."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def write(self, data) -> int:
        view, done = memoryview(data).cast("B"), 0
        while done < len(view):
            done += os.write(self.fd, view[done:])
        return done


def _flush_or_say_why() -> None:
    """The last of standard output, written or said in one line why not (a full disk): an
    error, exit 1 (or the command's own failure), and nothing left to flush at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        from citylinks.files import os_error_words

        code = getattr(exc.__context__, "code", 0)  # the command's own exit, if it failed
        if not code:  # the command did not already say it failed
            print(
                _(
                    "Error: {message}",
                    message=_("cannot write standard output: {reason}", reason=os_error_words(exc)),
                ),
                file=sys.stderr,
            )
        _stdout_to_devnull()
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
        sys.exit(code or 1)


def _redirect_in_utf8_and_whole() -> None:
    """Standard output sent to a file or a program (not a terminal) is data: UTF-8 whatever
    the locale (a report's JSON or CSV redirected on Persian Windows reads back as it was
    written, not with '?' for every Persian letter), and every byte written or an error."""
    try:
        fd = sys.stdout.fileno()
        if os.isatty(fd):
            return
    except (AttributeError, ValueError, OSError):  # no real file behind stdout
        return
    sys.stdout.flush()
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_WholeWrites(fd)), encoding="utf-8", errors="strict"
    )


def _streams_that_cannot_fail() -> None:
    """A terminal or a redirect whose encoding cannot show every character (cp1256 on
    Persian Windows, latin-1, ascii) gets a replacement character for the few it cannot show,
    never a traceback half-way through a report. Files and exports are UTF-8 whatever the
    locale (citylinks.files, formats.open_output)."""
    _redirect_in_utf8_and_whole()
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream that cannot change: left as it is
                pass


def main() -> None:
    pause_collection()  # resumed where the command's work begins (cli/context.py)
    if sys.stdout is None:  # started with standard output closed (`citylinks ... >&-`)
        if sys.stderr is not None:
            speak(chosen_in(sys.argv[1:]))
            print(
                _(
                    "Error: {message}",
                    message=_("standard output is closed: redirect it, e.g. > FILE"),
                ),
                file=sys.stderr,
            )
        sys.exit(1)
    _streams_that_cannot_fail()
    # The language, before any help text is made (--lang fa anywhere, else the environment).
    speak(chosen_in(sys.argv[1:]))
    if os.environ.get(_COMPLETE_VAR) == "complete_bash":
        _rejoin_bash_words()
    name = _completed_command() if _COMPLETE_VAR in os.environ else _command_in(sys.argv[1:])
    runner = register(_new_app(), {name}) if name else __getattr__("app")
    try:
        try:
            # The completion scripts set _CITYLINKS_COMPLETE, however citylinks was started.
            runner(complete_var=_COMPLETE_VAR)
        finally:
            _flush_or_say_why()  # output still buffered meets a full disk or a closed pipe
            # here, not at exit
    except BrokenPipeError:
        try:
            _reader_gone()
        except typer.Exit:
            sys.exit(0)
    except KeyboardInterrupt:
        print(_("Error: {message}", message=_("interrupted; nothing was written")), file=sys.stderr)
        sys.exit(130)
