"""Alembic environment: run the migrations on the engine citylinks hands over.

On PostgreSQL (an advisory lock) and MariaDB/MySQL (a named lock, GET_LOCK) the migration
holds a lock, so that two citylinks processes starting at once never migrate the same
database together; the second waits, then finds nothing to do.
"""

from __future__ import annotations

import os
import tempfile
import warnings

from alembic import context
from sqlalchemy import text

from citylinks import schema
from citylinks.db import MIGRATION_LOCK_ID, make_engine

config = context.config
target_metadata = schema.metadata

# SQLite cannot reflect indexes on expressions, so autogenerate cannot compare them there:
# known, and said once here rather than on every check.
warnings.filterwarnings("ignore", message=".*expression-based index")


def _include(obj, name, type_, reflected, compare_to) -> bool:
    """Indexes on expressions exist only where the database can build them (schema.py)."""
    if type_ == "index" and name in schema.EXPRESSION_INDEXES:
        return context.get_context().dialect.name in schema.EXPRESSION_INDEX_DIALECTS
    return True


def _engine():
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    url = os.environ.get("CITYLINKS_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp()}/alembic-check.sqlite"
    return make_engine(url)


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        is_postgresql = connection.dialect.name == "postgresql"
        is_mysql = connection.dialect.name in ("mysql", "mariadb")
        is_sqlite = connection.dialect.name == "sqlite"
        if is_sqlite:
            # Batch migrations copy and drop tables; SQLite checks foreign keys row by row on
            # DROP TABLE, so they are off while migrating and checked as a whole afterwards.
            # (Through the driver: a PRAGMA inside a transaction would do nothing.)
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        if is_postgresql:
            connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
            connection.commit()
        if is_mysql:
            # A named lock is held by the connection, not the transaction; 10 minutes at most.
            got = connection.execute(
                text("SELECT GET_LOCK(:name, 600)"), {"name": f"citylinks-{MIGRATION_LOCK_ID}"}
            ).scalar()
            connection.commit()
            if got != 1:
                raise RuntimeError("another citylinks process is still migrating this database")
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
                include_object=_include,
            )
            # The revision this process found under the lock: the one that migrated says so
            # (citylinks.db.open_database), not another that found it done meanwhile.
            config.attributes["found_revision"] = context.get_context().get_current_revision()
            with context.begin_transaction():
                context.run_migrations()
                if is_sqlite:
                    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise RuntimeError(f"the migration left broken references: {problems[:5]}")
            connection.commit()
        finally:
            if is_sqlite:
                connection.rollback()
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
            if is_postgresql:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID}
                )
                connection.commit()
            if is_mysql:
                connection.execute(
                    text("SELECT RELEASE_LOCK(:name)"), {"name": f"citylinks-{MIGRATION_LOCK_ID}"}
                )
                connection.commit()


if context.is_offline_mode():
    raise SystemExit("citylinks migrations run online only: use `citylinks db upgrade`")
run_migrations_online()
