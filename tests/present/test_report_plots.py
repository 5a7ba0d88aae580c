"""The report's picture of workloads: managers per span band and posts per
layer, before and after, drawn by matplotlib, with the figures as text.

The figures are counted here from `orgchart span --format csv` (a manager's
band on each row) and `orgchart layers --format json`, not from the plot's code.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from ..conftest import CLA, COMM
from .test_report import docx_tables, invoke, write_report

BANDS = ["one-to-one", "micro team", "below target", "on target", "above target", "excessive"]
GOLDEN = Path(__file__).parent.parent / "golden"


def percent(part: int, whole: int) -> str:
    """A share as the report prints figures: to the whole per cent, halves up."""
    return f"{int(Fraction(100 * part, whole) + Fraction(1, 2))}%"


def managers_by_band(path: Path) -> Counter[str]:
    result = invoke("span", path, "--format", "csv")
    assert result.exit_code == 0, result.output
    return Counter(row["band"] for row in csv.DictReader(io.StringIO(result.stdout)))


def posts_by_layer(path: Path) -> dict[str, int]:
    result = invoke("layers", path, "--format", "json")
    return {str(r["layer"]): r["posts"] for r in json.loads(result.stdout)["layers"]}


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_the_plots_tables_hold_the_managers_in_each_band_and_the_posts_in_each_layer(
    tmp_path, pair
):
    tables = docx_tables(write_report(tmp_path, pair, ".docx"))
    spans = tables["Managers by span band, before and after: the figures"]
    assert spans[0] == [
        "Span band",
        "Managers before",
        "Share before",
        "Managers after",
        "Share after",
    ]
    before, after = managers_by_band(pair / "before.yaml"), managers_by_band(pair / "after.yaml")
    for row, band in zip(spans[1:], BANDS, strict=True):
        shares = [
            percent(n, sum(c.values())) for n, c in ((before[band], before), (after[band], after))
        ]
        assert row == [band, str(before[band]), shares[0], str(after[band]), shares[1]]
    layers = tables["Posts by layer, before and after: the figures"]
    old, new = posts_by_layer(pair / "before.yaml"), posts_by_layer(pair / "after.yaml")
    assert {r[0]: [r[1], r[2]] for r in layers[1:]} == {
        k: [str(old.get(k, 0)), str(new.get(k, 0))] for k in sorted(old.keys() | new.keys())
    }


def test_html_shows_the_plots_as_inline_svg_with_a_text_alternative(tmp_path):
    html = write_report(tmp_path, CLA, ".html").read_text()
    for name in ("spans", "layers"):
        figure = re.search(rf'<figure class="plot" id="plot-{name}">(.*?)</figure>', html, re.S)
        assert figure, name
        body = figure.group(1)
        label = re.search(r'<div role="img" aria-label="([^"]+)">\s*<svg', body)
        assert label, name
        assert "Bar chart" in label.group(1)
        # Text in the plot is text a reader can find, not outlines.
        assert "<text" in body
    spans = re.search(r'id="plot-spans">(.*?)</figure>', html, re.S).group(1)
    for band in BANDS:
        assert band.split()[-1] in spans
    # The CLA before: 8 managers, 3 (38%) in the micro team band, as span counts them.
    before = managers_by_band(CLA / "before.yaml")
    share = f"micro team {percent(before['micro team'], sum(before.values()))}"
    assert share in label_of(html, "spans")
    # No id of a plot's is used twice on the page: each plot's are its own.
    figure = re.compile(r'<figure class="plot".*?</figure>', re.S)
    plotted = "".join(figure.findall(html))
    ids = re.findall(r'\bid="([^"]+)"', plotted)
    assert len(ids) > 20
    assert len(ids) == len(set(ids))
    others = re.findall(r'\bid="([^"]+)"', figure.sub("", html))
    assert not set(ids) & set(others)
    # And what refers to an id finds it.
    for ref in re.findall(r'(?:url\(#|href="#)([^)"]+)', plotted):
        assert ref in ids, ref


def label_of(html: str, name: str) -> str:
    figure = re.search(rf'id="plot-{name}">(.*?)</figure>', html, re.S).group(1)
    return re.search(r'aria-label="([^"]+)"', figure).group(1)


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_markdown_links_the_plots_and_they_are_the_same_every_time(tmp_path, pair):
    out = write_report(tmp_path, pair, ".md")
    text = out.read_text()
    for name in ("spans", "layers"):
        plot = tmp_path / f"{out.stem}-{name}.svg"
        assert f"]({plot.name})" in text
        drawn = plot.read_text()
        assert drawn.startswith("<svg")
        golden = GOLDEN / f"{pair.name}-report-{name}.svg"
        if os.environ.get("UPDATE_GOLDEN"):
            golden.write_text(drawn, encoding="utf-8")
        assert drawn == golden.read_text(encoding="utf-8"), f"{golden} differs: UPDATE_GOLDEN=1"
    # Drawn again, byte for byte the same: no date, no random id.
    (tmp_path / "again").mkdir()
    again = write_report(tmp_path / "again", pair, ".md")
    for name in ("spans", "layers"):
        first = (tmp_path / f"{out.stem}-{name}.svg").read_bytes()
        assert (again.parent / f"{again.stem}-{name}.svg").read_bytes() == first


def test_word_shows_the_plots_as_pngs_with_alt_text_before_the_appendix(tmp_path):
    document = docx.Document(str(write_report(tmp_path, COMM, ".docx")))
    body = document.element.body
    appendix = next(p for p in body.iter(qn("w:p")) if "".join(p.itertext()).startswith("Appendix"))
    plots = []
    for inline in body.iter(qn("wp:inline")):
        paragraph = next(inline.iterancestors(qn("w:p")))
        if paragraph in set(appendix.itersiblings()):
            continue
        plots.append(inline)
    assert len(plots) == 2
    for inline in plots:
        assert inline.find(qn("wp:docPr")).get("descr").startswith("Bar chart")
        blip = next(inline.iter(qn("a:blip")))
        image = document.part.related_parts[blip.get(qn("r:embed"))].image
        assert image.content_type == "image/png"
        inches = int(inline.find(qn("wp:extent")).get("cx")) / 914400
        assert image.px_width / inches == pytest.approx(200, abs=1)


def test_one_structure_report_plots_the_structure_alone(tmp_path):
    out = tmp_path / "one.md"
    result = invoke("report", COMM / "after.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "*Managers by span band*" in text
    assert "| Span band | Managers structure | Share structure |" in text
    assert (tmp_path / "one-spans.svg").exists()


def test_the_command_line_and_the_report_data_do_not_import_matplotlib():
    code = (
        "import sys, orgchart.cli, orgchart.present.report.data; print('matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
