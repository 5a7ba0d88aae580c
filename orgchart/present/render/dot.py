"""A structure as Graphviz DOT, top-down like the charts in council reports:
where the boxes go (dot's own layout for smaller charts, layout.compact for
large ones), whole or split into pages. Which posts share a box is group.py's,
what a box says boxes.py's. Output is deterministic: nodes, edges and
attributes are emitted in sorted order whatever the order of posts in the file.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from orgchart.graph import OrgGraph
from orgchart.present.render import group
from orgchart.present.render.boxes import (
    LEGEND,
    RED,
    RULE_COLOUR,
    Box,
    ChartOptions,
    Highlight,
    Mark,
    box_label,
    element_id,
    html,
    node,
    quoted,
)
from orgchart.present.render.group import COMPACT_FROM
from orgchart.present.render.layout import Layout, Point, compact, label_size, team_heights
from orgchart.present.render.pages import PRINT_TYPE, TITLE_WRAP, Paper, page_layouts, paginate
from orgchart.present.render.typeface import FONT

__all__ = ["COMPACT_FROM", "ChartOptions", "Highlight", "Mark", "element_id", "to_dot", "to_pages"]

# A manager with more report boxes than this has them wrapped into rows.
ROW = 6
# Times a chart is split again with the continued boxes' extra line.
PASSES = 3


def _title(graph: OrgGraph, options: ChartOptions) -> str:
    structure = graph.structure
    return options.title or structure.name + (
        f", {structure.date:%d/%m/%Y}" if structure.date else ""
    )


def to_dot(graph: OrgGraph, options: ChartOptions) -> str:
    """The chart as DOT source. Raises UnknownPost for a --root that is not a post."""
    visible = group.visible(graph, options)
    box_of, compact = group.boxes(graph, visible, options)
    boxes = sorted({b.key: b for b in box_of.values()}.values(), key=lambda b: b.key)
    label = f"<B>{html(_title(graph, options))}</B>"
    if options.legend:
        label += f'<BR/><FONT COLOR="{RED}">{html(LEGEND)}</FONT>'
    if options.rule_legend:
        label += f'<BR/><FONT COLOR="{RULE_COLOUR}">{html(options.rule_legend)}</FONT>'
    if compact and not options.group_by_unit:
        return _compact_dot(graph, visible, box_of, boxes, options, label)
    lines = [
        "digraph orgchart {",
        f'  graph [rankdir=TB, splines=ortho, nodesep=0.25, ranksep=0.45, fontname="{FONT}",'
        f" fontsize=16, labelloc=t, label=<{label}>];",
        f'  node [shape=box, fontname="{FONT}", fontsize=11, margin="0.12,0.06"];',
        "  edge [arrowhead=none];",
    ]
    units: dict[str, list[Box]] = {}
    for box in boxes:
        unit = box.posts[0].unit if options.group_by_unit else None
        units.setdefault(unit or "", []).append(box)
    for index, unit in enumerate(sorted(units)):
        if unit and options.group_by_unit:
            lines.append(f"  subgraph cluster_{index} {{")
            lines.append(f'    label=<{html(unit)}>; style="rounded,dashed"; color="#888888";')
            lines += ["  " + node(b, options) for b in units[unit]]
            lines.append("  }")
        else:
            lines += [node(b, options) for b in units[unit]]
    lines += _edges(graph, visible, box_of)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _links(
    graph: OrgGraph, visible: Iterable[str], box_of: dict[str, Box]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Box to the boxes reporting to it in line, and to its assistants' boxes."""
    shown = set(visible)
    reports: dict[str, set[str]] = {}
    assistants: dict[str, set[str]] = {}
    for post_id in sorted(shown):
        post = graph.post(post_id)
        if post.reports_to in shown:
            box, manager = box_of[post_id], box_of[post.reports_to]
            if box.key == manager.key:  # within a fold
                continue
            target = assistants if post.assistant and not box.folded else reports
            target.setdefault(manager.key, set()).add(box.key)
    return reports, assistants


