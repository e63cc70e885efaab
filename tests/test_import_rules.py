"""A file is held to the rules the commands keep: a record given twice is not merged, a
membership's phases follow `member record`'s rules, an organization is never its own
ancestor. Each refusal names the places, and the database is left as it was."""

from __future__ import annotations

import pytest
from conftest import run_cli, table_snapshot

HEAD = 'format = "citylinks-dataset/1"\n\n'
SOURCE = '[[source]]\nkey = "{key}"\nkind = "web-page"\ntitle = "{title}"\n\n'
CITY = (
    '[[city]]\nkey = "{key}"\ncountry = "{country}"\n'
    'names = [{{ lang = "en", name = "{name}" }}]\n\n'
)
ORG = '[[organization]]\nkey = "{key}"\nnames = [{{ lang = "en", name = "{name}" }}]\n{more}\n'


def _membership(*phases: str) -> str:
    blocks = "".join(f"[[membership.phase]]\n{p}\n" for p in phases)
    return f'[[membership]]\norganization = "amf"\ncity = "yazd"\n{blocks}\n'


CASES = {
    "a source given twice": (
        SOURCE.format(key="Q1", title="One") + SOURCE.format(key="Q1", title="Other"),
        "[[source]] #1 (Q1): [[source]] #2 (Q1) is the same source again: merge the two into one"
        " record, or give one of them its own key",
    ),
    "a city given twice, in two countries": (
        CITY.format(key="twin", country="IR", name="Twin")
        + CITY.format(key="twin", country="TR", name="Twin"),
        "[[city]] #1 (twin): [[city]] #2 (twin) is the same city again",
    ),
    "a membership given twice": (
        _membership('status = "member"\nstart = "2025"\nsources = ["S1"]')
        + _membership('status = "observer"\nstart = "2019"\nsources = ["S1"]'),
        "[[membership]] #1: [[membership]] #2 is the same membership again",
    ),
    "overlapping phases": (
        _membership(
            'status = "cooperating"\nstart = "2019"\nend = "2026"\nsources = ["S1"]',
            'status = "member"\nstart = "2025"\nsources = ["S1"]',
        ),
        "[[membership]] #1: phase 2 ('member' from 2025 to now) overlaps phase 1"
        " ('cooperating' from 2019 to 2026): phases may not overlap; correct their dates",
    ),
    "an open phase followed by another": (
        _membership(
            'status = "cooperating"\nstart = "2019"\nsources = ["S1"]',
            'status = "member"\nstart = "2025"\nsources = ["S1"]',
        ),
        "phase 1 ('cooperating' from 2019 to now) has no end, but phase 2 follows it: give"
        " phase 1 its end (where phase 2 begins)",
    ),
    "phases out of order": (
        _membership(
            'status = "member"\nstart = "2025"\nsources = ["S1"]',
            'status = "cooperating"\nstart = "2019"\nend = "2020"\nsources = ["S1"]',
        ),
        "phase 2 ('cooperating' from 2019 to 2020) begins before phase 1",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_file_that_breaks_a_rule_is_refused_and_changes_nothing(seeded_db, tmp_path, case):
    text, message = CASES[case]
    path = tmp_path / "office.toml"
    path.write_text(HEAD + text, encoding="utf-8")
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "dataset", str(path))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {path}: "), result.stderr
    assert message in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert table_snapshot(seeded_db) == before


def test_a_second_file_cannot_make_an_organization_its_own_ancestor(empty_db, tmp_path):
    first = tmp_path / "first.toml"
    first.write_text(
        HEAD
        + ORG.format(key="ca", name="A", more="")
        + ORG.format(key="cb", name="B", more='parent = "ca"\n'),
        encoding="utf-8",
    )
    assert run_cli(empty_db, "import", "dataset", str(first)).exit_code == 0
    second = tmp_path / "second.toml"
    second.write_text(HEAD + ORG.format(key="ca", name="A", more='parent = "cb"\n'), "utf-8")
    before = table_snapshot(empty_db)
    # --overwrite: the new parent is meant; the cycle is refused all the same.
    result = run_cli(empty_db, "import", "dataset", str(second), "--overwrite")
    assert result.exit_code == 1, result.output
    assert (
        "[[organization]] #1 (ca): organization 'ca' would be its own ancestor"
        " (ca -> cb -> ca): correct a parent" in result.stderr
    ), result.stderr
    assert table_snapshot(empty_db) == before
    exported = run_cli(empty_db, "export", "dataset")
    assert exported.exit_code == 0 and 'parent = "cb"' not in exported.stdout


# --- a newer edit is never reverted by a file -------------------------------------------------


def _officer_edits(cli, with_a_phase: bool = True) -> None:
    edits = [
        ["city", "edit", "Yazd", "--region", "Yazd Province"],
        [
            "session",
            "edit",
            "AMF",
            "1",
            "--series",
            "general-assembly",
            "--theme",
            "Cities and their citizens",
        ],
    ]
    if with_a_phase:
        edits.append(
            ["member", "record", "Yazd", "AMF", "suspended", "--from", "2026", "--source", "S1"]
        )
    for args in edits:
        result = cli("--as", "maryam", *args)
        assert result.exit_code == 0, (args, result.output)


def test_seed_after_an_officers_edits_reverts_none_of_them(seeded_cli, seeded_db):
    _officer_edits(seeded_cli)
    before = table_snapshot(seeded_db)
    result = seeded_cli("seed")
    assert result.exit_code == 1, result.output
    assert "in the database but" in result.stderr and "--overwrite" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert table_snapshot(seeded_db) == before
    history = seeded_cli("member", "history", "Yazd", "AMF")
    assert "suspended" in history.stdout


def test_seed_with_overwrite_logs_what_it_overwrites(seeded_cli, seeded_db):
    _officer_edits(seeded_cli, with_a_phase=False)
    result = seeded_cli("seed", "--overwrite")
    assert result.exit_code == 0, result.output
    region = seeded_db.scalar("SELECT region FROM city WHERE key = 'yazd'")
    assert region is None  # the bundled dataset's value, as asked
    logged = seeded_db.rows(
        "SELECT before, after FROM audit_log WHERE table_name = 'city' AND action = 'update'"
        " ORDER BY id DESC"
    )
    assert any("Yazd Province" in str(before) for before, _ in logged), logged


@pytest.mark.parametrize("kind", ["dataset", "popolo"])
def test_an_old_export_imported_again_matches_phases_by_what_they_say(
    seeded_cli, seeded_db, tmp_path, kind
):
    old = tmp_path / f"old.{kind}"
    assert seeded_cli("export", kind, "--output", str(old)).exit_code == 0
    recorded = seeded_cli(
        "member", "record", "Yazd", "AMF", "suspended", "--from", "2026", "--source", "S1"
    )
    assert recorded.exit_code == 0, recorded.output
    before = seeded_cli("member", "history", "Yazd", "AMF").stdout
    rows = table_snapshot(seeded_db)
    # The old export lacks the new phase and gives the member phase as open: the same phases
    # matched by status and start, the officer's closing of it is a newer edit, refused.
    again = seeded_cli("import", kind, str(old))
    assert again.exit_code == 1, again.output
    assert "end is" in again.stderr and "in the database but" in again.stderr
    assert len(again.stderr.splitlines()) == 1
    assert seeded_cli("member", "history", "Yazd", "AMF").stdout == before
    assert table_snapshot(seeded_db) == rows


def test_overwrite_never_leaves_a_history_member_record_would_refuse(
    seeded_cli, seeded_db, tmp_path
):
    """An old export, with --overwrite, put an open end back on a phase an officer had
    closed, leaving two open phases that no later export could load."""
    old = tmp_path / "old.toml"
    assert seeded_cli("export", "dataset", "--output", str(old)).exit_code == 0
    recorded = seeded_cli(
        "member", "record", "Yazd", "AMF", "suspended", "--from", "2026", "--source", "S1"
    )
    assert recorded.exit_code == 0, recorded.output
    before = table_snapshot(seeded_db)
    result = seeded_cli("import", "dataset", str(old), "--overwrite")
    assert result.exit_code == 1, result.output
    assert "the history it would leave: phase" in result.stderr, result.stderr
    assert "has no end, but phase" in result.stderr
    assert table_snapshot(seeded_db) == before
