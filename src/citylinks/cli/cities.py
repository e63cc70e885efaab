"""`citylinks city ...` and `citylinks country ...`: the places members are."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    BidiOption,
    CityArgument,
    CorrectionReasonOption,
    DryRunOption,
    ExpectOtherVersionOption,
    ExpectVersionOption,
    Format,
    FormatOption,
    LangOption,
    SourceOption,
    report,
)
from citylinks.cli.params import Commands, decimal
from citylinks.cli.prompting import require, write_confirming, write_versioned
from citylinks.i18n import N_, _, listing, ngettext
from citylinks.render.output import View  # the commands' annotations are read when registered

app = Commands(help="Cities: record, list, show, change, remove and merge them.")
country_app = Commands(help="Countries, by their ISO 3166-1 codes.")
CountryArgument = Annotated[
    str, typer.Argument(help="ISO 3166-1 code or a recorded name, e.g. IR.", metavar="CODE")
]
designation_app = Commands(
    help="Titles a city holds (UNESCO World Heritage, ...), each with its sources.",
)
app.add_typer(designation_app, name="designation")

LatitudeOption = Annotated[
    float | None,
    typer.Option("--lat", help="Latitude, -90 to 90.", metavar="DEG", parser=decimal("--lat")),
]
LongitudeOption = Annotated[
    float | None,
    typer.Option("--lon", help="Longitude, -180 to 180.", metavar="DEG", parser=decimal("--lon")),
]


def _country_codes(ctx: typer.Context):
    def suggestions() -> list[str]:
        from citylinks.services import cities

        with state(ctx).database().reading() as session:
            return cities.country_codes(session)

    return suggestions


@country_app.command("add")
def country_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-2 code, e.g. IR.", metavar="CODE")],
    names: Annotated[
        list[str] | None,
        typer.Option(
            "--name",
            help="Name, as NAME (English) or LANG=NAME, e.g. --name Iran --name fa=ایران."
            " Default English name: the ISO 3166-1 list's.",
            metavar="NAME",
        ),
    ] = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a country, with its English (and Persian) name."""
    from citylinks.services import cities

    country = state(ctx).write(
        lambda session: cities.add_country(session, code, names or []), dry_run=dry_run
    )
    values = {"code": country.code, "name": country.name_en}
    typer.echo(
        _("would record country {code} {name}", **values)
        if dry_run
        else _("recorded country {code} {name}", **values)
    )


@country_app.command("list")
def country_list(
    ctx: typer.Context,
    every: Annotated[
        bool,
        typer.Option(
            "--all", help="List every ISO 3166-1 code and name, marking those recorded with *."
        ),
    ] = False,
    lang: LangOption = None,
    bidi: BidiOption = False,
) -> None:
    """List the recorded countries (with --all, every ISO 3166-1 country)."""
    from citylinks.cli.options import spoken
    from citylinks.cli.show import echo_line, shown_as
    from citylinks.reports import listings

    persian = spoken(lang) == "fa"
    shown_as(lang, bidi)
    with state(ctx).database().connection() as conn:
        if every:
            from citylinks.services import cities

            recorded = {c.code for c in listings.countries(conn)}
            for code, name in sorted(cities.iso_countries().items()):
                echo_line(f"{'*' if code in recorded else ' '} {code}  {name}")
            return
        for c in listings.countries(conn):
            # Its name in the language asked for first, the other after it.
            names = [c.name_fa, c.name_en] if persian else [c.name_en, c.name_fa]
            echo_line("  ".join([c.code, *filter(None, names)]))


