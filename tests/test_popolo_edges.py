"""What a fresh-clone tester found the Popolo import doing wrong with schema-valid documents
(docs/popolo.md): objects without an `id` (Popolo does not require one), a key given twice in
one JSON object, namespaces that are one name written two ways, and moments written
differently by each backend."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import BACKENDS, new_database, run_cli, table_snapshot

DATA = Path(__file__).parent / "data" / "popolo"
ALDERNEY = DATA / "Alderney-States.json"
KUWAIT = DATA / "Kuwait-National_Assembly.json"
NAURU = DATA / "Nauru-Parliament.json"

# Another tool's document whose person, organization, post and events have no id.
WITHOUT_IDS = {
    "persons": [
        {"name": "Ann Noid", "gender": "female"},
        {"id": "ann-noid", "name": "Ann Noid"},
        {"name": "Twin"},
        {"name": "Twin"},
    ],
    "organizations": [
        {"name": "Assembly without id", "classification": "legislature"},
        {"id": "o2", "name": "Legislature", "classification": "legislature"},
    ],
    "posts": [{"label": "Speaker", "organization_id": "o2"}],
    "events": [
        {"name": "Election without id", "classification": "general election"},
        {"name": "Sitting", "organization_id": "o2", "start_date": "2015-01-01"},
    ],
    "memberships": [{"person_id": "ann-noid", "organization_id": "o2", "role": "member"}],
}
SECTIONS = ("areas", "organizations", "persons", "posts", "memberships", "events")


def _write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _report(stdout: str) -> dict[str, str]:
    """The report's line of each section, after its name: {'persons': 'read 4, ...'}."""
    lines = (line.strip().split(": ", 1) for line in stdout.splitlines() if ": read " in line)
    return {section: rest for section, rest in lines}


