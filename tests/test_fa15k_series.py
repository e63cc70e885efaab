"""A report's --series finds a series by every spelling the session commands and cite accept
(issue 15): the one look-up, services.lookup.pick_series, folds what was typed (Arabic yeh,
a hamza's seat, a ZWNJ or a space) and compares it with the key and both names."""

from __future__ import annotations

import pytest
from conftest import run_fa


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("مجمع عمومي", "مجمع عمومی"),  # Arabic yeh
        ("مجمع\u200cعمومی", "مجمع عمومی"),  # ZWNJ for the space
        ("GENERAL assembly", "مجمع عمومی"),
        ("هیات اجرایی", "هیئت اجرایی"),  # no seat for the hamza
        ("هيات اجرايي", "هیئت اجرایی"),  # and Arabic yeh
        ("هیأت اجرایی", "هیئت اجرایی"),  # the Arabic seat
    ],
)
def test_the_timeline_finds_a_series_by_any_spelling(seeded_db, typed, title):
    shown = run_fa(seeded_db, "timeline", "AMF", "--series", typed)
    assert shown.exit_code == 0, shown.output
    assert title in shown.stdout
    other = "هیئت اجرایی" if title == "مجمع عمومی" else "مجمع عمومی"
    assert other not in shown.stdout  # one series only


def test_the_timeline_and_session_show_agree_on_a_series(seeded_db):
    typed = "هيات اجرايي"
    assert run_fa(seeded_db, "session", "show", "AMF", "1", "--series", typed).exit_code == 0
    assert run_fa(seeded_db, "timeline", "AMF", "--series", typed).exit_code == 0


def test_an_unknown_series_is_one_line_naming_the_series_recorded(seeded_db):
    shown = run_fa(seeded_db, "timeline", "AMF", "--series", "شورای شهر")
    assert shown.exit_code == 1
    lines = shown.stderr.strip().splitlines()
    assert len(lines) == 1, shown.stderr
    assert "شورای شهر" in lines[0] and "general-assembly" in lines[0], lines[0]
    assert "Traceback" not in shown.output
