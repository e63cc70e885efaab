"""A file name the user gives is echoed as files.shown_path shows it: a bidi override (U+202E)
or an escape sequence in it is made visible, never sent to the terminal, in every report an
import, an export, a backup or a restore prints."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cli

NAURU = Path(__file__).parent / "data" / "popolo" / "Nauru-Parliament.json"
NAMES = {
    "bidi-override": ("Na\u202eru", "Na<U+202E>ru"),
    "escape-sequence": ("Na\x1b[31mru", "Na\\x1b[31mru"),
}


def _raw_free(*texts: str) -> None:
    for text in texts:
        assert "\u202e" not in text and "\x1b" not in text, repr(text)


@pytest.mark.parametrize("raw, shown", NAMES.values(), ids=NAMES.keys())
def test_the_popolo_import_report_shows_the_file_name_made_visible(empty_db, tmp_path, raw, shown):
    path = tmp_path / f"{raw}.json"
    shutil.copy(NAURU, path)

    # Such a name is no namespace (p14o: refused without one, saying to give it).
    result = run_cli(empty_db, "import", "popolo", "--namespace", "Nauru", str(path))

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"loaded {shown}.json:"
    _raw_free(result.stdout, result.stderr)


@pytest.mark.any_backend
@pytest.mark.parametrize("raw, shown", NAMES.values(), ids=NAMES.keys())
def test_exports_and_imports_of_every_format_show_the_file_name_made_visible(
    seeded_db, tmp_path, raw, shown
):
    for args, suffix in (
        (("export", "dataset"), ".toml"),
        (("export", "popolo"), ".json"),
        (("export", "csv", "cities"), ".csv"),
    ):
        path = tmp_path / f"{raw}{suffix}"
        result = run_cli(seeded_db, *args, "-o", str(path))
        assert result.exit_code == 0, result.output
        assert f"{shown}{suffix}" in result.stderr, result.stderr
        _raw_free(result.stdout, result.stderr)
    for kind in ("dataset", "popolo"):  # a refusal names the file made visible too
        path = tmp_path / f"{raw}.{kind}"
        path.write_text("{}", "utf-8")
        result = run_cli(seeded_db, "import", kind, str(path))
        assert result.exit_code == 1 and f"{shown}.{kind}" in result.stderr, result.output
        _raw_free(result.stdout, result.stderr)


@pytest.mark.any_backend
@pytest.mark.parametrize("raw, shown", NAMES.values(), ids=NAMES.keys())
def test_the_csv_import_names_its_skip_bad_file_made_visible(seeded_db, tmp_path, raw, shown):
    source = tmp_path / "cities.csv"
    source.write_text("city,country\nYazd,IR\nNowhere,XX\n", "utf-8")
    bad = tmp_path / f"{raw}.csv"

    result = run_cli(seeded_db, "import", "csv", "cities", str(source), "--skip-bad", str(bad))

    assert result.exit_code == 0, result.output
    assert f"written to {tmp_path}/{shown}.csv" in result.stderr, result.stderr
    _raw_free(result.stdout, result.stderr)


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("raw, shown", NAMES.values(), ids=NAMES.keys())
def test_backup_and_restore_show_the_file_names_made_visible(
    backend, seeded_db, tmp_path, raw, shown
):
    backup_file = tmp_path / f"{raw}.sqlite"
    made = run_cli(seeded_db, "db", "backup", str(backup_file))
    assert made.exit_code == 0 and f"{shown}.sqlite" in made.stdout, made.output
    live = tmp_path / f"live-{raw}.sqlite"
    target = run_cli(None, "--db", f"sqlite:///{live}", "db", "restore", str(backup_file), "--yes")
    assert target.exit_code == 0, target.output
    assert f"live-{shown}.sqlite" in target.stdout and f"from {tmp_path}/{shown}" in target.stdout
    path = run_cli(None, "--db", f"sqlite:///{live}", "db", "path")
    assert path.exit_code == 0 and path.stdout.startswith(f"sqlite:///{tmp_path}/live-")
    _raw_free(made.stdout, target.stdout, target.stderr, path.stdout)


@pytest.mark.any_backend
@pytest.mark.parametrize("raw, shown", NAMES.values(), ids=NAMES.keys())
def test_a_stub_made_from_a_disguised_file_names_it_made_visible(empty_db, tmp_path, raw, shown):
    """The note of a stub organization names the file it was referred to by: as shown, so
    that the note passes the note's rule (no bidi control, no escape) and reads harmlessly."""
    path = tmp_path / f"{raw}.json"
    path.write_text(
        '{"persons": [{"id": "p1", "name": "Ana"}],'
        ' "memberships": [{"person_id": "p1", "organization_id": "org-x"}]}',
        "utf-8",
    )

    result = run_cli(empty_db, "import", "popolo", "--namespace", "Nauru", str(path))

    assert result.exit_code == 0, result.output
    _raw_free(result.stdout, result.stderr)
    [(note,)] = empty_db.rows("SELECT note FROM organization")
    assert note == f"A stub: {shown}.json refers to 'org-x' but does not hold it."
