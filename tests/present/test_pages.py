"""Charts on pages: few, readable at 8 pt, each part on one page where it fits,
every box whose part goes on elsewhere saying where, and the SVG contract kept."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.present.render.dot import ChartOptions, to_dot, to_pages
from orgchart.present.render.graphviz_run import draw
from orgchart.present.render.pages import (
    MARGIN,
    PRINT_TYPE,
    READABLE,
    TITLE,
    Page,
    paginate,
    paper,
)
from orgchart.present.report.appendix import captioned

from ..conftest import CLA, ORGANOGRAMS, ROOT
from .test_compact import NODE, boxes, check_layout, generated

runner = CliRunner()
SMALLEST_TYPE = PRINT_TYPE  # points: every type on a page
TITLE_LINE = re.compile(
    r"label=<<B>(?P<title>.*?)</B><BR/>Page (?P<n>\d+) of (?P<of>\d+)(?P<rest>[^<>]*)"
)
CONTINUED = re.compile(
    r'"(?P<key>[^"]+)" \[.*?Continued on pages? (?P<first>\d+)(?:-(?P<last>\d+))?'
)


def scale(page: str) -> float:
    """How far Graphviz shrinks the page to its size attribute."""
    width, height = (float(v) * 72 for v in re.search(r'size="([\d.]+),([\d.]+)"', page).groups())
    placed = boxes(page)
    drawn_w = max(r for _, _, r, _ in placed.values()) - min(x for x, _, _, _ in placed.values())
    drawn_h = max(t for _, _, _, t in placed.values()) - min(b for _, b, _, _ in placed.values())
    return min(1.0, width / drawn_w, height / (drawn_h + TITLE))


def check_pages(pages: list[str], whole: str) -> None:
    # Every page is readable at 8 pt, and no box overlaps another.
    for page in pages:
        assert SMALLEST_TYPE * scale(page) >= READABLE - 0.05, page[:300]
        check_layout(page)
    # Numbered in order; a page of a manager's part is titled with it and the page it came from.
    titles = [TITLE_LINE.search(p) for p in pages]
    assert [int(t["n"]) for t in titles] == list(range(1, len(pages) + 1))
    assert {int(t["of"]) for t in titles} == {len(pages)}
    for number, page in enumerate(pages, start=1):
        for stub in CONTINUED.finditer(page):
            first = int(stub["first"])
            last = int(stub["last"] or first)
            assert number < first <= last <= len(pages)
            for target in pages[first - 1 : last]:
                assert TITLE_LINE.search(target)["rest"] == f", continued from page {number}"
                assert f'"{stub["key"]}" [' in target  # the manager heads its pages
    # Every box of the whole chart is on some page.
    on_pages = {m["key"] for page in pages for m in NODE.finditer(page)}
    assert on_pages == set(boxes(whole))


def benchmark_tree(folder: Path) -> Path:
    """The benchmark generator's 700-post tree, the worst case issue 13 names."""
    path = folder / "synthetic-700.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "700", str(path)], check=True
    )
    return path


def test_the_benchmark_700_post_tree_takes_six_a3_pages(tmp_path) -> None:
    graph = build(benchmark_tree(tmp_path)).graph
    pages = to_pages(graph, ChartOptions(), paper("A3"))
    assert len(pages) <= 6
    check_pages(pages, to_dot(graph, ChartOptions(compact=True)))


@pytest.mark.parametrize(
    ("edition", "most"),
    # Issue 13 asks at most 25 pages for DH.
    [("department_of_health-2011-03-31", 25), ("ministry_of_defence-2015-03-31", 17)],
)
def test_a_department_on_a3_pages(edition: str, most: int) -> None:
    graph = build(ORGANOGRAMS / f"{edition}-senior.csv").graph
    pages = to_pages(graph, ChartOptions(), paper("A3"))
    assert 1 < len(pages) <= most
    check_pages(pages, to_dot(graph, ChartOptions(compact=True)))


def test_nothing_to_draw_is_one_empty_page() -> None:
    assert paginate([], {}, {}, {}, paper("A4")) == [Page(1, None, [], {}, None)]


def test_a_chart_that_fits_is_one_page() -> None:
    graph = build(CLA / "before.yaml").graph
    pages = to_pages(graph, ChartOptions(), paper("A3"))
    assert len(pages) == 1 and "Continued on" not in pages[0]
    portrait = to_pages(graph, ChartOptions(), paper("a4", portrait=True))
    width, height = (float(v) for v in re.search(r'size="([\d.]+),([\d.]+)"', portrait[0]).groups())
    assert width < height and width * 72 == pytest.approx(595.3 - 2 * MARGIN, abs=1)


def test_render_writes_one_pdf_of_a3_pages_linked_to_each_other(tmp_path) -> None:
    out = tmp_path / "dh.pdf"
    source = ORGANOGRAMS / "department_of_health-2011-03-31-senior.csv"
    result = runner.invoke(app, ["render", str(source), "-o", str(out), "--page", "A3"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dh.pdf"]
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    pages = to_pages(build(source).graph, ChartOptions(), paper("A3"))
    assert len(reader.pages) == len(pages)
    sizes = {
        (round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1))
        for p in reader.pages
    }
    assert sizes == {(1190.6, 841.9)}
    numbers = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages, start=1)}
    targets = sorted(
        numbers[a.get_object()["/A"]["/D"][0].idnum]
        for p in reader.pages
        for a in p.get("/Annots") or []
    )
    stubs = sorted(int(m["first"]) for page in pages for m in CONTINUED.finditer(page))
    assert targets == stubs and targets


