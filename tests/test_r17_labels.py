"""The log's labels come from one rule per table (citylinks.audit.LABEL_RULES), read with Core
queries: `log` names rows, removed ones too, without the ORM."""

from __future__ import annotations

import json


def test_every_mapped_table_but_the_log_itself_has_a_label_rule():
    from citylinks import audit

    mapped = set(audit.models()) - {"audit_log"}
    # ... and the Core tables an import logs (another tool's document and the objects kept).
    assert set(audit.LABEL_RULES) == mapped | {"popolo_document", "popolo_extra"}


def test_log_names_a_removed_row_and_what_it_referred_to(seeded_cli):
    assert seeded_cli("city", "add", "Kashan", "--country", "IR").exit_code == 0
    record = ("member", "record", "Kashan", "AMF", "member", "--source", "S1", "--from", "2020")
    assert seeded_cli(*record).exit_code == 0
    assert seeded_cli("member", "remove", "Kashan", "AMF", "1").exit_code == 0
    shown = seeded_cli("log", "--table", "membership_phase", "-f", "json")
    assert shown.exit_code == 0, shown.output
    labels = [(e["action"], e["record"]) for e in json.loads(shown.stdout)]
    assert labels[-2:] == [
        ("insert", "Kashan in AMF, phase 1"),
        ("delete", "Kashan in AMF, phase 1"),
    ]
    persian = seeded_cli("--lang", "fa", "log", "--table", "membership_phase", "--limit", "1")
    assert persian.exit_code == 0, persian.output
    assert "Kashan در AMF" in persian.stdout
