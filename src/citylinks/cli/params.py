"""How every command's parameters read and are checked, applied once to the whole command tree
(`readable`, called by the root group when Typer has built it):

- every argument and option shows an UPPER-CASE metavar (CITY, DATE, KEY, N) in --help and in
  the usage line, never Typer's type names (`<str>`, `{city}`, `<list[str]>`);
- every whole-number or decimal parameter accepts any digit script (`text.parse_number`):
  "۱۰۰", "١٠٠", "۳۱٫۶";
- a value that is not one of an option's choices, or not a number, is refused in one line
  that reads like the rest of citylinks' errors.
"""

from __future__ import annotations

from typer.core import TyperArgument

from citylinks.cli.compat import BadParameter, FloatParamType, IntParamType, ParamType

# Options without a metavar of their own, by their long name; any other shows its name.
OPTION_METAVARS = {
    "--from": "DATE",
    "--to": "DATE",
    "--on": "DATE",
    "--as-of": "DATE",
    "--source": "KEY",
    "--session": "ORG/SERIES/N",
    "--series": "SERIES",
    "--status": "STATUS",
    "--country": "CODE",
    "--host": "CITY",
    "--on-behalf-of": "CITY",
    "--as": "NUMBER",
    "--note": "TEXT",
    "--reason": "TEXT",
    "--theme": "TEXT",
    "--venue": "TEXT",
    "--counted": "TEXT",
    "--label": "TEXT",
}
ARGUMENT_METAVARS = {"org": "ORGANIZATION", "values": "DATE"}


class Refused(BadParameter):
    """A usage error whose message is already the whole line (no "Invalid value for ...")."""

    def format_message(self) -> str:
        return self.message


class Number(ParamType):
    """A whole number (or, with `whole=False`, a decimal) in any digit script."""

    def __init__(self, whole: bool = True) -> None:
        self.whole = whole
        self.name = "integer" if whole else "number"

    def convert(self, value, param, ctx):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        from citylinks.text import TextError, parse_number

        try:
            return parse_number(value, _label(param), whole=self.whole)
        except TextError as exc:
            raise Refused(str(exc), ctx, param) from None


class Choice(ParamType):
    """One of a fixed list (an option's choices as Typer made them), refused like the rest:
    "unknown format 'xml': use one of table, json, csv, markdown"."""

    name = "choice"

    def __init__(self, inner: ParamType) -> None:
        self.inner = inner
        self.choices = inner.choices

    def _shown(self) -> list[str]:
        return [str(getattr(c, "value", c)) for c in self.choices]

    def get_metavar(self, param, ctx=None) -> str:
        return "[" + "|".join(self._shown()) + "]"

    def convert(self, value, param, ctx):
        try:
            return self.inner.convert(value, param, ctx)
        except BadParameter:
            what = _label(param).lstrip("-").lower()
            raise Refused(
                f"unknown {what} '{value}': use one of {', '.join(self._shown())}", ctx, param
            ) from None

    def shell_complete(self, ctx, param, incomplete):
        return self.inner.shell_complete(ctx, param, incomplete)


class ReadableArgument(TyperArgument):
    """An argument shown as CITY in the usage line (Typer shows a required one as {CITY})."""

    def make_metavar(self, ctx, *, usage: bool = False) -> str:
        var = self.metavar or (self.name or "").upper()
        if self.nargs != 1:
            var += "..."
        if usage and not self.required:
            var = f"[{var}]"
        return var


def _label(param) -> str:
    """How a message names the parameter: the metavar of an argument, an option's long name."""
    if param is None:
        return "value"
    if param.param_type_name == "argument":
        return param.metavar or (param.name or "value").upper()
    longs = [o for o in param.opts if o.startswith("--")]
    return max(longs or param.opts, key=len)


def readable(command) -> None:
    """Give every parameter of `command` and its sub-commands a readable metavar, digits in any
    script, and one-line refusals (see the module docstring)."""
    for sub in getattr(command, "commands", {}).values():
        readable(sub)
    for param in command.params:
        if isinstance(param.type, IntParamType | FloatParamType):
            param.type = Number(whole=isinstance(param.type, IntParamType))
        elif hasattr(param.type, "choices") and not isinstance(param.type, Choice):
            param.type = Choice(param.type)
        if param.param_type_name == "argument":
            if param.metavar is None:
                param.metavar = ARGUMENT_METAVARS.get(param.name, (param.name or "").upper())
            if type(param) is TyperArgument:
                param.__class__ = ReadableArgument
            continue
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        if param.metavar is None:
            if isinstance(param.type, Choice):
                param.metavar = param.type.get_metavar(param)
            elif isinstance(param.type, Number):
                param.metavar = "N" if param.type.whole else "NUMBER"
            else:
                name = _label(param)
                param.metavar = OPTION_METAVARS.get(name, name.lstrip("-").upper())
