"""The decision report: a restructure's report and appendix as HTML, PDF, Word or Markdown.

`data` builds what the report says from one or two structures (all figures
come from diff, metrics and reports); `appendix` fits its charts to the
paper and `charts` draws them; `html`, `markdown` and `docx` each lay the
same data out in one format, and `pdf` prints the HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from orgchart.errors import UnknownFormat
from orgchart.filetypes import REPORTS, listed, suffix_of

if TYPE_CHECKING:
    # Not imported to run: a house style's process imports this package, and
    # must start without the model and the measures (report.sandbox).
    from orgchart.present.report.data import DecisionReport
    from orgchart.present.report.templating import HouseStyle


def render(
    content: DecisionReport, output: Path, template: HouseStyle | None = None
) -> dict[Path, str | bytes]:
    """The report's files, by the output's suffix: one page of HTML, the PDF
    printed from it, a Word document, or Markdown with its charts as SVG files
    beside it.

    Raises UnknownFormat for another suffix, or a template given for Word;
    RenderError when Graphviz, or for PDF Chromium, is missing or fails.
    """
    kind = REPORTS.get(suffix_of(output))
    if kind is None:
        raise UnknownFormat(f"cannot write {output.name!r}: use {listed(REPORTS)}")
    if kind == "html":
        from orgchart.present.report import html

        return {output: html.render(content, template)}
    if kind == "pdf":
        from orgchart.present.report import html, pdf

        return {output: pdf.render(html.render(content, template, embed=False))}
    if kind == "markdown":
        from orgchart.present.report import markdown

        return markdown.render(content, output, template)
    if template is not None:
        raise UnknownFormat("a template is for .html and .md; Word takes its styles from Word")
    from orgchart.present.report import docx

    return {output: docx.render(content)}
