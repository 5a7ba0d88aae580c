"""Large charts are laid out compactly: no wider than tall, no box over another,
every line from a manager's box to its report's, the SVG contract kept."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from orgchart.build import build
from orgchart.present.render.dot import COMPACT_FROM, ChartOptions, to_dot
from orgchart.present.render.graphviz_run import draw

from ..conftest import CLA, ORGANOGRAMS

NODE = re.compile(
    r'^  "(?P<key>[^"]+)" \[id="(?P<id>[^"]+)".*?pos="(?P<x>[\d.]+),(?P<y>[\d.]+)!", '
    r"width=(?P<w>[\d.]+), height=(?P<h>[\d.]+)",
    re.M,
)
EDGE = re.compile(r'^  "(?P<a>[^"]+)" -> "(?P<b>[^"]+)" \[pos="(?P<pos>[^"]+)"\];$', re.M)


def generated(teams: int = 52) -> str:
    """A 700-odd post tree like benchmarks/generate.py's: heads of service over
    managers with small mixed teams (some leaves, some with teams of their own)."""
    lines = ["name: synthetic", "posts:", "  - {id: CE, title: Chief Executive}"]
    for head in range(6):
        lines.append(f"  - {{id: H{head}, title: Head of Service {head}, reports_to: CE}}")
    for team in range(teams):
        manager = f"M{team}"
        lines.append(f"  - {{id: {manager}, title: Service Manager, reports_to: H{team % 6}}}")
        for lead in range(2):
            lines.append(
                f"  - {{id: {manager}L{lead}, title: Team Leader {lead}, reports_to: {manager}}}"
            )
            for worker in range(team % 5 + 3):
                lines.append(
                    f"  - {{id: {manager}L{lead}W{worker}, title: Worker {worker}, "
                    f"reports_to: {manager}L{lead}}}"
                )
        lines.append(f"  - {{id: {manager}A, title: Administrator, reports_to: {manager}}}")
    return "\n".join(lines) + "\n"


def boxes(dot: str) -> dict[str, tuple[float, float, float, float]]:
    """key -> (left, bottom, right, top) in points."""
    out = {}
    for m in NODE.finditer(dot):
        x, y = float(m["x"]), float(m["y"])
        w, h = float(m["w"]) * 72, float(m["h"]) * 72
        out[m["key"]] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    return out


def check_layout(dot: str) -> tuple[float, float]:
    placed = boxes(dot)
    assert placed, "not a compact layout"
    ordered = sorted(placed.values())
    for i, (left, bottom, right, top) in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other[0] >= right:
                break  # sorted by left edge: nothing further can overlap
            assert other[1] >= top or other[3] <= bottom, (
                "overlap",
                (left, bottom, right, top),
                other,
            )
    for m in EDGE.finditer(dot):
        points = [tuple(map(float, p.split(","))) for p in m["pos"].split()]
        start, end = points[0], points[-1]
        a, b = placed[m["a"]], placed[m["b"]]
        # From the manager's bottom edge (or its side, for an assistant) to the report's edge.
        assert a[0] - 0.2 <= start[0] <= a[2] + 0.2 and a[1] - 0.2 <= start[1] <= a[3] + 0.2
        assert b[0] - 0.2 <= end[0] <= b[2] + 0.2 and b[1] - 0.2 <= end[1] <= b[3] + 0.2
    width = max(r for _, _, r, _ in placed.values()) - min(
        left for left, _, _, _ in placed.values()
    )
    height = max(t for _, _, _, t in placed.values()) - min(b for _, b, _, _ in placed.values())
    return width, height


@pytest.mark.parametrize(
    "edition", ["ministry_of_defence-2015-03-31", "department_of_health-2011-03-31"]
)
def test_a_department_is_no_wider_than_tall(edition: str) -> None:
    built = build(ORGANOGRAMS / f"{edition}-senior.csv")
    width, height = check_layout(to_dot(built.graph, ChartOptions()))
    assert width <= height


def test_the_generated_700_post_tree_is_about_square(write) -> None:
    built = build(write(generated()))
    assert sum(p.count for p in built.structure.posts) >= 700
    width, height = check_layout(to_dot(built.graph, ChartOptions()))
    assert width <= 1.25 * height


def test_small_charts_keep_dots_layout_unless_asked(write) -> None:
    small = build(CLA / "before.yaml").graph
    assert "layout=nop2" not in to_dot(small, ChartOptions())
    assert "layout=nop2" in to_dot(small, ChartOptions(compact=True))
    big = build(write(generated())).graph
    assert "layout=nop2" not in to_dot(big, ChartOptions(compact=False))
    assert COMPACT_FROM > 40  # the seeds' charts stay as the council drew them


def test_compact_svg_keeps_the_contract(write) -> None:
    built = build(write(generated(20)))
    dot = to_dot(built.graph, ChartOptions(compact=True))
    svg = ET.fromstring(draw(dot, "svg"))
    ids = [e.get("id") for e in svg.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    posts = {i for i in ids if i.startswith("post-")}
    assert posts == {f"post-{m['id'].removeprefix('post-')}" for m in NODE.finditer(dot)}
    assert "post-CE" in posts and "post-M0L0" in posts


class _Counted(str):
    """A box key that counts how often it is hashed: the work a layout does with it."""

    hashed = 0

    def __hash__(self) -> int:
        _Counted.hashed += 1
        return str.__hash__(self)


def test_a_manager_over_thousands_of_posts_is_laid_out_in_linear_work():
    # `render --no-collapse` of 20,000 direct reports took 45 s: the set of a
    # manager's stacked leaves was built again for each of its reports.
    from orgchart.present.render.layout import compact

    for n in (1_000, 2_000):
        kids = [_Counted(f"P{i:05d}") for i in range(n)]
        top = _Counted("TOP")
        sizes = {k: (100.0, 40.0) for k in [top, *kids]}
        _Counted.hashed = 0
        placed = compact([top], {top: kids}, {}, sizes)
        assert len(placed.centres) == n + 1
        assert _Counted.hashed < 40 * n, (n, _Counted.hashed)
