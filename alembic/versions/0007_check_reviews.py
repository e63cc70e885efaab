"""check reviews: a finding of `citylinks check` an officer looked at, with why and sources

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 23:00:00

- check_review: a finding (its kind and problem) found right as recorded, with the reason;
  a role's finding names its role (role_id), others name their rows by table and id.
- check_review_source: the sources the review cites.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = (
    "unsourced",
    "duplicate",
    "mixed-script",
    "phase",
    "unsupported-day",
    "conflict",
    "role-without-membership",
)


def upgrade() -> None:
    kinds = ", ".join(f"'{k}'" for k in _KINDS)
    op.create_table(
        "check_review",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("problem", sa.String(length=40), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=True),
        sa.Column("table_name", sa.String(length=64), nullable=True),
        sa.Column("row_id", sa.Integer(), nullable=True),
        sa.Column("other_row_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"kind IN ({kinds})", name=op.f("ck_check_review_kind")),
        sa.CheckConstraint(
            "(role_id IS NULL) <> (table_name IS NULL)", name=op.f("ck_check_review_one_record")
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["role.id"], name=op.f("fk_check_review_role_id_role"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_review")),
        sa.UniqueConstraint("kind", "role_id", name=op.f("uq_check_review_kind_role_id")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("check_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_check_review_role_id"), ["role_id"], unique=False)
        batch_op.create_index(
            "ix_check_review_table_name_row_id", ["table_name", "row_id"], unique=False
        )
    op.create_table(
        "check_review_source",
        sa.Column("check_review_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_review_id"],
            ["check_review.id"],
            name=op.f("fk_check_review_source_check_review_id_check_review"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_check_review_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "check_review_id", "source_id", name=op.f("pk_check_review_source")
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("check_review_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_check_review_source_source_id"), ["source_id"], unique=False
        )


def downgrade() -> None:
    # Dropping a table drops its indexes (MariaDB refuses to drop one a foreign key needs).
    op.drop_table("check_review_source")
    op.drop_table("check_review")
