"""A structure as Graphviz DOT, top-down like the charts in council reports.

All text from the structure goes through `html` (labels) or `quoted`
(attributes) so nothing in a file can add DOT statements, markup or nodes.
Output is deterministic: nodes, edges and attributes are emitted in sorted
order whatever the order of posts in the file.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from orgchart.graph import OrgGraph
from orgchart.model import Post, Status
from orgchart.present.render.layout import compact, label_size, team_heights
from orgchart.text import printable

RED = "#d00000"
LEGEND = "Changes highlighted in red"
# A manager with more leaf boxes than this has them drawn as one list box,
# so a wide team does not make one endless row.
WIDE = 4
# A manager with more report boxes than this has them wrapped into rows.
ROW = 6
WRAP = 28
# From this many boxes up, a chart is laid out compactly (layout.py) rather
# than by dot, which would draw it as one very wide row.
COMPACT_FROM = 60
# A list box shows this many lines of roles at most; the rest is one line.
LIST_LINES = 12


class Mark(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    CHANGED = "changed"


@dataclass(frozen=True)
class Highlight:
    """Why a post is red, and what to say about it in its box."""

    marks: frozenset[Mark]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartOptions:
    collapse: bool = True
    compact: bool | None = None  # None: the compact layout from COMPACT_FROM boxes up
    group_by_unit: bool = False
    root: str | None = None
    depth: int | None = None
    title: str | None = None
    legend: bool = False
    highlights: dict[str, Highlight] = field(default_factory=dict)


# Markup characters as entities. Graphviz expands \G, \N... even inside HTML
# labels, after decoding entities: a doubled backslash is one that shows as itself.
_ENTITIES = {c: f"&#{ord(c)};" for c in "&<>\"'[]{}|"} | {"\\": "&#92;&#92;"}


def html(text: str) -> str:
    """Text for an HTML-like label: markup characters as entities, no control characters."""
    return "".join(_ENTITIES.get(c, c) for c in printable(text))


def element_id(post_id: str) -> str:
    """The SVG element id of a post's box: `post-<id>`, with `%` and `&` written as
    %25 and %26. Graphviz leaves an entity such as `&#45;` as it is in an id but
    writes `-` as `&#45;`, so ids `A-B` and `A&#45;B` would otherwise be one id."""
    return "post-" + post_id.replace("%", "%25").replace("&", "%26")


def quoted(text: str) -> str:
    """A DOT double-quoted string; backslashes doubled so no escape (\\N, \\G) is expanded."""
    return '"' + printable(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lines(text: str) -> str:
    return "<BR/>".join(html(line) for line in textwrap.wrap(text, WRAP) or [""])


def _status_text(post: Post) -> str | None:
    status = {
        Status.FILLED: None,
        Status.VACANT: "VACANT",
        Status.FIXED_TERM: "Fixed term",
    }.get(post.status, post.status.value.replace("_", " ").capitalize())
    if post.end_date is not None:
        status = f"{status or 'Ends'} to {post.end_date.strftime('%d/%m/%Y')}"
    return status


@dataclass(frozen=True)
class _Box:
    """One box: a post, identical sibling posts collapsed together, or a list of them."""

    key: str  # DOT node name
    posts: tuple[Post, ...]
    lines: tuple[tuple[Post, ...], ...] = ()  # a list box's lines, each of identical posts

    @property
    def count(self) -> int:
        return sum(p.count for p in self.posts)


def _list_label(box: _Box) -> str:
    """The list box: the largest roles first, at most LIST_LINES of them, then
    what is left as one line, so a team of thousands stays a readable box."""
    rows = [f'<TR><TD ALIGN="LEFT"><B>{box.count:,} posts</B></TD></TR>']
    lines = sorted(box.lines, key=lambda line: (-sum(p.count for p in line), line[0].title))
    shown = lines if len(lines) <= LIST_LINES else lines[: LIST_LINES - 1]
    for line in shown:
        post, count = line[0], sum(p.count for p in line)
        fte = sum(p.total_fte for p in line)
        text = f"{count} × {post.title}" if count > 1 else post.title
        detail = " · ".join(p for p in (post.grade, f"{fte:.2f} FTE", _status_text(post)) if p)
        rows.append(
            f'<TR><TD ALIGN="LEFT">{html(text)} <FONT POINT-SIZE="9">'
            f"{html(detail)}</FONT></TD></TR>"
        )
    rest = lines[len(shown) :]
    if rest:
        posts = sum(p.count for line in rest for p in line)
        roles = f"{len(rest):,} more role" + ("s" if len(rest) > 1 else "")
        rows.append(f'<TR><TD ALIGN="LEFT">and {roles} ({posts:,} posts)</TD></TR>')
    return '<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + "</TABLE>>"


def _label(box: _Box, options: ChartOptions, highlight: Highlight | None) -> str:
    if box.lines:
        return _list_label(box)
    post, count = box.posts[0], box.count
    title = f"{count} × {post.title}" if count > 1 else post.title
    parts = [f"<B>{_lines(title)}</B>"]
    fte = sum(p.total_fte for p in box.posts)
    detail = [p for p in (post.grade, f"{fte:.2f} FTE") if p]
    if detail:
        parts.append(f'<FONT POINT-SIZE="10">{html(" · ".join(detail))}</FONT>')
    if post.holder and count == 1:
        parts.append(f'<FONT POINT-SIZE="10"><I>{html(post.holder)}</I></FONT>')
    if post.funding:
        shares = ", ".join(
            source if share == 1 else f"{source} {share:.0%}"
            for source, share in sorted(post.funding.items())
        )
        parts.append(f'<FONT POINT-SIZE="10">{html("Funded: " + shares)}</FONT>')
    status = _status_text(post)
    if status:
        parts.append(f'<FONT POINT-SIZE="10"><B>{html(status)}</B></FONT>')
    for note in highlight.notes if highlight else ():
        parts.append(f'<FONT POINT-SIZE="10">{_lines(note)}</FONT>')
    return "<" + "<BR/>".join(parts) + ">"


def _visible(graph: OrgGraph, options: ChartOptions) -> list[str]:
    roots = [options.root] if options.root else graph.roots
    if options.root:
        graph.post(options.root)
    layers: dict[str, int] = {}
    frontier = list(roots)
    for root in roots:
        layers[root] = 0
    while frontier:
        node = frontier.pop()
        if options.depth is not None and layers[node] >= options.depth - 1:
            continue
        for child in graph.line.successors(node):
            layers[child] = layers[node] + 1
            frontier.append(child)
    return sorted(layers)


def _collapsible(graph: OrgGraph, post: Post, options: ChartOptions) -> tuple[object, ...] | None:
    """The key identical siblings share, or None for a post that keeps its own box."""
    if (
        not options.collapse
        or post.id in options.highlights
        or post.assistant
        or post.dotted_to
        or graph.line.out_degree(post.id)
        or graph.dotted.out_degree(post.id)
        or post.holder
    ):
        return None
    return (post.title, post.grade, post.status, post.end_date, post.total_fte / post.count)


def _boxes(graph: OrgGraph, visible: list[str], options: ChartOptions) -> dict[str, _Box]:
    """Boxes by post id (collapsed and listed posts share one box)."""
    shown = set(visible)
    box_of: dict[str, _Box] = {}
    groups: dict[tuple[object, ...], list[Post]] = {}
    for post_id in visible:
        post = graph.post(post_id)
        key = _collapsible(graph, post, options)
        manager = post.reports_to if post.reports_to in shown else None
        if key is None:
            box_of[post_id] = _Box(post_id, (post,))
        else:
            groups.setdefault((manager or "", *key), []).append(post)
    by_manager: dict[str, list[tuple[Post, ...]]] = {}
    for group_key, members in groups.items():
        members.sort(key=lambda p: p.id)
        by_manager.setdefault(str(group_key[0]), []).append(tuple(members))
    for manager, lines in by_manager.items():
        lines.sort(key=lambda line: (line[0].title, line[0].id))
        if options.collapse and manager and len(lines) > WIDE:
            posts = tuple(p for line in lines for p in line)
            merged = _Box(min(p.id for p in posts), posts, tuple(lines))
            boxes = [merged] * len(lines)
        else:
            boxes = [_Box(line[0].id, line) for line in lines]
        for line, box in zip(lines, boxes, strict=True):
            for member in line:
                box_of[member.id] = box
    return box_of


def _node(box: _Box, options: ChartOptions, place: dict[str, str] | None = None) -> str:
    post = box.posts[0]
    highlight = options.highlights.get(post.id)
    # A list box holds many posts: its first post's status is not the box's.
    status = None if box.lines else post.status
    classes = ["post", *sorted(m.value for m in highlight.marks)] if highlight else ["post"]
    if len(box.posts) > 1 or box.count > 1:
        classes.append("group")
    if box.lines:
        classes.append("list")
    if status is Status.VACANT:
        classes.append("vacant")
    attrs = {
        "id": quoted(element_id(post.id)),
        "class": quoted(" ".join(classes)),
        "label": _label(box, options, highlight),
    }
    styles = ["rounded"]
    if status is Status.VACANT:
        styles.append("dashed")
    elif status not in (None, Status.FILLED):
        styles.append("bold")
    attrs["style"] = quoted(",".join(styles))
    if highlight:
        attrs.update(color=quoted(RED), fontcolor=quoted(RED), penwidth="2")
    attrs.update(place or {})
    body = ", ".join(f"{k}={v}" for k, v in attrs.items())
    return f"  {quoted(box.key)} [{body}];"


def to_dot(graph: OrgGraph, options: ChartOptions) -> str:
    """The chart as DOT source. Raises UnknownPost for a --root that is not a post."""
    visible = _visible(graph, options)
    box_of = _boxes(graph, visible, options)
    boxes = sorted({b.key: b for b in box_of.values()}.values(), key=lambda b: b.key)
    structure = graph.structure
    title = options.title or structure.name + (
        f", {structure.date:%d/%m/%Y}" if structure.date else ""
    )
    label = f"<B>{html(title)}</B>"
    if options.legend:
        label += f'<BR/><FONT COLOR="{RED}">{html(LEGEND)}</FONT>'
    compact = options.compact if options.compact is not None else len(boxes) >= COMPACT_FROM
    if compact and not options.group_by_unit:
        return _compact_dot(graph, visible, box_of, boxes, options, label)
    lines = [
        "digraph orgchart {",
        '  graph [rankdir=TB, splines=ortho, nodesep=0.25, ranksep=0.45, fontname="Helvetica",'
        f" fontsize=16, labelloc=t, label=<{label}>];",
        '  node [shape=box, fontname="Helvetica", fontsize=11, margin="0.12,0.06"];',
        "  edge [arrowhead=none];",
    ]
    units: dict[str, list[_Box]] = {}
    for box in boxes:
        unit = box.posts[0].unit if options.group_by_unit else None
        units.setdefault(unit or "", []).append(box)
    for index, unit in enumerate(sorted(units)):
        if unit and options.group_by_unit:
            lines.append(f"  subgraph cluster_{index} {{")
            lines.append(f'    label=<{html(unit)}>; style="rounded,dashed"; color="#888888";')
            lines += ["  " + _node(b, options) for b in units[unit]]
            lines.append("  }")
        else:
            lines += [_node(b, options) for b in units[unit]]
    lines += _edges(graph, visible, box_of)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _links(
    graph: OrgGraph, visible: Iterable[str], box_of: dict[str, _Box]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Box to the boxes reporting to it in line, and to its assistants' boxes."""
    shown = set(visible)
    reports: dict[str, set[str]] = {}
    assistants: dict[str, set[str]] = {}
    for post_id in sorted(shown):
        post = graph.post(post_id)
        if post.reports_to in shown:
            target = assistants if post.assistant else reports
            target.setdefault(box_of[post.reports_to].key, set()).add(box_of[post_id].key)
    return reports, assistants


