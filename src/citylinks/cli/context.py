"""What every command shares: the global options and the database they select."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from citylinks.db import Change, Database

T = TypeVar("T")

# Python's cycle collector is paused while a command starts (cli.app.main pauses it): the
# modules a command imports (SQLAlchemy's, a driver's, citylinks') make hundreds of thousands
# of objects that live as long as the process, and the collector walked them again and again
# as they piled up, a tenth of a report's time. Before the command's work they are frozen out
# of its walks and it runs again, so a long import or export still collects its garbage.
_collection_paused = False


def pause_collection() -> None:
    """Pause the cycle collector until `resume_collection` (a command starting)."""
    global _collection_paused
    if gc.isenabled():
        gc.disable()
        _collection_paused = True


def resume_collection() -> None:
    """Run the cycle collector again, over the objects made from here on, if
    `pause_collection` paused it: called where a command's work begins (the database opened, a
    write started, the bundled data loaded)."""
    global _collection_paused
    if _collection_paused:
        _collection_paused = False
        gc.freeze()
        gc.enable()


@dataclass
class State:
    db_url: str | None = None
    officer: str | None = None
    debug: bool = False
    _database: Database | None = field(default=None, repr=False)
    # How many changes (audit entries) the last write made, or would make with --dry-run.
    last_changes: int | None = None

    def reopen(self) -> Database:
        """The database opened again as every command opens it (migrated, and a default
        database never loaded given its data)."""
        if self._database is not None:
            self._database.place()
            self._database.engine.dispose()
            self._database = None
        return self.database()

    def database(self, migrate: bool = True) -> Database:
        """The selected database, opened on first use (created and migrated as needed)."""
        if self._database is None:
            from citylinks.db import open_database

            # A SQLite file named that does not exist yet is made beside its name, and
            # given it once the command has succeeded (succeeded): a refused command leaves
            # no new file.
            self._database = open_database(
                self.db_url,
                self.officer,
                notify=_notice,
                migrate=migrate,
                first_use=_seed,
                provisional=True,
            )
        resume_collection()
        return self._database

    def succeeded(self) -> None:
        """The command is done without error: a new SQLite file it made takes its name (a
        CitylinksError if that name appeared meanwhile)."""
        if self._database is not None:
            self._database.place()

    def protected(self, *inputs: Path | None) -> tuple[tuple[Path, str], ...]:
        """What no output of this command may replace, even with --force: the live database
        (when it is a SQLite file) and the files the command reads."""
        from citylinks import files
        from citylinks.db import sqlite_file

        guarded = [(p, files.INPUT) for p in inputs if p is not None]
        database = sqlite_file(self.db_url)
        if database is not None:
            guarded = files.sqlite_files(database) + guarded
        return tuple(guarded)

    def output(self, path: Path | None, force: bool, *inputs: Path | None) -> Path | None:
        """`path` (None: standard output), once it is a file this command may write."""
        if path is None:
            return None
        from citylinks import files

        return files.check_output(path, force=force, protected=self.protected(*inputs))

    def loaded(self, summary: str, dry_run: bool) -> str:
        """The last line of every import (`import dataset`, `import popolo`, `import csv`,
        `seed`), after its write: `summary` (what the file held, as its door counts it) led by
        what the write did, in agreement with the dry run's count of changes. A file that
        changes nothing says so plainly, not "would load"."""
        from citylinks.i18n import _

        if not self.last_changes:
            if dry_run:
                return _("nothing would change: {summary}", summary=summary)
            return _("nothing was changed: {summary}", summary=summary)
        if dry_run:
            return _("would load {summary}", summary=summary)
        return _("loaded {summary}", summary=summary)

    def close(self) -> None:
        """Release the database connections at the end of the command. A new SQLite file
        the command made is removed unless it succeeded (succeeded) or wrote to it: a
        refused command leaves everything as it was."""
        if self._database is not None:
            database, self._database = self._database, None
            if database.provisional is not None and database.committed:
                from citylinks.errors import CitylinksError
                from citylinks.i18n import _

                try:
                    database.place()
                except CitylinksError as exc:
                    _notice(_("Error: {message}", message=exc))
            database.discard()
            database.engine.dispose()

    @overload
    def write(
        self,
        action: Callable[[Session], T],
        dry_run: bool = False,
        reason: str | None = None,
        core: Literal[False] = False,
    ) -> T: ...
    @overload
    def write(
        self,
        action: Callable[[Change], T],
        dry_run: bool = False,
        reason: str | None = None,
        *,
        core: Literal[True],
    ) -> T: ...
    @overload
    def write(
        self,
        action: Callable[[Any], T],
        dry_run: bool = False,
        reason: str | None = None,
        core: bool = False,
    ) -> T: ...
    def write(
        self,
        action: Callable[[Any], T],
        dry_run: bool = False,
        reason: str | None = None,
        core: bool = False,
    ) -> T:
        """Run `action` in one transaction. With `dry_run`, print what it would change (from
        the audit entries it produced) on stderr, and write nothing. `reason` (a correction's
        --reason) is kept with every log entry of the change. With `core`, `action` gets a
        db.Change (Core statements, no ORM) instead of a Session: the one-row adds, which
        write their rows and audit entries through services.bulk."""
        if reason is not None:
            from citylinks.services.fields import CORRECTION_REASON

            reason = CORRECTION_REASON.optional(reason)
        if dry_run:
            from citylinks.db import rehearsal

            # A dry run into a SQLite file not made yet (or at an older schema) rehearses on
            # a temporary one: it leaves no file behind, and writes nothing to the one named.
            with rehearsal(self.db_url, self.officer, first_use=_seed) as stand_in:
                return self._write(stand_in or self.database(), action, dry_run, reason, core)
        return self._write(self.database(), action, dry_run, reason, core)

    def _write(
        self,
        db: Database,
        action: Callable[[Any], T],
        dry_run: bool,
        reason: str | None,
        core: bool,
    ) -> T:
        from citylinks.services.sourcing import check_sourcing
        from citylinks.text import safe_for_terminal

        resume_collection()  # a dry run's stand-in database is opened without database()
        session: Any
        with db.change() if core else db.session(writing=True) as session:
            session.info["reason"] = reason
            transaction = session.begin()
            try:
                result = action(session)
                session.flush()
                # The sourcing policy, for every write and import alike: warnings for facts
                # recorded without a source, or a refusal where the office requires sources.
                warnings = check_sourcing(session, dry_run)
                changes = list(session.info.get("audit", []))
                # Every entry written, also those not kept for a dry run to list (the bulk
                # path's) and those of a file's own audit log that replaced them.
                self.last_changes = max(len(changes), session.info.get("audit_written", 0))
                if dry_run:
                    from citylinks import audit

                    changes = audit.described(session, changes)
                if dry_run:
                    transaction.rollback()
                else:
                    transaction.commit()
            except BaseException:
                transaction.rollback()
                raise
        if dry_run and not changes:
            from citylinks.i18n import _

            _notice(_("dry run: nothing was written; nothing would change"))
        elif dry_run:
            from citylinks.i18n import ngettext

            _notice(
                ngettext(
                    "dry run: nothing was written; {n} change would be made:",
                    "dry run: nothing was written; {n} changes would be made:",
                    len(changes),
                    n=len(changes),
                )
            )
            for change in changes:
                _notice("  " + describe_change(change))
        for line in warnings:
            _notice(safe_for_terminal(line))
        return result


def describe_change(entry: dict) -> str:
    """One line for one audit entry, as the log says it in the interface language: "changed:
    Yazd in AMF, phase 2: start unknown → 2025-11–2025-12 (1404-09)"."""
    from citylinks.render.audit_log import change_line
    from citylinks.text import safe_for_terminal

    return safe_for_terminal(change_line(entry))


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def _seed(db: Database) -> str:
    """A new default database's data: the bundled dataset, so that a new user's first
    command has the AMF to show."""
    from citylinks.services import imports

    resume_collection()
    with db.transaction() as session:
        return imports.seed(session)


def _notice(line: str) -> None:
    print(line, file=sys.stderr)
