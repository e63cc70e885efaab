"""Every command's --help reads in the users' words: UPPER-CASE metavars (CITY, DATE, KEY),
never Typer's type names (`<str>`, `<list[str]>`, `{city}`)."""

from __future__ import annotations

import re

import pytest
from test_startup import _commands
from typer.testing import CliRunner

from citylinks.cli.app import app

# Typer's own names for types, and a required argument shown as {name}.
INTERNAL_NAMES = re.compile(r"<(str|int|float|bool|path|list\[[^>]*\]|text|integer)>|\{[a-z_]+\}")


def _help(path: list[str]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", [p for p, _ in _commands()], ids=lambda p: " ".join(p))
def test_help_shows_no_internal_type_names(path):
    shown = _help(path)
    assert not INTERNAL_NAMES.search(shown), INTERNAL_NAMES.search(shown).group()


@pytest.mark.parametrize(
    "path,_command",
    [(p, c) for p, c in _commands() if not hasattr(c, "commands")],
    ids=lambda x: " ".join(x) if isinstance(x, list) else "",
)
def test_every_argument_and_option_value_has_an_upper_case_metavar(path, _command):
    usage_and_options = _help(path)
    for param in _command.params:
        if param.param_type_name == "option" and (param.is_flag or param.name == "help"):
            continue
        metavar = param.metavar
        assert metavar, f"{' '.join(path)} {param.name} has no metavar"
        if not metavar.startswith("["):  # a choice lists its values: [table|json|csv]
            assert metavar == metavar.upper(), f"{' '.join(path)} {param.name}: {metavar}"
        assert metavar in usage_and_options


def test_member_record_usage_names_its_arguments():
    usage = _help(["member", "record"]).splitlines()[0]
    assert usage == "Usage: citylinks member record [OPTIONS] CITY ORGANIZATION STATUS"
    options = _help(["member", "record"])
    assert "--from DATE" in options and "--source KEY" in options


def test_date_takes_several_values():
    assert _help(["date"]).splitlines()[0] == "Usage: citylinks date [OPTIONS] DATE..."


def test_choice_options_list_their_values():
    assert "-f, --format [table|json|csv|markdown]" in _help(["roster"])


def test_no_private_typer_or_click_module_is_used():
    """citylinks uses Typer's public API only: private modules (`typer._click`) move or go in
    a new Typer (0.29 removed `typer._click.types`), and so do Click's parameter classes."""
    from pathlib import Path

    import citylinks

    src = Path(citylinks.__file__).parent
    banned = re.compile(r"typer\._|^\s*(from|import) click\b|__class__\s*=", re.MULTILINE)
    found = [
        f"{path.relative_to(src)}: {match.group()}"
        for path in sorted(src.rglob("*.py"))
        for match in banned.finditer(path.read_text("utf-8"))
    ]
    assert found == []
