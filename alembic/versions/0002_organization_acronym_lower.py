"""an index on lower(acronym), for finding an organization by its acronym in any case

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 10:40:00

Every report starts by finding the organization an officer typed ("amf", "AMF"); without
this index that lookup read every organization. MariaDB has no index on an expression
(it would need a generated column), so there the lookup still scans the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_organization_acronym_lower"


def upgrade() -> None:
    if op.get_context().dialect.name in ("sqlite", "postgresql"):
        op.create_index(INDEX, "organization", [sa.text("lower(acronym)")])


def downgrade() -> None:
    if op.get_context().dialect.name in ("sqlite", "postgresql"):
        op.drop_index(INDEX, table_name="organization")
