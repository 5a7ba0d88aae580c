"""Matching measured on ground truth: real editions restructured by tests/compare/groundtruth.py.

The diff must recover the true pairs, moves, deletions and additions with at
least 95% precision and recall, whatever the references became.
"""

from __future__ import annotations

import pytest

from orgchart.build import build
from orgchart.check import validate
from orgchart.compare.diff import diff
from orgchart.compare.matching import How, match
from orgchart.graph import build_graph

from ..conftest import ORGANOGRAMS
from .groundtruth import Truth, pair_score, restructure, score

EDITIONS = [
    "audit_commission-2011-03-31",
    "youth_justice_board-2011-09-30",
    "cabinet_office-2011-03-31",
    "department_of_health-2011-03-31",
]
BAR = 0.95


def edition(name: str):
    return build(ORGANOGRAMS / f"{name}-senior.csv").structure


def test_the_truth_is_a_sound_restructure():
    """The generator's edition is valid, shares no reference, and its truth
    adds up: every post before is kept or deleted, every post after is kept or new."""
    before = edition("cabinet_office-2011-03-31")
    truth = restructure(before, seed=3)
    assert [
        i
        for i in validate(truth.after, [None] * len(truth.after.posts), "after")
        if i.severity == "error"
    ] == []
    ids_before = {p.id for p in before.posts}
    ids_after = {p.id for p in truth.after.posts}
    assert not ids_before & ids_after
    assert set(truth.pairs) | truth.deleted == ids_before
    assert not set(truth.pairs) & truth.deleted
    assert set(truth.pairs.values()) | truth.added == ids_after
    assert truth.moved <= set(truth.pairs)
    assert truth.deleted and truth.added and truth.moved
    # The top post was retitled, and some titles differ only as typed.
    top = next(p for p in before.posts if p.reports_to is None)
    after = {p.id: p for p in truth.after.posts}
    assert after[truth.pairs[top.id]].title != top.title
    titles = {p.id: p.title for p in before.posts}
    retyped = [i for i, j in truth.pairs.items() if after[j].title != titles[i]]
    assert len(retyped) > len(truth.pairs) // 5


def _measured(name: str, seed: int) -> dict[str, object]:
    before = edition(name)
    truth: Truth = restructure(before, seed=seed)
    matching = match(before, truth.after, How.SIMILAR)
    result = diff(build_graph(before), build_graph(truth.after), match=How.SIMILAR)
    was = {p.after: p.before for p in matching.pairs}
    return {
        "pairs": pair_score({(p.before, p.after) for p in matching.pairs}, truth, before),
        "moves": score({was.get(m.id, m.id) for m in result.moved}, truth.moved),
        "deletions": score({p.id for p in result.removed}, truth.deleted),
        "additions": score({p.id for p in result.added}, truth.added),
    }


@pytest.mark.parametrize("name", EDITIONS)
@pytest.mark.parametrize("seed", [1, 2])
def test_restructured_editions_are_recovered(name, seed):
    measured = _measured(name, seed)
    for what, got in measured.items():
        assert got.precision >= BAR and got.recall >= BAR, f"{name} {what}: {got}"


def test_a_renumbered_copy_pairs_every_post():
    before = edition("department_of_health-2011-03-31")
    truth = restructure(before, seed=5, moves=0, deletions=0, additions=0, recased=0)
    matching = match(before, truth.after, How.SIMILAR)
    found = {(p.before, p.after) for p in matching.pairs}
    assert pair_score(found, truth, before).precision == 1.0
    assert len(found) == len(before.posts)
    result = diff(build_graph(before), build_graph(truth.after), match=How.SIMILAR)
    assert (result.added, result.removed, result.moved) == ([], [], [])
    # What the publisher retyped is no change: only the uplift, the renamed
    # unit, the groups resized and the top post's new title are.
    assert {c.field for c in result.changed} == {
        "pay_min",
        "pay_max",
        "unit",
        "fte",
        "count",
        "title",
    }
    assert [c.id for c in result.changed if c.field == "title"] == [
        truth.pairs[p.id] for p in before.posts if p.reports_to is None
    ]
