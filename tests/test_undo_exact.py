"""`citylinks undo` of each kind of change restores the rows exactly, compared row for row in
every table: an insert, an update and a delete of each kind of record, citations (of a
record, a session's date, a name), merges (cities, people, sources) and settings.

What is compared: every column of every row of every table but the audit log (the log keeps
the change and its undo: it grows, by design). No row id is new: a row put back keeps its id,
and a row added then undone leaves none. The one legitimate difference is on a row the undo
updated, by the change or by its undo: its version never goes back (a version that went
back to an old number would let an edit made against the undone content through, where an
officer holding the version the change left must be refused), so it keeps a newer version
with the officer and time of that update (`version`, `updated_by`, `updated_at`). Such a row
is the record a change touched through its parts (a city whose name was added: a new version
of the city), or one it changed before removing it (the other city of a merge comes back as
the merge left it just before removing it: the log's entry of its removal keeps that
version). Every other column of such a row is compared too, and every other row, bookkeeping
and all; a row a removal removed comes back exactly."""

from __future__ import annotations

import pytest
from conftest import run_cli

GA = ("--series", "general-assembly")
KASHAN = ("city", "add", "Kashan", "--country", "IR", "--name", "fa=کاشان", "--source", "S1")
KASHON = (
    "city", "add", "Kashon", "--country", "IR", "--name", "fa=کاشون", "--source", "S2", "--force",
)  # fmt: skip
PERSON = ("person", "add", "Ali Testi", "--name", "fa=علی تستی", "--source", "S1")
PERSON_2 = ("person", "add", "Ali Testy", "--source", "S2", "--force")
SESSION_9 = ("session", "add", "AMF", "9", *GA, "--from", "2030", "--host", "Yazd")
SOURCE = (
    "source",
    "add",
    "--title",
    "A release",
    "--publisher",
    "Kashan",
    "--kind",
    "news-release",
)
# The key of the source added last (SOURCE), typed where a command names it.
NEW = "{new}"

