"""Which posts a chart draws and which share a box: the posts under --root down
to --depth; those a chart of the change folds into "+N posts" (scope.folds);
identical sibling posts in one box ("9 x Team Manager"); and a manager's
alike posts, when it has more than WIDE such boxes, in one list box, a line
per role. In a large chart (COMPACT_FROM boxes up), posts changed the same way
(deleted, new, moved between the same managers, changed alike) share a box as
unchanged ones do, red and saying how; a small chart keeps every changed post
in a box of its own. Where boxes go is dot.py's and layout.py's.
"""

from __future__ import annotations

from orgchart.graph import OrgGraph
from orgchart.model import Post
from orgchart.present.render.boxes import Box, ChartOptions
from orgchart.present.render.scope import folds

# A manager with more leaf boxes than this has them drawn as one list box,
# so a wide team does not make one endless row.
WIDE = 4
# From this many boxes up, a chart is laid out compactly (layout.py) rather
# than by dot, which would draw it as one very wide row.
COMPACT_FROM = 60


def visible(graph: OrgGraph, options: ChartOptions) -> list[str]:
    """The posts under the chart's root (or roots), down to its depth."""
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


def boxes(graph: OrgGraph, shown: list[str], options: ChartOptions) -> tuple[dict[str, Box], bool]:
    """Boxes by post id (collapsed, listed and folded posts share one box), and
    whether the chart is a large one, to be laid out compactly."""
    unchanged_only = _boxes(graph, shown, options, alike_changes=False)
    count = len({b.key for b in unchanged_only.values()})
    large = options.compact if options.compact is not None else count >= COMPACT_FROM
    if not large or not options.collapse or not options.highlights:
        return unchanged_only, large
    return _boxes(graph, shown, options, alike_changes=True), large


def _collapsible(
    graph: OrgGraph, post: Post, options: ChartOptions, alike_changes: bool
) -> tuple[object, ...] | None:
    """The key identical siblings share, or None for a post that keeps its own box."""
    highlight = options.highlights.get(post.id)
    if (
        not options.collapse
        or (highlight is not None and not alike_changes)
        or post.id in options.rule_failures
        or post.assistant
        or post.dotted_to
        or graph.line.out_degree(post.id)
        or graph.dotted.out_degree(post.id)
        or post.holder
    ):
        return None
    change = (tuple(sorted(highlight.marks)), highlight.notes) if highlight else ()
    return (change, post.title, post.grade, post.status, post.end_date, post.total_fte / post.count)


def _boxes(
    graph: OrgGraph, shown: list[str], options: ChartOptions, alike_changes: bool
) -> dict[str, Box]:
    inside = set(shown)
    box_of: dict[str, Box] = {}
    owners = folds(graph, shown, options.shown) if options.shown is not None else {}
    held: dict[str | None, list[Post]] = {}
    for post_id, owner in sorted(owners.items()):
        held.setdefault(owner, []).append(graph.post(post_id))
    for owner, hidden in held.items():
        name = "+" + (owner or "")
        while name in graph.line:  # a DOT name of its own, whatever the posts' ids
            name = "+" + name
        fold = Box(name, tuple(hidden), folded=True, owner=owner)
        box_of.update((p.id, fold) for p in hidden)
    # (manager, how its posts changed, what they are) -> the posts
    groups: dict[tuple[str, object, tuple[object, ...]], list[Post]] = {}
    for post_id in shown:
        if post_id in owners:
            continue
        post = graph.post(post_id)
        key = _collapsible(graph, post, options, alike_changes)
        manager = post.reports_to if post.reports_to in inside else None
        if key is None:
            box_of[post_id] = Box(post_id, (post,))
        else:
            groups.setdefault((manager or "", key[0], key[1:]), []).append(post)
    # A manager's boxes of posts changed the same way (or not at all) may be listed together.
    teams: dict[tuple[str, object], list[tuple[Post, ...]]] = {}
    for (manager, change, _), members in groups.items():
        members.sort(key=lambda p: p.id)
        teams.setdefault((manager, change), []).append(tuple(members))
    for (manager, _), lines in teams.items():
        lines.sort(key=lambda line: (line[0].title, line[0].id))
        if manager and len(lines) > WIDE:
            posts = tuple(p for line in lines for p in line)
            merged = Box(min(p.id for p in posts), posts, tuple(lines))
            team = [merged] * len(lines)
        else:
            team = [Box(line[0].id, line) for line in lines]
        for line, box in zip(lines, team, strict=True):
            for member in line:
                box_of[member.id] = box
    return box_of
