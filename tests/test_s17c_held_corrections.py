"""`role edit`, `role remove`, `post edit` and `post remove` write with Core statements
(services.held on a db.Change): they import neither SQLAlchemy's ORM nor the mapped classes,
and what they store, log and print is what the ORM's flush gave: one entry for an edit (the
columns that changed, the row named after it), a removal's entry holding the whole row
(bookkeeping and sources too), a role's reviewed findings of `check` removed with it, each
logged first, so that `log` shows them and `undo` puts them back with their ids."""

from __future__ import annotations

import pytest
import test_m17_member_writes as m17
import test_w17_core_writes as w17
from conftest import table_snapshot

# The fixture and the watched run are w17's: the same heavy modules, the same bundled file.
_run_watching = w17._run_watching
bundled_file = w17.bundled_file  # the module's fixture, seeded once
# The entries of the last change that logged a row so named: action, table, label, before, after.
_change = m17._change


@pytest.mark.parametrize(
    "argv,shown,status",
    [
        (
            ["role", "edit", "#1", "--note", "checked", "--dry-run"],
            "changed: Yazd: secretary of Tourism and Culture Committee: note",
            0,
        ),
        (
            ["role", "edit", "Yazd", "Tourism and Culture", "secretary", "--to", "2026"],
            "changed: #1 Yazd: secretary of the Tourism and Culture Committee (AMF)",
            0,
        ),
        (
            ["--lang", "fa", "role", "remove", "#۷", "--dry-run"],
            "حذف شد: بررسی‌شده (role-without-membership): ساری: عضو هیئت اجرایی AMF",
            0,
        ),
        (["role", "edit", "#999", "--note", "x"], "there is no role #999", 1),
        (["role", "remove", "Yazd", "AMF", "secretary"], "its roles there: none", 1),
        (
            ["post", "edit", "amrollahi", "director", "--note", "x", "--dry-run"],
            "changed: Alireza Amrollahi: Director of Communications",
            0,
        ),
        (["post", "remove", "#7", "--dry-run"], "removed: Goshtasb Mozafari: acting", 0),
        (["post", "edit", "zakani", "clerk", "--note", "q"], "holds no such post 'clerk'", 1),
        (["post", "edit", "#6", "--expect-version", "9", "--note", "q"], "no version 9", 1),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else None,
)
def test_role_and_post_corrections_write_without_importing_the_orm(
    bundled_file, argv, shown, status
):
    code, out, err, loaded = _run_watching(["--db", bundled_file, *argv])
    assert shown in out + err
    assert code == status
    assert loaded == []


def _role(db, role_id: int) -> list[tuple]:
    return db.rows(
        "SELECT id, city_id, organization_id, title, start_text, end_text, session_id, note,"
        " version, updated_by FROM role WHERE id = :id",
        id=role_id,
    )


def _cited(db, table: str, row_id: int) -> list[str]:
    return [
        key
        for (key,) in db.rows(
            f"SELECT s.key FROM {table}_source l JOIN source s ON s.id = l.source_id"
            f" WHERE l.{table}_id = :id ORDER BY s.id",
            id=row_id,
        )
    ]


def _last_change(db) -> str:
    return db.scalar("SELECT change_id FROM audit_log ORDER BY id DESC LIMIT 1")


def test_a_role_edit_is_one_entry_of_what_changed_and_undo_reverts_it(seeded_cli, seeded_db):
    argv = ["role", "edit", "#1", "--title", "chair", "--to", "2026", "--note", ""]
    dry = seeded_cli(*argv, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stderr.splitlines() == [
        "dry run: nothing was written; 1 change would be made:",
        "  changed: Yazd: chair of Tourism and Culture Committee: title secretary → chair;"
        " note Elected at the meeting S2/S3 call the 'eleventh meeting'. → none;"
        " end unknown → 2026 (1404–1405)",
    ]
    before = _role(seeded_db, 1)
    done = seeded_cli("--as", "reza", *argv, "--reason", "the minutes say chair")
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        "changed: #1 Yazd: chair of the Tourism and Culture Committee (AMF) from between"
        " 2025-11-27 and 2025-11-29 to 2026\n"
    )
    [(action, table, label, values_before, values_after)] = _change(
        seeded_db, "Yazd: chair of Tourism and Culture Committee"
    )
    assert (action, table, label) == (
        "update",
        "role",
        "Yazd: chair of Tourism and Culture Committee",
    )
    assert values_before == {
        "title": "secretary",
        "note": before[0][7],
        "end_text": "unknown",
        "end_precision": None,
        "end_earliest": None,
        "end_latest": None,
    }
    assert values_after == {
        "title": "chair",
        "note": None,
        "end_text": "2026",
        "end_precision": "year",
        "end_earliest": "2026-01-01",
        "end_latest": "2026-12-31",
    }
    assert {r for (r,) in seeded_db.rows("SELECT reason FROM audit_log WHERE change_id = :c",
                                          c=_last_change(seeded_db))} == {"the minutes say chair"}  # fmt: skip
    assert _role(seeded_db, 1)[0][3:] == (
        "chair",
        before[0][4],
        "2026",
        before[0][6],
        None,
        2,
        "reza",
    )

    # Nothing to change: no entry, no new version.
    same = seeded_cli("role", "edit", "#1", "--title", "chair")
    assert same.exit_code == 0 and same.stdout.startswith("nothing changed: #1 Yazd: chair")
    assert _role(seeded_db, 1)[0][8] == 2

    undone = seeded_cli("undo", "--change", _last_change(seeded_db))
    assert undone.exit_code == 0, undone.output
    assert _role(seeded_db, 1)[0][3:8] == before[0][3:8]


def test_removing_a_role_logs_its_reviewed_finding_first_and_undo_puts_both_back(
    seeded_cli, seeded_db
):
    review = (
        "SELECT id, kind, problem, role_id, reason, version FROM check_review WHERE role_id = 3"
    )
    kept_review, kept_role = seeded_db.rows(review), _role(seeded_db, 3)
    review_id = kept_review[0][0]
    review_sources, role_sources = (
        _cited(seeded_db, "check_review", review_id),
        _cited(seeded_db, "role", 3),
    )
    assert role_sources == ["S2", "S3"]

    done = seeded_cli("role", "remove", "#3", "--reason", "a mistake")
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        "removed: #3 Khorramabad: chair of the Tourism and Culture Committee (AMF) from between"
        " 2025-11-27 and 2025-11-29, end not recorded\n"
    )
    entries = _change(seeded_db, "Khorramabad: chair of Tourism and Culture Committee")
    assert [(a, t, label) for a, t, label, _b, _a in entries] == [
        ("delete", "check_review",
         "reviewed role-without-membership: Khorramabad: chair of Tourism and Culture Committee"),
        ("delete", "role", "Khorramabad: chair of Tourism and Culture Committee"),
    ]  # fmt: skip
    review_before, role_before = entries[0][3], entries[1][3]
    assert entries[0][4] is None and entries[1][4] is None
    # The whole rows, as the ORM's entries of a deletion held them: bookkeeping and sources too.
    assert review_before["role_id"] == 3 and review_before["sources"] == review_sources
    assert role_before["title"] == "chair" and role_before["sources"] == ["S2", "S3"]
    assert role_before["version"] == 1 and role_before["created_by"]
    assert seeded_db.rows(review) == [] and _role(seeded_db, 3) == []

    undone = seeded_cli("undo", "--change", _last_change(seeded_db))
    assert undone.exit_code == 0, undone.output
    assert "(2 entries)" in undone.stdout
    assert seeded_db.rows(review) == kept_review
    assert _role(seeded_db, 3) == kept_role
    assert _cited(seeded_db, "role", 3) == role_sources
    assert _cited(seeded_db, "check_review", review_id) == review_sources


