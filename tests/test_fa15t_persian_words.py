"""Issue 15 (fresh clone, Persian first): no English word, English placeholder or ASCII
example left in what these commands say under CITYLINKS_LANG=fa."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import run_fa
from test_l18_lock_holder import holding_the_write_lock


def test_a_name_of_no_language_is_named_in_persian(seeded_db):
    refused = run_fa(seeded_db, "city", "edit", "Yazd", "--add-name", "xx-invalid-lang=foo")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        "خطا: نام شهر «xx-invalid-lang=foo»: «xx-invalid-lang» برچسب زبان نیست"
    ), refused.stderr


def test_a_retraction_without_reason_asks_for_متن(seeded_db):
    refused = run_fa(seeded_db, "member", "retract", "Yazd", "AMF", "1")
    assert refused.exit_code == 1
    assert "--reason متن را بیفزایید" in refused.stderr and "TEXT" not in refused.stderr


def test_a_day_example_is_in_persian_digits_and_can_be_typed_back(seeded_db):
    refused = run_fa(seeded_db, "roster", "AMF", "--as-of", "1300")
    assert refused.exit_code == 1
    example = re.search(r"مثلاً (\S+)$", refused.stderr.strip())
    assert example is not None and example[1] == "۱۳۰۰-۰۶-۱۵", refused.stderr
    assert run_fa(seeded_db, "roster", "AMF", "--as-of", example[1]).exit_code == 0


def _quoted_reason(help_text: str) -> str:
    flat = " ".join(help_text.split())
    found = re.search(r"--reason (['\"])(.+?)\1", flat)
    assert found is not None, help_text
    return found[2]


def test_help_examples_give_their_reasons_in_persian():
    for path in (("attend", "edit"), ("check", "review")):
        shown = run_fa(None, *path, "--help")
        assert shown.exit_code == 0, shown.output
        reason = _quoted_reason(shown.stdout)
        # no Latin letters but source keys (S2, G1)
        assert not re.search(r"[A-Za-z]", re.sub(r"\b[A-Z]\d+\b", "", reason)), reason


def test_tab_has_its_persian_word_in_help_and_error(seeded_db, tmp_path):
    shown = run_fa(None, "import", "csv", "--help")
    assert "tab (تب)" in " ".join(shown.stdout.split()), shown.stdout
    assert "یا tab از" not in shown.stdout
    path = tmp_path / "c.csv"
    path.write_text("city,country\nX,IR\n", encoding="utf-8")
    refused = run_fa(seeded_db, "import", "csv", "cities", str(path), "--delimiter", "foo")
    assert refused.exit_code == 2
    assert "tab (تب)" in refused.stderr, refused.stderr


def test_a_lock_waited_for_says_its_seconds_in_persian_digits(empty_db):
    with holding_the_write_lock(empty_db):
        waited = subprocess.run(
            [sys.executable, "-m", "citylinks", "--db", empty_db.url, "source", "add",
             "--title", "T", "--publisher", "P"],
            capture_output=True, text=True, encoding="utf-8", timeout=120,
            env={**os.environ, "CITYLINKS_LOCK_TIMEOUT": "1.5", "CITYLINKS_LANG": "fa"},
        )  # fmt: skip
    assert waited.returncode == 1, waited.stderr
    assert "این فرمان ۱٫۵ ثانیه منتظرش ماند" in waited.stderr, waited.stderr
