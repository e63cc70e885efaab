"""The bad-input corpus (tests/corpus/*.toml): every case a user can get wrong, on every backend.

A refused case must exit with its code (1, or 2 for a usage error), print exactly one line on
stderr starting with "Error: " (CSV imports may first list their bad rows, "line N: ..."), no
traceback, nothing on stdout, and leave the database as it was: byte for byte on SQLite (the
file after a checkpoint), row for row everywhere (`table_snapshot`).

Cases of the ACCEPTED group (accepted.toml) are not refusals: the text is stored, and the
commands that show it print it literally (Rich markup stays text), with control and bidi
characters made visible, and CSV exports quote formulas.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import typer.main
import typer.testing
from conftest import Result, new_database, run_cli, table_snapshot

from citylinks.cli.app import app

if TYPE_CHECKING:
    from conftest import TestDatabase

CORPUS = Path(__file__).parent / "corpus"
# Typer's test runner builds the Click command on every invocation (a quarter of a second); the
# corpus runs hundreds of commands, so it is built once (see _command_built_once).
COMMAND = typer.main.get_command(app)
BUNDLED = Path(__file__).parents[1] / "data" / "amf.toml"
CSV_HEADER = "city,country,organization,status,from,to,source\n"


def _load_cases() -> list[dict]:
    cases = []
    for name in ("arguments", "files", "accepted"):
        for case in tomllib.loads((CORPUS / f"{name}.toml").read_text("utf-8"))["case"]:
            case.setdefault("group", "accepted" if name == "accepted" else name)
            cases.append(case)
    dates = tomllib.loads((CORPUS / "dates.toml").read_text("utf-8"))
    for option in dates["option"]:
        for date in dates["date"]:
            cases.append(
                {
                    "id": f"date:{option['id']}:{date['id']}",
                    "group": "dates",
                    "args": [a.replace("{date}", date["value"]) for a in option["args"]],
                    "message": "^Error: .*" + date["message"],
                }
            )
    return cases


CASES = _load_cases()
REFUSED = [c for c in CASES if c["group"] != "accepted"]
ACCEPTED = [c for c in CASES if c["group"] == "accepted"]


def _refused_before_any_query(case: dict) -> bool:
    """A usage error (exit 2: the arguments as typed) or an impossible date (the date rules):
    refused by the same Python code on every backend before the value meets any SQL."""
    return case["group"] == "dates" or case.get("exit", 1) == 2


REFUSED_BY_THE_DATABASE_PATH = [c for c in REFUSED if not _refused_before_any_query(c)]
REFUSED_BEFORE_ANY_QUERY = [c for c in REFUSED if _refused_before_any_query(c)]


def test_the_readme_gives_the_corpus_figures_as_they_are():
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    figures = " ".join(readme.split())  # the paragraph is wrapped
    for said in (
        f"holds {len(REFUSED)} refused cases and {len(ACCEPTED)} accepted ones",
        f"{len(REFUSED_BY_THE_DATABASE_PATH)} refusals reach the database",
        f"({3 * len(REFUSED_BY_THE_DATABASE_PATH)} runs)",
        f"{len(REFUSED_BEFORE_ANY_QUERY)} are refused before any query",
    ):
        assert said in figures, f"README.md should say: {said}"


def test_the_corpus_has_at_least_150_cases_with_unique_ids():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert len(REFUSED) >= 150, len(REFUSED)
    print(
        f"\nbad-input corpus: {len(CASES)} cases ({len(REFUSED)} refused, {len(ACCEPTED)} accepted)"
    )


# --- files the cases read -------------------------------------------------------------------


def _cp1256_memberships(_db: TestDatabase, _tmp: Path) -> bytes:
    # Persian Excel's "CSV": Windows-1256, Arabic yeh, CRLF.
    return (CSV_HEADER + "شيراز,IR,AMF,member,1400,,S0\n").replace("\n", "\r\n").encode("cp1256")


def _utf16_memberships(_db: TestDatabase, _tmp: Path) -> bytes:
    return (CSV_HEADER + "Shiraz,IR,AMF,member,2020,,S0\n").encode("utf-16")


def _utf16_dataset(_db: TestDatabase, _tmp: Path) -> bytes:
    return 'format = "citylinks-dataset/1"\n'.encode("utf-16")


def _binary_junk(_db: TestDatabase, _tmp: Path) -> bytes:
    import random

    rng = random.Random(7)
    return b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000))


def _ten_megabyte_field(_db: TestDatabase, _tmp: Path) -> bytes:
    header = "city,country,organization,status,from,to,note,source\n"
    return (header + "Shiraz,IR,AMF,member,2020,," + "x" * 10_000_000 + ",S0\n").encode()


def _two_hundred_kilobyte_field(_db: TestDatabase, _tmp: Path) -> bytes:
    header = "city,country,organization,status,from,to,note,source\n"
    return (header + "Shiraz,IR,AMF,member,2020,," + "x" * 200_000 + ",S0\n").encode()


def _two_megabyte_header(_db: TestDatabase, _tmp: Path) -> bytes:
    return ("city," * 400_000 + "country\nYazd,IR\n").encode()


def _row_of_many_quoted_lines(_db: TestDatabase, _tmp: Path) -> bytes:
    cell = '"' + "a short line\n" * 9_000 + '"'  # 117,000 characters, 9,000 lines
    return (CSV_HEADER + ",".join([cell] * 10) + "\n").encode()


def _half(text: str) -> bytes:
    """The first half of `text`, cut between two characters (a cut inside a Persian letter's
    bytes would be refused as "not UTF-8", before the syntax the case is about)."""
    return text[: len(text) // 2].encode()


def _truncated_bundled_dataset(_db: TestDatabase, _tmp: Path) -> bytes:
    return _half(BUNDLED.read_text(encoding="utf-8"))


def _export_truncated_at_a_record(db: TestDatabase, tmp: Path) -> bytes:
    """An export cut off just after a [[membership]] header: valid TOML, half a record."""
    text = _export(db, tmp)
    cut = text.index("[[membership]]")
    return (text[:cut] + '[[membership]]\ncity = "yazd"\n').encode()


def _export_with_audit(db: TestDatabase, tmp: Path) -> bytes:
    return _export(db, tmp, "--with-audit").encode()


def _truncated_popolo_export(db: TestDatabase, _tmp: Path) -> bytes:
    result = run_cli(db, "export", "popolo")
    assert result.exit_code == 0, result.output
    return _half(result.stdout)


def _truncated_backup(db: TestDatabase, tmp: Path) -> bytes:
    target = tmp / "full-backup"
    result = run_cli(db, "db", "backup", str(target))
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    target.unlink()
    return data[: len(data) // 2]


def _export(db: TestDatabase, tmp: Path, *extra: str) -> str:
    target = tmp / "export.toml"
    result = run_cli(db, "export", "dataset", "--output", str(target), *extra)
    assert result.exit_code == 0, result.output
    text = target.read_text("utf-8")
    target.unlink()
    return text


def _popolo_newer_version_without_the_only_source(_db: TestDatabase, tmp: Path) -> bytes:
    """A newer version of a Popolo document (its first, `v1.json`, written beside it for the
    case's setup) whose only person no longer gives the one source the earlier did."""
    first = {
        "persons": [{"id": "p1", "name": "Ann Smith", "sources": [{"url": "https://e.org/a"}]}]
    }
    (tmp / "v1.json").write_text(json.dumps(first), encoding="utf-8")
    return json.dumps({"persons": [{"id": "p1", "name": "Ann Smith", "sources": []}]}).encode()


def _deeply_nested_json(_db: TestDatabase, _tmp: Path) -> bytes:
    return b'{"organizations": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


def _deeply_nested_toml(_db: TestDatabase, _tmp: Path) -> bytes:
    return b'format = "citylinks-dataset/1"\nx = ' + b"[" * 100_000 + b"]" * 100_000 + b"\n"


def _utf16le_without_bom(_db: TestDatabase, _tmp: Path) -> bytes:
    return "city,country\nA,IR\n".encode("utf-16-le")


def _five_thousand_digit_number(_db: TestDatabase, _tmp: Path) -> bytes:
    return b'format = "citylinks-dataset/1"\nx = ' + b"7" * 5000 + b"\n"


_POPOLO_DOCUMENT = (
    "INSERT INTO popolo_document (namespace, file_name, digest, top_level, first_imported_at,"
    " last_imported_at) VALUES ('{namespace}', 'ep.json', '{digest}', NULL, '{at}', '{at}')"
)
_POPOLO_EXTRA = (
    "INSERT INTO popolo_extra (section, popolo_id, stub, data)"
    " VALUES ('{section}', 'p1', 0, '{data}')"
)
_FIRST_PERSON = "(SELECT min(id) FROM person)"


def _popolo_kept(
    section: str, data: str, table: str = "NULL", row: str = "NULL", version: str = "NULL",
    stub: str = "0",
) -> str:  # fmt: skip
    """r18c: SQL keeping an object with id p1 beside a row of `table` (NULL: none)."""
    return (
        "INSERT INTO popolo_extra"
        " (section, table_name, row_id, row_version, popolo_id, stub, data) VALUES"
        f" ('{section}', {table}, {row}, {version}, 'p1', {stub}, '{data}')"
    )


# SQLite backups another program wrote into: `db restore` checks every stored text by the rule
# the commands apply to it (a server restores only into an empty database, and says so first).
TAMPERED_BACKUPS = {
    "backup_name_with_an_escape": (
        "UPDATE city_name SET name = 'Ya' || char(27) || '[2Jzd' WHERE name = 'Yazd'"
    ),
    "backup_name_with_a_bidi_override": (
        "UPDATE city_name SET name = 'Shi' || char(8238) || 'raz' WHERE name = 'Shiraz'"
    ),
    "backup_name_mixing_scripts": (
        "UPDATE city_name SET name = 'Y' || char(1072) || 'zd' WHERE name = 'Yazd'"
    ),
    "backup_title_too_long": "UPDATE source SET title = printf('%.501c', 'x') WHERE key = 'S1'",
    "backup_status_not_in_the_list": (
        "PRAGMA ignore_check_constraints=1; UPDATE membership_phase SET status = 'ally'"
        " WHERE id = (SELECT min(id) FROM membership_phase)"
    ),
    "backup_officer_forging_a_line": (
        "UPDATE city SET updated_by = 'x' || char(10) || 'Error: forged' WHERE key = 'yazd'"
    ),
    # Other tools' Popolo documents and objects, moments and language tags (issue 18).
    "backup_popolo_namespace_with_a_slash": _POPOLO_DOCUMENT.format(
        namespace="a/b", digest="", at="2025-01-01 00:00:00.000000"
    ),
    "backup_popolo_digest_not_hex": _POPOLO_DOCUMENT.format(
        namespace="ep", digest="xyz", at="2025-01-01 00:00:00.000000"
    ),
    "backup_popolo_import_moment_garbage": _POPOLO_DOCUMENT.format(
        namespace="ep", digest="", at="garbage"
    ),
    "backup_popolo_object_of_an_unknown_section": _POPOLO_EXTRA.format(
        section="parties", data="{}"
    ),
    "backup_popolo_object_not_an_object": _POPOLO_EXTRA.format(section="persons", data="[1]"),
    "backup_name_language_tag_with_a_space": (
        "UPDATE city_name SET lang = 'fa ir' WHERE name = 'Yazd'"
    ),
    "backup_popolo_object_nested_too_deeply": _POPOLO_EXTRA.format(
        section="persons", data='{"x": ' + "[" * 5000 + "]" * 5000 + "}"
    ),
    # r18c: Popolo rows that disagree with each other or with the import's rules (issue 18).
    **{
        f"backup_popolo_{name}": sql
        for name, sql in {
            "persons_object_under_events": _popolo_kept(
                "events", '{"id": "p1"}', "'person'", _FIRST_PERSON, "1"
            ),
            "persons_object_beside_a_session": _popolo_kept(
                "persons", '{"id": "p1"}', "'session'", "(SELECT min(id) FROM session)", "1"
            ),
            "object_with_a_bidi_override": _popolo_kept(
                "areas", '{"id": "p1", "name": "a\u202eb"}'
            ),
            "object_with_an_escape": _popolo_kept("areas", '{"id": "p1", "note": "a\\u001b[2J"}'),
            "namespaces_alike": _POPOLO_DOCUMENT.format(
                namespace="EP", digest="", at="2025-01-01 00:00:00.000000"
            )
            + ";"
            + _POPOLO_DOCUMENT.format(namespace="ЕР", digest="", at="2025-01-01 00:00:00.000000"),
            "stub_that_is_two": _popolo_kept(
                "persons", '{"id": "p1"}', "'person'", _FIRST_PERSON, "1", stub="2"
            ),
            "object_beside_no_row": _popolo_kept(
                "persons", '{"id": "p1"}', "'person'", "99999", "1"
            ),
            "negative_row_version": _popolo_kept(
                "persons", '{"id": "p1"}', "'person'", _FIRST_PERSON, "-1"
            ),
            "id_not_the_objects": _popolo_kept("areas", '{"id": "p2"}'),
            "top_level_holding_a_section": _POPOLO_DOCUMENT.format(
                namespace="ep", digest="", at="2025-01-01 00:00:00.000000"
            ).replace("NULL", """'{"persons": []}'"""),
            "last_import_before_the_first": _POPOLO_DOCUMENT.format(
                namespace="ep", digest="", at="2025-01-02 00:00:00.000000"
            ).replace("'2025-01-02 00:00:00.000000')", "'2025-01-01 00:00:00.000000')"),
        }.items()
    },
    "backup_row_at_version_zero": "UPDATE city SET version = 0 WHERE key = 'yazd'",
}
_SQLITE_BACKUP: list[bytes] = []


def _sqlite_backup(tmp: Path) -> bytes:
    """A SQLite backup of the bundled data, whatever the backend under test (made once)."""
    if not _SQLITE_BACKUP:
        url = f"sqlite:///{tmp / 'backup-source.sqlite'}"
        assert run_cli(None, "--db", url, "seed").exit_code == 0
        target = tmp / "backup-source.backup"
        assert run_cli(None, "--db", url, "db", "backup", str(target)).exit_code == 0
        _SQLITE_BACKUP.append(target.read_bytes())
    return _SQLITE_BACKUP[0]


def _tampered_backup(sql: str):
    def make(_db: TestDatabase, tmp: Path) -> bytes:
        path = tmp / "tampered-backup.sqlite"
        path.write_bytes(_sqlite_backup(tmp))
        conn = sqlite3.connect(path)
        conn.executescript(sql)
        conn.commit()
        conn.close()
        return path.read_bytes()

    return make


GENERATORS = {
    **{name: _tampered_backup(sql) for name, sql in TAMPERED_BACKUPS.items()},
    "five_thousand_digit_number": _five_thousand_digit_number,
    "utf16le_without_bom": _utf16le_without_bom,
    "deeply_nested_json": _deeply_nested_json,
    "popolo_newer_version_without_the_only_source": _popolo_newer_version_without_the_only_source,
    "deeply_nested_toml": _deeply_nested_toml,
    "cp1256_memberships": _cp1256_memberships,
    "utf16_memberships": _utf16_memberships,
    "utf16_dataset": _utf16_dataset,
    "binary_junk": _binary_junk,
    "ten_megabyte_field": _ten_megabyte_field,
    "two_hundred_kilobyte_field": _two_hundred_kilobyte_field,
    "two_megabyte_header": _two_megabyte_header,
    "row_of_many_quoted_lines": _row_of_many_quoted_lines,
    "truncated_bundled_dataset": _truncated_bundled_dataset,
    "export_truncated_at_a_record": _export_truncated_at_a_record,
    "export_with_audit": _export_with_audit,
    "truncated_popolo_export": _truncated_popolo_export,
    "truncated_backup": _truncated_backup,
}
LONG = re.compile(r"\{long:(\d+)\}")


def _arguments(case: dict, db: TestDatabase, tmp: Path) -> list[str]:
    path = None
    if "file" in case:
        spec = case["file"]
        path = tmp / spec["name"]
        if "generator" in spec:
            path.write_bytes(GENERATORS[spec["generator"]](db, tmp))
        elif spec.get("fifo"):  # a named pipe no one writes to: reading it would wait for ever
            os.mkfifo(path)
        elif "sparse" in spec:  # that many NUL bytes, taking no room on the disk
            with path.open("wb") as out:
                out.truncate(spec["sparse"])
        else:
            path.write_text(spec["text"], encoding="utf-8", newline="")
    args = []
    for arg in case["args"]:
        arg = LONG.sub(lambda m: ("Yazd" * int(m.group(1)))[: int(m.group(1))], arg)
        arg = arg.replace("{tmp}", str(tmp))
        if path is not None:
            arg = arg.replace("{file}", str(path))
        args.append(arg)
    return args


@pytest.fixture(autouse=True)
def _command_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    build = typer.testing._get_command
    monkeypatch.setattr(
        typer.testing, "_get_command", lambda given: COMMAND if given is app else build(given)
    )


def run(db: TestDatabase, *args: str) -> Result:
    """`citylinks --db URL ARGS...`, in-process, as `conftest.run_cli` runs it."""
    return run_cli(db, *args)


# --- the state of the database --------------------------------------------------------------


def _sqlite_file_digest(db: TestDatabase) -> str:
    """sha256 of the database file once its write-ahead log is checkpointed into it."""
    path = Path(db.url.removeprefix("sqlite:///"))
    conn = sqlite3.connect(path)
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0
    finally:
        conn.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _state(db: TestDatabase) -> tuple:
    digest = _sqlite_file_digest(db) if db.backend == "sqlite" else None
    return digest, table_snapshot(db)


class _SharedDatabase:
    """One seeded database per backend for all the refused cases: each leaves it as it was
    (that is what the case checks), so the next case can use it too, which spares a database
    copy per case. A case that changed it discards it, and the next case gets a fresh one."""

    def __init__(self, backend: str, request: pytest.FixtureRequest, tmp: Path) -> None:
        self.backend, self.request, self.tmp = backend, request, tmp
        self.db: TestDatabase | None = None
        self.state: tuple | None = None

    def get(self) -> TestDatabase:
        if self.db is None:
            self.db = new_database(self.backend, self.tmp, self.request, seeded=True)
            # A first command brings a copied file to the state any citylinks command leaves it
            # in (write-ahead log mode), so that comparisons see only what a case did.
            assert run(self.db, "db", "current").exit_code == 0
            self.state = None
        return self.db

    def discard(self) -> None:
        self.db = None
        self.state = None


@pytest.fixture(scope="module")
def shared_corpus_db(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory
) -> _SharedDatabase:
    return _SharedDatabase(backend, request, tmp_path_factory.mktemp("corpus"))


@pytest.fixture
def corpus_db(seeded_db: TestDatabase) -> TestDatabase:
    """A database of its own, for the accepted cases (they change it)."""
    assert run(seeded_db, "db", "current").exit_code == 0
    return seeded_db


# --- the cases --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", REFUSED_BY_THE_DATABASE_PATH, ids=[c["id"] for c in REFUSED_BY_THE_DATABASE_PATH]
)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(case, shared_corpus_db, tmp_path):
    corpus_db = shared_corpus_db.get()
    args = _arguments(case, corpus_db, tmp_path)
    if "setup" in case:  # what the database must hold first (an earlier version imported)
        for setup in case["setup"]:
            done = run(corpus_db, *(a.replace("{tmp}", str(tmp_path)) for a in setup))
            assert done.exit_code == 0, done.output
        shared_corpus_db.state = None
    before = shared_corpus_db.state or _state(corpus_db)
    shared_corpus_db.discard()  # until the case is shown to have changed nothing

    result = run(corpus_db, *args)
    after = _state(corpus_db)
    assert after == before, "the refused command changed the database"
    shared_corpus_db.db, shared_corpus_db.state = corpus_db, after
    if "setup" in case:
        shared_corpus_db.discard()  # the next case gets a database without what it set up

    expected_exit = case.get("exit", 1)
    assert result.exit_code == expected_exit, result.output[:2000]
    assert "Traceback" not in result.output
    assert result.stdout == case.get("stdout", "")
    lines = result.stderr.splitlines()
    assert lines and result.stderr.endswith("\n"), result.stderr
    if case.get("stderr") == "listed":
        listed, last = lines[:-1], lines[-1]
        assert all(line.startswith("line ") for line in listed), listed
        for pattern in case.get("listed", []):
            assert any(re.search(pattern, line) for line in listed), (pattern, listed)
    else:
        assert len(lines) == 1, result.stderr
        last = lines[0]
    assert last.startswith("Error: "), last
    assert "internal error" not in last
    assert re.search(case["message"], last), f"{case['message']!r} not in {last!r}"
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