def test_a_post_edit_and_removal_are_logged_and_undone(seeded_cli, seeded_db):
    post = "SELECT id, person_id, title, start_text, end_text, note, version FROM post WHERE id = 9"
    kept = seeded_db.rows(post)
    done = seeded_cli("post", "edit", "#9", "--to", "present", "--note", "checked")
    assert done.exit_code == 0, done.output
    label = "Hamidreza Gholamzadeh: secretary-general of AMF"
    [(action, table, _label, values_before, values_after)] = _change(seeded_db, label)
    assert (action, table) == ("update", "post")
    assert values_before["end_text"] == kept[0][4] and values_after["end_text"] == "present"
    assert values_after["note"] == "checked"

    removed = seeded_cli("post", "remove", "#9")
    assert removed.exit_code == 0, removed.output
    assert removed.stdout.startswith("removed: #9 ")
    [(action, table, _label, values_before, values_after)] = _change(seeded_db, label)
    assert (action, table, values_after) == ("delete", "post", None)
    assert values_before["note"] == "checked" and values_before["version"] == 2
    assert seeded_db.rows(post) == []

    assert seeded_cli("undo", "--change", _last_change(seeded_db)).exit_code == 0
    assert seeded_db.rows(post)[0][:6] == (*kept[0][:4], "present", "checked")


@pytest.mark.parametrize(
    "argv",
    [
        ["role", "edit", "#1", "--note", "x"],
        ["role", "remove", "#1"],
        ["post", "edit", "#6", "--note", "x"],
        ["post", "remove", "#6"],
    ],
    ids=lambda x: " ".join(x[:2]),
)
def test_a_stale_version_names_who_changed_it_and_writes_nothing(seeded_cli, seeded_db, argv):
    first = (
        [*argv[:3], "--note", "seen"]
        if argv[1] == "edit"
        else [argv[0], "edit", argv[2], "--note", "seen"]
    )
    assert seeded_cli("--as", "maryam", *first).exit_code == 0
    before = table_snapshot(seeded_db)
    done = seeded_cli(*argv, "--expect-version", "1")
    assert done.exit_code == 1
    assert done.stderr.startswith(f"Error: {argv[0]} '{argv[2]}' was changed by maryam at ")
    assert "since you read it (version 1, now 2)" in done.stderr
    assert table_snapshot(seeded_db) == before
