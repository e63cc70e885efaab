"""Organizations of cities, their committees and bodies, mottos, and meeting series."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Mapped, relationship

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.i18n import language
from citylinks.model.base import Audited, Base, Cited, NameMixin, partial_date
from citylinks.model.places import City
from citylinks.text import display_name, organization_label


class Organization(Audited, Cited, Base):
    """A network of cities (the AMF), or a committee or body inside one (`parent`)."""

    __table__ = schema.organization

    key: Mapped[str]
    acronym: Mapped[str | None]
    kind: Mapped[str]
    parent_id: Mapped[int | None]
    classification: Mapped[str | None]
    region: Mapped[str | None]
    aims: Mapped[list | None]
    founded_text: Mapped[str]
    founded_precision: Mapped[str | None]
    founded_earliest: Mapped[date | None]
    founded_latest: Mapped[date | None]
    founded: Mapped[PartialDate] = partial_date("founded")
    initiator: Mapped[str | None]
    seat_city_id: Mapped[int | None]
    website: Mapped[str | None]
    note: Mapped[str | None]

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

    def name(self, lang: str | None = None) -> str:
        """Its name in `lang`, by default the interface language (text.display_name)."""
        return display_name(self.names, lang) or self.acronym or self.key

    @property
    def label(self) -> str:
        """How a line names it in the interface language (text.organization_label)."""
        return organization_label(self.acronym, self.names, self.key)


class OrganizationName(NameMixin, Cited, Base):
    __table__ = schema.organization_name

    organization_id: Mapped[int]
    organization: Mapped[Organization] = relationship(back_populates="names")


class OrganizationIdentifier(Base):
    __table__ = schema.organization_identifier

    id: Mapped[int]
    organization_id: Mapped[int]
    scheme: Mapped[str]
    value: Mapped[str]


class Motto(Audited, Cited, Base):
    """One sourced wording of a motto; an organization may have several."""

    __table__ = schema.motto

    organization_id: Mapped[int]
    text: Mapped[str]
    lang: Mapped[str]
    note: Mapped[str | None]


class MemberCountClaim(Audited, Cited, Base):
    """A source's count of an organization's members, as that source gives it."""

    __table__ = schema.member_count_claim

    organization_id: Mapped[int]
    number: Mapped[int]
    qualifier: Mapped[str]
    counted: Mapped[str | None]
    as_of_text: Mapped[str]
    as_of_precision: Mapped[str | None]
    as_of_earliest: Mapped[date | None]
    as_of_latest: Mapped[date | None]
    as_of: Mapped[PartialDate] = partial_date("as_of")


class MeetingSeries(Audited, Base):
    """A series of numbered meetings of one organization: General Assembly, Executive Board."""

    __table__ = schema.meeting_series

    organization_id: Mapped[int]
    key: Mapped[str]
    name_en: Mapped[str]
    name_fa: Mapped[str | None]

    organization: Mapped[Organization] = relationship(back_populates="series")

    def name(self, lang: str | None = None) -> str:
        """Its name in `lang`, by default the interface language."""
        return (self.name_fa if (lang or language()) == "fa" else None) or self.name_en
