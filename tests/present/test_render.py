"""Charts: golden DOT for the seeds, the SVG contract, hostile text, determinism."""

from __future__ import annotations

import json
import os
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.compare.diff import diff
from orgchart.present.render.changes import diff_charts
from orgchart.present.render.dot import ChartOptions, element_id, to_dot
from orgchart.present.writers import to_yaml
from orgchart.read import ReadOptions

from ..conftest import CLA, COMM, renumbered

runner = CliRunner()
GOLDEN = Path(__file__).parent.parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"


def pair_dots(pair: Path) -> dict[str, str]:
    old, new = build(pair / "before.yaml"), build(pair / "after.yaml")
    return dict(diff_charts(old.graph, new.graph))


@pytest.mark.parametrize("pair", [CLA, COMM], ids=["cla", "commissioning"])
def test_golden_dot(pair: Path) -> None:
    for side, dot in pair_dots(pair).items():
        golden = GOLDEN / f"{pair.name}-{side}.dot"
        if os.environ.get("UPDATE_GOLDEN"):
            golden.write_text(dot, encoding="utf-8")
        assert dot == golden.read_text(encoding="utf-8"), f"{golden} differs: UPDATE_GOLDEN=1"


def test_dot_does_not_depend_on_post_order(tmp_path: Path) -> None:
    structure = build(CLA / "after.yaml").structure
    for seed in range(3):
        posts = random.Random(seed).sample(structure.posts, len(structure.posts))
        path = tmp_path / f"shuffled{seed}.yaml"
        path.write_text(to_yaml(structure.model_copy(update={"posts": posts})), encoding="utf-8")
        assert to_dot(build(path).graph, ChartOptions()) == to_dot(
            build(CLA / "after.yaml").graph, ChartOptions()
        )


def svg_posts(path: Path) -> dict[str, set[str]]:
    """Post id -> classes of its node, from a rendered SVG."""
    root = ET.parse(path).getroot()
    out = {}
    for group in root.iter(f"{SVG}g"):
        node_id = group.get("id", "")
        if node_id.startswith("post-"):
            out[node_id.removeprefix("post-")] = set(group.get("class", "").split())
    return out


@pytest.mark.parametrize("pair", [CLA, COMM], ids=["cla", "commissioning"])
def test_svg_red_set_is_the_change_set(pair: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "render-diff",
            str(pair / "before.yaml"),
            str(pair / "after.yaml"),
            "-o",
            str(tmp_path),
            "--no-collapse",
        ],
    )
    assert result.exit_code == 0, result.output
    changes = diff(build(pair / "before.yaml").graph, build(pair / "after.yaml").graph)
    kinds = {"added", "removed", "moved", "changed"}
    before, after = svg_posts(tmp_path / "before.svg"), svg_posts(tmp_path / "after.svg")
    assert set(before) == {p.id for p in build(pair / "before.yaml").structure.posts}
    assert set(after) == {p.id for p in build(pair / "after.yaml").structure.posts}
    assert {i for i, c in before.items() if c & kinds} == (
        {p.id for p in changes.removed} | {m.id for m in changes.moved}
    )
    assert {i for i, c in after.items() if c & kinds} == (
        {p.id for p in changes.added}
        | {m.id for m in changes.moved}
        | {c.id for c in changes.changed}
    )
    for post in changes.removed:
        assert "removed" in before[post.id]
    for move in changes.moved:
        assert "moved" in before[move.id] and "moved" in after[move.id]
    svg_text = (tmp_path / "after.svg").read_text()
    assert "Changes highlighted in red" in svg_text


def test_seed_chart_reads_like_the_report(tmp_path: Path) -> None:
    out = tmp_path / "after.svg"
    assert runner.invoke(app, ["render", str(CLA / "after.yaml"), "-o", str(out)]).exit_code == 0
    text = out.read_text()
    assert "5 × Team Manager, Children" in text and "4 × Team Manager, Children" in text
    before = tmp_path / "before.svg"
    runner.invoke(app, ["render", str(CLA / "before.yaml"), "-o", str(before)])
    assert "VACANT" in before.read_text()
    assert {"post", "vacant"} <= svg_posts(before)["SDM-KIN"]


