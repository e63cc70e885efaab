"""A report as a PDF: its HTML page (render/html.py, with the charts as vector SVG) laid out
for print by WeasyPrint, with the shipped Vazirmatn font, in Persian or English.

WeasyPrint is an optional extra (`pip install 'citylinks[pdf]'`): it needs Pango, a system
library (Debian: libpango-1.0-0 and libpangoft2-1.0-0; the README says more).
"""

from __future__ import annotations

import logging

from citylinks.errors import CitylinksError
from citylinks.i18n import _
from citylinks.render import Document
from citylinks.render.svg_text import FALLBACK_FAMILY, FALLBACK_FILE, FAMILY, FONT_FILE

INSTALL = "pip install 'citylinks[pdf]'"

# The page, and the shipped fonts for every text (files beside the code: nothing fetched):
# Vazirmatn, and the symbols it lacks (render/svg_text.py).
PRINT_STYLE = f"""
@font-face {{ font-family: '{FAMILY}'; src: url('{FONT_FILE.as_uri()}'); }}
@font-face {{ font-family: '{FALLBACK_FAMILY}'; src: url('{FALLBACK_FILE.as_uri()}'); }}
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: '{FAMILY}', '{FALLBACK_FAMILY}', sans-serif; margin: 0; max-width: none;
  font-size: 9.5pt; }}
/* Dates may wrap on paper, or the notes beside them would be squeezed into a narrow column;
   but not into a column a few words wide, nor a header into one word a line. */
table.report td.date {{ white-space: normal !important; min-width: 12em; }}
table.report th {{ min-width: 4.5em; }}
/* A long table runs on over pages, a row of it does not: a session's cells on one page. */
table.report, figure.chart {{ break-inside: auto !important; }}
table.report tr {{ break-inside: avoid; }}
h1, h2 {{ break-after: avoid; }}
"""


def _weasyprint():
    try:
        import weasyprint
    except ImportError:
        raise CitylinksError(_("PDF output needs WeasyPrint: {install}", install=INSTALL)) from None
    except OSError as exc:  # the package is there, Pango is not
        raise CitylinksError(
            _(
                "PDF output needs the Pango library ({error}): install it"
                " (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0), see the README",
                error=exc,
            )
        ) from None
    return weasyprint


def pdf_bytes(document: Document, lang: str) -> bytes:
    """The report as a PDF document."""
    weasyprint = _weasyprint()
    from citylinks.render.html import html_page

    # WeasyPrint reports every CSS property it does not know on its logger: not the user's
    # concern.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    page = weasyprint.HTML(string=html_page(document, lang))
    css = weasyprint.CSS(string=PRINT_STYLE)
    return page.write_pdf(stylesheets=[css])
