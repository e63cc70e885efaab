"""The dataset format (data/README.md): citylinks' own TOML, meant to be read and edited by
hand. `read` turns a file into the format's records, checked for being one; the writer
(writer.py) streams the database out as such records; applying records to the database is
citylinks.services.records' work, the same for every format."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from citylinks import files, text
from citylinks.errors import CitylinksError

FORMAT = "citylinks-dataset/1"


class DatasetError(CitylinksError):
    """A file that is not a dataset citylinks can read."""


def read(path: Path) -> dict[str, Any]:
    """The records of the dataset file at `path`, as TOML gives them."""
    raw = files.read_whole(path)
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path} is not UTF-8 (byte {exc.start}): save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise DatasetError(f"{path} is not valid TOML: {exc}") from None
    except RecursionError:
        raise DatasetError(
            f"{path} nests tables or arrays too deeply to be a dataset: see data/README.md"
        ) from None
    fmt = document.get("format") if isinstance(document, dict) else None
    if fmt != FORMAT:
        raise DatasetError(
            f"{path} is not a citylinks dataset (format = {fmt!r}; expected {FORMAT!r})"
        )
    return document


# The dataset's record kinds, in file order, with the noun a summary counts them by.
KIND_NOUNS = {
    "source": "source",
    "country": "country",
    "city": "city",
    "person": "person",
    "organization": "organization",
    "session": "session",
    "membership": "membership",
    "role": "role",
    "post": "post",
    "audit": "audit entry",
}


def summary(counts: dict[str, Any]) -> str:
    """ "17 sources, 23 cities, 12 people, ...": how many records of each kind `counts` has
    (a number, or a list of the records, per dataset kind); kinds with none are left out."""
    numbers = {k: v if isinstance(v, int) else len(v or []) for k, v in counts.items()}
    shown = [
        text.how_many(numbers[kind], noun) for kind, noun in KIND_NOUNS.items() if numbers.get(kind)
    ]
    return ", ".join(shown) or "nothing"
