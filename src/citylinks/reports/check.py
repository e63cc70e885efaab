"""The data-quality check: what an officer should look at, as plain findings.

Each kind of problem has one function here, reading citylinks.schema's tables with Core
queries (no ORM on the read path); `check` runs them all and keeps, when an organization is
given, the findings about it. A finding names its record and its message as `Phrase`s (a
key and values) that render/check.py words in English or Persian, with dates in the
calendar asked for.

The rules, in the order `citylinks check` lists them (its help says the same to officers):
- unsourced: a row of a table whose rows cite sources (schema.CITING) that cites none.
- duplicate: two people, or two cities of one country, with a name that folds alike
  (text.fold), or a Persian name of one and a Latin name of the other with the same
  consonant skeleton (`_cross_script_skeleton`); a record named in both scripts is compared
  across scripts only with records named in one.
- mixed-script: a name with a word that mixes Latin, Cyrillic or Greek letters.
- phase: in one membership (retracted phases left out), a phase with no end that another
  follows, a later phase with an unknown start, a phase that begins before the one above
  it, a phase that certainly begins before the one above it ended, or a phase in the same
  status as the one before it, touching it, that records neither a reason nor a deciding
  session (one fact recorded twice). vocab has no rule on which status may follow which,
  so none is checked.
- unsupported-day: a session dated to the day none of whose sources can give a day (see
  `source_gives_a_day`).
- conflict: attendance counts of one session, or member counts of one organization on the
  same date, that count the same thing and cannot all be true; a source whose recorded
  numberings give one session two numbers, or two sessions of one series one number; a
  session numbered after another it certainly came before.
- role-without-membership: a city's role in an organization (or a committee of it) when no
  phase of its membership in that organization or an ancestor, counting as membership, may
  cover any day of the role.

A finding an officer has reviewed (schema.check_review: the same kind and problem, about the
same rows) is kept apart, with its review, in `CheckResult.reviewed`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, literal_column, select, union_all

from citylinks import schema
from citylinks.dates import DateError, PartialDate, may_overlap
from citylinks.reports.common import Name, name_from, stored_date
from citylinks.reports.standing import HIGH, LOW, bounds
from citylinks.text import _WORD, _script, fold, normalize, to_ascii_digits
from citylinks.vocab import MEMBER_STATUSES

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# The kinds of finding, in the order they are listed (schema holds the list: a review names
# its finding's kind).
KINDS = schema.CHECK_KINDS


@dataclass(frozen=True)
class Phrase:
    """Words to show, by key (render/check.py holds them in English and Persian), with the
    values they name: text, numbers, `Name`s, `PartialDate`s or other phrases."""

    key: str
    values: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    problem: str  # what exactly, within the kind ("overlap", "same-name", ...)
    record: Phrase  # the record as an officer knows it
    message: Phrase  # what is wrong and what to do
    ids: dict[str, list[int]]  # the rows concerned, by table
    # The organizations, cities and people the finding is about, to keep it for `check ORG`.
    about: frozenset[tuple[str, int]] = frozenset()


@dataclass(frozen=True)
class Review:
    """An officer's review of a finding (schema.check_review): the record is right as it
    stands, because `reason`, say the sources `sources`."""

    kind: str
    problem: str
    reason: str
    sources: list[str]
    version: int


@dataclass
class CheckResult:
    organization: Name | None  # None: the whole database
    label: str | None
    findings: list[Finding]  # those to look at
    # The findings an officer has reviewed, each with its review.
    reviewed: list[tuple[Finding, Review]] = field(default_factory=list)


# --- what the findings name: records read once ----------------------------------------------


@dataclass
class Named:
    key: str
    names: list  # rows with lang, kind, name
    extra: dict[str, Any] = field(default_factory=dict)


class Records:
    """The names of cities, organizations, people, series and sessions, read once, to name
    every record a finding is about."""

    def __init__(self, conn: Connection) -> None:
        c, o, p = schema.city.c, schema.organization.c, schema.person.c
        self.cities = {
            r.id: Named(r.key, [], {"country_id": r.country_id})
            for r in conn.execute(select(c.id, c.key, c.country_id))
        }
        self.organizations = {
            r.id: Named(r.key, [], {"acronym": r.acronym, "parent_id": r.parent_id})
            for r in conn.execute(select(o.id, o.key, o.acronym, o.parent_id))
        }
        self.people = {r.id: Named(r.key, []) for r in conn.execute(select(p.id, p.key))}
        for table, owner, found in (
            (schema.city_name, "city_id", self.cities),
            (schema.organization_name, "organization_id", self.organizations),
            (schema.person_name, "person_id", self.people),
        ):
            n = table.c
            rows = conn.execute(
                select(n[owner].label("owner"), n.id, n.lang, n.kind, n.name).order_by(
                    n.position, n.id
                )
            )
            for row in rows:
                found[row.owner].names.append(row)
        ms = schema.meeting_series.c
        self.series = {
            r.id: (
                r.organization_id,
                Name(r.name_en, r.name_fa if r.name_fa != r.name_en else None),
            )
            for r in conn.execute(select(ms.id, ms.organization_id, ms.name_en, ms.name_fa))
        }
        se = schema.session.c
        self.sessions = {
            r.id: r
            for r in conn.execute(
                select(se.id, se.series_id, se.number, se.start_text, se.end_text).order_by(
                    se.series_id, se.number
                )
            )
        }
        # The phases of every membership (_phases), once a check has asked.
        self.phases: dict[int, list] | None = None
        m = schema.membership.c
        self.memberships = {
            r.id: r
            for r in conn.execute(
                select(m.id, m.organization_id, m.city_id, m.member_organization_id)
            )
        }

    def city(self, city_id: int) -> Name:
        found = self.cities[city_id]
        return name_from(found.names, found.key)

    def person(self, person_id: int) -> Name:
        found = self.people[person_id]
        return name_from(found.names, found.key)

    def organization(self, organization_id: int) -> Name:
        """An organization as officers name it: its acronym, else its name; a committee
        with the organization it belongs to ("Tourism and Culture Committee (AMF)")."""
        found = self.organizations[organization_id]
        if found.extra["acronym"]:
            return Name(found.extra["acronym"])
        name = name_from(found.names, found.key)
        parent_id = found.extra["parent_id"]
        if parent_id is None or parent_id == organization_id:
            return name
        parent = self.organization(parent_id)
        en = f"{name.en} ({parent.en})"
        fa = f"{name.fa} ({parent.shown('fa')})" if name.fa else None
        return Name(en, fa)

    def ancestors(self, organization_id: int) -> list[int]:
        """The organization and the ones it belongs to (a committee's network), nearest first."""
        chain: list[int] = []
        current: int | None = organization_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self.organizations[current].extra["parent_id"]
        return chain

    def session(self, session_id: int) -> Phrase:
        row = self.sessions[session_id]
        org_id, series = self.series[row.series_id]
        return Phrase(
            "session", {"org": self.organization(org_id), "series": series, "number": row.number}
        )

    def session_org(self, session_id: int) -> int:
        return self.series[self.sessions[session_id].series_id][0]

    def member(self, membership_id: int) -> tuple[Name, frozenset[tuple[str, int]]]:
        """The member of a membership (a city or an organization) and the organizations it
        is about (a city's membership in LHC is no concern of the AMF's)."""
        row = self.memberships[membership_id]
        about = {("organization", row.organization_id)}
        if row.city_id is not None:
            return self.city(row.city_id), frozenset(about)
        about.add(("organization", row.member_organization_id))
        return self.organization(row.member_organization_id), frozenset(about)


def _phase_phrase(records: Records, row) -> tuple[Phrase, frozenset[tuple[str, int]]]:
    """ "Yazd in AMF, phase 2 (member, 2025 to 2025-11)"."""
    member, about = records.member(row.membership_id)
    org_id = records.memberships[row.membership_id].organization_id
    return (
        Phrase(
            "phase",
            {
                "member": member,
                "org": records.organization(org_id),
                "position": row.position,
                "status": row.status,
                "start": stored_date(row.start_text),
                "end": stored_date(row.end_text),
            },
        ),
        about,
    )


# --- unsourced facts -----------------------------------------------------------------------


def _about_session(records: Records, session_id: int) -> frozenset[tuple[str, int]]:
    return frozenset({("organization", records.session_org(session_id))})


def _label_row(table: str, row, records: Records) -> tuple[Phrase, frozenset[tuple[str, int]]]:
    """The record a row of `table` is, as officers name it, and what it is about."""
    if table == "city":
        return Phrase("name", {"name": records.city(row.id)}), frozenset({("city", row.id)})
    if table == "person":
        return Phrase("name", {"name": records.person(row.id)}), frozenset({("person", row.id)})
    if table == "organization":
        about = frozenset({("organization", row.id)})
        return Phrase("name", {"name": records.organization(row.id)}), about
    if table == "designation":
        values = {"city": records.city(row.city_id), "name": row.name}
        return Phrase("designation", values), frozenset({("city", row.city_id)})
    if table == "motto":
        values = {"org": records.organization(row.organization_id), "text": row.text}
        return Phrase("motto", values), frozenset({("organization", row.organization_id)})
    if table == "member_count_claim":
        values = {
            "org": records.organization(row.organization_id),
            "count": _count(row),
            "date": stored_date(row.as_of_text),
        }
        return Phrase("member_count", values), frozenset({("organization", row.organization_id)})
    if table == "session":
        return records.session(row.id), _about_session(records, row.id)
    if table == "session_numbering":
        values = {"session": records.session(row.session_id), "number": row.number}
        return Phrase("numbering", values), _about_session(records, row.session_id)
    if table == "attendance_claim":
        values = {"session": records.session(row.session_id), "count": _count(row)}
        return Phrase("attendance_count", values), _about_session(records, row.session_id)
    if table == "attendance":
        if row.city_id is not None:
            attendee = records.city(row.city_id)
        elif row.person_id is not None:
            attendee = records.person(row.person_id)
        else:
            attendee = records.organization(row.organization_id)
        values = {"session": records.session(row.session_id), "attendee": attendee}
        return Phrase("attendance", values | {"role": row.role}), _about_session(
            records, row.session_id
        )
    if table == "membership_phase":
        return _phase_phrase(records, row)
    if table == "role":
        return _role_phrase(records, row)
    if table == "post":
        # A post in an organization is its concern; a city's post (a mayor) concerns every
        # organization the person or the city belongs to.
        holding = {("person", row.person_id)}
        if row.organization_id is not None:
            holder = records.organization(row.organization_id)
            holding = {("organization", row.organization_id)}
        else:
            holder = records.city(row.city_id)
            holding.add(("city", row.city_id))
        values = {
            "person": records.person(row.person_id),
            "title": row.title,
            "holder": holder,
            "start": stored_date(row.start_text),
            "end": stored_date(row.end_text),
        }
        return Phrase("post", values), frozenset(holding)
    return Phrase("row", {"table": table, "id": row.id}), frozenset()


def _role_phrase(records: Records, row) -> tuple[Phrase, frozenset[tuple[str, int]]]:
    values = {
        "city": records.city(row.city_id),
        "title": row.title,
        "org": records.organization(row.organization_id),
        "start": stored_date(row.start_text),
        "end": stored_date(row.end_text),
    }
    about = {("organization", o) for o in records.ancestors(row.organization_id)}
    return Phrase("role", values), frozenset(about)


def unsourced_facts(conn: Connection, records: Records) -> Iterator[Finding]:
    """Rows of the tables whose rows cite sources (schema.CITING) that cite none (names
    aside: schema.SOURCED_THROUGH_OWNER). Retracted
    membership phases are out of the check, as they are out of the reports."""
    # Which rows cite none, every table in one statement (most databases have few or none);
    # then the rows of each table that has some.
    parts = []
    for name, link in schema.CITING.items():
        if name in schema.SOURCED_THROUGH_OWNER:
            continue  # a name is sourced through the record it names
        table = schema.metadata.tables[name]
        cited = exists().where(link.c[f"{name}_id"] == table.c.id)
        part = select(literal_column(f"'{name}'").label("table_name"), table.c.id).where(~cited)
        if name == "membership_phase":
            part = part.where(table.c.retracted_at.is_(None))
        parts.append(part)
    found: dict[str, list[int]] = defaultdict(list)
    for table_name, row_id in conn.execute(union_all(*parts)):
        found[table_name].append(row_id)
    for name in schema.CITING:
        if not found.get(name):
            continue
        table = schema.metadata.tables[name]
        stmt = select(table).where(schema.ids_in(table.c.id, found[name])).order_by(table.c.id)
        for row in conn.execute(stmt):
            record, about = _label_row(name, row, records)
            yield Finding(
                "unsourced", "no-source", record, Phrase("unsourced"), {name: [row.id]}, about
            )


# --- duplicate-looking people and cities ---------------------------------------------------

_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")

# Persian letters as the consonants a Latin spelling writes for them; the letters that
# stand for vowels or for nothing a Latin spelling keeps (alef, vav, yeh, ain, hamza) drop.
_PERSIAN_CONSONANTS = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j",
    "چ": "C", "ح": "h", "ه": "h", "خ": "x", "د": "d", "ذ": "z", "ز": "z", "ض": "z",
    "ظ": "z", "ر": "r", "ژ": "Z", "ش": "S", "غ": "g", "ق": "g", "گ": "g", "ف": "f",
    "ک": "k", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip
# Latin spellings' digraphs for one Persian letter, then the single letters.
_LATIN_DIGRAPHS = (("kh", "x"), ("gh", "g"), ("sh", "S"), ("ch", "C"), ("zh", "Z"), ("ph", "f"))
_LATIN_CONSONANTS = {
    **{ch: ch for ch in "bptsjhxdzrfgklmn"},
    "q": "g",
    "c": "k",
}


def _cross_script_skeleton(name: str) -> str:
    """The consonants of a Persian or Latin name, in one alphabet, so that «علیرضا امراللهی»
    and "Alireza Amrollahi" give the same skeleton ("lrzmrlh"). Vowels, and the letters
    that may be either (vav and v, yeh and y), drop; so does a word's last h (the silent
    final heh, "Masuleh" and ماسوله); doubled consonants count once.

    A private heuristic until text.looks_alike_across_scripts joins it."""
    consonants = []
    for word in _WORD.findall(normalize(name)):
        folded = fold(word)
        if _ARABIC_SCRIPT.search(folded):
            letters = [_PERSIAN_CONSONANTS.get(ch, "") for ch in folded]
        else:
            for digraph, letter in _LATIN_DIGRAPHS:
                folded = folded.replace(digraph, letter)
            letters = [ch if ch in "SCZ" else _LATIN_CONSONANTS.get(ch, "") for ch in folded]
        word_skeleton = "".join(letters)
        consonants.append(word_skeleton.removesuffix("h"))
    collapsed: list[str] = []
    for ch in "".join(consonants):
        if not collapsed or collapsed[-1] != ch:
            collapsed.append(ch)
    return "".join(collapsed)


def _is_persian(name: str) -> bool:
    return _ARABIC_SCRIPT.search(name) is not None


def _is_latin(name: str) -> bool:
    return any(unicodedata.name(ch, "").startswith("LATIN ") for ch in name) and not _is_persian(
        name
    )


def _duplicates(
    found: dict[int, Named],
    group_of: dict[int, Any],
    what: str,
    shown: Any,
    shortest: int,
) -> Iterator[Finding]:
    """Pairs of records of one group (a country's cities; all people) that look like one:
    a name that folds alike, or a Persian and a Latin name with the same skeleton."""
    by_fold: dict[tuple[Any, str], set[int]] = defaultdict(set)
    # {(group, skeleton): ({records with a Persian name}, {records with a Latin name})}
    by_skeleton: dict[tuple[Any, str], tuple[set[int], set[int]]] = defaultdict(
        lambda: (set(), set())
    )
    # Records named in both scripts are compared across scripts only with records named in
    # one: their own Latin name already says how they are spelt in Latin.
    bilingual = set()
    for record_id, named in found.items():
        group = group_of.get(record_id)
        if any(map(_is_persian, (n.name for n in named.names))) and any(
            map(_is_latin, (n.name for n in named.names))
        ):
            bilingual.add(record_id)
        for n in named.names:
            if n.kind == "acronym":
                continue
            by_fold[(group, fold(n.name))].add(record_id)
            persian, latin = _is_persian(n.name), _is_latin(n.name)
            skeleton = _cross_script_skeleton(n.name)
            if (persian or latin) and len(skeleton) >= shortest:
                by_skeleton[(group, skeleton)][0 if persian else 1].add(record_id)
    reported: set[tuple[int, int]] = set()
    for ids in sorted(by_fold.values(), key=sorted):
        for a, b in combinations(sorted(ids), 2):
            if (a, b) not in reported:
                reported.add((a, b))
                yield _duplicate(what, shown, found, a, b, "same-name")
    for persian_ids, latin_ids in by_skeleton.values():
        for persian_id in sorted(persian_ids):
            for latin_id in sorted(latin_ids):
                a, b = sorted((persian_id, latin_id))
                if a == b or (a, b) in reported or {a, b} <= bilingual:
                    continue
                reported.add((a, b))
                yield _duplicate(what, shown, found, a, b, "across-scripts")


def _duplicate(what: str, shown, found: dict[int, Named], a: int, b: int, problem: str) -> Finding:
    table = "person" if what == "person" else "city"
    return Finding(
        "duplicate",
        problem,
        Phrase("name_key", {"name": shown(a), "key": found[a].key}),
        Phrase(
            f"duplicate_{what}_{problem}",
            {"other": shown(b), "other_key": found[b].key},
        ),
        {table: [a, b]},
        frozenset({(table, a), (table, b)}),
    )


def duplicate_people(conn: Connection, records: Records) -> Iterator[Finding]:
    """People who look like one person: a name that folds alike, or Persian and Latin names
    with the same consonant skeleton (at least three consonants)."""
    yield from _duplicates(records.people, {}, "person", records.person, 3)


def duplicate_cities(conn: Connection, records: Records) -> Iterator[Finding]:
    """Cities of one country that look like one city (as for people; two consonants)."""
    countries = {i: c.extra["country_id"] for i, c in records.cities.items()}
    yield from _duplicates(records.cities, countries, "city", records.city, 2)


# --- names that mix scripts ----------------------------------------------------------------


def _mixed_word(name: str) -> tuple[str, list[str], str] | None:
    """The first word of `name` mixing Latin, Cyrillic or Greek letters (text's rule for
    what officers type): the word, its scripts, and the letters of the rarer one."""
    for word in _WORD.findall(name):
        scripts = {s for s in map(_script, word) if s is not None}
        if len(scripts) > 1:
            odd = min(scripts, key=lambda s: sum(_script(ch) == s for ch in word))
            letters = "".join(dict.fromkeys(ch for ch in word if _script(ch) == odd))
            return word, sorted(s.title() for s in scripts), letters
    return None


def mixed_script_names(conn: Connection, records: Records) -> Iterator[Finding]:
    """Names of cities, people, organizations, countries and meeting series with a word that
    mixes Latin, Cyrillic or Greek letters ("Yаzd" with a Cyrillic а)."""
    named: list[tuple[str, int, Phrase, str, frozenset]] = []
    for table, found, shown in (
        ("city", records.cities, records.city),
        ("person", records.people, records.person),
        ("organization", records.organizations, records.organization),
    ):
        for record_id, record in found.items():
            for n in record.names:
                about = frozenset({(table, record_id)})
                named.append(
                    (table, record_id, Phrase("name", {"name": shown(record_id)}), n.name, about)
                )
    co = schema.country.c
    for row in conn.execute(select(co.id, co.code, co.name_en, co.name_fa).order_by(co.code)):
        for text in (row.name_en, row.name_fa):
            if text:
                label = Phrase("name", {"name": Name(row.name_en, row.name_fa)})
                named.append(("country", row.id, label, text, frozenset()))
    ms = schema.meeting_series.c
    for row in conn.execute(select(ms.id, ms.organization_id, ms.name_en, ms.name_fa)):
        for text in (row.name_en, row.name_fa):
            if text:
                _, series = records.series[row.id]
                label = Phrase(
                    "series", {"org": records.organization(row.organization_id), "series": series}
                )
                about = frozenset({("organization", row.organization_id)})
                named.append(("meeting_series", row.id, label, text, about))
    for table, record_id, label, text, about in named:
        mixed = _mixed_word(text)
        if mixed is None:
            continue
        word, scripts, letters = mixed
        message = Phrase(
            "mixed_script", {"name": text, "word": word, "scripts": scripts, "letters": letters}
        )
        yield Finding("mixed-script", "mixed-script", label, message, {table: [record_id]}, about)


# --- membership phases ---------------------------------------------------------------------


def _phases(conn: Connection, records: Records) -> dict[int, list]:
    """The phases of every membership, retracted ones left out, in their order (read once
    for the checks that ask, kept in `records`)."""
    if records.phases is not None:
        return records.phases
    p = schema.membership_phase.c
    rows = conn.execute(
        select(
            p.id,
            p.membership_id,
            p.position,
            p.status,
            p.start_text,
            p.end_text,
            p.reason,
            p.session_id,
        )
        .where(p.retracted_at.is_(None))
        .order_by(p.membership_id, p.position)
    )
    found: dict[int, list] = defaultdict(list)
    for row in rows:
        found[row.membership_id].append(row)
    records.phases = found
    return found


def _certainly_before(a: PartialDate, b: PartialDate) -> bool:
    """Every day a may stand for is before every day b may stand for."""
    return a.latest is not None and b.earliest is not None and a.latest < b.earliest


def phase_conflicts(conn: Connection, records: Records) -> Iterator[Finding]:
    """Phases of one membership that contradict each other, or one fact recorded twice."""
    for phases in _phases(conn, records).values():
        for previous, phase in zip(phases, phases[1:], strict=False):
            before_start, before_end = (
                stored_date(previous.start_text),
                stored_date(previous.end_text),
            )
            start = stored_date(phase.start_text)
            problem = None
            if before_end.is_unknown:
                problem = "open-not-last"
            elif start.is_unknown:
                problem = "unknown-start"
            elif not before_start.is_unknown and before_start.sort_key() > start.sort_key():
                problem = "out-of-order"
            elif _certainly_before(start, before_end):
                problem = "overlap"
            elif may_overlap(before_end, start):
                problem = "may-overlap"
            elif (
                phase.status == previous.status
                and not phase.reason
                and phase.session_id is None
                and not _certainly_before(before_end, start)
            ):
                problem = "same-status"
            if problem is None:
                continue
            record, about = _phase_phrase(records, phase)
            earlier = Phrase(
                "phase_short",
                {
                    "position": previous.position,
                    "status": previous.status,
                    "start": before_start,
                    "end": before_end,
                },
            )
            yield Finding(
                "phase",
                problem,
                record,
                Phrase(f"phase_{problem}", {"previous": earlier, "position": previous.position}),
                {"membership_phase": [previous.id, phase.id]},
                about,
            )


# --- day-precise session dates without a source that gives a day ---------------------------

# The meeting's own documents: a final declaration, a report of the meeting, a decision letter
# are dated by the meeting and state its days.
MEETING_DOCUMENTS = ("declaration", "report", "decision-letter")

_DAY_IN_TEXT = re.compile(
    r"\d{3,4}[-/.]\d{1,2}[-/.]\d{1,2}"  # 2008-11-19, 1387/08/29
    r"|\d{1,2}\s+[^\W\d_]+(?:\s*ماه)?\s+\d{3,4}"  # 19 November 2008, ۲۹ آبان ۱۳۸۷
    r"|[^\W\d_]+\s+\d{1,2},?\s+\d{3,4}"  # November 19, 2008
)


def names_a_day(text: str | None) -> bool:
    """Whether `text` (a source's title or excerpt) gives a date to the day, in any calendar
    or digits citylinks reads ("۲۹ آبان ۱۳۸۷", "19 November 2008", "2008-11-19")."""
    if not text:
        return False
    for found in _DAY_IN_TEXT.finditer(to_ascii_digits(normalize(text))):
        try:
            if PartialDate.parse(found.group()).precision == "day":
                return True
        except DateError:
            continue
    return False


def source_gives_a_day(source) -> bool:
    """Whether a source can back a date to the day: it is one of the meeting's own documents
    (MEETING_DOCUMENTS), it was published on a known day (a dated news item reports the day),
    or its title or excerpt names a day."""
    return (
        source.kind in MEETING_DOCUMENTS
        or stored_date(source.published_text).precision == "day"
        or names_a_day(source.title)
        or names_a_day(source.excerpt)
    )


def unsupported_days(conn: Connection, records: Records) -> Iterator[Finding]:
    """Sessions dated to the day whose sources can none of them give a day (a session with
    no source at all is reported as unsourced instead)."""
    link, s = schema.CITING["session"], schema.source.c
    sources: dict[int, list] = defaultdict(list)
    rows = conn.execute(
        select(link.c.session_id, s.key, s.kind, s.title, s.excerpt, s.published_text).join_from(
            link, schema.source, link.c.source_id == s.id
        )
    )
    for row in rows:
        sources[row.session_id].append(row)
    for session_id, session in records.sessions.items():
        dated = [
            d
            for d in (stored_date(session.start_text), stored_date(session.end_text))
            if d.precision == "day"
        ]
        cited = sources.get(session_id)
        if not dated or not cited or any(source_gives_a_day(x) for x in cited):
            continue
        message = Phrase(
            "unsupported_day",
            {"date": dated[0], "sources": ", ".join(sorted(x.key for x in cited))},
        )
        yield Finding(
            "unsupported-day",
            "day-without-source",
            records.session(session_id),
            message,
            {"session": [session_id]},
            _about_session(records, session_id),
        )


# --- conflicting claims --------------------------------------------------------------------

ABOUT_MARGIN = 0.1  # "about 100" is any number from 90 to 110


def count_range(number: int, qualifier: str) -> tuple[float, float]:
    """The numbers a count may stand for: "more than 100" is 101 and up."""
    if qualifier == "more-than":
        return number + 1, float("inf")
    if qualifier == "less-than":
        return 0, number - 1
    if qualifier == "about":
        margin = max(1.0, number * ABOUT_MARGIN)
        return number - margin, number + margin
    return number, number


def _count(row) -> Phrase:
    return Phrase(
        "count", {"number": row.number, "qualifier": row.qualifier, "counted": row.counted or ""}
    )


def _disagree(a, b) -> bool:
    """Two counts of the same thing (the same words, or one says nothing of what it counts)
    that cannot both be true."""
    if a.counted and b.counted and fold(a.counted) != fold(b.counted):
        return False
    low_a, high_a = count_range(a.number, a.qualifier)
    low_b, high_b = count_range(b.number, b.qualifier)
    return high_a < low_b or high_b < low_a


def _cited_by(conn: Connection, table: str) -> dict[int, list[str]]:
    link, s = schema.CITING[table], schema.source.c
    found: dict[int, list[str]] = defaultdict(list)
    owner = link.c[f"{table}_id"]
    for row in conn.execute(
        select(owner.label("owner"), s.key)
        .join_from(link, schema.source, link.c.source_id == s.id)
        .order_by(s.id)
    ):
        found[row.owner].append(row.key)
    return found


def conflicting_attendance(conn: Connection, records: Records) -> Iterator[Finding]:
    a = schema.attendance_claim.c
    claims: dict[int, list] = defaultdict(list)
    for row in conn.execute(
        select(a.id, a.session_id, a.number, a.qualifier, a.counted).order_by(a.id)
    ):
        claims[row.session_id].append(row)
    cited = _cited_by(conn, "attendance_claim")
    for session_id, rows in claims.items():
        for first, second in combinations(rows, 2):
            if not _disagree(first, second):
                continue
            yield Finding(
                "conflict",
                "attendance-counts",
                records.session(session_id),
                Phrase(
                    "conflict_counts",
                    {
                        "first": _count(first),
                        "first_sources": ", ".join(cited.get(first.id, [])) or "—",
                        "second": _count(second),
                        "second_sources": ", ".join(cited.get(second.id, [])) or "—",
                    },
                ),
                {"attendance_claim": [first.id, second.id], "session": [session_id]},
                _about_session(records, session_id),
            )


def conflicting_member_counts(conn: Connection, records: Records) -> Iterator[Finding]:
    m = schema.member_count_claim.c
    claims: dict[tuple[int, date | None, date | None], list] = defaultdict(list)
    for row in conn.execute(
        select(m.id, m.organization_id, m.number, m.qualifier, m.counted, m.as_of_text).order_by(
            m.id
        )
    ):
        as_of = stored_date(row.as_of_text)
        if as_of.is_unknown:
            continue
        claims[(row.organization_id, as_of.earliest, as_of.latest)].append(row)
    cited = _cited_by(conn, "member_count_claim")
    for (org_id, _, _), rows in claims.items():
        for first, second in combinations(rows, 2):
            if not _disagree(first, second):
                continue
            yield Finding(
                "conflict",
                "member-counts",
                Phrase(
                    "member_counts",
                    {"org": records.organization(org_id), "date": stored_date(first.as_of_text)},
                ),
                Phrase(
                    "conflict_counts",
                    {
                        "first": _count(first),
                        "first_sources": ", ".join(cited.get(first.id, [])) or "—",
                        "second": _count(second),
                        "second_sources": ", ".join(cited.get(second.id, [])) or "—",
                    },
                ),
                {"member_count_claim": [first.id, second.id]},
                frozenset({("organization", org_id)}),
            )


def conflicting_numberings(conn: Connection, records: Records) -> Iterator[Finding]:
    """In the numberings recorded from sources: a source that gives one session two numbers,
    or two sessions of one series the same number; and, in a series, a session that
    certainly began before one with a lower number. (A numbering that differs from the
    session's own number is what numberings are for, so that is no conflict.)"""
    # {(session, source key): {number: its numbering ids}}
    numbers: dict[tuple[int, str], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    n = schema.session_numbering.c
    by_numbering = _cited_by(conn, "session_numbering")
    for row in conn.execute(select(n.id, n.session_id, n.number).order_by(n.id)):
        for key in by_numbering.get(row.id, []):
            numbers[(row.session_id, key)][row.number].append(row.id)
    for (session_id, key), given in sorted(numbers.items()):
        if len(given) < 2:
            continue
        yield Finding(
            "conflict",
            "numbers-of-one-session",
            records.session(session_id),
            Phrase("conflict_numbers", {"source": key, "numbers": sorted(given)}),
            {
                "session": [session_id],
                "session_numbering": sorted(i for v in given.values() for i in v),
            },
            _about_session(records, session_id),
        )
    # One source, one series, one number, two sessions.
    called: dict[tuple[str, int, int], dict[int, list[int]]] = defaultdict(dict)
    for (session_id, key), given in numbers.items():
        series_id = records.sessions[session_id].series_id
        for number, numbering_ids in given.items():
            called[(key, series_id, number)][session_id] = numbering_ids
    for (key, _, number), sessions in sorted(called.items()):
        if len(sessions) < 2:
            continue
        first, *others = sorted(sessions)
        yield Finding(
            "conflict",
            "one-number-two-sessions",
            records.session(first),
            Phrase(
                "conflict_same_number",
                {"source": key, "number": number, "others": [records.session(o) for o in others]},
            ),
            {
                "session": sorted(sessions),
                "session_numbering": sorted(i for v in sessions.values() for i in v),
            },
            _about_session(records, first),
        )
    # Numbers against dates, in each series.
    by_series: dict[int, list] = defaultdict(list)
    for session in records.sessions.values():
        by_series[session.series_id].append(session)
    for in_series in by_series.values():
        in_series.sort(key=lambda r: r.number)
        for i, earlier in enumerate(in_series):
            for later in in_series[i + 1 :]:
                if _certainly_before(
                    stored_date(later.start_text), stored_date(earlier.start_text)
                ):
                    yield Finding(
                        "conflict",
                        "numbers-against-dates",
                        records.session(later.id),
                        Phrase(
                            "conflict_order",
                            {
                                "date": stored_date(later.start_text),
                                "other": records.session(earlier.id),
                                "other_date": stored_date(earlier.start_text),
                            },
                        ),
                        {"session": [earlier.id, later.id]},
                        _about_session(records, later.id),
                    )


# --- roles without membership --------------------------------------------------------------


def roles_without_membership(conn: Connection, records: Records) -> Iterator[Finding]:
    """Roles of cities in an organization (or a committee of one) at a time when no phase of
    the city's membership in it or in an organization above it, counting as membership, may
    have covered any day of the role."""
    phases = _phases(conn, records)
    # {(city, organization): [(first day, last day) a membership phase may cover]}
    covered: dict[tuple[int, int], list[tuple[date, date]]] = defaultdict(list)
    recorded: set[tuple[int, int]] = set()
    for membership_id, rows in phases.items():
        membership = records.memberships[membership_id]
        if membership.city_id is None:
            continue
        key = (membership.city_id, membership.organization_id)
        recorded.add(key)
        dated = [_Dated(r.status, stored_date(r.start_text), stored_date(r.end_text)) for r in rows]
        for phase, b in zip(dated, bounds(dated), strict=True):
            if phase.status in MEMBER_STATUSES:
                covered[key].append((b.start_lo, b.end_hi))
    r = schema.role.c
    for row in conn.execute(
        select(r.id, r.city_id, r.organization_id, r.title, r.start_text, r.end_text).order_by(r.id)
    ):
        start, end = stored_date(row.start_text), stored_date(row.end_text)
        first, last = start.earliest or LOW, end.latest or HIGH
        orgs = records.ancestors(row.organization_id)
        if any(
            lo <= last and first <= hi
            for org_id in orgs
            for lo, hi in covered.get((row.city_id, org_id), [])
        ):
            continue
        problem = (
            "not-member-then"
            if any((row.city_id, org_id) in recorded for org_id in orgs)
            else "no-membership"
        )
        record, about = _role_phrase(records, row)
        yield Finding(
            "role-without-membership",
            problem,
            record,
            Phrase(
                f"role_{problem}",
                {"city": records.city(row.city_id), "org": records.organization(orgs[-1])},
            ),
            {"role": [row.id], "city": [row.city_id], "organization": [row.organization_id]},
            about,
        )


def role_problem(conn: Connection, role_id: int) -> str | None:
    """The problem the check finds with role `role_id` (`no-membership`, `not-member-then`),
    or None: what `citylinks check review` marks reviewed."""
    for finding in roles_without_membership(conn, Records(conn)):
        if finding.ids["role"] == [role_id]:
            return finding.problem
    return None


@dataclass(frozen=True)
class _Dated:
    status: str
    start: PartialDate
    end: PartialDate


# --- the check -----------------------------------------------------------------------------

CHECKS = (
    unsourced_facts,
    duplicate_people,
    duplicate_cities,
    mixed_script_names,
    phase_conflicts,
    unsupported_days,
    conflicting_attendance,
    conflicting_member_counts,
    conflicting_numberings,
    roles_without_membership,
)


def scope(conn: Connection, organization_id: int, records: Records) -> set[tuple[str, int]]:
    """What belongs to an organization: it and its committees (at any depth), the cities
    that are or were its members, host, attend or hold roles in its sessions and bodies, and
    the people who hold its posts or attend its sessions."""
    orgs = {
        org_id for org_id in records.organizations if organization_id in records.ancestors(org_id)
    }
    found: set[tuple[str, int]] = {("organization", o) for o in orgs}
    m, se, ms = schema.membership.c, schema.session.c, schema.meeting_series.c
    a, r, p = schema.attendance.c, schema.role.c, schema.post.c
    sessions = select(se.id).join_from(schema.session, schema.meeting_series, se.series_id == ms.id)
    sessions = sessions.where(schema.ids_in(ms.organization_id, orgs))
    cities: Iterable = [
        *conn.scalars(select(m.city_id).where(schema.ids_in(m.organization_id, orgs))),
        *conn.scalars(select(r.city_id).where(schema.ids_in(r.organization_id, orgs))),
        *conn.scalars(select(se.host_city_id).where(se.id.in_(sessions))),
        *conn.scalars(select(a.city_id).where(a.session_id.in_(sessions))),
        *conn.scalars(select(a.on_behalf_of_city_id).where(a.session_id.in_(sessions))),
    ]
    people: Iterable = [
        *conn.scalars(select(p.person_id).where(schema.ids_in(p.organization_id, orgs))),
        *conn.scalars(select(a.person_id).where(a.session_id.in_(sessions))),
    ]
    found |= {("city", c) for c in cities if c is not None}
    found |= {("person", x) for x in people if x is not None}
    return found


# --- reviewed findings ---------------------------------------------------------------------


def _reviews(conn: Connection) -> dict[tuple[str, str, str, tuple[int, ...]], Review]:
    """The reviews recorded, by what they review: (kind, problem, table, row ids). A role's
    review names its role; any other, its rows by table and id (a pair for duplicates)."""
    cr = schema.check_review.c
    keys = _cited_by(conn, "check_review")
    found: dict[tuple[str, str, str, tuple[int, ...]], Review] = {}
    for row in conn.execute(select(schema.check_review).order_by(cr.id)):
        if row.role_id is not None:
            table, ids = "role", (row.role_id,)
        else:
            table = row.table_name
            ids = tuple(sorted(i for i in (row.row_id, row.other_row_id) if i is not None))
        review = Review(row.kind, row.problem, row.reason, keys.get(row.id, []), row.version)
        found[(row.kind, row.problem, table, ids)] = review
    return found


def _review_of(finding: Finding, reviews: dict) -> Review | None:
    """The review of `finding`, if an officer recorded one for this kind and problem of it."""
    for table, ids in finding.ids.items():
        review = reviews.get((finding.kind, finding.problem, table, tuple(sorted(ids))))
        if review is not None:
            return review
    return None


def _split(result: CheckResult, conn: Connection) -> CheckResult:
    reviews = _reviews(conn)
    if not reviews:
        return result
    open_, reviewed = [], []
    for finding in result.findings:
        review = _review_of(finding, reviews)
        if review is None:
            open_.append(finding)
        else:
            reviewed.append((finding, review))
    return CheckResult(result.organization, result.label, open_, reviewed)


def check(conn: Connection, organization=None) -> CheckResult:
    """Every finding, or those about `organization` (an OrganizationRef) and what belongs to
    it (`scope`): a fact tied to an organization (a phase, a role, a session, a count) is the
    concern of that organization and those above it; a fact tied to none (a city, a person,
    a name, a city's post) is the concern of every organization its city or person belongs
    to. `conn` is a Connection (or a Session)."""
    records = Records(conn)
    findings = [finding for one in CHECKS for finding in one(conn, records)]
    if organization is None:
        return _split(CheckResult(None, None, findings), conn)
    wanted = scope(conn, organization.id, records)
    kept = [f for f in findings if f.about & wanted]
    org_name = Name(organization.name("en"), organization.name("fa"))
    return _split(CheckResult(org_name, organization.label, kept), conn)
