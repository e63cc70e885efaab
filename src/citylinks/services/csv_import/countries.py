"""`import csv countries`: countries by their ISO 3166-1 alpha-2 code, with their English
and Persian names, as `citylinks country add` records them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from citylinks.formats.csv.reader import Row
from citylinks.i18n import _, listing
from citylinks.model import Country
from citylinks.services import fields
from citylinks.services.cities import iso_countries
from citylinks.services.csv_import import cells
from citylinks.services.csv_import.importer import Importer


class CountryRows(Importer):
    kind = "countries"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.iso = iso_countries()
        self.added_names: list[str] = []
        self.seen: dict[str, Row] = {}

    def parse(self, row: Row) -> None:
        v, each = row.values, cells.Problems()
        code = each("code", lambda: cells.required(row, "code").upper())
        if code is not None and code not in self.iso:
            each.add(
                "code",
                _(
                    "'{cell}' is not an ISO 3166-1 alpha-2 country code: give two letters such as IR (see `citylinks country list --all`)",
                    cell=cells.cell(row, "code"),
                ),
            )
        v["code"] = code
        v["name_en"] = each("name_en", lambda: cells.optional(row, "name_en", fields.COUNTRY_NAME))
        v["name_fa"] = each("name_fa", lambda: cells.optional(row, "name_fa", fields.COUNTRY_NAME))
        each.check()

    def write(self, rows: list[Row]) -> None:
        table = Country.__table__.c
        codes = {r.values["code"] for r in rows}
        recorded = {
            code: (i, en, fa)
            for i, code, en, fa in self.session.connection().execute(
                select(table.id, table.code, table.name_en, table.name_fa).where(
                    table.code.in_(codes)
                )
            )
        }
        new: list[dict] = []
        changes: list[tuple[int, dict, dict]] = []
        for r in rows:
            v = r.values
            code = v["code"]
            earlier = self.seen.get(code)
            if earlier is not None:
                if (earlier.values["name_en"], earlier.values["name_fa"]) != (
                    v["name_en"],
                    v["name_fa"],
                ):
                    r.error = _(
                        "{code} is on line {line} too, with other names: keep one row per country",
                        code=code,
                        line=earlier.line,
                    )
                else:
                    self.skipped += 1
                continue
            self.seen[code] = r
            if code not in recorded:
                new.append(
                    {
                        "code": code,
                        "name_en": v["name_en"] or self.iso[code],
                        "name_fa": v["name_fa"],
                    }
                )
                continue
            i, en, fa = recorded[code]
            if v["name_en"] is not None and v["name_en"] != en:
                r.error = _(
                    "{code} is recorded as '{en}'; the row's name_en is '{name_en}': correct the row, or the country with `citylinks country edit {code} --name NAME`",
                    code=code,
                    en=en,
                    name_en=v["name_en"],
                )
            elif v["name_fa"] is not None and fa is not None and v["name_fa"] != fa:
                r.error = _(
                    "{code} is recorded with the Persian name '{fa}'; the row's name_fa is '{name_fa}': correct the row, or the country with `citylinks country edit {code} --name fa=NAME`",
                    code=code,
                    fa=fa,
                    name_fa=v["name_fa"],
                )
            else:
                self.skipped += 1
                if v["name_fa"] is not None and fa is None:
                    changes.append((i, {"name_fa": None}, {"name_fa": v["name_fa"]}))
                    self.added_names.append(f"{code} {v['name_fa']}")
        ids = self.insert(Country, new)
        self.countries.update({c["code"]: i for c, i in zip(new, ids, strict=True)})
        self.inserted += len(new)
        self.update(Country, changes)

    def summary(self, total: int, bad: int) -> str:
        added = (
            _("; {n} Persian names added to recorded countries", n=len(self.added_names))
            if self.added_names
            else ""
        )
        return super().summary(total, bad) + added

    def notices(self) -> Iterator[str]:
        yield from super().notices()
        if self.added_names:
            yield _(
                "Persian names added to recorded countries: {listed}",
                listed=listing(self.added_names),
            )