def _export(db, path: Path, *args: str) -> str:
    result = run_cli(db, "export", *args, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8")


# --- objects without an id -------------------------------------------------------------------


def test_objects_without_id_are_records_of_their_own_and_read_again_are_matched(empty_db, tmp_path):
    path = _write(tmp_path / "no-ids.json", WITHOUT_IDS)
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 0, result.output
    assert "'key'" not in result.output and "missing" not in result.output
    report = _report(result.stdout)
    assert report["persons"] == "read 4, created 4, matched 0, kept as they are 0"
    assert report["organizations"] == "read 2, created 2, matched 0, kept as they are 0"
    assert report["posts"] == "read 1, created 0, matched 0, kept as they are 1"
    assert report["events"] == "read 2, created 1, matched 0, kept as they are 1"
    # The person without an id is not the person `ann-noid`, though her name slugs alike; the
    # two objects named "Twin" are two people.
    assert empty_db.scalar("SELECT count(*) FROM person") == 4
    assert empty_db.scalar("SELECT count(*) FROM person_name WHERE name = 'Ann Noid'") == 2
    assert empty_db.scalar("SELECT count(*) FROM person_name WHERE name = 'Twin'") == 2
    assert empty_db.scalar("SELECT count(*) FROM organization") == 2
    assert empty_db.scalar("SELECT count(*) FROM popolo_extra WHERE popolo_id IS NULL") == 8
    # The same document again: every object matched to the record made of it, nothing new
    # (but the document's last import).
    before = table_snapshot(empty_db)
    before.pop("popolo_document")
    again = run_cli(empty_db, "import", "popolo", str(path))
    assert again.exit_code == 0, again.output
    report = _report(again.stdout)
    assert report["persons"] == "read 4, created 0, matched 4, kept as they are 0"
    assert report["organizations"] == "read 2, created 0, matched 2, kept as they are 0"
    assert report["events"] == "read 2, created 0, matched 2, kept as they are 0"
    after = table_snapshot(empty_db)
    after.pop("popolo_document")
    assert after == before


def test_objects_without_id_are_written_back_without_one(empty_db, tmp_path, request, backend):
    path = _write(tmp_path / "no-ids.json", WITHOUT_IDS)
    assert run_cli(empty_db, "import", "popolo", str(path)).exit_code == 0
    first = json.loads(_export(empty_db, tmp_path / "first.json", "popolo"))
    for section in SECTIONS:
        written = [o for o in first[section] if not any(k.startswith("citylinks:") for k in o)]
        assert written == WITHOUT_IDS.get(section, []), section
    # Into an empty database and out again: the same bytes.
    other = new_database(backend, tmp_path, request)
    result = run_cli(other, "import", "popolo", str(tmp_path / "first.json"))
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.json"
    _export(other, second, "popolo")
    assert second.read_bytes() == (tmp_path / "first.json").read_bytes()


def test_an_object_of_citylinks_own_export_without_id_is_refused_in_one_line(empty_db, tmp_path):
    document = {"citylinks:format": "citylinks-popolo/1", "persons": [{"name": "No Id"}]}
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", str(_write(tmp_path / "own.json", document)))
    assert result.exit_code == 1
    assert "persons #1: no id: every object of citylinks' own export has one" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(empty_db) == before


# --- a key given twice ------------------------------------------------------------------------


@pytest.mark.any_backend  # refused as the file is read, before the database is asked anything
@pytest.mark.parametrize(
    "document,said",
    [
        (
            '{"persons": [{"id": "p1", "name": "A"}, {"id": "a", "id": "b", "name": "B"}]}',
            "persons #2: the key 'id' is given twice: JSON keeps only the last value",
        ),
        (
            '{"persons": [{"id": "p1", "name": "A", "name": "B"}]}',
            "persons #1 (p1): the key 'name' is given twice",
        ),
        (
            '{"persons": [{"id": "p1", "name": "A",'
            ' "other_names": [{"name": "B", "lang": "en", "lang": "fr"}]}]}',
            "persons #1 (p1): other_names[0] gives the key 'lang' twice",
        ),
        (
            '{"persons": [], "meta": {"sources": [], "sources": []}}',
            "the document's top level: meta gives the key 'sources' twice",
        ),
        ('{"persons": [], "persons": []}', "the document's top level: the key 'persons' is"),
    ],
)
def test_a_key_given_twice_in_an_object_refuses_the_document_naming_it(
    empty_db, tmp_path, document, said
):
    path = tmp_path / "twice.json"
    path.write_text(document, encoding="utf-8")
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", str(path))
    assert result.exit_code == 1
    assert said in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert table_snapshot(empty_db) == before


@pytest.mark.any_backend  # refused as the file is read, before the database is asked anything
def test_numbers_are_read_as_before_beside_the_check_for_keys_given_twice(empty_db, tmp_path):
    nan = tmp_path / "nan.json"
    nan.write_text('{"persons": [{"id": "p1", "name": "A", "x": NaN}]}', encoding="utf-8")
    result = run_cli(empty_db, "import", "popolo", str(nan))
    assert result.exit_code == 1
    assert "persons #1 (p1): the field x holds NaN, which is not a JSON number" in result.stderr
    numbers = tmp_path / "numbers.json"
    numbers.write_text('{"persons": [{"id": "p1", "name": "A", "x": 1.50}]}', encoding="utf-8")
    assert run_cli(empty_db, "import", "popolo", str(numbers)).exit_code == 0
    exported = json.loads(_export(empty_db, tmp_path / "out.json", "popolo"))
    assert exported["persons"] == [{"id": "p1", "name": "A", "x": 1.5}]


@pytest.mark.any_backend  # refused as the file is read, before the database is asked anything
@pytest.mark.parametrize(
    "toml,said",
    [
        ('[[source]]\nkey = "a"\nkey = "b"\n', "Cannot overwrite a value (at line 5"),
        ("[setting]\na = 1\n[setting]\nb = 2\n", "Cannot declare ('setting',) twice (at line 5"),
    ],
)
def test_a_dataset_key_given_twice_is_refused_with_its_line(empty_db, tmp_path, toml, said):
    path = tmp_path / "twice.toml"
    path.write_text('format = "citylinks-dataset/1"\n\n' + toml, encoding="utf-8")
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "dataset", str(path))
    assert result.exit_code == 1
    assert "is not valid TOML: " + said in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(empty_db) == before


# --- namespaces: one name written two ways --------------------------------------------------


def _namespaces(db) -> list[str]:
    return [n for (n,) in db.rows("SELECT namespace FROM popolo_document ORDER BY id")]


