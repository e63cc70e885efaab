"""Exports against the database's own dump, side by side in one run (run by hand).

    python bench/exports.py --db URL [--db URL2] [--repeat 3] [--before SRC]
    python bench/exports.py --quick [--db URL]

For each database (a SQLite file or a PostgreSQL URL; the first is the one the ratios are
for, a second one of another size gives the peak-memory ratio between the two): the
database's own dump of its data (the `sqlite3` shell's `.dump`, or `pg_dump --data-only`),
`citylinks export dataset` and `citylinks export popolo`, each written to a file, run in turn
`--repeat` times (after one warm-up round), so that all three meet the same load. Prints the
median wall time, the median CPU time (user + system of the process; for pg_dump that leaves
out the server's share) and the peak memory of each, the ratios to the dump, and the load
average before and after; writes the same as JSON (bench/out/exports-BACKEND.json).
`--before SRC` also runs both exports from another checkout's src/ (e.g. the main branch's),
in the same rounds, to show before and after under the same load.

`--quick` (under five minutes on a 2-core machine): one round, no warm-up, of the small world
(`bench/generate.py --scale small`, made once in bench/out/exports-small.sqlite when no
`--db` is given); the ratios are then start-up's as much as the export's (the large world,
50x the memberships, is where the target is decided).

Issue 17's target: both exports within 3x the dump, on SQLite and on PostgreSQL, with peak
memory flat as the database grows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
CITYLINKS = str(Path(sys.executable).parent / "citylinks")
TARGET = 3.0

_WRAPPER = (
    "import resource, subprocess, sys, time, json\n"
    "argv = json.loads(sys.argv[1]); out = sys.argv[2] or None\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(argv, stdin=subprocess.DEVNULL,"
    " stdout=open(out, 'wb') if out else subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "t = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps([t, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024, p.returncode,"
    " p.stderr.decode(errors='replace')[-600:]]))\n"
)


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float


@dataclass
class Line:
    database: str
    name: str
    wall: float
    cpu: float
    peak_mib: float
    wall_ratio: float | None = None
    cpu_ratio: float | None = None


def timed(argv: list[str], stdout: Path | None = None) -> Run:
    """Run `argv` under a small wrapper process, so that its CPU time and peak memory are its
    own (the wrapper's are not counted: RUSAGE_CHILDREN)."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # as users run it, with the cache
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, json.dumps(argv), str(stdout or "")],
        capture_output=True,
        text=True,
        env=environment,
    )
    wall, cpu, peak, code, err = json.loads(done.stdout)
    if code != 0:
        raise SystemExit(f"benchmark command failed ({code}): {' '.join(argv)}\n{err}")
    return Run(wall, cpu, peak)


def commands(
    db: str, work: Path, before: str | None = None
) -> dict[str, tuple[list[str], Path | None]]:
    """The three commands for `db`, by name: (argv, the file its standard output goes to)."""
    if "://" in db and not db.startswith("sqlite"):
        url = db.replace("+psycopg", "")
        dump = (["pg_dump", "--data-only", "--dbname", url, "--file", str(work / "dump.sql")], None)
        reference = "pg_dump --data-only"
    else:
        path = db.removeprefix("sqlite:///") if db.startswith("sqlite") else db
        dump = (["sqlite3", path, ".dump"], work / "dump.sql")
        reference = "sqlite3 .dump"
    found = {reference: dump}
    for kind, suffix in (("dataset", "toml"), ("popolo", "json")):
        argv = [CITYLINKS, "--db", db, "export", kind, "-o", str(work / f"export.{suffix}")]
        found[f"export {kind}"] = ([*argv, "--force"], None)
        if before:
            # The same command from another checkout: its src/ first on the path.
            code = f"import sys; sys.path.insert(0, {before!r}); from citylinks.cli.app import main; main()"
            old = [sys.executable, "-c", code, *argv[1:-1], str(work / f"before.{suffix}")]
            found[f"export {kind} (before)"] = ([*old, "--force"], None)
    return found


