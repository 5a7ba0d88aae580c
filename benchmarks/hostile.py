"""Hostile-size inputs stay linear: unknown references with did-you-mean, a huge title.

Usage: python benchmarks/hostile.py (make bench runs it). Prints seconds at
10,000 and 100,000: ten times the input should take about ten times as long.
"""

from __future__ import annotations

import time

from orgchart.check import validate
from orgchart.graph import build_graph
from orgchart.model import Post, Structure
from orgchart.present.render.dot import ChartOptions, to_dot


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


def main() -> None:
    for name, work, sizes in (
        ("validate, unknown references", unknown_references, (10_000, 100_000)),
        ("chart label, title characters", long_title, (20_000, 200_000)),
    ):
        for size in sizes:
            print(f"{name:32} {size:>9,}  {work(size):7.2f} s", flush=True)


if __name__ == "__main__":
    main()
