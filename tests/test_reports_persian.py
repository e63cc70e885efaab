"""Every report and every `show`, asked for in Persian (`--lang fa`, CITYLINKS_LANG=fa), on the
bundled dataset, in every format made for reading (table, Markdown, HTML, SVG, PDF): no word of
the interface is left in English. Latin letters may show only where they are data: names, notes
and titles as a source or an officer wrote them, keys, ids, URLs (JSON and CSV keep English keys:
they are data formats, not checked here).

What counts as data is read from the database itself: every text an officer or a file gave
(less the columns that hold citylinks' own vocabulary: statuses, kinds, roles, qualifiers,
precisions). A run of Latin words in the output must be part of one such text; a run that is
one of the interface's own English words (a status, a kind, a report's word, a message) never
passes, even where some note happens to hold the same word.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import TestDatabase, run_cli
from sqlalchemy import JSON, String, Text, inspect, select

# any_backend: what is printed from the same rows does not depend on the dialect
pytestmark = pytest.mark.any_backend

REPORTS = {
    "timeline": ["timeline", "AMF"],
    "roster": ["roster", "AMF", "--as-of", "2026-06-01"],
    "portfolio": ["portfolio", "Yazd"],
    "history": ["history", "Yazd", "AMF"],
    "stats": ["stats", "AMF", "--as-of", "2026-06-01"],
    "check": ["check"],
}
SHOWS = {
    "city show": ["city", "show", "Yazd"],
    "org show": ["org", "show", "AMF"],
    "person show": ["person", "show", "zakani"],
    "source show": ["source", "show", "S2"],
    "session show": ["session", "show", "AMF", "1", "--series", "general-assembly"],
    "member history": ["member", "history", "Yazd", "AMF"],
    "log": ["log", "--limit", "1000"],
}
# Columns whose values are citylinks' own words, shown translated: not data.
VOCABULARY_COLUMNS = {
    "kind",
    "status",
    "role",
    "qualifier",
    "action",
    "part",
    "table_name",
    "section",
    "version_num",
}

LATIN = "A-Za-z\u00c0-\u024f"
# A word in Latin letters (or ASCII digits: "2025-11-27 to 2025-11-29" is one run), and runs of
# such words with what may stand between them in a text
TOKEN = re.compile(rf"[{LATIN}0-9][{LATIN}0-9'’.&/_-]*")
RUN = re.compile(rf"{TOKEN.pattern}(?:[ ,:;()\"'’-]+{TOKEN.pattern})*")
# URLs, e-mail addresses, commands to type (`citylinks check --with-reviewed`, --cite; a PDF's
# text, read back from a right-to-left line, may give an option's words last to first:
# "reviewed-with--"), change ids (12d3fc1e), and the time zone the log's times are in
CODE = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|`[^`]*`|(?<!\w)--?[a-z][\w-]*|[a-z][\w-]*--(?!\w)"
    r"|(?<!\w)(?=[a-f]*[0-9])[0-9a-f]{8,32}(?!\w)|(?<!\w)UTC(?!\w)"
)


def _leaves(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [
            leaf
            for key, item in value.items()
            if key not in VOCABULARY_COLUMNS
            for leaf in _leaves(item)
        ]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return []


def stored_texts(db: TestDatabase) -> str:
    """Every text the database holds as data, one per line, spaces made single."""
    from citylinks.schema import metadata

    texts: set[str] = set()
    engine = db.engine()
    try:
        with engine.connect() as conn:
            present = set(inspect(conn).get_table_names())
            for table in metadata.sorted_tables:
                if table.name not in present:
                    continue
                for column in table.columns:
                    if column.name in VOCABULARY_COLUMNS or column.name.endswith("_precision"):
                        continue
                    if not isinstance(column.type, String | Text | JSON):
                        continue
                    for (value,) in conn.execute(select(column).distinct()):
                        if isinstance(value, str) and isinstance(column.type, JSON):
                            value = json.loads(value)
                        texts.update(_leaves(value))
    finally:
        engine.dispose()
    return "\n".join(" ".join(t.split()) for t in texts)


def interface_words() -> set[str]:
    """The interface's own English words: report words, vocabulary, messages."""
    from citylinks import vocab
    from citylinks.i18n import WORDS, catalogue

    words = {en for en, _ in WORDS.values()}
    words |= set(catalogue())
    for name in ("MEMBER_STATUSES", "SESSION_STATUSES", "ATTENDANCE_ROLES", "NAME_KINDS"):
        words |= {str(v) for v in getattr(vocab, name)}
    for name in ("SOURCE_KINDS", "ORGANIZATION_KINDS", "COUNT_QUALIFIERS", "ATTENDEE_KINDS"):
        words |= {str(v) for v in getattr(vocab, name)}
    return {w.strip().casefold() for w in words if w.strip() and "{" not in w}


