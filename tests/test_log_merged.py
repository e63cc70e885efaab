"""`log --record KEPT` after a merge shows the merged record's history too: its creation, its
names, and its removal by the merge (the entries `log --change ID` shows)."""

from __future__ import annotations

import json


def _log(run, *args):
    result = run("log", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _merge_change(run, reason: str) -> list[dict]:
    found = [e for e in _log(run, "--limit", "50") if (e.get("reason") or "").startswith(reason)]
    assert found, reason
    return _log(run, "--change", found[0]["change_id"])


def test_log_record_of_the_kept_person_shows_the_merged_persons_removal(seeded_cli):
    assert seeded_cli("--as", "maryam", "person", "add", "Ali Testi").exit_code == 0
    added = seeded_cli("--as", "reza", "person", "add", "علی تستی", "--force")
    assert added.exit_code == 0, added.output
    merged = seeded_cli("--as", "sara", "person", "merge", "ali-testi", "علی تستی")
    assert merged.exit_code == 0, merged.output

    entries = _log(seeded_cli, "--record", "ali-testi")
    change = _merge_change(seeded_cli, "merged person ali-tasti into ali-testi")
    # Every entry of the merge is in the kept person's log, the removal of the other included.
    assert {e["entry"] for e in change} <= {e["entry"] for e in entries}
    removal = [e for e in entries if e["action"] == "delete" and e["table"] == "person"]
    assert len(removal) == 1 and removal[0]["officer"] == "sara"
    assert removal[0]["before"]["key"] == "ali-tasti"
    # And the merged person's own history: its creation by reza.
    created = [e for e in entries if e["action"] == "insert" and e["table"] == "person"]
    assert sorted(e["officer"] for e in created) == ["maryam", "reza"]
    assert removal[0]["summary"] == "removed"
    assert removal[0]["reason"] == "merged person ali-tasti into ali-testi"


def test_log_record_of_the_kept_city_shows_the_merged_citys_removal(seeded_cli):
    assert seeded_cli("city", "add", "Kashan", "--country", "IR").exit_code == 0
    added = seeded_cli("city", "add", "کاشان", "--country", "IR", "--force")
    assert added.exit_code == 0, added.output
    other = json.loads(seeded_cli("city", "list", "--format", "json").stdout)
    key = next(c["key"] for c in other if c["key"].startswith("kashan") and c["key"] != "kashan")
    merged = seeded_cli("--as", "sara", "city", "merge", "kashan", key)
    assert merged.exit_code == 0, merged.output

    entries = _log(seeded_cli, "--record", "kashan")
    change = _merge_change(seeded_cli, f"merged city {key} into kashan")
    assert {e["entry"] for e in change} <= {e["entry"] for e in entries}
    removal = [e for e in entries if e["action"] == "delete" and e["table"] == "city"]
    assert [e["before"]["key"] for e in removal] == [key]


def test_log_record_of_a_record_removed_with_others_does_not_take_in_the_others(seeded_cli):
    """A change that removed the record itself (here one import undone, which removes both
    cities it recorded) merged nothing into it: the other city's entries stay out."""
    for name in ("Kashan", "Naein"):
        assert seeded_cli("city", "add", name, "--country", "IR").exit_code == 0
    entries = _log(seeded_cli, "--record", "kashan")
    assert {e["table"] for e in entries} == {"city", "city_name"}
    assert all("Naein" not in json.dumps(e) for e in entries)
    removed = seeded_cli("city", "remove", "Kashan")
    assert removed.exit_code == 0, removed.output
    entries = _log(seeded_cli, "--record", "kashan")
    assert all("Naein" not in json.dumps(e) for e in entries)
    assert [e["action"] for e in entries if e["table"] == "city"] == ["insert", "delete"]
