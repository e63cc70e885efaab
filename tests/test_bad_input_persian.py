"""The bad-input corpus in Persian (issue 15): with the interface in Persian, every refused
case of tests/corpus is refused with the same exit code, its last line a Persian error with no
English word but what the user typed, names and keys (test_i18n.english_words says which
words those are; here also the keys a file holds: its tables, fields and Popolo sections, and
the record keys a message quotes after `#N`)."""

from __future__ import annotations

import re

import pytest
from test_bad_input import REFUSED, _arguments, _SharedDatabase, run
from test_i18n import PLACEHOLDERS, _invoke, english_words, persian

from citylinks import schema
from citylinks.formats.popolo import SECTIONS

# The words of a file's keys: table and column names (a dataset's kinds and fields are
# these), Popolo's sections, and the language tags a message gives as examples.
KEYS = (
    {w for name in schema.metadata.tables for w in name.split("_")}
    | {w for t in schema.metadata.tables.values() for c in t.c for w in c.name.split("_")}
    | set(SECTIONS)
    | {"audit", "format", "names", "popolo", "setting", "tr"}
)


def persian_english(line: str, args: tuple[str, ...]) -> list[str]:
    """The English words of a Persian error line, besides keys; also an English placeholder
    outside a command to type (`--reason TEXT`: Persian help writes «متن») and a Jalali date
    in ASCII digits that the officer did not type (an example: «مثلاً ۱۳۰۰-۰۶-۱۵»)."""
    line = re.sub(r"#\d+ \([^)]*\)", " ", line)  # `[[city]] #1 (KEY)`: the file's own key
    found = [w for w in english_words(line, args) if w.lower() not in KEYS]
    typed = " ".join(args)
    # quoted, what was typed or a value; in backquotes, a command to type
    # (and a database URL's form, sqlite:///FILE, as the Persian help of --db shows it)
    outside = re.sub(r"«[^»]*»|'[^']*'|`[^`]*`|\w+://\S+", " ", line)
    found += [
        w
        for w in re.findall(r"(?<![\w-])[A-Z]{2,}(?![\w-])", outside)
        if w in PLACEHOLDERS and w not in typed
    ]
    jalali_days = re.findall(r"(?<![0-9])1[2-6][0-9]{2}-[0-9]{2}-[0-9]{2}(?![0-9])", outside)
    return found + [d for d in jalali_days if d not in typed]


@pytest.fixture(scope="module")
def persian_corpus_db(request: pytest.FixtureRequest, tmp_path_factory) -> _SharedDatabase:
    return _SharedDatabase("sqlite", request, tmp_path_factory.mktemp("corpus-fa"))


@pytest.mark.any_backend
@pytest.mark.parametrize("case", REFUSED, ids=[c["id"] for c in REFUSED])
def test_bad_input_in_persian_has_no_english(case, persian_corpus_db, tmp_path):
    db = persian_corpus_db.get()
    args = _arguments(case, db, tmp_path)
    for setup in case.get("setup", []):  # what the database must hold first (in English)
        done = run(db, *(a.replace("{tmp}", str(tmp_path)) for a in setup))
        assert done.exit_code == 0, done.output
    persian_corpus_db.discard()  # kept only once the case is shown to be refused
    with persian():
        result = _invoke(db, *args)
    assert result.exit_code == case.get("exit", 1), result.output[:2000]
    if "setup" not in case:  # the next case gets a database without what this one set up
        persian_corpus_db.db = db
    assert "Traceback" not in result.output
    last = result.stderr.splitlines()[-1]
    assert last.startswith("خطا: "), last
    found = persian_english(last, tuple(args))
    assert found == [], f"{found} in {last}"
