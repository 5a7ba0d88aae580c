"""orgchart against the pandas script a user would write, at 10k, 100k and 1M posts.

Usage: python benchmarks/scale.py [--sizes 10000,100000,1000000] [--repeat 5]
                                  [--shapes tree,flat,deep,teams] [--jobs diff,span]

Each job runs as a whole process, both sides in the same run: orgchart's
command, and benchmarks/peer_pandas.py doing the same job. Wall time is the
best of --repeat runs, the two sides taking turns; peak memory is the
process's maximum resident set, and "own" its largest private (anonymous)
memory: the resident set also counts the pages of library code the process
has run, polars' more than pandas'.
The input is an HR-style CSV (id,title,grade,fte,reports_to,unit,cost) made
by benchmarks/generate.py, and a restructure of it for the diff: every job on
the realistic tree; the diff also on the other shapes (flat: three layers of
huge teams; deep: about 30 layers; teams: many managers of 2 to 4), whose
matching by id must cost nothing extra whatever the shape.

The diff's two sides must write the same JSON (parsed, key order aside):
the harness compares them once per structure before timing, and stops
where they differ, so a faster peer cannot be one doing less.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SHAPES, make_structure, restructure, write_csv

HERE = Path(__file__).resolve().parent

# Runs one command and reports its wall time, its own peak memory (as the
# wrapper's only child, RUSAGE_CHILDREN's maximum is that command's), and its
# largest private memory (RssAnon, sampled every 2 ms): the peak counts the
# pages of library code the process ran, which the private figure leaves out.
MEASURE = """
import resource, subprocess, sys, tempfile, time
# stderr to a file, not a pipe: a command that fills a pipe nobody reads yet would wait forever.
errors = tempfile.TemporaryFile()
start = time.perf_counter()
done = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=errors)
private = 0
while done.poll() is None:
    try:
        with open(f"/proc/{done.pid}/status") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    private = max(private, int(line.split()[1]))
    except OSError:
        pass
    time.sleep(0.002)
seconds = time.perf_counter() - start
errors.seek(0)
stderr = errors.read()
# Exit 1 is diff's "differences found"; a traceback is a failure whatever the code.
if done.returncode not in (0, 1) or b"Traceback" in stderr:
    sys.exit("failed: " + " ".join(sys.argv[1:]) + "\\n" + stderr.decode()[-2000:])
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, private)
"""

JOBS = {
    "span": (["span", "{a}", "-f", "json"], ["span", "{a}"]),
    "layers": (["layers", "{a}", "-f", "json"], ["layers", "{a}"]),
    "cost --by grade": (["cost", "{a}", "--by", "grade", "-f", "json"], ["cost", "{a}"]),
    "validate": (["validate", "{a}"], ["validate", "{a}"]),
    "diff": (["diff", "{a}", "{b}", "-f", "json"], ["diff", "{a}", "{b}"]),
}


def run_once(command: list[str]) -> tuple[float, float, float]:
    """One run's wall time in seconds, peak memory and largest private memory in MB."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=False
    )
    if out.returncode:
        sys.exit(out.stderr)
    seconds, peak, private = out.stdout.split()
    return float(seconds), int(peak) / 1024, int(private) / 1024


def measure(commands: list[list[str]], repeat: int) -> list[tuple[float, float, float]]:
    """For each command, its best wall time, its largest peak memory and its
    largest private memory.

    The commands take turns, run by run: on a shared machine a busy minute
    then slows each of them, not only the one whose runs fell in it."""
    runs: list[list[tuple[float, float, float]]] = [[] for _ in commands]
    for _ in range(repeat):
        for command, done in zip(commands, runs, strict=True):
            done.append(run_once(command))
    return [
        (min(r[0] for r in done), max(r[1] for r in done), max(r[2] for r in done)) for done in runs
    ]


def same_output(orgchart: list[str], peer: list[str]) -> None:
    """Stops the run where the two commands' JSON differs: timing a peer that
    writes less would compare different work."""
    outputs = []
    for command in (orgchart, peer):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        try:
            outputs.append(json.loads(done.stdout))
        except json.JSONDecodeError:
            sys.exit("no JSON from: " + " ".join(command) + "\n" + done.stderr[-2000:])
    ours, theirs = outputs
    if ours != theirs:
        keys = sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))
        sys.exit(f"orgchart and the peer write different output: {', '.join(keys)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--jobs", default=",".join(JOBS), help="jobs to time, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    chosen = args.jobs.split(",")
    if unknown := set(chosen) - set(JOBS):
        parser.error(f"--jobs: no job {', '.join(sorted(unknown))}; the jobs are {', '.join(JOBS)}")

    header = f"{'posts':>9}  {'shape':<6} {'job':<15} {'orgchart':>26} {'pandas':>26} {'ratio':>13}"
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for n, shape in ((n, shape) for n in sizes for shape in shapes):
            data = make_structure(n, shape=shape)
            a = write_csv(data, Path(tmp) / f"{n}-{shape}-before.csv")
            b = write_csv(restructure(data), Path(tmp) / f"{n}-{shape}-after.csv")
            del data
            jobs = JOBS if shape == "tree" else {"diff": JOBS["diff"]}
            for job, (ours, theirs) in jobs.items():
                if job not in chosen:
                    continue
                fill = {"a": str(a), "b": str(b)}
                orgchart = [sys.executable, "-m", "orgchart", *(w.format(**fill) for w in ours)]
                peer = [sys.executable, str(HERE / "peer_pandas.py")]
                peer += [w.format(**fill) for w in theirs]
                if job == "diff":
                    same_output(orgchart, peer)
                (t1, m1, p1), (t2, m2, p2) = measure([orgchart, peer], args.repeat)
                print(
                    f"{n:>9,}  {shape:<6} {job:<15} {t1:7.2f} s {m1:5.0f} MB ({p1:4.0f} own) "
                    f"{t2:7.2f} s {m2:5.0f} MB ({p2:4.0f} own)  ×{t1 / t2:4.2f} ×{m1 / m2:4.2f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
