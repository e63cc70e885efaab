"""How citylinks' parameters read and are checked, with Typer's public API only:

- every argument and option value has an UPPER-CASE metavar (CITY, DATE, KEY, N), given where
  it is declared (`metavar=`); the usage line shows arguments as declared (`Command`), not as
  Typer's `{CITY}`;
- whole numbers and decimals are read in any digit script, "۱۰۰", "١٠٠", "۳۱٫۶"
  (`parser=whole_number(...)`, `parser=decimal(...)`);
- a value that is not one of an option's choices is refused in one line that reads like the
  rest of citylinks' errors (`parser=choice(...)`): "unknown format 'xml': use one of table,
  json, csv, markdown";
- every help text, short help, epilog and metavar is in the interface language: in Persian,
  translated through the catalogues as the Click command is made (`Command`, `Group`), so a
  command's docstring and an option's `help=` are written in English only, where they are.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar, cast

import typer
from typer.core import TyperCommand, TyperGroup

from citylinks.i18n import N_

E = TypeVar("E", bound=Enum)

# Click's UsageError: an unknown option, a missing argument, a value refused. Typer exports its
# subclass BadParameter but not UsageError itself; Click documents BadParameter as one.
UsageError = cast(type[Exception], typer.BadParameter.__mro__[1])


class Refused(typer.BadParameter):
    """A refused value whose message is already the whole line (no "Invalid value for ...")."""

    def format_message(self) -> str:
        return self.message


def whole_number(label: str) -> Callable[[Any], int]:
    """A `parser=` for a whole number in any digit script; `label` names it when refused."""

    def parse(value: Any) -> int:
        return cast(int, _number(value, label, whole=True))

    return parse


def output_file(value: Any) -> Path:
    """The `parser=` of a report's --output: an empty name, a device, a folder (what no report
    is written to) is refused as what it is, before its suffix is read for the format."""
    if isinstance(value, Path):
        return value
    if not str(value).strip():
        from citylinks.i18n import _

        raise Refused(
            _("--output is empty: give the name of the file to write, such as report.html")
        )
    from citylinks import files

    path = Path(value)
    try:
        files.check_output(path, force=True)  # whether it may be written; --force comes later
    except files.OutputRefused as exc:
        raise Refused(str(exc)) from None
    return path


def decimal(label: str) -> Callable[[Any], float]:
    """A `parser=` for a decimal in any digit script ("31.6", "۳۱٫۶")."""

    def parse(value: Any) -> float:
        return float(_number(value, label, whole=False))

    return parse


def _number(value: Any, label: str, whole: bool) -> int | float:
    if isinstance(value, int | float) and not isinstance(value, bool):  # a default
        return value
    from citylinks.i18n import gettext
    from citylinks.text import TextError, parse_number

    try:
        return parse_number(value, gettext(label), whole=whole)
    except TextError as exc:
        raise Refused(str(exc)) from None


def choice(choices: type[E], what: str) -> Callable[[Any], E]:
    """A `parser=` for one of `choices`, read as every door reads a choice (vocab.meanings):
    by its value or any of its names, English or Persian ("jalali", «شمسی», «جلالی»), in any
    spelling text.fold forgives (after the enum's own `_missing_`: Lang's language names).
    Anything else is refused as "unknown WHAT 'x': use one of a, b, c" (vocab.choose's line,
    with the Persian names when the value or the interface is Persian). `what` is marked with
    N_ where it is given, and translated here."""
    values = tuple(str(c.value) for c in choices)

    def parse(value: Any) -> E:
        if isinstance(value, choices):  # a default
            return value
        try:
            return choices(value)  # the value itself, or what the enum's _missing_ reads
        except ValueError:
            pass
        from citylinks.errors import CitylinksError
        from citylinks.vocab import choose

        try:
            return choices(choose(str(value), values, what))
        except CitylinksError as exc:
            raise Refused(str(exc)) from None

    return parse


def choices_metavar(choices: type[Enum]) -> str:
    """How --help shows a choice: [table|json|csv|markdown]."""
    return "[" + "|".join(_shown(choices)) + "]"


def _shown(choices: type[Enum]) -> list[str]:
    return [str(c.value) for c in choices]


def in_language(command: Any) -> None:
    """Put a Click command's help texts and metavars in the interface language: nothing to do
    in English; in Persian, each looked up in the catalogues (a choice's metavar, which lists
    the values typed, stays as it is)."""
    from citylinks.i18n import gettext, language

    persian = language() == "fa"
    if not persian and "_english" not in command.__dict__:
        return  # never put in another language: nothing to put back
    texts = ("help", "short_help", "epilog", "options_metavar", "subcommand_metavar")
    for thing, names in ((command, texts), *((p, ("help", "metavar")) for p in command.params)):
        # The English is kept on the object the first time: a command object may serve
        # several commands of one process (tests run many), each in its own language.
        english = thing.__dict__.setdefault("_english", {})
        for name in names:
            value = english.setdefault(name, getattr(thing, name, None))
            if not isinstance(value, str) or not value or (name == "metavar" and is_choice(value)):
                continue
            setattr(thing, name, gettext(value) if persian else value)
    for param in command.params:
        english = param.__dict__["_english"]
        param.show_default = english.setdefault(
            "show_default", getattr(param, "show_default", None)
        )
        if persian:
            _persian_values(param, english.get("metavar"))


def _persian_values(param: Any, metavar: str | None) -> None:
    """A parameter's values in Persian help: the Persian words of its choices, which it takes
    too («هر دو» for both), and its default by its Persian word or in Persian digits (Click
    would show "[default: both]" as typed in English)."""
    from citylinks.i18n import _, listing
    from citylinks.vocab import persian_word

    added = []
    if metavar and is_choice(metavar):
        words = [persian_word(value) for value in metavar[1:-1].split("|")]
        if all(words):
            added.append(_("Also in Persian: {words}.", words=listing(f"«{w}»" for w in words)))
    default = _default_in_persian(param)
    if default is not None:
        added.append("[" + _("default: {default}", default=default) + "]")
        param.show_default = False  # said above, in Persian
    if added:
        param.help = "  ".join([param.help or "", *added]).strip()


def _default_in_persian(param: Any) -> str | None:
    """The default `--help` shows, in Persian; None when Click shows none (or its own text)."""
    from citylinks.i18n import digits
    from citylinks.vocab import persian_word

    default = getattr(param, "default", None)
    if param.show_default is not True or getattr(param, "required", False):
        return None
    if default is None or isinstance(default, bool) or callable(default):
        return None
    if isinstance(default, int | float):
        return digits(default)
    if isinstance(default, list | tuple):
        return None
    value = str(default.value if isinstance(default, Enum) else default)
    return (persian_word(value) or value) if value else None


def is_choice(metavar: str) -> bool:
    """Whether a metavar lists the values typed ([table|json|csv]), which are not words."""
    return metavar.startswith("[") and "|" in metavar


class InLanguage:
    """What a command and a group share: the usage line's "Usage:" and the --help option's
    help in the interface language (Typer's copy of Click writes them in English only)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        from citylinks.i18n import _, language

        if language() != "fa":
            super().format_usage(ctx, formatter)  # type: ignore[misc]
            return
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage:") + " ")

    def get_help(self, ctx: Any) -> str:
        from citylinks.cli.language import for_terminal

        return for_terminal(super().get_help(ctx))  # type: ignore[misc]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the whole command line: --bidi lays out help and errors too
            from citylinks.cli.language import note_bidi

            note_bidi(args)
        # `citylinks city add Kerman --lang fa`: the interface language (chosen by main()),
        # for a command without a --lang of its own (a group passes it on to its command).
        if not hasattr(self, "commands") and not any(
            "--lang" in param.opts
            for param in self.get_params(ctx)  # type: ignore[attr-defined]
        ):
            from citylinks.cli.language import given_lang, without_lang
            from citylinks.i18n import language_named

            typed = given_lang(args)
            if typed is not None and language_named(typed) is None:
                from citylinks.cli.options import Lang

                choice(Lang, N_("lang"))(typed)  # refused as the global --lang refuses it
            args = without_lang(args)
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except UsageError as exc:
            # Click's parser raises some without the context ("Option '--name' requires an
            # argument."): the error then points to this command's help, as every other does.
            if getattr(exc, "ctx", None) is None:
                exc.ctx = ctx  # type: ignore[attr-defined]
            raise

    def format_help(self, ctx: Any, formatter: Any) -> None:
        in_language(self)  # and the parameters Typer adds once the command is made
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        from citylinks.i18n import _, language

        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and language() == "fa":
            option.help = _("Show this message and exit.")
        return option


class Command(InLanguage, TyperCommand):
    """A command whose usage line names its arguments as their metavars: `CITY ORGANIZATION
    STATUS`, `[FILE]`, `DATE...` (Typer writes a required one as `{CITY}`), with its help in
    the interface language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_language(self)

    # ctx: Click's Context, which Typer does not export (typer.Context is a subclass of it).
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                pieces.extend(param.get_usage_pieces(ctx))
                continue
            name = param.metavar or (param.name or "").upper()
            if param.nargs != 1 and not name.endswith("..."):
                name += "..."
            pieces.append(name if param.required else f"[{name}]")
        return pieces


class Group(InLanguage, TyperGroup):
    """A group of commands that, typed alone, prints its help and ends (exit 0), with its
    help in the interface language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_language(self)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help())
            ctx.exit(0)
        if ctx.parent is not None:
            args = _without_bidi_before_command(args)
        return super().parse_args(ctx, args)


