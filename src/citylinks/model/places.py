"""Countries and cities, with their names, identifiers and designations."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, composite, mapped_column, relationship

from citylinks.dates import PartialDate
from citylinks.model.base import DATE_TEXT, Audited, Base, Cited, NameMixin, date_checks, in_list
from citylinks.vocab import NAME_KINDS


class Country(Audited, Base):
    """A country, by its ISO 3166-1 alpha-2 code."""

    __tablename__ = "country"

    code: Mapped[str] = mapped_column(String(2), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_fa: Mapped[str | None] = mapped_column(String(200))

    def name(self, lang: str = "en") -> str:
        return (self.name_fa if lang == "fa" else None) or self.name_en


class City(Audited, Cited, Base):
    __tablename__ = "city"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    country_id: Mapped[int] = mapped_column(
        ForeignKey("country.id", ondelete="RESTRICT"), index=True
    )
    region: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

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

    def name(self, lang: str = "en") -> str:
        return display_name(self.names, lang) or self.key


class CityName(NameMixin, Base):
    __tablename__ = "city_name"
    __table_args__ = (in_list("kind", NAME_KINDS),)

    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    city: Mapped[City] = relationship(back_populates="names")


class CityIdentifier(Base):
    """An identifier in another register: wikidata, geonames, ..."""

    __tablename__ = "city_identifier"
    __table_args__ = (UniqueConstraint("scheme", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    scheme: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(200))


class Designation(Audited, Cited, Base):
    """A title a city holds, such as a UNESCO World Heritage inscription."""

    __tablename__ = "designation"
    __table_args__ = date_checks("date")

    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(100))
    date_text: Mapped[str] = mapped_column(String(DATE_TEXT), default="unknown")
    date_precision: Mapped[str | None] = mapped_column(String(5))
    date_earliest: Mapped[date | None] = mapped_column(Date)
    date_latest: Mapped[date | None] = mapped_column(Date)
    date: Mapped[PartialDate] = composite(
        PartialDate.from_columns, "date_text", "date_precision", "date_earliest", "date_latest"
    )


def display_name(names: list, lang: str) -> str | None:
    """The first official name in `lang`, else the first name in `lang`, else the first name."""
    in_lang = [n for n in names if n.lang == lang]
    for n in in_lang:
        if n.kind == "official":
            return n.name
    if in_lang:
        return in_lang[0].name
    return names[0].name if names else None
