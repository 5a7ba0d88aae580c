"""The HTML report passes axe-core's WCAG 2.1 AA rules in Chromium, on the
seeds and on a real department pair, and every chart has a text alternative.

axe-core is vendored in tests/vendor/axe-core (MPL-2.0, see its README); the
page's own policy forbids scripts, so the test's browser context bypasses it
to inject axe.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from typer.testing import CliRunner

from orgchart.cli import app

from ..conftest import CLA, COMM, ORGANOGRAMS

runner = CliRunner()
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAIRS = {
    "cla": (CLA / "before.yaml", CLA / "after.yaml"),
    "commissioning": (COMM / "before.yaml", COMM / "after.yaml"),
    "education": (
        ORGANOGRAMS / "department_of_education-2011-03-31-senior.csv",
        ORGANOGRAMS / "department_of_education-2011-09-30-senior.csv",
    ),
}


def html_report(folder: Path, *files: Path) -> Path:
    out = folder / "report.html"
    result = runner.invoke(app, ["report", *map(str, files), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def violations(browser: Browser, path: Path) -> list[dict]:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(path.as_uri())
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})
            .then(r => r.violations.map(v => ({id: v.id, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))""",
        WCAG_21_AA,
    )
    context.close()
    return found


def test_axe_finds_what_it_should(browser, tmp_path):
    # The check can fail: a picture without a text alternative, and faint text.
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><title>t</title><main><img src="data:,">'
        '<p style="color:#bbb">faint</p></main></html>'
    )
    assert {v["id"] for v in violations(browser, page)} >= {"image-alt", "color-contrast"}


@pytest.mark.parametrize("name", PAIRS)
def test_the_report_passes_axe_wcag_21_aa(browser, tmp_path, name):
    assert violations(browser, html_report(tmp_path, *PAIRS[name])) == []


def test_the_one_structure_report_passes_axe_wcag_21_aa(browser, tmp_path):
    assert violations(browser, html_report(tmp_path, COMM / "after.yaml")) == []


def test_every_chart_has_a_text_alternative(browser, tmp_path):
    page = browser.new_page()
    page.goto(html_report(tmp_path, *PAIRS["cla"]).as_uri())
    charts = page.evaluate(
        """[...document.querySelectorAll('figure.chart')].map(f => {
            const image = f.querySelector('[role=img]');
            return [image !== null && image.contains(f.querySelector('svg')),
                    image && image.getAttribute('aria-label')];
        })"""
    )
    page.close()
    assert len(charts) == 2
    for wraps_the_chart, alternative in charts:
        assert wraps_the_chart
        # What the chart shows, in words: its boxes, which are red, where the changes are told.
        assert "boxes" in alternative and "red" in alternative and "section" in alternative


@pytest.mark.parametrize("suffix", [".docx", ".md"])
def test_charts_in_word_and_markdown_have_the_text_alternative(tmp_path, suffix):
    import docx

    out = tmp_path / f"report{suffix}"
    result = runner.invoke(app, ["report", *map(str, PAIRS["cla"]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    if suffix == ".docx":
        shapes = docx.Document(str(out)).inline_shapes
        alternatives = [s._inline.docPr.get("descr") for s in shapes]
    else:
        alternatives = [
            alt for alt, file in re_images(out.read_text()) if "-before" in file or "-after" in file
        ]
    charts = [a for a in alternatives if "Organisation chart of " in a]
    assert len(charts) == 2


def re_images(markdown: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r"!\[([^\]]*)\]\(([^)]*)\)", markdown)
