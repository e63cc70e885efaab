"""People and the posts they hold in organizations and cities."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citylinks.model.base import Audited, Base, Cited, NameMixin, Period, in_list, period_checks
from citylinks.model.organizations import Organization
from citylinks.model.places import City, display_name
from citylinks.vocab import NAME_KINDS


class Person(Audited, Cited, Base):
    __tablename__ = "person"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    names: Mapped[list[PersonName]] = relationship(
        back_populates="person", order_by="PersonName.position", cascade="all, delete-orphan"
    )
    posts: Mapped[list[Post]] = relationship(back_populates="person", order_by="Post.id")

    def name(self, lang: str = "en") -> str:
        return display_name(self.names, lang) or self.key


class PersonName(NameMixin, Base):
    __tablename__ = "person_name"
    __table_args__ = (in_list("kind", NAME_KINDS),)

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    person: Mapped[Person] = relationship(back_populates="names")


class Post(Audited, Cited, Period, Base):
    """A person holding a post (secretary general, mayor, director) in an organization or city."""

    __tablename__ = "post"
    __table_args__ = (
        CheckConstraint("(organization_id IS NULL) <> (city_id IS NULL)", name="one_holder"),
        *period_checks(),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    city_id: Mapped[int | None] = mapped_column(
        ForeignKey("city.id", ondelete="RESTRICT"), index=True
    )
    note: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(back_populates="posts")
    organization: Mapped[Organization | None] = relationship()
    city: Mapped[City | None] = relationship()
