"""The benchmark suite: each figure beside its reference, measured in one run (run by hand).

    python bench/run.py --scale small|large [--db URL] [--repeat 5] [--only NAME...]
    python bench/run.py --quick [--db URL]     # the import ratios, in under 5 minutes

Prints a table of median times (and peak memory where it matters), each beside its
reference and their ratio, and writes the same as JSON (bench/out/results-SCALE-BACKEND.json).
The machines are shared and noisy: only ratios measured in the same run mean anything.
`--db` selects the large database's server (default: a SQLite file under bench/out/); the
world is generated there once (bench/generate.py) and reused while its scale matches. The
databases it makes on a server are named PREFIX_... (`--prefix`, default citylinks_bench), so
that two people benchmarking on one server leave each other's alone. `--quick`: the small
world, one run of each side, the imports only (`csv` and `reimport`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "src"))


@dataclass
class Measure:
    seconds: float
    peak_mib: float | None = None
    # The command's own CPU time (user + system): on a loaded machine its wall time moves
    # with the load, its CPU time much less (it leaves out a database server's work).
    cpu: float | None = None


@dataclass
class Row:
    name: str
    subject: str
    reference: str
    subject_s: float
    reference_s: float
    target: float | None
    subject_mib: float | None = None
    reference_mib: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.subject_s / self.reference_s if self.reference_s else float("inf")

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "met" if self.ratio <= self.target else "MISSED"


@dataclass
class Suite:
    repeat: int
    rows: list[Row] = field(default_factory=list)

    def run(self, argv: list[str], env: dict | None = None, stdin: Path | None = None) -> Measure:
        """Median wall time of a command over `repeat` runs (after one run to warm the
        caches), and its peak memory (max RSS)."""
        _timed(argv, env, stdin)
        times, peaks = [], []
        for _ in range(self.repeat):
            m = _timed(argv, env, stdin)
            times.append(m.seconds)
            peaks.append(m.peak_mib or 0)
        return Measure(statistics.median(times), max(peaks))

    def compare(self, name, subject, reference, target, note="", repeat_reference=True) -> Row:
        s_argv, s_env = subject
        r_argv, r_env = reference
        s = self.run(s_argv, s_env)
        r = self.run(r_argv, r_env) if repeat_reference else _timed(r_argv, r_env)
        row = Row(
            name,
            _show(s_argv),
            _show(r_argv),
            s.seconds,
            r.seconds,
            target,
            s.peak_mib,
            r.peak_mib,
            note,
        )
        self.rows.append(row)
        print(_line(row), file=sys.stderr)
        return row


_WRAPPER = (
    "import resource, subprocess, sys, time, json\n"
    "argv = json.loads(sys.argv[1]); stdin = sys.argv[2] or None\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(argv, stdin=open(stdin, 'rb') if stdin else subprocess.DEVNULL,"
    " stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "t = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps([t, u.ru_maxrss / 1024, p.returncode,"
    " p.stderr.decode(errors='replace')[-600:], u.ru_utime + u.ru_stime]))\n"
)


def _timed(argv: list[str], env: dict | None = None, stdin: Path | None = None) -> Measure:
    """Run `argv` under a small wrapper process, so that its peak memory is its own."""
    environment = {**os.environ, **(env or {})}
    # Measure as users run it: with Python's bytecode cache (this machine disables it).
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [PYTHON, "-c", _WRAPPER, json.dumps(argv), str(stdin or "")],
        capture_output=True,
        text=True,
        env=environment,
    )
    seconds, peak, code, err, cpu = json.loads(done.stdout)
    if code != 0:
        raise SystemExit(f"benchmark command failed ({code}): {_show(argv)}\n{err}")
    return Measure(seconds, peak, cpu)


def _show(argv: list[str]) -> str:
    shown = [Path(a).name if a == PYTHON or a.endswith("/citylinks") else a for a in argv]
    text = " ".join(shown)
    return text if len(text) < 90 else text[:87] + "..."


def _duration(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1e6:,.0f} µs"
    if seconds < 100:
        return f"{seconds * 1000:,.0f} ms"
    return f"{seconds:,.1f} s"


def _shown(note: str, value: float) -> str:
    """A measured value in its unit: peak memory and instruction rows say so in their note."""
    if note.startswith("ratio of peak memory"):
        return f"{value:,.0f} MiB"
    if note.startswith("instructions"):
        return f"{value:.2f} G instr."
    return _duration(value)


def _line(row: Row) -> str:
    target = f"≤{row.target}×" if row.target else ""
    ours, ref = _shown(row.note, row.subject_s), _shown(row.note, row.reference_s)
    return f"{row.name:<34} {ours:>12}  vs {ref:>12}  {row.ratio:6.2f}× {target:>6} {row.verdict}"


def citylinks(*args: str, db: str | None = None) -> list[str]:
    cmd = [str(Path(PYTHON).parent / "citylinks")]
    if db:
        cmd += ["--db", db]
    return cmd + list(args)


# -- the benchmarks --------------------------------------------------------------------------


def bench_help(suite: Suite, ctx: dict) -> None:
    suite.compare(
        "1. citylinks --help",
        (citylinks("--help"), None),
        ([PYTHON, str(HERE / "bare_typer.py"), "--help"], None),
        1.5,
        "reference: a bare Typer app with one command",
    )


FLOOR = [PYTHON, "-c", "import typer, rich.console, sqlalchemy.orm, jdatetime"]


def bench_timeline_floor(suite: Suite, ctx: dict) -> None:
    ours = citylinks("timeline", "AMF", db=ctx["bundled"])
    suite.compare(
        "2. timeline AMF (bundled)",
        (ours, None),
        (FLOOR, None),
        1.3,
        "reference: importing the dependencies only",
    )
    # Instructions counted by callgrind do not depend on what else the machine is doing.
    if shutil.which("valgrind"):
        row = Row(
            "2. the same, in instructions",
            _show(ours),
            _show(FLOOR),
            _instructions(ours),
            _instructions(FLOOR),
            1.3,
            note="instructions (callgrind), not seconds",
        )
        suite.rows.append(row)
        print(_line(row), file=sys.stderr)


def _instructions(argv: list[str]) -> float:
    """Instructions the command runs, counted by callgrind (in billions)."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(argv, env=environment, capture_output=True, check=True)  # bytecode cached
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    collected = re.search(r"Collected : (\d+)", done.stderr)
    if collected is None:
        raise SystemExit(f"callgrind did not count: {done.stderr[-300:]}")
    return int(collected.group(1)) / 1e9


