"""Reading CSV files of cities, memberships, sessions, attendance and countries (docs/csv.md).

Built for large files: rows are read in batches (BATCH rows) and each batch is resolved with a
few set-based queries (names by their folded form with IN, sources by key, the existing phases
of the memberships it touches), then written with bulk inserts, each batch's audit entries
included (one per inserted or changed row, as audit.py writes them for the ORM). Memory stays
constant whatever the file's length.

The whole file is one transaction: when any row is bad, the caller's transaction is rolled back
(this module raises at the end), unless the bad rows are to be skipped into a file.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from citylinks.errors import CitylinksError
from citylinks.files import shown_path
from citylinks.formats.csv import CSV_COLUMNS, DELIMITERS, reader
from citylinks.i18n import _, digits, listing
from citylinks.services.csv_import.attendance import AttendanceRows
from citylinks.services.csv_import.cells import BATCH
from citylinks.services.csv_import.cities import CityRows
from citylinks.services.csv_import.countries import CountryRows
from citylinks.services.csv_import.importer import Importer
from citylinks.services.csv_import.memberships import MembershipRows
from citylinks.services.csv_import.sessions import SessionRows


@dataclass
class ImportResult:
    summary: str
    notices: list[str] = field(default_factory=list)


def import_file(
    session: Session,
    kind: str,
    path: Path,
    *,
    encoding: str = "utf-8-sig",
    delimiter: str | None = None,
    ignore_columns: Sequence[str] = (),
    create_missing: bool = False,
    skip_bad: Path | None = None,
    write_skipped: bool = True,
    on_error: Callable[[str], None] = lambda line: None,
    on_progress: Callable[[int, int, int, float], None] | None = None,
    keep_changes: bool = False,
    overwrite: bool = False,
) -> ImportResult:
    """Import the CSV file `path` of `kind` (see CSV_COLUMNS). Bad rows are reported through
    `on_error`, one line each (and first, when the file's byte order mark overrides `encoding`,
    a line that says so); then, unless `skip_bad` names a file for them, CitylinksError is
    raised so that nothing is written. `delimiter` None: detected from the header line.
    `overwrite`: a recorded value a row gives differently is replaced (else the row is bad)."""
    if kind not in CSV_COLUMNS:
        raise CitylinksError(
            _(
                "unknown kind '{kind}': use one of {listed}",
                kind=kind,
                listed=listing(CSV_COLUMNS),
            )
        )
    reader.check_encoding(encoding)
    if delimiter is not None and delimiter not in DELIMITERS.values():
        raise CitylinksError(
            _(
                "unknown delimiter {delimiter!r}: use comma, semicolon or tab (or ',', ';')",
                delimiter=delimiter,
            )
        )
    importer = _IMPORTERS[kind](session, create_missing, keep_changes)
    importer.overwrite = overwrite
    file = reader.CsvFile(path, kind, encoding, delimiter, ignore_columns)
    bad_out = reader.BadRows(skip_bad) if skip_bad and write_skipped else None
    total = bad = 0
    shown: set[tuple[int, ...]] = set()
    started = time.monotonic()
    try:
        with _few_collections():
            for batch, done, size in file.batches(BATCH):
                if file.overridden is not None and not total:
                    on_error(_encoding_overridden(path, file.overridden))
                importer.run(batch)
                for row in batch:
                    total += 1
                    if row.error is not None:
                        bad += 1
                        if not row.together:
                            on_error(_("line {line}: {error}", line=row.line, error=row.error))
                        elif row.together not in shown:
                            shown.add(row.together)
                            on_error(
                                _(
                                    "lines {lines}: {error}",
                                    lines=_lines(row.together),
                                    error=row.error,
                                )
                            )
                        if bad_out is not None:
                            bad_out.delimiter = file.delimiter or ","
                            bad_out.protected = file.own
                            bad_out.write(row)
                if on_progress is not None:
                    on_progress(total, done, size, time.monotonic() - started)
        if bad and skip_bad is None:
            raise CitylinksError(
                _(
                    "{bad} of {total} rows are bad (listed above); nothing was written. Correct them, or rerun with --skip-bad FILE to write the good rows and set the bad ones aside",
                    bad=bad,
                    total=total,
                )
            )
        if bad_out is not None:
            bad_out.close(keep=bad > 0)
    except BaseException:
        if bad_out is not None:
            bad_out.close(keep=False)
        raise
    notices = list(importer.notices())
    if file.unprotected:
        notices.append(
            _(
                "{unprotected} cells began with the ' that `citylinks export csv` puts before formula-like text: read without it (see docs/csv.md, Formulas)",
                unprotected=file.unprotected,
            )
        )
    if skip_bad is not None and bad_out is not None and bad:
        notices.append(
            _(
                "{bad} bad rows written to {skip_bad}, with the reason for each",
                bad=bad,
                skip_bad=shown_path(skip_bad),
            )
        )
    elif skip_bad is not None and bad:
        notices.append(
            _(
                "{bad} bad rows would be written to {skip_bad}",
                bad=bad,
                skip_bad=shown_path(skip_bad),
            )
        )
    return ImportResult(importer.summary(total, bad), notices)


def _encoding_overridden(path: Path, given: str) -> str:
    """Said before any row's error: the file was not read as --encoding says (reader.encoding_of)."""
    return _(
        "{path} starts with a UTF-8 byte order mark, so it is read as UTF-8, not as {encoding}:"
        " --encoding is not needed for it (a --skip-bad file is UTF-8 whatever the encoding of"
        " the file it came from)",
        path=shown_path(path),
        encoding=given,
    )


def _lines(lines: tuple[int, ...]) -> str:
    """2, 5 and 9"""
    if len(lines) == 1:
        return digits(lines[0])
    return _("{lines} and {last}", lines=list(lines[:-1]), last=lines[-1])


@contextmanager
def _few_collections() -> Iterator[None]:
    """Python's cycle collector, tuned for the import: it allocates millions of short-lived
    rows, and the collector would walk every object of the process (SQLAlchemy's, the ORM's)
    each time they pile up. The objects from before the import are left out of its walks and
    it runs less often; all as it was afterwards."""
    threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0  # someone else's frozen objects stay frozen
    if freeze:
        gc.freeze()
    gc.set_threshold(max(threshold[0], 10_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if freeze:
            gc.unfreeze()


_IMPORTERS: dict[str, type[Importer]] = {
    "cities": CityRows,
    "memberships": MembershipRows,
    "sessions": SessionRows,
    "attendance": AttendanceRows,
    "countries": CountryRows,
}
