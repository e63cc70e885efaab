"""Meetings: sessions of a meeting series, who attended, and how many, as sources say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Mapped, relationship

from citylinks import schema
from citylinks.model.base import Audited, Base, Cited, Period
from citylinks.model.organizations import MeetingSeries, Organization
from citylinks.model.places import City

if TYPE_CHECKING:
    from citylinks.model.people import Person


class Session(Audited, Cited, Period, Base):
    """One meeting of a series, numbered as the organization numbers it."""

    __table__ = schema.session

    series_id: Mapped[int]
    number: Mapped[int]
    host_city_id: Mapped[int | None]
    status: Mapped[str]
    venue: Mapped[str | None]
    theme: Mapped[str | None]
    note: Mapped[str | None]

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

    __table__ = schema.session_numbering

    session_id: Mapped[int]
    number: Mapped[int]
    label: Mapped[str | None]


class AttendanceClaim(Audited, Cited, Base):
    """A source's count of who came: "more than 100 mayors and city managers"."""

    __table__ = schema.attendance_claim

    session_id: Mapped[int]
    number: Mapped[int]
    qualifier: Mapped[str]
    counted: Mapped[str | None]


class Attendance(Audited, Cited, Base):
    """A city, an organization or a person at a session, possibly on behalf of another."""

    __table__ = schema.attendance

    session_id: Mapped[int]
    city_id: Mapped[int | None]
    organization_id: Mapped[int | None]
    person_id: Mapped[int | None]
    on_behalf_of_city_id: Mapped[int | None]
    on_behalf_of_organization_id: Mapped[int | None]
    role: Mapped[str]
    note: Mapped[str | None]

    city: Mapped[City | None] = relationship(foreign_keys=schema.attendance.c.city_id)
    organization: Mapped[Organization | None] = relationship(
        foreign_keys=schema.attendance.c.organization_id
    )
    person: Mapped[Person | None] = relationship()
    on_behalf_of_city: Mapped[City | None] = relationship(
        foreign_keys=schema.attendance.c.on_behalf_of_city_id
    )
    on_behalf_of_organization: Mapped[Organization | None] = relationship(
        foreign_keys=schema.attendance.c.on_behalf_of_organization_id
    )
