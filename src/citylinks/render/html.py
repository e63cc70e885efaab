"""A report as a clean, printable HTML page: tables, charts as drawn, footnotes.

Every piece of text goes through `html.escape`; cells carry the direction of their first
letter (dir="ltr" or "rtl", given: WeasyPrint, which prints the PDF, does not read dir="auto")
so that Persian and English each read in their own direction, and a right-to-left cell has each left-to-right run
in it (a key, an English name) isolated in a `<bdi>`; a Persian page is `<html lang="fa" dir="rtl">`, and
its headings, captions, notes, column headers and dates are right to left whatever letter they
begin with ("AMF: اعضا …" would otherwise be laid out left to right). A date never breaks
across lines: a date cell breaks between its two calendars, after a period's arrow, or before
the "and" of "between … and …". Charts are drawn left to right (time runs left to right) whatever the page direction.
"""

from __future__ import annotations

import re
from html import escape

from citylinks.render import Chart, Document, Section, aligned
from citylinks.render.runs import (
    cell_reads_rtl,
    date_pieces,
    escaped_with_runs,
    line_runs,
    split_runs,
    unbroken_spans,
)
from citylinks.render.svg import chart_figure, figure_style
from citylinks.render.svg_text import HTML_RUN
from citylinks.text import display_width, is_rtl, safe_for_terminal

STYLE = """
:root { color-scheme: light; }
body { font-family: Vazirmatn, "Citylinks Fallback", "Noto Sans Arabic", Tahoma, "Segoe UI", Arial, sans-serif;
  margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #111; line-height: 1.5; }
h1 { font-size: 1.5rem; margin-bottom: 1rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
table.report { border-collapse: collapse; width: 100%; margin-bottom: .5rem; }
table.report th, table.report td { border: 1px solid #bbb; padding: .25rem .5rem;
  vertical-align: top; }
/* A column is aligned by the page's direction, whatever each cell's own: an English value in
   a Persian column stands on the right too. */
html[dir=rtl] table.report th, html[dir=rtl] table.report td { text-align: right; }
html[dir=ltr] table.report th, html[dir=ltr] table.report td { text-align: left; }
table.report th { background: #eee; }
/* A column set on the other side (render.aligned: an English report's numbers). */
table.report td.right { text-align: right; }
table.report td.num { font-variant-numeric: tabular-nums; }
/* A date cell breaks only between its pieces (render.runs.date_pieces): a date itself is
   never broken. */
table.report td.date span.date { white-space: nowrap; }
/* A command the officer is to type (`citylinks check --with-reviewed`) is never broken. */
.command { white-space: nowrap; }
/* A short Persian phrase in an English cell («یازدهمین اجلاس») is never broken (render.runs). */
.phrase { white-space: nowrap; }
p.caption, p.note { color: #444; font-size: .9rem; }
figure.chart { margin: .75rem 0; }
figure.chart figcaption { font-weight: bold; margin-bottom: .25rem; }
table.chart { border-collapse: collapse; }
table.chart td { padding: 0 .5rem; white-space: nowrap; vertical-align: middle; }
table.chart td.drawing pre { margin: 0; font-family: "DejaVu Sans Mono", Menlo, Consolas,
  monospace; line-height: 1.2; }
ol.footnotes { font-size: .85rem; }
@media print {
  @page { margin: 12mm; }
  body { margin: 0; padding: 0; max-width: none; font-size: 9pt; line-height: 1.35; }
  h2 { break-after: avoid; }
  table.report, figure.chart { break-inside: avoid; }
  /* A portrait A4 page (186 mm between the margins) holds every table: dates and long
     words (a URL, a key) wrap rather than push the table off the paper, each column keeps
     room for a few words. */
  table.report th, table.report td { padding: .15rem .3rem; overflow-wrap: break-word; }
  table.report th { min-width: 3em; }
  table.report th { background: #ddd !important; -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
/* A chart printed from a browser is zoomed to the paper's width (its --print-* sizes:
   render/svg.py's chart_figure), not scaled by its transform: Chromium lays a printed page out
   as wide as a transformed box was before it was scaled, and would shrink the whole page.
   Not for WeasyPrint, which does not know `zoom` (nor so this rule) and prints the PDF on
   landscape paper. */
@supports (zoom: 1) {
  @media print {
    figure.chart.vector { width: var(--print-width) !important;
      height: var(--print-height) !important; overflow: clip; }
    figure.chart.vector > .canvas { transform: none !important; zoom: var(--print-zoom); }
  }
}
"""


