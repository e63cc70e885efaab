"""Issue 15 (fa15u): with --lang fa --bidi, the report's title and headings read right to left
whatever letter they begin with, as its cells do: «AMF مجمع عمومی» is printed with AMF at
the right, where a right-to-left line starts (it was printed left to right, AMF first at the
left, reading «مجمع عمومی AMF»)."""

from __future__ import annotations

import arabic_reshaper


def _shaped(words: str) -> str:
    """Persian words as a terminal without bidi shows them: shaped, letters reversed."""
    return arabic_reshaper.reshape(words)[::-1]


def test_a_persian_heading_that_begins_with_an_acronym_reads_right_to_left(seeded_cli):
    done = seeded_cli("timeline", "AMF", "--lang", "fa", "--bidi")
    assert done.exit_code == 0, done.output
    lines = [line.strip() for line in done.stdout.splitlines()]
    heading = f"{_shaped('مجمع عمومی')} AMF"
    assert heading in lines, [line for line in lines if "AMF" in line][:5]
    assert f"AMF {_shaped('مجمع عمومی')}" not in lines
    # Standing on the right, as a Persian line does.
    (printed,) = [line for line in done.stdout.splitlines() if line.strip() == heading]
    assert printed.startswith(" ")


def test_the_session_show_title_reads_right_to_left(seeded_cli):
    done = seeded_cli(
        "session", "show", "AMF", "11", "--series", "executive-board", "--lang", "fa", "--bidi"
    )
    assert done.exit_code == 0, done.output
    first = done.stdout.splitlines()[0].strip()
    assert first == f"۱۱ {_shaped('هیئت اجرایی')} AMF", first


def test_an_english_report_keeps_its_headings_left_to_right(seeded_cli):
    done = seeded_cli("timeline", "AMF", "--bidi")
    assert done.exit_code == 0, done.output
    assert "AMF General Assembly" in [line.strip() for line in done.stdout.splitlines()]
