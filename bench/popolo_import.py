"""Popolo import against CSV import, per membership, side by side in one run (issue 14).

    python bench/popolo_import.py [--rows 2000] [--repeat 3] [--db ADMIN-URL-of-a-PostgreSQL-server]

Each run starts both sides from a freshly seeded database: the CSV side imports `rows`
membership rows of new cities (--create-missing), the Popolo side an EveryPolitician-shaped
document with `rows` persons (each with an identifier, an image and a source link of its own,
as EveryPolitician's persons have) and as many memberships (each with a role,
on_behalf_of_id, area_id and legislative_period_id), three terms (events) and fifty
constituencies (areas, kept as they are). The sides alternate from run to run. Prints the
median seconds and milliseconds per row of each (the whole command), the commands' own CPU
time, and the ratios (target: Popolo at most 2x CSV per membership). With --db, the scratch databases
bench_popolo_csv and bench_popolo_json are made on that server and dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))
CITYLINKS = [sys.executable, "-m", "citylinks"]


def popolo_document(rows: int) -> dict:
    """An EveryPolitician-shaped document: `rows` persons, each with an identifier, an image
    and a source link of their own (as every EveryPolitician person has), and as many
    memberships of the legislature, in three terms (events) and fifty constituencies (areas,
    kept as they are)."""
    persons = [
        {
            "id": f"p{i}",
            "name": f"Person {i}",
            "gender": "female",
            "identifiers": [{"scheme": "everypolitician_legacy", "identifier": f"P{i}"}],
            "image": f"https://example.org/images/{i}.jpg",
            "sources": [{"url": f"https://example.org/people/{i}"}],
        }
        for i in range(rows)
    ]
    memberships = [
        {
            "person_id": f"p{i}",
            "organization_id": "legislature",
            "on_behalf_of_id": f"party/{i % 7}",
            "area_id": f"area/{i % 50}",
            "legislative_period_id": f"term/{i % 3}",
            "role": "member",
            "start_date": f"{2000 + i % 20}-01-01",
        }
        for i in range(rows)
    ]
    return {
        "persons": persons,
        "organizations": [
            {"id": "legislature", "name": "Assembly", "classification": "legislature"}
        ]
        + [{"id": f"party/{p}", "name": f"Party {p}", "classification": "party"} for p in range(7)],
        "areas": [
            {"id": f"area/{a}", "name": f"Constituency {a}", "type": "constituency"}
            for a in range(50)
        ],
        "events": [
            {
                "id": f"term/{t}",
                "name": f"Term {t}",
                "classification": "legislative period",
                "organization_id": "legislature",
                "start_date": f"{2000 + 5 * t}-01-01",
            }
            for t in range(3)
        ],
        "memberships": memberships,
    }


def fresh(url: str | None, folder: Path, name: str) -> str:
    if url is None:
        target = f"sqlite:///{folder / (name + '.db')}"
    else:
        from sqlalchemy import create_engine, text

        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            conn.execute(text(f"CREATE DATABASE {name}"))
        engine.dispose()
        target = url.rsplit("/", 1)[0] + "/" + name
    subprocess.run([*CITYLINKS, "--db", target, "seed"], check=True, capture_output=True)
    return target


# The command's own CPU time (user and system), beside the wall time: on a loaded machine the
# wall time of each run moves with the load, its CPU time much less (but it leaves out the
# PostgreSQL server's work).
CPU: dict[str, list[float]] = {}


def timed(db: str, *args: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*CITYLINKS, "--db", db, *args], check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU.setdefault(args[1], []).append(cpu)
    return wall


def write_csv(db: str, path: Path, rows: int) -> None:
    """`rows` memberships of new cities (made by --create-missing) in the bundled AMF."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db)
    with engine.connect() as conn:
        source = conn.execute(text('SELECT "key" FROM source ORDER BY id')).scalar()
    engine.dispose()
    lines = ["city,country,organization,status,from,source"]
    lines += [f"Bench City {i},IR,AMF,member,{2000 + i % 20}-01-01,{source}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def drop(url: str, names: list[str]) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for name in names:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side, alternated")
    parser.add_argument(
        "--db",
        help="an admin URL of a PostgreSQL server (default: SQLite); the scratch databases"
        " bench_popolo_csv and bench_popolo_json are made on it and dropped at the end",
    )
    args = parser.parse_args()
    csv_times: list[float] = []
    popolo_times: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            popolo_file = folder / "popolo.json"
            popolo_file.write_text(json.dumps(popolo_document(args.rows)), encoding="utf-8")
            csv_file = folder / "memberships.csv"
            for run in range(args.repeat):
                csv_db = fresh(args.db, folder, "bench_popolo_csv")
                popolo_db = fresh(args.db, folder, "bench_popolo_json")
                if run == 0:
                    write_csv(csv_db, csv_file, args.rows)
                sides = [
                    (csv_times, csv_db, ("csv", "memberships", "--create-missing", str(csv_file))),
                    (popolo_times, popolo_db, ("popolo", str(popolo_file))),
                ]
                for times, db, command in sides if run % 2 == 0 else sides[::-1]:
                    times.append(timed(db, "import", *command))
                if args.db is None:
                    for name in ("bench_popolo_csv", "bench_popolo_json"):
                        (folder / f"{name}.db").unlink()
    finally:
        if args.db is not None:
            drop(args.db, ["bench_popolo_csv", "bench_popolo_json"])
    csv_s, popolo_s = statistics.median(csv_times), statistics.median(popolo_times)
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
        f"  import popolo:          {popolo_s:.2f} s, {1000 * popolo_s / args.rows:.2f} ms a"
        f" membership  (runs: {', '.join(f'{t:.2f}' for t in popolo_times)})"
    )
    print(f"  ratio: {popolo_s / csv_s:.2f}x (target: at most 2x)")
    csv_cpu, popolo_cpu = statistics.median(CPU["csv"]), statistics.median(CPU["popolo"])
    print(
        f"  the commands' own CPU time (median): csv {csv_cpu:.2f} s, popolo {popolo_cpu:.2f} s,"
        f" ratio {popolo_cpu / csv_cpu:.2f}x"
    )


if __name__ == "__main__":
    main()