def _text(value: str) -> str:
    return escape(safe_for_terminal(value))


# A command in a composed sentence (`citylinks check --with-reviewed`): left to right, isolated
# from the right-to-left words and numbers around it, which would otherwise pull its
# backquotes and words apart.
_COMMAND = re.compile(r"`[^`\n]+`")
# The same command in escaped text, within one run (a command is one: render.runs.UNBROKEN).
_ESCAPED_COMMAND = re.compile(r"`[^`\n<>]+`")


def _sentence(value: str) -> str:
    """Text the page composes (a note, a caption): escaped, its commands isolated and kept on
    one line."""
    return _COMMAND.sub(lambda m: f'<bdi dir="ltr" class="command">{m[0]}</bdi>', _text(value))


def _unbroken_commands(escaped: str) -> str:
    """A cell's escaped text with each command in it kept on one line."""
    return _ESCAPED_COMMAND.sub(lambda m: f'<span class="command">{m[0]}</span>', escaped)


def _persian_runs_isolated(shown: str) -> str:
    """A left-to-right cell's text escaped, each Persian run in it isolated (`<bdi dir="rtl">`),
    a short Persian phrase (runs.unbroken_spans: «یازدهمین اجلاس») kept on one line."""
    kept = set(unbroken_spans(shown, rtl=False))
    pieces, at = [], 0
    for piece, is_run in split_runs(shown, rtl=False):
        span, at = (at, at + len(piece)), at + len(piece)
        if is_run:
            phrase = ' class="phrase"' if span in kept else ""
            pieces.append(f'<bdi dir="rtl"{phrase}>{escape(piece)}</bdi>')
        else:
            pieces.append(escape(piece))
    return "".join(pieces)


def _cell(value: str, lang: str, is_date: bool = False) -> tuple[str, str]:
    """A cell's direction ("rtl", or "ltr": its first letter's, given rather than left to
    dir="auto", which WeasyPrint does not read: the PDF would lay an English cell of a Persian
    page out right to left, its full stop at the left end) and its escaped text. A cell
    that reads right to left (in a Persian page, any cell with Persian in it) has each
    left-to-right run in it, a key, a command or an English name, isolated in its own
    `<bdi dir="ltr">` (render.runs), so that the Persian around it cannot pull it apart or
    move its brackets and numbers. A date cell is in pieces that never break (`date_pieces`)."""
    shown = safe_for_terminal(value)
    rtl = cell_reads_rtl(shown, lang)
    # In a left-to-right cell, a Persian name is isolated: "<bdi>یزد</bdi>, Iran".
    run = HTML_RUN if rtl else '<bdi dir="rtl">{}</bdi>'
    if not is_date:
        if not rtl:
            return "ltr", _unbroken_commands(_persian_runs_isolated(shown))
        escaped = _unbroken_commands(escaped_with_runs(shown, run))
        if (0, len(shown)) in unbroken_spans(shown, rtl, lang):
            # An English report's cell that is a short Persian phrase (a theme) is one line.
            escaped = f'<span class="phrase">{escaped}</span>'
        return "rtl", escaped
    pieces = [
        f'<span class="date">{escaped_with_runs(piece, run, rtl, line_runs(piece, shown, rtl))}'
        "</span>"
        for piece in date_pieces(shown)
    ]
    return "rtl" if rtl else "ltr", " ".join(pieces)


