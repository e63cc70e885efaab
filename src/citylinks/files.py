"""Files a command writes: the one rule for every output (an export, a report's --output, the
--skip-bad file of an import, a backup).

A file the user names is precious. An output never replaces the live database, a file the
same command reads, a directory, a device or anything else that is not a regular file, and it
replaces an existing file only with --force. It is written beside its final name, readable by
its owner only (0600), and moved into place once complete: a failed or interrupted write
leaves the old file as it was and no half-written one; a symbolic link at the final name is
replaced, never followed.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, overload

from citylinks.errors import CitylinksError


class OutputRefused(CitylinksError):
    """An output file citylinks will not write; the message says what to do instead."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def check_output(
    path: Path, *, force: bool = False, protected: Iterable[tuple[Path, str]] = ()
) -> Path:
    """`path`, once it is known to be a file this command may write; else OutputRefused.
    `protected` lists (path, what it is) pairs that are never written over, whatever --force
    says: the live database (and its -wal and -journal files), the command's input files."""
    shown = shown_path(path)
    if str(path).startswith("-"):
        # `-o --force` takes "--force" as the file's name: an option meant, not a file.
        raise OutputRefused(
            f"the output file {shown} looks like an option: give the file's name after -o"
            f" (for a file that really begins with '-', write ./{shown})"
        )
    for guarded, what in protected:
        if _same_file(path, guarded):
            raise OutputRefused(
                f"{shown} is {what}: citylinks never writes over it; choose another file"
            )
    try:
        info = path.lstat()
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise OutputRefused(
                f"the folder of {shown} does not exist: create it first, or choose another file"
            ) from None
        return path
    except OSError as exc:
        raise OutputRefused(f"cannot write {shown}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputRefused(f"{shown} is a folder: give a file name inside it")
    if not stat.S_ISLNK(info.st_mode) and not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"{shown} is not a regular file (a device or a pipe): choose a file")
    if _is_system_path(path):
        raise OutputRefused(f"{shown} is part of the system (/dev, /proc, /sys): choose a file")
    if stat.S_ISLNK(info.st_mode):
        # A link is replaced, never followed; but only a link to a regular file is an output.
        try:
            followed = os.stat(path)
        except OSError:
            followed = None
        if followed is None or not stat.S_ISREG(followed.st_mode):
            raise OutputRefused(
                f"{shown} links to something that is not a regular file: choose a file"
            )
    if not force:
        raise OutputRefused(f"{shown} exists: choose another file, or add --force to replace it")
    return path


def _is_system_path(path: Path) -> bool:
    """/dev/stdout, /proc/self/fd/1 and the like: never an output file, whatever they lead to."""
    places = {str(path.absolute()), os.path.realpath(path)}
    if path.is_symlink():  # where the link points, before /proc's own links are followed
        places.add(os.path.join(os.path.dirname(path.absolute()), os.readlink(path)))
    return any(p == root or p.startswith(root + "/") for p in places for root in _SYSTEM)


_SYSTEM = ("/dev", "/proc", "/sys")


@overload
def atomic_output(
    path: Path, *, newline: str | None = None, encoding: str = "utf-8", binary: Literal[False] = ...
) -> AbstractContextManager[TextIO]: ...
@overload
def atomic_output(path: Path, *, binary: Literal[True]) -> AbstractContextManager[BinaryIO]: ...
def atomic_output(
    path: Path, *, newline: str | None = None, encoding: str = "utf-8", binary: bool = False
) -> AbstractContextManager[Any]:
    """A new file that appears at `path` only once complete (see the module's docstring).
    Text is written in UTF-8 whatever the locale; with `binary`, bytes are written as given."""
    return _atomic_output(path, binary, newline, encoding)


@contextmanager
def _atomic_output(
    path: Path, binary: bool, newline: str | None, encoding: str
) -> Iterator[IO[Any]]:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with open(fd, "wb") if binary else open(fd, "w", encoding=encoding, newline=newline) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, content: str, *, newline: str | None = None) -> None:
    """Write `content` to `path` atomically (checked with check_output first)."""
    try:
        with atomic_output(path, newline=newline) as out:
            out.write(content)
    except OSError as exc:
        raise OutputRefused(f"cannot write {shown_path(path)}: {exc.strerror}") from None


def write_bytes(path: Path, content: bytes) -> None:
    """Write the bytes `content` (a PDF) to `path` atomically (checked with check_output
    first)."""
    try:
        with atomic_output(path, binary=True) as out:
            out.write(content)
    except OSError as exc:
        raise OutputRefused(f"cannot write {shown_path(path)}: {exc.strerror}") from None


# A file read whole (a dataset, a Popolo document) larger than this is refused rather than
# filling the memory; a CSV file is read in batches, whatever its size, a row of at most
# formats.csv.reader.LONGEST_ROW characters.
LARGEST_WHOLE_FILE = 1 << 30


def check_input(path: Path) -> Path:
    """`path`, once it is a regular file citylinks can read: not a folder, a device or a pipe
    (`/dev/zero` would be read for ever)."""
    shown = shown_path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise CitylinksError(f"{shown} does not exist: check the file name") from None
    except OSError as exc:
        raise CitylinksError(f"cannot read {shown}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise CitylinksError(f"{shown} is a folder: give a file")
    if not stat.S_ISREG(info.st_mode):
        raise CitylinksError(f"{shown} is not a regular file (a device or a pipe): give a file")
    return path


def read_whole(path: Path) -> bytes:
    """The bytes of the regular file `path`, refused past LARGEST_WHOLE_FILE."""
    check_input(path)
    if path.stat().st_size > LARGEST_WHOLE_FILE:
        raise CitylinksError(
            f"{shown_path(path)} is larger than {LARGEST_WHOLE_FILE >> 30} GiB: split it, or"
            " import its rows as CSV"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CitylinksError(f"cannot read {shown_path(path)}: {exc.strerror}") from None


def parse_whole(
    path: Path,
    parse: Callable[[str], Any],
    syntax_error: type[Exception],
    refusal: type[CitylinksError],
    language: str,
    what: str,
    encoding: str = "utf-8",
) -> Any:
    """The document at `path`, read whole (read_whole) and parsed by `parse` (tomllib.loads,
    json.loads), every way it can fail a one-line `refusal`: not UTF-8, not valid `language`,
    nested too deeply, a number too long for Python to read."""
    raw = read_whole(path)
    try:
        return parse(raw.decode(encoding))
    except RecursionError:
        raise refusal(f"{path} nests its values too deeply to be {what}") from None
    except UnicodeDecodeError as exc:
        raise refusal(f"{path} is not UTF-8 (byte {exc.start}): save it as UTF-8") from None
    except syntax_error as exc:
        raise refusal(f"{path} is not valid {language}: {exc}") from None
    except ValueError:  # Python's limit on the digits of an integer (4,300)
        raise refusal(
            f"{path} holds a number of more than 4,300 digits, which is not a value: check it"
        ) from None


def shown_path(path: Path | str) -> str:
    """A path as a message shows it: control characters and escape sequences made visible,
    never sent to the terminal."""
    from citylinks.text import safe_for_terminal

    # A newline in a file name would forge a second line of output ("wrote d" + "Error: ...").
    return safe_for_terminal(str(path).replace("\n", "\\n").replace("\r", "\\r"))


def sqlite_files(database: Path) -> list[tuple[Path, str]]:
    """The live SQLite database and the files beside it that hold part of it."""
    return [
        (database, "the live database"),
        *((database.with_name(database.name + s), "part of the live database")
          for s in ("-wal", "-shm", "-journal", ".lock")),
    ]  # fmt: skip
