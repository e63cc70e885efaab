"""The interface language, however it is named (issue 15): `--lang FA`, `Fa`, `fa-IR` and
`fa_IR` are Persian as `fa` is, at every door that names a language (--lang before or after
the command, a report's --lang, CITYLINKS_LANG, LC_ALL/LC_MESSAGES/LANG), read by one rule
(i18n.language_named). A --lang typed that names no language is refused (exit 2); a
CITYLINKS_LANG that names none is said on standard error in one line, and English spoken."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import run_cli

from citylinks import i18n
from citylinks.cli.language import chosen_in, speak

pytestmark = pytest.mark.any_backend  # no database

PERSIAN_FORMS = ["fa", "FA", "Fa", "fa-IR", "fa_IR", "fa_IR.UTF-8", "persian", "فارسی"]
LANG_VARIABLES = ("CITYLINKS_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@pytest.fixture(autouse=True)
def english_afterwards(monkeypatch):
    for name in LANG_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield
    speak("en")


@pytest.mark.parametrize("typed", PERSIAN_FORMS)
def test_every_form_of_persian_is_read_at_every_door(typed, monkeypatch):
    assert i18n.language_named(typed) == "fa"
    assert chosen_in(["--lang", typed, "city", "list"]) == "fa"
    assert chosen_in(["city", "list", f"--lang={typed}"]) == "fa"
    monkeypatch.setenv("CITYLINKS_LANG", typed)
    assert speak(None) == "fa"


@pytest.mark.parametrize("typed", ["FA", "Fa", "fa-IR", "fa_IR"])
def test_the_global_lang_speaks_persian_in_any_case(typed):
    result = run_cli(None, "--lang", typed, "date", "2025")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2025  =>  ۱۴۰۳–۱۴۰۴ (۲۰۲۵)  (دقت: سال)"


@pytest.mark.parametrize("typed", ["EN", "en_US", "en-GB.UTF-8", "C"])
def test_english_is_read_in_any_form_too(typed):
    assert i18n.language_named(typed) == "en"
    result = run_cli(None, "--lang", typed, "date", "2025")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2025  =>  2025 (1403–1404)  (precision: year; 2025)"


@pytest.mark.parametrize(
    "args",
    [
        ("--lang", "xx", "date", "2025"),
        ("date", "2025", "--lang", "xx"),  # the command's own --lang
        ("city", "list", "--lang", "xx"),  # the global --lang after the command
        ("--lang", "klingon", "city", "list"),
    ],
)
def test_a_lang_typed_that_names_no_language_is_refused(args):
    result = run_cli(None, *args)
    assert result.exit_code == 2
    typed = args[args.index("--lang") + 1]
    assert result.stderr.startswith(f"Error: unknown lang '{typed}': use one of en, fa")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("env", "spoken"),
    [
        ({"LANG": "fa_IR.UTF-8"}, "fa"),
        ({"LC_MESSAGES": "FA_IR"}, "fa"),
        ({"LC_ALL": "de_DE.UTF-8", "LANG": "fa_IR.UTF-8"}, "en"),  # LC_ALL first
        ({"LANG": "C.UTF-8"}, "en"),
        ({"CITYLINKS_LANG": "fa-ir", "LANG": "en_US.UTF-8"}, "fa"),
    ],
)
def test_the_locale_variables_are_read_by_the_same_rule(env, spoken, monkeypatch, capsys):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert speak(None) == spoken
    assert capsys.readouterr().err == ""  # a locale names no setting of citylinks


@pytest.mark.parametrize("value", ["xx", "klingon", "de"])
def test_an_unknown_citylinks_lang_is_said_in_one_line_and_english_spoken(
    value, monkeypatch, capsys
):
    monkeypatch.setenv("CITYLINKS_LANG", value)
    monkeypatch.setenv("LANG", "fa_IR.UTF-8")  # the variable wins, as English
    assert speak(None) == "en"
    assert capsys.readouterr().err == (
        f"Warning: CITYLINKS_LANG={value} is not a language citylinks speaks (use one of en,"
        " fa): going on in English\n"
    )


def _citylinks(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in LANG_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "citylinks", *args],
        env={**environment, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_the_command_line_speaks_persian_for_fa_after_the_command_and_warns_of_garbage():
    after = _citylinks("date", "2025", "--lang", "FA")
    assert after.returncode == 0, after.stderr
    assert after.stdout.strip() == "2025  =>  ۱۴۰۳–۱۴۰۴ (۲۰۲۵)  (دقت: سال)"
    upper = _citylinks("date", "2025", CITYLINKS_LANG="FA")
    assert upper.stdout.strip() == "2025  =>  ۱۴۰۳–۱۴۰۴ (۲۰۲۵)  (دقت: سال)"
    garbage = _citylinks("date", "2025", CITYLINKS_LANG="klingon")
    assert garbage.returncode == 0
    assert garbage.stdout.strip() == "2025  =>  2025 (1403–1404)  (precision: year; 2025)"
    assert garbage.stderr == (
        "Warning: CITYLINKS_LANG=klingon is not a language citylinks speaks (use one of en,"
        " fa): going on in English\n"
    )
