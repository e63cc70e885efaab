"""Every fact in the bundled dataset (data/amf.toml) is backed by the quoted excerpt of a
source it cites: the excerpt holds the names, numbers and years the fact states.

The check (data/README.md, "Keeping the record honest"):
- every source carries an `excerpt`;
- for each fact, every name, number and year it states is found in the excerpt of at least
  one source it cites (or, for a year, in a cited source's `published` date: a source's
  "this year", "today"), and every source it cites holds at least one of them (no source is
  cited idly);
- a name is any of the record's names (city, person, organization, its acronym), matched
  after citylinks' folding (case, accents, Arabic and Persian letter forms, digits), as whole
  words (spacing and a half-space between them are free: «خرم آباد» is «خرم‌آباد»); a person
  also by the last word of a name (the surname);
- a number is matched as a whole number, in Latin, Persian or Arabic digits;
- a year is matched as itself or as the Jalali (or Gregorian) years it overlaps;
- a membership phase also states its status, in words listed in STATUS_WORDS ("member",
  "membership", "عضو", …).
What each kind of record states is listed in FACTS below.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from citylinks import text

DATASET = Path(__file__).resolve().parent.parent / "data" / "amf.toml"

# A token a fact states: (kind, value, how a message names it).
Token = tuple[str, str, str]

# The words that state a membership phase's status, in the sources' languages.
STATUS_WORDS = {
    "member": ["member", "members", "membership", "joined", "üye", "عضو", "عضویت", "پیوست"],
    "associate-member": ["associate member", "عضو وابسته"],
    "cooperating": ["cooperation", "همکاری"],
}


def _digits(value: str) -> str:
    """`value` with every decimal digit (Persian, Arabic-Indic, …) written in Latin."""
    return "".join(
        str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in value
    )


class Excerpt:
    """A source's excerpt, ready to be searched for names, numbers and years."""

    def __init__(self, source: dict[str, Any]) -> None:
        words = [
            text.fold(w) for w in re.split(r"[\s\u200c\-–—/,.:;()«»“”\"'’]+", source["excerpt"])
        ]
        self.folded = ""
        self.starts: set[int] = set()
        self.ends: set[int] = set()
        for word in words:
            if word:
                self.starts.add(len(self.folded))
                self.folded += word
                self.ends.add(len(self.folded))
        self.numbers = {int(n) for n in re.findall(r"\d+", _digits(source["excerpt"]))}
        published = re.search(r"(j:)?(\d{4})", str(source.get("published", "")))
        self.published_years = _years(published.group(0)) if published else set()

    def has_name(self, name: str) -> bool:
        folded = text.fold(name)
        at = self.folded.find(folded)
        while at != -1:
            if at in self.starts and at + len(folded) in self.ends:
                return True
            at = self.folded.find(folded, at + 1)
        return False

    def has(self, token: Token) -> bool:
        kind, value, _ = token
        if kind == "name":
            return any(self.has_name(n) for n in value.split("|"))
        if kind == "number":
            return int(value) in self.numbers
        years = {int(y) for y in value.split("|")}
        return bool(years & self.numbers or years & self.published_years)


def _years(date: str) -> set[int]:
    """The years, in both calendars, that a partial date's year may be written as."""
    found = re.search(r"(j:)?(\d{4})", date)
    if not found:
        return set()
    year = int(found.group(2))
    if found.group(1):
        return {year, year + 621, year + 622}
    return {year, year - 621, year - 622}


def _year_token(date: Any, what: str) -> list[Token]:
    years = _years(str(date or ""))
    if not years:
        return []
    return [("year", "|".join(str(y) for y in sorted(years)), f"{what} {date}")]


