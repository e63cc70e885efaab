"""Readers and writers of the interchange formats: the dataset format (data/README.md),
Popolo JSON (docs/popolo.md) and CSV (docs/csv.md).

Writers stream: they query in chunks and write record by record, so their memory does not grow
with the database. Readers validate before they write, in one transaction.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def open_output(path: Path | None, newline: str | None = None) -> Iterator[TextIO]:
    """stdout, or a file that appears only once it is complete (written beside it, then
    renamed), so that a failed export never leaves half a file."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# The CSV columns of each kind, for import and export alike: (name, required, meaning).
# One list, used by the reader, the writer, the commands' help and docs/csv.md.
CSV_COLUMNS: dict[str, tuple[tuple[str, bool, str], ...]] = {
    "cities": (
        ("city", True, "the city's name, in any language"),
        ("country", True, "ISO 3166-1 alpha-2 code, e.g. IR"),
        ("key", False, "a short key (default: made from the name)"),
        ("name_fa", False, "its Persian name, when `city` is not Persian"),
        ("region", False, "province or region"),
        ("latitude", False, "decimal degrees"),
        ("longitude", False, "decimal degrees"),
        ("source", False, "source key, or keys separated by ';'"),
    ),
    "memberships": (
        ("city", True, "the member city: any recorded name or its key"),
        ("country", True, "ISO 3166-1 alpha-2 code of the city's country"),
        ("organization", True, "acronym, key or any name of the organization"),
        (
            "status",
            True,
            "cooperating, applicant, observer, associate-member, member,"
            " suspended, withdrawn or expelled",
        ),
        (
            "from",
            False,
            "start, a partial date (2008, 2008-11, 1404-09-07, circa 2008); empty: unknown",
        ),
        ("to", False, "end, a partial date; empty: unknown or still so"),
        ("reason", False, "why the status changed"),
        ("note", False, "free text"),
        ("source", True, "source key, or keys separated by ';'"),
    ),
    "sessions": (
        ("organization", True, "acronym, key or any name of the organization"),
        ("series", True, "the meeting series' key, e.g. general-assembly"),
        ("number", True, "the session's number in its series"),
        ("host", False, "the host city: any recorded name or its key"),
        ("country", False, "ISO 3166-1 alpha-2 code of the host's country"),
        ("start", False, "a partial date; empty: unknown"),
        ("end", False, "a partial date; empty: unknown"),
        ("status", False, "planned, held (default), postponed or cancelled"),
        ("venue", False, "where, within the city"),
        ("theme", False, "the session's theme"),
        ("note", False, "free text"),
        ("source", True, "source key, or keys separated by ';'"),
    ),
    "attendance": (
        ("organization", True, "acronym, key or any name of the organization"),
        ("series", True, "the meeting series' key"),
        ("number", True, "the session's number in its series"),
        ("city", True, "the attending city: any recorded name or its key"),
        ("country", True, "ISO 3166-1 alpha-2 code of the city's country"),
        ("role", False, "host, delegation (default), associate-member, observer or guest"),
        ("note", False, "free text"),
        ("source", True, "source key, or keys separated by ';'"),
    ),
}
CSV_KINDS = tuple(CSV_COLUMNS)


def csv_columns_help() -> str:
    """The columns of every kind, as the commands' help shows them."""
    lines = []
    for kind, columns in CSV_COLUMNS.items():
        lines.append(f"{kind}: " + ", ".join(f"{n}{'*' if req else ''}" for n, req, _ in columns))
    return "\n\n".join(lines) + "\n\n(* required; see docs/csv.md for what each column holds)"


def in_chunks(session, stmt, chunk: int, rows: bool = False):
    """What `stmt` selects (ORM objects, or whole rows if `rows`), streamed `chunk` at a time
    where the driver allows it."""
    run = session.execute if rows else session.scalars
    if _is_mysql(session):
        # PyMySQL cannot run the eager loads' queries while a streamed result is open on the
        # same connection (it silently dropped every chunk after the first): read it whole.
        return iter(run(stmt).all())
    return iter(run(stmt.execution_options(yield_per=chunk)))


def row_chunks(session, stmt, chunk: int) -> Iterator[list]:
    """The rows of the Core select `stmt`, in its order, as lists of up to `chunk` rows, never
    holding the whole result: other queries may run between two chunks (to read what the rows
    of a chunk hold). The first column must identify a row (it is what MariaDB reads back by).
    """
    if not _is_mysql(session):
        yield from session.execute(stmt.execution_options(yield_per=chunk)).partitions()
        return
    # PyMySQL cannot run another query while a streamed result is open on its connection: stream
    # the ordered ids alone first (8 bytes each), then read the rows back chunk by chunk.
    from array import array

    from citylinks.schema import ids_in

    key = stmt.selected_columns[0]
    ids = array(
        "q", session.scalars(stmt.with_only_columns(key).execution_options(yield_per=10_000))
    )
    unordered = stmt.order_by(None)
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk].tolist()
        by_id = {row[0]: row for row in session.execute(unordered.where(ids_in(key, part)))}
        yield [by_id[i] for i in part]


def _is_mysql(session) -> bool:
    return session.get_bind().dialect.name in ("mysql", "mariadb")
