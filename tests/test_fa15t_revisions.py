"""Issue 15 (fresh clone, Persian first): a schema revision is shown in Persian digits under
CITYLINKS_LANG=fa by every `db` command (as ids are), and read in any digits when typed."""

from __future__ import annotations

from conftest import run_cli, run_fa

from citylinks import resources
from citylinks.text import to_persian_digits

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_revisions_are_typed_and_shown_in_persian_digits(empty_db):
    head = resources.head_revision()
    previous = resources.known_revisions()[-2]
    current = run_fa(empty_db, "db", "current")
    assert current.exit_code == 0, current.output
    assert current.stdout.split()[0] == to_persian_digits(head), current.stdout
    down = run_fa(empty_db, "db", "downgrade", to_persian_digits(previous), "--yes")
    assert down.exit_code == 0, down.output
    assert to_persian_digits(previous) in down.stdout and previous not in down.stdout
    assert run_fa(empty_db, "db", "current").stdout.split()[0] == to_persian_digits(previous)
    up = run_fa(empty_db, "db", "upgrade", head.translate(_ARABIC_INDIC))
    assert up.exit_code == 0, up.output
    assert to_persian_digits(head) in up.stdout
    english = run_cli(empty_db, "db", "current")
    assert english.stdout.split()[0] == head


def test_an_unknown_revision_in_persian_digits_is_refused(empty_db):
    refused = run_fa(empty_db, "db", "downgrade", "۹۹۹۹", "--yes")
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1 and "۹۹۹۹" in refused.stderr
    assert run_cli(empty_db, "db", "current").stdout.split()[0] == resources.head_revision()
