"""t15c's findings: a role title one slip away from a known one is kept as typed with a note
naming the correction; `db upgrade` to an older revision is refused, naming the way back."""

from __future__ import annotations

from conftest import run_cli, run_fa, table_snapshot


def test_a_title_close_to_a_known_one_is_kept_with_a_note(seeded_db):
    done = run_cli(seeded_db, "role", "add", "Yazd", "AMF", "chiar", "--from", "2025")
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[-1] == (
        "note: 'chiar' is not a known title: it is kept as typed. If you meant 'chair':"
        " `citylinks role edit yazd amf chiar --title chair`"
    )
    # The command the note gives does what it says.
    fixed = run_cli(seeded_db, "role", "edit", "yazd", "amf", "chiar", "--title", "chair")
    assert fixed.exit_code == 0, fixed.output
    assert "chair of AMF" in fixed.stdout


def test_a_known_or_far_title_gets_no_note(seeded_db):
    for title in ("chair", "secretary of the Tourism Committee", "رئیس"):
        done = run_cli(
            seeded_db, "role", "add", "Shiraz", "AMF", title, "--from", "2024", "--dry-run"
        )
        assert done.exit_code == 0, done.output
        assert done.stdout.startswith("dry run, would record: Shiraz: "), done.stdout
        assert "note:" not in done.stdout, done.stdout


def test_the_note_in_persian_names_the_known_title_in_persian(seeded_db):
    done = run_fa(seeded_db, "role", "add", "Yazd", "AMF", "chiar", "--from", "2025")
    assert done.exit_code == 0, done.output
    assert "«chiar» عنوانی شناخته نیست" in done.stdout
    assert "اگر «رئیس» منظور بود: `citylinks role edit yazd amf chiar --title chair`" in done.stdout


def test_upgrading_to_an_older_revision_is_refused_and_changes_nothing(seeded_db):
    before = table_snapshot(seeded_db)
    done = run_cli(seeded_db, "db", "upgrade", "0001")
    assert done.exit_code == 1
    assert done.stderr == (
        "Error: the schema is at 0012, newer than 0001: `db upgrade` only moves forward; to"
        " take the schema back (dropping what newer revisions hold), use"
        " `citylinks db downgrade 0001`\n"
    )
    assert table_snapshot(seeded_db) == before
    assert run_cli(seeded_db, "db", "upgrade", "0012").stdout == "schema already at 0012\n"
