"""`citylinks check`: an office's database seeded with each problem the check knows, through
the commands an officer types, is answered with exit code 1 and the finding named in the
table and in JSON; a clean database with exit code 0. Where the commands refuse to record
the problem at all (a name mixing scripts, overlapping phases), the rows are changed
directly, as an older database or a hand edit would hold them."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from citylinks import schema
from citylinks.dates import PartialDate


def setup_office(db) -> None:
    """A small, clean office database: every fact with its source."""
    for args in (
        ["country", "add", "IR", "--name", "Iran", "--name", "fa=ایران"],
        ["country", "add", "TR", "--name", "Türkiye", "--name", "fa=ترکیه"],
        # S1: the meeting's own declaration; S2: a news article known only to the year.
        ["source", "add", "--title", "Final declaration", "--publisher", "Asian Mayors Forum",
         "--lang", "en", "--kind", "declaration"],
        ["source", "add", "--title", "Yazd joins", "--publisher", "iribnews.ir", "--lang", "fa",
         "--kind", "news-article", "--published", "2025"],
        ["city", "add", "Yazd", "--country", "IR", "--name", "fa=یزد", "--source", "S1"],
        ["city", "add", "Tehran", "--country", "IR", "--name", "fa=تهران", "--source", "S1"],
        ["org", "add", "AMF", "--name", "Asian Mayors Forum", "--source", "S1"],
        ["org", "add", "LHC", "--name", "League of Historical Cities", "--source", "S1"],
        ["org", "committee", "add", "AMF", "Tourism and Culture Committee",
         "--source", "S1"],
        ["org", "series", "add", "AMF", "general-assembly", "--name", "General Assembly"],
        ["session", "add", "AMF", "1", "--host", "Tehran", "--from", "2008-11-19", "--source",
         "S1"],
        ["member", "record", "Yazd", "AMF", "member", "--from", "2025", "--source", "S2"],
    ):  # fmt: skip
        result = run_cli(db, *args)
        assert result.exit_code == 0, (args, result.output)


@pytest.fixture
def office(empty_db):
    setup_office(empty_db)
    return empty_db


def cli(db, *args: str):
    result = run_cli(db, *args)
    assert result.exit_code == 0, (args, result.output)
    return result


def check(db, *args: str):
    """The check's table and its JSON findings (the exit code is the same for both)."""
    table = run_cli(db, "check", *args)
    shown = run_cli(db, "check", *args, "--format", "json")
    assert shown.exit_code == table.exit_code, shown.output
    assert shown.stderr == ""
    return table, json.loads(shown.stdout)


def one_finding(db, kind: str, problem: str, *args: str) -> dict:
    """The check finds exactly one problem, of this kind: exit code 1, the finding (record
    and message) in the table, and in JSON."""
    table, found = check(db, *args)
    assert table.exit_code == 1, table.output
    assert [(f["kind"], f["problem"]) for f in found] == [(kind, problem)], found
    assert table.stderr == ""
    shown = " ".join(table.stdout.split())  # the table may wrap a cell over lines
    (finding,) = found
    for part in (finding["record"], finding["message"]):
        words = " ".join(part.split())
        assert words[:40] in shown
    assert "1 finding to look at." in table.stdout
    return finding


def change(db, table, row_id: int, **values) -> None:
    """Change a row directly (what the commands refuse, an older database may hold): dates
    by their text, with their other columns derived as the model stores them."""
    columns = {}
    for name, value in values.items():
        if name.endswith("_date"):
            date_name = name.removesuffix("_date")
            text, precision, earliest, latest = PartialDate.parse(value).columns()
            columns |= {
                f"{date_name}_text": text,
                f"{date_name}_precision": precision,
                f"{date_name}_earliest": earliest,
                f"{date_name}_latest": latest,
            }
        else:
            columns[name] = value
    engine = db.engine()
    try:
        with engine.begin() as conn:
            conn.execute(table.update().where(table.c.id == row_id).values(**columns))
    finally:
        engine.dispose()


def phase_ids(db) -> list[int]:
    return [r[0] for r in db.rows("SELECT id FROM membership_phase ORDER BY position")]


# --- clean ---------------------------------------------------------------------------------


def test_a_clean_database_exits_0(office):
    table, found = check(office)
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines() == ["Data check: the whole database", "No problems found."]
    assert found == []


