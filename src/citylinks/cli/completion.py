"""Shell completion of option values: the values of a choice (--format, --calendar, --lang),
the words of a vocabulary (--status, --kind), and the keys and names of the cities and
organizations an argument or option names, from the database (cli/params.py's completers).

A command declares what it completes with `autocompletion=` where it can
(`complete_words(vocab.SESSION_STATUSES)`); `complete_values` fills in, once the Click command
is made and only when the shell asks, every choice (its metavar lists its values, `[a|b|c]`)
and every city or organization parameter that has no completion of its own. Nothing here
reads the database unless a name is being completed, nor imports Rich or the ORM.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from citylinks.cli.params import complete_city, complete_organization, complete_series, is_choice

# Parameters that name a city or an organization, by their names in the commands' signatures
# (their metavars are in the interface language, their names are not).
_NAMED_RECORDS: dict[str, Callable[..., list[tuple[str, str]]]] = {
    "city": complete_city,
    "host": complete_city,
    "seat": complete_city,
    "on_behalf_of": complete_city,
    "organization": complete_organization,
    "org": complete_organization,
    "series": complete_series,
}


def complete_words(words: Iterable[str]) -> Callable[[str], list[str]]:
    """An `autocompletion=` for one of `words` (a vocabulary's values as typed), or, when
    none begins with what was typed, one of their Persian words, which they are typed by too
    (vocab.persian_word: «ش» completes to «شمسی», «ع» to «عضو»); bash gets one-word ones only
    (it would split «هر دو» in two)."""
    values = tuple(words)

    def complete(incomplete: str) -> list[str]:
        from citylinks.cli.params import beginning_with
        from citylinks.vocab import persian_word

        found = beginning_with(incomplete, list(values))
        if found or not incomplete:
            return found
        persian = [w for w in dict.fromkeys(map(persian_word, values)) if w]
        if os.environ.get("_CITYLINKS_COMPLETE") == "complete_bash":
            persian = [w for w in persian if not w.split()[1:]]
        return beginning_with(incomplete, persian)

    return complete


def complete_values(command: Any) -> None:
    """Give every parameter of `command` and its sub-commands that has no completion of its own
    one: a choice its values, a city or an organization the names in the database."""
    for param in command.params:
        declared = param._custom_shell_complete  # noqa: SLF001 - Click keeps it so
        if declared is not None:
            if not getattr(declared, "folding", False):
                param._custom_shell_complete = _folding(declared)  # noqa: SLF001
            continue
        if param.metavar and is_choice(param.metavar):
            choices = complete_words(param.metavar[1:-1].split("|"))
            param._custom_shell_complete = _taking_words(choices)  # noqa: SLF001
        elif param.name in _NAMED_RECORDS:
            param._custom_shell_complete = _names(_NAMED_RECORDS[param.name])  # noqa: SLF001
    for sub in getattr(command, "commands", {}).values():
        complete_values(sub)


def _folding(declared: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """A declared completion (`autocompletion=`), which Typer filters by the exact beginning
    of each value ("Ya" would drop "yazd", «يز» typed with the Arabic yeh would drop «یزد»),
    filtered instead as cli/params.py's `beginning_with` says, keeping each value's help; when
    none begins with what was typed, what the completion offers for it."""
    from citylinks.cli.params import beginning_with

    def shell_complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        offered = declared(ctx, param, "")
        found = beginning_with(incomplete, offered, lambda item: getattr(item, "value", item))
        if found or not incomplete:
            return found
        # None begins so: what the completion itself offers for it (complete_words: the
        # values' Persian words).
        return declared(ctx, param, incomplete)

    shell_complete.folding = True  # type: ignore[attr-defined]
    return shell_complete


def _names(complete: Callable[..., list[tuple[str, str]]]) -> Callable[..., list[str]]:
    """Click's form of a completion for one of cli/params.py's (ctx, incomplete), which gives
    (value, help) pairs: the values."""

    def shell_complete(ctx: Any, param: Any, incomplete: str) -> list[str]:
        return [value for value, _help in complete(ctx, incomplete)]

    return shell_complete


def _taking_words(complete: Callable[[str], list[str]]) -> Callable[..., list[str]]:
    """Click's form of a completion (ctx, param, incomplete) for one that takes the word."""

    def shell_complete(ctx: Any, param: Any, incomplete: str) -> list[str]:
        return complete(incomplete)

    return shell_complete
