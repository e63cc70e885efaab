"""Printing one record for `... show`: a heading, `label: value` lines, then lists.

Stored text is printed as text: control and bidi characters are made visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer

from citylinks.i18n import N_, _
from citylinks.text import safe_for_terminal

Fields = Iterable[tuple[str, object]]


@dataclass
class Shown:
    """How `show` prints, from the command's --lang and --bidi: the labels, period words and
    dates in Persian (Jalali first, Persian digits) with `lang` "fa"; with `bidi`, every line
    reordered and shaped for a terminal without bidi of its own, and with "fa" aligned right."""

    lang: str = "en"
    bidi: bool = False
    # A show that takes the report options (`city show --output ...`): its calendar, its
    # numbered sources with --cite (render.cite.Citations), and what it shows, kept until
    # `deliver_shown` prints it or makes a Document of it. None: printed line by line.
    calendar: str = "both"
    citations: Any = None
    parts: list[tuple[str, str, list[tuple[str, Any]]]] | None = None


_shown = Shown()


def shown_as(lang, bidi: bool) -> None:
    """Print the record that follows in `lang` (a cli.options.Lang or "en"/"fa"), laid out
    for terminals without bidi when `bidi`: called by each `show` command first."""
    if lang is None:  # not given: the interface language
        from citylinks.i18n import language

        lang = language()
    from citylinks.cli.options import bidi_asked

    _shown.lang = getattr(lang, "value", lang)
    _shown.bidi = bidi or bidi_asked()
    _shown.calendar, _shown.citations, _shown.parts = "both", None, None


def shown_in(chosen, citations=None) -> None:
    """Show the record that follows as the report options `chosen` (a render.output.View)
    ask: in its language, calendar and --bidi, its sources numbered with --cite (`citations`),
    kept for `deliver_shown`."""
    shown_as(chosen.lang, chosen.bidi)
    _shown.calendar, _shown.citations, _shown.parts = chosen.calendar, citations, []


def deliver_shown(chosen) -> None:
    """Print what was shown since `shown_in` line by line on the terminal (`label: value`),
    or, with --format or --output, as a report: a table of its facts, then a table for each
    list, in the format asked for (render.output.deliver)."""
    from citylinks import render
    from citylinks.render.output import deliver

    parts, _shown.parts = _shown.parts or [], None
    citations = _shown.citations
    if chosen.output is None and chosen.fmt == "table":
        for kind, title, rows in parts:
            (_print_fields if kind == "fields" else _print_list)(title, rows)
        if citations is not None and citations.enabled and citations.numbers:
            typer.echo("")
            for footnote in citations.footnotes():
                _echo(footnote)
        return
    heading = next((title for kind, title, _rows in parts if kind == "fields"), "")
    sections: list[render.Section] = []
    records: dict[str, Any] = {}
    for kind, title, rows in parts:
        if kind == "fields":
            shown_rows = [[label(name), _shown_value(value)] for name, value in rows]
            sections.append(render.Section(label("details"), [render.Column("")] * 2, shown_rows))
            records.update(dict(rows))
        else:
            items = [value for _name, value in rows]
            section = render.Section(label(title), [render.Column("")] if items else [])
            section.rows = [[item] for item in items]
            section.caption = None if items else label("none")
            sections.append(section)
            records[title] = items
    # "heading" always holds the heading; "title" too, unless the record has a title of its
    # own (a source's), which is the record's and kept.
    data = {"title": heading, "heading": heading, **records}
    document = render.Document(heading, sections, data, lang=_shown.lang)
    if citations is not None:
        citations.finish(document)
    deliver(document, chosen)


# The labels `show` prints, in Persian.
_LABELS = {
    "id": "شناسه",
    "key": "کلید",
    "country": "کشور",
    "region": "منطقه",
    "coordinates": "مختصات",
    "version": "نسخه",
    "names": "نام‌ها",
    "identifiers": "شناسه‌ها",
    "designations": "عنوان‌ها",
    "memberships": "عضویت‌ها",
    "roles": "نقش‌ها",
    "posts": "سمت‌ها",
    "sources": "منابع",
    "kind": "نوع",
    "classification": "طبقه‌بندی",
    "founded": "تأسیس",
    "initiator": "بنیان‌گذار",
    "seat": "مقر",
    "website": "وبگاه",
    "note": "یادداشت",
    "aims": "اهداف",
    "mottos": "شعارها",
    "series": "سلسله‌جلسات",
    "committees": "کمیته‌ها",
    "title": "عنوان",
    "publisher": "ناشر",
    "published": "تاریخ انتشار",
    "url": "نشانی",
    "language": "زبان",
    "excerpt": "گزیده",
    "cited by": "استنادها",
    "part of": "بخشی از",
    "members today": "اعضا امروز",
    "member counts in sources": "شمار اعضا در منابع",
    "wording": "عبارت",
    "cited": "استناد شده در",
    "none": "هیچ",
    "details": "مشخصات",
}


def shown_lang() -> str:
    """The language the record is shown in: "en" or "fa"."""
    return _shown.lang


def name_in(record) -> str:
    """A record's name in the language it is shown in: in Persian its Persian name when it
    has one (else the name it has)."""
    return record.name(_shown.lang)


def series_names(series) -> str:
    """A meeting series' names as `show` lists them: the one in the language shown first, the
    other beside it when it differs; a name that is only its key (a series named in Persian
    alone has its key for an English name) is not given as a name."""
    given = (series.name_fa, series.name_en) if _shown.lang == "fa" else (series.name_en,)
    given += (series.name_fa,)
    names = list(dict.fromkeys(n for n in given if n and n != series.key))
    if not names:
        return series.key
    return names[0] + (f" ({names[1]})" if len(names) > 1 else "")


def place_in(place) -> str:
    """A city with its country's code, in the language it is shown in ("یزد، IR")."""
    return f"{name_in(place)}{'، ' if _shown.lang == 'fa' else ', '}{place.country.code}"


