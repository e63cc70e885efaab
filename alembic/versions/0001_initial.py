"""initial

Revision ID: 0001
Revises:
Create Date: 2026-11-29 07:02:55.142636
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # On MariaDB/MySQL every table is utf8mb4 (Persian text) with binary collation (keys and
    # names compare exactly; case-insensitive matching is done on the folded names).
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("officer", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("row_label", sa.String(length=300), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            "action IN ('insert', 'update', 'delete')", name=op.f("ck_audit_log_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_officer"), ["officer"], unique=False)

    op.create_table(
        "country",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_fa", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_country")),
        sa.UniqueConstraint("code", name=op.f("uq_country_code")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    op.create_table(
        "person",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("key", name=op.f("uq_person_key")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    op.create_table(
        "source",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("publisher", sa.String(length=300), nullable=True),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("published_text", sa.String(length=40), nullable=False),
        sa.Column("published_precision", sa.String(length=5), nullable=True),
        sa.Column("published_earliest", sa.Date(), nullable=True),
        sa.Column("published_latest", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("retrieved_text", sa.String(length=40), nullable=False),
        sa.Column("retrieved_precision", sa.String(length=5), nullable=True),
        sa.Column("retrieved_earliest", sa.Date(), nullable=True),
        sa.Column("retrieved_latest", sa.Date(), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('news-release', 'news-article', 'declaration', 'report', 'decision-letter', 'web-page')",
            name=op.f("ck_source_kind"),
        ),
        sa.CheckConstraint(
            "published_precision IS NULL OR published_precision IN ('year', 'month', 'day')",
            name=op.f("ck_source_published_precision"),
        ),
        sa.CheckConstraint(
            "retrieved_precision IS NULL OR retrieved_precision IN ('year', 'month', 'day')",
            name=op.f("ck_source_retrieved_precision"),
        ),
        sa.CheckConstraint(
            "published_earliest IS NULL OR published_latest IS NULL OR published_earliest <= published_latest",
            name=op.f("ck_source_published_span"),
        ),
        sa.CheckConstraint(
            "retrieved_earliest IS NULL OR retrieved_latest IS NULL OR retrieved_earliest <= retrieved_latest",
            name=op.f("ck_source_retrieved_span"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("key", name=op.f("uq_source_key")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    op.create_table(
        "city",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_id"],
            ["country.id"],
            name=op.f("fk_city_country_id_country"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city")),
        sa.UniqueConstraint("key", name=op.f("uq_city_key")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("city", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_city_country_id"), ["country_id"], unique=False)

    op.create_table(
        "person_name",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("folded", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('official', 'alternate', 'former', 'transliteration', 'acronym')",
            name=op.f("ck_person_name_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_name_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_name")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("person_name", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_name_folded"), ["folded"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_name_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_source",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_source_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_person_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("person_id", "source_id", name=op.f("pk_person_source")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("person_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_source_source_id"), ["source_id"], unique=False)

    op.create_table(
        "city_identifier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_id"],
            ["city.id"],
            name=op.f("fk_city_identifier_city_id_city"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city_identifier")),
        sa.UniqueConstraint("scheme", "value", name=op.f("uq_city_identifier_scheme_value")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("city_identifier", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_city_identifier_city_id"), ["city_id"], unique=False)

    op.create_table(
        "city_name",
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("folded", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('official', 'alternate', 'former', 'transliteration', 'acronym')",
            name=op.f("ck_city_name_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_city_name_city_id_city"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city_name")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("city_name", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_city_name_city_id"), ["city_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_city_name_folded"), ["folded"], unique=False)

    op.create_table(
        "city_source",
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_city_source_city_id_city"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_city_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("city_id", "source_id", name=op.f("pk_city_source")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("city_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_city_source_source_id"), ["source_id"], unique=False)

    op.create_table(
        "designation",
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("date_text", sa.String(length=40), nullable=False),
        sa.Column("date_precision", sa.String(length=5), nullable=True),
        sa.Column("date_earliest", sa.Date(), nullable=True),
        sa.Column("date_latest", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "date_precision IS NULL OR date_precision IN ('year', 'month', 'day')",
            name=op.f("ck_designation_date_precision"),
        ),
        sa.CheckConstraint(
            "date_earliest IS NULL OR date_latest IS NULL OR date_earliest <= date_latest",
            name=op.f("ck_designation_date_span"),
        ),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_designation_city_id_city"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("designation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_designation_city_id"), ["city_id"], unique=False)

    op.create_table(
        "organization",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("acronym", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("classification", sa.String(length=300), nullable=True),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("aims", sa.JSON(), nullable=True),
        sa.Column("founded_text", sa.String(length=40), nullable=False),
        sa.Column("founded_precision", sa.String(length=5), nullable=True),
        sa.Column("founded_earliest", sa.Date(), nullable=True),
        sa.Column("founded_latest", sa.Date(), nullable=True),
        sa.Column("initiator", sa.String(length=500), nullable=True),
        sa.Column("seat_city_id", sa.Integer(), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "founded_precision IS NULL OR founded_precision IN ('year', 'month', 'day')",
            name=op.f("ck_organization_founded_precision"),
        ),
        sa.CheckConstraint(
            "kind IN ('network', 'committee', 'body')", name=op.f("ck_organization_kind")
        ),
        sa.CheckConstraint(
            "founded_earliest IS NULL OR founded_latest IS NULL OR founded_earliest <= founded_latest",
            name=op.f("ck_organization_founded_span"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organization.id"],
            name=op.f("fk_organization_parent_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["seat_city_id"],
            ["city.id"],
            name=op.f("fk_organization_seat_city_id_city"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
        sa.UniqueConstraint("key", name=op.f("uq_organization_key")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_acronym"), ["acronym"], unique=False)
        batch_op.create_index(batch_op.f("ix_organization_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "designation_source",
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designation.id"],
            name=op.f("fk_designation_source_designation_id_designation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_designation_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("designation_id", "source_id", name=op.f("pk_designation_source")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("designation_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_designation_source_source_id"), ["source_id"], unique=False
        )

    op.create_table(
        "meeting_series",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_fa", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_meeting_series_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_series")),
        sa.UniqueConstraint(
            "organization_id", "key", name=op.f("uq_meeting_series_organization_id_key")
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    op.create_table(
        "member_count_claim",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("counted", sa.String(length=300), nullable=True),
        sa.Column("as_of_text", sa.String(length=40), nullable=False),
        sa.Column("as_of_precision", sa.String(length=5), nullable=True),
        sa.Column("as_of_earliest", sa.Date(), nullable=True),
        sa.Column("as_of_latest", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "as_of_precision IS NULL OR as_of_precision IN ('year', 'month', 'day')",
            name=op.f("ck_member_count_claim_as_of_precision"),
        ),
        sa.CheckConstraint(
            "qualifier IN ('exactly', 'more-than', 'less-than', 'about')",
            name=op.f("ck_member_count_claim_qualifier"),
        ),
        sa.CheckConstraint(
            "as_of_earliest IS NULL OR as_of_latest IS NULL OR as_of_earliest <= as_of_latest",
            name=op.f("ck_member_count_claim_as_of_span"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_member_count_claim_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_count_claim")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("member_count_claim", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_count_claim_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "membership",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("member_organization_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(city_id IS NULL) <> (member_organization_id IS NULL)",
            name=op.f("ck_membership_one_member"),
        ),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_membership_city_id_city"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["member_organization_id"],
            ["organization.id"],
            name=op.f("fk_membership_member_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_membership_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint(
            "organization_id", "city_id", name=op.f("uq_membership_organization_id_city_id")
        ),
        sa.UniqueConstraint(
            "organization_id",
            "member_organization_id",
            name=op.f("uq_membership_organization_id_member_organization_id"),
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_city_id"), ["city_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_membership_member_organization_id"),
            ["member_organization_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_membership_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "motto",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_motto_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_motto")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("motto", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_motto_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "organization_identifier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_organization_identifier_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_identifier")),
        sa.UniqueConstraint(
            "scheme", "value", name=op.f("uq_organization_identifier_scheme_value")
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("organization_identifier", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organization_identifier_organization_id"),
            ["organization_id"],
            unique=False,
        )

    op.create_table(
        "organization_name",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("folded", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('official', 'alternate', 'former', 'transliteration', 'acronym')",
            name=op.f("ck_organization_name_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_organization_name_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_name")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("organization_name", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_name_folded"), ["folded"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_organization_name_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "organization_source",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_organization_source_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_organization_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "source_id", name=op.f("pk_organization_source")
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("organization_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organization_source_source_id"), ["source_id"], unique=False
        )

    op.create_table(
        "post",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("start_text", sa.String(length=40), nullable=False),
        sa.Column("start_precision", sa.String(length=5), nullable=True),
        sa.Column("start_earliest", sa.Date(), nullable=True),
        sa.Column("start_latest", sa.Date(), nullable=True),
        sa.Column("end_text", sa.String(length=40), nullable=False),
        sa.Column("end_precision", sa.String(length=5), nullable=True),
        sa.Column("end_earliest", sa.Date(), nullable=True),
        sa.Column("end_latest", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "end_precision IS NULL OR end_precision IN ('year', 'month', 'day')",
            name=op.f("ck_post_end_precision"),
        ),
        sa.CheckConstraint(
            "start_precision IS NULL OR start_precision IN ('year', 'month', 'day')",
            name=op.f("ck_post_start_precision"),
        ),
        sa.CheckConstraint(
            "(organization_id IS NULL) <> (city_id IS NULL)", name=op.f("ck_post_one_holder")
        ),
        sa.CheckConstraint(
            "end_earliest IS NULL OR end_latest IS NULL OR end_earliest <= end_latest",
            name=op.f("ck_post_end_span"),
        ),
        sa.CheckConstraint(
            "start_earliest IS NULL OR end_latest IS NULL OR start_earliest <= end_latest",
            name=op.f("ck_post_end_after_start"),
        ),
        sa.CheckConstraint(
            "start_earliest IS NULL OR start_latest IS NULL OR start_earliest <= start_latest",
            name=op.f("ck_post_start_span"),
        ),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_post_city_id_city"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_post_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_post_person_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_post_city_id"), ["city_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_post_end_latest"), ["end_latest"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_post_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_post_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_post_start_earliest"), ["start_earliest"], unique=False
        )

    op.create_table(
        "member_count_claim_source",
        sa.Column("member_count_claim_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_count_claim_id"],
            ["member_count_claim.id"],
            name=op.f("fk_member_count_claim_source_member_count_claim_id_member_count_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_member_count_claim_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "member_count_claim_id", "source_id", name=op.f("pk_member_count_claim_source")
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("member_count_claim_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_count_claim_source_source_id"), ["source_id"], unique=False
        )

    op.create_table(
        "motto_source",
        sa.Column("motto_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["motto_id"],
            ["motto.id"],
            name=op.f("fk_motto_source_motto_id_motto"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_motto_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("motto_id", "source_id", name=op.f("pk_motto_source")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("motto_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_motto_source_source_id"), ["source_id"], unique=False)

    op.create_table(
        "post_source",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["post.id"], name=op.f("fk_post_source_post_id_post"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_post_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("post_id", "source_id", name=op.f("pk_post_source")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("post_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_post_source_source_id"), ["source_id"], unique=False)

    op.create_table(
        "session",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("host_city_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.Column("theme", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("start_text", sa.String(length=40), nullable=False),
        sa.Column("start_precision", sa.String(length=5), nullable=True),
        sa.Column("start_earliest", sa.Date(), nullable=True),
        sa.Column("start_latest", sa.Date(), nullable=True),
        sa.Column("end_text", sa.String(length=40), nullable=False),
        sa.Column("end_precision", sa.String(length=5), nullable=True),
        sa.Column("end_earliest", sa.Date(), nullable=True),
        sa.Column("end_latest", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "end_precision IS NULL OR end_precision IN ('year', 'month', 'day')",
            name=op.f("ck_session_end_precision"),
        ),
        sa.CheckConstraint(
            "start_precision IS NULL OR start_precision IN ('year', 'month', 'day')",
            name=op.f("ck_session_start_precision"),
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'held', 'postponed', 'cancelled')",
            name=op.f("ck_session_status"),
        ),
        sa.CheckConstraint(
            "end_earliest IS NULL OR end_latest IS NULL OR end_earliest <= end_latest",
            name=op.f("ck_session_end_span"),
        ),
        sa.CheckConstraint("number > 0", name=op.f("ck_session_number_positive")),
        sa.CheckConstraint(
            "start_earliest IS NULL OR end_latest IS NULL OR start_earliest <= end_latest",
            name=op.f("ck_session_end_after_start"),
        ),
        sa.CheckConstraint(
            "start_earliest IS NULL OR start_latest IS NULL OR start_earliest <= start_latest",
            name=op.f("ck_session_start_span"),
        ),
        sa.ForeignKeyConstraint(
            ["host_city_id"],
            ["city.id"],
            name=op.f("fk_session_host_city_id_city"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["meeting_series.id"],
            name=op.f("fk_session_series_id_meeting_series"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session")),
        sa.UniqueConstraint("series_id", "number", name=op.f("uq_session_series_id_number")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_end_latest"), ["end_latest"], unique=False)
        batch_op.create_index(batch_op.f("ix_session_host_city_id"), ["host_city_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_session_start_earliest"), ["start_earliest"], unique=False
        )

    op.create_table(
        "attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("on_behalf_of_city_id", sa.Integer(), nullable=True),
        sa.Column("on_behalf_of_organization_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "role IN ('host', 'delegation', 'associate-member', 'observer', 'guest')",
            name=op.f("ck_attendance_role"),
        ),
        sa.CheckConstraint(
            "(CASE WHEN city_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_attendance_one_attendee"),
        ),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_attendance_city_id_city"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["on_behalf_of_city_id"],
            ["city.id"],
            name=op.f("fk_attendance_on_behalf_of_city_id_city"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["on_behalf_of_organization_id"],
            ["organization.id"],
            name=op.f("fk_attendance_on_behalf_of_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_attendance_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_attendance_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_attendance_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_city_id"), ["city_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_session_id"), ["session_id"], unique=False)

    op.create_table(
        "attendance_claim",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("counted", sa.String(length=300), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "qualifier IN ('exactly', 'more-than', 'less-than', 'about')",
            name=op.f("ck_attendance_claim_qualifier"),
        ),
        sa.CheckConstraint("number >= 0", name=op.f("ck_attendance_claim_number_not_negative")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_attendance_claim_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_claim")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("attendance_claim", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_claim_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "membership_phase",
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("start_text", sa.String(length=40), nullable=False),
        sa.Column("start_precision", sa.String(length=5), nullable=True),
        sa.Column("start_earliest", sa.Date(), nullable=True),
        sa.Column("start_latest", sa.Date(), nullable=True),
        sa.Column("end_text", sa.String(length=40), nullable=False),
        sa.Column("end_precision", sa.String(length=5), nullable=True),
        sa.Column("end_earliest", sa.Date(), nullable=True),
        sa.Column("end_latest", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "end_precision IS NULL OR end_precision IN ('year', 'month', 'day')",
            name=op.f("ck_membership_phase_end_precision"),
        ),
        sa.CheckConstraint(
            "start_precision IS NULL OR start_precision IN ('year', 'month', 'day')",
            name=op.f("ck_membership_phase_start_precision"),
        ),
        sa.CheckConstraint(
            "status IN ('cooperating', 'applicant', 'observer', 'associate-member', 'member', 'suspended', 'withdrawn', 'expelled')",
            name=op.f("ck_membership_phase_status"),
        ),
        sa.CheckConstraint(
            "end_earliest IS NULL OR end_latest IS NULL OR end_earliest <= end_latest",
            name=op.f("ck_membership_phase_end_span"),
        ),
        sa.CheckConstraint(
            "start_earliest IS NULL OR end_latest IS NULL OR start_earliest <= end_latest",
            name=op.f("ck_membership_phase_end_after_start"),
        ),
        sa.CheckConstraint(
            "start_earliest IS NULL OR start_latest IS NULL OR start_earliest <= start_latest",
            name=op.f("ck_membership_phase_start_span"),
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["membership.id"],
            name=op.f("fk_membership_phase_membership_id_membership"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_membership_phase_session_id_session"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_phase")),
        sa.UniqueConstraint(
            "membership_id", "position", name=op.f("uq_membership_phase_membership_id_position")
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("membership_phase", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_membership_phase_end_latest"), ["end_latest"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_membership_phase_start_earliest"), ["start_earliest"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_membership_phase_status"), ["status"], unique=False)

    op.create_table(
        "role",
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("start_text", sa.String(length=40), nullable=False),
        sa.Column("start_precision", sa.String(length=5), nullable=True),
        sa.Column("start_earliest", sa.Date(), nullable=True),
        sa.Column("start_latest", sa.Date(), nullable=True),
        sa.Column("end_text", sa.String(length=40), nullable=False),
        sa.Column("end_precision", sa.String(length=5), nullable=True),
        sa.Column("end_earliest", sa.Date(), nullable=True),
        sa.Column("end_latest", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "end_precision IS NULL OR end_precision IN ('year', 'month', 'day')",
            name=op.f("ck_role_end_precision"),
        ),
        sa.CheckConstraint(
            "start_precision IS NULL OR start_precision IN ('year', 'month', 'day')",
            name=op.f("ck_role_start_precision"),
        ),
        sa.CheckConstraint(
            "end_earliest IS NULL OR end_latest IS NULL OR end_earliest <= end_latest",
            name=op.f("ck_role_end_span"),
        ),
        sa.CheckConstraint(
            "start_earliest IS NULL OR end_latest IS NULL OR start_earliest <= end_latest",
            name=op.f("ck_role_end_after_start"),
        ),
        sa.CheckConstraint(
            "start_earliest IS NULL OR start_latest IS NULL OR start_earliest <= start_latest",
            name=op.f("ck_role_start_span"),
        ),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_role_city_id_city"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_role_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_role_session_id_session"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_city_id"), ["city_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_role_end_latest"), ["end_latest"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_role_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_role_start_earliest"), ["start_earliest"], unique=False
        )

    op.create_table(
        "session_numbering",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_session_numbering_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_numbering")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("session_numbering", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_numbering_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "session_source",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_session_source_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_session_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("session_id", "source_id", name=op.f("pk_session_source")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("session_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_source_source_id"), ["source_id"], unique=False
        )

    op.create_table(
        "attendance_claim_source",
        sa.Column("attendance_claim_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attendance_claim_id"],
            ["attendance_claim.id"],
            name=op.f("fk_attendance_claim_source_attendance_claim_id_attendance_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_attendance_claim_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "attendance_claim_id", "source_id", name=op.f("pk_attendance_claim_source")
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("attendance_claim_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_claim_source_source_id"), ["source_id"], unique=False
        )

    op.create_table(
        "attendance_source",
        sa.Column("attendance_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attendance_id"],
            ["attendance.id"],
            name=op.f("fk_attendance_source_attendance_id_attendance"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_attendance_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("attendance_id", "source_id", name=op.f("pk_attendance_source")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("attendance_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_source_source_id"), ["source_id"], unique=False
        )

    op.create_table(
        "membership_phase_source",
        sa.Column("membership_phase_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_phase_id"],
            ["membership_phase.id"],
            name=op.f("fk_membership_phase_source_membership_phase_id_membership_phase"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_membership_phase_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "membership_phase_id", "source_id", name=op.f("pk_membership_phase_source")
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("membership_phase_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_membership_phase_source_source_id"), ["source_id"], unique=False
        )

    op.create_table(
        "role_source",
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"], ["role.id"], name=op.f("fk_role_source_role_id_role"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_role_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("role_id", "source_id", name=op.f("pk_role_source")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("role_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_source_source_id"), ["source_id"], unique=False)

    op.create_table(
        "session_numbering_source",
        sa.Column("session_numbering_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_numbering_id"],
            ["session_numbering.id"],
            name=op.f("fk_session_numbering_source_session_numbering_id_session_numbering"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_session_numbering_source_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "session_numbering_id", "source_id", name=op.f("pk_session_numbering_source")
        ),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    with op.batch_alter_table("session_numbering_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_numbering_source_source_id"), ["source_id"], unique=False
        )


def downgrade() -> None:
    # Dropping a table drops its indexes; dropping them first fails on MariaDB, where an
    # index that a foreign key uses cannot be dropped on its own.
    op.drop_table("session_numbering_source")
    op.drop_table("role_source")
    op.drop_table("membership_phase_source")
    op.drop_table("attendance_source")
    op.drop_table("attendance_claim_source")
    op.drop_table("session_source")
    op.drop_table("session_numbering")
    op.drop_table("role")
    op.drop_table("membership_phase")
    op.drop_table("attendance_claim")
    op.drop_table("attendance")
    op.drop_table("session")
    op.drop_table("post_source")
    op.drop_table("motto_source")
    op.drop_table("member_count_claim_source")
    op.drop_table("post")
    op.drop_table("organization_source")
    op.drop_table("organization_name")
    op.drop_table("organization_identifier")
    op.drop_table("motto")
    op.drop_table("membership")
    op.drop_table("member_count_claim")
    op.drop_table("meeting_series")
    op.drop_table("designation_source")
    op.drop_table("organization")
    op.drop_table("designation")
    op.drop_table("city_source")
    op.drop_table("city_name")
    op.drop_table("city_identifier")
    op.drop_table("person_source")
    op.drop_table("person_name")
    op.drop_table("city")
    op.drop_table("source")
    op.drop_table("person")
    op.drop_table("country")
    op.drop_table("audit_log")
