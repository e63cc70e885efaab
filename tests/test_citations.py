"""`citylinks cite` and `citylinks uncite` (any recorded fact, one REF grammar), the sourcing
policy (a warning for a fact recorded without a source; a refusal where the office requires
sources) and `citylinks setting`."""

from __future__ import annotations

import json

import pytest
from conftest import new_database, run_cli, table_snapshot

# Each kind of fact: the REF an officer types (with {id} for the row id), its table, and the
# SQL that finds the row cited.
KINDS = {
    "phase": (
        "phase:Yazd/AMF/2",
        "membership_phase",
        "SELECT p.id FROM membership_phase p JOIN membership m ON m.id = p.membership_id"
        " JOIN city c ON c.id = m.city_id JOIN organization o ON o.id = m.organization_id"
        " WHERE c.key = 'yazd' AND o.key = 'amf' AND p.position = 2",
    ),
    "session": (
        "session:AMF/general-assembly/1",
        "session",
        "SELECT s.id FROM session s JOIN meeting_series ms ON ms.id = s.series_id"
        " WHERE ms.key = 'general-assembly' AND s.number = 1",
    ),
    "city": ("city:یزد", "city", "SELECT id FROM city WHERE key = 'yazd'"),
    "org": ("org:AMF", "organization", "SELECT id FROM organization WHERE key = 'amf'"),
    "person": ("person:amrollahi", "person", "SELECT id FROM person WHERE key = 'amrollahi'"),
    "post": ("post:{id}", "post", "SELECT MIN(id) FROM post"),
    "role": ("role:{id}", "role", "SELECT MIN(id) FROM role"),
    "count": ("count:{id}", "attendance_claim", "SELECT MIN(id) FROM attendance_claim"),
    "member-count": (
        "member-count:{id}",
        "member_count_claim",
        "SELECT MIN(id) FROM member_count_claim",
    ),
    "numbering": ("numbering:{id}", "session_numbering", "SELECT MIN(id) FROM session_numbering"),
    "motto": ("motto:{id}", "motto", "SELECT MIN(id) FROM motto"),
    "attendee": ("attendee:{id}", "attendance", "SELECT MIN(id) FROM attendance"),
    "designation": ("designation:{id}", "designation", "SELECT MIN(id) FROM designation"),
    "TABLE#ID": ("role#{id}", "role", "SELECT MAX(id) FROM role"),
}


def _cited(db, table: str, row_id: int) -> list[str]:
    return sorted(
        key
        for (key,) in db.rows(
            f"SELECT s.key FROM {table}_source l JOIN source s ON s.id = l.source_id"
            f" WHERE l.{table}_id = :id",
            id=row_id,
        )
    )


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _last_entry(db, table: str, row_id: int) -> tuple:
    """The newest log entry of a row: action, before, after, reason."""
    action, before, after, reason = db.rows(
        "SELECT action, before, after, reason FROM audit_log"
        " WHERE table_name = :t AND row_id = :id ORDER BY id DESC",
        t=table,
        id=row_id,
    )[0]
    return action, _json(before), _json(after), reason


def _version(db, table: str, row_id: int) -> int:
    return db.scalar(f"SELECT version FROM {table} WHERE id = :id", id=row_id)


@pytest.mark.parametrize("kind", list(KINDS))
def test_cite_and_uncite_each_kind_of_fact(seeded_cli, seeded_db, kind):
    typed, table, find = KINDS[kind]
    row_id = seeded_db.scalar(find)
    ref = typed.format(id=row_id)
    before = _cited(seeded_db, table, row_id)
    keys = sorted(k for (k,) in seeded_db.rows("SELECT key FROM source"))
    new = next(k for k in keys if k not in before)
    version = _version(seeded_db, table, row_id)

    cited = seeded_cli("cite", ref, new, "--reason", "the release names it too")
    assert cited.exit_code == 0, cited.output
    assert cited.stdout.startswith(f"cited {new}: ")
    assert _cited(seeded_db, table, row_id) == sorted([*before, new])
    assert _version(seeded_db, table, row_id) == version + 1
    action, logged_before, logged_after, reason = _last_entry(seeded_db, table, row_id)
    assert action == "update" and reason == "the release names it too"
    assert sorted(logged_before["sources"]) == before
    assert sorted(logged_after["sources"]) == sorted([*before, new])

    uncited = seeded_cli("uncite", ref, new, "--expect-version", str(version + 1))
    assert uncited.exit_code == 0, uncited.output
    assert uncited.stdout.startswith(f"uncited {new}: ")
    assert _cited(seeded_db, table, row_id) == before
    action, logged_before, logged_after, _ = _last_entry(seeded_db, table, row_id)
    assert action == "update"
    assert sorted(logged_before["sources"]) == sorted([*before, new])
    assert sorted(logged_after["sources"]) == before


