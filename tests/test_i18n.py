"""The Persian interface (issue 15): every message marked for translation, every help text of
the command tree and Click's own words have a Persian translation with the same placeholders;
the compiled catalogues are their .po files; and commands run with CITYLINKS_LANG=fa speak no
English besides what the user typed, names from the data, option and command names, values
typed (choices, keys), URLs and 'citylinks'."""

from __future__ import annotations

import json
import os
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from conftest import persian
from test_startup import _commands
from typer.testing import CliRunner

import citylinks
from citylinks import i18n
from citylinks.cli import app as app_module
from citylinks.cli.language import chosen_in, speak

SRC = Path(citylinks.__file__).parent
ROOT = SRC.parent.parent
MESSAGES = SRC / "locale" / "fa" / "LC_MESSAGES"
# The functions that mark a message (cli/show.py's `said` translates in a record's language).
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None, "said": None}


def _catalogues() -> dict[str, str]:
    """Every Persian translation in the .po files: English singular -> Persian (not fuzzy)."""
    merged: dict[str, str] = {}
    for po in sorted(MESSAGES.glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale="fa")
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            singular = message.id[0] if isinstance(message.id, tuple | list) else message.id
            text = message.string[0] if isinstance(message.string, tuple | list) else message.string
            if text:
                merged.setdefault(singular, text)
    return merged


TRANSLATED = _catalogues()


def _placeholders(text: str) -> set[str]:
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(text):
        if field is not None:
            names.add(re.split(r"[.\[]", field)[0])
    return names


def _marked_files() -> list[Path]:
    marks = re.compile(r"\b(_|ngettext|N_|said)\(")
    return [
        path
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "i18n.py" and marks.search(path.read_text("utf-8"))
    ]


# --- (a) every marked message of every source file -------------------------------------------


@pytest.mark.parametrize(
    "path", _marked_files(), ids=lambda p: str(p.relative_to(SRC)).replace(os.sep, "/")
)
def test_every_marked_message_has_a_persian_translation_with_its_placeholders(path):
    problems = []
    for line, message, _comments, _context in extract_from_file(
        "python", str(path), keywords=KEYWORDS
    ):
        forms = list(message) if isinstance(message, tuple) else [message]
        singular = forms[0]
        where = f"{path.relative_to(ROOT)}:{line}"
        if not singular:
            continue
        persian = TRANSLATED.get(singular)
        if persian is None:
            problems.append(f"{where}: no Persian translation of {singular!r}")
            continue
        wanted = set().union(*(_placeholders(f) for f in forms if f))
        # A translation may leave out a value the Persian sentence has no need of (the date
        # the error line already shows before it), never name one the message is not given.
        if not _placeholders(persian) <= wanted:
            problems.append(
                f"{where}: {singular!r} has placeholders {sorted(wanted)}, its translation"
                f" {sorted(_placeholders(persian))}"
            )
    assert problems == [], "\n".join(problems)


# --- (b) every help text of the command tree --------------------------------------------------


