"""Reading a CSV file (docs/csv.md) into rows: its encoding, its delimiter, its header checked
against the kind's columns (less the ignored ones), its rows in batches, and the --skip-bad
file of the rows set aside. What a
row's cells mean, and how rows are applied, is citylinks.services.csv_import's work."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citylinks import files
from citylinks.errors import CitylinksError
from citylinks.formats.csv import (
    CSV_COLUMNS,
    EXTRA_NAME,
    EXTRA_NAMES_OF,
    column_named,
    protect,
    unprotect,
)
from citylinks.i18n import N_, _, listing, ngettext, quoted
from citylinks.text import TextError, check_known_language


@dataclass
class Row:
    """A row as read, and what the importer made of it. `raw` holds every cell as read, by
    column (the --skip-bad file writes them back); `cells` the cells citylinks reads: the
    ignored columns left out, the export's formula protection undone."""

    line: int
    raw: dict[str, str]
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    # The lines of the rows one error is about together ("nothing tells them apart"): the
    # error is shown once, for all of them.
    together: tuple[int, ...] = ()


def check_encoding(encoding: str) -> None:
    try:
        found = codecs.lookup(encoding)
    except LookupError:
        found = None
    # zlib, base64, rot13 and the like are codecs too, but not encodings of text.
    if found is None or not getattr(found, "_is_text_encoding", True):
        raise CitylinksError(
            _(
                "unknown encoding '{encoding}': use utf-8-sig, cp1256 or another text encoding"
                " (e.g. utf-16, iso-8859-6)",
                encoding=encoding,
            )
        )


# The longest row citylinks reads, in characters (a quoted cell may span lines: the row's lines
# together). The csv module already refuses a cell past 131,072 characters, but only once the
# whole line is in memory: a file of NUL bytes, or one line of 10 GB, would fill the memory
# first. A CSV file as a whole has no limit (it is read in batches, see CsvFile.batches), unlike
# a dataset or Popolo document read whole (files.LARGEST_WHOLE_FILE).
LONGEST_ROW = files.LONGEST_TEXT
LONGEST_ROW_SHOWN = f"{LONGEST_ROW:,}"


