"""Text rules: how citylinks stores, matches, checks and shows text, Persian and otherwise.

Every rule about text lives here; other modules call these functions and never re-implement
them. Only the standard library is used (``unicodedata``, ``re``).

Stored form: ``normalize(text)``
--------------------------------
Names and notes are stored as they were typed, minus differences a reader cannot see:

1. Unicode NFC, so "é" typed as one character or as "e" plus an accent is the same text.
2. Arabic yeh ``ي`` (U+064A) and alef maksura ``ى`` (U+0649) become Persian yeh ``ی``
   (U+06CC); Arabic kaf ``ك`` (U+0643) becomes Persian keheh ``ک`` (U+06A9). Keyboards and
   sources mix these freely, and Persian text uses the Persian forms (a name tagged with
   another language keeps its letters: ``normalize(text, letters=False)``). Other letters, such as
   heh goal ``ہ``, teh marbuta ``ة`` or the hamza forms ``آ أ إ ئ ؤ``, are left alone.
3. Removed outright, because they only stretch or steer the text and never spell it:
   tatweel ``ـ`` (U+0640), the direction marks LRM, RLM and ALM (U+200E, U+200F, U+061C),
   zero width space (U+200B), word joiner (U+2060), byte order mark (U+FEFF) and soft
   hyphen (U+00AD). (A *name* holding a zero width space, a word joiner, a byte order mark
   or another invisible format character is refused, typed or read, by ``clean_name`` and
   ``check_as_written`` alike: it would look like a name it is not.)
4. The zero width non-joiner (ZWNJ, U+200C, "نیم‌فاصله") is kept, because Persian spelling
   needs it ("می‌شود"). A run of them becomes one, and one is kept only between two letters
   (combining marks after the first letter are allowed): at the start or end of the text, or
   next to a space, digit or punctuation it means nothing and is dropped. The zero width
   joiner (ZWJ, U+200D) is kept as typed.
5. Whitespace: leading and trailing whitespace is stripped and every inner run of whitespace
   (spaces, tabs, newlines, no-break spaces U+00A0 and U+202F, and the other Unicode spaces)
   becomes one ordinary space. For notes (``normalize(text, multiline=True)``) line breaks
   are kept: ``\\r\\n``, ``\\r``, U+2028 and U+2029 become ``\\n``, each line follows the
   rule above, and more than one blank line in a row becomes one blank line.
6. Digits are kept as typed (Persian ``۱۴۰۲`` stays Persian); ``to_ascii_digits`` and
   ``to_persian_digits`` convert when asked.

``normalize`` is idempotent: ``normalize(normalize(x)) == normalize(x)``.

Matching key: ``fold(text)``
----------------------------
Two names are the same name when their fold is equal; a city, organization or person is found
by any spelling that folds to the stored name's fold. ``fold`` is never shown to anyone.

1. NFKC and case folding (``str.casefold``): "HAIKOU" and "Haikou", full-width "Ｈａｉｋｏｕ",
   ligatures and Arabic presentation forms (text copied from PDFs) all fold alike.
2. Then ``normalize`` (above), so "يزد", "یزد" and "یـزد" fold alike.
3. Latin letters that Unicode does not split into letter plus accent are written plainly:
   ``ı``->``i`` (so Turkish "Diyarbakır" matches "Diyarbakir"), ``ł``->``l``, ``ø``->``o``,
   ``đ``->``d``, ``ħ``->``h``, ``æ``->``ae``, ``œ``->``oe`` (``ß`` already folds to ``ss``).
4. Accents are removed: every combining mark from the combining diacritical blocks (U+0300
   to U+036F, U+1AB0 to U+1AFF, U+1DC0 to U+1DFF, U+20D0 to U+20FF, U+FE20 to U+FE2F), in any
   script, so "Türkiye" matches "Turkiye" (and Cyrillic "й" matches "и"). Marks of other
   scripts (Indic vowel signs, kana voicing marks) are letters there and are kept.
5. Arabic-script vowel signs and Quranic marks are removed: harakat and tanwin (U+064B to
   U+0652, U+0656 to U+065F), superscript alef (U+0670), the small signs U+0610 to U+061A,
   U+06D6 to U+06ED and U+08D3 to U+08FF.
6. A hamza's seat is spelling, not a letter: Persian writes one word «هیئت», «هیأت» or
   «هیات», «مسئول», «مسؤول» or «مسوول», «رئیس» or «رییس», «اعضاء» or «اعضا», «دایرةالمعارف»
   or «دایره‌المعارف» (the Academy's rules put most hamzas on ی, Arabic spelling on ا or و,
   and writers without a hamza key write the seat alone). So a hamza folds to the letter a
   writer leaves when dropping it: ``أ`` and ``إ`` to ``ا``, ``ؤ`` to ``و``, a lone ``ء``
   (or a stray hamza mark) to nothing, teh marbuta ``ة`` to ``ه``, the ezafe hamza ``ۀ``
   (U+06C0, or ``ه`` with hamza above U+0654) to ``ه`` ("اتحادیهٔ" matches "اتحادیه");
   and ``ئ`` (or ``ی`` with hamza
   above) by the sound it carries: its vowel sign if it has one (fatha ``ا``, kasra ``ی``,
   damma ``و``), else ``ی`` after ``ا آ و`` («قائم», «پائیز», «سوئد») and before
   ``ی ا آ`` or at a word's end («رئیس», «تئاتر», «جزئ»), ``و`` before ``و`` («مسئول»,
   «شئون»), and ``ا`` before another letter («هیئت», «جرئت», «مسئله», as «هیأت», «جرأت»,
   «مسأله» have it). Madda is a letter: ``آ`` stays distinct from ``ا``; forgiving a
   missing madda is the fuzzy search's job, not fold's.
7. Every decimal digit (Persian ``۰``-``۹``, Arabic-Indic ``٠``-``٩`` and the rest) becomes
   ASCII ``0``-``9``.
8. Everything that is not a letter, digit or kept mark is removed: spaces, ZWNJ, ZWJ,
   hyphens, apostrophes, dots and other punctuation and symbols. So "بین‌المللی",
   "بین المللی" and "بینالمللی" fold alike, as do "Xi'an", "Xi an" and "Xian".

9. The ezafe after a final ``ه`` written as a ``ی`` of its own, after a ZWNJ or a space
   («اطلاعیه‌ی خبری», «اطلاعیه ی خبری»), folds away, as ``ۀ`` (rule 6) and the ezafe left
   unwritten («اطلاعیه خبری») do: all four spellings fold alike. A ``ی`` joined to the ``ه``
   («ماهی») is a letter of the word and stays.

Nothing else is merged: two names that differ in any other letter ("Yazd" and "Yazdi",
"آ" and "ا", "ت" and "ه") have different folds. ``fold`` is idempotent. The stored folds
(the ``folded`` column of the names) follow this rule; a revision that changes it re-folds
them (alembic 0011 did for rule 6's hamzas).

One name in two scripts: ``looks_alike_across_scripts(a, b)``
------------------------------------------------------------
"Alireza Amrollahi" and «علیرضا امراللهی» fold differently, yet are probably one person. A
name written in Persian (Arabic script) and one in Latin letters *look alike* when their
consonant skeletons (``consonant_skeleton``) are equal and have at least three consonants:

- Persian letters map to the Latin consonant usual transliterations give them, letters that
  sound alike to one (``ت ط`` -> t, ``ث س ص`` -> s, ``ذ ز ض ظ`` -> z, ``غ ق`` -> q, ``خ`` -> x,
  ``ش`` -> S, ``چ`` -> C, ``ژ`` -> Z); the letters that write vowels or may be silent
  (``ا آ أ إ ء ئ ؤ ع ح ه ة و ی``) are left out;
- Latin text is folded, its digraphs read as one consonant (``kh`` -> x, ``sh`` -> S,
  ``ch`` -> C, ``zh`` -> Z, ``gh`` -> q, ``ph`` -> f, ``dj`` -> j), ``c`` is k and
  ``x`` is ks, and the vowels and ``h w v y`` are left out;
- a consonant written twice in a row counts once ("Amrollahi", "Amrolahi", «امراللهی»).

It is a hint for an officer ("is this the same person?"), never a reason to merge: two
different people can share a skeleton. Names in the same script are compared by ``fold``
and the fuzzy matcher instead.

Checking what users type: ``clean_name`` and ``clean_note``
-----------------------------------------------------------
Both refuse, with a ``TextError`` saying what is wrong and how to fix it:

- text that is empty after ``normalize`` (names also need at least one letter or digit);
- text longer than the limit after ``normalize`` (names 200 characters, notes 5000);
- control characters (C0 U+0000 to U+001F, DEL U+007F, C1 U+0080 to U+009F); notes allow
  tab, newline and carriage return, names allow none;
- bidi embedding, override and isolate controls (U+202A to U+202E, U+2066 to U+2069),
  which can make text display differently from what it says;
- lone surrogates, which only come from a broken encoding.

Direction marks (LRM, RLM, ALM), ZWNJ and ZWJ are allowed; ``normalize`` then drops the
direction marks. Both return the ``normalize``-d text, which is what gets stored.

Showing stored text
-------------------
- ``safe_for_terminal`` replaces any control character (except tab and newline) by an escape
  such as ``\\x1b``, and any bidi control or lone surrogate by ``<U+202E>``, so stored text
  can never drive the terminal. Rich markup is escaped by the renderer, not here.
- ``script_language`` guesses a text's language from its letters where they leave no doubt:
  Persian letters are "fa", Latin letters "en"; Arabic, another script or a mixture, None.
- ``is_rtl`` tells whether text reads right to left: its first strong character is
  right-to-left (bidi class R or AL).
- ``display_width`` counts terminal cells: wide and full-width characters count 2, combining
  marks, ZWNJ, ZWJ and other invisible format characters count 0, the rest 1.

Keys and exports
----------------
- ``slugify`` makes a lowercase ASCII key from Latin text: "Asian Mayors Forum" ->
  "asian-mayors-forum", "Türkiye" -> "turkiye". Text with no Latin letter gives ``""``, and
  the caller picks another key (``transliterate`` first, for Persian).
- ``transliterate`` writes Persian letters in Latin ones for a key: «تهران» -> "tehran" and
  «خرم‌آباد» -> "khorramabad" (``KNOWN_LATIN_NAMES``: the Latin names the bundled dataset's
  sources give its cities' Persian names), «قم» -> "qom" and «کرمان» -> "kerman"
  (``ISO_PLACE_NAMES``: the cities ISO 3166-2:IR names provinces after), «مجمع عمومی» ->
  "majma omumi" and «بندرعباس» -> "bandar-abbas" (``COMMON_LATIN_WORDS``: common words of
  names and parts of place names as they are usually written, also when two are written as
  one word, and with the plural «ها»/«های»: «شهرهای» -> "shahrha-ye").
  Persian leaves short vowels unwritten, and a mechanical transliteration cannot know them:
  it puts an "a" only where the consonants could not be said without a vowel, so keys of
  Persian-only names are readable if not always the usual spelling; ``city edit --key`` (and
  ``org edit``, ``person edit``) renames one. A key is made once and stored, so a record keeps
  its key whatever a later version would make. Written by hand rather than taken from a
  library (AnyAscii, Unidecode) to keep this module on the standard library and to read و and
  ی as vowels or consonants by their place: those libraries map letters one by one, so they
  write no unwritten vowel at all («شبکه» is "shbkh"), which is worse than a word list.
- ``neutralize_formula`` puts a single quote before a cell that starts with one of
  ``FORMULA_PREFIXES`` (``= + - @``, tab, carriage return). Spreadsheets run such a cell as a
  formula, and a formula can fetch URLs or run commands when an exported CSV is opened
  (OWASP, "CSV Injection"); the quote makes it plain text. Only text cells go through it:
  numbers are written as numbers, so "-5" as a number is untouched.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from citylinks.errors import CitylinksError
from citylinks.i18n import N_, _, digit_look_alike, language, shortened

__all__ = [
    "FORMULA_PREFIXES",
    "TextError",
    "as_latin_look_alikes",
    "clean_name",
    "clean_note",
    "consonant_skeleton",
    "display_width",
    "fold",
    "fold_with_hamzas_kept",
    "how_many",
    "is_rtl",
    "looks_alike_across_scripts",
    "is_language_tag",
    "neutralize_formula",
    "normalize",
    "parse_number",
    "safe_for_terminal",
    "script_language",
    "shortened",
    "slugify",
    "to_ascii_digits",
    "to_persian_digits",
    "transliterate",
]

ZWNJ = "\u200c"
ZWJ = "\u200d"

NAME_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 5000

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# A language tag as BCP 47 (RFC 5646) shapes one, in any case (tags are case-insensitive, and
# other tools write `zh-Hant`, `sr-Latn`, `en-GB`): a language (2-3 letters, up to three
# extended ones, or 4-8 letters), then a script, a region, variants, extensions and a private
# use part, each optional; or a private use tag alone (x-...). The one rule of every door
# that takes a name's or a source's language (services.fields, the CSV columns name_LANG).
LANGUAGE_TAG = (
    r"(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"
    r"(?:-[a-z]{4})?"
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"
    r"|x(?:-[a-z0-9]{1,8})+)"
)
_LANGUAGE_TAG = re.compile(LANGUAGE_TAG, re.IGNORECASE | re.ASCII)


def is_language_tag(value: str) -> bool:
    """Whether `value` is shaped as a BCP 47 language tag (`fa`, `en-GB`, `zh-Hant-TW`)."""
    return _LANGUAGE_TAG.fullmatch(value) is not None


def same_language(a: str | None, b: str | None) -> bool:
    """Whether two language tags are one (BCP 47 tags are case-insensitive: `EN` is `en`,
    `sr-latn` is `sr-Latn`). A rule for matching only: each tag is stored as written."""
    if a is None or b is None:
        return a is b
    return a.lower() == b.lower()


def is_known_language(tag: str) -> bool:
    """Whether a well-formed tag (is_language_tag) names a language ISO 639 has: its first
    subtag an ISO 639-1 code (fa), an ISO 639-2 code, bibliographic (per) or collective (sla),
    one of ISO 639-2's codes for local use (qaa to qtz), or an ISO 639-3 code (yue); a private
    tag (x-...) is the writer's own. pycountry keeps the lists, release by release."""
    first = tag.split("-", 1)[0].lower()
    if first == "x":
        return True
    if len(first) not in (2, 3):
        return False
    if len(first) == 3 and "qaa" <= first <= "qtz":
        return True
    import pycountry  # read on first use: only commands given a language pay

    languages = pycountry.languages
    if len(first) == 2:
        return languages.get(alpha_2=first) is not None
    return (
        languages.get(alpha_3=first) is not None
        or languages.get(bibliographic=first) is not None
        or pycountry.language_families.get(alpha_3=first) is not None
    )


