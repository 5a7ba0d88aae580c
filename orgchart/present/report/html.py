"""The report as one self-contained HTML page: styles inline, charts as inline
SVG, and the letters of the charts' font it uses embedded."""

from __future__ import annotations

import html as entities
from dataclasses import asdict

from markupsafe import Markup

from orgchart.present.render.pages import MARGIN, Paper
from orgchart.present.render.typeface import CSS_FAMILY, font_faces
from orgchart.present.report import charts, plots, templating
from orgchart.present.report.appendix import CAPTION_ROOM
from orgchart.present.report.data import DecisionReport
from orgchart.text import printable

# Of a chart page's room for its caption (appendix.CAPTION_ROOM), the footer's
# share, in points, below the chart; the caption (two lines) has the rest.
FOOTER = 24.0


def css_string(text: str) -> str:
    """Text as a CSS string, the one home of CSS escaping: quoted, and every
    character but ASCII letters and digits a six-digit hex escape, so nothing
    in it can end the string, the rule or the <style> element. (A space is
    escaped too: CSS reads a space after an escape as the escape's end.)"""
    escaped = (c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in printable(text))
    return '"' + "".join(escaped) + '"'


def sheet(page: Paper) -> dict[str, str]:
    """The paper as CSS wants it: text pages upright on it, chart pages as the
    charts were fitted to it, their margins and the room for caption and footer."""
    upright = f"{min(page.width, page.height):.1f}pt {max(page.width, page.height):.1f}pt"
    return {
        "text": upright,
        "chart": f"{page.width:.1f}pt {page.height:.1f}pt",
        "margin": f"{MARGIN:g}",
        "bottom": f"{MARGIN + FOOTER:g}",
        "caption": f"{CAPTION_ROOM - FOOTER:g}",
        "screen": f"{page.width - 2 * MARGIN:.0f}",
    }


def render(
    report: DecisionReport, template: templating.HouseStyle | None = None, *, embed: bool = True
) -> str:
    """The page; `embed` False leaves out the font's letters, for a browser that
    has the font itself (pdf.py's Chromium). Raises RenderError when Graphviz
    fails, LoadError for a bad template."""
    drawn = [
        # Graphviz writes the SVG from DOT whose every label orgchart escaped
        # (render.dot.html), so it is markup, not text.
        {"name": c.name, "caption": c.caption, "alternative": c.alternative, "svg": Markup(svg)}  # noqa: S704
        for c, svg in zip(report.charts, charts.svgs(report.charts), strict=True)
    ]
    # Every letter the page may show: the report's text, and the charts' (as entities there).
    letters = str(asdict(report)) + entities.unescape("".join(d["svg"] for d in drawn))
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
        context={
            "report": report,
            "charts": drawn,
            "plots": plotted,
            # CSS made here from the font files and fixed names: no text of a structure in it.
            "fonts": Markup(font_faces(letters) if embed else ""),  # noqa: S704
            "font_family": Markup(CSS_FAMILY),  # noqa: S704
            "sheet": sheet(report.page),
            # Every character but letters, digits and spaces escaped (css_string).
            "footer_title": Markup(css_string(report.title)),  # noqa: S704
        },
    )