REPORTS = {
    "timeline": ("timeline", "AMF"),
    "roster": ("roster", "AMF", "--as-of", "2025-12-01"),
    "portfolio": ("portfolio", "Yazd"),
    "history": ("history", "Yazd", "AMF"),
    "stats": ("stats", "AMF"),
}


def bench_reports(suite: Suite, ctx: dict) -> None:
    for name, args in REPORTS.items():
        if not _has_command(args[0]):
            print(f"3. {name}: the command does not exist yet; skipped", file=sys.stderr)
            continue
        suite.compare(
            f"3. {name} (large vs bundled)",
            (citylinks(*args, "--format", "json", db=ctx["large"]), None),
            (citylinks(*args, "--format", "json", db=ctx["bundled_same_server"]), None),
            1.5,
        )


def bench_report_sql(suite: Suite, ctx: dict) -> None:
    """3 (second half). Each report's SQL, replayed through the driver, against hand-written
    SQL for the same answer (bench/sql.py), on the large database."""
    from bench import sql

    backend = "postgresql" if ctx["large"].startswith("postgresql") else "sqlite"
    conn = sql.connect(ctx["large"])
    try:
        for name, args in REPORTS.items():
            ours = sql.captured(PYTHON, ["--db", ctx["large"], *args, "--format", "json"])
            theirs = sql.hand_written(name, backend)
            s, r = sql.timed_pair(conn, ours, theirs, suite.repeat)
            s_rows, r_rows = sql.run_all(conn, ours), sql.run_all(conn, theirs)
            row = Row(
                f"3. {name} SQL vs hand-written",
                f"{len(ours)} statements, {s_rows} rows",
                f"{len(sql.HAND_WRITTEN[name])} statements, {r_rows} rows",
                s,
                r,
                2.0,
                note="through the driver; report SQL captured from the command",
            )
            suite.rows.append(row)
            print(_line(row), file=sys.stderr)
    finally:
        conn.close()


