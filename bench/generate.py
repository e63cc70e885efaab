"""A deterministic synthetic world of city networks, for the benchmarks (run by hand).

    python bench/generate.py --scale small|large --db URL

The database gets the bundled AMF dataset first (so the reports' subject is the same at every
scale), then a made-up world around it: countries, cities with English and Persian-looking
names, networks and committees with meeting series and sessions, memberships whose phases
use partial dates of every precision in both calendars (re-joins, suspensions, withdrawals),
attendance, and sources cited by every phase. Rows are written with bulk inserts, ids given
explicitly; the same seed always makes the same world.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

SCALES = {
    # cities, organizations (of which a quarter committees), memberships, sessions,
    # attendance rows, sources. Phases come to about two per membership.
    "small": dict(
        cities=3_000,
        organizations=100,
        memberships=20_000,
        sessions=800,
        attendance=10_000,
        sources=2_000,
    ),
    "large": dict(
        cities=150_000,
        organizations=2_000,
        memberships=1_000_000,
        sessions=20_000,
        attendance=500_000,
        sources=100_000,
    ),
}
BATCH = 20_000
STAMP = datetime(2026, 1, 1, tzinfo=UTC)
AUDIT = {
    "created_at": STAMP,
    "created_by": "bench",
    "updated_at": STAMP,
    "updated_by": "bench",
    "version": 1,
}
SYLLABLES = [
    "ka",
    "ra",
    "ba",
    "za",
    "sha",
    "ta",
    "na",
    "ma",
    "da",
    "ha",
    "ya",
    "la",
    "fa",
    "ga",
    "qa",
    "sa",
]
PERSIAN = [
    "کا",
    "را",
    "با",
    "زا",
    "شا",
    "تا",
    "نا",
    "ما",
    "دا",
    "ها",
    "یا",
    "لا",
    "فا",
    "گا",
    "قا",
    "سا",
]


@dataclass
class Dates:
    """A pool of partial dates of every precision, both calendars, with their columns."""

    pool: list[tuple[str, str | None, object, object]]

    @classmethod
    def make(cls, rng: random.Random) -> Dates:
        from citylinks.dates import PartialDate

        texts = []
        for year in range(1990, 2026):
            texts.append(str(year))
            texts += [f"{year}-{m:02d}" for m in (1, 4, 7, 10)]
            texts += [f"{year}-{m:02d}-{d:02d}" for m in (2, 6, 11) for d in (3, 17, 28)]
            jy = year - 621
            texts += [
                f"j:{jy}",
                f"j:{jy}-{rng.randint(1, 12):02d}",
                f"j:{jy}-{rng.randint(1, 12):02d}-{rng.randint(1, 29):02d}",
            ]
            texts.append(f"circa {year}")
        texts.sort(key=lambda t: PartialDate.parse(t).sort_key())
        return cls([PartialDate.parse(t).columns() for t in texts])


def columns(prefix: str, value: tuple) -> dict:
    text, precision, earliest, latest = value
    return {
        f"{prefix}_text": text,
        f"{prefix}_precision": precision,
        f"{prefix}_earliest": earliest,
        f"{prefix}_latest": latest,
    }


UNKNOWN = ("unknown", None, None, None)


def name(rng: random.Random, parts: int) -> tuple[str, str]:
    picks = [rng.randrange(len(SYLLABLES)) for _ in range(parts)]
    return "".join(SYLLABLES[i] for i in picks).capitalize(), "".join(PERSIAN[i] for i in picks)


def generate(
    url: str, scale: str, seed: int = 2025, out=sys.stderr, memberships: bool = True
) -> dict[str, int]:
    """Generate the world at `scale` into `url`; without `memberships`, only the places,
    organizations, sessions and sources (the base a CSV import of memberships needs)."""
    from sqlalchemy import func, insert, select

    from citylinks.db import open_database
    from citylinks.model import (
        Attendance,
        City,
        CityName,
        Country,
        MeetingSeries,
        Membership,
        MembershipPhase,
        Organization,
        OrganizationName,
        Session,
        Source,
    )
    from citylinks.services import imports
    from citylinks.text import fold
    from citylinks.vocab import ATTENDANCE_ROLES

    size = dict(SCALES[scale])
    if not memberships:
        size.update(memberships=0, attendance=0)
    rng = random.Random(seed)
    db = open_database(url, "bench", notify=lambda line: print(line, file=out))
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(Organization)) == 0:
            imports.seed(session)
    started = time.perf_counter()
    counts: dict[str, int] = {}

    def next_id(model) -> int:
        with db.engine.connect() as conn:
            return (conn.scalar(select(func.max(model.id))) or 0) + 1

    def bulk(model_or_table, rows_iter) -> None:
        table = getattr(model_or_table, "__table__", model_or_table)
        n = 0
        batch = []
        with db.engine.begin() as conn:
            for row in rows_iter:
                batch.append(row)
                if len(batch) >= BATCH:
                    conn.execute(insert(table), batch)
                    n += len(batch)
                    batch = []
            if batch:
                conn.execute(insert(table), batch)
                n += len(batch)
        counts[table.name] = counts.get(table.name, 0) + n
        print(f"  {table.name}: {n:,} rows ({time.perf_counter() - started:.0f} s)", file=out)

    dates = Dates.make(rng)
    n_dates = len(dates.pool)

    # Sources
    first_source = next_id(Source)
    bulk(
        Source,
        (
            {
                "id": first_source + i,
                "key": f"B{i}",
                "kind": "web-page",
                "title": f"Synthetic source {i}",
                "publisher": "bench",
                **columns("published", dates.pool[rng.randrange(n_dates)]),
                **columns("retrieved", UNKNOWN),
                "language": "en",
                **AUDIT,
            }
            for i in range(size["sources"])
        ),
    )
    # Countries: ISO 3166-1 codes the database does not hold yet (every door refuses any
    # other code: vocab.country_code), 200 of the 249.
    from citylinks.vocab import iso_countries

    real = {c for (c,) in db.engine.connect().execute(select(Country.code))}
    codes = [c for c in sorted(iso_countries()) if c not in real][:200]
    first_country = next_id(Country)
    bulk(
        Country,
        (
            {
                "id": first_country + i,
                "code": c,
                "name_en": f"Country {c}",
                "name_fa": None,
                **AUDIT,
            }
            for i, c in enumerate(codes)
        ),
    )
    # Cities, each with an English and a Persian name.
    first_city = next_id(City)
    city_names = [name(rng, 3) for _ in range(size["cities"])]
    bulk(
        City,
        (
            {
                "id": first_city + i,
                "key": f"bench-city-{i}",
                "country_id": first_country + i % len(codes),
                **AUDIT,
            }
            for i in range(size["cities"])
        ),
    )
    first_name = next_id(CityName)
    bulk(
        CityName,
        (
            row
            for i, (en, fa) in enumerate(city_names)
            for row in (
                {
                    "id": first_name + 2 * i,
                    "city_id": first_city + i,
                    "lang": "en",
                    "name": f"{en} {i}",
                    "kind": "official",
                    "folded": fold(f"{en} {i}"),
                    "position": 0,
                },
                {
                    "id": first_name + 2 * i + 1,
                    "city_id": first_city + i,
                    "lang": "fa",
                    "name": f"{fa} {i}",
                    "kind": "official",
                    "folded": fold(f"{fa} {i}"),
                    "position": 1,
                },
            )
        ),
    )
    # Organizations: networks, then committees of the first networks.
    first_org = next_id(Organization)
    n_orgs = size["organizations"]
    n_networks = n_orgs - n_orgs // 4
    bulk(
        Organization,
        (
            {
                "id": first_org + i,
                "key": f"bench-org-{i}",
                "acronym": f"BN{i}" if i < n_networks else None,
                "kind": "network" if i < n_networks else "committee",
                "parent_id": None if i < n_networks else first_org + (i - n_networks) % n_networks,
                **columns("founded", dates.pool[rng.randrange(n_dates // 2)]),
                **AUDIT,
            }
            for i in range(n_orgs)
        ),
    )
    first_org_name = next_id(OrganizationName)
    bulk(
        OrganizationName,
        (
            {
                "id": first_org_name + i,
                "organization_id": first_org + i,
                "lang": "en",
                "name": f"Bench Network {i}",
                "kind": "official",
                "folded": fold(f"Bench Network {i}"),
                "position": 0,
            }
            for i in range(n_orgs)
        ),
    )
    # Two meeting series per network, sessions spread over them.
    first_series = next_id(MeetingSeries)
    bulk(
        MeetingSeries,
        (
            {
                "id": first_series + 2 * i + k,
                "organization_id": first_org + i,
                "key": key,
                "name_en": label,
                "name_fa": None,
                **AUDIT,
            }
            for i in range(n_networks)
            for k, (key, label) in enumerate(
                (("general-assembly", "General Assembly"), ("executive-board", "Executive Board"))
            )
        ),
    )
    first_session = next_id(Session)
    n_series = 2 * n_networks
    per_series = max(1, size["sessions"] // n_series)
    session_rows = []
    for s in range(n_series):
        position = rng.randrange(n_dates // 3)
        for number in range(1, per_series + 1):
            position = min(position + rng.randint(1, 40), n_dates - 1)
            value = dates.pool[position]
            session_rows.append(
                {
                    "id": first_session + len(session_rows),
                    "series_id": first_series + s,
                    "number": number,
                    "host_city_id": first_city + rng.randrange(size["cities"]),
                    "status": "held",
                    **columns("start", value),
                    **columns("end", value),
                    **AUDIT,
                }
            )
    bulk(Session, iter(session_rows))
    n_sessions = len(session_rows)
    # Memberships: distinct (network, city) pairs.
    first_membership = next_id(Membership)
    n_cities = size["cities"]

    def membership_pairs():
        for i in range(size["memberships"]):
            city = i % n_cities
            k = i // n_cities
            yield city, (city * 17 + k * 293) % n_orgs

    bulk(
        Membership,
        (
            {
                "id": first_membership + i,
                "organization_id": first_org + org,
                "city_id": first_city + city,
                "member_organization_id": None,
                **AUDIT,
            }
            for i, (city, org) in enumerate(membership_pairs())
        ),
    )
    # Phases: one to four per membership, following each other in time.
    first_phase = next_id(MembershipPhase)
    histories = (
        ("member",),
        ("cooperating", "member"),
        ("applicant", "member", "withdrawn"),
        ("member", "suspended", "member"),
        ("member", "withdrawn", "member", "associate-member"),
    )
    phase_ids: list[int] = []

    def phases():
        next_phase = first_phase
        for m in range(size["memberships"]):
            history = histories[rng.randrange(len(histories))] if m % 3 else histories[1]
            position = rng.randrange(n_dates // 2)
            for p, status in enumerate(history, start=1):
                start = dates.pool[position]
                last = p == len(history)
                if last and rng.random() < 0.8:
                    end = UNKNOWN
                else:
                    position = min(position + rng.randint(5, 60), n_dates - 1)
                    end = dates.pool[position]
                start = UNKNOWN if p == 1 and rng.random() < 0.05 else start
                phase_ids.append(next_phase)
                yield {
                    "id": next_phase,
                    "membership_id": first_membership + m,
                    "position": p,
                    "status": status,
                    **columns("start", start),
                    **columns("end", end),
                    **AUDIT,
                }
                next_phase += 1

    bulk(MembershipPhase, phases())
    bulk(
        MembershipPhase.__table__.metadata.tables["membership_phase_source"],
        (
            {"membership_phase_id": pid, "source_id": first_source + (pid * 7) % size["sources"]}
            for pid in phase_ids
        ),
    )
    # Attendance: member cities at their networks' sessions, unique per (session, city).
    first_attendance = next_id(Attendance)
    seen: set[tuple[int, int]] = set()

    def attendance():
        n = 0
        while n < size["attendance"]:
            pair = (rng.randrange(n_sessions), rng.randrange(n_cities))
            if pair in seen:
                continue
            seen.add(pair)
            yield {
                "id": first_attendance + n,
                "session_id": first_session + pair[0],
                "city_id": first_city + pair[1],
                "role": ATTENDANCE_ROLES[1 + n % 4],
                **AUDIT,
            }
            n += 1

    bulk(Attendance, attendance())
    if db.backend == "postgresql":
        with db.engine.begin() as conn:
            for table in (
                "source",
                "country",
                "city",
                "city_name",
                "organization",
                "organization_name",
                "meeting_series",
                "session",
                "membership",
                "membership_phase",
                "attendance",
            ):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608 (our own table names)
                )
            conn.exec_driver_sql("ANALYZE")
    elif db.backend == "sqlite":
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    db.engine.dispose()
    print(f"generated the {scale} world in {time.perf_counter() - started:.0f} s", file=out)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument(
        "--db", required=True, help="database URL or SQLite file (created if missing)"
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--without-memberships", action="store_true", help="places, organizations and sources only"
    )
    args = parser.parse_args()
    generate(args.db, args.scale, args.seed, memberships=not args.without_memberships)


def write_memberships_csv(url: str, path: Path, rows: int, seed: int = 7) -> None:
    """A memberships CSV of `rows` phases over the generated cities and networks: each
    membership a 'member' phase and, for every other one, a later 'withdrawn' phase."""
    import csv

    from sqlalchemy import create_engine, text

    rng = random.Random(seed)
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    with engine.connect() as conn:
        cities = conn.execute(
            text(
                "SELECT n.name, co.code FROM city c JOIN city_name n ON n.city_id = c.id AND n.lang = 'en'"
                " JOIN country co ON co.id = c.country_id WHERE c.\"key\" LIKE 'bench-city-%' ORDER BY c.id"
            )
        ).all()
        orgs = [
            r[0]
            for r in conn.execute(
                text("SELECT acronym FROM organization WHERE acronym LIKE 'BN%' ORDER BY id")
            )
        ]
        n_sources = conn.execute(
            text("SELECT count(*) FROM source WHERE \"key\" LIKE 'B%'")
        ).scalar()
    engine.dispose()
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["city", "country", "organization", "status", "from", "to", "source"])
        written = 0
        i = 0
        while written < rows:
            city, country = cities[i % len(cities)]
            org = orgs[(i * 7 + i // len(cities) * 131) % len(orgs)]
            year = 1995 + rng.randrange(25)
            source = f"B{rng.randrange(n_sources)}"
            if i % 2:
                writer.writerow([city, country, org, "member", str(year), str(year + 3), source])
                writer.writerow([city, country, org, "withdrawn", str(year + 3), "", source])
                written += 2
            else:
                writer.writerow(
                    [city, country, org, "member", f"{year}-{rng.randint(1, 12):02d}", "", source]
                )
                written += 1
            i += 1


if __name__ == "__main__":
    main()