class Dataset:
    """The records of a dataset document, by kind and key, and the tokens each fact states."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.sources = {s["key"]: s for s in document.get("source", [])}
        self.cities = {c["key"]: c for c in document.get("city", [])}
        self.people = {p["key"]: p for p in document.get("person", [])}
        self.organizations = {o["key"]: o for o in document.get("organization", [])}

    @staticmethod
    def _names(record: dict[str, Any], surname: bool = False) -> str:
        names = [n["name"] for n in record.get("names", [])]
        if record.get("acronym"):
            names.append(record["acronym"])
        if surname:
            names += [n.split()[-1] for n in names]
        return "|".join(names)

    def city(self, key: str) -> Token:
        return ("name", self._names(self.cities[key]), f"city {key}")

    def person(self, key: str) -> Token:
        return ("name", self._names(self.people[key], surname=True), f"person {key}")

    def organization(self, key: str) -> Token:
        return ("name", self._names(self.organizations[key]), f"organization {key}")

    def attendee(self, a: dict[str, Any]) -> list[Token]:
        tokens = []
        for field, token in (
            ("city", self.city),
            ("person", self.person),
            ("organization", self.organization),
            ("on_behalf_of_city", self.city),
        ):
            if a.get(field):
                tokens.append(token(a[field]))
        return tokens

    def facts(self) -> Iterator[tuple[str, list[str], list[Token]]]:
        """(where, cited source keys, tokens) for every fact-bearing record."""
        d = self.document
        for city in d.get("city", []):
            where = f"[[city]] {city['key']}"
            yield where, city["sources"], [self.city(city["key"])]
            for g in city.get("designation", []):
                tokens = [self.city(city["key"])] + _year_token(g.get("date"), "date")
                if g.get("reference"):
                    tokens.append(("name", g["reference"], f"reference {g['reference']}"))
                yield f"{where} designation {g['name']!r}", g["sources"], tokens
        for person in d.get("person", []):
            yield f"[[person]] {person['key']}", person["sources"], [self.person(person["key"])]
        for org in d.get("organization", []):
            where = f"[[organization]] {org['key']}"
            tokens = [self.organization(org["key"])]
            yield where, org["sources"], tokens + _year_token(org.get("founded"), "founded")
            for m in org.get("motto", []):
                cited = {self.sources[k]["language"] for k in m["sources"] if k in self.sources}
                # A motto in its sources' language is quoted; in another, it is a rendering.
                motto = [("name", m["text"], f"motto {m['text']!r}")] if m["lang"] in cited else []
                yield f"{where} motto {m['text']!r}", m["sources"], motto or [tokens[0]]
            for c in org.get("member_count", []):
                yield (
                    f"{where} member_count {c['number']}",
                    c["sources"],
                    [("number", str(c["number"]), f"number {c['number']}")]
                    + _year_token(c.get("as_of"), "as of"),
                )
        for s in d.get("session", []):
            where = f"[[session]] {s['organization']}/{s['series']}/{s['number']}"
            tokens = [self.organization(s["organization"])]
            if s.get("host"):
                tokens.append(self.city(s["host"]))
            yield where, s["sources"], tokens + _year_token(s.get("start"), "start")
            for n in s.get("numbering", []):
                label = n.get("label", "").split(" (")[0]
                numbering = [("name", label, f"label {label!r}")] if label else []
                yield f"{where} numbering {n['number']}", n["sources"], numbering
            for c in s.get("count", []):
                number = ("number", str(c["number"]), f"number {c['number']}")
                yield f"{where} count {c['number']}", c["sources"], [number]
            for a in s.get("attendee", []):
                yield f"{where} attendee {a}", a["sources"], self.attendee(a)
        for m in d.get("membership", []):
            member = (
                self.city(m["city"])
                if m.get("city")
                else self.organization(m["member_organization"])
            )
            where = f"[[membership]] {m.get('city') or m.get('member_organization')} in {m['organization']}"
            organization = self.organization(m["organization"])
            for p in m.get("phase", []):
                status = ("name", "|".join(STATUS_WORDS.get(p["status"], [])), p["status"])
                yield (
                    f"{where} phase {p['status']} from {p['start']}",
                    p["sources"],
                    [member, organization]
                    + ([status] if status[1] else [])
                    + _year_token(p.get("start"), "start"),
                )
        for r in d.get("role", []):
            yield (
                f"[[role]] {r['city']} {r['title']} of {r['organization']} from {r['start']}",
                r["sources"],
                [self.city(r["city"]), self.organization(r["organization"])]
                + _year_token(r.get("start"), "start"),
            )
        for p in d.get("post", []):
            place = self.city(p["city"]) if p.get("city") else self.organization(p["organization"])
            yield (
                f"[[post]] {p['person']} {p['title']!r} from {p['start']}",
                p["sources"],
                [self.person(p["person"]), place] + _year_token(p.get("start"), "start"),
            )

    def problems(self) -> list[str]:
        """What the excerpts fail to back, one line each; empty when every fact is backed."""
        found = [
            f"source {key} has no excerpt: quote the words that back the facts citing it"
            for key, s in self.sources.items()
            if not str(s.get("excerpt", "")).strip()
        ]
        excerpts = {k: Excerpt(s) for k, s in self.sources.items() if s.get("excerpt")}
        for where, cited, tokens in self.facts():
            unknown = [k for k in cited if k not in self.sources]
            if unknown:
                found.append(f"{where}: cites no such source {', '.join(unknown)}")
            quoted = [excerpts[k] for k in cited if k in excerpts]
            for token in tokens:
                if not any(e.has(token) for e in quoted):
                    found.append(f"{where}: no excerpt of {', '.join(cited)} holds {token[2]}")
            for key in cited:
                if key in excerpts and tokens and not any(excerpts[key].has(t) for t in tokens):
                    found.append(f"{where}: the excerpt of {key} holds none of what it states")
        return found


def _load(document: str) -> Dataset:
    return Dataset(tomllib.loads('format = "citylinks-dataset/1"\n' + document))


# Roles whose city no source found makes a member of the forum (data/README.md, "Roles of
# cities no source makes members"): `citylinks check` finds each of them, and nothing else;
# each carries its review (why it stands, with its sources), so the check passes.
ROLES_OF_CITIES_NO_SOURCE_MAKES_MEMBERS = [
    "Khorramabad: chair of Tourism and Culture Committee (AMF)",
    "Ankara: chair of Environment and Urban Services Committee (AMF)",
    "Dushanbe: vice-president of AMF",
    "Sari: executive-board-member of AMF",
]


@pytest.mark.parametrize("scope", [(), ("AMF",)], ids=["whole-database", "AMF"])
def test_the_check_passes_the_bundled_dataset_its_four_roles_reviewed(seeded_cli, scope):
    """Whatever else grows in data/, `citylinks check` finds nothing in it (no unsourced fact,
    no contradicting phases, no day a source cannot give, no conflicting claim) but the roles
    of the cities that no source found makes members, each reviewed with its reason and
    sources: exit code 0, and the four listed as reviewed."""
    result = seeded_cli("check", *scope, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    found = json.loads(result.stdout)
    assert [(f["kind"], f["problem"]) for f in found] == [
        ("role-without-membership", "no-membership")
    ] * len(ROLES_OF_CITIES_NO_SOURCE_MAKES_MEMBERS), found
    # Each record is the role as `check` names it, followed by its dates; its end is
    # recorded unknown, and shown so.
    named = [
        f["record"][: len(role)] if f["record"].startswith(role + " (") else f["record"]
        for f, role in zip(found, ROLES_OF_CITIES_NO_SOURCE_MAKES_MEMBERS, strict=True)
    ]
    assert named == ROLES_OF_CITIES_NO_SOURCE_MAKES_MEMBERS
    assert found[2]["record"].endswith("(2025-11-28 (1404-09-07) → unknown)")
    for finding in found:
        review = finding["reviewed"]
        assert review["reason"].startswith("no stored source says "), finding
        assert review["sources"], finding
    assert [f["reviewed"]["sources"] for f in found] == [
        ["S2", "S3"], ["S2", "S3"], ["G1", "M7"], ["G1"]
    ]  # fmt: skip
    table = seeded_cli("check", *scope)
    assert table.exit_code == 0, table.output
    shown = " ".join(table.stdout.split())
    assert "Nothing to look at: every finding is reviewed." in shown
    assert "4 findings reviewed: Khorramabad: chair of Tourism and Culture Committee" in shown
    for role in ROLES_OF_CITIES_NO_SOURCE_MAKES_MEMBERS:
        assert role in shown


def test_every_fact_in_the_bundled_dataset_is_backed_by_a_quoted_excerpt():
    dataset = Dataset(tomllib.loads(DATASET.read_text(encoding="utf-8")))
    assert dataset.problems() == []


def test_the_check_reads_every_kind_of_fact_the_bundled_dataset_holds():
    """The check above is not vacuous: it reads facts of every kind, and many of them."""
    dataset = Dataset(tomllib.loads(DATASET.read_text(encoding="utf-8")))
    facts = [where.split() for where, _, _ in dataset.facts()]
    assert {words[0] for words in facts} == {
        "[[city]]", "[[person]]", "[[organization]]", "[[session]]", "[[membership]]",
        "[[role]]", "[[post]]",
    }  # fmt: skip
    nested = {words[2] for words in facts if len(words) > 2}
    assert {"count", "attendee", "numbering", "motto", "member_count", "designation"} <= nested
    assert len(facts) >= 300


SOURCES = """
[[source]]
key = "A"
kind = "report"
title = "A"
published = "unknown"
language = "en"
excerpt = "The third meeting was held in Bangkok on 28 November 2012, with 38 cities."

