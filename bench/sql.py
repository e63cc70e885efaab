"""Each report's SQL against hand-written SQL for the same answer, both run through the
driver directly (sqlite3 or psycopg), so that only the queries are compared.

The report's SQL is captured by running the command with a listener on every engine
(`before_cursor_execute`), then replayed statement by statement with the same parameters.
The hand-written SQL is what someone who knows the schema would write to fetch the same
facts: one join per question, filtered by key, dates compared on the stored earliest/latest
days, source keys joined in, and the names the report prints (its title's organization or
city, the organizations a portfolio lists) read too. Both sides fetch every row. It starts
from the key ('amf'), where the report first finds the organization or city from what the
officer typed ('AMF', 'یزد').
"""

from __future__ import annotations

import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

_COVERS = "({p}.start_earliest IS NULL OR {p}.start_earliest <= :day) AND ({p}.end_latest IS NULL OR {p}.end_latest >= :day)"

# The names a report prints in its title: the organization's or the city's, in every language.
_ORGANIZATION_NAMES = """SELECT n.lang, n.kind, n.name FROM organization o
    JOIN organization_name n ON n.organization_id = o.id WHERE o.key = :org ORDER BY n.position"""
_CITY_NAMES = """SELECT n.lang, n.kind, n.name FROM city c
    JOIN city_name n ON n.city_id = c.id WHERE c.key = :city ORDER BY n.position"""

