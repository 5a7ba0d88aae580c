"""The report's appendix: its charts, each fitted to the report's paper, on
one page or on as many as keep its type legible, and the room a chart's page
keeps for its caption and footer. What a chart shows is render's (scope,
group, dot); this decides only how it meets the paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from orgchart.graph import OrgGraph
from orgchart.present.render.dot import ChartOptions
from orgchart.present.render.paged import fitted
from orgchart.present.render.pages import Paper, paper

A4 = paper("A4")


@dataclass(frozen=True)
class Chart:
    name: str  # "before", "after" or "structure": names the chart's file beside a .md
    caption: str
    dot: str


# Points of a chart's page kept for its caption above the chart and the page's
# footer below it: the chart fits the rest (the HTML and PDF lay pages out so).
CAPTION = 18.0
FOOTER = 24.0


def chart_paper(page: Paper) -> Paper:
    """What of a chart page the chart itself may take, as a paper whose margins
    (pages.MARGIN) are the page's."""
    return Paper(page.name, page.width, page.height - CAPTION - FOOTER)


def paged_charts(
    name: str, caption: str, graph: OrgGraph, options: ChartOptions, page: Paper
) -> list[Chart]:
    """One chart, or its pages when it does not print legibly on one page of
    `page`: `name-1`, `name-2`, ... each captioned with its page.

    Raises RenderError when Graphviz fails."""
    dots = fitted(graph, options, chart_paper(page))
    if len(dots) == 1:
        return [Chart(name, caption, dots[0])]
    return [
        Chart(f"{name}-{n}", f"{caption}, page {n} of {len(dots)}", dot)
        for n, dot in enumerate(dots, start=1)
    ]
