"""Screenshots of the seed reports for the README: first page and appendix.

Usage: python scripts/report_screenshots.py demo-out docs
Reads demo-out/<seed>-report.html (make demo writes them) and writes
docs/<seed>-report-first-page.png and docs/<seed>-report-appendix.png,
with Debian's chromium in print layout, A4 landscape.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

SEEDS = ("cla-sdm-realignment-2020", "commissioning-posts-2022")
# A4 landscape at 96 px to the inch.
PAGE = {"width": 1123, "height": 794}


def main(source: Path, target: Path) -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport=PAGE)
        page.emulate_media(media="print")
        for seed in SEEDS:
            page.goto((source / f"{seed}-report.html").resolve().as_uri())
            page.screenshot(path=str(target / f"{seed}-report-first-page.png"))
            page.locator("figure.chart").last.screenshot(
                path=str(target / f"{seed}-report-appendix.png")
            )
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
