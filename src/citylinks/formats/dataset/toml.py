"""TOML, written as tomli_w.dumps({kind: [record]}) writes it, byte for byte (a test compares
the two; a record is always a [[kind]] table, even one tomli_w would write inline), but
several times faster: tomli_w escapes strings a character at a time in Python,
which was most of the time of an export. Only the types records hold: str, int, float, bool,
lists and dicts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

_TOML_INDENT = "    "
_TOML_LINE = 100  # tomli_w's longest inline table, indent and comma included
_TOML_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_ESCAPED = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_TOML_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def record(kind: str, values: dict[str, Any]) -> str:
    """One record as an element of the array of tables `kind` ([[kind]]), always: a file is
    written a record at a time, and a short record written inline (`kind = [{...}]`, as
    tomli_w would write a lone one) would give the key `kind` twice."""
    return "".join(_toml_table({kind: [values]}, "", False, {}, top=True))


def _toml_table(
    table: dict, name: str, in_array: bool, inline: dict[int, str], top: bool = False
) -> Iterator[str]:
    literals, tables = [], []
    for k, v in table.items():
        if isinstance(v, dict):
            tables.append((k, v, False))
        elif (
            isinstance(v, list | tuple)
            and v
            and all(isinstance(t, dict) for t in v)
            and (top or not all(_toml_fits_inline(t, inline) for t in v))
        ):
            tables.extend((k, t, True) for t in v)
        else:
            literals.append((k, v))
    started = False
    if in_array or name and (literals or not tables):
        started = True
        yield f"[[{name}]]\n" if in_array else f"[{name}]\n"
    if literals:
        started = True
        for k, v in literals:
            yield f"{_toml_key(k)} = {_toml_value(v, 0, inline)}\n"
    for k, v, element in tables:
        if started:
            yield "\n"
        started = True
        key = _toml_key(k)
        yield from _toml_table(v, f"{name}.{key}" if name else key, element, inline)


def _toml_fits_inline(table: dict, inline: dict[int, str]) -> bool:
    # A list that is not empty always spans lines: no need to render the table to know.
    if _toml_has_list(table):
        return False
    return len(_toml_inline_table(table, inline)) + len(_TOML_INDENT) + 1 <= _TOML_LINE


def _toml_has_list(table: dict) -> bool:
    return any(
        (isinstance(v, list | tuple) and v) or (isinstance(v, dict) and _toml_has_list(v))
        for v in table.values()
    )


def _toml_value(value: Any, nesting: int, inline: dict[int, str]) -> str:
    if isinstance(value, str):
        return '"' + _TOML_ESCAPED.sub(_toml_escape, value) + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        indent = _TOML_INDENT * (nesting + 1)
        items = ",\n".join(indent + _toml_value(v, nesting + 1, inline) for v in value)
        return f"[\n{items},\n{_TOML_INDENT * nesting}]"
    if isinstance(value, dict):
        return _toml_inline_table(value, inline)
    raise TypeError(f"a record holds a {type(value).__name__}, which the dataset format has not")


def _toml_inline_table(table: dict, inline: dict[int, str]) -> str:
    shown = inline.get(id(table))
    if shown is None:
        fields = ", ".join(
            f"{_toml_key(k)} = {_toml_value(v, 0, inline)}" for k, v in table.items()
        )
        shown = inline[id(table)] = "{ " + fields + " }" if table else "{}"
    return shown


@lru_cache(maxsize=256)
def _toml_key(key: str) -> str:
    if _TOML_BARE_KEY.fullmatch(key):
        return key
    return '"' + _TOML_ESCAPED.sub(_toml_escape, key) + '"'


def _toml_escape(match: re.Match) -> str:
    char = match.group()
    return _TOML_ESCAPES.get(char) or f"\\u{ord(char):04x}"
