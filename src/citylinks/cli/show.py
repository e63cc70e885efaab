"""Printing one record for `... show`: a heading, `label: value` lines, then lists.

Stored text is printed as text: control and bidi characters are made visible.
"""

from __future__ import annotations

from collections.abc import Iterable

import typer

from citylinks.text import safe_for_terminal

Fields = Iterable[tuple[str, object]]


def echo_fields(title: str, fields: Fields) -> None:
    """The heading, then one `label: value` line per field that has a value."""
    typer.echo(safe_for_terminal(title))
    for label, value in fields:
        if value is None or value == "":
            continue
        lines = str(value).split("\n")
        typer.echo(f"  {label}: {safe_for_terminal(lines[0])}")
        for line in lines[1:]:
            typer.echo(f"    {safe_for_terminal(line)}")


def echo_list(title: str, lines: Iterable[str], empty: str = "none") -> None:
    """A titled list: `title:` then one indented line each, or `title: none`."""
    items = list(lines)
    if not items:
        typer.echo(f"  {title}: {empty}")
        return
    typer.echo(f"  {title}:")
    for line in items:
        typer.echo(f"    {safe_for_terminal(line)}")


def period(start, end, open_is_now: bool = False) -> str:
    """'from 2025-11 (1404-08–1404-09) to now', 'from X to Y', 'until Y'. A membership's
    last phase with no end is open (`open_is_now`); a post or role with no end recorded may
    have ended long ago (a president of 2011), so it says so instead of claiming 'now'."""
    if not end.is_unknown:
        return (
            f"from {start.format()} to {end.format()}"
            if not start.is_unknown
            else f"until {end.format()}"
        )
    since = f"from {start.format()}" if not start.is_unknown else "from an unknown date"
    return f"{since} to now" if open_is_now else f"{since}, end not recorded"


def cited(sources) -> str:
    """' [S0, S1]' for the keys of `sources`, or ''."""
    keys = [s.key for s in sources]
    return f" [{', '.join(keys)}]" if keys else ""


def stamp(row) -> str:
    """'3 (recorded by ana on 2025-11-28, last changed by reza on 2025-12-01)'."""
    return (
        f"{row.version} (recorded by {row.created_by} on {row.created_at:%Y-%m-%d},"
        f" last changed by {row.updated_by} on {row.updated_at:%Y-%m-%d})"
    )


def echo_done(done, dry_run: bool) -> None:
    """Print what a writing command did (or, with --dry-run, would do) and any notes."""
    head = "dry run, would record" if dry_run else "recorded"
    typer.echo(safe_for_terminal(f"{head}: {done.message}"))
    for note in done.notes:
        typer.echo(safe_for_terminal(f"note: {note}"))


def echo_corrected(done, dry_run: bool, verb: str) -> None:
    """Print what a correction did ('changed', 'removed', 'retracted', ...) or, with
    --dry-run, would do, and any notes."""
    head = f"dry run, would have {verb}" if dry_run else verb
    typer.echo(safe_for_terminal(f"{head}: {done.message}"))
    for note in done.notes:
        typer.echo(safe_for_terminal(f"note: {note}"))
