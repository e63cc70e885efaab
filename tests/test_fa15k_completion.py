"""Completion of a choice by its Persian word (issue 15): «ش» after --calendar completes to
«شمسی», «ع» for a membership status to «عضو», as the words are accepted when typed; and
`--show-completion SHELL` prints that shell's script, or refuses a shell it has none for in
one line."""

from __future__ import annotations

import os
import subprocess

import pytest
from test_completion import CITYLINKS, complete

pytestmark = pytest.mark.any_backend  # what completes without a database


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_a_calendar_completes_by_its_persian_word(shell, tmp_path):
    db = str(tmp_path / "none.sqlite")
    assert "شمسی" in complete(shell, "citylinks timeline AMF --calendar ش", db=db)
    assert "میلادی" in complete(shell, "citylinks timeline AMF --calendar م", db=db)
    # English first, and only English after nothing typed, as before.
    assert complete(shell, "citylinks timeline AMF --calendar j", db=db).count("jalali") == 1
    assert "شمسی" not in complete(shell, "citylinks timeline AMF --calendar ", db=db)


def test_a_status_completes_by_its_persian_word(tmp_path):
    db = str(tmp_path / "none.sqlite")
    assert complete("bash", "citylinks member record Yazd AMF ع", db=db).split() == ["عضو"]
    zsh = complete("zsh", "citylinks member record Yazd AMF ع", db=db)
    assert '"عضو"' in zsh and '"عضو وابسته"' in zsh  # zsh quotes a word of two
    planned = complete("zsh", "citylinks session add AMF 3 --status بر", db=db)
    assert '"برگزار شده"' in planned


def _show(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CITYLINKS, "--show-completion", *args], capture_output=True, text=True,
        env={**os.environ, "SHELL": "/bin/bash"}, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("shell", ["zsh", "fish", "bash"])
def test_show_completion_prints_the_script_of_the_shell_named(shell):
    done = _show(shell)
    assert done.returncode == 0, done.stderr
    assert f"_CITYLINKS_COMPLETE=complete_{shell}" in done.stdout
    others = {"bash", "zsh", "fish"} - {shell}
    assert not any(f"complete_{other}" in done.stdout for other in others)


def test_show_completion_refuses_an_unknown_shell_in_one_line():
    done = _show("tcsh")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "Error: cannot show completion for the shell tcsh: give one of bash, zsh, fish,"
        " powershell, e.g. --show-completion zsh"
    ]
