"""Time the main commands on large synthetic structures (not a test: prints figures).

Usage: python benchmarks/run.py [--posts 100000] [--repeat 3]
Each figure is the best of --repeat runs, in seconds, measured in-process
(start-up is timed separately as `orgchart --help`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_structure


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from orgchart.build import build
    from orgchart.metrics import cost_summary, span_rows

    with tempfile.TemporaryDirectory() as tmp:
        path = write_structure(args.posts, Path(tmp) / "big.yaml")
        figures: list[tuple[str, float]] = []
        figures.append(
            (
                "orgchart --help (process)",
                best(
                    args.repeat,
                    lambda: subprocess.run(
                        [sys.executable, "-m", "orgchart", "--help"],
                        capture_output=True,
                        check=True,
                    ),
                ),
            )
        )
        figures.append(
            (f"load + validate {args.posts} posts", best(args.repeat, lambda: build(path)))
        )
        built = build(path)
        figures.append(("span rows", best(args.repeat, lambda: span_rows(built.graph))))
        figures.append(("cost by grade", best(args.repeat, lambda: cost_summary(built.structure))))
        figures.append(
            (
                f"orgchart span {args.posts} posts (process)",
                best(
                    1,
                    lambda: subprocess.run(
                        [sys.executable, "-m", "orgchart", "span", str(path), "-f", "csv"],
                        capture_output=True,
                        check=True,
                    ),
                ),
            )
        )
    width = max(len(name) for name, _ in figures)
    for name, seconds in figures:
        print(f"{name.ljust(width)}  {seconds:8.3f} s")


if __name__ == "__main__":
    main()
