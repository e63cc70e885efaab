"""The data-quality check as a Document: one table per kind of finding, each finding one row
naming the record and saying what to do; JSON is the list of findings (kind, problem,
record, message, ids)."""

from __future__ import annotations

from typing import Any

from citylinks.dates import PartialDate
from citylinks.i18n import t
from citylinks.render import Column, Document, Section
from citylinks.render.output import View
from citylinks.render.values import (
    joined,
    number,
    role_title,
    separator,
    show_date,
    span,
    status_word,
)
from citylinks.reports.check import KINDS, CheckResult, Finding, Phrase, Review
from citylinks.reports.common import Name

# The words of the check, in English and Persian, by the keys of reports.check's phrases.
WORDS: dict[str, tuple[str, str]] = {
    # headings
    "title": ("Data check", "بررسی داده‌ها"),
    "whole_database": ("the whole database", "کل پایگاه داده"),
    "record": ("Record", "رکورد"),
    "finding": ("What to look at", "آنچه باید بررسی شود"),
    "clean": ("No problems found.", "مشکلی پیدا نشد."),
    # a count's words: KEY for one, KEY_many for more (Persian says both alike)
    "found": ("{count} finding to look at.", "{count} مورد برای بررسی."),
    "found_many": ("{count} findings to look at.", "{count} مورد برای بررسی."),
    "all_reviewed": (
        "Nothing to look at: every finding is reviewed.",
        "موردی برای بررسی نمانده است: همهٔ یافته‌ها بازبینی شده‌اند.",
    ),
    "reviewed_line": (
        "{count} finding reviewed: {records}{how}.",
        "{count} یافتهٔ بازبینی‌شده: {records}{how}.",
    ),
    "reviewed_line_many": (
        "{count} findings reviewed: {records}{how}.",
        "{count} یافتهٔ بازبینی‌شده: {records}{how}.",
    ),
    "reviewed_how": (
        " (`citylinks check --with-reviewed` shows why)",
        " (`citylinks check --with-reviewed` دلیلش را نشان می‌دهد)",
    ),
    "kind_reviewed": ("Reviewed findings", "یافته‌های بازبینی‌شده"),
    "review": ("Reviewed because", "دلیل بازبینی"),
    "review_sources": ("Sources", "منابع"),
    "kind_unsourced": ("Facts without a source", "واقعیت‌های بی‌منبع"),
    "kind_duplicate": ("People or cities that look like one", "اشخاص یا شهرهای به‌ظاهر تکراری"),
    "kind_mixed-script": ("Names that mix scripts", "نام‌هایی با خط‌های درآمیخته"),
    "kind_phase": ("Membership phases that contradict each other", "مراحل عضویت ناسازگار"),
    "kind_unsupported-day": (
        "Session days no source gives",
        "روزهای جلسه که هیچ منبعی نمی‌دهد",
    ),
    "kind_conflict": ("Conflicting claims", "ادعاهای ناسازگار"),
    "kind_role-without-membership": (
        "Roles of cities that are not members",
        "سمت‌های شهرهای غیرعضو",
    ),
    "script_Latin": ("Latin", "لاتین"),
    "script_Cyrillic": ("Cyrillic", "سیریلیک"),
    "script_Greek": ("Greek", "یونانی"),
    # records
    "name": ("{name}", "{name}"),
    "name_key": ("{name} (key {key})", "{name} (کلید {key})"),
    "designation": ("{city}: designation “{name}”", "{city}: عنوان «{name}»"),
    "motto": ("{org} motto “{text}”", "شعار {org}: «{text}»"),
    "member_count": ("{org}: {count} members as of {date}", "{org}: {count} عضو در {date}"),
    "member_counts": ("{org}: member counts as of {date}", "{org}: شمار اعضا در {date}"),
    "series": ("{org} {series}", "{series} {org}"),
    "session": ("{org} {series} {number}", "{series} {number} {org}"),
    "numbering": (
        "{session}, numbered {number} by a source",
        "{session}، شمارهٔ {number} در یک منبع",
    ),
    "attendance_count": ("{session}: attendance count {count}", "{session}: شمار حاضران {count}"),
    "attendance": ("{session}: {attendee} ({role})", "{session}: {attendee} ({role})"),
    "phase": (
        "{member} in {org}, phase {position} ({status}{period})",
        "{member} در {org}، مرحلهٔ {position} ({status}{period})",
    ),
    "phase_short": ("phase {position} ({status}{period})", "مرحلهٔ {position} ({status}{period})"),
    "role": ("{city}: {title} of {org}{period}", "{city}: {title} {org}{period}"),
    "post": ("{person}: {title}, {holder}{period}", "{person}: {title}، {holder}{period}"),
    "row": ("{table} row {id}", "ردیف {id} از {table}"),
    # messages
    "unsourced": (
        "no source is cited for it: cite the source that says so, or remove it if none does",
        "منبعی برای آن ذکر نشده است: منبعی را که آن را می‌گوید ذکر کنید، یا اگر منبعی نیست"
        " حذفش کنید",
    ),
    "duplicate_person_same-name": (
        "has the same name as {other} (key {other_key}): if they are one person, merge them",
        "هم‌نام {other} (کلید {other_key}) است: اگر یک نفرند، آن دو را یکی کنید",
    ),
    "duplicate_person_across-scripts": (
        "may be {other} (key {other_key}) spelt in the other script: if they are one person,"
        " merge them; if not, record each one's name in both scripts",
        "شاید همان {other} (کلید {other_key}) به خط دیگر باشد: اگر یک نفرند، آن دو را یکی"
        " کنید؛ اگر نه، نام هر یک را به هر دو خط ثبت کنید",
    ),
    "duplicate_city_same-name": (
        "has the same name as {other} (key {other_key}) in the same country: if they are one"
        " city, merge them",
        "هم‌نام {other} (کلید {other_key}) در همان کشور است: اگر یک شهرند، آن دو را یکی کنید",
    ),
    "duplicate_city_across-scripts": (
        "may be {other} (key {other_key}) spelt in the other script: if they are one city,"
        " merge them; if not, record each one's name in both scripts",
        "شاید همان {other} (کلید {other_key}) به خط دیگر باشد: اگر یک شهرند، آن دو را یکی"
        " کنید؛ اگر نه، نام هر یک را به هر دو خط ثبت کنید",
    ),
    "mixed_script": (
        "the name “{name}” mixes {scripts} letters in “{word}” ({letters}), which can disguise"
        " it as another name: type it again in one script",
        "نام «{name}» در «{word}» حروف {scripts} را درآمیخته است ({letters}) و ممکن است با"
        " نامی دیگر اشتباه شود: آن را به یک خط دوباره بنویسید",
    ),
    "phase_open-not-last": (
        "follows {previous}, which has no end: give phase {position} its end (where this one"
        " begins)",
        "پس از {previous} آمده است که پایانی ندارد: پایان مرحلهٔ {position} را (آغاز این"
        " مرحله) ثبت کنید",
    ),
    "phase_unknown-start": (
        "begins on an unknown day but follows {previous}: only a first phase may; give its start",
        "آغازش نامعلوم است اما پس از {previous} آمده است: فقط مرحلهٔ نخست چنین می‌تواند باشد؛"
        " آغازش را ثبت کنید",
    ),
    "phase_out-of-order": (
        "begins before {previous}, which is listed above it: correct the dates",
        "پیش از {previous} آغاز می‌شود که بالاتر از آن آمده است: تاریخ‌ها را اصلاح کنید",
    ),
    "phase_overlap": (
        "begins before {previous} ended: phases may not overlap; correct their dates",
        "پیش از پایان {previous} آغاز می‌شود: مراحل نباید هم‌پوشانی داشته باشند؛ تاریخ‌ها را"
        " اصلاح کنید",
    ),
    "phase_may-overlap": (
        "may begin before {previous} ended: phases may not overlap; give it a more precise start,"
        " or correct the end of phase {position}",
        "شاید پیش از پایان {previous} آغاز شده باشد: مراحل نباید هم‌پوشانی داشته باشند؛ آغازش را"
        " دقیق‌تر بدهید، یا پایان مرحلهٔ {position} را اصلاح کنید",
    ),
    "phase_same-status": (
        "continues {previous} in the same status, with no reason or deciding session: if it is"
        " one fact recorded twice, remove one and keep its sources; if something changed,"
        " record the reason or the session",
        "ادامهٔ {previous} با همان وضعیت است، بی‌دلیل و بی‌جلسهٔ تصمیم‌گیر: اگر یک واقعیت دو"
        " بار ثبت شده، یکی را با نگه‌داشتن منابعش حذف کنید؛ اگر چیزی تغییر کرده، دلیل یا جلسه"
        " را ثبت کنید",
    ),
    "unsupported_day": (
        "is dated to the day ({date}), but none of its sources ({sources}) gives a day: cite one"
        " that does (the meeting's declaration or report, a news item of the day), or give the"
        " date as precisely as its sources do",
        "تاریخش تا روز ({date}) ثبت شده اما هیچ‌یک از منابعش ({sources}) روز را نمی‌گوید: منبعی"
        " را که می‌گوید ذکر کنید (بیانیه یا گزارش جلسه، خبر همان روز)، یا تاریخ را به دقت"
        " منابعش بنویسید",
    ),
    "conflict_counts": (
        "counts that cannot both be true: {first} ({first_sources}) and {second}"
        " ({second_sources}): check the sources; if they count different things, say what each"
        " counted",
        "دو شمارش که هر دو نمی‌توانند درست باشند: {first} ({first_sources}) و {second}"
        " ({second_sources}): منابع را بررسی کنید؛ اگر چیزهای متفاوتی شمرده‌اند، بگویید هر یک"
        " چه شمرده است",
    ),
    "conflict_numbers": (
        "source {source} gives it the numbers {numbers}: correct the number or the citation",
        "منبع {source} شماره‌های {numbers} را به آن می‌دهد: شماره یا استناد را اصلاح کنید",
    ),
    "conflict_same_number": (
        "source {source} gives both it and {others} the number {number}: correct the number"
        " or the citation",
        "منبع {source} هم به آن و هم به {others} شمارهٔ {number} را می‌دهد: شماره یا استناد را"
        " اصلاح کنید",
    ),
    "conflict_order": (
        "is numbered after {other} but began ({date}) before it ({other_date}): correct a number"
        " or a date",
        "شماره‌اش پس از {other} است اما پیش از آن ({other_date}) آغاز شده ({date}): شماره یا"
        " تاریخ را اصلاح کنید",
    ),
    "role_no-membership": (
        "{city} has no membership recorded in {org}: record its membership with a source, or"
        " correct the role",
        "عضویتی از {city} در {org} ثبت نشده است: عضویتش را با منبع ثبت کنید، یا سمت را اصلاح کنید",
    ),
    "role_not-member-then": (
        "{city} was not a member of {org} on any day the role may cover: check the role's dates"
        " and the membership's phases",
        "{city} در هیچ روزی از دورهٔ این سمت عضو {org} نبوده است: تاریخ‌های سمت و مراحل عضویت"
        " را بررسی کنید",
    ),
}


