"""A paged chart as files: one PDF of all its pages, each the paper's size and
linked to the pages it continues on; or one SVG, PNG or DOT file per page
(chart-1.svg, chart-2.svg, ...) with an HTML index of them. And a chart made
to print legibly on a paper: on one page when it fits, else on pages (fitted).

Returns bytes by path; writes nothing. Graphviz draws each page (graphviz_run).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

from orgchart.filetypes import ChartFormat
from orgchart.graph import OrgGraph
from orgchart.present.render import group
from orgchart.present.render.boxes import NARROW
from orgchart.present.render.dot import ChartOptions, to_dot, to_pages
from orgchart.present.render.graphviz_run import draw, draw_many
from orgchart.present.render.pages import PRINT_TYPE, READABLE, Paper

PDF_PAGE = "#page="  # a link Graphviz writes as a URI; made a link to the page
# A small chart stays whole on its page while its type prints at this or more,
# a little below pages' READABLE: one page reads better than a chart cut in three.
WHOLE = 7.0


def page_path(output: Path, number: int) -> Path:
    return output.with_name(f"{output.stem}-{number}{output.suffix}")


def index_path(output: Path) -> Path:
    return output.with_name(f"{output.stem}-index.html")


def stale_pages(output: Path, fmt: ChartFormat, written: Iterable[Path]) -> list[Path]:
    """The pages of the set at `output` that an earlier, longer drawing left
    beside it: named exactly as this set names its pages (NAME-7.svg) and not
    among the files `written` now. A PDF is one file: it leaves none."""
    if fmt is ChartFormat.PDF:
        return []
    page = re.compile(rf"{re.escape(output.stem)}-[1-9][0-9]*{re.escape(output.suffix)}")
    kept = {path.name for path in written}
    try:
        found = [p for p in output.parent.iterdir() if page.fullmatch(p.name)]
    except OSError:
        return []  # a folder that cannot be listed has no page to find
    return sorted(p for p in found if p.name not in kept)


def page_link(output: Path, fmt: ChartFormat) -> Callable[[int], str]:
    """How a box links to the page its part continues on."""
    if fmt is ChartFormat.PDF:
        return lambda number: f"{PDF_PAGE}{number}"
    return lambda number: page_path(output, number).name


def paged_chart(
    graph: OrgGraph, options: ChartOptions, sheet: Paper, output: Path, fmt: ChartFormat
) -> dict[Path, bytes]:
    """The files of `graph`'s chart on pages of `sheet`, to write at `output`."""
    return page_files(to_pages(graph, options, sheet, page_link(output, fmt)), output, fmt, sheet)


def fitted(graph: OrgGraph, options: ChartOptions, sheet: Paper) -> list[str]:
    """DOT for the chart on pages of `sheet`: one page when the chart fits one
    with its type at READABLE (or, laid out by dot as small charts are, at
    WHOLE), else as many as to_pages splits it into, none below READABLE.
    Raises RenderError when Graphviz fails (a small chart is measured by dot)."""
    options = replace(options, detail_size=int(PRINT_TYPE))
    if group.boxes(graph, group.visible(graph, options), options)[1]:
        return to_pages(graph, options, sheet)  # a large chart: laid out to the page's width
    width, height = sheet.printable
    # Laid out by dot, whole, in boxes of the usual width or narrower ones:
    # kept when it prints legibly on the page.
    for wrap in (options.wrap, NARROW):
        dot = to_dot(graph, replace(options, wrap=wrap))
        svg = draw(dot, "svg").decode("utf-8")
        natural = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
        if natural and min(width / float(natural[1]), height / float(natural[2])) >= (
            WHOLE / PRINT_TYPE
        ):
            head, _, body = dot.partition("\n")
            return [f'{head}\n  graph [size="{width / 72:.2f},{height / 72:.2f}"];\n{body}']
    return to_pages(graph, options, sheet)


