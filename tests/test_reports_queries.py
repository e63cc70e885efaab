"""Each report reads in a fixed number of SQL statements, whatever the number of rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import new_database, run_cli
from sqlalchemy import event
from sqlalchemy.orm import Session

AS_OF = date(2021, 6, 1)


def dataset(n: int) -> str:
    """An organization with `n` member cities (each with phases, a committee role, a hosted
    session it attended), and a city `c0` in `n` other organizations with `n` phases."""
    parts = [
        'format = "citylinks-dataset/1"',
        '[[source]]\nkey = "Q1"\nkind = "report"\ntitle = "Q"\npublished = "2020"',
        '[[source]]\nkey = "Q2"\nkind = "report"\ntitle = "R"\npublished = "unknown"',
        '[[country]]\ncode = "DE"\nnames = [{ lang = "en", name = "Germany" }]',
        '[[country]]\ncode = "FR"\nnames = [{ lang = "en", name = "France" }]',
    ]
    for i in range(n):
        parts.append(
            f'[[city]]\nkey = "c{i}"\ncountry = "{"DE" if i % 2 else "FR"}"\n'
            f'names = [{{ lang = "en", name = "City {i}" }}, {{ lang = "fa", name = "شهر {i}" }}]\n'
            'sources = ["Q1"]'
        )
    parts.append(
        '[[organization]]\nkey = "big"\nacronym = "BIG"\nnames = [{ lang = "en", name = "Big" }]\n'
        'sources = ["Q1"]\n'
        '[[organization.series]]\nkey = "s"\nnames = [{ lang = "en", name = "Assembly" }]'
    )
    parts.append(
        '[[organization]]\nkey = "big-com"\nkind = "committee"\nparent = "big"\n'
        'names = [{ lang = "en", name = "Committee" }]\nsources = ["Q1"]'
    )
    for i in range(n):
        parts.append(
            f'[[organization]]\nkey = "o{i}"\nacronym = "O{i}"\n'
            f'names = [{{ lang = "en", name = "Other {i}" }}]\nsources = ["Q2"]\n'
            '[[organization.series]]\nkey = "s"\nnames = [{ lang = "en", name = "Meeting" }]'
        )
    for i in range(n):
        parts.append(
            f'[[session]]\norganization = "big"\nseries = "s"\nnumber = {i + 1}\nhost = "c{i}"\n'
            f'start = "{2000 + i}-05-01"\nend = "{2000 + i}-05-02"\nsources = ["Q1", "Q2"]\n'
            '[[session.count]]\nnumber = 10\nsources = ["Q1"]\n'
            f'[[session.attendee]]\ncity = "c{i}"\nrole = "host"\nsources = ["Q1"]\n'
            + ("" if i == 0 else '[[session.attendee]]\ncity = "c0"\nsources = ["Q2"]\n')
        )
        parts.append(
            f'[[session]]\norganization = "o{i}"\nseries = "s"\nnumber = 1\nhost = "c{i}"\n'
            'start = "2019"\nsources = ["Q2"]\n'
            '[[session.attendee]]\ncity = "c0"\nsources = ["Q2"]'
        )
    # c0 in BIG: n phases, member and suspended in turn.
    phases = [
        f'[[membership.phase]]\nstatus = "{"member" if (n - 1 - k) % 2 == 0 else "suspended"}"\n'
        f'start = "{1990 + k}"\nend = "{1991 + k if k < n - 1 else "unknown"}"\nsources = ["Q1"]'
        for k in range(n)
    ]
    parts.append('[[membership]]\ncity = "c0"\norganization = "big"\n' + "\n".join(phases))
    for i in range(1, n):
        parts.append(
            f'[[membership]]\ncity = "c{i}"\norganization = "big"\n'
            f'[[membership.phase]]\nstatus = "applicant"\nstart = "2010"\nend = "2011-0{1 + i % 9}"\n'
            'sources = ["Q1"]\n'
            f'[[membership.phase]]\nstatus = "member"\nstart = "2011-0{1 + i % 9}"\nend = "unknown"\n'
            'sources = ["Q1", "Q2"]'
        )
    for i in range(n):
        parts.append(
            f'[[membership]]\ncity = "c0"\norganization = "o{i}"\n'
            '[[membership.phase]]\nstatus = "member"\nstart = "2015"\nsources = ["Q2"]'
        )
        parts.append(
            f'[[role]]\ncity = "c{i}"\norganization = "big-com"\ntitle = "member"\n'
            'start = "2012"\nsources = ["Q1"]'
        )
        parts.append(
            f'[[role]]\ncity = "c0"\norganization = "o{i}"\ntitle = "chair"\n'
            'start = "2016"\nsources = ["Q2"]'
        )
    return "\n\n".join(parts) + "\n"


def run_reports(url: str) -> tuple[dict[str, int], dict[str, int]]:
    """(statements per report, rows per report) on the database at `url`."""
    from citylinks.db import make_engine
    from citylinks.model import City, Organization
    from citylinks.reports.common import cited_sources
    from citylinks.reports.history import history
    from citylinks.reports.portfolio import portfolio
    from citylinks.reports.roster import roster
    from citylinks.reports.stats import stats
    from citylinks.reports.timeline import timeline

    engine = make_engine(url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    counts, sizes = {}, {}
    try:
        with Session(engine) as session:
            reports = {
                "roster": lambda big, c0: roster(session, big, AS_OF).rows,
                "portfolio": lambda big, c0: portfolio(session, c0, AS_OF).rows,
                "history": lambda big, c0: history(session, c0, big).phases,
                "stats": lambda big, c0: stats(session, big, AS_OF, "gregorian").over_years,
                "timeline": lambda big, c0: timeline(session, big)[0].rows,
                "cite": lambda big, c0: list(cited_sources(session, ["Q1", "Q2"])),
            }
            for name, report in reports.items():
                session.expunge_all()  # nothing cached from the report before
                big = session.query(Organization).filter_by(key="big").one()
                c0 = session.query(City).filter_by(key="c0").one()
                before = len(statements)
                sizes[name] = len(report(big, c0))
                counts[name] = len(statements) - before
    finally:
        engine.dispose()
    return counts, sizes


@pytest.fixture
def databases(backend, tmp_path: Path, request):
    found = {}
    for n in (3, 30):
        db = new_database(backend, tmp_path, request)
        path = tmp_path / f"n{n}.toml"
        path.write_text(dataset(n), encoding="utf-8")
        result = run_cli(db, "seed", str(path))
        assert result.exit_code == 0, result.output
        found[n] = db
    return found


def test_reports_issue_the_same_number_of_statements_for_3_or_30_rows(databases):
    small, small_sizes = run_reports(databases[3].url)
    large, large_sizes = run_reports(databases[30].url)
    # The reports did see ten times the rows...
    assert large_sizes["roster"] == 30 and small_sizes["roster"] == 3
    assert large_sizes["portfolio"] == 31 and small_sizes["portfolio"] == 4
    assert large_sizes["history"] == 30 and large_sizes["timeline"] == 30
    # ...with the same statements.
    assert large == small
    assert all(count <= 12 for count in large.values()), large
