"""Committee and post confirmations name the city, organization, person and committee in the
interface language, as the other confirmations do (fa15s): Persian names and words with
--lang fa, English ones in English."""

from __future__ import annotations

from conftest import run_cli


def test_committee_add_names_the_committee_in_the_interface_language(seeded_db):
    args = ["org", "committee", "add", "AMF", "Water Committee", "--name", "fa=کمیته آب"]
    english = run_cli(seeded_db, *args, "--source", "S1", "--dry-run")
    persian = run_cli(seeded_db, "--lang", "fa", *args, "--source", "S1")
    assert english.exit_code == 0 and persian.exit_code == 0, english.output + persian.output
    assert english.stdout.strip() == (
        "would record committee Water Committee of AMF (key amf-water-committee)"
    )
    assert persian.stdout.strip() == "کمیتهٔ کمیته آب از AMF ثبت شد (کلید amf-water-committee)"
    edited = run_cli(seeded_db, "--lang", "fa", "org", "committee", "edit", "AMF",
                     "amf-water-committee", "--note", "x")  # fmt: skip
    assert edited.stdout.strip().startswith("کمیتهٔ کمیته آب تغییر کرد"), edited.output


def test_post_confirmations_speak_the_interface_language(seeded_db):
    add = ["post", "add", "amrollahi", "mayor", "--city", "Yazd", "--from", "2020"]
    english = run_cli(seeded_db, *add, "--source", "S1", "--dry-run")
    assert english.exit_code == 0, english.output
    assert english.stdout.strip() == (
        "would record post: Alireza Amrollahi, mayor, Yazd, 2020 (1398–1399)"
    )
    persian = run_cli(seeded_db, "--lang", "fa", *add, "--source", "S1")
    assert persian.exit_code == 0, persian.output
    assert persian.stdout.strip() == "سمت ثبت شد: علیرضا امراللهی، شهردار، یزد، ۱۳۹۸–۱۳۹۹ (۲۰۲۰)"
    removed = run_cli(seeded_db, "--lang", "fa", "post", "remove", "amrollahi", "mayor",
                      "--city", "Yazd")  # fmt: skip
    assert removed.exit_code == 0, removed.output
    assert "علیرضا امراللهی: شهردار، یزد، از ۱۳۹۸–۱۳۹۹ (۲۰۲۰)" in removed.stdout
    assert "mayor" not in removed.stdout and "Yazd" not in removed.stdout