def _has_command(name: str) -> bool:
    done = subprocess.run(citylinks(name, "--help"), capture_output=True)
    return done.returncode == 0


CSV_ROWS = {"small": (2_000, 20_000), "large": (100_000, 1_000_000)}
# The databases bench/ makes on a server are named after this (main's --prefix).
PREFIX = ["citylinks_bench"]


def bench_csv_import(suite: Suite, ctx: dict) -> None:
    """4. `import csv memberships` against sqlite-utils (SQLite) or psql \\copy (PostgreSQL),
    and its peak memory at a tenth of the rows against all of them."""
    from bench.generate import write_memberships_csv

    base = ctx["base"]
    small_rows, big_rows = CSV_ROWS[ctx["scale"]]
    files = {}
    for rows in (small_rows, big_rows):
        files[rows] = OUT / f"memberships-{rows}.csv"
        if not files[rows].exists():
            write_memberships_csv(base, files[rows], rows)
    repeat = 1 if ctx["scale"] == "large" else suite.repeat
    measured = {}
    floor = None
    for rows, path in files.items():
        ours, ref = [], []
        for _ in range(repeat):
            with fresh_copy(base) as target:
                ours.append(_timed(citylinks("import", "csv", "memberships", str(path), db=target)))
                if rows == big_rows and base.startswith("postgresql") and floor is None:
                    floor = written_rows_load(base, target)
            ref.append(reference_load(base, path))
        measured[rows] = (_median(ours), _median(ref))
    (ours, ref) = measured[big_rows]
    backend = (
        "PostgreSQL, psql \\copy"
        if base.startswith("postgresql")
        else "SQLite, sqlite-utils insert --csv"
    )
    row = Row(
        f"4. import csv {big_rows:,} rows",
        "citylinks import csv memberships",
        backend,
        ours.seconds,
        ref.seconds,
        None if base.startswith("postgresql") else 1.1,
        ours.peak_mib,
        ref.peak_mib,
        ""
        if base.startswith("postgresql")
        else "issue 17: within 1.1× sqlite-utils; " + _cpu_note(ours, ref),
    )
    suite.rows.append(row)
    print(_line(row), row.note, file=sys.stderr)
    if floor is not None:
        written = Row(
            f"4. import csv {big_rows:,} rows vs writing its rows",
            "citylinks import csv memberships",
            "psql \\copy of the rows it wrote, into the same tables",
            ours.seconds,
            floor.seconds,
            1.5,
            note="issue 17: within 1.5× loading the written rows, with the tables' indexes and checks",
        )
        suite.rows.append(written)
        print(_line(written), file=sys.stderr)
    small = measured[small_rows][0]
    mem = Row(
        f"4. import peak memory {big_rows:,} vs {small_rows:,}",
        "peak MiB at all rows",
        "peak MiB at a tenth",
        ours.peak_mib or 0,
        small.peak_mib or 1,
        1.2 if ctx["scale"] == "large" else None,
        ours.peak_mib,
        small.peak_mib,
        "ratio of peak memory, not time",
    )
    suite.rows.append(mem)
    print(_line(mem), file=sys.stderr)


def _median(measures: list[Measure]) -> Measure:
    return Measure(
        statistics.median(m.seconds for m in measures),
        max(m.peak_mib or 0 for m in measures),
        statistics.median(m.cpu or 0 for m in measures),
    )


def _cpu_note(ours: Measure, ref: Measure) -> str:
    """The two commands' own CPU times and their ratio, for the row's note."""
    if not ours.cpu or not ref.cpu:
        return ""
    return f"CPU {ours.cpu:.1f} s vs {ref.cpu:.1f} s ({ours.cpu / ref.cpu:.2f}×)"


