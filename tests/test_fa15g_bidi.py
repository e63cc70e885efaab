"""`citylinks log` takes --bidi (and CITYLINKS_BIDI=1) as the reports do: Persian shaped and
reordered for a terminal without bidi of its own."""

from __future__ import annotations

from conftest import run_fa


def _shaped(output: str) -> bool:
    """Arabic presentation forms: what --bidi's shaping prints."""
    return any("\ufb50" <= ch <= "\ufeff" for ch in output)


def test_log_bidi_lays_persian_out_for_a_terminal_without_bidi(seeded_db):
    plain = run_fa(seeded_db, "log", "--limit", "3")
    assert plain.exit_code == 0, plain.output
    assert not _shaped(plain.stdout)
    laid = run_fa(seeded_db, "log", "--limit", "3", "--bidi")
    assert laid.exit_code == 0, laid.output
    assert _shaped(laid.stdout)


def test_log_follows_citylinks_bidi(seeded_db, monkeypatch):
    monkeypatch.setenv("CITYLINKS_BIDI", "1")
    laid = run_fa(seeded_db, "log", "--limit", "3")
    assert laid.exit_code == 0, laid.output
    assert _shaped(laid.stdout)
