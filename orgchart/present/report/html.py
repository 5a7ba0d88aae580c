"""The report as one self-contained HTML page: styles inline, charts as inline
SVG, and the letters of the charts' font it uses embedded."""

from __future__ import annotations

import html as entities
from dataclasses import asdict
from pathlib import Path

from markupsafe import Markup

from orgchart.present.render.typeface import CSS_FAMILY, font_faces
from orgchart.present.report import charts, templating
from orgchart.present.report.data import DecisionReport


def render(report: DecisionReport, template: Path | None = None) -> str:
    """Raises RenderError when Graphviz fails, LoadError for a bad template."""
    drawn = [
        # Graphviz writes the SVG from DOT whose every label orgchart escaped
        # (render.dot.html), so it is markup, not text.
        {"name": c.name, "caption": c.caption, "svg": Markup(svg)}  # noqa: S704
        for c, svg in zip(report.charts, charts.svgs(report.charts), strict=True)
    ]
    # Every letter the page may show: the report's text, and the charts' (as entities there).
    letters = str(asdict(report)) + entities.unescape("".join(d["svg"] for d in drawn))
    return templating.render(
        "report.html.j2",
        template,
        html=True,
        context={
            "report": report,
            "charts": drawn,
            # CSS made here from the font files and fixed names: no text of a structure in it.
            "fonts": Markup(font_faces(letters)),  # noqa: S704
            "font_family": Markup(CSS_FAMILY),  # noqa: S704
        },
    )
