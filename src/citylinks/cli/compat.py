"""Click's exception classes, wherever this Typer keeps them (Typer 0.29 vendors Click)."""

try:
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # Typer before 0.29 uses the click package
    from click.exceptions import NoArgsIsHelpError, UsageError  # type: ignore[no-redef]

__all__ = ["NoArgsIsHelpError", "UsageError"]