def test_the_canonical_ref_is_printed_and_works_again(seeded_cli):
    cited = seeded_cli("cite", "phase:يزد/مجمع شهرداران آسیایی/1", "S3")
    assert cited.exit_code == 0, cited.output
    assert cited.stdout.strip() == (
        "cited S3: Yazd in AMF, phase 1 (phase:yazd/amf/1) cites S0, S1, S3 (version 2)"
    )
    again = seeded_cli("uncite", "phase:yazd/amf/1", "S3")
    assert again.exit_code == 0, again.output


def test_a_sessions_start_and_end_dates_cite_their_own_sources(
    seeded_cli, seeded_db, backend, tmp_path, request
):
    session_id = seeded_db.scalar(KINDS["session"][2])
    session_sources = _cited(seeded_db, "session", session_id)
    start = seeded_cli(
        "cite", "session-start:AMF/general-assembly/1", "S3", "D1", "--reason", "gives the day"
    )
    assert start.exit_code == 0, start.output
    assert start.stdout.startswith(
        "cited S3, D1: the start date of AMF general-assembly 1, 2008-11-19"
        " (session-start:amf/general-assembly/1) cites "
    )
    end = seeded_cli("cite", "session-end:AMF/general-assembly/1", "S1")
    assert end.exit_code == 0, end.output
    rows = seeded_db.rows(
        "SELECT d.part, s.key FROM session_date_source d JOIN source s ON s.id = d.source_id"
        " WHERE d.session_id = :id ORDER BY d.part, s.key",
        id=session_id,
    )
    assert rows == [("end", "S1"), ("start", "D1"), ("start", "S3")]
    # The session's own sources are untouched; each change is logged on the session.
    assert _cited(seeded_db, "session", session_id) == session_sources
    assert _version(seeded_db, "session", session_id) == 3
    entries = seeded_db.rows(
        "SELECT action, before, after, reason FROM audit_log"
        " WHERE table_name = 'session' AND row_id = :id ORDER BY id DESC",
        id=session_id,
    )[:2]
    (a1, b1, after1, r1), (a2, b2, after2, r2) = entries
    assert (a1, _json(b1), _json(after1), r1) == (
        "update",
        {"end_sources": []},
        {"end_sources": ["S1"]},
        None,
    )
    assert a2 == "update" and r2 == "gives the day"
    assert _json(b2) == {"start_sources": []}
    assert sorted(_json(after2)["start_sources"]) == ["D1", "S3"]

    # Carried through the dataset: export, load into an empty database, export again.
    exported = tmp_path / "with-dates.toml"
    assert seeded_cli("export", "dataset", "--output", str(exported)).exit_code == 0
    text = exported.read_text("utf-8")
    assert "start_sources = [" in text and 'end_sources = [\n    "S1",\n]' in text
    other = new_database(backend, tmp_path, request)
    loaded = run_cli(other, "import", "dataset", str(exported))
    assert loaded.exit_code == 0, loaded.output
    assert "warning" not in loaded.stderr
    again = tmp_path / "again.toml"
    assert run_cli(other, "export", "dataset", "--output", str(again)).exit_code == 0
    assert again.read_text("utf-8") == text
    # Loading it again changes nothing.
    snapshot = table_snapshot(other)
    assert run_cli(other, "import", "dataset", str(exported)).exit_code == 0
    assert table_snapshot(other) == snapshot

    uncited = seeded_cli("uncite", "session-start:AMF/general-assembly/1", "D1")
    assert uncited.exit_code == 0, uncited.output
    assert seeded_db.rows(
        "SELECT s.key FROM session_date_source d JOIN source s ON s.id = d.source_id"
        " WHERE d.session_id = :id AND d.part = 'start'",
        id=session_id,
    ) == [("S3",)]


