"""`citylinks check review` and `check unreview`: a finding an officer has looked at is marked
reviewed, with the reason and the sources; `check` lists it apart and exits 0 when every
finding is reviewed; the mark is logged, undone, and carried by the dataset export and
import. On every backend."""

from __future__ import annotations

import json

import pytest
from conftest import new_database, run_cli, table_snapshot
from sqlalchemy import select
from test_check import setup_office

from citylinks import schema

REASON = "no source says Tehran is a member of LHC; S1 names it its chair"


def cli(db, *args: str):
    result = run_cli(db, *args)
    assert result.exit_code == 0, (args, result.output)
    return result


@pytest.fixture
def office(empty_db):
    """The clean office of test_check, and Tehran as chair of LHC, of which no membership is
    recorded: one finding (role-without-membership, no-membership)."""
    setup_office(empty_db)
    cli(empty_db, "role", "add", "Tehran", "LHC", "chair", "--from", "2020", "--source", "S1")
    return empty_db


def role_id(db) -> int:
    r = schema.role.c
    with db.engine().connect() as conn:
        return conn.execute(select(r.id).where(r.title == "chair")).scalar_one()


def reviews(db) -> list[tuple]:
    """The reviews stored, each with the keys of its sources."""
    cr, link, s = schema.check_review.c, schema.CITING["check_review"].c, schema.source.c
    with db.engine().connect() as conn:
        rows = conn.execute(
            select(cr.id, cr.kind, cr.problem, cr.role_id, cr.reason, cr.version).order_by(cr.id)
        ).all()
        return [
            (
                *row[1:],
                list(
                    conn.execute(
                        select(s.key)
                        .join(schema.CITING["check_review"], link.source_id == s.id)
                        .where(link.check_review_id == row.id)
                        .order_by(s.id)
                    ).scalars()
                ),
            )
            for row in rows
        ]


def check_json(db, *args: str):
    result = run_cli(db, "check", *args, "--format", "json")
    assert result.stderr == ""
    return result.exit_code, json.loads(result.stdout)


def without_log(snapshot: dict) -> dict:
    return {k: v for k, v in snapshot.items() if k != "audit_log"}


def test_a_reviewed_finding_is_listed_apart_and_the_check_exits_0(office):
    rid = role_id(office)
    code, found = check_json(office)
    assert code == 1
    assert [(f["kind"], f["problem"], f["reviewed"]) for f in found] == [
        ("role-without-membership", "no-membership", None)
    ]
    done = cli(
        office, "check", "review", f"role:{rid}", "--reason", REASON, "--source", "S1",
        "--source", "S2",
    )  # fmt: skip
    assert done.stdout.strip() == (
        f"reviewed role-without-membership (no-membership): role {rid} (Tehran, chair of LHC)"
        f" (role:{rid}), because: {REASON} (cites S1, S2) (version 1)"
    )
    assert reviews(office) == [
        ("role-without-membership", "no-membership", rid, REASON, 1, ["S1", "S2"])
    ]
    # The table: nothing to look at, the reviewed finding in one line; exit code 0.
    table = run_cli(office, "check")
    assert table.exit_code == 0, table.output
    shown = " ".join(table.stdout.split())
    assert "Nothing to look at: every finding is reviewed." in shown
    assert "1 finding reviewed: Tehran: chair of LHC (2020 (1398–1399) → unknown)" in shown
    assert REASON not in shown  # the reasons are for --with-reviewed
    wide = run_cli(office, "check", "LHC", "--with-reviewed")
    assert wide.exit_code == 0, wide.output
    assert "Reviewed findings (1)" in wide.stdout
    assert "S1, S2" in wide.stdout
    assert "no source says Tehran" in wide.stdout
    # JSON: the finding, with its review.
    code, found = check_json(office)
    assert code == 0
    (finding,) = found
    assert finding["ids"]["role"] == [rid]
    assert finding["reviewed"] == {"reason": REASON, "sources": ["S1", "S2"], "version": 1}
    # The log holds the review, its reason and sources.
    log = schema.audit_log.c
    with office.engine().connect() as conn:
        entry = conn.execute(
            select(log.action, log.row_label, log.after, log.reason).where(
                log.table_name == "check_review"
            )
        ).one()
    assert entry.action == "insert"
    assert entry.row_label == "reviewed role-without-membership: Tehran: chair of LHC"
    assert entry.after["reason"] == REASON and entry.after["sources"] == ["S1", "S2"]
    assert entry.reason == REASON


