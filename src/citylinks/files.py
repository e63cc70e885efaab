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

import io
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, overload

from citylinks.errors import CitylinksError
from citylinks.i18n import N_, _


class OutputRefused(CitylinksError):
    """An output file citylinks will not write; the message says what to do instead."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


# Why a protected file is refused, by what it is (the `what` of check_output's `protected`):
# whole sentences, so that each reads right in every language.
INPUT = N_("a file this command reads")
_NEVER_WRITTEN_OVER = {
    N_("the live database"): N_(
        "{shown} is the live database: citylinks never writes over it; choose another file"
    ),
    N_("part of the live database"): N_(
        "{shown} is part of the live database: citylinks never writes over it; choose another file"
    ),
    INPUT: N_(
        "{shown} is a file this command reads: citylinks never writes over it; choose another file"
    ),
}


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
            _(
                "the output file {shown} looks like an option: give the file's name after -o (for a file that really begins with '-', write ./{shown})",
                shown=shown,
            )
        )
    for guarded, what in protected:
        if _same_file(path, guarded):
            if what in _NEVER_WRITTEN_OVER:
                raise OutputRefused(_(_NEVER_WRITTEN_OVER[what], shown=shown))
            raise OutputRefused(
                _(
                    "{shown} is {what}: citylinks never writes over it; choose another file",
                    shown=shown,
                    what=_(what),
                )
            )
    try:
        info = path.lstat()
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise OutputRefused(
                _(
                    "the folder {folder} does not exist: create it first, or choose another file",
                    folder=shown_path(path.parent),
                )
            ) from None
        return path
    except OSError as exc:
        raise OutputRefused(
            _("cannot write {shown}: {strerror}", shown=shown, strerror=exc.strerror)
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputRefused(_("{shown} is a folder: give a file name inside it", shown=shown))
    if not stat.S_ISLNK(info.st_mode) and not stat.S_ISREG(info.st_mode):
        raise OutputRefused(
            _("{shown} is not a regular file (a device or a pipe): choose a file", shown=shown)
        )
    if _is_system_path(path):
        raise OutputRefused(
            _("{shown} is part of the system (/dev, /proc, /sys): choose a file", shown=shown)
        )
    if stat.S_ISLNK(info.st_mode):
        # A link is replaced, never followed; but only a link to a regular file is an output.
        try:
            followed = os.stat(path)
        except OSError:
            followed = None
        if followed is None or not stat.S_ISREG(followed.st_mode):
            raise OutputRefused(
                _(
                    "{shown} links to something that is not a regular file: choose a file",
                    shown=shown,
                )
            )
    if not force:
        raise OutputRefused(
            _("{shown} exists: choose another file, or add --force to replace it", shown=shown)
        )
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


def write_texts(files: dict[Path, str], *, newline: str | None = None) -> None:
    """Write a set of files (a report's CSV file and its companions) all or none: every one is
    written complete beside its final name first, then all are moved into place; when one
    cannot be written, none is left (a file that was there before stays as it was)."""
    ready: list[tuple[str, Path]] = []
    placed: list[Path] = []
    try:
        for path, content in files.items():
            with _atomic_output(path, False, newline, "utf-8", ready) as out:
                out.write(content)
        for tmp, path in ready:
            new = not os.path.lexists(path)
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise cannot_write(path, exc) from None
            if new:
                placed.append(path)
    except BaseException:
        for tmp, _path in ready:
            Path(tmp).unlink(missing_ok=True)
        for path in placed:  # the set is not kept in part: a file it added is taken back
            path.unlink(missing_ok=True)
        raise


@contextmanager
def _atomic_output(
    path: Path,
    binary: bool,
    newline: str | None,
    encoding: str,
    ready: list[tuple[str, Path]] | None = None,
) -> Iterator[IO[Any]]:
    # With `ready`, the complete temporary file is listed there (with its final name) for the
    # caller to move into place, rather than moved at once (write_texts).
    # Every way the file itself fails (a full disk, a quota, a folder that cannot be written)
    # is said in one line naming the file; an error of the caller's own work between (reading
    # the database, an input file) passes through as it was raised.
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    written = False
    try:
        buffered = io.BufferedWriter(_OutputFile(fd, path))
        out = buffered if binary else io.TextIOWrapper(buffered, encoding, newline=newline)
        with out:
            yield out
            written = True
            out.flush()
            os.fsync(out.fileno())
        if ready is not None:
            ready.append((tmp, path))
        else:
            os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if written and isinstance(exc, OSError):
            raise cannot_write(path, exc) from None
        raise


class _OutputFile(io.FileIO):
    """The file atomic_output writes: a write that fails (no space left) names the file, even
    when it happens in the caller's `out.write(...)`."""

    def __init__(self, fd: int, target: Path) -> None:
        super().__init__(fd, "wb")
        self.target = target

    def write(self, data, /) -> int | None:  # type: ignore[override]
        try:
            return super().write(data)
        except OSError as exc:
            raise cannot_write(self.target, exc) from None


def cannot_write(path: Path, exc: OSError) -> OutputRefused:
    """The one line for an output file that could not be written."""
    return OutputRefused(
        _(
            "cannot write {shown_path}: {strerror}",
            shown_path=shown_path(path),
            strerror=os_error_words(exc),
        )
    )


def write_text(path: Path, content: str, *, newline: str | None = None) -> None:
    """Write `content` to `path` atomically (checked with check_output first)."""
    with atomic_output(path, newline=newline) as out:
        out.write(content)


def write_bytes(path: Path, content: bytes) -> None:
    """Write the bytes `content` (a PDF) to `path` atomically (checked with check_output
    first)."""
    with atomic_output(path, binary=True) as out:
        out.write(content)


# The operating system's words for the errors a file named on the command line meets.
_OS_ERRORS = {
    "ENOENT": N_("no such file or directory"),
    "EACCES": N_("permission denied"),
    "EPERM": N_("operation not permitted"),
    "EISDIR": N_("is a directory"),
    "ENOTDIR": N_("not a directory"),
    "EEXIST": N_("file exists"),
    "ENOSPC": N_("no space left on the device"),
    "EDQUOT": N_("disk quota exceeded"),
    "EFBIG": N_("file too large"),
    "EROFS": N_("read-only file system"),
    "ENAMETOOLONG": N_("file name too long"),
}


def os_error_words(exc: OSError) -> str:
    """What the operating system said went wrong ("No space left on device"), in the
    interface language."""
    import errno

    from citylinks.i18n import language

    known = _OS_ERRORS.get(errno.errorcode.get(exc.errno or 0, ""))
    if known is not None and language() == "fa":  # English keeps the system's own words
        return _(known)
    return exc.strerror or str(exc)


# A file read whole (a dataset, a Popolo document) larger than this is refused rather than
# filling the memory; a CSV file is read in batches, whatever its size, a row of at most
# LONGEST_TEXT characters.
LARGEST_WHOLE_FILE = 1 << 30
# The longest text citylinks reads as one value, at every door: a CSV row (and so any of its
# cells: formats.csv.reader), a string of a Popolo document or of a dataset, kept or not
# (first_long_text). A field a column stores has its own, shorter limit (services.fields).
LONGEST_TEXT = 1 << 20


def first_long_text(value: Any, field: str = "") -> tuple[str, int] | None:
    """The first string in `value` (nested objects and lists, in their order) longer than
    LONGEST_TEXT characters: where it is ("biography", "contact_details[2].value", after
    `field`) and its length; None when there is none."""
    stack: list[tuple[str, Any]] = [(field, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            if len(item) > LONGEST_TEXT:
                return where, len(item)
        elif isinstance(item, dict):
            stack.extend(
                (f"{where}.{k}" if where else str(k), v) for k, v in reversed(item.items())
            )
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", v) for i, v in reversed(list(enumerate(item))))
    return None


def too_long_text(where: str, field: str, n: int) -> str:
    """The one line that refuses a value longer than LONGEST_TEXT (first_long_text), the
    same at the Popolo and dataset doors as a CSV row's."""
    return _(
        "{where}: {field} is {n} characters long, longer than {longest} characters ({mib}"
        " MiB), the most citylinks reads as one value (as one row of a CSV file): shorten it",
        where=where,
        field=field,
        n=f"{n:,}",
        longest=f"{LONGEST_TEXT:,}",
        mib=LONGEST_TEXT >> 20,
    )


def check_input(path: Path) -> Path:
    """`path`, once it is a regular file citylinks can read: not a folder, a device or a pipe
    (`/dev/zero` would be read for ever)."""
    shown = shown_path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise CitylinksError(
            _("{shown} does not exist: check the file name", shown=shown)
        ) from None
    except OSError as exc:
        raise CitylinksError(
            _("cannot read {shown}: {strerror}", shown=shown, strerror=exc.strerror)
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise CitylinksError(_("{shown} is a folder: give a file", shown=shown))
    if not stat.S_ISREG(info.st_mode):
        raise CitylinksError(
            _("{shown} is not a regular file (a device or a pipe): give a file", shown=shown)
        )
    return path


def read_whole(path: Path) -> bytes:
    """The bytes of the regular file `path`, refused past LARGEST_WHOLE_FILE."""
    check_input(path)
    if path.stat().st_size > LARGEST_WHOLE_FILE:
        raise CitylinksError(
            _(
                "{shown_path} is larger than {n} GiB: split it, or import its rows as CSV",
                shown_path=shown_path(path),
                n=LARGEST_WHOLE_FILE >> 30,
            )
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CitylinksError(
            _(
                "cannot read {shown_path}: {strerror}",
                shown_path=shown_path(path),
                strerror=exc.strerror,
            )
        ) from None


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
        raise refusal(
            _("{path} nests its values too deeply to be {what}", path=path, what=_(what))
        ) from None
    except UnicodeDecodeError as exc:
        raise refusal(
            _(
                "{path} is not UTF-8 (byte {exc_start}): save it as UTF-8",
                path=path,
                exc_start=exc.start,
            )
        ) from None
    except syntax_error as exc:
        raise refusal(
            _(
                "{path} is not valid {language}: {exc}",
                path=path,
                language=language,
                exc=_syntax_error(exc),
            )
        ) from None
    except ValueError:  # Python's limit on the digits of an integer (4,300)
        raise refusal(
            _(
                "{path} holds a number of more than 4,300 digits, which is not a value: check it",
                path=path,
            )
        ) from None


def _syntax_error(exc: Exception) -> str:
    """What a parser (json, tomllib) said was wrong: its own words, which are English, in
    English; in another language, only where it is (line and column), in that language."""
    from citylinks.i18n import language

    if language() == "en":
        return str(exc)
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if line is None:  # tomllib before Python 3.14 says it in the message only
        found = re.search(r"at line (\d+), column (\d+)", str(exc))
        if found is None:
            return _("at the end of the file") if "end of document" in str(exc) else ""
        line, column = int(found[1]), int(found[2])
    return _("line {line}, column {column}", line=line, column=column)


def shown_path(path: Path | str) -> str:
    """A path as a message shows it: control characters and escape sequences made visible,
    never sent to the terminal."""
    from citylinks.text import safe_for_terminal

    # A newline in a file name would forge a second line of output ("wrote d" + "Error: ...").
    return safe_for_terminal(str(path).replace("\n", "\\n").replace("\r", "\\r"))


# The file beside a SQLite database naming the officer whose command holds its write lock
# (citylinks.db.writer_file).
WRITER_SUFFIX = ".writer"


def sqlite_files(database: Path) -> list[tuple[Path, str]]:
    """The live SQLite database and the files beside it that hold part of it."""
    return [
        (database, N_("the live database")),
        *((database.with_name(database.name + s), N_("part of the live database"))
          for s in ("-wal", "-shm", "-journal", ".lock", WRITER_SUFFIX)),
    ]  # fmt: skip


def remove_files_of_dead_processes(
    beside: Path, suffix: str, remove: Callable[[Path], None] | None = None
) -> None:
    """Remove the private files `.NAME.PID.XXXX<suffix>` that processes no longer running left
    beside `beside` (killed part way: kill -9, a power cut); `remove` removes one (default:
    unlink). A file of a running process, or of another user's, is left alone."""
    import glob

    if os.name != "posix":  # os.kill(pid, 0) asks whether it runs on POSIX only
        return
    for stale in beside.parent.glob(f".{glob.escape(beside.name)}.*{suffix}"):
        pid = stale.name[len(beside.name) + 2 :].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            if remove is None:
                stale.unlink(missing_ok=True)
            else:
                remove(stale)
        except OSError:
            pass  # running under another user, or no way to tell: left alone