class fresh_copy:
    """A throw-away copy of the base database: a file copy for SQLite, CREATE DATABASE ...
    TEMPLATE for PostgreSQL."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __enter__(self) -> str:
        import shutil
        import uuid

        if self.base.startswith("postgresql"):
            self.name = f"{PREFIX[0]}_{uuid.uuid4().hex[:8]}"
            _psql(
                self.base, f'CREATE DATABASE "{self.name}" TEMPLATE "{self.base.rsplit("/", 1)[1]}"'
            )
            return self.base.rsplit("/", 1)[0] + "/" + self.name
        self.path = OUT / f"copy-{uuid.uuid4().hex[:8]}.sqlite"
        shutil.copy(self.base, self.path)
        return str(self.path)

    def __exit__(self, *exc) -> None:
        if self.base.startswith("postgresql"):
            _psql(self.base, f'DROP DATABASE "{self.name}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)


def _psql(url: str, sql: str, database: str | None = None) -> None:
    from sqlalchemy import make_url

    u = make_url(url)
    subprocess.run(
        [
            "psql",
            "-q",
            "-h",
            u.host or "127.0.0.1",
            "-p",
            str(u.port or 5432),
            "-U",
            u.username or "postgres",
            "-d",
            database or "postgres",
            "-c",
            sql,
        ],
        check=True,
        capture_output=True,
    )


# What `import csv memberships` writes, and which rows of each table are new (not the base's).
WRITTEN = {
    "membership": "id",
    "membership_phase": "id",
    "membership_phase_source": "membership_phase_id",
    "audit_log": "id",
}


def written_rows_load(base: str, imported: str) -> Measure:
    """The floor under any importer that writes what citylinks writes: the rows the import
    added to each table, copied out with psql and timed being copied into a fresh copy of
    the base database (same indexes, foreign keys and checks), table after table."""
    from sqlalchemy import make_url

    def psql(url: str, command: str) -> list[str]:
        u = make_url(url)
        connect = ["psql", "-q", "-h", u.host or "127.0.0.1", "-U", u.username or "postgres"]
        return [*connect, "-d", u.database, "-Atc", command]

    files = {}
    for table, key in WRITTEN.items():
        top = subprocess.run(
            psql(base, f"SELECT coalesce(max({key}), 0) FROM {table}"),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        files[table] = OUT / f"written-{table}.copy"
        subprocess.run(
            psql(
                imported, f"\\copy (SELECT * FROM {table} WHERE {key} > {top}) TO '{files[table]}'"
            ),
            check=True,
        )
    total = Measure(0.0, 0.0)
    with fresh_copy(base) as target:
        for table, path in files.items():
            m = _timed(psql(target, f"\\copy {table} FROM '{path}'"))
            total = Measure(total.seconds + m.seconds, max(total.peak_mib or 0, m.peak_mib or 0))
    for path in files.values():
        path.unlink()
    return total


def reference_load(base: str, path: Path) -> Measure:
    """Load the same CSV into a plain table with the tool people use for it."""
    import uuid

    if base.startswith("postgresql"):
        from sqlalchemy import make_url

        u = make_url(base)
        name = f"{PREFIX[0]}_ref_{uuid.uuid4().hex[:8]}"
        _psql(base, f'CREATE DATABASE "{name}"')
        _psql(
            base,
            'CREATE TABLE plain (city text, country text, organization text, status text, "from" text, "to" text, source text)',
            name,
        )
        try:
            return _timed(
                [
                    "psql",
                    "-q",
                    "-h",
                    u.host or "127.0.0.1",
                    "-U",
                    u.username or "postgres",
                    "-d",
                    name,
                    "-c",
                    f"\\copy plain FROM '{path}' CSV HEADER",
                ]
            )
        finally:
            _psql(base, f'DROP DATABASE "{name}" WITH (FORCE)')
    target = OUT / f"ref-{uuid.uuid4().hex[:8]}.db"
    try:
        return _timed(
            [
                str(Path(PYTHON).parent / "sqlite-utils"),
                "insert",
                str(target),
                "memberships",
                str(path),
                "--csv",
            ]
        )
    finally:
        target.unlink(missing_ok=True)


REIMPORT_PERSONS = {"small": 1_700, "large": 5_000}


def bench_reimport(suite: Suite, ctx: dict) -> None:
    """4. `import dataset` of a file whose records the database holds already, against
    `import popolo` of the same facts again (issue 17, item 3: the dataset loader on the
    same bulk path). The base: the bundled data and bench/popolo_import.py's document of
    N persons, each with a post (an EveryPolitician-shaped file), then exported as a
    dataset. Each side loads its file again into a fresh copy of that base; the sides
    alternate."""
    from bench.popolo_import import popolo_document

    server = ctx["large"] if ctx["large"].startswith("postgresql") else None
    persons = REIMPORT_PERSONS[ctx["scale"]]
    document = OUT / f"reimport-{persons}.json"
    document.write_text(json.dumps(popolo_document(persons)), encoding="utf-8")
    dataset = OUT / f"reimport-{persons}.toml"
    if server:
        from sqlalchemy import make_url

        name = f"{PREFIX[0]}_reimport"
        _psql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _psql(server, f'CREATE DATABASE "{name}"')
        base = make_url(server).set(database=name).render_as_string(hide_password=False)
    else:
        base = str(OUT / "reimport-base.sqlite")
        Path(base).unlink(missing_ok=True)
    try:
        for args in (("seed",), ("import", "popolo", str(document))):
            subprocess.run(citylinks(*args, db=base), check=True, capture_output=True)
        subprocess.run(
            citylinks("export", "dataset", "--force", "-o", str(dataset), db=base),
            check=True,
            capture_output=True,
        )
        times: dict[str, list[Measure]] = {"dataset": [], "popolo": []}
        for run in range(suite.repeat):
            for kind in ("dataset", "popolo") if run % 2 == 0 else ("popolo", "dataset"):
                path = dataset if kind == "dataset" else document
                with fresh_copy(base) as target:
                    times[kind].append(_timed(citylinks("import", kind, str(path), db=target)))
        ours, ref = _median(times["dataset"]), _median(times["popolo"])
        row = Row(
            f"4. re-import dataset, {persons:,} persons",
            "import dataset of the export (all recorded)",
            "import popolo of the same document again",
            ours.seconds,
            ref.seconds,
            1.5,
            ours.peak_mib,
            ref.peak_mib,
            "issue 17: the dataset loader on the bulk path for recorded records; "
            + _cpu_note(ours, ref),
        )
        suite.rows.append(row)
        print(_line(row), row.note, file=sys.stderr)
    finally:
        if server:
            _psql(server, f'DROP DATABASE IF EXISTS "{PREFIX[0]}_reimport" WITH (FORCE)')
        else:
            Path(base).unlink(missing_ok=True)


def bench_exports(suite: Suite, ctx: dict) -> None:
    """5. exports of the large database: time, and peak memory against the bundled data's."""
    for kind in ("popolo", "dataset"):
        large = citylinks(
            "export", kind, "--output", str(OUT / f"export-large.{kind}"), db=ctx["large"]
        )
        bundled = citylinks(
            "export",
            kind,
            "--output",
            str(OUT / f"export-bundled.{kind}"),
            db=ctx["bundled_same_server"],
        )
        s = _timed(large)
        r = _timed(bundled)
        row = Row(
            f"5. export {kind} peak memory",
            "large database",
            "bundled data",
            s.peak_mib or 0,
            r.peak_mib or 1,
            None,
            s.peak_mib,
            r.peak_mib,
            f"ratio of peak memory, not time; the large export took {s.seconds:,.1f} s",
        )
        suite.rows.append(row)
        print(_line(row) + f"   [{s.seconds:.1f} s]", file=sys.stderr)


