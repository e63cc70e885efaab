"""Provenance: the sources facts cite, and the audit log of every change."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.model.base import Audited, Base, partial_date


class Source(Audited, Base):
    """Who said so: a news release, a declaration, a report, a decision letter, a web page."""

    __table__ = schema.source

    key: Mapped[str]
    kind: Mapped[str]
    title: Mapped[str]
    publisher: Mapped[str | None]
    url: Mapped[str | None]
    published_text: Mapped[str]
    published_precision: Mapped[str | None]
    published_earliest: Mapped[date | None]
    published_latest: Mapped[date | None]
    published: Mapped[PartialDate] = partial_date("published")
    language: Mapped[str | None]
    retrieved_text: Mapped[str]
    retrieved_precision: Mapped[str | None]
    retrieved_earliest: Mapped[date | None]
    retrieved_latest: Mapped[date | None]
    retrieved: Mapped[PartialDate] = partial_date("retrieved")
    excerpt: Mapped[str | None]
    note: Mapped[str | None]


class AuditEntry(Base):
    """One change to one row: when, by which officer, what, and the values before and after."""

    __table__ = schema.audit_log

    id: Mapped[int]
    at: Mapped[datetime]
    officer: Mapped[str]
    action: Mapped[str]
    table_name: Mapped[str]
    row_id: Mapped[int]
    row_label: Mapped[str | None]
    before: Mapped[dict | None]
    after: Mapped[dict | None]
    change_id: Mapped[str | None]
    reason: Mapped[str | None]
    imported_from: Mapped[str | None]
    imported_at: Mapped[datetime | None]


class Setting(Audited, Base):
    """An office's setting, such as whether every fact must cite a source."""

    __table__ = schema.setting

    key: Mapped[str]
    value: Mapped[str]
