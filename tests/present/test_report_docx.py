"""The decision report as Word, laid out as a person would lay it out by hand.

Read from the .docx XML, as Word reads it: column widths fitted to what the
columns hold, numbers right-aligned, header rows repeated on every page, rows
never split across pages, captions kept with their tables and charts, every
chart page captioned, and charts at print size. Text widths are checked
with Helvetica's published metrics (Arial has the same widths), which
matplotlib ships, not with the report's own measure.
"""

from __future__ import annotations

import functools
import struct
import zipfile
from pathlib import Path

import docx
import matplotlib
import pytest
from docx.oxml.ns import qn
from matplotlib._afm import AFM

from ..conftest import CLA, COMM, ORGANOGRAMS
from .test_report import invoke, write_report

EMU_PER_PT = 12700
TWIPS_PER_PT = 20
# Word's default cell margins, left and right: 0.08 in each (108 twips).
CELL_MARGINS_PT = 2 * 5.4


@functools.cache
def helvetica(bold: bool) -> AFM:
    name = "phvb8a.afm" if bold else "phvr8a.afm"
    with open(Path(matplotlib.get_data_path()) / "fonts" / "afm" / name, "rb") as fh:
        return AFM(fh)


def arial_width(text: str, size: float, bold: bool = False) -> float:
    """Points, as Arial sets the text: Helvetica's widths (a character it lacks, 1 em)."""
    metrics = helvetica(bold)
    total = 0.0
    for char in text:
        try:
            total += metrics.get_width_char(ord(char))
        except KeyError:
            total += 1000
    return total / 1000 * size


def is_figure(text: str) -> bool:
    """A number as the report prints it: 1,234, (1.50), £55,588, 25%."""
    return text.strip("()£%").replace(",", "").replace(".", "").isdigit()


def body(path: Path):
    return docx.Document(str(path))