BENCHMARKS: dict[str, Callable[[Suite, dict], None]] = {
    "help": bench_help,
    "timeline": bench_timeline_floor,
    "reports": bench_reports,
    "sql": bench_report_sql,
    "csv": bench_csv_import,
    "reimport": bench_reimport,
    "exports": bench_exports,
}


def prepare(scale: str, large_url: str | None, base: bool = True) -> dict:
    """The bundled-data database and the large one (generated once per scale and server), and
    the base for imports (the large world without memberships) if `base`."""
    from bench.generate import generate

    OUT.mkdir(exist_ok=True)
    bundled = str(OUT / "bundled.sqlite")
    if not Path(bundled).exists():
        subprocess.run(citylinks("seed", db=bundled), check=True, capture_output=True)
    if large_url:
        # The reports' reference is the bundled data on the same server, not a SQLite file.
        from sqlalchemy import make_url

        on_server = make_url(large_url).set(database=f"{PREFIX[0]}_bundled")
        marker = OUT / f"bundled.{_slug(large_url)}.{PREFIX[0]}.done"
        if not marker.exists():
            _psql(large_url, f'DROP DATABASE IF EXISTS "{PREFIX[0]}_bundled" WITH (FORCE)')
            _psql(large_url, f'CREATE DATABASE "{PREFIX[0]}_bundled"')
            url = on_server.render_as_string(hide_password=False)
            subprocess.run(citylinks("seed", db=url), check=True, capture_output=True)
            marker.write_text(datetime.now(UTC).isoformat())
        bundled_on_server = on_server.render_as_string(hide_password=False)
    else:
        bundled_on_server = bundled
    worlds = {}
    for kind, memberships in (("large", True), ("base", False))[: 2 if base else 1]:
        suffix = "" if memberships else "-base"
        if large_url:
            from sqlalchemy import make_url

            name = f"{PREFIX[0]}_{scale}{suffix.replace('-', '_')}"
            url = make_url(large_url).set(database=name).render_as_string(hide_password=False)
        else:
            url = str(OUT / f"world-{scale}{suffix}.sqlite")
        server = f"{_slug(large_url)}.{PREFIX[0]}" if large_url else "sqlite"
        marker = OUT / f"world-{scale}{suffix}.{server}.done"
        if not marker.exists():
            if large_url:
                _psql(large_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                _psql(large_url, f'CREATE DATABASE "{name}"')
            print(f"generating the {scale} world{suffix} in {url} (once) ...", file=sys.stderr)
            generate(url, scale, memberships=memberships)
            marker.write_text(datetime.now(UTC).isoformat())
        worlds[kind] = url
    return {"bundled": bundled, "bundled_same_server": bundled_on_server, **worlds, "scale": scale}


def _slug(url: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in url)[:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "large"), default="small")
    parser.add_argument("--db", help="the server for the generated world (default: SQLite)")
    parser.add_argument("--repeat", type=int, help="runs of each side (default 5; 1 with --quick)")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="run these only")
    parser.add_argument(
        "--quick", action="store_true", help="the imports' ratios on the small world, once each"
    )
    parser.add_argument("--prefix", default="citylinks_bench", help="of the databases made")
    args = parser.parse_args()
    PREFIX[0] = args.prefix
    if args.quick:
        args.scale, args.only = "small", args.only or ["csv", "reimport"]
    args.repeat = args.repeat or (1 if args.quick else 5)
    sys.path.insert(0, str(ROOT))
    ctx = prepare(args.scale, args.db, base=not args.only or "csv" in args.only)
    suite = Suite(args.repeat)
    for name, bench in BENCHMARKS.items():
        if not args.only or name in args.only:
            bench(suite, ctx)
    backend = (args.db or "sqlite").split(":")[0]
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "scale": args.scale,
        "backend": backend,
        "repeat": args.repeat,
        "rows": [asdict(r) | {"ratio": r.ratio, "verdict": r.verdict} for r in suite.rows],
    }
    target = OUT / f"results-{args.scale}-{backend}.json"
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(markdown(result))


def markdown(result: dict) -> str:
    lines = [
        f"{result['date']} · {result['machine']} · scale {result['scale']} · {result['backend']} · median of {result['repeat']}",
        "",
        "| benchmark | citylinks | reference | ratio | target | peak MiB (ours / ref) | note |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in result["rows"]:
        target = f"≤ {r['target']}× {r['verdict']}" if r["target"] else ""
        mem = f"{r['subject_mib']:.0f} / {r['reference_mib']:.0f}" if r["subject_mib"] else ""
        ours, ref = _shown(r["note"], r["subject_s"]), _shown(r["note"], r["reference_s"])
        lines.append(
            f"| {r['name']} | {ours} | {ref} | {r['ratio']:.2f}× | {target} | {mem} | {r['note']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