# (what, the commands run first, the change undone)
CHANGES: list[tuple[str, tuple[tuple[str, ...], ...], tuple[str, ...]]] = [
    ("country insert", (), ("country", "add", "FR", "--name", "France")),
    (
        "country update",
        (("country", "add", "FR", "--name", "France"),),
        ("country", "edit", "FR", "--name", "fa=فرانسه"),
    ),
    (
        "country delete",
        (("country", "add", "FR", "--name", "France"),),
        ("country", "remove", "FR"),
    ),
    ("city insert", (), KASHAN),
    ("city update", (KASHAN,), ("city", "edit", "Kashan", "--region", "Isfahan", "--key", "ksh")),
    ("city delete", (KASHAN,), ("city", "remove", "Kashan")),
    (
        "city merge",
        (
            KASHAN,
            KASHON,
            ("city", "edit", "Kashon", "--add-name", "de=Kaschon"),
            ("cite", "city-name:Kashon/de", "S3"),
            ("member", "record", "Kashon", "AMF", "member", "--from", "2020", "--source", "S1"),
        ),
        ("city", "merge", "Kashan", "Kashon"),
    ),
    ("name insert", (), ("city", "edit", "Yazd", "--add-name", "de=Jasd")),
    (
        "name delete (with its citation)",
        (("city", "edit", "Yazd", "--add-name", "de=Jasd"), ("cite", "city-name:Yazd/de", "S1")),
        ("city", "edit", "Yazd", "--remove-name", "Jasd"),
    ),
    ("organization name insert", (), ("org", "edit", "AMF", "--add-name", "de=Asiatisches Forum")),
    ("person name insert", (PERSON,), ("person", "edit", "ali-testi", "--add-name", "de=Ali T")),
    ("organization insert", (), ("org", "committee", "add", "AMF", "Water Committee")),
    ("organization update", (), ("org", "edit", "AMF", "--website", "https://amf.example")),
    (
        "organization delete",
        (("org", "committee", "add", "AMF", "Water Committee", "--source", "S1"),),
        ("org", "committee", "remove", "AMF", "amf-water-committee"),
    ),
    ("person insert", (), PERSON),
    ("person update", (PERSON,), ("person", "edit", "ali-testi", "--key", "testi")),
    ("person delete", (PERSON,), ("person", "remove", "ali-testi")),
    (
        "person merge",
        (
            PERSON,
            PERSON_2,
            (
                "post",
                "add",
                "ali-testy",
                "Mayor",
                "--city",
                "Yazd",
                "--from",
                "2020",
                "--source",
                "S1",
            ),
        ),
        ("person", "merge", "ali-testi", "ali-testy"),
    ),
    ("source insert", (), SOURCE),
    ("source update", (SOURCE,), ("source", "edit", NEW, "--title", "B", "--published", "1403")),
    ("source delete", (SOURCE,), ("source", "remove", NEW)),
    (
        "source merge",
        (
            SOURCE,
            ("cite", "phase:Yazd/AMF/2", NEW),
            ("cite", "session-start:AMF/general-assembly/1", NEW),
        ),
        ("source", "merge", "S1", NEW),
    ),
    (
        "phase insert (closing the open phase)",
        (),
        ("member", "record", "Yazd", "AMF", "suspended", "--from", "2026-03", "--source", "S1"),
    ),
    ("phase update", (), ("member", "edit", "Yazd", "AMF", "2", "--note", "per the letter")),
    ("phase delete", (), ("member", "remove", "Yazd", "AMF", "1")),
    ("phase retract", (), ("member", "retract", "Yazd", "AMF", "1", "--reason", "a rumour")),
    (
        "phase unretract",
        (("member", "retract", "Yazd", "AMF", "1", "--reason", "a rumour"),),
        ("member", "unretract", "Yazd", "AMF", "1"),
    ),
    (
        "post insert",
        (PERSON,),
        ("post", "add", "ali-testi", "Mayor", "--city", "Yazd", "--from", "2020"),
    ),
    (
        "post update",
        (
            PERSON,
            (
                "post",
                "add",
                "ali-testi",
                "Mayor",
                "--city",
                "Yazd",
                "--from",
                "2020",
                "--source",
                "S1",
            ),
        ),
        ("post", "edit", "ali-testi", "Mayor", "--to", "2024", "--note", "resigned"),
    ),
    (
        "post delete",
        (
            PERSON,
            (
                "post",
                "add",
                "ali-testi",
                "Mayor",
                "--city",
                "Yazd",
                "--from",
                "2020",
                "--source",
                "S1",
            ),
        ),
        ("post", "remove", "ali-testi", "Mayor"),
    ),
    ("role insert", (), ("role", "add", "Shiraz", "AMF", "treasurer", "--from", "2026")),
    (
        "role update",
        (("role", "add", "Shiraz", "AMF", "treasurer", "--from", "2026", "--source", "S1"),),
        ("role", "edit", "Shiraz", "AMF", "treasurer", "--to", "2027"),
    ),
    (
        "role delete",
        (("role", "add", "Shiraz", "AMF", "treasurer", "--from", "2026", "--source", "S1"),),
        ("role", "remove", "Shiraz", "AMF", "treasurer"),
    ),
    ("session insert", (), SESSION_9),
    ("session update", (SESSION_9,), ("session", "edit", "AMF", "9", *GA, "--from", "1409")),
    (
        "session delete (with its date citations)",
        (SESSION_9, ("cite", "session-start:AMF/general-assembly/9", "S1")),
        ("session", "remove", "AMF", "9", *GA),
    ),
    ("attendance insert", (SESSION_9,), ("attend", "add", "AMF", "9", "Shiraz", *GA)),
    (
        "attendance update",
        (SESSION_9, ("attend", "add", "AMF", "9", "Shiraz", *GA, "--source", "S1")),
        ("attend", "edit", "AMF", "9", "Shiraz", *GA, "--role", "host"),
    ),
    (
        "attendance delete",
        (SESSION_9, ("attend", "add", "AMF", "9", "Shiraz", *GA, "--source", "S1")),
        ("attend", "remove", "AMF", "9", "Shiraz", *GA),
    ),
    (
        "count insert",
        (SESSION_9,),
        ("attend", "count", "add", "AMF", "9", "40", *GA, "--source", "S1"),
    ),
    (
        "count update",
        (SESSION_9, ("attend", "count", "add", "AMF", "9", "40", *GA, "--source", "S1")),
        ("attend", "count", "edit", "AMF", "9", "1", *GA, "--count", "41", "--qualifier", "about"),
    ),
    (
        "count delete",
        (SESSION_9, ("attend", "count", "add", "AMF", "9", "40", *GA, "--source", "S1")),
        ("attend", "count", "remove", "AMF", "9", "1", *GA),
    ),
    (
        "numbering insert",
        (SESSION_9,),
        ("session", "numbering", "add", "AMF", "9", "--as", "10", *GA, "--source", "S1"),
    ),
    (
        "numbering update",
        (
            SESSION_9,
            ("session", "numbering", "add", "AMF", "9", "--as", "10", *GA, "--source", "S1"),
        ),
        ("session", "numbering", "edit", "AMF", "9", "10", *GA, "--as", "11"),
    ),
    (
        "numbering delete",
        (
            SESSION_9,
            ("session", "numbering", "add", "AMF", "9", "--as", "10", *GA, "--source", "S1"),
        ),
        ("session", "numbering", "remove", "AMF", "9", "10", *GA),
    ),
    (
        "motto insert",
        (),
        ("org", "motto", "add", "AMF", "Cities together", "--lang", "en", "--source", "S1"),
    ),
    ("motto update", (), ("org", "motto", "edit", "AMF", "1", "--note", "on the banner")),
    ("motto delete", (), ("org", "motto", "remove", "AMF", "1")),
    ("series insert", (), ("org", "series", "add", "AMF", "summit", "--name", "Summit")),
    (
        "series update",
        (("org", "series", "add", "AMF", "summit", "--name", "Summit"),),
        ("org", "series", "edit", "AMF", "summit", "--name", "fa=اجلاس"),
    ),
    (
        "series delete",
        (("org", "series", "add", "AMF", "summit", "--name", "Summit"),),
        ("org", "series", "remove", "AMF", "summit"),
    ),
    ("citation of a record", (), ("cite", "phase:Yazd/AMF/2", "S3", "D1")),
    ("uncitation of a record", (), ("uncite", "phase:Yazd/AMF/2", "S1")),
    ("citation of a session date", (), ("cite", "session-end:AMF/general-assembly/1", "S1")),
    ("citation of a name", (), ("cite", "city-name:Yazd/fa", "S1", "S2")),
    (
        "uncitation of a name",
        (("cite", "city-name:Yazd/fa", "S1", "S2"),),
        ("uncite", "city-name:Yazd/fa", "S2"),
    ),
    ("setting insert", (), ("setting", "set", "sources", "required")),
    (
        "setting update",
        (("setting", "set", "sources", "required"),),
        ("setting", "set", "sources", "optional"),
    ),
]