def _heading(value: str, direction: str) -> str:
    """A title or a heading, in the page's `direction` whatever letter it begins with, each
    run of the other direction isolated: «<bdi dir="ltr">AMF</bdi> مجمع عمومی», "Asian Mayors
    Forum (AMF) — <bdi dir="rtl">کاشان</bdi>"."""
    if direction == "rtl":
        return escaped_with_runs(safe_for_terminal(value), HTML_RUN)
    return escaped_with_runs(safe_for_terminal(value), '<bdi dir="rtl">{}</bdi>', rtl=False)


def _direction(value: str) -> str:
    """The direction of its first letter, as dir="auto" would find it (WeasyPrint does not)."""
    return "rtl" if is_rtl(value) else "ltr"


def html_page(document: Document, lang: str) -> str:
    direction = "rtl" if lang == "fa" else "ltr"
    # Text the page composes (headings, captions, dates) reads in the page's direction;
    # stored text in cells finds its own.
    composed = "rtl" if lang == "fa" else "ltr"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}" dir="{direction}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(document.title)}</title>",
    ]
    style_at = len(parts)  # filled once the page's text is known (the font holds its letters)
    parts += [
        "</head>",
        "<body>",
        f'<h1 dir="{composed}">{_heading(document.title, composed)}</h1>',
    ]
    for section in document.sections:
        parts += _section(section, composed, lang)
    for note in document.notes:
        parts.append(f'<p class="note" dir="{composed}">{_sentence(note)}</p>')
    if document.footnotes:
        parts.append('<ol class="footnotes">')
        parts += [f'<li dir="{composed}">{_sentence(f)}</li>' for f in document.footnotes]
        parts.append("</ol>")
    parts += ["</body>", "</html>", ""]
    parts.insert(style_at, f"<style>{STYLE}{figure_style(document, ''.join(parts))}</style>")
    return "\n".join(parts)


def _section(section: Section, composed: str, lang: str) -> list[str]:
    parts = ["<section>", f'<h2 dir="{composed}">{_heading(section.title, composed)}</h2>']
    if section.columns:
        parts.append('<table class="report">')
        if any(c.header for c in section.columns):  # a table of facts has no column titles
            parts.append(
                "<thead><tr>"
                + "".join(f'<th dir="{composed}">{_text(c.header)}</th>' for c in section.columns)
                + "</tr></thead>"
            )
        parts.append("<tbody>")
        for row in section.rows:
            cells = []
            for column, cell in zip(section.columns, row, strict=False):
                direction, shown = _cell(cell, lang, column.is_date)
                if column.is_date:
                    attributes = f'dir="{composed}" class="date"'
                elif column.justify == "right":  # a number: on the side render.aligned says
                    side = aligned(column, composed == "rtl")
                    attributes = f'dir="{direction}" class="num {side}"'
                else:
                    attributes = f'dir="{direction}"'
                cells.append(f"<td {attributes}>{shown}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
    if section.caption:
        parts.append(f'<p class="caption" dir="{composed}">{_sentence(section.caption)}</p>')
    for chart in section.charts:
        parts += _chart(chart, composed)
    parts.append("</section>")
    return parts


def _chart(chart: Chart, composed: str) -> list[str]:
    if chart.figure is not None:  # drawn as vector SVG (render/svg.py)
        return [chart_figure(chart, "fa" if composed == "rtl" else "en")]
    width = max((display_width(r.drawing) for r in chart.rows), default=0)
    parts = ['<figure class="chart">']
    if chart.title:
        parts.append(f'<figcaption dir="{composed}">{_text(chart.title)}</figcaption>')
    parts.append('<table class="chart">')
    for row in chart.rows:
        drawing = row.drawing + " " * (width - display_width(row.drawing))
        parts.append(
            f'<tr><td dir="{_direction(row.label)}">{_text(row.label)}</td>'
            f'<td class="drawing" dir="ltr"><pre>{_text(drawing)}</pre></td>'
            f'<td dir="{_direction(row.note)}">{_text(row.note)}</td></tr>'
        )
    parts.append("</table>")
    if chart.legend:
        parts.append(f'<p class="caption" dir="{composed}">{_text(chart.legend)}</p>')
    parts.append("</figure>")
    return parts
