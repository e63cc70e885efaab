"""Compile the Persian catalogues: every src/citylinks/locale/*/LC_MESSAGES/*.po to the .mo
file beside it, which is what citylinks reads at run time (the standard library's gettext).

    python tools/catalogues.py          # compile every .po whose .mo differs
    python tools/catalogues.py --check  # exit 1, naming them, if any .mo is not its .po's

Babel (in the [test] extra) reads and writes the files; citylinks itself does not need it.
The .mo bytes depend only on the .po's entries, so a compiled file is the same on every machine
and tests/test_i18n.py can compare it with a fresh compilation.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "citylinks" / "locale"


def compiled(po: Path) -> bytes:
    raw = po.read_bytes()
    catalog = read_po(io.BytesIO(raw), locale=po.parent.parent.name)
    # Babel stamps "now" into a header that has no dates of its own: use a fixed moment
    # instead, so that the .mo is the same bytes whenever and wherever it is compiled.
    fixed = datetime(2026, 1, 1, tzinfo=UTC)
    if b"POT-Creation-Date" not in raw:
        catalog.creation_date = fixed
    if b"PO-Revision-Date" not in raw:
        catalog.revision_date = fixed
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        wanted = compiled(po)
        if mo.exists() and mo.read_bytes() == wanted:
            continue
        stale.append(mo)
        if not check:
            mo.write_bytes(wanted)
            print(f"compiled {mo.relative_to(LOCALE.parent.parent.parent)}")
    if check and stale:
        for mo in stale:
            print(f"{mo}: not compiled from its .po; run python tools/catalogues.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
