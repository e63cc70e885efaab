"""The left-to-right runs of a line that mixes Persian and Latin text: option names
(`--bidi`), commands, keys (`amf-culture-tourism`, `AMF/executive-board/11`) and English
names inside Persian. Each run reads left to right as one piece wherever the Persian around it
puts it: the terminal's --bidi (render.output.visual_order) isolates each with the Unicode
isolates LRI and PDI before reordering, and HTML wraps each in `<bdi dir="ltr">`. One rule for
both, so that what the terminal shows and what the page shows agree.

A run begins at a Latin letter (with the one or two hyphens of an option name or the dot of a
file suffix before it, or an opening bracket or quote that it closes) and goes on, over spaces,
digits and punctuation, up to the last Latin letter, digit or closing bracket before the next
right-to-left letter, as the Unicode bidi algorithm has it (a neutral between two left-to-right
letters, and a European digit after one, read left to right): Persian digits between two
English words are in it ("authorities ۸۹ convened"), Persian digits after the last one are not
("Yazd ۱۳۹۶–۱۳۹۷": a Persian range). A number in ASCII digits just before its first word belongs
to it ("11th", "6-8 Azar") unless a Persian word comes before the number ("آذر ۱۴۰۴ AMF"); a
number in Persian digits set apart from it by a space does not: it is the Persian text's (a
count before the source's words, «۸۹ Asian cities»), read first, at the right of the line, as
in «بیش از ۸۹ Asian mayors», in every line of a wrapped cell alike.
A text with no right-to-left letter at all is one run, its punctuation with it ("AMF meeting in
Tehran.": a line of an English note in a Persian report).

Two spans are one run whole, whatever they hold (`UNBROKEN`), and a line is not broken inside
one that fits on it (`words`): a command in backquotes («ببینید `citylinks member history یزد
amf`»), Persian words and all, which is typed as it reads, left to right; and a number sign
with its number («(#۱، نسخهٔ ۱)»), which the bidi algorithm would otherwise show as «۱#» (a
Persian digit after a Persian letter is an Arabic number, and the sign beside it a neutral that
takes the Persian's direction).
"""

from __future__ import annotations

import re

# Right-to-left letters: Hebrew, Arabic and Persian (with their digits), and their
# presentation forms (what arabic_reshaper gives).
RTL_LETTER = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"
HAS_RTL = re.compile(f"[{RTL_LETTER}]")
# What ends a run between two English words: a right-to-left letter or mark, not a Persian
# digit (U+06F0-U+06F9, a European number to the bidi algorithm).
_STOP = RTL_LETTER.replace("\u0590-\u08ff", "\u0590-\u06ef\u06fa-\u08ff")
# From the first Latin letter to the last before a right-to-left letter, and what follows up to
# the next one (trimmed below). (A file suffix, ".csv", may come with the left-to-right mark
# that a translation puts before it.)
_RUN = re.compile(f"\u200e?(?:--?|\\.)?[A-Za-z](?:[^{_STOP}]*[A-Za-z])?[^{RTL_LETTER}]*")
_DIGITS = "0-9\u06f0-\u06f9"
# A number (with the separators of a range, a date or a list) and the spaces before a run.
_NUMBER_BEFORE = re.compile(f"[{_DIGITS}](?:[{_DIGITS}]|[-\u2013/.:,+ ](?=[{_DIGITS}]))*\\s*$")
# A number in Persian digits set apart from the English after it by a space: the Persian
# text's own (a count before the source's words: «۸۹ Asian cities»), read first, at the
# right, as «بیش از ۸۹ Asian mayors» reads its number; not the English phrase's.
_PERSIAN_COUNT = re.compile("[\u06f0-\u06f9][^0-9A-Za-z]*\\s$")
_OPENERS = {")": "(", "]": "[", "}": "{", "»": "«", ">": "<"}
# The spans that are one left-to-right run whole: a command in backquotes, a number sign and
# its number ("#12", "#۱۲").
UNBROKEN = re.compile(f"`[^`\n]+`|#[{_DIGITS}]+")
_QUOTES = "`'\""


def cell_reads_rtl(text: str, lang: str) -> bool:
    """Whether a cell (of a table, or a chart's label) reads right to left: the one rule of
    the HTML page, the SVG picture, the PDF and the terminal's --bidi.

    A cell takes the report's direction, unless its text both begins and ends in the other
    language, judged by its first and last letter or digit (Persian digits are Persian):
    then it reads in its own. In an English report «همایش شهرهای Silk Road در میبد» reads
    right to left, while «میبد, Iran» and «یازدهمین اجلاس (eleventh meeting)» read left to
    right, each Persian run in them isolated (`rtl_runs`); in a Persian report an English
    note that names «یازدهمین اجلاس» inside reads left to right, while «۲ (root)», a year
    range «۱۳۹۶–۱۳۹۷ (۲۰۱۸)» and «۵۱ Asian and European mayors؛ ...» read right to left, each
    English run isolated (`ltr_runs`)."""
    ends = [ch for ch in text if ch.isalnum()]
    if not ends:
        return lang == "fa"
    first, last = (bool(HAS_RTL.match(ch)) for ch in (ends[0], ends[-1]))
    if lang == "fa":
        return first or last
    return first and last


