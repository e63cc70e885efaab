"""name citations: a city's, an organization's or a person's name cites sources of its own

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 22:00:00

- city_name_source, organization_name_source, person_name_source: which sources give a name
  (`citylinks cite city-name:Yazd/fa/یزد KEY`). A name need not cite any: it is sourced
  through the record it names.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAMES = ("city_name", "organization_name", "person_name")


def upgrade() -> None:
    for names in _NAMES:
        table = f"{names}_source"
        op.create_table(
            table,
            sa.Column(f"{names}_id", sa.Integer(), nullable=False),
            sa.Column("source_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(
                [f"{names}_id"],
                [f"{names}.id"],
                name=op.f(f"fk_{table}_{names}_id_{names}"),
                ondelete="CASCADE",
            ),
            sa.ForeignKeyConstraint(
                ["source_id"],
                ["source.id"],
                name=op.f(f"fk_{table}_source_id_source"),
                ondelete="RESTRICT",
            ),
            sa.PrimaryKeyConstraint(f"{names}_id", "source_id", name=op.f(f"pk_{table}")),
            mysql_charset="utf8mb4",
            mysql_collate="utf8mb4_bin",
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    # Dropping a table drops its index (on MariaDB an index a foreign key uses cannot be
    # dropped on its own).
    for names in reversed(_NAMES):
        op.drop_table(f"{names}_source")
