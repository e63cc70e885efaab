"""The analysts' reports: each parses its arguments, runs one report, and delivers it in the
format (or to the file) asked for. `@report` gives each the shared output options
(cli/options.py), received as `chosen`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import AsOfOption, CityArgument, OrgArgument, as_of_day, report
from citylinks.i18n import _
from citylinks.render.output import View  # the commands' annotations are read when registered

if TYPE_CHECKING:
    from citylinks.render.cite import Citations


def sources_cited(session, keys: list[str], chosen: View) -> Citations:
    """The sources cited by `keys`, numbered, when --cite asks for them."""
    from citylinks.render.cite import Citations
    from citylinks.reports.common import cited_sources

    return Citations(
        cited_sources(session, keys) if chosen.cite else None, chosen.calendar, chosen.lang
    )


def _year_bound(value: str | None, option: str, last: bool):
    """--from/--to: a year (or finer) in either calendar, as typed and as its first or last
    day; (None, None) when not given."""
    if value is None:
        return None, None
    from citylinks.errors import CitylinksError
    from citylinks.services.common import parse_date

    parsed = parse_date(value, option)
    day = parsed.latest if last else parsed.earliest
    if parsed.is_unknown or day is None:
        raise CitylinksError(_("{option}: give a year, e.g. 2014 or 1393", option=option))
    return parsed, day


@report
def timeline(
    ctx: typer.Context,
    organization: OrgArgument,
    series: Annotated[
        str | None,
        typer.Option(
            "--series", help="Only this meeting series (e.g. general-assembly).", metavar="SERIES"
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Only sessions that may fall in or after this year (2014 or 1393).",
            metavar="YEAR",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Only sessions that may fall in or before this year (2022 or 1401).",
            metavar="YEAR",
        ),
    ] = None,
    *,
    chosen: View,
) -> None:
    """The organization's sessions in order, one table per meeting series: number, host,
    dates, time since the previous session, theme, attendance and how many sources back it;
    under each table, the sessions drawn along a time axis."""
    from citylinks.errors import CitylinksError
    from citylinks.render.output import deliver
    from citylinks.render.timeline import document
    from citylinks.reports.timeline import timeline as timeline_report
    from citylinks.services.lookup import find_organization_ref, find_series_ref

    (typed_first, first), (typed_last, last) = (
        _year_bound(since, "--from", False),
        _year_bound(until, "--to", True),
    )
    if first and last and first > last:
        raise CitylinksError(
            _("--from {first} is after --to {last}: swap them", first=since, last=until)
        )
    from citylinks.text import organization_label

    with state(ctx).database().connection() as session:
        org = find_organization_ref(session, organization)
        series_id = None if series is None else find_series_ref(session, org, series).id
        rows = timeline_report(session, org, series_id=series_id, since=first, until=last)
        keys = [k for s in rows for r in s.rows for k in r.sources]
        keys += [k for s in rows for r in s.rows for c in r.claims for k in c.sources]
        keys += [k for s in rows for r in s.rows for n in r.numberings for k in n.sources]
        citations = sources_cited(session, keys, chosen)
        doc = document(
            organization_label(org.acronym, org.names, org.key, chosen.lang),
            org.name(chosen.lang),
            rows,
            chosen.calendar,
            chosen.lang,
            citations,
            since=typed_first,
            until=typed_last,
        )
    deliver(doc, chosen)


@report
def roster(
    ctx: typer.Context,
    organization: OrgArgument,
    as_of: AsOfOption = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Only members in this status that day (member, associate-member, or any"
            " status such as suspended).",
            metavar="STATUS",
        ),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            help="Only cities of this country: its ISO code (IR) or a recorded name (Iran, ایران).",
            metavar="COUNTRY",
        ),
    ] = None,
    *,
    chosen: View,
) -> None:
    """The organization's members on a day (today by default): city, country, status,
    member since, the roles and committee posts held that day, and "possibly" with the
    reason where partial dates leave it open; totals by status and country at the end."""
    from citylinks.render.output import deliver
    from citylinks.render.roster import document
    from citylinks.reports.roster import roster as roster_report
    from citylinks.services.fields import STATUS
    from citylinks.services.lookup import find_country_ref, find_organization_ref

    day = as_of_day(as_of)
    wanted = STATUS.clean(status) if status is not None else None
    with state(ctx).database().connection() as session:
        org = find_organization_ref(session, organization)
        code = find_country_ref(session, country).code if country is not None else None
        result = roster_report(session, org, day, status=wanted, country=code)
        citations = sources_cited(session, result.source_keys, chosen)
        doc = document(result, chosen, citations, org.key)
    deliver(doc, chosen)


@report
def portfolio(
    ctx: typer.Context,
    city: CityArgument,
    as_of: AsOfOption = None,
    *,
    chosen: View,
) -> None:
    """Every organization the city belongs or belonged to: its status on the day (today by
    default), since and until when, its roles, the last session it attended, the sources."""
    from citylinks.render.output import deliver
    from citylinks.render.portfolio import document
    from citylinks.reports.portfolio import portfolio as portfolio_report
    from citylinks.services.lookup import find_city_ref

    day = as_of_day(as_of)
    with state(ctx).database().connection() as session:
        found = find_city_ref(session, city)
        result = portfolio_report(session, found, day)
        citations = sources_cited(session, result.source_keys, chosen)
        doc = document(result, chosen, citations)
    deliver(doc, chosen)


@report
def history(
    ctx: typer.Context,
    city: CityArgument,
    organization: OrgArgument,
    *,
    chosen: View,
) -> None:
    """The city's membership in the organization: its phases drawn as bars along a time
    axis, the sessions that decided them marked, then the phases and sources as a table."""
    from datetime import date

    from citylinks.render.history import document
    from citylinks.render.output import deliver
    from citylinks.reports.history import history as history_report
    from citylinks.services.lookup import find_city_ref, find_organization_ref

    with state(ctx).database().connection() as session:
        found_city = find_city_ref(session, city)
        org = find_organization_ref(session, organization)
        result = history_report(session, found_city, org)
        citations = sources_cited(session, result.source_keys, chosen)
        doc = document(result, chosen, citations, date.today())
    deliver(doc, chosen)


@report
def stats(
    ctx: typer.Context,
    organization: OrgArgument,
    as_of: AsOfOption = None,
    *,
    chosen: View,
) -> None:
    """Figures about the organization: the members recorded beside the member counts sources
    give (each with its sources), members by status and by country (today or --as-of), joins
    and departures per year, sessions per host country in each meeting series, and a bar chart
    of membership over the years."""
    from citylinks.render.output import deliver
    from citylinks.render.stats import document
    from citylinks.reports.stats import stats as stats_report
    from citylinks.services.lookup import find_organization_ref

    day = as_of_day(as_of)
    with state(ctx).database().connection() as session:
        org = find_organization_ref(session, organization)
        result = stats_report(session, org, day, chosen.calendar)
        counted = [r.key for c in result.member_counts for r in c.sources]
        citations = sources_cited(session, [*result.source_keys, *counted], chosen)
        doc = document(result, chosen, citations)
    deliver(doc, chosen)
