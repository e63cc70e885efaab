"""popolo documents: a namespace per imported Popolo document, and its top-level keys

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 01:15:00

- popolo_document: each Popolo document of another tool that was imported, by its namespace
  (Popolo ids are per document: two EveryPolitician files both call their legislature
  `legislature`), with its top-level keys besides the Popolo sections as written
  (`top_level`: EveryPolitician's `meta`), the file as named at the last import, the SHA-256
  of its bytes, and when it was first and last imported.
- popolo_extra.document_id: the document each kept object was read from. Objects kept before
  this revision were read into one space of ids: they are given one document, namespace
  `earlier` (docs/popolo.md), so that importing their file again with `--namespace earlier`
  finds them.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    document = op.create_table(
        "popolo_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("namespace", sa.String(length=100), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("top_level", sa.JSON(), nullable=True),
        sa.Column("first_imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_popolo_document")),
        sa.UniqueConstraint("namespace", name=op.f("uq_popolo_document_namespace")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("popolo_extra", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_popolo_extra_document_id"), ["document_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_popolo_extra_document_id_popolo_document"),
            "popolo_document",
            ["document_id"],
            ["id"],
            ondelete="CASCADE",
        )
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM popolo_extra")).scalar():
        now = datetime.now(UTC)
        op.bulk_insert(
            document,  # type: ignore[arg-type]
            [
                {
                    "namespace": "earlier",
                    "file_name": "",
                    "digest": "",
                    "top_level": None,
                    "first_imported_at": now,
                    "last_imported_at": now,
                }
            ],
        )
        bind.execute(
            sa.text(
                "UPDATE popolo_extra SET document_id ="
                " (SELECT id FROM popolo_document WHERE namespace = 'earlier')"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("popolo_extra", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_popolo_extra_document_id_popolo_document"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_popolo_extra_document_id"))
        batch_op.drop_column("document_id")
    op.drop_table("popolo_document")
