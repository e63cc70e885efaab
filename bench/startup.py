"""Start-up of every command beside its floor, as ratios measured in one run (run by hand).

    python bench/startup.py [--quick] [--postgresql URL] [--rounds N] [--profile]
                            [--only WORDS ...] [--no-help] [--reads]
                            [--base SRC [--base-postgresql URL]]

- Commands that read (reports, show, list, history, log, check, date) against the floor
  `python -c "import typer, rich.console, sqlalchemy, jdatetime"`: target 1.3x.
- Commands that write (each run records a new row, or a --dry-run that does all but commit)
  against the same floor: target 1.5x.
- `--help` of `citylinks` and of every sub-command against a bare Typer app's
  (bench/bare_typer.py): target 1.2x.

Each figure is the median of whole-process wall times. The machine is shared and noisy: every
round runs every candidate and the references once, in a shuffled order, so that the load
falls on all of them alike; only ratios from the same run mean anything. The database is the
bundled dataset, seeded into a SQLite file under a temporary folder and, with --postgresql
URL, into that (existing, preferably empty) PostgreSQL database. `--quick` measures a subset
(a few commands of each kind) in under five minutes. `--profile` prints, for every target
missed, the biggest imports of one run under `python -X importtime`. `--base SRC` runs every
read and write also from another tree (`git archive main | tar -x -C DIR`, then DIR/src), into
databases of its own, so that before and after are measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
FLOOR = [PYTHON, "-c", "import typer, rich.console, sqlalchemy, jdatetime"]
BARE_HELP = [PYTHON, str(HERE / "bare_typer.py"), "--help"]
CITYLINKS = [PYTHON, "-m", "citylinks"]

# (arguments, in the quick subset). "{n}" is replaced by a number new in each run (this
# invocation's and the round's), so that each run of a command that writes records a new row,
# also in a database an earlier invocation wrote to.
READS: list[tuple[str, bool]] = [
    ("timeline AMF", True),
    ("roster AMF", False),
    ("portfolio Yazd", False),
    ("history Yazd AMF", False),
    ("stats AMF", False),
    ("check", True),
    ("log", True),
    ("date 1400-06-31", True),
    ("org show AMF", True),
    ("org list", True),
    ("city show Yazd", True),
    ("city list", False),
    ("country list", False),
    ("member history Yazd AMF", True),
    ("session show AMF 1 --series general-assembly", False),
    ("source list", False),
    ("source show S1", True),
    ("person list", False),
    ("person show mohammadkhani", True),
    ("setting show", False),
    ("db path", False),
    ("db current", False),
    # The exports of the bundled data are mostly start-up (issue 17: no ORM on their path).
    ("export dataset", False),
    ("export popolo", False),
]
WRITES: list[tuple[str, bool]] = [
    ("city add X --country IR --dry-run", True),
    ("city add Benchtown{n} --country IR --force", True),
    ("person add 'Bench Person {n}' --force", False),
    ("source add --title 'Bench source {n}' --publisher Bench --kind web-page --dry-run", False),
    ("org add BN{n} --name 'Bench Network {n}' --force", True),
    ("member record Yazd AMF withdrawn --from 2090 --dry-run", False),
    ("member end Yazd AMF --on 2091 --dry-run", False),
    ("member edit Yazd AMF 1 --note 'bench note {n}'", False),
    ("member retract Yazd AMF 2 --reason 'bench' --dry-run", False),
    ("role edit '#1' --note 'bench note {n}'", False),
    ("role remove '#3' --dry-run", False),
    ("post edit '#6' --note 'bench note {n}'", False),
    ("post remove '#7' --dry-run", False),
]
QUICK_HELP = [
    "",
    "timeline",
    "member",
    "member record",
    "org",
    "org show",
    "city add",
    "session numbering",
    "db restore",
    "export popolo",
]

READ_TARGET = 1.3
WRITE_TARGET = 1.5
HELP_TARGET = 1.2


@dataclass
class Candidate:
    kind: str  # "read", "write", "help" or "reference"
    label: str
    argv: list[str]
    target: float | None = None
    reference: str = ""
    times: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    env: dict[str, str] | None = None  # another tree's (--base), else the run's


def _split(arguments: str) -> list[str]:
    import shlex

    return shlex.split(arguments)


def _help_paths() -> list[str]:
    """Every group and command of citylinks, as typed before `--help`."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from typer.main import get_command

    from citylinks.cli.app import app

    paths = [""]

    def walk(group, path):
        for name, command in group.commands.items():
            paths.append(" ".join([*path, name]))
            if hasattr(command, "commands"):
                walk(command, [*path, name])

    walk(get_command(app), [])
    return paths


