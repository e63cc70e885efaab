"""date citations: a session's start or end date cites its own sources

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:00:00

- session_date_source: which sources back a session's start date or its end date on their
  own (`citylinks cite session-start:ORG/SERIES/N KEY`), beside the sources of the session.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_date_source",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=5), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("part IN ('start', 'end')", name=op.f("ck_session_date_source_part")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_session_date_source_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_session_date_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "session_id", "part", "source_id", name=op.f("pk_session_date_source")
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("session_date_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_date_source_source_id"), ["source_id"], unique=False
        )


def downgrade() -> None:
    # Dropping the table drops its index (on MariaDB an index a foreign key uses cannot be
    # dropped on its own).
    op.drop_table("session_date_source")
