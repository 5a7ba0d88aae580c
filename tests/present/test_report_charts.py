"""The report's charts of the change, on real department pairs: every changed
post drawn with its managers to the top and the posts within --context lines
of it, the rest folded into "+N posts" boxes; the boxes as printed add up to
the structure's posts; --whole draws every post.

Changed posts are read from `diff --format json`, and what a chart should
draw is worked out here with networkx, not with the code under test.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.present.render.scope import around

from ..conftest import ORGANOGRAMS

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"
EDUCATION = (
    ORGANOGRAMS / "department_of_education-2011-03-31-senior.csv",
    ORGANOGRAMS / "department_of_education-2011-09-30-senior.csv",
)
HEALTH = (
    ORGANOGRAMS / "department_of_health-2011-03-31-senior.csv",
    ORGANOGRAMS / "department_of_health-2011-09-30-senior.csv",
)


def diff_json(pair: tuple[Path, Path]) -> dict:
    result = runner.invoke(app, ["diff", str(pair[0]), str(pair[1]), "-f", "json"])
    return json.loads(result.stdout)


def places(changes: dict) -> set[str]:
    """Where the change happens: changed posts and their managers before and after."""
    posts = changes["added"] + changes["removed"]
    moves = changes["moved"]
    return (
        {p["id"] for p in posts}
        | {p["reports_to"] for p in posts if p.get("reports_to")}
        | {m["id"] for m in moves}
        | {m[k] for m in moves for k in ("before", "after") if m.get(k)}
        | {c["id"] for c in changes["changed"]}
    )


@pytest.mark.parametrize("context", [0, 1, 2])
@pytest.mark.parametrize("pair", [EDUCATION, HEALTH], ids=["education", "health"])
def test_a_chart_of_the_change_draws_changes_their_managers_and_their_neighbours(pair, context):
    changes = diff_json(pair)
    for path in pair:
        graph = build(path).graph
        seeds = places(changes) & set(graph.line)
        near = nx.multi_source_dijkstra_path_length(
            graph.line.to_undirected(as_view=True), seeds, cutoff=context
        )
        chain = set().union(*(nx.ancestors(graph.line, s) for s in seeds))
        expected = set(graph.roots) | seeds | chain | set(near)
        assert around(graph, places(changes), context) == expected


def box_counts(svgs: list[Path]) -> dict[str, tuple[int, set[str]]]:
    """Each box drawn on any page (once, by its element id): the posts it
    stands for, read from its text as printed, and its classes."""
    boxes = {}
    for path in svgs:
        for group in ET.parse(path).getroot().iter(f"{SVG}g"):
            classes = set(group.get("class", "").split())
            if "node" not in classes:
                continue
            first = next(t for t in group.iter(f"{SVG}text")).text or ""
            number = re.match(r"^\+?([\d,]+)(?: × | posts?$)", first)
            boxes[group.get("id")] = (int(number[1].replace(",", "")) if number else 1, classes)
    return boxes


def report_charts(tmp_path: Path, pair: tuple[Path, Path], *extra: str) -> dict[str, list[Path]]:
    out = tmp_path / "report.md"
    result = runner.invoke(app, ["report", str(pair[0]), str(pair[1]), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return {
        side: sorted(
            tmp_path.glob(f"report-{side}*.svg"),
            key=lambda p: int(re.sub(r"\D", "", p.stem) or 0),
        )
        for side in ("before", "after")
    }


# Health 2011: a fifth of its posts are far from any change (Education's
# renumbering touches every part of it).
VARIANTS = {"context-0": ("--context", "0"), "context-1": (), "whole": ("--whole",)}


@pytest.fixture(scope="module")
def health_charts(tmp_path_factory) -> dict[str, dict[str, list[Path]]]:
    out = {}
    for name, extra in VARIANTS.items():
        out[name] = report_charts(tmp_path_factory.mktemp(name), HEALTH, *extra)
    return out


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_boxes_as_printed_add_up_to_the_structures_posts(health_charts, variant):
    summary = diff_json(HEALTH)["summary"]
    folds = []
    for side in ("before", "after"):
        boxes = box_counts(health_charts[variant][side])
        assert sum(count for count, _ in boxes.values()) == summary[side]["posts"]
        folds += [classes for _, classes in boxes.values() if "fold" in classes]
    assert bool(folds) is (variant != "whole")
    # A fold holds no change: it is never red.
    assert all(classes == {"node", "fold"} for classes in folds)


def test_more_context_folds_fewer_posts_and_whole_folds_none(health_charts):
    folded = []
    for variant in VARIANTS:
        charts = health_charts[variant]
        boxes = [box for side in ("before", "after") for box in box_counts(charts[side]).values()]
        folded.append(sum(count for count, classes in boxes if "fold" in classes))
    assert folded[0] > folded[1] > folded[2] == 0


def test_a_fold_of_one_post_draws_the_post(tmp_path, write):
    before = write(
        """\
        name: Before
        posts:
          - {id: A, title: Head}
          - {id: B, title: Manager, reports_to: A}
          - {id: C, title: Officer, reports_to: B}
          - {id: D, title: Lone manager, reports_to: A}
          - {id: E, title: Clerk, reports_to: D}
          - {id: F, title: Clerk two, reports_to: D}
          - {id: G, title: Aide, reports_to: A}
        """,
        "before.yaml",
    )
    after = write(
        before.read_text().replace("Before", "After") + "  - {id: H, title: New, reports_to: B}\n",
        "after.yaml",
    )
    out = tmp_path / "small.md"
    result = runner.invoke(
        app, ["report", str(before), str(after), "-o", str(out), "--context", "0"]
    )
    assert result.exit_code == 0, result.output
    boxes = box_counts([tmp_path / "small-after.svg"])
    # H is new under B: A, B and H are drawn; C (under B) is one post, drawn
    # rather than folded; D's part (D, E, F) and G fold into one box under A.
    assert set(boxes) == {"post-A", "post-B", "post-C", "post-H", "fold-A"}
    assert boxes["fold-A"][0] == 4


def test_render_says_when_a_chart_is_too_big_to_print_whole(tmp_path):
    big = runner.invoke(app, ["render", str(HEALTH[0]), "-o", str(tmp_path / "dh.svg")])
    assert big.exit_code == 0, big.output
    notes = [ln for ln in big.output.splitlines() if ln.startswith("orgchart: note:")]
    assert len(notes) == 1
    printed = float(re.search(r"print at ([\d.]+) pt", notes[0])[1])
    assert printed < 2 and "--page A3" in notes[0]
    small = runner.invoke(
        app,
        [
            "render",
            str(ORGANOGRAMS / "youth_justice_board-2011-09-30-senior.csv"),
            "-o",
            str(tmp_path / "yjb.svg"),
        ],
    )
    assert small.exit_code == 0
    assert "--page" not in small.output


def test_a_box_too_big_for_any_page_is_said_in_the_report_and_on_the_terminal(tmp_path, write):
    # A holder's name is one line, however long: its box is wider than A4.
    holder = "Someone " * 300
    posts = "".join(f"  - {{id: P{n}, title: Officer {n}, reports_to: A}}\n" for n in range(70))
    before = write(
        f"name: Before\nposts:\n  - {{id: A, title: Head, holder: {holder!r}}}\n{posts}",
        "before.yaml",
    )
    after = write(
        before.read_text().replace("Before", "After") + "  - {id: N, title: New, reports_to: A}\n",
        "after.yaml",
    )
    out = tmp_path / "big.md"
    result = runner.invoke(app, ["report", str(before), str(after), "-o", str(out)])
    assert result.exit_code == 0, result.output
    warned = [ln for ln in result.output.splitlines() if ln.startswith("orgchart: warning:")]
    assert warned and all("a box is too big for the paper" in ln for ln in warned)
    assert "a box is too big for the paper" in out.read_text()


def test_a_red_list_box_says_how_its_posts_change(tmp_path):
    # Education 2011: whole teams deleted and created under renumbered managers.
    charts = report_charts(tmp_path, EDUCATION)
    said = {"added": "New post", "removed": "Post deleted"}
    seen = set()
    for side in ("before", "after"):
        for path in charts[side]:
            for group in ET.parse(path).getroot().iter(f"{SVG}g"):
                classes = set(group.get("class", "").split())
                mark = classes & set(said)
                if "list" in classes and mark:
                    last = [t.text for t in group.iter(f"{SVG}text")][-1]
                    assert last == said[mark.pop()], (path.name, group.get("id"))
                    seen |= classes & set(said)
    assert seen == {"added", "removed"}
