"""Issue 15, English a fresh-clone tester found in Persian output (CITYLINKS_LANG=fa): a CSV
import's line numbers, kinds and --skip-bad placeholder, an attendance role, the table of a
missing record, the kinds and Popolo sections export summaries count, settings' values, a
count's digits, lists joined with Latin commas, the kinds spelled without ZWNJ, a missing
folder named by its file, and a dry run's series named by key."""

from __future__ import annotations

import csv
import re

from conftest import run_cli, run_fa

from citylinks import vocab
from citylinks.text import to_persian_digits


def _memberships_with_a_bad_status(db, tmp_path):
    """The memberships as exported, the third row's status made unknown ("membre")."""
    path = tmp_path / "m.csv"
    assert run_cli(db, "export", "csv", "memberships", "-o", str(path)).exit_code == 0
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    rows[3][rows[0].index("status")] = "membre"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path, len(rows) - 1


def test_a_csv_imports_lines_kind_and_skip_bad_are_persian(seeded_db, tmp_path):
    path, total = _memberships_with_a_bad_status(seeded_db, tmp_path)
    refused = run_fa(seeded_db, "import", "csv", "memberships", str(path))
    assert refused.exit_code == 1
    first, last = refused.stderr.splitlines()[0], refused.stderr.splitlines()[-1]
    assert first.startswith("سطر ۴: وضعیت ناشناخته «membre»"), first
    assert "line" not in first
    # the status list joined the Persian way
    assert "cooperating، applicant" in first and "cooperating, " not in first
    assert "«--skip-bad پرونده»" in last and "FILE" not in last, last
    done = run_fa(
        seeded_db, "import", "csv", "memberships", str(path), "--skip-bad", str(tmp_path / "b.csv")
    )
    assert done.exit_code == 0, done.stderr
    assert f"عضویت‌ها: از {to_persian_digits(str(total))} سطر" in done.stdout, done.stdout
    assert "memberships" not in done.stdout
    # English is as it was
    english = run_cli(seeded_db, "import", "csv", "memberships", str(path))
    assert english.stderr.startswith("line 4: unknown status 'membre'")
    assert "--skip-bad FILE" in english.stderr


def test_an_attendance_already_recorded_names_its_role_in_persian(seeded_db):
    args = ("attend", "add", "AMF", "2", "Tehran", "--series", "general-assembly")
    added = run_fa(seeded_db, *args, "--role", "هیات", "--source", "S0")
    assert added.exit_code == 0, added.stderr
    again = run_fa(seeded_db, *args, "--role", "هیات", "--source", "S0")
    assert again.exit_code != 0
    assert "با نقش هیئت ثبت شده است" in again.stderr and "delegation" not in again.stderr
    english = run_cli(seeded_db, *args, "--source", "S0")
    assert "as delegation" in english.stderr


def test_a_missing_record_is_named_by_its_persian_table_word(seeded_db):
    done = run_fa(seeded_db, "check", "review", "role:999")
    assert done.exit_code != 0
    assert "نقش ۹۹۹ وجود ندارد" in done.stderr and "role ۹۹۹" not in done.stderr
    assert "--table role" in done.stderr  # the key to type stays a key
    assert "there is no role 999" in run_cli(seeded_db, "check", "review", "role:999").stderr


def test_export_summaries_count_kinds_in_persian(seeded_db, tmp_path):
    cities = run_fa(seeded_db, "export", "csv", "شهرها", "-o", str(tmp_path / "c.csv"))
    assert cities.exit_code == 0, cities.stderr
    assert re.search(r"^[۰-۹]+ سطر شهرها در .*c\.csv نوشته شد$", cities.stderr.strip())
    assert "cities" not in cities.stderr
    popolo = run_fa(seeded_db, "export", "popolo", "-o", str(tmp_path / "p.json"))
    assert popolo.exit_code == 0, popolo.stderr
    said = popolo.stderr.strip().split(": ", 1)[1]
    assert re.fullmatch(r"[۰-۹]+ ناحیه، [۰-۹]+ سازمان، [۰-۹]+ شخص، .*[۰-۹]+ منبع", said), said
    assert re.search(r"[a-z]", said) is None and ", " not in said
    english = run_cli(seeded_db, "export", "popolo", "-o", str(tmp_path / "e.json"))
    assert re.search(r": \d+ areas, \d+ organizations, \d+ persons", english.stderr)


