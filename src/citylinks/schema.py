"""The database schema: every table, as SQLAlchemy Core `Table`s on one `MetaData`.

This is the one definition of the tables. The mapped classes in citylinks.model are mapped
onto these tables (declarative with imperative table), adding relationships and the partial
date composites; reports that only read plain rows use the tables directly, so a command such
as `citylinks timeline` never pays for importing the ORM or configuring mappers.

Shared shapes are built by small functions: audit columns and a version counter on every
row that officers edit, partial dates stored as text + precision + earliest/latest day,
names in several languages, and a `<table>_source` citation table for every table whose
rows cite sources.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    func,
)

from citylinks.vocab import (
    ATTENDANCE_ROLES,
    COUNT_QUALIFIERS,
    NAME_KINDS,
    ORGANIZATION_KINDS,
    SESSION_STATUSES,
    SOURCE_KINDS,
    STATUS_NAMES,
)

# One naming convention, so that every constraint has a stable name across SQLite, PostgreSQL
# and MariaDB and migrations can refer to it.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Long enough for "before j:1404-09-07" and the like.
DATE_TEXT = 40

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# The largest whole number the databases' INTEGER columns hold (PostgreSQL's is 32-bit): a
# larger session number or count is a typo, refused before it reaches the database.
LARGEST_NUMBER = 2_147_483_647

# The tables whose rows cite sources, each with its `<table>_source` table (see `citations`).
CITING: dict[str, Table] = {}
# Of those, the tables whose rows may cite sources of their own but need not: a name is
# sourced through the record it names (a city's sources back its names), so a name citing
# none is not an unsourced fact (`citylinks check`, the sourcing policy).
SOURCED_THROUGH_OWNER = frozenset({"city_name", "organization_name", "person_name"})


# --- shared shapes -------------------------------------------------------------------------


def audited() -> tuple[Column, ...]:
    """Who created and last changed a row, when, and a version counter (optimistic locking:
    an update of a row another officer changed since it was read fails instead of silently
    overwriting)."""
    return (
        Column("id", Integer, primary_key=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("created_by", String(100), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        Column("updated_by", String(100), nullable=False),
        Column("version", Integer, nullable=False),
    )


def partial_date(
    name: str, index_earliest: bool = False, index_latest: bool = False
) -> tuple[Column, ...]:
    """The four columns of the partial date `name` (citylinks.dates.PartialDate): its text,
    precision and earliest and latest possible day. Queries compare the days, never the text."""
    return (
        Column(f"{name}_text", String(DATE_TEXT), nullable=False, default="unknown"),
        Column(f"{name}_precision", String(5)),
        Column(f"{name}_earliest", Date, index=index_earliest),
        Column(f"{name}_latest", Date, index=index_latest),
    )


def period() -> tuple[Column, ...]:
    """A start and an end; indexed where reports filter ("began by", "ended after")."""
    return (
        *partial_date("start", index_earliest=True),
        *partial_date("end", index_latest=True),
    )


def names_of(owner: str) -> tuple[Column | CheckConstraint, ...]:
    """A name in one language, of a row of `owner`. `folded` is the matching key
    (citylinks.text.fold)."""
    return (
        Column(
            f"{owner}_id",
            ForeignKey(f"{owner}.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        Column("id", Integer, primary_key=True),
        Column("lang", String(16), nullable=False),
        Column("name", String(200), nullable=False),
        Column("kind", String(16), nullable=False, default="official"),
        Column("folded", String(200), nullable=False, index=True),
        Column("position", Integer, nullable=False, default=0),
        in_list("kind", NAME_KINDS),
    )


def date_checks(name: str) -> tuple[CheckConstraint, CheckConstraint]:
    """CHECK constraints for the four columns of the partial date `name`."""
    return (
        CheckConstraint(
            f"{name}_precision IS NULL OR {name}_precision IN ('year', 'month', 'day')",
            name=f"{name}_precision",
        ),
        CheckConstraint(
            f"{name}_earliest IS NULL OR {name}_latest IS NULL OR {name}_earliest <= {name}_latest",
            name=f"{name}_span",
        ),
    )


def period_checks() -> tuple[CheckConstraint, ...]:
    """CHECK constraints of a start–end period: each date well-formed, the end not before the start."""
    return (
        *date_checks("start"),
        *date_checks("end"),
        CheckConstraint(
            "start_earliest IS NULL OR end_latest IS NULL OR start_earliest <= end_latest",
            name="end_after_start",
        ),
    )


def in_list(column: str, values: tuple[str, ...], name: str | None = None) -> CheckConstraint:
    """A CHECK constraint that `column` is one of `values` (the list lives in Python, once)."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or column)


