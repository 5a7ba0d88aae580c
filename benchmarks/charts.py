"""Charts at any size (issue 13): how long a department takes to draw, and how
many pages it takes on A3 (not a test: prints figures).

Usage: python benchmarks/charts.py [--repeat 3]
Times are whole processes (start-up included), best of --repeat runs. Each
paged figure also says the smallest type on any page, which must print at
8 pt or more.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orgchart.build import build
from orgchart.present.render.dot import ChartOptions, to_pages
from orgchart.present.render.pages import PRINT_TYPE, READABLE, paper

HERE = Path(__file__).resolve().parent
ORGANOGRAMS = HERE.parent / "tests" / "data" / "organograms"
SMALLEST_TYPE = PRINT_TYPE


def best(repeat: int, command: list[str]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def smallest_type(page: str) -> float:
    """The smallest type on a page as printed: Graphviz shrinks it to its size."""
    size = [float(v) * 72 for v in re.search(r'size="([\d.]+),([\d.]+)"', page).groups()]
    boxes = [
        (float(x), float(y), float(w) * 72, float(h) * 72)
        for x, y, w, h in re.findall(
            r'pos="([\d.]+),([\d.]+)!", width=([\d.]+), height=([\d.]+)', page
        )
    ]
    width = max(x + w / 2 for x, _, w, _ in boxes) - min(x - w / 2 for x, _, w, _ in boxes)
    height = max(y + h / 2 for _, y, _, h in boxes) - min(y - h / 2 for _, y, _, h in boxes)
    return SMALLEST_TYPE * min(1.0, size[0] / width, size[1] / (height + 44))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        synthetic = tmp / "synthetic-700.yaml"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "700", str(synthetic)], check=True
        )
        charts = {
            "Ministry of Defence 2015 (senior + junior)": ORGANOGRAMS
            / "ministry_of_defence-2015-03-31-senior.csv",
            "Department of Health 2011 (senior + junior)": ORGANOGRAMS
            / "department_of_health-2011-03-31-senior.csv",
            "benchmark generator, 700 posts": synthetic,
        }
        orgchart = [sys.executable, "-m", "orgchart", "render"]
        print(
            "| chart | posts | `render` to SVG (process) | size, pt | A3 pages "
            "| `--page A3` to PDF (process) | smallest type |"
        )
        print("|---|---:|---:|---|---:|---:|---:|")
        for name, path in charts.items():
            built = build(path)
            posts = sum(p.count for p in built.structure.posts)
            svg, pdf = tmp / "chart.svg", tmp / "chart.pdf"
            one = best(args.repeat, [*orgchart, str(path), "-o", str(svg)])
            head = svg.read_text(encoding="utf-8")[:2000]
            width, height = re.search(r'<svg width="(\d+)pt" height="(\d+)pt"', head).groups()
            paged = best(args.repeat, [*orgchart, str(path), "-o", str(pdf), "--page", "A3"])
            pages = to_pages(built.graph, ChartOptions(), paper("A3"))
            smallest = min(smallest_type(p) for p in pages)
            assert smallest >= READABLE - 0.05, (name, smallest)
            print(
                f"| {name} | {posts:,} | {one:.1f} s | {int(width):,} × {int(height):,} | "
                f"{len(pages)} | {paged:.1f} s | {smallest:.1f} pt |"
            )


if __name__ == "__main__":
    main()
