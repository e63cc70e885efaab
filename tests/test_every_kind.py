"""Every kind of record, through its whole life as an officer corrects it: recorded, edited,
cited, uncited, and removed (or retracted), each step checked in the stored rows and in the
entry the log keeps of it (action, officer, values before and after, reason).

One table drives it (KINDS): for each kind, the commands of each step and the SQL that finds
the row. A kind that cites no sources of its own (a country, a meeting series, a source) skips
the citation steps; a kind with no edit of its own (a name: it is added and removed) skips
the edit."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from conftest import run_cli

GA = ("--series", "general-assembly")


@dataclass(frozen=True)
class Kind:
    table: str
    # Commands run first, whose rows the record step needs (a city for a phase, ...).
    setup: tuple[tuple[str, ...], ...]
    record: tuple[str, ...]
    find: str  # SQL giving the recorded row's id
    edit: tuple[str, ...] | None  # {id} is the row's id
    edited: tuple[str, object, object] | None  # column, value before the edit, value after
    ref: str | None  # how `cite` names it ({id}); None: it cites no sources of its own
    remove: tuple[str, ...]
    # The row's sources right after the record step (a command that requires --source).
    recorded_sources: tuple[str, ...] = ()
    retract: bool = False  # the last step retracts (the row stays, marked) instead
    # SQL giving what the commands type for {key} (the key the record step printed).
    key: str | None = None


KASHAN = ("city", "add", "Kashan", "--country", "IR", "--name", "fa=کاشان")
SESSION_9 = ("session", "add", "AMF", "9", *GA, "--from", "2030", "--host", "Yazd")
PERSON = ("person", "add", "Ali Testi", "--name", "fa=علی تستی")

KINDS: dict[str, Kind] = {
    "country": Kind(
        "country",
        (),
        ("country", "add", "FR", "--name", "France"),
        "SELECT id FROM country WHERE code = 'FR'",
        ("country", "edit", "FR", "--name", "fa=فرانسه"),
        ("name_fa", None, "فرانسه"),
        None,
        ("country", "remove", "FR"),
    ),
    "city": Kind(
        "city",
        (),
        KASHAN,
        "SELECT id FROM city WHERE key = 'kashan'",
        ("city", "edit", "Kashan", "--region", "Isfahan Province"),
        ("region", None, "Isfahan Province"),
        "city:Kashan",
        ("city", "remove", "Kashan"),
    ),
    "city name": Kind(
        "city_name",
        (),
        ("city", "edit", "Yazd", "--add-name", "de=Jasd"),
        "SELECT id FROM city_name WHERE name = 'Jasd'",
        None,
        None,
        "city-name:Yazd/de/Jasd",
        ("city", "edit", "Yazd", "--remove-name", "Jasd"),
    ),
    "organization name": Kind(
        "organization_name",
        (),
        ("org", "edit", "AMF", "--add-name", "de=Asiatisches Bürgermeisterforum"),
        "SELECT id FROM organization_name WHERE lang = 'de'",
        None,
        None,
        "org-name:AMF/de",
        ("org", "edit", "AMF", "--remove-name", "Asiatisches Bürgermeisterforum"),
    ),
    "person name": Kind(
        "person_name",
        (PERSON,),
        ("person", "edit", "ali-testi", "--add-name", "de=Ali Testi-Deutsch"),
        "SELECT id FROM person_name WHERE lang = 'de'",
        None,
        None,
        "person-name:ali-testi/de/Ali Testi-Deutsch",
        ("person", "edit", "ali-testi", "--remove-name", "Ali Testi-Deutsch"),
    ),
    "organization (committee)": Kind(
        "organization",
        (),
        ("org", "committee", "add", "AMF", "Water Committee"),
        "SELECT id FROM organization WHERE key = 'amf-water-committee'",
        ("org", "committee", "edit", "AMF", "amf-water-committee", "--note", "on rivers"),
        ("note", None, "on rivers"),
        "org:amf-water-committee",
        ("org", "committee", "remove", "AMF", "amf-water-committee"),
    ),
    "person": Kind(
        "person",
        (),
        PERSON,
        "SELECT id FROM person WHERE key = 'ali-testi'",
        ("person", "edit", "ali-testi", "--key", "testi"),
        ("key", "ali-testi", "testi"),
        "person:testi",
        ("person", "remove", "testi"),
    ),
    "source": Kind(
        "source",
        (),
        (
            "source",
            "add",
            "--title",
            "A release",
            "--publisher",
            "Kashan",
            "--kind",
            "news-release",
        ),
        "SELECT MAX(id) FROM source",
        ("source", "edit", "{key}", "--title", "A corrected release"),
        ("title", "A release", "A corrected release"),
        None,
        ("source", "remove", "{key}"),
        key="SELECT key FROM source WHERE id = :id",
    ),
    "membership phase": Kind(
        "membership_phase",
        (KASHAN,),
        ("member", "record", "Kashan", "AMF", "member", "--from", "2020"),
        "SELECT p.id FROM membership_phase p JOIN membership m ON m.id = p.membership_id"
        " JOIN city c ON c.id = m.city_id WHERE c.key = 'kashan'",
        ("member", "edit", "Kashan", "AMF", "1", "--note", "from the mayor's letter"),
        ("note", None, "from the mayor's letter"),
        "phase:Kashan/AMF/1",
        ("member", "remove", "Kashan", "AMF", "1"),
    ),
    "membership phase (retracted)": Kind(
        "membership_phase",
        (KASHAN,),
        ("member", "record", "Kashan", "AMF", "member", "--from", "2020"),
        "SELECT p.id FROM membership_phase p JOIN membership m ON m.id = p.membership_id"
        " JOIN city c ON c.id = m.city_id WHERE c.key = 'kashan'",
        ("member", "edit", "Kashan", "AMF", "1", "--status", "observer"),
        ("status", "member", "observer"),
        "phase:Kashan/AMF/1",
        ("member", "retract", "Kashan", "AMF", "1"),
        retract=True,
    ),
    "post": Kind(
        "post",
        (KASHAN, PERSON),
        ("post", "add", "ali-testi", "Mayor", "--city", "Kashan", "--from", "2020"),
        "SELECT MAX(id) FROM post",
        ("post", "edit", "#{id}", "--title", "Acting Mayor"),
        ("title", "Mayor", "Acting Mayor"),
        "post:{id}",
        ("post", "remove", "#{id}"),
    ),
    "role": Kind(
        "role",
        (KASHAN,),
        ("role", "add", "Kashan", "AMF", "treasurer", "--from", "2021"),
        "SELECT MAX(id) FROM role",
        ("role", "edit", "#{id}", "--note", "elected unopposed"),
        ("note", None, "elected unopposed"),
        "role:{id}",
        ("role", "remove", "#{id}"),
    ),
    "session": Kind(
        "session",
        (),
        SESSION_9,
        "SELECT s.id FROM session s JOIN meeting_series ms ON ms.id = s.series_id"
        " WHERE ms.key = 'general-assembly' AND s.number = 9",
        ("session", "edit", "AMF", "9", *GA, "--theme", "Water"),
        ("theme", None, "Water"),
        "session:AMF/general-assembly/9",
        ("session", "remove", "AMF", "9", *GA),
    ),
    "attendance": Kind(
        "attendance",
        (SESSION_9,),
        ("attend", "add", "AMF", "9", "Shiraz", *GA),
        "SELECT MAX(id) FROM attendance",
        ("attend", "edit", "AMF", "9", "Shiraz", *GA, "--note", "the mayor went"),
        ("note", None, "the mayor went"),
        "attendee:{id}",
        ("attend", "remove", "AMF", "9", "Shiraz", *GA),
    ),
    "count": Kind(
        "attendance_claim",
        (SESSION_9,),
        ("attend", "count", "add", "AMF", "9", "40", *GA, "--source", "S1"),
        "SELECT MAX(id) FROM attendance_claim",
        ("attend", "count", "edit", "AMF", "9", "#{id}", *GA, "--count", "41"),
        ("number", 40, 41),
        "count:{id}",
        ("attend", "count", "remove", "AMF", "9", "#{id}", *GA),
        recorded_sources=("S1",),
    ),
    "numbering": Kind(
        "session_numbering",
        (SESSION_9,),
        ("session", "numbering", "add", "AMF", "9", "--as", "10", *GA, "--source", "S1"),
        "SELECT MAX(id) FROM session_numbering",
        ("session", "numbering", "edit", "AMF", "9", "#{id}", *GA, "--as", "11"),
        ("number", 10, 11),
        "numbering:{id}",
        ("session", "numbering", "remove", "AMF", "9", "#{id}", *GA),
        recorded_sources=("S1",),
    ),
    "motto": Kind(
        "motto",
        (),
        ("org", "motto", "add", "AMF", "Cities together", "--lang", "en", "--source", "S1"),
        "SELECT MAX(id) FROM motto",
        ("org", "motto", "edit", "AMF", "#{id}", "--text", "Cities, together"),
        ("text", "Cities together", "Cities, together"),
        "motto:{id}",
        ("org", "motto", "remove", "AMF", "#{id}"),
        recorded_sources=("S1",),
    ),
    "series": Kind(
        "meeting_series",
        (),
        ("org", "series", "add", "AMF", "summit", "--name", "Summit"),
        "SELECT MAX(id) FROM meeting_series",
        ("org", "series", "edit", "AMF", "summit", "--name", "AMF Summit"),
        ("name_en", "Summit", "AMF Summit"),
        None,
        ("org", "series", "remove", "AMF", "summit"),
    ),
}


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _entries(db, table: str, row_id: int) -> list[tuple]:
    """The log's entries of a row, oldest first: action, officer, before, after, reason."""
    return [
        (action, officer, _json(before), _json(after), reason)
        for action, officer, before, after, reason in db.rows(
            "SELECT action, officer, before, after, reason FROM audit_log"
            " WHERE table_name = :t AND row_id = :id ORDER BY id",
            t=table,
            id=row_id,
        )
    ]


