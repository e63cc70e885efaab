"""Text in SVG: the shipped font (Vazirmatn, citylinks/fonts/), how wide a text is in it, and
`<text>` elements in logical order with their direction set, for browsers and print to shape.

Widths come from the font's own advance widths (fontTools), letter by letter, with a margin:
Persian letters joined are no wider than alone, so a measured text never overflows its box.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import cache
from html import escape
from pathlib import Path

from citylinks.render.runs import cell_reads_rtl, words
from citylinks.text import safe_for_terminal

FONT_FILE = Path(__file__).resolve().parent.parent / "fonts" / "Vazirmatn-Regular.ttf"
FAMILY = "Vazirmatn"
# What the reports print that Vazirmatn lacks: symbols (the arrow of a period, "2008 → 2011",
# "۱۳۸۷ ← ۱۳۹۰"; check and cross marks; the text charts' blocks and shapes) and the Cyrillic
# and Greek letters of stored names ("Душанбе"), from DejaVu Sans, shipped beside it
# (tools/fallback_font.py builds it from this list): so that no letter of a page or a PDF falls
# back to whatever font the reader's machine has, or to an empty box.
FALLBACK_FILE = FONT_FILE.with_name("CitylinksFallback.ttf")
FALLBACK_FAMILY = "Citylinks Fallback"
SYMBOLS = "←→↑↓↔✓✗✔✘█▓▒░┄─┴●○◆◇■□▲▶▼◀"
# The white space and format characters a line carries (the space, no-break, thin and narrow
# spaces, ZWNJ, ZWJ, the direction marks and isolates): a PDF (Pango) sets them in the font of
# the letters around them, without asking whether it has them, so the fallback font needs them
# too, or the space of "Азиатский форум" or "← ۳۰ آبان" is an empty box. (tools/fallback_font.py
# takes those DejaVu Sans has.)
WHITE = " \u00a0\u00ad\u061c\ufeff" + "".join(
    chr(cp)
    for first, last in ((0x2000, 0x200F), (0x2028, 0x202F), (0x205F, 0x2064), (0x2066, 0x2069))
    for cp in range(first, last + 1)
)
FALLBACK_LETTERS = (
    SYMBOLS
    + WHITE
    + "".join(
        chr(cp)
        for first, last in ((0x0370, 0x03FF), (0x0400, 0x052F))
        for cp in range(first, last + 1)
    )
)
FONT_STACK = f"'{FAMILY}', '{FALLBACK_FAMILY}', sans-serif"
# Measured widths are stretched by this much, and a little more: kerning, a bolder fallback.
MARGIN = 1.08
ELLIPSIS = "…"


@cache
def _advances() -> tuple[dict[int, int], int, int]:
    """Advance width per code point (Vazirmatn's, else the fallback font's, in Vazirmatn's
    units), the width of a missing letter, units per em."""
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_FILE, lazy=True)
    metrics = font["hmtx"].metrics
    units = font["head"].unitsPerEm
    widths = {cp: metrics[name][0] for cp, name in font.getBestCmap().items()}
    fallback = TTFont(FALLBACK_FILE, lazy=True)
    ratio = units / fallback["head"].unitsPerEm
    for cp, name in fallback.getBestCmap().items():
        widths.setdefault(cp, round(fallback["hmtx"].metrics[name][0] * ratio))
    return widths, round(units * 0.6), units


@cache
def _covered(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap())


def fonts_for(text: str) -> dict[str, set[str]]:
    """Which shipped font draws each letter of `text`: {"Vazirmatn": ..., "Citylinks Fallback":
    ...}, and under "" the letters neither has (white space aside)."""
    found: dict[str, set[str]] = {FAMILY: set(), FALLBACK_FAMILY: set(), "": set()}
    main, fallback = _covered(FONT_FILE), _covered(FALLBACK_FILE)
    for ch in set(text):
        if ch.isspace() and ord(ch) not in main:
            continue
        family = FAMILY if ord(ch) in main else FALLBACK_FAMILY if ord(ch) in fallback else ""
        found[family].add(ch)
    return found


def text_width(text: str, size: float) -> float:
    """How wide `text` is drawn at `size` px, at most (see the module's note)."""
    widths, missing, units = _advances()
    total = 0
    for ch in text:
        cp = ord(ch)
        if cp in (0x200C, 0x200D, 0x200E, 0x200F):  # ZWNJ, ZWJ, marks: no width
            continue
        total += widths.get(cp, missing)
    return total * size / units * MARGIN + 1


def fit(text: str, size: float, width: float) -> str:
    """`text`, cut with an ellipsis to fit in `width` px (the whole text when it fits)."""
    if text_width(text, size) <= width:
        return text
    words = text
    while words and text_width(words + ELLIPSIS, size) > width:
        words = words[:-1]
    return words.rstrip().rstrip(ELLIPSIS).rstrip() + ELLIPSIS  # one ellipsis, never two


def wrap(
    text: str,
    size: float,
    width: float,
    max_lines: int | None = 4,
    pieces: Callable[[str], list[str]] = words,
) -> list[str]:
    """`text` in lines no wider than `width` px, broken between `pieces` (runs.words: words,
    a command in backquotes one piece if it fits on a line; a date cell's are
    runs.date_pieces); a piece too wide for a line is broken between its words.

    With `max_lines` (a chart's label), a word too long for a line is cut with an ellipsis,
    and so is the last line when there would be more. With None (a table's cell, a title, a
    note: text that must print whole), nothing is cut: a word too long for a line goes on
    over the next ones."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        # A piece wider than a line is broken between its words.
        found = [
            w for piece in pieces(paragraph)
            for w in ([piece] if text_width(piece, size) <= width else piece.split(" "))
        ]  # fmt: skip
        if max_lines is None:
            found = [part for word in found for part in _broken(word, size, width)]
        for word in found:
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    if max_lines is None:
        return lines
    lines = [fit(line, size, width) for line in lines]
    if len(lines) > max_lines:
        # The last line shown says that more follows: one ellipsis, the line cut to hold it.
        last = lines[max_lines - 1].rstrip(ELLIPSIS).rstrip()
        while last and text_width(last + ELLIPSIS, size) > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + ELLIPSIS]
    return lines


def _broken(word: str, size: float, width: float) -> list[str]:
    """`word` in parts no wider than `width` (a web address wider than its column), each of
    at least one letter: what a browser does with `overflow-wrap: break-word`."""
    parts: list[str] = []
    while text_width(word, size) > width and len(word) > 1:
        at = 1
        while at < len(word) - 1 and text_width(word[: at + 1], size) <= width:
            at += 1
        parts.append(word[:at])
        word = word[at:]
    return [*parts, word]


def font_face(used: str) -> str:
    """The @font-face rule for the shipped font, embedded as a data: URI (nothing is fetched),
    holding only the letters of `used` (the text the picture or page draws): a Persian chart
    needs some 100 of the font's 1,000-odd glyphs, and a whole font would make every SVG
    ~200 KB heavier. When `used` has letters Vazirmatn lacks, a second rule embeds them from
    the fallback font (FONT_STACK names both)."""
    data = base64.b64encode(font_subset(frozenset(used))).decode("ascii")
    face = (
        f"@font-face {{ font-family: '{FAMILY}'; font-style: normal; font-weight: 100 900;"
        f" src: url(data:font/woff;base64,{data}) format('woff'); }}"
    )
    lacking = fonts_for(used)[FALLBACK_FAMILY]
    if lacking:  # what Vazirmatn lacks, from the fallback font (a few hundred bytes a letter)
        data = base64.b64encode(font_subset(frozenset(lacking), FALLBACK_FILE)).decode("ascii")
        face += (
            f" @font-face {{ font-family: '{FALLBACK_FAMILY}'; font-style: normal;"
            f" font-weight: 100 900; src: url(data:font/woff;base64,{data}) format('woff'); }}"
        )
    return face


# Always kept: the space, the joiners and marks that shape Persian, the ellipsis of cut text.
_ALWAYS = " \u200c\u200d\u200e\u200f\u061c" + ELLIPSIS


@cache
def font_subset(characters: frozenset[str], path: Path = FONT_FILE) -> bytes:
    """The shipped font with only the glyphs `characters` need: their own, and every form the
    font's shaping rules reach from them (fontTools keeps the features that shape Persian and
    Latin by default: a letter's initial, medial and final forms, ligatures, marks, kerning),
    so that a browser shapes the text as with the whole font; as WOFF (zlib-compressed, read
    by every browser and by WeasyPrint)."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]  # the names, the licence (OFL) among them
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # screens and print scale the outlines themselves
    font = TTFont(path)
    font.flavor = "woff"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(ch) for ch in (*characters, *_ALWAYS)})
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def reads_rtl(text: str, lang: str) -> bool:
    """Whether `text` (a cell, a chart's label) is laid out right to left: runs.cell_reads_rtl,
    the one rule of the HTML page, the SVG, the PDF and the terminal. Its runs of the other
    direction are isolated (render.runs): "AMF 11، ۷ آذر ۱۴۰۴" reads from the right, "AMF 11"
    first; «یزد, Iran» in an English report from the left, «یزد» a right-to-left run."""
    return cell_reads_rtl(text, lang)


