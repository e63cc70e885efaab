"""CSV files of cities, memberships, sessions and attendance (docs/csv.md): the columns of
each kind, for the reader (reader.py), the writer (writer.py), the commands' help and the
docs alike."""

from __future__ import annotations

# The CSV columns of each kind, for import and export alike: (name, required, meaning).
# One list, used by the reader, the writer, the commands' help and docs/csv.md.
CSV_COLUMNS: dict[str, tuple[tuple[str, bool, str], ...]] = {
    "cities": (
        ("city", True, "the city's name, in any language"),
        ("country", True, "ISO 3166-1 alpha-2 code, e.g. IR"),
        ("key", False, "a short key (default: made from the name)"),
        ("name_fa", False, "its Persian name, when `city` is not Persian"),
        ("region", False, "province or region"),
        ("latitude", False, "decimal degrees"),
        ("longitude", False, "decimal degrees"),
        ("source", False, "source key, or keys separated by ';'"),
    ),
    "memberships": (
        ("city", True, "the member city: any recorded name or its key"),
        ("country", True, "ISO 3166-1 alpha-2 code of the city's country"),
        ("organization", True, "acronym, key or any name of the organization"),
        (
            "status",
            True,
            "cooperating, applicant, observer, associate-member, member,"
            " suspended, withdrawn or expelled",
        ),
        (
            "from",
            False,
            "start, a partial date (2008, 2008-11, 1404-09-07, circa 2008); empty: unknown",
        ),
        ("to", False, "end, a partial date; empty: unknown or still so"),
        ("reason", False, "why the status changed"),
        ("note", False, "free text"),
        ("source", True, "source key, or keys separated by ';'"),
        (
            "retracted",
            False,
            "when the phase was retracted (a source got it wrong), a UTC date and time;"
            " empty: in force",
        ),
        ("retraction_reason", False, "why it was retracted"),
    ),
    "sessions": (
        ("organization", True, "acronym, key or any name of the organization"),
        ("series", True, "the meeting series' key, e.g. general-assembly"),
        ("number", True, "the session's number in its series"),
        ("host", False, "the host city: any recorded name or its key"),
        ("country", False, "ISO 3166-1 alpha-2 code of the host's country"),
        ("start", False, "a partial date; empty: unknown"),
        ("end", False, "a partial date; empty: unknown"),
        ("status", False, "planned, held (default), postponed or cancelled"),
        ("venue", False, "where, within the city"),
        ("theme", False, "the session's theme"),
        ("note", False, "free text"),
        ("source", True, "source key, or keys separated by ';'"),
    ),
    "attendance": (
        ("organization", True, "acronym, key or any name of the organization"),
        ("series", True, "the meeting series' key"),
        ("number", True, "the session's number in its series"),
        ("city", True, "the attending city: any recorded name or its key"),
        ("country", True, "ISO 3166-1 alpha-2 code of the city's country"),
        ("role", False, "host, delegation (default), associate-member, observer or guest"),
        ("note", False, "free text"),
        ("source", True, "source key, or keys separated by ';'"),
    ),
}
CSV_KINDS = tuple(CSV_COLUMNS)


def csv_columns_help() -> str:
    """The columns of every kind, as the commands' help shows them."""
    lines = []
    for kind, columns in CSV_COLUMNS.items():
        lines.append(f"{kind}: " + ", ".join(f"{n}{'*' if req else ''}" for n, req, _ in columns))
    return "\n\n".join(lines) + "\n\n(* required; see docs/csv.md for what each column holds)"