[[source]]
key = "P"
kind = "news-article"
title = "P"
published = "j:1404-06-17"
language = "fa"
excerpt = "اجلاس در تهران با حضور بیش از ۱۰۰ شهردار برگزار شد و یزد در سال جاری عضو شد."

[[country]]
code = "TH"
names = [{ lang = "en", name = "Thailand", kind = "official" }]

[[country]]
code = "IR"
names = [{ lang = "en", name = "Iran", kind = "official" }]

[[city]]
key = "bangkok"
country = "TH"
names = [{ lang = "en", name = "Bangkok", kind = "official" }]
sources = ["A"]

[[city]]
key = "tehran"
country = "IR"
names = [{ lang = "en", name = "Tehran", kind = "official" }, { lang = "fa", name = "تهران", kind = "official" }]
sources = ["P"]

[[city]]
key = "yazd"
country = "IR"
names = [{ lang = "en", name = "Yazd", kind = "official" }, { lang = "fa", name = "يزد", kind = "official" }]
sources = ["P"]

[[organization]]
key = "org"
names = [{ lang = "en", name = "Meeting", kind = "official" }, { lang = "fa", name = "اجلاس", kind = "official" }]
sources = ["A", "P"]
"""


def _session(host: str, start: str, count: int, sources: str) -> str:
    return f"""
