"""Issue 17, item 2 (e17b): the dataset export renders memberships as TOML straight from their
rows, and the Popolo export writes membership phases as JSON text straight from theirs when
nothing was read from another tool. Each fast path gives the bytes of the generic one (the
records' TOML, the objects' JSON), on every shape a membership can take: phases written inline
or as tables, with and without sources, notes, sessions, retraction, another tool's object."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

# A network of the bundled cities, each membership a shape of its own.
DATASET = """format = "citylinks-dataset/1"

[[organization]]
key = "e17b-net"
names = [
    { lang = "en", name = "E17b Network", kind = "official" },
]
kind = "network"

[[membership]]
city = "yazd"
organization = "e17b-net"
phase = [
    { status = "applicant", start = "2001", end = "2002-03" },
    { status = "member", start = "2002-03", end = "unknown" },
]

[[membership]]
city = "shiraz"
organization = "e17b-net"

[[membership.phase]]
status = "member"
start = "1999"
end = "2004"
note = "A note long enough that the phase cannot be written inline on one line of the file, as tomli_w would"

[[membership.phase]]
status = "withdrawn"
start = "2004"
end = "unknown"
reason = "left \\"for good\\"\\nwith a second line"

[[membership]]
member_organization = "amf"
organization = "e17b-net"

[[membership.phase]]
status = "associate-member"
start = "2010-05-01"
end = "2012"
sources = [
    "S0",
]
"""

# Another tool's document: its memberships are kept beside their phases ([[membership.phase.popolo]]).
OTHER = {
    "organizations": [
        {"id": "c1", "name": "Testville", "classification": "city"},
        {"id": "net", "name": "Network of Cities", "classification": "network"},
    ],
    "memberships": [
        {
            "id": "m1",
            "organization_id": "net",
            "member": {"@type": "Organization", "id": "c1"},
            "role": "member",
            "start_date": "2001",
            "seat": 3,
        },
        {
            "id": "m2",
            "organization_id": "net",
            "member": {"@type": "Organization", "id": "c1"},
            "role": "observer",
            "start_date": "1999",
            "end_date": "2000",
        },
    ],
}


def _load(db, tmp_path: Path, other: bool) -> None:
    path = tmp_path / "shapes.toml"
    path.write_text(DATASET, encoding="utf-8")
    loaded = run_cli(db, "import", "dataset", str(path))
    assert loaded.exit_code == 0, loaded.output
    if other:
        doc = tmp_path / "other.json"
        doc.write_text(json.dumps(OTHER), encoding="utf-8")
        read = run_cli(db, "import", "popolo", str(doc))
        assert read.exit_code == 0, read.output


def _dataset_both_ways(db) -> tuple[list[str], list[str]]:
    from citylinks.formats.dataset import toml
    from citylinks.formats.dataset import writer as dataset_writer

    engine = db.engine()
    try:
        with engine.connect() as conn:
            keys, kept = dataset_writer.Keys(conn), dataset_writer.Kept(conn)
            generic = [
                toml.record("membership", r) for r in dataset_writer.memberships(conn, keys, kept)
            ]
            fast = list(dataset_writer.membership_texts(conn, keys, kept))
    finally:
        engine.dispose()
    return fast, generic


def test_memberships_rendered_from_their_rows_are_their_records_toml(seeded_db, tmp_path):
    _load(seeded_db, tmp_path, other=True)
    fast, generic = _dataset_both_ways(seeded_db)
    assert fast == generic
    written = run_cli(seeded_db, "export", "dataset")
    assert written.exit_code == 0, written.output
    shown = written.stdout
    # Each shape is in the file as the generic writer gives it.
    assert (
        '[[membership]]\ncity = "yazd"\norganization = "e17b-net"\nphase = [\n'
        '    { status = "applicant", start = "2001", end = "2002-03" },\n'
        '    { status = "member", start = "2002-03", end = "unknown" },\n]\n'
    ) in shown
    assert '[[membership.phase]]\nstatus = "withdrawn"\n' in shown
    assert 'reason = "left \\"for good\\"\\nwith a second line"\n' in shown
    assert (
        'status = "associate-member"\nstart = "2010-05-01"\nend = "2012"\nsources = [\n    "S0",\n]\n'
        in shown
    )
    assert "[[membership.phase.popolo]]" in shown
    for text in fast:
        assert text in shown


def _popolo_both_ways(db, org: str | None = None) -> tuple[list[str], list[str]]:
    from citylinks.formats.popolo import writer as popolo_writer

    class Ref:
        key = org

    engine = db.engine()
    try:
        with engine.connect() as conn:
            fast = list(popolo_writer._Writer(conn, Ref() if org else None)._phase_texts())
            objects = popolo_writer._Writer(conn, Ref() if org else None)._phases()
            generic = [popolo_writer._encode(o) for o in objects]
    finally:
        engine.dispose()
    return fast, generic


def test_phases_written_as_text_are_their_objects_json(seeded_db, tmp_path):
    _load(seeded_db, tmp_path, other=False)
    fast, generic = _popolo_both_ways(seeded_db)
    assert len(fast) > 20
    assert fast == generic
    scoped, scoped_generic = _popolo_both_ways(seeded_db, "e17b-net")
    assert scoped == scoped_generic and len(scoped) == 5
    out = tmp_path / "out.json"
    written = run_cli(seeded_db, "export", "popolo", "--output", str(out))
    assert written.exit_code == 0, written.output
    document = json.loads(out.read_text(encoding="utf-8"))
    ours = [
        m for m in document["memberships"] if m.get("organization_id") == "organization/e17b-net"
    ]
    # (by member: an organization, with no city, first)
    assert [(m["member"]["id"], m["role"], m.get("start_date")) for m in ours] == [
        ("organization/amf", "associate-member", "2010-05-01"),
        ("city/shiraz", "member", "1999"),
        ("city/shiraz", "withdrawn", "2004"),
        ("city/yazd", "applicant", "2001"),
        ("city/yazd", "member", "2002-03"),
    ]
    assert ours[2]["citylinks:reason"] == 'left "for good"\nwith a second line'


def test_with_another_tools_phases_the_objects_are_matched_as_before(seeded_db, tmp_path):
    # Kept phases: the export takes the object path (matching, writing as read).
    _load(seeded_db, tmp_path, other=True)
    out = tmp_path / "out.json"
    written = run_cli(seeded_db, "export", "popolo", "--output", str(out))
    assert written.exit_code == 0, written.output
    memberships = json.loads(out.read_text(encoding="utf-8"))["memberships"]
    kept = [m for m in memberships if m.get("id") in ("m1", "m2")]
    assert [m.get("seat") for m in kept] == [3, None]
    assert len([m for m in memberships if m.get("organization_id") == "organization/e17b-net"]) == 5
