"""Importing a file: its format's reader turns it into records (citylinks.formats), and
citylinks.services.records applies them, the same way for every format. A CSV file takes the
bulk path (citylinks.services.csv_import), under the same field rules."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from citylinks import resources
from citylinks.formats import dataset
from citylinks.formats.popolo import reader as popolo
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


def import_popolo(session: Session, path: Path, overwrite: bool = False) -> str:
    """Load the Popolo document at `path`; returns a one-line summary."""
    document, label = popolo.read(path)
    records.apply(session, document, path, label=label, overwrite=overwrite)
    return dataset.summary(document)