# any_backend: refused before any query (see _refused_before_any_query); the same checks.
@pytest.mark.any_backend
@pytest.mark.parametrize(
    "case", REFUSED_BEFORE_ANY_QUERY, ids=[c["id"] for c in REFUSED_BEFORE_ANY_QUERY]
)
def test_bad_input_refused_before_any_query_is_refused_in_one_line_and_changes_nothing(
    case, shared_corpus_db, tmp_path
):
    test_bad_input_is_refused_in_one_line_and_changes_nothing(case, shared_corpus_db, tmp_path)


@pytest.mark.parametrize("case", ACCEPTED, ids=[c["id"] for c in ACCEPTED])
def test_accepted_text_is_stored_literally_and_shown_harmlessly(case, corpus_db, tmp_path):
    args = _arguments(case, corpus_db, tmp_path)
    counts = {
        t: corpus_db.scalar(f"SELECT COUNT(*) FROM {t}") for t in case.get("check_tables", [])
    }  # noqa: S608

    result = run(corpus_db, *args)

    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "Error" not in result.stderr
    for table, count in counts.items():
        assert corpus_db.scalar(f"SELECT COUNT(*) FROM {table}") >= count  # noqa: S608
    for then in case["then"]:
        shown = run(corpus_db, *then["args"])
        assert shown.exit_code == 0, shown.output
        for text in then.get("shows", []):
            assert text in shown.stdout, (text, shown.stdout[:3000])
        for text in then.get("hides", []) + ["\x1b", "\u202e"]:
            assert text not in shown.stdout, (text, shown.stdout[:3000])


