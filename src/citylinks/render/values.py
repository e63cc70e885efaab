"""How single values are shown: dates, numbers (Persian digits in Persian), lists (Persian
comma and semicolon in Persian), role titles."""

from __future__ import annotations

from collections.abc import Iterable

from citylinks.dates import PartialDate
from citylinks.text import to_persian_digits

# What joins the parts of composed text: "Yazd, Iran", "S0, S1", "secretary (…); chair (…)".
_SEPARATORS = {
    ",": {"en": ", ", "fa": "، "},  # ،
    ";": {"en": "; ", "fa": "؛ "},  # ؛
}


def span(start: str, end: str, lang: str) -> str:
    """From `start` to `end`: "2008 → 2011"; in Persian the arrow points the way right-to-left
    text reads: "۱۳۸۷ ← ۱۳۹۰"."""
    return f"{start} {'←' if lang == 'fa' else '→'} {end}"


def separator(mark: str, lang: str) -> str:
    """The separator for `mark` ("," or ";") with its space: the Persian ، or ؛ in Persian."""
    return _SEPARATORS[mark]["fa" if lang == "fa" else "en"]


def joined(parts: Iterable[str | None], lang: str, mark: str = ",") -> str:
    """The non-empty `parts` joined by a comma (or a semicolon, with mark=";"), in the
    reader's language: "Yazd, Iran", "یزد، ایران"."""
    return separator(mark, lang).join(part for part in parts if part)


def with_label(name: str, label: str) -> str:
    """ "Asian Mayors Forum (AMF)": a report's title names an organization by its name with
    its label (acronym) beside it; one without an acronym by its name once."""
    return name if label in (name, "") else f"{name} ({label})"


def show_date(d: PartialDate, calendar: str, lang: str) -> str:
    """A date in the report's calendar; with "both", in one order for every cell of the
    report, whichever calendar the date was typed in: Gregorian first in English, Jalali
    first in Persian ("2008 (1386–1387)", "۱۳۸۶–۱۳۸۷ (۲۰۰۸)")."""
    if calendar != "both" or d.calendar is None:
        return d.format(calendar=calendar, lang=lang)
    first, second = first_calendars(lang)
    return f"{d.format(calendar=first, lang=lang)} ({d.format(calendar=second, lang=lang)})"


def first_calendars(lang: str) -> tuple[str, str]:
    """The two calendars in the order a report in `lang` shows them."""
    return ("jalali", "gregorian") if lang == "fa" else ("gregorian", "jalali")


def counted(n: int, key: str, lang: str) -> str:
    """`key`'s words for `n` things with the number put in: the singular form (`key`) for
    one, the plural (`key`_many) otherwise. Persian puts a singular noun after any number,
    so its two forms are alike."""
    from citylinks.i18n import t

    return t(key if n == 1 else f"{key}_many", lang).format(n=number(n, lang))


def number(n: int | str, lang: str) -> str:
    return to_persian_digits(str(n)) if lang == "fa" else str(n)


def date_record(d: PartialDate) -> dict | None:
    """A date in JSON and CSV: its own notation, reduced ISO 8601 where exact, EDTF (also
    where only bounds are known: '[2025..2025-09-08]'), and Jalali."""
    return {
        "value": str(d),
        "iso": d.iso(),
        "edtf": d.edtf(),
        "jalali": d.jalali_text(),
        "precision": d.precision,
        "earliest": d.earliest.isoformat() if d.earliest else None,
        "latest": d.latest.isoformat() if d.latest else None,
    }


def flat_date(name: str, d: PartialDate) -> dict:
    """A date as CSV columns: NAME (its own notation), NAME_iso (reduced ISO 8601, where
    exact), NAME_edtf (EDTF, also where only bounds are known), NAME_jalali."""
    return {
        name: str(d),
        f"{name}_iso": d.iso(),
        f"{name}_edtf": d.edtf(),
        f"{name}_jalali": d.jalali_text(),
    }


def role_title(title: str, lang: str) -> str:
    """A role or post title (stored as the source or officer wrote it, e.g. "secretary") in
    the reader's language: the Persian word for the titles citylinks knows, else as stored."""
    from citylinks.i18n import title_word

    return title_word(title, lang)


def status_word(status: str, lang: str) -> str:
    """A membership status in the reader's language."""
    from citylinks.i18n import t

    return t(f"status_{status}", lang)


def reason_text(reason, calendar: str, lang: str) -> str:
    """Why a standing is only possible (a reports.standing.Reason), in words."""
    from citylinks.i18n import t

    if reason.kind == "start-unknown":
        return t("reason_start_unknown", lang)
    shown = show_date(reason.date, calendar, lang)
    approx = "_approx" if reason.date.qualifier else ""
    if reason.kind == "began":
        return t(f"reason_began{approx}", lang).format(date=shown)
    if reason.kind == "ended":
        return t(f"reason_ended{approx}", lang).format(date=shown)
    return t("reason_changed", lang).format(date=shown, status=status_word(reason.status, lang))


def certainty_text(certain: bool, reasons: list, calendar: str, lang: str) -> str:
    """'certain', or 'possibly: the membership began in 2025, day not known'."""
    from citylinks.i18n import t

    if certain:
        return t("certain", lang)
    why = joined((reason_text(r, calendar, lang) for r in reasons), lang, ";")
    return f"{t('possibly', lang)}: {why}" if why else t("possibly", lang)


def reason_record(reason) -> dict:
    return {
        "kind": reason.kind,
        "date": None if reason.date.is_unknown else date_record(reason.date),
        "status": reason.status,
        "text": reason_text(reason, "gregorian", "en"),
    }


def day_shown(day, lang: str) -> PartialDate:
    """A report's day (a `datetime.date`) as a date to show: in Jalali first for Persian
    readers, in Gregorian first otherwise."""
    return PartialDate.from_date(day, "jalali" if lang == "fa" else "gregorian")
