"""The report's appendix: its charts, each fitted to the report's paper, on
one page or on as many as keep its type legible, captioned, and the room a
chart's page keeps for its caption (and footer). What a chart shows is
render's (scope, group, dot); this decides how it meets the paper, and says
in words what it shows.
"""

from __future__ import annotations

import re
from dataclasses import replace

from orgchart.graph import OrgGraph
from orgchart.present.render.dot import ChartOptions
from orgchart.present.render.paged import fitted, too_big
from orgchart.present.render.pages import PRINT_TYPE, Paper, paper
from orgchart.present.report.parts import Chart

A4 = paper("A4")


# Of a chart's page, what its caption takes (two lines of 9 pt, 3 pt after;
# on the first page in Word, the appendix heading too: a line of 14 pt), or
# in HTML and PDF its caption and the page's footer, with a little slack, in
# points. Pages are split for the rest of the paper, so that each prints at
# its own size under its caption.
CAPTION_ROOM = 48.0


def captioned(page: Paper) -> Paper:
    """The paper a chart's pages are split for: `page` less its caption's room."""
    return replace(page, height=page.height - CAPTION_ROOM)


def paged_charts(
    name: str, label: str, about: str, graph: OrgGraph, options: ChartOptions, page: Paper
) -> list[Chart]:
    """One chart captioned "After: about", when it prints legibly on one page
    of `page`; else its pages `name-1`, `name-2`, ... each captioned "After,
    page 2 of 8: about", so that pages apart tell which. Each says in words
    what it shows, and why, if it must, it prints type below READABLE.

    Raises RenderError when Graphviz fails."""
    room = captioned(page)
    dots = fitted(graph, options, room)
    if len(dots) == 1:
        names, captions = [name], [f"{label}: {about}"]
    else:
        numbers = range(1, len(dots) + 1)
        names = [f"{name}-{n}" for n in numbers]
        captions = [f"{label}, page {n} of {len(dots)}: {about}" for n in numbers]
    charts = []
    for chart_name, caption, dot in zip(names, captions, dots, strict=True):
        printed = too_big(dot, room, PRINT_TYPE)
        # A box wider or taller than the paper: no split makes it fit.
        crowded = (
            f"{caption}: a box is too big for the paper, so its type prints at {printed:.1f} pt"
            if printed is not None
            else ""
        )
        charts.append(Chart(chart_name, caption, dot, alternative(dot), crowded))
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
