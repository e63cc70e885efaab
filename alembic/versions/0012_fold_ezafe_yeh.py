"""names folded with the ezafe rule: «اطلاعیه‌ی خبری», «اطلاعیه ی خبری», «اطلاعیهٔ خبری» and
«اطلاعیه خبری» are one name

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 17:00:00

citylinks.text.fold (rule 9 of its docstring) now folds the ezafe after a final ه written as a
ی of its own, after a zero-width non-joiner or a space, as it folds «اطلاعیهٔ» and «اطلاعیه».
The matching key of every name (the `folded` column of city_name, organization_name and
person_name) is made again with that rule; a name whose key does not change is not written.
The names themselves stay as written.

Downgrade makes the keys again as revision 0011 made them (text.fold_with_ezafe_kept). The key
is derived from the name and is in no audit entry, so nothing else changes either way.
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAMES = ("city_name", "organization_name", "person_name")


def _refold(folding: Callable[[str], str]) -> None:
    connection = op.get_bind()
    for name in _NAMES:
        table = sa.table(
            name,
            sa.column("id", sa.Integer),
            sa.column("name", sa.String),
            sa.column("folded", sa.String),
        )
        rows = connection.execute(sa.select(table.c.id, table.c.name, table.c.folded)).all()
        changed = [
            {"row_id": row.id, "new_folded": new}
            for row in rows
            if (new := folding(row.name)) != row.folded
        ]
        if changed:
            connection.execute(
                table.update()
                .where(table.c.id == sa.bindparam("row_id"))
                .values(folded=sa.bindparam("new_folded")),
                changed,
            )


def upgrade() -> None:
    from citylinks.text import fold

    _refold(fold)


def downgrade() -> None:
    from citylinks.text import fold_with_ezafe_kept

    _refold(fold_with_ezafe_kept)
