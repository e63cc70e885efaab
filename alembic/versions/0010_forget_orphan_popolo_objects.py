"""kept Popolo objects whose row is gone: forgotten, as a removal now forgets them

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 09:00:00

Before this revision, removing a row (a person, a city, a session...) or undoing the Popolo
import that made it left the other tool's object kept beside it (popolo_extra) naming a row
that no longer exists. Such an object is never shown or exported as it was: SQLite reuses ids,
so a later row given the same id would have been exported as that object, and `db restore`
now refuses a backup holding one. The removal of the row itself is in the log with its
values; this revision deletes only the objects whose row is gone, as a removal now does
(audit.forget_kept_objects). Objects kept without a row (table_name empty) are left alone.
Downgrade has nothing to put back.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables an object is kept beside (formats.popolo.SECTION_TABLES at this revision).
TABLES = (
    "country",
    "city",
    "organization",
    "person",
    "membership_phase",
    "post",
    "role",
    "session",
)


def upgrade() -> None:
    for table in TABLES:
        op.execute(
            f"DELETE FROM popolo_extra WHERE table_name = '{table}' AND row_id IS NOT NULL"  # noqa: S608 - names from TABLES
            f" AND NOT EXISTS (SELECT 1 FROM {table} WHERE {table}.id = popolo_extra.row_id)"
        )


def downgrade() -> None:
    pass
