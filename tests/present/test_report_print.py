"""The report's charts as Chromium draws them for print, on the seeds and on a
real department pair (Department for Education, 2011-03-31 -> 2011-09-30):
every line of text inside its box and centred in it.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from typer.testing import CliRunner

from orgchart.cli import app

from ..conftest import CLA, COMM, ORGANOGRAMS

runner = CliRunner()
EDUCATION = (
    ORGANOGRAMS / "department_of_education-2011-03-31-senior.csv",
    ORGANOGRAMS / "department_of_education-2011-09-30-senior.csv",
)
PAIRS = {
    "cla": (CLA / "before.yaml", CLA / "after.yaml"),
    "commissioning": (COMM / "before.yaml", COMM / "after.yaml"),
    "education": EDUCATION,
}
# A chart page's room on A4 landscape at CSS's 96 px to the inch: charts at their print size.
PRINT_VIEWPORT = {"width": 1075, "height": 794}

# Every box's shape and each of its lines of text, as Chromium lays them out.
MEASURE = """
() => [...document.querySelectorAll('svg g.node')].map(g => {
  const shape = g.querySelector('path, polygon').getBoundingClientRect();
  return {
    id: g.id,
    classes: (g.getAttribute('class') || '').split(' '),
    shape: [shape.left, shape.top, shape.right, shape.bottom],
    // Each run of text's ink, its trailing space left out (a role's space
    // before its details): a range over the letters, as drawn.
    lines: [...g.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
      const range = document.createRange();
      range.setStart(t.firstChild, 0);
      range.setEnd(t.firstChild, t.firstChild.textContent.trimEnd().length);
      const r = range.getBoundingClientRect();
      return [t.textContent, r.left, r.top, r.right, r.bottom];
    }),
  };
})
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for name, (before, after) in PAIRS.items():
        path = folder / f"{name}.html"
        result = runner.invoke(app, ["report", str(before), str(after), "-o", str(path)])
        assert result.exit_code == 0, result.output
        out[name] = path
    return out


@pytest.mark.parametrize("name", PAIRS)
def test_every_line_of_chart_text_is_inside_its_box_and_centred(
    browser: Browser, reports: dict[str, Path], name: str
) -> None:
    page = browser.new_page(viewport=PRINT_VIEWPORT)
    page.emulate_media(media="print")
    page.goto(reports[name].as_uri())
    nodes = page.evaluate(MEASURE)
    page.close()
    assert nodes
    outside, off_centre, overlapping = [], [], []
    for node in nodes:
        left, top, right, bottom = node["shape"]
        for text, t_left, t_top, t_right, t_bottom in node["lines"]:
            if t_left < left or t_right > right or t_top < top or t_bottom > bottom:
                outside.append((node["id"], text))
            # A list box's lines are set flush left; every other line is centred.
            centre = (left + right) / 2
            if "list" not in node["classes"] and abs((t_left + t_right) / 2 - centre) > 2:
                off_centre.append((node["id"], text, round((t_left + t_right) / 2 - centre, 1)))
        # Runs of text on one line (a role and its details) never overlap.
        rows: dict[int, list[tuple[float, float, str]]] = {}
        for text, t_left, t_top, t_right, _ in node["lines"]:
            rows.setdefault(round(t_top), []).append((t_left, t_right, text))
        for row in rows.values():
            row.sort()
            for (_, right, text), (left, _, following) in itertools.pairwise(row):
                if right > left + 0.5:
                    overlapping.append((node["id"], text, following))
    assert outside == []
    assert off_centre == []
    assert overlapping == []


def test_the_page_embeds_the_charts_font_and_draws_with_it(
    browser: Browser, reports: dict[str, Path]
) -> None:
    page = browser.new_page()
    page.goto(reports["cla"].as_uri())
    page.evaluate("document.fonts.ready")
    faces = page.evaluate(
        "[...document.fonts].map(f => [f.family.replaceAll('\"', ''), f.weight, f.style, f.status])"
    )
    families = {tuple(f) for f in faces}
    # Regular, bold and italic, each loaded from the page itself (no request is made).
    assert families == {
        ("Liberation Sans", "normal", "normal", "loaded"),
        ("Liberation Sans", "bold", "normal", "loaded"),
        ("Liberation Sans", "normal", "italic", "loaded"),
    }
    fonts = page.evaluate(
        "[...new Set([...document.querySelectorAll('figure.chart svg text')]"
        ".map(t => t.getAttribute('font-family')))]"
    )
    assert fonts == ["Liberation Sans"]
    page.close()
