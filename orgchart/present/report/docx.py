"""The report as a Word document, built with python-docx.

Headings use Word's built-in Heading styles and tables the built-in Table
Grid, so a council's own template restyles the document. Charts are PNGs at
print resolution, a chart page to a Word page of the report's paper, at the
size it was fitted to print at.
"""

from __future__ import annotations

import io
import struct
from typing import Any

from orgchart.present.report import charts
from orgchart.present.report.data import DecisionReport, Grid

# A paged appendix prints each chart page at its own size: narrow margins.
APPENDIX_MARGIN_CM = 0.6  # within the charts' own margin (pages.MARGIN, 18 pt)


def _png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def render(report: DecisionReport) -> bytes:
    """Raises RenderError when Graphviz fails."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = Document()
    # Metadata says no more than the report: python-docx's template names an
    # author and a description of its own.
    props = document.core_properties
    props.author = "orgchart"
    props.last_modified_by = "orgchart"
    props.title = report.title
    props.subject = "; ".join(report.structures)
    props.comments = ""
    props.keywords = ""
    props.category = ""

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))

    def table(grid: Grid) -> None:
        if not grid.rows:
            document.add_paragraph(f"{grid.title}: none.")
            return
        document.add_paragraph(grid.title, style="Caption")
        out = document.add_table(rows=1, cols=len(grid.headers))
        out.style = "Table Grid"
        out.alignment = WD_TABLE_ALIGNMENT.LEFT
        for cell, header in zip(out.rows[0].cells, grid.headers, strict=True):
            cell.text = header
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in grid.rows:
            cells = out.add_row().cells
            for cell, value, numeric in zip(cells, row, grid.numeric, strict=True):
                cell.text = value
                if numeric:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def items(lines: list[str]) -> None:
        for line in lines or ["None."]:
            document.add_paragraph(line, style="List Bullet" if lines else None)

    document.add_heading(report.title, level=0)
    if report.single:
        document.add_paragraph(f"Structure: {report.structures[0]}")
    else:
        document.add_paragraph(f"Before: {report.structures[0]}")
        document.add_paragraph(f"After: {report.structures[1]}")
    number = iter(range(1, 10))
    document.add_heading(f"{next(number)}. Summary", level=1)
    document.add_paragraph().add_run(report.summary).bold = True
    if not report.single:
        document.add_heading(f"{next(number)}. Posts created and deleted", level=1)
        for grid in report.posts:
            table(grid)
    heading = "Cost" if report.single else "Posts, FTE and annual cost"
    document.add_heading(f"{next(number)}. {heading}", level=1)
    for grid in report.figures:
        table(grid)
    document.add_paragraph("Negative figures are in brackets.")
    for note in report.notes:
        document.add_paragraph(note)
    document.add_heading("Where the money comes from and until when", level=2)
    for grid in report.funding:
        table(grid)
    if not report.single:
        document.add_heading(f"{next(number)}. Moves and other changes", level=1)
        items(report.changes)
    heading = "Managers' spans" if report.single else "Manager workloads that change"
    document.add_heading(f"{next(number)}. {heading}", level=1)
    table(report.spans)
    document.add_heading(f"{next(number)}. Warnings", level=1)
    items(report.warnings)
    if report.policy is not None:
        document.add_heading(f"{next(number)}. Policy checks", level=1)
        for grid in report.policy.grids:
            table(grid)
        if report.policy.changes:
            document.add_paragraph("What the restructure changes:")
            items(report.policy.changes)
        for note in report.policy.notes:
            document.add_paragraph(note)

    appendix = (
        "Appendix: structure chart"
        if report.single
        else "Appendix: before and after structures (changes highlighted in red)"
    )
    _paged_appendix(document, report, appendix)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paged_appendix(document: Any, report: DecisionReport, appendix: str) -> None:
    """The appendix in a section of its own, on the charts' paper: a chart page
    per Word page, at its printed size (each carries its own title and number)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    paper = report.page
    section = document.add_section(WD_SECTION.NEW_PAGE)
    wide = paper.width > paper.height
    section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Pt(paper.width), Pt(paper.height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(APPENDIX_MARGIN_CM))
    # The heading has a page to itself, so that every chart page has the whole
    # Word page and prints at its own size (the pages were split for it).
    document.add_heading(appendix, level=1)
    room = (
        paper.width / 72 * 2.54 - 2 * APPENDIX_MARGIN_CM,
        paper.height / 72 * 2.54 - 2 * APPENDIX_MARGIN_CM,
    )
    for chart, picture in zip(report.charts, charts.pngs(report.charts), strict=True):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        # Each chart was fitted to its page less room for this caption (appendix.CAPTION).
        document.add_paragraph(chart.caption, style="Caption")
        width, height = (px / charts.PRINT_DPI * 2.54 for px in _png_size(picture))
        scale = min(1.0, room[0] / width, room[1] / height)
        shape = document.add_picture(io.BytesIO(picture), width=Cm(width * scale))
        shape._inline.docPr.set("descr", chart.alternative)  # Word's alt text
