"""The diff of two HR exports on columns is the diff of their graphs."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from typer.testing import CliRunner

from orgchart.build import build, build_table
from orgchart.cli import app
from orgchart.compare import columnar
from orgchart.compare.diff import diff

from ..read.test_columnar import export, write

runner = CliRunner()


def restructure(rows: list[dict[str, str]], seed: int = 4) -> list[dict[str, str]]:
    """About 3% of posts removed, moved, regraded or resized, and 3% added."""
    rng = random.Random(seed)
    managers = {r.get("reports_to") for r in rows}
    leaves = [r["id"] for r in rows if r["id"] not in managers]
    removed = set(rng.sample(leaves, len(rows) // 30))
    after = [dict(r) for r in rows if r["id"] not in removed]
    ids = [r["id"] for r in after]
    for n, row in enumerate(after[1:], start=1):
        roll = rng.random()
        if roll < 0.03:
            row["reports_to"] = ids[rng.randrange(0, n)]  # earlier: no cycle
        elif roll < 0.05:
            row["grade"] = rng.choice(["PO3", "PO6", ""])
        elif roll < 0.06:
            row["count"], row["fte"] = "4", "3.5"
        elif roll < 0.07:
            row["title"] = "Renamed " + row["title"]
    for n in range(len(rows) // 30):
        after.append({"id": f"N{n}", "title": "New post", "reports_to": rng.choice(ids)})
    return after


def test_a_restructure_gives_the_same_diff_both_ways(tmp_path: Path) -> None:
    rows = export(3000, seed=11)
    a = write(tmp_path / "before.csv", rows)
    b = write(tmp_path / "after.csv", restructure(rows))
    fast = columnar.diff(build_table(a), build_table(b))  # type: ignore[arg-type]
    slow = diff(build(a).graph, build(b).graph)
    assert fast is not None
    assert fast.moved and fast.added and fast.removed and fast.changed and fast.spans
    # Of the titles, the fast way keeps those of the posts the diff names.
    assert fast.titles == {k: v for k, v in slow.titles.items() if k in fast.titles}
    assert replace(fast, titles={}) == replace(slow, titles={})


def test_a_move_counts_the_posts_that_went_with_it(tmp_path: Path) -> None:
    header = "id,title,count,reports_to\nA,Head,,\nC,Lead,,A\nE,Team,,D\n"
    before = header + "B,Lead,,A\nD,Team,3,B\nF,Team,,B\n"
    # B moves under C, taking D (3 posts, 2 of them kept) and E; F moves up to A.
    after = header + "B,Lead,,C\nD,Team,2,B\nF,Team,,A\n"
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(before, encoding="utf-8")
    b.write_text(after, encoding="utf-8")
    fast = columnar.diff(build_table(a), build_table(b))  # type: ignore[arg-type]
    assert fast is not None
    assert {(m.id, m.before, m.after, m.with_reports) for m in fast.moved} == {
        ("B", "A", "C", 3),  # D kept 2 of its 3 posts, and E went too
        ("F", "B", "A", 0),
    }


def test_the_command_prints_what_the_graphs_give(tmp_path: Path) -> None:
    rows = export(800, seed=12)
    a = write(tmp_path / "before.csv", rows)
    b = write(tmp_path / "after.csv", restructure(rows))
    # The same export with a £ sign in one cost is diffed on graphs, to the same output.
    c = tmp_path / "before-pounds.csv"
    c.write_text(a.read_text(encoding="utf-8").replace("150000.5", '"£150,000.50"'), "utf-8")
    assert build_table(a) is not None and build_table(c) is None
    for fmt in ("json", "text", "csv"):
        fast = runner.invoke(app, ["diff", str(a), str(b), "-f", fmt])
        slow = runner.invoke(app, ["diff", str(c), str(b), "-f", fmt])
        assert fast.exit_code == slow.exit_code == 1
        assert "N0" in fast.output
        assert fast.output == slow.output.replace("before-pounds", "before")
