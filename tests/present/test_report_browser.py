"""The HTML report as a reader meets it: opened in Debian's headless Chromium.

`make unit` installs chromium where it is missing; playwright drives it
through executable_path and never downloads a browser of its own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from typer.testing import CliRunner

from orgchart.cli import app

from ..conftest import CLA, COMM, ORGANOGRAMS

runner = CliRunner()
# A4 upright at CSS's 96 px to the inch, less the text pages' 16 mm side margins.
TEXT_WIDTH_PX = round((210 - 2 * 16) / 25.4 * 96)
# A4 landscape in points, less a chart page's margins (18 pt, and 42 pt at the
# foot for the footer) and its caption (18 pt): the room for a chart.
CHART_ROOM_PT = (841.9 - 2 * 18, 595.3 - 18 - 42 - 18)


def report(tmp_path: Path, pair: Path, *extra: str) -> Path:
    out = tmp_path / f"{pair.name}.html"
    result = runner.invoke(
        app, ["report", str(pair / "before.yaml"), str(pair / "after.yaml"), "-o", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return out


def diff_json(pair: Path) -> dict:
    result = runner.invoke(
        app, ["diff", str(pair / "before.yaml"), str(pair / "after.yaml"), "-f", "json"]
    )
    return json.loads(result.stdout)


def open_page(browser: Browser, path: Path, errors: list[str]) -> Page:
    page = browser.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Any request is a failure: the report must be self-contained.
    page.on(
        "request",
        lambda r: errors.append(f"request {r.url}") if r.url != path.as_uri() else None,
    )
    page.goto(path.as_uri())
    return page


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_changed_posts_in_inline_svg_without_errors(browser, tmp_path, pair):
    errors: list[str] = []
    page = open_page(browser, report(tmp_path, pair), errors)
    changes = diff_json(pair)
    expected = {
        **{p["id"]: ("after", "added") for p in changes["added"]},
        **{p["id"]: ("before", "removed") for p in changes["removed"]},
        **{m["id"]: ("after", "moved") for m in changes["moved"]},
        **{c["id"]: ("after", "changed") for c in changes["changed"]},
    }
    assert expected
    for post_id, (side, mark) in expected.items():
        classes = page.get_attribute(f'#chart-{side} svg g[id="post-{post_id}"]', "class")
        assert classes is not None, post_id
        assert mark in classes.split(), (post_id, classes)
    # Moved posts are red on both sides.
    for move in changes["moved"]:
        classes = page.get_attribute(f'#chart-before svg g[id="post-{move["id"]}"]', "class")
        assert "moved" in (classes or "").split()
    assert page.locator("figure.chart svg").count() == 2
    assert page.locator("figure.plot svg").count() == 2
    page.close()
    assert errors == []


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_print_layout_fits_a4_landscape_one_page_per_chart(browser, tmp_path, pair):
    errors: list[str] = []
    page = open_page(browser, report(tmp_path, pair), errors)
    assert_prints_on_a4_with_a_page_per_chart(page, charts=2)
    page.close()
    assert errors == []


def test_one_structure_report_prints_its_chart_on_a_page(browser, tmp_path):
    out = tmp_path / "one.html"
    result = runner.invoke(app, ["report", str(COMM / "after.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    errors: list[str] = []
    page = open_page(browser, out, errors)
    assert page.locator("#chart-structure svg g.node.post").count() == 11
    assert_prints_on_a4_with_a_page_per_chart(page, charts=1)
    page.close()
    assert errors == []


def assert_prints_on_a4_with_a_page_per_chart(page: Page, charts: int) -> None:
    page.set_viewport_size({"width": TEXT_WIDTH_PX, "height": 700})
    page.emulate_media(media="print")
    # The text fits an upright page; each chart is drawn no bigger than a chart page holds.
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('body > *:not(figure), body > * *')]"
        ".filter(e => !e.closest('figure.chart')).map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= TEXT_WIDTH_PX
    for width, height, breaks, named in page.evaluate(
        "[...document.querySelectorAll('figure.chart')].map(f => {"
        " const svg = f.querySelector('svg'); const style = getComputedStyle(f);"
        " return [parseFloat(svg.getAttribute('width')), parseFloat(svg.getAttribute('height')),"
        " style.breakBefore, style.page]; })"
    ):
        assert width <= CHART_ROOM_PT[0] + 0.5 and height <= CHART_ROOM_PT[1] + 0.5
        assert breaks == "page" and named == "chart"
    full = pdf_pages(page)
    # Without the appendix the report takes some pages; each chart adds exactly one.
    page.evaluate("document.querySelectorAll('figure.chart').forEach(f => f.remove())")
    assert full == pdf_pages(page) + charts


def pdf_pages(page: Page) -> int:
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_hostile_text_stays_text_in_the_browser(browser, tmp_path, write):
    hostile = "<script>window.pwned=1</script> \"q\" 'a' {{ 7*7 }} {% if 1 %}x{% endif %}"
    escaped = hostile.replace('"', '\\"')
    before = write(
        f"""\
        name: "{escaped}"
        posts:
          - {{id: A, title: "{escaped}", cost: 1000}}
          - {{id: B, title: Officer, cost: 500, reports_to: A}}
        """,
        "before.yaml",
    )
    after = write(
        f"""\
        name: After
        posts:
          - {{id: A, title: "{escaped}", cost: 1000}}
          - {{id: C, title: "{escaped}", cost: 700, reports_to: A}}
        """,
        "after.yaml",
    )
    out = tmp_path / "hostile.html"
    result = runner.invoke(
        app, ["report", str(before), str(after), "-o", str(out), "--title", hostile]
    )
    assert result.exit_code == 0, result.output
    errors: list[str] = []
    page = open_page(browser, out, errors)
    assert page.evaluate("window.pwned") is None
    assert page.locator("script").count() == 0
    assert page.inner_text("h1") == hostile
    assert page.title() == hostile
    # Charts wrap long titles over lines.
    assert squeeze(hostile) in squeeze(page.inner_text("#chart-after"))
    # Small charts too take a page each, rather than sharing the report's last.
    assert_prints_on_a4_with_a_page_per_chart(page, charts=2)
    page.close()
    assert errors == []


# Each word of each table cell, as Chromium lays it out in print: a word set
# on two lines has two boxes. (A line may end after a hyphen or a slash, as
# in SDM-/KIN: those end a word here.)
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s\\-\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_no_word_in_a_table_is_broken_across_lines(browser, tmp_path, pair):
    """'temporary' in a narrow Status column was set as 'tempora' / 'ry'."""
    errors: list[str] = []
    page = open_page(browser, report(tmp_path, pair), errors)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": TEXT_WIDTH_PX, "height": 1000})
    assert page.evaluate(SPLIT_WORDS) == []
    page.close()


# Each table cell of eight characters or fewer (a grade, a status) that
# Chromium set on more than one line.
WRAPPED_SHORT_CELLS = """() => [...document.querySelectorAll('td')]
  .filter(cell => cell.textContent.trim().length <= 8)
  .filter(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
  })
  .map(cell => cell.textContent.trim())"""


def test_a_short_value_is_one_line_on_a_real_department(browser, tmp_path):
    """Education 2011's grades printed 'Grade' / '7' in a narrow column."""
    out = tmp_path / "education.html"
    result = runner.invoke(
        app,
        [
            "report",
            str(ORGANOGRAMS / "department_of_education-2011-03-31-senior.csv"),
            str(ORGANOGRAMS / "department_of_education-2011-09-30-senior.csv"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    page = open_page(browser, out, [])
    page.emulate_media(media="print")
    page.set_viewport_size({"width": TEXT_WIDTH_PX, "height": 1000})
    assert "Grade 7" in page.evaluate("() => document.body.innerText")
    assert page.evaluate(WRAPPED_SHORT_CELLS) == []
    page.close()
