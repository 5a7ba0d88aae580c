"""Diffs: the seed pairs give exactly their reports' changes; diff's algebra holds."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.compare.diff import apply, diff
from orgchart.graph import build_graph
from orgchart.measure import GroupBy
from orgchart.model import Post, Structure

from ..conftest import CLA, COMM
from ..present.test_writers import structures

runner = CliRunner()


def seed_diff(pair, by=None):
    return diff(build(pair / "before.yaml").graph, build(pair / "after.yaml").graph, by=by)


def test_cla_realignment_changes():
    result = seed_diff(CLA, GroupBy.GRADE)
    assert [p.id for p in result.removed] == ["SDM-CL-ACTING", "SDM-CLA-TEMP"]
    assert {(p.status.value, p.total_fte) for p in result.removed} == {
        ("acting", 1.0),
        ("temporary", 0.5),
    }
    assert result.added == []
    moves = {f"{m.id}: {m.before} -> {m.after}": m.with_reports for m in result.moved}
    assert moves == {
        "SDM-KIN: HOS-CLA -> DHOS-CLA": 0,
        "TM-KIN: SDM-KIN -> HOS-EH": 6,
        "TM-SGO: SDM-KIN -> HOS-EH": 6,
        "TM-PF: SDM-KIN -> HOS-EH": 6,
        # the CLA teams shared with the realigned SDM
        "TM-CLA-6: SDM-CLA -> SDM-KIN": 0,
        "TM-CLA-7: SDM-CLA -> SDM-KIN": 0,
        "TM-CLA-8: SDM-CLA -> SDM-KIN": 0,
        "TM-CLA-9: SDM-CLA -> SDM-KIN": 0,
    }
    sdm_kin = {(c.field, c.before, c.after) for c in result.changed if c.id == "SDM-KIN"}
    assert ("status", "vacant", "filled") in sdm_kin
    assert {c.id for c in result.changed if c.field == "unit"} == {
        "TM-KIN",
        "TM-SGO",
        "TM-PF",
        "SW-KIN",
        "SW-SGO",
        "SW-PF",
    }
    summary = result.summary
    assert (summary.delta.fte, summary.delta.cost) == (-1.5, -103_870)
    sdm = next(g for g in summary.by or [] if g.key == "SDM")
    assert (sdm.before.fte, sdm.before.cost, sdm.after.fte, sdm.after.cost) == (
        4.5,
        323_500,
        3.0,
        219_630,
    )
    spans = {s.id: (s.before, s.after) for s in result.spans}
    assert spans["SDM-CLA"] == (9, 5)
    assert spans["HOS-EH"] == (0, 3)


def test_commissioning_changes():
    result = seed_diff(COMM, GroupBy.FUNDING)
    assert [p.id for p in result.added] == ["CM-OAWY", "CM-SAFE", "COF-OAWY"]
    assert (result.removed, result.moved, result.changed) == ([], [], [])
    assert (result.summary.delta.posts, result.summary.delta.cost) == (3, 156_008)
    by = {g.key: g.delta.cost for g in result.summary.by or []}
    # The SAFE recharge for the existing lead is there before and after: no change.
    assert by == {"OAWY": 100_420, "SAFE": 55_588, "SAFE-LEAD": 0, "core": 0}


def test_cli_text_and_exit_status():
    result = runner.invoke(app, ["diff", str(CLA / "before.yaml"), str(CLA / "after.yaml")])
    assert result.exit_code == 1
    out = result.stdout
    assert (
        "- SDM-CLA-TEMP  Service Delivery Manager, Children Looked After (SDM, 0.50 FTE, temporary)"
        in out
    )
    assert "→ TM-KIN  reports to SDM-KIN → HOS-EH, with 6 reports" in out
    assert "~ SDM-KIN  status: vacant → filled" in out
    assert any(
        line.split() == ["Difference", "(2)", "(1.50)", "(£103,870)"] for line in out.splitlines()
    )
    assert "\x1b[" not in out  # no colour when not a terminal
    same = runner.invoke(app, ["diff", str(CLA / "before.yaml"), str(CLA / "before.yaml")])
    assert same.exit_code == 0 and "no differences" in same.stdout
    quiet = runner.invoke(app, ["diff", "-q", str(CLA / "before.yaml"), str(CLA / "after.yaml")])
    assert (quiet.exit_code, quiet.output) == (1, "")


def test_cli_json_shape():
    result = runner.invoke(
        app,
        [
            "diff",
            str(COMM / "before.yaml"),
            str(COMM / "after.yaml"),
            "--by",
            "funding",
            "--format",
            "json",
        ],
    )
    data = json.loads(result.stdout)
    assert set(data) == {
        "added",
        "removed",
        "moved",
        "changed",
        "uniform",
        "matched",
        "matching",
        "counts",
        "retyped",
        "spans",
        "summary",
    }
    assert [p["id"] for p in data["added"]] == ["CM-OAWY", "CM-SAFE", "COF-OAWY"]
    assert data["summary"]["delta"] == {"posts": 3, "fte": 3.0, "cost": 156_008}
    assert {g["key"]: g["delta"]["cost"] for g in data["summary"]["by"]}["OAWY"] == 100_420
    cla = json.loads(
        runner.invoke(
            app, ["diff", str(CLA / "before.yaml"), str(CLA / "after.yaml"), "-f", "json"]
        ).stdout
    )
    assert {"id": "TM-KIN", "from": "SDM-KIN", "to": "HOS-EH", "with_reports": 6} in cla["moved"]


def test_cli_csv_and_markdown():
    args = ["diff", str(CLA / "before.yaml"), str(CLA / "after.yaml")]
    csv_out = runner.invoke(app, [*args, "-f", "csv"]).stdout.splitlines()
    assert csv_out[0] == "change,id,title,field,before,after,with_reports"
    assert 'moved,TM-KIN,"Team Manager, Kinship",reports_to,SDM-KIN,HOS-EH,6' in csv_out
    markdown = runner.invoke(app, [*args, "-f", "markdown", "--by", "grade"]).stdout
    assert "| SDM | 4.50 | 3.00 | (1.50) | £323,500 | £219,630 | (£103,870) |" in markdown


def test_root_and_unit_limit_the_diff():
    args = ["diff", str(CLA / "before.yaml"), str(CLA / "after.yaml"), "-f", "json"]
    part = json.loads(runner.invoke(app, [*args, "--root", "SDM-CLA"]).stdout)
    assert [(m["id"], m["to"]) for m in part["moved"]] == [
        (f"TM-CLA-{n}", "SDM-KIN") for n in (6, 7, 8, 9)
    ]
    assert part["removed"] == [] and part["added"] == []
    early = json.loads(runner.invoke(app, [*args, "--unit", "Early Help"]).stdout)
    assert [m["id"] for m in early["moved"]] == ["TM-KIN", "TM-PF", "TM-SGO"]
    assert {c["id"] for c in early["changed"]} == {
        "SW-KIN",
        "SW-PF",
        "SW-SGO",
        "TM-KIN",
        "TM-PF",
        "TM-SGO",
    }
    # the unit's own figures: its head before; with the three teams after
    assert early["summary"]["before"] == {"posts": 1, "fte": 1.0, "cost": 92_000}
    assert early["summary"]["after"] == {
        "posts": 22,
        "fte": 22.0,
        "cost": 92_000 + 3 * 52_000 + 18 * 44_000,
    }
    missing = runner.invoke(app, [*args, "--root", "NOPE"])
    assert missing.exit_code == 2 and "NOPE" in missing.output


def test_invalid_input_is_trouble(write):
    bad = write("name: x\nposts:\n  - {id: A, title: A, reports_to: B}\n")
    result = runner.invoke(app, ["diff", str(bad), str(CLA / "after.yaml")])
    assert result.exit_code == 2
    assert f"{bad}:3: error: post 'A' reports to 'B', which does not exist" in result.output


def test_redact_leaves_holders_out(write):
    old = write("name: x\nposts:\n  - {id: A, title: A, holder: Jane Doe}\n", "a.yaml")
    new = write(
        "name: x\nposts:\n  - {id: A, title: A, holder: John Roe}\n"
        "  - {id: B, title: B, reports_to: A, holder: Ann Other}\n",
        "b.yaml",
    )
    for fmt in ("text", "json", "csv", "markdown"):
        shown = runner.invoke(app, ["diff", str(old), str(new), "-f", fmt]).stdout
        assert "Jane Doe" in shown and "John Roe" in shown  # the holder change
        hidden = runner.invoke(app, ["diff", str(old), str(new), "-f", fmt, "--redact"]).stdout
        for name in ("Jane Doe", "John Roe", "Ann Other"):
            assert name not in hidden, (fmt, name)
    as_json = runner.invoke(app, ["diff", str(old), str(new), "-f", "json"]).stdout
    assert json.loads(as_json)["added"][0]["holder"] == "Ann Other"


def _normal(structure: Structure) -> list[Post]:
    return [
        p.model_copy(update={"fte": p.total_fte, "dotted_to": sorted(p.dotted_to)})
        for p in sorted(structure.posts, key=lambda p: p.id)
    ]


@st.composite
def pairs(draw: st.DrawFn) -> tuple[Structure, Structure]:
    """A structure and a restructure of it: posts removed, moved, changed and added."""
    a = draw(structures())
    kept = a.posts[: draw(st.integers(1, len(a.posts)))]  # posts only report to earlier ones
    posts = []
    for index, post in enumerate(kept):
        update: dict[str, object] = {}
        if index and draw(st.booleans()):
            update["reports_to"] = kept[draw(st.integers(0, index - 1))].id
        if draw(st.booleans()):
            update["title"] = post.title + " (new)"
        if draw(st.booleans()):
            update["count"] = post.count + 1
        if draw(st.booleans()):
            update["grade"] = draw(st.none() | st.sampled_from(["PO4", "PO6"]))
        posts.append(post.model_copy(update=update))
    for index in range(draw(st.integers(0, 3))):
        manager = draw(st.sampled_from([p.id for p in posts]))
        posts.append(Post(id=f"new {index}", title="New post", reports_to=manager, grade="PO4"))
    b = Structure.model_validate({**a.model_dump(), "posts": [p.model_dump() for p in posts]})
    return a, b


@settings(max_examples=80, deadline=None)
@given(pairs(), st.sampled_from(list(GroupBy)))
def test_diff_algebra(pair: tuple[Structure, Structure], by: GroupBy) -> None:
    a, b = pair
    ga, gb = build_graph(a), build_graph(b)
    same = diff(ga, ga, by=by)
    assert same.empty and same.spans == [] and same.summary.delta.cost == 0
    forward, backward = diff(ga, gb, by=by), diff(gb, ga, by=by)
    assert [p.id for p in forward.added] == [p.id for p in backward.removed]
    assert [p.id for p in forward.removed] == [p.id for p in backward.added]
    assert [(m.id, m.before, m.after, m.with_reports) for m in forward.moved] == [
        (m.id, m.after, m.before, m.with_reports) for m in backward.moved
    ]
    assert [(c.id, c.field, c.before, c.after) for c in forward.changed] == [
        (c.id, c.field, c.after, c.before) for c in backward.changed
    ]
    assert [(s.id, s.before, s.after) for s in forward.spans] == [
        (s.id, s.after, s.before) for s in backward.spans
    ]
    assert forward.summary.delta.cost == -backward.summary.delta.cost
    assert forward.empty == (_normal(a) == _normal(b))
    assert _normal(apply(a, forward)) == _normal(b)
    assert _normal(apply(b, backward)) == _normal(a)
