"""popolo extras: what a Popolo object carries that citylinks has no column for

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 20:30:00

- popolo_extra: the object of another tool's Popolo document as it was read (its `data`),
  beside the row it was stored in (`table_name`, `row_id`; no row for an object citylinks
  does not model, such as a constituency area or an election event) and that row's version
  when it was read, so that the export writes the object back as it came (docs/popolo.md).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "popolo_extra",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=True),
        sa.Column("row_id", sa.Integer(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=True),
        sa.Column("popolo_id", sa.String(length=500), nullable=True),
        sa.Column("stub", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_popolo_extra")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("popolo_extra", schema=None) as batch_op:
        batch_op.create_index(
            "ix_popolo_extra_table_name_row_id", ["table_name", "row_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("popolo_extra", schema=None) as batch_op:
        batch_op.drop_index("ix_popolo_extra_table_name_row_id")
    op.drop_table("popolo_extra")
