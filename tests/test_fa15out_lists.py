"""Issue 15, Persian first: the lists (`city list`, `org list`, `person list`, `source list`)
in Persian name each record by its Persian name where one is recorded, as `show` does, with
the English name among the other names, and say the kinds in Persian."""

from __future__ import annotations

import json

import pytest
from tests.conftest import run_fa


def _row(output: str, key: str) -> list[str]:
    """The cells of the table row whose first cell is `key`."""
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if cells and cells[0] == key:
            return cells
    raise AssertionError(f"no row {key!r} in:\n{output}")


def test_city_list_in_persian_shows_the_persian_name(seeded_cli):
    shown = seeded_cli("city", "list", "--lang", "fa")
    assert shown.exit_code == 0, shown.output
    assert _row(shown.stdout, "yazd") == ["yazd", "یزد", "Yazd", "IR"]
    # Tehran has more other names: joined the Persian way, the English one among them.
    tehran = _row(shown.stdout, "tehran")
    assert tehran[1] == "تهران" and tehran[2].startswith("Tehran، ")
    assert shown.stdout.splitlines()[0].endswith(" شهر")  # «۵۷ شهر»
    # In English, the English name as before.
    assert _row(seeded_cli("city", "list").stdout, "yazd")[:2] == ["yazd", "Yazd"]


def test_the_interface_language_is_the_lists_default(seeded_db):
    shown = run_fa(seeded_db, "city", "list", "--country", "IR")
    assert shown.exit_code == 0, shown.output
    assert _row(shown.stdout, "yazd")[1] == "یزد"
    assert "کلید" in shown.stdout and "Key" not in shown.stdout


def test_org_list_in_persian_names_organizations_and_kinds_in_persian(seeded_cli):
    shown = seeded_cli("org", "list", "--lang", "fa")
    assert shown.exit_code == 0, shown.output
    assert _row(shown.stdout, "amf")[:4] == ["amf", "AMF", "مجمع شهرداران آسیایی", "شبکه"]
    assert _row(shown.stdout, "amf-culture-tourism")[3:] == ["کمیته", "AMF"]
    kinds = {_row(shown.stdout, line.split()[1])[3] for line in shown.stdout.splitlines()[5:-1]}
    assert kinds == {"شبکه", "کمیته", "نهاد"}  # network, committee, body


def test_person_list_in_persian(seeded_cli):
    shown = seeded_cli("person", "list", "--lang", "fa")
    assert shown.exit_code == 0, shown.output
    row = _row(shown.stdout, "mohieddini")
    assert row[1] == "ابوالقاسم محی الدینی" and row[2] == "Abolghasem Mohieddini"
    assert row[3] == "۱"


def test_source_list_in_persian_says_the_kinds_in_persian(seeded_cli):
    shown = seeded_cli("source", "list", "--lang", "fa")
    assert shown.exit_code == 0, shown.output
    assert _row(shown.stdout, "A1")[1] == "صفحهٔ وب"
    assert "web-page" not in shown.stdout and "news-article" not in shown.stdout


@pytest.mark.parametrize("noun", ["city", "org", "person", "source"])
def test_json_lists_keep_the_stored_values(seeded_cli, noun):
    """The Persian words are for reading; JSON keeps what is stored, in any language."""
    english = json.loads(seeded_cli(noun, "list", "--format", "json").stdout)
    persian = json.loads(seeded_cli(noun, "list", "--format", "json", "--lang", "fa").stdout)
    assert english == persian


def test_bidi_lays_a_persian_list_out_right_to_left(seeded_cli):
    from citylinks.render.output import visual_order

    shown = seeded_cli("city", "list", "--lang", "fa", "--bidi", "--country", "IR")
    assert shown.exit_code == 0, shown.output
    # The Persian name is shaped and in visual order; the key column is the last, on the right.
    yazd = next(line for line in shown.stdout.splitlines() if "yazd" in line)
    assert visual_order("یزد") in yazd
    assert yazd.rstrip().endswith("yazd │")
