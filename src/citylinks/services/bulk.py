"""The bulk path: many rows written in few statements (COPY on PostgreSQL, multi-row INSERT on
SQLite and MariaDB), and set-based look-ups (`among`) for a batch's keys. Nothing here checks a
value: the rows it gets have met their field rules (citylinks.services.fields) already, and
their audit entries are built by citylinks.audit."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    any_,
    bindparam,
    func,
    insert,
    select,
)
from sqlalchemy.sql.expression import Tuple

from citylinks import audit, schema
from citylinks.dates import PartialDate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from citylinks.db import Change

    # Either a Session or a db.Change (the one-row adds on Core): both give connection() and
    # info, which is all this module asks of them.
    Writer = Session | Change


# Callers spread the result into their own dicts and never change it.
@lru_cache(maxsize=4096)
def date_columns(prefix: str, d: PartialDate) -> dict[str, Any]:
    text_, precision, earliest, latest = d.columns()
    return {
        f"{prefix}_text": text_,
        f"{prefix}_precision": precision,
        f"{prefix}_earliest": earliest,
        f"{prefix}_latest": latest,
    }


# From this many rows on, PostgreSQL gets them through COPY, several times faster than INSERT.
COPY_FROM = 500


def insert_rows(
    session: Writer, table, rows: list[dict], want_ids: bool = False, same: dict | None = None
) -> list[int]:
    """Insert `rows` (dicts with the same keys), each with the values `same` gives for all of
    them, into `table`; their new ids, in order, if `want_ids`. On PostgreSQL large batches go
    through COPY, with ids drawn from the table's sequence first; on SQLite multi-row INSERTs
    of plain values, ids given; elsewhere a multi-row INSERT ... RETURNING."""
    if not rows:
        return []
    same = same or {}
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        defaults = _defaults(table, {**rows[0], **same})
        if defaults is not None:
            return _sqlite_insert(conn, table, rows, {**same, **defaults}, want_ids)
    if same:
        rows = [{**r, **same} for r in rows]
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        return _copy(conn, table, rows, want_ids)
    if want_ids:
        return list(
            conn.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
            ).scalars()
        )
    conn.execute(insert(table), rows)
    return []


def _defaults(table, row: dict) -> dict | None:
    """The constant defaults of the columns `row` leaves out; None if one is computed."""
    found = {}
    for column in table.columns:
        if column.key not in row and column.default is not None:
            if not column.default.is_scalar:
                return None
            found[column.key] = column.default.arg
    return found


# Rows to one INSERT on SQLite: more gain little and take longer to prepare.
_ROWS_PER_INSERT = 200


def _sqlite_insert(conn, table, rows: list[dict], same: dict, want_ids: bool) -> list[int]:
    # SQLAlchemy would insert one row at a time to return the ids in order (SQLite does not
    # promise the order of RETURNING rows), and convert every value of every row in Python.
    # Here the values are taken column by column, those the rows share converted once and
    # dates once per distinct date, and the rows go in many to an INSERT statement.
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    count = len(rows)
    names: list[str] = []
    columns: list[list] = []
    ids: list[int] = []
    if want_ids:
        # No one else inserts during the import's transaction (it holds the write lock from
        # BEGIN IMMEDIATE), so, no table having AUTOINCREMENT, these are the ids SQLite itself
        # would give: one more than the largest, and so on.
        last = conn.execute(select(func.max(table.c.id))).scalar() or 0
        ids = list(range(last + 1, last + 1 + count))
        names.append("id")
        columns.append(ids)
    for name in rows[0]:
        names.append(name)
        columns.append(_bound(table.c[name], dialect, list(map(itemgetter(name), rows))))
    for name, value in same.items():
        names.append(name)
        columns.append(_bound(table.c[name], dialect, [value]) * count)
    limit = conn.connection.driver_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    step = max(1, min(_ROWS_PER_INSERT, limit // len(names)))
    listed = ", ".join(quote(n) for n in names)
    head = f"INSERT INTO {quote(table.name)} ({listed}) VALUES "  # noqa: S608 (our own names)
    one = f"({', '.join('?' for _ in names)})"
    many = head + ", ".join([one] * step)
    whole = count - count % step
    for start in range(0, whole, step):
        part = zip(*(c[start : start + step] for c in columns), strict=True)
        conn.exec_driver_sql(many, tuple(chain.from_iterable(part)))
    if whole < count:  # the rest one by one, so that every statement is a cached one
        conn.exec_driver_sql(head + one, list(zip(*(c[whole:] for c in columns), strict=True)))
    return ids


def _bound(column, dialect, values: list) -> list:
    """`values` of `column` as SQLAlchemy would give them to the driver."""
    convert = column.type.dialect_impl(dialect).bind_processor(dialect)
    if convert is None:
        return values
    if isinstance(column.type, JSON):
        null = convert(None)
        return [null if v is None else convert(v) for v in values]
    converted = {v: convert(v) for v in set(values)}  # dates, times, numbers: once each
    return list(map(converted.__getitem__, values))


# What json.dumps(value, ensure_ascii=False) gives, without building an encoder per call (a
# quarter of the time of the audit entries' JSON).
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def _copy(conn, table, rows: list[dict], want_ids: bool) -> list[int]:
    quote = conn.dialect.identifier_preparer.quote
    names = list(rows[0])
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    ids: list[int] = []
    if want_ids:
        # Asked once per table and connection: an import asks for ids a few times a batch.
        sequences = conn.info.setdefault("citylinks_sequences", {})
        sequence = sequences.get(table.name)
        if sequence is None:
            sequence = sequences[table.name] = conn.exec_driver_sql(
                "SELECT pg_get_serial_sequence(%s, 'id')", (table.name,)
            ).scalar()
        ids = list(
            conn.exec_driver_sql(
                "SELECT nextval(%s) FROM generate_series(1, %s)", (sequence, len(rows))
            ).scalars()
        )
    columns = ", ".join(quote(n) for n in (["id"] if want_ids else []) + names)
    cursor = conn.connection.driver_connection.cursor()
    try:
        with cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
            # The COPY text is built here, a column at a time, each distinct value written
            # once (psycopg's write_row works out every value's type and writes it, row by
            # row), and sent a part at a time: the server stores one part while the next is
            # built.
            for start in range(0, len(rows), _LINES_PER_WRITE):
                part = rows[start : start + _LINES_PER_WRITE]
                texts = [_copy_texts(map(itemgetter(n), part), n in json_columns) for n in names]
                if want_ids:
                    texts.insert(0, list(map(str, ids[start : start + _LINES_PER_WRITE])))
                copy.write("\n".join(map("\t".join, zip(*texts, strict=True))) + "\n")
    finally:
        cursor.close()
    return ids


# Rows to one write of COPY data (a few hundred kilobytes).
_LINES_PER_WRITE = 1000

# COPY's text format: a backslash, tab, newline and carriage return inside a value escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"


def _copy_texts(values: Iterable[Any], as_json: bool) -> list[str]:
    """One column's values as COPY's text format writes them, as psycopg would write each:
    NULL as \\N, text escaped, numbers as Python writes them, dates and times in ISO 8601,
    a JSON column's values encoded. Text is converted once per distinct value, other objects
    once each (a batch's rows share their dates and times)."""
    values = list(values)
    if as_json:
        # JSON escapes tabs, newlines and carriage returns itself: only its backslashes
        # need COPY's escape.
        return [_NULL if v is None else _json_text(v) for v in values]
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if kinds == {str} or kinds == {date}:
        # Text, as most columns are, or days: each distinct value converted once.
        convert = _escaped if kinds == {str} else date.isoformat
        texts: dict[Any, str] = {v: convert(v) for v in set(values) if v is not None}
        texts[None] = _NULL
        return list(map(texts.__getitem__, values))
    if kinds == {int}:
        return [_NULL if v is None else str(v) for v in values]
    converted: dict[int, str] = {}  # by id(): equal times in two zones are two texts
    out = []
    for value in values:
        if value is None:
            out.append(_NULL)
            continue
        found = converted.get(id(value))
        if found is None:
            found = converted[id(value)] = _copy_text(value)
        out.append(found)
    return out


def _escaped(value: str) -> str:
    return value.translate(_COPY_ESCAPES)


def _json_text(value: Any) -> str:
    encoded = _to_json(value)
    return encoded.replace("\\", "\\\\") if "\\" in encoded else encoded


def _copy_text(value: Any) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value).translate(_COPY_ESCAPES)