def test_dry_run_shows_the_change_and_writes_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    for args in (
        ("cite", "phase:Yazd/AMF/2", "S3", "--dry-run"),
        ("uncite", "phase:Yazd/AMF/2", "S1", "--dry-run"),
        ("cite", "session-start:AMF/general-assembly/1", "S3", "--dry-run"),
        ("setting", "set", "sources", "required", "--dry-run"),
    ):
        result = seeded_cli(*args)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("dry run, would ")
        assert "dry run: nothing was written; 1 change would be made:" in result.stderr
    assert table_snapshot(seeded_db) == before


def test_refusals_are_one_line_and_change_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    forms = "phase:CITY/ORG/N"
    for args, expected in (
        (("cite", "Yazd", "S1"), "'Yazd' is not a fact citylinks knows: name a fact as one of"),
        (("cite", "planet:Mars", "S1"), "'planet:Mars' is not a fact citylinks knows"),
        (("cite", "membership#1", "S1"), "names a table whose rows cite no sources"),
        (("cite", "phase:Yazd/AMF", "S1"), "is not phase:CITY/ORG/N"),
        (("cite", "session:AMF/1", "S1"), "is not ORG/SERIES/N"),
        (("cite", "phase:Yazd/AMF/9", "S1"), "Yazd has no phase 9 in AMF (its phases: 1, 2, 3)"),
        (("cite", "post:999999", "S1"), "there is no post 999999"),
        (("cite", "post:x", "S1"), "give the record's id, a whole number"),
        (("cite", "name:Yazd", "S1"), "say whose name it is: city-name:CITY/LANG/NAME"),
        (("cite", "city-name:Yazd/de", "S1"), "Yazd has no name de (its names: "),
        (("cite", "phase:Yazd/AMF/2", "S1"), "already cites S1: nothing to change"),
        (("cite", "phase:Yazd/AMF/2", "NOPE"), "no source with key 'NOPE'"),
        (
            ("uncite", "phase:Yazd/AMF/2", "S3"),
            "phase:yazd/amf/2 (Yazd in AMF, phase 2) does not cite S3 (it cites S0, S1):"
            " nothing was removed",
        ),
        (("cite", "phase:Yazd/AMF/2", "S3", "--expect-version", "7"), "no version 7"),
    ):
        result = seeded_cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
        assert expected in lines[0], (args, lines[0])
        if "is not a fact" in expected:
            assert forms in lines[0] and "TABLE#ID" in lines[0]
    assert table_snapshot(seeded_db) == before


def _name_id(db, lang: str) -> int:
    return db.scalar(
        "SELECT n.id FROM city_name n JOIN city c ON c.id = n.city_id"
        " WHERE c.key = 'yazd' AND n.lang = :lang",
        lang=lang,
    )


