"""The report as PDF: its HTML printed by Chromium, driven through playwright
(the optional extra `orgchart[pdf]`), as a reader's browser would print it.

Text pages stand upright on the report's paper and chart pages lie on it as
the charts were fitted (CSS named pages, in the HTML); each page's footer
holds the report's title and its number. Chromium is Debian's `chromium`, or
another on PATH, or ORGCHART_CHROMIUM, or playwright's own download.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from orgchart.errors import RenderError
from orgchart.present.render.typeface import CSS_FAMILY

INSTALL = (
    "writing PDF needs Chromium and playwright: pip install 'orgchart[pdf]', then "
    "sudo apt-get install chromium (Debian/Ubuntu) or playwright install chromium"
)
CHROMIUM_SETTING = "ORGCHART_CHROMIUM"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Milliseconds Chromium may take to lay out and print a report: a department's
# appendix is a hundred pages or more.
TIMEOUT_MS = 300_000
# Chromium fills the spans of these classes in: the title from the page's
# <title>, as text, and the page numbers.
FOOTER = (
    "<style>.footer { width: 100%; margin: 0 18pt; color: #333; display: flex; "
    f"justify-content: space-between; gap: 12pt; font: 8pt {CSS_FAMILY}; }}"
    ".footer .title { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }"
    ".footer .number { white-space: nowrap; }</style>"
    '<div class="footer"><span class="title"></span><span class="number">Page '
    '<span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)


def chromium() -> str | None:
    """The Chromium to print with: ORGCHART_CHROMIUM, else the first on PATH;
    None leaves it to playwright (its own download, if there is one)."""
    given = os.environ.get(CHROMIUM_SETTING)
    if given:
        return given
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def check() -> str | None:
    """The Chromium to print with (None: playwright's own), checked before any
    work is done. Raises RenderError, saying how to install what is missing,
    when playwright is not installed or ORGCHART_CHROMIUM names no file."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise RenderError(INSTALL) from None
    executable = chromium()
    if executable is not None and not Path(executable).is_file():
        raise RenderError(f"{INSTALL} ({CHROMIUM_SETTING} names no file: {executable})")
    return executable


def render(page: str) -> bytes:
    """The HTML report `page` printed to PDF. Raises RenderError, with how to
    install what is missing, when playwright or Chromium is not there."""
    executable = check()
    from playwright.sync_api import Error, sync_playwright

    # Chromium will not start as root with its sandbox; the page runs no script.
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as driver:
        try:
            browser = driver.chromium.launch(executable_path=executable, args=args)
        except Error as exc:
            raise RenderError(f"{INSTALL} ({str(exc).splitlines()[0]})") from None
        try:
            tab = browser.new_page(java_script_enabled=False)
            tab.set_default_timeout(TIMEOUT_MS)
            # Self-contained: nothing is fetched, whatever a house style asks for.
            tab.route("**/*", lambda route: route.abort())
            tab.set_content(page, wait_until="load")
            return tab.pdf(
                prefer_css_page_size=True,
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                tagged=True,
                outline=True,
            )
        except Error as exc:
            raise RenderError(f"Chromium could not print the report: {exc}") from None
        finally:
            browser.close()
