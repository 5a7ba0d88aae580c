"""Chart geometry. The compact layout for large charts: positions of boxes and
lines, computed here rather than by Graphviz's dot, so that a chart grows
down, not sideways. Also how big a label's box is, and (for dot's own layout
of smaller charts) how many ranks each team takes.

A manager's leaf posts (no reports of their own) stack in columns under it,
hanging off a vertical line; its teams sit side by side and wrap into rows,
each row reached by a trunk line down the gap beside them. Pure geometry on
box sizes in points: it knows nothing of posts or DOT.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

HGAP = 14.0  # between blocks side by side
VGAP = 20.0  # between a box and what hangs below it
STACK_GAP = 6.0  # between stacked leaves
INDENT = 12.0  # a stack's left margin, where its line runs
STACK_MAX = 12  # leaves per column
ASPECT = 1.4  # a team's rows aim at this width to height

Point = tuple[float, float]


@dataclass
class _Block:
    """A box with everything below it: measured first, then placed."""

    key: str | None  # None: the virtual top above several top posts
    width: float = 0.0
    height: float = 0.0
    head: float = 0.0  # height of the box (and its assistants' row)
    head_width: float = 0.0  # width of the box and its assistants beside it
    columns: list[list[str]] = field(default_factory=list)  # stacked leaves
    rows: list[list[str]] = field(default_factory=list)  # teams, wrapped
    stack_width: float = 0.0
    rows_width: float = 0.0


@dataclass(frozen=True)
class Layout:
    """Centres of boxes and the polylines of reporting lines, y growing downwards."""

    centres: dict[str, Point]
    lines: list[tuple[str, str, list[Point]]]
    width: float
    height: float
    blocks: dict[str, Point]  # each box's part (it and all below it): width, height

    def point(self, at: Point) -> str:
        """A point as Graphviz writes it: in points, y growing upwards."""
        return f"{at[0]:.1f},{self.height - at[1]:.1f}"

    def node(self, key: str, size: Point) -> dict[str, str]:
        """A box's pinned position and fixed size, as DOT attributes."""
        return {
            "pos": self.point(self.centres[key]) + "!",
            "width": f"{size[0] / 72:.3f}",
            "height": f"{size[1] / 72:.3f}",
        }

    def spline(self, route: list[Point]) -> str:
        """A polyline as the B-spline Graphviz reads in an edge's pos: each
        straight piece is a curve whose control points sit on its ends."""
        points = [route[0]]
        for before, after in itertools.pairwise(route):
            points += [before, after, after]
        return " ".join(self.point(p) for p in points)


def compact(
    tops: Sequence[str],
    reports: Mapping[str, Sequence[str]],
    assistants: Mapping[str, Sequence[str]],
    sizes: dict[str, Point],
    page: Point | None = None,
) -> Layout:
    """Lay out the trees under `tops`: `reports` maps a box to its line reports
    (in order), `assistants` to the boxes beside it, `sizes` every box's width
    and height. Teams wrap into rows about as wide as they are tall, or, given
    a `page` (its width and height), as wide as it, and a manager's stacked
    posts take as many columns as keep them within its height."""
    blocks: dict[str | None, _Block] = {}
    for box in bottom_up(list(tops), reports):
        blocks[box] = _measure(box, reports.get(box, []), assistants, sizes, blocks, page)
    blocks[None] = _measure(None, list(tops), assistants, sizes, blocks, page)
    centres: dict[str, Point] = {}
    lines: list[tuple[str, str, list[Point]]] = []
    todo: list[tuple[str | None, float, float]] = [(None, 0.0, 0.0)]
    while todo:
        key, x0, y0 = todo.pop()
        todo += _place(blocks[key], x0, y0, assistants, sizes, blocks, centres, lines)
    root = blocks[None]
    lines.sort(key=lambda line: (line[0], line[1]))
    parts = {k: (b.width, b.height) for k, b in blocks.items() if k is not None}
    return Layout(centres, lines, root.width, root.height, parts)


def bottom_up(tops: list[str], children: Mapping[str, Sequence[str]]) -> list[str]:
    """Every box, each after all the boxes below it (no recursion: chains can be deep)."""
    order: list[str] = []
    stack: list[tuple[str, bool]] = [(t, False) for t in reversed(tops)]
    while stack:
        key, done = stack.pop()
        if done:
            order.append(key)
            continue
        stack.append((key, True))
        stack += [(c, False) for c in reversed(children.get(key, []))]
    return order