@country_app.command("edit")
def country_edit(
    ctx: typer.Context,
    code: CountryArgument,
    names: Annotated[
        list[str] | None,
        typer.Option(
            "--name",
            help="The English name (NAME) or the Persian one (fa=NAME) to give it.",
            metavar="NAME",
        ),
    ] = None,
    remove_names: Annotated[
        list[str] | None,
        typer.Option("--remove-name", help="Remove the Persian name: fa.", metavar="LANG"),
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct a country's English or Persian name. The log keeps the old one.

    Example: citylinks country edit TR --name Türkiye --name fa=ترکیه"""
    from citylinks.services import cities

    def action(session):
        c = cities.edit_country(session, code, names or [], remove_names or [], expect_version)
        return c.code, c.name_en, c.name_fa

    shown, name_en, name_fa = write_versioned(
        ctx,
        action,
        dry_run,
        "country",
        lambda s: cities.get_country(s, code),
        code,
        expect_version,
        reason=reason,
    )
    names = name_en + (f", {name_fa}" if name_fa else "")
    typer.echo(
        _("would change country {code}: {names}", code=shown, names=names)
        if dry_run
        else _("changed country {code}: {names}", code=shown, names=names)
    )


@country_app.command("remove")
def country_remove(
    ctx: typer.Context,
    code: CountryArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove a country recorded by mistake. Refused, naming them, while cities are in it."""
    from citylinks.services import cities

    removed = state(ctx).write(
        lambda session: cities.remove_country(session, code, expect_version).code,
        dry_run=dry_run,
        reason=reason,
    )
    typer.echo(
        _("would remove country {code}", code=removed)
        if dry_run
        else _("removed country {code}", code=removed)
    )


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="The city's name, e.g. Yazd (or fa=یزد).", metavar="NAME")
    ],
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            help="ISO 3166-1 country code, e.g. IR (asked for on a terminal).",
            metavar="CODE",
        ),
    ] = None,
    names: Annotated[
        list[str] | None,
        typer.Option(
            "--name", help="Another name, as LANG=NAME, e.g. fa=یزد (repeatable).", metavar="NAME"
        ),
    ] = None,
    lat: LatitudeOption = None,
    lon: LongitudeOption = None,
    ids: Annotated[
        list[str] | None,
        typer.Option(
            "--id",
            help="Identifier elsewhere, SCHEME=VALUE, e.g. wikidata=Q212007.",
            metavar="SCHEME=VALUE",
        ),
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="Province or region.", metavar="TEXT")
    ] = None,
    source: SourceOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Record it even if a city with a similar name exists.")
    ] = False,
    dry_run: DryRunOption = False,
) -> None:
    """Record a city. A city already recorded under another spelling is not recorded twice:
    on a terminal you are asked, in a script it is refused unless --force."""
    from citylinks.services import recording

    country = require(ctx, country, "--country", _("Country code"), _country_codes(ctx))

    def action(change, forced: bool):
        return recording.add_city(
            change,
            name,
            country,
            names=names,
            latitude=lat,
            longitude=lon,
            identifiers=ids,
            region=region,
            source_keys=source,
            force=forced,
        )

    key, shown, code = write_confirming(ctx, action, dry_run, force, core=True)
    values = {"key": key, "name": shown, "country": code}
    typer.echo(
        _("would record city {key}: {name}, {country}", **values)
        if dry_run
        else _("recorded city {key}: {name}, {country}", **values)
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    country: Annotated[
        str | None, typer.Option("--country", help="Only this country.", metavar="CODE")
    ] = None,
    fmt: FormatOption = Format.table,
    lang: LangOption = None,
    bidi: BidiOption = False,
) -> None:
    """List the cities: key, names and country."""
    from citylinks.cli.show import emit_list, listing_in, name_in
    from citylinks.reports import listings
    from citylinks.services.lookup import find_country_ref

    headers = (N_("Key"), N_("Name"), N_("Other names"), N_("Country"))
    with listing_in(ctx, lang, bidi, N_("Cities"), headers) as (conn, section):
        code = find_country_ref(conn, country).code if country is not None else None
        rows = listings.cities(conn, code)
        records = []
        for c in rows:
            name = name_in(c)
            others = [n.name for n in c.names if n.name != name]
            section.rows.append([c.key, name, listing(others), c.country.code])
            records.append(
                {
                    "key": c.key,
                    "id": c.id,
                    "names": [{"lang": n.lang, "name": n.name, "kind": n.kind} for n in c.names],
                    "country": c.country.code,
                }
            )
        title = ngettext("{n} city", "{n} cities", len(rows), n=len(rows))
    emit_list(title, section, records, fmt)


