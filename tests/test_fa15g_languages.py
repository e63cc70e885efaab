"""A language's name the interface knows ("فارسی", "Persian") is read as its tag at the
language-tag door (fields.LANGUAGE), as the README says: at the command and in a dataset."""

from __future__ import annotations

from conftest import run_cli


def test_source_add_takes_farsi_as_persian(seeded_db):
    result = run_cli(
        seeded_db, "source", "add", "--title", "خبر تازه", "--publisher", "شهرداری",
        "--url", "https://example.org/t1", "--lang", "فارسی",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert seeded_db.rows("SELECT language FROM source WHERE url = 'https://example.org/t1'") == [
        ("fa",)
    ]


def test_a_language_that_is_neither_a_tag_nor_a_known_name_is_still_refused(seeded_db):
    result = run_cli(
        seeded_db, "source", "add", "--title", "خبر تازه", "--publisher", "شهرداری",
        "--url", "https://example.org/t2", "--lang", "کلینگن",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_a_dataset_source_in_persian_named_farsi_is_stored_as_fa(seeded_db, tmp_path):
    path = tmp_path / "d.toml"
    path.write_text(
        'format = "citylinks-dataset/1"\n\n[[source]]\nkey = "T9"\nkind = "web-page"\n'
        'title = "صفحه"\npublisher = "شهرداری"\nurl = "https://example.org/t9"\n'
        'published = "unknown"\nlanguage = "فارسی"\n',
        encoding="utf-8",
    )
    result = run_cli(seeded_db, "import", "dataset", str(path))
    assert result.exit_code == 0, result.output
    assert seeded_db.rows("SELECT language FROM source WHERE key = 'T9'") == [("fa",)]