def text_element(
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    align: str = "left",
    lang: str = "en",
    fill: str = "#111111",
    weight: str | None = None,
    full: str | None = None,
    css_class: str | None = None,
    rtl: bool | None = None,
    wrapped_from: str | None = None,
) -> str:
    """A `<text>` at (x, y) (y: the baseline) whose visual `align` ("left", "right" or
    "center") edge is at x. The text stays in logical order; a right-to-left text carries
    direction="rtl" and unicode-bidi="embed", and Persian xml:lang="fa", so the browser
    shapes and orders it. `full`: the whole text, shown as a tooltip when `text` was cut;
    `wrapped_from`: the whole text when `text` is one of its lines (wrap), laid out with its
    runs."""
    shown = safe_for_terminal(text)
    if rtl is None:
        rtl = reads_rtl(shown, lang)
    if align == "center":
        anchor = "middle"
    elif (align == "left") != rtl:  # left in ltr, right in rtl: where the text starts
        anchor = "start"
    else:
        anchor = "end"
    attributes = [f'x="{x:.1f}"', f'y="{y:.1f}"', f'font-size="{size:g}"']
    if anchor != "start":
        attributes.append(f'text-anchor="{anchor}"')
    if rtl:
        attributes += ['direction="rtl"', 'unicode-bidi="embed"']
    attributes.append(f'xml:lang="{"fa" if rtl else "en"}"')
    if fill != "#111111":
        attributes.append(f'fill="{fill}"')
    if weight:
        attributes.append(f'font-weight="{weight}"')
    if css_class:
        attributes.append(f'class="{css_class}"')
    tooltip = ""
    if full is not None and full != text:
        tooltip = f"<title>{escape(safe_for_terminal(full))}</title>"
    body = _isolated(shown, rtl, _SVG_RUN, wrapped_from)
    if body.startswith(_SVG_RUN_OPEN if rtl else _SVG_RTL_RUN_OPEN):
        # Chromium anchors a line by the direction of its first piece: a right-to-left line
        # that begins with an isolated left-to-right run would start at x and run rightwards,
        # and a left-to-right line that begins with a Persian name («یزد, Iran» in an English
        # report) would run leftwards from x: either way out of its cell. The line's own
        # direction mark first makes every engine lay the line out in its direction.
        body = (RLM if rtl else LRM) + body
    return f"<text {' '.join(attributes)}>{tooltip}{body}</text>"


