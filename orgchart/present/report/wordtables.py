"""Tables in the Word report, laid out as a person lays them out by hand.

Each column is as wide as what it holds, as a browser sizes an HTML table:
a column gets at least its longest word (a figure is one word: it never
wraps) and, while the page has room, its longest line; when it has not,
the room left over the longest words goes to the columns that would wrap
most. Text is measured with DejaVu Sans, the font matplotlib ships: wider
than Arial or Calibri, so that what fits here fits in the font Word uses.
The header row repeats on every page, no row splits across pages, and a
short table is kept on one page. The XML is written directly: python-docx
finds a row's cells by walking the whole table, quadratic in its rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orgchart.present.report.parts import Grid

TABLE_PT = 10.0  # tables are set a point smaller than the text
# Word's default cell margins, 0.08 in (5.4 pt) each side, and a little air.
CELL_MARGINS_PT = 2 * 5.4 + 2.0
TWIPS_PER_PT = 20
# A table this short goes on one page, never split (the summary table).
KEEP_WHOLE_ROWS = 15
MISSING_GLYPH_EM = 1.0  # a character DejaVu Sans lacks: as wide as a CJK one


@dataclass
class Measure:
    """Widths of text in points, DejaVu Sans at `size`, a character at a time
    (each measured once: FreeType lays out a whole string in milliseconds)."""

    size: float = TABLE_PT
    widths: dict[tuple[str, bool], float] = field(default_factory=dict)
    texts: dict[tuple[str, bool], float] = field(default_factory=dict)
    fonts: dict[bool, Any] = field(default_factory=dict)

    def _font(self, bold: bool) -> Any:
        if bold not in self.fonts:
            import matplotlib
            from matplotlib.ft2font import FT2Font

            name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
            font = FT2Font(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name))
            font.set_size(self.size, 72)  # 72 dpi: one pixel is one point
            self.fonts[bold] = font
        return self.fonts[bold]

    def char(self, char: str, bold: bool) -> float:
        key = (char, bold)
        if key not in self.widths:
            from matplotlib.ft2font import LoadFlags

            font = self._font(bold)
            if font.get_char_index(ord(char)):
                glyph = font.load_char(ord(char), LoadFlags.NO_HINTING)
                self.widths[key] = glyph.linearHoriAdvance / 65536
            else:
                self.widths[key] = MISSING_GLYPH_EM * self.size
        return self.widths[key]

    def text(self, text: str, bold: bool = False) -> float:
        # Tables repeat themselves: "filled", "core", "1.00", a grade.
        key = (text, bold)
        if key not in self.texts:
            self.texts[key] = sum(self.char(c, bold) for c in text)
        return self.texts[key]


def fitted_widths(grid: Grid, room: float, measure: Measure) -> list[float]:
    """Each column's width in points, together at most `room`."""
    least, most = [], []
    for index, values in enumerate(zip(*[grid.headers, *grid.rows], strict=True)):
        numeric = grid.numeric[index]
        low = high = 0.0
        for row, value in enumerate(values):
            bold = row == 0
            whole = measure.text(value, bold)
            # A figure is one word; a header may wrap between its words.
            words = [value] if numeric and row else value.split() or [""]
            low = max(low, max(measure.text(w, bold) for w in words))
            high = max(high, whole)
        least.append(low + CELL_MARGINS_PT)
        most.append(high + CELL_MARGINS_PT)
    if sum(most) <= room:
        return most
    if sum(least) >= room:
        # Not even the longest words fit: every column shrinks alike.
        return [w * room / sum(least) for w in least]
    spare = room - sum(least)
    slack = [h - lo for lo, h in zip(least, most, strict=True)]
    return [lo + spare * s / sum(slack) for lo, s in zip(least, slack, strict=True)]


def add_table(document: Any, grid: Grid, room: float, measure: Measure) -> None:
    """`grid` as a Word table in Table Grid style, `room` points wide at most."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Twips

    widths = [round(w * TWIPS_PER_PT) for w in fitted_widths(grid, room, measure)]
    table = document.add_table(rows=0, cols=len(grid.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False  # w:tblLayout fixed: Word keeps the widths given
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    tbl = table._tbl
    tbl_width = tbl.tblPr.find(qn("w:tblW"))
    tbl_width.set(qn("w:w"), str(sum(widths)))
    tbl_width.set(qn("w:type"), "dxa")

    def add(parent: Any, tag: str, **attributes: str) -> Any:
        # The element's own makeelement: python-docx's OxmlElement parses a
        # document for each element, three times as slow.
        child = parent.makeelement(qn(tag), {qn(f"w:{k}"): v for k, v in attributes.items()})
        parent.append(child)
        return child

    keep = len(grid.rows) + 1 <= KEEP_WHOLE_ROWS
    rows = [grid.headers, *grid.rows]
    for index, values in enumerate(rows):
        header = index == 0
        tr = add(tbl, "w:tr")
        properties = add(tr, "w:trPr")
        add(properties, "w:cantSplit")
        if header:
            add(properties, "w:tblHeader")
        for value, width, numeric in zip(values, widths, grid.numeric, strict=True):
            tc = add(tr, "w:tc")
            add(add(tc, "w:tcPr"), "w:tcW", w=str(width), type="dxa")
            paragraph = add(tc, "w:p")
            # Every row but the last keeps with the next: a short table stays
            # whole; a caption's keep-with-next holds it to the header row.
            keep_next = keep and index < len(rows) - 1
            if keep_next or numeric:
                paragraph_properties = add(paragraph, "w:pPr")
                if keep_next:
                    add(paragraph_properties, "w:keepNext")
                if numeric:
                    add(paragraph_properties, "w:jc", val="right")
            if value:
                run = add(paragraph, "w:r")
                if header:
                    add(add(run, "w:rPr"), "w:b")
                text = add(run, "w:t")
                text.text = value
                if value != value.strip():
                    text.set(qn("xml:space"), "preserve")
