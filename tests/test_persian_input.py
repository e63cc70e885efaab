"""Persian input everywhere (issue 15): a status, kind, role or qualifier typed by the Persian
name citylinks prints for it, in any spelling the matcher forgives, gives the same answer at
every door: a command, a CSV cell, a dataset field and a Popolo property."""

from __future__ import annotations

import pytest
from conftest import run_cli
from test_one_way_in import DOORS, GOOD

from citylinks import i18n, vocab
from citylinks.services import fields
from citylinks.services.fields import FieldError

ZWNJ = "\u200c"

# Each vocabulary's field, and the prefix of its words in i18n.
VOCABULARIES = {
    "status": (fields.STATUS, "status_"),
    "attendance role": (fields.ATTENDANCE_ROLE, "role_"),
    "session status": (fields.SESSION_STATUS, ""),
    "source kind": (fields.SOURCE_KIND, "source_kind_"),
    "organization kind": (fields.ORGANIZATION_KIND, "organization_kind_"),
    "name kind": (fields.NAME_KIND, "name_kind_"),
    "count qualifier": (fields.COUNT_QUALIFIER, ""),
    "attendee kind": (fields.ATTENDEE_KIND, "attendee_kind_"),
}


@pytest.mark.any_backend  # no database
@pytest.mark.parametrize("which", list(VOCABULARIES))
def test_every_choice_is_read_by_the_persian_name_citylinks_prints_for_it(which):
    rule, prefix = VOCABULARIES[which]
    for choice in rule.choices:
        english, persian = i18n.WORDS.get(prefix + choice, ("", ""))
        if choice == "exactly":
            persian = "دقیقاً"  # printed as nothing; typed as a word
        assert persian, f"{choice} has no Persian name"
        assert rule.clean(persian) == choice
        assert rule.clean(choice) == choice
        if english:
            assert rule.clean(english.upper()) == choice


@pytest.mark.any_backend  # no database
@pytest.mark.parametrize(
    ("typed", "rule", "choice"),
    [
        ("عضو", fields.STATUS, "member"),
        ("عضو وابسته", fields.STATUS, "associate-member"),
        (f"عضو{ZWNJ}وابسته", fields.STATUS, "associate-member"),
        ("عضووابسته", fields.STATUS, "associate-member"),
        ("  همکاري  ", fields.STATUS, "cooperating"),  # Arabic yeh, spaces
        (f"تعلیق{ZWNJ}شده", fields.STATUS, "suspended"),
        ("معلق", fields.STATUS, "suspended"),
        ("خارج شده", fields.STATUS, "withdrawn"),
        ("هیات", fields.ATTENDANCE_ROLE, "delegation"),
        ("هیأت", fields.ATTENDANCE_ROLE, "delegation"),
        ("ميهمان", fields.ATTENDANCE_ROLE, "guest"),
        ("برگزارشده", fields.SESSION_STATUS, "held"),
        ("لغو", fields.SESSION_STATUS, "cancelled"),
        ("بیش از", fields.COUNT_QUALIFIER, "more-than"),
        ("حدوداً", fields.COUNT_QUALIFIER, "about"),
        ("اطلاعیه خبری", fields.SOURCE_KIND, "news-release"),  # without the ezafe hamza
        ("شبکه", fields.ORGANIZATION_KIND, "network"),
        ("سرواژه", fields.NAME_KIND, "acronym"),
        ("سازمان", fields.ATTENDEE_KIND, "org"),
        ("Organization", fields.ATTENDEE_KIND, "org"),
    ],
)
def test_persian_spellings_of_a_choice_are_read_alike(typed, rule, choice):
    assert rule.clean(typed) == choice


@pytest.mark.any_backend  # no database
def test_no_name_means_two_choices_of_one_vocabulary():
    for choices in vocab.WORDS_PREFIXES:
        if choices in vocab.SHARED_NAMES:
            continue
        table = vocab.names_of(choices)  # raises when two choices share a name
        assert {next(iter(named)) for named in table.values()} == set(choices)


@pytest.mark.any_backend  # no database
def test_an_unknown_status_lists_the_names_in_english_and_persian():
    with pytest.raises(FieldError) as refused:
        fields.STATUS.clean("عضو افتخاری")
    assert str(refused.value) == (
        "unknown status 'عضو افتخاری': use one of cooperating, applicant, observer,"
        " associate-member, member, suspended, withdrawn, expelled (in Persian: همکاری، متقاضی،"
        " ناظر، عضو وابسته، عضو، تعلیق، خارج شده، اخراج شده)"
    )


