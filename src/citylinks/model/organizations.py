"""Organizations of cities, their committees and bodies, mottos, and meeting series."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, composite, mapped_column, relationship

from citylinks.dates import PartialDate
from citylinks.model.base import DATE_TEXT, Audited, Base, Cited, NameMixin, date_checks, in_list
from citylinks.model.places import City, display_name
from citylinks.vocab import COUNT_QUALIFIERS, NAME_KINDS, ORGANIZATION_KINDS


class Organization(Audited, Cited, Base):
    """A network of cities (the AMF), or a committee or body inside one (`parent`)."""

    __tablename__ = "organization"
    __table_args__ = (in_list("kind", ORGANIZATION_KINDS), *date_checks("founded"))

    key: Mapped[str] = mapped_column(String(64), unique=True)
    acronym: Mapped[str | None] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="network")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    classification: Mapped[str | None] = mapped_column(String(300))
    region: Mapped[str | None] = mapped_column(String(200))
    aims: Mapped[list | None] = mapped_column()
    founded_text: Mapped[str] = mapped_column(String(DATE_TEXT), default="unknown")
    founded_precision: Mapped[str | None] = mapped_column(String(5))
    founded_earliest: Mapped[date | None] = mapped_column(Date)
    founded_latest: Mapped[date | None] = mapped_column(Date)
    founded: Mapped[PartialDate] = composite(
        PartialDate.from_columns,
        "founded_text",
        "founded_precision",
        "founded_earliest",
        "founded_latest",
    )
    initiator: Mapped[str | None] = mapped_column(String(500))
    seat_city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="RESTRICT"))
    website: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)

    parent: Mapped[Organization | None] = relationship(
        remote_side="Organization.id", back_populates="children"
    )
    children: Mapped[list[Organization]] = relationship(
        back_populates="parent", order_by="Organization.key"
    )
    seat: Mapped[City | None] = relationship()
    names: Mapped[list[OrganizationName]] = relationship(
        back_populates="organization",
        order_by="OrganizationName.position",
        cascade="all, delete-orphan",
    )
    identifiers: Mapped[list[OrganizationIdentifier]] = relationship(
        cascade="all, delete-orphan", order_by="OrganizationIdentifier.scheme"
    )
    mottos: Mapped[list[Motto]] = relationship(cascade="all, delete-orphan", order_by="Motto.id")
    series: Mapped[list[MeetingSeries]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="MeetingSeries.id"
    )
    member_counts: Mapped[list[MemberCountClaim]] = relationship(
        cascade="all, delete-orphan", order_by="MemberCountClaim.id"
    )

    def name(self, lang: str = "en") -> str:
        return display_name(self.names, lang) or self.acronym or self.key

    @property
    def label(self) -> str:
        """The acronym if there is one, else the name: how reports refer to it."""
        return self.acronym or self.name()


class OrganizationName(NameMixin, Base):
    __tablename__ = "organization_name"
    __table_args__ = (in_list("kind", NAME_KINDS),)

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    organization: Mapped[Organization] = relationship(back_populates="names")


class OrganizationIdentifier(Base):
    __tablename__ = "organization_identifier"
    __table_args__ = (UniqueConstraint("scheme", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(200))


class Motto(Audited, Cited, Base):
    """One sourced wording of a motto; an organization may have several."""

    __tablename__ = "motto"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(500))
    lang: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class MemberCountClaim(Audited, Cited, Base):
    """A source's count of an organization's members, as that source gives it."""

    __tablename__ = "member_count_claim"
    __table_args__ = (in_list("qualifier", COUNT_QUALIFIERS), *date_checks("as_of"))

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(String(16), default="exactly")
    counted: Mapped[str | None] = mapped_column(String(300))
    as_of_text: Mapped[str] = mapped_column(String(DATE_TEXT), default="unknown")
    as_of_precision: Mapped[str | None] = mapped_column(String(5))
    as_of_earliest: Mapped[date | None] = mapped_column(Date)
    as_of_latest: Mapped[date | None] = mapped_column(Date)
    as_of: Mapped[PartialDate] = composite(
        PartialDate.from_columns, "as_of_text", "as_of_precision", "as_of_earliest", "as_of_latest"
    )


class MeetingSeries(Audited, Base):
    """A series of numbered meetings of one organization: General Assembly, Executive Board."""

    __tablename__ = "meeting_series"
    __table_args__ = (UniqueConstraint("organization_id", "key"),)

    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(200))
    name_fa: Mapped[str | None] = mapped_column(String(200))

    organization: Mapped[Organization] = relationship(back_populates="series")

    def name(self, lang: str = "en") -> str:
        return (self.name_fa if lang == "fa" else None) or self.name_en
