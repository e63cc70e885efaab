"""Files citylinks writes (citylinks.files): an output never replaces the live database, a file
the same command reads, a folder or a device, replaces an existing file only with --force, is
written whole or not at all, and is readable by its owner only."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import run_cli, table_snapshot

MEMBERSHIPS = (
    "city,country,organization,status,from,to,reason,source\n"
    "Shiraz,IR,AMF,membre,2020,,,S0\n"  # a bad row: unknown status
)


def _refused(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stdout == "", result.stdout
    assert result.stderr.strip().splitlines()[-1].startswith("Error: "), result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output


def _live_sqlite(db) -> Path:
    return Path(db.url.removeprefix("sqlite:///"))


# The live database is a file only on SQLite.
@pytest.mark.backends("sqlite")
@pytest.mark.parametrize(
    "args",
    [
        ["export", "dataset", "--force", "--output", "{db}"],
        ["export", "popolo", "--force", "--output", "{db}"],
        ["export", "csv", "cities", "--force", "--output", "{db}"],
        ["roster", "AMF", "--force", "--output", "{db}.csv"],
        ["import", "csv", "memberships", "{csv}", "--skip-bad", "{db}", "--force"],
        ["db", "backup", "{db}", "--force"],
    ],
    ids=["export-dataset", "export-popolo", "export-csv", "report", "skip-bad", "backup"],
)
def test_no_output_replaces_the_live_database(seeded_db, tmp_path, args):
    live = _live_sqlite(seeded_db)
    csv_file = tmp_path / "m.csv"
    csv_file.write_text(MEMBERSHIPS, encoding="utf-8")
    if args[0] == "roster":  # the report's output is the live file under another name
        os.link(live, tmp_path / "live.csv")
        args = [a.replace("{db}.csv", str(tmp_path / "live.csv")) for a in args]
    before_bytes, before = live.read_bytes(), table_snapshot(seeded_db)
    result = run_cli(
        seeded_db, *(a.replace("{db}", str(live)).replace("{csv}", str(csv_file)) for a in args)
    )
    _refused(result, "is the live database: citylinks never writes over it")
    assert live.read_bytes() == before_bytes
    assert table_snapshot(seeded_db) == before


@pytest.mark.any_backend  # files, not the database
@pytest.mark.parametrize("dry_run", [False, True], ids=["write", "dry-run"])
def test_skip_bad_never_replaces_the_file_being_imported(seeded_db, tmp_path, dry_run):
    csv_file = tmp_path / "m.csv"
    csv_file.write_text(MEMBERSHIPS, encoding="utf-8")
    before = table_snapshot(seeded_db)
    args = ["import", "csv", "memberships", str(csv_file), "--skip-bad", str(csv_file), "--force"]
    result = run_cli(seeded_db, *args, *(["--dry-run"] if dry_run else []))
    _refused(result, "is a file this command reads: citylinks never writes over it")
    assert csv_file.read_text(encoding="utf-8") == MEMBERSHIPS
    assert table_snapshot(seeded_db) == before


@pytest.mark.any_backend  # files, not the database
def test_a_dry_run_lists_the_bad_rows_and_writes_no_file(seeded_db, tmp_path):
    csv_file, bad = tmp_path / "m.csv", tmp_path / "bad.csv"
    csv_file.write_text(MEMBERSHIPS, encoding="utf-8")
    result = run_cli(
        seeded_db, "import", "csv", "memberships", str(csv_file), "--skip-bad", str(bad),
        "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "line 2: unknown status 'membre'" in result.stderr
    assert f"1 bad rows would be written to {bad}" in result.stderr
    assert not bad.exists()


@pytest.mark.any_backend  # files, not the database
@pytest.mark.parametrize(
    "args",
    [
        ["export", "dataset", "--output", "{out}"],
        ["export", "popolo", "--output", "{out}"],
        ["export", "csv", "cities", "--output", "{out}"],
        ["timeline", "AMF", "--output", "{out}"],
    ],
    ids=["export-dataset", "export-popolo", "export-csv", "report"],
)
def test_an_existing_file_is_replaced_only_with_force(seeded_db, tmp_path, args):
    suffix = {"dataset": ".toml", "popolo": ".json", "csv": ".csv"}.get(args[1], ".md")
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"out{suffix}"
    out.write_text("the officer's own file\n", encoding="utf-8")
    argv = [a.replace("{out}", str(out)) for a in args]
    result = run_cli(seeded_db, *argv)
    _refused(result, f"{out} exists: choose another file, or add --force to replace it")
    assert out.read_text(encoding="utf-8") == "the officer's own file\n"
    result = run_cli(seeded_db, *argv, "--force")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") != "the officer's own file\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [out.name], "no partial file is left"


@pytest.mark.any_backend  # files, not the database
def test_a_folder_or_a_device_is_never_an_output(seeded_db, tmp_path):
    result = run_cli(seeded_db, "export", "dataset", "--force", "--output", str(tmp_path))
    assert result.exit_code == 2, result.output  # a usage error: --output takes a file
    assert "is a directory" in result.stderr and len(result.stderr.splitlines()) == 1
    result = run_cli(seeded_db, "export", "dataset", "--force", "--output", os.devnull)
    _refused(result, "is not a regular file (a device or a pipe)")
    assert Path(os.devnull).is_char_device()


@pytest.mark.any_backend  # files, not the database
def test_a_symbolic_link_at_the_output_is_replaced_not_followed(seeded_db, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n", encoding="utf-8")
    link = tmp_path / "out.toml"
    link.symlink_to(victim)
    result = run_cli(seeded_db, "export", "dataset", "--force", "--output", str(link))
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "someone else's file\n"
    assert not link.is_symlink() and link.read_text(encoding="utf-8").startswith("format = ")


@pytest.mark.any_backend  # files, not the database
def test_a_csv_report_checks_every_file_before_writing_the_first(seeded_db, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    first = folder / "r.csv"
    result = run_cli(seeded_db, "roster", "AMF", "--output", str(first))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) > 1, written  # the roster's other tables go beside it
    for name in written:
        assert name in result.stderr  # the message names every file it wrote
    first.unlink()
    result = run_cli(seeded_db, "roster", "AMF", "--output", str(first))
    _refused(result, "exists: choose another file, or add --force to replace it")
    assert not first.exists(), "a refused report writes none of its files"


@pytest.mark.any_backend  # no database is opened
def test_a_password_in_the_query_string_is_never_printed():
    url = "postgresql://officer:s3cret@127.0.0.1:5432/test?password=hunter2&sslpassword=p4ss"
    result = run_cli(None, "--db", url, "db", "path")
    assert result.exit_code == 0, result.output
    for secret in ("s3cret", "hunter2", "p4ss"):
        assert secret not in result.output
    assert result.stdout.count("***") == 3, result.stdout


def _citylinks(db, *args: str, encoding: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "CITYLINKS_DATABASE_URL": db.url}
    return subprocess.run(
        [sys.executable, "-m", "citylinks", *args], env=env, capture_output=True, timeout=120
    )


@pytest.mark.backends("sqlite")  # the streams, not the database
@pytest.mark.parametrize("encoding", ["cp1256", "latin-1", "ascii"])
def test_a_stream_that_cannot_show_persian_gets_replacements_and_exports_stay_utf8(
    seeded_db, encoding
):
    shown = _citylinks(seeded_db, "timeline", "AMF", "--lang", "fa", encoding=encoding)
    assert shown.returncode == 0, shown.stderr.decode(errors="replace")
    assert b"Traceback" not in shown.stderr and shown.stdout.strip()
    exported = _citylinks(seeded_db, "export", "dataset", encoding=encoding)
    assert exported.returncode == 0, exported.stderr.decode(errors="replace")
    document = tomllib.loads(exported.stdout.decode("utf-8"))  # UTF-8, whatever the locale
    names = [n["name"] for c in document["city"] for n in c["names"]]
    assert "یزد" in names
    listed = _citylinks(seeded_db, "city", "list", encoding=encoding)
    assert listed.returncode == 0 and b"Traceback" not in listed.stderr
    assert b"Yazd" in listed.stdout
    table = _citylinks(seeded_db, "export", "csv", "memberships", encoding=encoding)
    assert table.returncode == 0, table.stderr.decode(errors="replace")
    assert "یزد" in table.stdout.decode("utf-8") or "Yazd" in table.stdout.decode("utf-8")


# Whatever a source said is shown as text: the Markdown escaping is the renderer's, not the
# database's.
@pytest.mark.any_backend
def test_markdown_output_shows_stored_text_as_text(seeded_cli):
    from markdown_it import MarkdownIt

    theme = "[x](javascript:alert(1)) ![i](http://example.org/x.png) AT&T <b>b</b> *e* | 1. x"
    added = seeded_cli(
        "session", "add", "AMF", "99", "--series", "general-assembly", "--host", "Tehran",
        "--from", "2030", "--theme", theme, "--source", "S0",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    result = seeded_cli("timeline", "AMF", "--format", "markdown")
    assert result.exit_code == 0, result.output
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    for live in ("<a ", "<img", "<b>", "<em>", "<ol"):
        assert live not in html, live
    assert html.count("<table>") >= 1
    shown = (
        "[x](javascript:alert(1)) ![i](http://example.org/x.png) AT&amp;T &lt;b&gt;b&lt;/b&gt;"
        " *e* | 1. x"
    )
    assert shown in html, html


@pytest.mark.any_backend  # files, not the database
def test_a_link_to_a_stream_or_a_system_path_is_never_an_output(seeded_db, tmp_path):
    """`--output /dev/stdout --force` replaced the system's /dev/stdout link with a file."""
    link = tmp_path / "out.toml"
    link.symlink_to("/proc/self/fd/1")
    for target in ("/dev/stdout", str(link)):
        result = run_cli(seeded_db, "export", "dataset", "--force", "--output", target)
        assert result.exit_code == 1, result.output
        assert "Error: " in result.stderr and "choose a file" in result.stderr
    assert Path("/dev/stdout").is_symlink() and link.is_symlink()


