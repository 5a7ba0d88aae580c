"""The report as one self-contained HTML page: styles inline, charts as inline SVG."""

from __future__ import annotations

from markupsafe import Markup

from orgchart.present.report import charts, plots, templating
from orgchart.present.report.data import DecisionReport


def render(report: DecisionReport, template: templating.HouseStyle | None = None) -> str:
    """Raises RenderError when Graphviz fails, LoadError for a bad template."""
    drawn = [
        # Graphviz writes the SVG from DOT whose every label orgchart escaped
        # (render.dot.html), so it is markup, not text.
        {"name": c.name, "caption": c.caption, "svg": Markup(charts.svg(c))}  # noqa: S704
        for c in report.charts
    ]
    # matplotlib's SVG holds no text from a structure: band names and figures.
    plotted = [
        {
            "name": p.name,
            "caption": p.caption,
            "alt": p.alt,
            "table": p.table,
            "svg": Markup(plots.svg(p)),  # noqa: S704
        }
        for p in report.plots
    ]
    return templating.render(
        "report.html.j2",
        template,
        html=True,
        context={"report": report, "charts": drawn, "plots": plotted},
    )
