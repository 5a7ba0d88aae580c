"""Hostile-size inputs stay linear: unknown references with did-you-mean, a huge
title, a manager with tens of thousands of direct reports drawn one box each,
and a reporting chain thousands of levels deep split into pages.

Usage: python benchmarks/hostile.py (make bench runs it). Prints seconds at
two sizes: twice (or ten times) the input should take about twice (or ten
times) as long.
"""

from __future__ import annotations

import time

from orgchart.check import validate
from orgchart.graph import build_graph
from orgchart.model import Post, Structure
from orgchart.present.render.dot import ChartOptions, to_dot, to_pages
from orgchart.present.render.pages import paper


def unknown_references(n: int) -> float:
    """n posts each reporting to a post that does not exist: n did-you-mean checks."""
    posts = [Post(id="TOP", title="Top")]
    posts += [Post(id=f"P{i:06d}", title="Post", reports_to=f"Q{i:06d}") for i in range(n)]
    structure = Structure(name="x", posts=posts)
    start = time.perf_counter()
    validate(structure, [None] * len(posts), "bench.yaml")
    return time.perf_counter() - start


def long_title(n: int) -> float:
    """A chart of one post whose title is n characters long."""
    structure = Structure(name="x", posts=[Post(id="A", title="word " * (n // 5))])
    graph = build_graph(structure)
    start = time.perf_counter()
    to_dot(graph, ChartOptions())
    return time.perf_counter() - start


def flat(n: int) -> float:
    """`render --no-collapse` of one manager over n posts: n boxes side by side (DOT only)."""
    posts = [Post(id="TOP", title="Director")]
    posts += [Post(id=f"P{i:06d}", title="Officer", reports_to="TOP") for i in range(n)]
    graph = build_graph(Structure(name="x", posts=posts))
    start = time.perf_counter()
    to_dot(graph, ChartOptions(collapse=False))
    return time.perf_counter() - start


def chain_pages(n: int) -> float:
    """`render --page A4` of a chain of n posts, each reporting to the one before."""
    posts = [Post(id="P000000", title="Post")]
    posts += [Post(id=f"P{i:06d}", title="Post", reports_to=f"P{i - 1:06d}") for i in range(1, n)]
    graph = build_graph(Structure(name="x", posts=posts))
    start = time.perf_counter()
    to_pages(graph, ChartOptions(), paper("A4"))
    return time.perf_counter() - start


def main() -> None:
    for name, work, sizes in (
        ("validate, unknown references", unknown_references, (10_000, 100_000)),
        ("chart label, title characters", long_title, (20_000, 200_000)),
        ("chart, direct reports (no collapse)", flat, (10_000, 20_000)),
        ("pages, levels of a chain", chain_pages, (4_000, 8_000)),
    ):
        for size in sizes:
            print(f"{name:36} {size:>9,}  {work(size):7.2f} s", flush=True)


if __name__ == "__main__":
    main()
