"""Meetings: sessions of a meeting series, who attended, and how many, as sources say."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citylinks.model.base import Audited, Base, Cited, Period, in_list, period_checks
from citylinks.model.organizations import MeetingSeries, Organization
from citylinks.model.places import City
from citylinks.vocab import ATTENDANCE_ROLES, COUNT_QUALIFIERS, SESSION_STATUSES


class Session(Audited, Cited, Period, Base):
    """One meeting of a series, numbered as the organization numbers it."""

    __tablename__ = "session"
    __table_args__ = (
        UniqueConstraint("series_id", "number"),
        in_list("status", SESSION_STATUSES),
        CheckConstraint("number > 0", name="number_positive"),
        *period_checks(),
    )

    series_id: Mapped[int] = mapped_column(ForeignKey("meeting_series.id", ondelete="RESTRICT"))
    number: Mapped[int] = mapped_column(Integer)
    host_city_id: Mapped[int | None] = mapped_column(
        ForeignKey("city.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="held")
    venue: Mapped[str | None] = mapped_column(String(300))
    theme: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)

    series: Mapped[MeetingSeries] = relationship()
    host: Mapped[City | None] = relationship()
    numberings: Mapped[list[SessionNumbering]] = relationship(
        cascade="all, delete-orphan", order_by="SessionNumbering.id"
    )
    counts: Mapped[list[AttendanceClaim]] = relationship(
        cascade="all, delete-orphan", order_by="AttendanceClaim.id"
    )
    attendees: Mapped[list[Attendance]] = relationship(
        cascade="all, delete-orphan", order_by="Attendance.id"
    )


class SessionNumbering(Audited, Cited, Base):
    """Another source's number for a session ("the eleventh meeting")."""

    __tablename__ = "session_numbering"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("session.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(300))


class AttendanceClaim(Audited, Cited, Base):
    """A source's count of who came: "more than 100 mayors and city managers"."""

    __tablename__ = "attendance_claim"
    __table_args__ = (
        in_list("qualifier", COUNT_QUALIFIERS),
        CheckConstraint("number >= 0", name="number_not_negative"),
    )

    session_id: Mapped[int] = mapped_column(
        ForeignKey("session.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(String(16), default="exactly")
    counted: Mapped[str | None] = mapped_column(String(300))


class Attendance(Audited, Cited, Base):
    """A city, an organization or a person at a session, possibly on behalf of another."""

    __tablename__ = "attendance"
    __table_args__ = (
        in_list("role", ATTENDANCE_ROLES),
        CheckConstraint(
            "(CASE WHEN city_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_attendee",
        ),
    )

    session_id: Mapped[int] = mapped_column(
        ForeignKey("session.id", ondelete="CASCADE"), index=True
    )
    city_id: Mapped[int | None] = mapped_column(
        ForeignKey("city.id", ondelete="RESTRICT"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT")
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    on_behalf_of_city_id: Mapped[int | None] = mapped_column(
        ForeignKey("city.id", ondelete="RESTRICT")
    )
    on_behalf_of_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT")
    )
    role: Mapped[str] = mapped_column(String(20), default="delegation")
    note: Mapped[str | None] = mapped_column(Text)

    city: Mapped[City | None] = relationship(foreign_keys=[city_id])
    organization: Mapped[Organization | None] = relationship(foreign_keys=[organization_id])
    person: Mapped[Person | None] = relationship()  # noqa: F821
    on_behalf_of_city: Mapped[City | None] = relationship(foreign_keys=[on_behalf_of_city_id])
    on_behalf_of_organization: Mapped[Organization | None] = relationship(
        foreign_keys=[on_behalf_of_organization_id]
    )