# What each report answers, as plain SQL (`:name` parameters).
HAND_WRITTEN: dict[str, list[str]] = {
    "timeline": [
        _ORGANIZATION_NAMES,
        """SELECT ms.key, se.id, se.number, se.start_text, se.end_text, se.status, se.venue,
                  se.theme, cn.lang, cn.kind, cn.name, co.name_en, co.name_fa
           FROM organization o
           JOIN meeting_series ms ON ms.organization_id = o.id
           JOIN session se ON se.series_id = ms.id
           LEFT JOIN city c ON c.id = se.host_city_id
           LEFT JOIN country co ON co.id = c.country_id
           LEFT JOIN city_name cn ON cn.city_id = c.id
           WHERE o.key = :org
           ORDER BY ms.id, se.start_earliest, se.number, cn.position""",
        """SELECT ss.session_id, s.key
           FROM organization o
           JOIN meeting_series ms ON ms.organization_id = o.id
           JOIN session se ON se.series_id = ms.id
           JOIN session_source ss ON ss.session_id = se.id
           JOIN source s ON s.id = ss.source_id
           WHERE o.key = :org ORDER BY ss.session_id, s.id""",
        """SELECT ac.session_id, ac.number, ac.qualifier, ac.counted, s.key
           FROM organization o
           JOIN meeting_series ms ON ms.organization_id = o.id
           JOIN session se ON se.series_id = ms.id
           JOIN attendance_claim ac ON ac.session_id = se.id
           LEFT JOIN attendance_claim_source acs ON acs.attendance_claim_id = ac.id
           LEFT JOIN source s ON s.id = acs.source_id
           WHERE o.key = :org ORDER BY ac.id, s.id""",
        """SELECT sn.session_id, sn.number, sn.label, s.key
           FROM organization o
           JOIN meeting_series ms ON ms.organization_id = o.id
           JOIN session se ON se.series_id = ms.id
           JOIN session_numbering sn ON sn.session_id = se.id
           LEFT JOIN session_numbering_source sns ON sns.session_numbering_id = sn.id
           LEFT JOIN source s ON s.id = sns.source_id
           WHERE o.key = :org ORDER BY sn.id, s.id""",
    ],
    "roster": [
        _ORGANIZATION_NAMES,
        f"""SELECT m.id, c.key, cn.lang, cn.kind, cn.name, co.code, co.name_en, p.position,
                   p.status, p.start_text, p.end_text, s.key
            FROM organization o
            JOIN membership m ON m.organization_id = o.id
            JOIN membership_phase p ON p.membership_id = m.id
            JOIN city c ON c.id = m.city_id
            JOIN country co ON co.id = c.country_id
            LEFT JOIN city_name cn ON cn.city_id = c.id
            LEFT JOIN membership_phase_source ps ON ps.membership_phase_id = p.id
            LEFT JOIN source s ON s.id = ps.source_id
            WHERE o.key = :org AND {_COVERS.format(p="p")}
            ORDER BY m.id, p.position, cn.position, s.id""",
        f"""SELECT r.city_id, r.title, ro.key, r.start_text, r.end_text, s.key
            FROM organization o
            JOIN organization ro ON ro.id = o.id OR ro.parent_id = o.id
            JOIN role r ON r.organization_id = ro.id
            LEFT JOIN role_source rs ON rs.role_id = r.id
            LEFT JOIN source s ON s.id = rs.source_id
            WHERE o.key = :org AND {_COVERS.format(p="r")}
            ORDER BY r.city_id, r.id, s.id""",
    ],
    "portfolio": [
        _CITY_NAMES,
        """SELECT n.organization_id, n.lang, n.kind, n.name
           FROM organization_name n
           WHERE n.organization_id IN (
               SELECT m.organization_id FROM city c JOIN membership m ON m.city_id = c.id
               WHERE c.key = :city
               UNION SELECT r.organization_id FROM city c JOIN role r ON r.city_id = c.id
               WHERE c.key = :city)
           ORDER BY n.organization_id, n.position""",
        """SELECT o.key, o.acronym, p.position, p.status, p.start_text, p.end_text,
                  p.start_earliest, p.end_latest, s.key
           FROM city c
           JOIN membership m ON m.city_id = c.id
           JOIN organization o ON o.id = m.organization_id
           JOIN membership_phase p ON p.membership_id = m.id
           LEFT JOIN membership_phase_source ps ON ps.membership_phase_id = p.id
           LEFT JOIN source s ON s.id = ps.source_id
           WHERE c.key = :city ORDER BY o.key, p.position, s.id""",
        """SELECT ro.key, r.title, r.start_text, r.end_text, s.key
           FROM city c
           JOIN role r ON r.city_id = c.id
           JOIN organization ro ON ro.id = r.organization_id
           LEFT JOIN role_source rs ON rs.role_id = r.id
           LEFT JOIN source s ON s.id = rs.source_id
           WHERE c.key = :city ORDER BY r.id, s.id""",
        """SELECT ms.organization_id, max(se.start_latest)
           FROM city c
           JOIN attendance a ON a.city_id = c.id
           JOIN session se ON se.id = a.session_id
           JOIN meeting_series ms ON ms.id = se.series_id
           WHERE c.key = :city GROUP BY ms.organization_id""",
    ],
    "history": [
        _CITY_NAMES,
        _ORGANIZATION_NAMES,
        """SELECT p.position, p.status, p.start_text, p.end_text, p.reason, p.note, se.number,
                  s.key
           FROM city c
           JOIN membership m ON m.city_id = c.id
           JOIN organization o ON o.id = m.organization_id
           JOIN membership_phase p ON p.membership_id = m.id
           LEFT JOIN session se ON se.id = p.session_id
           LEFT JOIN membership_phase_source ps ON ps.membership_phase_id = p.id
           LEFT JOIN source s ON s.id = ps.source_id
           WHERE c.key = :city AND o.key = :org ORDER BY p.position, s.id""",
        """SELECT r.title, r.start_text, r.end_text, s.key
           FROM city c
           JOIN role r ON r.city_id = c.id
           JOIN organization o ON o.key = :org
           JOIN organization ro ON ro.id = r.organization_id AND (ro.id = o.id OR ro.parent_id = o.id)
           LEFT JOIN role_source rs ON rs.role_id = r.id
           LEFT JOIN source s ON s.id = rs.source_id
           WHERE c.key = :city ORDER BY r.id, s.id""",
    ],
    "stats": [
        _ORGANIZATION_NAMES,
        f"""SELECT p.status, co.code, co.name_en, count(*)
            FROM organization o
            JOIN membership m ON m.organization_id = o.id
            JOIN membership_phase p ON p.membership_id = m.id
            JOIN city c ON c.id = m.city_id
            JOIN country co ON co.id = c.country_id
            WHERE o.key = :org AND {_COVERS.format(p="p")}
            GROUP BY p.status, co.code, co.name_en""",
        """SELECT p.start_text, p.end_text, p.status, count(*)
           FROM organization o
           JOIN membership m ON m.organization_id = o.id
           JOIN membership_phase p ON p.membership_id = m.id
           WHERE o.key = :org GROUP BY p.start_text, p.end_text, p.status""",
        """SELECT co.code, co.name_en, count(*)
           FROM organization o
           JOIN meeting_series ms ON ms.organization_id = o.id
           JOIN session se ON se.series_id = ms.id
           JOIN city c ON c.id = se.host_city_id
           JOIN country co ON co.id = c.country_id
           WHERE o.key = :org GROUP BY co.code, co.name_en""",
    ],
}

