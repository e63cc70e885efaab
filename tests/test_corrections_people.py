"""Correcting people, sources, countries and cities: edit, remove, rename a key, and merge
two records of one thing. Every correction takes --dry-run, --expect-version and --reason, is
one transaction, and leaves its before and after in the log."""

from __future__ import annotations

import json

import pytest
from conftest import bundled_cities, table_snapshot

from citylinks import text

CITATION_TABLES = (
    "city_source",
    "person_source",
    "post_source",
    "membership_phase_source",
    "role_source",
    "attendance_source",
    "designation_source",
)


def entries(db, table: str, action: str | None = None) -> list[tuple]:
    """(action, row_label, before, after, reason, change_id) of `table`'s log entries."""
    rows = db.rows(
        "SELECT action, row_label, before, after, reason, change_id FROM audit_log"
        " WHERE table_name = :t ORDER BY id",
        t=table,
    )
    decoded = [
        (a, label, *(json.loads(x) if isinstance(x, str) else x for x in (b, af)), r, c)
        for a, label, b, af, r, c in rows
    ]
    return [e for e in decoded if action is None or e[0] == action]


def count(db, table: str, where: str = "1 = 1", **params) -> int:
    return db.scalar(f"SELECT COUNT(*) FROM {table} WHERE {where}", **params)


def citations(db) -> int:
    return sum(count(db, t) for t in CITATION_TABLES)


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def refused(result, *words: str, code: int = 1):
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# --- names in two scripts ------------------------------------------------------------------------


@pytest.mark.any_backend  # pure text rules: no database
def test_names_in_persian_and_latin_letters_look_alike_by_their_consonants():
    assert text.looks_alike_across_scripts("Alireza Amrollahi", "علیرضا امراللهی")
    assert text.looks_alike_across_scripts("علیرضا امراللهي", "Alireza Amrolahi")
    assert text.looks_alike_across_scripts("Mohammad Bagher Ghalibaf", "محمدباقر قالیباف")
    assert text.looks_alike_across_scripts("Tehran", "تهران")
    assert text.consonant_skeleton("Alireza Amrollahi") == "lrzmrl"
    # Different people, names in one script, and names too short to say are not alike.
    assert not text.looks_alike_across_scripts("Ni Qiang", "علیرضا امراللهی")
    assert not text.looks_alike_across_scripts("Alireza Amrollahi", "Alireza Amrollahi")
    assert not text.looks_alike_across_scripts("Yazd", "یزد")


def test_a_person_added_in_latin_letters_is_seen_recorded_in_persian(cli, empty_db):
    ok(cli("person", "add", "علیرضا امراللهی"))
    before = table_snapshot(empty_db)
    result = cli("person", "add", "Alireza Amrollahi")
    refused(result, "a person named like 'Alireza Amrollahi' is recorded already", "--force")
    assert "(key alireza-amrallhi)" in result.stderr
    assert table_snapshot(empty_db) == before
    ok(cli("person", "add", "Ni Qiang"))


# --- people --------------------------------------------------------------------------------------


def test_person_edit_changes_names_and_key_in_one_logged_change(seeded_cli, seeded_db):
    result = seeded_cli(
        "person", "edit", "amrollahi", "--remove-name", "en=Alireza Amrollahi",
        "--add-name", "Alireza Amrolahi", "--key", "a-amrollahi",
        "--expect-version", "1", "--reason", "spelling as in S4",
    )  # fmt: skip
    assert ok(result).stdout.strip() == "changed person a-amrollahi (now version 2)"
    assert seeded_db.rows(
        "SELECT n.lang, n.name FROM person_name n JOIN person p ON p.id = n.person_id"
        " WHERE p.key = 'a-amrollahi' ORDER BY n.position"
    ) == [("fa", "علیرضا امراللهی"), ("en", "Alireza Amrolahi")]
    (update,) = entries(seeded_db, "person", "update")
    assert (update[2], update[3]) == ({"key": "amrollahi"}, {"key": "a-amrollahi"})
    (removed,) = entries(seeded_db, "person_name", "delete")
    assert removed[1].endswith("'s name Alireza Amrollahi (en)") and removed[2]["lang"] == "en"
    (added,) = entries(seeded_db, "person_name", "insert")[-1:]
    assert added[3]["name"] == "Alireza Amrolahi"
    # One change, one reason, on every entry.
    assert {update[4], removed[4], added[4]} == {"spelling as in S4"}
    assert len({update[5], removed[5], added[5]}) == 1
    shown = ok(seeded_cli("person", "show", "a-amrollahi")).stdout
    assert "version: 2" in shown and "Alireza Amrolahi" in shown