def _without_bidi_before_command(args: list[str]) -> list[str]:
    """A group's own arguments without `--bidi` (`citylinks org --help --bidi`): the option
    lays out the help and errors, and was noted from the whole command line (the root's
    `--bidi`); what follows the command's name is the command's own."""
    for index, word in enumerate(args):
        if word == "--" or not word.startswith("-"):
            return [w for w in args[:index] if w != "--bidi"] + args[index:]
    return [w for w in args if w != "--bidi"]


class Commands(typer.Typer):
    """A Typer whose commands are `Command`s and whose groups are `Group`s, asking for help
    when typed alone."""

    def __init__(self, help: str, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        kwargs.setdefault("no_args_is_help", True)
        super().__init__(help=help, **kwargs)

    def command(self, name: str | None = None, *, cls: Any = None, **kwargs: Any) -> Any:
        return super().command(name, cls=cls or Command, **kwargs)


# --- shell completion --------------------------------------------------------------------------
# `autocompletion=` callbacks: the names of organizations, cities and sources, read from the
# database the command line selects (--db, else CITYLINKS_DATABASE_URL, else the default file).
# They run on every Tab, so they stay light: citylinks.completion reads them without
# SQLAlchemy, and nothing at all when the database does not exist yet (completion never
# creates one). Any failure completes nothing: a Tab never prints an error.


def _completion_url(ctx: Any) -> str | None:
    """The database URL the command line being completed selects, or None when it names a
    SQLite file that does not exist."""
    from citylinks.completion import database_url

    root = ctx.find_root() if ctx is not None else None
    return database_url(root.params.get("db") if root is not None else None)


def completed_names(kind: str, incomplete: str, url: str) -> list[tuple[str, str]]:
    """The keys (and acronyms and names) of `kind` ("organization", "city", "source") that
    begin with `incomplete`, ignoring case, each with a short help: (value, help)."""
    from citylinks.completion import names

    return _offered(names(kind, url), incomplete)


T = TypeVar("T")


def beginning_with(incomplete: str, values: list[T], value_of: Callable[[T], str] = str) -> list[T]:
    """The `values` that begin with what was typed: exactly as typed when any do (what the
    shells themselves keep), else as names are matched (text.fold: case, spaces, ZWNJ, «يز»
    typed with the Arabic yeh for «یزد», Persian or Arabic digits forgiven)."""
    exact = [v for v in values if value_of(v).startswith(incomplete)]
    if exact:
        return exact
    from citylinks.text import fold

    wanted = fold(incomplete)
    return [v for v in values if fold(value_of(v)).startswith(wanted)]


def _offered(found: dict[str, str], incomplete: str) -> list[tuple[str, str]]:
    """The completions (value, help) that begin with `incomplete`, sorted, in the form the
    asking shell reads them safely (`_for_the_shell`)."""
    found = dict(beginning_with(incomplete, list(found.items()), lambda item: item[0]))
    found = _for_the_shell(found, os.environ.get("_CITYLINKS_COMPLETE", ""))
    return sorted(found.items(), key=lambda item: item[0].casefold())


# What a shell reads as itself in a word: letters, marks and digits of any script, the joiners
# of Persian words, and these.
_PLAIN_IN_A_SHELL = frozenset("-_.,:/@+=%^\u200c\u200d")


def _for_the_shell(found: dict[str, str], shell: str) -> dict[str, str]:
    r"""The names from the database (anybody who can write to a shared database wrote them) as
    the shell can take them without running or expanding any part of them.

    bash puts the words its completion function prints into the line after splitting them at
    spaces and expanding file patterns (`Zw*` would offer the files of the folder), and the line
    is then run: one word each ("Asian Mayors Forum" would be three), every character a shell
    reads otherwise escaped with a backslash, as bash's own file-name completion does
    (`Zv\$\(touch…` runs nothing). zsh's script evaluates what Typer prints, which escapes `$`
    and backquotes but not a backslash before them: a value with a backslash is not offered
    and a help text's backslashes are shown as slashes. A control character (a newline would
    start another completion) leaves a value out and a help text as a space."""
    import unicodedata

    def plain(char: str) -> bool:
        return unicodedata.category(char)[0] in "LMN" or char in _PLAIN_IN_A_SHELL

    def controlled(value: str) -> bool:
        return any(unicodedata.category(c) == "Cc" for c in value)

    kept: dict[str, str] = {}
    for value, shown in found.items():
        if controlled(value):
            continue
        shown = "".join(" " if unicodedata.category(c) == "Cc" else c for c in shown)
        if shell == "complete_bash":
            if value.split()[1:]:
                continue
            value = "".join(c if plain(c) else "\\" + c for c in value)
        elif shell == "complete_zsh":
            if "\\" in value:
                continue
            shown = shown.replace("\\", "/")
        kept[value] = shown
    return kept


def completed_series(organization: str | None, incomplete: str, url: str) -> list[tuple[str, str]]:
    """The keys and names of the meeting series of `organization` (as typed on the line: its
    key, acronym, id or any name; None: every organization's) that begin with `incomplete`,
    each with its English name (or its organization's key) as help."""
    from citylinks.completion import series

    return _offered(series(organization, url), incomplete)


def _completer(kind: str) -> Callable[..., list[tuple[str, str]]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        try:
            url = _completion_url(ctx)
            return completed_names(kind, incomplete, url) if url is not None else []
        except Exception:  # noqa: BLE001 - a Tab completes nothing rather than fail
            return []

    complete.__name__ = f"complete_{kind}"
    return complete


def complete_series(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`--series` (and `org series edit AMF SERIES`): the series of the organization already
    on the command line, from the database."""
    try:
        url = _completion_url(ctx)
        if url is None:
            return []
        return completed_series(_typed_argument(ctx, ("organization", "org")), incomplete, url)
    except Exception:  # noqa: BLE001 - a Tab completes nothing rather than fail
        return []


def _typed_argument(ctx: Any, names: tuple[str, ...]) -> str | None:
    """The argument named one of `names` as typed on the line being completed: parsed, or
    when the option being completed (`--series ` and no value yet) stopped the parsing, found
    among the words left unparsed by its position among the command's arguments."""
    if ctx is None:
        return None
    for name in names:
        if ctx.params.get(name):
            return str(ctx.params[name])
    params = ctx.command.params
    arguments = [p.name for p in params if p.param_type_name == "argument"]
    position = next((i for i, name in enumerate(arguments) if name in names), None)
    if position is None:
        return None
    valued = {o for p in params if p.param_type_name == "option" and not p.is_flag for o in p.opts}
    typed, value_next = [], False
    for word in ctx.args:
        if value_next or word.startswith("-"):
            value_next = not value_next and word in valued
            continue
        typed.append(word)
    return typed[position] if position < len(typed) else None


complete_organization = _completer("organization")
complete_city = _completer("city")
complete_source = _completer("source")
