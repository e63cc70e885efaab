"""`citylinks org ...`: organizations of cities, their committees, mottos and series."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from citylinks import text
from citylinks.cli.completion import complete_words
from citylinks.cli.context import state
from citylinks.cli.options import (
    BidiOption,
    CorrectionReasonOption,
    DryRunOption,
    ExpectVersionOption,
    Format,
    FormatOption,
    LangOption,
    NoteOption,
    OrgArgument,
    SourceOption,
    report,
)
from citylinks.cli.params import Commands
from citylinks.cli.prompting import require, write_confirming, write_versioned
from citylinks.cli.show import echo_outcome
from citylinks.i18n import N_, _, ngettext
from citylinks.render.output import View  # the commands' annotations are read when registered
from citylinks.vocab import ORGANIZATION_KINDS

if TYPE_CHECKING:
    pass

T = TypeVar("T")

app = Commands(
    help="Organizations of cities (the AMF): record, list, show and change them.",
)
committee_app = Commands(help="An organization's committees: add, edit, remove.")
motto_app = Commands(
    help="An organization's mottos, each wording with its source: add, edit, remove.",
)
series_app = Commands(
    help="An organization's meeting series (General Assembly, Executive Board): add, edit, remove.",
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
    str | None,
    typer.Option(
        "--kind",
        help="network, committee or body.",
        metavar="KIND",
        autocompletion=complete_words(ORGANIZATION_KINDS),
    ),
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


NewKeyOption = Annotated[
    str | None,
    typer.Option(
        "--key",
        help="A new key (lowercase letters, digits, hyphens); what refers to it follows.",
        metavar="KEY",
    ),
]
AddIdOption = Annotated[
    list[str] | None,
    typer.Option(
        "--add-id",
        help="Add an identifier, SCHEME=VALUE (e.g. wikidata=Q4806024; repeatable).",
        metavar="SCHEME=VALUE",
    ),
]
RemoveIdOption = Annotated[
    list[str] | None,
    typer.Option(
        "--remove-id",
        help="Remove the identifier of SCHEME (or just SCHEME=VALUE; repeatable).",
        metavar="SCHEME",
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    acronym: Annotated[
        str | None,
        typer.Argument(
            help="The acronym, in any script, e.g. AMF; leave it out for an organization known"
            " by its name alone (its key is made from the name).",
            metavar="ACRONYM",
            show_default=False,
        ),
    ] = None,
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
    from citylinks.services import recording

    first = require(ctx, names[0] if names else None, "--name", _("Name (English)"))
    all_names = [first, *(names or [])[1:]]

    def action(change, forced: bool):
        org = recording.add_organization(
            change,
            acronym,
            all_names,
            founded=founded,
            seat=seat,
            kind=kind if kind is not None else "network",
            parent=parent,
            classification=classification,
            region=region,
            website_=website,
            source_keys=source,
            note=note,
            force=forced,
            aims=aims,
            initiator=initiator,
        )
        return org.key, text.organization_label(acronym, org.names, org.key), org.names

    key, label, given = write_confirming(ctx, action, dry_run, force, core=True)
    # Named once in the interface language: its acronym beside its name, or its name alone.
    name = text.display_name(given) or label
    if name == label:
        echo_outcome(
            dry_run,
            N_("recorded organization {name} (key {key})"),
            N_("would record organization {name} (key {key})"),
            name=name,
            key=key,
        )
        return
    echo_outcome(
        dry_run,
        N_("recorded organization {label}: {name} (key {key})"),
        N_("would record organization {label}: {name} (key {key})"),
        label=label,
        name=name,
        key=key,
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    fmt: FormatOption = Format.table,
    lang: LangOption = None,
    bidi: BidiOption = False,
) -> None:
    """List the organizations and their committees."""
    from citylinks.cli.show import emit_list, kind_word, listing_in, name_in
    from citylinks.reports import listings

    headers = (N_("Key"), N_("Acronym"), N_("Name"), N_("Kind"), N_("Part of"))
    with listing_in(ctx, lang, bidi, N_("Organizations"), headers) as (conn, section):
        rows = listings.organizations(conn)
        records = []
        for o in rows:
            section.rows.append(
                [
                    o.key,
                    o.acronym or "",
                    name_in(o),
                    kind_word("organization_kind", o.kind),
                    o.parent.label if o.parent else "",
                ]
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
        title = ngettext("{n} organization", "{n} organizations", len(rows), n=len(rows))
    emit_list(title, section, records, fmt)


@app.command("show")
@report
def show(ctx: typer.Context, org: OrgArgument, *, chosen: View) -> None:
    """Show an organization: names, mottos with their sources, meeting series, committees,
    member count (from the recorded memberships, today), founding, seat, sources, version."""
    from citylinks.cli.reports import sources_cited
    from citylinks.cli.show import (
        cited,
        deliver_shown,
        echo_fields,
        echo_list,
        kind_word,
        name_and_other,
        name_in,
        place_in,
        said,
        series_names,
        shown_date,
        shown_in,
        shown_lang,
        source_keys,
        stamp,
    )
    from citylinks.i18n import t
    from citylinks.reports.details import organization_detail
    from citylinks.services.lookup import find_organization_ref

    with state(ctx).database().connection() as conn:
        o = organization_detail(conn, find_organization_ref(conn, org))
        keys = [s.key for part in (*o.mottos, *o.member_counts) for s in part.sources]
        shown_in(chosen, sources_cited(conn, keys, chosen))
        count = o.members_today
        # Its acronym (text.organization_label) beside its names, or its names alone.
        short = text.organization_label(o.row.acronym, o.names, o.key, shown_lang())
        heading = (
            said("Organization {name}", name=name_and_other(o))
            if short == name_in(o)
            else said("Organization {label}: {name}", label=short, name=name_and_other(o))
        )
        echo_fields(
            heading,
            [
                ("key", o.key),
                ("kind", kind_word("organization_kind", o.kind)),
                ("part of", o.parent.label if o.parent else None),
                ("classification", o.classification),
                ("region", o.region),
                ("founded", shown_date(o.founded)),
                ("initiator", o.initiator),
                ("seat", place_in(o.seat) if o.seat else None),
                ("website", o.website),
                ("note", o.note),
                (
                    "members today",
                    said("{n} (recorded memberships counting as membership)", n=count),
                ),
                ("version", stamp(o)),
            ],
        )
        echo_list(
            "names", [f"{n.lang}  {n.name} ({kind_word('name_kind', n.kind)})" for n in o.names]
        )
        echo_list("identifiers", [f"{i.scheme}={i.value}" for i in o.identifiers])
        echo_list("aims", o.aims or [])
        # Each with its #ID and version, for `org motto edit|remove` and `org series edit|remove`.
        echo_list(
            "mottos",
            [
                f"{m.lang}  {m.text}{cited(m.sources)}"
                + said(" (#{id}, version {version})", id=m.id, version=m.version)
                for m in o.mottos
            ],
        )
        echo_list(
            "series",
            [
                f"{s.key}: {series_names(s)}"
                + said(" (#{id}, version {version})", id=s.id, version=s.version)
                for s in o.series
            ],
        )
        echo_list(
            "committees",
            [
                said(
                    "{name} (key {key}), version {version}",
                    name=name_in(c),
                    key=c.key,
                    version=version,
                )
                for c, version in o.committees
            ],
        )
        echo_list(
            "member counts in sources",
            [
                f"{t('count_' + c.qualifier, shown_lang())} {said('{n}', n=c.number)}".strip()
                + (f" {c.counted}" if c.counted else "")
                + (
                    said(", as of {date}", date=shown_date(c.as_of))
                    if not c.as_of.is_unknown
                    else ""
                )
                + cited(c.sources)
                for c in o.member_counts
            ],
        )
        echo_list("sources", [source_keys(o.sources)] if o.sources else [])
    deliver_shown(chosen)


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
    key: NewKeyOption = None,
    add_id: AddIdOption = None,
    remove_id: RemoveIdOption = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Change an organization's key, acronym, names, identifiers, founding date, seat,
    classification, region, aims, initiator, note or other details. A new --key is followed
    by everything that refers to the organization (memberships, sessions, roles)."""
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
        key=key,
        add_ids=add_id or [],
        remove_ids=remove_id or [],
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
        reason=reason,
    )
    echo_outcome(
        dry_run,
        N_("changed organization {label} (now version {version})"),
        N_("would change organization {label} (now version {version})"),
        label=label,
        version=version,
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
    from citylinks.services import recording

    def action(change, forced: bool):
        c = recording.add_committee(change, org, name, names, source, force=forced)
        if c.parent is None:  # add_committee records it under `org`
            raise AssertionError(f"committee {c.key} has no parent")
        # Named in the interface language, as its organization is (text.display_name).
        return c.key, text.display_name(c.names) or c.name, c.parent

    key, shown, parent = write_confirming(ctx, action, dry_run, force, core=True)
    echo_outcome(
        dry_run,
        N_("recorded committee {name} of {organization} (key {key})"),
        N_("would record committee {name} of {organization} (key {key})"),
        name=shown,
        organization=parent,
        key=key,
    )


@motto_app.command("add")
def motto_add(
    ctx: typer.Context,
    org: OrgArgument,
    text: Annotated[str, typer.Argument(help="The motto, as the source words it.", metavar="TEXT")],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Its language, e.g. fa; without it, Persian letters are fa and Latin ones en"
            " (other text is asked for it on a terminal).",
            metavar="LANG",
        ),
    ] = None,
    source: SourceOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record one sourced wording of an organization's motto (several wordings may exist)."""
    from citylinks.services import organizations
    from citylinks.text import script_language

    if lang is None and script_language(text) is None:
        lang = require(ctx, lang, "--lang", _("Language of the motto (fa, en, ...)"))
    if not source:
        source = [require(ctx, None, "--source", _("Source key (e.g. S0)"))]

    def action(session) -> str:
        motto = organizations.add_motto(session, org, text, lang, source, note)
        return f"({motto.lang}) {motto.text}"

    label = state(ctx).write(action, dry_run=dry_run)
    echo_outcome(
        dry_run, N_("recorded motto {motto}"), N_("would record motto {motto}"), motto=label
    )


