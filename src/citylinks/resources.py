"""Where the files that ship with citylinks are: the migrations and the bundled dataset.

In a wheel they are inside the package (citylinks/_alembic, citylinks/_data); in a source
checkout they are the top-level alembic/ and data/ folders.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


def _shipped(installed: str, checkout: str) -> Path:
    inside = _PACKAGE / installed
    if inside.is_dir():
        return inside
    return _PACKAGE.parent.parent / checkout


def alembic_dir() -> Path:
    return _shipped("_alembic", "alembic")


def data_dir() -> Path:
    return _shipped("_data", "data")


def bundled_dataset() -> Path:
    return data_dir() / "amf.toml"


@cache
def known_revisions() -> tuple[str, ...]:
    """The schema revisions this citylinks knows, oldest first, read from the migration file
    names (NNNN_description.py, revision id NNNN) so that no Alembic import is needed."""
    names = (p.name for p in (alembic_dir() / "versions").iterdir())
    return tuple(sorted(m.group(1) for n in names if (m := _REVISION_FILE.match(n))))


def head_revision() -> str:
    return known_revisions()[-1]
