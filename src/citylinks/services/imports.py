"""Importing a file: its format's reader turns it into records (citylinks.formats), and
citylinks.services.records applies them, the same way for every format. A CSV file takes the
bulk path (citylinks.services.csv_import), under the same field rules."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from citylinks import resources
from citylinks.formats import dataset
from citylinks.formats.popolo import reader as popolo
from citylinks.i18n import _
from citylinks.services import records


def import_dataset(session: Session, path: Path, overwrite: bool = False) -> str:
    """Load the dataset file at `path`; returns a one-line summary of what it holds. A value
    that differs from a recorded one is refused unless `overwrite` (records.apply)."""
    document = dataset.read(path)
    records.apply(session, document, path, overwrite=overwrite)
    return dataset.summary(document)


def seed(session: Session, path: Path | None = None, overwrite: bool = False) -> str:
    """Load the bundled dataset (or the dataset file `path`): `citylinks seed`, and a new
    default database's first use."""
    return import_dataset(session, path or resources.bundled_dataset(), overwrite)


def import_popolo(session: Session, path: Path, overwrite: bool = False) -> list[str]:
    """Load the Popolo document at `path`; returns the import report's lines: per section of
    the document, the objects read, created, matched to recorded rows, kept as they are (no
    table of citylinks holds them) and the stubs made for objects it refers to without
    holding them; then the notes (docs/popolo.md)."""
    from citylinks.formats.popolo import READ

    document, label = popolo.read(path, records.PopoloRecorded(session))
    read_counts: dict[str, int] = document.pop(READ, {})  # type: ignore[assignment]
    report = records.apply_popolo(
        session, document, path, read_counts, label=label, overwrite=overwrite
    )
    return popolo_report_lines(path, report)


def popolo_report_lines(path: Path, report: dict) -> list[str]:
    """The import report as the command prints it (one line a section, then the notes)."""
    lines = [f"{path.name}:"]
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