def _edges(graph: OrgGraph, visible: Iterable[str], box_of: dict[str, Box]) -> list[str]:
    out: list[str] = []
    reports, assistants = _links(graph, visible, box_of)
    heights = team_heights(reports)
    for manager in sorted(reports):
        children = sorted(reports[manager])
        if len(children) <= ROW:
            out += [f"  {quoted(manager)} -> {quoted(c)};" for c in children]
            continue
        # A wide manager's reports wrap into rows: each row starts below the
        # deepest team of the row above (minlen), so the chart grows down
        # instead of into one endless row.
        offset = 1
        for start in range(0, len(children), ROW):
            row = children[start : start + ROW]
            for child in row:
                attrs = f" [minlen={offset}]" if offset > 1 else ""
                out.append(f"  {quoted(manager)} -> {quoted(child)}{attrs};")
            offset += 1 + max(heights.get(c, 0) for c in row)
    for manager in sorted(assistants):
        for assistant in sorted(assistants[manager]):
            # Beside the manager: same rank, joined by a short side line.
            out.append(f"  {{rank=same; {quoted(manager)}; {quoted(assistant)};}}")
            out.append(f"  {quoted(manager)} -> {quoted(assistant)} [constraint=false];")
    return out + _dotted(_dotted_pairs(graph, visible, box_of))


def _dotted_pairs(
    graph: OrgGraph, visible: Iterable[str], box_of: dict[str, Box]
) -> list[tuple[str, str]]:
    """Dotted lines between shown boxes, as the boxes' keys, in order."""
    shown = set(visible)
    return [
        (box_of[manager].key, box_of[report].key)
        for manager, report in sorted(graph.dotted.edges)
        # A fold stands for many posts: a dashed line to it would say which of them.
        if manager in shown
        and report in shown
        and not box_of[manager].folded
        and not box_of[report].folded
    ]


