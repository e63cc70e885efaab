"""Issue 15, shell completion of option values: the choices of --format, --calendar and --lang
(the global one too), the words of --status and --kind, and the cities and organizations that
options such as --city, --host and --org name, from the database."""

from __future__ import annotations

import pytest
from test_completion import complete


@pytest.mark.any_backend  # what Typer completes without the database
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("citylinks timeline AMF --format ", ["table", "json", "csv", "markdown"]),
        ("citylinks timeline AMF --calendar j", ["jalali"]),
        ("citylinks --lang ", ["en", "fa"]),
        ("citylinks roster AMF --lang f", ["fa"]),
        ("citylinks city list -f m", ["markdown"]),
        ("citylinks member record Yazd AMF a", ["applicant", "associate-member"]),
        ("citylinks member end Yazd AMF --status ", ["withdrawn", "suspended", "expelled"]),
        ("citylinks session edit AMF 3 --status p", ["planned", "postponed"]),
        ("citylinks org add X --kind c", ["committee"]),
        ("citylinks source add --kind news-", ["news-release", "news-article"]),
    ],
)
def test_choices_and_vocabularies_complete(tmp_path, typed, expected):
    missing = tmp_path / "none.sqlite"
    assert complete("bash", typed, db=str(missing)).split() == expected
    assert not missing.exists()  # a Tab never makes a database


@pytest.mark.backends("sqlite")
def test_zsh_and_fish_complete_choices_too(tmp_path):
    missing = str(tmp_path / "none.sqlite")
    assert complete("fish", "citylinks stats AMF --calendar ", db=missing).split() == [
        "gregorian",
        "jalali",
        "both",
    ]
    assert "markdown" in complete("zsh", "citylinks roster AMF --format m", db=missing)


@pytest.mark.any_backend  # in Persian the metavars are Persian; the values typed are not
def test_choices_complete_in_persian(tmp_path):
    done = complete(
        "bash", "citylinks timeline AMF --format ", db=str(tmp_path / "x.sqlite"),
        env={"CITYLINKS_LANG": "fa"},
    )  # fmt: skip
    assert done.split() == ["table", "json", "csv", "markdown"]


def test_options_naming_cities_and_organizations_complete_from_the_database(seeded_db):
    url = seeded_db.url
    assert "yazd" in complete("bash", "citylinks post add x mayor --city ya", db=url).split()
    assert "Tehran" in complete("bash", "citylinks session add AMF 30 --host Teh", db=url).split()
    org = complete("bash", "citylinks post add x mayor --org AM", db=url).split()
    assert "AMF" in org and all(o.casefold().startswith("am") for o in org)
    assert "AMF" in complete("bash", "citylinks role add Yazd A", db=url).split()
    sources = complete("bash", "citylinks source show S", db=url).split()
    assert {"S0", "S1"} <= set(sources)