def test_a_name_cites_sources_of_its_own(seeded_cli, seeded_db):
    fa = _name_id(seeded_db, "fa")
    city = seeded_db.scalar("SELECT id FROM city WHERE key = 'yazd'")
    version = _version(seeded_db, "city", city)
    # Named by the record, the language and (when there are several) the name itself.
    cited = seeded_cli("--as", "reza", "cite", "city-name:یزد/FA", "S3", "--reason", "S3 spells it")
    assert cited.exit_code == 0, cited.output
    assert cited.stdout.strip() == (
        f"cited S3: Yazd's name یزد (fa) (city-name:yazd/fa/یزد) cites S3 (version {version + 1})"
    )
    assert _cited(seeded_db, "city_name", fa) == ["S3"]
    # The record it names has a new version, against which --expect-version is checked.
    assert _version(seeded_db, "city", city) == version + 1
    action, before, after, reason = _last_entry(seeded_db, "city_name", fa)
    assert (action, before, after, reason) == (
        "update",
        {"sources": []},
        {"sources": ["S3"]},
        "S3 spells it",
    )
    log = seeded_cli("log", "--table", "city_name", "--format", "json")
    shown = json.loads(log.stdout)[-1]
    assert "Yazd's name یزد (fa)" in json.dumps(shown, ensure_ascii=False)

    before_stale = table_snapshot(seeded_db)
    stale = seeded_cli("uncite", f"city_name#{fa}", "S3", "--expect-version", str(version))
    assert stale.exit_code == 1
    assert "city 'yazd' was changed by reza" in stale.stderr
    # A source a name cites is not removed from under it.
    removed = seeded_cli("source", "remove", "S3")
    assert removed.exit_code == 1 and "S3 is cited by" in removed.stderr
    assert table_snapshot(seeded_db) == before_stale

    uncited = seeded_cli("uncite", f"city_name#{fa}", "S3", "--expect-version", str(version + 1))
    assert uncited.exit_code == 0, uncited.output
    assert _cited(seeded_db, "city_name", fa) == []
    # A name citing nothing is no unsourced fact: its record's sources back it.
    check = seeded_cli("check", "--format", "json")
    assert "city_name" not in check.stdout


def test_a_names_citations_survive_a_city_merge(seeded_cli, seeded_db):
    assert (
        seeded_cli("city", "add", "Kashan", "--country", "IR", "--name", "fa=کاشان").exit_code == 0
    )
    made = seeded_cli("city", "add", "Kashaan", "--country", "IR", "--name", "fa=کاشان", "--force")
    assert made.exit_code == 0, made.output
    assert seeded_cli("cite", "city-name:kashaan/fa", "S2").exit_code == 0
    merged = seeded_cli("city", "merge", "Kashan", "Kashaan")
    assert merged.exit_code == 0, merged.output
    # Kashaan's Persian name was Kashan's already: dropped, its citation kept on Kashan's.
    kept = seeded_db.scalar(
        "SELECT n.id FROM city_name n JOIN city c ON c.id = n.city_id"
        " WHERE c.key = 'kashan' AND n.lang = 'fa'"
    )
    assert _cited(seeded_db, "city_name", kept) == ["S2"]


def test_a_stale_version_names_who_changed_the_fact(seeded_cli, seeded_db):
    role = seeded_db.scalar("SELECT MIN(id) FROM role")
    new = next(
        k
        for (k,) in seeded_db.rows("SELECT key FROM source")
        if k not in _cited(seeded_db, "role", role)
    )
    assert seeded_cli("--as", "reza", "cite", f"role:{role}", new).exit_code == 0
    before = table_snapshot(seeded_db)
    stale = seeded_cli("uncite", f"role:{role}", new, "--expect-version", "1")
    assert stale.exit_code == 1
    assert "was changed by reza" in stale.stderr and "(version 1, now 2)" in stale.stderr
    assert table_snapshot(seeded_db) == before


def test_help_documents_the_forms_of_a_ref(seeded_cli):
    shown = seeded_cli("cite", "--help").stdout
    assert shown.splitlines()[0] == "Usage: citylinks cite [OPTIONS] REF SOURCE..."
    for form in (
        "phase:CITY/ORG/N",
        "session:ORG/SERIES/N",
        "session-start:ORG/SERIES/N",
        "city:CITY",
        "city-name:CITY/LANG/NAME",
        "org-name:ORG/LANG/NAME",
        "person-name:PERSON/LANG/NAME",
        "post:ID",
        "TABLE#ID",
        "--expect-version N",
        "--reason TEXT",
        "--dry-run",
    ):
        assert form in shown, form


# --- the sourcing policy ---------------------------------------------------------------------


