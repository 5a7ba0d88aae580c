"""The report as a Word document, built with python-docx, laid out as by hand.

Headings use Word's built-in Heading styles, captions Caption and tables
Table Grid, so a council's own template restyles the document; the text is
set in Arial, as the HTML is. Tables are laid out by `wordtables`. Captions
keep with what they caption, and every chart starts a page with its caption
above it, shrunk to fit the room the page has left: a page never holds a
heading alone, nor is a picture pushed onto a page of its own after a blank
one. Charts are PNGs made at the size they print, at PRINT_DPI.
"""

from __future__ import annotations

import io
import struct
from typing import Any

from orgchart.present.report import charts, plots
from orgchart.present.report.appendix import CAPTION_ROOM
from orgchart.present.report.data import DecisionReport
from orgchart.present.report.parts import Grid, Plot
from orgchart.present.report.wordtables import Measure, add_table

CM = 72 / 2.54  # points
PAGE = (29.7 * CM, 21.0 * CM)  # A4 landscape
MARGIN = 2.0 * CM
# A paged appendix prints each chart page at its own size: narrow margins,
# within the charts' own (pages.MARGIN, 18 pt).
APPENDIX_MARGIN = 0.6 * CM
CAPTION_AFTER = 3.0  # points between a chart's caption and the chart
FONT = "Arial"


def _png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _house_style(document: Any) -> None:
    """Arial throughout, as the HTML; British English; tables a point smaller."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = document.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for fonts in [defaults.find(qn("w:rFonts")), *styles.iter(qn("w:rFonts"))]:
        # A theme font overrides a named one: the template's are Cambria and Calibri.
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
    defaults_fonts = defaults.find(qn("w:rFonts"))
    for name in ("w:ascii", "w:hAnsi", "w:cs"):
        defaults_fonts.set(qn(name), FONT)
    defaults.find(qn("w:lang")).set(qn("w:val"), "en-GB")
    document.styles["Table Grid"].font.size = Pt(10)


def render(report: DecisionReport) -> bytes:
    """Raises RenderError when Graphviz fails."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = Document()
    _house_style(document)
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
    section.page_width, section.page_height = Pt(PAGE[0]), Pt(PAGE[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Pt(MARGIN))
    room = (PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN)
    measure = Measure()

    def table(grid: Grid) -> None:
        if not grid.rows:
            document.add_paragraph(f"{grid.title}: none.")
            return
        # Apart from what is above it, close to its table.
        form = caption(grid.title).paragraph_format
        form.space_before, form.space_after = Pt(12), Pt(3)
        add_table(document, grid, room[0], measure)

    def caption(text: str, new_page: bool = False) -> Any:
        paragraph = _styled(document, text, "Caption")
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.page_break_before = new_page
        return paragraph

    def items(lines: list[str]) -> None:
        for line in lines or ["None."]:
            if lines:
                _styled(document, line, "ListBullet")
            else:
                document.add_paragraph(line)

    document.add_heading(report.title, level=0)
    if report.single:
        document.add_paragraph(f"Structure: {report.structures[0]}")
    else:
        document.add_paragraph(f"Before: {report.structures[0]}")
        document.add_paragraph(f"After: {report.structures[1]}")
    number = iter(range(1, 10))
    document.add_heading(f"{next(number)}. Summary", level=1)
    document.add_paragraph().add_run(report.summary).bold = True
    if report.proposed:
        document.add_heading("Proposed changes", level=2)
        for line in report.proposed:
            document.add_paragraph(line, style="List Number")
    if not report.single:
        document.add_heading(f"{next(number)}. Posts created and deleted", level=1)
        for grid in report.posts:
            table(grid)
    heading = "Cost" if report.single else "Posts, FTE and annual cost"
    document.add_heading(f"{next(number)}. {heading}", level=1)
    for grid in report.figures:
        table(grid)
    brackets = document.add_paragraph("Negative figures are in brackets.")
    brackets.paragraph_format.space_before = Pt(6)
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
    for plot in report.plots:
        caption(plot.caption)
        _plot(document, plot)
        table(plot.table)
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
    room = _appendix_section(document, report)
    # Every chart page has the same room, heading or not: the pages were split
    # for it (appendix.captioned), so each prints at its own size. All the
    # charts are drawn at once, a few dot processes for them all.
    pictures = charts.pngs(report.charts, room[0] / 72, (room[1] - CAPTION_ROOM) / 72)
    for index, (chart, picture) in enumerate(zip(report.charts, pictures, strict=True)):
        first = index == 0
        if first:
            form = document.add_heading(appendix, level=1).paragraph_format
            form.keep_with_next = True
            form.space_before = 0  # at the top of a page: its room is in CAPTION_ROOM
        form = caption(chart.caption, new_page=not first).paragraph_format
        form.space_after = Pt(CAPTION_AFTER)
        _image(document, picture, charts.PRINT_DPI, f"{chart.caption}. {chart.alternative}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _styled(document: Any, text: str, style_id: str) -> Any:
    """A paragraph in a built-in style, given by its id: python-docx, given a
    style, reads every style of the document to see if it is the default."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _appendix_section(document: Any, report: DecisionReport) -> tuple[float, float]:
    """The appendix in a section of its own, on the charts' paper, for a chart
    page per Word page at its printed size; the room a page has, in points."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Pt

    paper = report.page
    section = document.add_section(WD_SECTION.NEW_PAGE)
    wide = paper.width > paper.height
    section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Pt(paper.width), Pt(paper.height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Pt(APPENDIX_MARGIN))
    return (paper.width - 2 * APPENDIX_MARGIN, paper.height - 2 * APPENDIX_MARGIN)


def _plot(document: Any, plot: Plot) -> None:
    """The plot, kept with the table of its figures that follows."""
    _image(
        document, plots.png(plot), plots.PRINT_DPI, plot.alt
    ).paragraph_format.keep_with_next = True


def _image(document: Any, picture: bytes, dpi: int, description: str) -> Any:
    """A PNG in a paragraph of its own, printed at its pixels over `dpi`,
    described for screen readers; the paragraph."""
    from docx.shared import Inches

    paragraph = document.add_paragraph()
    form = paragraph.paragraph_format
    # Single spacing, nothing before or after: a picture's line is as tall as
    # the picture, no taller.
    form.space_before = form.space_after = 0
    form.line_spacing = 1.0
    width = Inches(_png_size(picture)[0] / dpi)
    shape = paragraph.add_run().add_picture(io.BytesIO(picture), width=width)
    shape._inline.docPr.set("descr", description)
    return paragraph