def fk(table: str, ondelete: str = "RESTRICT") -> ForeignKey:
    return ForeignKey(f"{table}.id", ondelete=ondelete)


def ids_in(column, ids: Iterable[int]):
    """`column IN (ids)` for the row ids a report or an export passes from one query to the
    next, with the ids written into the SQL instead of bound one parameter each. Bound, the
    66,000 phase ids of a 22,000-member roster pass PostgreSQL's limit of 65,535 parameters
    (SQLite's is 32,766 or more, by build), and psycopg binds 10,000 ids 4× slower than the
    server parses them as text. Integers only (each goes through int()): no text reaches
    the SQL."""
    return column.in_(bindparam(None, [int(i) for i in ids], expanding=True, literal_execute=True))


def citations(table: Table) -> Table:
    """The `<table>_source` table: which sources a row of `table` cites."""
    link = Table(
        f"{table.name}_source",
        metadata,
        Column(f"{table.name}_id", fk(table.name, "CASCADE"), primary_key=True),
        Column("source_id", fk("source"), primary_key=True, index=True),
    )
    CITING[table.name] = link
    return table


# --- provenance ----------------------------------------------------------------------------

source = Table(
    "source",
    metadata,
    Column("key", String(32), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("title", String(500), nullable=False),
    Column("publisher", String(300)),
    Column("url", String(1000)),
    *partial_date("published"),
    Column("language", String(16)),
    *partial_date("retrieved"),
    Column("excerpt", Text),
    Column("note", Text),
    *audited(),
    in_list("kind", SOURCE_KINDS),
    *date_checks("published"),
    *date_checks("retrieved"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("officer", String(100), nullable=False, index=True),
    Column("action", String(8), nullable=False),
    Column("table_name", String(64), nullable=False),
    Column("row_id", Integer, nullable=False),
    Column("row_label", String(300)),
    Column("before", JSON),
    Column("after", JSON),
    # One command's changes share a change id (one transaction), which `undo` can revert
    # whole; the officer's --reason for a correction is kept with each of its entries.
    Column("change_id", String(32), index=True),
    Column("reason", String(500)),
    # An entry `import dataset` read from a file `export dataset --with-audit` wrote was
    # recorded in another database, whose row ids it names: the file's name and when it was
    # imported (`undo` refuses such an entry). Empty for an entry recorded here.
    Column("imported_from", String(500)),
    Column("imported_at", DateTime(timezone=True)),
    in_list("action", ("insert", "update", "delete")),
)

# An office's settings, such as whether every fact must cite a source (changes are logged).
setting = Table(
    "setting",
    metadata,
    Column("key", String(64), nullable=False, unique=True),
    Column("value", String(500), nullable=False),
    *audited(),
)

# --- places --------------------------------------------------------------------------------

country = Table(
    "country",
    metadata,
    Column("code", String(2), nullable=False, unique=True),
    Column("name_en", String(200), nullable=False),
    Column("name_fa", String(200)),
    *audited(),
)

city = citations(
    Table(
        "city",
        metadata,
        Column("key", String(64), nullable=False, unique=True),
        Column("country_id", fk("country"), nullable=False, index=True),
        Column("region", String(200)),
        Column("latitude", Float),
        Column("longitude", Float),
        *audited(),
    )
)

city_name = citations(Table("city_name", metadata, *names_of("city")))

city_identifier = Table(
    "city_identifier",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("city_id", fk("city", "CASCADE"), nullable=False, index=True),
    Column("scheme", String(32), nullable=False),
    Column("value", String(200), nullable=False),
    UniqueConstraint("scheme", "value"),
)

designation = citations(
    Table(
        "designation",
        metadata,
        Column("city_id", fk("city", "CASCADE"), nullable=False, index=True),
        Column("name", String(300), nullable=False),
        Column("reference", String(100)),
        *partial_date("date"),
        *audited(),
        *date_checks("date"),
    )
)

# --- organizations -------------------------------------------------------------------------

organization = citations(
    Table(
        "organization",
        metadata,
        Column("key", String(64), nullable=False, unique=True),
        Column("acronym", String(32), index=True),
        Column("kind", String(16), nullable=False, default="network"),
        Column("parent_id", fk("organization"), index=True),
        Column("classification", String(300)),
        Column("region", String(200)),
        Column("aims", JSON),
        *partial_date("founded"),
        Column("initiator", String(500)),
        Column("seat_city_id", fk("city")),
        Column("website", String(500)),
        Column("note", Text),
        *audited(),
        in_list("kind", ORGANIZATION_KINDS),
        *date_checks("founded"),
    )
)

# Finding an organization by its acronym in any case ("amf") reads this index. MariaDB has no
# index on an expression, so there the lookup scans (alembic/versions/0002).
EXPRESSION_INDEX_DIALECTS = ("sqlite", "postgresql")
EXPRESSION_INDEXES = {
    Index("ix_organization_acronym_lower", func.lower(organization.c.acronym))
    # SQLAlchemy takes a tuple of dialect names here (documented), but its annotation says str.
    .ddl_if(dialect=EXPRESSION_INDEX_DIALECTS)  # type: ignore[arg-type]
    .name
}

organization_name = citations(Table("organization_name", metadata, *names_of("organization")))

organization_identifier = Table(
    "organization_identifier",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("organization_id", fk("organization", "CASCADE"), nullable=False, index=True),
    Column("scheme", String(32), nullable=False),
    Column("value", String(200), nullable=False),
    UniqueConstraint("scheme", "value"),
)

motto = citations(
    Table(
        "motto",
        metadata,
        Column("organization_id", fk("organization", "CASCADE"), nullable=False, index=True),
        Column("text", String(500), nullable=False),
        Column("lang", String(16), nullable=False),
        Column("note", Text),
        *audited(),
    )
)

member_count_claim = citations(
    Table(
        "member_count_claim",
        metadata,
        Column("organization_id", fk("organization", "CASCADE"), nullable=False, index=True),
        Column("number", Integer, nullable=False),
        Column("qualifier", String(16), nullable=False, default="exactly"),
        Column("counted", String(300)),
        *partial_date("as_of"),
        *audited(),
        in_list("qualifier", COUNT_QUALIFIERS),
        *date_checks("as_of"),
    )
)

meeting_series = Table(
    "meeting_series",
    metadata,
    Column("organization_id", fk("organization", "CASCADE"), nullable=False),
    Column("key", String(64), nullable=False),
    Column("name_en", String(200), nullable=False),
    Column("name_fa", String(200)),
    *audited(),
    UniqueConstraint("organization_id", "key"),
)

# --- people --------------------------------------------------------------------------------

person = citations(
    Table(
        "person",
        metadata,
        Column("key", String(64), nullable=False, unique=True),
        *audited(),
    )
)

person_name = citations(Table("person_name", metadata, *names_of("person")))

post = citations(
    Table(
        "post",
        metadata,
        Column("person_id", fk("person"), nullable=False, index=True),
        Column("title", String(200), nullable=False),
        Column("organization_id", fk("organization"), index=True),
        Column("city_id", fk("city"), index=True),
        Column("note", Text),
        *audited(),
        *period(),
        CheckConstraint("(organization_id IS NULL) <> (city_id IS NULL)", name="one_holder"),
        *period_checks(),
    )
)

# --- events --------------------------------------------------------------------------------

session = citations(
    Table(
        "session",
        metadata,
        Column("series_id", fk("meeting_series"), nullable=False),
        Column("number", Integer, nullable=False),
        Column("host_city_id", fk("city"), index=True),
        Column("status", String(16), nullable=False, default="held"),
        Column("venue", String(300)),
        Column("theme", String(500)),
        Column("note", Text),
        *audited(),
        *period(),
        UniqueConstraint("series_id", "number"),
        in_list("status", SESSION_STATUSES),
        CheckConstraint("number > 0", name="number_positive"),
        *period_checks(),
    )
)

# A session's start or end date cited on its own: a source that gives the day ("29 Aban
# 1387") backs the start without backing the whole session, and a session whose sources give
# only the year is told apart from one whose day is sourced (`citylinks cite session-start:...`).
SESSION_DATE_PARTS = ("start", "end")
session_date_source = Table(
    "session_date_source",
    metadata,
    Column("session_id", fk("session", "CASCADE"), primary_key=True),
    Column("part", String(5), primary_key=True),
    Column("source_id", fk("source"), primary_key=True, index=True),
    in_list("part", SESSION_DATE_PARTS),
)

session_numbering = citations(
    Table(
        "session_numbering",
        metadata,
        Column("session_id", fk("session", "CASCADE"), nullable=False, index=True),
        Column("number", Integer, nullable=False),
        Column("label", String(300)),
        *audited(),
    )
)

attendance_claim = citations(
    Table(
        "attendance_claim",
        metadata,
        Column("session_id", fk("session", "CASCADE"), nullable=False, index=True),
        Column("number", Integer, nullable=False),
        Column("qualifier", String(16), nullable=False, default="exactly"),
        Column("counted", String(300)),
        *audited(),
        in_list("qualifier", COUNT_QUALIFIERS),
        CheckConstraint("number >= 0", name="number_not_negative"),
    )
)

attendance = citations(
    Table(
        "attendance",
        metadata,
        Column("session_id", fk("session", "CASCADE"), nullable=False, index=True),
        Column("city_id", fk("city"), index=True),
        Column("organization_id", fk("organization")),
        Column("person_id", fk("person")),
        Column("on_behalf_of_city_id", fk("city")),
        Column("on_behalf_of_organization_id", fk("organization")),
        Column("role", String(20), nullable=False, default="delegation"),
        Column("note", Text),
        *audited(),
        in_list("role", ATTENDANCE_ROLES),
        CheckConstraint(
            "(CASE WHEN city_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_attendee",
        ),
    )
)

# --- memberships ---------------------------------------------------------------------------

membership = Table(
    "membership",
    metadata,
    Column("organization_id", fk("organization"), nullable=False, index=True),
    Column("city_id", fk("city"), index=True),
    Column("member_organization_id", fk("organization"), index=True),
    *audited(),
    UniqueConstraint("organization_id", "city_id"),
    UniqueConstraint("organization_id", "member_organization_id"),
    CheckConstraint("(city_id IS NULL) <> (member_organization_id IS NULL)", name="one_member"),
)

membership_phase = citations(
    Table(
        "membership_phase",
        metadata,
        Column("membership_id", fk("membership", "CASCADE"), nullable=False),
        Column("position", Integer, nullable=False),
        Column("status", String(20), nullable=False, index=True),
        Column("reason", String(500)),
        Column("note", Text),
        Column("session_id", fk("session")),
        # A retracted phase stays in the record, out of the reports unless asked for.
        Column("retracted_at", DateTime(timezone=True)),
        Column("retraction_reason", String(500)),
        *audited(),
        *period(),
        UniqueConstraint("membership_id", "position"),
        in_list("status", STATUS_NAMES),
        *period_checks(),
    )
)

role = citations(
    Table(
        "role",
        metadata,
        Column("city_id", fk("city"), nullable=False, index=True),
        Column("organization_id", fk("organization"), nullable=False, index=True),
        Column("title", String(100), nullable=False),
        Column("session_id", fk("session")),
        Column("note", Text),
        *audited(),
        *period(),
        *period_checks(),
    )
)


# --- the data check ------------------------------------------------------------------------

# The kinds of finding `citylinks check` lists (reports/check.py), in the order it lists them.
CHECK_KINDS = (
    "unsourced",
    "duplicate",
    "mixed-script",
    "phase",
    "unsupported-day",
    "conflict",
    "role-without-membership",
)

# A finding of `citylinks check` that an officer has looked at and found right as recorded,
# with why (`reason`) and the sources that say so: `check` lists it as reviewed, not as one to
# look at. A role's finding names its role (`role_id`, removed with it); a finding about
# other rows names them by table and id (`row_id`, and `other_row_id` for a pair: two people
# or cities that look like one), which a later kind of review can use without a migration.
check_review = citations(
    Table(
        "check_review",
        metadata,
        Column("kind", String(32), nullable=False),
        Column("problem", String(40), nullable=False),
        Column("role_id", fk("role", "CASCADE"), index=True),
        Column("table_name", String(64)),
        Column("row_id", Integer),
        Column("other_row_id", Integer),
        Column("reason", String(500), nullable=False),
        *audited(),
        in_list("kind", CHECK_KINDS),
        CheckConstraint("(role_id IS NULL) <> (table_name IS NULL)", name="one_record"),
        UniqueConstraint("kind", "role_id"),
        Index("ix_check_review_table_name_row_id", "table_name", "row_id"),
    )
)


# --- Popolo --------------------------------------------------------------------------------

# An object of another tool's Popolo document, as it was read: what citylinks has no column
# for is kept here and written back on export (docs/popolo.md). `table_name` and `row_id`
# name the row it was stored in (none for an object citylinks does not model: an area that is
# no country or city, an event with no organization); `row_version` is that row's version
# when it was read (a later edit is written from citylinks' columns); a `stub` stands for an
# object the document referred to without holding it.
# A Popolo document of another tool, by its namespace (schema 0008): Popolo ids are the
# document's own (every EveryPolitician file calls its legislature `legislature`), so the
# objects of each document are kept apart under its namespace, and an id is looked up in its
# own document's namespace only (a global one, such as a URI, across documents). `top_level`
# holds the document's top-level keys besides the Popolo sections (EveryPolitician's `meta`)
# as written; `file_name` the file as the officer named it at the last import; `digest` the
# SHA-256 of that file's bytes (an unchanged file imported again is the same document).
popolo_document = Table(
    "popolo_document",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("namespace", String(100), nullable=False, unique=True),
    Column("file_name", String(500), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("top_level", JSON),
    Column("first_imported_at", DateTime(timezone=True), nullable=False),
    Column("last_imported_at", DateTime(timezone=True), nullable=False),
)

popolo_extra = Table(
    "popolo_extra",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("section", String(16), nullable=False),
    Column("table_name", String(64)),
    Column("row_id", Integer),
    Column("row_version", Integer),
    Column("popolo_id", String(500)),
    Column("stub", Boolean, nullable=False, default=False),
    Column("data", JSON, nullable=False),
    # The document it was read from (none for objects read before schema 0008).
    Column("document_id", fk("popolo_document", "CASCADE"), index=True),
    Index("ix_popolo_extra_table_name_row_id", "table_name", "row_id"),
)
