"""Applying proposals: the seeds give their after.yaml; every action does what
the README says; every mistake is named at its action's line, all at once."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from orgchart.apply import build_proposed
from orgchart.build import build
from orgchart.errors import InvalidProposal
from orgchart.present.writers import structure_dict

from ..conftest import CLA, COMM

SMALL = """\
name: Small
date: 2024-01-15
grades: {HOS: 90000, SDM: 73210, PO6: 52000}
posts:
  - {id: HOS, title: Head of Service, grade: HOS, unit: Care}
  - {id: SDM-A, title: Service Delivery Manager, grade: SDM, reports_to: HOS, unit: Care}
  - {id: SDM-B, title: Service Delivery Manager, grade: SDM, reports_to: HOS, unit: Care}
  - {id: TM-1, title: Team Manager, grade: PO6, reports_to: SDM-A, unit: Care}
  - {id: TM-2, title: Team Manager, grade: PO6, reports_to: SDM-A, unit: Early help}
  - {id: TMS, title: Team Manager, grade: PO6, count: 6, reports_to: SDM-B, unit: Care}
  - {id: SW, title: Social Worker, count: 4, cost: 160000, reports_to: TM-1, unit: Care}
"""


def canonical(structure) -> dict:
    data = structure_dict(structure)
    data["posts"] = sorted(data["posts"], key=lambda p: p["id"])
    return data


@pytest.fixture
def small(write):
    return build(write(SMALL, "before.yaml"))


@pytest.fixture
def proposal(write):
    def _proposal(actions: str, head: str = "proposal: Test\n") -> object:
        return write(
            head + "actions:\n" + textwrap.indent(textwrap.dedent(actions), "  "), "p.yaml"
        )

    return _proposal


def refused(before, path, **options) -> list[str]:
    with pytest.raises(InvalidProposal) as caught:
        build_proposed(before, path, **options)
    return [str(i) for i in caught.value.issues if i.severity == "error"]


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_each_seed_proposal_gives_its_after_structure(pair):
    before, after = build(pair / "before.yaml"), build(pair / "after.yaml")
    applied = build_proposed(before, pair / "proposal.yaml")
    assert canonical(applied.structure) == canonical(after.structure)
    from orgchart.compare.diff import diff

    assert diff(after.graph, applied.graph).empty


def test_every_action(small, proposal):
    path = proposal(
        """\
        - rename-unit: {from: Early help, to: Early Help}
        - create:
            - {id: SDM-C, title: Service Delivery Manager, grade: SDM, reports_to: HOS}
          effective: 2024-04-01
        - split: TMS
          count: 2
          id: TMS-C
          to: SDM-C
        - move: TM-2
          to: SDM-C
          unit: North
        - regrade: [SDM-A, SDM-B]
          grade: PO6
        - set: SW
          fields: {fte: 3.5, cost: null, grade: PO6, notes: Agency cover ends}
        - fund: SDM-C
          funding: {G: 0.5}
        - merge: [TM-1, TM-2]
          into: TM-1
        - renumber: {TM-1: TM-NORTH}
        - delete: SDM-B
        - move: TMS
          to: SDM-A
        """,
        head="proposal: Every action\nstructure:\n  funding_sources: {G: Grant}\n",
    )
    # TMS leaves SDM-B in the last action: deleting SDM-B before it is allowed.
    after = build_proposed(small, path).structure
    posts = {p.id: p for p in after.posts}
    assert set(posts) == {"HOS", "SDM-A", "SDM-C", "TM-NORTH", "TMS", "TMS-C", "SW"}
    assert after.name == "Every action" and after.date == dt.date(2024, 4, 1)
    assert posts["SDM-C"].start_date == dt.date(2024, 4, 1)
    assert posts["SDM-C"].funding == {"G": 0.5}
    assert (posts["TMS"].count, posts["TMS"].reports_to) == (4, "SDM-A")
    assert (posts["TMS-C"].count, posts["TMS-C"].reports_to) == (2, "SDM-C")
    assert posts["SDM-A"].grade == "PO6"
    assert (posts["SW"].fte, posts["SW"].cost, posts["SW"].grade) == (3.5, None, "PO6")
    # The merge: one entry of two posts, TM-2's unit and manager gone with it.
    assert (posts["TM-NORTH"].count, posts["TM-NORTH"].unit) == (2, "Care")
    assert posts["SW"].reports_to == "TM-NORTH"
    assert {p.unit for p in after.posts} == {"Care", None}


def test_a_proposal_for_another_structure_is_said_once(small, proposal):
    path = proposal(
        "".join(f"- delete: X{n}\n" for n in range(200)) + "- delete: TM-2\n",
    )
    assert refused(small, path) == [
        f"{path}:2: error: 200 of the 201 posts this proposal names are not in "
        f"{small.file} (such as 'X0', 'X1', 'X2'): is it for another structure?"
    ]


def test_every_problem_at_its_line_at_once(small, proposal):
    path = proposal(
        """\
        - delete: TM-2
        - set: TM-2
          fields: {title: Gone}
        - move: SDM-A
          to: TM-1
        - create:
            - {id: NEW, title: New, reports_to: HOS}
        - create: {id: NEW, title: New again, reports_to: HSO}
        - delete: [SDM-B]
        - regrade: SDM-Z
          grade: PO6
        """
    )
    assert refused(small, path) == [
        f"{path}:4: error: post 'TM-2' was deleted by the action at line 3",
        f"{path}:7: error: cannot move 'SDM-A' under 'TM-1': 'TM-1' is below it",
        f"{path}:10: error: no post 'HSO' (did you mean 'HOS'?)",
        f"{path}:10: error: post 'NEW' already exists: give the new post an id of its own",
        f"{path}:11: error: cannot delete 'SDM-B': 1 post(s) report to it and no action "
        "moves or deletes them: TMS",
        f"{path}:12: error: no post 'SDM-Z' (did you mean 'SDM-B'?)",
    ]


def test_a_manager_is_deleted_with_its_teams_or_after_they_move(small, proposal):
    path = proposal("- delete: [SDM-A, TM-1, TM-2, SW]\n")
    assert {p.id for p in build_proposed(small, path).structure.posts} == {"HOS", "SDM-B", "TMS"}
    path = proposal("- delete: SDM-A\n- move: [TM-1, TM-2]\n  to: SDM-B\n")
    posts = {p.id: p for p in build_proposed(small, path).structure.posts}
    assert "SDM-A" not in posts
    assert posts["TM-1"].reports_to == posts["TM-2"].reports_to == "SDM-B"


def test_apply_never_makes_a_structure_validate_refuses(small, proposal):
    path = proposal(
        """\
        - fund: TM-1
          funding: {NOBODY: 0.5}
        - set: TMS
          fields: {fte: 9}
        """,
        head="proposal: Bad\nstructure:\n  funding_sources: {G: Grant}\n",
    )
    assert refused(small, path) == [
        f"{path}:5: error: post 'TM-1': funding source 'NOBODY' is not in funding_sources",
        f"{path}:8: error: post 'TMS': fte 9 is more than count 6: a single post is at most "
        "1.0 FTE (use count for a group)",
    ]


def test_waves_apply_the_actions_effective_by_a_day(small, proposal):
    path = proposal(
        """\
        - create: {id: SDM-C, title: Service Delivery Manager, grade: SDM, reports_to: HOS}
        - move: TM-2
          to: SDM-C
          effective: 2024-09-01
        """,
        head="proposal: Waves\neffective: 2024-04-01\n",
    )
    spring = build_proposed(small, path, at=dt.date(2024, 6, 30)).structure
    assert {p.id: p.reports_to for p in spring.posts}["TM-2"] == "SDM-A"
    assert spring.date == dt.date(2024, 6, 30)
    autumn = build_proposed(small, path).structure
    assert {p.id: p.reports_to for p in autumn.posts}["TM-2"] == "SDM-C"
    assert autumn.date == dt.date(2024, 9, 1)
    # Before the first wave, nothing has changed but the name.
    winter = build_proposed(small, path, at=dt.date(2024, 2, 1)).structure
    assert [p.id for p in winter.posts] == [p.id for p in small.structure.posts]


def test_a_wave_that_leaves_teams_without_a_manager_is_refused(small, proposal):
    path = proposal(
        """\
        - delete: SDM-A
          effective: 2024-04-01
        - move: [TM-1, TM-2]
          to: SDM-B
          effective: 2024-09-01
        """
    )
    errors = refused(small, path, at=dt.date(2024, 5, 1))
    assert errors == [
        f"{path}:3: error: cannot delete 'SDM-A': 2 post(s) report to it and no action "
        "moves or deletes them: TM-1, TM-2"
    ]
    # Whole, the proposal is sound; but its structure between the two days is not.
    errors = refused(small, path)
    assert errors[0].startswith(f"{path}:3: error: on 2024-08-31: cannot delete 'SDM-A'")


def test_the_timeline_costs_each_post_from_its_action(small, proposal):
    path = proposal(
        """\
        - create: {id: SDM-C, title: Service Delivery Manager, grade: SDM, reports_to: HOS}
          effective: 2024-10-01
        - delete: TM-2
          effective: 2024-07-01
        - regrade: SDM-A
          grade: HOS
          effective: 2025-01-01
        """
    )
    timeline = build_proposed(small, path).timeline
    assert timeline is not None
    windows = sorted((p.id, p.grade, p.start_date, p.end_date) for p in timeline.posts)
    assert ("SDM-C", "SDM", dt.date(2024, 10, 1), None) in windows
    assert ("TM-2", "PO6", None, dt.date(2024, 6, 30)) in windows
    assert ("SDM-A", "SDM", None, dt.date(2024, 12, 31)) in windows
    assert ("SDM-A", "HOS", dt.date(2025, 1, 1), None) in windows
    assert ("HOS", "HOS", None, None) in windows  # never changed: one version


def test_split_and_merge_move_no_money(small, proposal):
    path = proposal(
        """\
        - set: SW
          fields: {fte: 3.0}
        - split: SW
          count: 1
          id: SW-B
        - merge: [TM-1, TM-2]
          into: TM-1
        - merge: [SW, SW-B]
          into: SW
          effective: 2024-05-01
        """
    )
    before = small.structure
    from orgchart.measure.metrics import cost_summary

    split_only = build_proposed(small, path, at=dt.date(2024, 4, 30)).structure
    posts = {p.id: p for p in split_only.posts}
    # A quarter of the group: 1 of 4 posts, 0.75 of 3.0 FTE, £40,000 of £160,000.
    assert (posts["SW-B"].count, posts["SW-B"].fte, posts["SW-B"].cost) == (1, 0.75, 40_000)
    assert (posts["SW"].count, posts["SW"].fte, posts["SW"].cost) == (3, 2.25, 120_000)
    assert posts["SW-B"].reports_to == posts["SW"].reports_to == "TM-1"
    after = build_proposed(small, path).structure
    posts = {p.id: p for p in after.posts}
    assert (posts["SW"].count, posts["SW"].fte, posts["SW"].cost) == (4, 3.0, 160_000)
    assert (posts["TM-1"].count, posts["TM-1"].fte) == (2, None)
    # Costs, counted by cost_summary: the same before and after (TM-1 and TM-2 share a grade).
    assert cost_summary(after).total.cost == cost_summary(before).total.cost
    assert cost_summary(after).total.posts == cost_summary(before).total.posts
