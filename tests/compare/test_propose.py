"""propose: the fewest actions, and the round trip that holds for any two
structures: applying propose(BEFORE, AFTER) to BEFORE gives AFTER, and
`diff BEFORE PROPOSAL` is `diff BEFORE AFTER`.

Random structures and random edits are made here, on plain data, without the
library's own apply: the test's edits are an independent account of what a
restructure may do (delete a team, create posts, move a team, renumber a
junior group with its move, regrade, change fields and funding, rename a unit).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from orgchart.apply import apply_proposal
from orgchart.build import build
from orgchart.check import validate
from orgchart.cli import app
from orgchart.compare.propose import propose
from orgchart.model import Structure
from orgchart.present.proposalfile import proposal_json, proposal_yaml
from orgchart.present.writers import structure_dict, to_yaml
from orgchart.read.proposal import read_proposal

from ..conftest import CLA, COMM

runner = CliRunner()
ROUND_TRIP = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
GRADES = {"G1": 30000, "G2": 42000, "G3": 55000}
UNITS = ["North", "South", "East"]
STATUSES = ["filled", "vacant", "acting", "fixed_term"]


def canonical(structure: Structure) -> dict[str, Any]:
    """A structure as plain data, its posts in id order: equal when the structures are."""
    data = structure_dict(structure)
    data["posts"] = sorted(data["posts"], key=lambda p: p["id"])
    return json.loads(json.dumps(data, default=str))


@st.composite
def fields(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["grade"] = draw(st.sampled_from(list(GRADES)))
    if draw(st.booleans()):
        out["unit"] = draw(st.sampled_from(UNITS))
    if draw(st.integers(0, 3)) == 0:
        out["status"] = draw(st.sampled_from(STATUSES))
    if draw(st.integers(0, 3)) == 0:
        out["count"] = draw(st.integers(2, 5))
        if draw(st.booleans()):
            out["fte"] = out["count"] - 0.5
    if draw(st.integers(0, 3)) == 0:
        out["funding"] = {"F": draw(st.sampled_from([0.25, 0.5, 1.0]))}
    if draw(st.integers(0, 4)) == 0:
        out["cost"] = draw(st.integers(1000, 90000))
    if draw(st.integers(0, 4)) == 0:
        out["end_date"] = dt.date(2026, 3, 31)
    if draw(st.integers(0, 5)) == 0:
        out["notes"] = draw(st.sampled_from(["Interim", "Grant funded", "x: y"]))
    return out


@st.composite
def structures(draw: st.DrawFn) -> dict[str, Any]:
    posts: list[dict[str, Any]] = []
    for index in range(draw(st.integers(1, 9))):
        post: dict[str, Any] = {"title": draw(st.sampled_from(["Head", "Manager", "Officer"]))}
        post["id"] = f"P{index}"
        if index:
            manager = posts[draw(st.integers(0, index - 1))]["id"]
            post["reports_to"] = manager
            if draw(st.integers(0, 3)) == 0:
                post["id"] = f"{manager}/g{index}"  # a group named by its manager
        post |= draw(fields())
        posts.append(post)
    data: dict[str, Any] = {
        "name": "Before",
        "grades": dict(GRADES),
        "funding_sources": {"F": "A grant"},
        "posts": posts,
    }
    if draw(st.booleans()):
        data["date"] = dt.date(2024, 4, 1)
    return data


def below(posts: list[dict[str, Any]], post_id: str) -> set[str]:
    found, todo = set(), [post_id]
    while todo:
        current = todo.pop()
        for p in posts:
            if p.get("reports_to") == current and p["id"] not in found:
                found.add(p["id"])
                todo.append(p["id"])
    return found


def rename(posts: list[dict[str, Any]], old: str, new: str) -> None:
    for p in posts:
        p["id"] = new if p["id"] == old else p["id"]
        if p.get("reports_to") == old:
            p["reports_to"] = new


def edit(data: dict[str, Any], rng: random.Random, kind: str, extra: dict[str, Any]) -> None:
    """One restructuring edit, kept sound: no cycle, no post left without its manager."""
    posts = data["posts"]
    ids = [p["id"] for p in posts]
    pick = rng.choice(posts)
    if kind == "delete" and pick.get("reports_to"):
        gone = {pick["id"]} | below(posts, pick["id"])
        data["posts"] = [p for p in posts if p["id"] not in gone]
    elif kind == "create":
        count = next(n for n in range(len(ids) + 1) if f"N{n}" not in ids)
        new = {"id": f"N{count}", "title": "New post", "reports_to": pick["id"], **extra}
        if rng.random() < 0.5:
            new["start_date"] = rng.choice([dt.date(2024, 11, 10), dt.date(2025, 1, 1)])
        posts.append(new)
    elif kind == "move" and pick.get("reports_to"):
        targets = [i for i in ids if i not in below(posts, pick["id"]) | {pick["id"]}]
        target = rng.choice(targets)
        old_manager = pick["reports_to"]
        pick["reports_to"] = target
        if pick["id"].startswith(f"{old_manager}/"):
            renamed = f"{target}/{pick['id'][len(old_manager) + 1 :]}"
            if renamed not in ids:
                rename(posts, pick["id"], renamed)
    elif kind == "fields":
        for key in ("grade", "unit", "status", "count", "fte", "funding", "cost", "end_date"):
            if rng.random() < 0.3:
                pick.pop(key, None)
        pick |= extra
        if pick.get("fte", 0) > pick.get("count", 1):
            pick.pop("fte")
    elif kind == "retitle":
        pick["title"] = rng.choice(["Lead", "Manager", "Adviser"])
    elif kind == "unit":
        old = rng.choice(UNITS)
        for p in posts:
            if p.get("unit") == old:
                p["unit"] = f"{old} Services"
    if rng.random() < 0.1:
        data["name"] = "After"
        data["grades"] = {**GRADES, "G4": 61000}


@st.composite
def restructures(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    before = draw(structures())
    after = json.loads(json.dumps(before, default=str))
    rng = random.Random(draw(st.integers(0, 2**32)))
    kinds = ["delete", "create", "move", "fields", "retitle", "unit"]
    for kind in draw(st.lists(st.sampled_from(kinds), max_size=6)):
        edit(after, rng, kind, draw(fields()))
    return before, after


def valid(data: dict[str, Any]) -> Structure:
    structure = Structure.model_validate(data)
    errors = [
        i for i in validate(structure, [None] * len(structure.posts), "x") if i.severity == "error"
    ]
    assert not errors, errors
    return structure


@ROUND_TRIP
@given(restructures())
def test_apply_of_propose_is_after_and_its_diff_is_the_same(pair):
    before, after = valid(pair[0]), valid(pair[1])
    assume(canonical(before)["posts"] != canonical(after)["posts"])
    proposal = propose(before, after)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in (
            ("p.yaml", proposal_yaml(proposal)),
            ("p.json", proposal_json(proposal)),
        ):
            (root / name).write_text(text, encoding="utf-8")
            applied = apply_proposal(before, read_proposal(root / name))
            assert [i for i in applied.issues if i.severity == "error"] == [], text
            assert canonical(applied.structure) == canonical(after), text
        (root / "before.yaml").write_text(to_yaml(before), encoding="utf-8")
        (root / "after.yaml").write_text(to_yaml(after), encoding="utf-8")
        diffs = []
        for other in ("after.yaml", "p.yaml"):
            result = runner.invoke(
                app, ["diff", str(root / "before.yaml"), str(root / other), "-f", "json"]
            )
            assert result.exit_code in (0, 1), result.output
            diffs.append(json.loads(result.stdout))
        assert diffs[0] == diffs[1]


def test_the_seeds_need_no_more_actions_than_their_officer_wrote():
    for pair, wrote in ((CLA, 5), (COMM, 2)):
        before, after = build(pair / "before.yaml"), build(pair / "after.yaml")
        proposal = propose(before.structure, after.structure)
        assert len(proposal.actions) <= wrote
        verbs = [a.verb for a in proposal.actions]
        assert verbs == (["move", "move", "move", "delete", "set"] if pair is CLA else ["create"])


def test_a_team_moves_as_one_post(write):
    before = write(
        """\
        name: Teams
        posts:
          - {id: HOS, title: Head}
          - {id: A, title: Manager A, reports_to: HOS}
          - {id: B, title: Manager B, reports_to: HOS}
          - {id: T1, title: Team 1, reports_to: A}
          - {id: T2, title: Team 2, reports_to: A}
          - {id: W1, title: Worker, count: 5, reports_to: T1}
          - {id: W2, title: Worker, count: 5, reports_to: T2}
        """,
        "before.yaml",
    )
    after = write(before.read_text().replace("reports_to: A}", "reports_to: B}"), "after.yaml")
    proposal = propose(build(before).structure, build(after).structure)
    assert [(a.verb, a.named()) for a in proposal.actions] == [("move", ["T1", "T2", "B"])]


def test_propose_does_not_depend_on_post_order():
    before = build(CLA / "before.yaml").structure
    after = build(CLA / "after.yaml").structure
    expected = proposal_yaml(propose(before, after))
    for seed in range(3):
        rng = random.Random(seed)
        shuffled = [
            s.model_copy(update={"posts": rng.sample(s.posts, len(s.posts))})
            for s in (before, after)
        ]
        assert proposal_yaml(propose(*shuffled)) == expected
