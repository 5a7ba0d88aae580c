"""Matching renumbered editions, measured: how right, and how fast, on the big editions.

Usage: python benchmarks/matching.py [--repeat 3] [--seeds 1,2,3]

For each of the largest shipped organogram editions, a restructured copy is
made by tests/compare/groundtruth.py (every reference renumbered, the top
post retitled, titles retyped, pay uplifted, a unit renamed, groups resized,
teams moved, posts deleted and added), and `diff --match similar` is scored
against the truth: precision and recall of the pairs, moves, deletions and
additions (the tests hold the smaller editions to 95%). Then the time of
`orgchart diff` of two renumbered copies of the Ministry of Defence 2015
edition (about 197,000 posts), as a process, best of --repeat.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from orgchart.build import build
from orgchart.compare.diff import diff
from orgchart.compare.matching import How, match
from orgchart.graph import build_graph
from orgchart.present.writers import to_yaml
from tests.compare.groundtruth import pair_score, restructure, score

ORGANOGRAMS = Path(__file__).resolve().parents[1] / "tests" / "data" / "organograms"
EDITIONS = ["department_of_health-2011-03-31", "ministry_of_defence-2015-03-31"]


def accuracy(name: str, seeds: list[int]) -> None:
    before = build(ORGANOGRAMS / f"{name}-senior.csv").structure
    for seed in seeds:
        truth = restructure(before, seed=seed)
        start = time.perf_counter()
        matching = match(before, truth.after, How.SIMILAR)
        seconds = time.perf_counter() - start
        result = diff(build_graph(before), build_graph(truth.after), match=How.SIMILAR)
        was = {p.after: p.before for p in matching.pairs}
        found = {
            "pairs": pair_score({(p.before, p.after) for p in matching.pairs}, truth, before),
            "moves": score({was.get(m.id, m.id) for m in result.moved}, truth.moved),
            "deletions": score({p.id for p in result.removed}, truth.deleted),
            "additions": score({p.id for p in result.added}, truth.added),
        }
        print(f"{name}, seed {seed}: {len(before.posts):,} entries, matched in {seconds:.2f} s")
        for what, got in found.items():
            print(f"  {what:<10} {got}")


def renumbered_copies(repeat: int) -> None:
    name = "ministry_of_defence-2015-03-31"
    edition = build(ORGANOGRAMS / f"{name}-senior.csv").structure
    posts = sum(p.count for p in edition.posts)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for seed, prefix in ((1, "A"), (2, "B")):
            copy = restructure(
                edition, seed=seed, moves=0, deletions=0, additions=0, prefix=prefix
            ).after
            path = Path(tmp) / f"copy-{seed}.yaml"
            path.write_text(to_yaml(copy), encoding="utf-8")
            files.append(str(path))
        command = [sys.executable, "-m", "orgchart", "diff", *files, "-f", "json"]
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        assert done.returncode in (0, 1), done.stderr.decode()[-2000:]
        print(
            f"orgchart diff of two renumbered copies of {name} ({posts:,} posts in "
            f"{len(edition.posts):,} entries): {min(times):.2f} s (best of {repeat})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seeds", default="1,2,3")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    for name in EDITIONS:
        accuracy(name, seeds)
    renumbered_copies(args.repeat)


if __name__ == "__main__":
    main()
