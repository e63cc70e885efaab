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


def period(start, end) -> str:
    """'from 2025-11 (1404-08–1404-09) to now', 'from X to Y', 'until Y' or 'from an unknown
    date to now'. No end recorded means open, held now, as for a membership's phases."""
    if start.is_unknown:
        return f"until {end.format()}" if not end.is_unknown else "from an unknown date to now"
    return f"from {start.format()} to {'now' if end.is_unknown else end.format()}"


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
