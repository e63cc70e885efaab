"""A dry run's sourcing warning says the fact would be recorded without a source (it was not
recorded), in English and in Persian; the real run says it was."""

from __future__ import annotations

import pytest
from conftest import run_fa


@pytest.mark.backends("sqlite")
def test_a_dry_run_warns_in_the_conditional_and_writes_nothing(seeded_cli, seeded_db):
    args = ("member", "record", "Yazd", "AMF", "suspended", "--from", "2026-03")
    dry = seeded_cli(*args, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert (
        "warning: Yazd in AMF, phase 4 would be recorded without a source: cite it later with"
        " `citylinks cite phase:yazd/amf/4 KEY`" in dry.stderr
    ), dry.stderr
    assert "was recorded" not in dry.stderr
    persian = run_fa(seeded_db, *args, "--dry-run")
    assert "بی منبع ثبت می‌شد" in persian.stderr and "بی منبع ثبت شد" not in persian.stderr
    done = seeded_cli(*args)
    assert done.exit_code == 0, done.output
    assert "phase 4 was recorded without a source" in done.stderr
