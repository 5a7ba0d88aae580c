"""The report as PDF, printed from its HTML by Chromium: text pages upright on
the paper, chart pages landscape, one chart page to a page, the title and
page numbers in every footer; and a clear line when Chromium is missing.

Pages are read back with pypdf, not with the code that wrote them.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from orgchart.cli import app

from ..conftest import CLA, COMM

runner = CliRunner()
A4 = (595.3, 841.9)  # points, upright
A3 = (841.9, 1190.6)


def write_pdf(tmp_path: Path, pair: Path, *extra: str) -> Path:
    out = tmp_path / f"{pair.name}.pdf"
    result = runner.invoke(
        app, ["report", str(pair / "before.yaml"), str(pair / "after.yaml"), "-o", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return out


def sizes(pdf: PdfReader) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in pdf.pages]


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_text_upright_charts_landscape_and_a_footer_on_every_page(tmp_path, pair):
    out = write_pdf(tmp_path, pair)
    assert out.read_bytes().startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(out.read_bytes()))
    pages = sizes(pdf)
    texts = [page.extract_text() for page in pdf.pages]
    charts = [
        n
        for n, text in enumerate(texts)
        if re.search(r"^(Before|After): .*\(changes highlighted in red\)", text, re.M)
    ]
    # The two charts (each fits one page) are the last two pages, landscape.
    assert charts == [len(pages) - 2, len(pages) - 1]
    for number, (size, text) in enumerate(zip(pages, texts, strict=True)):
        expected = (A4[1], A4[0]) if number in charts else A4
        assert size == pytest.approx(expected, abs=1)
        assert f"Page {number + 1} of {len(pages)}" in text
    # The footer carries the report's title: on a chart page, nothing else does.
    for number in charts:
        assert "(after): proposed structure" in texts[number]


def test_the_paper_is_the_page_option(tmp_path):
    pdf = PdfReader(write_pdf(tmp_path, COMM, "--page", "A3"))
    pages = sizes(pdf)
    assert pages[0] == pytest.approx(A3, abs=1)
    assert pages[-1] == pytest.approx((A3[1], A3[0]), abs=1)


def test_without_chromium_one_line_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("ORGCHART_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "report.pdf"
    result = runner.invoke(
        app, ["report", str(COMM / "before.yaml"), str(COMM / "after.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "Chromium" in lines[0] and "apt-get install chromium" in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_without_playwright_one_line_says_how_to_install_it(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails
    out = tmp_path / "report.pdf"
    result = runner.invoke(
        app, ["report", str(COMM / "before.yaml"), str(COMM / "after.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "orgchart: writing PDF needs Chromium and playwright: pip install 'orgchart[pdf]', "
        "then sudo apt-get install chromium (Debian/Ubuntu) or playwright install chromium"
    ]


def test_with_no_chromium_anywhere_the_launch_failure_is_one_line(tmp_path, monkeypatch):
    import shutil

    # A PATH with Graphviz's dot and no browser; playwright has downloaded none.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "dot").symlink_to(shutil.which("dot"))
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "browsers"))
    monkeypatch.delenv("ORGCHART_CHROMIUM", raising=False)
    out = tmp_path / "report.pdf"
    result = runner.invoke(
        app, ["report", str(COMM / "before.yaml"), str(COMM / "after.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 2
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("orgchart: writing PDF needs Chromium and playwright")
    assert "Traceback" not in result.output
    assert not out.exists()