def _phases(db, status: str, start: str) -> int:
    return db.scalar(
        "SELECT count(*) FROM membership_phase WHERE status = :s AND start_text = :d",
        s=status,
        d=start,
    )


@pytest.mark.parametrize("door", list(DOORS))
def test_a_persian_status_and_date_give_the_same_phase_at_every_door(seeded_db, tmp_path, door):
    # «ناظر» with Arabic yeh nowhere to fold, «سال ۲۰۲۰» a year said as a year
    values = {**GOOD, "status": "ناظر", "date": "سال ۲۰۲۰"}
    before = _phases(seeded_db, "observer", "2020")
    result = run_cli(seeded_db, *DOORS[door](seeded_db, tmp_path, values))
    assert result.exit_code == 0, (door, result.output)
    assert _phases(seeded_db, "observer", "2020") == before + 1


def test_member_record_takes_the_persian_status(seeded_cli, seeded_db):
    result = seeded_cli(
        "member", "record", "Isfahan", "AMF", "عضو", "--from", "اوایل ۱۴۰۴", "--source", "S1"
    )
    assert result.exit_code == 0, result.output
    assert "'member' from early 1404 to now" in result.stdout
    assert _phases(seeded_db, "member", "early j:1404") == 1


def test_roster_filters_by_a_persian_status(seeded_cli):
    english = seeded_cli("roster", "AMF", "--status", "member", "--format", "csv")
    persian = seeded_cli("roster", "AMF", "--status", "عضو", "--format", "csv")
    assert english.exit_code == 0 and persian.exit_code == 0, persian.output
    assert persian.stdout == english.stdout
    refused = seeded_cli("roster", "AMF", "--status", "عضویت")
    assert refused.exit_code == 1
    assert "unknown status 'عضویت': use one of" in refused.stderr


def test_a_series_and_a_role_named_in_persian_in_a_spreadsheet_as_in_a_command(
    seeded_cli, seeded_db, tmp_path
):
    sessions = tmp_path / "sessions.csv"
    sessions.write_text(
        "organization,series,number,host,country,start,end,status,source\n"
        "AMF,مجمع عمومی,30,Tehran,IR,اواخر ۱۴۱۰,,برنامه‌ریزی شده,M1\n",
        encoding="utf-8",
    )
    result = seeded_cli("import", "csv", "sessions", str(sessions))
    assert result.exit_code == 0, result.output
    attendance = tmp_path / "attendance.csv"
    attendance.write_text(
        "organization,series,number,city,country,role,source\nAMF,مجمع‌عمومی,30,Yazd,IR,ناظر,M1\n",
        encoding="utf-8",
    )
    result = seeded_cli("import", "csv", "attendance", str(attendance))
    assert result.exit_code == 0, result.output
    command = seeded_cli(
        "attend", "add", "AMF", "30", "Shiraz", "--series", "مجمع عمومی", "--role", "ناظر",
        "--kind", "شهر", "--source", "M1",
    )  # fmt: skip
    assert command.exit_code == 0, command.output
    assert seeded_db.rows(
        "SELECT ms.key, s.status, s.start_text, c.key, a.role FROM attendance a"
        " JOIN session s ON s.id = a.session_id JOIN meeting_series ms ON ms.id = s.series_id"
        " JOIN city c ON c.id = a.city_id WHERE s.number = 30 ORDER BY c.key"
    ) == [
        ("general-assembly", "planned", "late j:1410", "shiraz", "observer"),
        ("general-assembly", "planned", "late j:1410", "yazd", "observer"),
    ]


def test_records_named_in_persian_only_get_transliterated_keys(seeded_cli):
    committee = seeded_cli("org", "committee", "add", "AMF", "کمیته گردشگری سلامت")
    assert committee.exit_code == 0, committee.output
    assert "(key amf-komiteh-gardeshgari-salamat)" in committee.stdout
    person = seeded_cli("person", "add", "مریم نوری", "--force")
    assert person.exit_code == 0, person.output
    assert "(key maryam-nuri)" in person.stdout
    org = seeded_cli("org", "add", "مشا", "--name", "مجمع شهرداران ایران", "--kind", "شبکه")
    assert org.exit_code == 0, org.output
    assert "(key masha)" in org.stdout