def among(conn, key, wanted: set) -> Any:
    """`key IN wanted`, where `key` may be a tuple_ of columns and `wanted` holds tuples.
    On SQLite the values go in as one JSON array: SQLAlchemy would otherwise name and bind a
    parameter for each of thousands of values, taking longer than the query, and write a
    tuple's IN as IN (VALUES ...), for which SQLite reads every row of the table instead of
    its index. On PostgreSQL the values go in as one array per column."""
    if conn.dialect.name == "postgresql":
        # One array parameter per column: bound one by one, 5,000 values cost psycopg more
        # than the query. A tuple's values become a table (unnest), of which PostgreSQL builds
        # a hash; an IN list of tuples it would test term by term on every row.
        from sqlalchemy.dialects.postgresql import ARRAY

        if not isinstance(key, Tuple):
            return key == any_(bindparam(None, list(wanted), type_=ARRAY(key.type)))
        columns = list(zip(*wanted, strict=True)) if wanted else [() for _ in key.clauses]
        listed = (
            func.unnest(
                *(
                    bindparam(None, list(values), type_=ARRAY(c.type))
                    for values, c in zip(columns, key.clauses, strict=True)
                )
            )
            .table_valued(*(f"c{i}" for i in range(len(key.clauses))))
            .render_derived()
        )
        return key.in_(select(*listed.c))
    if conn.dialect.name != "sqlite":
        return key.in_(wanted)
    array = func.json_each(json.dumps(list(wanted)))  # tuples become arrays
    each = array.table_valued("value")
    if isinstance(key, Tuple):
        parts = [func.json_extract(each.c.value, f"$[{i}]") for i in range(len(key.clauses))]
        return key.in_(select(*parts))
    return key.in_(select(each.c.value))