def test_person_edit_dry_run_counts_a_removed_name_and_writes_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    result = ok(
        seeded_cli(
            "person", "edit", "amrollahi", "--remove-name", "Alireza Amrollahi", "--dry-run"
        )  # fmt: skip
    )
    assert result.stdout.startswith("would change person amrollahi")
    # The name removed, and the other name taking its place first.
    assert "2 changes would be made" in result.stderr
    assert "  removed: " in result.stderr and "'s name Alireza Amrollahi (en)" in result.stderr
    assert "(fa): position 1 → 0" in result.stderr
    assert table_snapshot(seeded_db) == before


def test_person_edit_refusals_change_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    refused(seeded_cli("person", "edit", "amrollahi"), "nothing to change")
    refused(
        seeded_cli("person", "edit", "amrollahi", "--key", "x", "--expect-version", "7"),
        "there is no version 7",
    )
    refused(seeded_cli("person", "edit", "amrollahi", "--key", "ni-qiang"), "is taken by Ni Qiang")
    refused(seeded_cli("person", "edit", "amrollahi", "--key", "two words"), "is not a key")
    refused(seeded_cli("person", "edit", "amrollahi", "--key", "123"), "is not a key")
    refused(
        seeded_cli("person", "edit", "amrollahi", "--remove-name", "Nobody"),
        "amrollahi has no name 'Nobody'",
    )
    refused(
        seeded_cli(
            "person",
            "edit",
            "amrollahi",
            "--remove-name",
            "Alireza Amrollahi",
            "--remove-name",
            "fa=علیرضا امراللهی",
        ),  # fmt: skip
        "would have no name left",
    )
    assert table_snapshot(seeded_db) == before
    ok(seeded_cli("person", "edit", "amrollahi", "--add-name", "fa=علی امراللهی"))
    stale = seeded_cli("person", "edit", "amrollahi", "--key", "x", "--expect-version", "1")
    refused(stale, "was changed by test-officer", "version 1, now 2")


