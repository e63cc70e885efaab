"""What every command shares: the global options and the database they select."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from citylinks.db import Database


@dataclass
class State:
    db_url: str | None = None
    officer: str | None = None
    debug: bool = False
    _database: Database | None = field(default=None, repr=False)

    def database(self, migrate: bool = True) -> Database:
        """The selected database, opened on first use (created and migrated as needed)."""
        if self._database is None:
            from citylinks.db import open_database

            self._database = open_database(
                self.db_url, self.officer, notify=_notice, migrate=migrate
            )
        return self._database


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def _notice(line: str) -> None:
    print(line, file=sys.stderr)
