"""Issue 15 (fresh clone, Persian first): a record id typed in Persian or Arabic-Indic digits
names the same record as in ASCII digits, at every command that takes a city, organization
or person by reference (Persian output prints ids in Persian digits)."""

from __future__ import annotations

import pytest
from conftest import run_cli, run_fa, table_snapshot

from citylinks.text import to_persian_digits

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _ids(db) -> dict[str, int]:
    return {
        "yazd": db.scalar("select id from city where key = 'yazd'"),
        "shiraz": db.scalar("select id from city where key = 'shiraz'"),
        "amf": db.scalar("select id from organization where key = 'amf'"),
        "amrollahi": db.scalar("select id from person where key = 'amrollahi'"),
        "mohieddini": db.scalar("select id from person where key = 'mohieddini'"),
    }


# Each command with {name} where a record is named by its id, `#`-prefixed or bare.
_COMMANDS = (
    ("city", "show", "{yazd}"),
    ("city", "show", "#{yazd}"),
    ("city", "edit", "{yazd}", "--region", "x", "--dry-run"),
    ("city", "remove", "#{shiraz}", "--dry-run"),
    ("city", "merge", "{yazd}", "{shiraz}", "--dry-run"),
    ("org", "show", "#{amf}"),
    ("org", "show", "{amf}"),
    ("org", "edit", "#{amf}", "--website", "https://example.org", "--dry-run"),
    ("person", "show", "#{amrollahi}"),
    ("person", "edit", "{amrollahi}", "--add-name", "de=X", "--dry-run"),
    ("person", "remove", "#{mohieddini}", "--dry-run"),
    ("person", "merge", "{amrollahi}", "#{mohieddini}", "--dry-run"),
    ("member", "history", "{yazd}", "#{amf}"),
    ("portfolio", "#{yazd}"),
    ("roster", "{amf}"),
    ("timeline", "#{amf}"),
)


@pytest.mark.parametrize("command", _COMMANDS, ids=lambda c: " ".join(c))
def test_an_id_in_persian_or_arabic_indic_digits_names_the_same_record(seeded_db, command):
    ids = _ids(seeded_db)
    ascii_args = [part.format(**ids) for part in command]
    before = table_snapshot(seeded_db)
    expected = run_fa(seeded_db, *ascii_args)
    # a remove or merge of a record others refer to is refused, naming it: found all the same
    assert expected.exit_code in (0, 1) and "جور نیست" not in expected.output, expected.output
    for digits in (to_persian_digits, lambda s: s.translate(_ARABIC_INDIC)):
        typed = [
            digits(part) if "{" in raw else part
            for raw, part in zip(command, ascii_args, strict=True)
        ]
        assert typed != ascii_args
        got = run_fa(seeded_db, *typed)
        assert (got.exit_code, got.stdout, got.stderr) == (
            expected.exit_code,
            expected.stdout,
            expected.stderr,
        ), got.output
    assert table_snapshot(seeded_db) == before


def test_a_persian_id_is_shown_and_found_in_english_too(seeded_db):
    yazd = _ids(seeded_db)["yazd"]
    shown = run_cli(seeded_db, "city", "show", to_persian_digits(str(yazd)))
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("City yazd: Yazd, IR"), shown.stdout


def test_an_edit_by_a_persian_id_changes_that_record(seeded_db):
    yazd = _ids(seeded_db)["yazd"]
    edited = run_fa(
        seeded_db, "city", "edit", "#" + to_persian_digits(str(yazd)), "--region", "یزد"
    )
    assert edited.exit_code == 0, edited.output
    assert seeded_db.scalar("select region from city where key = 'yazd'") == "یزد"


def test_digits_that_name_no_record_are_still_refused(seeded_db):
    missing = run_fa(seeded_db, "city", "show", "۹۹۹۹")
    assert missing.exit_code == 1
    assert "۹۹۹۹" in missing.stderr and "Traceback" not in missing.output
