"""Optimistic locking: an edit of a row that another officer changed since it was read is
refused with a `Conflict` naming who changed it and when. (The audit trail is read back by
reports/audit_log.py.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import NoResultFound

from citylinks import audit
from citylinks.errors import CitylinksError, Conflict
from citylinks.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from citylinks.db import Database

# The ORM is imported only where a Session's write is refused (refusing_stale_writes): a
# correction written with Core statements checks its --expect-version here without it.


def _aware(at: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def check_version(row: Any, expected: int | None, what: str, label: str) -> None:
    """Refuse to change `row` if its version is not `expected` (the version `show` printed)."""
    if expected is None or row.version == expected:
        return
    refuse_unknown_version(row, expected, _("{what} '{label}'", what=_(what), label=label))
    raise changed_since(what, label, row, expected)


def refuse_unknown_version(row: Any, expected: int, what: str) -> None:
    """Versions only grow from 1: a number `row` never had is a typo, not another officer's
    change, and is refused as such."""
    if expected > row.version or expected < 1:
        raise Conflict(
            _(
                "there is no version {expected} of {what}: the current version is {version}; show it again",
                expected=expected,
                what=what,
                version=row.version,
            )
        )


def changed_since(what: str, label: str, row: Any, expected: int | None) -> Conflict:
    at = (
        f"{audit.moment_words(_aware(row.updated_at), seconds=False)} UTC"
        if row.updated_at
        else "?"
    )
    read = (
        _("version {expected}, now {version}", expected=expected, version=row.version)
        if expected is not None
        else _("now version {version}", version=row.version)
    )
    return Conflict(
        _(
            "{what} '{label}' was changed by {updated_by} at {at} since you read it ({read}); show it again and repeat your change",
            what=_(what),
            label=label,
            updated_by=row.updated_by,
            at=at,
            read=read,
        )
    )


@contextmanager
def refusing_stale_writes(
    database: Callable[[], Database],
    what: str,
    label: str,
    reread: Callable[[Session], Any],
    expected: int | None,
) -> Iterator[None]:
    """Turn SQLAlchemy's StaleDataError, raised when the row's version changed between the
    officer's reading and writing, into a `Conflict` naming who changed it and when (read
    again, with `reread`, in a new session). `database` opens the database only then: a dry
    run into a file not made yet rehearses elsewhere (State.write), and must not make it."""
    from sqlalchemy.orm.exc import StaleDataError

    try:
        yield
    except (StaleDataError, NoResultFound):
        # NoResultFound: the row was removed between reading and writing.
        with database().reading() as session:
            try:
                row = reread(session)
            except (CitylinksError, NoResultFound):
                row = None
            if row is None:
                raise removed_since(session, what, label) from None
            raise changed_since(what, label, row, expected) from None


def removed_since(session: Session, what: str, label: str) -> Conflict:
    """The Conflict for a record another officer removed while this one was changing it,
    naming who removed it and when (from the audit log)."""
    from sqlalchemy import func, select

    from citylinks.model import AuditEntry

    # The log names a row by its key (or name); the officer may have typed either, any case.
    entry = session.execute(
        select(AuditEntry.officer, AuditEntry.at)
        .where(
            AuditEntry.action == "delete",
            AuditEntry.table_name == what,
            func.lower(AuditEntry.row_label) == label.strip().lower(),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    who = (
        _(
            " by {officer} at {at}",
            officer=entry.officer,
            at=f"{audit.moment_words(_aware(entry.at), seconds=False)} UTC",
        )
        if entry is not None
        else _(" by another officer")
    )
    return Conflict(
        _(
            "{what} '{label}' was removed{who} since you read it; nothing was written: see `citylinks log`",
            what=_(what),
            label=label,
            who=who,
        )
    )


def touch(session: Session, row) -> None:
    """Count a change to a row's names or identifiers as a change of the row: a new version,
    so that another officer holding the old version is refused."""
    from citylinks import audit

    if not session.is_modified(row, include_collections=False):
        row.updated_at = audit.now()
    session.flush()


def today() -> date:
    return datetime.now(UTC).date()
