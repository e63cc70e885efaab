"""The language the command line speaks, chosen before its commands' help texts are made.

`--lang fa` (or `--lang=fa`, `--lang FA`, `--lang fa-IR`) anywhere in the command, else
CITYLINKS_LANG, else a Persian locale in LC_ALL, LC_MESSAGES or LANG, each read by
i18n.language_named; English otherwise. CITYLINKS_LANG naming no language citylinks speaks
is said on standard error (warn_of_an_unknown_language), and English spoken.

Click and Typer write their own words (Usage, Options, "Missing argument", ...) through the
standard library's gettext, in its global domain and in the language the LANGUAGE variable
names. When Persian is chosen, and only then, that domain becomes citylinks' `click`
catalogue (locale/fa/LC_MESSAGES/click.mo) and LANGUAGE becomes fa for this process, so that
gettext finds it; back in English both are as they were. An English user's process is not
touched at all.
"""

from __future__ import annotations

import os

from citylinks import i18n
from citylinks.i18n import N_, _

CLICK_DOMAIN = "click"
# What was there before Persian was chosen: (the gettext domain, LANGUAGE or None).
_before: tuple[str, str | None] | None = None


# Commands whose --lang is the language of what is recorded, not of the interface.
_RECORDED_LANG = {("org", "motto"), ("source", "add"), ("source", "edit")}


def chosen_in(argv: list[str]) -> str | None:
    """The language `--lang X` or `--lang=X` names in `argv` (the last, if given twice; in any
    form i18n.language_named reads: fa, FA, fa-IR, fa_IR), or None (none given, or one that
    names no language: the option refuses it). Nothing after `--` is an option, and the --lang
    of `org motto add|edit` and `source add|edit` is the motto's or the source's language."""
    found = given_lang(argv)
    if found is None or not found.strip():
        return None
    return i18n.language_named(found)


def given_lang(argv: list[str]) -> str | None:
    """The value of the interface's `--lang X` or `--lang=X` in `argv` as typed (the last), or
    None (see chosen_in)."""
    found = None
    words: list[str] = []
    for index, word in enumerate(argv):
        if word == "--":
            break
        if not word.startswith("-"):
            words.append(word)
            if tuple(words[-2:]) in _RECORDED_LANG:
                break
        if word == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif word.startswith("--lang="):
            found = word.split("=", 1)[1]
    return found


def without_lang(args: list[str]) -> list[str]:
    """`args` without `--lang X` / `--lang=X`: a command that has no --lang of its own has
    already been given the interface language by `main()`."""
    kept: list[str] = []
    skip = False
    for index, word in enumerate(args):
        if skip:
            skip = False
            continue
        if word == "--":
            kept.extend(args[index:])
            break
        if word == "--lang" and index + 1 < len(args):
            skip = True
            continue
        if word.startswith("--lang="):
            continue
        kept.append(word)
    return kept


def speak(lang: str | None) -> str:
    """Speak `lang` ("en", "fa"; None: as the environment says) from now on, citylinks' own
    messages and Click's alike; returns the language spoken."""
    i18n.set_language(lang)
    spoken = i18n.language()
    _click_speaks(spoken)
    if lang is None:
        warn_of_an_unknown_language()
    return spoken


def warn_of_an_unknown_language() -> None:
    """Say, in one line on standard error, that CITYLINKS_LANG names no language citylinks
    speaks, when it does not (and nothing else chose one). The command goes on in English:
    a setting made once for every command should not stop each of them, `--help` included,
    while the line tells the user what to fix; a --lang typed on the command line is refused."""
    import sys

    unknown = i18n.unknown_language_setting()
    if unknown is not None and sys.stderr is not None:
        print(
            _(
                "Warning: CITYLINKS_LANG={value} is not a language citylinks speaks (use one of"
                " {languages}): going on in English",
                value=unknown,
                languages=i18n.listing(i18n.LANGUAGES),
            ),
            file=sys.stderr,
        )


def _click_speaks(lang: str) -> None:
    import gettext

    global _before
    if lang == "fa":
        if _before is None:
            _before = (gettext.textdomain(), os.environ.get("LANGUAGE"))
        gettext.bindtextdomain(CLICK_DOMAIN, i18n.locale_folder())
        gettext.textdomain(CLICK_DOMAIN)
        os.environ["LANGUAGE"] = "fa"
    elif _before is not None:
        domain, language = _before
        _before = None
        gettext.textdomain(domain)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language


# --- --bidi for help and errors -----------------------------------------------------------
# Reports, `show` commands and the charts lay Persian out for terminals that do no bidi of
# their own when --bidi or CITYLINKS_BIDI asks (render.output.visual_order); help texts and
# error lines, printed before or instead of a command's own --bidi is read, follow the same
# request, noted from the command line as it is parsed.
_bidi_typed = False
_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})  # what Click reads as true


def note_bidi(args: list[str]) -> None:
    """Note whether `args` (the whole command line after `citylinks`) ask for --bidi."""
    global _bidi_typed
    head = args[: args.index("--")] if "--" in args else args
    _bidi_typed = "--bidi" in head


def bidi_asked() -> bool:
    """Whether --bidi is on the command line or CITYLINKS_BIDI is true."""
    return _bidi_typed or os.environ.get("CITYLINKS_BIDI", "").strip().casefold() in _TRUE