def test_a_fact_recorded_without_a_source_warns_how_to_cite_it(seeded_cli, seeded_db):
    recorded = seeded_cli("member", "record", "Yazd", "AMF", "suspended", "--from", "2026-03")
    assert recorded.exit_code == 0, recorded.output
    assert recorded.stderr.strip() == (
        "warning: Yazd in AMF, phase 4 was recorded without a source: cite it later with"
        " `citylinks cite phase:yazd/amf/4 KEY` (see `citylinks source list`)"
    )
    # The command the warning names works as typed.
    cited = seeded_cli("cite", "phase:yazd/amf/4", "S1")
    assert cited.exit_code == 0, cited.output
    assert cited.stderr == ""

    city = seeded_cli("city", "add", "Kashan", "--country", "IR")
    assert city.exit_code == 0, city.output
    assert "`citylinks cite city:kashan KEY`" in city.stderr
    sourced = seeded_cli("city", "add", "Nain", "--country", "IR", "--source", "S0")
    assert sourced.exit_code == 0 and sourced.stderr == ""


def test_an_import_of_many_unsourced_records_warns_in_one_line(seeded_cli, seeded_db, tmp_path):
    rows = "\n".join(f"Town{i},IR,town{i}" for i in range(30))
    csv_file = tmp_path / "towns.csv"
    csv_file.write_text(f"city,country,key\n{rows}\n", "utf-8")
    result = seeded_cli("import", "csv", "cities", str(csv_file))
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        "warning: 30 facts were recorded without a source (30 cities): cite each later with"
        " `citylinks cite REF KEY`, e.g. `citylinks cite city:town0 KEY`"
    )


def test_required_sources_refuse_unsourced_writes_until_turned_off(seeded_cli, seeded_db, tmp_path):
    shown = seeded_cli("setting", "show")
    assert shown.stdout.startswith("sources: optional (the default)\n")
    turned_on = seeded_cli("setting", "set", "sources", "required", "--reason", "office rule")
    assert turned_on.exit_code == 0, turned_on.output
    assert turned_on.stdout.strip() == "set sources: optional -> required"
    assert seeded_db.rows("SELECT key, value, version FROM setting") == [("sources", "required", 1)]
    action, _, after, reason = _last_entry(
        seeded_db, "setting", seeded_db.scalar("SELECT id FROM setting")
    )
    assert (action, after, reason) == (
        "insert",
        {"key": "sources", "value": "required"},
        "office rule",
    )
    assert seeded_cli("setting", "show", "sources").stdout.startswith(
        "sources: required (version 1)"
    )

    before = table_snapshot(seeded_db)
    refused = seeded_cli("member", "record", "Yazd", "AMF", "suspended", "--from", "2026-03")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "Error: sources are required in this database, and Yazd in AMF, phase 4"
        " (phase:yazd/amf/4) cites none: give each fact its sources (--source KEY; a file's"
        " `sources`), or turn the rule off with `citylinks setting set sources optional`"
    )
    csv_file = tmp_path / "towns.csv"
    csv_file.write_text("city,country\nTown1,IR\nTown2,IR\n", "utf-8")
    bulk = seeded_cli("import", "csv", "cities", str(csv_file))
    assert bulk.exit_code == 1
    assert "2 facts cite none, e.g. Town1 (city:town1)" in bulk.stderr
    role = seeded_db.scalar("SELECT MIN(id) FROM role")
    last = seeded_cli("uncite", f"role#{role}", *_cited(seeded_db, "role", role))
    assert last.exit_code == 1 and "sources are required in this database" in last.stderr
    assert table_snapshot(seeded_db) == before
    # A name is sourced through its record: its own last source may go.
    assert seeded_cli("cite", "city-name:Yazd/fa", "S1").exit_code == 0
    name = seeded_cli("uncite", "city-name:Yazd/fa", "S1")
    assert name.exit_code == 0, name.output

    sourced = seeded_cli(
        "member", "record", "Yazd", "AMF", "suspended", "--from", "2026-03", "--source", "S1"
    )
    assert sourced.exit_code == 0 and sourced.stderr == ""

    turned_off = seeded_cli("setting", "set", "sources", "optional", "--expect-version", "1")
    assert turned_off.exit_code == 0, turned_off.output
    action, logged_before, after, _ = _last_entry(
        seeded_db, "setting", seeded_db.scalar("SELECT id FROM setting")
    )
    assert (action, logged_before, after) == (
        "update",
        {"value": "required"},
        {"value": "optional"},
    )
    again = seeded_cli("member", "record", "Yazd", "AMF", "withdrawn", "--from", "2026-06")
    assert again.exit_code == 0
    assert again.stderr.startswith("warning: Yazd in AMF, phase 5 was recorded without a source")


