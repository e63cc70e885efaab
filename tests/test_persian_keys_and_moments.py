"""What a Persian officer sees of keys and moments (issue 15, as a tester ran it with
CITYLINKS_LANG=fa): a change id is a key, shown as stored and taken back in any digits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from conftest import run_cli, table_snapshot

from citylinks import audit
from citylinks.cli.language import speak

DIGIT_ONLY = "78562830" + "0" * 24  # a change id of hex digits that are all decimal


@contextmanager
def persian() -> Iterator[None]:
    speak("fa")
    try:
        yield
    finally:
        speak("en")


def _fa(db, *args: str):
    """citylinks ARGS as an officer with CITYLINKS_LANG=fa runs it."""
    with persian():
        return run_cli(db, *args)


@pytest.fixture
def digit_only_change(seeded_db, monkeypatch):
    """A change whose id is all decimal digits (one in 8 ** 8 / 16 ** 8 is, in its first eight)."""
    monkeypatch.setattr(audit, "uuid4", lambda: SimpleNamespace(hex=DIGIT_ONLY))
    done = run_cli(seeded_db, "city", "edit", "Yazd", "--region", "Yazd Province")
    assert done.exit_code == 0, done.output
    monkeypatch.undo()
    return seeded_db


def test_a_change_id_of_digits_keeps_its_latin_digits_in_persian_messages(digit_only_change):
    db = digit_only_change
    result = _fa(db, "undo", "--change", "78562830", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "تغییر 78562830" in result.stdout
    assert "۷۸۵۶۲۸۳۰" not in result.stdout
    done = _fa(db, "--as", "maryam", "undo", "--change", "78562830")
    assert done.exit_code == 0, done.output
    assert "تغییر 78562830" in done.stdout
    (undone,) = json.loads(run_cli(db, "log", "--officer", "maryam", "--format", "json").stdout)
    assert undone["reason"] == "citylinks: برگرداندن تغییر 78562830"
    assert "برگرداندن تغییر 78562830" in _fa(db, "log", "--officer", "maryam").stdout


@pytest.mark.parametrize("typed", ["۷۸۵۶۲۸۳۰", "٧٨٥٦٢٨٣٠"])
def test_a_change_id_typed_in_persian_or_arabic_digits_names_the_change(digit_only_change, typed):
    db = digit_only_change
    before = table_snapshot(db)
    result = _fa(db, "undo", "--change", typed, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "تغییر 78562830" in result.stdout
    assert table_snapshot(db) == before