def _cited(db, table: str, row_id: int) -> list[str]:
    return sorted(
        key
        for (key,) in db.rows(
            f"SELECT s.key FROM {table}_source l JOIN source s ON s.id = l.source_id"
            f" WHERE l.{table}_id = :id",
            id=row_id,
        )
    )


def _run(db, officer: str, args: tuple[str, ...], kind: Kind, row_id: int | None, reason=None):
    if row_id is None:
        typed = list(args)
    else:
        key = db.scalar(kind.key, id=row_id) if kind.key else None
        typed = [a.format(id=row_id, key=key) for a in args]
    extra = ["--reason", reason] if reason else []
    if typed[:2] == ["member", "retract"]:
        extra = ["--reason", reason or "recorded from a rumour"]
    result = run_cli(db, "--as", officer, *typed, *extra)
    assert result.exit_code == 0, (typed, result.output)
    return result


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kind_is_recorded_edited_cited_uncited_and_removed(seeded_db, name):
    kind = KINDS[name]
    db = seeded_db
    for step in kind.setup:
        assert run_cli(db, *step).exit_code == 0, step

    # Recorded: the row is there, and its insert is logged by the officer who typed it.
    _run(db, "maryam", kind.record, kind, None)
    row_id = db.scalar(kind.find)
    assert row_id is not None
    logged = _entries(db, kind.table, row_id)
    assert [(a, o) for a, o, *_ in logged] == [("insert", "maryam")]
    assert logged[0][2] is None and logged[0][3]
    if kind.table in ("city_name", "organization_name", "person_name"):
        # A name is logged with its text, the record it names and its (lack of) sources.
        assert logged[0][3]["lang"] == "de" and logged[0][3]["sources"] == []
    if kind.table not in ("country", "meeting_series", "source"):
        assert _cited(db, kind.table, row_id) == sorted(kind.recorded_sources)

    # Edited: the column changed, the log says before and after, with the officer's reason.
    if kind.edit is not None:
        assert kind.edited is not None
        column, was, now = kind.edited
        assert db.scalar(f"SELECT {column} FROM {kind.table} WHERE id = :id", id=row_id) == was
        _run(db, "reza", kind.edit, kind, row_id, reason="the release says so")
        stored = db.scalar(f"SELECT {column} FROM {kind.table} WHERE id = :id", id=row_id)
        assert stored == now
        action, officer, before, after, reason = _entries(db, kind.table, row_id)[-1]
        assert (action, officer, reason) == ("update", "reza", "the release says so")
        assert before[column] == was and after[column] == now

    # Cited and uncited: the citation rows and an update entry of the sources each time.
    if kind.ref is not None:
        ref = kind.ref.format(id=row_id)
        had = sorted(kind.recorded_sources)
        _run(db, "maryam", ("cite", ref, "S2"), kind, row_id, reason="S2 names it")
        assert _cited(db, kind.table, row_id) == sorted([*had, "S2"])
        action, officer, before, after, reason = _entries(db, kind.table, row_id)[-1]
        assert (action, officer, reason) == ("update", "maryam", "S2 names it")
        assert sorted(before["sources"]) == had and sorted(after["sources"]) == sorted([*had, "S2"])
        _run(db, "maryam", ("uncite", ref, "S2"), kind, row_id)
        assert _cited(db, kind.table, row_id) == had
        action, _, before, after, _ = _entries(db, kind.table, row_id)[-1]
        assert action == "update" and "S2" in before["sources"] and after["sources"] == had

    # Removed (the row is gone and its last values are in the log), or retracted (the row
    # stays, marked, with the reason).
    _run(db, "reza", kind.remove, kind, row_id, reason="recorded from a rumour")
    action, officer, before, after, reason = _entries(db, kind.table, row_id)[-1]
    assert (officer, reason) == ("reza", "recorded from a rumour")
    if kind.retract:
        retracted, why = db.rows(
            f"SELECT retracted_at, retraction_reason FROM {kind.table} WHERE id = :id", id=row_id
        )[0]
        assert retracted is not None and why == "recorded from a rumour"
        assert action == "update" and before["retracted_at"] is None
        assert after["retraction_reason"] == "recorded from a rumour"
    else:
        assert db.scalar(f"SELECT COUNT(*) FROM {kind.table} WHERE id = :id", id=row_id) == 0
        assert action == "delete" and after is None
        if kind.edited is not None:
            column, _, now = kind.edited
            assert before[column] == now
        if kind.ref is not None:
            assert sorted(before["sources"]) == sorted(kind.recorded_sources)
            assert _cited(db, kind.table, row_id) == []
