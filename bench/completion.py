"""How long a Tab takes: citylinks' shell completion against a bare Typer app's --help.

    python bench/completion.py [--runs 15]

Every Tab starts citylinks anew, as the completion scripts do (`_CITYLINKS_COMPLETE`, bash's
COMP_WORDS). Measured, interleaved so that the machine's load falls on all alike, medians:

- the reference: `python bench/bare_typer.py --help` (Python, Typer and Click starting);
- `citylinks --help`;
- completing a command's name (`citylinks tim<Tab>`), without the database;
- completing an organization (`citylinks timeline A<Tab>`) and a city
  (`citylinks history Ya<Tab>`, and «يز» typed with the Arabic yeh, matched folded): one
  Core query on the bundled dataset in a SQLite file;
- completing `--series` (the series of the organization on the line): two Core queries.

Only the ratios to the reference mean anything.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
CITYLINKS = str(Path(sys.executable).parent / "citylinks")


def _bash(words: str) -> dict[str, str]:
    return {
        "_CITYLINKS_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite"
        url = f"sqlite:///{db}"
        subprocess.run([CITYLINKS, "--db", url, "seed"], check=True, capture_output=True)
        cases = {
            "bare Typer app --help (reference)": ([sys.executable, str(HERE / "bare_typer.py"), "--help"], {}),
            "citylinks --help": ([CITYLINKS, "--help"], {}),
            "citylinks tim<Tab>": ([CITYLINKS], _bash("citylinks tim")),
            "citylinks timeline A<Tab>": ([CITYLINKS], _bash(f"citylinks --db {url} timeline A")),
            "citylinks history Ya<Tab>": ([CITYLINKS], _bash(f"citylinks --db {url} history Ya")),
            "citylinks history يز<Tab> (folded)": ([CITYLINKS], _bash(f"citylinks --db {url} history يز")),
            "... --series <Tab>": (
                [CITYLINKS], _bash(f"citylinks --db {url} attend add AMF 11 Shiraz --series ")
            ),
        }  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs + 1):  # the first round warms the caches and is not counted
            for name, (argv, env) in cases.items():
                started = time.perf_counter()
                done = subprocess.run(argv, env={**os.environ, **env}, capture_output=True)
                elapsed = time.perf_counter() - started
                if done.returncode != 0:
                    raise SystemExit(f"{name} failed: {done.stderr.decode()}")
                times[name].append(elapsed)
        for name in times:
            times[name] = times[name][1:]
    reference = statistics.median(times["bare Typer app --help (reference)"])
    print(f"{'case':<36} {'median':>9} {'ratio':>7}   ({runs} runs each, interleaved)")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<36} {median * 1000:>7.0f} ms {median / reference:>6.2f}x")


if __name__ == "__main__":
    main()
