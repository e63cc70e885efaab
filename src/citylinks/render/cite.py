"""Sources in a report: their keys ("S0, S1"), or with --cite numbered references ("[1] [2]")
and footnotes "[1] S0: title, publisher, date, url"."""

from __future__ import annotations

from collections.abc import Iterable

from citylinks.dates import PartialDate
from citylinks.render.values import date_record, flat_date, joined, number, show_date
from citylinks.reports.common import SourceRef


class Citations:
    def __init__(self, sources: dict[str, SourceRef] | None, calendar: str, lang: str) -> None:
        self.enabled = sources is not None
        self.sources = sources or {}
        self.calendar = calendar
        self.lang = lang
        self.numbers: dict[str, int] = {}

    def refs(self, keys: Iterable[str]) -> str:
        """The cell that cites `keys`: their keys, or their footnote numbers."""
        keys = list(dict.fromkeys(keys))
        if not self.enabled:
            return joined(keys, self.lang)
        for key in keys:
            self.numbers.setdefault(key, len(self.numbers) + 1)
        return " ".join(f"[{number(self.numbers[key], self.lang)}]" for key in keys)

    def footnotes(self) -> list[str]:
        lines = []
        for key, n in self.numbers.items():
            source = self.sources.get(key)
            if source is None:
                lines.append(f"[{number(n, self.lang)}] {key}")
                continue
            parts = [source.title, source.publisher or ""]
            if not source.published.is_unknown:
                parts.append(show_date(source.published, self.calendar, self.lang))
            parts.append(source.url or "")
            shown = joined(parts, self.lang)
            lines.append(f"[{number(n, self.lang)}] {key}: {shown}")
        return lines

    def records(self) -> list[dict]:
        """The cited sources for JSON, numbered as in the footnotes."""
        found = []
        for key, n in self.numbers.items():
            source = self.sources.get(key)
            found.append(
                {
                    "number": n,
                    "key": key,
                    "title": source.title if source else None,
                    "publisher": source.publisher if source else None,
                    "published": date_record(source.published) if source else None,
                    "url": source.url if source else None,
                }
            )
        return found

    def flat_records(self) -> list[dict]:
        """The cited sources for CSV: one flat row each, numbered as in the footnotes."""
        found = []
        for key, n in self.numbers.items():
            source = self.sources.get(key)
            found.append(
                {
                    "number": n,
                    "key": key,
                    "title": source.title if source else None,
                    "publisher": source.publisher if source else None,
                    **flat_date("published", source.published if source else PartialDate.UNKNOWN),
                    "url": source.url if source else None,
                }
            )
        return found

    def finish(self, document) -> None:
        """Put the footnotes (and, in JSON, the references) on `document`."""
        if not self.enabled:
            return
        document.footnotes = self.footnotes()
        document.references = self.flat_records()
        if isinstance(document.records, dict):
            document.records["references"] = self.records()
