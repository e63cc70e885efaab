"""Countries and cities, with their names, identifiers and designations."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Mapped, relationship

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.i18n import language
from citylinks.model.base import Audited, Base, Cited, NameMixin, partial_date
from citylinks.text import display_name


class Country(Audited, Base):
    """A country, by its ISO 3166-1 alpha-2 code."""

    __table__ = schema.country

    code: Mapped[str]
    name_en: Mapped[str]
    name_fa: Mapped[str | None]

    def name(self, lang: str | None = None) -> str:
        """Its name in `lang`, by default the interface language."""
        return (self.name_fa if (lang or language()) == "fa" else None) or self.name_en


class City(Audited, Cited, Base):
    __table__ = schema.city

    key: Mapped[str]
    country_id: Mapped[int]
    region: Mapped[str | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]

    country: Mapped[Country] = relationship(lazy="joined", innerjoin=True)
    names: Mapped[list[CityName]] = relationship(
        back_populates="city", order_by="CityName.position", cascade="all, delete-orphan"
    )
    identifiers: Mapped[list[CityIdentifier]] = relationship(
        cascade="all, delete-orphan", order_by="CityIdentifier.scheme"
    )
    designations: Mapped[list[Designation]] = relationship(
        cascade="all, delete-orphan", order_by="Designation.id"
    )

    def name(self, lang: str | None = None) -> str:
        """Its name in `lang`, by default the interface language (text.display_name)."""
        return display_name(self.names, lang) or self.key


class CityName(NameMixin, Cited, Base):
    __table__ = schema.city_name

    city_id: Mapped[int]
    city: Mapped[City] = relationship(back_populates="names")


class CityIdentifier(Base):
    """An identifier in another register: wikidata, geonames, ..."""

    __table__ = schema.city_identifier

    id: Mapped[int]
    city_id: Mapped[int]
    scheme: Mapped[str]
    value: Mapped[str]


class Designation(Audited, Cited, Base):
    """A title a city holds, such as a UNESCO World Heritage inscription."""

    __table__ = schema.designation

    city_id: Mapped[int]
    name: Mapped[str]
    reference: Mapped[str | None]
    date_text: Mapped[str]
    date_precision: Mapped[str | None]
    date_earliest: Mapped[date | None]
    date_latest: Mapped[date | None]
    date: Mapped[PartialDate] = partial_date("date")