HOSTILE = [
    'Head "of" <b>Service</b> & Co',
    'evil"]; x [label="pwned"]; "',
    "a\\nb\\N\\G {braces} |pipes| [brackets]",
    "<script>alert(1)</script>",
    "new\nline",
    "]]><!-- -->",
    "Ünïcødé 名前 🙂",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_text(tmp_path: Path, text: str) -> None:
    from orgchart.model import Post, Structure

    path = tmp_path / "hostile.yaml"
    post_id = text.replace("\n", " ")  # ids cannot hold line breaks; everything else goes
    hostile = Structure(
        name=text,
        posts=[
            Post(id=post_id, title=text, holder=text, unit=text),
            Post(id="B", title=text, reports_to=post_id, grade=text),
        ],
    )
    path.write_text(to_yaml(hostile), encoding="utf-8")
    built = build(path)
    dot = to_dot(built.graph, ChartOptions(group_by_unit=True))
    # one statement per node and per edge: nothing was added
    assert len(re.findall(r"\[id=", dot)) == 2
    assert dot.count(" -> ") == 1
    for fmt in ("svg",):
        out = tmp_path / f"chart.{fmt}"
        result = runner.invoke(app, ["render", str(path), "-o", str(out), "--group-by", "unit"])
        assert result.exit_code == 0, result.output
        root = ET.parse(out).getroot()  # well-formed XML: no markup got in
        assert not list(root.iter(f"{SVG}script"))
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        for word in text.split():
            assert word in texts, word
        ids = {g.get("id") for g in root.iter(f"{SVG}g")}
        assert element_id(post_id) in ids


def test_redact_and_root_and_depth(write, tmp_path: Path) -> None:
    path = write(
        """\
        name: x
        posts:
          - {id: A, title: Chief, holder: Jane Doe}
          - {id: B, title: Deputy, reports_to: A, holder: John Roe}
          - {id: C, title: Officer, reports_to: B}
          - {id: P, title: PA, reports_to: A, assistant: true}
        """
    )
    graph = build(path).graph
    assert "Jane Doe" in to_dot(graph, ChartOptions())
    redacted = to_dot(build(path, ReadOptions(redact=True)).graph, ChartOptions())
    assert "Jane Doe" not in redacted and "John Roe" not in redacted
    part = to_dot(graph, ChartOptions(root="B"))
    assert '"post-A"' not in part and '"post-C"' in part
    top = to_dot(graph, ChartOptions(depth=2))
    assert '"post-B"' in top and '"post-C"' not in top
    assert '{rank=same; "A"; "P";}' in to_dot(graph, ChartOptions())


def test_format_from_suffix_and_bad_suffix(tmp_path: Path) -> None:
    dot = tmp_path / "chart.dot"
    assert runner.invoke(app, ["render", str(CLA / "after.yaml"), "-o", str(dot)]).exit_code == 0
    assert dot.read_text().startswith("digraph orgchart {")
    png = tmp_path / "chart.png"
    assert runner.invoke(app, ["render", str(CLA / "after.yaml"), "-o", str(png)]).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    pdf = tmp_path / "chart.out"
    result = runner.invoke(app, ["render", str(CLA / "after.yaml"), "-o", str(pdf), "-f", "pdf"])
    assert result.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF")
    bad = runner.invoke(app, ["render", str(CLA / "after.yaml"), "-o", str(tmp_path / "c.gif")])
    assert bad.exit_code == 2 and "cannot tell the format" in bad.output
    assert not (tmp_path / "c.gif").exists()


def test_graphviz_missing_says_how_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on PATH
    out = tmp_path / "chart.svg"
    result = runner.invoke(app, ["render", str(CLA / "after.yaml"), "-o", str(out)])
    assert result.exit_code == 2
    assert "apt-get install graphviz" in result.output
    assert not out.exists()
    dot = runner.invoke(app, ["render", str(CLA / "after.yaml"), "-o", str(tmp_path / "c.dot")])
    assert dot.exit_code == 0  # DOT needs no Graphviz


def test_unknown_root_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(CLA / "after.yaml"), "-o", str(tmp_path / "c.dot"), "--root", "NOPE"]
    )
    assert result.exit_code == 2 and "NOPE" in result.output