def _measure(
    key: str | None,
    kids: Sequence[str],
    assistants: Mapping[str, Sequence[str]],
    sizes: dict[str, Point],
    blocks: dict[str | None, _Block],
    page: Point | None,
) -> _Block:
    block = _Block(key)
    width = page[0] if page else None
    own_w, own_h = sizes[key] if key is not None else (0.0, 0.0)
    beside = assistants.get(key, []) if key is not None else []
    head_w = own_w + sum(HGAP + sizes[a][0] for a in beside)
    block.head = max([own_h, *(sizes[a][1] for a in beside)])
    block.head_width = head_w
    leaves = [k for k in kids if key is not None and _is_leaf(blocks[k])]
    stacked = set(leaves)  # once: a manager may have tens of thousands of reports
    area_w, area_h = _arrange(
        block, leaves, [k for k in kids if k not in stacked], sizes, blocks, page
    )
    if width and leaves and block.rows and area_w > width:
        # On a page, a stack beside the teams would be too wide: the leaves join the rows.
        block.columns, block.rows, block.stack_width, block.rows_width = [], [], 0.0, 0.0
        area_w, area_h = _arrange(block, [], list(kids), sizes, blocks, page)
    block.width = max(head_w, area_w)
    block.height = block.head + (VGAP + area_h if area_h else 0.0)
    return block


def _arrange(
    block: _Block,
    leaves: list[str],
    kids: list[str],
    sizes: dict[str, Point],
    blocks: dict[str | None, _Block],
    page: Point | None,
) -> Point:
    """Stack the leaves and wrap the teams into rows; return the area they take."""
    width = page[0] if page else None
    # Teams of like height share rows (tallest first), so rows waste less paper.
    teams = sorted(kids, key=lambda k: (-blocks[k].height, k))
    if leaves:
        # About as many columns as make the stack as wide as it is tall.
        per_box = max(sizes[k][1] + STACK_GAP for k in leaves) / max(
            INDENT + HGAP + sizes[k][0] for k in leaves
        )
        columns = max(math.ceil(len(leaves) / STACK_MAX), round(math.sqrt(len(leaves) * per_box)))
        # On a page, the fewest more columns that keep the stack within its height:
        # found by bisection, since a manager may have tens of thousands of posts.
        room = page[1] - block.head - VGAP if page else math.inf
        if _stack_height(leaves, columns, sizes) > room:
            low, high = columns, len(leaves)
            while low < high:
                middle = (low + high) // 2
                if _stack_height(leaves, middle, sizes) > room:
                    low = middle + 1
                else:
                    high = middle
            columns = low
        height = math.ceil(len(leaves) / max(columns, 1))
        for start in range(0, len(leaves), height):
            block.columns.append(leaves[start : start + height])
    stack_h = 0.0
    if block.columns:
        widths = [max(sizes[k][0] for k in col) for col in block.columns]
        block.stack_width = sum(INDENT + w for w in widths) + HGAP * (len(widths) - 1)
        stack_h = max(
            sum(sizes[k][1] for k in col) + STACK_GAP * (len(col) - 1) for col in block.columns
        )
    rows_h = 0.0
    if teams:
        area = sum(blocks[k].width * blocks[k].height for k in teams)
        # On a page, teams fill the width the leaves' stack leaves them.
        room = width - (block.stack_width + HGAP if block.columns else 0) if width else 0.0
        target = max(max(blocks[k].width for k in teams), room or math.sqrt(area * ASPECT))
        row: list[str] = []
        row_width = 0.0  # of the teams in `row`, each with the gap after it
        for team in teams:
            if row and row_width + blocks[team].width > target:
                block.rows.append(row)
                row, row_width = [], 0.0
            row.append(team)
            row_width += blocks[team].width + HGAP
        block.rows.append(row)
        block.rows_width = max(
            sum(blocks[k].width for k in r) + HGAP * (len(r) - 1) for r in block.rows
        )
        if len(block.rows) > 1:
            block.rows_width += HGAP  # the trunk's channel on the left
        rows_h = sum(max(blocks[k].height for k in r) for r in block.rows)
        rows_h += VGAP * (len(block.rows) - 1)
    area_w = block.stack_width + block.rows_width
    if block.columns and teams:
        area_w += HGAP
    area_h = max(stack_h, rows_h)
    return area_w, area_h


def _stack_height(leaves: list[str], columns: int, sizes: dict[str, Point]) -> float:
    """How tall the leaves stand stacked in this many columns."""
    per_column = math.ceil(len(leaves) / max(columns, 1))
    return max(
        sum(sizes[k][1] for k in leaves[start : start + per_column])
        + STACK_GAP * (len(leaves[start : start + per_column]) - 1)
        for start in range(0, len(leaves), per_column)
    )


def _is_leaf(block: _Block) -> bool:
    return not block.columns and not block.rows