@pytest.mark.parametrize(
    "first,second",
    [
        ("ep", "EP"),
        ("EP", "ep"),
        ("ep", "\u0415\u0420"),  # Cyrillic ЕР
        ("Kuwait-National_Assembly", "kuwait_national-assembly"),
        ("\u0639\u0644\u064a", "\u0639\u0644\u06cc"),  # Arabic yeh, Persian yeh
        ("\u0643\u0648\u064a\u062a", "\u06a9\u0648\u06cc\u062a"),  # Arabic kaf and yeh
    ],
    ids=["case", "case-back", "cyrillic", "punctuation", "yeh", "kaf"],
)
def test_a_namespace_written_another_way_is_refused_naming_the_recorded_one(
    empty_db, first, second
):
    assert run_cli(empty_db, "import", "popolo", "--namespace", first, str(ALDERNEY)).exit_code == 0
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", "--namespace", second, str(KUWAIT))
    assert result.exit_code == 1
    assert (
        f"the namespace {second!r} is the namespace {first!r} written another way (the"
        f" document imported from Alderney-States.json on " in result.stderr
    )
    assert f"give --namespace {first} for that document, or a name of its own" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(empty_db) == before
    # The namespace as the officer first wrote it, the one document; it still takes its own.
    assert _namespaces(empty_db) == [first]
    again = run_cli(empty_db, "import", "popolo", "--namespace", first, str(ALDERNEY))
    assert again.exit_code == 0, again.output


def test_a_file_named_like_a_recorded_namespace_is_refused_too(empty_db, tmp_path):
    assert run_cli(empty_db, "import", "popolo", "--namespace", "ep", str(ALDERNEY)).exit_code == 0
    renamed = tmp_path / "EP.json"
    renamed.write_bytes(NAURU.read_bytes())
    result = run_cli(empty_db, "import", "popolo", str(renamed))
    assert result.exit_code == 1
    assert "the namespace 'EP' is the namespace 'ep' written another way" in result.stderr
    assert _namespaces(empty_db) == ["ep"]


def test_an_export_listing_a_namespace_written_another_way_is_refused(
    empty_db, tmp_path, request, backend
):
    other = new_database(backend, tmp_path, request)
    assert run_cli(other, "import", "popolo", "--namespace", "EP", str(NAURU)).exit_code == 0
    exported = tmp_path / "export.json"
    _export(other, exported, "popolo")
    assert run_cli(empty_db, "import", "popolo", "--namespace", "ep", str(ALDERNEY)).exit_code == 0
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", str(exported))
    assert result.exit_code == 1
    assert (
        f"{exported}: the namespace 'EP' is the database's 'ep' written another way (imported"
        " from Alderney-States.json on " in result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(empty_db) == before


@pytest.mark.parametrize(
    "args,said",
    [
        (
            ["--namespace", "\u0415P"],  # a Cyrillic Е before a Latin P
            "the namespace mixes Cyrillic and Latin letters in '\u0415P'",
        ),
        (
            [],  # the file's name: a Greek Ο in "ΟECD"
            "the namespace mixes Greek and Latin letters in '\u039fECD'",
        ),
    ],
    ids=["given", "file-name"],
)
def test_a_namespace_mixing_scripts_is_refused(empty_db, tmp_path, args, said):
    path = tmp_path / "\u039fECD.json"
    path.write_bytes(ALDERNEY.read_bytes())
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", *args, str(path))
    assert result.exit_code == 1
    assert said in result.stderr
    if not args:
        assert "(the namespace is the file's name: give --namespace NAME)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(empty_db) == before


# --- moments: one form on every backend ------------------------------------------------------

# A moment as every export writes it: UTC, to the second.
MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _moments(popolo: str, dataset: str) -> list[str]:
    """The moments of a Popolo export (its documents' imports) and of a dataset export with
    its audit log (the documents' imports, each entry's `at`), digits masked: their form."""
    found = []
    for d in json.loads(popolo)["citylinks:documents"]:
        found += [d["first_imported"], d["last_imported"]]
    found += re.findall(r'^(?:at|first_imported|last_imported) = "([^"]*)"', dataset, re.M)
    return found


@pytest.mark.skipif(len(BACKENDS) < 2, reason="compares the backends CITYLINKS_TEST_BACKENDS names")
def test_the_same_import_writes_its_moments_alike_on_every_backend(tmp_path, request):
    forms = {}
    for backend in BACKENDS:
        db = new_database(backend, tmp_path, request)
        for path in (ALDERNEY, KUWAIT):
            assert run_cli(db, "import", "popolo", str(path)).exit_code == 0
        popolo = _export(db, tmp_path / f"{backend}.json", "popolo")
        dataset = _export(db, tmp_path / f"{backend}.toml", "dataset", "--with-audit")
        moments = _moments(popolo, dataset)
        assert moments and all(MOMENT.fullmatch(m) for m in moments), (backend, moments[:3])
        forms[backend] = [re.sub(r"\d", "9", m) for m in moments]
    assert all(f == forms[BACKENDS[0]] for f in forms.values())
