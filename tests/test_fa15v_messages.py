"""Issue 15 (fa15v): the last English in Persian messages. A value a message quotes is put in
«» whichever way the message quotes it (the schema revision was quoted '۰۰۹۹'); a refused
duplicate names the recorded city or organization in the interface language; a post or role
title citylinks knows is said in Persian."""

from __future__ import annotations

import pytest
from conftest import persian, run_cli, run_fa

from citylinks import i18n


def _error(result) -> str:
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.any_backend
def test_an_unknown_schema_revision_is_quoted_in_guillemets_in_persian(empty_db):
    done = run_fa(empty_db, "db", "downgrade", "0099")
    assert done.exit_code == 1, done.output
    line = _error(done)
    assert line.startswith("خطا: ویرایش ناشناختهٔ ساختار «۰۰۹۹»"), line
    assert "'" not in line, line
    done = run_cli(empty_db, "db", "downgrade", "0099")
    assert done.exit_code == 1, done.output
    assert _error(done).startswith("Error: unknown schema revision '0099': use one of 0001,")


def test_a_quoted_placeholder_is_put_in_guillemets_by_the_one_rule():
    # Both ways a message quotes a value: Python's repr and ASCII quotes around a placeholder;
    # a quoted example that is no placeholder ('' to clear) is typed as it is, and kept.
    message = "unknown thing '{value}', also {other!r}; '' clears it"
    assert i18n._(message, value="x y", other="z") == "unknown thing 'x y', also 'z'; '' clears it"
    with persian():
        assert (
            i18n._(message, value="x y", other="z") == "unknown thing «x y», also «z»; '' clears it"
        )
        assert i18n.quoted("AMF") == "«AMF»"
    assert i18n.quoted("AMF") == "'AMF'"


def test_a_duplicate_city_is_named_in_the_interface_language(seeded_cli, seeded_db):
    for typed in ("شیراز", "Shiraz"):
        done = run_fa(seeded_db, "city", "add", typed, "--country", "IR")
        assert done.exit_code == 1, done.output
        line = _error(done)
        assert f"شهری با نامی مانند «{typed}» از پیش ثبت شده است: شیراز، IR (کلید shiraz)" in line
        assert line.count("Shiraz") == (typed == "Shiraz"), line  # only as typed
        done = seeded_cli("city", "add", typed, "--country", "IR")
        assert done.exit_code == 1, done.output
        assert (
            f"a city with a name like '{typed}' is recorded already: Shiraz, IR (key shiraz)"
            in (_error(done))
        )


def test_a_duplicate_organization_is_named_and_quoted_in_persian(seeded_cli, seeded_db):
    done = run_fa(seeded_db, "org", "add", "AMF", "--name", "Asian Mayors Forum")
    assert done.exit_code == 1, done.output
    line = _error(done)
    assert "سازمانی مانند «AMF» از پیش ثبت شده است: AMF (مجمع شهرداران آسیایی، کلید amf)" in line
    assert "'" not in line and "Asian" not in line, line
    done = seeded_cli("org", "add", "AMF", "--name", "Asian Mayors Forum")
    assert done.exit_code == 1, done.output
    assert "an organization like 'AMF' is recorded already: AMF (Asian Mayors Forum, key amf)" in (
        _error(done)
    )


@pytest.mark.parametrize(
    ("args", "persian_words", "english_words"),
    [
        (
            ("post", "remove", "amrollahi", "secretary-general"),
            "سمت «دبیرکل» را ندارد",
            "holds no such post 'secretary-general'",
        ),
        (
            ("post", "remove", "amrollahi", "Mayor"),
            "سمت «شهردار» را ندارد",
            "holds no such post 'Mayor'",
        ),
        (
            ("role", "remove", "Yazd", "AMF", "treasurer"),
            "نقش «خزانه‌دار» را در",
            "no role 'treasurer'",
        ),
    ],
)
def test_a_known_title_is_said_in_persian(
    seeded_cli, seeded_db, args, persian_words, english_words
):
    done = run_fa(seeded_db, *args)
    assert done.exit_code == 1, done.output
    line = _error(done)
    assert persian_words in line, line
    assert args[-1] not in line, line
    done = seeded_cli(*args)
    assert done.exit_code == 1, done.output
    assert english_words in _error(done)


def test_a_title_citylinks_does_not_know_is_shown_as_recorded(seeded_cli, seeded_db):
    done = run_fa(seeded_db, "post", "remove", "amrollahi", "Chief Archivist")
    assert done.exit_code == 1, done.output
    assert "سمت «Chief Archivist» را ندارد" in _error(done)


@pytest.mark.any_backend
@pytest.mark.parametrize(
    ("args", "persian_words", "english_words"),
    [
        # (the argument's name as the command was built: «نام» when run as CITYLINKS_LANG=fa)
        (("city", "add"), "آرگومان «", "Missing argument 'NAME'."),
        (("city", "ad"), "چنین فرمانی نیست: «ad». منظورتان «add» است؟", "No such command 'ad'."),
        (
            ("import", "csv", "cities", "/nonexistent/c.csv"),
            "پروندهٔ «/nonexistent/c.csv» وجود ندارد.",
            "'/nonexistent/c.csv' does not exist.",
        ),
    ],
)
def test_clicks_usage_errors_quote_in_guillemets_in_persian(
    empty_db, args, persian_words, english_words
):
    done = run_fa(empty_db, *args)
    assert done.exit_code == 2, done.output
    line = _error(done)
    assert persian_words in line, line
    assert "File" not in line and "'" not in line.split(" (راهنما")[0], line
    done = run_cli(empty_db, *args)
    assert done.exit_code == 2, done.output
    assert english_words in _error(done)


def test_person_show_joins_a_posts_parts_with_the_persian_comma(seeded_db):
    done = run_fa(seeded_db, "person", "show", "amrollahi")
    assert done.exit_code == 0, done.output
    (post,) = [line for line in done.stdout.splitlines() if "Director of" in line]
    assert "Yazd Municipality، یزد، IR، از تاریخی نامعلوم" in post, post
    done = run_cli(seeded_db, "person", "show", "amrollahi")
    assert "Yazd Municipality, Yazd, IR, from an unknown date" in done.stdout


def test_a_role_recorded_is_confirmed_with_its_persian_title(seeded_db):
    args = ("role", "add", "Yazd", "AMF", "secretary", "--from", "2026", "--dry-run")
    done = run_fa(seeded_db, *args)
    assert done.exit_code == 0, done.output
    assert "یزد: دبیر در AMF از" in done.stdout and "secretary" not in done.stdout, done.stdout
    done = run_cli(seeded_db, *args)
    assert "Yazd: secretary of AMF from" in done.stdout, done.stdout


@pytest.mark.any_backend
def test_clicks_possible_options_are_listed_with_the_persian_comma(empty_db):
    done = run_fa(empty_db, "member", "end", "Yazd", "AMF", "--to", "2026")
    assert done.exit_code == 2, done.output
    assert "(گزینه‌های ممکن: --note، --on)" in _error(done), _error(done)
    done = run_cli(empty_db, "member", "end", "Yazd", "AMF", "--to", "2026")
    assert "(Possible options: --note, --on)" in _error(done), _error(done)


def test_a_suggestion_is_quoted_in_guillemets_in_persian(seeded_db):
    done = run_fa(seeded_db, "org", "show", "NOPE")
    assert done.exit_code == 1, done.output
    line = _error(done)
    assert "منظورتان «amf-" in line and "'" not in line, line
    done = run_cli(seeded_db, "org", "show", "NOPE")
    assert "Did you mean 'amf-" in _error(done), _error(done)