@series_app.command("add")
def series_add(
    ctx: typer.Context,
    org: OrgArgument,
    key: Annotated[
        str | None,
        typer.Argument(
            help="The series key, e.g. general-assembly (made from its name when left out).",
            metavar="[KEY]",
        ),
    ] = None,
    names: Annotated[
        list[str] | None,
        typer.Option(
            "--name",
            help="Its name: --name 'General Assembly' --name fa=مجمع عمومی (asked for on a"
            " terminal). A name in Persian alone will do: English reports show the key until"
            " an English name is given.",
            metavar="NAME",
        ),
    ] = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a meeting series of an organization (needed before `session add`)."""
    from citylinks.services import organizations

    first = require(ctx, names[0] if names else None, "--name", _("Name of the series"))
    all_names = [first, *(names or [])[1:]]
    key_shown = state(ctx).write(
        lambda session: organizations.add_series(session, org, key, all_names).key,
        dry_run=dry_run,
    )
    echo_outcome(
        dry_run, N_("recorded series {key}"), N_("would record series {key}"), key=key_shown
    )


CommitteeArgument = Annotated[
    str,
    typer.Argument(help="The committee: its key or any of its names.", metavar="COMMITTEE"),
]


@committee_app.command("edit")
def committee_edit(
    ctx: typer.Context,
    org: OrgArgument,
    committee: CommitteeArgument,
    key: NewKeyOption = None,
    add_name: Annotated[
        list[str] | None,
        typer.Option("--add-name", help="Add a name, LANG=NAME (repeatable).", metavar="LANG=NAME"),
    ] = None,
    remove_name: Annotated[
        list[str] | None,
        typer.Option("--remove-name", help="Remove a name (repeatable).", metavar="NAME"),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A short note ('' to clear).", metavar="TEXT")
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct a committee's key, names or note (the version is the one `org show` lists)."""
    from citylinks.services import organizations

    change = organizations.OrganizationEdit(
        key=key, add_names=add_name or [], remove_names=remove_name or [], note=note
    )

    def action(session):
        c = organizations.edit_committee(session, org, committee, change, expect_version)
        return c.name(), c.key, c.version

    shown, new_key, version = write_versioned(
        ctx,
        action,
        dry_run,
        "organization",
        lambda s: organizations.find_committee(s, org, committee),
        committee,
        expect_version,
        reason=reason,
    )
    echo_outcome(
        dry_run,
        N_("changed committee {name} (key {key}, now version {version})"),
        N_("would change committee {name} (key {key}, now version {version})"),
        name=shown,
        key=new_key,
        version=version,
    )


@committee_app.command("remove")
def committee_remove(
    ctx: typer.Context,
    org: OrgArgument,
    committee: CommitteeArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove a committee, with its names, mottos and series. Refused, with the reason, while
    memberships, roles, posts, attendance or sessions refer to it."""
    from citylinks.services import organizations

    def action(session):
        c = organizations.remove_committee(session, org, committee, expect_version)
        return c.name(), c.key

    shown, key = state(ctx).write(action, dry_run=dry_run, reason=reason)
    echo_outcome(
        dry_run,
        N_("removed committee {name} (key {key})"),
        N_("would remove committee {name} (key {key})"),
        name=shown,
        key=key,
    )


MottoArgument = Annotated[
    str,
    typer.Argument(
        help="Which motto: #ID or its place as `org show` lists them (1 for the first), or its"
        " wording.",
        metavar="MOTTO",
    ),
]


@motto_app.command("edit")
def motto_edit(
    ctx: typer.Context,
    org: OrgArgument,
    motto: MottoArgument,
    wording: Annotated[
        str | None,
        typer.Option("--text", help="The wording, corrected.", metavar="TEXT"),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Its language, e.g. fa.", metavar="LANG")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A short note ('' to clear).", metavar="TEXT")
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct one wording of an organization's motto: its text, language or note.

    Example: citylinks org motto edit AMF '#3' --lang en --reason 'wrong language'"""
    from citylinks.services import organizations

    def action(session):
        m = organizations.edit_motto(
            session,
            org,
            motto,
            wording=wording,
            lang=lang,
            note=note,
            expect_version=expect_version,
        )
        return m.id, m.lang, m.text, m.version

    row_id, tag, shown, version = state(ctx).write(action, dry_run=dry_run, reason=reason)
    echo_outcome(
        dry_run,
        N_("changed motto #{id}: {lang} {motto} (now version {version})"),
        N_("would change motto #{id}: {lang} {motto} (now version {version})"),
        id=row_id,
        lang=tag,
        motto=shown,
        version=version,
    )


@motto_app.command("remove")
def motto_remove(
    ctx: typer.Context,
    org: OrgArgument,
    motto: MottoArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove one wording of an organization's motto."""
    from citylinks.services import organizations

    def action(session):
        m = organizations.remove_motto(session, org, motto, expect_version)
        return m.id, m.lang, m.text

    row_id, tag, shown = state(ctx).write(action, dry_run=dry_run, reason=reason)
    echo_outcome(
        dry_run,
        N_("removed motto #{id}: {lang} {motto}"),
        N_("would remove motto #{id}: {lang} {motto}"),
        id=row_id,
        lang=tag,
        motto=shown,
    )


SeriesArgument = Annotated[
    str,
    typer.Argument(help="The series: its key or its name.", metavar="SERIES"),
]


@series_app.command("edit")
def series_edit(
    ctx: typer.Context,
    org: OrgArgument,
    series: SeriesArgument,
    key: Annotated[
        str | None,
        typer.Option("--key", help="A new key; the series' sessions stay in it.", metavar="KEY"),
    ] = None,
    names: Annotated[
        list[str] | None,
        typer.Option(
            "--name",
            help="A corrected name: --name 'General Assembly' or --name fa=مجمع عمومی.",
            metavar="NAME",
        ),
    ] = None,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct a meeting series' key or names.

    Example: citylinks org series edit AMF executive-board --key board"""
    from citylinks.services import organizations

    def action(session):
        s = organizations.edit_series(
            session, org, series, key=key, names=names, expect_version=expect_version
        )
        return s.key, s.name_en, s.version

    new_key, shown, version = state(ctx).write(action, dry_run=dry_run, reason=reason)
    echo_outcome(
        dry_run,
        N_("changed series {key}: {name} (now version {version})"),
        N_("would change series {key}: {name} (now version {version})"),
        key=new_key,
        name=shown,
        version=version,
    )


@series_app.command("remove")
def series_remove(
    ctx: typer.Context,
    org: OrgArgument,
    series: SeriesArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Remove a meeting series that has no sessions (refused, naming them, while it has)."""
    from citylinks.services import organizations

    def action(session):
        return organizations.remove_series(session, org, series, expect_version).key

    key = state(ctx).write(action, dry_run=dry_run, reason=reason)
    echo_outcome(dry_run, N_("removed series {key}"), N_("would remove series {key}"), key=key)
