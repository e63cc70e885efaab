"""`import csv sessions`: the sessions of an organization's meeting series."""

from __future__ import annotations

from sqlalchemy import (
    select,
    tuple_,
)

from citylinks.formats.csv.reader import Row
from citylinks.i18n import _
from citylinks.model import Session as MeetingSession
from citylinks.services import bulk, fields
from citylinks.services.csv_import import cells
from citylinks.services.csv_import.cells import RowError
from citylinks.services.csv_import.importer import Importer


class SessionRows(Importer):
    kind = "sessions"

    def parse(self, row: Row) -> None:
        v = row.values
        v["series_id"] = self.series(row)
        v["number"] = cells.number(row)
        if cells.cell(row, "host"):
            v["host"] = cells.name(row, "host", fields.CITY_NAME)
            v["host_country"] = cells.country(row, self.countries)
            v["host_key"] = cells.optional(row, "host_key", fields.CITY_KEY)
        v["start"] = cells.date(row, "start")
        v["end"] = cells.date(row, "end")
        if v["start"].earliest and v["end"].latest and v["end"].latest < v["start"].earliest:
            raise RowError(
                _(
                    "the session ends ({end}) before it starts ({start})",
                    end=v["end"],
                    start=v["start"],
                )
            )
        v["status"] = cells.choice(row, "status", fields.SESSION_STATUS, "held")
        v["venue"] = cells.optional(row, "venue", fields.VENUE)
        v["theme"] = cells.optional(row, "theme", fields.THEME)
        v["note"] = cells.optional(row, "note", fields.NOTE)
        v["sources"] = cells.source_keys(row, required=True)

    def write(self, rows: list[Row]) -> None:
        self.resolve_cities(rows, "host")
        rows = [r for r in rows if r.error is None]
        keys = {(r.values["series_id"], r.values["number"]) for r in rows}
        if not keys:
            return
        existing = {
            (s, n): (start, end, host)
            for s, n, start, end, host in self.session.execute(
                select(
                    MeetingSession.series_id,
                    MeetingSession.number,
                    MeetingSession.start_text,
                    MeetingSession.end_text,
                    MeetingSession.host_city_id,
                ).where(tuple_(MeetingSession.series_id, MeetingSession.number).in_(keys))
            )
        }
        inserts, sources = [], []
        for r in rows:
            v = r.values
            key = (v["series_id"], v["number"])
            mine = (str(v["start"]), str(v["end"]), v.get("host_id"))
            if key in existing:
                if existing[key] == mine:
                    self.skipped += 1
                else:
                    r.error = _(
                        "session {number} of this series is already recorded with another host or dates; correct it with `citylinks session edit`",
                        number=v["number"],
                    )
                continue
            existing[key] = mine
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
