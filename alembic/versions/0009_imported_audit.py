"""imported audit entries: which file an entry of the log came in with, and when

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 08:20:00

- audit_log.imported_from, audit_log.imported_at: for an entry that `import dataset` read from
  a file `export dataset --with-audit` wrote, the file's name and when it was imported. Such an
  entry was recorded in another database: its row ids (and the ids in its values) name that
  database's rows, so `undo` refuses it. Entries recorded before this revision were recorded
  here, or imported before undo could tell them apart: they are left unmarked.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("imported_from", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("imported_at")
        batch_op.drop_column("imported_from")
