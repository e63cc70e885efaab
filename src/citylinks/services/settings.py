"""An office's settings, stored in the database (table `setting`) so that every officer of the
office works under the same rules: `citylinks setting show` and `citylinks setting set`.

Each setting has a fixed list of values and a default, used while it was never set; a change
is an ordinary write, logged with its value before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from citylinks import schema
from citylinks.errors import CitylinksError, NotFound
from citylinks.i18n import N_, _, language, listing
from citylinks.text import script_language
from citylinks.vocab import listed, meanings

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    from citylinks.model import Setting


@dataclass(frozen=True)
class Rule:
    """What a setting may be: its values, the one in force while it was never set, and what
    it means, in the words `setting show` prints."""

    key: str
    values: tuple[str, ...]
    default: str
    meaning: str


SOURCES = Rule(
    "sources",
    ("optional", "required"),
    "optional",
    N_(
        "whether every fact recorded must cite a source: optional (an unsourced fact is"
        " recorded, with a warning saying how to cite it later) or required (an unsourced fact"
        " is refused)"
    ),
)

# Every setting there is, by key: one place.
RULES: dict[str, Rule] = {rule.key: rule for rule in (SOURCES,)}


@dataclass(frozen=True)
class SettingValue:
    key: str
    value: str
    is_default: bool
    rule: Rule
    version: int | None  # None while it was never set


def rule(key: str) -> Rule:
    """The setting `key` names, or a one-line refusal listing the settings there are."""
    named = meanings(key, tuple(RULES))
    found = RULES[next(iter(named))] if len(named) == 1 else None
    if found is None:
        raise NotFound(
            _(
                "there is no setting '{key}': the settings are {listed} (see `citylinks setting show`)",
                key=key,
                listed=listing(RULES),
            )
        )
    return found


def value_of(chosen: Rule, value: str) -> str:
    """The value of the setting `chosen` that `value` names, as every door reads it (`setting
    set`, a dataset's [[setting]]): by the value or any name vocab gives it, English or Persian
    ("required", «الزامی»), in any spelling text.fold forgives; else a one-line refusal."""
    found = meanings(value, chosen.values)
    if len(found) == 1:
        return next(iter(found))
    raise CitylinksError(
        _(
            "'{value}' is not a value of the setting {chosen_key}: use one of {listed}",
            value=value,
            chosen_key=chosen.key,
            listed=listed(
                chosen.values, persian=language() == "fa" or script_language(value) == "fa"
            ),
        )
    )


def stored(session: Session, key: str) -> Setting | None:
    """The row of the setting `key`, None while it was never set."""
    from citylinks.model import Setting

    return session.scalars(select(Setting).where(Setting.key == key)).one_or_none()


def current(session: Session | Connection, key: str) -> SettingValue:
    """The value of the setting `key` in this database (its default while never set), read
    with a Core query (a write on Core asks it too)."""
    chosen = rule(key)
    column = schema.setting.c
    row = session.execute(
        select(column.value, column.version).where(column.key == chosen.key)
    ).first()
    if row is None or row.value not in chosen.values:
        return SettingValue(chosen.key, chosen.default, True, chosen, row.version if row else None)
    return SettingValue(chosen.key, row.value, False, chosen, row.version)


def every(session: Session | Connection) -> list[SettingValue]:
    """Every setting with its value in this database, in the order RULES lists them."""
    return [current(session, key) for key in RULES]


def sources_required(session: Session | Connection) -> bool:
    """Whether this office refuses facts recorded without a source."""
    return current(session, SOURCES.key).value == "required"


def change(
    session: Session, key: str, value: str, expect_version: int | None = None
) -> tuple[SettingValue, SettingValue]:
    """Set `key` to `value` (one of the rule's values); returns the setting before and after.
    Setting the value it already has is refused as a change that changes nothing."""
    from citylinks.services.audit_log import check_version

    chosen = rule(key)
    wanted = value_of(chosen, value)
    before = current(session, chosen.key)
    row = stored(session, chosen.key)
    if row is not None:
        check_version(row, expect_version, N_("setting"), chosen.key)
    elif expect_version is not None:
        raise CitylinksError(
            _(
                "the setting {chosen_key} was never set, so it has no version {expect_version}: leave out --expect-version",
                chosen_key=chosen.key,
                expect_version=expect_version,
            )
        )
    if before.value == wanted:
        default = _(" (the default)") if before.is_default else ""
        raise CitylinksError(
            _(
                "the setting {chosen_key} is already {wanted}{default}: nothing to change",
                chosen_key=chosen.key,
                wanted=wanted,
                default=default,
            )
        )
    if row is None:
        from citylinks.model import Setting

        row = Setting(key=chosen.key, value=wanted)
        session.add(row)
    else:
        row.value = wanted
    session.flush()
    return before, current(session, chosen.key)
