"""Every date option's refusal names the option (fa15s), as the other options' errors do,
also for a number too long for Python to read (5,000 digits) and a very long text: one line,
exit 1, nothing written."""

from __future__ import annotations

import pytest
from conftest import run_cli, run_fa, table_snapshot

# Each command with its date option; VALUE is what the officer typed.
DATE_OPTIONS = [
    ("--from", "timeline AMF --from VALUE"),
    ("--to", "timeline AMF --to VALUE"),
    ("--since", "log --since VALUE"),
    ("--until", "log --until VALUE"),
    ("--as-of", "roster AMF --as-of VALUE"),
    ("--from", "member record Yazd AMF member --from VALUE --source S1"),
    ("--to", "member record Yazd AMF member --from 2008 --to VALUE --source S1"),
    ("--on", "member end Yazd AMF --on VALUE"),
    ("--founded", "org add ZZZ --name Zed --founded VALUE"),
    ("--from", "session add AMF 99 --series general-assembly --host Yazd --from VALUE"),
    ("--to", "session add AMF 99 --series general-assembly --host Yazd --from 2030 --to VALUE"),
    ("--retrieved", "source add --title T --publisher P --retrieved VALUE"),
    ("--published", "source add --title T --publisher P --published VALUE"),
]
TOO_LONG = {"digits": "1" * 5000, "text": "x" * 5000, "digits-in-a-date": "2008-" + "1" * 5000}


# any_backend: the refusal comes before the database is written; one backend shows it.
@pytest.mark.any_backend
@pytest.mark.parametrize("typed", TOO_LONG.values(), ids=TOO_LONG.keys())
@pytest.mark.parametrize(
    "option, command", DATE_OPTIONS, ids=[c.split(" VALUE")[0] for _o, c in DATE_OPTIONS]
)
def test_a_date_option_given_a_very_long_value_is_refused_naming_it(
    seeded_db, option, command, typed
):
    before = table_snapshot(seeded_db)
    args = [typed if a == "VALUE" else a for a in command.split()]
    for run, error in ((run_cli, "Error: "), (run_fa, "خطا: ")):
        result = run(seeded_db, *args)
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"{error}{option}: "), lines[0][:200]
        assert "4,300" not in lines[0] and "Traceback" not in lines[0]
        assert len(lines[0]) < 400  # the value is shortened, not echoed whole
    assert table_snapshot(seeded_db) == before
