"""Issue 17, item 3: the CSV import's faster paths find and write what the slower ones did.
The organizations a batch names are found in a few statements (lookup.organizations_named),
each as find_organization_ref finds it; COPY's text is sent a part at a time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from citylinks.db import open_database
from citylinks.errors import CitylinksError
from citylinks.model import AuditEntry
from citylinks.services import bulk, lookup

# Every way of naming an organization, and values that name none, several or a bad name.
_TYPED = [
    "AMF",
    "amf",
    "Amf",
    "amf-executive-board",
    "Asian Mayors Forum",
    "asian  mayors forum",
    "مجمع شهرداران آسیایی",
    "هیأت اجرایی",
    "Executive Board",
    "1",
    "#2",
    "3",
    "999999",
    "no such organization",
    "Shi\u202eraz",
    "UCLG-MEWA",
]


def test_a_batch_finds_each_organization_as_one_look_up_does(seeded_db):
    database = open_database(seeded_db.url, "test-officer")
    try:
        with database.connection() as conn:
            # A second organization named as the first is, so that a name matches two.
            conn.exec_driver_sql(
                "INSERT INTO organization_name (organization_id, lang, name, kind, folded,"
                " position) SELECT 3, lang, name, kind, folded, 99 FROM organization_name"
                " WHERE organization_id = 2 AND lang = 'en'"
            )
            batch = lookup.organizations_named(conn, set(_TYPED))
            one_by_one = {}
            for typed in _TYPED:
                try:
                    one_by_one[typed] = lookup.find_organization_ref(conn, typed).id
                except CitylinksError:
                    pass
            conn.rollback()
    finally:
        database.engine.dispose()
    assert batch == one_by_one
    assert batch["amf"] == batch["#2"] - 1 == 1
    assert "Executive Board" not in batch  # two organizations now share it


@pytest.mark.parametrize("many", [bulk.COPY_FROM, 2 * 1000 + 345])
def test_rows_sent_in_several_parts_are_stored_in_order(empty_db, many):
    entries = [
        {"row_id": i, "row_label": f"row\t{i}", "before": None, "after": {"n": i, "s": "a\\b"}}
        for i in range(many)
    ]
    database = open_database(empty_db.url, "test-officer")
    try:
        with database.transaction() as session:
            session.info["now"] = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
            bulk.log_entries(session, "insert", "membership", entries, keep=False)
        with database.connection() as conn:
            table = AuditEntry.__table__
            stored = conn.execute(
                table.select().where(table.c.table_name == "membership").order_by(table.c.id)
            ).all()
    finally:
        database.engine.dispose()
    assert [(r.row_id, r.row_label, r.after) for r in stored] == [
        (e["row_id"], e["row_label"], e["after"]) for e in entries
    ]


def test_an_import_names_organizations_every_way_and_refuses_as_org_show_does(seeded_cli, tmp_path):
    header = "city,country,organization,status,from,to,source"
    named = ["amf", "AMF", "Asian Mayors Forum", "#1", "1"]
    path = tmp_path / "m.csv"
    path.write_text(
        "\n".join(
            [
                header,
                *(
                    f"Yazd,IR,{o},member,{2030 + 2 * i},{2031 + 2 * i},A1"
                    for i, o in enumerate(named)
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    done = seeded_cli("import", "csv", "memberships", str(path))
    assert done.exit_code == 0, done.output
    assert "5 imported" in done.stdout
    for org in ["no such organization", "Shi\u202eraz"]:
        bad = tmp_path / "bad.csv"
        bad.write_text(f"{header}\nYazd,IR,{org},member,2001,,A1\n", encoding="utf-8")
        refused = seeded_cli("import", "csv", "memberships", str(bad))
        shown = seeded_cli("org", "show", org)
        assert refused.exit_code == shown.exit_code == 1
        assert (
            refused.stderr.splitlines()[0]
            == "line 2: " + shown.stderr.removeprefix("Error: ").strip()
        )
