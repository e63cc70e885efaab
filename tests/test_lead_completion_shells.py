"""A name completed from a shared database is somebody else's text: a Tab in bash offers it
escaped so that running the line gives the name itself, never runs a command hidden in it nor
expands it into the folder's files; zsh (whose script evaluates what it is given) is not
offered a value with a backslash (t15c's findings)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

CITYLINKS = str(Path(sys.executable).parent / "citylinks")

HIDDEN = "Zv$(touch${IFS}PWNED)"
PATTERN = "Zw*"
QUOTED = "Zx'a\"b`touch${IFS}PWNED2`"


def _bash_tab(url: str, words: str, folder: Path) -> list[str]:
    """COMPREPLY after a Tab at the end of `words`, through the script citylinks installs."""
    env = {**os.environ, "CITYLINKS_DATABASE_URL": url}
    env["PATH"] = f"{Path(CITYLINKS).parent}{os.pathsep}{env.get('PATH', '')}"
    script = subprocess.run(
        [CITYLINKS, "--show-completion", "bash"], capture_output=True, text=True, env=env
    ).stdout
    assert "_citylinks_completion" in script
    program = (
        f"{script}\n"
        f"COMP_WORDS=({words})\n"
        "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        "_citylinks_completion citylinks\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run(
        ["bash", "--norc", "-c", program], capture_output=True, text=True, env=env, cwd=folder
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is what this test runs")
def test_bash_offers_names_escaped_and_running_the_line_gives_the_name(seeded_db, tmp_path):
    for name in (HIDDEN, PATTERN, QUOTED):
        added = run_cli(seeded_db, "city", "add", name, "--country", "IR", "--force")
        assert added.exit_code == 0, added.output
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "Zwfile1").write_text("")
    (folder / "Zwsecret.txt").write_text("")

    for typed, name in (("Zv", HIDDEN), ("Zw", PATTERN), ("Zx", QUOTED)):
        offered = _bash_tab(seeded_db.url, f"citylinks city show {typed}", folder)
        assert len(offered) == 1, offered
        assert "Zwfile1" not in offered and "Zwsecret.txt" not in offered
        # The line as the user then runs it: the word is the stored name, nothing else.
        ran = subprocess.run(
            ["bash", "--norc", "-c", f"printf '%s\\n' {offered[0]}"],
            capture_output=True, text=True, cwd=folder,
        )  # fmt: skip
        assert ran.stdout == name + "\n", (offered, ran.stdout)
    assert sorted(p.name for p in folder.iterdir()) == ["Zwfile1", "Zwsecret.txt"]


def test_zsh_is_not_offered_a_value_with_a_backslash(seeded_db, tmp_path):
    """zsh's script runs `eval` on what Typer prints; Typer escapes `$` but not a backslash
    before it, so `\\$(…)` would run: such a value is not offered, its help is shown with
    slashes."""
    name = "Zy\\$(touch${IFS}PWNED3)"
    for city in (name, "Zyplain"):
        added = run_cli(seeded_db, "city", "add", city, "--country", "IR", "--force")
        assert added.exit_code == 0, added.output
    env = {
        **os.environ,
        "CITYLINKS_DATABASE_URL": seeded_db.url,
        "_CITYLINKS_COMPLETE": "complete_zsh",
        "_TYPER_COMPLETE_ARGS": "citylinks city show Zy",
    }
    done = subprocess.run(
        [CITYLINKS], capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "PWNED" not in done.stdout, done.stdout
    assert '"Zyplain"' in done.stdout, done.stdout
