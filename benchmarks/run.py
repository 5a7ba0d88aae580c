"""Time the main commands on large synthetic structures (not a test: prints figures).

Usage: python benchmarks/run.py [--posts 100000] [--repeat 3]
Each figure is the best of --repeat runs, in seconds. Library figures are
in-process; "(process)" figures run the command line, start-up included.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_council, make_structure, restructure


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def cli(*args: str) -> Callable[[], object]:
    command = [sys.executable, "-m", "orgchart", *args]
    return lambda: subprocess.run(command, capture_output=True, check=False)


def organogram_figures(repeat: int, tmp: Path) -> list[tuple[str, float]]:
    """The largest shipped organogram pair."""
    from orgchart.build import build
    from orgchart.compare.diff import diff

    data = Path(__file__).resolve().parents[1] / "tests" / "data" / "organograms"
    old = data / "department_of_health-2011-03-31-senior.csv"
    new = data / "department_of_health-2011-09-30-senior.csv"
    return [
        (
            "largest organogram edition (DH, senior + junior): load",
            best(repeat, lambda: build(old)),
        ),
        (
            "largest organogram pair: load both + diff",
            best(repeat, lambda: diff(build(old).graph, build(new).graph)),
        ),
        (
            "orgchart render DH organogram to SVG (process)",
            best(1, cli("render", str(old), "-o", "/dev/null", "--format", "svg")),
        ),
    ]


def publish_figures(n: int, repeat: int, tmp: Path) -> list[tuple[str, float]]:
    """Publishing a generated council of `n` posts, leak check included."""
    import datetime as dt

    from orgchart.build import build
    from orgchart.present.publish import publish
    from orgchart.present.publish.organogram import OrganogramOptions
    from orgchart.present.publish.rules import Seniority
    from orgchart.present.publish.transparency import TransparencyOptions

    council = tmp / "council.yaml"
    council.write_text(yaml.safe_dump(make_council(n), sort_keys=False), encoding="utf-8")
    built = build(council)
    grades = ["CEX", "DIR", "HOS", "SDM"]
    options = OrganogramOptions(
        date=dt.date(2026, 3, 31), organisation="Council", seniority=Seniority.of(grades, "DIR")
    )
    release = tmp / "release"
    return [
        (f"publish {n}-post council as organogram", best(repeat, lambda: publish(built, options))),
        (
            f"publish {n}-post council as transparency",
            best(repeat, lambda: publish(built, TransparencyOptions(file_name="x.csv"))),
        ),
        (
            f"orgchart publish --as organogram {n} posts (process)",
            best(
                1,
                cli(
                    "publish",
                    str(council),
                    "--as",
                    "organogram",
                    "-o",
                    str(release),
                    "--senior-grades",
                    ",".join(grades),
                    "--name-from",
                    "DIR",
                ),
            ),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n, repeat = args.posts, args.repeat

    from orgchart.build import build
    from orgchart.compare.diff import diff
    from orgchart.graph import build_graph
    from orgchart.measure import GroupBy
    from orgchart.measure.metrics import cost_summary, span_rows
    from orgchart.present.writers import to_csv

    with tempfile.TemporaryDirectory() as tmp:
        before, after = Path(tmp) / "before.yaml", Path(tmp) / "after.yaml"
        data = make_structure(n)
        before.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        after.write_text(yaml.safe_dump(restructure(data), sort_keys=False), encoding="utf-8")
        old, new = build(before), build(after)
        table = Path(tmp) / "export.csv"
        table.write_text(to_csv(old.structure), encoding="utf-8")
        figures = [
            ("orgchart --help (process)", best(repeat, cli("--help"))),
            (f"load + validate {n} posts", best(repeat, lambda: build(before))),
            (
                "graph of reporting lines (when a command needs it)",
                best(repeat, lambda: build_graph(old.structure)),
            ),
            (f"orgchart validate {n} posts (process)", best(repeat, cli("validate", str(before)))),
            (
                f"orgchart convert {n} posts to YAML (process)",
                best(1, cli("convert", str(before), "-o", str(Path(tmp) / "copy.yaml"))),
            ),
            ("span rows", best(repeat, lambda: span_rows(old.graph))),
            ("cost by grade", best(repeat, lambda: cost_summary(old.structure, GroupBy.GRADE))),
            (
                "diff, summary by grade",
                best(repeat, lambda: diff(old.graph, new.graph, by=GroupBy.GRADE)),
            ),
            (f"{n}-row CSV: load + spans", best(repeat, lambda: span_rows(build(table).graph))),
            (f"orgchart span {n} posts (process)", best(1, cli("span", str(before), "-f", "csv"))),
            (
                f"orgchart diff {n} vs {n} posts (process)",
                best(1, cli("diff", str(before), str(after), "-f", "json")),
            ),
        ]
        figures += organogram_figures(repeat, Path(tmp))
        figures += publish_figures(n, repeat, Path(tmp))
    width = max(len(name) for name, _ in figures)
    for name, seconds in figures:
        print(f"{name.ljust(width)}  {seconds:8.3f} s")


if __name__ == "__main__":
    main()
