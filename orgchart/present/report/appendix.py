"""The report's appendix: its charts, each fitted to the report's paper, on
one page or on as many as keep its type legible, and the room a chart's page
keeps for its caption and footer. What a chart shows is render's (scope,
group, dot); this decides only how it meets the paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orgchart.graph import OrgGraph
from orgchart.present.render.dot import ChartOptions
from orgchart.present.render.paged import fitted, too_big
from orgchart.present.render.pages import PRINT_TYPE, Paper, paper

A4 = paper("A4")


@dataclass(frozen=True)
class Chart:
    name: str  # "before", "after" or "structure": names the chart's file beside a .md
    caption: str
    dot: str
    alternative: str = ""  # what the chart shows, in words, for a reader who cannot see it
    crowded: str = ""  # why the chart prints type below READABLE, when it does


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
    room = chart_paper(page)
    dots = fitted(graph, options, room)
    captions = (
        [caption]
        if len(dots) == 1
        else [f"{caption}, page {n} of {len(dots)}" for n in range(1, len(dots) + 1)]
    )
    names = [name] if len(dots) == 1 else [f"{name}-{n}" for n in range(1, len(dots) + 1)]
    charts = []
    for chart_name, chart_caption, dot in zip(names, captions, dots, strict=True):
        printed = too_big(dot, room, PRINT_TYPE)
        # A box wider or taller than the paper: no split makes it fit.
        crowded = (
            f"{chart_caption}: a box is too big for the paper, so its type prints at "
            f"{printed:.1f} pt"
            if printed is not None
            else ""
        )
        charts.append(Chart(chart_name, chart_caption, dot, alternative(dot), crowded))
    return charts


_CLASSES = re.compile(r'\[id="[^"]*", class="([^"]*)"')
_CHANGES = {"added", "removed", "moved", "changed"}


def alternative(dot: str) -> str:
    """A chart's text alternative: how many boxes, how many red and grey, and
    where the report says the same in words."""
    classes = [set(found.split()) for found in _CLASSES.findall(dot)]
    red = sum(1 for c in classes if c & _CHANGES)
    folds = sum(1 for c in classes if "fold" in c)
    text = f"Organisation chart of {len(classes):,} boxes"
    if red:
        text += f", {red:,} of them red: posts that change, listed in words in sections 2 and 4"
    if folds:
        text += f"; {folds:,} grey boxes stand for posts with no change near them"
    return text + "."