class TextError(CitylinksError, ValueError):
    """Text a user gave that citylinks will not store; the message says what to change."""


def check_known_language(tag: str, what: str) -> None:
    """The one refusal of a well-formed tag whose language ISO 639 has not (is_known_language),
    whatever door it came by: a command's --lang, a field, a CSV column's name_LANG."""
    if not is_known_language(tag):
        raise TextError(
            _(
                "the {what} {value!r} names no language ISO 639 knows: use a real one, e.g. fa,"
                " en, ar, tr, or und when it is not known",
                what=what,
                value=tag,
            )
        )


# --- normalize --------------------------------------------------------------------------------

_REMOVED_INVISIBLES = (
    "\u0640"  # tatweel
    "\u200e\u200f\u061c"  # LRM, RLM, ALM
    "\u200b"  # zero width space
    "\u2060"  # word joiner
    "\ufeff"  # byte order mark
    "\u00ad"  # soft hyphen
)

_STORED_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Persian yeh
        "\u0649": "\u06cc",  # alef maksura -> Persian yeh
        "\u0643": "\u06a9",  # Arabic kaf -> Persian keheh
        **dict.fromkeys(_REMOVED_INVISIBLES),
    }
)
# The invisibles alone: a name in another language keeps its letters, not these.
_REMOVED_ONLY = str.maketrans(dict.fromkeys(_REMOVED_INVISIBLES))

