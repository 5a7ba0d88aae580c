"""No type below 7 pt at print size, in every format, on a real department
pair: the Department for Education, 2011-03-31 -> 2011-09-30 (renumbered,
so nearly all of it changes and its charts run to dozens of pages).

Sizes are read from what each format holds: the PDF's text as pypdf finds it
placed, the HTML as Chromium lays it out for print, the SVG files beside the
Markdown, and the pictures in Word against the pixels drawn for them.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader
from typer.testing import CliRunner

from orgchart.cli import app

from ..conftest import ORGANOGRAMS

runner = CliRunner()
SMALLEST = 7.0  # points
SVG = "{http://www.w3.org/2000/svg}"
EDUCATION = (
    ORGANOGRAMS / "department_of_education-2011-03-31-senior.csv",
    ORGANOGRAMS / "department_of_education-2011-09-30-senior.csv",
)
WORD_DPI = 150  # the PNGs in Word are drawn at this resolution


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("education")
    out = {}
    for suffix in (".html", ".pdf", ".docx", ".md"):
        path = folder / f"report{suffix}"
        result = runner.invoke(app, ["report", *map(str, EDUCATION), "-o", str(path)])
        assert result.exit_code == 0, result.output
        out[suffix] = path
    return out


def svg_type(path: Path) -> tuple[float, tuple[float, float]]:
    """The smallest type in an SVG chart at the size the file says it is, and that size (pt)."""
    root = ET.parse(path).getroot()
    graph = root.find(f"{SVG}g")
    assert graph is not None
    scale = float(re.search(r"scale\(([\d.]+)", graph.get("transform", "scale(1)"))[1])
    sizes = [float(t.get("font-size")) for t in root.iter(f"{SVG}text")]
    size = (
        float(root.get("width").removesuffix("pt")),
        float(root.get("height").removesuffix("pt")),
    )
    return min(sizes) * scale, size


def test_pdf_prints_no_type_below_7_pt(reports):
    pdf = PdfReader(io.BytesIO(reports[".pdf"].read_bytes()))
    smallest = math.inf
    for page in pdf.pages:
        found: list[float] = []

        def visit(text, cm, tm, font, size, found=found):
            if text.strip():
                # The text's size on the page: its font size through the text and page matrices.
                c = tm[2] * cm[0] + tm[3] * cm[2]
                d = tm[2] * cm[1] + tm[3] * cm[3]
                found.append(size * math.hypot(c, d))

        page.extract_text(visitor_text=visit)
        assert found
        smallest = min(smallest, *found)
    assert len(pdf.pages) > 40
    assert smallest >= SMALLEST - 0.01, smallest


def chart_files(reports: dict[str, Path]) -> list[Path]:
    """The SVG pages of the charts beside the Markdown (not its plots), before then after."""
    folder = reports[".md"].parent
    return [
        *sorted(folder.glob("report-before*.svg"), key=page_number),
        *sorted(folder.glob("report-after*.svg"), key=page_number),
    ]


def page_number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[-1])


def test_markdown_charts_are_drawn_page_sized_with_no_type_below_7_pt(reports):
    charts = chart_files(reports)
    assert len(charts) > 20
    for chart in charts:
        smallest, (width, height) = svg_type(chart)
        assert smallest >= SMALLEST - 0.01, (chart.name, smallest)
        # At most the A4 landscape page less its margins: it prints at 100%.
        assert width <= 841.9 - 36 + 1 and height <= 595.3 - 36 + 1, chart.name


def test_word_prints_each_chart_at_the_size_it_was_drawn(reports):
    charts = chart_files(reports)
    document = docx.Document(str(reports[".docx"]))
    shapes = [
        s for s in document.inline_shapes if "Organisation chart" in s._inline.docPr.get("descr")
    ]
    assert len(shapes) == len(charts)
    for shape, chart in zip(shapes, charts, strict=True):
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = document.part.related_parts[blip.embed].image
        drawn = image.px_width / WORD_DPI * 72  # points, as Graphviz drew it
        shrink = shape.width.pt / drawn
        smallest, (width, _) = svg_type(chart)
        assert drawn == pytest.approx(width, abs=2), chart.name
        assert smallest * shrink >= SMALLEST - 0.01, (chart.name, smallest, shrink)


PRINTED_TYPE = """
() => {
  const sizes = [];
  for (const t of document.querySelectorAll('svg text')) {
    // Its font size (px) through every transform to the page (turned too: an
    // axis's label stands on end), in points.
    const m = t.getScreenCTM();
    sizes.push(parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.c, m.d) * 0.75);
  }
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest('svg') || !e.childNodes.length) continue;
    if ([...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
      sizes.push(parseFloat(getComputedStyle(e).fontSize) * 0.75);
  }
  return Math.min(...sizes);
}
"""


def test_html_prints_no_type_below_7_pt(browser: Browser, reports):
    # A chart page of A4 landscape, less its margins: the widest anything is printed.
    page = browser.new_page(viewport={"width": round((841.9 - 36) * 96 / 72), "height": 800})
    page.emulate_media(media="print")
    page.goto(reports[".html"].as_uri())
    smallest = page.evaluate(PRINTED_TYPE)
    page.close()
    assert smallest >= SMALLEST - 0.01, smallest
