"""Memberships of cities (or organizations) in organizations, as a history of phases, and
the roles members hold."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, relationship

from citylinks import schema
from citylinks.model.base import Audited, Base, Cited, Period
from citylinks.model.events import Session
from citylinks.model.organizations import Organization
from citylinks.model.places import City


class Membership(Audited, Base):
    """A city, or an organization, in an organization. What it was when is in its phases;
    nothing is overwritten, a re-join is a new phase, "member since" is derived."""

    __table__ = schema.membership

    organization_id: Mapped[int]
    city_id: Mapped[int | None]
    member_organization_id: Mapped[int | None]

    organization: Mapped[Organization] = relationship(
        foreign_keys=schema.membership.c.organization_id
    )
    city: Mapped[City | None] = relationship()
    member_organization: Mapped[Organization | None] = relationship(
        foreign_keys=schema.membership.c.member_organization_id
    )
    phases: Mapped[list[MembershipPhase]] = relationship(
        back_populates="membership",
        order_by="MembershipPhase.position",
        cascade="all, delete-orphan",
    )

    @property
    def member_name(self) -> str:
        return self.city.name() if self.city else self.member_organization.name()  # type: ignore[union-attr]


class MembershipPhase(Audited, Cited, Period, Base):
    """One stretch of a membership in one status: cooperating, member, suspended, ..."""

    __table__ = schema.membership_phase

    membership_id: Mapped[int]
    position: Mapped[int]
    status: Mapped[str]
    reason: Mapped[str | None]
    note: Mapped[str | None]
    session_id: Mapped[int | None]
    retracted_at: Mapped[datetime | None]
    retraction_reason: Mapped[str | None]

    membership: Mapped[Membership] = relationship(back_populates="phases")
    session: Mapped[Session | None] = relationship()


class Role(Audited, Cited, Period, Base):
    """A post a city holds in an organization or committee: secretary, chair, vice-president."""

    __table__ = schema.role

    city_id: Mapped[int]
    organization_id: Mapped[int]
    title: Mapped[str]
    session_id: Mapped[int | None]
    note: Mapped[str | None]

    city: Mapped[City] = relationship()
    organization: Mapped[Organization] = relationship()
    session: Mapped[Session | None] = relationship()
    # The findings of `citylinks check` about it that an officer reviewed: removed with it,
    # each logged (the ORM deletes them, so that the log and `undo` see them).
    reviews: Mapped[list[CheckReview]] = relationship(
        back_populates="role", cascade="all, delete-orphan", order_by="CheckReview.id"
    )


class CheckReview(Audited, Cited, Base):
    """A finding of `citylinks check` an officer looked at and found right as recorded: its
    kind and problem, the record it is about, why, and the sources that say so."""

    __table__ = schema.check_review

    kind: Mapped[str]
    problem: Mapped[str]
    role_id: Mapped[int | None]
    table_name: Mapped[str | None]
    row_id: Mapped[int | None]
    other_row_id: Mapped[int | None]
    reason: Mapped[str]

    role: Mapped[Role | None] = relationship(back_populates="reviews")