def test_svg_pages_and_their_index_keep_the_contract(tmp_path, write) -> None:
    out = tmp_path / "chart.svg"
    source = write(generated())
    result = runner.invoke(app, ["render", str(source), "-o", str(out), "--page", "A3"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".svg")
    count = len(names)
    assert names == sorted(f"chart-{n}.svg" for n in range(1, count + 1))
    index = (tmp_path / "chart-index.html").read_text()
    assert all(f'href="chart-{n}.svg"' in index for n in range(1, count + 1))
    for name in names:
        root = ET.parse(tmp_path / name).getroot()
        ids = [e.get("id") for e in root.iter() if e.get("id")]
        assert len(ids) == len(set(ids)) and any(i.startswith("post-") for i in ids)


def test_render_diff_pages_keep_the_changes_red(tmp_path) -> None:
    before = ORGANOGRAMS / "department_of_health-2011-03-31-senior.csv"
    after = ORGANOGRAMS / "department_of_health-2011-09-30-senior.csv"
    result = runner.invoke(
        app,
        ["render-diff", str(before), str(after), "-o", str(tmp_path), "-f", "dot", "--page", "A3"],
    )
    assert result.exit_code == 0, result.output
    after_pages = sorted(tmp_path.glob("after-*.dot"))
    assert len(after_pages) > 1 and (tmp_path / "after-index.html").exists()
    red = [p.name for p in after_pages if 'class="post added' in p.read_text()]
    assert red, "no added post is red on any page"
    for page in sorted(tmp_path.glob("*-*.dot")):
        text = page.read_text()
        assert "Changes highlighted in red" in text
        assert SMALLEST_TYPE * scale(text) >= READABLE - 0.05, page.name


@pytest.mark.parametrize(
    "args",
    [["--page", "B5"], ["--portrait"], ["--page", "A3", "--group-by", "unit"]],
)
def test_page_options_are_checked(tmp_path, args) -> None:
    result = runner.invoke(
        app, ["render", str(CLA / "before.yaml"), "-o", str(tmp_path / "c.svg"), *args]
    )
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())


def test_the_report_appendix_uses_the_same_pages(tmp_path) -> None:
    from docx import Document

    source = benchmark_tree(tmp_path)
    # Split as render splits it, for the paper less the room of each page's caption.
    pages = to_pages(build(source).graph, ChartOptions(detail_size=11), captioned(paper("A3")))
    markdown = tmp_path / "report.md"
    result = runner.invoke(app, ["report", str(source), "-o", str(markdown), "--page", "A3"])
    assert result.exit_code == 0, result.output
    text = markdown.read_text()
    for number in range(1, len(pages) + 1):
        assert (tmp_path / f"report-structure-{number}.svg").exists()
        assert f"page {number} of {len(pages)}" in text
    word = tmp_path / "report.docx"
    result = runner.invoke(app, ["report", str(source), "-o", str(word), "--page", "A3"])
    assert result.exit_code == 0, result.output
    document = Document(str(word))
    appendix = document.sections[-1]
    assert (round(appendix.page_width.pt), round(appendix.page_height.pt)) == (1191, 842)
    charts = [s for s in document.inline_shapes if "page" in s._inline.docPr.get("descr")]
    assert len(charts) == len(pages)
    # Each page prints at its own size (Graphviz drew it at 200 dpi): nothing shrinks
    # it further in Word, so its smallest type stays at 8 pt or more.
    for shape, page in zip(charts, pages, strict=True):
        png = draw(
            page.replace("digraph orgchart {", "digraph orgchart {\n  graph [dpi=200];", 1), "png"
        )
        natural = int.from_bytes(png[16:20], "big") / 200 * 72
        assert shape.width.pt == pytest.approx(natural, abs=1)


class _Walked(dict[str, list[str]]):
    """Reporting lines that count the entries walked over (iterated, not looked up)."""

    walked = 0

    def __iter__(self):
        _Walked.walked += len(self)
        return super().__iter__()

    def items(self):
        _Walked.walked += len(self)
        return super().items()

    def keys(self):
        _Walked.walked += len(self)
        return super().keys()

    def values(self):
        _Walked.walked += len(self)
        return super().values()


def test_paging_a_long_chain_never_walks_every_line_per_page():
    # A chain 8,000 levels deep took 40 s to page: each part's layout copied
    # every manager's reports without the boxes already cut to pages.
    chain = [f"P{i:05d}" for i in range(2_000)]
    reports = _Walked({a: [b] for a, b in itertools.pairwise(chain)})
    sizes = {k: (120.0, 40.0) for k in chain}
    _Walked.walked = 0
    pages = paginate([chain[0]], reports, {}, sizes, paper("A4"))
    assert len(pages) > 20  # it did page
    assert _Walked.walked < 5 * len(chain), _Walked.walked