_ZWNJ_RUN = re.compile("\u200c{2,}")
_WHITESPACE_RUN = re.compile(r"\s+")
_LINE_BREAK = re.compile("\r\n|[\r\u2028\u2029]")
_HORIZONTAL_WHITESPACE_RUN = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _tidy_zwnj(text: str) -> str:
    """Keep a ZWNJ only between two letters (marks on the first letter are allowed)."""
    if ZWNJ not in text:
        return text
    text = _ZWNJ_RUN.sub(ZWNJ, text)
    kept = []
    for i, ch in enumerate(text):
        if ch == ZWNJ:
            before = i - 1
            while before >= 0 and unicodedata.category(text[before]).startswith("M"):
                before -= 1
            after = text[i + 1] if i + 1 < len(text) else ""
            if not (before >= 0 and _is_letter(text[before]) and after and _is_letter(after)):
                continue
        kept.append(ch)
    return "".join(kept)


def normalize(text: str, *, multiline: bool = False, letters: bool = True) -> str:
    """Return ``text`` in the form citylinks stores (see the module docstring).

    With ``multiline=True`` (notes) line breaks are kept; otherwise all whitespace, line
    breaks included, collapses to single spaces. With ``letters=False`` Arabic letters are
    kept as written (a name in Arabic, Urdu or another language that writes them: rule 2 is
    for Persian text, and for matching).
    """
    text = unicodedata.normalize("NFC", text).translate(
        _STORED_LETTERS if letters else _REMOVED_ONLY
    )
    # Removing a tatweel or a ZWNJ can bring a letter and a mark together: compose again.
    text = unicodedata.normalize("NFC", _tidy_zwnj(text))
    if not multiline:
        return _WHITESPACE_RUN.sub(" ", text).strip()
    text = _LINE_BREAK.sub("\n", text)
    lines = (_HORIZONTAL_WHITESPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


# --- digits -----------------------------------------------------------------------------------

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_TO_PERSIAN_DIGITS = str.maketrans("0123456789" + _ARABIC_INDIC_DIGITS, _PERSIAN_DIGITS * 2)
_ANY_DIGIT = re.compile(r"\d")  # on str patterns, \d is every Unicode decimal digit


def to_ascii_digits(s: str) -> str:
    """Write every decimal digit (Persian, Arabic-Indic, any script) as ASCII 0-9."""
    if s.isascii():
        return s
    return _ANY_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), s)


def to_persian_digits(s: str) -> str:
    """Write ASCII and Arabic-Indic digits as Persian digits ۰-۹; leave everything else."""
    return s.translate(_TO_PERSIAN_DIGITS)


_DECIMAL_SEPARATORS = str.maketrans({"\u066b": ".", "\u2212": "-", "\u066c": None})
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
_DECIMAL_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def parse_number(value: str, what: str, whole: bool = True) -> int | float:
    """A number an officer typed, in any digit script: "12", "۱۲", "١٢"; with ``whole=False``
    also a decimal, "31.6", "۳۱٫۶" (the Arabic decimal separator U+066B) or "31,6". The Arabic
    thousands separator U+066C is ignored and the minus sign U+2212 read as "-". ``what``
    names the value in the ``TextError`` ("COUNT", "--lat")."""
    typed = str(value)
    if said := digit_look_alike(typed):
        raise TextError(_("{what}: {exc}", what=_(what), exc=said))
    plain = to_ascii_digits(unicodedata.normalize("NFKC", typed).strip()).translate(
        _DECIMAL_SEPARATORS
    )
    if whole:
        if _WHOLE_NUMBER.fullmatch(plain):
            return int(plain)
        raise TextError(
            _(
                "{what} '{typed}' is not a whole number: give digits only, e.g. 12 or ۱۲",
                what=_(what),
                typed=typed,
            )
        )
    if plain.count(",") == 1 and "." not in plain:
        # A decimal comma ("45,76", as a comma-decimal locale writes it); more than one comma,
        # or a comma and a point ("1,234.5"), is no number: thousands separators are not read.
        plain = plain.replace(",", ".")
    if _DECIMAL_NUMBER.fullmatch(plain):
        return float(plain)
    raise TextError(
        _("{what} '{typed}' is not a number: give e.g. 31.6 or ۳۱٫۶", what=_(what), typed=typed)
    )


# --- fold -------------------------------------------------------------------------------------


def _code_points(*ranges: tuple[int, int]) -> frozenset[str]:
    return frozenset(chr(c) for first, last in ranges for c in range(first, last + 1))


_ACCENTS = _code_points(
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)
_ARABIC_VOWEL_SIGNS = _code_points(
    (0x0610, 0x061A),
    (0x064B, 0x0652),
    (0x0656, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x08D3, 0x08FF),
)
_HAMZA_ABOVE = "\u0654"
_HEH = "\u0647"

_PLAIN_LATIN_LETTERS = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe"}
_PLAIN_LATIN = str.maketrans(_PLAIN_LATIN_LETTERS)
_FOLDED_LETTERS = str.maketrans({"\u06c0": _HEH, **_PLAIN_LATIN_LETTERS})

