"""The structure as a graph: manager -> report for line management.

Dotted (matrix) lines are kept in a graph of their own so that nothing that
walks line management (spans, layers, subtrees) can count them by mistake.
Part of the foundation: it must not import any stage.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from orgchart.errors import UnknownPost
from orgchart.model import Post, Structure


@dataclass(frozen=True)
class OrgGraph:
    structure: Structure
    line: nx.DiGraph
    dotted: nx.DiGraph

    @cached_property
    def posts(self) -> dict[str, Post]:
        return {post.id: post for post in self.structure.posts}

    def post(self, post_id: str) -> Post:
        try:
            return self.posts[post_id]
        except KeyError:
            raise UnknownPost(f"no post with id {post_id!r}", post=post_id) from None

    def reports(self, post_id: str) -> list[str]:
        return sorted(self.line.successors(post_id))

    def manager(self, post_id: str) -> str | None:
        return next(iter(self.line.predecessors(post_id)), None)

    @cached_property
    def roots(self) -> list[str]:
        return sorted(n for n, degree in self.line.in_degree() if degree == 0)

    @cached_property
    def layers(self) -> dict[str, int]:
        """Layer of each post: a top post is layer 1."""
        layer = {root: 1 for root in self.roots}
        queue = deque(self.roots)
        while queue:
            node = queue.popleft()
            for child in self.line.successors(node):
                layer[child] = layer[node] + 1
                queue.append(child)
        return layer

    @cached_property
    def headcount_below(self) -> dict[str, int]:
        """Posts below each post in line management (a group of count N counts N)."""
        below = dict.fromkeys(self.line.nodes, 0)
        for node in reversed(list(nx.topological_sort(self.line))):
            manager = self.manager(node)
            if manager is not None:
                below[manager] += below[node] + self.post(node).count
        return below

    def subtree(self, post_id: str) -> set[str]:
        """The post and every post below it."""
        self.post(post_id)
        return {post_id, *nx.descendants(self.line, post_id)}


def build_graph(structure: Structure) -> OrgGraph:
    """Build the graph of a validated structure (ids unique, managers exist, no cycles)."""
    line = nx.DiGraph()
    dotted = nx.DiGraph()
    posts = sorted(structure.posts, key=lambda p: p.id)
    line.add_nodes_from(post.id for post in posts)
    line.add_edges_from((p.reports_to, p.id) for p in posts if p.reports_to is not None)
    dotted.add_nodes_from(post.id for post in posts)
    dotted.add_edges_from((other, p.id) for p in posts for other in sorted(p.dotted_to))
    return OrgGraph(structure, line, dotted)
