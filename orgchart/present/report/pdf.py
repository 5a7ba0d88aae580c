"""The report as PDF: its HTML printed by Chromium (`--print-to-pdf`), as a
reader's browser prints it.

The HTML lays the pages out: text upright on the report's paper, chart pages
lying on it as the charts were fitted (CSS named pages), the title and page
number in each page's footer (CSS margin boxes). Chromium finds the charts'
font through the fontconfig file dot uses, so the page does not embed it.
Chromium is the first of
BROWSERS on PATH, or ORGCHART_CHROMIUM; the old headless shell, where it is
installed, prints in less memory than the browser. It runs in a folder of its
own (profile, page and PDF); the shipped page's policy allows it no script
and no network. It is stopped after ORGCHART_DOT_TIMEOUT seconds, as dot is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from orgchart.errors import RenderError
from orgchart.present.render.graphviz_run import timeout
from orgchart.present.render.typeface import FONTCONFIG

INSTALL = (
    "writing PDF needs Chromium: sudo apt-get install chromium (Debian/Ubuntu), "
    "brew install --cask chromium (macOS), or name one in ORGCHART_CHROMIUM"
)
CHROMIUM_SETTING = "ORGCHART_CHROMIUM"
BROWSERS = (
    "chromium-headless-shell",
    "chrome-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)


def check() -> str:
    """The Chromium to print with, found before any work is done. Raises
    RenderError, saying how to install it, when there is none."""
    given = os.environ.get(CHROMIUM_SETTING)
    if given:
        if not Path(given).is_file():
            raise RenderError(f"{INSTALL} ({CHROMIUM_SETTING} names no file: {given})")
        return given
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if found is None:
        raise RenderError(INSTALL)
    return found


def render(page: str) -> bytes:
    """The HTML report `page` printed to PDF (tagged, with an outline of its
    headings). Raises RenderError when Chromium is missing, fails or is too slow."""
    chromium = check()
    with tempfile.TemporaryDirectory(prefix="orgchart-pdf-") as folder:
        source, target = Path(folder, "report.html"), Path(folder, "report.pdf")
        source.write_text(page, encoding="utf-8")
        command = [
            chromium,
            "--headless",
            "--disable-gpu",
            # Smaller caches, the same PDF: Education 2011 in 448 MB, not 500.
            "--enable-low-end-device-mode",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={Path(folder, 'profile')}",
            "--no-pdf-header-footer",  # the page's own footer, not Chromium's
            "--generate-pdf-document-outline",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            # Chromium will not start as root with its sandbox; the page runs no script.
            command.insert(1, "--no-sandbox")
        done = None
        if "headless-shell" in Path(chromium).name:
            # The old headless shell prints in one process (403 MB rather than 448),
            # and without its sandbox needs no zygotes beside it (15 MB): tried
            # first, and as usual where it fails.
            alone = ["--single-process", *(["--no-zygote"] if "--no-sandbox" in command else [])]
            done = _run([*command, *alone])
        if done is None or not _printed(done, target):
            done = _run(command)
        if not _printed(done, target):
            said = [ln.strip() for ln in done.stderr.decode("utf-8", "replace").splitlines()]
            detail = next((ln for ln in said if "ERROR" in ln or "rror" in ln), None)
            status = f"exit status {done.returncode}" if done.returncode else "no PDF written"
            raise RenderError(
                f"Chromium could not print the report ({status})"
                + (f": {detail}" if detail else "")
            )
        return target.read_bytes()


def _printed(done: subprocess.CompletedProcess[bytes], target: Path) -> bool:
    return done.returncode == 0 and target.is_file() and target.stat().st_size > 0


def _run(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run Chromium. Raises RenderError when it cannot start or is too slow."""
    limit = timeout()
    try:
        return subprocess.run(
            command,
            capture_output=True,
            timeout=limit,
            check=False,
            stdin=subprocess.DEVNULL,
            # Chromium finds the charts' font where dot does: the page need not carry it.
            env={**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)},
        )
    except FileNotFoundError:
        raise RenderError(INSTALL) from None
    except subprocess.TimeoutExpired:
        raise RenderError(f"Chromium took more than {limit:g} s to print the report") from None
    except OSError as exc:
        raise RenderError(f"cannot run Chromium: {exc.strerror or exc}") from None