_PLACED = re.compile(r'pos="([\d.]+),([\d.]+)!", width=([\d.]+), height=([\d.]+)')
# Room above a placed chart's boxes for its title (up to two lines) and legend.
_TITLE_ROOM = 44.0


def too_big(dot: str, sheet: Paper, smallest: float = 10.0) -> float | None:
    """The type size, in points, that a chart laid out by orgchart (boxes
    pinned in its DOT) would print its `smallest` type at, shrunk to fit a
    page of `sheet`, when that is below READABLE; None when it is legible,
    or when dot lays the chart out (a small chart)."""
    boxes = [tuple(map(float, found)) for found in _PLACED.findall(dot)]
    if not boxes:
        return None
    left = min(x - w * 36 for x, _, w, _ in boxes)
    right = max(x + w * 36 for x, _, w, _ in boxes)
    bottom = min(y - h * 36 for _, y, _, h in boxes)
    top = max(y + h * 36 for _, y, _, h in boxes)
    width, height = sheet.printable
    printed = smallest * min(1.0, width / (right - left), height / (top - bottom + _TITLE_ROOM))
    return printed if printed < READABLE else None


def page_files(pages: list[str], output: Path, fmt: ChartFormat, sheet: Paper) -> dict[Path, bytes]:
    """Draw the pages' DOT: one PDF, or a file per page and an index."""
    if fmt is ChartFormat.PDF:
        return {output: join_pdf(draw_many(pages, "pdf"), sheet)}
    drawn = (
        [page.encode("utf-8") for page in pages]
        if fmt is ChartFormat.DOT
        else draw_many(pages, fmt)
    )
    files = {page_path(output, n): data for n, data in enumerate(drawn, start=1)}
    files[index_path(output)] = _index(output, len(pages), fmt).encode("utf-8")
    return files


def _index(output: Path, count: int, fmt: ChartFormat) -> str:
    items = []
    for number in range(1, count + 1):
        name = escape(page_path(output, number).name)
        shown = f'<img src="{name}" alt="Page {number}">' if fmt is not ChartFormat.DOT else ""
        items.append(f'<li><a href="{name}">Page {number}</a>{shown}</li>')
    title = escape(output.stem)
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        "<style>img{display:block;max-width:100%;border:1px solid #ccc;margin:.5em 0 2em}"
        "</style></head>\n"
        f"<body><h1>{title}: {count} pages</h1><ol>{''.join(items)}</ol></body></html>\n"
    )


def join_pdf(pages: list[bytes], sheet: Paper) -> bytes:
    """One PDF of the pages, each centred on a sheet of paper; a box's link to
    another page (`#page=N`) becomes a link to that page of this document."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, RectangleObject

    writer = PdfWriter()
    for data in pages:
        page = writer.add_page(PdfReader(io.BytesIO(data)).pages[0])
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        dx, dy = max(0.0, (sheet.width - width) / 2), max(0.0, (sheet.height - height) / 2)
        # The paper is placed around the drawing rather than the drawing moved on
        # it: moving it made pypdf parse and rewrite every page's content (0.2 s a page).
        page.mediabox = RectangleObject(
            [-dx, -dy, max(sheet.width, width) - dx, max(sheet.height, height) - dy]
        )
        page.cropbox = page.mediabox
    for page in writer.pages:
        for annot in _annotations(page):
            link = annot.get_object()
            uri = str(link.get("/A", {}).get("/URI", ""))
            if uri.startswith(PDF_PAGE) and uri[len(PDF_PAGE) :].isdigit():
                target = writer.pages[int(uri[len(PDF_PAGE) :]) - 1]
                link[NameObject("/A")] = DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/GoTo"),
                        NameObject("/D"): ArrayObject(
                            [target.indirect_reference, NameObject("/Fit")]
                        ),
                    }
                )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _annotations(page: Any) -> list[Any]:
    """A page's annotations, whether the page holds them or refers to them."""
    annots = page.get("/Annots")
    return list(annots.get_object()) if annots is not None else []
