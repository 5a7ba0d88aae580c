"""Money rules asked of a whole structure agree with the rule for one post."""

from __future__ import annotations

import itertools

import pytest

from orgchart.model import Post
from orgchart.money import Pay, PayFrom, bracket, cost_of, costless, pay_band, pay_of


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


# The publishers' bands, counted by hand: a £5,000 band runs from a multiple of
# 5,000 to 4,999 above it, as in every published organogram's pay columns.
@pytest.mark.parametrize(
    ("low", "high", "band"),
    [
        (73210, 73210, (70000, 74999)),
        (75000, 75000, (75000, 79999)),  # a pay on a band's edge starts that band
        (74999, 74999, (70000, 74999)),
        (74999.5, 74999.5, (70000, 74999)),  # pence below the next band stay in this one
        (0, 0, (0, 4999)),
        (100000, 120000, (100000, 124999)),  # a pay range: every band it touches
        (110000, 114999, (110000, 114999)),  # a published band reads back as itself
    ],
)
def test_the_5000_band_that_holds_a_pay(low: float, high: float, band: tuple[int, int]) -> None:
    assert pay_band(low, high) == band


def test_transparency_brackets_start_at_50000() -> None:
    assert bracket(49999.99, 49999.99) is None
    assert bracket(50000, 50000) == (50000, 54999)
    assert bracket(152340, 152340) == (150000, 154999)
    # A pay range that starts below the first bracket is still told as the brackets it touches.
    assert bracket(45000, 60000) == (45000, 64999)


def test_a_posts_pay_is_its_cost_per_fte_else_its_grade_else_its_band() -> None:
    grades = {"SDM": 73210.0}
    own = Post(id="A", title="Head", cost=46000, fte=0.5)
    graded = Post(id="B", title="SDM", grade="SDM", fte=0.5)
    group = Post(id="C", title="SDM", grade="SDM", count=3)
    banded = Post(id="D", title="Adviser", pay_min=30000, pay_max=40000, fte=0.6)
    unknown = Post(id="E", title="Adviser", grade="X")
    assert pay_of(own, grades) == Pay(92000, 92000, 92000, PayFrom.COST)
    assert pay_of(graded, grades) == Pay(73210, 73210, 73210, PayFrom.GRADE)
    assert pay_of(group, grades) == Pay(73210, 73210, 73210, PayFrom.GRADE)
    assert pay_of(banded, grades) == Pay(35000, 30000, 40000, PayFrom.BAND)
    assert pay_of(unknown, grades) is None
    # The same figures cost_of works from: pay x FTE is the cost.
    for post in (own, graded, group, banded):
        pay = pay_of(post, grades)
        assert pay is not None
        assert pay.value * post.total_fte == pytest.approx(cost_of(post, grades).value)
