"""The commands that read print their tables without Rich's console and Table when their output
is not a terminal (render.plain draws the same characters), and without SQLAlchemy's ORM: each
runs here in a new process, as the console script does, with its output in a pipe
(test_startup's `_run_watching`)."""

from __future__ import annotations

import pytest
from test_startup import _run_watching

# What a command that reads does not need when its output is not a terminal.
HEAVY = ("rich.console", "rich.table", "rich.text", "sqlalchemy.orm", "citylinks.model")

READS = [
    (["timeline", "AMF"], "Dushanbe"),
    (["roster", "AMF"], "Kazan"),
    (["portfolio", "Yazd"], "Asian Mayors Forum"),
    (["history", "Yazd", "AMF"], "cooperating"),
    (["stats", "AMF"], "associate member"),
    (["check"], "Data check"),
    (["log"], "Audit log: 200 changes"),
    (["log", "--limit", "5", "--lang", "fa", "--bidi"], "│"),
    (["org", "list"], "Asian Mayors Forum"),
    (["city", "list"], "Yazd"),
    (["country", "list"], "Iran"),
    (["member", "history", "Yazd", "AMF"], "cooperating"),
    (["session", "show", "AMF", "1", "--series", "general-assembly"], "Milad Tower"),
    (["source", "list"], "S1"),
    (["person", "list"], "mohammadkhani"),
    (["org", "show", "AMF"], "members today: "),
    (["city", "show", "Yazd"], "AMF: member from"),
    (["person", "show", "mohammadkhani"], "Tehran"),
    (["source", "show", "S1"], "cited by"),
    (["setting", "show"], "sources: optional (the default)"),
    (["db", "current"], "(head)"),
]


@pytest.mark.parametrize(
    "argv,shown", READS, ids=lambda x: " ".join(x) if isinstance(x, list) else None
)
def test_reads_print_without_rich_s_table_or_the_orm(seeded_db, argv, shown):
    stdout, loaded = _run_watching(["--db", seeded_db.url, *argv], HEAVY)
    assert shown in stdout
    assert loaded == []


def test_a_table_in_a_pipe_is_drawn_as_rich_draws_it(seeded_db):
    """The log's table through the pipe is the one Rich draws (render.plain against Rich's
    console, on the same document)."""
    stdout, _ = _run_watching(["--db", seeded_db.url, "log", "--limit", "3"], HEAVY)
    assert stdout.splitlines()[2].startswith("┏━━━━━━━┳━")
    assert "┃ Entry ┃ When (UTC)" in stdout
    assert stdout.rstrip().endswith("┘")
