"""`citylinks org ...`: organizations of cities, their committees, mottos and series."""

from __future__ import annotations

from typing import Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    DryRunOption,
    ExpectVersionOption,
    Format,
    FormatOption,
    NoteOption,
    OrgArgument,
    SourceOption,
)
from citylinks.cli.params import Commands
from citylinks.cli.prompting import require, write_confirming, write_versioned

app = Commands(
    help="Organizations of cities (the AMF): record, list, show and change them.",
)
committee_app = Commands(help="An organization's committees.")
motto_app = Commands(
    help="An organization's mottos, each wording with its source.",
)
series_app = Commands(
    help="An organization's meeting series (General Assembly, Executive Board).",
)
app.add_typer(committee_app, name="committee")
app.add_typer(motto_app, name="motto")
app.add_typer(series_app, name="series")

ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Record it even if one with a similar name exists."),
]
NamesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--name",
        help="A name, as NAME or LANG=NAME (repeatable); the first is shown by default.",
        metavar="NAME",
    ),
]

AimOption = Annotated[
    list[str] | None,
    typer.Option(
        "--aim",
        help="One of its aims, as the sources word it (repeatable, in their order).",
        metavar="TEXT",
    ),
]
# The options `org add` and `org edit` share (on edit, what is not given stays as it is).
FoundedOption = Annotated[
    str | None,
    typer.Option("--founded", help="When it was founded (partial date).", metavar="DATE"),
]
SeatOption = Annotated[
    str | None,
    typer.Option("--seat", help="City of its secretariat (on edit, '' clears it).", metavar="CITY"),
]
KindOption = Annotated[
    str | None, typer.Option("--kind", help="network, committee or body.", metavar="KIND")
]
ClassificationOption = Annotated[
    str | None,
    typer.Option(
        "--classification",
        help="As the sources put it, e.g. 'non-governmental'.",
        metavar="TEXT",
    ),
]
RegionOption = Annotated[str | None, typer.Option("--region", help="e.g. Asia.", metavar="TEXT")]
WebsiteOption = Annotated[str | None, typer.Option("--website", help="Web address.", metavar="URL")]
InitiatorOption = Annotated[
    str | None,
    typer.Option(
        "--initiator",
        help="Who founded it or took the initiative, per the sources.",
        metavar="TEXT",
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    acronym: Annotated[str, typer.Argument(help="The acronym, e.g. AMF.", metavar="ACRONYM")],
    names: NamesOption = None,
    founded: FoundedOption = None,
    seat: SeatOption = None,
    kind: KindOption = "network",
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent", help="The organization a committee or body belongs to.", metavar="ORG"
        ),
    ] = None,
    classification: ClassificationOption = None,
    region: RegionOption = None,
    website: WebsiteOption = None,
    note: NoteOption = None,
    aims: AimOption = None,
    initiator: InitiatorOption = None,
    source: SourceOption = None,
    force: ForceOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Record an organization: --name 'Asian Mayors Forum' --name fa=مجمع شهرداران آسیایی."""
    from citylinks.services import organizations

    first = require(ctx, names[0] if names else None, "--name", "Name (English)")
    all_names = [first, *(names or [])[1:]]

    def action(session, forced: bool):
        org = organizations.add_organization(
            session,
            acronym,
            all_names,
            founded=founded,
            seat=seat,
            kind=kind if kind is not None else "network",
            parent=parent,
            classification=classification,
            region=region,
            website=website,
            source_keys=source,
            note=note,
            force=forced,
            aims=aims,
            initiator=initiator,
        )
        return org.key, org.label, org.name()

    key, label, name = write_confirming(ctx, action, dry_run, force)
    typer.echo(
        f"{'would record' if dry_run else 'recorded'} organization {label}: {name} (key {key})"
    )


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the organizations and their committees."""
    from citylinks import render
    from citylinks.services import organizations

    with state(ctx).database().reading() as session:
        rows = organizations.list_organizations(session)
        section = render.Section(
            "Organizations",
            [render.Column(h) for h in ("Key", "Acronym", "Name", "Kind", "Part of")],
        )
        records = []
        for o in rows:
            section.rows.append(
                [o.key, o.acronym or "", o.name(), o.kind, o.parent.label if o.parent else ""]
            )
            records.append(
                {
                    "key": o.key,
                    "acronym": o.acronym,
                    "names": [{"lang": n.lang, "name": n.name, "kind": n.kind} for n in o.names],
                    "kind": o.kind,
                    "parent": o.parent.key if o.parent else None,
                }
            )
    render.emit(render.Document(f"{len(rows)} organizations", [section], records), fmt.value)