_found: dict[tuple[int, str], bool] = {}


def _in_data(stretch: str, data: str) -> bool:
    """Whether some stored text holds `stretch` as whole words (case aside)."""
    wanted = " ".join(stretch.split()).casefold()
    key = (id(data), wanted)
    if key not in _found:
        lowered = _lowered(data)
        at = lowered.find(wanted)
        while at >= 0 and not _whole_words(lowered, at, at + len(wanted)):
            at = lowered.find(wanted, at + 1)
        _found[key] = at >= 0
    return _found[key]


_lowered_texts: dict[int, str] = {}


def _lowered(data: str) -> str:
    if id(data) not in _lowered_texts:
        _lowered_texts[id(data)] = data.casefold()
    return _lowered_texts[id(data)]


def _whole_words(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _columns_joined(text: str) -> str:
    """A terminal table's text column by column, so that a cell wrapped over lines reads as
    one text again (the other formats keep a cell's text whole)."""
    out: list[str] = []
    block: list[list[str]] = []

    def flush() -> None:
        if block:
            out.extend(" ".join(row[i] for row in block) for i in range(len(block[0])))
            block.clear()

    for line in text.splitlines():
        cells = re.split(r"[│┃]", line)
        if len(cells) < 3:
            flush()
            out.append(line)
            continue
        if block and len(block[0]) != len(cells):
            flush()
        block.append([c.strip() for c in cells])
    flush()
    return "\n".join(out)


def english_left(text: str, data: str, interface: set[str]) -> list[str]:
    """The Latin words in `text` that are not data. In each run of Latin words, the longest
    stretch from its start that some stored text holds as written is data, unless it is one
    of the interface's own words; a word that no stored text holds is not."""
    found = []
    text = CODE.sub(" ", _columns_joined(text))
    # a table's cell border and a cut text's ellipsis end a run; lines do not (wrapped text)
    for part in re.split(r"[│┃|…]", " ".join(text.split("\n"))):
        for run in RUN.finditer(part):
            tokens = list(TOKEN.finditer(run.group()))
            while tokens:
                size = 0
                while size < len(tokens) and _in_data(
                    run.group()[tokens[0].start() : tokens[size].end()], data
                ):
                    size += 1
                stretch = run.group()[tokens[0].start() : tokens[max(size, 1) - 1].end()]
                code = stretch.isupper() and len(stretch) <= 3  # IN, IR: a country's code
                if size == 0 or (stretch.casefold() in interface and not code):
                    if re.search(rf"[{LATIN}]{{2}}", stretch):
                        found.append(stretch)
                tokens = tokens[max(size, 1) :]
    return found


def _pdf_text(path: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _markup_text(markup: str) -> str:
    import html

    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r"<title>.*?</title>", " ", markup, flags=re.S)  # a cut text's whole
    return html.unescape(re.sub(r"<[^>]+>", "\n", markup))


@pytest.fixture(scope="module")
def persian(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    from conftest import new_database

    folder = tmp_path_factory.mktemp("persian")
    # Module-scoped, so before the tests' own environment (conftest): seed as the suite's
    # officer, or the seeded template this process shares would say "root" to later tests.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CITYLINKS_OFFICER", "test-officer")
        db = new_database("sqlite", folder, request, seeded=True)
    return db, stored_texts(db), interface_words(), folder


def _run(db: TestDatabase, args: list[str], folder: Path, fmt: str) -> str:
    from citylinks.i18n import set_language

    set_language(None)  # the interface language as the environment says: CITYLINKS_LANG=fa
    try:
        return _output(db, args, folder, fmt)
    finally:
        set_language(None)


def _output(db: TestDatabase, args: list[str], folder: Path, fmt: str) -> str:
    env = {"CITYLINKS_LANG": "fa", "COLUMNS": "200"}
    if fmt == "table":
        done = run_cli(db, *args, env=env)
        assert done.exit_code in (0, 1), done.output  # check: 1 when it finds something
        return done.stdout
    if fmt == "markdown":
        done = run_cli(db, *args, "--format", "markdown", env=env)
        assert done.exit_code in (0, 1), done.output
        return done.stdout
    target = folder / f"{args[0]}-{len(list(folder.iterdir()))}.{fmt}"
    done = run_cli(db, *args, "--output", str(target), env=env)
    assert done.exit_code in (0, 1), done.output
    if fmt == "pdf":
        return _pdf_text(target)
    return _markup_text(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "svg"])
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_a_persian_report_has_no_english_word_but_data(persian, report: str, fmt: str) -> None:
    db, data, interface, folder = persian
    args = [*REPORTS[report], "--lang", "fa"]
    shown = _run(db, args, folder, fmt)
    assert shown.strip()
    assert english_left(shown, data, interface) == []


@pytest.mark.slow
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_a_persian_pdf_report_has_no_english_word_but_data(persian, report: str) -> None:
    """The PDF is printed from the HTML page checked above; its text, read back, may hold a
    right-to-left line's Latin words in another order ("Committee Inspection Financial"), so
    each word is looked for alone: a word that no stored text holds is the interface's."""
    db, data, interface, folder = persian
    shown = _run(db, [*REPORTS[report], "--lang", "fa"], folder, "pdf")
    assert shown.strip()
    # A left-to-right list of keys in a right-to-left line ("M4، SH2") may come back as
    # "2،SH 4،M": the list's comma read between a key's digits and letters.
    shown = re.sub(r"(\d)،(?=[A-Za-z])", r"\1", shown)
    words = {w for run in RUN.findall(CODE.sub(" ", shown)) for w in TOKEN.findall(run)}
    # PDFium also gives a word's digits and letters in the order WeasyPrint wrote their
    # glyph runs, which may put the digits first ("AB1", drawn so, read back "1AB").
    assert [
        w
        for w in sorted(words)
        if re.search(rf"[{LATIN}]{{2}}", w)
        and not any(_in_data(w[i:] + w[:i], data) for i in range(len(w)))
    ] == []


@pytest.mark.parametrize("command", sorted(SHOWS))
def test_a_persian_show_has_no_english_word_but_data(persian, command: str) -> None:
    db, data, interface, folder = persian
    args = SHOWS[command] if command == "log" else [*SHOWS[command], "--lang", "fa"]
    shown = _run(db, args, folder, "table")
    assert shown.strip()
    assert english_left(shown, data, interface) == []


def test_the_check_flags_interface_words_and_passes_data() -> None:
    """The checker itself: a status word left in English is caught, a note is not."""
    data = "Membership approved by all members at the AMF meeting in Tehran.\nYazd\nroot"
    interface = {"member", "recorded by"}
    assert english_left("│ عضو │ Yazd │ Membership approved by all │", data, interface) == []
    wrapped = "│ ۱ │ Membership approved │\n│   │ by all members     │"
    assert english_left(wrapped, data, interface) == []
    assert english_left("AMF: member از ۱۴۰۴", data, interface) == ["member"]
    assert english_left("۱ (recorded by root)", data, interface) == ["recorded"]


def test_every_field_the_log_names_has_a_persian_word() -> None:
    """`log` in Persian names each changed field by its Persian word (render/audit_log.py):
    a column added to an audited table needs one in the catalogue."""
    from citylinks import audit, schema
    from citylinks.i18n import catalogue
    from citylinks.reports.audit_log import audited_tables

    words = {"sources", "start sources", "end sources"}
    for name in audited_tables():
        table = schema.metadata.tables[name]
        for column in table.columns:
            if column.name in audit.BOOKKEEPING:
                continue
            base = next(
                (column.name.removesuffix(p) for p in audit.DATE_PARTS if column.name.endswith(p)),
                None,
            )
            dated = base is not None and f"{base}_text" in table.c
            words.add(audit.field_word(base if dated and base is not None else column.name))
    assert sorted(w for w in words if w not in catalogue()) == []


def test_a_bad_csv_file_is_refused_in_persian_with_persian_digits(tmp_path: Path) -> None:
    from citylinks.i18n import set_language

    bad = tmp_path / "cities.csv"
    bad.write_text("city,country,country\nYazd,IR,IR\n", encoding="utf-8")
    set_language(None)
    try:
        done = run_cli(None, "--db", str(tmp_path / "x.db"), "import", "csv", "cities", str(bad),
                       env={"CITYLINKS_LANG": "fa"})  # fmt: skip
    finally:
        set_language(None)
    assert done.exit_code == 1
    assert "ستون «country» ۲ بار آمده است: تنها یکی را نگه دارید" in done.stderr
    # the message's own words: the column's name is the file's (the "Error:" before it is cli's)
    (line,) = [x for x in done.stderr.splitlines() if "ستون" in x]
    message = line.split(str(bad), 1)[1]
    assert re.findall(rf"[{LATIN}]{{2,}}", message) == ["country"]