# Rule 6 of fold: a hamza folds to the letter a writer leaves when dropping it.
_YEH_HAMZA = "\u0626"  # ئ
_HAMZA_SEATS = {"\u0623": "ا", "\u0625": "ا", "\u0624": "و", "\u0621": "", "\u0629": _HEH}
_HAMZA_LETTERS = re.compile("[\u0621\u0623-\u0626\u0629\u0654\u0655]")
# A hamza mark left on no seat (a second one, or one under a letter that takes none).
_LONE_HAMZA_MARKS = str.maketrans(dict.fromkeys("\u0654\u0655"))
_YEH_WITH_HAMZA_ABOVE = re.compile("[\u064a\u06cc]\u0654")
# The vowel a sign on ئ gives it (fatha, kasra, damma, and their tanwin).
_HAMZA_VOWEL = {
    "\u064e": "ا", "\u064b": "ا", "\u0650": "ی", "\u064d": "ی", "\u064f": "و", "\u064c": "و",
}  # fmt: skip
_LONG_VOWELS_BEFORE = frozenset("اآو")
_YEH_BEFORE = frozenset("یاآ")


def _yeh_hamza_seat(text: str, i: int) -> str:
    """The letter ئ at `text[i]` folds to (rule 6): by its vowel sign, else its neighbours."""
    after = i + 1
    while after < len(text) and unicodedata.category(text[after]) == "Mn":
        if vowel := _HAMZA_VOWEL.get(text[after]):
            return vowel
        after += 1
    following = text[after] if after < len(text) else ""
    if (i and text[i - 1] in _LONG_VOWELS_BEFORE) or following in _YEH_BEFORE:
        return "ی"
    if not following or not _is_letter(following):
        return "ی"
    return "و" if following == "و" else "ا"


# Rule 9 of fold: the ezafe after a final ه written as a separate ی («اطلاعیه‌ی خبری»,
# «اطلاعیه ی خبری»), which folds as «اطلاعیهٔ» and «اطلاعیه» do (a ی joined to the ه, as in
# «ماهی», is a letter of the word and stays).
_EZAFE_YEH = re.compile("\u0647[\u200c ]\u06cc(?![^\\W\\d_])")


def _unseat_hamzas(text: str) -> str:
    """Rule 6 of fold: each hamza as the letter a writer leaves without it."""
    if _HAMZA_LETTERS.search(text) is None:
        return text
    text = _YEH_WITH_HAMZA_ABOVE.sub(_YEH_HAMZA, text)
    return "".join(
        _yeh_hamza_seat(text, i) if ch == _YEH_HAMZA else _HAMZA_SEATS.get(ch, ch)
        for i, ch in enumerate(text)
    ).translate(_LONE_HAMZA_MARKS)


def fold(text: str) -> str:
    """Return the key two spellings of one name share (see the module docstring)."""
    return _fold(text, unseat_hamzas=True)


def fold_with_hamzas_kept(text: str) -> str:
    """`fold` without rule 6's hamzas (a hamza, ة, stays itself; ۀ is still ه): the key
    stored before alembic revision 0011, for that revision's downgrade only."""
    return _fold(text, unseat_hamzas=False)


def fold_with_ezafe_kept(text: str) -> str:
    """`fold` without rule 9 (an ezafe written as a ی of its own stays): the key stored
    before alembic revision 0012, for that revision's downgrade only."""
    return _fold(text, unseat_hamzas=True, ezafe=False)


def _fold(text: str, unseat_hamzas: bool, ezafe: bool = True) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = unicodedata.normalize("NFKC", text.casefold())
    text = normalize(text).translate(_FOLDED_LETTERS)
    if unseat_hamzas:
        text = _unseat_hamzas(text)
        if ezafe:
            text = _EZAFE_YEH.sub(_HEH, text)
    kept = []
    base = ""
    for ch in unicodedata.normalize("NFD", text):
        category = unicodedata.category(ch)
        if category[0] == "M":
            if ch in _ACCENTS or ch in _ARABIC_VOWEL_SIGNS:
                continue
            if ch == _HAMZA_ABOVE and base == _HEH:
                continue
            kept.append(ch)
        elif category == "Nd":
            base = ch
            kept.append(str(unicodedata.decimal(ch)))
        elif category[0] in "LN":
            base = ch
            kept.append(ch)
    # Removing punctuation can bring ae (U+06D5) and hamza together, which compose to U+06C0;
    # removing an accent can uncover a letter spelled out ("ǽ" is "æ", then "ae").
    return unicodedata.normalize("NFC", "".join(kept)).translate(_FOLDED_LETTERS)


# --- one name in two scripts --------------------------------------------------------------------

_PERSIAN_CONSONANTS = str.maketrans(
    {
        **dict.fromkeys("اآأإءئؤعحهةوی", ""),
        "ب": "b",
        "پ": "p",
        "ت": "t",
        "ط": "t",
        "ث": "s",
        "س": "s",
        "ص": "s",
        "ج": "j",
        "چ": "C",
        "خ": "x",
        "د": "d",
        "ذ": "z",
        "ز": "z",
        "ض": "z",
        "ظ": "z",
        "ر": "r",
        "ژ": "Z",
        "ش": "S",
        "غ": "q",
        "ق": "q",
        "ف": "f",
        "ک": "k",
        "گ": "g",
        "ل": "l",
        "م": "m",
        "ن": "n",
    }
)
_LATIN_DIGRAPHS = (
    ("tch", "C"),
    ("kh", "x"),
    ("sh", "S"),
    ("ch", "C"),
    ("zh", "Z"),
    ("gh", "q"),
    ("ph", "f"),
    ("dj", "j"),
    ("ck", "k"),
)
_LATIN_CONSONANTS = str.maketrans({**dict.fromkeys("aeiouyhwv", ""), "c": "k", "x": "ks"})
_REPEATED = re.compile(r"(.)\1+")
# Fewer consonants than this say too little to call two names alike ("Ali" and «علی»).
SKELETON_MIN_CONSONANTS = 3


def _has_arabic_letters(folded: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in folded)


def _has_latin_letters(folded: str) -> bool:
    return any("a" <= ch <= "z" for ch in folded)


def consonant_skeleton(text: str) -> str:
    """The consonants of a name, Persian or Latin, in one Latin-letter alphabet: "Alireza
    Amrollahi" and «علیرضا امراللهی» both give "lrzmrl" (see the module docstring)."""
    folded = fold(text)
    if _has_arabic_letters(folded):
        skeleton = folded.translate(_PERSIAN_CONSONANTS)
        skeleton = "".join(ch for ch in skeleton if ch.isascii() and ch.isalnum())
    else:
        for digraph, consonant in _LATIN_DIGRAPHS:
            folded = folded.replace(digraph, consonant)
        skeleton = "".join(ch for ch in folded.translate(_LATIN_CONSONANTS) if ch.isascii())
    return _REPEATED.sub(r"\1", skeleton)


def looks_alike_across_scripts(
    a: str, b: str, min_consonants: int = SKELETON_MIN_CONSONANTS
) -> bool:
    """Whether `a` and `b`, one written in Persian (Arabic) letters and the other in Latin
    letters, may be one name: their consonant skeletons are equal and have at least
    `min_consonants` consonants. Names in one script are never alike here (``fold`` and the
    fuzzy matcher compare those)."""
    fa, fb = fold(a), fold(b)
    if _has_arabic_letters(fa) == _has_arabic_letters(fb):
        return False
    latin = fb if _has_arabic_letters(fa) else fa
    if not _has_latin_letters(latin):
        return False
    skeleton = consonant_skeleton(a)
    return len(skeleton) >= min_consonants and skeleton == consonant_skeleton(b)


