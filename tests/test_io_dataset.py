"""`citylinks export dataset` / `import dataset`: the whole database in the data/ format."""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
import tomli_w
from conftest import bundled_summary, new_database, run_cli, table_snapshot
from sqlalchemy import event
from sqlalchemy.engine import Engine

from citylinks.formats.dataset import toml
from citylinks.formats.dataset.writer import CHUNK


@pytest.fixture
def second_db(empty_db):
    """An empty database on the same backend, to import into."""
    return empty_db


def test_export_import_export_is_byte_identical(seeded_db, second_db, tmp_path):
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    result = run_cli(seeded_db, "export", "dataset", "--output", str(first))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {first}: {bundled_summary()}\n"
    result = run_cli(second_db, "import", "dataset", str(first))
    assert result.exit_code == 0, result.output
    assert run_cli(second_db, "export", "dataset", "--output", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    content = first.read_text(encoding="utf-8")
    assert content.startswith('format = "citylinks-dataset/1"\n')
    # Nothing volatile: no ids, no stamps of who loaded it when.
    assert "created_at" not in content and "test-officer" not in content
    assert 'key = "yazd"' in content and 'session = "amf/executive-board/11"' in content


def test_export_to_stdout_loads_back_with_the_same_rows(seeded_db, second_db, tmp_path):
    result = run_cli(seeded_db, "export", "dataset")
    assert result.exit_code == 0
    path = tmp_path / "out.toml"
    path.write_text(result.stdout, encoding="utf-8")
    assert run_cli(second_db, "import", "dataset", str(path)).exit_code == 0
    for sql in (
        "SELECT count(*) FROM membership_phase",
        "SELECT count(*) FROM attendance",
        "SELECT count(*) FROM city_name",
        "SELECT count(*) FROM membership_phase_source",
    ):
        assert second_db.scalar(sql) == seeded_db.scalar(sql), sql


def test_reimporting_the_export_of_the_bundled_data_changes_no_row(seeded_db, tmp_path):
    path = tmp_path / "out.toml"
    assert run_cli(seeded_db, "export", "dataset", "-o", str(path)).exit_code == 0
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "dataset", str(path))
    assert result.exit_code == 0, result.output
    assert table_snapshot(seeded_db) == before