def _dotted(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [f"  {quoted(a)} -> {quoted(b)} [style=dashed, constraint=false];" for a, b in pairs]


@dataclass(frozen=True)
class _Drawing:
    """What a compact chart or a page of one is drawn from."""

    graph: OrgGraph
    visible: list[str]
    box_of: dict[str, Box]
    boxes: list[Box]
    options: ChartOptions
    reports: dict[str, list[str]]
    assistants: dict[str, list[str]]
    sizes: dict[str, Point]

    @property
    def tops(self) -> list[str]:
        below = {c for kids in (*self.reports.values(), *self.assistants.values()) for c in kids}
        return [b.key for b in self.boxes if b.key not in below]

    # Worked out once for all of a chart's pages: a page looks up its own
    # boxes in them, as a walk of every box or line per page took n² steps.
    @cached_property
    def by_key(self) -> dict[str, Box]:
        return {b.key: b for b in self.boxes}

    @cached_property
    def dotted(self) -> list[tuple[str, str]]:
        return _dotted_pairs(self.graph, self.visible, self.box_of)

    @cached_property
    def dotted_from(self) -> dict[str, list[int]]:
        """Each box's dotted lines, as places in `dotted`."""
        out: dict[str, list[int]] = {}
        for index, (manager, _) in enumerate(self.dotted):
            out.setdefault(manager, []).append(index)
        return out

    def dotted_among(self, drawn: dict[str, Point]) -> list[tuple[str, str]]:
        """The dotted lines between boxes both drawn, in order."""
        found = (i for a in drawn for i in self.dotted_from.get(a, ()))
        return [self.dotted[i] for i in sorted(found) if self.dotted[i][1] in drawn]


def _drawing(
    graph: OrgGraph,
    visible: list[str],
    box_of: dict[str, Box],
    boxes: list[Box],
    options: ChartOptions,
) -> _Drawing:
    reports, assistants = _links(graph, visible, box_of)
    sizes = {
        b.key: label_size(box_label(b, options, options.highlights.get(b.posts[0].id)))
        for b in boxes
    }
    return _Drawing(
        graph,
        visible,
        box_of,
        boxes,
        options,
        {k: sorted(v) for k, v in reports.items()},
        {k: sorted(v) for k, v in assistants.items()},
        sizes,
    )


def _compact_dot(
    graph: OrgGraph,
    visible: list[str],
    box_of: dict[str, Box],
    boxes: list[Box],
    options: ChartOptions,
    label: str,
) -> str:
    """The chart with every box and line placed by layout.compact (Graphviz's
    nop2 engine draws them where they are put)."""
    drawing = _drawing(graph, visible, box_of, boxes, options)
    placed = compact(drawing.tops, drawing.reports, drawing.assistants, drawing.sizes)
    return _placed_dot(drawing, placed, drawing.sizes, label, {}, [])


def _placed_dot(
    drawing: _Drawing,
    placed: Layout,
    sizes: dict[str, Point],
    label: str,
    notes: dict[str, tuple[str, ...]],
    graph_attrs: list[str],
    links: dict[str, str] | None = None,
) -> str:
    lines = [
        "digraph orgchart {",
        f'  graph [layout=nop2, splines=line, fontname="{FONT}", fontsize=16, labelloc=t,'
        f" label=<{label}>{''.join(', ' + a for a in graph_attrs)}];",
        f'  node [shape=box, fontname="{FONT}", fontsize=11, margin="0.12,0.06", fixedsize=true];',
        "  edge [arrowhead=none];",
    ]
    for key in sorted(placed.centres):
        place = placed.node(key, sizes[key])
        place["pos"] = quoted(place["pos"])
        if links and key in links:
            place["URL"] = quoted(links[key])
        lines.append(node(drawing.by_key[key], drawing.options, place, notes.get(key, ())))
    for manager, report, route in placed.lines:
        pos = quoted(placed.spline(route))
        lines.append(f"  {quoted(manager)} -> {quoted(report)} [pos={pos}];")
    lines += _dotted(drawing.dotted_among(placed.centres))
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_pages(
    graph: OrgGraph,
    options: ChartOptions,
    sheet: Paper,
    link: Callable[[int], str] | None = None,
) -> list[str]:
    """The chart split into pages of `sheet`: DOT for each page, in order. Each
    page is titled; a box whose part is on another page says which, and links
    to it when `link` names a page (its number -> a URL)."""
    options = replace(options, detail_size=int(PRINT_TYPE))
    visible = group.visible(graph, options)
    box_of, _ = group.boxes(graph, visible, options)
    boxes = sorted({b.key: b for b in box_of.values()}.values(), key=lambda b: b.key)
    drawing = _drawing(graph, visible, box_of, boxes, options)
    by_key = drawing.by_key

    def with_note(key: str, note: tuple[str, ...]) -> Point:
        box = by_key[key]
        return label_size(box_label(box, options, options.highlights.get(box.posts[0].id), note))

    # A box continued elsewhere gains a line; split again with it until the split holds.
    # A box once continued keeps the room for the line (sizes only grow), and
    # the last split is made with the sizes the pages are drawn at.
    sizes = drawing.sizes
    longest = ("Continued on pages 888-888",)
    for _ in range(PASSES):
        pages = paginate(drawing.tops, drawing.reports, drawing.assistants, sizes, sheet)
        grown = sizes | {k: with_note(k, longest) for page in pages for k in page.cut}
        if grown == sizes:
            break
        sizes = grown
    else:
        pages = paginate(drawing.tops, drawing.reports, drawing.assistants, sizes, sheet)
    title = _title(graph, options)
    # Graphviz shrinks a page's drawing to the paper (never below 8 pt type: paginate).
    inches = (sheet.printable[0] / 72, sheet.printable[1] / 72)
    size = f'size="{inches[0]:.2f},{inches[1]:.2f}"'
    out = []
    placements = page_layouts(pages, drawing.reports, drawing.assistants, sizes, sheet)
    for page, placed in zip(pages, placements, strict=True):
        notes: dict[str, tuple[str, ...]] = {
            k: (f"Continued on page {a}" if a == b else f"Continued on pages {a}-{b}",)
            for k, (a, b) in page.cut.items()
        }
        heading, numbering = title, f"Page {page.number} of {len(pages)}"
        if page.top is not None:
            top = by_key[page.top].posts[0]
            heading = f"{top.title} ({top.id})"
            if page.continues is None:
                heading = f"{title}: {heading}"
            else:
                numbering += f", continued from page {page.continues}"
        # Two lines at most: a title never makes a page wider than its chart.
        lines = textwrap.wrap(heading, TITLE_WRAP, max_lines=2, placeholder=" …") or [""]
        heading_html = "<BR/>".join(html(line) for line in lines)
        # The page number (on a chart of one page, none) and the legend share a
        # line: the room kept for a page's title is three lines.
        second = [html(numbering)] if len(pages) > 1 else []
        if options.legend:
            second.append(f'<FONT COLOR="{RED}">{html(LEGEND)}</FONT>')
        if options.rule_legend:
            second.append(f'<FONT COLOR="{RULE_COLOUR}">{html(options.rule_legend)}</FONT>')
        label = f"<B>{heading_html}</B>" + (f"<BR/>{' · '.join(second)}" if second else "")
        links = {k: link(a) for k, (a, _) in page.cut.items()} if link else None
        attrs = [size, "ratio=compress", "margin=0"]
        out.append(_placed_dot(drawing, placed, sizes, label, notes, attrs, links))
    return out
