"""The one-row adds written with Core statements (services.recording): `city add`, `person
add`, `source add`, `org add` and `org committee add` import neither SQLAlchemy's ORM nor the mapped classes, and what they store, log and
print is what every other door shows: the rows, their citations, one audit entry per row with
its label and values, what `log` and `undo` do with them, the sourcing policy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import run_cli, run_fa, table_snapshot
from sqlalchemy import select

from citylinks import schema

_HEAVY = ("sqlalchemy.orm", "citylinks.model", "alembic", "platformdirs")


@pytest.fixture(scope="module")
def bundled_file(tmp_path_factory) -> str:
    db = tmp_path_factory.mktemp("w17") / "amf.sqlite"
    seeded = subprocess.run(
        [sys.executable, "-m", "citylinks", "--db", str(db), "seed"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert seeded.returncode == 0, seeded.stderr
    return str(db)


def _run_watching(argv: list[str]) -> tuple[int, str, str, list[str]]:
    """`citylinks ARGV` in a new process: exit code, output, errors, and which of the heavy
    modules it imported."""
    code = (
        "import json, sys\n"
        "sys.argv = ['citylinks', *json.loads(sys.argv[1])]\n"
        "from citylinks.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    status = exc.code\n"
        "else:\n"
        "    status = 0\n"
        f"watched = {_HEAVY!r}\n"
        "found = sorted({w for w in watched for m in sys.modules if m == w or m.startswith(w + '.')})\n"
        "print(json.dumps([status, found]), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(argv)], capture_output=True, text=True, timeout=120
    )
    *errors, last = done.stderr.strip().splitlines()
    status, found = json.loads(last)
    return status or 0, done.stdout, "\n".join(errors), found


@pytest.mark.parametrize(
    "argv,shown",
    [
        (["city", "add", "Coreville", "--country", "IR", "--dry-run"], "would record city"),
        (["city", "add", "Coreton", "--country", "IR", "--force"], "recorded city coreton"),
        (["city", "add", "Yazd", "--country", "IR"], "is recorded already"),
        (["person", "add", "Core Person", "--force"], "recorded person Core Person"),
        (["person", "add", "Someone Else Entirely", "--dry-run"], "would record person"),
        (
            ["source", "add", "--title", "Core", "--publisher", "P", "--kind", "web-page"],
            "recorded source S",
        ),
        (["source", "add", "--title", "Core 2", "--publisher", "P", "--dry-run"], "added: S"),
        (["org", "add", "CN", "--name", "Core Network", "--force"], "recorded organization CN"),
        (["org", "add", "AMF", "--name", "Other"], "is recorded already"),
        (["org", "committee", "add", "AMF", "Core Committee", "--dry-run"], "would record"),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else None,
)
def test_one_row_adds_write_without_importing_the_orm(bundled_file, argv, shown):
    status, stdout, stderr, loaded = _run_watching(["--db", bundled_file, *argv])
    assert shown in stdout + stderr
    assert status == (1 if "already" in shown else 0)
    assert loaded == []


def _entries(db, change_of: str) -> list[tuple]:
    log = schema.audit_log.c
    engine = db.engine()
    try:
        with engine.connect() as conn:
            change = conn.execute(
                select(log.change_id).where(log.row_label == change_of).order_by(log.id.desc())
            ).scalar()
            return [
                (r.action, r.table_name, r.row_label, r.before, r.after, r.officer)
                for r in conn.execute(
                    select(log).where(log.change_id == change).order_by(log.id)
                ).all()
            ]
    finally:
        engine.dispose()


def test_city_add_logs_each_row_as_the_log_names_it(seeded_cli, seeded_db):
    done = seeded_cli(
        "--as",
        "maryam",
        "city",
        "add",
        "Coreville",
        "--country",
        "IR",
        "--name",
        "fa=کورویل",
        "--id",
        "wikidata=Q424242",
        "--lat",
        "30.5",
        "--lon",
        "50.25",
        "--region",
        "Fars",
        "--source",
        "S2",
        "--source",
        "s1",
    )
    assert done.exit_code == 0, done.output
    assert done.stdout == "recorded city coreville: Coreville, IR\n"
    assert done.stderr == ""
    entries = _entries(seeded_db, "Coreville")
    assert [(a, t, label) for a, t, label, *_ in entries] == [
        ("insert", "city", "Coreville"),
        ("insert", "city_identifier", "Coreville's wikidata identifier Q424242"),
        ("insert", "city_name", "Coreville's name Coreville (en)"),
        ("insert", "city_name", "Coreville's name کورویل (fa)"),
    ]
    city = entries[0][4]
    assert city == {
        "key": "coreville",
        "country_id": city["country_id"],
        "region": "Fars",
        "latitude": 30.5,
        "longitude": 50.25,
        "sources": ["S2", "S1"],
    }
    assert entries[1][4] == {
        "city_id": entries[1][4]["city_id"],
        "scheme": "wikidata",
        "value": "Q424242",
    }
    assert entries[3][4]["sources"] == [] and entries[3][4]["position"] == 1
    assert {e[3] for e in entries} == {None} and {e[5] for e in entries} == {"maryam"}
    shown = seeded_cli("city", "show", "coreville")
    assert "wikidata" in shown.stdout and "S1" in shown.stdout and "S2" in shown.stdout
    log = seeded_cli("log", "-f", "json")
    records = [e["record"] for e in json.loads(log.stdout)]
    assert "Coreville's name کورویل (fa)" in records


def test_undo_of_a_city_add_removes_every_row_it_wrote(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    done = seeded_cli(
        "city", "add", "Undoville", "--country", "IR", "--id", "geonames=1", "--source", "S1"
    )
    assert done.exit_code == 0, done.output
    log = schema.audit_log.c
    engine = seeded_db.engine()
    try:
        with engine.connect() as conn:
            change = conn.execute(select(log.change_id).order_by(log.id.desc()).limit(1)).scalar()
    finally:
        engine.dispose()
    undone = seeded_cli("undo", "--change", change)
    assert undone.exit_code == 0, undone.output
    after = table_snapshot(seeded_db)
    assert {t: r for t, r in after.items() if t != "audit_log"} == {
        t: r for t, r in before.items() if t != "audit_log"
    }


def test_a_dry_run_lists_the_rows_in_the_interface_language_and_writes_nothing(seeded_db):
    before = table_snapshot(seeded_db)
    done = run_fa(
        seeded_db, "city", "add", "Coreville", "--country", "IR", "--id", "wikidata=Q1", "--dry-run"
    )
    assert done.exit_code == 0, done.output
    assert "شهر coreville ثبت می‌شد" in done.stdout
    assert "۳ تغییر انجام می‌شد" in done.stderr
    assert "شناسهٔ wikidata Coreville: Q1" in done.stderr
    assert table_snapshot(seeded_db) == before


def test_where_sources_are_required_an_unsourced_add_is_refused_whole(seeded_cli, seeded_db):
    assert seeded_cli("setting", "set", "sources", "required").exit_code == 0
    before = table_snapshot(seeded_db)
    for argv in (
        ("city", "add", "Coreville", "--country", "IR"),
        ("person", "add", "Core Person", "--force"),
    ):
        done = seeded_cli(*argv)
        assert done.exit_code == 1
        assert "sources are required in this database" in done.stderr
        assert table_snapshot(seeded_db) == before
    assert seeded_cli("person", "add", "Core Person", "--force", "--source", "S1").exit_code == 0


def test_a_refused_add_writes_nothing(seeded_cli, seeded_db):
    assert (
        seeded_cli("city", "add", "Idville", "--country", "IR", "--id", "wikidata=Q7").exit_code
        == 0
    )
    before = table_snapshot(seeded_db)
    for argv, said in (
        (
            ("city", "add", "Other", "--country", "IR", "--id", "wikidata=Q7"),
            "wikidata=Q7 is already the identifier of Idville, IR (key idville)",
        ),
        (
            ("city", "add", "Idvile", "--country", "IR"),
            "a city with a name like 'Idvile' is recorded already",
        ),
        (("person", "add", "Abdolmotahar Mohammadkhani"), "(key mohammadkhani)"),
        (("person", "add", "X", "--source", "NOPE"), "no source with key 'NOPE'"),
    ):
        done = seeded_cli(*argv)
        assert done.exit_code == 1, done.output
        assert said in done.stderr
        assert "Traceback" not in done.output
    assert table_snapshot(seeded_db) == before


def test_person_add_logs_the_person_and_each_name(seeded_db):
    done = run_cli(
        seeded_db,
        "person",
        "add",
        "Core Person",
        "--name",
        "fa=شخص هسته",
        "--source",
        "S1",
        "--force",
    )
    assert done.exit_code == 0, done.output
    assert done.stdout == "recorded person Core Person (key core-person)\n"
    entries = _entries(seeded_db, "Core Person")
    assert [(t, label, after) for _a, t, label, _b, after, _o in entries] == [
        ("person", "Core Person", {"key": "core-person", "sources": ["S1"]}),
        (
            "person_name",
            "Core Person's name Core Person (en)",
            {
                "person_id": entries[0][4] and entries[1][4]["person_id"],
                "lang": "en",
                "name": "Core Person",
                "kind": "official",
                "position": 0,
                "sources": [],
            },
        ),
        (
            "person_name",
            "Core Person's name شخص هسته (fa)",
            {
                "person_id": entries[1][4]["person_id"],
                "lang": "fa",
                "name": "شخص هسته",
                "kind": "official",
                "position": 1,
                "sources": [],
            },
        ),
    ]


def test_source_add_logs_every_column_with_its_dates(seeded_db):
    done = run_cli(
        seeded_db,
        "source",
        "add",
        "--title",
        "Core source",
        "--publisher",
        "Core Press",
        "--url",
        "https://example.org/core",
        "--published",
        "1403-02",
        "--kind",
        "report",
        "--excerpt",
        "a line",
    )
    assert done.exit_code == 0, done.output
    key = done.stdout.strip()
    assert done.stderr == f"recorded source {key}; cite it with --source {key}\n"
    [(action, table, label, before, after, _officer)] = _entries(seeded_db, key)
    assert (action, table, label, before) == ("insert", "source", key, None)
    assert after == {
        "key": key,
        "kind": "report",
        "title": "Core source",
        "publisher": "Core Press",
        "url": "https://example.org/core",
        "published_text": "j:1403-02",
        "published_precision": "month",
        "published_earliest": "2024-04-20",
        "published_latest": "2024-05-20",
        "retrieved_text": "unknown",
        "retrieved_precision": None,
        "retrieved_earliest": None,
        "retrieved_latest": None,
        "language": None,
        "excerpt": "a line",
        "note": None,
    }
    again = run_cli(seeded_db, "source", "add", "--title", "core SOURCE", "--publisher", "X")
    assert again.exit_code == 1
    assert f"this source looks recorded already: {key} 'Core source'" in again.stderr


def test_org_add_logs_the_organization_with_every_field_and_its_names(seeded_db):
    done = run_cli(
        seeded_db,
        "org",
        "add",
        "CN",
        "--name",
        "Core Network",
        "--name",
        "fa=شبکهٔ هسته",
        "--founded",
        "2001-05",
        "--seat",
        "Yazd",
        "--aim",
        "peace",
        "--aim",
        "trade",
        "--aim",
        "peace",
        "--website",
        "https://core.example",
        "--source",
        "S1",
    )
    assert done.exit_code == 0, done.output
    assert done.stdout == "recorded organization CN: Core Network (key cn)\n"
    entries = _entries(seeded_db, "CN")
    assert [(t, label) for _a, t, label, *_ in entries] == [
        ("organization", "CN"),
        ("organization_name", "CN's name Core Network (en)"),
        ("organization_name", "CN's name شبکهٔ هسته (fa)"),
    ]
    after = entries[0][4]
    assert after["aims"] == ["peace", "trade"]
    assert (after["founded_text"], after["founded_earliest"], after["founded_latest"]) == (
        "2001-05",
        "2001-05-01",
        "2001-05-31",
    )
    assert after["sources"] == ["S1"] and after["website"] == "https://core.example"
    assert after["seat_city_id"] is not None and after["parent_id"] is None
    committee = run_cli(
        seeded_db, "org", "committee", "add", "CN", "Core Committee", "--source", "S1"
    )
    assert committee.stdout == "recorded committee Core Committee of CN (key cn-core-committee)\n"
    shown = run_cli(seeded_db, "org", "show", "cn")
    assert "Core Committee" in shown.stdout and "peace" in shown.stdout


def test_a_refused_org_add_writes_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    for argv, said in (
        (("org", "add", "amf", "--name", "Other"), "AMF (Asian Mayors Forum, key amf)"),
        (("org", "add", "A B", "--name", "X"), "has spaces"),
        (("org", "add", "ZZ", "--name", "Z", "--kind", "committee"), "add --parent ORG"),
        (("org", "add", "ZZ", "--name", "Z", "--website", "ftp://x"), "is not a web address"),
        (("org", "committee", "add", "NOPE", "C"), "no organization matches 'NOPE'"),
    ):
        done = seeded_cli(*argv)
        assert done.exit_code == 1, done.output
        assert said in done.stderr
    assert table_snapshot(seeded_db) == before
