"""Importing a file: its format's reader turns it into records (citylinks.formats), and
citylinks.services.records applies them, the same way for every format. A CSV file takes the
bulk path (citylinks.services.csv_import), under the same field rules."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from citylinks import resources
from citylinks.errors import Conflict
from citylinks.formats import dataset
from citylinks.formats.dataset import DatasetError
from citylinks.formats.popolo import reader as popolo
from citylinks.i18n import _, listing, ngettext
from citylinks.services import records


class Conflicts(Conflict):
    """Values a file gives differently from the database, every one (a dry run's): `lines`,
    one a value, as the first would be refused; the message counts them."""

    def __init__(self, lines: list[str], path: Path) -> None:
        self.lines = lines
        super().__init__(
            ngettext(
                "{n} value in {path} differs from the database, which may hold a newer edit: nothing would be loaded; correct the file, or add --overwrite to replace it (the log keeps the old value)",
                "{n} values in {path} differ from the database, which may hold newer edits: nothing would be loaded; correct the file, or add --overwrite to replace them (the log keeps the old values)",
                len(lines),
                n=len(lines),
                path=path,
            )
        )


def refuse_conflicts(found: list[str], path: Path, dry_run: bool) -> None:
    """Every value the file gives differently from the database, at once, so the officer
    sees all of them: a dry run's each on its own line, then their count (Conflicts); an
    import's in one line (one alone as it is)."""
    if not found:
        return
    if dry_run:
        raise Conflicts(found, path)
    if len(found) == 1:
        raise DatasetError(found[0])
    prefix = f"{path}: "
    raise DatasetError(
        ngettext(
            "{path}: {n} value differs from the database, which may hold a newer edit, and nothing was loaded: {values}",
            "{path}: {n} values differ from the database, which may hold newer edits, and nothing was loaded: {values}",
            len(found),
            n=len(found),
            path=path,
            values=" | ".join(f.removeprefix(prefix) for f in found),
        )
    )


def import_dataset(
    session: Session, path: Path, overwrite: bool = False, every_conflict: bool = False
) -> str:
    """Load the dataset file at `path`; returns a one-line summary of what it holds. A value
    that differs from a recorded one is refused unless `overwrite` (records.apply): the first
    one, or with `every_conflict` (a dry run) all of them (Conflicts). The summary is followed
    by the load's notes, one a line (what was kept as an officer left it)."""
    document = dataset.read(path)
    found: list[str] = []
    notes = records.apply(session, document, path, overwrite=overwrite, conflicts=found)
    refuse_conflicts(found, path, every_conflict)
    return "\n".join(
        [dataset.summary(document), *("  " + _("note: {note}", note=n) for n in notes)]
    )


def seed(
    session: Session,
    path: Path | None = None,
    overwrite: bool = False,
    every_conflict: bool = False,
) -> str:
    """Load the bundled dataset (or the dataset file `path`): `citylinks seed`, and a new
    default database's first use. `every_conflict`: see import_dataset."""
    return import_dataset(session, path or resources.bundled_dataset(), overwrite, every_conflict)


def import_popolo(
    session: Session,
    path: Path,
    overwrite: bool = False,
    namespace: str | None = None,
    every_conflict: bool = False,
) -> list[str]:
    """Load the Popolo document at `path`, another tool's objects in `namespace` (by
    default the file's name: docs/popolo.md); returns the import report's lines: the
    document's namespace and what of its top level was kept, then per section of the
    document, the objects read, created, matched to recorded rows, kept as they are (no
    table of citylinks holds them) and the stubs made for objects it refers to without
    holding them; then the notes. `every_conflict`: as import_dataset's (a dry run lists
    every value the document gives differently from the database, then their count)."""
    import hashlib

    from citylinks.formats.popolo import READ, UNKEPT_TOP_LEVEL
    from citylinks.text import safe_for_terminal, shortened

    recorded = records.PopoloRecorded(session)
    document, label = popolo.read(path, recorded, namespace)
    read_counts: dict[str, int] = document.pop(READ, {})  # type: ignore[assignment]
    unkept: list[str] = document.pop(UNKEPT_TOP_LEVEL, [])  # type: ignore[assignment]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    found: list[str] = []
    report = records.apply_popolo(
        session,
        document,
        path,
        read_counts,
        label=label,
        overwrite=overwrite,
        digest=digest,
        conflicts=found,
    )
    refuse_conflicts(found, path, every_conflict)
    report["notes"][:0] = recorded.notes
    lines = popolo_report_lines(path, report)
    if unkept:
        lines.append(
            _(
                "  note: the top-level {keys} of this export is not kept: citylinks keeps"
                " other documents' top-level keys in citylinks:documents",
                keys=safe_for_terminal(listing(shortened(k) for k in unkept)),
            )
        )
    return lines


def popolo_report_lines(path: Path, report: dict) -> list[str]:
    """The import report as the command prints it (its documents, one line a section, then
    the notes)."""

    from citylinks import text
    from citylinks.files import shown_path
    from citylinks.text import safe_for_terminal, shortened

    lines = [f"{text.hidden_shown(shown_path(path.name))}:"]
    for d in report.get("documents", []):
        if d["new"]:
            line = _("  namespace {namespace}: a new document", namespace=d["namespace"])
        else:
            line = _(
                "  namespace {namespace}: the document first imported on {day}",
                namespace=d["namespace"], day=d["since"].date().isoformat(),
            )  # fmt: skip
        if d["top_level"]:
            kept = safe_for_terminal(listing(shortened(k) for k in d["top_level"]))  # theirs
            line += (
                _("; its top-level {keys} replaced the one kept", keys=kept)
                if d["replaced"]
                else _("; its top-level {keys} kept", keys=kept)
            )
        lines.append(line)
    for section, c in report["counts"].items():
        if not any(c.values()):
            continue
        line = "  " + _(
            "{section}: read {read}, created {created}, matched {matched}, kept as they are {kept}",
            section=section,
            read=c["read"],
            created=c["created"],
            matched=c["matched"],
            kept=c["kept"],
        )
        if c["stubs"]:
            line += _("; {n} stubs for objects referred to but not in the file", n=c["stubs"])
        lines.append(line)
    lines.extend("  " + _("note: {note}", note=n) for n in report["notes"])
    return lines
