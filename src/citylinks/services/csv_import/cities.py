"""`import csv cities`: new cities, matched to the recorded ones by name and country."""

from __future__ import annotations

from citylinks import text
from citylinks.formats.csv.reader import Row
from citylinks.services import fields
from citylinks.services.csv_import import cells
from citylinks.services.csv_import.cells import RowError
from citylinks.services.csv_import.importer import Importer
from citylinks.services.fields import FieldError


class CityRows(Importer):
    kind = "cities"

    def parse(self, row: Row) -> None:
        v = row.values
        v["city"] = cells.name(row, "city", fields.CITY_NAME)
        v["city_country"] = cells.country(row, self.countries)
        v["key"] = cells.optional(row, "key", fields.CITY_KEY)
        if cells.cell(row, "name_fa"):
            v["name_fa"] = cells.name(row, "name_fa", fields.CITY_NAME)
        v["region"] = cells.optional(row, "region", fields.REGION)
        for which in fields.COORDINATES:
            value = cells.cell(row, which)
            if value:
                try:
                    v[which] = fields.coordinate(value, which)
                except FieldError as exc:
                    raise RowError(str(exc)) from None
        v["sources"] = cells.source_keys(row, required=False)

    def write(self, rows: list[Row]) -> None:
        creating = self.create_missing
        self.create_missing = False
        new: dict[tuple[str, str], list[Row]] = {}
        try:
            self.resolve_cities(rows, "city")
        finally:
            self.create_missing = creating
        for r in rows:
            if r.values.get("city_id") is not None:
                self.skipped += 1
            elif r.error and r.error.startswith("no city"):
                r.error = None
                new.setdefault((text.fold(r.values["city"]), r.values["city_country"]), []).append(
                    r
                )
        if new:
            self.create_cities([(rs[0], "city") for rs in new.values()])
            self.inserted += len(new)
            self.skipped += sum(len(rs) - 1 for rs in new.values())
            self.created_cities.clear()  # creating cities is what this import is for