def _edges(graph: OrgGraph, visible: Iterable[str], box_of: dict[str, _Box]) -> list[str]:
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
    return out + _dotted(graph, visible, box_of)


def _dotted(graph: OrgGraph, visible: Iterable[str], box_of: dict[str, _Box]) -> list[str]:
    shown = set(visible)
    out = []
    for manager, report in sorted(graph.dotted.edges):
        if manager in shown and report in shown:
            a, b = box_of[manager].key, box_of[report].key
            out.append(f"  {quoted(a)} -> {quoted(b)} [style=dashed, constraint=false];")
    return out


def _compact_dot(
    graph: OrgGraph,
    visible: list[str],
    box_of: dict[str, _Box],
    boxes: list[_Box],
    options: ChartOptions,
    label: str,
) -> str:
    """The chart with every box and line placed by layout.compact (Graphviz's
    nop2 engine draws them where they are put)."""
    reports, assistants = _links(graph, visible, box_of)
    below = {c for children in (*reports.values(), *assistants.values()) for c in children}
    tops = [b.key for b in boxes if b.key not in below]
    labels = {b.key: _label(b, options, options.highlights.get(b.posts[0].id)) for b in boxes}
    sizes = {key: label_size(text) for key, text in labels.items()}
    placed = compact(
        tops,
        {k: sorted(v) for k, v in reports.items()},
        {k: sorted(v) for k, v in assistants.items()},
        sizes,
    )
    lines = [
        "digraph orgchart {",
        '  graph [layout=nop2, splines=line, fontname="Helvetica", fontsize=16, labelloc=t,'
        f" label=<{label}>];",
        '  node [shape=box, fontname="Helvetica", fontsize=11, margin="0.12,0.06",'
        " fixedsize=true];",
        "  edge [arrowhead=none];",
    ]
    for box in boxes:
        place = placed.node(box.key, sizes[box.key])
        place["pos"] = quoted(place["pos"])
        lines.append(_node(box, options, place))
    for manager, report, route in placed.lines:
        lines.append(
            f"  {quoted(manager)} -> {quoted(report)} [pos={quoted(placed.spline(route))}];"
        )
    lines += _dotted(graph, visible, box_of)
    lines.append("}")
    return "\n".join(lines) + "\n"