def tables_with_captions(document) -> list[tuple[str, object, object]]:
    """(caption text, caption paragraph element, table element) for every table."""
    out = []
    previous = None
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            assert previous is not None and previous.tag == qn("w:p")
            out.append((text_of(previous), previous, child))
        previous = child
    return out


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def has(element, path: str) -> bool:
    """Whether a property is on: present, and not w:val="0"/"false"."""
    found = element.find(
        path, {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    )
    if found is None:
        return False
    return found.get(qn("w:val")) not in ("0", "false")


def style_of(paragraph) -> str | None:
    style = paragraph.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return None if style is None else style.get(qn("w:val"))


def table_font_pt(document) -> float:
    """The size table text is set in: the Table Grid style's, else the document default."""
    for style in (document.styles["Table Grid"], document.styles["Normal"]):
        size = style.element.find(qn("w:rPr") + "/" + qn("w:sz"))
        if size is not None:
            return int(size.get(qn("w:val"))) / 2
    defaults = document.styles.element.find(qn("w:docDefaults"))
    size = defaults.find(".//" + qn("w:sz"))
    return int(size.get(qn("w:val"))) / 2


def text_width(document) -> float:
    section = document.sections[0]
    return (section.page_width - section.left_margin - section.right_margin) / EMU_PER_PT


@pytest.fixture(scope="module")
def comm_docx(tmp_path_factory) -> Path:
    return write_report(tmp_path_factory.mktemp("comm"), COMM, ".docx", "--effective", "2022-11-10")


@pytest.fixture(scope="module")
def cla_docx(tmp_path_factory) -> Path:
    return write_report(tmp_path_factory.mktemp("cla"), CLA, ".docx")


@pytest.mark.parametrize("which", ["comm_docx", "cla_docx"])
def test_columns_are_fitted_to_their_content_and_the_page(request, which):
    document = body(request.getfixturevalue(which))
    size = table_font_pt(document)
    room = text_width(document)
    tables = tables_with_captions(document)
    assert len(tables) >= 6
    for caption, _, table in tables:
        layout = table.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}")
        assert layout is not None and layout.get(qn("w:type")) == "fixed", caption
        grid = [int(c.get(qn("w:w"))) / TWIPS_PER_PT for c in table.iter(qn("w:gridCol"))]
        assert sum(grid) <= room + 0.5, caption
        for index, row in enumerate(table.iter(qn("w:tr"))):
            cells = row.findall(qn("w:tc"))
            widths = [int(c.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w"))) for c in cells]
            assert [w / TWIPS_PER_PT for w in widths] == grid, caption
            for cell, width in zip(cells, grid, strict=True):
                text = text_of(cell)
                # A figure is never broken over lines, nor any word.
                pieces = [text] if is_figure(text) else text.split() or [""]
                needed = max(arial_width(p, size, bold=index == 0) for p in pieces)
                assert needed + CELL_MARGINS_PT <= width, (caption, text, width)


def test_a_title_column_is_wider_than_the_figures_beside_it(comm_docx):
    document = body(comm_docx)
    table = next(t for c, _, t in tables_with_captions(document) if c == "Posts created")
    grid = [int(c.get(qn("w:w"))) for c in table.iter(qn("w:gridCol"))]
    headers = [text_of(c) for c in table.find(qn("w:tr")).findall(qn("w:tc"))]
    width = dict(zip(headers, grid, strict=True))
    # "Commissioning Manager (SAFE Taskforce)" against "1.00": unequal columns.
    assert width["Title"] > 2.5 * width["FTE"]
    assert width["Title"] > width["Annual cost"] > width["FTE"]
    assert len(set(grid)) > 3


@pytest.mark.parametrize("which", ["comm_docx", "cla_docx"])
def test_numbers_are_right_aligned_headers_repeat_and_rows_never_split(request, which):
    document = body(request.getfixturevalue(which))
    for caption, _, table in tables_with_captions(document):
        rows = table.findall(qn("w:tr"))
        assert has(rows[0], "w:trPr/w:tblHeader"), caption
        assert not any(has(r, "w:trPr/w:tblHeader") for r in rows[1:]), caption
        assert all(has(r, "w:trPr/w:cantSplit") for r in rows), caption
        headers = [text_of(c) for c in rows[0].findall(qn("w:tc"))]
        for row in rows[1:]:
            for header, cell in zip(headers, row.findall(qn("w:tc")), strict=True):
                if is_figure(text_of(cell)):
                    jc = cell.find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:jc')}")
                    assert jc is not None and jc.get(qn("w:val")) == "right", (caption, header)


@pytest.mark.parametrize("which", ["comm_docx", "cla_docx"])
def test_captions_are_kept_with_their_tables_and_short_tables_kept_whole(request, which):
    document = body(request.getfixturevalue(which))
    captions = []
    for caption, paragraph, table in tables_with_captions(document):
        captions.append(caption)
        assert style_of(paragraph) == "Caption", caption
        assert has(paragraph, "w:pPr/w:keepNext"), caption
        rows = table.findall(qn("w:tr"))
        if len(rows) <= 12:
            # Every row but the last keeps with the next: the table is not split.
            for row in rows[:-1]:
                for p in row.iter(qn("w:p")):
                    assert has(p, "w:pPr/w:keepNext"), caption
    assert "Summary" in captions


def pictures(document) -> list[tuple[object, int, int, bytes]]:
    """(paragraph, width and height in EMU, image bytes) for each picture, in order."""
    out = []
    for paragraph in document.element.body.iter(qn("w:p")):
        for inline in paragraph.iter(qn("wp:inline")):
            extent = inline.find(qn("wp:extent"))
            blip = next(inline.iter(qn("a:blip")))
            image = document.part.related_parts[blip.get(qn("r:embed"))].blob
            out.append((paragraph, int(extent.get("cx")), int(extent.get("cy")), image))
    return out


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def appendix_pictures(document) -> list[tuple[object, int, int, bytes]]:
    """The pictures after the Appendix heading: the charts, not the plots."""
    heading = next(
        p for p in document.element.body.iter(qn("w:p")) if text_of(p).startswith("Appendix")
    )
    after = set(heading.itersiblings())
    return [p for p in pictures(document) if p[0] in after]


def paragraph_before(paragraph):
    previous = paragraph.getprevious()
    while previous is not None and previous.tag != qn("w:p"):
        previous = previous.getprevious()
    return previous


def assert_charts_captioned_and_on_their_pages(document, expected_captions: list[str]) -> None:
    """Every chart picture follows its caption, kept with it; no page break
    paragraph and no picture taller than the room its page has."""
    assert not [
        br for br in document.element.body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"
    ], "a page break paragraph leaves a blank page after a full-height picture"
    charts = appendix_pictures(document)
    captions = [text_of(paragraph_before(p)) for p, *_ in charts]
    assert captions == expected_captions
    for paragraph, _, cy, image in charts:
        caption = paragraph_before(paragraph)
        assert style_of(caption) == "Caption"
        assert has(caption, "w:pPr/w:keepNext")
        heading = paragraph_before(caption)
        first = style_of(heading) == "Heading1"
        # A chart starts a page: its caption does, or the heading above it (or
        # the section it opens).
        assert starts_page(heading if first else caption)
        if first:
            assert has(heading, "w:pPr/w:keepNext")
            assert text_of(heading).startswith("Appendix")
        # The page's text height holds the picture, its caption (two lines of
        # 9 pt and the space after it) and, on the first page, the heading (a
        # line of 14 pt and the space before it).
        section = next(
            s for s in document.sections if s._sectPr is find_section(document, paragraph)
        )
        height = (section.page_height - section.top_margin - section.bottom_margin) / EMU_PER_PT
        room = height - 2 * 9 * 1.2 - spacing(caption, "after", 10)
        if first:
            room -= 14 * 1.2 + spacing(heading, "before", 24)
        assert cy / EMU_PER_PT <= room + 0.5, (text_of(caption), cy / EMU_PER_PT, room)
        # At print size: about 200 dpi at the printed width, never thousands of
        # pixels more.
        px_width, _ = png_size(image)
        inches = charts_width_in(paragraph)
        assert 150 <= px_width / inches <= 202, (px_width, inches)


def spacing(paragraph, side: str, default: float) -> float:
    """A paragraph's own space before or after, in points; else its style's."""
    found = paragraph.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    if found is None or found.get(qn(f"w:{side}")) is None:
        return default
    return int(found.get(qn(f"w:{side}"))) / TWIPS_PER_PT


def starts_page(paragraph) -> bool:
    if has(paragraph, "w:pPr/w:pageBreakBefore"):
        return True
    previous = paragraph_before(paragraph)
    return previous is not None and previous.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None


def charts_width_in(paragraph) -> float:
    extent = next(paragraph.iter(qn("wp:extent")))
    return int(extent.get("cx")) / 914400


def find_section(document, paragraph):
    """The sectPr that governs a paragraph: the next one in a paragraph, else the body's."""
    for following in paragraph.itersiblings():
        found = following.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if found is not None:
            return found
    return document.element.body.find(qn("w:sectPr"))


def test_each_chart_has_a_captioned_page_of_its_own(cla_docx):
    document = body(cla_docx)
    assert_charts_captioned_and_on_their_pages(
        document,
        [
            "Before: Children Looked After: service delivery management (before), 12/06/2020"
            " (changes highlighted in red)",
            "After: Children Looked After: service delivery management (after), 12/06/2020"
            " (changes highlighted in red)",
        ],
    )


def test_every_page_of_a_paged_chart_is_captioned_with_its_side_and_page(tmp_path):
    # Upright A4: the chart before does not print legibly on one page; the
    # chart after does, in narrower boxes.
    out = write_report(tmp_path, CLA, ".docx", "--page", "A4", "--portrait")
    document = body(out)
    charts = [text_of(paragraph_before(p)) for p, *_ in appendix_pictures(document)]
    # Each side's pages, numbered in order, of as many as there are pictures;
    # a side on one page is captioned with its side alone.
    expected = []
    for side in ("Before", "After"):
        count = sum(c.startswith(f"{side},") for c in charts)
        expected += [f"{side}, page {n} of {count}" for n in range(1, count + 1)] or [side]
    assert expected[:2] == ["Before, page 1 of 2", "Before, page 2 of 2"]
    assert [c.split(":")[0] for c in charts] == expected
    assert_charts_captioned_and_on_their_pages(document, charts)


def test_word_of_a_real_department_is_small_with_pictures_at_print_size(tmp_path):
    before = ORGANOGRAMS / "department_of_health-2011-03-31-senior.csv"
    after = ORGANOGRAMS / "department_of_health-2011-09-30-senior.csv"
    out = tmp_path / "dh.docx"
    result = invoke("report", before, after, "-o", out)
    assert result.exit_code == 0, result.output
    # It was 36 MB, with pictures 13,856 px wide shown 26 cm wide. Its charts
    # of the change now run to many pages, each legible: a page's picture is
    # the size it prints, a few hundred kilobytes at most.
    document = body(out)
    drawn = pictures(document)
    assert out.stat().st_size < 250_000 * len(drawn)
    for _, cx, _, image in drawn:
        px_width, px_height = png_size(image)
        assert px_width / (cx / 914400) <= 202
        assert px_width * px_height < 4000 * 3000
    with zipfile.ZipFile(out) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert media
