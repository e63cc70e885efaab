"""The printable charts, looked at as a reader would: each report's SVG, HTML and PDF, in
English and Persian, drawn by a real engine (headless Chromium for SVG and HTML, PDFium for
PDF) and checked in the picture: right to left in Persian, labels beside their markers, the
axis in order, nothing cut off at the edges.

Chromium is Debian's `chromium` package (.ci/run installs it): without it these tests fail,
saying how to install it, rather than skip.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

# any_backend: the pictures of what was read; the reading is checked on every backend elsewhere
pytestmark = pytest.mark.any_backend

REPORTS = {
    "timeline": ["timeline", "AMF"],
    "history": ["history", "Yazd", "AMF"],
    "stats": ["stats", "AMF", "--as-of", "2026-06-01"],
}
WHITE = (255, 255, 255)


def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        pytest.fail(
            "headless Chromium is needed to look at the charts: apt-get install chromium"
            " (Debian's package; .ci/run installs it)"
        )
    return found


def run_chromium(tmp_path: Path, *args: str) -> str:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",  # a small /dev/shm (containers) crashes it otherwise
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


# What the page measures once its fonts are loaded: every text's box, and the markers.
MEASURE = """
<script>
document.fonts.ready.then(() => {
  const own = (e) => [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join("");
  const box = (b) => ({x: b.x, y: b.y, w: b.width, h: b.height});
  const out = {font: document.fonts.check("12px Vazirmatn"), texts: [], markers: [], rects: [],
               figures: [], spans: []};
  const svg = document.querySelector("svg");
  if (svg && !document.querySelector("figure.chart")) {
    const vb = svg.viewBox.baseVal;
    out.width = vb.width; out.height = vb.height;
    for (const t of svg.querySelectorAll("text"))
      out.texts.push({cls: t.getAttribute("class") || "", text: own(t), ...box(t.getBBox())});
    for (const c of svg.querySelectorAll("circle.marker"))
      out.markers.push({x: c.cx.baseVal.value, y: c.cy.baseVal.value});
    for (const r of svg.querySelectorAll("rect.certain"))
      out.rects.push(box(r.getBBox()));
    out.ticks = [...svg.querySelectorAll("line.tick-mark")].map((l) => ({
      cls: l.getAttribute("class"), x: l.x1.baseVal.value, y: l.y1.baseVal.value}));
  }
  for (const f of document.querySelectorAll("figure.chart.vector")) {
    const spans = [...f.querySelectorAll("span")].map((s) => ({
      cls: s.getAttribute("class"), text: s.textContent, ...box(s.getBoundingClientRect())}));
    const markers = [...f.querySelectorAll("circle.marker")].map((c) => {
      const b = c.getBoundingClientRect(); return {x: b.x + b.width / 2, y: b.y + b.height / 2};
    });
    out.figures.push({box: box(f.getBoundingClientRect()), spans, markers});
  }
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def measure(
    tmp_path: Path, page: str, name: str, script: str | None = None, window: str = "1280,1000"
) -> Any:
    """Load `page` (HTML) in Chromium, `window` wide and high, and return what `script` (by
    default MEASURE, read when called: tests put their own script there) found and wrote as
    JSON in <pre id="measured">."""
    script = MEASURE if script is None else script
    path = tmp_path / f"{name}-measured.html"
    path.write_text(page.replace("</body>", script + "</body>"), encoding="utf-8")
    dom = run_chromium(
        tmp_path, "--virtual-time-budget=15000", f"--window-size={window}", "--dump-dom",
        path.as_uri(),
    )  # fmt: skip
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found, f"the page did not report its measures: {dom[-500:]}"
    return json.loads(html.unescape(found.group(1)))


def measure_svg(tmp_path: Path, svg: Path) -> dict:
    """The SVG picture inline in a page of its own, measured."""
    picture = svg.read_text(encoding="utf-8").split("?>", 1)[-1]
    page = f'<!DOCTYPE html><html><body style="margin:0">{picture}</body></html>'
    return measure(tmp_path, page, svg.stem)


def screenshot(tmp_path: Path, svg: Path, width: int, height: int):
    from PIL import Image

    png = tmp_path / f"{svg.stem}.png"
    run_chromium(
        tmp_path, f"--screenshot={png}", f"--window-size={width},{height}",
        "--virtual-time-budget=5000", svg.as_uri(),
    )  # fmt: skip
    return Image.open(png).convert("RGB")


def border_pixels(image, border: int = 2) -> set:
    width, height = image.size
    seen = set()
    for x in range(width):
        for y in (*range(border), *range(height - border, height)):
            seen.add(image.getpixel((x, y)))
    for y in range(height):
        for x in (*range(border), *range(width - border, width)):
            seen.add(image.getpixel((x, y)))
    return seen


def centre(box: dict) -> float:
    return box["x"] + box["w"] / 2


def union(a: dict, b: dict) -> dict:
    x, y = min(a["x"], b["x"]), min(a["y"], b["y"])
    right, bottom = max(a["x"] + a["w"], b["x"] + b["w"]), max(a["y"] + a["h"], b["y"] + b["h"])
    return {"text": a["text"], "x": x, "y": y, "w": right - x, "h": bottom - y}


def no_leader_crosses_a_label(measured: dict) -> None:
    """A marker's leader line runs from the axis down to its label (the host, and the dates
    under it): no other label lies across it (each series' markers share one axis: one y)."""
    labels = [
        union(label, shown)
        for label, shown in zip(
            texts(measured, "session-label"), texts(measured, "session-date"), strict=True
        )
    ]
    markers = measured["markers"]
    for j, (label_j, marker_j) in enumerate(zip(labels, markers, strict=True)):
        for i, label_i in enumerate(labels):
            same_axis = markers[i]["y"] == marker_j["y"]
            across = label_i["x"] + 1 < marker_j["x"] < label_i["x"] + label_i["w"] - 1
            between = marker_j["y"] < label_i["y"] < label_j["y"]
            assert i == j or not (same_axis and across and between), (
                f"{label_i['text']} lies across the leader of {label_j['text']}"
            )


def beside(x: float, box: dict, slack: float = 8) -> bool:
    """Whether x is within `slack` px of the box's horizontal extent."""
    return box["x"] - slack <= x <= box["x"] + box["w"] + slack


# SVG -------------------------------------------------------------------------------------


@dataclass
class Rendered:
    svg: Path
    html: Path
    pdf: Path


def render(cli, report: str, lang: str, tmp_path: Path) -> Rendered:
    paths = Rendered(*(tmp_path / f"{report}-{lang}.{suffix}" for suffix in ("svg", "html", "pdf")))
    for path in (paths.svg, paths.html, paths.pdf):
        result = cli(*REPORTS[report], "--lang", lang, "--output", str(path))
        assert result.exit_code == 0, result.output
    return paths


def check_svg_picture(tmp_path: Path, svg: Path) -> dict:
    """Every text inside the picture's viewBox, its width and height those of the viewBox,
    nothing drawn on its border; returns the measures."""
    text = svg.read_text(encoding="utf-8")
    assert "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched
    assert "font-family: Fira Code" not in text  # not a terminal dump
    measured = measure_svg(tmp_path, svg)
    assert measured["font"], "the embedded font did not load"
    width, height = measured["width"], measured["height"]
    root = re.search(r"<svg [^>]*>", text).group(0)
    assert f'width="{width:.0f}"' in root and f'height="{height:.0f}"' in root
    outside = [
        t["text"]
        for t in measured["texts"]
        if t["w"]
        and (t["x"] < 0 or t["y"] < 0 or t["x"] + t["w"] > width or t["y"] + t["h"] > height)
    ]
    assert not outside, f"text outside the picture: {outside[:5]}"
    image = screenshot(tmp_path, svg, int(width), int(height))
    assert border_pixels(image) == {WHITE}, "something is drawn on the picture's edge"
    assert len(image.getcolors(1 << 24)) > 10  # something is drawn
    return measured


def texts(measured: dict, css_class: str) -> list[dict]:
    return [t for t in measured["texts"] if css_class in t["cls"].split()]


def check_time_axis(measured: dict, lang: str) -> None:
    """The years of each calendar run the way time runs: left to right in English, right to
    left in Persian (each axis of the picture: its years share a line)."""
    for calendar in ("gregorian", "jalali"):
        axes: dict[int, list[float]] = {}
        for tick in texts(measured, f"tick-{calendar}"):
            axes.setdefault(round(tick["y"]), []).append(centre(tick))
        assert axes, f"no {calendar} years on the axis"
        for xs in axes.values():
            assert len(xs) >= 2
            expected = sorted(xs, reverse=lang == "fa")
            assert xs == expected, f"the {calendar} years run the wrong way"
        # Each year stands centred on its tick.
        marks = [t["x"] for t in measured["ticks"] if f"tick-{calendar}-mark" in t["cls"]]
        for xs in axes.values():
            for x in xs:
                assert min(abs(x - mark) for mark in marks) < 1.5, (
                    f"a {calendar} year is off its tick"
                )


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_timeline_svg_html_pdf_read_the_readers_way(seeded_cli, tmp_path, lang):
    out = render(seeded_cli, "timeline", lang, tmp_path)
    measured = check_svg_picture(tmp_path, out.svg)
    check_time_axis(measured, lang)
    labels = texts(measured, "session-label")
    markers = measured["markers"]
    assert len(labels) == len(markers) >= 7
    for label, marker in zip(labels, markers, strict=True):
        assert beside(marker["x"], label), f"{label['text']} is not beside its marker"
    no_leader_crosses_a_label(measured)
    first, last = labels[0], labels[6]  # the General Assembly's first and last sessions
    assert first["text"] == ("1 Tehran" if lang == "en" else "۱ تهران")
    if lang == "fa":
        assert centre(first) > centre(last), "in Persian the first session is on the right"
    else:
        assert centre(first) < centre(last)
    check_html(tmp_path, out.html, lang, sessions=True)
    check_pdf(out.pdf, lang, ("1 Tehran", "7 Tehran") if lang == "en" else ("۱ تهران", "۷ تهران"))


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_history_svg_html_pdf_draw_the_phases_with_their_certainty(seeded_cli, tmp_path, lang):
    out = render(seeded_cli, "history", lang, tmp_path)
    svg = out.svg.read_text(encoding="utf-8")
    measured = check_svg_picture(tmp_path, out.svg)
    check_time_axis(measured, lang)
    phases = texts(measured, "phase-label")
    assert [t["text"] for t in phases] == (
        ["1. cooperating", "2. member", "3. member"]
        if lang == "en"
        else ["۱. همکاری", "۲. عضو", "۳. عضو"]
    )
    years = texts(measured, "tick")
    bars = measured["rects"]
    assert bars  # the certain parts
    if lang == "fa":  # the labels stand right of the axis and bars, time runs leftwards
        assert min(t["x"] for t in phases) > max(b["x"] + b["w"] for b in bars)
        assert min(t["x"] for t in phases) > max(t["x"] + t["w"] for t in years)
    else:
        assert max(t["x"] + t["w"] for t in phases) < min(b["x"] for b in bars)
    # A start not known fades in; the possible days are hatched.
    assert 'class="uncertain"' in svg and "<pattern" in svg and "<linearGradient" in svg
    check_html(tmp_path, out.html, lang, sessions=False)
    check_pdf(out.pdf, lang, ("1. cooperating",) if lang == "en" else ("همکاری",))


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_stats_svg_html_pdf_draw_counts_as_bars(seeded_cli, tmp_path, lang):
    out = render(seeded_cli, "stats", lang, tmp_path)
    measured = check_svg_picture(tmp_path, out.svg)
    years = texts(measured, "count-label")
    bars = measured["rects"]
    assert len(years) == len(bars) >= 2
    for year, bar in zip(years, bars, strict=True):
        assert abs((year["y"] + year["h"] / 2) - (bar["y"] + bar["h"] / 2)) < 6  # on its row
        if lang == "fa":
            assert year["x"] > bar["x"] + bar["w"]  # the year on the right, the bar leftwards
        else:
            assert year["x"] + year["w"] < bar["x"]
    check_html(tmp_path, out.html, lang, sessions=False)
    check_pdf(out.pdf, lang, ("Asian Mayors Forum",) if lang == "en" else ("آمار",))


# HTML and PDF ------------------------------------------------------------------------------


def check_html(tmp_path: Path, page: Path, lang: str, *, sessions: bool) -> None:
    """The charts in the HTML page: every label inside its figure, and in a timeline beside
    its marker, the first session right of the last in Persian."""
    text = page.read_text(encoding="utf-8")
    assert "http" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", text)
    measured = measure(tmp_path, text, page.stem)
    assert measured["font"], "the embedded font did not load"
    assert measured["figures"]
    for figure in measured["figures"]:
        box = figure["box"]
        for span in figure["spans"]:
            assert box["x"] - 1 <= span["x"] and span["x"] + span["w"] <= box["x"] + box["w"] + 1, (
                f"{span['text']} overflows its chart"
            )
            assert box["y"] - 1 <= span["y"] and span["y"] + span["h"] <= box["y"] + box["h"] + 1
    if sessions:
        figure = measured["figures"][0]
        labels = [s for s in figure["spans"] if s["cls"] == "session-label"]
        assert len(labels) == len(figure["markers"]) >= 7
        for label, marker in zip(labels, figure["markers"], strict=True):
            assert beside(marker["x"], label), f"{label['text']} is not beside its marker"
        first, last = labels[0], labels[-1]
        assert (centre(first) > centre(last)) == (lang == "fa")


def check_pdf(pdf: Path, lang: str, words: tuple[str, ...]) -> None:
    """The PDF's pages drawn by PDFium: nothing on the paper's edge, the words there, and
    where a first and a last label are given, the first right of the last in Persian."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    found: dict[str, tuple[float, float]] = {}
    assert len(document) >= 1
    for index in range(len(document)):
        page = document[index]
        image = page.render(scale=1).to_pil().convert("RGB")
        assert border_pixels(image, 4) == {WHITE}, f"page {index + 1} is cut off at its edge"
        textpage = page.get_textpage()
        for word in words:
            search = textpage.search(word)
            while (hit := search.get_next()) is not None and word not in found:
                # Not a table's cells side by side ("1" and "Tehran, Iran"): a label.
                after = textpage.get_text_range(hit[0] + hit[1], 1)
                if after not in (",", "،"):
                    found[word] = (index, textpage.get_charbox(hit[0])[0])
    assert set(found) == set(words), f"not in the PDF: {set(words) - set(found)}"
    if len(words) == 2:
        (page_a, first), (page_b, last) = found[words[0]], found[words[1]]
        assert page_a == page_b
        assert (first > last) == (lang == "fa"), "the sessions run the wrong way"


# Larger data -------------------------------------------------------------------------------


def large_document(lang: str):
    """A timeline of 40 sessions with long hosts and bounded dates, and 12 phases with long
    labels, in one document."""
    from citylinks.dates import PartialDate
    from citylinks.render import Chart, Document, Section
    from citylinks.render.charts import HIGH, LOW, Marker, PhaseBar, TimeFigure

    host = "شهرداری کلان‌شهر بسیار دور و دراز با نامی طولانی در کنار رودخانه‌ای بزرگ" if lang == "fa" else (
        "The Very Long Municipality of Somewhere-upon-the-River-Far-Away"
    )  # fmt: skip
    markers = []
    for n in range(40):
        day = date(1990 + n // 2, 1 + (n % 2) * 6, 15)
        shown = PartialDate.parse(f"{day.year}..{day.isoformat()}").format("both", lang)
        markers.append(Marker(day, date(day.year, 1, 1), day, f"{n + 1} {host}", shown, n % 7 != 3))
    bars = [
        PhaseBar(
            f"{n + 1}. {host}",
            f"2025..2025-09-08 → {host}",
            "member",
            LOW if n == 0 else date(1990 + n, 1, 1),
            HIGH if n == 0 else date(1990 + n, 6, 1),
            date(1991 + n, 1, 1),
            HIGH if n == 11 else date(1991 + n, 9, 1),
            n == 5,
            (date(1990 + n, 3, 1),),
        )  # fmt: skip
        for n in range(12)
    ]
    first, last = date(1989, 1, 1), date(2026, 12, 31)
    sessions = TimeFigure(lang, "both", first, last, markers=markers)
    phases = TimeFigure(lang, "jalali", first, last, bars=bars, today=date(2026, 6, 1))
    title = f"{host} — {host}"
    return Document(
        title,
        [
            Section(host, [], charts=[Chart(host, [], None, sessions)]),
            Section(host, [], charts=[Chart(host, [], "█ certain  ▒ possible", phases)]),
        ],
        {},
        lang=lang,
    )


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_long_labels_and_many_sessions_stay_inside_the_picture(tmp_path, lang):
    from citylinks.render.html import html_page
    from citylinks.render.svg import svg_document

    document = large_document(lang)
    svg = tmp_path / f"large-{lang}.svg"
    svg.write_text(svg_document(document), encoding="utf-8")
    measured = check_svg_picture(tmp_path, svg)
    labels = texts(measured, "session-label")
    assert len(labels) == len(measured["markers"]) == 40
    for label, marker in zip(labels, measured["markers"], strict=True):
        assert beside(marker["x"], label), f"{label['text']} is not beside its marker"
    no_leader_crosses_a_label(measured)
    # Labels too long are cut with an ellipsis, the whole text in a tooltip.
    assert "…" in svg.read_text(encoding="utf-8") and "<title>" in svg.read_text(encoding="utf-8")
    page = tmp_path / f"large-{lang}.html"
    page.write_text(html_page(document, lang), encoding="utf-8")
    check_html(tmp_path, page, lang, sessions=True)


# Errors --------------------------------------------------------------------------------------


def test_pdf_without_weasyprint_says_how_to_install_it(seeded_cli, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed
    path = tmp_path / "t.pdf"
    result = seeded_cli("timeline", "AMF", "--output", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: PDF output needs WeasyPrint: pip install 'citylinks[pdf]'"
    )
    assert not path.exists()


# The calendars on the axis -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "lang", "first"),
    [
        ("gregorian", "fa", "gregorian"),
        ("jalali", "en", "jalali"),
        ("both", "en", "gregorian"),
        ("both", "fa", "jalali"),
    ],
)
def test_the_axis_shows_both_calendars_the_reports_first(seeded_cli, tmp_path, calendar, lang,
                                                         first):  # fmt: skip
    import xml.etree.ElementTree as ET

    path = tmp_path / "history.svg"
    result = seeded_cli("history", "Yazd", "AMF", "--calendar", calendar, "--lang", lang,
                        "--output", str(path))  # fmt: skip
    assert result.exit_code == 0, result.output
    ns = "{http://www.w3.org/2000/svg}"
    sizes = {}
    for element in ET.parse(path).getroot().iter(f"{ns}text"):
        for cal in ("gregorian", "jalali"):
            if f"tick-{cal}" in (element.get("class") or "").split():
                sizes.setdefault(cal, set()).add(float(element.get("font-size")))
    second = "jalali" if first == "gregorian" else "gregorian"
    assert max(sizes[first]) > max(sizes[second])  # the first calendar's years in larger type
