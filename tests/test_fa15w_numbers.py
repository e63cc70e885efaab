"""Issue 15 (fa15w), render.aligned: a Persian HTML page or PDF set its number cells on the
left (CSS `.num {text-align: left}`) while `--bidi` in the terminal set them on the right,
where a Persian reader's eye begins. One rule now: in a right-to-left table every cell is on
the right, a number too; in an English one a number is on the right as before."""

from __future__ import annotations

import re

import pytest

# any_backend: where numbers read from the database are drawn; the reading is checked elsewhere
pytestmark = pytest.mark.any_backend


def _number_cells(page: str) -> list[str]:
    return re.findall(r'<td dir="\w+" class="([^"]*num[^"]*)"', page)


@pytest.mark.parametrize("report", [("roster", "AMF"), ("stats", "AMF")])
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_number_cells_are_set_on_the_right_in_both_languages(seeded_cli, tmp_path, report, lang):
    path = tmp_path / "r.html"
    done = seeded_cli(*report, "--lang", lang, "--output", str(path))
    assert done.exit_code == 0, done.output
    page = path.read_text("utf-8")
    classes = _number_cells(page)
    assert classes and set(classes) == {"num right"}, classes
    assert "table.report td.right { text-align: right; }" in page
    assert "td.num { text-align: left" not in page


def test_the_persian_stats_pdf_sets_a_number_under_its_heading_on_the_right(seeded_cli, tmp_path):
    import pypdfium2

    pdf = tmp_path / "s.pdf"
    done = seeded_cli("stats", "AMF", "--lang", "fa", "--output", str(pdf))
    assert done.exit_code == 0, done.output
    text = pypdfium2.PdfDocument(str(pdf))[0].get_textpage()

    def boxes(word: str) -> list[tuple[float, float]]:
        """(right edge, top) of every whole-word `word` on the page."""
        found, search = [], text.search(word, match_case=True, match_whole_word=True)
        while (hit := search.get_next()) is not None:
            chars = [text.get_charbox(hit[0] + n) for n in range(hit[1])]
            found.append((max(c[2] for c in chars), max(c[3] for c in chars)))
        return found

    # «قطعی» (certain) heads a column of counts in the table by status, «۱۲» and «۰» under it
    (heading, top), *_ = boxes("قطعی")
    under = [right for right, y in boxes("۰") if y < top and abs(y - top) < 60]
    assert under, (heading, boxes("۰"))
    assert any(abs(right - heading) < 3 for right in under), (heading, under)
