"""Readers and writers of the interchange formats, one package each: the dataset format
(dataset/, data/README.md), Popolo JSON (popolo/, docs/popolo.md) and CSV (csv/, docs/csv.md).

Readers turn a file into records; they write nothing (citylinks.services applies records, the
same way for every format). Writers stream: they query in chunks and write record by record,
so their memory does not grow with the database. This module holds what they share: a file
that appears only once complete, streamed reads, and how a stored moment is written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from citylinks import files


def moment(at: datetime) -> str:
    """A stored moment (an audit entry's, a Popolo document's import) as every writer writes
    it: UTC, to the second, `2026-12-01T04:58:07Z`, the same bytes from every backend.
    SQLite gives back naive datetimes (citylinks stores UTC: audit.now), PostgreSQL aware
    ones; MariaDB's DATETIME keeps no fraction of a second, so none is written (a migration
    to DATETIME(6) would not bring back the fractions its databases already dropped)."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    # Not strftime's %Y: it writes the year 1 as "1", and ISO 8601 wants four digits.
    return aware.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@contextmanager
def open_output(path: Path | None, newline: str | None = None) -> Iterator[TextIO]:
    """stdout, or a file that appears only once it is complete (citylinks.files: written
    beside it, 0600, then renamed), so that a failed export never leaves half a file. The
    caller has checked `path` (files.check_output)."""
    if path is None:
        # An export is data: UTF-8 whatever the locale's encoding (a redirect on Persian
        # Windows would be cp1256), so that it reads back as it was written.
        encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(sys.stdout, "reconfigure"):
            sys.stdout.flush()
            try:
                sys.stdout.reconfigure(encoding="utf-8", errors="strict")
            except (ValueError, OSError):
                pass
        yield sys.stdout
        sys.stdout.flush()
        return
    with files.atomic_output(Path(path), newline=newline) as out:
        yield out


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
