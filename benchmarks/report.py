"""The decision report at real size (issue 25; not a test: prints figures).

Usage: python benchmarks/report.py [--repeat 3]

Writes the Department for Education pair's report (2011-03-31 -> 2011-09-30,
copied into tests/data/organograms) in every format, and each seed's, as
whole processes. Each figure is the best of --repeat runs: wall time, CPU
time (the process and everything it started: dot, Chromium), peak memory and
the size of what was written. Memory is said two ways: the largest peak
resident set of any one process (the kernel's count, as the other benchmarks
give it), and the largest sum, sampled every 20 ms, of the proportional set
sizes (PSS) of the process and all it started: PDF's Chromium is several
processes sharing pages, which a sum of resident sets would count over.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ORGANOGRAMS = ROOT / "tests" / "data" / "organograms"
EDUCATION = [
    ORGANOGRAMS / "department_of_education-2011-03-31-senior.csv",
    ORGANOGRAMS / "department_of_education-2011-09-30-senior.csv",
]
SEEDS = [
    ROOT / "structures" / "cla-sdm-realignment-2020",
    ROOT / "structures" / "commissioning-posts-2022",
]
FORMATS = (".html", ".pdf", ".docx", ".md")
# The bounds the issue sets: a department's report, and a seed's.
DEPARTMENT_SECONDS, DEPARTMENT_MB, SEED_SECONDS = 15.0, 500.0, 3.0


def descendants(pid: int) -> list[int]:
    """The process and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def memory_mb(pids: list[int]) -> tuple[float, float]:
    """The processes' proportional set sizes summed, and the largest resident set."""
    total, largest = 0, 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                elif line.startswith("Rss:"):
                    largest = max(largest, int(line.split()[1]))
        except (OSError, ValueError):
            continue
    return total / 1024, largest / 1024


def run_once(command: list[str]) -> tuple[float, float, float, float]:
    """Wall seconds, CPU seconds (with everything it started), the peak of the
    process tree's summed PSS, and the largest peak resident set of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = largest = 0.0
    while process.poll() is None:
        tree, biggest = memory_mb(descendants(process.pid))
        peak, largest = max(peak, tree), max(largest, biggest)
        time.sleep(0.02)
    wall = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The kernel's own count of the largest child's peak, which sampling may miss.
    largest = max(largest, (after.ru_maxrss if after.ru_maxrss > before.ru_maxrss else 0) / 1024)
    return wall, cpu, peak, largest


def best(repeat: int, command: list[str]) -> tuple[float, float, float, float]:
    runs = [run_once(command) for _ in range(repeat)]
    return (
        min(r[0] for r in runs),
        min(r[1] for r in runs),
        max(r[2] for r in runs),
        max(r[3] for r in runs),
    )


def written(out: Path) -> int:
    """Bytes of the report and any files written beside it (a .md's charts)."""
    return sum(p.stat().st_size for p in out.parent.glob(f"{out.stem}*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    orgchart = [sys.executable, "-m", "orgchart", "report"]
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print()
    print(
        "| Education 2011 report | wall | CPU | largest process | all processes (PSS) "
        "| size | pages |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for suffix in FORMATS:
            out = Path(folder) / suffix.lstrip(".") / f"report{suffix}"
            out.parent.mkdir()
            wall, cpu, peak, largest = best(
                args.repeat, [*orgchart, *map(str, EDUCATION), "-o", str(out)]
            )
            pages = ""
            if suffix == ".pdf":
                from pypdf import PdfReader

                pages = f"{len(PdfReader(out).pages)}"
            slow = " (over)" if wall > DEPARTMENT_SECONDS else ""
            big = " (over)" if largest > DEPARTMENT_MB else ""
            print(
                f"| `{suffix}` | {wall:.1f} s{slow} | {cpu:.1f} s | {largest:.0f} MB{big} "
                f"| {peak:.0f} MB | {written(out) / 1e6:.1f} MB | {pages} |"
            )
        print()
        print("| seed report | " + " | ".join(f"`{s}`" for s in FORMATS) + " |")
        print("|---|" + "---:|" * len(FORMATS))
        for seed in SEEDS:
            cells = []
            for suffix in FORMATS:
                out = Path(folder) / seed.name / f"report{suffix}"
                out.parent.mkdir(exist_ok=True)
                command = [*orgchart, str(seed / "before.yaml"), str(seed / "after.yaml")]
                wall, cpu, _, _ = best(args.repeat, [*command, "-o", str(out)])
                over = " (over)" if wall > SEED_SECONDS else ""
                cells.append(f"{wall:.1f} s{over}, CPU {cpu:.1f} s")
            print(f"| {seed.name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
