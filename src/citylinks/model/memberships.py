"""Memberships of cities (or organizations) in organizations, as a history of phases, and
the roles members hold."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citylinks.model.base import Audited, Base, Cited, Period, in_list, period_checks
from citylinks.model.events import Session
from citylinks.model.organizations import Organization
from citylinks.model.places import City
from citylinks.vocab import STATUS_NAMES


class Membership(Audited, Base):
    """A city, or an organization, in an organization. What it was when is in its phases;
    nothing is overwritten, a re-join is a new phase, "member since" is derived."""

    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("organization_id", "city_id"),
        UniqueConstraint("organization_id", "member_organization_id"),
        CheckConstraint("(city_id IS NULL) <> (member_organization_id IS NULL)", name="one_member"),
    )

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    city_id: Mapped[int | None] = mapped_column(
        ForeignKey("city.id", ondelete="RESTRICT"), index=True
    )
    member_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )

    organization: Mapped[Organization] = relationship(foreign_keys=[organization_id])
    city: Mapped[City | None] = relationship()
    member_organization: Mapped[Organization | None] = relationship(
        foreign_keys=[member_organization_id]
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

    __tablename__ = "membership_phase"
    __table_args__ = (
        UniqueConstraint("membership_id", "position"),
        in_list("status", STATUS_NAMES),
        *period_checks(),
    )

    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="RESTRICT"))

    membership: Mapped[Membership] = relationship(back_populates="phases")
    session: Mapped[Session | None] = relationship()


class Role(Audited, Cited, Period, Base):
    """A post a city holds in an organization or committee: secretary, chair, vice-president."""

    __tablename__ = "role"
    __table_args__ = period_checks()

    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="RESTRICT"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(100))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="RESTRICT"))
    note: Mapped[str | None] = mapped_column(Text)

    city: Mapped[City] = relationship()
    organization: Mapped[Organization] = relationship()
    session: Mapped[Session | None] = relationship()
