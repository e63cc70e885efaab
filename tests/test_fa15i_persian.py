"""Issue 15, English left in Persian output (fresh-clone testers with CITYLINKS_LANG=fa): the
`--install-completion` message, the records a dry run names, a database driver's failure, and
in `--help` the defaults and the choices, which Persian help gives by their Persian words (the
options take those words too)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import persian, run_cli, run_fa
from test_i18n import _invoke, english_words

CITYLINKS = str(Path(sys.executable).parent / "citylinks")


def _install(home: Path, lang: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CITYLINKS, "--install-completion", "bash"],
        env={
            **os.environ,
            "HOME": str(home),
            "CITYLINKS_LANG": lang,
            "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.any_backend  # the shell's files, no database
def test_install_completion_says_it_in_persian(tmp_path):
    done = _install(tmp_path, "fa")
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "citylinks.sh"
    assert script.is_file()
    assert done.stdout.splitlines() == [
        f"تکمیل خودکار برای bash در {script} نصب شد",
        "تکمیل خودکار از پایانهٔ تازه‌ای که باز کنید کار می‌کند.",
    ]
    assert english_words(done.stdout, ("bash",)) == []
    english = _install(tmp_path, "en")
    assert english.stdout.startswith(f"completion for bash installed in {script}")


@pytest.mark.any_backend  # no server is reached
@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql://officer@127.0.0.1:1/citylinks", "کارساز اتصال را نپذیرفت"),
        ("mysql://officer@127.0.0.1:1/citylinks", "کارساز اتصال را نپذیرفت"),
        ("postgresql+nosuchdriver://officer@127.0.0.1/citylinks", "راه‌انداز پایگاه داده‌ای نیست"),
    ],
)
def test_a_database_drivers_failure_is_said_in_persian(url, said):
    done = run_fa(None, "--db", url, "city", "list")
    assert done.exit_code == 1
    assert done.stderr.startswith("خطا: ") and said in done.stderr, done.stderr
    assert english_words(done.stderr, (url,)) == [], done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.any_backend  # no server is reached
@pytest.mark.skipif(importlib.util.find_spec("pg8000") is not None, reason="pg8000 installed")
def test_a_driver_not_installed_is_named_with_what_to_do():
    url = "postgresql+pg8000://officer@127.0.0.1:1/citylinks"
    done = run_fa(None, "--db", url, "city", "list")
    assert done.exit_code == 1
    assert "بستهٔ پایتون pg8000 نصب نیست" in done.stderr
    assert english_words(done.stderr, (url,)) == [], done.stderr
    english = run_cli(None, "--db", url, "city", "list")
    assert "the Python package pg8000 is not installed" in english.stderr


@pytest.mark.any_backend  # help, no database
def test_persian_help_gives_defaults_and_choices_by_their_persian_words():
    with persian():
        shown = " ".join(_invoke(None, "roster", "--help").stdout.split())
        log = " ".join(_invoke(None, "log", "--help").stdout.split())
    assert "[پیش‌فرض: هر دو]" in shown and "[پیش‌فرض: both]" not in shown
    assert "به فارسی هم: «میلادی»، «شمسی»، «هر دو»." in shown
    assert "به فارسی هم: «جدول»، «جیسون»، «سی اس وی»، «مارک داون»." in shown
    assert "[پیش‌فرض: ۲۰۰]" in log
    # English help is as it was.
    english = " ".join(_invoke(None, "roster", "--help").stdout.split())
    assert "[default: both]" in english and "«" not in english


@pytest.mark.any_backend  # help, no database
def test_persian_help_writes_its_placeholders_in_persian():
    with persian():
        shown = " ".join(_invoke(None, "country", "edit", "--help").stdout.split())
        cite = _invoke(None, "cite", "--help").stdout
    assert "نام انگلیسی (نام) یا فارسی (fa=نام)" in shown and "NAME" not in shown
    assert "phase:شهر/سازمان/شماره" in cite and "CITY" not in cite


def test_the_persian_words_help_shows_are_taken(seeded_db):
    done = run_fa(seeded_db, "timeline", "AMF", "--calendar", "هر دو", "--format", "جدول")
    assert done.exit_code == 0, done.stderr
    assert done.stdout == run_fa(seeded_db, "timeline", "AMF").stdout
