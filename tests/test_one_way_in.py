"""One way in: the same bad value gets the same refusal whatever door it came in by.

An officer's command (`member record`), a spreadsheet (`import csv memberships`), a dataset
file (`import dataset`) and a Popolo document (`import popolo`) meet the same field rules
(citylinks.services.fields): each refuses the value in one line that says the same thing (the
file doors add where: "line 2", "[[membership]] #1", "memberships #3"), exits 1, and leaves
the database exactly as it was, on every backend.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import run_cli, table_snapshot

if TYPE_CHECKING:
    from conftest import TestDatabase

BIDI = "Isf\u202eahan"  # RIGHT-TO-LEFT OVERRIDE inside a name
GOOD = {"city": "Isfahan", "status": "member", "date": "2020", "reason": "invited"}

# What is wrong -> the value, and the line every door shows for it (after where it is).
CASES = {
    "over-long reason": (
        {"reason": "r" * 600},
        "the reason is 600 characters long; at most 500 are allowed",
    ),
    "bidi override in a name": (
        {"city": BIDI},
        "the city name contains the bidi control U+202E at character 4, which can disguise"
        " text; remove it",
    ),
    "unknown status": (
        {"status": "membre"},
        "unknown status 'membre': use one of ",
    ),
    "a day that does not exist": (
        {"date": "2023-02-29"},
        "2023-02-29 does not exist: February 2023 has 28 days",
    ),
}


def _command(db: TestDatabase, tmp: Path, v: dict) -> list[str]:
    return [
        "member", "record", v["city"], "AMF", v["status"], "--from", v["date"],
        "--reason", v["reason"], "--source", "S0",
    ]  # fmt: skip


def _csv(db: TestDatabase, tmp: Path, v: dict) -> list[str]:
    path = tmp / "memberships.csv"
    path.write_text(
        "city,country,organization,status,from,to,reason,source\n"
        f"{v['city']},IR,AMF,{v['status']},{v['date']},,{v['reason']},S0\n",
        encoding="utf-8",
    )
    return ["import", "csv", "memberships", str(path)]


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _dataset(db: TestDatabase, tmp: Path, v: dict) -> list[str]:
    # A new city under the name given, and its membership with the phase given.
    path = tmp / "office.toml"
    path.write_text(
        'format = "citylinks-dataset/1"\n\n'
        '[[city]]\nkey = "new-city"\ncountry = "IR"\nsources = ["S0"]\n'
        f'names = [{{ lang = "en", name = {_toml(v["city"])} }}]\n\n'
        '[[membership]]\norganization = "amf"\ncity = "new-city"\n'
        f"[[membership.phase]]\nstatus = {_toml(v['status'])}\nstart = {_toml(v['date'])}\n"
        f'reason = {_toml(v["reason"])}\nsources = ["S0"]\n',
        encoding="utf-8",
    )
    return ["import", "dataset", str(path)]


def _popolo(db: TestDatabase, tmp: Path, v: dict) -> list[str]:
    # The office's own export, with one city's name and one membership phase changed.
    exported = tmp / "export.json"
    result = run_cli(db, "export", "popolo", "--output", str(exported))
    assert result.exit_code == 0, result.output
    document = json.loads(exported.read_text("utf-8"))
    phase = next(
        m
        for m in document["memberships"]
        if "citylinks:position" in m and "member" in m and "citylinks:start_date" not in m
    )
    phase.update(role=v["status"], start_date=v["date"], **{"citylinks:reason": v["reason"]})
    if v["city"] != GOOD["city"]:
        city = next(o for o in document["organizations"] if o["id"] == phase["member"]["id"])
        city["name"] = v["city"]
        for other in city.get("other_names", []):
            other["name"] = v["city"]
    path = tmp / "changed.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return ["import", "popolo", str(path)]


DOORS = {"member record": _command, "import csv": _csv, "import dataset": _dataset,
         "import popolo": _popolo}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_the_same_bad_value_is_refused_alike_at_every_door(seeded_db, tmp_path, case):
    changed, expected = CASES[case]
    values = {**GOOD, **changed}
    refusals = {}
    for door, arguments in DOORS.items():
        args = arguments(seeded_db, tmp_path, values)
        before = table_snapshot(seeded_db)
        result = run_cli(seeded_db, *args)
        assert result.exit_code == 1, (door, result.output)
        assert "Traceback" not in result.output, door
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1, (door, result.stderr)
        # A spreadsheet's bad rows are listed by line before the error line.
        said = [line for line in result.stderr.splitlines() if expected in line]
        assert said, (door, expected, result.stderr)
        refusals[door] = said[0][said[0].index(expected) :]
        assert table_snapshot(seeded_db) == before, f"{door} changed the database"
    assert len(set(refusals.values())) == 1, refusals


def test_the_same_good_values_are_accepted_at_every_door(seeded_db, tmp_path):
    """The control: the values the refusals start from are accepted by each door."""
    for door, arguments in DOORS.items():
        if door == "import popolo":
            continue  # the unchanged export would be a no-op, not a test of the values
        args = arguments(seeded_db, tmp_path, GOOD)
        result = run_cli(seeded_db, *args)
        assert result.exit_code == 0, (door, result.output)


# What helper testers found one door letting through that another refused: each now refused
# alike by the file doors, the database unchanged.
FILE_CASES = {
    "a latitude out of range": (
        {"latitude": 999.0},
        "latitude 999.0 is out of range: latitudes run from -90 to 90",
    ),
    "an infinite longitude": ({"longitude": float("inf")}, "longitude inf is out of range"),
    "a session numbered 0": ({"number": 0}, "number 0 is not a whole number from 1 to"),
    "a session number that is not whole": ({"number": 2.5}, "number 2.5 is not a whole number"),
    "a session ending before it starts": (
        {"end": "2010"},
        "it ends (2010) before it starts (2030): check start and end",
    ),
    "an unknown session status": ({"status": "done"}, "unknown session status 'done'"),
}


def _dataset_session_and_city(tmp: Path, v: dict) -> Path:
    path = tmp / "d.toml"
    lat = v.get("latitude", 31.9)
    lon = v.get("longitude", 54.4)
    toml_float = lambda x: "inf" if x == float("inf") else repr(x)  # noqa: E731
    path.write_text(
        'format = "citylinks-dataset/1"\n\n'
        '[[city]]\nkey = "new-city"\ncountry = "IR"\nsources = ["S0"]\n'
        f"latitude = {toml_float(lat)}\nlongitude = {toml_float(lon)}\n"
        'names = [{ lang = "en", name = "New City" }]\n\n'
        '[[session]]\norganization = "amf"\nseries = "general-assembly"\n'
        f'number = {v.get("number", 99)}\nhost = "tehran"\nstart = "2030"\n'
        f"end = {_toml(v.get('end', '2030'))}\nstatus = {_toml(v.get('status', 'planned'))}\n"
        'sources = ["S0"]\n',
        encoding="utf-8",
    )
    return path


def _popolo_session_and_city(db: TestDatabase, tmp: Path, v: dict) -> Path:
    exported = tmp / "export.json"
    assert run_cli(db, "export", "popolo", "--output", str(exported)).exit_code == 0
    document = json.loads(exported.read_text("utf-8"))
    event = next(e for e in document["events"] if "citylinks:number" in e)
    if "number" in v:
        event["citylinks:number"] = v["number"]
    if "end" in v:
        event["start_date"], event["end_date"] = "2030", v["end"]
    if "status" in v:
        event["status"] = v["status"]
    area = next(a for a in document["areas"] if a["id"].startswith("area/city/"))
    for which in ("latitude", "longitude"):
        if which in v:  # a city's coordinates, as citylinks writes them without a geometry
            area[f"citylinks:{which}"] = v[which]
    path = tmp / "changed.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


# A Popolo document refuses a number that is no JSON number (Infinity, NaN) before reading
# any record, naming the object and field (docs/popolo.md, "Numbers"): the same answer at
# every backend, where the dataset door reads TOML's inf as a longitude out of range.
POPOLO_EXPECTED = {
    "an infinite longitude": "the field citylinks:longitude holds Infinity, which is not a"
    " JSON number",
}


@pytest.mark.parametrize("case", list(FILE_CASES))
def test_the_file_doors_refuse_alike_what_the_commands_refuse(seeded_db, tmp_path, case):
    changed, expected = FILE_CASES[case]
    before = table_snapshot(seeded_db)
    doors = {
        "import dataset": ["import", "dataset", str(_dataset_session_and_city(tmp_path, changed))],
        "import popolo": [
            "import", "popolo", str(_popolo_session_and_city(seeded_db, tmp_path, changed))
        ],
    }  # fmt: skip
    for door, args in doors.items():
        result = run_cli(seeded_db, *args)
        assert result.exit_code == 1, (door, result.output)
        want = POPOLO_EXPECTED.get(case, expected) if door == "import popolo" else expected
        assert want in result.stderr, (door, result.stderr)
        assert len(result.stderr.splitlines()) == 1, (door, result.stderr)
        assert table_snapshot(seeded_db) == before, door


@pytest.mark.parametrize("typed", ["Yazd", "یزد", "يزد", "yazd", "Yazd, IR", "{id}"])
def test_a_city_is_found_alike_by_a_command_and_a_spreadsheet(
    seeded_cli, seeded_db, tmp_path, typed
):
    city_id = seeded_db.scalar("SELECT id FROM city WHERE key = 'yazd'")
    typed = typed.replace("{id}", str(city_id))
    shown = seeded_cli("city", "show", typed)
    assert shown.exit_code == 0, shown.output
    path = tmp_path / "m.csv"
    path.write_text(
        f'city,country,organization,status,from,to,source\n"{typed}",IR,AMF,observer,2030,,S1\n',
        encoding="utf-8",
    )
    result = seeded_cli("import", "csv", "memberships", str(path))
    assert result.exit_code == 0, result.output
    assert (
        seeded_db.scalar(
            "SELECT count(*) FROM membership_phase p JOIN membership m ON m.id = p.membership_id"
            " WHERE m.city_id = :c AND p.status = 'observer' AND p.start_text = '2030'",
            c=city_id,
        )
        == 1
    )
