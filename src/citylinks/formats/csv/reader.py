"""Reading a CSV file (docs/csv.md) into rows: its encoding, its header checked against the
kind's columns, its rows in batches, and the --skip-bad file of the rows set aside. What a
row's cells mean, and how rows are applied, is citylinks.services.csv_import's work."""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citylinks import files
from citylinks.errors import CitylinksError
from citylinks.formats.csv import CSV_COLUMNS


@dataclass
class Row:
    """A row as read (its cells by column), and what the importer made of it."""

    line: int
    raw: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def check_encoding(encoding: str) -> None:
    try:
        found = codecs.lookup(encoding)
    except LookupError:
        found = None
    # zlib, base64, rot13 and the like are codecs too, but not encodings of text.
    if found is None or not getattr(found, "_is_text_encoding", True):
        raise CitylinksError(
            f"unknown encoding '{encoding}': use utf-8-sig, cp1256 or another text encoding"
            " (e.g. utf-16, iso-8859-6)"
        )


def header_of(names: list[str], kind: str, path: Path) -> list[str]:
    columns = CSV_COLUMNS[kind]
    known = {n for n, _, _ in columns}
    header = [n.strip().lstrip("\ufeff").strip().lower() for n in names]
    unknown = [n for n in header if n not in known and n not in BAD_ROW_COLUMNS]
    if unknown:
        raise CitylinksError(
            f"{path}: unknown column '{unknown[0]}' for {kind}: the columns are"
            f" {', '.join(n for n, _, _ in columns)} (see `citylinks import csv --help`)"
        )
    twice = [n for n in dict.fromkeys(header) if header.count(n) > 1]
    if twice:
        # Which of the two cells would be the city? Neither guess is safe.
        raise CitylinksError(
            f"{path}: the column '{twice[0]}' appears {header.count(twice[0])} times: keep one"
        )
    missing = [n for n, required, _ in columns if required and n not in header]
    if missing:
        raise CitylinksError(
            f"{path}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
            f" for {kind} (see `citylinks import csv --help`)"
        )
    return header


def batches(
    path: Path, kind: str, encoding: str, size_of_batch: int
) -> Iterator[tuple[list[Row], int, int]]:
    """Batches of rows, with how many bytes are read so far and the file's size."""
    files.check_input(path)
    size = os.path.getsize(path)
    with open(path, "rb") as raw:
        stream = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(stream)
        line = 0
        try:
            try:
                names = next(reader)
            except StopIteration:
                raise CitylinksError(f"{path} is empty: the first line names the columns") from None
            header = header_of(names, kind, path)
            batch: list[Row] = []
            for cells in reader:
                line = reader.line_num
                if not "".join(cells).strip():
                    continue
                row = Row(line, dict(zip(header, cells, strict=False)))
                if len(cells) > len(header):
                    row.error = f"{len(cells)} cells, but the header names {len(header)} columns"
                batch.append(row)
                if len(batch) >= size_of_batch:
                    yield batch, raw.tell(), size
                    batch = []
            if batch:
                yield batch, size, size
        except UnicodeError:  # a decoding error, or a codec that cannot start (utf-16, no BOM)
            raw.seek(0)
            if raw.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                # Excel's "Unicode text" and some exports: not Windows-1256 at all.
                hint = "it starts like UTF-16: rerun with --encoding utf-16"
            elif encoding.replace("_", "-").lower() in ("utf-16", "utf16"):
                hint = "UTF-16 without a byte order mark: rerun with --encoding utf-16-le (or utf-16-be)"
            elif encoding.replace("_", "-").lower() in ("utf-8-sig", "utf-8", "utf8"):
                hint = "if Excel saved it, rerun with --encoding cp1256 (Windows-1256)"
            else:
                hint = "give its encoding with --encoding (utf-8-sig, cp1256, ...)"
            raise CitylinksError(f"{path} does not decode as {encoding}: {hint}") from None
        except csv.Error as exc:
            raise CitylinksError(f"{path}: line {reader.line_num}: {exc}") from None


# The --skip-bad file's own columns, after the row's: ignored when the file, corrected, is
# imported again (a row's own `reason` is data, kept as written).
BAD_ROW_COLUMNS = ("citylinks:line", "citylinks:error")


class BadRows:
    """The --skip-bad file: each bad row as read, every cell kept, then its line and what is
    wrong with it (BAD_ROW_COLUMNS); it can be corrected and imported as it is. Written
    beside its final name and moved there once complete."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        self.file = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
        self.writer: Any = None

    def write(self, row: Row) -> None:
        cells = {k: v for k, v in row.raw.items() if k not in BAD_ROW_COLUMNS}
        if self.writer is None:
            self.writer = csv.DictWriter(self.file, [*cells, *BAD_ROW_COLUMNS])
            self.writer.writeheader()
        line, error = BAD_ROW_COLUMNS
        self.writer.writerow({**cells, line: row.line, error: row.error})

    def close(self, keep: bool) -> None:
        if self.file.closed:
            return
        self.file.close()
        if keep:
            os.replace(self.tmp, self.path)
        else:
            Path(self.tmp).unlink(missing_ok=True)
