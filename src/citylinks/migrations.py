"""Running the Alembic migrations shipped with citylinks against an engine."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from citylinks import resources

if TYPE_CHECKING:
    from sqlalchemy import Engine


def config(engine: Engine):
    from alembic.config import Config

    # Alembic's default stdout is the one current when alembic.config was first imported;
    # a command that runs later (under a test runner's captured stream) writes to today's.
    cfg = Config(stdout=sys.stdout)
    cfg.set_main_option("script_location", str(resources.alembic_dir()))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Migrate to `revision`; the revision the database was at when this process's migration
    took the migration lock (another process may have migrated it meanwhile)."""
    from alembic import command

    cfg = config(engine)
    command.upgrade(cfg, revision)
    return cfg.attributes.get("found_revision")


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(config(engine), revision)
