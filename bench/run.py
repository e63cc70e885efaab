"""The benchmark suite: each figure beside its reference, measured in one run (run by hand).

    python bench/run.py --scale small|large [--db URL] [--repeat 5] [--only NAME...]

Prints a table of median times (and peak memory where it matters), each beside its
reference and their ratio, and writes the same as JSON (bench/out/results-SCALE-BACKEND.json).
The machines are shared and noisy: only ratios measured in the same run mean anything.
`--db` selects the large database's server (default: a SQLite file under bench/out/); the
world is generated there once (bench/generate.py) and reused while its scale matches.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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
        """Median wall time of a command over `repeat` runs, and its peak memory (max RSS)."""
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
    "print(json.dumps([t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, p.returncode,"
    " p.stderr.decode(errors='replace')[-600:]]))\n"
)


def _timed(argv: list[str], env: dict | None = None, stdin: Path | None = None) -> Measure:
    """Run `argv` under a small wrapper process, so that its peak memory is its own."""
    done = subprocess.run(
        [PYTHON, "-c", _WRAPPER, json.dumps(argv), str(stdin or "")],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    seconds, peak, code, err = json.loads(done.stdout)
    if code != 0:
        raise SystemExit(f"benchmark command failed ({code}): {_show(argv)}\n{err}")
    return Measure(seconds, peak)


def _show(argv: list[str]) -> str:
    shown = [Path(a).name if a == PYTHON or a.endswith("/citylinks") else a for a in argv]
    text = " ".join(shown)
    return text if len(text) < 90 else text[:87] + "..."


def _line(row: Row) -> str:
    target = f"≤{row.target}×" if row.target else ""
    return f"{row.name:<34} {row.subject_s * 1000:9.1f} ms  vs {row.reference_s * 1000:9.1f} ms  {row.ratio:6.2f}× {target:>6} {row.verdict}"


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


def bench_timeline_floor(suite: Suite, ctx: dict) -> None:
    suite.compare(
        "2. timeline AMF (bundled)",
        (citylinks("timeline", "AMF", db=ctx["bundled"]), None),
        ([PYTHON, "-c", "import typer, rich.console, sqlalchemy.orm, jdatetime"], None),
        1.3,
        "reference: importing the dependencies only",
    )


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
            (citylinks(*args, "--format", "json", db=ctx["bundled"]), None),
            1.5,
        )


def _has_command(name: str) -> bool:
    done = subprocess.run(citylinks(name, "--help"), capture_output=True)
    return done.returncode == 0


BENCHMARKS: dict[str, Callable[[Suite, dict], None]] = {
    "help": bench_help,
    "timeline": bench_timeline_floor,
    "reports": bench_reports,
}


def prepare(scale: str, large_url: str | None) -> dict:
    """The bundled-data database and the large one (generated once per scale and server)."""
    from bench.generate import generate

    OUT.mkdir(exist_ok=True)
    bundled = OUT / "bundled.sqlite"
    if not bundled.exists():
        subprocess.run(citylinks("seed", db=str(bundled)), check=True, capture_output=True)
    marker = OUT / f"world-{scale}.{_slug(large_url or 'sqlite')}.done"
    large = large_url or str(OUT / f"world-{scale}.sqlite")
    if not marker.exists():
        print(f"generating the {scale} world in {large} (once) ...", file=sys.stderr)
        generate(large, scale)
        marker.write_text(datetime.now(UTC).isoformat())
    return {"bundled": str(bundled), "large": large, "scale": scale}


def _slug(url: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in url)[:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "large"), default="small")
    parser.add_argument("--db", help="the server for the generated world (default: SQLite)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="run these only")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    ctx = prepare(args.scale, args.db)
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
        "| benchmark | citylinks | reference | ratio | target | peak MiB (ours / ref) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in result["rows"]:
        target = f"≤ {r['target']}× {r['verdict']}" if r["target"] else ""
        mem = f"{r['subject_mib']:.0f} / {r['reference_mib']:.0f}" if r["subject_mib"] else ""
        lines.append(
            f"| {r['name']} | {r['subject_s'] * 1000:.0f} ms | {r['reference_s'] * 1000:.0f} ms | {r['ratio']:.2f}× | {target} | {mem} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
