"""A chart's scope when it shows only what changed: which posts are drawn in
boxes of their own, and which fold into a "+N posts" box under the nearest
post that is drawn.

A chart of a change draws every changed post, its management chain to the
top, and the posts within `context` reporting lines of it (its reports at 1,
their reports and its fellow reports at 2, ...). Everything else folds: the
posts below a drawn manager that are not drawn become one box under it. Ids
only: what a box says and where it goes are boxes.py's and dot.py's.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from orgchart.graph import OrgGraph

# Reporting lines around a changed post that a chart of the change draws.
CONTEXT = 1


def around(graph: OrgGraph, changed: Iterable[str], context: int = CONTEXT) -> frozenset[str]:
    """The posts a chart of the change draws: the structure's top posts, every
    changed post (ids not in `graph` are passed over), its managers up to the
    top, and every post within `context` reporting lines of a changed one."""
    seeds = [c for c in changed if c in graph.line]
    shown = set(graph.roots)
    for seed in seeds:
        post: str | None = seed
        while post is not None and post not in shown:
            shown.add(post)
            post = graph.manager(post)
    # Breadth first from every changed post at once, up and down the lines.
    distance = dict.fromkeys(seeds, 0)
    queue = deque(seeds)
    while queue:
        post = queue.popleft()
        if distance[post] >= context:
            continue
        manager = graph.manager(post)
        near = [*graph.line.successors(post), *([manager] if manager is not None else [])]
        for other in near:
            if other not in distance:
                distance[other] = distance[post] + 1
                queue.append(other)
    return frozenset(shown | distance.keys())


def folds(graph: OrgGraph, visible: Iterable[str], shown: frozenset[str]) -> dict[str, str | None]:
    """Each visible post that is not shown -> the shown manager whose fold box
    holds it (None: a fold at the top, for parts of the structure with no top
    post drawn). A fold that would hold one post, with none below it, holds
    none: the post is drawn, since its box takes no more room than the fold."""
    inside = set(visible)
    owner: dict[str, str | None] = {}
    tops = [p for p in sorted(inside) if graph.manager(p) not in inside]
    queue = deque(tops)
    while queue:
        post = queue.popleft()
        queue.extend(r for r in graph.line.successors(post) if r in inside)
        if post in shown:
            continue
        manager = graph.manager(post)
        owner[post] = (
            manager if manager in shown and manager in inside else owner.get(manager or "")
        )
    held: dict[str | None, list[str]] = {}
    for post, manager in owner.items():
        held.setdefault(manager, []).append(post)
    for posts in held.values():
        if len(posts) == 1:
            del owner[posts[0]]
    return owner
