"""The report's appendix charts drawn by Graphviz: inline SVG for HTML, print PNG for Word."""

from __future__ import annotations

from orgchart.present.render.graphviz_run import draw
from orgchart.present.report.data import Chart

# Word prints pictures at their own resolution: 200 dpi is sharp on paper
# and keeps a large structure's picture to a few megabytes.
PRINT_DPI = 200


def svg(chart: Chart) -> str:
    """The chart as an <svg> element, without the XML prolog and DOCTYPE a file needs."""
    text = draw(chart.dot, "svg").decode("utf-8")
    return text[text.index("<svg") :]


def png(chart: Chart) -> bytes:
    """The chart as a PNG at print resolution."""
    head, _, body = chart.dot.partition("\n")
    return draw(f"{head}\n  graph [dpi={PRINT_DPI}];\n{body}", "png")