# The parameters of each report's command in bench/run.py's REPORTS.
PARAMETERS = {
    "timeline": {"org": "amf"},
    "roster": {"org": "amf", "day": date(2025, 12, 1)},
    "portfolio": {"city": "yazd", "day": date.today()},
    "history": {"city": "yazd", "org": "amf"},
    "stats": {"org": "amf", "day": date.today()},
}

_CAPTURE = """
import pickle, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
seen = []
@event.listens_for(Engine, "before_cursor_execute")
def _capture(conn, cursor, statement, parameters, context, executemany):
    seen.append((statement, parameters))
out = sys.argv[1]
sys.argv = ["citylinks", *sys.argv[2:]]
from citylinks.cli.app import main
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
with open(out, "wb") as f:
    pickle.dump(seen, f)
"""


def captured(python: str, argv: list[str]) -> list[tuple[str, object]]:
    """The statements `citylinks ARGV` sends to the database, with their parameters (the
    transaction statements and the revision check left out)."""
    with tempfile.NamedTemporaryFile(suffix=".pickle") as f:
        subprocess.run(
            [python, "-c", _CAPTURE, f.name, *argv], check=True, stdout=subprocess.DEVNULL
        )
        seen = pickle.loads(Path(f.name).read_bytes())
    return [
        (s, p)
        for s, p in seen
        if not s.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA"))
        and "alembic_version" not in s
    ]


def hand_written(name: str, backend: str) -> list[tuple[str, object]]:
    params = PARAMETERS[name]
    statements = []
    for sql in HAND_WRITTEN[name]:
        used = {k: v for k, v in params.items() if f":{k}" in sql}
        if backend == "postgresql":
            for k in used:
                sql = sql.replace(f":{k}", f"%({k})s")
        statements.append((sql, used))
    return statements


def connect(target: str):
    """A plain driver connection to the benchmark database (a SQLite path or a PostgreSQL URL)."""
    if target.startswith("postgresql"):
        import psycopg
        from sqlalchemy import make_url

        u = make_url(target)
        return psycopg.connect(
            host=u.host or "127.0.0.1",
            port=u.port or 5432,
            user=u.username or "postgres",
            dbname=u.database,
            autocommit=True,
        )
    import sqlite3

    return sqlite3.connect(target)


def run_all(conn, statements: list[tuple[str, object]]) -> int:
    """Run each statement and fetch all its rows; returns how many rows came back."""
    rows = 0
    cur = conn.cursor()
    for sql, params in statements:
        cur.execute(sql, params if params is not None else ())
        rows += len(cur.fetchall())
    cur.close()
    return rows


def timed_pair(conn, ours, theirs, repeat: int, budget: float = 1.0) -> tuple[float, float]:
    """Median seconds of each list of statements, run alternately (ours, theirs, ours, ...) so
    that both see the same machine, at least `repeat` times each and until `budget` seconds
    have passed: a run takes from tens of microseconds (SQLite) to milliseconds, and a median
    of five such runs moves with every background task."""
    run_all(conn, ours), run_all(conn, theirs)
    times: tuple[list[float], list[float]] = ([], [])
    start = time.perf_counter()
    while len(times[0]) < repeat or time.perf_counter() - start < budget:
        for statements, spent in zip((ours, theirs), times, strict=True):
            t = time.perf_counter()
            run_all(conn, statements)
            spent.append(time.perf_counter() - t)
    return statistics.median(times[0]), statistics.median(times[1])


if __name__ == "__main__":  # a quick look: python bench/sql.py DB REPORT ARGS...
    target, name, *args = sys.argv[1:]
    backend = "postgresql" if target.startswith("postgresql") else "sqlite"
    ours = captured(sys.executable, ["--db", target, *args])
    conn = connect(target)
    theirs = hand_written(name, backend)
    mine, reference = timed_pair(conn, ours, theirs, 5)
    print(f"report SQL: {len(ours)} statements, {run_all(conn, ours)} rows, {mine * 1e6:,.0f} µs")
    print(
        f"hand-written: {len(theirs)} statements, {run_all(conn, theirs)} rows,"
        f" {reference * 1e6:,.0f} µs"
    )
