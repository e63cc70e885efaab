"""Provenance: the sources facts cite, and the audit log of every change."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, composite, mapped_column

from citylinks.dates import PartialDate
from citylinks.model.base import DATE_TEXT, Audited, Base, date_checks, in_list
from citylinks.vocab import SOURCE_KINDS


class Source(Audited, Base):
    """Who said so: a news release, a declaration, a report, a decision letter, a web page."""

    __tablename__ = "source"
    __table_args__ = (
        in_list("kind", SOURCE_KINDS),
        *date_checks("published"),
        *date_checks("retrieved"),
    )

    key: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(1000))
    published_text: Mapped[str] = mapped_column(String(DATE_TEXT), default="unknown")
    published_precision: Mapped[str | None] = mapped_column(String(5))
    published_earliest: Mapped[date | None] = mapped_column(Date)
    published_latest: Mapped[date | None] = mapped_column(Date)
    published: Mapped[PartialDate] = composite(
        PartialDate.from_columns,
        "published_text",
        "published_precision",
        "published_earliest",
        "published_latest",
    )
    language: Mapped[str | None] = mapped_column(String(16))
    retrieved_text: Mapped[str] = mapped_column(String(DATE_TEXT), default="unknown")
    retrieved_precision: Mapped[str | None] = mapped_column(String(5))
    retrieved_earliest: Mapped[date | None] = mapped_column(Date)
    retrieved_latest: Mapped[date | None] = mapped_column(Date)
    retrieved: Mapped[PartialDate] = composite(
        PartialDate.from_columns,
        "retrieved_text",
        "retrieved_precision",
        "retrieved_earliest",
        "retrieved_latest",
    )
    excerpt: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """One change to one row: when, by which officer, what, and the values before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    officer: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(8))
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[int] = mapped_column(Integer)
    row_label: Mapped[str | None] = mapped_column(String(300))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    __table_args__ = (in_list("action", ("insert", "update", "delete")),)