@pytest.mark.any_backend  # no database is reached
@pytest.mark.parametrize("debug", [[], ["--debug"]], ids=["plain", "debug"])
def test_a_connection_error_never_shows_a_password(debug):
    import subprocess
    import sys

    url = "postgresql://officer:s3cret@127.0.0.1:1/test?password=hunter2&sslpassword=p4ss"
    result = subprocess.run(
        [sys.executable, "-m", "citylinks", "--db", url, *debug, "timeline", "AMF"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    for secret in ("s3cret", "hunter2", "p4ss"):
        assert secret not in result.stdout + result.stderr
    if not debug:
        assert result.stderr.startswith("Error: cannot open the database postgresql://officer:***@")


@pytest.mark.any_backend  # files, not the database
@pytest.mark.parametrize(
    "args", [["export", "dataset"], ["timeline", "AMF"]], ids=["export", "report"]
)
def test_a_full_disk_leaves_the_old_file_and_no_partial_one(seeded_db, tmp_path, monkeypatch, args):
    import errno

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / ("out.toml" if args[0] == "export" else "out.md")
    target.write_text("the officer's own file\n", encoding="utf-8")

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run_cli(seeded_db, *args, "--output", str(target), "--force")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and "No space left on device" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "the officer's own file\n"
    assert [p.name for p in folder.iterdir()] == [target.name], "no partial file is left"


# The message, from the audit log: on every backend (the log's query runs there).
def test_an_edit_racing_a_removal_names_who_removed_the_record(seeded_cli, seeded_db):
    from sqlalchemy.orm.exc import StaleDataError

    from citylinks.db import open_database
    from citylinks.errors import Conflict
    from citylinks.services.audit_log import refusing_stale_writes
    from citylinks.services.lookup import find_city

    added = seeded_cli("--as", "maryam", "city", "add", "Testville", "--country", "IR")
    assert added.exit_code == 0, added.output
    removed = seeded_cli("--as", "maryam", "city", "remove", "Testville")
    assert removed.exit_code == 0, removed.output
    db = open_database(seeded_db.url, "reza")
    try:
        # Officer reza's edit of Testville meets the removal between his reading and writing.
        with pytest.raises(Conflict) as refused:  # noqa: PT012
            with refusing_stale_writes(
                lambda: db,
                "city",
                "Testville",
                lambda session: find_city(session, "Testville"),
                None,
            ):
                raise StaleDataError("UPDATE statement on table 'city' expected 1 row")
    finally:
        db.engine.dispose()
    assert str(refused.value).startswith("city 'Testville' was removed by maryam at ")
    assert "nothing was written" in str(refused.value)


@pytest.mark.backends("sqlite")  # the stream, not the database
def test_a_closed_standard_output_is_one_line_not_a_traceback(seeded_db):
    result = subprocess.run(
        [sys.executable, "-m", "citylinks", "--db", seeded_db.url, "timeline", "AMF"],
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        # fd 1 closed in the child, as a shell's >&- leaves it
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 1
    assert result.stderr == ("Error: standard output is closed: redirect it, e.g. > FILE\n")


@pytest.mark.any_backend  # files, not the database
def test_an_output_path_with_escape_sequences_is_echoed_as_text(seeded_db, tmp_path):
    """A file name holding a terminal escape (ESC [2J clears the screen) is written as named,
    and the message names it with the escape shown as text."""
    target = tmp_path / "a\x1b[2Jb.toml"
    result = run_cli(seeded_db, "export", "dataset", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.exists()
    assert "\x1b" not in result.stdout + result.stderr
    assert "\\x1b[2Jb.toml" in result.stdout + result.stderr


@pytest.mark.any_backend  # files, not the database
def test_a_newline_in_an_output_path_cannot_forge_a_line_of_output(seeded_db, tmp_path):
    target = tmp_path / "d\nError: forged.toml"
    result = run_cli(seeded_db, "export", "dataset", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.exists()
    said = result.stdout + result.stderr
    assert len(said.strip().splitlines()) == 1, said
    assert "d\\nError: forged.toml" in said


@pytest.mark.backends("sqlite")  # the files beside the live SQLite database
def test_the_live_databases_lock_file_is_never_an_output(seeded_db):
    lock = seeded_db.url.removeprefix("sqlite:///") + ".lock"
    result = run_cli(seeded_db, "export", "dataset", "--output", lock, "--force")
    assert result.exit_code == 1, result.output
    assert "part of the live database" in result.stderr


# any_backend: how Markdown shows stored text, not what the database stores
@pytest.mark.any_backend
def test_markdown_shows_stored_punctuation_as_typed_in_a_reader_and_as_plain_text(seeded_cli):
    """A Markdown reader shows the theme exactly as recorded, "&amp;" included; read as plain
    text the file is not cluttered with escapes where the punctuation means nothing."""
    import html as html_module

    from markdown_it import MarkdownIt

    theme = "Progress & Justice (2030) #1 AT&amp;T snake_case 5 < 6 | a ~~b~~ \\ [c]"
    added = seeded_cli(
        "session", "add", "AMF", "99", "--series", "general-assembly", "--host", "Tehran",
        "--from", "2030", "--theme", theme, "--source", "S0",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    result = seeded_cli("timeline", "AMF", "--format", "markdown", "--from", "2030")
    assert result.exit_code == 0, result.output
    assert "Progress & Justice (2030) #1" in result.stdout
    assert "&amp;" not in result.stdout.replace("AT\\&amp;T", "")
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(result.stdout)
    cells = re.findall(r"<td>(.*?)</td>", page)
    assert theme in [html_module.unescape(cell) for cell in cells], cells
    assert "<del>" not in page and "<a " not in page


# any_backend: the options are checked before the database is opened
@pytest.mark.any_backend
def test_a_format_that_disagrees_with_the_output_file_is_refused(seeded_cli, tmp_path):
    target = tmp_path / "x.html"
    result = seeded_cli("timeline", "AMF", "--output", str(target), "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: --format csv disagrees with --output x.html, which writes HTML: leave out"
        " --format (the suffix picks the format), or name a .csv file"
        " (see 'citylinks timeline --help')"
    )
    assert not target.exists()
    # Agreeing, they are taken: .md is markdown, .txt the table.
    for name, fmt in (("x.md", "markdown"), ("x.txt", "table"), ("x.json", "json")):
        done = seeded_cli("stats", "AMF", "--output", str(tmp_path / name), "--format", fmt)
        assert done.exit_code == 0, done.output
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("# ")


# any_backend: how a record is printed; the reading is checked by the show tests on every backend
@pytest.mark.any_backend
@pytest.mark.parametrize(
    "args",
    [["city", "show", "Yazd"], ["org", "show", "AMF"], ["person", "show", "amrollahi"]],
    ids=["city", "org", "person"],
)
def test_show_takes_lang_fa_for_its_labels_and_dates(seeded_cli, args):
    english = seeded_cli(*args)
    persian = seeded_cli(*args, "--lang", "fa")
    assert persian.exit_code == 0, persian.output
    assert "  version: " in english.stdout and "  نسخه: " in persian.stdout
    assert "  version: " not in persian.stdout


# any_backend: how a record is printed
@pytest.mark.any_backend
def test_city_show_in_persian_gives_periods_in_persian_with_jalali_first(seeded_cli):
    result = seeded_cli("city", "show", "Yazd", "--lang", "fa")
    amf = next(line for line in result.stdout.splitlines() if line.strip().startswith("AMF:"))
    assert "از بین ۶ آذر ۱۴۰۴ و ۸ آذر ۱۴۰۴ (بین ۲۷ نوامبر ۲۰۲۵ و ۲۹ نوامبر ۲۰۲۵) تا کنون" in amf


# any_backend: how a record is printed
@pytest.mark.any_backend
def test_show_with_bidi_lays_persian_out_right_to_left(seeded_cli):
    from citylinks.render.output import visual_order
    from citylinks.text import display_width

    plain = seeded_cli("source", "show", "S1", "--lang", "fa")
    by_env = seeded_cli(
        "source", "show", "S1", "--lang", "fa", env={"CITYLINKS_BIDI": "1", "COLUMNS": "100"}
    )
    by_option = seeded_cli("source", "show", "S1", "--lang", "fa", "--bidi", env={"COLUMNS": "100"})
    assert by_option.exit_code == 0, by_option.output
    assert by_option.stdout == by_env.stdout != plain.stdout
    lines = [line for line in by_option.stdout.splitlines() if line.strip()]
    # Each line reordered for the terminal, and standing on the right (lines as wide as the
    # terminal, or wider, fill it).
    assert all(line.startswith(" ") or display_width(line) >= 100 for line in lines)
    assert all(display_width(line) >= 100 for line in lines)
    titled = next(line for line in plain.stdout.splitlines() if "عنوان:" in line)
    assert visual_order(titled).strip() in [line.strip() for line in lines]
    # Dates keep their digits in order inside a right-to-left line.
    assert "2025-09-08" in by_option.stdout and "08-09-2025" not in by_option.stdout


@pytest.mark.any_backend  # files, not the database
def test_a_pdf_report_is_written_as_every_other_output(seeded_db, tmp_path, monkeypatch):
    """The PDF's bytes go through files.atomic_output like every text output: an existing file
    only with --force, a symbolic link replaced and not followed, 0600, and a failed write
    leaves the old file and no partial one. (WeasyPrint's part is stood in for: the bytes.)"""
    import errno

    import citylinks.render.pdf

    monkeypatch.setattr(citylinks.render.pdf, "pdf_bytes", lambda document, lang: b"%PDF-1.7\n")
    folder = tmp_path / "out"
    folder.mkdir()
    victim = tmp_path / "victim.pdf"
    victim.write_bytes(b"someone else's file")
    out = folder / "timeline.pdf"
    out.symlink_to(victim)
    result = run_cli(seeded_db, "timeline", "AMF", "--output", str(out))
    _refused(result, f"{out} exists: choose another file, or add --force to replace it")
    result = run_cli(seeded_db, "timeline", "AMF", "--output", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}\n"
    assert victim.read_bytes() == b"someone else's file"
    assert not out.is_symlink() and out.read_bytes() == b"%PDF-1.7\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run_cli(seeded_db, "timeline", "AMF", "--output", str(out), "--force")
    _refused(result, f"cannot write {out}: No space left on device")
    assert out.read_bytes() == b"%PDF-1.7\n"
    assert [p.name for p in folder.iterdir()] == [out.name], "no partial file is left"
