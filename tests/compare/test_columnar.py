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
from orgchart.compare.matching import How
from orgchart.compare.result import Diff

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
    assert plain(fast) == plain(slow)


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


def same_both_ways(a: Path, b: Path, how: How = How.AUTO) -> None:
    fast = columnar.diff(build_table(a), build_table(b), how=how)  # type: ignore[arg-type]
    slow = diff(build(a).graph, build(b).graph, match=how)
    assert fast is not None
    assert fast.titles == {k: v for k, v in slow.titles.items() if k in fast.titles}
    assert plain(fast) == plain(slow)


def plain(result: Diff) -> Diff:
    """A diff with its posts as their records, and no titles: the diff of
    tables lists a post as a table.PostRow, the diff of graphs as a model.Post."""
    return replace(
        result,
        titles={},
        added=[p.record() for p in result.added],
        removed=[p.record() for p in result.removed],
    )


def test_rows_in_any_order_give_the_same_diff(tmp_path: Path) -> None:
    rows = export(2000, seed=13)
    after = restructure(rows, seed=5)
    a = write(tmp_path / "before.csv", rows)
    b = write(tmp_path / "after.csv", after)
    shuffled_a = write(tmp_path / "shuffled-before.csv", random.Random(1).sample(rows, len(rows)))
    shuffled_b = write(tmp_path / "shuffled-after.csv", random.Random(2).sample(after, len(after)))
    same_both_ways(shuffled_a, shuffled_b)
    in_order = columnar.diff(build_table(a), build_table(b))  # type: ignore[arg-type]
    shuffled = columnar.diff(build_table(shuffled_a), build_table(shuffled_b))  # type: ignore[arg-type]
    assert in_order == shuffled


def test_managers_removed_posts_made_top_and_ids_at_either_end(tmp_path: Path) -> None:
    rows = export(600, seed=14)
    after = [dict(r) for r in rows if r["id"] != "E3"]  # a manager goes
    orphan = min((r["id"] for r in after if r.get("reports_to") == "E3"), key=len)
    for row in after:
        if row.get("reports_to") == "E3":
            # its reports go to another, but one is made a top post
            row["reports_to"] = "" if row["id"] == orphan else "E4"
        if row["id"] == "E7":
            row["reports_to"] = ""  # a second top post
        if row["id"] == "E9":
            row["reports_to"] = "Z9"  # to a manager new after
    # New ids sorting before and after every old one, one managing an old post.
    after += [{"id": "0A", "title": "New first", "reports_to": "E0"}]
    after += [{"id": "Z9", "title": "New last", "reports_to": "E1", "count": "2", "fte": "2"}]
    rows = [{**r, "id": "00"} if r["id"] == "E599" else r for r in rows]  # only before
    a = write(tmp_path / "before.csv", rows)
    b = write(tmp_path / "after.csv", after)
    same_both_ways(a, b)
    fast = columnar.diff(build_table(a), build_table(b))  # type: ignore[arg-type]
    assert fast is not None
    assert {p.id for p in fast.added} == {"0A", "Z9", "E599"}
    assert {p.id for p in fast.removed} == {"00", "E3"}
    managers = {r["id"]: r.get("reports_to") for r in rows}
    moved = {(m.id, m.before, m.after) for m in fast.moved}
    assert {("E7", managers["E7"], None), ("E9", managers["E9"], "Z9")} <= moved
    assert (orphan, "E3", None) in moved
    assert {s.id for s in fast.spans} >= {"E3", "E4", "Z9", managers["E9"], "E1", "E0"}


def test_two_exports_that_share_no_id(tmp_path: Path) -> None:
    rows = export(300, seed=15)
    renamed = [
        {**r, "id": "R" + r["id"], "reports_to": r.get("reports_to") and "R" + r["reports_to"]}
        for r in rows
    ]
    a = write(tmp_path / "before.csv", rows)
    b = write(tmp_path / "after.csv", renamed)
    # By id alone, the same both ways: every post removed and added, and a warning.
    same_both_ways(a, b, How.ID)
    by_id = columnar.diff(build_table(a), build_table(b), how=How.ID)  # type: ignore[arg-type]
    assert by_id is not None and by_id.warnings
    assert len(by_id.added) == len(by_id.removed) == 300 and not by_id.moved
    # By default, renumbered exports are matched by similarity, on the graphs:
    # each post is found under its new id, and nothing else changed.
    assert columnar.diff(build_table(a), build_table(b)) is None  # type: ignore[arg-type]
    matched = diff(build(a).graph, build(b).graph)
    assert {(m.before, m.after) for m in matched.matched} == {
        (r["id"], "R" + r["id"]) for r in rows
    }
    assert (matched.added, matched.removed, matched.moved, matched.changed) == ([], [], [], [])