# --- checking what users type ------------------------------------------------------------------

_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL_NAMES = {
    "\t": N_("tab"),
    "\n": N_("newline"),
    "\r": N_("carriage return"),
    "\x1b": N_("escape"),
}
# Invisible format characters that spell nothing and steer nothing a reader can see: in a
# name they only make two names that look the same differ ("Ali\u200bReza" is not
# "AliReza"), so every door refuses them (a typed one too, rather than silently joining the
# words). ZWNJ (U+200C) and ZWJ (U+200D) spell Persian and other scripts, and stay.
_INVISIBLES = (
    "\u200b"  # zero width space
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\ufeff"  # zero width no-break space (byte order mark)
    "\u180e"  # Mongolian vowel separator
    "\u206a-\u206f"  # deprecated format characters
    "\ufff9-\ufffb"  # interlinear annotation
    # Blank letters and marks: they draw nothing, so a name of them alone looks empty.
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u034f"  # combining grapheme joiner
    "\u2800"  # Braille pattern blank
    "\ufe00-\ufe0f\U000e0100-\U000e01ef"  # variation selectors
    "\U000e0000-\U000e007f"  # tag characters
)
_INVISIBLE_NAMES = {
    "\u200b": N_("zero width space"),
    "\u2060": N_("word joiner"),
    "\ufeff": N_("byte order mark"),
    "\u115f": N_("Hangul choseong filler"),
    "\u1160": N_("Hangul jungseong filler"),
    "\u3164": N_("Hangul filler"),
    "\uffa0": N_("halfwidth Hangul filler"),
    "\u034f": N_("combining grapheme joiner"),
    "\u2800": N_("Braille pattern blank"),
}
# Characters named by their block: (first, last, name).
_INVISIBLE_RANGES = (
    ("\ufe00", "\ufe0f", N_("variation selector")),
    ("\U000e0100", "\U000e01ef", N_("variation selector")),
    ("\U000e0000", "\U000e007f", N_("tag character")),
)


def _invisible_name(ch: str) -> str | None:
    """The name of an invisible character the messages give, if they give one."""
    if ch in _INVISIBLE_NAMES:
        return _INVISIBLE_NAMES[ch]
    return next((name for first, last, name in _INVISIBLE_RANGES if first <= ch <= last), None)


_REFUSED_IN_NAME = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_CONTROLS}{_INVISIBLES}\ud800-\udfff]")
_INVISIBLE = re.compile(f"[{_INVISIBLES}]")
_REFUSED_IN_NOTE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_CONTROLS}\ud800-\udfff]")


def has_hidden_characters(text: str) -> bool:
    """Whether `text` holds a character no name may: a control, a bidi embedding or override,
    an invisible format character (a zero width space, a word joiner), a lone surrogate (the rule `clean_name` and `check_as_written` refuse by)."""
    return _REFUSED_IN_NAME.search(text) is not None


def refuse_hidden_characters(text: str, what: str, *, multiline: bool = False) -> None:
    """Raise ``TextError`` naming the first character of `text` that no name may hold (the
    rule of ``clean_name``), or with `multiline`, that no note may (``clean_note``'s: tab,
    newline and carriage return allowed). `what` is a catalogue entry (marked with N_)."""
    _refuse_hidden_characters(text, what, _REFUSED_IN_NOTE if multiline else _REFUSED_IN_NAME)


def _code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _refuse_hidden_characters(text: str, what: str, refused: re.Pattern[str]) -> None:
    found = refused.search(text)
    if found is None:
        return
    ch, position = found.group(), found.start() + 1
    if _INVISIBLE.fullmatch(ch):
        name = _invisible_name(ch)
        label = f" ({_(name)})" if name is not None else ""
        raise TextError(
            _(
                "the {what} contains the invisible character {code_point}{label} at character {position}, which makes it differ from the text it looks like; remove it",
                what=_(what),
                code_point=_code_point(ch),
                label=label,
                position=position,
            )
        )
    if ch in _BIDI_CONTROLS:
        raise TextError(
            _(
                "the {what} contains the bidi control {code_point} at character {position}, which can disguise text; remove it",
                what=_(what),
                code_point=_code_point(ch),
                position=position,
            )
        )
    if "\ud800" <= ch <= "\udfff":
        raise TextError(
            _(
                "the {what} contains a lone surrogate {code_point} at character {position}, a sign of a broken encoding; re-save the text as UTF-8",
                what=_(what),
                code_point=_code_point(ch),
                position=position,
            )
        )
    label = f" ({_(_CONTROL_NAMES[ch])})" if ch in _CONTROL_NAMES else ""
    raise TextError(
        _(
            "the {what} contains the control character {code_point}{label} at character {position}; remove it",
            what=_(what),
            code_point=_code_point(ch),
            label=label,
            position=position,
        )
    )


def _refuse_empty_or_long(cleaned: str, what: str, max_length: int) -> None:
    if not cleaned:
        raise TextError(_("the {what} is empty: give at least one letter", what=_(what)))
    if len(cleaned) > max_length:
        raise TextError(
            _(
                "the {what} is {n} characters long; at most {max_length} are allowed",
                what=_(what),
                n=len(cleaned),
                max_length=max_length,
            )
        )


def clean_name(
    text: str, what: str = "name", max_length: int = NAME_MAX_LENGTH, *, letters: bool = True
) -> str:
    """Check a name a user typed and return it normalized; raise ``TextError`` if refused.

    ``what`` names the thing in messages ("city name", "organization name"); ``letters``:
    whether Arabic letters become Persian ones (``normalize``), as in Persian text.
    """
    _refuse_hidden_characters(text, what, _REFUSED_IN_NAME)
    cleaned = normalize(text, letters=letters)
    _refuse_empty_or_long(cleaned, what, max_length)
    if not any(ch.isalnum() for ch in cleaned):
        raise TextError(
            _(
                "the {what} {cleaned!r} has no letter or digit: give at least one letter",
                what=_(what),
                cleaned=cleaned,
            )
        )
    _refuse_mixed_scripts(cleaned, what)
    return cleaned


def check_as_written(text: str, what: str = "name", max_length: int = NAME_MAX_LENGTH) -> str:
    """Check a name or title of another tool's file, kept as written (Unicode NFC only: no
    letter rewritten, no space tidied, a name such as '-' kept); raise ``TextError`` for what
    no door takes: a hidden character, nothing visible, more than ``max_length`` characters,
    a word mixing scripts that look alike ("Yаzd", a Cyrillic а: clean_name's rule)."""
    text = unicodedata.normalize("NFC", text)
    _refuse_hidden_characters(text, what, _REFUSED_IN_NAME)
    visible = any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)
    _refuse_empty_or_long(text if visible else "", what, max_length)
    _refuse_mixed_scripts(text, what)
    return text


