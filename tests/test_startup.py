"""Start-up stays quick: `citylinks --help` and the help of every command load none of the
heavy modules (SQLAlchemy, Alembic, Rich, jdatetime, rapidfuzz, psycopg), and every command
has help text."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "sqlalchemy",
    "alembic",
    "rich",
    "jdatetime",
    "rapidfuzz",
    "psycopg",
    "pymysql",
    "pycountry",
)


def _loaded_after(args: list[str]) -> list[str]:
    code = (
        "import json, sys\n"
        "argv = json.loads(sys.argv[1])\n"
        "sys.argv = ['citylinks', *argv]\n"
        "from citylinks.cli.app import app\n"
        "try:\n"
        "    app()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & set(heavy))), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, timeout=60
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def _commands():
    from typer.main import get_command

    from citylinks.cli.app import app

    root = get_command(app)
    found = []

    def walk(group, path):
        for name, command in group.commands.items():
            found.append((path + [name], command))
            if hasattr(command, "commands"):
                walk(command, path + [name])

    walk(root, [])
    return found


def test_help_imports_no_heavy_module():
    assert _loaded_after(["--help"]) == []


@pytest.mark.parametrize("path", [p for p, _ in _commands()], ids=lambda p: " ".join(p))
def test_each_command_help_imports_no_heavy_module(path):
    assert _loaded_after([*path, "--help"]) == []


@pytest.mark.parametrize(
    "path,command", _commands(), ids=lambda x: " ".join(x) if isinstance(x, list) else ""
)
def test_every_command_has_help_text(path, command):
    assert (command.help or "").strip(), f"`citylinks {' '.join(path)}` has no help text"
    for param in command.params:
        if param.param_type_name == "option" and param.name not in ("help",):
            assert (getattr(param, "help", None) or "").strip(), (
                f"{' '.join(path)} {param.opts} has no help"
            )


def test_python_dash_m_citylinks_works():
    done = subprocess.run(
        [sys.executable, "-m", "citylinks", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.startswith("citylinks ")


@pytest.mark.parametrize(
    "argv,command",
    [
        (["timeline", "AMF"], "timeline"),
        (["--db", "office.sqlite", "--as", "maryam", "member", "record"], "member"),
        (["--db", "timeline", "roster", "AMF"], "roster"),
        (["--debug", "log"], "log"),
        (["--help"], None),
        (["-h", "timeline"], None),
        (["--version"], None),
        (["timelin"], None),
        ([], None),
    ],
)
def test_the_console_script_builds_only_the_command_being_run(argv, command):
    from citylinks.cli.app import _command_in

    assert _command_in(argv) == command


def test_a_mistyped_command_is_answered_by_the_full_command_list(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "citylinks", "timelin", "AMF"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "Error: No such command 'timelin'. Did you mean 'timeline'? (see 'python -m citylinks --help')"
    )


@pytest.fixture(scope="module")
def bundled_db(tmp_path_factory) -> str:
    db = tmp_path_factory.mktemp("startup") / "amf.sqlite"
    seeded = subprocess.run(
        [sys.executable, "-m", "citylinks", "--db", str(db), "seed"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert seeded.returncode == 0, seeded.stderr
    return str(db)


@pytest.mark.parametrize(
    "argv,shown",
    [
        (["timeline", "AMF"], "Dushanbe"),
        (["roster", "AMF"], "Kazan"),
        (["portfolio", "Yazd"], "Asian Mayors Forum"),
        (["history", "Yazd", "AMF"], "cooperating"),
        (["stats", "AMF"], "associate member"),
        (["member", "history", "Yazd", "AMF"], "cooperating"),
        (["member", "history", "Yazd", "AMF", "--with-retracted", "-f", "json"], "cooperating"),
        (["check"], "Data check"),
        (["org", "list"], "Asian Mayors Forum"),
        (["city", "list", "--country", "Iran"], "Yazd"),
        (["country", "list"], "IR  Iran"),
        (["person", "list", "-f", "json"], "mohammadkhani"),
        (["source", "list"], "S1"),
        (["source", "show", "s1"], "cited by"),
        (["db", "current"], "(head)"),
        (["db", "path"], "amf.sqlite"),
        (["log", "--limit", "3"], "added: Ilsur Metshin: mayor of Kazan"),
        (["setting", "show"], "sources: optional (the default)"),
        (["--lang", "fa", "log", "--table", "city_name", "-f", "json"], "Yazd's name یزد (fa)"),
        (["org", "show", "AMF"], "members today: "),
        (["city", "show", "Yazd"], "AMF: member from"),
        (["person", "show", "mohammadkhani"], "Tehran, IR, from an unknown date"),
        (["session", "show", "AMF", "1", "--series", "general-assembly"], "Milad Tower"),
        (
            ["session", "show", "AMF", "5", "--series", "general-assembly", "-f", "json"],
            "Gaziantep",
        ),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else None,
)
def test_reports_read_the_tables_without_importing_the_orm(bundled_db, argv, shown):
    """The analysts' reports, `member history`, `check`, the lists, the `show` commands and `db current` read
    plain rows from citylinks.schema's tables: they do not pay for importing SQLAlchemy's ORM, building
    the mapped classes, Alembic or platformdirs."""
    stdout, loaded = _run_watching(
        ["--db", bundled_db, *argv],
        ("sqlalchemy.orm", "citylinks.model", "alembic", "platformdirs"),
    )
    assert shown in stdout
    assert loaded == []


@pytest.mark.parametrize(
    "argv,shown",
    [
        (["export", "dataset"], 'format = "citylinks-dataset/1"'),
        (["export", "dataset", "--with-audit"], "[[audit]]"),
        (["export", "popolo"], '"citylinks:format"'),
        (["export", "popolo", "--org", "AMF"], '"organization/amf"'),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else None,
)
def test_exports_read_the_tables_without_importing_the_orm(bundled_db, argv, shown):
    """`export dataset` and `export popolo` stream plain rows from citylinks.schema's tables
    through a Core connection: they import neither SQLAlchemy's ORM nor the mapped classes."""
    stdout, loaded = _run_watching(
        ["--db", bundled_db, *argv],
        ("sqlalchemy.orm", "citylinks.model", "alembic", "platformdirs"),
    )
    assert shown in stdout
    assert loaded == []


