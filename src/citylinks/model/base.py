"""The declarative base and the pieces mapped classes share: audit columns with a version
counter, partial dates, names in several languages, and source citations.

The tables themselves are defined once, in citylinks.schema; each class here is mapped onto
its table (`__table__`) and adds what only the ORM needs: relationships, the partial-date
composites and typed attributes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy.orm import DeclarativeBase, Mapped, composite, declared_attr, relationship

from citylinks import schema
from citylinks.dates import PartialDate

if TYPE_CHECKING:
    from sqlalchemy import Table

    from citylinks.model.provenance import Source


class Base(DeclarativeBase):
    metadata = schema.metadata

    if TYPE_CHECKING:
        # Every class is mapped onto a Table of citylinks.schema (DeclarativeBase says only
        # FromClause, which has no name).
        __table__: ClassVar[Table]

    def __init_subclass__(cls, **kw) -> None:
        # `__tablename__` as a declarative class with its own columns would have it: the audit
        # log and the exports name a class's table by it.
        if "__table__" in cls.__dict__:
            cls.__tablename__ = cls.__table__.name
        super().__init_subclass__(**kw)


class Audited:
    """Who created and last changed a row, when, and a version counter.

    The version counter makes an update of a row that another officer changed since it was
    read fail instead of silently overwriting (optimistic locking).
    """

    id: Mapped[int]
    created_at: Mapped[datetime]
    created_by: Mapped[str]
    updated_at: Mapped[datetime]
    updated_by: Mapped[str]
    version: Mapped[int]

    if TYPE_CHECKING:
        __table__: ClassVar[Table]  # the mapped class's (Base)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


def partial_date(name: str) -> Mapped[PartialDate]:
    """The partial date stored in the four columns `name`_text, _precision, _earliest and
    _latest (schema.partial_date)."""
    return composite(
        PartialDate.from_columns,
        f"{name}_text",
        f"{name}_precision",
        f"{name}_earliest",
        f"{name}_latest",
    )


class Period:
    """A start and an end, each a partial date stored as text, precision and earliest/latest day.

    Reports compare the earliest and latest days, never the text.
    """

    start_text: Mapped[str]
    start_precision: Mapped[str | None]
    start_earliest: Mapped[date | None]
    start_latest: Mapped[date | None]
    end_text: Mapped[str]
    end_precision: Mapped[str | None]
    end_earliest: Mapped[date | None]
    end_latest: Mapped[date | None]

    @declared_attr
    def start(cls) -> Mapped[PartialDate]:
        return partial_date("start")

    @declared_attr
    def end(cls) -> Mapped[PartialDate]:
        return partial_date("end")


class NameMixin:
    """A name in one language. `folded` is the matching key (citylinks.text.fold)."""

    id: Mapped[int]
    lang: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]
    folded: Mapped[str]
    position: Mapped[int]

    def name_label(self, owner: str) -> str:
        """ "Yazd's name یزد (fa)": how the log names a name row of `owner`."""
        from citylinks.text import name_label

        return name_label(owner, self.name, self.lang)


class Cited:
    """Rows that cite sources, through their table's `<table>_source` table (schema.citations)."""

    if TYPE_CHECKING:
        __table__: ClassVar[Table]  # the mapped class's (Base)

    @declared_attr
    def sources(cls) -> Mapped[list[Source]]:
        return relationship(
            "Source", secondary=schema.CITING[cls.__table__.name], order_by="Source.id"
        )