def label_in(organization) -> str:
    """An organization as a line names it: its acronym, else its name in the language shown."""
    return organization.acronym or name_in(organization)


def comma() -> str:
    """The comma that joins the parts of a line, with its space: ", ", in Persian «، »."""
    from citylinks.render.values import separator

    return separator(",", _shown.lang)


def country_names(country) -> str:
    """A country's names as `show` gives them: "Iran (ایران)", in Persian «ایران (Iran)»."""
    if _shown.lang == "fa" and country.name_fa:
        return f"{country.name_fa} ({country.name_en})"
    return country.name_en + (f" ({country.name_fa})" if country.name_fa else "")


def name_and_other(record) -> str:
    """A record's name as its heading gives it: in Persian the Persian name with the English
    one beside it, when they differ ("یزد (Yazd)"); in English its English name."""
    shown = name_in(record)
    if _shown.lang == "fa" and (other := record.name("en")) != shown:
        return f"{shown} ({other})"
    return shown


@contextmanager
def listing_in(ctx, lang, bidi: bool, title: str, headers: Iterable[str]) -> Iterator[tuple]:
    """What a list command (`city list`, ...) reads and fills: the database connection and its
    table (`title` and column `headers`, marked with N_), in the language of its --lang, which
    the messages speak until the block ends."""
    from citylinks import render
    from citylinks.cli.context import state

    shown_as(lang, bidi)
    with speaking(), state(ctx).database().connection() as conn:
        yield conn, render.Section(_(title), [render.Column(_(h)) for h in headers])


def emit_list(title: str, section, records: list[dict], fmt) -> None:
    """Print a list (`city list`, `org list`, ...) in `fmt` (a cli.options.Format), in the
    language of `shown_as` and, with its --bidi, laid out for a terminal without bidi."""
    from citylinks import render
    from citylinks.cli.options import laid_out

    document = render.Document(title, [section], records, lang=_shown.lang)
    render.emit(document, fmt.value, None, laid_out(_shown.bidi))


def said(message: str, /, **values: object) -> str:
    """`_(message, **values)` in the language the record is shown in (its --lang), which is the
    interface's unless --lang says otherwise."""
    with speaking():
        return _(message, **values)


@contextmanager
def speaking() -> Iterator[None]:
    """Messages (`_`, `ngettext`, `listing`) in the language the record is shown in, until the
    block ends."""
    from citylinks import i18n

    before = i18n.language()
    if _shown.lang == before:
        yield
        return
    i18n.set_language(_shown.lang)
    try:
        yield
    finally:
        if i18n.language() != before:
            i18n.set_language(before)