def test_wide_manager_wraps_into_rows_and_leaves_list(write) -> None:
    lines = ["name: wide", "posts:", "  - {id: BOSS, title: Director}"]
    for n in range(8):
        lines.append(f"  - {{id: M{n}, title: Manager {n}, reports_to: BOSS}}")
        lines.append(f"  - {{id: W{n}, title: Worker, reports_to: M{n}}}")
    for n in range(6):
        lines.append(f"  - {{id: L{n}, title: Leaf role {n}, reports_to: M0}}")
    dot = to_dot(build(write("\n".join(lines) + "\n")).graph, ChartOptions())
    edges = re.findall(r'"BOSS" -> "(M\d)"( \[minlen=(\d+)\])?;', dot)
    # six per row; the second row starts below the first row's teams (their depth is 1)
    assert [(m, minlen) for m, _, minlen in edges] == [
        ("M0", ""),
        ("M1", ""),
        ("M2", ""),
        ("M3", ""),
        ("M4", ""),
        ("M5", ""),
        ("M6", "3"),
        ("M7", "3"),
    ]
    # M0's seven distinct leaf roles are one list box, not a row of seven
    assert dot.count('"M0" -> ') == 1
    assert "7 posts</B>" in dot and 'class="post group list"' in dot


def test_a_list_box_shows_the_largest_roles_then_the_rest_in_one_line(write) -> None:
    lines = ["name: big", "posts:", "  - {id: BOSS, title: Director}"]
    # Role n has n + 1 posts: 20 roles, 210 posts.
    for n in range(20):
        lines.append(f"  - {{id: R{n:02}, title: Role {n:02}, count: {n + 1}, reports_to: BOSS}}")
    dot = to_dot(build(write("\n".join(lines) + "\n")).graph, ChartOptions())
    label = re.search(r"<B>210 posts</B>.*?</TABLE>", dot)
    assert label is not None
    roles = re.findall(r"(\d+) × Role (\d+)", label.group(0))
    # Eleven roles, largest first, then one line for the nine smallest (1+...+9 posts).
    assert [int(count) for count, _ in roles] == list(range(20, 9, -1))
    assert "and 9 more roles (45 posts)" in label.group(0)


def test_render_diff_root_must_be_in_both(tmp_path: Path) -> None:
    args = [
        "render-diff",
        str(CLA / "before.yaml"),
        str(CLA / "after.yaml"),
        "-o",
        str(tmp_path),
        "-f",
        "dot",
    ]
    gone = runner.invoke(app, [*args, "--root", "SDM-CLA-TEMP"])
    assert gone.exit_code == 2 and "not a post in the after structure" in gone.output
    assert not list(tmp_path.iterdir())
    part = runner.invoke(app, [*args, "--root", "DHOS-CLA"])
    assert part.exit_code == 0
    after = (tmp_path / "after.dot").read_text()
    assert '"post-DHOS-CLA"' in after and '"post-DIR"' not in after


def _red_boxes(svg: Path) -> dict[str, set[str]]:
    """Each box drawn in red (by its post id, from its element id): its marks."""
    marks = {"added", "removed", "moved", "changed"}
    found = {}
    for group in ET.parse(svg).getroot().iter("{http://www.w3.org/2000/svg}g"):
        classes = set(group.get("class", "").split())
        if "node" in classes and classes & marks:
            found[group.get("id", "").removeprefix("post-")] = classes & marks
    return found


def test_a_post_paired_under_another_id_is_red_on_both_charts(tmp_path):
    """Renumbered editions: the diff names each pair by its id after; the
    chart before must still mark the post, under its id before."""
    after, _ = renumbered(build(CLA / "after.yaml").structure)
    (tmp_path / "after.yaml").write_text(to_yaml(after), encoding="utf-8")
    before, after_file = CLA / "before.yaml", tmp_path / "after.yaml"
    result = runner.invoke(app, ["diff", str(before), str(after_file), "-f", "json"])
    changes = json.loads(result.stdout)
    was = {m["after"]: m["before"] for m in changes["matched"]}
    assert len(was) > 20
    out = tmp_path / "charts"
    result = runner.invoke(app, ["render-diff", str(before), str(after_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    red_before = _red_boxes(out / "before.svg")
    moved = {was.get(m["id"], m["id"]) for m in changes["moved"]}
    removed = {p["id"] for p in changes["removed"]}
    assert {i for i, m in red_before.items() if "moved" in m} == moved
    assert {i for i, m in red_before.items() if "removed" in m} == removed
    assert set(red_before) <= {p.id for p in build(before).structure.posts}
    red_after = _red_boxes(out / "after.svg")
    assert {i for i, m in red_after.items() if "moved" in m} == {m["id"] for m in changes["moved"]}
