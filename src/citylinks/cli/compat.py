"""Click's classes, wherever this Typer keeps them (Typer 0.28 and later vendor Click)."""

try:
    from typer._click.exceptions import BadParameter, NoArgsIsHelpError, UsageError
    from typer._click.types import FloatParamType, IntParamType, ParamType
except ImportError:  # Typer that uses the click package
    from click.exceptions import (  # type: ignore[no-redef]
        BadParameter,
        NoArgsIsHelpError,
        UsageError,
    )
    from click.types import FloatParamType, IntParamType, ParamType  # type: ignore[no-redef]

__all__ = [
    "BadParameter",
    "FloatParamType",
    "IntParamType",
    "NoArgsIsHelpError",
    "ParamType",
    "UsageError",
]