def label(text: str) -> str:
    """A label in the language asked for (as it is where no Persian word is known)."""
    return _LABELS.get(text, text) if _shown.lang == "fa" else text


def _echo(line: str) -> None:
    line = safe_for_terminal(line)
    if _shown.bidi:
        import shutil

        from citylinks.render.output import visual_order
        from citylinks.text import display_width

        # In Persian every line reads right to left, one that begins with a key or a name too.
        if _shown.lang != "fa":
            typer.echo(visual_order(line))
            return
        # Right to left: each line stands on the right. One longer than the terminal is broken
        # at spaces first, in reading order, so that the terminal never wraps it left to right.
        from citylinks.text import wrap_to_width

        width = shutil.get_terminal_size((100, 24)).columns
        for piece in wrap_to_width(line, width):
            shown = visual_order(piece, rtl=True)
            typer.echo(" " * max(0, width - display_width(shown)) + shown)
        return
    typer.echo(line)


def echo_line(line: str) -> None:
    """One line of a command that prints lines (`date`, `country list`, `setting show`) as
    `shown_as` asks: with --bidi in visual order, and in Persian standing on the right."""
    _echo(line)


def echo_fields(title: str, fields: Fields) -> None:
    """The heading, then one `label: value` line per field that has a value."""
    rows = [(name, value) for name, value in fields if value is not None and value != ""]
    if _shown.parts is not None:
        _shown.parts.append(("fields", title, rows))
    else:
        _print_fields(title, rows)


def _shown_value(value: object) -> str:
    """A field's value as shown: a whole number (an id) in Persian digits in Persian."""
    if isinstance(value, int) and not isinstance(value, bool) and _shown.lang == "fa":
        from citylinks.text import to_persian_digits

        return to_persian_digits(str(value))  # an id: «شناسه: ۱»
    return str(value)


def _print_fields(title: str, rows: list[tuple[str, Any]]) -> None:
    _echo(title)
    for name, value in rows:
        lines = _shown_value(value).split("\n")
        _echo(f"  {label(name)}: {lines[0]}")
        for line in lines[1:]:
            _echo(f"    {line}")


def echo_list(title: str, lines: Iterable[str]) -> None:
    """A titled list: `title:` then one indented line each, or `title: none`."""
    rows = [(title, line) for line in lines]
    if _shown.parts is not None:
        _shown.parts.append(("list", title, rows))
    else:
        _print_list(title, rows)


def _print_list(title: str, rows: list[tuple[str, Any]]) -> None:
    if not rows:
        _echo(f"  {label(title)}: {label('none')}")
        return
    _echo(f"  {label(title)}:")
    for _title, line in rows:
        _echo(f"    {line}")


def kind_word(vocabulary: str, value: str) -> str:
    """A stored word of a vocabulary (`kind_word("name_kind", "official")`) in the language
    shown: in Persian, its word in i18n.WORDS where there is one."""
    from citylinks.i18n import WORDS, t

    key = f"{vocabulary}_{value}"
    return t(key, _shown.lang) if _shown.lang == "fa" and key in WORDS else value


def status_word(status: str) -> str:
    """A membership status ("member") in the language shown."""
    return kind_word("status", status)


def title_word(title: str) -> str:
    """A role's or post's title as stored ("secretary") in the language shown: the Persian
    word for the titles citylinks knows, else as the source or officer wrote it."""
    from citylinks.render.values import role_title

    return role_title(title, _shown.lang)


def table_word(table: str) -> str:
    """A kind of record by its table ("membership_phase") in the language shown: the field
    word the log uses ("membership phase", in Persian from the catalogue)."""
    return said(table.replace("_", " "))


def shown_date(d) -> str:
    """A date in both calendars (in Persian with Persian digits), or in the one --calendar
    asks for."""
    if _shown.calendar == "both":
        return d.format(lang=_shown.lang)
    return d.format(calendar=_shown.calendar, lang=_shown.lang)


_PERIOD = {
    "en": {
        "span": "from {start} to {end}",
        "until": "until {end}",
        "from": "from {start}",
        "unknown_start": "from an unknown date",
        "now": "{since} to now",
        "not_recorded": "{since}, end not recorded",
    },
    "fa": {
        "span": "از {start} تا {end}",
        "until": "تا {end}",
        "from": "از {start}",
        "unknown_start": "از تاریخی نامعلوم",
        "now": "{since} تا کنون",
        "not_recorded": "{since}، پایان ثبت نشده",
    },
}