def _place(
    block: _Block,
    x0: float,
    y0: float,
    assistants: Mapping[str, Sequence[str]],
    sizes: dict[str, Point],
    blocks: dict[str | None, _Block],
    centres: dict[str, Point],
    lines: list[tuple[str, str, list[Point]]],
) -> list[tuple[str | None, float, float]]:
    """Place a block's own boxes and lines; return its teams to place next."""
    key = block.key
    area_w = block.stack_width + block.rows_width + (HGAP if block.columns and block.rows else 0)
    area_x = x0 + (block.width - area_w) / 2
    area_y = y0 + block.head + VGAP
    bus_y = y0 + block.head + VGAP / 2
    origin: Point = (0.0, 0.0)
    if key is not None:
        own_w, own_h = sizes[key]
        beside = assistants.get(key, [])
        cx = _head_centre(block, x0, sizes)
        centres[key] = (cx, y0 + own_h / 2)
        origin = (cx, y0 + own_h)
        right = cx + own_w / 2
        for assistant in beside:
            width = sizes[assistant][0]
            centres[assistant] = (right + HGAP + width / 2, y0 + own_h / 2)
            lines.append(
                (key, assistant, [(right, y0 + own_h / 2), (right + HGAP, y0 + own_h / 2)])
            )
            right += HGAP + width
    x = area_x
    for column in block.columns:
        spine = x + INDENT / 2
        y = area_y
        width = max(sizes[k][0] for k in column)
        for leaf in column:
            leaf_w, leaf_h = sizes[leaf]
            centres[leaf] = (x + INDENT + leaf_w / 2, y + leaf_h / 2)
            if key is not None:
                lines.append(
                    (
                        key,
                        leaf,
                        [
                            origin,
                            (origin[0], bus_y),
                            (spine, bus_y),
                            (spine, y + leaf_h / 2),
                            (x + INDENT, y + leaf_h / 2),
                        ],
                    )
                )
            y += leaf_h + STACK_GAP
        x += INDENT + width + HGAP
    placed: list[tuple[str | None, float, float]] = []
    if not block.rows:
        return placed
    rows_x = area_x + block.stack_width + (HGAP if block.columns else 0)
    trunk = rows_x + HGAP / 2
    if len(block.rows) > 1:
        rows_x += HGAP
    y = area_y
    for number, row in enumerate(block.rows):
        row_w = sum(blocks[k].width for k in row) + HGAP * (len(row) - 1)
        x = rows_x + (block.rows_width - (HGAP if len(block.rows) > 1 else 0) - row_w) / 2
        row_bus = y - VGAP / 2
        for team in row:
            team_w = blocks[team].width
            placed.append((team, x, y))
            if key is not None:
                top = _head_centre(blocks[team], x, sizes)
                route = [origin, (origin[0], bus_y)]
                if number:
                    route += [(trunk, bus_y), (trunk, row_bus)]
                route += [(top, row_bus), (top, y)]
                lines.append((key, team, route))
            x += team_w + HGAP
        y += max(blocks[k].height for k in row) + VGAP
    return placed


def _head_centre(block: _Block, x0: float, sizes: dict[str, Point]) -> float:
    """Where a block's own box is centred when the block starts at x0."""
    own_w = sizes[block.key][0] if block.key is not None else 0.0
    return x0 + (block.width - block.head_width) / 2 + own_w / 2


# Helvetica's advance widths in ems, roughly, by kind of character; a label's
# box is sized from them with a margin, so that text never meets its border.
_NARROW = set("iljt.,;:'!|()[] fr")
_WIDE = set("mwMW@%")
MARGIN = (8.64, 4.32)  # the node margin DOT is given (0.12, 0.06 inches), in points
SAFETY = 1.16


def _text_width(text: str, size: float, bold: bool) -> float:
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.3
        elif char in _WIDE:
            ems += 0.85
        elif char.isupper() or char.isdigit():
            ems += 0.66
        else:
            ems += 0.54
    return ems * size * (1.08 if bold else 1.0)


_TAG = re.compile(r"<[^>]*>")


def label_size(label: str, font_size: float = 11.0) -> Point:
    """Width and height, in points, of a box whose HTML-like label is `label`."""
    # The label's own brackets go first: "<+6 posts>" is text, not a tag.
    if label.startswith("<") and label.endswith(">"):
        label = label[1:-1]
    rows = re.split(r"<BR/>|</TR>", label)
    width = height = 0.0
    size, bold_open = font_size, False
    for row in rows:
        # A font or bold opened on one line of a label runs on to the next.
        sizes = [float(s) for s in re.findall(r'POINT-SIZE="([\d.]+)"', row)] or [size]
        bold = bold_open or "<B>" in row
        if "<B>" in row or "</B>" in row:
            bold_open = row.rfind("<B>") > row.rfind("</B>")
        size = sizes[-1] if row.rfind("<FONT") > row.rfind("</FONT>") else font_size
        text = html.unescape(_TAG.sub("", row))
        if not text.strip():
            continue
        width = max(width, _text_width(text, max(sizes), bold))
        height += max(sizes) * 1.3
    return (width * SAFETY + 2 * MARGIN[0], height + 2 * MARGIN[1] + 4)


def team_heights(reports: dict[str, set[str]]) -> dict[str, int]:
    """Ranks each box's team takes below it (0 for a box with no reports), without recursion."""
    heights: dict[str, int] = {}
    for root in sorted(reports):
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            if node in heights:
                continue
            children = reports.get(node, set())
            if done or not children:
                heights[node] = 1 + max((heights[c] for c in children), default=-1)
                continue
            stack.append((node, True))
            stack.extend((c, False) for c in children if c not in heights)
    return heights
