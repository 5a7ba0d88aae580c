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
from .test_report import write_report

runner = CliRunner()
A4 = (595.3, 841.9)  # points, upright
A3 = (841.9, 1190.6)


def write_pdf(tmp_path: Path, pair: Path, *extra: str) -> Path:
    return write_report(tmp_path, pair, ".pdf", *extra)


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
    import shutil

    # A PATH with Graphviz's dot and no browser.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "dot").symlink_to(shutil.which("dot"))
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("ORGCHART_CHROMIUM", raising=False)
    out = tmp_path / "report.pdf"
    result = runner.invoke(
        app, ["report", str(COMM / "before.yaml"), str(COMM / "after.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 2
    # Said before the structures are read: no warning about them comes first.
    assert result.output.strip().splitlines() == [
        "orgchart: writing PDF needs Chromium: sudo apt-get install chromium (Debian/Ubuntu), "
        "brew install --cask chromium (macOS), or name one in ORGCHART_CHROMIUM"
    ]
    assert not out.exists()


def test_a_chromium_named_that_is_not_there_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("ORGCHART_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "report.pdf"
    result = runner.invoke(
        app, ["report", str(COMM / "before.yaml"), str(COMM / "after.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "ORGCHART_CHROMIUM names no file" in result.output
    assert not out.exists()


def test_a_chromium_that_fails_is_one_line_and_writes_nothing(tmp_path, monkeypatch):
    broken = tmp_path / "chromium"
    broken.write_text(
        "#!/bin/sh\necho '[0101/000000.0:ERROR:headless.cc] cannot start' >&2\nexit 1\n"
    )
    broken.chmod(0o755)
    monkeypatch.setenv("ORGCHART_CHROMIUM", str(broken))
    out = tmp_path / "report.pdf"
    result = runner.invoke(
        app, ["report", str(COMM / "before.yaml"), str(COMM / "after.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 2
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("orgchart: Chromium could not print the report (exit status 1)")
    assert "cannot start" in last
    assert not out.exists()


def test_hostile_title_stays_text_in_the_footer(tmp_path):
    hostile = '</style><script>x</script> "q" \\ } @page { } Ünï'
    out = write_pdf(tmp_path, COMM, "--title", hostile)
    pdf = PdfReader(out)
    last = pdf.pages[-1].extract_text()
    # The footer says the title as given, and the page still has its layout.
    # Spaces and all: CSS would eat a space after an escape left unescaped.
    assert hostile in last
    assert sizes(pdf)[-1] == pytest.approx((A4[1], A4[0]), abs=1)


def test_a_headless_shell_that_cannot_print_in_one_process_prints_in_several(tmp_path, monkeypatch):
    import shutil

    real = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    log = tmp_path / "calls"
    shell = tmp_path / "chromium-headless-shell"
    shell.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> {log}\n'
        'case "$*" in *--single-process*) exit 1;; esac\n'
        f'exec {real} "$@"\n'
    )
    shell.chmod(0o755)
    monkeypatch.setenv("ORGCHART_CHROMIUM", str(shell))
    out = write_pdf(tmp_path, COMM)
    assert len(PdfReader(out).pages) > 2
    calls = log.read_text().splitlines()
    assert len(calls) == 2
    assert "--single-process" in calls[0] and "--single-process" not in calls[1]
