"""The declarative base and the pieces every table shares: audit columns, partial dates,
names in several languages, and source citations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    composite,
    declared_attr,
    mapped_column,
    relationship,
)

from citylinks.dates import PartialDate

# One naming convention, so that every constraint has a stable name across SQLite, PostgreSQL
# and MariaDB and migrations can refer to it.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Long enough for "before j:1404-09-07" and the like.
DATE_TEXT = 40


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict: JSON, list: JSON}


class Audited:
    """Who created and last changed a row, when, and a version counter.

    The version counter makes an update of a row that another officer changed since it was
    read fail instead of silently overwriting (optimistic locking).
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


def date_checks(name: str) -> tuple[CheckConstraint, CheckConstraint]:
    """CHECK constraints for the four columns of the partial date `name`."""
    return (
        CheckConstraint(
            f"{name}_precision IS NULL OR {name}_precision IN ('year', 'month', 'day')",
            name=f"{name}_precision",
        ),
        CheckConstraint(
            f"{name}_earliest IS NULL OR {name}_latest IS NULL OR {name}_earliest <= {name}_latest",
            name=f"{name}_span",
        ),
    )


def period_checks() -> tuple[CheckConstraint, ...]:
    """CHECK constraints of a start–end period: each date well-formed, the end not before the start."""
    return (
        *date_checks("start"),
        *date_checks("end"),
        CheckConstraint(
            "start_earliest IS NULL OR end_latest IS NULL OR start_earliest <= end_latest",
            name="end_after_start",
        ),
    )


def in_list(column: str, values: tuple[str, ...], name: str | None = None) -> CheckConstraint:
    """A CHECK constraint that `column` is one of `values` (the list lives in Python, once)."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or column)


class Period:
    """A start and an end, each a partial date stored as text, precision and earliest/latest day.

    Reports compare the earliest and latest days, never the text.
    """

    start_text: Mapped[str] = mapped_column(String(DATE_TEXT), default="unknown")
    start_precision: Mapped[str | None] = mapped_column(String(5))
    start_earliest: Mapped[date | None] = mapped_column(Date, index=True)
    start_latest: Mapped[date | None] = mapped_column(Date)
    end_text: Mapped[str] = mapped_column(String(DATE_TEXT), default="unknown")
    end_precision: Mapped[str | None] = mapped_column(String(5))
    end_earliest: Mapped[date | None] = mapped_column(Date)
    end_latest: Mapped[date | None] = mapped_column(Date, index=True)

    @declared_attr
    def start(cls) -> Mapped[PartialDate]:
        return composite(
            PartialDate.from_columns,
            "start_text",
            "start_precision",
            "start_earliest",
            "start_latest",
        )

    @declared_attr
    def end(cls) -> Mapped[PartialDate]:
        return composite(
            PartialDate.from_columns, "end_text", "end_precision", "end_earliest", "end_latest"
        )


class NameMixin:
    """A name in one language. `folded` is the matching key (citylinks.text.fold)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lang: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="official")
    folded: Mapped[str] = mapped_column(String(200), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Cited:
    """Rows that cite sources. Each such table gets an association table `<table>_source`."""

    @declared_attr
    def sources(cls) -> Mapped[list[Source]]:  # noqa: F821
        table_name = cls.__tablename__
        link = Table(
            f"{table_name}_source",
            cls.metadata,
            Column(
                f"{table_name}_id",
                ForeignKey(f"{table_name}.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            Column(
                "source_id",
                ForeignKey("source.id", ondelete="RESTRICT"),
                primary_key=True,
                index=True,
            ),
        )
        return relationship("Source", secondary=link, order_by="Source.id")
