"""TOML, written as tomli_w.dumps({kind: [record]}) writes it, byte for byte (a test compares
the two; a record is always a [[kind]] table, even one tomli_w would write inline), but
many times faster: tomli_w escapes strings a character at a time in Python, which was most
of the time of an export. Only the types records hold: str, int, float, bool, lists and dicts.

Speed, as an export writes millions of records: each record is rendered into one list of
strings joined once (no generator per table); a string is escaped in one regular-expression
pass only when it holds a character to escape, and the short ones (keys, dates, statuses,
source keys: the same few thousand recur across millions of records) are quoted once and
kept in a bounded cache; a list of tables is rendered inline once, both to see whether it
fits and to write it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_TOML_INDENT = "    "
_TOML_LINE = 100  # tomli_w's longest inline table, indent and comma included
_TOML_INLINE_ROOM = _TOML_LINE - len(_TOML_INDENT) - 1
_TOML_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_ESCAPED = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_TOML_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}

# Quoted short strings, by their text: bounded, so that memory stays flat however many
# distinct values an export meets (cleared when full; a miss only costs the quoting).
_QUOTED_LONGEST = 40
_QUOTED_MOST = 20_000
_quoted: dict[str, str] = {}


def record(kind: str, values: dict[str, Any]) -> str:
    """One record as an element of the array of tables `kind` ([[kind]]), always: a file is
    written a record at a time, and a short record written inline (`kind = [{...}]`, as
    tomli_w would write a lone one) would give the key `kind` twice."""
    out: list[str] = []
    _table(values, _toml_key(kind), True, out)
    return "".join(out)


def record_into(kind: str, values: dict[str, Any], out: list[str]) -> None:
    """`record(kind, values)`, appended to `out` in pieces (a writer joins many records'
    pieces into one large write)."""
    _table(values, _toml_key(kind), True, out)


def _table(table: dict, name: str, in_array: bool, out: list[str]) -> None:
    """`table` under the header `name` ([[name]] if `in_array`, else [name]), as tomli_w
    writes a table: its plain values first, then its tables and arrays of tables."""
    if in_array:  # the header comes first whatever follows: write straight into `out`
        out.append(f"[[{name}]]\n")
        lines = out
    else:
        lines = []
    tables: list[tuple[str, dict, bool]] = []
    quoted = _quoted
    for k, v in table.items():
        kind = type(v)
        key = _assigned.get(k) or _assign(k)
        if kind is str:
            lines.append(f"{key}{quoted.get(v) or _quote(v)}\n")
        elif kind is list:
            if not v:
                lines.append(f"{key}[]\n")
            elif all(type(s) is str for s in v):
                items = "".join([f"{_TOML_INDENT}{quoted.get(s) or _quote(s)},\n" for s in v])
                lines.append(f"{key}[\n{items}]\n")
            elif all(isinstance(t, dict) for t in v):
                shown = _inline_all(v)
                if shown is None:
                    tables.extend((k, t, True) for t in v)
                else:
                    items = "".join([f"{_TOML_INDENT}{s},\n" for s in shown])
                    lines.append(f"{key}[\n{items}]\n")
            else:
                lines.append(f"{key}{_toml_value(v, 0)}\n")
        elif isinstance(v, dict):
            tables.append((k, v, False))
        elif isinstance(v, list | tuple) and v and all(isinstance(t, dict) for t in v):
            shown = _inline_all(v)
            if shown is None:
                tables.extend((k, t, True) for t in v)
            else:
                lines.append(f"{key}{_toml_value(v, 0)}\n")
        else:
            lines.append(f"{key}{_toml_value(v, 0)}\n")
    started = in_array
    if not in_array:
        if name and (lines or not tables):
            started = True
            out.append(f"[{name}]\n")
        if lines:
            started = True
            out.extend(lines)
    for k, v, element in tables:
        if started:
            out.append("\n")
        started = True
        _table(v, f"{name}.{_toml_key(k)}", element, out)


def _inline_all(tables: list | tuple) -> list[str] | None:
    """Each of these tables written inline, if every one fits on its line (and holds no list
    that is not empty: such a list always spans lines); otherwise None."""
    shown = []
    for t in tables:
        if _toml_has_list(t):
            return None
        inline = _toml_inline_table(t)
        if len(inline) > _TOML_INLINE_ROOM:
            return None
        shown.append(inline)
    return shown


def _toml_has_list(table: dict) -> bool:
    for v in table.values():
        if type(v) is str:
            continue
        if isinstance(v, list | tuple):
            if v:
                return True
        elif isinstance(v, dict) and _toml_has_list(v):
            return True
    return False


_assigned: dict[str, str] = {}

# For a writer that renders a kind's records straight from rows (dataset.writer's
# membership_texts), in the same form: a string's TOML, the indent of a list's items, and
# the longest inline table a list of tables may hold.
INDENT = _TOML_INDENT
INLINE_ROOM = _TOML_INLINE_ROOM


def _assign(key: str) -> str:
    """`key = `, the start of a key's line (keys are a few dozen field names: kept)."""
    if len(_assigned) >= _QUOTED_MOST:
        _assigned.clear()
    shown = _assigned[key] = _toml_key(key) + " = "
    return shown


def _quote(value: str) -> str:
    quoted = _quoted.get(value)
    if quoted is None:
        if _TOML_ESCAPED.search(value) is None:
            quoted = f'"{value}"'
        else:
            quoted = '"' + _TOML_ESCAPED.sub(_toml_escape, value) + '"'
        if len(value) <= _QUOTED_LONGEST:
            if len(_quoted) >= _QUOTED_MOST:
                _quoted.clear()
            _quoted[value] = quoted
    return quoted


quote = _quote


def _toml_value(value: Any, nesting: int) -> str:
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        indent = _TOML_INDENT * (nesting + 1)
        items = ",\n".join(indent + _toml_value(v, nesting + 1) for v in value)
        return f"[\n{items},\n{_TOML_INDENT * nesting}]"
    if isinstance(value, dict):
        return _toml_inline_table(value)
    raise TypeError(f"a record holds a {type(value).__name__}, which the dataset format has not")


def _toml_inline_table(table: dict) -> str:
    if not table:
        return "{}"
    quoted = _quoted
    fields = ", ".join(
        [
            f"{_assigned.get(k) or _assign(k)}"
            f"{quoted.get(v) or _quote(v) if type(v) is str else _toml_value(v, 0)}"
            for k, v in table.items()
        ]
    )
    return "{ " + fields + " }"


@lru_cache(maxsize=256)
def _toml_key(key: str) -> str:
    if _TOML_BARE_KEY.fullmatch(key):
        return key
    return '"' + _TOML_ESCAPED.sub(_toml_escape, key) + '"'


def _toml_escape(match: re.Match) -> str:
    char = match.group()
    return _TOML_ESCAPES.get(char) or f"\\u{ord(char):04x}"