@app.command("show")
@report
def show(ctx: typer.Context, city: CityArgument, *, chosen: View) -> None:
    """Show a city: names, country, identifiers, designations, memberships, roles, posts,
    sources, and its version (for `city edit --expect-version`)."""
    from citylinks.cli.reports import sources_cited
    from citylinks.cli.show import (
        cited,
        comma,
        country_names,
        deliver_shown,
        echo_fields,
        echo_list,
        kind_word,
        label_in,
        name_and_other,
        name_in,
        period,
        said,
        shown_date,
        shown_in,
        source_keys,
        speaking,
        stamp,
        status_word,
        title_word,
    )
    from citylinks.reports.details import city_detail
    from citylinks.services.lookup import find_city_ref

    with state(ctx).database().connection() as conn:
        c = city_detail(conn, find_city_ref(conn, city))
        keys = [s.key for part in (*c.designations, *c.roles, *c.posts) for s in part.sources]
        shown_in(chosen, sources_cited(conn, keys, chosen))
        coords = f"{c.latitude}, {c.longitude}" if c.latitude is not None else None
        echo_fields(
            said(
                "City {key}: {name}, {country}",
                key=c.key,
                name=name_and_other(c),
                country=c.country.code,
            ),
            [
                ("id", c.id),
                (
                    "country",
                    f"{c.country.code} {country_names(c.country)}",
                ),
                ("region", c.region),
                ("coordinates", coords),
                ("version", stamp(c)),
            ],
        )
        echo_list(
            "names", [f"{n.lang}  {n.name} ({kind_word('name_kind', n.kind)})" for n in c.names]
        )
        echo_list("identifiers", [f"{i.scheme}={i.value}" for i in c.identifiers])
        echo_list(
            "designations",
            [
                f"{d.name}"
                + (f" ({d.reference})" if d.reference else "")
                + f", {shown_date(d.date)}{cited(d.sources)}"
                for d in c.designations
            ],
        )
        lines = []
        for m in c.memberships:
            phases = m.phases  # in force: retracted phases are left out
            if not phases:
                lines.append(
                    said(
                        "{organization}: no phases recorded", organization=label_in(m.organization)
                    )
                )
                continue
            last = phases[-1]
            command = f"citylinks member history {c.key} {m.organization.key}"
            with speaking():
                counted = ngettext("{n} phase", "{n} phases", len(phases), n=len(phases))
            lines.append(
                said(
                    "{organization}: {status} {period} ({phases}; see `{command}`)",
                    organization=label_in(m.organization),
                    status=status_word(last.status),
                    period=period(last.start, last.end, open_is_now=True),
                    phases=counted,
                    command=command,
                )
            )
        echo_list("memberships", lines)
        echo_list(
            "roles",
            [
                f"{title_word(r.title)}{comma()}{label_in(r.held_by)} {period(r.start, r.end)}"
                + cited(r.sources)
                + said(" (#{id}, version {version})", id=r.id, version=r.version)
                for r in c.roles
            ],
        )
        echo_list(
            "posts",
            [
                f"{title_word(p.title)}: {name_in(p.held_by)} {period(p.start, p.end)}{cited(p.sources)}"
                + said(" (#{id}, version {version})", id=p.id, version=p.version)
                for p in c.posts
            ],
        )
        echo_list("sources", [source_keys(c.sources)] if c.sources else [])
    deliver_shown(chosen)