def word(key: str, lang: str) -> str:
    en, fa = WORDS.get(key, (key, key))
    return fa if lang == "fa" else en


def counted(key: str, count: int) -> str:
    """The key of WORDS for `count` things: KEY for one, KEY_many for any other number."""
    return key if count == 1 else f"{key}_many"


def _count(values: dict, view: View) -> str:
    qualifier = t(values["qualifier"], view.lang)
    shown = number(values["number"], view.lang)
    counted = values["counted"]
    return " ".join(part for part in (qualifier, shown, counted) if part)


def _value(key: str, value: Any, view: View) -> str:
    lang = view.lang
    if isinstance(value, Phrase):
        return phrase(value, view)
    if isinstance(value, Name):
        return value.shown(lang)
    if isinstance(value, PartialDate):
        return show_date(value, view.calendar, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number(value, lang)
    if key == "scripts":
        return (" و " if lang == "fa" else " and ").join(word(f"script_{v}", lang) for v in value)
    if isinstance(value, list):
        return joined((_value(key, v, view) for v in value), lang)
    if key == "status":
        return status_word(value, lang)
    if key == "role":
        return t(f"role_{value}", lang)
    if key == "title":
        return role_title(value, lang)
    return str(value)


def _period(start: PartialDate, end: PartialDate, view: View, inside: bool) -> str:
    """ " (2025 → present)", or ", 2025 → now (open)" inside a phase's parentheses; nothing
    when neither date is known. A phase with no end is open; a role's or a post's end is
    shown as recorded: 'present' (still held) or 'unknown'."""
    if start.is_unknown and end.is_unknown:
        return ""
    first = show_date(start, view.calendar, view.lang)
    open_phase = inside and end.is_unknown
    last = t("open", view.lang) if open_phase else show_date(end, view.calendar, view.lang)
    shown = span(first, last, view.lang)
    return f"{separator(',', view.lang)}{shown}" if inside else f" ({shown})"


def phrase(p: Phrase, view: View) -> str:
    """A phrase of reports.check in the reader's language, dates in their calendar."""
    if p.key == "count":
        return _count(p.values, view)
    values = {key: _value(key, value, view) for key, value in p.values.items()}
    if "start" in p.values and "end" in p.values:
        inside = p.key in ("phase", "phase_short")
        values["period"] = _period(p.values["start"], p.values["end"], view, inside)
    return word(p.key, view.lang).format(**values)


def finding_record(finding: Finding, view: View, review: Review | None = None) -> dict:
    """A finding as JSON and CSV give it; `reviewed`: the officer's review (reason, sources),
    or None for a finding to look at."""
    return {
        "kind": finding.kind,
        "problem": finding.problem,
        "record": phrase(finding.record, view),
        "message": phrase(finding.message, view),
        "ids": finding.ids,
        "reviewed": None
        if review is None
        else {"reason": review.reason, "sources": review.sources, "version": review.version},
    }


def document(result: CheckResult, view: View, with_reviewed: bool = False) -> Document:
    lang = view.lang
    if result.organization is None:
        scope = word("whole_database", lang)
    else:
        name = result.organization.shown(lang)
        scope = name if name == result.label else f"{name} ({result.label})"
    records = [finding_record(f, view) for f in result.findings]
    sections = []
    for kind in KINDS:
        found = [r for r in records if r["kind"] == kind]
        if not found:
            continue
        sections.append(
            Section(
                f"{word(f'kind_{kind}', lang)} ({number(len(found), lang)})",
                [Column(word("record", lang)), Column(word("finding", lang))],
                [[r["record"], r["message"]] for r in found],
                records=[{**r, "ids": r["ids"]} for r in found],
                csv_name="findings",
            )
        )
    reviewed = [finding_record(f, view, review) for f, review in result.reviewed]
    if reviewed and with_reviewed:
        sections.append(
            Section(
                f"{word('kind_reviewed', lang)} ({number(len(reviewed), lang)})",
                [
                    Column(word("record", lang)),
                    Column(word("finding", lang)),
                    Column(word("review", lang)),
                    Column(word("review_sources", lang)),
                ],
                [
                    [
                        r["record"],
                        r["message"],
                        r["reviewed"]["reason"],
                        joined(r["reviewed"]["sources"], lang),
                    ]
                    for r in reviewed
                ],
                records=reviewed,
                csv_name="reviewed",
            )
        )
    if records:
        notes = [
            word(counted("found", len(records)), lang).format(count=number(len(records), lang))
        ]
    else:
        notes = [word("all_reviewed" if reviewed else "clean", lang)]
    if reviewed:
        how = "" if with_reviewed else word("reviewed_how", lang)
        shown = separator(";", lang).join(r["record"] for r in reviewed)
        notes.append(
            word(counted("reviewed_line", len(reviewed)), lang).format(
                count=number(len(reviewed), lang), records=shown, how=how
            )
        )
    title = f"{word('title', lang)}: {scope}"
    return Document(
        title, sections, records + reviewed, notes=notes, lang=lang, csv_main="findings"
    )