# Scripts whose letters look alike ("Yаzd" with a Cyrillic а is not Yazd; Lisu's ꓮ is an A):
# one word may not mix them. Persian or Arabic beside Latin in one name stays allowed (they
# cannot be confused).
_CONFUSABLE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "LISU")
_SCRIPT_NAMES = {
    "LATIN": N_("Latin"),
    "CYRILLIC": N_("Cyrillic"),
    "GREEK": N_("Greek"),
    "LISU": N_("Lisu"),
}
# The letters of those scripts that look like Latin ones (capitals and small letters as each
# looks), read as those by as_latin_look_alikes; and Latin's own letters that pass for plain
# ones (NFKC leaves them be): the small capitals ("ᴅᴀsʜ") and the IPA letters that look like
# a, g, i, v, h, j ("dɑsh"). The Unicode confusables list is far longer; these are the
# letters whose words can pass for plain Latin ones.
_LOOK_LIKE_LATIN = str.maketrans(
    dict(
        zip(
            "АВЕКМНОРСТХУІЈЅԚԜҮаеорсхуіјѕԁԛԝһӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧοινꓐꓑꓓꓔꓖꓗꓙꓚꓜꓝꓟꓠꓡꓢꓣꓦꓧꓪꓫꓬꓮꓰꓲꓳꓴ"
            "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢɑɡɩʋɦȷ",
            "ABEKMHOPCTXYIJSQWYaeopcxyijsdqwhlABEZHIKMNOPTYXoivBPDTGKJCZFMNLSRVHWXYAEIOU"
            "ABCDEFGHIJKLMNOPQRSTUVWYZagivhj",
            strict=True,
        )
    )
)


def as_latin_look_alikes(text: str) -> str:
    """`text` (in NFKC, so that a compatibility form is the letter it stands for) with the
    letters of Cyrillic, Greek and Lisu that look like Latin ones, and Latin's small capitals
    and IPA letters that look like plain ones, read as those: what a name that must not pass
    for another is compared by ("ЕР", Cyrillic, is "EP"; "ᴅᴀsʜ" and "dɑsh" are "dash")."""
    return unicodedata.normalize("NFKC", text).translate(_LOOK_LIKE_LATIN)


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)
def _script(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    return next((s for s in _CONFUSABLE_SCRIPTS if name.startswith(s + " ")), None)


def _refuse_mixed_scripts(text: str, what: str) -> None:
    if text.isascii():  # Latin letters only: one script (most names, every URL)
        return
    for word in _WORD.findall(text):
        scripts = {s for s in map(_script, word) if s is not None}
        if len(scripts) > 1:
            odd = min(scripts, key=lambda s: sum(_script(ch) == s for ch in word))
            letters = "".join(dict.fromkeys(ch for ch in word if _script(ch) == odd))
            raise TextError(
                _(
                    "the {what} mixes {listed} letters in '{word}' ({letters} is {odd}), which can disguise one name as another: type it again in one script",
                    what=_(what),
                    listed=_(" and ").join(sorted(_(_SCRIPT_NAMES[s]) for s in scripts)),
                    word=word,
                    letters=letters,
                    odd=_(_SCRIPT_NAMES[odd]),
                )
            )


def clean_note(text: str, what: str = "note", max_length: int = NOTE_MAX_LENGTH) -> str:
    """Check free text (a note, theme or excerpt) and return it normalized, lines kept."""
    _refuse_hidden_characters(text, what, _REFUSED_IN_NOTE)
    cleaned = normalize(text, multiline=True)
    _refuse_empty_or_long(cleaned, what, max_length)
    return cleaned


# --- showing stored text -----------------------------------------------------------------------

_UNSAFE_FOR_TERMINAL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}\ud800-\udfff]")


def _visible_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ord(ch) <= 0x9F:
        return f"\\x{ord(ch):02x}"
    return f"<{_code_point(ch)}>"


def hidden_shown(text: str) -> str:
    """Return ``text`` with every character no name may hold (has_hidden_characters: a
    zero width space as well as a bidi override) shown as a visible escape (<U+200B>)."""
    return _REFUSED_IN_NAME.sub(_visible_escape, text)


def safe_for_terminal(text: str) -> str:
    """Return ``text`` with control characters and bidi controls shown as visible escapes."""
    return _UNSAFE_FOR_TERMINAL.sub(_visible_escape, text)


def name_label(owner: str, name: str, lang: str) -> str:
    """ "Yazd's name یزد (fa)": how the log names a name row of the record `owner` names (the
    label rules (audit.LABEL_RULES) and the one-row adds on Core alike)."""
    return _("{owner}'s name {name}", owner=owner, name=f"{name} ({lang})")


def identifier_label(owner: str, scheme: str, value: str) -> str:
    """ "Yazd's wikidata identifier Q212007": how the log names an identifier row."""
    return _("{owner}'s {scheme} identifier {value}", owner=owner, scheme=scheme, value=value)


def display_name(names, lang: str | None = None) -> str | None:
    """Which of a row's names to show: the first official name in `lang` (by default the
    interface language), else the first name in `lang`, else the first name. `names` are rows
    or objects with lang, kind and name."""
    lang = lang or language()
    in_lang = [n for n in names if same_language(n.lang, lang)]
    for n in in_lang:
        if n.kind == "official":
            return n.name
    if in_lang:
        return in_lang[0].name
    return names[0].name if names else None


def organization_label(acronym: str | None, names, key: str, lang: str | None = None) -> str:
    """How a line names an organization (`names` as for display_name): its acronym (in Persian
    a Persian one, a name of kind acronym in fa, if recorded), else its name in `lang`, by
    default the interface language. The one rule of confirmations and `show` headings."""
    lang = lang or language()
    for n in names:
        if lang != "en" and n.lang == lang and n.kind == "acronym":
            return n.name
    return acronym or display_name(names, lang) or key


# Letters only Arabic writes (teh marbuta, alef and waw with hamza, Arabic yeh and kaf) and
# letters only Persian writes.
_ARABIC_ONLY = frozenset("ةأإؤيك")
_PERSIAN_ONLY = frozenset("پچژگیک")


