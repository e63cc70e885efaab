"""A membership's history: its phases in order, each with its dates, status, reason, the
session that decided it, and its sources (`citylinks member history`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from citylinks import schema
from citylinks.dates import PartialDate
from citylinks.errors import NotFound
from citylinks.i18n import _
from citylinks.reports.common import cited_keys, names_of, stored_date
from citylinks.text import display_name, to_persian_digits
from citylinks.vocab import MEMBER_STATUSES

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row


@dataclass
class DecidingSession:
    ref: str  # amf/executive-board/11
    label: str  # AMF Executive Board 11
    label_fa: str | None
    start: PartialDate


@dataclass
class PhaseRow:
    position: int
    status: str
    counts_as_member: bool
    start: PartialDate
    end: PartialDate
    reason: str | None
    note: str | None
    session: DecidingSession | None
    sources: list[str]
    version: int  # for `member edit --expect-version`
    retraction_reason: str | None = None  # set on a retracted phase
    retracted: bool = False


@dataclass
class MembershipHistory:
    city: str
    city_fa: str | None
    organization: str  # acronym or name
    organization_name: str
    organization_name_fa: str | None
    phases: list[PhaseRow]


def membership_history(
    conn: Connection, city: Any, org: Any, with_retracted: bool = False
) -> MembershipHistory:
    """The phases of `city`'s membership in `org` (a City or a CityRef, an Organization or an
    OrganizationRef: anything with `id`, `key` and `name(lang)`); the retracted ones only
    `with_retracted`.
    Core queries on citylinks.schema's tables: the command does not pay for the ORM."""
    m = schema.membership.c
    membership_id = conn.execute(
        select(m.id).where(m.city_id == city.id, m.organization_id == org.id)
    ).scalar_one_or_none()
    if membership_id is None:
        raise NotFound(
            _(
                "{city} has no recorded membership in {org}: record one with"
                " `citylinks member record {city} {org} STATUS --from DATE`",
                city=city.name(),
                org=org.label,
            )
        )
    p, s, ms, o = (
        schema.membership_phase.c,
        schema.session.c,
        schema.meeting_series.c,
        schema.organization.c,
    )
    stmt = (
        select(
            p.id,
            p.position,
            p.status,
            p.start_text,
            p.end_text,
            p.reason,
            p.note,
            p.version,
            p.retracted_at,
            p.retraction_reason,
            s.number.label("session_number"),
            s.start_text.label("session_start_text"),
            ms.key.label("series_key"),
            ms.name_en.label("series_name_en"),
            ms.name_fa.label("series_name_fa"),
            o.id.label("series_organization_id"),
            o.key.label("series_organization_key"),
        )
        .select_from(schema.membership_phase)
        .outerjoin(schema.session, s.id == p.session_id)
        .outerjoin(schema.meeting_series, ms.id == s.series_id)
        .outerjoin(schema.organization, o.id == ms.organization_id)
        .where(p.membership_id == membership_id)
        .order_by(p.position)
    )
    if not with_retracted:
        stmt = stmt.where(p.retracted_at.is_(None))
    rows = conn.execute(stmt).all()
    sources = cited_keys(conn, {"membership_phase": [r.id for r in rows]})
    deciding = _deciding_labels(conn, {r.series_organization_id for r in rows} - {None})
    return MembershipHistory(
        city=city.name("en"),
        city_fa=city.name("fa") if city.name("fa") != city.name("en") else None,
        organization=org.label,
        organization_name=org.name("en"),
        organization_name_fa=org.name("fa") if org.name("fa") != org.name("en") else None,
        phases=[_row(r, sources.get(("membership_phase", r.id), []), deciding) for r in rows],
    )


def _deciding_labels(conn: Connection, organization_ids: set[int]) -> dict[int, str]:
    """How the phases' deciding sessions name their organizations: the acronym, else the
    English name (as Organization.label)."""
    if not organization_ids:
        return {}
    o = schema.organization.c
    rows = conn.execute(
        select(o.id, o.key, o.acronym).where(schema.ids_in(o.id, sorted(organization_ids)))
    ).all()
    _, names = names_of(conn, organization_ids=organization_ids)
    return {r.id: r.acronym or display_name(names.get(r.id, []), "en") or r.key for r in rows}


def _row(phase: Row, sources: list[str], organizations: dict[int, str]) -> PhaseRow:
    decided = None
    if phase.series_key is not None:
        organization = organizations[phase.series_organization_id]
        decided = DecidingSession(
            ref=f"{phase.series_organization_key}/{phase.series_key}/{phase.session_number}",
            label=f"{organization} {phase.series_name_en} {phase.session_number}",
            label_fa=(
                f"{organization} {phase.series_name_fa} {to_persian_digits(str(phase.session_number))}"
                if phase.series_name_fa
                else None
            ),
            start=stored_date(phase.session_start_text),
        )
    return PhaseRow(
        position=phase.position,
        status=phase.status,
        counts_as_member=phase.status in MEMBER_STATUSES,
        start=stored_date(phase.start_text),
        end=stored_date(phase.end_text),
        reason=phase.reason,
        note=phase.note,
        session=decided,
        sources=sources,
        version=phase.version,
        retraction_reason=phase.retraction_reason,
        retracted=phase.retracted_at is not None,
    )
