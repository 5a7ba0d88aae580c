"""The report's appendix charts drawn by Graphviz: inline SVG for HTML, print PNG for Word."""

from __future__ import annotations

from orgchart.present.render.graphviz_run import draw
from orgchart.present.report.parts import Chart

# Word prints pictures at their own resolution: 200 dpi is sharp on paper
# and keeps a large structure's picture to a few megabytes.
PRINT_DPI = 200


def svg(chart: Chart) -> str:
    """The chart as an <svg> element, without the XML prolog and DOCTYPE a file needs."""
    text = draw(chart.dot, "svg").decode("utf-8")
    return text[text.index("<svg") :]


def png(chart: Chart, width: float, height: float) -> bytes:
    """The chart as a PNG at print resolution, shrunk to fit `width` x `height`
    inches where it is larger: the picture Word prints, pixel for pixel, rather
    than one of 16,000 pixels shown a few inches wide. Its size in inches is
    its pixels over PRINT_DPI."""
    # Set first: a chart page's own size, set later, wins, and it fits the
    # box already, since pages are split for the paper less their caption.
    head, _, body = chart.dot.partition("\n")
    box = f'graph [dpi={PRINT_DPI}, size="{width:.3f},{height:.3f}"];'
    return draw(f"{head}\n  {box}\n{body}", "png")
