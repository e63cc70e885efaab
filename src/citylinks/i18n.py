"""Words the reports print, in English and Persian. One dictionary, looked up by key."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "timeline": ("Timeline", "گاه‌شمار"),
    "number": ("No.", "شماره"),
    "host": ("Host", "میزبان"),
    "country": ("Country", "کشور"),
    "dates": ("Dates", "تاریخ"),
    "since_previous": ("Since previous", "فاصله از جلسهٔ قبل"),
    "theme": ("Theme", "موضوع"),
    "attendance": ("Attendance", "حاضران"),
    "sources": ("Sources", "منابع"),
    "status": ("Status", "وضعیت"),
    "no_sessions": ("No sessions recorded.", "جلسه‌ای ثبت نشده است."),
    "sessions": ("sessions", "جلسه"),
    "exactly": ("", ""),
    "more-than": ("more than", "بیش از"),
    "less-than": ("fewer than", "کمتر از"),
    "about": ("about", "حدود"),
    "also_numbered": ("also numbered", "شمارهٔ دیگر"),
    "held": ("held", "برگزار شده"),
    "planned": ("planned", "برنامه‌ریزی شده"),
    "postponed": ("postponed", "به تعویق افتاده"),
    "cancelled": ("cancelled", "لغو شده"),
}


def t(key: str, lang: str = "en") -> str:
    en, fa = WORDS.get(key, (key, key))
    return fa if lang == "fa" else en
