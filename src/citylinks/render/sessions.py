"""One session as a Document: its facts, other numberings, counts, attendees."""

from __future__ import annotations

from typing import TYPE_CHECKING

from citylinks.i18n import t
from citylinks.render import Column, Document, Section
from citylinks.render.values import date_record, joined, number, show_date, span
from citylinks.reports.session_detail import SessionDetail

if TYPE_CHECKING:
    from citylinks.render.cite import Citations

# Each numbering, count and attendee with its #ID and version, as `session numbering`,
# `attend count` and `attend edit|remove` take them (#ID, --expect-version).
_ROW = "#"


def _row(row_id: int, version: int, lang: str) -> str:
    comma = "، " if lang == "fa" else ", "
    return f"#{number(row_id, lang)}{comma}{t('version', lang).lower()} {number(version, lang)}"


def session_document(d: SessionDetail, calendar: str, lang: str, citations: Citations) -> Document:
    """The session; its sources by their keys, or with `citations` (--cite) numbered and
    listed as footnotes."""
    series = (d.series_name_fa if lang == "fa" else None) or d.series_name
    title = f"{d.organization} {series} {number(d.number, lang)}"
    host = (d.host_fa if lang == "fa" else None) or d.host
    when = show_date(d.start, calendar, lang)
    if not d.end.is_unknown and d.end != d.start:
        when = span(when, show_date(d.end, calendar, lang), lang)
    facts = [
        [t("host", lang), joined((host, d.country if lang == "en" else None), lang)],
        [t("dates", lang), when],
        [t("status", lang), t(d.status, lang)],
        [t("theme", lang), d.theme or ""],
        [t("venue", lang), d.venue or ""],
        [t("note", lang), d.note or ""],
        [t("sources", lang), citations.refs(d.sources)],
        [t("version", lang), f"{number(d.version, lang)} ({d.updated_by})"],
    ]
    facts = [row for row in facts if row[1]]
    sections = [Section(t("session", lang), [Column(""), Column("")], facts)]
    if d.numberings:
        sections.append(
            Section(
                t("other_numberings", lang),
                [
                    Column(t("number", lang), justify="right"),
                    Column(t("label", lang)),
                    Column(t("sources", lang)),
                    Column(_ROW),
                ],
                [
                    [
                        number(n.number, lang),
                        n.label or "",
                        citations.refs(n.sources),
                        _row(n.id, n.version, lang),
                    ]
                    for n in d.numberings
                ],
            )
        )
    if d.counts:
        sections.append(
            Section(
                t("attendance", lang),
                [
                    Column(t("count", lang)),
                    Column(t("counted", lang)),
                    Column(t("sources", lang)),
                    Column(_ROW),
                ],
                [
                    [
                        " ".join(x for x in (t(c.qualifier, lang), number(c.number, lang)) if x),
                        c.counted or "",
                        citations.refs(c.sources),
                        _row(c.id, c.version, lang),
                    ]
                    for c in d.counts
                ],
            )
        )
    if d.attendees:
        sections.append(
            Section(
                t("attendees", lang),
                [
                    Column(t("attendee", lang)),
                    Column(t("role", lang)),
                    Column(t("on_behalf_of", lang)),
                    Column(t("note", lang)),
                    Column(t("sources", lang)),
                    Column(_ROW),
                ],
                [
                    [
                        f"{(a.name_fa if lang == 'fa' else None) or a.name} ({t(a.kind, lang)})",
                        t(f"role_{a.role}", lang),
                        a.on_behalf_of or "",
                        a.note or "",
                        citations.refs(a.sources),
                        _row(a.id, a.version, lang),
                    ]
                    for a in d.attendees
                ],
            )
        )
    records = {
        "organization": d.organization,
        "series": d.series,
        "number": d.number,
        "host": d.host,
        "host_fa": d.host_fa,
        "country": d.country,
        "start": date_record(d.start),
        "end": date_record(d.end),
        "status": d.status,
        "theme": d.theme,
        "venue": d.venue,
        "note": d.note,
        "version": d.version,
        "updated_by": d.updated_by,
        "updated_at": d.updated_at.isoformat() if d.updated_at else None,
        "other_numberings": [
            {
                "number": n.number,
                "label": n.label,
                "sources": n.sources,
                "id": n.id,
                "version": n.version,
            }
            for n in d.numberings
        ],
        "attendance": [
            {
                "number": c.number,
                "qualifier": c.qualifier,
                "counted": c.counted,
                "sources": c.sources,
                "id": c.id,
                "version": c.version,
            }
            for c in d.counts
        ],
        "attendees": [
            {
                "kind": a.kind,
                "name": a.name,
                "role": a.role,
                "on_behalf_of": a.on_behalf_of,
                "note": a.note,
                "sources": a.sources,
                "id": a.id,
                "version": a.version,
            }
            for a in d.attendees
        ],
        "sources": d.sources,
    }
    document = Document(title, sections, records, lang=lang)
    citations.finish(document)
    return document