@pytest.mark.parametrize(
    "argv,shown",
    [
        (["org", "show", "AMF"], "mottos:"),
        (["city", "show", "Yazd", "--lang", "fa"], "عضویت"),
        (["person", "show", "mohammadkhani"], "posts:"),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else None,
)
def test_show_commands_print_without_rich_or_the_name_matcher(bundled_db, argv, shown):
    """`org show`, `city show` and `person show` print lines of text: they import neither
    Rich (tables) nor rapidfuzz (only a name that matches nothing needs suggestions)."""
    stdout, loaded = _run_watching(["--db", bundled_db, *argv], ("rich", "rapidfuzz"))
    assert shown in stdout
    assert loaded == []


@pytest.mark.parametrize(
    "argv,shown",
    [
        (["member", "edit", "Yazd", "AMF", "1", "--note", "x", "--dry-run"], "Yazd in AMF"),
        (["role", "edit", "#1", "--note", "x", "--dry-run"], "would have changed: #1 Yazd"),
        (["role", "remove", "#3", "--dry-run"], "would have removed: #3 Khorramabad"),
        (["post", "edit", "#6", "--note", "x", "--dry-run"], "would have changed: #6"),
        (["post", "remove", "#7", "--dry-run"], "would have removed: #7 Goshtasb Mozafari"),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else None,
)
def test_corrections_write_without_importing_the_orm(bundled_db, argv, shown):
    """The corrections of a phase, a role and a post write with Core statements: they import
    neither SQLAlchemy's ORM, the mapped classes, Alembic nor platformdirs."""
    stdout, loaded = _run_watching(
        ["--db", bundled_db, *argv],
        ("sqlalchemy.orm", "citylinks.model", "alembic", "platformdirs"),
    )
    assert shown in stdout
    assert loaded == []


def test_date_reads_no_database_and_imports_neither_sqlalchemy_nor_rich():
    stdout, loaded = _run_watching(
        ["date", "1400-06-31"], ("sqlalchemy", "alembic", "rich", "platformdirs", "citylinks.db")
    )
    assert "2021-09-22" in stdout
    assert loaded == []


def test_a_write_on_an_up_to_date_database_does_not_import_alembic(bundled_db):
    """The schema revision is checked with one query; Alembic is imported only to migrate."""
    stdout, loaded = _run_watching(
        ["--db", bundled_db, "city", "add", "Startupville", "--country", "IR", "--dry-run"],
        ("alembic", "platformdirs"),
    )
    assert "would record" in stdout
    assert loaded == []


def _run_watching(argv: list[str], watched: tuple[str, ...]) -> tuple[str, list[str]]:
    """Run `citylinks ARGV` in a new process, as the console script does: its standard
    output, and which of the `watched` modules (or their sub-modules) it imported, once it
    ended with the exit code expected."""
    code = (
        "import json, sys\n"
        "argv, watched = json.loads(sys.argv[1]), tuple(json.loads(sys.argv[2]))\n"
        "sys.argv = ['citylinks', *argv]\n"
        "from citylinks.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    print(json.dumps(exc.code or 0), file=sys.stderr)\n"
        "else:\n"
        "    print(0, file=sys.stderr)\n"
        "loaded = [m for m in sys.modules if m in watched or m.startswith(tuple(w + '.' for w in watched))]\n"
        "print(json.dumps(sorted(loaded)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(argv), json.dumps(watched)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    *_, code, loaded = done.stderr.strip().splitlines()
    # Every command here ends 0 (`check` too: each finding in the bundled record is reviewed).
    assert json.loads(code) == 0, done.stderr
    return done.stdout, json.loads(loaded)
