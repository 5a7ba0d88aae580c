"""The report as Markdown, its charts as SVG files beside it, linked."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from orgchart.present.report import charts, plots, templating
from orgchart.present.report.data import DecisionReport


def chart_name(output: Path, name: str) -> str:
    return f"{output.stem}-{name}.svg"


def render(
    report: DecisionReport, output: Path, template: templating.HouseStyle | None = None
) -> dict[Path, str | bytes]:
    """The Markdown file, its charts and its plots, keyed by where each is written.

    Raises RenderError when Graphviz fails, LoadError for a bad template.
    """
    files: dict[Path, str | bytes] = {}
    linked = []
    for chart, svg in zip(report.charts, charts.svgs(report.charts), strict=True):
        name = chart_name(output, chart.name)
        files[output.with_name(name)] = svg
        linked.append(
            {
                "name": chart.name,
                "caption": chart.caption,
                "alternative": chart.alternative,
                "file": quote(name),
            }
        )
    plotted = []
    for plot in report.plots:
        name = chart_name(output, plot.name)
        files[output.with_name(name)] = plots.svg(plot)
        plotted.append(
            {"caption": plot.caption, "alt": plot.alt, "table": plot.table, "file": quote(name)}
        )
    text = templating.render(
        "report.md.j2",
        template,
        html=False,
        context={"report": report, "charts": linked, "plots": plotted},
    )
    return {output: text, **files}