def test_an_organization_is_checked_alone(office):
    # An unsourced fact of LHC's is not AMF's concern.
    cli(office, "member", "record", "Tehran", "LHC", "member", "--from", "2014")
    table, found = check(office, "AMF")
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0] == "Data check: Asian Mayors Forum (AMF)"
    assert found == []
    finding = one_finding(office, "unsourced", "no-source", "LHC")
    assert finding["record"].startswith("Tehran in LHC, phase 1 (member, 2014")


def test_a_check_in_persian(office):
    cli(office, "member", "record", "Tehran", "AMF", "member", "--from", "2014")
    table, found = check(office, "--lang", "fa", "--calendar", "jalali")
    assert table.exit_code == 1
    assert "واقعیت‌های بی‌منبع (۱)" in table.stdout
    assert found[0]["record"] == "تهران در AMF، مرحلهٔ ۱ (عضو، ۱۳۹۲–۱۳۹۳ ← تاکنون)"
    assert found[0]["message"].startswith("منبعی برای آن ذکر نشده است")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["Nowhere"], 1, "Error: no organization matches 'Nowhere'."),
        (["--format", "xml"], 2, "Error: "),
        (["--lang", "de"], 2, "Error: "),
    ],
)
def test_bad_arguments_are_one_line(office, args, code, message):
    result = run_cli(office, "check", *args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


# --- unsourced facts -----------------------------------------------------------------------


def test_an_unsourced_membership_phase(office):
    cli(office, "member", "record", "Tehran", "AMF", "observer", "--from", "2010")
    finding = one_finding(office, "unsourced", "no-source")
    assert finding["record"] == "Tehran in AMF, phase 1 (observer, 2010 (1388–1389) → now (open))"
    assert finding["message"].startswith("no source is cited for it: cite the source")
    (phase,) = office.rows(
        "SELECT p.id FROM membership_phase p JOIN membership m ON m.id = p.membership_id"
        " JOIN city c ON c.id = m.city_id WHERE c.key = 'tehran'"
    )
    assert finding["ids"] == {"membership_phase": [phase[0]]}


def test_an_unsourced_person_and_session(office):
    cli(office, "person", "add", "Mohammad Khodadadi")
    cli(office, "session", "add", "AMF", "2", "--host", "Yazd", "--from", "2011")
    table, found = check(office)
    assert table.exit_code == 1
    assert {(f["kind"], f["record"]) for f in found} == {
        ("unsourced", "Mohammad Khodadadi"),
        ("unsourced", "AMF General Assembly 2"),
    }
    assert "Facts without a source (2)" in table.stdout


# --- duplicate-looking people and cities ---------------------------------------------------


def test_a_person_recorded_in_both_scripts(office):
    cli(office, "person", "add", "علیرضا امراللهی", "--source", "S2")
    cli(office, "person", "add", "Alireza Amrollahi", "--source", "S2", "--force")
    finding = one_finding(office, "duplicate", "across-scripts")
    assert finding["record"] == "علیرضا امراللهی (key alireza-amrallhi)"
    assert finding["message"].startswith(
        "may be Alireza Amrollahi (key alireza-amrollahi) spelt in the other script"
    )
    assert sorted(finding["ids"]) == ["person"] and len(finding["ids"]["person"]) == 2


def test_people_named_in_both_scripts_are_told_apart(office):
    # "Mahmoud" and "Mohammad" have the same consonants (m h m d), as do محمود and محمد.
    cli(office, "person", "add", "Mohammad Ahmadi", "--name", "fa=محمد احمدی", "--source", "S2")
    cli(office, "person", "add", "Mahmoud Ahmadi", "--name", "fa=محمود احمدی", "--source", "S2",
        "--force")  # fmt: skip
    table, found = check(office)
    assert table.exit_code == 0, found


def test_a_city_recorded_twice_in_one_country(office):
    cli(office, "city", "add", "YAZD", "--country", "IR", "--source", "S1", "--force")
    finding = one_finding(office, "duplicate", "same-name")
    assert finding["record"] == "Yazd (key yazd)"
    assert finding["message"].startswith(
        "has the same name as YAZD (key yazd-ir) in the same country: if they are one city"
    )


def test_cities_of_one_name_in_two_countries_are_not_duplicates(office):
    cli(office, "city", "add", "Yazd", "--country", "TR", "--source", "S1", "--force")
    table, _ = check(office)
    assert table.exit_code == 0, table.output


# --- names mixing scripts ------------------------------------------------------------------


def test_a_name_mixing_latin_and_cyrillic(office):
    (name_id,) = office.rows("SELECT id FROM city_name WHERE name = 'Tehran'")[0]
    change(office, schema.city_name, name_id, name="Tеhran")  # a Cyrillic е
    finding = one_finding(office, "mixed-script", "mixed-script")
    assert finding["record"] == "Tеhran"
    assert finding["message"] == (
        "the name “Tеhran” mixes Cyrillic and Latin letters in “Tеhran” (е), which can disguise"
        " it as another name: type it again in one script"
    )


# --- membership phases ---------------------------------------------------------------------


def test_one_fact_recorded_twice_as_two_phases(office):
    # The case: "member from 2025", then the same fact "from 1404". `member record`
    # now refuses it, so the second phase is recorded with another status and given the same
    # one in its row, as a database from before that rule may hold it.
    # (A start that may be before the open phase's no longer closes it: the rows are changed.)
    cli(office, "member", "record", "Yazd", "AMF", "suspended", "--from", "۱۴۰۵", "--source", "S2")
    first, second = phase_ids(office)
    change(office, schema.membership_phase, first, end_date="j:1404")
    change(office, schema.membership_phase, second, status="member", start_date="j:1404")
    finding = one_finding(office, "phase", "same-status")
    assert finding["record"].startswith("Yazd in AMF, phase 2 (member, 2025–2026 (1404)")
    assert finding["message"].startswith("continues phase 1 (member, 2025")
    assert finding["ids"] == {"membership_phase": phase_ids(office)}


def test_the_same_status_confirmed_at_a_session_is_no_finding(office):
    # Recorded as another status and given the same one in its row (`member record` refuses
    # a phase that may repeat the one before, as it cannot tell it was confirmed).
    cli(office, "member", "record", "Yazd", "AMF", "suspended", "--from", "2026-11", "--source",
        "S2", "--session", "AMF/general-assembly/1")  # fmt: skip
    first, second = phase_ids(office)
    change(office, schema.membership_phase, first, end_date="2025-11")
    change(office, schema.membership_phase, second, status="member", start_date="2025-11")
    table, _ = check(office)
    assert table.exit_code == 0, table.output


def test_overlapping_phases(office):
    cli(office, "member", "record", "Yazd", "AMF", "suspended", "--from", "2026-03", "--source",
        "S2")  # fmt: skip
    first, _ = phase_ids(office)
    change(office, schema.membership_phase, first, end_date="2026-06")
    finding = one_finding(office, "phase", "overlap")
    assert finding["record"].startswith("Yazd in AMF, phase 2 (suspended, 2026-03")
    assert finding["message"].startswith("begins before phase 1 (member, 2025")


def test_two_open_phases(office):
    cli(office, "member", "record", "Yazd", "AMF", "suspended", "--from", "2026-03", "--source",
        "S2")  # fmt: skip
    first, _ = phase_ids(office)
    change(office, schema.membership_phase, first, end_date="unknown")
    finding = one_finding(office, "phase", "open-not-last")
    assert finding["message"].startswith(
        "follows phase 1 (member, 2025 (1403–1404) → now (open)), which has no end"
    )


def test_a_retracted_phase_is_left_out(office):
    cli(office, "member", "record", "Yazd", "AMF", "suspended", "--from", "2026-03", "--source",
        "S2")  # fmt: skip
    first, _ = phase_ids(office)
    change(office, schema.membership_phase, first, end_date="unknown")
    from datetime import UTC, datetime

    change(office, schema.membership_phase, first, retracted_at=datetime.now(UTC))
    table, _ = check(office)
    assert table.exit_code == 0, table.output


# --- session days no source gives ----------------------------------------------------------


def test_a_session_day_backed_by_a_source_that_gives_the_year(office):
    cli(office, "session", "add", "AMF", "2", "--host", "Yazd", "--from", "2025-11-28",
        "--source", "S2")  # fmt: skip
    finding = one_finding(office, "unsupported-day", "day-without-source")
    assert finding["record"] == "AMF General Assembly 2"
    assert finding["message"].startswith(
        "is dated to the day (2025-11-28 (1404-09-07)), but none of its sources (S2) gives a day"
    )


@pytest.mark.parametrize(
    "source",
    [
        ["--kind", "news-article", "--published", "2025-11-29"],
        ["--kind", "news-article", "--excerpt", "در روز ۷ آذر ۱۴۰۴ در تهران برگزار شد"],
        ["--kind", "web-page", "--excerpt", "held on 28 November 2025 in Tehran"],
        ["--kind", "report"],
    ],
    ids=["published-that-day", "persian-excerpt", "english-excerpt", "meeting-report"],
)
def test_a_session_day_backed_by_a_source_that_can_give_it(office, source):
    cli(office, "source", "add", "--title", "Tehran meeting", "--publisher", "mehrnews.com",
        "--lang", "fa", *source)  # fmt: skip
    cli(office, "session", "add", "AMF", "2", "--host", "Tehran", "--from", "2025-11-28",
        "--source", "S2", "--source", "S3")  # fmt: skip
    table, _ = check(office)
    assert table.exit_code == 0, table.output


# --- conflicting claims --------------------------------------------------------------------


def test_attendance_counts_that_disagree(office):
    cli(office, "attend", "count", "AMF", "1", "100", "--qualifier", "more-than", "--source",
        "S1", "--counted", "mayors")  # fmt: skip
    cli(office, "attend", "count", "AMF", "1", "89", "--source", "S2", "--counted", "Mayors")
    finding = one_finding(office, "conflict", "attendance-counts")
    assert finding["record"] == "AMF General Assembly 1"
    assert finding["message"].startswith(
        "counts that cannot both be true: more than 100 mayors (S1) and 89 Mayors (S2)"
    )


def test_attendance_counts_of_different_things_do_not_conflict(office):
    cli(office, "attend", "count", "AMF", "1", "100", "--qualifier", "more-than", "--source",
        "S1", "--counted", "mayors and city managers")  # fmt: skip
    cli(office, "attend", "count", "AMF", "1", "89", "--source", "S1", "--counted", "cities")
    cli(office, "attend", "count", "AMF", "1", "95", "--source", "S2", "--qualifier", "about",
        "--counted", "cities")  # fmt: skip
    table, _ = check(office)
    assert table.exit_code == 0, table.output


def test_member_counts_that_disagree_for_one_date(office, tmp_path):
    dataset = tmp_path / "counts.toml"
    dataset.write_text(
        'format = "citylinks-dataset/1"\n\n[[organization]]\nkey = "amf"\nacronym = "AMF"\n'
        'names = [{ lang = "en", name = "Asian Mayors Forum", kind = "official" }]\n'
        'kind = "network"\nsources = ["S1"]\n\n'
        '[[organization.member_count]]\nnumber = 71\nas_of = "2016"\nsources = ["S1"]\n\n'
        '[[organization.member_count]]\nnumber = 50\nqualifier = "about"\nas_of = "2016"\n'
        'sources = ["S2"]\n\n'
        '[[organization.member_count]]\nnumber = 40\nas_of = "2015"\nsources = ["S2"]\n',
        encoding="utf-8",
    )
    cli(office, "import", "dataset", str(dataset))
    finding = one_finding(office, "conflict", "member-counts")
    assert finding["record"] == "AMF: member counts as of 2016 (1394–1395)"
    assert finding["message"].startswith("counts that cannot both be true: 71 (S1) and about 50")


def test_a_source_numbering_one_session_twice(office):
    cli(office, "session", "numbering", "add", "AMF", "1", "--as", "3", "--source", "S2")
    cli(office, "session", "numbering", "add", "AMF", "1", "--as", "4", "--source", "S2")
    finding = one_finding(office, "conflict", "numbers-of-one-session")
    assert finding["message"] == (
        "source S2 gives it the numbers 3, 4: correct the number or the citation"
    )


def test_a_source_numbering_two_sessions_alike(office):
    cli(office, "session", "add", "AMF", "2", "--host", "Yazd", "--from", "2011", "--source", "S1")
    cli(office, "session", "numbering", "add", "AMF", "1", "--as", "7", "--source", "S2")
    cli(office, "session", "numbering", "add", "AMF", "2", "--as", "7", "--source", "S2")
    finding = one_finding(office, "conflict", "one-number-two-sessions")
    assert finding["record"] == "AMF General Assembly 1"
    assert finding["message"].startswith(
        "source S2 gives both it and AMF General Assembly 2 the number 7"
    )


def test_sessions_numbered_against_their_dates(office):
    cli(office, "session", "add", "AMF", "2", "--host", "Yazd", "--from", "2007", "--source", "S1")
    finding = one_finding(office, "conflict", "numbers-against-dates")
    assert finding["record"] == "AMF General Assembly 2"
    assert finding["message"].startswith(
        "is numbered after AMF General Assembly 1 but began (2007 (1385–1386)) before it"
    )


# --- roles without membership --------------------------------------------------------------


@pytest.mark.parametrize(
    ("to", "shown"),
    [([], "unknown"), (["--to", "present"], "present")],
    ids=["end-unknown", "still-held"],
)
def test_a_role_of_a_city_with_no_membership(office, to, shown):
    """A role's end is shown as recorded: 'unknown' is not 'present' (still held)."""
    cli(office, "role", "add", "Tehran", "Tourism and Culture", "chair", "--from", "2025",
        *to, "--source", "S2")  # fmt: skip
    finding = one_finding(office, "role-without-membership", "no-membership")
    assert finding["record"] == (
        f"Tehran: chair of Tourism and Culture Committee (AMF) (2025 (1403–1404) → {shown})"
    )
    assert finding["message"].startswith("Tehran has no membership recorded in AMF")
    assert finding["reviewed"] is None
    table = run_cli(office, "check", "--lang", "fa")
    assert ("نامعلوم" if shown == "unknown" else "تاکنون") in table.stdout


def test_a_reviewed_role_is_listed_apart_and_the_check_passes(office):
    """Reviewed (`check review`), the finding is listed in one line and the exit code is 0;
    another finding still makes it 1."""
    cli(office, "role", "add", "Tehran", "Tourism and Culture", "chair", "--from", "2025",
        "--source", "S2")  # fmt: skip
    (finding,) = check(office)[1]
    ref = f"role:{finding['ids']['role'][0]}"
    cli(office, "check", "review", ref, "--reason", "S2 names it chair", "--source", "S2")
    table, found = check(office, "AMF")
    assert table.exit_code == 0, table.output
    assert [f["reviewed"]["reason"] for f in found] == ["S2 names it chair"]
    assert "1 finding reviewed: Tehran: chair of Tourism and Culture" in table.stdout
    cli(office, "city", "add", "Ardakan", "--country", "IR")  # no source
    table, found = check(office)
    assert table.exit_code == 1
    assert [(f["kind"], f["reviewed"] is None) for f in found] == [
        ("unsourced", True),
        ("role-without-membership", False),
    ]
    assert "1 finding to look at." in table.stdout


def test_a_role_before_the_membership_began(office):
    cli(office, "role", "add", "Yazd", "AMF", "chair", "--from", "2010", "--to", "2012",
        "--source", "S2")  # fmt: skip
    finding = one_finding(office, "role-without-membership", "not-member-then")
    assert finding["message"].startswith(
        "Yazd was not a member of AMF on any day the role may cover"
    )


def test_a_member_city_s_committee_role_is_no_finding(office):
    cli(office, "role", "add", "Yazd", "Tourism and Culture", "secretary", "--from", "2025-11",
        "--source", "S2")  # fmt: skip
    table, _ = check(office)
    assert table.exit_code == 0, table.output


def test_a_city_s_own_fact_concerns_each_organization_it_belongs_to(office):
    cli(office, "city", "add", "Ardakan", "--country", "IR")  # no source
    table, found = check(office, "AMF")
    assert table.exit_code == 0, found  # not (yet) AMF's concern
    cli(office, "member", "record", "Ardakan", "LHC", "member", "--from", "2014", "--source", "S1")
    assert check(office, "AMF")[0].exit_code == 0
    finding = one_finding(office, "unsourced", "no-source", "LHC")
    assert finding["record"] == "Ardakan"


@pytest.mark.any_backend  # which modules a command imports does not depend on the database
def test_the_check_reads_the_tables_without_importing_the_orm(office):
    """Like the analysts' reports, the check reads plain rows: no ORM, no mapped classes."""
    import subprocess
    import sys

    cli(office, "person", "add", "Mohammad Khodadadi")
    code = (
        "import json, sys\n"
        "sys.argv = ['citylinks', '--db', *sys.argv[1:]]\n"
        "from citylinks.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 1, exc.code\n"
        "watched = ('sqlalchemy.orm', 'citylinks.model', 'alembic', 'platformdirs')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(watched))), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, office.url, "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Mohammad Khodadadi" in done.stdout
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