@app.command("edit")
def edit(
    ctx: typer.Context,
    city: CityArgument,
    add_name: Annotated[
        list[str] | None,
        typer.Option("--add-name", help="Add a name, LANG=NAME (repeatable).", metavar="LANG=NAME"),
    ] = None,
    remove_name: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-name", help="Remove a name, NAME or LANG=NAME (repeatable).", metavar="NAME"
        ),
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="New country code.", metavar="CODE")
    ] = None,
    lat: LatitudeOption = None,
    lon: LongitudeOption = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="Province or region ('' to clear).", metavar="TEXT"),
    ] = None,
    add_id: Annotated[
        list[str] | None,
        typer.Option("--add-id", help="Add an identifier, SCHEME=VALUE.", metavar="SCHEME=VALUE"),
    ] = None,
    remove_id: Annotated[
        list[str] | None,
        typer.Option("--remove-id", help="Remove the identifier of SCHEME.", metavar="SCHEME"),
    ] = None,
    add_source: Annotated[
        list[str] | None,
        typer.Option("--add-source", help="Cite another source (key).", metavar="KEY"),
    ] = None,
    remove_source: Annotated[
        list[str] | None,
        typer.Option("--remove-source", help="Stop citing a source (key).", metavar="KEY"),
    ] = None,
    key: Annotated[
        str | None,
        typer.Option("--key", help="A new key for the city, e.g. gaziantep.", metavar="KEY"),
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Change a city's names, key, country, coordinates, region, identifiers or sources. The
    log keeps every value before and after, removed names included."""
    from citylinks.services import cities
    from citylinks.services.lookup import find_city

    change = cities.CityEdit(
        add_names=add_name or [],
        remove_names=remove_name or [],
        country=country,
        latitude=lat,
        longitude=lon,
        region=region,
        add_ids=add_id or [],
        remove_ids=remove_id or [],
        add_sources=add_source or [],
        remove_sources=remove_source or [],
        key=key,
    )

    def action(session):
        c = cities.edit_city(session, city, change, expect_version)
        return c.key, c.version

    shown, version = write_versioned(
        ctx, action, dry_run, "city", lambda s: find_city(s, city), city, expect_version, reason
    )
    typer.echo(
        _("would change city {key} (now version {version})", key=shown, version=version)
        if dry_run
        else _("changed city {key} (now version {version})", key=shown, version=version)
    )


@app.command("remove")
def remove(
    ctx: typer.Context,
    city: CityArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove a city. Refused, with the reason, while anything refers to it (memberships,
    sessions hosted, roles, posts, attendance); a city recorded twice is merged instead, with
    `city merge`."""
    from citylinks.services import cities

    key = state(ctx).write(
        lambda session: cities.remove_city(session, city, expect_version).key,
        dry_run=dry_run,
        reason=reason,
    )
    typer.echo(
        _("would remove city {key}", key=key) if dry_run else _("removed city {key}", key=key)
    )


@app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[
        str, typer.Argument(help="The city to keep: key, id or any name.", metavar="KEEP")
    ],
    other: Annotated[
        str,
        typer.Argument(
            help="The same city recorded again, merged into KEEP and removed.", metavar="OTHER"
        ),
    ],
    expect_version: ExpectVersionOption = None,
    expect_other_version: ExpectOtherVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Merge two records of one city: OTHER's names, identifiers, designations, memberships
    (phases joined under the phase rules), roles, posts, attendance, hosted sessions and
    sources move to KEEP, and OTHER is removed. Refused if the two contradict each other.
    --dry-run lists every move.

    Example: citylinks city merge gaziantep gaziantap --dry-run"""
    from citylinks.services import cities
    from citylinks.services.lookup import find_city

    done = write_versioned(
        ctx,
        lambda session: cities.merge_cities(
            session, keep, other, expect_version, expect_other_version
        ),
        dry_run,
        "city",
        lambda s: find_city(s, keep),
        keep,
        expect_version,
        reason=reason,
    )
    typer.echo(
        _("would merge city {other} into {keep}", other=done.other, keep=done.keep)
        if dry_run
        else _("merged city {other} into {keep}", other=done.other, keep=done.keep)
    )
    for line in done.lines:
        typer.echo(f"  {line}")


@designation_app.command("add")
def designation_add(
    ctx: typer.Context,
    city: CityArgument,
    name: Annotated[
        str,
        typer.Argument(
            help="The title, as the source words it, e.g. 'UNESCO World Heritage: Historic"
            " City of Yazd'.",
            metavar="NAME",
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="When it was given (partial date); default: unknown.", metavar="DATE"
        ),
    ] = None,
    reference: Annotated[
        str | None,
        typer.Option(
            "--reference",
            help="The designating body's reference, e.g. '41 COM 8B.18'.",
            metavar="REF",
        ),
    ] = None,
    source: SourceOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a title the city holds, with its date, reference and sources.

    Example: citylinks city designation add Yazd 'UNESCO World Heritage: Historic City of
    Yazd' --date 2017-07-09 --reference '41 COM 8B.18' --source W1"""
    from citylinks.i18n import language
    from citylinks.services import cities

    if not source:
        source = [require(ctx, None, "--source", _("Source key (e.g. S0)"))]

    def action(session):
        d = cities.add_designation(session, city, name, date, reference, source)
        return d.name, d.date.format(lang=language()), d.city_id

    shown, when, _city = state(ctx).write(action, dry_run=dry_run)
    values = {"name": shown, "date": when}
    typer.echo(
        _("would record designation: {name}, {date}", **values)
        if dry_run
        else _("recorded designation: {name}, {date}", **values)
    )