# A left-to-right run (a key, an English name) in right-to-left text, isolated so that the
# Persian around it cannot pull it apart (render.runs): in SVG a tspan, in HTML a bdi; and its
# mirror image, a right-to-left run (a Persian name) in left-to-right text.
_SVG_RUN = '<tspan direction="ltr" unicode-bidi="isolate">{}</tspan>'
_SVG_RUN_OPEN = _SVG_RUN.split("{}", 1)[0]
_SVG_RTL_RUN_OPEN = _SVG_RUN_OPEN.replace('"ltr"', '"rtl"')
RLM = "\u200f"
LRM = "\u200e"
HTML_RUN = '<bdi dir="ltr">{}</bdi>'


def _isolated(text: str, rtl: bool, run: str, wrapped_from: str | None = None) -> str:
    """`text` escaped; right to left, with each left-to-right run in `run`; left to right, with
    each right-to-left run (a Persian name in an English report) in `run`'s mirror image.
    `wrapped_from`: the whole text `text` is a line of, whose runs it keeps (runs.line_runs)."""
    from citylinks.render.runs import escaped_with_runs, line_runs

    spans = None
    if wrapped_from is not None:
        spans = line_runs(text, safe_for_terminal(wrapped_from), rtl)
    if not rtl:
        return escaped_with_runs(text, run.replace('"ltr"', '"rtl"'), rtl=False, spans=spans)
    return escaped_with_runs(text, run, spans=spans)


# Where the baseline of a line of text one em high falls below its top, in ems: from the
# font's ascent and descent (hhea), as browsers and WeasyPrint place it.
BASELINE = 0.744


def html_text_element(
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    align: str = "left",
    lang: str = "en",
    fill: str = "#111111",
    weight: str | None = None,
    full: str | None = None,
    css_class: str | None = None,
    rtl: bool | None = None,
    width: float = 0,
    wrapped_from: str | None = None,
) -> str:
    """The same text as `text_element`, as an HTML element placed over the figure's shapes
    (`width`: the figure's): for PDF, whose SVG renderer (WeasyPrint's) does not shape
    right-to-left text, while its HTML layout does."""
    shown = safe_for_terminal(text)
    if rtl is None:
        rtl = reads_rtl(shown, lang)
    top = y - BASELINE * size
    style = [f"top:{top:.1f}px", f"font-size:{size:g}px"]
    if align == "left":
        style.append(f"left:{x:.1f}px")
    elif align == "right":
        style.append(f"right:{width - x:.1f}px")
    else:
        style += [f"left:{x:.1f}px", "transform:translateX(-50%)"]
    if fill != "#111111":
        style.append(f"color:{fill}")
    if weight:
        style.append(f"font-weight:{weight}")
    attributes = [
        f'class="{css_class or "label"}"',
        f'style="{";".join(style)}"',
        f'dir="{"rtl" if rtl else "ltr"}"',
        f'lang="{"fa" if rtl else "en"}"',
    ]
    if full is not None and full != text:
        attributes.append(f'title="{escape(safe_for_terminal(full))}"')
    return f"<span {' '.join(attributes)}>{_isolated(shown, rtl, HTML_RUN, wrapped_from)}</span>"