@app.command("show")
def show(ctx: typer.Context, org: OrgArgument) -> None:
    """Show an organization: names, mottos with their sources, meeting series, committees,
    member count (from the recorded memberships, today), founding, seat, sources, version."""
    from citylinks.cli.show import cited, echo_fields, echo_list, stamp
    from citylinks.services import organizations
    from citylinks.services.lookup import find_organization

    with state(ctx).database().reading() as session:
        o = find_organization(session, org)
        count = organizations.member_count(session, o)
        echo_fields(
            f"Organization {o.label}: {o.name()}",
            [
                ("key", o.key),
                ("kind", o.kind),
                ("part of", o.parent.label if o.parent else None),
                ("classification", o.classification),
                ("region", o.region),
                ("founded", o.founded.format()),
                ("initiator", o.initiator),
                ("seat", f"{o.seat.name()}, {o.seat.country.code}" if o.seat else None),
                ("website", o.website),
                ("note", o.note),
                ("members today", f"{count} (recorded memberships counting as membership)"),
                ("version", stamp(o)),
            ],
        )
        echo_list("names", [f"{n.lang}  {n.name} ({n.kind})" for n in o.names])
        echo_list("aims", o.aims or [])
        echo_list(
            "mottos",
            [f"{m.lang}  {m.text}{cited(m.sources)}" for m in o.mottos],
        )
        echo_list(
            "series",
            [f"{s.key}: {s.name_en}" + (f" ({s.name_fa})" if s.name_fa else "") for s in o.series],
        )
        echo_list(
            "committees",
            [f"{c.name()} (key {c.key})" for c in organizations.committees(o)],
        )
        echo_list(
            "member counts in sources",
            [
                f"{c.qualifier} {c.number}"
                + (f" {c.counted}" if c.counted else "")
                + (f", as of {c.as_of.format()}" if not c.as_of.is_unknown else "")
                + cited(c.sources)
                for c in o.member_counts
            ],
        )
        echo_list("sources", [", ".join(s.key for s in o.sources)] if o.sources else [])


