"""Reports printed to a pipe or a file are drawn by render.plain, without Rich's console: the
same characters Rich's table and console draw (widths, wrapping, borders, right-to-left
layout with --bidi), checked here against Rich itself on many made-up documents."""

from __future__ import annotations

import io
import random

import pytest

from citylinks.render import (
    Chart,
    ChartRow,
    Column,
    Document,
    Section,
    console_for,
    draw,
    plain_text,
    print_document,
)
from citylinks.render.output import visual_order
from citylinks.render.plain import UnlikeRich

# Words of every kind a report holds: Persian (with ZWNJ and digits), wide letters, a
# combining mark, one word longer than any column, line breaks, runs of spaces, brackets.
WORDS = [
    "Yazd",
    "AMF",
    "a",
    "member",
    "2025-11-01",
    "یزد",
    "عضو",
    "کامل",
    "۱۴۰۴",
    "Asian Mayors Forum",
    "supercalifragilisticexpialidocious-and-more-words-joined",
    "東京",
    "(root)",
    "x\ny",
    "",
    " ",
    "\n",
    "مشهد (ایران)",
    "added: Yazd in AMF, phase 2",
    "ز\u200cم",
    "e\u0301",
    "\x07bell",
    "-",
    "→",
    "…",
    "  two  spaces ",
]


def _text(r: random.Random, n: int | None = None) -> str:
    n = r.randint(0, 12) if n is None else n
    return r.choice([" ", " ", " ", "\n", "  "]).join(r.choice(WORDS) for _ in range(n))


def _document(r: random.Random) -> Document:
    sections = []
    for _ in range(r.randint(1, 3)):
        count = r.randint(0, 9)
        columns = [
            Column(
                _text(r, r.randint(0, 2)) if r.random() < 0.9 else "",
                r.choice(["left", "right", "center", "left"]),
                r.random() < 0.15,
            )
            for _ in range(count)
        ]
        rows = [
            [
                _text(r, r.choice([0, 1, 2, 3, 8, 30]))
                for _ in range(r.randint(max(0, count - 1), count))
            ]
            for _ in range(r.randint(0, 6))
        ]
        charts = (
            [
                Chart(
                    _text(r, 2),
                    [ChartRow(_text(r, 1), "███ ░░", _text(r, 1)) for _ in range(2)],
                    r.choice([None, "legend"]),
                )
            ]
            if r.random() < 0.2
            else []
        )
        caption = _text(r, 3) if r.random() < 0.3 else None
        sections.append(Section(_text(r, r.randint(0, 20)), columns, rows, caption, charts))
    return Document(
        _text(r, r.randint(1, 40)),
        sections,
        None,
        [_text(r) for _ in range(r.randint(0, 2))],
        [_text(r) for _ in range(r.randint(0, 2))],
        lang=r.choice(["en", "fa"]),
    )


def _by_rich(document: Document, transform, rtl: bool, width: int) -> str:
    out = io.StringIO()
    print_document(console_for(out, width=width), document, transform, rtl=rtl)
    return out.getvalue()


@pytest.mark.parametrize("block", range(8))
def test_plain_text_draws_what_rich_draws(block):
    compared = 0
    for seed in range(block * 60, block * 60 + 60):
        r = random.Random(seed)
        document = _document(r)
        width = r.choice([160, 160, 80, 40, 20, 12])
        bidi = r.random() < 0.4
        transform = visual_order if bidi else None
        rtl = bidi and document.lang == "fa"
        try:
            theirs = _by_rich(document, transform, rtl, width)
        except ValueError:  # python-bidi refuses a line of spaces alone: Rich's path too
            continue
        mine = plain_text(document, transform, rtl, width)
        assert mine == theirs, f"seed {seed}, width {width}, bidi {bidi}"
        compared += 1
    assert compared > 40


def test_a_tab_is_left_to_rich():
    document = Document("T", [Section("S", [Column("a")], [["x\ty"]])], None)
    with pytest.raises(UnlikeRich):
        plain_text(document)
    out = io.StringIO()
    draw(document, out)
    assert out.getvalue() == _by_rich(document, None, False, 160)


def test_an_output_that_cannot_write_unicode_gets_rich_s_ascii_box():
    document = Document("T", [Section("S", [Column("a"), Column("b")], [["1", "2"]])], None)
    out = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    draw(document, out)
    out.flush()
    drawn = out.buffer.getvalue().decode("latin-1")  # type: ignore[attr-defined]
    assert drawn == _by_rich_on(document, io.TextIOWrapper(io.BytesIO(), encoding="latin-1"))
    assert "|---+---|" in drawn


def _by_rich_on(document: Document, out: io.TextIOWrapper) -> str:
    print_document(console_for(out), document)
    out.flush()
    return out.buffer.getvalue().decode(out.encoding)  # type: ignore[attr-defined]
