"""Pictures of the reports for the README: first page and an appendix page.

Usage: python scripts/report_screenshots.py demo-out docs

For each seed, reads demo-out/<seed>-report.pdf (make demo writes them) and
writes docs/<seed>-report-first-page.png and docs/<seed>-report-appendix.png
(the chart after). For the Department for Education pair of 2011 (in
tests/data/organograms), writes its report to demo-out first, then
docs/department-of-education-2011-report-first-page.png and
docs/department-of-education-2011-report-appendix.png: the page of the chart
after that holds the most boxes. Pages are turned into PNG by poppler's
pdftoppm, as printed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ("cla-sdm-realignment-2020", "commissioning-posts-2022")
EDUCATION = "department-of-education-2011"
ORGANOGRAMS = ROOT / "tests" / "data" / "organograms"
DPI = 80


def picture(pdf: Path, page: int, out: Path) -> None:
    """Page `page` (from 1) of `pdf` as `out`, a PNG."""
    stem = out.with_suffix("")
    pages = ["-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), *pages, str(pdf), str(stem)], check=True)


def appendix_page(pdf: Path) -> int:
    """The page of the chart after that holds the most boxes (each says its FTE)."""
    pages = PdfReader(pdf).pages
    after = [
        (text.count(" FTE"), number)
        for number, page in enumerate(pages, start=1)
        if re.search(r"^After(: |, page )", text := page.extract_text(), re.M)
        and "(changes highlighted in red)" in text
    ]
    return max(after)[1]


def main(source: Path, target: Path) -> None:
    for seed in SEEDS:
        pdf = source / f"{seed}-report.pdf"
        picture(pdf, 1, target / f"{seed}-report-first-page.png")
        picture(pdf, len(PdfReader(pdf).pages), target / f"{seed}-report-appendix.png")
    pdf = source / f"{EDUCATION}-report.pdf"
    pair = [
        ORGANOGRAMS / f"department_of_education-{d}-senior.csv"
        for d in ("2011-03-31", "2011-09-30")
    ]
    subprocess.run(
        [sys.executable, "-m", "orgchart", "report", *map(str, pair), "-o", str(pdf)],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    picture(pdf, 1, target / f"{EDUCATION}-report-first-page.png")
    picture(pdf, appendix_page(pdf), target / f"{EDUCATION}-report-appendix.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