def _seed(url: str, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(
        [*CITYLINKS, "--db", url, "seed"], capture_output=True, text=True, env=env or _env()
    )
    if done.returncode != 0:
        sys.exit(f"seeding {url} failed: {done.stderr.strip()}")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(CITYLINKS_OFFICER="bench", COLUMNS="120", PYTHONDONTWRITEBYTECODE="")
    env.pop("CITYLINKS_DATABASE_URL", None)
    return env


def _base_env(src: str) -> dict[str, str]:
    """The environment that runs citylinks from another tree's src/ (--base)."""
    return {**_env(), "PYTHONPATH": src}


def _candidates(
    args: argparse.Namespace, databases: dict[str, str], based: dict[str, str]
) -> list[Candidate]:
    floor = Candidate(
        "reference", "floor: import typer, rich.console, sqlalchemy, jdatetime", FLOOR
    )
    bare = Candidate("reference", "bare Typer app --help", BARE_HELP)
    found = [floor, bare]
    trees = [("", item, None) for item in databases.items()]
    trees += [("base ", item, _base_env(args.base)) for item in based.items()]
    for tree, (backend, url), tree_env in trees:
        for kind, commands, target in (
            ("read", READS, READ_TARGET),
            ("write", WRITES, WRITE_TARGET),
        ):
            if args.reads and kind != "read":
                continue
            for command, quick in commands:
                if args.quick and not quick and not args.reads:
                    continue
                if args.only and not any(word in command for word in args.only):
                    continue
                found.append(
                    Candidate(
                        kind,
                        f"{tree}{backend}: {command}",
                        [*CITYLINKS, "--db", url, *_split(command)],
                        target,
                        floor.label,
                        env=tree_env,
                    )
                )
    for path in [] if args.no_help or args.reads else QUICK_HELP if args.quick else _help_paths():
        found.append(
            Candidate(
                "help",
                f"citylinks {path} --help".replace("  ", " "),
                [*CITYLINKS, *_split(path), "--help"],
                HELP_TARGET,
                bare.label,
            )
        )
    return found


INVOCATION = f"{int(time.time()) % 1_000_000:06d}"


def _run(candidate: Candidate, n: int, env: dict[str, str]) -> None:
    argv = [a.replace("{n}", f"{INVOCATION}{n:02d}") for a in candidate.argv]
    start = time.perf_counter()
    done = subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=candidate.env or env
    )
    elapsed = time.perf_counter() - start
    # `check` ends 1 when it has findings; an error is a line on stderr.
    if done.returncode not in (0, 1) or b"Error" in done.stderr:
        candidate.failures.append(done.stderr.decode(errors="replace").strip()[-300:])
    candidate.times.append(elapsed)


