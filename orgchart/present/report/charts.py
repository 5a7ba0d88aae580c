"""The report's appendix charts drawn by Graphviz: inline SVG for HTML, print PNG for Word.

All of a report's charts are drawn together (graphviz_run.draw_many): a
department's appendix is a hundred pages or more.
"""

from __future__ import annotations

from orgchart.present.render.graphviz_run import draw_many
from orgchart.present.report.appendix import Chart

# Word prints pictures at their own resolution: at 150 dpi 8 pt type is 17
# pixels high, sharp on paper, and a page's PNG takes half the time and room
# it does at 200 dpi (most of the time goes on compressing it).
PRINT_DPI = 150


def svgs(charts: list[Chart]) -> list[str]:
    """Each chart as an <svg> element, without the XML prolog and DOCTYPE a file needs."""
    drawn = [svg.decode("utf-8") for svg in draw_many([c.dot for c in charts], "svg")]
    return [text[text.index("<svg") :] for text in drawn]


def pngs(charts: list[Chart]) -> list[bytes]:
    """Each chart as a PNG at print resolution."""
    dots = []
    for chart in charts:
        head, _, body = chart.dot.partition("\n")
        dots.append(f"{head}\n  graph [dpi={PRINT_DPI}];\n{body}")
    return draw_many(dots, "png")
