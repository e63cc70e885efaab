"""`import csv attendance`: the cities present at a session."""

from __future__ import annotations

import shlex

from sqlalchemy import (
    select,
    tuple_,
)

from citylinks.formats.csv.reader import Row
from citylinks.i18n import _
from citylinks.model import (
    Attendance,
)
from citylinks.model import Session as MeetingSession
from citylinks.services import fields
from citylinks.services.csv_import import cells
from citylinks.services.csv_import.importer import Importer


class AttendanceRows(Importer):
    kind = "attendance"

    def parse(self, row: Row) -> None:
        v, each = row.values, cells.Problems()
        series = None
        if each("organization", lambda: self.organization(cells.required(row, "organization"))):
            series = each("series", lambda: self.series(row))
        v["session_key"] = (series, each("number", lambda: cells.number(row)))
        v["city"] = each("city", lambda: cells.name(row, "city", fields.CITY_NAME))
        v["city_country"] = each("country", lambda: cells.country(row, self.countries))
        v["city_key"] = each("city_key", lambda: cells.optional(row, "city_key", fields.CITY_KEY))
        v["role"] = each(
            "role", lambda: cells.choice(row, "role", fields.ATTENDANCE_ROLE, "delegation")
        )
        v["note"] = each("note", lambda: cells.optional(row, "note", fields.NOTE))
        v["sources"] = each("source", lambda: cells.source_keys(row, required=True))
        each.check()

    def write(self, rows: list[Row]) -> None:
        keys = {r.values["session_key"] for r in rows}
        if not keys:
            return
        sessions = {
            (s, n): i
            for i, s, n in self.session.execute(
                select(MeetingSession.id, MeetingSession.series_id, MeetingSession.number).where(
                    tuple_(MeetingSession.series_id, MeetingSession.number).in_(keys)
                )
            )
        }
        for r in rows:
            if r.values["session_key"] not in sessions:
                r.error = _(
                    "no session {value} in this series: import or record the session first",
                    value=r.values["session_key"][1],
                )
            else:
                r.values["session_id"] = sessions[r.values["session_key"]]
        rows = [r for r in rows if r.error is None]
        self.resolve_cities(rows, "city")
        rows = [r for r in rows if r.error is None]
        if not rows:
            return
        # What each city's attendance at each session holds: one record per city and
        # session (a second role of one city is a correction of the first, not a second row).
        existing: dict[tuple[int, int | None], list[tuple[int, str, str | None]]] = {}
        for i, session_id, city_id, role, note in self.session.execute(
            select(
                Attendance.id,
                Attendance.session_id,
                Attendance.city_id,
                Attendance.role,
                Attendance.note,
            ).where(
                Attendance.session_id.in_({r.values["session_id"] for r in rows}),
                Attendance.city_id.is_not(None),
            )
        ):
            existing.setdefault((session_id, city_id), []).append((i, role, note))
        earlier: dict[tuple[int, int | None], tuple[int, str, str | None]] = {}
        inserts, sources = [], []
        amended: list[tuple[Row, int, dict, list[int]]] = []
        for r in rows:
            v = r.values
            key = (v["session_id"], v["city_id"])
            if key in existing:
                records = existing[key]
                if key in earlier:  # a row of this file before
                    line, role, note = earlier[key]
                    if (role, note) != (v["role"], v["note"]):
                        r.error = _(
                            "{city} is on line {line} too, at the same session, with another role or note: keep one row",
                            city=v["city"],
                            line=line,
                        )
                    else:
                        self.repeat([r], line)
                    continue
                # the record of the row's role, else the city's one record at the session
                same = [x for x in records if x[1] == v["role"]] or records
                if len(same) > 1:
                    r.error = _(
                        "{city} is recorded {n} times at this session, none as {role}: correct the file, or the records with `citylinks attend edit` (#ID as `citylinks session show` prints it)",
                        city=v["city"],
                        n=len(same),
                        role=v["role"],
                    )
                    continue
                i, role, note = same[0]
                changed = self.differences(
                    r,
                    _("{city}'s attendance", city=v["city"]),
                    {"role": role, "note": note},
                    {"role": v["role"], "note": v["note"]},
                    f"citylinks attend edit {shlex.quote(cells.cell(r, 'organization'))}"
                    f" {v['session_key'][1]} {shlex.quote(v['city_key'] or v['city'])}"
                    f" --series {shlex.quote(cells.cell(r, 'series'))}",
                )
                if changed is not None:
                    amended.append((r, i, changed, v["source_ids"]))
                    self.skipped += 1
                continue
            existing[key] = []
            earlier[key] = (r.line, v["role"], v["note"])
            inserts.append(
                {
                    "session_id": v["session_id"],
                    "city_id": v["city_id"],
                    "organization_id": None,
                    "person_id": None,
                    "on_behalf_of_city_id": None,
                    "on_behalf_of_organization_id": None,
                    "role": v["role"],
                    "note": v["note"],
                }
            )
            sources.append(v["source_ids"])
        self.insert(Attendance, inserts, sources)
        self.inserted += len(inserts)
        self.amend(Attendance, amended)