# --- a file too large to read whole ---------------------------------------------------------


def _limited_memory() -> None:  # pragma: no cover -- runs in the child process
    import resource

    # 2 GiB of address space, a fifth of the 10 GiB file: reading it whole would fail, and the
    # MariaDB driver's process, whose libraries map more, does not crash at the edge of 1 GiB
    # (it segfaulted on exit there once the Persian catalogue grew by 66 bytes).
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.parametrize(
    "content",
    ["nul", "one-line"],
    ids=["10-gib-of-nul-bytes", "one-line-of-10-gib"],
)
def test_a_ten_gigabyte_csv_file_is_refused_without_filling_the_memory(
    seeded_db, tmp_path, content
):
    """A 10 GiB file with no line end (sparse: NUL bytes, or 3 MiB of letters and then NUL
    bytes), imported by a process allowed 1 GiB of memory: refused in one line naming what is
    wrong, after reading a bounded piece of it; the database as it was."""
    import subprocess
    import sys

    path = tmp_path / "huge.csv"
    with path.open("wb") as out:
        out.truncate(10 << 30)
        if content == "one-line":
            out.write(b"city,country," + b"x" * (3 << 20))  # then NUL bytes, past the limit
    before = table_snapshot(seeded_db)

    result = subprocess.run(
        [sys.executable, "-m", "citylinks", "--db", seeded_db.url, "import", "csv", "memberships",
         str(path)],
        capture_output=True, text=True, timeout=300, preexec_fn=_limited_memory,
    )  # fmt: skip

    assert result.returncode == 1, result.stderr
    expected = {
        "nul": "huge.csv: line 1 holds a NUL character, which no CSV text holds",
        "one-line": "huge.csv: line 1 makes a row longer than 1,048,576 characters (1 MiB)",
    }[content]
    assert result.stderr.startswith("Error: ") and expected in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert table_snapshot(seeded_db) == before
