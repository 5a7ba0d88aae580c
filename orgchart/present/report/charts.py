"""The report's appendix charts drawn by Graphviz: inline SVG for HTML, print PNG for Word.

All of a report's charts are drawn together (graphviz_run.draw_many): a
department's appendix is a hundred pages or more.
"""

from __future__ import annotations

from orgchart.present.render.graphviz_run import draw_many
from orgchart.present.report.parts import Chart

# Word prints pictures at their own resolution: at 150 dpi 8 pt type is 17
# pixels high, sharp on paper, and a page's PNG takes half the time and room
# it does at 200 dpi (most of the time goes on compressing it).
PRINT_DPI = 150


def svgs(charts: list[Chart]) -> list[str]:
    """Each chart as an <svg> element, without the XML prolog and DOCTYPE a file needs."""
    drawn = [svg.decode("utf-8") for svg in draw_many([c.dot for c in charts], "svg")]
    return [text[text.index("<svg") :] for text in drawn]


def pngs(charts: list[Chart], width: float, height: float) -> list[bytes]:
    """Each chart as a PNG at print resolution, shrunk to fit `width` x `height`
    inches where it is larger: the picture Word prints, pixel for pixel, rather
    than one of 16,000 pixels shown a few inches wide. Its size in inches is
    its pixels over PRINT_DPI."""
    dots = []
    for chart in charts:
        # Set first: a chart page's own size, set later, wins, and it fits the
        # box already, since pages are split for the paper less their caption.
        head, _, body = chart.dot.partition("\n")
        box = f'graph [dpi={PRINT_DPI}, size="{width:.3f},{height:.3f}"];'
        dots.append(f"{head}\n  {box}\n{body}")
    return draw_many(dots, "png")
