"""People and the posts they hold in organizations and cities."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, relationship

from citylinks import schema
from citylinks.model.base import Audited, Base, Cited, NameMixin, Period
from citylinks.model.organizations import Organization
from citylinks.model.places import City
from citylinks.text import display_name


class Person(Audited, Cited, Base):
    __table__ = schema.person

    key: Mapped[str]
    names: Mapped[list[PersonName]] = relationship(
        back_populates="person", order_by="PersonName.position", cascade="all, delete-orphan"
    )
    posts: Mapped[list[Post]] = relationship(back_populates="person", order_by="Post.id")

    def name(self, lang: str | None = None) -> str:
        """Its name in `lang`, by default the interface language (text.display_name)."""
        return display_name(self.names, lang) or self.key


class PersonName(NameMixin, Cited, Base):
    __table__ = schema.person_name

    person_id: Mapped[int]
    person: Mapped[Person] = relationship(back_populates="names")


class Post(Audited, Cited, Period, Base):
    """A person holding a post (secretary general, mayor, director) in an organization or city."""

    __table__ = schema.post

    person_id: Mapped[int]
    title: Mapped[str]
    organization_id: Mapped[int | None]
    city_id: Mapped[int | None]
    note: Mapped[str | None]

    person: Mapped[Person] = relationship(back_populates="posts")
    organization: Mapped[Organization | None] = relationship()
    city: Mapped[City | None] = relationship()
