"""Database errors explained in one line, in the users' words."""

from __future__ import annotations

from citylinks.i18n import _


def explain_database_error(exc: BaseException) -> str | None:
    """A one-line explanation of a database-layer exception, or None if it is not one."""
    module = type(exc).__module__
    if not module.startswith(("sqlalchemy", "psycopg", "pymysql", "sqlite3")):
        return None
    from sqlalchemy import exc as sa_exc
    from sqlalchemy.orm.exc import StaleDataError

    from citylinks.db import masked

    if isinstance(exc, sa_exc.NoResultFound):
        return _(
            "the record was removed by another officer while you were changing it; nothing was written. See `citylinks log`"
        )
    if isinstance(exc, StaleDataError):
        return _(
            "another officer changed this record since you read it; nothing was written. Look at it again (see `citylinks log`) and repeat your change"
        )
    if is_constraint_violation(exc):
        line = _first_line(exc)
        if any(m in line for m in ("duplicate key", "Duplicate entry", "UNIQUE constraint")):
            # Two officers (or two imports) writing the same new record at once.
            return _(
                "the database refused the change ({line}); nothing was written. If another officer or import was recording the same records just now, run the command again: what they recorded is then found, not added twice",
                line=line,
            )
        return _("the database refused the change ({line}); nothing was written", line=line)
    if isinstance(exc, sa_exc.OperationalError):
        text = _first_line(exc)
        if "database is locked" in text:
            return _("the database is busy with another officer's change; try again in a moment")
        return _("the database could not be used: {masked}", masked=masked(text))
    if isinstance(exc, sa_exc.DBAPIError | sa_exc.SQLAlchemyError):
        return _("database error: {masked}", masked=masked(_first_line(exc)))
    return None


# MariaDB reports a failed CHECK constraint as error 4025, which PyMySQL raises as an
# OperationalError rather than an IntegrityError.
_MARIADB_CHECK_FAILED = 4025


def is_constraint_violation(exc: BaseException) -> bool:
    """Whether the database refused a write because it breaks one of the schema's rules."""
    from sqlalchemy import exc as sa_exc

    if isinstance(exc, sa_exc.IntegrityError):
        return True
    # The driver's own (a COPY through psycopg's cursor is not wrapped by SQLAlchemy).
    if any(c.__name__ == "IntegrityError" for c in type(exc).__mro__):
        return True
    orig = getattr(exc, "orig", None)
    args: tuple[object, ...] = getattr(orig, "args", ())
    return (
        isinstance(exc, sa_exc.OperationalError) and bool(args) and args[0] == _MARIADB_CHECK_FAILED
    )


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__