def test_the_dataset_summary_joins_its_counts_with_persian_commas(seeded_db, tmp_path):
    done = run_fa(seeded_db, "export", "dataset", "-o", str(tmp_path / "d.toml"))
    assert done.exit_code == 0, done.stderr
    said = done.stderr.strip().split(": ", 1)[1]
    assert re.match(r"[۰-۹]+ منبع، [۰-۹]+ کشور، ", said) and ", " not in said, said
    english = run_cli(seeded_db, "export", "dataset", "-o", str(tmp_path / "e.toml"))
    assert re.search(r": \d+ sources, \d+ countries, ", english.stderr)


def test_setting_values_are_shown_with_their_persian_words(seeded_db):
    done = run_fa(seeded_db, "setting", "show")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("sources: اختیاری (optional)"), done.stdout
    assert "اختیاری (optional)، الزامی (required)" in done.stdout
    assert run_cli(seeded_db, "setting", "show").stdout.startswith(
        "sources: optional (the default)"
    )


def test_a_counts_number_is_in_persian_digits(seeded_db):
    args = ("attend", "count", "add", "AMF", "2", "۵۰", "--series", "general-assembly")
    done = run_fa(seeded_db, *args, "--qualifier", "more-than", "--source", "S0")
    assert done.exit_code == 0, done.stderr
    assert "بیش از ۵۰" in done.output and "50" not in done.output, done.output


def test_the_kinds_persian_words_have_a_zwnj():
    assert vocab.persian_word("memberships") == "عضویت\u200cها"
    assert vocab.persian_word("sessions") == "جلسه\u200cها"
    # typed with a space (as before), they still mean the kind
    assert vocab.meanings("عضویت ها", ("memberships", "sessions")) == {"memberships"}


def test_the_kinds_are_listed_with_zwnj_in_a_persian_refusal(seeded_db, tmp_path):
    done = run_fa(seeded_db, "export", "csv", "nonsense", "-o", str(tmp_path / "x.csv"))
    assert done.exit_code != 0
    assert "عضویت‌ها، جلسه‌ها" in done.stderr and "عضویت ها" not in done.stderr


def test_a_missing_output_folder_is_named_not_the_file(seeded_db, tmp_path):
    folder = tmp_path / "nonexist" / "dir"
    target = str(folder / "a.csv")
    persian = run_fa(seeded_db, "export", "csv", "cities", "-o", target)
    assert persian.exit_code != 0
    assert f"پوشهٔ {folder} وجود ندارد" in persian.stderr and "a.csv" not in persian.stderr
    english = run_cli(seeded_db, "export", "csv", "cities", "-o", target)
    assert f"the folder {folder} does not exist" in english.stderr
    assert "a.csv" not in english.stderr


def test_a_csv_dry_run_names_a_series_by_its_persian_name(seeded_db, tmp_path):
    added = run_cli(
        seeded_db, "org", "series", "add", "AMF", "hayat-ajrayi", "--name", "fa=هیئت اجرایی"
    )
    assert added.exit_code == 0, added.stderr
    path = tmp_path / "s.csv"
    assert run_cli(seeded_db, "export", "csv", "sessions", "-o", str(path)).exit_code == 0
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    row = rows[1]
    row[rows[0].index("series")] = "hayat-ajrayi"
    row[rows[0].index("number")] = "5"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([rows[0], row])
    done = run_fa(seeded_db, "import", "csv", "sessions", str(path), "--dry-run")
    assert done.exit_code == 0, done.stderr
    assert "AMF هیئت اجرایی ۵" in done.output and "hayat-ajrayi" not in done.output, done.output
