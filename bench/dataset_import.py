"""Dataset import against CSV import, per record, side by side in one run (issue 14, item 4).

    python bench/dataset_import.py [--rows 2000] [--repeat 3] [--db ADMIN-URL-of-a-PostgreSQL-server]

Each run starts both sides from a freshly seeded database. The CSV side imports `rows`
membership rows of new cities (--create-missing: each row makes a city, its name and a
membership with one phase, citing a source); the dataset side a dataset file holding the same
facts as records: `rows` [[city]] records (a name, the source) and `rows` [[membership]]
records (one phase, the source). A dataset membership and its city are what one CSV row
makes, so the cost per record is the dataset import's time divided by `rows`. The sides
alternate from run to run. Prints the median seconds and milliseconds per row/record of each
(the whole command), the commands' own CPU time, and the ratio. With --db, the scratch
databases bench_dataset_csv and bench_dataset_toml are made on that server and dropped at the
end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))

from bench.popolo_import import CPU, drop, fresh, timed, write_csv  # noqa: E402


def write_dataset(path: Path, rows: int, source: str) -> None:
    """The facts of write_csv's file, as dataset records."""
    from citylinks.formats.dataset import FORMAT, toml

    with path.open("w", encoding="utf-8") as out:
        out.write(f'format = "{FORMAT}"\n')
        for i in range(rows):
            out.write("\n")
            out.write(
                toml.record(
                    "city",
                    {
                        "key": f"bench-city-{i}",
                        "country": "IR",
                        "names": [{"lang": "en", "name": f"Bench City {i}", "kind": "official"}],
                        "sources": [source],
                    },
                )
            )
        for i in range(rows):
            out.write("\n")
            out.write(
                toml.record(
                    "membership",
                    {
                        "city": f"bench-city-{i}",
                        "organization": "amf",
                        "phase": [
                            {
                                "status": "member",
                                "start": f"{2000 + i % 20}-01-01",
                                "end": "unknown",
                                "sources": [source],
                            }
                        ],
                    },
                )
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side, alternated")
    parser.add_argument(
        "--db",
        help="an admin URL of a PostgreSQL server (default: SQLite); the scratch databases"
        " bench_dataset_csv and bench_dataset_toml are made on it and dropped at the end",
    )
    args = parser.parse_args()
    names = ["bench_dataset_csv", "bench_dataset_toml"]
    csv_times: list[float] = []
    dataset_times: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            csv_file = folder / "memberships.csv"
            dataset_file = folder / "memberships.toml"
            for run in range(args.repeat):
                csv_db = fresh(args.db, folder, names[0])
                dataset_db = fresh(args.db, folder, names[1])
                if run == 0:
                    write_csv(csv_db, csv_file, args.rows)
                    source = csv_file.read_text("utf-8").splitlines()[1].rsplit(",", 1)[1]
                    write_dataset(dataset_file, args.rows, source)
                sides = [
                    (csv_times, csv_db, ("csv", "memberships", "--create-missing", str(csv_file))),
                    (dataset_times, dataset_db, ("dataset", str(dataset_file))),
                ]
                for times, db, command in sides if run % 2 == 0 else sides[::-1]:
                    times.append(timed(db, "import", *command))
                if args.db is None:
                    for name in names:
                        (folder / f"{name}.db").unlink()
    finally:
        if args.db is not None:
            drop(args.db, names)
    csv_s, dataset_s = statistics.median(csv_times), statistics.median(dataset_times)
    backend = "postgresql" if args.db else "sqlite"
    print(
        f"{backend}, {args.rows:,} rows each, median of {args.repeat} runs each, alternated"
        " (whole command, start-up included)"
    )
    print(
        f"  import csv memberships: {csv_s:.2f} s, {1000 * csv_s / args.rows:.2f} ms a row"
        f"  (runs: {', '.join(f'{t:.2f}' for t in csv_times)})"
    )
    print(
        f"  import dataset:         {dataset_s:.2f} s, {1000 * dataset_s / args.rows:.2f} ms a"
        f" record (a city and its membership)  (runs: {', '.join(f'{t:.2f}' for t in dataset_times)})"
    )
    print(f"  ratio: {dataset_s / csv_s:.2f}x")
    csv_cpu, dataset_cpu = statistics.median(CPU["csv"]), statistics.median(CPU["dataset"])
    print(
        f"  the commands' own CPU time (median): csv {csv_cpu:.2f} s, dataset {dataset_cpu:.2f} s,"
        f" ratio {dataset_cpu / csv_cpu:.2f}x"
    )


if __name__ == "__main__":
    main()
