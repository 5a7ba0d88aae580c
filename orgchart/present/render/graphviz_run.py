"""Run Graphviz's dot on DOT source; the only place that needs the dot binary.

Whatever happens to dot (missing, crashed, killed, too slow, failed without a
word), the caller gets a RenderError with one line saying what and what to try.
"""

from __future__ import annotations

import os
import signal
import struct
import subprocess
from concurrent.futures import ThreadPoolExecutor

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
# What each format's output starts with: several graphs' outputs are told apart by it.
SVG_START = b"<?xml"
PNG_START = b"\x89PNG\r\n\x1a\n"
PDF_START, PDF_END = b"%PDF-", b"%%EOF\n"
# dot processes run at once for many charts: each takes a core.
JOBS = 4


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


def draw_many(dots: list[str], fmt: str) -> list[bytes]:
    """Render several DOT graphs to svg, png or pdf, in order, in a few dot
    processes (one per core, up to JOBS) rather than one each: a dot process
    spends about 0.1 s starting and finding its fonts, a page 0.03 s drawing.
    Raises RenderError as draw does."""
    jobs = max(1, min(len(dots), os.cpu_count() or 1, JOBS))
    size = -(-len(dots) // jobs) if dots else 1
    chunks = [dots[start : start + size] for start in range(0, len(dots), size)]

    def run(chunk: list[str]) -> list[bytes]:
        drawn = _split(draw("\n".join(chunk), fmt), fmt)
        if len(drawn) != len(chunk):
            raise RenderError(f"Graphviz drew {len(drawn)} charts of {len(chunk)}")
        return drawn

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return [out for drawn in pool.map(run, chunks) for out in drawn]


def _split(output: bytes, fmt: str) -> list[bytes]:
    """The outputs of several graphs, as dot writes them one after another."""
    if fmt == "svg":
        return [SVG_START + part for part in output.split(SVG_START)[1:]]
    if fmt == "pdf":
        # Each PDF ends with %%EOF: where one is followed by the next's header.
        parts = output.split(PDF_END + PDF_START)
        return [
            (PDF_START if n else b"") + part + (PDF_END if n < len(parts) - 1 else b"")
            for n, part in enumerate(parts)
        ]
    # A PNG ends with its IEND chunk: walk the chunks, which may hold any bytes.
    images, start = [], 0
    while start < len(output):
        at = start + len(PNG_START)
        while True:
            if at + 8 > len(output):
                raise RenderError("Graphviz's dot wrote a PNG that ends early")
            length, kind = struct.unpack(">I4s", output[at : at + 8])
            at += 12 + length
            if kind == b"IEND":
                break
        images.append(output[start:at])
        start = at
    return images
