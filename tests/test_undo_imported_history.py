"""An audit log imported with a dataset (`export dataset --with-audit`, then `import dataset`
into a new database) names the rows of the database it was exported from: where the new
database gave a row another id, `undo` of such an entry refuses in one line instead of
touching the row that holds that id now."""

from __future__ import annotations

from conftest import new_database, run_cli, table_snapshot


def test_undo_of_an_imported_entry_never_touches_another_row(seeded_db, tmp_path, request):
    # Two cities recorded, then the first one's entry undone: the second keeps its id in the
    # old database, and gets a smaller one in the new database.
    for name in ("Testville", "Otherville"):
        added = run_cli(seeded_db, "city", "add", name, "--country", "IR")
        assert added.exit_code == 0, added.output
    [(change,)] = seeded_db.rows(
        "SELECT change_id FROM audit_log WHERE table_name = 'city' AND row_label = 'Testville'"
    )
    undone = run_cli(seeded_db, "undo", "--change", change)
    assert undone.exit_code == 0, undone.output
    exported = tmp_path / "with-audit.toml"
    result = run_cli(seeded_db, "export", "dataset", "--with-audit", "-o", str(exported))
    assert result.exit_code == 0, result.output
    target = new_database(seeded_db.backend, tmp_path, request)
    assert run_cli(target, "import", "dataset", str(exported)).exit_code == 0
    [(entry, row_id)] = target.rows(
        "SELECT id, row_id FROM audit_log WHERE table_name = 'city_name'"
        " AND row_label LIKE 'Otherville%' AND action = 'insert'"
    )
    [(actual,)] = target.rows("SELECT id FROM city_name WHERE name = 'Otherville'")
    assert actual != row_id  # the case at hand: the entry names another row
    before = table_snapshot(target)

    result = run_cli(target, "undo", str(entry))

    assert result.exit_code == 1, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"Error: cannot undo entry {entry} "), result.stderr
    assert "nothing was changed" in result.stderr
    assert table_snapshot(target) == before