# A right-to-left run in left-to-right text: from a right-to-left letter to the last one before
# the next Latin letter, with the spaces, digits and punctuation between ("یزد", "بیش از ۸۹").
_RTL_RUN = re.compile(f"[{RTL_LETTER}](?:[^A-Za-z]*[{RTL_LETTER}])?")


def rtl_runs(text: str) -> list[tuple[int, int]]:
    """Where the right-to-left runs of a left-to-right `text` begin and end."""
    # A Persian comma alone ("S2، S3") is punctuation, not a run.
    return [m.span() for m in _RTL_RUN.finditer(text) if any(c.isalnum() for c in m.group())]


def ltr_runs(text: str) -> list[tuple[int, int]]:
    """Where the left-to-right runs of `text` begin and end ([start, end) pairs), in order."""
    stripped = text.strip()
    if stripped and not HAS_RTL.search(text) and re.search("[A-Za-z]", text):
        start = text.index(stripped[0])
        return [(start, start + len(stripped))]
    found = _runs_of_letters(text)
    for match in UNBROKEN.finditer(text):
        found.append(match.span())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start < merged[-1][1]:  # a run inside (or across) a backquoted command
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _runs_of_letters(text: str) -> list[tuple[int, int]]:
    """The runs that begin at a Latin letter (see the module's docstring)."""
    found: list[tuple[int, int]] = []
    for match in _RUN.finditer(text):
        start, end = match.span()
        end = _trimmed(text, start, end)
        before = _NUMBER_BEFORE.search(text, found[-1][1] if found else 0, start)
        if (
            before
            and not text[: before.start()].rstrip()[-1:].isalpha()
            and not _PERSIAN_COUNT.match(before.group())
        ):
            start = before.start()
        # A bracket or a pair of quotes around the run belongs to it: "(AMF)", "[a|b]".
        if start and end < len(text) and _OPENERS.get(text[end], text[end]) == text[start - 1]:
            if text[end] in _OPENERS or text[end] in _QUOTES:
                start, end = start - 1, end + 1
        found.append((start, end))
    return found


def _trimmed(text: str, start: int, end: int) -> int:
    """`end` moved back over the spaces and punctuation that end a match, keeping a closing
    bracket whose opening one is in the run."""
    while end > start and not text[end - 1].isalnum():
        closing = text[end - 1]
        inside = text[start : end - 1]
        if closing in _OPENERS and inside.count(_OPENERS[closing]) > inside.count(closing):
            break
        if closing in _QUOTES and _opened(inside, closing):
            break  # the quote that closes "'eleventh meeting'"
        end -= 1
    return end


def _opened(inside: str, quote: str) -> bool:
    """Whether `inside` leaves a `quote` open: one that begins a word ("'eleventh") and is
    not closed after it (an apostrophe, "AMF's", neither opens nor closes)."""
    depth = 0
    for at, ch in enumerate(inside):
        if ch != quote:
            continue
        before = inside[at - 1] if at else " "
        after = inside[at + 1] if at + 1 < len(inside) else " "
        if not before.isalnum() and after.isalnum():
            depth += 1
        elif before.isalnum() and not after.isalnum() and depth:
            depth -= 1
    return depth > 0


# The longest Persian phrase in a left-to-right text that a line is not broken inside («یازدهمین
# اجلاس» in an English note): a name or a short phrase, which split over two lines would read
# out of order; a longer one is a sentence, broken between its words as the English is.
PHRASE_MAX_LENGTH = 30


def unbroken_spans(
    paragraph: str, rtl: bool | None = None, lang: str | None = None
) -> list[tuple[int, int]]:
    """Where `paragraph` is not to be broken between lines, in order: each UNBROKEN span (a
    command in backquotes, «#۱»), and each Persian phrase of a few words up to
    PHRASE_MAX_LENGTH characters in an English report or text: in a left-to-right text
    (`rtl` False) each such run (`rtl_runs`: «یازدهمین اجلاس» in an English note), and in an
    English report's (`lang` "en") right-to-left cell the whole cell when it is one such
    phrase (a theme, «پیشگامان صلح و همکاری جهانی»). Persian text in a Persian report
    breaks between its words."""
    spans = [m.span() for m in UNBROKEN.finditer(paragraph)]
    if rtl is False:
        found = rtl_runs(paragraph)
    elif rtl and lang == "en":
        found = [span for span in rtl_runs(paragraph) if span == _stripped_span(paragraph)]
    else:
        found = []
    spans += [(a, b) for a, b in found if b - a <= PHRASE_MAX_LENGTH and " " in paragraph[a:b]]
    return sorted(spans)


