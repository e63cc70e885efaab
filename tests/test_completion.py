"""Shell completion (bash, zsh, fish): commands and options from Typer, and the names of
organizations, cities and sources from the database the command line selects.

Each test runs citylinks as the completion scripts do: a new process with _CITYLINKS_COMPLETE
set and the words typed in COMP_WORDS (bash) or _TYPER_COMPLETE_ARGS (zsh, fish)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

# The installed command, as the shell runs it (the scripts name it).
CITYLINKS = str(Path(sys.executable).parent / "citylinks")


def complete(shell: str, typed: str, *, db: str | None = None, env: dict | None = None) -> str:
    """What citylinks answers the shell for the words `typed` (the word being completed last,
    or "" after a trailing space)."""
    words = typed.split(" ")
    if db is not None:
        words[1:1] = ["--db", db]
    variables = {**os.environ, "_CITYLINKS_COMPLETE": f"complete_{shell}", **(env or {})}
    variables.pop("CITYLINKS_DATABASE_URL", None)
    if shell == "bash":
        # bash splits words at every ':' (COMP_WORDBREAKS): a --db URL arrives in pieces.
        pieces = [p for word in words[:-1] for p in re.split("(:+)", word) if p] + words[-1:]
        variables["COMP_WORDS"] = " ".join(pieces)
        variables["COMP_CWORD"] = str(len(pieces) - 1)
    else:
        variables["_TYPER_COMPLETE_ARGS"] = " ".join(words)
        if shell == "fish":
            variables["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    done = subprocess.run([CITYLINKS], capture_output=True, text=True, env=variables, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_bash_completes_organizations_cities_and_sources_from_the_database(seeded_db):
    """With --db URL on the command line, which bash hands over split at its colons."""
    orgs = complete("bash", "citylinks timeline A", db=seeded_db.url).split()
    assert "AMF" in orgs
    assert all(o.casefold().startswith("a") for o in orgs)
    # bash would split a name of several words: keys, acronyms and one-word names only.
    assert "Asian Mayors Forum" not in complete("bash", "citylinks timeline A", db=seeded_db.url)
    assert "Yazd" in complete("bash", "citylinks history Ya", db=seeded_db.url).split()
    assert "yazd" in complete("bash", "citylinks history ya", db=seeded_db.url).split()
    # The second argument of `history` is the organization.
    second = complete("bash", "citylinks history Yazd AM", db=seeded_db.url).split()
    assert "AMF" in second and "Yazd" not in second
    sources = complete(
        "bash", "citylinks member record Yazd AMF member --source S", db=seeded_db.url
    ).split()
    assert {"S0", "S1"} <= set(sources) and all(s.startswith("S") for s in sources)
    # Persian names complete too.
    assert "یزد" in complete("bash", "citylinks portfolio یز", db=seeded_db.url).split()


# any_backend: what Typer completes without the database
@pytest.mark.any_backend
def test_commands_and_options_complete_without_a_database(tmp_path):
    missing = tmp_path / "none.sqlite"
    assert "timeline" in complete("bash", "citylinks tim", db=str(missing)).split()
    options = complete("bash", "citylinks timeline AMF --ca", db=str(missing)).split()
    assert options == ["--calendar"]
    # A database that does not exist completes no name, and is not created by a Tab.
    assert complete("bash", "citylinks timeline A", db=str(missing)).strip() == ""
    assert not missing.exists()


@pytest.mark.backends("sqlite")
def test_zsh_and_fish_complete_names_with_their_help(seeded_db):
    zsh = complete("zsh", "citylinks roster As", db=seeded_db.url)
    # zsh quotes a name of several words; each completion has its help (the key).
    assert '"Asian Mayors Forum":"amf"' in zsh
    fish = complete("fish", "citylinks roster AM", db=seeded_db.url)
    assert fish.splitlines() == ["AMF\tAMF"]


@pytest.mark.any_backend  # the scripts, not the database
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_each_shells_script(shell):
    done = subprocess.run(
        [CITYLINKS, "--show-completion", shell],
        capture_output=True,
        text=True,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"_CITYLINKS_COMPLETE=complete_{shell}" in done.stdout


@pytest.mark.backends("sqlite")
def test_completing_a_name_imports_neither_the_orm_nor_rich(seeded_db):
    """Every Tab runs citylinks: the name completion is one Core query, without the ORM,
    Rich, Alembic or jdatetime (bench/completion.py measures how long it takes)."""
    code = (
        "import sys\n"
        "from citylinks.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlalchemy.orm', 'rich', 'alembic', 'jdatetime')"
        " if m in sys.modules]\n"
        "print('heavy:', heavy, file=sys.stderr)\n"
    )
    env = {
        **os.environ,
        "_CITYLINKS_COMPLETE": "complete_bash",
        "COMP_WORDS": f"citylinks --db {seeded_db.url} timeline A",
        "COMP_CWORD": "4",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert "AMF" in done.stdout.split()
    assert "heavy: []" in done.stderr


def test_readme_says_how_to_install_completion():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "citylinks --install-completion" in readme