def test_with_audit_moves_the_audit_log_verbatim(seeded_db, second_db, tmp_path):
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    assert run_cli(seeded_db, "export", "dataset", "--with-audit", "-o", str(first)).exit_code == 0
    assert "[[audit]]" in first.read_text(encoding="utf-8")
    result = run_cli(second_db, "--as", "mover", "import", "dataset", str(first))
    assert result.exit_code == 0, result.output
    query = "SELECT officer, action, table_name, row_id, row_label FROM audit_log ORDER BY id"
    assert second_db.rows(query) == seeded_db.rows(query)
    assert second_db.scalar("SELECT count(*) FROM audit_log WHERE officer = 'mover'") == 0
    assert run_cli(second_db, "export", "dataset", "--with-audit", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_audit_log_is_refused_by_a_database_that_has_its_own(seeded_db, tmp_path):
    path = tmp_path / "first.toml"
    assert run_cli(seeded_db, "export", "dataset", "--with-audit", "-o", str(path)).exit_code == 0
    before = table_snapshot(seeded_db)
    result = run_cli(seeded_db, "import", "dataset", str(path))
    assert result.exit_code == 1
    assert "only an empty database can take" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(seeded_db) == before


def test_import_dataset_dry_run_writes_nothing(seeded_db, second_db, tmp_path):
    path = tmp_path / "out.toml"
    assert run_cli(seeded_db, "export", "dataset", "-o", str(path)).exit_code == 0
    result = run_cli(second_db, "import", "dataset", str(path), "--dry-run")
    assert result.exit_code == 0
    assert "dry run: nothing was written" in result.stderr
    assert result.stdout.startswith("would load "), result.stdout
    assert second_db.scalar("SELECT count(*) FROM city") == 0


def test_the_export_is_written_as_tomli_w_writes_its_records(seeded_db, tmp_path):
    path = tmp_path / "out.toml"
    assert run_cli(seeded_db, "export", "dataset", "--with-audit", "-o", str(path)).exit_code == 0
    content = path.read_text(encoding="utf-8")
    document = tomllib.loads(content)
    expected = f'format = "{document.pop("format")}"\n' + "".join(
        "\n" + _as_table(tomli_w.dumps({kind: [record]}), kind, record)
        for kind, records in document.items()
        for record in records
    )
    assert content == expected


def _as_table(written: str, kind: str, record: dict) -> str:
    """What tomli_w writes for one record, as a [[kind]] table where it would write it inline
    (`kind = [{...}]`): a file of several such records would name `kind` twice."""
    if not written.startswith(f"{kind} = ["):
        return written
    return f"[[{kind}]]\n" + "".join(tomli_w.dumps({key: value}) for key, value in record.items())


@pytest.mark.parametrize(
    "record",
    [
        {"key": "S1", "kind": "web-page", "title": "short: written inline"},
        {"key": "S2", "title": 'quotes " and \\ and \n, \t, \r, \x00, \x1f, \x7f, \b, \f'},
        {"key": "x" * 120, "names": [{"lang": "fa", "name": "یزد", "kind": "official"}]},
        {
            "city": "yazd",
            "latitude": 31.8974,
            "count": 3,
            "flag": True,
            "phase": [{"status": "member", "sources": ["S1", "S2"]}, {"status": "withdrawn"}],
            "aims": [],
            "seat": {"key": "yazd", "names": ["Yazd"]},
            "a key with spaces": "and an empty one",
            "": 0,
        },
    ],
)
def test_toml_records_are_the_bytes_tomli_w_writes(record):
    written = toml.record("source", record)
    assert written == _as_table(tomli_w.dumps({"source": [record]}), "source", record)
    # Two records one after the other are still a valid file (each one a [[source]] table).
    assert tomllib.loads(written + "\n" + written) == {"source": [record, record]}


@contextmanager
def _counting_queries():
    counted: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        counted.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(Engine, "before_cursor_execute", count)


def _more_memberships(n: int) -> str:
    """A dataset file of `n` more cities, each a member of the AMF in two phases."""
    lines = [
        'format = "citylinks-dataset/1"',
        "[[source]]",
        'key = "OF1"',
        'kind = "web-page"',
        'title = "A list of members"',
        'published = "2024"',
    ]
    for i in range(n):
        lines += [
            "[[city]]",
            f'key = "town-{i}"',
            'country = "IR"',
            f'names = [{{ lang = "en", name = "Town {i}", kind = "official" }}]',
            'sources = ["OF1"]',
        ]
    for i in range(n):
        lines += [
            "[[membership]]",
            f'city = "town-{i}"',
            'organization = "amf"',
            "[[membership.phase]]",
            'status = "member"',
            'start = "2020"',
            f'end = "j:1402-0{1 + i % 9}"',  # closed where the next begins, as member record does
            'sources = ["OF1"]',
            "[[membership.phase]]",
            'status = "withdrawn"',
            f'start = "j:1402-0{1 + i % 9}"',
            'sources = ["OF1"]',
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kind", ["dataset", "popolo"])
def test_export_reads_a_chunk_of_records_at_a_time_not_each_record(seeded_db, tmp_path, kind):
    """The queries an export runs do not grow with the records that fit in one chunk: nested
    records (names, phases, the sources they cite) are read for a whole chunk at once."""
    with _counting_queries() as before:
        assert run_cli(seeded_db, "export", kind).exit_code == 0
    more = tmp_path / "more.toml"
    more.write_text(_more_memberships(CHUNK // 2), encoding="utf-8")
    result = run_cli(seeded_db, "import", "dataset", str(more))
    assert result.exit_code == 0, result.output
    with _counting_queries() as after:
        result = run_cli(seeded_db, "export", kind)
    assert result.exit_code == 0
    assert f"town-{CHUNK // 2 - 1}" in result.stdout
    # Statements by their beginnings (their IN lists differ), to show which ones were added.
    grown = Counter(q[:100] for q in after)
    grown.subtract(Counter(q[:100] for q in before))
    assert len(after) == len(before), [(q, n) for q, n in grown.items() if n]


# --- text is checked as the commands check it ---------------------------------------------------


def _office_file() -> dict:
    """A small dataset with every text field the loader reads, each valid."""
    return {
        "format": "citylinks-dataset/1",
        "source": [
            {
                "key": "OF1",
                "kind": "report",
                "title": "A list of members",
                "publisher": "The Union",
                "url": "https://example.org/members",
                "published": "2024",
                "language": "en",
                "excerpt": "Yazd joined in 2020.",
                "note": "Read in the office.",
            }
        ],
        "country": [{"code": "IR", "names": [{"lang": "en", "name": "Iran", "kind": "official"}]}],
        "city": [
            {
                "key": "yazd",
                "country": "IR",
                "names": [{"lang": "en", "name": "Yazd", "kind": "official"}],
                "region": "Yazd Province",
                "identifiers": [{"scheme": "wikidata", "value": "Q1"}],
                "sources": ["OF1"],
                "designation": [
                    {
                        "name": "World Heritage",
                        "reference": "1544",
                        "date": "2017",
                        "sources": ["OF1"],
                    }
                ],
            },
            {
                "key": "abarkuh",
                "country": "IR",
                "names": [{"lang": "en", "name": "Abarkuh", "kind": "official"}],
                "sources": ["OF1"],
            },
        ],
        "person": [{"key": "sara", "names": [{"lang": "en", "name": "Sara", "kind": "official"}]}],
        "organization": [
            {
                "key": "union",
                "acronym": "UC",
                "names": [{"lang": "en", "name": "Union of Cities", "kind": "official"}],
                "classification": "city network",
                "region": "Asia",
                "aims": ["friendship"],
                "initiator": "Yazd",
                "website": "https://example.org",
                "identifiers": [{"scheme": "wikidata", "value": "Q2"}],
                "note": "Founded by letters.",
                "sources": ["OF1"],
                "motto": [{"text": "Together", "lang": "en", "note": "On its flag."}],
                "series": [
                    {"key": "assembly", "names": [{"lang": "en", "name": "General Assembly"}]}
                ],
                "member_count": [{"number": 2, "counted": "cities", "as_of": "2024"}],
            }
        ],
        "session": [
            {
                "organization": "union",
                "series": "assembly",
                "number": 1,
                "host": "yazd",
                "start": "2024",
                "venue": "City Hall",
                "theme": "Water",
                "note": "The first one.",
                "numbering": [{"number": 2, "label": "second by another count"}],
                "count": [{"number": 5, "counted": "mayors"}],
                "attendee": [{"city": "abarkuh", "note": "by video"}],
            }
        ],
        "membership": [
            {
                "city": "yazd",
                "organization": "union",
                "phase": [{"status": "member", "start": "2020", "reason": "invited", "note": "n"}],
            }
        ],
        "role": [{"city": "yazd", "organization": "union", "title": "chair", "start": "2021"}],
        "post": [{"person": "sara", "organization": "union", "title": "secretary", "note": "n"}],
    }


def _import(db, tmp_path, document: dict, name: str = "office.toml"):
    path = tmp_path / name
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path, run_cli(db, "import", "dataset", str(path))


def _refused(result, message: str) -> None:
    """Refused with exactly `message` on one line: no traceback, nothing else said."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr == f"Error: {message}\n"


def test_a_file_with_every_text_field_loads(empty_db, tmp_path):
    _, result = _import(empty_db, tmp_path, _office_file())
    assert result.exit_code == 0, result.output
    assert empty_db.rows("SELECT title, publisher, excerpt FROM source") == [
        ("A list of members", "The Union", "Yazd joined in 2020.")
    ]
    assert empty_db.rows("SELECT title FROM role") == [("chair",)]


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        (
            "Abar\u202ekuh",
            "the city name contains the bidi control U+202E at character 5, which can disguise"
            " text; remove it",
        ),
        ("A" * 400, "the city name is 400 characters long; at most 200 are allowed"),
        ("\u200f", "the city name is empty: give at least one letter"),
        ("   ", "'name' is missing"),
    ],
    ids=["a-bidi-override", "longer-than-its-column", "a-direction-mark", "blank"],
)
def test_a_city_name_the_commands_refuse_is_refused_and_nothing_is_written(
    empty_db, tmp_path, name, wrong
):
    document = _office_file()
    document["city"][1]["names"][0]["name"] = name
    before = table_snapshot(empty_db)
    path, result = _import(empty_db, tmp_path, document)
    _refused(result, f"{path}: [[city]] #2 (abarkuh): {wrong}")
    assert table_snapshot(empty_db) == before


def test_a_control_character_in_a_note_is_refused_and_the_database_is_unchanged(empty_db, tmp_path):
    # An empty database: the office file's records are new there (on the seeded one, its
    # country IR differs from the recorded one and would be refused first).
    document = _office_file()
    document["organization"][0]["note"] = "Founded\x1b[2J by letters."
    before = table_snapshot(empty_db)
    path, result = _import(empty_db, tmp_path, document)
    _refused(
        result,
        f"{path}: [[organization]] #1 (union): the note contains the control character U+001B"
        " (escape) at character 8; remove it",
    )
    assert table_snapshot(empty_db) == before


def test_a_note_keeps_its_line_breaks_as_the_commands_keep_them(empty_db, tmp_path):
    document = _office_file()
    document["organization"][0]["note"] = "First line.\r\nSecond  line."
    _, result = _import(empty_db, tmp_path, document)
    assert result.exit_code == 0, result.output
    assert empty_db.scalar("SELECT note FROM organization") == "First line.\nSecond line."


# Every text field the loader stores, with the column that holds it.
_STORED_FIELDS = [
    (("source", 0, "key"), "source.key"),
    (("source", 0, "title"), "source.title"),
    (("source", 0, "publisher"), "source.publisher"),
    (("source", 0, "url"), "source.url"),
    (("source", 0, "language"), "source.language"),
    (("country", 0, "names", 0, "name"), "country.name_en"),
    (("city", 0, "key"), "city.key"),
    (("city", 0, "region"), "city.region"),
    (("city", 0, "names", 0, "name"), "city_name.name"),
    (("city", 0, "names", 0, "lang"), "city_name.lang"),
    (("city", 0, "identifiers", 0, "scheme"), "city_identifier.scheme"),
    (("city", 0, "identifiers", 0, "value"), "city_identifier.value"),
    (("city", 0, "designation", 0, "name"), "designation.name"),
    (("city", 0, "designation", 0, "reference"), "designation.reference"),
    (("person", 0, "key"), "person.key"),
    (("person", 0, "names", 0, "name"), "person_name.name"),
    (("organization", 0, "key"), "organization.key"),
    (("organization", 0, "acronym"), "organization.acronym"),
    (("organization", 0, "names", 0, "name"), "organization_name.name"),
    (("organization", 0, "classification"), "organization.classification"),
    (("organization", 0, "region"), "organization.region"),
    (("organization", 0, "initiator"), "organization.initiator"),
    (("organization", 0, "website"), "organization.website"),
    (("organization", 0, "identifiers", 0, "value"), "organization_identifier.value"),
    (("organization", 0, "motto", 0, "text"), "motto.text"),
    (("organization", 0, "motto", 0, "lang"), "motto.lang"),
    (("organization", 0, "series", 0, "key"), "meeting_series.key"),
    (("organization", 0, "series", 0, "names", 0, "name"), "meeting_series.name_en"),
    (("organization", 0, "member_count", 0, "counted"), "member_count_claim.counted"),
    (("session", 0, "venue"), "session.venue"),
    (("session", 0, "theme"), "session.theme"),
    (("session", 0, "numbering", 0, "label"), "session_numbering.label"),
    (("session", 0, "count", 0, "counted"), "attendance_claim.counted"),
    (("membership", 0, "phase", 0, "reason"), "membership_phase.reason"),
    (("role", 0, "title"), "role.title"),
    (("post", 0, "title"), "post.title"),
]


def test_no_text_longer_than_its_column_reaches_the_database(empty_db, tmp_path):
    """One character more than each column holds: a one-line refusal naming the record and
    a limit the column can hold, never the database's own length error."""
    from citylinks.schema import metadata

    for path_in_file, column in _STORED_FIELDS:
        table, name = column.split(".")
        length = metadata.tables[table].c[name].type.length
        document = _office_file()
        record = document
        for step in path_in_file[:-1]:
            record = record[step]
        record[path_in_file[-1]] = "x" * (length + 1)
        path, result = _import(empty_db, tmp_path, document)
        assert result.exit_code == 1, (column, result.output)
        line = result.stderr
        assert line.startswith(f"Error: {path}: [[{path_in_file[0]}]] #1"), (column, line)
        assert line.endswith(f"{length + 1} characters long; at most {length} are allowed\n"), (
            column,
            line,
        )
        assert empty_db.scalar("SELECT count(*) FROM source") == 0, column


def test_a_country_code_longer_than_two_letters_is_refused(empty_db, tmp_path):
    document = _office_file()
    document["country"][0]["code"] = "IRN"
    path, result = _import(empty_db, tmp_path, document)
    _refused(
        result,
        f"{path}: [[country]] #1: 'IRN' is not a country code: give two letters (ISO 3166-1),"
        " e.g. IR",
    )


def test_blank_optional_fields_load_as_missing(empty_db, tmp_path):
    # A database loaded by earlier versions exports `url = ""`; its export must load again.
    document = _office_file()
    document["source"][0].update(url="", language=" ")
    _, result = _import(empty_db, tmp_path, document)
    assert result.exit_code == 0, result.output
    assert empty_db.rows("SELECT key, url, language FROM source") == [("OF1", None, None)]


def test_a_country_code_with_a_line_break_is_refused(empty_db, tmp_path):
    document = _office_file()
    document["country"][0]["code"] = "IR\n"
    before = table_snapshot(empty_db)
    _, result = _import(empty_db, tmp_path, document)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and len(result.stderr.splitlines()) == 1
    assert table_snapshot(empty_db) == before


def _name_citations(db) -> list[tuple]:
    rows = []
    for owner in ("city", "organization", "person"):
        rows += db.rows(
            f"SELECT '{owner}', o.key, n.lang, n.name, s.key FROM {owner}_name_source l"
            f" JOIN {owner}_name n ON n.id = l.{owner}_name_id JOIN {owner} o ON o.id = n.{owner}_id"
            " JOIN source s ON s.id = l.source_id"
        )
    return sorted(rows)


def test_a_names_own_citations_go_out_and_come_back(seeded_db, second_db, tmp_path):
    for ref in (
        "city-name:Yazd/fa",
        "org-name:AMF/en/Asian Mayors Forum",
        "person-name:amrollahi/fa",
    ):
        cited = run_cli(seeded_db, "cite", ref, "S3")
        assert cited.exit_code == 0, cited.output
    cited = _name_citations(seeded_db)
    assert len(cited) == 3
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    assert run_cli(seeded_db, "export", "dataset", "--output", str(first)).exit_code == 0
    assert 'name = "یزد"\nkind = "official"\nsources = [\n    "S3",\n]' in first.read_text("utf-8")
    loaded = run_cli(second_db, "import", "dataset", str(first))
    assert loaded.exit_code == 0, loaded.output
    assert _name_citations(second_db) == cited
    assert run_cli(second_db, "export", "dataset", "--output", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    # Loading it again into the database it came from changes nothing.
    before = table_snapshot(seeded_db)
    assert run_cli(seeded_db, "import", "dataset", str(first)).exit_code == 0
    assert table_snapshot(seeded_db) == before


def test_a_countrys_name_citing_a_source_is_refused(empty_db, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'format = "citylinks-dataset/1"\n\n[[source]]\nkey = "S1"\nkind = "web-page"\n'
        'title = "T"\npublisher = "P"\npublished = "unknown"\n\n[[country]]\ncode = "IR"\n'
        'names = [{ lang = "en", name = "Iran", kind = "official", sources = ["S1"] }]\n',
        encoding="utf-8",
    )
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "dataset", str(path))
    assert result.exit_code == 1
    assert "a country's names cite no sources of their own" in result.stderr
    assert table_snapshot(empty_db) == before


# --- other tools' Popolo objects, and the rest of what the database holds -------------------

POPOLO = Path(__file__).parent / "data" / "popolo"
# Two of EveryPolitician's files (areas and events kept as they are, parties, terms) and the
# file of Popolo's newer features (two terms of one person with no start, Arabic letters).
POPOLO_FILES = ["Kuwait-National_Assembly.json", "Nauru-Parliament.json", "modern-features.json"]


@pytest.mark.parametrize("name", POPOLO_FILES)
def test_other_tools_popolo_objects_survive_a_dataset_export_and_import(
    empty_db, tmp_path, request, name
):
    """Popolo import -> export dataset -> import into an empty database -> export popolo gives
    the very Popolo document the first database gives, and the dataset reads back byte for
    byte: the objects of other tools (popolo_extra) travel with their records."""
    assert run_cli(empty_db, "import", "popolo", str(POPOLO / name)).exit_code == 0
    straight = run_cli(empty_db, "export", "popolo")
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    assert run_cli(empty_db, "export", "dataset", "-o", str(first)).exit_code == 0
    copy = new_database(empty_db.backend, tmp_path, request)
    loaded = run_cli(copy, "import", "dataset", str(first))
    assert loaded.exit_code == 0, loaded.output
    through_dataset = run_cli(copy, "export", "popolo")
    assert straight.exit_code == 0 and through_dataset.exit_code == 0
    assert json.loads(through_dataset.stdout) == json.loads(straight.stdout)
    assert through_dataset.stdout == straight.stdout
    kept = "SELECT section, popolo_id, stub, row_version IS NULL FROM popolo_extra ORDER BY id"
    assert copy.rows(kept) == empty_db.rows(kept)
    for table in ("person", "post", "organization", "person_name", "membership_phase"):
        count = f"SELECT count(*) FROM {table}"
        assert copy.scalar(count) == empty_db.scalar(count), table
    assert run_cli(copy, "export", "dataset", "-o", str(second)).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    # Loading it again changes nothing: no object is kept twice, no row added.
    before = table_snapshot(copy)
    assert run_cli(copy, "import", "dataset", str(first)).exit_code == 0
    assert table_snapshot(copy) == before


def test_an_edited_row_still_writes_its_object_over_citylinks_columns_after_the_round_trip(
    empty_db, tmp_path, request
):
    """A row an officer edited after it was read is `changed`: the Popolo export writes it
    from citylinks' columns over the object as read, before and after the dataset."""
    assert (
        run_cli(empty_db, "import", "popolo", str(POPOLO / "modern-features.json")).exit_code == 0
    )
    renamed = run_cli(empty_db, "org", "edit", "leg", "--website", "https://leg.example.org")
    assert renamed.exit_code == 0, renamed.output
    straight = run_cli(empty_db, "export", "popolo").stdout
    assert "https://leg.example.org" in straight
    path = tmp_path / "d.toml"
    assert run_cli(empty_db, "export", "dataset", "-o", str(path)).exit_code == 0
    assert "changed = true" in path.read_text("utf-8")
    copy = new_database(empty_db.backend, tmp_path, request)
    assert run_cli(copy, "import", "dataset", str(path)).exit_code == 0
    assert run_cli(copy, "export", "popolo").stdout == straight


def test_two_posts_that_say_the_same_stay_two_posts(empty_db, tmp_path):
    """Two terms of one person in one organization, start unknown: two records of the file,
    two rows (they were merged into one)."""
    post = {"person": "sara", "organization": "union", "title": "member"}
    document = _office_file()
    document["post"] = [post, dict(post)]
    _, result = _import(empty_db, tmp_path, document)
    assert result.exit_code == 0, result.output
    assert empty_db.scalar("SELECT count(*) FROM post WHERE title = 'member'") == 2


@pytest.mark.parametrize(
    ("name", "lang"),
    # A word mixing scripts ("Yаzd") is refused at both doors (tests/test_h18x_issue18.py).
    [("-", "en"), ("...", "en"), ("علي  يوسف", "ar"), ("علي", "fa")],
    ids=["a-dash", "punctuation", "arabic-double-space", "arabic-yeh-as-fa"],
)
def test_a_name_popolo_import_keeps_as_written_the_dataset_keeps_too(
    empty_db, tmp_path, request, name, lang
):
    """The same value gets the same answer at both doors: what `import popolo` keeps as
    written, `import dataset` reads back as written (it refused '-', and tidied spaces and
    Arabic letters)."""
    document = {
        "organizations": [
            {"id": "leg", "name": "Assembly", "classification": "legislature"},
            {"id": "o-1", "name": name, "other_names": [{"lang": lang, "name": name}]},
        ],
        "persons": [{"id": "p-1", "name": name, "other_names": [{"lang": lang, "name": name}]}],
        "memberships": [{"person_id": "p-1", "organization_id": "leg", "role": name}],
    }
    source = tmp_path / "popolo.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    imported = run_cli(empty_db, "import", "popolo", str(source))
    assert imported.exit_code == 0, imported.output
    names = "SELECT name FROM person_name UNION ALL SELECT name FROM organization_name"
    stored = sorted(empty_db.rows(names))
    assert (name,) in stored
    path = tmp_path / "d.toml"
    assert run_cli(empty_db, "export", "dataset", "-o", str(path)).exit_code == 0
    copy = new_database(empty_db.backend, tmp_path, request)
    loaded = run_cli(copy, "import", "dataset", str(path))
    assert loaded.exit_code == 0, loaded.output
    assert sorted(copy.rows(names)) == stored
    assert copy.rows("SELECT title FROM post") == empty_db.rows("SELECT title FROM post")


@pytest.mark.parametrize("name", ["-"], ids=["a-dash"])  # "Yаzd": refused (h18x)
def test_a_name_the_popolo_door_keeps_is_kept_in_a_hand_written_dataset(empty_db, tmp_path, name):
    document = _office_file()
    document["city"][1]["names"][0]["name"] = name
    _, result = _import(empty_db, tmp_path, document)
    assert result.exit_code == 0, result.output
    assert (name,) in empty_db.rows("SELECT name FROM city_name")


def test_a_name_with_nothing_visible_is_refused_at_both_doors(empty_db, tmp_path):
    document = {"persons": [{"id": "p-1", "name": "\u200f"}]}
    source = tmp_path / "popolo.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    before = table_snapshot(empty_db)
    result = run_cli(empty_db, "import", "popolo", str(source))
    assert result.exit_code == 1
    assert result.stderr.endswith(": the person's name is empty: give at least one letter\n")
    assert table_snapshot(empty_db) == before


@pytest.mark.parametrize(
    ("entry", "wrong"),
    [
        ({"n": 1, "section": "persons", "data": "not json"}, "'data' is not a JSON object"),
        ({"section": "persons", "data": "{}"}, "'n' (the object's place"),
        ({"n": 1, "section": "persons", "data": "{}", "stub": "yes"}, "'stub' is not true"),
        ({"n": 1, "data": "{}"}, "None is not a Popolo section citylinks keeps objects of"),
    ],
    ids=["data-not-json", "no-place", "stub-not-a-flag", "no-section"],
)
def test_a_broken_kept_popolo_object_is_refused_in_one_line_and_nothing_is_written(
    empty_db, tmp_path, entry, wrong
):
    document = _office_file()
    document["person"][0]["popolo"] = [entry]
    before = table_snapshot(empty_db)
    path, result = _import(empty_db, tmp_path, document)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: [[person]] #1 (sara): popolo 1: {wrong}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert table_snapshot(empty_db) == before


def test_the_offices_settings_travel_with_the_dataset(empty_db, tmp_path, request):
    assert run_cli(empty_db, "setting", "set", "sources", "required").exit_code == 0
    path = tmp_path / "d.toml"
    assert run_cli(empty_db, "export", "dataset", "-o", str(path)).exit_code == 0
    assert '[[setting]]\nkey = "sources"\nvalue = "required"\n' in path.read_text("utf-8")
    copy = new_database(empty_db.backend, tmp_path, request)
    assert run_cli(copy, "import", "dataset", str(path)).exit_code == 0
    assert copy.rows("SELECT key, value FROM setting") == [("sources", "required")]
    # A setting given differently is refused as any recorded value is, unless --overwrite.
    path.write_text(path.read_text("utf-8").replace('"required"', '"optional"'), "utf-8")
    before = table_snapshot(copy)
    refused = run_cli(copy, "import", "dataset", str(path))
    assert refused.exit_code == 1
    assert "[[setting]] #1 (sources): value is 'required' in the database" in refused.stderr
    assert table_snapshot(copy) == before


def test_new_cities_and_memberships_on_the_bulk_path_are_logged_and_undone_whole(
    seeded_db, tmp_path
):
    """A new city and a new membership are written on the bulk path: one audit entry a row,
    with the values and the sources, in one change that `undo --change` reverts whole."""
    document = {
        "format": "citylinks-dataset/1",
        "city": [
            {
                "key": "bulk-town",
                "country": "IR",
                "names": [{"lang": "en", "name": "Bulk  Town", "kind": "official"}],
                "sources": ["S1"],
            }
        ],
        "membership": [
            {
                "organization": "amf",
                "city": "bulk-town",
                "phase": [{"status": "member", "start": "2001", "sources": ["S1"]}],
            }
        ],
    }
    before = table_snapshot(seeded_db)
    _, result = _import(seeded_db, tmp_path, document)
    assert result.exit_code == 0, result.output
    # The officers' rule for a typed name: spaces tidied.
    assert seeded_db.rows("SELECT name FROM city_name WHERE name LIKE 'Bulk%'") == [("Bulk Town",)]
    entries = seeded_db.rows(
        "SELECT table_name, action, before, after, change_id FROM audit_log"
        " WHERE id > (SELECT max(id) FROM audit_log) - 4 ORDER BY id"
    )
    assert [(t, a) for t, a, *_ in entries] == [
        ("city", "insert"),
        ("city_name", "insert"),
        ("membership", "insert"),
        ("membership_phase", "insert"),
    ]
    assert len({change for *_, change in entries}) == 1
    city_after = json.loads(entries[0][3]) if isinstance(entries[0][3], str) else entries[0][3]
    assert entries[0][2] in (None, "null") and city_after["key"] == "bulk-town"
    assert city_after["sources"] == ["S1"]
    phase_after = json.loads(entries[3][3]) if isinstance(entries[3][3], str) else entries[3][3]
    assert phase_after["status"] == "member" and phase_after["start_text"] == "2001"
    undone = run_cli(seeded_db, "undo", "--change", entries[0][4])
    assert undone.exit_code == 0, undone.output
    after = table_snapshot(seeded_db)
    after.pop("audit_log"), before.pop("audit_log")
    assert after == before