def measure(
    db: str, repeat: int, work: Path, before: str | None = None, warm_up: bool = True
) -> list[Line]:
    runs: dict[str, list[Run]] = {}
    todo = commands(db, work, before)
    for round_ in range(repeat + warm_up):
        for name, (argv, stdout) in todo.items():
            run = timed(argv, stdout)
            # Each run as it ends: a large world's round takes many minutes.
            print(
                f"  {db}: {name}: {run.wall:.2f} s, CPU {run.cpu:.2f} s, {run.peak_mib:.0f} MiB"
                f", load {os.getloadavg()[0]:.1f}",
                file=sys.stderr,
                flush=True,
            )
            if round_ or not warm_up:  # the first round warms the caches
                runs.setdefault(name, []).append(run)
    lines = [
        Line(
            db,
            name,
            statistics.median(r.wall for r in done),
            statistics.median(r.cpu for r in done),
            max(r.peak_mib for r in done),
        )
        for name, done in runs.items()
    ]
    reference = lines[0]
    for line in lines[1:]:
        line.wall_ratio = line.wall / reference.wall
        line.cpu_ratio = line.cpu / reference.cpu
    return lines


def small_world() -> Path:
    """bench/generate.py's small world in a SQLite file under bench/out, made if missing."""
    path = OUT / "exports-small.sqlite"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--scale", "small", "--db", str(partial)],
            check=True,
        )
        partial.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        action="append",
        help="SQLite file or database URL; give it twice (first the larger) for the memory ratio",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", metavar="SRC", help="another checkout's src/ to compare")
    parser.add_argument(
        "--no-warm-up", action="store_true", help="no warm-up round (for a large database)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="one round of the small world, under five minutes"
    )
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if args.quick:
        args.repeat, args.no_warm_up = 1, True
        if not args.db:
            args.db = [str(small_world())]
    elif not args.db:
        parser.error("--db is required (or --quick, which makes the small world)")
    work = OUT / f"exports-{os.getpid()}"  # two runs at once write different files
    work.mkdir(exist_ok=True)
    load_before = os.getloadavg()
    started = datetime.now(UTC)
    results = [measure(db, args.repeat, work, args.before, not args.no_warm_up) for db in args.db]
    load_after = os.getloadavg()
    print(f"{started:%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, load average")
    print(
        f"  before {load_before[0]:.1f} {load_before[1]:.1f}, after {load_after[0]:.1f} "
        f"{load_after[1]:.1f}; medians of {args.repeat}"
    )
    for lines in results:
        print(f"\n{lines[0].database}")
        print(f"  {'':24} {'wall':>9} {'ratio':>7} {'CPU':>9} {'ratio':>7} {'peak':>9}")
        for line in lines:
            wall_ratio = f"{line.wall_ratio:.2f}x" if line.wall_ratio else ""
            cpu_ratio = f"{line.cpu_ratio:.2f}x" if line.cpu_ratio else ""
            verdict = ""
            if line.wall_ratio:
                verdict = "met" if line.wall_ratio <= TARGET else "MISSED"
            print(
                f"  {line.name:24} {line.wall:8.2f}s {wall_ratio:>7} {line.cpu:8.2f}s "
                f"{cpu_ratio:>7} {line.peak_mib:6.0f} MiB  {verdict}"
            )
    if len(results) > 1:
        print("\npeak memory, first database against the second:")
        for big, small in zip(results[0][1:], results[1][1:], strict=True):
            print(f"  {big.name:24} {big.peak_mib / small.peak_mib:.2f}x")
    backend = "sqlite" if not any("postgresql" in db for db in args.db) else "postgresql"
    (OUT / f"exports-{backend}.json").write_text(
        json.dumps(
            {
                "started": started.isoformat(),
                "load_before": load_before,
                "load_after": load_after,
                "repeat": args.repeat,
                "results": [[asdict(line) for line in lines] for lines in results],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
