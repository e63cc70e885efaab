"""CSV files of cities, memberships, sessions, attendance and countries (docs/csv.md): the
columns of each kind, for the reader (reader.py), the writer (writer.py), the commands' help
and the docs alike; and the export's formula protection, with its inverse."""

from __future__ import annotations

import re

from citylinks.i18n import _, listing
from citylinks.text import FORMULA_PREFIXES, LANGUAGE_TAG

# The CSV columns of each kind, for import and export alike: (name, required, meaning).
# One list, used by the reader, the writer, the commands' help and docs/csv.md.
CSV_COLUMNS: dict[str, tuple[tuple[str, bool, str], ...]] = {
    "cities": (
        ("city", True, "the city's name, in any language"),
        ("country", True, "ISO 3166-1 alpha-2 code, e.g. IR"),
        ("key", False, "a short key (default: made from the name)"),
        ("name_fa", False, "its Persian name, when `city` is not Persian"),
        ("region", False, "province or region"),
        ("latitude", False, "decimal degrees"),
        ("longitude", False, "decimal degrees"),
        ("source", False, "source key, or keys separated by ';'"),
    ),
    "memberships": (
        ("city", True, "the member city: any recorded name or its key"),
        ("country", True, "ISO 3166-1 alpha-2 code of the city's country"),
        ("organization", True, "acronym, key or any name of the organization"),
        (
            "status",
            True,
            "cooperating, applicant, observer, associate-member, member,"
            " suspended, withdrawn or expelled",
        ),
        (
            "from",
            False,
            "start, a partial date (2008, 2008-11, 1404-09-07, circa 2008); empty: unknown",
        ),
        ("to", False, "end, a partial date; empty: unknown or still so"),
        ("reason", False, "why the status changed"),
        ("note", False, "free text"),
        ("source", True, "source key, or keys separated by ';'"),
        (
            "retracted",
            False,
            "when the phase was retracted (a source got it wrong), a UTC date and time;"
            " empty: in force",
        ),
        ("retraction_reason", False, "why it was retracted"),
        ("city_key", False, "the city's key, which tells apart cities of one name"),
    ),
    "sessions": (
        ("organization", True, "acronym, key or any name of the organization"),
        ("series", True, "the meeting series' key, e.g. general-assembly"),
        ("number", True, "the session's number in its series"),
        ("host", False, "the host city: any recorded name or its key"),
        ("country", False, "ISO 3166-1 alpha-2 code of the host's country"),
        ("start", False, "a partial date; empty: unknown"),
        ("end", False, "a partial date; empty: unknown"),
        ("status", False, "planned, held (default), postponed or cancelled"),
        ("venue", False, "where, within the city"),
        ("theme", False, "the session's theme"),
        ("note", False, "free text"),
        ("source", True, "source key, or keys separated by ';'"),
        ("host_key", False, "the host city's key, which tells apart cities of one name"),
    ),
    "attendance": (
        ("organization", True, "acronym, key or any name of the organization"),
        ("series", True, "the meeting series' key"),
        ("number", True, "the session's number in its series"),
        ("city", True, "the attending city: any recorded name or its key"),
        ("country", True, "ISO 3166-1 alpha-2 code of the city's country"),
        ("role", False, "host, delegation (default), associate-member, observer or guest"),
        ("note", False, "free text"),
        ("source", True, "source key, or keys separated by ';'"),
        ("city_key", False, "the city's key, which tells apart cities of one name"),
    ),
    "countries": (
        ("code", True, "ISO 3166-1 alpha-2 code, e.g. IR"),
        ("name_en", False, "its English name (default: the ISO 3166 short name)"),
        ("name_fa", False, "its Persian name"),
    ),
}
CSV_KINDS = tuple(CSV_COLUMNS)