@app.command("edit")
def edit(
    ctx: typer.Context,
    org: OrgArgument,
    acronym: Annotated[
        str | None, typer.Option("--acronym", help="New acronym ('' to clear).", metavar="TEXT")
    ] = None,
    add_name: Annotated[
        list[str] | None,
        typer.Option("--add-name", help="Add a name, LANG=NAME.", metavar="LANG=NAME"),
    ] = None,
    remove_name: Annotated[
        list[str] | None, typer.Option("--remove-name", help="Remove a name.", metavar="NAME")
    ] = None,
    founded: FoundedOption = None,
    seat: SeatOption = None,
    kind: KindOption = None,
    classification: ClassificationOption = None,
    region: RegionOption = None,
    website: WebsiteOption = None,
    add_source: Annotated[
        list[str] | None,
        typer.Option("--add-source", help="Cite another source (key).", metavar="KEY"),
    ] = None,
    aims: Annotated[
        list[str] | None,
        typer.Option(
            "--aim",
            help="Its aims, as the sources word them (repeatable, in their order); they replace"
            " the recorded aims. --aim '' clears them.",
            metavar="TEXT",
        ),
    ] = None,
    initiator: Annotated[
        str | None,
        typer.Option(
            "--initiator",
            help="Who founded it or took the initiative, per the sources ('' to clear).",
            metavar="TEXT",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A short note ('' to clear).", metavar="TEXT")
    ] = None,
    expect_version: ExpectVersionOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Change an organization's acronym, names, founding date, seat, classification,
    region, aims, initiator, note or other details."""
    from citylinks.services import organizations
    from citylinks.services.lookup import find_organization

    change = organizations.OrganizationEdit(
        acronym=acronym,
        add_names=add_name or [],
        remove_names=remove_name or [],
        founded=founded,
        seat=seat,
        kind=kind,
        classification=classification,
        region=region,
        website=website,
        add_sources=add_source or [],
        aims=aims or [],
        initiator=initiator,
        note=note,
    )

    def action(session):
        o = organizations.edit_organization(session, org, change, expect_version)
        return o.label, o.version

    label, version = write_versioned(
        ctx,
        action,
        dry_run,
        "organization",
        lambda s: find_organization(s, org),
        org,
        expect_version,
    )
    typer.echo(
        f"{'would change' if dry_run else 'changed'} organization {label} (now version {version})"
    )


@committee_app.command("add")
def committee_add(
    ctx: typer.Context,
    org: OrgArgument,
    name: Annotated[
        str,
        typer.Argument(
            help="The committee's name, e.g. 'Tourism and Culture Committee'.", metavar="NAME"
        ),
    ],
    names: Annotated[
        list[str] | None,
        typer.Option("--name", help="Another name, LANG=NAME (repeatable).", metavar="NAME"),
    ] = None,
    source: SourceOption = None,
    force: ForceOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Record a committee of an organization."""
    from citylinks.services import organizations

    def action(session, forced: bool):
        c = organizations.add_committee(session, org, name, names, source, force=forced)
        if c.parent is None:  # add_committee records it under `org`
            raise AssertionError(f"committee {c.key} has no parent")
        return c.key, c.name(), c.parent.label

    key, shown, parent = write_confirming(ctx, action, dry_run, force)
    typer.echo(
        f"{'would record' if dry_run else 'recorded'} committee {shown} of {parent} (key {key})"
    )


@motto_app.command("add")
def motto_add(
    ctx: typer.Context,
    org: OrgArgument,
    text: Annotated[str, typer.Argument(help="The motto, as the source words it.", metavar="TEXT")],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="Its language, e.g. fa (asked for on a terminal).", metavar="LANG"
        ),
    ] = None,
    source: SourceOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record one sourced wording of an organization's motto (several wordings may exist)."""
    from citylinks.services import organizations

    lang = require(ctx, lang, "--lang", "Language of the motto (fa, en, ...)")
    if not source:
        source = [require(ctx, None, "--source", "Source key (e.g. S0)")]
    label = state(ctx).write(
        lambda session: organizations.add_motto(session, org, text, lang, source, note).text,
        dry_run=dry_run,
    )
    typer.echo(f"{'would record' if dry_run else 'recorded'} motto: {label}")


@series_app.command("add")
def series_add(
    ctx: typer.Context,
    org: OrgArgument,
    key: Annotated[
        str, typer.Argument(help="The series key, e.g. general-assembly.", metavar="KEY")
    ],
    names: Annotated[
        list[str] | None,
        typer.Option(
            "--name",
            help="Its name: --name 'General Assembly' --name fa=مجمع عمومی (asked for on a terminal).",
            metavar="NAME",
        ),
    ] = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a meeting series of an organization (needed before `session add`)."""
    from citylinks.services import organizations

    first = require(ctx, names[0] if names else None, "--name", "Name of the series (English)")
    all_names = [first, *(names or [])[1:]]
    key_shown = state(ctx).write(
        lambda session: organizations.add_series(session, org, key, all_names).key,
        dry_run=dry_run,
    )
    typer.echo(f"{'would record' if dry_run else 'recorded'} series {key_shown}")