def for_terminal(text: str) -> str:
    """Help or error text as --bidi lays a report out for a terminal without bidi: each line
    in visual order and shaped, and in Persian standing on the right (as `show` prints);
    unchanged when --bidi is not asked for."""
    if not bidi_asked():
        return text
    import shutil

    from citylinks.render.output import visual_order
    from citylinks.text import display_width

    persian = i18n.language() == "fa"
    # In Persian every line reads right to left, one that begins with an option name too, so
    # that the help's columns stay aligned once each line is reversed.
    lines = [visual_order(line, rtl=True if persian else None) for line in text.split("\n")]
    if persian:  # right to left: each line stands on the right
        width = shutil.get_terminal_size((100, 24)).columns
        lines = [" " * max(0, width - display_width(ln)) + ln if ln.strip() else ln for ln in lines]
    return "\n".join(lines)


# --- Click's own words ---------------------------------------------------------------------
# Typer carries its own copy of Click, which writes its usage errors in English without
# gettext: they are read back here, by their fixed English forms, and said again in the
# interface language (first match wins; a message of citylinks' own is left as it is).
_CLICK_ERRORS: tuple[tuple[str, str], ...] = (
    (r"Missing argument (?P<name>.+)\.", N_("Missing argument {name}.")),
    (r"Missing option (?P<name>.+)\.", N_("Missing option {name}.")),
    (r"Missing parameter: (?P<name>.+)", N_("Missing parameter: {name}")),
    (r"Missing parameter (?P<name>.+)\.", N_("Missing parameter {name}.")),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<others>.+)\)",
        N_("No such option: {name} (possible options: {others})"),
    ),
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (r"No such command '(?P<name>.+)'\.", N_("No such command '{name}'.")),
    (r"Missing command\.", N_("Missing command.")),
    (
        r"Got unexpected extra argument\(s\) \((?P<args>.*)\)",
        N_("Got unexpected extra argument(s) ({args})"),
    ),
    (r"Option (?P<name>'.+') requires an argument\.", N_("Option {name} requires a value.")),
    (
        r"Option (?P<name>'.+') requires (?P<n>\d+) arguments\.",
        N_("Option {name} requires {n} values."),
    ),
    (r"Option (?P<name>'.+') does not take a value\.", N_("Option {name} does not take a value.")),
    (r"Argument (?P<name>'.+') takes (?P<n>\d+) values\.", N_("Argument {name} takes {n} values.")),
    (
        r"Invalid value for (?P<name>.+?): (?P<message>.*)",
        N_("Invalid value for {name}: {message}"),
    ),
    (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
)
# What Click says of a value it refuses (after "Invalid value for X: ").
_CLICK_VALUE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"(?:File|Path) (?P<name>'.+') does not exist\.", N_("File {name} does not exist.")),
    (r"Directory (?P<name>'.+') does not exist\.", N_("Folder {name} does not exist.")),
    (r"(?:File|Path) (?P<name>'.+') is a directory\.", N_("{name} is a folder, not a file.")),
    (r"(?:File|Path|Directory) (?P<name>'.+') is not readable\.", N_("{name} cannot be read.")),
    (r"(?:File|Path|Directory) (?P<name>'.+') is not writable\.", N_("{name} cannot be written.")),
    (r"(?P<value>'.*') is not a valid integer\.", N_("{value} is not a whole number.")),
    (r"(?P<value>'.*') is not a valid float\.", N_("{value} is not a number.")),
)


def usage_message(message: str) -> str:
    """A usage error's message (Click's words or citylinks' own) in the interface language."""
    if i18n.language() != "fa":
        return message
    import re

    # Typer's suggestion after a mistyped command: "... Did you mean 'record'?"
    suggested = re.fullmatch(r"(?P<head>.+\.) Did you mean (?P<names>.+)\?", message, re.DOTALL)
    if suggested is not None:
        return _(
            "{message} Did you mean {names}?",
            message=usage_message(suggested["head"]),
            names=_requoted(suggested["names"]),
        )
    for pattern, words in _CLICK_ERRORS:
        found = re.fullmatch(pattern, message, flags=re.DOTALL)
        if found is not None:
            values = {
                key: value if key == "message" else _requoted(value)
                for key, value in found.groupdict().items()
            }
            if "others" in values:  # Click's list of options, joined with «، »
                values["others"] = i18n.listing(values["others"].split(", "))
            if "message" in values:
                values["message"] = _value_message(values["message"])
            if "n" in values:
                values["n"] = i18n.digits(values["n"])
            return _(words, **values)
    # Said in Persian already, by Click's own catalogue (click.po), which quotes with repr:
    # «» instead, as every Persian message quotes.
    return _requoted(message) if re.search("[\u0600-\u06ff]", message) else message


def _value_message(message: str) -> str:
    import re

    for pattern, words in _CLICK_VALUE_ERRORS:
        found = re.fullmatch(pattern, message, flags=re.DOTALL)
        if found is not None:
            return _(words, **{key: _requoted(v) for key, v in found.groupdict().items()})
    return message


def _requoted(value: str) -> str:
    """A value Click quoted ('--country', 'نام', "'record' or 'edit'") as a Persian message
    quotes one, in «» (i18n's rule for "{name!r}"); the message is read back in Persian only."""
    import re

    return re.sub(r"'([^'\n]+)'", r"«\1»", value)