# The Persian names a header may give the columns (a spreadsheet made on Persian Windows):
# one table for every kind (a kind reads the names of its own columns), matched as names are
# (text.fold: Arabic ي/ك, ZWNJ or a space, a stray «،» alike). docs/csv.md lists them.
CSV_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "city": ("شهر", "نام شهر"),
    "country": ("کشور", "کد کشور"),
    "code": ("کد", "کد کشور"),
    "key": ("کلید",),
    "name_en": ("نام انگلیسی",),
    "name_fa": ("نام فارسی",),
    "region": ("استان", "منطقه"),
    "latitude": ("عرض جغرافیایی", "عرض"),
    "longitude": ("طول جغرافیایی", "طول"),
    "organization": ("سازمان",),
    "status": ("وضعیت",),
    "from": ("از", "آغاز"),
    "to": ("تا", "پایان"),
    "start": ("آغاز", "از"),
    "end": ("پایان", "تا"),
    "reason": ("دلیل",),
    "note": ("یادداشت",),
    "source": ("منبع", "منابع"),
    "retracted": ("ابطال", "تاریخ ابطال"),
    "retraction_reason": ("دلیل ابطال",),
    "city_key": ("کلید شهر",),
    "series": ("سلسله‌جلسات", "دوره"),
    "number": ("شماره",),
    "host": ("میزبان", "شهر میزبان"),
    "host_key": ("کلید میزبان", "کلید شهر میزبان"),
    "venue": ("محل",),
    "theme": ("موضوع",),
    "role": ("نقش",),
}


def column_named(kind: str, name: str) -> str | None:
    """The column of `kind` that a header's Persian `name` gives (CSV_COLUMN_ALIASES, matched
    folded), or None."""
    from citylinks.text import fold

    folded = fold(name)
    columns = [column for column, _required, _meaning in CSV_COLUMNS[kind]]
    if kind in EXTRA_NAMES_OF:  # its names in other languages too: «نام انگلیسی» is name_en
        columns += [c for c in ("name_en", "name_fa") if c not in columns]
    for column in columns:
        if any(fold(n) == folded for n in CSV_COLUMN_ALIASES[column]):
            return column
    return None


# A city's name in another language: `name_ar`, `name_zh-hans` (a language tag, lowercase as
# the column names are read; text.LANGUAGE_TAG, the rule of every door).
EXTRA_NAME = re.compile(f"name_({LANGUAGE_TAG})", re.ASCII)
EXTRA_NAMES_OF = {"cities": "name_LANG"}
# Several names in one language, in one `name_LANG` cell: one a line (a line break inside the
# cell, as a spreadsheet's Alt+Enter makes), which no name holds (text.clean_name and
# text.check_as_written refuse control characters).
NAMES_JOIN = "\n"

# The separators a file may use between cells, by the name `--delimiter` takes.
DELIMITERS = {",": ",", "comma": ",", ";": ";", "semicolon": ";", "tab": "\t", "\t": "\t"}
DELIMITER_NAMES = ("comma", "semicolon", "tab")


def delimiter_named(typed: str) -> str | None:
    """The separator `--delimiter` names: the character itself, or its name in English or
    Persian («ویرگول», «نقطه‌ویرگول», «تب»), read as every choice is (vocab.meanings); None
    when it names none."""
    from citylinks.vocab import meanings

    found = DELIMITERS.get(typed.strip().lower() or typed)
    if found is None and len(named := meanings(typed, DELIMITER_NAMES)) == 1:
        found = DELIMITERS[next(iter(named))]
    return found


def _protected_form(cell: str) -> bool:
    # After any apostrophes, a character that makes a spreadsheet run the cell: such a cell
    # gets one more apostrophe, so that `unprotect` can always take exactly one away.
    return cell.lstrip("'").startswith(FORMULA_PREFIXES)


def protect(cell: str) -> str:
    """A text cell as `export csv` writes it: a leading ' before a cell a spreadsheet would
    run as a formula (=, +, -, @, tab, carriage return), and before one that starts with
    apostrophes followed by such a character, so that `unprotect` gives back every cell."""
    return "'" + cell if _protected_form(cell) else cell


def unprotect(cell: str) -> str:
    """The cell `protect` was given: protect's apostrophe taken away, any other kept."""
    return cell[1:] if cell.startswith("'") and _protected_form(cell[1:]) else cell


def csv_columns_help() -> str:
    """The columns of every kind, as the commands' help shows them."""
    lines = []
    for kind, columns in CSV_COLUMNS.items():
        names = [f"{n}{'*' if req else ''}" for n, req, _meaning in columns]
        if kind in EXTRA_NAMES_OF:
            names.append(EXTRA_NAMES_OF[kind])
        lines.append(f"{kind}: " + listing(names))
    return (
        "\n\n".join(lines)
        + "\n\n"
        + _(
            "(* required; name_LANG: a name in another language, e.g. name_ar; see"
            " docs/csv.md for what each column holds)"
        )
    )