def _profile(candidate: Candidate, env: dict[str, str], top: int = 12) -> str:
    """The biggest imports of one run (cumulative microseconds, as -X importtime reports)."""
    argv = [candidate.argv[0], "-X", "importtime", *candidate.argv[1:]]
    argv = [a.replace("{n}", f"{INVOCATION}99") for a in argv]
    done = subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=candidate.env or env
    )
    rows = []
    for line in done.stderr.decode(errors="replace").splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cumulative_us, name = line.replace("import time:", "").split("|")
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        if depth <= 1:
            rows.append((int(cumulative_us), name.strip()))
    rows.sort(reverse=True)
    total = len([line for line in done.stderr.decode().splitlines() if "import time:" in line])
    shown = ", ".join(f"{name} {us / 1000:.0f} ms" for us, name in rows[:top])
    return f"{total - 1} modules; biggest: {shown}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a subset, under five minutes")
    parser.add_argument("--postgresql", metavar="URL", help="also measure on this database")
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("--rounds", type=int, help="runs of each (default 15; quick: 7)")
    parser.add_argument("--profile", action="store_true", help="profile the targets missed")
    parser.add_argument(
        "--only",
        action="append",
        metavar="WORDS",
        help="only the reads and writes whose command holds WORDS (repeatable)",
    )
    parser.add_argument("--no-help", action="store_true", help="leave out the --help timings")
    parser.add_argument(
        "--base",
        metavar="SRC",
        help="also run each read and write from this tree's src/ (e.g. main's, from git"
        " archive), into databases of its own: before and after in one run",
    )
    parser.add_argument(
        "--base-postgresql", metavar="URL", help="with --base and --postgresql: its database"
    )
    parser.add_argument(
        "--reads",
        action="store_true",
        help="the commands that read only (all of them, even with --quick)",
    )
    args = parser.parse_args()
    rounds = args.rounds or (7 if args.quick else 15)
    env = _env()

    with tempfile.TemporaryDirectory(prefix="citylinks-startup-") as folder:
        databases: dict[str, str] = {}
        if not args.no_sqlite:
            databases["sqlite"] = str(Path(folder) / "bundled.sqlite")
        if args.postgresql:
            databases["postgresql"] = args.postgresql
        for url in databases.values():
            _seed(url)
        based: dict[str, str] = {}
        if args.base:
            if not args.no_sqlite:
                based["sqlite"] = str(Path(folder) / "base.sqlite")
            if args.postgresql and args.base_postgresql:
                based["postgresql"] = args.base_postgresql
            for url in based.values():
                _seed(url, _base_env(args.base))
        candidates = _candidates(args, databases, based)
        order = list(candidates)
        started = time.perf_counter()
        for n in range(rounds + 1):  # round 0 warms the caches and is not counted
            random.shuffle(order)
            for candidate in order:
                _run(candidate, n, env)
            if n == 0:
                for candidate in candidates:
                    candidate.times.clear()
            print(
                f"round {n}/{rounds} done ({time.perf_counter() - started:.0f} s)",
                file=sys.stderr,
            )
        _report(candidates, rounds, args, env)


def _report(candidates: list[Candidate], rounds: int, args, env) -> None:
    medians = {c.label: statistics.median(c.times) for c in candidates}
    load = os.getloadavg()
    print(
        f"# Start-up, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()},"
        f" {os.cpu_count()} cores, Python {platform.python_version()},"
        f" load {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}; medians of {rounds} interleaved runs"
    )
    print()
    print("| command | median | reference | ratio | target | |")
    print("|---|---:|---:|---:|---:|---|")
    missed = []
    for c in candidates:
        if c.kind == "reference":
            print(f"| {c.label} | {medians[c.label] * 1000:,.0f} ms | | | | reference |")
            continue
        reference = medians[c.reference]
        ratio = medians[c.label] / reference
        verdict = "met" if ratio <= (c.target or 0) else "**missed**"
        if c.failures:
            verdict += f" (failed {len(c.failures)}x: {c.failures[-1].splitlines()[-1]})"
        if ratio > (c.target or 0):
            missed.append(c)
        print(
            f"| {c.label} | {medians[c.label] * 1000:,.0f} ms | {reference * 1000:,.0f} ms"
            f" | {ratio:.2f}x | {c.target}x | {verdict} |"
        )
    by_kind: dict[str, list[float]] = {}
    for c in candidates:
        if c.kind != "reference":
            by_kind.setdefault(c.kind, []).append(medians[c.label] / medians[c.reference])
    print()
    for kind, ratios in by_kind.items():
        print(
            f"- {kind}: {len(ratios)} commands, ratios {min(ratios):.2f}x-{max(ratios):.2f}x,"
            f" median {statistics.median(ratios):.2f}x"
        )
    print(f"- missed: {len(missed)}")
    if args.profile:
        for c in missed:
            print(f"- profile of `{c.label}`: {_profile(c, env)}")


if __name__ == "__main__":
    main()
