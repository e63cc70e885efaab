"""`citylinks cite`, `citylinks uncite`: add a source to any recorded fact, or take one away;
`citylinks setting`: the office's settings, such as whether sources are required."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from citylinks.cli.context import state
from citylinks.cli.options import (
    BidiOption,
    CorrectionReasonOption,
    DryRunOption,
    ExpectVersionOption,
    LangOption,
)
from citylinks.cli.params import Commands
from citylinks.i18n import N_, _, listing
from citylinks.text import safe_for_terminal
from citylinks.vocab import beside

if TYPE_CHECKING:
    from citylinks.services.facts import CitationChange

RefArgument = Annotated[
    str,
    typer.Argument(
        help="The fact: phase:CITY/ORG/N, session:ORG/SERIES/N, city:CITY, city-name:CITY/LANG/NAME,"
        " post:ID, ... or"
        " TABLE#ID as `citylinks log` shows it (the forms are listed above).",
        metavar="REF",
    ),
]
SourcesArgument = Annotated[
    list[str],
    typer.Argument(
        help="Keys of sources, as `citylinks source add` printed them (e.g. S1).",
        metavar="SOURCE...",
        show_default=False,
    ),
]

_FORMS_HELP = """\b
REF names the fact, in one of these forms:
  phase:CITY/ORG/N             a membership phase, N as `member history` numbers it
                               (phase:Yazd/AMF/2)
  session:ORG/SERIES/N         a session (session:AMF/general-assembly/1)
  session-start:ORG/SERIES/N   a session's start date, cited on its own
  session-end:ORG/SERIES/N     a session's end date, cited on its own
  city:CITY  org:ORG  person:PERSON      by key, id or any recorded name
  city-name:CITY/LANG/NAME     one name of a city (city-name:Yazd/fa/یزد); /NAME may
                               be left out when the city has one name in LANG
  org-name:ORG/LANG/NAME  person-name:PERSON/LANG/NAME    likewise
  post:ID  role:ID  count:ID (attendance count)  member-count:ID
  numbering:ID  motto:ID  attendee:ID  designation:ID
  TABLE#ID                     as `citylinks log` shows it (membership_phase#3)"""


def _doc(head: str, example: str) -> str:
    return f"{head}\n\n{_FORMS_HELP}\n\nExample: {example}"


def _write(ctx: typer.Context, action, ref: str, expected, dry_run: bool, reason):
    """One write that is refused, naming who got there first, when the fact changed between
    reading and writing (--expect-version)."""
    from citylinks.services.audit_log import refusing_stale_writes
    from citylinks.services.facts import find_fact

    with refusing_stale_writes(
        state(ctx).database, "fact", ref, lambda s: find_fact(s, ref).versioned, expected
    ):
        return state(ctx).write(action, dry_run=dry_run, reason=reason)


# What `cite` and `uncite` did, and with --dry-run would do.
_DONE = {
    "cite": (
        N_("cited {changed}: {fact} ({ref}) cites {sources} (version {version})"),
        N_("dry run, would cite {changed}: {fact} ({ref}) cites {sources} (version {version})"),
    ),
    "uncite": (
        N_("uncited {changed}: {fact} ({ref}) cites {sources} (version {version})"),
        N_("dry run, would uncite {changed}: {fact} ({ref}) cites {sources} (version {version})"),
    ),
}


def _echo(done: CitationChange, verb: str, dry_run: bool) -> None:
    fact = done.fact
    done_now, would = _DONE[verb]
    typer.echo(
        safe_for_terminal(
            _(
                would if dry_run else done_now,
                changed=listing(done.changed),
                fact=fact.label,
                ref=fact.ref,
                sources=listing(done.sources) or _("no source"),
                version=done.version,
            )
        )
    )


def cite(
    ctx: typer.Context,
    ref: RefArgument,
    sources: SourcesArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    from citylinks.services import facts

    done = _write(
        ctx,
        lambda s: facts.cite(s, ref, sources, expect_version),
        ref,
        expect_version,
        dry_run,
        reason,
    )
    _echo(done, "cite", dry_run)


cite.__doc__ = _doc(
    "Make a recorded fact cite one or more sources too (the log keeps the sources before and"
    " after).",
    "citylinks cite phase:Yazd/AMF/2 S3",
)


def uncite(
    ctx: typer.Context,
    ref: RefArgument,
    sources: SourcesArgument,
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    from citylinks.services import facts

    done = _write(
        ctx,
        lambda s: facts.uncite(s, ref, sources, expect_version),
        ref,
        expect_version,
        dry_run,
        reason,
    )
    _echo(done, "uncite", dry_run)


uncite.__doc__ = _doc(
    "Make a recorded fact stop citing one or more sources (a source it does not cite is"
    " refused; the log keeps the sources before and after).",
    "citylinks uncite session:AMF/general-assembly/1 R1 --reason 'R1 is about the 2nd session'",
)


setting_app = Commands(
    help="The office's settings, kept in the database for every officer: `setting show`,"
    " `setting set sources required`."
)


@setting_app.command("show")
def setting_show(
    ctx: typer.Context,
    key: Annotated[
        str | None,
        typer.Argument(help="One setting (default: all of them).", metavar="KEY"),
    ] = None,
    lang: LangOption = None,
    bidi: BidiOption = False,
) -> None:
    """Each setting: its value in this database (or its default), and what it means."""
    from citylinks.cli.show import echo_line, shown_as, speaking
    from citylinks.services import settings

    shown_as(lang, bidi)
    with state(ctx).database().connection() as conn, speaking():
        shown = [settings.current(conn, key)] if key else settings.every(conn)
        for s in shown:
            default = (
                _(" (the default)")
                if s.is_default
                else _(" (version {version})", version=s.version)
            )
            echo_line(f"{s.key}: {beside(s.value)}{default}")
            echo_line(f"  {listing(beside(v) for v in s.rule.values)}: {_(s.rule.meaning)}")


@setting_app.command("set")
def setting_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The setting, e.g. sources.", metavar="KEY")],
    value: Annotated[
        str, typer.Argument(help="Its new value, e.g. required or optional.", metavar="VALUE")
    ],
    expect_version: ExpectVersionOption = None,
    reason: CorrectionReasonOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Change a setting for every officer of this database (the log keeps the old value).

    `citylinks setting set sources required`: from then on, a fact recorded without a source
    is refused (otherwise it is recorded with a warning saying how to cite it later)."""
    from citylinks.services import settings

    def action(session):
        before, after = settings.change(session, key, value, expect_version)
        return before.key, before.value, after.value

    from citylinks.services.audit_log import refusing_stale_writes

    with refusing_stale_writes(
        state(ctx).database, "setting", key, lambda s: settings.stored(s, key), expect_version
    ):
        name, old, new = state(ctx).write(action, dry_run=dry_run, reason=reason)
    if dry_run:
        typer.echo(
            _(
                "dry run, would set {name}: {old} -> {new}",
                name=name,
                old=beside(old),
                new=beside(new),
            )
        )
    else:
        typer.echo(_("set {name}: {old} -> {new}", name=name, old=beside(old), new=beside(new)))
