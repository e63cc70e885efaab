"""A role's title typed in Persian is the title citylinks knows (issue 15): «نایب‌رئیس» typed
where Shiraz is recorded as vice-president of the AMF is that role, not a second one, in any
spelling (ZWNJ, a space, Arabic ي/ك, «رییس» without its hamza)."""

from __future__ import annotations

import pytest
from conftest import table_snapshot

from citylinks import vocab

ZWNJ = "\u200c"


def _shiraz_roles(db) -> list[tuple[str, str]]:
    return [
        tuple(row)
        for row in db.rows(
            "SELECT r.title, r.start_text FROM role r JOIN city c ON c.id = r.city_id"
            " JOIN organization o ON o.id = r.organization_id"
            " WHERE c.key = 'shiraz' AND o.key = 'amf' ORDER BY r.id"
        )
    ]


@pytest.mark.parametrize(
    "typed",
    [f"نایب{ZWNJ}رئیس", "نایب رئیس", "نایبرئیس", "نايب رئيس", "نایب رییس", "Vice President"],
)
def test_a_persian_title_finds_the_recorded_role_instead_of_adding_a_second(
    seeded_cli, seeded_db, typed
):
    before = table_snapshot(seeded_db)
    again = seeded_cli("role", "add", "Shiraz", "AMF", typed, "--from", "2025-11-28")
    assert again.exit_code == 1
    assert again.stderr.startswith(
        "Error: Shiraz is already recorded as vice-president of AMF from 2025-11-28"
    ), again.stderr
    assert table_snapshot(seeded_db) == before


def test_a_persian_title_names_the_role_to_correct(seeded_cli, seeded_db):
    before = _shiraz_roles(seeded_db)
    result = seeded_cli(
        "role", "edit", "Shiraz", "AMF", f"نایب{ZWNJ}رئیس", "--note", "elected (G1)"
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _shiraz_roles(seeded_db) == before
    assert (
        seeded_db.scalar(
            "SELECT r.note FROM role r JOIN city c ON c.id = r.city_id"
            " WHERE c.key = 'shiraz' AND r.title = 'vice-president'"
        )
        == "elected (G1)"
    )


def test_another_title_is_recorded_beside_as_the_known_title(seeded_cli, seeded_db):
    # (fa15t: a known title typed by its Persian name is stored as that title)
    before = _shiraz_roles(seeded_db)
    result = seeded_cli("role", "add", "Shiraz", "AMF", "دبیر", "--from", "2026")
    assert result.exit_code == 0, result.output
    assert _shiraz_roles(seeded_db) == [*before, ("secretary", "2026")]


@pytest.mark.any_backend  # no database
@pytest.mark.parametrize(
    ("typed", "titles"),
    [
        ("vice-president", {"vice-president"}),
        ("VICE PRESIDENT", {"vice-president"}),
        (f"نایب{ZWNJ}رئیس", {"vice-chair", "vice-president"}),
        ("رئيس", {"chair", "president"}),  # Arabic yeh
        ("دبیرکل", {"secretary-general"}),
        (f"دبیر{ZWNJ}کل", {"secretary-general"}),
        ("دبير كل", {"secretary-general"}),  # Arabic yeh and kaf, a space
        ("خزانه دار", {"treasurer"}),
        ("Deputy Secretary General", {"deputy-secretary-general"}),
        ("honorary member", set()),
    ],
)
def test_every_title_is_read_by_its_key_english_words_and_persian_name(typed, titles):
    assert vocab.meanings(typed, vocab.TITLES) == titles


@pytest.mark.any_backend  # no database
def test_every_known_title_is_read_by_its_persian_name():
    from citylinks.i18n import WORDS

    for title in vocab.TITLES:
        english, persian = WORDS["title_" + title]
        for typed in (title, english, persian, persian.replace(ZWNJ, " ")):
            assert title in vocab.meanings(typed, vocab.TITLES), typed


def test_a_persian_title_in_a_dataset_record_is_the_recorded_role(seeded_db, tmp_path):
    """The record is the recorded role (not a second one beside it); as for any field whose
    value differs, the file's spelling replaces the database's only with --overwrite."""
    import tomli_w
    from conftest import run_cli

    before = table_snapshot(seeded_db)
    path = tmp_path / "roles.toml"
    record = {"city": "shiraz", "organization": "amf", "start": "2025-11-28", "end": "unknown"}
    role = {**record, "title": "نايب رئيس"}  # Arabic yeh, a space
    path.write_text(
        tomli_w.dumps({"format": "citylinks-dataset/1", "role": [role]}), encoding="utf-8"
    )
    refused = run_cli(seeded_db, "import", "dataset", str(path))
    assert refused.exit_code == 1
    assert (  # every differing value is named in the one line (p14o); the title among them
        "[[role]] #1: title is 'vice-president' in the database but 'نایب رئیس' in the file:"
        " the database may hold a newer edit. Correct the file, or add --overwrite to replace"
        " it (the log keeps the old value)"
    ) in refused.stderr, refused.stderr
    assert table_snapshot(seeded_db) == before
    roles = len(_shiraz_roles(seeded_db))
    replaced = run_cli(seeded_db, "import", "dataset", str(path), "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    assert len(_shiraz_roles(seeded_db)) == roles  # the same role, not a second one
    assert ("نایب رئیس", "2025-11-28") in _shiraz_roles(seeded_db)


@pytest.mark.parametrize("typed", ["شهردار", "شهر دار", "Mayor"])
def test_a_persian_title_names_the_post_to_correct(seeded_cli, seeded_db, typed):
    # The bundled data holds Mohieddini as mayor of Yazd.
    result = seeded_cli("post", "edit", "mohieddini", typed, "--note", "as typed")
    assert result.exit_code == 0, result.output
    assert seeded_db.rows(
        "SELECT t.title, t.note FROM post t JOIN person p ON p.id = t.person_id"
        " WHERE p.key = 'mohieddini'"
    ) == [("mayor", "as typed")]