def test_setting_refusals_are_one_line(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    for args, expected in (
        (("setting", "set", "colour", "red"), "there is no setting 'colour': the settings are"),
        (("setting", "set", "sources", "always"), "use one of optional, required"),
        (("setting", "set", "sources", "optional"), "already optional (the default)"),
        (("setting", "show", "colour"), "there is no setting 'colour'"),
        (("setting", "set", "sources", "required", "--expect-version", "3"), "never set"),
    ):
        result = seeded_cli(*args)
        assert result.exit_code == 1, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], (args, result.stderr)
    assert table_snapshot(seeded_db) == before


def test_a_dataset_import_follows_the_policy_too(seeded_cli, seeded_db, tmp_path):
    dataset = tmp_path / "more.toml"
    dataset.write_text(
        'format = "citylinks-dataset/1"\n\n'
        '[[city]]\nkey = "kashan"\ncountry = "IR"\n'
        '[[city.names]]\nlang = "en"\nname = "Kashan"\n',
        "utf-8",
    )
    assert seeded_cli("setting", "set", "sources", "required").exit_code == 0
    before = table_snapshot(seeded_db)
    refused = seeded_cli("import", "dataset", str(dataset))
    assert refused.exit_code == 1
    assert "Kashan (city:kashan) cites none" in refused.stderr
    assert table_snapshot(seeded_db) == before
    assert seeded_cli("setting", "set", "sources", "optional").exit_code == 0
    loaded = seeded_cli("import", "dataset", str(dataset))
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stderr.strip() == (
        "warning: Kashan was recorded without a source: cite it later with"
        " `citylinks cite city:kashan KEY` (see `citylinks source list`)"
    )


def _date_citations(db) -> list[tuple]:
    return sorted(
        db.rows(
            "SELECT d.session_id, d.part, s.key FROM session_date_source d"
            " JOIN source s ON s.id = d.source_id"
        )
    )


def test_a_session_date_citation_is_undone_and_moves_with_a_source_merge(seeded_cli, seeded_db):
    """A session date's own citations are facts like any other: `undo` takes one back, a
    source that a date cites is not removed, and a merge moves the date's citation."""
    before = table_snapshot(seeded_db)
    assert seeded_cli("cite", "session-start:AMF/general-assembly/1", "S1").exit_code == 0
    entry = seeded_db.scalar("SELECT MAX(id) FROM audit_log")
    undone = seeded_cli("undo", str(entry))
    assert undone.exit_code == 0, undone.output
    after = table_snapshot(seeded_db)
    assert after["session_date_source"] == before["session_date_source"]

    added = seeded_cli(
        "source", "add", "--kind", "report", "--title", "A copy of the release",
        "--publisher", "Yazd Municipality", "--url",
        "https://example.org/copy",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    copy = seeded_db.scalar("SELECT key FROM source ORDER BY id DESC LIMIT 1")
    assert seeded_cli("cite", "session-end:AMF/general-assembly/1", copy).exit_code == 0
    kept = table_snapshot(seeded_db)
    refused = seeded_cli("source", "remove", copy)
    assert refused.exit_code == 1
    assert "the end date of AMF general-assembly 1" in refused.stderr, refused.stderr
    assert table_snapshot(seeded_db) == kept

    merged = seeded_cli("source", "merge", "S1", copy, "--reason", "the same release")
    assert merged.exit_code == 0, merged.output
    session_id = seeded_db.scalar(
        "SELECT s.id FROM session s JOIN meeting_series m ON m.id = s.series_id"
        " WHERE m.key = 'general-assembly' AND s.number = 1"
    )
    assert (session_id, "end", "S1") in _date_citations(seeded_db)
    assert copy not in {key for _, _, key in _date_citations(seeded_db)}
    logged = seeded_db.rows(
        "SELECT before, after FROM audit_log WHERE table_name = 'session' ORDER BY id DESC LIMIT 1"
    )
    assert "end_sources" in str(logged), logged