def _help_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every help, short help, epilog and metavar of every command, group,
    argument and option, as citylinks builds them in English."""
    from typer.main import get_command

    from citylinks.cli.params import is_choice

    speak("en")
    root = get_command(app_module.register(app_module._new_app()))

    def walk(command, path: str) -> Iterator[tuple[str, str]]:
        for name in ("help", "short_help", "epilog", "options_metavar", "subcommand_metavar"):
            value = getattr(command, name, None)
            if isinstance(value, str) and value.strip():
                yield f"{path} ({name})", value
        for param in command.params:
            if getattr(param, "help", None):
                yield f"{path} {'/'.join(param.opts)} (help)", param.help
            if param.metavar and not is_choice(param.metavar):
                yield f"{path} {'/'.join(param.opts)} (metavar)", param.metavar
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, f"{path} {name}")

    yield from walk(root, "citylinks")


def test_every_help_text_and_metavar_has_a_persian_translation():
    missing = sorted(
        {f"{where}: {text!r}" for where, text in _help_texts() if text not in TRANSLATED}
    )
    assert missing == [], "\n".join(missing)


def test_persian_help_is_built_from_the_catalogue():
    with persian():
        shown = _invoke(None, "member", "record", "--help").stdout
    assert shown.splitlines()[0] == "کاربرد: citylinks member record [گزینه‌ها] شهر سازمان وضعیت"
    assert "--from تاریخ" in shown and "گزینه‌ها:" in shown and "آرگومان‌ها:" in shown
    assert "این راهنما را نشان بده و پایان بده." in shown


# --- (c) the compiled catalogues ----------------------------------------------------------------


def _compile_tool():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import catalogues
    finally:
        sys.path.pop(0)
    return catalogues


@pytest.mark.parametrize("po", sorted(MESSAGES.glob("*.po")), ids=lambda p: p.name)
def test_each_mo_is_its_po_compiled(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.name} is missing: run python tools/catalogues.py"
    assert mo.read_bytes() == _compile_tool().compiled(po), (
        f"{mo.name} is not {po.name} compiled: run python tools/catalogues.py"
    )


@pytest.mark.parametrize("po", sorted(MESSAGES.glob("*.po")), ids=lambda p: p.name)
def test_each_po_says_it_is_persian_utf8(po):
    text = po.read_text("utf-8")
    assert '"Language: fa\\n"' in text
    assert re.search(r'"Content-Type: text/plain; charset=UTF-8\\n"', text, re.IGNORECASE)


# --- choosing the language -------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv,chosen",
    [
        (["--lang", "fa", "city", "list"], "fa"),
        (["city", "show", "Yazd", "--lang=fa"], "fa"),
        (["roster", "AMF", "--lang", "en"], "en"),
        (["--lang", "fa", "roster", "AMF", "--lang", "en"], "en"),
        (["city", "list"], None),
        (["org", "motto", "add", "AMF", "x", "--", "--lang", "fa"], None),
        (["org", "motto", "add", "AMF", "motto", "--lang", "fa"], None),  # the motto's
        (["source", "add", "--lang", "en", "--title", "x"], None),  # the source's language
    ],
)
def test_lang_is_read_anywhere_in_the_command(argv, chosen):
    assert chosen_in(argv) == chosen


@pytest.mark.parametrize(
    "env,spoken",
    [
        ({"CITYLINKS_LANG": "fa"}, "fa"),
        ({"CITYLINKS_LANG": "en", "LANG": "fa_IR.UTF-8"}, "en"),
        ({"LANG": "fa_IR.UTF-8"}, "fa"),
        ({"LC_ALL": "fa_IR.UTF-8", "LANG": "en_US.UTF-8"}, "fa"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_language_follows_the_environment(env, spoken, monkeypatch):
    for name in ("CITYLINKS_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        assert speak(None) == spoken
    finally:
        speak("en")


def test_english_leaves_gettext_and_the_environment_alone(monkeypatch):
    import gettext

    monkeypatch.delenv("LANGUAGE", raising=False)
    before = gettext.textdomain()
    speak("fa")
    assert os.environ.get("LANGUAGE") == "fa"
    speak("en")
    assert "LANGUAGE" not in os.environ
    assert gettext.textdomain() == before


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`citylinks ARGS` in a process of its own, as a user starts it."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "CITYLINKS_LANG")
    }
    environment.update(env or {})
    return subprocess.run(
        [str(Path(sys.executable).parent / "citylinks"), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_a_persian_locale_or_lang_option_makes_the_help_persian():
    by_locale = _run("--help", env={"LANG": "fa_IR.UTF-8"})
    by_option = _run("city", "add", "--help", "--lang", "fa")
    english = _run("--help", env={"LANG": "en_US.UTF-8"})
    assert by_locale.stdout.startswith("کاربرد: citylinks [گزینه‌ها] فرمان")
    assert by_option.stdout.startswith("کاربرد: citylinks city add [گزینه‌ها] نام")
    assert english.stdout.startswith("Usage: citylinks [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.parametrize(
    "args,kept",
    [
        (["Kerman", "--lang", "fa", "--country", "IR"], ["Kerman", "--country", "IR"]),
        (["Kerman", "--lang=fa"], ["Kerman"]),
        (["--", "--lang", "fa"], ["--", "--lang", "fa"]),
    ],
)
def test_a_command_without_lang_of_its_own_leaves_it_to_the_interface(args, kept):
    from citylinks.cli.language import without_lang

    assert without_lang(args) == kept


def test_persian_usage_errors_end_with_the_help_to_read():
    done = _run("roster", "--bogus", env={"CITYLINKS_LANG": "fa"})
    assert done.returncode == 2
    assert done.stderr == "خطا: چنین گزینه‌ای نیست: --bogus (راهنما: «citylinks roster --help»)\n"


# --- (d) commands as an officer runs them, in Persian -----------------------------------------


_BUILT: dict[str, tuple[object, object]] = {}


def _invoke(db, *args: str, input: str | None = None):
    """citylinks ARGS run in-process, its commands built in the language now spoken (the tests'
    shared command is English), once per language."""
    import typer.testing
    from typer.main import get_command

    spoken = i18n.language()
    if spoken not in _BUILT:
        fresh = app_module.register(app_module._new_app())
        _BUILT[spoken] = (fresh, get_command(fresh))
    fresh, command = _BUILT[spoken]
    argv = (["--db", db.url] if db is not None else []) + list(args)
    building = typer.testing._get_command
    typer.testing._get_command = lambda given: command if given is fresh else building(given)
    try:
        return CliRunner().invoke(fresh, argv, input=input, catch_exceptions=False)
    finally:
        typer.testing._get_command = building


def _allowed_words() -> set[str]:
    """Words a Persian message may hold in Latin letters: the command and option names and the
    values an officer types (choices, statuses, kinds, roles), names of products and formats."""
    from typer.main import get_command

    from citylinks import vocab

    words = {"citylinks"}
    root = get_command(app_module.app)

    def walk(command) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            words.add(name)
            walk(sub)
        for param in command.params:
            if param.metavar and "|" in param.metavar:
                words.update(re.findall(r"[a-z]+", param.metavar))

    walk(root)
    # The CSV columns and kinds (`import csv --help` lists them), role and post titles.
    from citylinks.formats.csv import CSV_COLUMNS

    for kind, columns in CSV_COLUMNS.items():
        words.add(kind)
        words.update(w for column in columns for w in re.findall(r"[a-z]+", column[0]))
    words.update(
        w for key in i18n.WORDS if key.startswith("title_") for w in re.findall(r"[a-z]+", key)
    )
    for name in dir(vocab):
        value = getattr(vocab, name)
        if isinstance(value, tuple | list | frozenset | set) and all(
            isinstance(v, str) for v in value
        ):
            words.update(w for v in value for w in re.findall(r"[a-z]+", v))
    # Values typed (--delimiter, setting values, qualifiers, open ends) and proper names.
    words |= {
        "comma", "semicolon", "tab", "required", "optional", "sources", "city", "org",
        "person", "exactly", "about", "unknown", "present", "open", "base", "head", "utf",
        "sig", "cp", "mayor", "ids", "kind", "problem", "record", "message", "reviewed",
        "json", "csv", "html", "svg", "pdf", "md", "txt", "popolo", "excel", "python",
        "sqlite", "postgresql", "mariadb", "windows", "unesco", "asia", "wikidata", "stderr",
        "traceback", "bidi", "yes", "no", "y", "n", "iso", "amf", "name", "fa", "en", "ar",
        "j", "g", "general", "assembly", "executive", "board", "unsourced", "duplicate",
        "phase", "conflict",
        # names of the bundled data the examples use
        "yazd", "iran", "tehran", "gaziantep", "gaziantap", "amrollahi", "alireza", "dushanbe",
        "kerman",
    }  # fmt: skip
    return {w.lower() for w in words}


ALLOWED = _allowed_words()


def english_words(text: str, typed: tuple[str, ...] = ()) -> list[str]:
    """The English words of `text`, leaving out what is quoted (what a user types or a source
    says), commands in backquotes, URLs, option names, keys and forms (with -, _, :, /, = or
    digits), upper-case placeholders and environment variables, and the allowed words."""
    text = re.sub(r"\w+://\S+", " ", text)
    # (Click wraps help text, so a quotation may run over two lines.)
    text = re.sub(r"`[^`]*`|'[^']{0,120}'|\"[^\"]{0,120}\"|«[^»]*»|\[\[\w+\]\]", " ", text)
    typed_words = {w.lower() for t in typed for w in re.findall(r"[A-Za-z]+", t)}
    found = []
    for token in text.split():
        token = token.strip(".,;:()[]{}!?،؛…*")
        if not token or re.search(r"[-_:/=@#.\d]", token):
            continue
        if not re.fullmatch(r"[A-Za-z]+", token) or token.isupper():
            continue
        if token.lower() in ALLOWED or token.lower() in typed_words:
            continue
        found.append(token)
    return found


def _english_metavar_words() -> set[str]:
    """The upper-case words of the command tree's English metavars and of the forms its help
    shows (NAME, LANG=NAME, ORG/SERIES/N, phase:CITY/ORG/N, TABLE#ID): placeholders, which
    Persian help writes in Persian (نام، زبان=نام، سازمان/سلسله/شماره)."""
    words = {"ORG", "SERIES", "PERSON", "TABLE", "ENTRY", "REASON", "SCHEME", "VALUE"}
    for _where, text in _help_texts():
        if _where.endswith("(metavar)"):
            words.update(re.findall(r"[A-Z]+", text))
    speak("en")
    return words - {"URL"}  # the --db URL's metavar, also the word for an address


PLACEHOLDERS = _english_metavar_words()


def persian_help_problems(text: str) -> list[str]:
    """What Persian help must not show (issue 15's testers): an English placeholder (NAME,
    LANG=NAME, CITY/ORG/N), a default shown in English when it has a Persian word ("[پیش‌فرض:
    both]") or in ASCII digits, and a choice ([gregorian|jalali|both]) whose Persian words,
    which the option takes too, are not listed."""
    from citylinks.vocab import persian_word

    flat = " ".join(text.split())
    problems = []
    scanned = re.sub(r"\w+://\S+|CITYLINKS_\w+|\(LANG\)", " ", flat)
    for word in re.findall(r"(?<![A-Za-z0-9_])[A-Z]+(?![A-Za-z0-9_])", scanned):
        if word in PLACEHOLDERS:
            problems.append(f"placeholder {word}")
    for default in re.findall(r"\[پیش‌فرض: ([^\]]+)\]", flat):
        if persian_word(default) or re.fullmatch(r"[0-9.,]+", default):
            problems.append(f"default {default}")
    for choices in re.findall(r"\[([a-z-]+(?:\|[a-z-]+)+)\]", flat):
        words = [persian_word(value) for value in choices.split("|")]
        if all(words) and not all(f"«{w}»" in flat for w in words):
            problems.append(f"choices {choices} without their Persian words")
    return problems


GROUPS = [name for name, (_m, _a, kind) in app_module.COMMANDS.items() if kind == "group"]


@pytest.mark.parametrize("group", [None, *GROUPS])
def test_persian_help_of_each_group_has_no_english(group):
    args = ([group] if group else []) + ["--help"]
    with persian():
        result = _invoke(None, *args)
    assert result.exit_code == 0
    assert english_words(result.stdout) == [], result.stdout
    assert persian_help_problems(result.stdout) == [], result.stdout


@pytest.mark.parametrize("path", [p for p, _c in _commands()], ids=lambda p: " ".join(p))
def test_persian_help_of_each_command_has_no_english(path):
    with persian():
        result = _invoke(None, *path, "--help")
    assert result.exit_code == 0
    assert english_words(result.stdout) == [], result.stdout
    assert persian_help_problems(result.stdout) == [], result.stdout


# Bad input as an officer types it: (arguments, the exit code).
BAD_INPUT = [
    (("roster", "AMF", "--format", "xml"), 2),
    (("roster", "--bogus"), 2),
    (("member", "record"), 2),
    (("member", "recrd"), 2),
    (("import", "dataset", "no-such-file.json"), 2),
    (("roster", "AMF", "--output", "x.html", "--format", "csv"), 2),
    (("timeline", "AMF", "--from", "2020", "--to", "2010"), 1),
    (("log", "--record", "nothing-of-the-kind"), 1),
    (("undo",), 2),
    (("db", "upgrade", "no-such-revision"), 1),
    (("import", "csv", "cities", "README.md", "--delimiter", "pipe"), 2),
]


@pytest.mark.any_backend
@pytest.mark.parametrize("args,code", BAD_INPUT, ids=[" ".join(a) for a, _c in BAD_INPUT])
def test_persian_errors_of_bad_input_have_no_english(seeded_db, args, code, monkeypatch):
    monkeypatch.chdir(ROOT)
    with persian():
        result = _invoke(seeded_db, *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("خطا: "), result.stderr
    assert english_words(result.stderr, args) == [], result.stderr


@pytest.mark.any_backend
def test_persian_prompts_and_success_messages_have_no_english(empty_db, monkeypatch):
    monkeypatch.setattr("citylinks.cli.prompting.interactive", lambda: True)
    with persian():
        country = _invoke(empty_db, "country", "add", "IR", "--name", "Iran")
        asked = _invoke(empty_db, "city", "add", "Kerman", input="IR\n")
        dry = _invoke(empty_db, "city", "add", "Yazd", "--country", "IR", "--dry-run")
        listed = _invoke(empty_db, "city", "list")
    assert country.exit_code == 0 and asked.exit_code == 0, asked.output
    assert "کد کشور:" in asked.stderr  # the prompt
    assert "--country: مقدارهای شناخته: IR" in asked.stderr
    assert "شهر kerman ثبت شد: Kerman، IR" in asked.stdout
    assert dry.stdout.startswith("شهر yazd ثبت می‌شد: Yazd، IR")
    assert "۱ شهر" in listed.stdout
    for result, typed in [
        (country, ("Iran",)),
        (asked, ("Kerman",)),
        (dry, ("Yazd",)),
        (listed, ("Kerman",)),
    ]:
        assert english_words(result.output, typed) == [], result.output


@pytest.mark.any_backend
def test_persian_show_gives_jalali_dates_first_and_persian_digits(seeded_db):
    with persian():
        shown = _invoke(seeded_db, "org", "show", "AMF")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("سازمان AMF: ")
    assert "نسخه: ۱ (ثبت " in shown.stdout
    assert "j:" not in shown.stdout
    assert not re.search(r"\b(recorded|version|changed)\b", shown.stdout)


def test_persian_date_command_shows_no_internal_form():
    with persian():
        result = _invoke(None, "date", "j:1404")
    assert result.stdout.strip() == "j:1404  =>  ۱۴۰۴ (۲۰۲۵–۲۰۲۶)  (دقت: سال)"


@pytest.mark.any_backend
def test_persian_dry_run_log_after_undo_and_stats_over_years_have_no_english(seeded_db):
    """A dry run's list of changes, the log after an undo (its reason citylinks' own) and the
    stats over the years: no English word but the data's names (issue 15's tester)."""
    with persian():
        dry = _invoke(
            seeded_db, "member", "edit", "Yazd", "AMF", "1", "--from", "1386", "--to", "1390",
            "--dry-run",
        )  # fmt: skip
        edited = _invoke(seeded_db, "city", "edit", "Yazd", "--region", "استان یزد")
        last = _invoke(seeded_db, "log", "--limit", "1", "--format", "json")
        entry = str(json.loads(last.stdout)[0]["entry"])
        undone = _invoke(seeded_db, "undo", entry)
        log = _invoke(seeded_db, "log", "--limit", "2")
        stats = _invoke(seeded_db, "stats", "AMF", "--as-of", "2026-06-01")
    assert dry.exit_code == 0 and edited.exit_code == 0 and undone.exit_code == 0, undone.output
    assert "اجرای آزمایشی" in dry.stderr and "مرحلهٔ ۱" in dry.stderr
    assert english_words(dry.stderr) == [], dry.stderr
    assert "برگرداندن مدخل" in log.stdout
    assert english_words(log.stdout) == [], log.stdout
    over_years = stats.stdout[stats.stdout.index("عضویت در طول سال‌ها") :]
    assert "(۲۰۱۸)" in over_years
    assert english_words(over_years) == [], over_years