def _stripped_span(text: str) -> tuple[int, int]:
    """Where `text` begins and ends without its leading and trailing spaces."""
    start = len(text) - len(text.lstrip())
    return start, len(text.rstrip())


def words(paragraph: str, rtl: bool | None = None, lang: str | None = None) -> list[str]:
    """`paragraph` cut at its spaces into the pieces a line may be broken between, each
    `unbroken_spans` span (a command in backquotes; a short Persian phrase in an English
    text or report) kept as one piece."""
    pieces: list[str] = []
    at = 0
    for start, end in unbroken_spans(paragraph, rtl, lang):
        if start < at:  # glued to the span before it
            continue
        head = paragraph[at:start].split(" ")
        # The span goes with what touches it: "(`citylinks ...`)", "#۱،".
        pieces += head[:-1]
        glued = head[-1] + paragraph[start:end]
        rest = paragraph[end:]
        tail = rest.split(" ", 1)
        glued += tail[0]
        pieces.append(glued)
        at = end + len(tail[0])
        if len(tail) == 2:
            at += 1  # the space after
        else:
            at = len(paragraph) + 1
    if at <= len(paragraph):
        pieces += paragraph[at:].split(" ")
    return pieces


# Where a date cell may break between lines (`date_pieces`): before the other calendar's
# "(...)", after a period's arrow, before the "and" of "between A and B".
_ARROWS = ("→", "←")
_AND = ("and", "و")


def date_pieces(text: str) -> list[str]:
    """A date cell cut at the spaces where it may break between lines, each date whole:
    "2008-11-19 (1387-08-29) →" | "2008-11-20 (1387-08-30)"; "between 2025-11-27" |
    "and 2025-11-29" | "(between 1404-09-06" | "and 1404-09-08)"; «بین ۶ آذر ۱۴۰۴» | «و ۸ آذر
    ۱۴۰۴». The pieces joined by spaces are the text."""
    pieces: list[list[str]] = []
    for token in text.split(" "):
        if pieces and not (token.startswith("(") or token in _AND or pieces[-1][-1] in _ARROWS):
            pieces[-1].append(token)
        else:
            pieces.append([token])
    return [" ".join(piece) for piece in pieces]


def line_runs(line: str, whole: str, rtl: bool = True) -> list[tuple[int, int]]:
    """The runs of `line`, one line of `whole` wrapped (in logical order, render.svg_text.wrap):
    the whole text's runs, cut at the line's ends, so that a line is laid out as the same text
    unwrapped would be («[S0،» keeps its bracket, "۱۰" at a line's end stays with the phrase it
    counts on the next); a line not found in `whole` (cut short) has its own. A run that goes
    on past the line's end keeps the ellipsis a cut line ends with, where its words go on
    («… (2025-11-27 to 2025-11-29,…» in a Persian line, not «…2025-11-29,» at its left)."""
    body = line.rstrip("…")
    find = ltr_runs if rtl else rtl_runs
    start = whole.find(body) if body else -1
    if start < 0:
        return find(line)
    end = start + len(body)
    return [
        (max(a, start) - start, (b if b <= end else start + len(line)) - start)
        for a, b in find(whole)
        if a < end and b > start
    ]


def split_runs(
    text: str, rtl: bool = True, spans: list[tuple[int, int]] | None = None
) -> list[tuple[str, bool]]:
    """`text` cut into pieces, each with whether it is a run: a left-to-right one in
    right-to-left text, or (`rtl` false) a right-to-left one in left-to-right text; `spans`:
    the runs, when given (`line_runs`)."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    if spans is None:
        spans = ltr_runs(text) if rtl else rtl_runs(text)
    for start, end in spans:
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text) or not pieces:
        pieces.append((text[at:], False))
    return pieces


def escaped_with_runs(
    text: str, run: str, rtl: bool = True, spans: list[tuple[int, int]] | None = None
) -> str:
    """`text` escaped for HTML or SVG, each left-to-right run put in `run` (a template with
    one {}: '<bdi dir="ltr">{}</bdi>', or SVG's tspan); `rtl` false: each right-to-left run
    of a left-to-right text ('<bdi dir="rtl">{}</bdi>')."""
    from html import escape

    return "".join(
        run.format(escape(piece)) if is_run else escape(piece)
        for piece, is_run in split_runs(text, rtl, spans)
    )
