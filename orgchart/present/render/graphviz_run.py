"""Run Graphviz's dot on DOT source; the only place that needs the dot binary.

Whatever happens to dot (missing, crashed, killed, too slow, failed without a
word), the caller gets a RenderError with one line saying what and what to try.
"""

from __future__ import annotations

import os
import signal
import subprocess

from orgchart.errors import RenderError
from orgchart.present.render.typeface import FONTCONFIG

FORMATS = ("svg", "png", "pdf")
INSTALL = (
    "Graphviz's dot is not installed: sudo apt-get install graphviz (Debian/Ubuntu), "
    "brew install graphviz (macOS), or see https://graphviz.org/download/"
)
# A chart dot cannot draw in this long is one nobody can read either.
TIMEOUT_SETTING = "ORGCHART_DOT_TIMEOUT"
DEFAULT_TIMEOUT = 300.0
SMALLER = "draw part of it (--root, --depth) and keep alike posts in one box (--collapse)"


def timeout() -> float:
    """Seconds dot may take: 300, or ORGCHART_DOT_TIMEOUT."""
    try:
        seconds = float(os.environ.get(TIMEOUT_SETTING, DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return seconds if seconds > 0 else DEFAULT_TIMEOUT


def draw(dot: str, fmt: str) -> bytes:
    """Render DOT to svg, png or pdf bytes. Raises RenderError when dot is missing or fails."""
    import graphviz

    if fmt not in FORMATS:
        raise RenderError(f"cannot draw {fmt!r}: choose one of {', '.join(FORMATS)}")
    limit = timeout()
    try:
        # Run as graphviz.pipe does, but with a time limit, which it cannot take.
        done = subprocess.run(
            [os.fspath(graphviz.DOT_BINARY), f"-T{fmt}"],
            input=dot.encode("utf-8"),
            # dot finds the charts' font (shipped with orgchart) as well as the system's.
            env={**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)},
            capture_output=True,
            timeout=limit,
            check=False,
        )
    except FileNotFoundError:
        raise RenderError(INSTALL) from None
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz's dot took more than {limit:g} s and was stopped: {SMALLER}, or set "
            f"{TIMEOUT_SETTING} to allow longer"
        ) from None
    except OSError as exc:
        raise RenderError(f"cannot run Graphviz's dot: {exc.strerror or exc}") from None
    if done.returncode < 0:
        number = -done.returncode
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        raise RenderError(
            f"Graphviz's dot was killed by {name} while drawing the chart (often: out of "
            f"memory, or a crash on a very large chart): {SMALLER}"
        )
    if done.returncode > 0:
        said = [ln.strip() for ln in done.stderr.decode("utf-8", "replace").splitlines()]
        said = [ln for ln in said if ln]
        detail = said[0] if said else f"exit status {done.returncode}, and no message"
        more = f" (and {len(said) - 1} more lines)" if len(said) > 1 else ""
        raise RenderError(f"Graphviz failed to draw the chart: {detail}{more}")
    return done.stdout