def test_person_remove_is_refused_while_posts_refer_to_them(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    line = refused(seeded_cli("person", "remove", "amrollahi"), "1 post (", "person merge")
    assert "Director of Communications" in line
    assert table_snapshot(seeded_db) == before
    ok(seeded_cli("person", "add", "Someone Else"))
    dry = ok(seeded_cli("person", "remove", "someone-else", "--dry-run"))
    assert "2 changes would be made" in dry.stderr
    assert count(seeded_db, "person", "key = 'someone-else'") == 1
    result = ok(
        seeded_cli(
            "person",
            "remove",
            "someone-else",
            "--expect-version",
            "1",
            "--reason",
            "recorded by mistake",
        )  # fmt: skip
    )
    assert result.stdout.strip() == "removed person someone-else"
    assert count(seeded_db, "person", "key = 'someone-else'") == 0
    (gone,) = entries(seeded_db, "person", "delete")
    assert gone[1] == "Someone Else" and gone[4] == "recorded by mistake"
    assert [e[1] for e in entries(seeded_db, "person_name", "delete")] == [
        "Someone Else's name Someone Else (en)"
    ]


def _second_amrollahi(cli) -> None:
    """The issue's mistake: the person recorded in Persian is recorded again in Latin letters,
    with a post, an attendance and citations of their own."""
    ok(cli("person", "add", "Alireza Amrollahi", "--force", "--source", "S2", "--source", "S0"))
    ok(cli("post", "add", "alireza-amrollahi", "deputy mayor", "--city", "Yazd",
           "--from", "2024", "--source", "S3"))  # fmt: skip
    # The post both records hold: it becomes one, citing the sources of both.
    ok(cli("post", "add", "alireza-amrollahi",
           "Director of Communications and International Affairs, Yazd Municipality",
           "--city", "Yazd", "--from", "unknown", "--source", "S2"))  # fmt: skip
    ok(cli("attend", "add", "AMF", "11", "alireza-amrollahi", "--kind", "person",
           "--series", "executive-board", "--on-behalf-of", "Yazd", "--source", "S2"))  # fmt: skip


def test_person_merge_moves_names_posts_attendance_and_citations(seeded_cli, seeded_db):
    _second_amrollahi(seeded_cli)
    posts, attendance = count(seeded_db, "post"), count(seeded_db, "attendance")
    before_citations = citations(seeded_db)
    result = ok(
        seeded_cli("person", "merge", "amrollahi", "alireza-amrollahi", "--expect-version", "1",
                   "--expect-other-version", "3", "--reason", "one person, two spellings")
    )  # fmt: skip
    assert result.stdout.splitlines() == [
        "merged person alireza-amrollahi into amrollahi",
        "  names both had (kept once): 1 (en=Alireza Amrollahi)",
        "  posts moved: 1",
        "  posts both held (kept once, citing the sources of both): 1",
        "  attendance records moved: 1",
        "  sources now cited: 1 (S2)",
        "  removed person alireza-amrollahi; its key is kept in the log",
    ]
    assert count(seeded_db, "person", "key = 'alireza-amrollahi'") == 0
    # Every link kept: one post fewer (the one both held), no attendance lost.
    assert count(seeded_db, "post") == posts - 1
    assert count(seeded_db, "attendance") == attendance
    keep_id = seeded_db.scalar("SELECT id FROM person WHERE key = 'amrollahi'")
    assert count(seeded_db, "post", "person_id = :p", p=keep_id) == 2
    assert count(seeded_db, "attendance", "person_id = :p", p=keep_id) == 1
    director = seeded_db.scalar(
        "SELECT id FROM post WHERE person_id = :p AND title LIKE 'Director%'", p=keep_id
    )
    assert seeded_db.rows(
        "SELECT s.key FROM post_source ps JOIN source s ON s.id = ps.source_id"
        " WHERE ps.post_id = :p ORDER BY s.key",
        p=director,
    ) == [("S0",), ("S1",), ("S2",)]
    assert seeded_db.rows(
        "SELECT s.key FROM person_source ps JOIN source s ON s.id = ps.source_id"
        " WHERE ps.person_id = :p ORDER BY s.key",
        p=keep_id,
    ) == [("S0",), ("S1",), ("S2",)]
    # Every citation is kept, once: the one row fewer is the removed person's S0, which
    # amrollahi cites already.
    assert citations(seeded_db) == before_citations - 1
    (gone,) = entries(seeded_db, "person", "delete")
    assert gone[1] == "alireza-amrollahi" and gone[2]["sources"] == ["S0", "S2"]
    assert gone[4] == "merged person alireza-amrollahi into amrollahi; one person, two spellings"
    moved = [e for e in entries(seeded_db, "post", "update") if "person_id" in e[3]]
    assert [(e[2]["person_id"], e[3]["person_id"]) for e in moved] == [
        (moved[0][2]["person_id"], keep_id)
    ]


def test_person_merge_dry_run_lists_every_move_and_writes_nothing(seeded_cli, seeded_db):
    _second_amrollahi(seeded_cli)
    before = table_snapshot(seeded_db)
    result = ok(seeded_cli("person", "merge", "amrollahi", "alireza-amrollahi", "--dry-run"))
    assert result.stdout.startswith("would merge person alireza-amrollahi into amrollahi")
    for line in (
        "  changed: Alireza Amrollahi: deputy mayor of Yazd: person alireza-amrollahi → ",
        "  changed: Alireza Amrollahi at AMF Executive Board 11: person alireza-amrollahi → ",
        "  removed: alireza-amrollahi's name Alireza Amrollahi (en)\n",
        "  removed: alireza-amrollahi\n",
    ):
        assert line in result.stderr, line
    assert table_snapshot(seeded_db) == before


def test_person_merge_refusals_change_nothing(seeded_cli, seeded_db):
    _second_amrollahi(seeded_cli)
    before = table_snapshot(seeded_db)
    refused(seeded_cli("person", "merge", "amrollahi", "amrollahi"), "the same person")
    refused(seeded_cli("person", "merge", "amrollahi", "Nobody Known"), "no person matches")
    refused(
        seeded_cli(
            "person", "merge", "amrollahi", "alireza-amrollahi", "--expect-other-version", "5"
        ),  # fmt: skip
        "there is no version 5",
    )
    refused(
        seeded_cli("person", "merge", "amrollahi", "alireza-amrollahi", "--expect-version", "x"),
        "--expect-version",
        code=2,
    )
    assert table_snapshot(seeded_db) == before


# --- sources -------------------------------------------------------------------------------------


def test_source_edit_corrects_fields_and_key_with_the_log(seeded_cli, seeded_db):
    result = seeded_cli(
        "source", "edit", "S1", "--title", "عضویت یزد", "--url", "https://www.iribnews.ir/5561983",
        "--published", "1404-06-17", "--note", "", "--key", "S10",
        "--expect-version", "1", "--reason", "read the release again",
    )  # fmt: skip
    assert ok(result).stdout.strip() == "changed source S10 (now version 2)"
    title, url, published, note = seeded_db.rows(
        "SELECT title, url, published_text, note FROM source WHERE key = 'S10'"
    )[0]
    assert (title, url, published, note) == (
        "عضویت یزد",
        "https://www.iribnews.ir/5561983",
        "j:1404-06-17",
        None,
    )
    (update,) = entries(seeded_db, "source", "update")
    assert update[2]["key"] == "S1" and update[3]["key"] == "S10"
    assert update[2]["title"] == "[iribnews.ir news 5561983]" and update[3]["note"] is None
    assert update[4] == "read the release again"
    # Every citation follows the key.
    assert "S10" in ok(seeded_cli("city", "show", "Yazd")).stdout.splitlines()[-1]


def test_source_edit_refusals_change_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    refused(seeded_cli("source", "edit", "S1"), "nothing to change")
    refused(seeded_cli("source", "edit", "S1", "--url", "iribnews"), "is not a web address")
    refused(seeded_cli("source", "edit", "S1", "--kind", "rumour"), "unknown source kind")
    refused(seeded_cli("source", "edit", "S1", "--published", "31 Azar"), "--published:")
    refused(seeded_cli("source", "edit", "S1", "--key", "s2"), "is taken by source S2")
    refused(seeded_cli("source", "edit", "S99", "--title", "x"), "no source with key 'S99'")
    refused(
        seeded_cli("source", "edit", "S1", "--title", "x", "--expect-version", "2"),
        "there is no version 2",
    )
    assert table_snapshot(seeded_db) == before
    dry = ok(seeded_cli("source", "edit", "S1", "--lang", "en", "--dry-run"))
    assert "1 change would be made" in dry.stderr and ": language fa → en" in dry.stderr
    assert table_snapshot(seeded_db) == before


def test_source_remove_is_refused_while_cited_naming_what_cites_it(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    line = refused(seeded_cli("source", "remove", "S1"), "source S1 is cited by", "source merge")
    assert "city yazd" in line and "person amrollahi" in line and "Yazd in AMF, phase 2" in line
    assert table_snapshot(seeded_db) == before
    ok(seeded_cli("source", "add", "--title", "Not used", "--publisher", "X"))
    key = seeded_db.scalar("SELECT key FROM source WHERE title = 'Not used'")
    ok(seeded_cli("source", "remove", key, "--expect-version", "1", "--reason", "a mistake"))
    assert count(seeded_db, "source", "title = 'Not used'") == 0
    (gone,) = entries(seeded_db, "source", "delete")
    assert gone[1] == key and gone[2]["title"] == "Not used" and gone[4] == "a mistake"


def test_source_merge_moves_every_citation_and_collapses_duplicates(seeded_cli, seeded_db):
    ok(seeded_cli("source", "add", "--title", "Yazd joins AMF (copy)", "--publisher", "IRNA",
                  "--url", "https://example.org/yazd", "--retrieved", "2025-09-10"))  # fmt: skip
    other = seeded_db.scalar("SELECT key FROM source WHERE title = 'Yazd joins AMF (copy)'")
    ok(seeded_cli("city", "edit", "Yazd", "--add-source", other))  # Yazd cites S1 already
    ok(seeded_cli("person", "add", "Somebody New", "--source", other))
    cited_by_both = count(seeded_db, "city_source")
    total = citations(seeded_db)
    result = ok(seeded_cli("source", "merge", "S1", other, "--reason", "the same release"))
    assert result.stdout.splitlines() == [
        f"merged source {other} into S1",
        f"  records citing {other} now citing S1: 2",
        "  of those, citing both before (now S1 once): 1",
        f"  taken from {other}, which S1 lacked: retrieved",
        f"  given differently (S1's kept, {other}'s in the log): publisher, url, kind, title",
    ]
    assert count(seeded_db, "source", "key = :k", k=other) == 0
    # The one record that cited both now cites S1 once; nothing else is lost.
    assert citations(seeded_db) == total - 1
    assert count(seeded_db, "city_source") == cited_by_both - 1
    assert seeded_db.rows(
        "SELECT s.key FROM person_source ps JOIN source s ON s.id = ps.source_id"
        " JOIN person p ON p.id = ps.person_id WHERE p.key = 'somebody-new'"
    ) == [("S1",)]
    assert seeded_db.rows("SELECT url, retrieved_text FROM source WHERE key = 'S1'") == [
        ("https://www.iribnews.ir/fa/news/5561983", "2025-09-10")
    ]
    (gone,) = entries(seeded_db, "source", "delete")
    assert gone[2]["publisher"] == "IRNA"
    assert gone[4] == f"merged source {other} into S1; the same release"
    person_update = [e for e in entries(seeded_db, "person", "update")]
    assert [(e[2]["sources"], e[3]["sources"]) for e in person_update] == [([other], ["S1"])]


def test_source_merge_dry_run_and_refusals_write_nothing(seeded_cli, seeded_db):
    before = table_snapshot(seeded_db)
    dry = ok(seeded_cli("source", "merge", "S0", "S1", "--dry-run"))
    assert dry.stdout.startswith("would merge source S1 into S0")
    assert "  removed: S1\n" in dry.stderr and "  no longer cites S1: Yazd\n" in dry.stderr
    refused(seeded_cli("source", "merge", "S1", "s1"), "the same source")
    refused(seeded_cli("source", "merge", "S1", "S77"), "no source with key 'S77'")
    refused(seeded_cli("source", "merge", "S0", "S1", "--expect-version", "4"), "no version 4")
    assert table_snapshot(seeded_db) == before


# --- countries -----------------------------------------------------------------------------------


def test_country_edit_and_remove(seeded_cli, seeded_db):
    result = ok(
        seeded_cli(
            "country",
            "edit",
            "IR",
            "--name",
            "Islamic Republic of Iran",
            "--expect-version",
            "1",
            "--reason",
            "official name",
        )  # fmt: skip
    )
    assert result.stdout.strip() == "changed country IR: Islamic Republic of Iran, ایران"
    (update,) = entries(seeded_db, "country", "update")
    assert update[2:5] == (
        {"name_en": "Iran"},
        {"name_en": "Islamic Republic of Iran"},
        "official name",
    )
    before = table_snapshot(seeded_db)
    line = refused(seeded_cli("country", "remove", "IR"), "country IR is the country of")
    iranian = sum(1 for c in bundled_cities() if c["country"] == "IR")
    assert f"of {iranian} cities (abarkuh, ahvaz, ardakan" in line
    assert "city edit CITY --country" in line
    refused(seeded_cli("country", "edit", "IR", "--remove-name", "en"), "cannot be removed")
    refused(seeded_cli("country", "edit", "IR", "--name", "ar=إيران"), "English and a Persian")
    refused(seeded_cli("country", "edit", "ZZ", "--name", "Nowhere"), "no country")
    assert table_snapshot(seeded_db) == before
    ok(seeded_cli("country", "add", "FR"))
    ok(seeded_cli("country", "edit", "FR", "--name", "fa=فرانسه"))
    dry = ok(seeded_cli("country", "remove", "FR", "--dry-run"))
    assert "1 change would be made" in dry.stderr
    ok(seeded_cli("country", "remove", "FR", "--expect-version", "2"))
    assert count(seeded_db, "country", "code = 'FR'") == 0
    (gone,) = entries(seeded_db, "country", "delete")
    assert gone[2]["name_fa"] == "فرانسه"


# --- cities --------------------------------------------------------------------------------------


def test_removing_a_city_name_is_logged_and_counted_by_a_dry_run(seeded_cli, seeded_db):
    """The issue's case: `city edit gaziantap --remove-name Gaziantap` left no log entry, and
    its dry run said '0 changes'."""
    ok(seeded_cli("city", "add", "Gaziantap", "--country", "TR", "--name", "fa=غازی‌انتاپ",
                  "--force"))  # fmt: skip
    before = table_snapshot(seeded_db)
    dry = ok(seeded_cli("city", "edit", "gaziantap", "--remove-name", "Gaziantap", "--dry-run"))
    assert "0 changes" not in dry.stderr
    assert "  removed: " in dry.stderr and "'s name Gaziantap (en)\n" in dry.stderr
    assert table_snapshot(seeded_db) == before
    ok(seeded_cli("city", "edit", "gaziantap", "--remove-name", "Gaziantap", "--reason", "typo"))
    (removed,) = entries(seeded_db, "city_name", "delete")
    assert removed[1].endswith("'s name Gaziantap (en)")
    assert (removed[2]["lang"], removed[2]["name"], removed[4]) == ("en", "Gaziantap", "typo")


def test_removing_a_city_identifier_is_logged(seeded_cli, seeded_db):
    ok(seeded_cli("city", "edit", "Yazd", "--add-id", "geonames=111822"))
    ok(seeded_cli("city", "edit", "Yazd", "--remove-id", "geonames"))
    (removed,) = entries(seeded_db, "city_identifier", "delete")
    assert (removed[2]["scheme"], removed[2]["value"]) == ("geonames", "111822")


def test_city_edit_renames_the_key(seeded_cli, seeded_db):
    ok(seeded_cli("city", "add", "Gaziantap", "--country", "TR", "--force"))
    before = table_snapshot(seeded_db)
    refused(seeded_cli("city", "edit", "gaziantap", "--key", "gaziantep"), "is taken by")
    refused(seeded_cli("city", "edit", "gaziantap", "--key", "tahran"), "is a name of Tehran")
    refused(seeded_cli("city", "edit", "gaziantap", "--key", "a b"), "is not a key")
    assert table_snapshot(seeded_db) == before
    result = ok(seeded_cli("city", "edit", "gaziantap", "--key", "gaziantep-2",
                           "--expect-version", "1"))  # fmt: skip
    assert result.stdout.strip() == "changed city gaziantep-2 (now version 2)"
    (update,) = entries(seeded_db, "city", "update")
    assert (update[2], update[3]) == ({"key": "gaziantap"}, {"key": "gaziantep-2"})
    stale = seeded_cli("city", "edit", "gaziantep-2", "--region", "x", "--expect-version", "1")
    refused(stale, "was changed by", "version 1, now 2")


def _second_yazd(cli) -> None:
    """Yazd recorded again, as 'Yazd City', with facts of its own and one it shares."""
    ok(cli("city", "add", "Yazd City", "--country", "IR", "--force", "--source", "S2",
           "--id", "geonames=111822", "--region", "Yazd Province"))  # fmt: skip
    ok(cli("member", "record", "yazd-city", "AMF", "member", "--from", "2025-11-27..2025-11-29",
           "--source", "S0"))  # fmt: skip
    ok(cli("member", "record", "yazd-city", "lhc", "cooperating", "--from", "2020",
           "--source", "S2"))  # fmt: skip
    ok(cli("role", "add", "yazd-city", "AMF", "board-member", "--from", "2025", "--source",
           "S2"))  # fmt: skip
    ok(cli("post", "add", "sahin", "adviser", "--city", "yazd-city", "--from", "2024"))
    ok(cli("attend", "add", "AMF", "11", "yazd-city", "--kind", "city",
           "--series", "executive-board", "--source", "S2"))  # fmt: skip
    ok(cli("city", "designation", "add", "yazd-city",
           "UNESCO World Heritage: Historic City of Yazd", "--source", "S2"))  # fmt: skip


def test_city_merge_moves_every_fact_and_joins_the_phases(seeded_cli, seeded_db):
    _second_yazd(seeded_cli)
    counts = {
        t: count(seeded_db, t)
        for t in ("membership", "membership_phase", "role", "post", "attendance", "designation")
    }
    total = citations(seeded_db)
    yazd = seeded_db.scalar("SELECT id FROM city WHERE key = 'yazd'")
    result = ok(
        seeded_cli(
            "city",
            "merge",
            "yazd",
            "yazd-city",
            "--expect-version",
            "1",
            "--expect-other-version",
            "2",
            "--reason",
            "one city",
        )  # fmt: skip
    )
    assert result.stdout.splitlines()[0] == "merged city yazd-city into yazd"
    assert "  names moved: 1 (en=Yazd City)" in result.stdout
    assert "  identifiers moved: 1 (geonames=111822)" in result.stdout
    assert (
        "  membership in AMF: 0 phases joined yazd's, 1 both had (kept once, citing the"
        " sources of both)"
    ) in result.stdout
    # Yazd is in LHC since 2014: the phase from 2020 follows it, as `member record` would.
    assert (
        "  in LHC: closed the open phase 'member' (from 2014): it ends where the new one"
        " starts (2020)"
    ) in result.stdout
    assert "  membership in LHC: 1 phase joined yazd's, 0 both had" in result.stdout
    assert count(seeded_db, "city", "key = 'yazd-city'") == 0
    # Both memberships are Yazd's own now, the phase both had is one; nothing else is lost.
    assert count(seeded_db, "membership") == counts["membership"] - 2
    assert count(seeded_db, "membership_phase") == counts["membership_phase"] - 1
    assert seeded_db.rows(
        "SELECT p.position, p.status, p.start_text, p.end_text FROM membership_phase p"
        " JOIN membership m ON m.id = p.membership_id JOIN organization o"
        " ON o.id = m.organization_id WHERE m.city_id = :c AND o.key = 'lhc' ORDER BY 1",
        c=yazd,
    ) == [(1, "member", "2014", "2020"), (2, "cooperating", "2020", "unknown")]
    for table in ("role", "post", "attendance"):
        assert count(seeded_db, table) == counts[table], table
        assert count(seeded_db, table, "city_id = :c", c=yazd) >= 1, table
    # The designation Yazd already had (in the seed) is kept once, citing both sources.
    assert count(seeded_db, "designation") == counts["designation"] - 1
    assert seeded_db.rows(
        "SELECT s.key FROM membership_phase_source ps JOIN source s ON s.id = ps.source_id"
        " JOIN membership_phase p ON p.id = ps.membership_phase_id"
        " JOIN membership m ON m.id = p.membership_id"
        " WHERE m.city_id = :c AND p.position = 3 ORDER BY s.key",
        c=yazd,
    ) == [("S0",), ("S2",), ("S3",)]
    # Every citation is kept, once: the one row fewer is the removed city's S2, which Yazd
    # cites already.
    assert citations(seeded_db) == total - 1
    assert seeded_db.scalar("SELECT region FROM city WHERE key = 'yazd'") == "Yazd Province"
    (gone,) = entries(seeded_db, "city", "delete")
    assert gone[1] == "yazd-city" and gone[4] == "merged city yazd-city into yazd; one city"


def test_city_merge_refuses_contradicting_phases_and_changes_nothing(seeded_cli, seeded_db):
    ok(seeded_cli("city", "add", "Yazd City", "--country", "IR", "--force"))
    ok(seeded_cli("member", "record", "yazd-city", "AMF", "member", "--from", "2010",
                  "--to", "2012"))  # fmt: skip
    ok(seeded_cli("city", "add", "Gaziantap", "--country", "TR", "--force"))
    before = table_snapshot(seeded_db)
    line = refused(seeded_cli("city", "merge", "yazd", "yazd-city"), "contradicts")
    assert "yazd-city's phase 'member' from 2010 in AMF" in line and "overlaps" in line
    refused(seeded_cli("city", "merge", "yazd", "gaziantap"), "different countries")
    refused(seeded_cli("city", "merge", "yazd", "Yazd"), "the same city")
    refused(seeded_cli("city", "merge", "yazd", "yazd-city", "--expect-version", "9"),
            "no version 9")  # fmt: skip
    assert table_snapshot(seeded_db) == before
    ok(seeded_cli("city", "edit", "Yazd", "--add-id", "geonames=1"))
    ok(seeded_cli("city", "edit", "yazd-city", "--add-id", "geonames=2"))
    before = table_snapshot(seeded_db)
    refused(seeded_cli("city", "merge", "yazd", "yazd-city"), "two places in that register")
    dry = ok(seeded_cli("city", "merge", "gaziantep", "gaziantap", "--dry-run"))
    assert "  removed: gaziantap\n" in dry.stderr
    assert table_snapshot(seeded_db) == before


def test_a_post_is_found_by_words_of_its_title(seeded_cli, seeded_db):
    """The bundled post 'Director of Communications and International Affairs, Yazd
    Municipality' is named by 'director' or 'international affairs', as an officer would."""
    for words in ("director", "International Affairs", "yazd municipality"):
        found = seeded_cli("post", "edit", "amrollahi", words, "--note", "n", "--dry-run")
        assert found.exit_code == 0, found.output
        assert "Director of Communications and International Affairs" in found.stdout
    before = table_snapshot(seeded_db)
    other = seeded_cli("post", "edit", "amrollahi", "affairs director", "--note", "n")
    refused(other, "holds no such post 'affairs director'")
    assert table_snapshot(seeded_db) == before