def test_a_review_dry_run_writes_nothing(office):
    rid = role_id(office)
    before = table_snapshot(office)
    result = cli(
        office, "check", "review", f"role:{rid}", "--reason", REASON, "--source", "S1",
        "--dry-run",
    )  # fmt: skip
    assert result.stdout.startswith("dry run, would be reviewed role-without-membership")
    assert "  added: reviewed role-without-membership: " in result.stderr
    assert table_snapshot(office) == before
    assert run_cli(office, "check").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "S1"], "Error: a review says why the record is right as it stands"),
        (["--reason", "  ", "--source", "S1"], "Error: a review says why the record is right"),
        (["--reason", REASON], "Error: a review cites the sources the officer read"),
        (["--reason", REASON, "--source", "S9"], "Error: no source with key 'S9'"),
    ],
)
def test_a_review_without_reason_or_source_is_refused(office, args, message):
    before = table_snapshot(office)
    result = run_cli(office, "check", "review", f"role:{role_id(office)}", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(office) == before


def test_what_is_no_finding_cannot_be_reviewed(office):
    cli(office, "member", "record", "Tehran", "LHC", "member", "--from", "2019", "--source", "S1")
    before = table_snapshot(office)
    covered = run_cli(
        office, "check", "review", f"role:{role_id(office)}", "--reason", REASON, "--source", "S1"
    )
    assert covered.exit_code == 1
    assert covered.stderr.strip().endswith(
        "is no finding of `citylinks check`: its city's membership covers it; nothing to review"
    )
    city = run_cli(office, "check", "review", "city:Yazd", "--reason", REASON, "--source", "S1")
    assert city.exit_code == 1
    assert city.stderr.startswith(
        "Error: 'city:Yazd' names Yazd: only a role's finding (role-without-membership) can be"
        " reviewed so far"
    )
    unknown = run_cli(office, "check", "review", "role:999", "--reason", REASON, "--source", "S1")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("Error: there is no role 999")
    assert table_snapshot(office) == before


def test_reviewing_again_replaces_the_reason_and_unreview_lists_it_again(office):
    rid = role_id(office)
    ref = f"role:{rid}"
    cli(office, "check", "review", ref, "--reason", REASON, "--source", "S1")
    # Another review of it does not replace this one without saying so.
    before = table_snapshot(office)
    other = run_cli(office, "check", "review", ref, "--reason", "other", "--source", "S2")
    assert other.exit_code == 1
    assert f"{ref} (" in other.stderr and "is reviewed already (version 1, by" in other.stderr
    assert "cites S1): to replace its reason and sources, give --expect-version 1" in other.stderr
    assert table_snapshot(office) == before
    same = run_cli(
        office, "check", "review", ref, "--reason", REASON, "--source", "S1",
        "--expect-version", "1",
    )  # fmt: skip
    assert same.exit_code == 1
    assert "already reviewed with that reason and those sources: nothing to change" in same.stderr
    stale = run_cli(
        office, "check", "review", ref, "--reason", "other", "--source", "S1",
        "--expect-version", "7",
    )  # fmt: skip
    assert stale.exit_code == 1
    again = cli(
        office, "check", "review", ref, "--reason", "S2 says so too", "--source", "S2",
        "--expect-version", "1",
    )  # fmt: skip
    assert again.stdout.startswith("review updated: ")
    assert again.stdout.strip().endswith("(cites S2) (version 2)")
    assert reviews(office) == [
        ("role-without-membership", "no-membership", rid, "S2 says so too", 2, ["S2"])
    ]
    gone = cli(office, "check", "unreview", ref, "--reason", "a source may make it a member")
    assert gone.stdout.strip().endswith("`citylinks check` lists it again")
    assert reviews(office) == []
    assert run_cli(office, "check").exit_code == 1
    twice = run_cli(office, "check", "unreview", ref)
    assert twice.exit_code == 1
    assert "has no reviewed finding" in twice.stderr


def test_a_review_of_no_membership_does_not_cover_another_problem(office):
    """The officer reviewed "no membership recorded"; a membership recorded since that does
    not cover the role's time is a new finding, to look at again."""
    cli(office, "check", "review", f"role:{role_id(office)}", "--reason", REASON, "--source", "S1")
    cli(
        office, "member", "record", "Tehran", "LHC", "member", "--from", "2010", "--to", "2012",
        "--source", "S1",
    )  # fmt: skip
    code, found = check_json(office)
    assert code == 1
    assert [(f["problem"], f["reviewed"]) for f in found] == [("not-member-then", None)]


def test_undo_of_a_review_and_of_an_unreview_restores_the_rows(office):
    ref = f"role:{role_id(office)}"
    before = without_log(table_snapshot(office))
    cli(office, "check", "review", ref, "--reason", REASON, "--source", "S1", "--source", "S2")
    reviewed = without_log(table_snapshot(office))
    assert reviewed["check_review_source"] and reviewed != before
    log = schema.audit_log.c
    with office.engine().connect() as conn:
        last = conn.execute(select(log.change_id).order_by(log.id.desc()).limit(1)).scalar_one()
    cli(office, "undo", "--change", last)
    assert without_log(table_snapshot(office)) == before
    assert run_cli(office, "check").exit_code == 1
    # Again, then unreview, then undo of the unreview: the review comes back as it was.
    cli(office, "check", "review", ref, "--reason", REASON, "--source", "S1", "--source", "S2")
    reviewed = without_log(table_snapshot(office))
    cli(office, "check", "unreview", ref)
    with office.engine().connect() as conn:
        last = conn.execute(select(log.change_id).order_by(log.id.desc()).limit(1)).scalar_one()
    cli(office, "undo", "--change", last)
    assert without_log(table_snapshot(office)) == reviewed
    assert run_cli(office, "check").exit_code == 0


def test_a_removed_role_takes_its_review_with_it_and_undo_brings_both_back(office):
    ref = f"role:{role_id(office)}"
    cli(office, "check", "review", ref, "--reason", REASON, "--source", "S1")
    reviewed = without_log(table_snapshot(office))
    cli(office, "role", "remove", f"#{role_id(office)}")
    assert reviews(office) == []
    log = schema.audit_log.c
    with office.engine().connect() as conn:
        removal = conn.execute(
            select(log.table_name, log.action, log.change_id).order_by(log.id.desc()).limit(2)
        ).all()
    assert {(r.table_name, r.action) for r in removal} == {
        ("role", "delete"),
        ("check_review", "delete"),
    }
    cli(office, "undo", "--change", removal[0].change_id)
    assert without_log(table_snapshot(office)) == reviewed


def test_the_dataset_carries_the_review_round_trip(office, backend, tmp_path, request):
    cli(office, "check", "review", f"role:{role_id(office)}", "--reason", REASON, "--source", "S2")
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    cli(office, "export", "dataset", "--output", str(first))
    written = first.read_text(encoding="utf-8")
    assert (
        "[role.review]\n"
        'check = "role-without-membership"\n'
        'problem = "no-membership"\n'
        f'reason = "{REASON}"\n'
        'sources = [\n    "S2",\n]\n'
    ) in written
    other = new_database(backend, tmp_path, request)
    cli(other, "import", "dataset", str(first))
    cli(other, "export", "dataset", "--output", str(second))
    assert second.read_text(encoding="utf-8") == written
    assert run_cli(other, "check").exit_code == 0
    assert [r[:2] + r[3:] for r in reviews(other)] == [
        ("role-without-membership", "no-membership", REASON, 1, ["S2"])
    ]
    # Importing it again changes nothing.
    before = without_log(table_snapshot(other))
    cli(other, "import", "dataset", str(first))
    assert without_log(table_snapshot(other)) == before


@pytest.mark.parametrize(
    ("review", "message"),
    [
        ('review = { check = "phase", problem = "no-membership", reason = "r", sources = ["S1"] }',
         "review: check = 'phase': a role's review is check = 'role-without-membership'"),
        ('review = { check = "role-without-membership", problem = "x", reason = "r", sources = ["S1"] }',
         "review: problem = 'x': use one of no-membership, not-member-then"),
        ('review = { check = "role-without-membership", problem = "no-membership", sources = ["S1"] }',
         "review: a review says why the record is right as it stands"),
        ('review = { check = "role-without-membership", problem = "no-membership", reason = "r" }',
         "review: a review cites the sources the officer read"),
        ('review = { check = "role-without-membership", problem = "no-membership", reason = "r", sources = ["S1"], colour = 1 }',
         "unknown field 'colour' of a review"),
    ],
)  # fmt: skip
def test_a_dataset_review_that_is_wrong_is_refused(office, tmp_path, review, message):
    path = tmp_path / "one.toml"
    cli(office, "export", "dataset", "--output", str(path))
    written = path.read_text(encoding="utf-8").replace(
        'title = "chair"\n', f'title = "chair"\n{review}\n', 1
    )
    path.write_text(written, encoding="utf-8")
    before = table_snapshot(office)
    result = run_cli(office, "import", "dataset", str(path))
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(office) == before


def test_a_review_s_sources_change_through_check_review_not_cite(office):
    cli(office, "check", "review", f"role:{role_id(office)}", "--reason", REASON, "--source", "S1")
    before = table_snapshot(office)
    (review_id,) = [r[0] for r in office.rows("SELECT id FROM check_review")]
    result = run_cli(office, "cite", f"check_review#{review_id}", "S2")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: 'check_review#{review_id}' is the review of a finding: give it other sources"
        " with `citylinks check review REF --reason TEXT --source KEY`"
    )
    assert table_snapshot(office) == before


def test_a_file_s_other_reason_is_refused_unless_overwrite(office, tmp_path):
    """A recorded review keeps its reason against a file's, as any recorded field does."""
    cli(office, "check", "review", f"role:{role_id(office)}", "--reason", REASON, "--source", "S1")
    path = tmp_path / "office.toml"
    cli(office, "export", "dataset", "--output", str(path))
    path.write_text(
        path.read_text(encoding="utf-8").replace(REASON, "S1 names Tehran chair"), "utf-8"
    )
    before = table_snapshot(office)
    refused = run_cli(office, "import", "dataset", str(path))
    assert refused.exit_code == 1
    assert "reason is 'no source says Tehran is a member of LHC" in refused.stderr
    assert "add --overwrite to replace it" in refused.stderr
    assert table_snapshot(office) == before
    cli(office, "import", "dataset", str(path), "--overwrite")
    assert [r[3] for r in reviews(office)] == ["S1 names Tehran chair"]