BOOKKEEPING = ("updated_at", "updated_by", "version")


def _rows(db) -> dict[str, dict[tuple, dict]]:
    """Every row of every table but the audit log, by table and primary key, as a dict of
    its columns."""
    from citylinks.model import Base

    engine = db.engine()
    found: dict[str, dict[tuple, dict]] = {}
    try:
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                if table.name == "audit_log":
                    continue
                keys = [c.name for c in table.primary_key.columns]
                found[table.name] = {
                    tuple(r[k] for k in keys): dict(r)
                    for r in conn.execute(table.select()).mappings()
                }
    finally:
        engine.dispose()
    return found


def _typed(db, args: tuple[str, ...]) -> list[str]:
    new = db.scalar("SELECT key FROM source ORDER BY id DESC")
    return [a.replace(NEW, new) for a in args]


def _change_id(db) -> str:
    return db.scalar("SELECT change_id FROM audit_log ORDER BY id DESC")


@pytest.mark.parametrize(("what", "setup", "command"), CHANGES, ids=[c[0] for c in CHANGES])
def test_undo_restores_every_row_exactly(seeded_db, what, setup, command):
    db = seeded_db
    for step in setup:
        done = run_cli(db, *_typed(db, step))
        assert done.exit_code == 0, (step, done.output)
    before = _rows(db)
    done = run_cli(db, "--as", "maryam", *_typed(db, command))
    assert done.exit_code == 0, done.output
    changed = _rows(db)
    assert changed != before
    change = _change_id(db)
    # What the change did to each row, in order (a row only deleted comes back exactly).
    actions: dict[tuple[str, int], list[str]] = {}
    for table, row_id, action in db.rows(
        "SELECT table_name, row_id, action FROM audit_log WHERE change_id = :c ORDER BY id",
        c=change,
    ):
        actions.setdefault((table, row_id), []).append(action)

    undone = run_cli(db, "--as", "reza", "undo", "--change", change)
    assert undone.exit_code == 0, undone.output
    after = _rows(db)

    for table, rows in before.items():
        # The same rows (no row missing, none left over, no new id) ...
        assert sorted(after[table]) == sorted(rows), table
        for key, row in rows.items():
            now = after[table][key]
            if now == row:
                continue
            # A row a removal removed comes back exactly, bookkeeping and all.
            diff = {k: (v, now[k]) for k, v in row.items() if now[k] != v}
            assert not ("delete" in what and actions.get((table, key[0])) == ["delete"]), diff
            # ... each exactly as it was, but for a row whose version moved on (the change
            # made a new version of it, or the undo did): its version never goes back.
            assert "version" in row, (table, key, row, now)
            assert now["version"] > row["version"], (table, key)
            assert now["updated_by"] in ("maryam", "reza"), (table, key)
            plain = {k: v for k, v in row.items() if k not in BOOKKEEPING}
            assert {k: v for k, v in now.items() if k not in BOOKKEEPING} == plain, (table, key)

    # The undo is logged as a change of its own: undoing it gives the change back.
    redone = run_cli(db, "--as", "reza", "undo", "--change", _change_id(db))
    assert redone.exit_code == 0, redone.output
    again = _rows(db)
    for table, rows in changed.items():
        assert sorted(again[table]) == sorted(rows), table
        for key, row in rows.items():
            plain = {k: v for k, v in row.items() if k not in BOOKKEEPING}
            assert {k: v for k, v in again[table][key].items() if k not in BOOKKEEPING} == plain


def test_undoing_a_change_to_a_name_makes_a_new_version_of_its_record(seeded_db):
    db = seeded_db
    version = db.scalar("SELECT version FROM city WHERE key = 'yazd'")
    assert run_cli(db, "--as", "maryam", "cite", "city-name:Yazd/fa", "S2").exit_code == 0
    undone = run_cli(db, "--as", "reza", "undo", "--change", _change_id(db))
    assert undone.exit_code == 0, undone.output
    assert db.rows("SELECT version, updated_by FROM city WHERE key = 'yazd'") == [
        (version + 2, "reza")
    ]
    # An officer holding the version the citation made is refused, as after any change.
    stale = run_cli(db, "cite", "city-name:Yazd/fa", "S2", "--expect-version", str(version + 1))
    assert stale.exit_code == 1 and "city 'yazd' was changed by reza" in stale.stderr
