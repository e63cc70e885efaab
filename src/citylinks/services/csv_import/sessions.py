"""`import csv sessions`: the sessions of an organization's meeting series."""

from __future__ import annotations

import shlex

from sqlalchemy import (
    select,
    tuple_,
)

from citylinks.formats.csv.reader import Row
from citylinks.i18n import _
from citylinks.model import City
from citylinks.model import Session as MeetingSession
from citylinks.services import bulk, fields
from citylinks.services.csv_import import cells
from citylinks.services.csv_import.importer import Importer


class SessionRows(Importer):
    kind = "sessions"

    def parse(self, row: Row) -> None:
        v, each = row.values, cells.Problems()
        if each("organization", lambda: self.organization(cells.required(row, "organization"))):
            v["series_id"] = each("series", lambda: self.series(row))
        v["number"] = each("number", lambda: cells.number(row))
        if cells.cell(row, "host"):
            v["host"] = each("host", lambda: cells.name(row, "host", fields.CITY_NAME))
            v["host_country"] = each("country", lambda: cells.country(row, self.countries))
            v["host_key"] = each(
                "host_key", lambda: cells.optional(row, "host_key", fields.CITY_KEY)
            )
        start = v["start"] = each("start", lambda: cells.date(row, "start"))
        end = v["end"] = each("end", lambda: cells.date(row, "end"))
        if start and end and start.earliest and end.latest and end.latest < start.earliest:
            each.add(
                "end",
                _("the session ends ({end}) before it starts ({start})", end=end, start=start),
            )
        v["status"] = each(
            "status", lambda: cells.choice(row, "status", fields.SESSION_STATUS, "held")
        )
        v["venue"] = each("venue", lambda: cells.optional(row, "venue", fields.VENUE))
        v["theme"] = each("theme", lambda: cells.optional(row, "theme", fields.THEME))
        v["note"] = each("note", lambda: cells.optional(row, "note", fields.NOTE))
        v["sources"] = each("source", lambda: cells.source_keys(row, required=True))
        each.check()

    def write(self, rows: list[Row]) -> None:
        self.resolve_cities(rows, "host")
        rows = [r for r in rows if r.error is None]
        keys = {(r.values["series_id"], r.values["number"]) for r in rows}
        if not keys:
            return
        table, city = MeetingSession.__table__.c, City.__table__.c
        existing: dict[tuple[int, int], dict] = {}
        for i, s, n, start, end, host, host_key, status, venue, theme, note in self.session.execute(
            select(
                table.id,
                table.series_id,
                table.number,
                table.start_text,
                table.end_text,
                table.host_city_id,
                city.key,
                table.status,
                table.venue,
                table.theme,
                table.note,
            )
            .outerjoin_from(MeetingSession.__table__, City.__table__, city.id == table.host_city_id)
            .where(tuple_(table.series_id, table.number).in_(keys))
        ):
            existing[(s, n)] = {
                "id": i,
                "host_city_id": host,
                "host": host_key,
                "start": fields.date(start),
                "end": fields.date(end),
                "status": status,
                "venue": venue,
                "theme": theme,
                "note": note,
            }
        inserts, sources = [], []
        amended: list[tuple[Row, int, dict, list[int]]] = []
        for r in rows:
            v = r.values
            key = (v["series_id"], v["number"])
            given = {
                "start": v["start"],
                "end": v["end"],
                "status": v["status"],
                "venue": v["venue"],
                "theme": v["theme"],
                "note": v["note"],
            }
            if key in existing:
                stored = existing[key]
                if "line" in stored:  # a row of this file before
                    if stored["given"] != (v.get("host_id"), given):
                        r.error = _(
                            "session {number} of this series is on line {line} too, with other values: keep one row",
                            number=v["number"],
                            line=stored["line"],
                        )
                    else:
                        self.repeat([r], stored["line"])
                    continue
                label = _("session {number} of this series", number=v["number"])
                fix = (
                    f"citylinks session edit {shlex.quote(cells.cell(r, 'organization'))}"
                    f" {v['number']} --series {shlex.quote(cells.cell(r, 'series'))}"
                )
                changed = self.differences(
                    r,
                    label,
                    stored,
                    {"host_city_id": v.get("host_id"), **given},
                    fix,
                    # the host shown by its key, and by the row's name of it
                    {"host_city_id": ("host", stored["host"], v.get("host"))},
                )
                if changed is None:
                    continue
                amended.append((r, stored["id"], changed, v["source_ids"]))
                self.skipped += 1
                continue
            existing[key] = {"line": r.line, "given": (v.get("host_id"), given)}
            inserts.append(
                {
                    "series_id": v["series_id"],
                    "number": v["number"],
                    "host_city_id": v.get("host_id"),
                    **bulk.date_columns("start", v["start"]),
                    **bulk.date_columns("end", v["end"]),
                    "status": v["status"],
                    "venue": v["venue"],
                    "theme": v["theme"],
                    "note": v["note"],
                }
            )
            sources.append(v["source_ids"])
        self.insert(MeetingSession, inserts, sources)
        self.inserted += len(inserts)
        self.amend(MeetingSession, amended)
