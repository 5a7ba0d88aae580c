"""Money rules asked of a whole structure agree with the rule for one post."""

from __future__ import annotations

import itertools

from orgchart.model import Post
from orgchart.money import cost_of, costless


def test_the_posts_with_no_cost_are_those_cost_of_cannot_cost() -> None:
    grades = {"PO6": 52000.0}
    posts = [
        Post(id=f"P{n}", title="Officer", cost=cost, grade=grade, pay_min=low, pay_max=high)
        for n, (cost, grade, low, high) in enumerate(
            itertools.product(
                (None, 0.0, 30000.0), (None, "PO6", "SO2"), (None, 20000.0), (None, 30000.0)
            )
        )
    ]
    expected = [i for i, p in enumerate(posts) if cost_of(p, grades).value is None]
    # No cost, a grade that is none or not costed, a band with an end missing: 1 x 2 x 3.
    assert len(expected) == 2 * 3
    assert costless(posts, grades) == expected
    assert costless(posts, {}) == [i for i, p in enumerate(posts) if cost_of(p, {}).value is None]