def period(start, end, open_is_now: bool = False) -> str:
    """'from 2025-11 (1404-08–1404-09) to now', 'from X to Y', 'until Y'. A membership's
    last phase with no end is open (`open_is_now`); a post or role with no end recorded may
    have ended long ago (a president of 2011), so it says so instead of claiming 'now'."""
    words = _PERIOD["fa" if _shown.lang == "fa" else "en"]
    if not end.is_unknown:
        if start.is_unknown:
            return words["until"].format(end=shown_date(end))
        return words["span"].format(start=shown_date(start), end=shown_date(end))
    since = (
        words["from"].format(start=shown_date(start))
        if not start.is_unknown
        else words["unknown_start"]
    )
    return words["now" if open_is_now else "not_recorded"].format(since=since)


def cited(sources) -> str:
    """' [S0, S1]' for the keys of `sources`, or ''; with --cite their footnote numbers,
    ' [1] [2]'."""
    keys = [s.key for s in sources]
    if not keys:
        return ""
    if _shown.citations is not None and _shown.citations.enabled:
        return f" {_shown.citations.refs(keys)}"
    return f" [{source_keys(sources)}]"


def source_keys(sources) -> str:
    """The keys of `sources` joined by the comma of the language shown ("S0, D1", «S0، D1»)."""
    return comma().join(s.key for s in sources)


def stamp(row) -> str:
    """'3 (recorded by ana on 2025-11-28, last changed by reza on 2025-12-01)'; in Persian
    with the days in the Jalali calendar and Persian digits."""
    if _shown.lang == "fa":
        from citylinks.dates import PartialDate
        from citylinks.text import to_persian_digits

        def day(moment) -> str:
            return PartialDate.from_date(moment.date()).format("jalali", "fa")

        return to_persian_digits(
            f"{row.version} (ثبت {row.created_by} در {day(row.created_at)}،"
            f" آخرین تغییر {row.updated_by} در {day(row.updated_at)})"
        )
    return (
        f"{row.version} (recorded by {row.created_by} on {row.created_at:%Y-%m-%d},"
        f" last changed by {row.updated_by} on {row.updated_at:%Y-%m-%d})"
    )


def echo_outcome(dry_run: bool, did: str, would: str, /, **values: object) -> None:
    """Print what a command did (`did`), or with --dry-run would do (`would`): two messages
    marked with N_, translated and filled here."""
    typer.echo(safe_for_terminal(_(would if dry_run else did, **values)))


def echo_notes(notes) -> None:
    for note in notes:
        typer.echo(safe_for_terminal(_("note: {note}", note=note)))


def echo_done(done, dry_run: bool) -> None:
    """Print what a writing command did (or, with --dry-run, would do) and any notes."""
    if dry_run:
        line = _("dry run, would record: {what}", what=done.message)
    else:
        line = _("recorded: {what}", what=done.message)
    typer.echo(safe_for_terminal(line))
    echo_notes(done.notes)


# What a correction did, and with --dry-run would do, by its verb.
_CORRECTED = {
    "changed": (N_("changed: {what}"), N_("dry run, would have changed: {what}")),
    "removed": (N_("removed: {what}"), N_("dry run, would have removed: {what}")),
    "retracted": (N_("retracted: {what}"), N_("dry run, would have retracted: {what}")),
    "restored": (N_("restored: {what}"), N_("dry run, would have restored: {what}")),
}


def echo_corrected(ctx: typer.Context, done, dry_run: bool, verb: str) -> None:
    """Print what a correction did ('changed', 'removed', 'retracted', ...) or, with
    --dry-run, would do, and any notes; 'nothing changed' where it wrote no change (the
    values given were the recorded ones)."""
    from citylinks.cli.context import state

    if state(ctx).last_changes == 0:
        if dry_run:
            line = _("dry run, nothing would change: {what}", what=done.message)
        else:
            line = _("nothing changed: {what}", what=done.message)
    else:
        done_now, would = _CORRECTED[verb]
        line = _(would if dry_run else done_now, what=done.message)
    typer.echo(safe_for_terminal(line))
    echo_notes(done.notes)
