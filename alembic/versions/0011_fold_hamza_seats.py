"""names folded with the hamza rule: «هیئت», «هیأت» and «هیات» are one name

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 12:00:00

citylinks.text.fold (rule 6 of its docstring) now folds a hamza to the letter a writer leaves
when dropping it (أ إ -> ا, ؤ -> و, ئ by the sound it carries, ء -> nothing, ة -> ه), so that
the spellings Persian writers use for one word find one name. The matching key of every name
(the `folded` column of city_name, organization_name and person_name) is made again with that
rule; a name whose key does not change is not written. The names themselves stay as written.

Downgrade makes the keys again as revision 0010 made them (text.fold_with_hamzas_kept). The
key is derived from the name and is in no audit entry, so nothing else changes either way.
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
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
    from citylinks.text import fold_with_hamzas_kept

    _refold(fold_with_hamzas_kept)