class _Lines:
    """The lines of a text stream, read a bounded piece at a time: a line or a row longer than
    LONGEST_ROW, or a NUL character (never in a spreadsheet's text, but in UTF-16 read as
    UTF-8, or a file that is not text), is refused before more is read. `row_length` is reset
    by the caller each time the csv reader completes a row."""

    def __init__(self, stream: io.TextIOBase, path: Path) -> None:
        self.stream, self.path = stream, path
        self.number = 0
        self.row_length = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.stream.readline(LONGEST_ROW + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if "\0" in line:
            raise CitylinksError(
                _(
                    "{path}: line {line} holds a NUL character, which no CSV text holds: if the"
                    " file is UTF-16, rerun with --encoding utf-16; else check that it is the CSV"
                    " file you meant",
                    path=files.shown_path(self.path),
                    line=self.number,
                )
            )
        self.row_length += len(line)
        if self.row_length > LONGEST_ROW:
            raise CitylinksError(
                _(
                    "{path}: line {line} makes a row longer than {longest} characters ({mib}"
                    " MiB), the most citylinks reads: check that it is a CSV file and that its"
                    " quotes are closed, or shorten the long cell",
                    path=files.shown_path(self.path),
                    line=self.number,
                    longest=LONGEST_ROW_SHOWN,
                    mib=LONGEST_ROW >> 20,
                )
            )
        return line


# The line Excel reads (and writes, on request) before the header: "sep=;".
_EXCEL_SEPARATOR = re.compile(r"sep=([,;\t|])")

# A cell may be as long as a row (LONGEST_ROW, refused past that with its own message); Python's
# csv module stops at 131,072 characters by default with words of its own.
csv.field_size_limit(max(csv.field_size_limit(), LONGEST_ROW + 1))


def detect_delimiter(first_line: str) -> str:
    """The separator a header line uses: the one of comma, semicolon and tab it holds most
    often outside quotes (a comma when it holds none: a file of one column)."""
    bare = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: bare.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _shown(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else quoted(delimiter, exact=True)


def header_of(
    names: list[str], kind: str, path: Path, ignore: Sequence[str] = (), delimiter: str = ","
) -> list[str]:
    """The file's columns, lowercased; refused when one is unknown (and not ignored), appears
    twice, or a required one is missing. A column with no name ('', as a spreadsheet writes
    after a trailing separator) is read as empty: CsvFile refuses a cell that it holds."""
    columns = CSV_COLUMNS[kind]
    known = {n for n, _r, _m in columns}
    header = [n.strip().lstrip("\ufeff").strip().lower() for n in names]
    ignored = [n.strip().lower() for n in ignore if n.strip()]
    absent = [n for n in ignored if n not in header]
    if absent:
        raise CitylinksError(
            _(
                "{path}: --ignore-columns names '{column}', which the file does not have: its"
                " columns are {columns}",
                path=path,
                column=absent[0],
                columns=listing(header),
            )
        )
    # A column named in Persian is read as its English name (CSV_COLUMN_ALIASES).
    header = [
        n
        if not n or n in known or n in ignored or n in BAD_ROW_COLUMNS
        else column_named(kind, n) or n
        for n in header
    ]
    used = [n for n in header if n and n not in ignored and n not in BAD_ROW_COLUMNS]
    unknown = [
        n
        for n in used
        if n not in known and not (kind in EXTRA_NAMES_OF and EXTRA_NAME.fullmatch(n))
    ]
    if unknown:
        listed = listing(n for n, _r, _m in columns)
        if kind in EXTRA_NAMES_OF:
            listed = _("{columns} and {more}", columns=listed, more=EXTRA_NAMES_OF[kind])
        listed = _("{columns}, or their Persian names (docs/csv.md)", columns=listed)
        # «،», the Persian comma, is never a separator: a Persian text cell holds it.
        others = [d for d in (",", ";", "\t", "|", "،") if d != delimiter and d in unknown[0]]
        if others and len(header) > 1:  # split by one separator, and another inside a column
            how = _(
                "the header separates its columns by both {delimiter} and {other}: save the file"
                " with one separator throughout (comma, semicolon or tab)",
                other=_shown(others[0]),
                delimiter=_shown(delimiter),
            )
        elif others and others[0] in ("|", "،"):
            how = _(
                "the cells seem to be separated by {other}, which citylinks does not read: save"
                " the file with commas, semicolons or tabs between its cells",
                other=_shown(others[0]),
            )
        elif others:
            how = _(
                "the cells seem to be separated by {other}, not {delimiter}: rerun with"
                " --delimiter {other}",
                other=_shown(others[0]),
                delimiter=_shown(delimiter),
            )
        else:
            how = ngettext(
                "to read the file without it, rerun with --ignore-columns {columns}",
                "to read the file without them, rerun with --ignore-columns {columns}",
                len(unknown),
                columns=",".join(unknown),
            )
        raise CitylinksError(
            _(
                "{path}: unknown column '{column}' for {kind}: the columns are {listed}"
                " (see `citylinks import csv --help`); {how}",
                path=path,
                column=unknown[0],
                kind=kind,
                listed=listed,
                how=how,
            )
        )
    for n in used:
        found = EXTRA_NAME.fullmatch(n) if kind in EXTRA_NAMES_OF else None
        if found:
            try:
                check_known_language(found.group(1), _("language tag"))
            except TextError as exc:
                raise CitylinksError(
                    _("{path}: the column '{column}': {problem}", path=path, column=n, problem=exc)
                ) from None
    twice = [n for n in dict.fromkeys(header) if n and header.count(n) > 1]
    if twice:
        # Which of the two cells would be the city? Neither guess is safe.
        raise CitylinksError(
            _(
                "{path}: the column '{column}' appears {times} times: keep one",
                path=path,
                column=twice[0],
                times=header.count(twice[0]),
            )
        )
    missing = [n for n, required, _m in columns if required and n not in used]
    if missing:
        raise CitylinksError(
            ngettext(
                "{path}: missing column {columns} for {kind} (see `citylinks import csv --help`)",
                "{path}: missing columns {columns} for {kind} (see `citylinks import csv --help`)",
                len(missing),
                path=path,
                columns=listing(missing),
                kind=kind,
            )
        )
    return header


# What Python's csv module says of a malformed file, as it says it (its words are the English
# message), so that its Persian translation can be shown.
_CSV_ERRORS = (
    N_("field larger than field limit ({limit})"),
    N_(
        "new-line character seen in unquoted field - do you need to open the file in universal-newline mode?"
    ),
    N_("line contains NUL"),
)


def _csv_error(exc: csv.Error) -> str:
    text = str(exc)
    limit = csv.field_size_limit()
    for message in _CSV_ERRORS:
        if message.format(limit=limit) == text:
            return _(message, limit=limit)
    return text


class CsvFile:
    """A CSV file of one kind, read in batches of rows. After the header is read:
    `delimiter` (given or detected), `own` (whether it is one of citylinks' own files, whose
    formula protection is undone: see `is_own`) and `unprotected` (how many cells were)."""

    def __init__(
        self,
        path: Path,
        kind: str,
        encoding: str,
        delimiter: str | None = None,
        ignore: Sequence[str] = (),
    ) -> None:
        self.path, self.kind, self.encoding = path, kind, encoding
        self.delimiter = delimiter
        self.ignore = ignore
        self.header: list[str] = []
        self.own = False
        self.unprotected = 0
        # The --encoding given, when the file's UTF-8 byte order mark overrode it (see
        # `encoding_of`); None when the file is read as given.
        self.overridden: str | None = None

    def batches(self, size_of_batch: int) -> Iterator[tuple[list[Row], int, int]]:
        """Batches of rows, with how many bytes are read so far and the file's size."""
        path, encoding = self.path, self.encoding
        files.check_input(path)
        size = os.path.getsize(path)
        with open(path, "rb") as raw:
            bom = raw.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
            raw.seek(0)
            if bom and codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
                self.overridden = encoding
            encoding = self.encoding = encoding_of(bom, encoding)
            stream = io.TextIOWrapper(raw, encoding=encoding, newline="")
            reader: Any = None
            start = 1
            try:
                # Excel's first line `sep=;` names the separator (and is no header): it is
                # read so, unless --delimiter says otherwise.
                first = next(_Lines(stream, path), "")
                stream.seek(0)
                said = _EXCEL_SEPARATOR.fullmatch(first.lstrip("\ufeff").rstrip("\r\n"))
                if self.delimiter is None:
                    self.delimiter = said.group(1) if said else detect_delimiter(first)
                lines = _Lines(stream, path)
                if said:
                    next(lines)  # still line 1: the header is line 2
                reader = csv.reader(lines, delimiter=self.delimiter)
                try:
                    names = next(reader)
                except StopIteration:
                    raise CitylinksError(
                        _("{path} is empty: the first line names the columns", path=path)
                    ) from None
                lines.row_length = 0
                header = self.header = header_of(
                    names, self.kind, path, self.ignore, self.delimiter
                )
                self.own = bom and is_own(self.kind, header)
                ignored = {n.strip().lower() for n in self.ignore}
                used = [n for n in header if n and n not in ignored]
                plain = not self.own and len(used) == len(header)
                width = len(header)
                unnamed = [i for i, n in enumerate(header) if not n]
                batch: list[Row] = []
                while True:
                    # A row is named by the line it starts on, as a text editor numbers the
                    # file's lines: a quoted cell may hold line breaks, and the csv module's
                    # line_num is the row's last line.
                    start = lines.number + 1
                    try:
                        cells = next(reader)
                    except StopIteration:
                        break
                    lines.row_length = 0
                    if not "".join(cells).strip():
                        continue
                    self._refuse_unnamed(cells, unnamed, start)
                    if len(cells) < width:
                        cells = cells + [""] * (width - len(cells))
                    row_raw = dict(zip(header, cells, strict=False))
                    row = Row(start, row_raw, row_raw if plain else self._read(row_raw, used))
                    if len(cells) > width:
                        row.error = _(
                            "{cells} cells, but the header names {columns} columns",
                            cells=len(cells),
                            columns=width,
                        )
                    batch.append(row)
                    if len(batch) >= size_of_batch:
                        yield batch, raw.tell(), size
                        batch = []
                if batch:
                    yield batch, size, size
            except UnicodeError:  # a decoding error, or a codec that cannot start (utf-16, no BOM)
                raw.seek(0)
                if bom:
                    raise CitylinksError(
                        _(
                            "{path} starts with a UTF-8 byte order mark but does not decode as"
                            " UTF-8: it mixes encodings; open it in a text editor or spreadsheet"
                            " and save it again as UTF-8 (Excel: CSV UTF-8)",
                            path=path,
                        )
                    ) from None
                if raw.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                    # Excel's "Unicode text" and some exports: not Windows-1256 at all.
                    hint = _("it starts like UTF-16: rerun with --encoding utf-16")
                elif encoding.replace("_", "-").lower() in ("utf-16", "utf16"):
                    hint = _(
                        "UTF-16 without a byte order mark: rerun with --encoding utf-16-le"
                        " (or utf-16-be)"
                    )
                elif encoding.replace("_", "-").lower() in ("utf-8-sig", "utf-8", "utf8"):
                    hint = _("if Excel saved it, rerun with --encoding cp1256 (Windows-1256)")
                else:
                    hint = _("give its encoding with --encoding (utf-8-sig, cp1256, ...)")
                raise CitylinksError(
                    _(
                        "{path} does not decode as {encoding}: {hint}",
                        path=path,
                        encoding=encoding,
                        hint=hint,
                    )
                ) from None
            except csv.Error as exc:
                line = start if self.header else 1
                raise CitylinksError(
                    _("{path}: line {line}: {error}", path=path, line=line, error=_csv_error(exc))
                ) from None

    def _refuse_unnamed(self, cells: list[str], unnamed: list[int], line: int) -> None:
        """A column the header leaves without a name may only be empty: a cell in it is
        data nobody can tell the meaning of."""
        for i in unnamed:
            if i < len(cells) and cells[i].strip():
                raise CitylinksError(
                    _(
                        "{path}: line {line}: column {column} has no name in the header but"
                        " holds '{cell}': name the column in the header, or delete it",
                        path=self.path,
                        line=line,
                        column=i + 1,
                        cell=cells[i].strip(),
                    )
                )

    def _read(self, raw: dict[str, str], used: list[str]) -> dict[str, str]:
        if not self.own:
            return {n: raw[n] for n in used}
        cells = {}
        for n in used:
            value = raw[n]
            cells[n] = unprotect(value)
            if cells[n] is not value:
                self.unprotected += 1
        return cells


def encoding_of(bom: bool, given: str) -> str:
    """The encoding a file is read in: `given` (--encoding), unless the file starts with a UTF-8
    byte order mark, which only a UTF-8 file starts with: it is then read as UTF-8 whatever
    `given` says (the mark decoded as Windows-1256 would be `ï»؟`, a column no file has; a
    --skip-bad file is UTF-8 with the mark whatever encoding its source had)."""
    if bom:
        return "utf-8-sig"
    return given


def is_own(kind: str, header: list[str]) -> bool:
    """Whether a file that starts with a UTF-8 byte order mark is one citylinks wrote, whose
    cells carry the export's formula protection (formats.csv.protect): an export, whose
    header is exactly the kind's columns in their order, or a --skip-bad file, whose header
    ends with its two columns of citylinks' own (BAD_ROW_COLUMNS). A cities export ends
    with a name_LANG column for each other language its names are in."""
    columns = [n for n, _r, _m in CSV_COLUMNS[kind]]
    extra = header[len(columns) :]
    if kind in EXTRA_NAMES_OF and all(EXTRA_NAME.fullmatch(c) for c in extra):
        header = header[: len(columns)]
    return header == columns or header[-2:] == list(BAD_ROW_COLUMNS)


# The --skip-bad file's own columns, after the row's: ignored when the file, corrected, is
# imported again (a row's own `reason` is data, kept as written).
BAD_ROW_COLUMNS = ("citylinks:line", "citylinks:error")


class BadRows:
    """The --skip-bad file: each bad row as read, every cell kept, then its line and what is
    wrong with it (BAD_ROW_COLUMNS); it can be corrected and imported as it is. It is UTF-8
    with a byte order mark, separated as the file read was, and its cells carry the export's
    formula protection (they may come from anyone's file, and it is opened in a spreadsheet):
    cells read from citylinks' own file have it already, others get it. Written beside its
    final name and moved there once complete."""

    def __init__(self, path: Path, delimiter: str = ",", protected: bool = False) -> None:
        self.path = Path(path)
        self.delimiter = delimiter
        self.protected = protected
        # files.atomic_output: a full disk is one line naming the file, and leaves nothing.
        self.output: Any = files.atomic_output(self.path, newline="", encoding="utf-8-sig")
        self.file = self.output.__enter__()
        self.writer: Any = None

    def write(self, row: Row) -> None:
        cells = {
            k: v if self.protected else protect(v)
            for k, v in row.raw.items()
            if k not in BAD_ROW_COLUMNS
        }
        if self.writer is None:
            self.writer = csv.DictWriter(
                self.file, [*cells, *BAD_ROW_COLUMNS], delimiter=self.delimiter
            )
            self.writer.writeheader()
        line, error = BAD_ROW_COLUMNS
        self.writer.writerow({**cells, line: row.line, error: protect(row.error or "")})

    def close(self, keep: bool) -> None:
        output, self.output = self.output, None
        if output is None:
            return
        if keep:
            output.__exit__(None, None, None)
            return
        try:  # the file is given up: atomic_output removes it, whatever it says
            output.__exit__(_GivenUp, _GivenUp(), None)
        except (_GivenUp, CitylinksError):
            pass


class _GivenUp(Exception):
    """The --skip-bad file is not kept (BadRows.close)."""
