"""Issue 15 (fa15w), audit labels: under --lang fa, `log` and `undo` name a record in Persian
as `role edit` does. An organization without an acronym («Tourism and Culture Committee») was
named in English in Persian labels, and the entry of a change to a row since removed (its
values only the changed columns) was named as the log stored it, in English, while the
entry after it was named in Persian."""

from __future__ import annotations

import json

COMMITTEE_FA = "کمیته گردشگری و فرهنگی"


def _entries(run, *args: str) -> list[dict]:
    done = run(*args, "log", "--format", "json", "--limit", "3")
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def _role_added_edited_removed(run) -> list[int]:
    added = run("role", "add", "Yazd", "Tourism and Culture", "chair", "--from", "2020")
    assert added.exit_code == 0, added.output
    (role,) = [e for e in _entries(run) if e["table"] == "role"]
    ref = f"#{role['row_id']}"
    edited = run("role", "edit", ref, "--note", "kept in the log")
    assert edited.exit_code == 0, edited.output
    removed = run("role", "remove", ref)
    assert removed.exit_code == 0, removed.output
    return [e["entry"] for e in _entries(run)]


def test_persian_log_and_undo_name_the_committee_and_every_entry_in_persian(seeded_cli):
    added, edited, removed = _role_added_edited_removed(seeded_cli)
    # the table (json and csv keep the log's English words): the three entries' labels and
    # the removed row's values, «یزد: دبیر کمیته گردشگری و فرهنگی», «سازمان: کمیته ...»
    shown = seeded_cli("--lang", "fa", "log", "--limit", "3")
    assert shown.exit_code == 0, shown.output
    assert "Yazd" not in shown.stdout and "Tourism" not in shown.stdout, shown.stdout
    assert "Culture" not in shown.stdout and "Committee" not in shown.stdout, shown.stdout
    assert shown.stdout.count("یزد: ") == 3, shown.stdout
    assert shown.stdout.count("کمیته") == 5, shown.stdout  # and the added values

    refused = seeded_cli("--lang", "fa", "undo", str(edited))
    assert refused.exit_code == 1
    message = refused.output
    assert "Yazd" not in message and "Tourism" not in message, message
    assert message.count(COMMITTEE_FA) == 2, message


def test_english_log_and_undo_keep_their_english_names(seeded_cli):
    added, edited, removed = _role_added_edited_removed(seeded_cli)
    labels = {e["entry"]: e["record"] for e in _entries(seeded_cli)}
    assert set(labels.values()) == {"Yazd: chair of Tourism and Culture Committee"}, labels
    refused = seeded_cli("undo", str(added))
    assert refused.exit_code == 1
    assert refused.output.count("Yazd: chair of Tourism and Culture Committee") == 2, refused.output
