"""Build src/citylinks/fonts/CitylinksFallback.ttf: what the reports print that the shipped
Vazirmatn lacks (arrows, check and cross marks, the text charts' blocks and shapes; Greek and
Cyrillic letters of stored names), taken from DejaVu Sans (Debian's fonts-dejavu-core) and renamed, as its licence asks of a
modified font (LICENSE-DejaVu.txt beside it).

    python tools/fallback_font.py [/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf]

Run by hand when a report starts printing a new symbol (tests/test_fa15j_glyphs.py fails,
naming it): add it to FALLBACK_LETTERS in src/citylinks/render/svg_text.py and run this
again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from citylinks.render.svg_text import (  # noqa: E402
    FALLBACK_FAMILY,
    FALLBACK_FILE,
    FALLBACK_LETTERS,
    SYMBOLS,
)

SOURCE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def main(source: Path = SOURCE) -> None:
    font = TTFont(source)
    missing = [ch for ch in SYMBOLS if ord(ch) not in font.getBestCmap()]
    if missing:
        raise SystemExit(f"{source} lacks {''.join(missing)}")
    # The letters: those of the Greek and Cyrillic blocks the font has (not every code point
    # of a block is assigned).
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []  # symbols: nothing to shape
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(ch) for ch in FALLBACK_LETTERS})
    subsetter.subset(font)
    # Renamed: the Bitstream Vera licence allows a modified font under another name only.
    names = {1: FALLBACK_FAMILY, 3: f"{FALLBACK_FAMILY} Regular", 4: FALLBACK_FAMILY,
             6: FALLBACK_FAMILY.replace(" ", ""), 16: FALLBACK_FAMILY}  # fmt: skip
    name_table = font["name"]
    for record in list(name_table.names):
        if record.nameID in names:
            record.string = names[record.nameID]
    name_table.names = [r for r in name_table.names if r.nameID not in (17,)]
    font.save(FALLBACK_FILE)
    print(f"wrote {FALLBACK_FILE} ({FALLBACK_FILE.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