def script_language(text: str) -> str | None:
    """The language a text's letters say, when they say it: "fa" for Persian letters, "en" for
    Latin ones only; None for Arabic (its own letters and none of Persian's), other scripts, or
    a mixture, where the writer must say."""
    letters = [ch for ch in text if _is_letter(ch)]
    if not letters:
        return None
    if all("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in letters):
        arabic = any(ch in _ARABIC_ONLY for ch in letters)
        return None if arabic and not any(ch in _PERSIAN_ONLY for ch in letters) else "fa"
    if all(ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") for ch in letters):
        return "en"
    return None


def is_rtl(text: str) -> bool:
    """Whether ``text`` reads right to left: its first strong character is R or AL."""
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction == "L":
            return False
        if direction in ("R", "AL"):
            return True
    return False


def display_width(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    width = 0
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Mn", "Me", "Cf", "Cc"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def wrap_to_width(line: str, width: int) -> list[str]:
    """`line` broken at spaces into pieces of at most `width` terminal cells (a word longer
    than that stands alone); the pieces after the first keep the line's own indentation."""
    if display_width(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip(" "))]
    pieces: list[str] = []
    current = ""
    for word in line.split():
        tried = f"{current} {word}" if current else f"{indent}{word}"
        if current and display_width(tried) > width:
            pieces.append(current)
            tried = f"{indent}{word}"
        current = tried
    return [*pieces, current] if current else pieces


_PLURALS = {
    "city": "cities",
    "country": "countries",
    "person": "people",
    "audit entry": "audit entries",
}


def how_many(n: int, noun: str) -> str:
    """ "1 city", "23 cities", "0 people": a count with its English noun; in Persian, Persian
    digits and the noun's translation (a Persian noun after a number stays singular)."""
    if language() == "fa":
        return f"{to_persian_digits(str(n))} {_(noun)}"
    return f"{n} {noun if n == 1 else _PLURALS.get(noun, noun + 's')}"


# --- keys and exports --------------------------------------------------------------------------

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Return a lowercase ASCII key such as "asian-mayors-forum", or "" with no Latin letter."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_PLAIN_LATIN)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    text = to_ascii_digits(text)
    slug = _NOT_SLUG.sub("-", text).strip("-")
    return slug if re.search("[a-z]", slug) else ""


# Persian letters in Latin, for keys: the consonant usual romanisations give each, the long
# vowels written as letters. Short vowels are not written in Persian; `transliterate` puts one
# where a Persian word could not be said without it (_SHORT_VOWEL).
_TRANSLITERATION = {
    "ا": "a", "آ": "a", "أ": "a", "إ": "e", "ء": "", "ئ": "e", "ؤ": "o", "ع": "a",
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j",
    "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ز": "z", "ض": "z", "ظ": "z",
    "ر": "r", "ژ": "zh", "ش": "sh", "غ": "gh", "ق": "q", "ف": "f", "ک": "k", "گ": "g",
    "ل": "l", "م": "m", "ن": "n", "ة": "h", "ۀ": "eh",
    # written vowels, when the text has them (Arabic names, or a careful typist)
    "\u064e": "a", "\u0650": "e", "\u064f": "o", "\u064b": "an",
}  # fmt: skip
_SHADDA = "\u0651"
_VOWEL_LETTERS = frozenset("اآأإعوی")
# The letters that `_TRANSLITERATION` writes as a vowel (ع, which carries one, among them).
_WRITTEN_AS_VOWEL = frozenset("اآأإئؤع\u064e\u0650\u064f\u064b")
# The short vowel put between consonants no Persian word has together (a word never begins
# with two consonants, nor ends with more than two): "a", the commonest, so «یزد» is "yazd",
# «مشهد» "mashhad", «تبریز» "tabriz" (of "a", "e" and "o", the one whose keys came closest to
# the Latin names of the bundled dataset's Persian names).
_SHORT_VOWEL = "a"
# The Latin name sources give a place written in Persian, by its fold: each city of the bundled
# dataset (data/amf.toml) with a Persian and an English official name, so that «تهران» is
# "tehran", not "tahran". Only names a source gives: tests/test_fa15in_prompts_keys_plurals.py
# checks each against the dataset.
KNOWN_LATIN_NAMES: dict[str, str] = {
    "تهران": "Tehran", "استانبول": "Istanbul", "بانکوک": "Bangkok", "هایکو": "Haikou",
    "غازیانتپ": "Gaziantep", "قاضیانتپ": "Gaziantep", "غازیان تپ": "Gaziantep",
    "غازیانتب": "Gaziantep", "دوشنبه": "Dushanbe", "یزد": "Yazd", "کربلا": "Karbala",
    "اردکان": "Ardakan", "قزوین": "Qazvin", "زواره": "Zavareh", "شیراز": "Shiraz",
    "ماسوله": "Masuleh", "کرمانشاه": "Kermanshah", "سیاهکل": "Siahkal", "ابرکوه": "Abarkuh",
    "گرگان": "Gorgan", "زاهدان": "Zahedan", "اصفهان": "Isfahan", "کازان": "Kazan",
    "ساری": "Sari", "خرم‌آباد": "Khorramabad", "آنکارا": "Ankara", "مشهد": "Mashhad",
    "ارومیه": "Urmia", "سمنان": "Semnan", "رشت": "Rasht", "تبریز": "Tabriz",
    "لاهیجان": "Lahijan",
}  # fmt: skip
# Iranian cities that give their name to a province: the province's name in ISO 3166-2:IR (as
# pycountry ships the list), without its marks ("Kermān" is Kerman), where the bundled dataset
# gives none. Only ISO's names: tests/test_fa15h_keys.py checks each against pycountry.
ISO_PLACE_NAMES: dict[str, tuple[str, str]] = {
    "کرمان": ("IR-08", "Kerman"), "قم": ("IR-25", "Qom"), "همدان": ("IR-13", "Hamadan"),
    "زنجان": ("IR-19", "Zanjan"), "اردبیل": ("IR-24", "Ardabil"), "بوشهر": ("IR-18", "Bushehr"),
    "ایلام": ("IR-16", "Ilam"),
}  # fmt: skip
# Common words of Persian names, and parts of Iranian place names, in their usual romanisation:
# Persian leaves short vowels unwritten, so no rule can tell «شبکه» (shabakeh) from a «shbkeh»,
# and a word's usual spelling beats a guess. A name two of them make written as one word
# («بندرعباس», «خرمشهر») is read as the two (_compound); «ها» and «های» after one of them are
# the plural and its ezafe («شهرهای» is "shahrha-ye"). These only make keys: a key once made
# is stored and never remade, so adding a word changes no recorded key.
COMMON_LATIN_WORDS: dict[str, str] = {
    # places (and parts of place names)
    "بندر": "bandar", "عباس": "abbas", "شهر": "shahr", "آباد": "abad", "خرم": "khorram",
    "کرد": "kord", "خرمشهر": "khorramshahr", "شهرکرد": "shahrekord", "کرج": "karaj", "سنندج": "sanandaj", "دزفول": "dezful",
    "سبزوار": "sabzevar", "چابهار": "chabahar", "بجنورد": "bojnurd", "یاسوج": "yasuj",
    "نیشابور": "neyshabur", "کاشان": "kashan", "اراک": "arak", "آبادان": "abadan",
    "بیرجند": "birjand", "بابل": "babol", "آمل": "amol", "قشم": "qeshm", "ساوه": "saveh",
    "سیرجان": "sirjan", "رفسنجان": "rafsanjan", "ملایر": "malayer", "کاشمر": "kashmar",
    "مراغه": "maragheh", "کیش": "kish", "بم": "bam", "انزلی": "anzali", "دره": "dareh",
    # words of organizations' and meetings' names
    "شبکه": "shabakeh", "سالم": "salem", "سبز": "sabz", "کمیته": "komiteh",
    "گردشگری": "gardeshgari", "سلامت": "salamat", "مجمع": "majma", "عمومی": "omumi",
    "شهرداران": "shahrdaran", "شهرداری": "shahrdari", "شهردار": "shahrdar",
    "آسیایی": "asiayi", "آسیا": "asia", "اسلامی": "eslami", "شورا": "shura",
    "انجمن": "anjoman", "سازمان": "sazman", "جهانی": "jahani", "همکاری": "hamkari",
    "فرهنگی": "farhangi", "فرهنگ": "farhang", "توسعه": "towsee", "پایدار": "paydar",
    "نشست": "neshast", "دبیرخانه": "dabirkhaneh", "دبیر": "dabir", "اجلاس": "ejlas",
    "هیئت": "heyat", "اجرایی": "ejrayi", "مدیره": "modireh", "رئیس": "rais", "ملی": "melli",
    "اقتصادی": "eqtesadi", "اتحادیه": "ettehadiyeh", "کمیسیون": "komisiyun",
    "همایش": "hamayesh", "کنفرانس": "konferans", "بین": "beyn", "المللی": "olmelali",
    # given names
    "مریم": "maryam", "محمد": "mohammad", "علی": "ali", "حسین": "hossein", "رضا": "reza",
    "علیرضا": "alireza", "فاطمه": "fatemeh", "زهرا": "zahra", "مهدی": "mahdi", "امام": "emam",
}  # fmt: skip
_PERSIAN_PLURALS = (("های", "ha-ye"), ("ها", "ha"))
_PERSIAN_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")


@functools.cache
def _known_latin() -> dict[str, str]:
    known = {fold(persian): latin for persian, (_code, latin) in ISO_PLACE_NAMES.items()}
    known.update((fold(persian), latin) for persian, latin in KNOWN_LATIN_NAMES.items())
    return known


@functools.cache
def _common_latin() -> dict[str, str]:
    return {fold(persian): latin for persian, latin in COMMON_LATIN_WORDS.items()}


def _word(word: str) -> str:
    """One Persian word in Latin: as the sources write it (KNOWN_LATIN_NAMES, ISO_PLACE_NAMES),
    as it is usually written (COMMON_LATIN_WORDS, alone, in a plural or as two of them), or
    letter by letter (_spelled)."""
    folded = fold(word)
    found = _known_latin().get(folded) or _common_latin().get(folded)
    if found:
        return found
    for ending, latin in _PERSIAN_PLURALS:
        stem = folded[: -len(ending)]
        if folded.endswith(fold(ending)) and len(stem) > 1:
            known = _known_latin().get(stem) or _common_latin().get(stem)
            if known:
                return f"{known}{latin}"
    return _compound(folded) or _spelled(word)


def _compound(folded: str) -> str | None:
    """Two known words written as one («بندرعباس», «خرمشهر»), or None."""
    common = _common_latin()
    for cut in range(2, len(folded) - 1):
        first, second = folded[:cut], folded[cut:]
        if first in common and second in common:
            return f"{common[first]}-{common[second]}"
    return None


def transliterate(text: str) -> str:
    """Persian (Arabic-script) letters written in Latin ones, for a key: «تهران» -> "Tehran"
    and «خرم‌آباد» -> "Khorramabad" (KNOWN_LATIN_NAMES, the names sources give), «قم» -> "Qom"
    (ISO_PLACE_NAMES, ISO 3166-2's), «مجمع شهرداران آسیایی» -> "majma shahrdaran asiayi"
    (COMMON_LATIN_WORDS, _word).

    A whole name, or a word of it, that KNOWN_LATIN_NAMES or ISO_PLACE_NAMES has is written as
    the sources write it. Any other Persian word is written letter by letter: و and ی are "v" and "y" at the start
    of a word or before a vowel letter, else "u" and "i"; ه ending a word after a consonant is
    "eh" (the silent final e of «خانه»); and since short vowels are not written, _SHORT_VOWEL
    goes where the consonants could not be said without one (not in a word that carries its
    vowel signs). ZWNJ parts words like a space. Other letters and digits are kept (digits as
    ASCII), so `slugify` of the result is a key."""
    text = to_ascii_digits(normalize(text))
    if whole := _known_latin().get(fold(text)):
        return whole
    return _PERSIAN_WORD.sub(lambda word: _word(word.group()), text.replace(ZWNJ, " "))


def _spelled(word: str) -> str:
    """One Persian word, letter by letter, with short vowels put where they must be."""
    sounds: list[tuple[str, bool]] = []  # (Latin, is a vowel)
    for i, ch in enumerate(word):
        before = word[i - 1] if i else " "
        after = word[i + 1] if i + 1 < len(word) else " "
        starts_word = not _is_letter(before)
        if ch == "ا" and starts_word and after in "وی":
            continue  # «ایران» is "iran", «اوین» "uin": the alef only carries the vowel
        if ch in "وی":
            as_consonant = starts_word or after in _VOWEL_LETTERS
            written = {"و": ("v", "u"), "ی": ("y", "i")}[ch][0 if as_consonant else 1]
            vowel = not as_consonant
        elif ch == _HEH:
            ends_word = not _is_letter(after)
            silent_e = ends_word and not starts_word and before not in "اآو"
            written, vowel = ("eh", True) if silent_e else ("h", False)
        elif ch in _TRANSLITERATION:
            written, vowel = _TRANSLITERATION[ch], ch in _WRITTEN_AS_VOWEL
        elif unicodedata.category(ch).startswith("M"):
            continue  # other vowel signs and marks
        else:
            written, vowel = ch, False
        if not written:
            continue
        marks = word[i + 1 : i + 4]  # NFC puts a vowel sign before the shadda: رَّ
        doubled = (
            _is_letter(ch)
            and _SHADDA in marks
            and all(unicodedata.category(m) == "Mn" for m in marks[: marks.index(_SHADDA)])
        )
        sounds += [(written, vowel)] * (2 if doubled else 1)
    if any(unicodedata.category(ch) == "Mn" and ch in _TRANSLITERATION for ch in word):
        return "".join(written for written, _vowel in sounds)  # its vowels are written
    return "".join(_syllables(sounds))


def _syllables(sounds: list[tuple[str, bool]]) -> list[str]:
    """The sounds of a word, with _SHORT_VOWEL wherever a syllable (consonant, vowel, up to
    two consonants) has no vowel: "thran" -> "tahran", "yzd" -> "yazd", "mshhd" ->
    "mashhad". Of consonants between two vowels the last begins the next syllable."""
    out: list[str] = []
    i, count = 0, len(sounds)
    while i < count:
        if not sounds[i][1]:
            out.append(sounds[i][0])  # the syllable's first consonant
            i += 1
            if i == count:  # a word of one consonant: nothing to say it with
                break
        if sounds[i][1]:
            out.append(sounds[i][0])
            i += 1
        else:
            out.append(_SHORT_VOWEL)
        run = i
        while run < count and not sounds[run][1]:
            run += 1
        consonants = run - i
        if run == count:  # the word's end: up to two consonants close the syllable
            kept = consonants if consonants <= 2 else 1
        else:  # before a vowel: the last consonant opens the next syllable
            kept = max(consonants - 1, 0) if consonants <= 3 else 1
        out += [written for written, _vowel in sounds[i : i + kept]]
        i += kept
    return out


def neutralize_formula(cell: str) -> str:
    """Quote a text cell a spreadsheet would run as a formula (see the module docstring)."""
    if cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def rewrites_letters(lang: str | None) -> bool:
    """Whether a name in `lang` is stored with Persian letters for Arabic ones (rule 2 of the
    stored form): Persian ('fa', 'fa-IR', ...) and a name whose language is not given; a
    name tagged with another language keeps the letters it was written with."""
    return lang is None or lang.split("-", 1)[0].lower() == "fa"