[[session]]
organization = "org"
series = "s"
number = 3
host = "{host}"
start = "{start}"
sources = [{sources}]

[[session.count]]
number = {count}
sources = [{sources}]
"""


def test_a_fact_its_excerpts_back_passes_in_either_script_and_calendar():
    document = SOURCES + _session("bangkok", "2012-11-28", 38, '"A"')
    document += _session("tehran", "2025-09", 100, '"P"')  # Persian digits; 1404 is 2025
    document += """
[[membership]]
city = "yazd"
organization = "org"

[[membership.phase]]
status = "member"
start = "2025"
sources = ["P"]
"""
    assert _load(document).problems() == []


@pytest.mark.parametrize(
    ("session", "complaint"),
    [
        (_session("tehran", "2012-11-28", 38, '"A"'), "no excerpt of A holds city tehran"),
        (_session("bangkok", "2011-04-01", 38, '"A"'), "no excerpt of A holds start 2011-04-01"),
        (_session("bangkok", "2012-11-28", 89, '"A"'), "no excerpt of A holds number 89"),
        (_session("bangkok", "2012", 38, '"A", "P"'), "the excerpt of P holds none of"),
        (_session("bangkok", "2012", 38, '"B"'), "cites no such source B"),
    ],
)
def test_a_fact_its_excerpts_do_not_back_is_named(session, complaint):
    problems = _load(SOURCES + session).problems()
    assert any(complaint in p for p in problems), problems


def test_a_source_without_an_excerpt_is_named():
    document = SOURCES.replace(
        'excerpt = "The third meeting was held in Bangkok on 28 November 2012, with 38 cities."\n',
        "",
    )
    problems = _load(document).problems()
    assert "source A has no excerpt: quote the words that back the facts citing it" in problems
    assert "[[city]] bangkok: no excerpt of A holds city bangkok" in problems


def test_a_name_matches_at_a_word_start_only():
    excerpt = Excerpt({"excerpt": "Mayors of Karaj and Bangkok's delegation met in Sarin."})
    assert excerpt.has_name("Bangkok")
    assert excerpt.has_name("Karaj")
    assert not excerpt.has_name("Sari")  # "Sarin" is another word
    assert not excerpt.has_name("araj")
    persian = Excerpt({"excerpt": "ریاست این کمیته‌ها به شهرهای خرم آباد و آنکارا رسید."})
    assert persian.has_name("خرم‌آباد")
    assert not persian.has_name("خرمشهر")
