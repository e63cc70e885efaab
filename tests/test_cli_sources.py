"""`citylinks source add/list/show`: sources under short keys."""

from __future__ import annotations

import pytest
from conftest import table_snapshot

import citylinks.cli.prompting as prompting


def test_source_add_prints_the_next_free_s_key_and_stores_the_source(seeded_cli, seeded_db):
    result = seeded_cli(
        "source", "add",
        "--title", "عضویت رسمی شهر یزد",
        "--publisher", "شهرداری يزد",
        "--published", "۷ آذر ۱۴۰۴",
        "--lang", "fa",
        "--url", "https://yazd.ir/news/1",
        "--excerpt", "عضویت رسمی",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "S4"
    row = seeded_db.rows(
        "SELECT kind, title, publisher, published_text, language, url FROM source WHERE key = 'S4'"
    )
    # Arabic yeh in the publisher is stored as Persian yeh.
    assert row == [
        (
            "news-release",
            "عضویت رسمی شهر یزد",
            "شهرداری یزد",
            "j:1404-09-07",
            "fa",
            "https://yazd.ir/news/1",
        )
    ]
    again = seeded_cli("source", "add", "--title", "Another", "--publisher", "AMF")
    assert again.stdout.strip() == "S5"


def test_source_key_starts_at_s1_on_an_empty_database(cli):
    result = cli("source", "add", "--title", "T", "--publisher", "P")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "S1"


def test_source_show_prints_fields_dates_in_both_calendars_and_citations(seeded_cli):
    result = seeded_cli("source", "show", "s1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Source S1")
    assert "published: 2025-09-08 (1404-06-17)" in out
    assert "cited by:" in out and "membership phase" in out
    assert "version: 1" in out


def test_source_list_shows_every_key_in_order(seeded_cli):
    result = seeded_cli("source", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    keys = [s["key"] for s in json.loads(result.stdout)]
    # By the key's letters, then its number as a number (A3 before AB1, S2 before S10).
    assert keys[:4] == ["A1", "A2", "A3", "AB1"]
    assert keys == sorted(
        keys, key=lambda k: (k.rstrip("0123456789"), int(k[len(k.rstrip("0123456789")) :] or 0))
    )
    assert {"S0", "S1", "S2", "S3", "W1"} <= set(keys)
    table = seeded_cli("source", "list")
    assert "W1" in table.stdout and "web-page" in table.stdout


def test_source_show_unknown_key_is_refused(seeded_cli):
    result = seeded_cli("source", "show", "S99")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no source with key 'S99'")


# any_backend: a usage error, refused by argument parsing before any query
@pytest.mark.any_backend
def test_source_add_without_title_in_a_script_is_a_usage_error(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli("source", "add", "--publisher", "P")
    assert result.exit_code == 2
    assert "Missing option '--title'" in result.stderr
    assert table_snapshot(seeded_db) == before


def test_source_add_on_a_terminal_asks_for_a_missing_title(seeded_cli, seeded_db, monkeypatch):
    monkeypatch.setattr(prompting, "interactive", lambda: True)
    result = seeded_cli("source", "add", "--publisher", "P", input="Asked title\n")
    assert result.exit_code == 0, result.output
    assert "Title" in result.stderr
    assert seeded_db.scalar("SELECT title FROM source WHERE key = 'S4'") == "Asked title"


def test_source_add_with_a_bad_date_is_refused_and_nothing_written(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli(
        "source", "add", "--title", "T", "--publisher", "P", "--published", "1404-13"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --published: month 13 is out of range")
    assert table_snapshot(seeded_db) == before


# any_backend: the kind is checked against the vocabulary before any query
@pytest.mark.any_backend
def test_source_add_refuses_an_unknown_kind_with_the_choices(seeded_cli):
    result = seeded_cli("source", "add", "--title", "T", "--publisher", "P", "--kind", "tweet")
    assert result.exit_code == 1
    assert "use one of news-release, news-article" in result.stderr


def test_source_recorded_twice_is_refused_unless_forced(seeded_cli, seeded_db):
    first = seeded_cli(
        "source", "add", "--title", "A", "--publisher", "P", "--url", "https://x.ir/1"
    )
    assert first.exit_code == 0
    before = table_snapshot(seeded_db)
    again = seeded_cli(
        "source", "add", "--title", "B", "--publisher", "P", "--url", "https://x.ir/1"
    )
    assert again.exit_code == 1
    assert "looks recorded already: S4 'A'" in again.stderr and "--force" in again.stderr
    assert table_snapshot(seeded_db) == before
    forced = seeded_cli(
        "source", "add", "--title", "B", "--publisher", "P", "--url", "https://x.ir/1", "--force"
    )
    assert forced.exit_code == 0 and forced.stdout.strip() == "S5"


def test_source_add_dry_run_shows_the_key_and_writes_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = seeded_cli("source", "add", "--title", "T", "--publisher", "P", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "S4"
    assert "dry run: nothing was written" in result.stderr
    assert table_snapshot(seeded_db) == before


def test_source_key_taken_meanwhile_by_another_officer_moves_to_the_next(
    seeded_cli, seeded_db, monkeypatch
):
    """Two officers adding a source at once may pick the same key; the later one retries."""
    import citylinks.services.recording as sources

    real = sources.next_key
    calls = []

    def stale_first(session, prefix="S"):
        calls.append(prefix)
        return "S0" if len(calls) == 1 else real(session, prefix)

    monkeypatch.setattr(sources, "next_key", stale_first)
    result = seeded_cli("source", "add", "--title", "T", "--publisher", "P")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "S4"
    assert seeded_db.scalar("SELECT count(*) FROM source WHERE key = 'S4'") == 1
    assert seeded_db.scalar("SELECT title FROM source WHERE key = 'S0'") != "T"
