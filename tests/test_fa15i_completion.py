"""Issue 15, shell completion (item 6): a name's beginning typed in Persian or Arabic letters,
or in another case, completes as names are matched (text.fold) when nothing begins exactly
as typed; `--series` completes the series of the organization on the command line; and a Tab
stays light (no ORM, no Rich)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from test_completion import complete


def test_a_persian_beginning_typed_with_arabic_letters_completes(seeded_db):
    url = seeded_db.url
    assert complete("bash", "citylinks history يز", db=url).split() == ["یزد"]  # Arabic yeh
    cities = complete("bash", "citylinks post add x mayor --city ك", db=url).split()  # kaf
    assert "کرمانشاه" in cities and all(c.startswith("ک") for c in cities)
    # Another case: what begins exactly as typed first; else any case.
    assert complete("bash", "citylinks history Ya", db=url).split() == ["Yazd"]
    assert set(complete("bash", "citylinks history YA", db=url).split()) == {"yazd", "Yazd"}
    assert complete("bash", "citylinks member record Yazd AMF ME", db=url).split() == ["member"]


def test_series_complete_from_the_organization_on_the_line(seeded_db, seeded_cli):
    url = seeded_db.url
    added = seeded_cli("org", "series", "add", "UCLG-MEWA", "congress", "--name", "World Congress")
    assert added.exit_code == 0, added.stderr
    typed = "citylinks attend add AMF 11 Shiraz --series "
    assert complete("bash", typed, db=url).split() == ["executive-board", "general-assembly"]
    assert complete("bash", "citylinks session show UCLG-MEWA 1 --series ", db=url).split() == [
        "congress"
    ]
    # Their names too, Persian ones by a beginning in Arabic letters (zsh quotes them).
    zsh = complete("zsh", "citylinks attend add AMF 11 Shiraz --series هي", db=url)
    assert '"هیئت اجرایی"' in zsh and "مجمع" not in zsh
    assert "general-assembly" in complete("bash", "citylinks org series edit AMF g", db=url)


@pytest.mark.backends("sqlite")
def test_completing_series_imports_neither_the_orm_nor_rich(seeded_db):
    code = (
        "import sys\n"
        "from citylinks.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlalchemy.orm', 'rich', 'alembic', 'jdatetime')"
        " if m in sys.modules]\n"
        "print('heavy:', heavy, file=sys.stderr)\n"
    )
    env = {
        **os.environ,
        "_CITYLINKS_COMPLETE": "complete_bash",
        "COMP_WORDS": f"citylinks --db {seeded_db.url} attend add AMF 11 Shiraz --series ",
        "COMP_CWORD": "9",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert "executive-board" in done.stdout.split()
    assert "heavy: []" in done.stderr
