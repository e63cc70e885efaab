"""`citylinks check`: the data-quality check."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    BidiOption,
    Calendar,
    CalendarOption,
    ForceOutputOption,
    Format,
    FormatOption,
    Lang,
    LangOption,
    OutputOption,
    view,
)


def check(
    ctx: typer.Context,
    organization: Annotated[
        str | None,
        typer.Argument(
            help="Check only what belongs to this organization (acronym, key, id or any name):"
            " it and its committees, their sessions, members, roles and posts, and the cities"
            " and people involved. Default: the whole database.",
            metavar="ORGANIZATION",
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    calendar: CalendarOption = Calendar.both,
    lang: LangOption = Lang.en,
    bidi: BidiOption = False,
    force: ForceOutputOption = False,
) -> None:
    """List what an officer should look at, one finding a line: the record and what to do.
    Exit code 1 when anything is found, 0 when the data is clean (for scripts); --format
    json gives the findings as a list (kind, problem, record, message, ids).

    \b
    What is checked (retracted membership phases are left out):
    - unsourced: a fact (city, person, organization, motto, member count, session, its
      numberings, counts and attendees, membership phase, role, post, designation) that
      cites no source.
    - duplicate: two people, or two cities of one country, whose names are spelt alike
      (ignoring case, accents, spacing and Arabic/Persian letter forms), or a Persian name
      of one and a Latin name of the other with the same consonants («علیرضا امراللهی»
      and "Alireza Amrollahi"). A record named in both scripts is compared across scripts
      only with records named in one, so recording each name in both scripts tells two
      different records apart.
    - mixed-script: a name with a word mixing Latin, Cyrillic or Greek letters.
    - phase: in one membership, a phase with no end that another follows, a later phase
      with an unknown start, a phase that begins before the one above it begins, or
      certainly before it ends, or a phase in the same status as the one it follows,
      touching it, with neither a reason nor a deciding session (one fact recorded twice).
    - unsupported-day: a session dated to the day none of whose sources can give a day. A
      source gives a day when it is the meeting's own document (declaration, report,
      decision letter), was published on a known day, or its title or excerpt names a
      day (2008-11-19, 19 November 2008, ۲۹ آبان ۱۳۸۷).
    - conflict: attendance counts of one session, or member counts of one organization as
      of the same date, that count the same thing (same words, or one does not say) and
      cannot all be true ("about" allows 10%); a source whose numberings (session
      numbering add) give one session two numbers, or two sessions of one series the same
      number; a session that began before a session with a lower number in its series.
    - role-without-membership: a city's role in an organization or one of its committees
      when no phase of its membership there (or in the organization above), counting as
      membership, may cover any day of the role."""
    from citylinks.render.check import document
    from citylinks.render.output import deliver
    from citylinks.reports.check import check as check_report
    from citylinks.services.lookup import find_organization_ref

    run = state(ctx)
    chosen = view(
        fmt, output, lang, calendar, False, bidi, force, run.protected() if output else ()
    )
    with run.database().connection() as conn:
        org = find_organization_ref(conn, organization) if organization is not None else None
        result = check_report(conn, org)
        doc = document(result, chosen)
    deliver(doc, chosen)
    if result.findings:
        raise typer.Exit(1)
