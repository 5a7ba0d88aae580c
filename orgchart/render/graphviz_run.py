"""Run Graphviz's dot on DOT source; the only place that needs the dot binary."""

from __future__ import annotations

from orgchart.errors import RenderError

FORMATS = ("svg", "png", "pdf")
INSTALL = (
    "Graphviz's dot is not installed: sudo apt-get install graphviz (Debian/Ubuntu), "
    "brew install graphviz (macOS), or see https://graphviz.org/download/"
)


def draw(dot: str, fmt: str) -> bytes:
    """Render DOT to svg, png or pdf bytes. Raises RenderError when dot is missing or fails."""
    import graphviz

    if fmt not in FORMATS:
        raise RenderError(f"cannot draw {fmt!r}: choose one of {', '.join(FORMATS)}")
    try:
        data: bytes = graphviz.pipe("dot", fmt, dot.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise RenderError(INSTALL) from None
    except graphviz.CalledProcessError as exc:
        stderr = (exc.stderr or b"").decode("utf-8", "replace").strip()
        raise RenderError(f"Graphviz failed to draw the chart: {stderr}") from None
    return data
