"""The report's plots drawn by matplotlib: SVG for HTML and Markdown, PNG for Word.

Grouped bars, a series per side, each bar labelled with its figure.
matplotlib is imported here only, when a report is drawn, and draws with
the Agg canvas, never a window. The same plot gives the same bytes: the
SVG's hashed ids are salted with the plot's name and every id is prefixed
with it (two plots on one HTML page never share one), it carries no date,
and its text stays text in DejaVu Sans, the font matplotlib ships, so that
no machine's fonts change the layout.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from orgchart.present.report.parts import Plot
from orgchart.text import Kind, cell

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

PRINT_DPI = 200
SIZE = (6.8, 2.9)  # inches: half an A4 landscape page's height, the text's width
# Before in grey, after in dark blue: apart in colour and in greyscale print,
# and each at least 3:1 against white (WCAG's non-text contrast).
COLOURS = ("#767676", "#1d4f91")
# What makes the output depend on nothing but the plot.
STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.fonttype": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _figure(plot: Plot) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    count = len(plot.series)
    width = 0.8 / count
    positions = range(len(plot.categories))
    top = max((v for s in plot.series for v in s.values), default=0.0) or 1.0
    for n, series in enumerate(plot.series):
        offsets = [p + (n - (count - 1) / 2) * width for p in positions]
        bars = axes.bar(offsets, series.values, width, label=series.label, color=COLOURS[n])
        kind = Kind.SHARE if plot.percent else Kind.INT
        axes.bar_label(bars, labels=[cell(v, kind) for v in series.values], padding=2)
    axes.set_xticks(list(positions), [c.replace(" ", "\n", 1) for c in plot.categories])
    axes.set_ylabel(plot.axis)
    axes.set_xlabel(plot.across)
    axes.set_ylim(0, top * 1.18)  # room for the labels over the tallest bar
    if plot.percent:
        axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    else:
        axes.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")
    axes.legend(frameon=False, loc="upper right")
    return figure


def svg(plot: Plot) -> str:
    """The plot as an <svg> element, without the XML prolog and DOCTYPE a file needs."""
    import matplotlib

    out = io.StringIO()
    style: dict[RcKeyType, Any] = {**STYLE, "svg.hashsalt": f"orgchart-{plot.name}"}
    with matplotlib.rc_context(style):
        _figure(plot).savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    # Every id the plot's SVG gives, and each reference to one, made the plot's
    # own: two plots on one page would otherwise share "figure_1" and the rest.
    prefix = f"plot-{plot.name}-"
    text = re.sub(r'\bid="', f'id="{prefix}', text)
    text = re.sub(r'(url\(#|href="#)', rf"\g<1>{prefix}", text)
    return text[text.index("<svg") :]


def png(plot: Plot) -> bytes:
    """The plot as a PNG at print resolution, SIZE inches."""
    import matplotlib

    out = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        _figure(plot).savefig(out, format="png", dpi=PRINT_DPI, metadata={"Software": None})
    return out.getvalue()
