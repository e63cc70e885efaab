"""A show's JSON keeps both its heading and a record's own title (a source's), and a source's
"cited by" counts read as English counts do ("2 membership phases", "1 city")."""

from __future__ import annotations

import json
import re


def test_a_source_keeps_its_title_beside_the_heading(seeded_cli):
    shown = seeded_cli("source", "show", "S1", "--format", "json")
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.stdout)
    terminal = seeded_cli("source", "show", "S1").stdout
    title = re.search(r"^  title: (.*)$", terminal, re.M).group(1)
    assert record["title"] == title  # the source's own title, not the heading
    assert record["heading"] == "Source S1"
    city = json.loads(seeded_cli("city", "show", "Yazd", "--format", "json").stdout)
    assert city["title"] == city["heading"] and city["heading"].startswith("City yazd")


def test_cited_by_counts_are_plural_in_english_and_singular_in_persian(seeded_cli):
    line = next(
        x for x in seeded_cli("source", "show", "S1").stdout.splitlines() if "cited by" in x
    )
    counts = dict(
        (what, int(n)) for n, what in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", line.split(": ")[1])
    )
    assert counts, line
    for what, n in counts.items():
        singular = what in ("city", "person", "post", "membership phase", "country")
        assert singular == (n == 1), line
    persian = seeded_cli("source", "show", "S1", "--lang", "fa").stdout
    assert "مرحلهٔ عضویت" in persian and "phases" not in persian