def insert_audited(
    session: Writer,
    model: Any,
    rows: list[dict],
    sources: list[list[tuple[int, str]]] | None = None,
    keep: bool = True,
    labels: list[str] | None = None,
) -> list[int]:
    """Insert `rows` of `model` (a mapped class or its table; dicts with the same keys, which
    have met their field rules) with the sources each cites ((id, key) pairs), stamped with
    the officer and time, and one audit entry each (citylinks.audit's columns, label and plain
    values, as the ORM's audit hooks write them); their new ids, in order. The one bulk insert
    of the CSV import, the Popolo and dataset loaders and the one-row adds. `labels`: each
    row's label as the log stores it (else audit.label's, from its values). With `keep`, the
    entries are also kept in session.info["audit"], as the ORM's flush keeps them, for a dry
    run to show."""
    if not rows:
        return []
    table = getattr(model, "__table__", model)
    at = session.info.get("now") or audit.now()
    officer = session.info.get("officer", "unknown")
    stamp = {"created_at": at, "created_by": officer, "updated_at": at, "updated_by": officer}
    has_stamp = "version" in table.c
    ids = insert_rows(
        session, table, rows, want_ids=True, same={**stamp, "version": 1} if has_stamp else None
    )
    if sources is not None:
        link = table.metadata.tables[f"{table.name}_source"]
        cited = f"{table.name}_id"
        links = [
            {cited: i, "source_id": s}
            for i, cites in zip(ids, sources, strict=True)
            for s, _key in cites
        ]
        insert_rows(session, link, links)
    # Every row of one call has the same keys (see insert_rows): the audit entries' shape is
    # worked out once, from the first.
    columns, dated = audit.audited_columns(table)
    given = [c for c in columns if c in rows[0]]
    values = itemgetter(*given) if len(given) > 1 else lambda r: (r[given[0]],)
    blank = dict.fromkeys(columns)
    dated = [c for c in dated if c in rows[0]]
    naming = [attr for attr in audit.LABEL_ATTRIBUTES if attr in rows[0]]
    shown: dict[Any, Any] = {None: None}  # dates as the audit log shows them, each once
    entries = []
    for index, (i, r) in enumerate(zip(ids, rows, strict=True)):
        after = blank.copy()
        after.update(zip(given, values(r), strict=True))
        for c in dated:
            value = after[c]
            if value not in shown:
                shown[value] = audit.plain(value)
            after[c] = shown[value]
        if sources is not None:
            after["sources"] = [key for _id, key in sources[index]]
        label: str | None
        if labels is not None:
            label = labels[index]
        else:
            label = audit.label({attr: r[attr] for attr in naming}) if naming else None
        entries.append({"row_id": i, "row_label": label, "before": None, "after": after})
    log_entries(session, "insert", table.name, entries, keep)
    return ids


def log_entries(
    session: Writer, action: str, table_name: str, entries: list[dict], keep: bool = True
) -> None:
    """Write the audit entries (row_id, row_label, before, after) of `action` on rows of
    `table_name`: audit.entry's rows, their common part bound once for the whole batch; with
    `keep`, also kept in session.info["audit"] for a dry run to show."""
    if not entries:
        return
    at = session.info.get("now") or audit.now()
    same = {
        k: v
        for k, v in audit.entry(
            at,
            session.info.get("officer", "unknown"),
            action,
            str(table_name),  # a plain str: sqlite3 binds a str subclass through a slow lookup
            0,
            None,
            None,
            None,
            audit.change_id(session),
            session.info.get("reason"),
        ).items()
        if k not in entries[0]
    }
    insert_rows(session, schema.audit_log, entries, same=same)
    audit.count_written(session, len(entries))
    if keep:
        session.info.setdefault("audit", []).extend({**same, **e} for e in entries)
    else:
        session.info[audit.ENTRIES_KEPT] = False
