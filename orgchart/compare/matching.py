"""Which post before is which post after: matching two structures' posts.

The library's way in (the diff, proposals and publication use it):

    from orgchart.compare.matching import How, match
    matching = match(before, after, How.AUTO)   # two model.Structure
    matching.pairs      # every pair: Pair(before, after, by, score), by after id
    matching.similar    # the pairs made by similarity, not by id
    matching.renamed    # the pairs whose ids differ: recased ids, then similar
    matching.after_of   # before id -> after id, for every pair
    matching.summary()  # "paired 2,301 of 2,414 posts ... by title, grade and manager"

Posts are paired first by id, and by an id that differs only in letter case
(`DfE-3026` and `DFE-3026`: one reference, as the publishers' own loader
read it) where one post on each side has it. Then, with How.SIMILAR always, with How.AUTO
when the two share fewer than half their ids (renumbered editions), the posts
left over are paired by similarity (compare.similarity: title, grade, unit,
pay band, FTE, and their managers and reports matched to each other), each
pair with its score (0 to 1) and what agreed. How.ID pairs by id only.
How.TITLE is the older name of How.SIMILAR.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Types only: the command line takes How from here as it starts.
    from orgchart.model import Structure

# A structure that keeps fewer of the other's ids than this was renumbered.
FEW_SHARED = 0.5
BY_ID = "id"
BY_CASE = "id in other letter case"
# How each agreement reads in a sentence.
AGREEMENT = {
    "title": "title",
    "grade": "grade",
    "unit": "unit",
    "holder": "holder",
    "pay": "pay band",
    "fte": "FTE",
    "manager": "manager",
    "team": "team",
}


class How(StrEnum):
    """How posts are matched: by id, by id then similarity, or by id then
    similarity when ids are few in common (the default)."""

    AUTO = "auto"
    ID = "id"
    SIMILAR = "similar"
    TITLE = "title"  # the older name of SIMILAR


@dataclass(frozen=True)
class Pair:
    before: str
    after: str
    by: str  # "id", or what agreed, such as "title, grade, manager"
    score: float  # 1.0 for a pair by id; a similarity's score, 0 to 1


@dataclass(frozen=True)
class Matching:
    """The pairs of two structures' posts; `shared` are the ids both have."""

    shared: frozenset[str]
    similar: list[Pair]  # by after id
    by_similarity: bool  # whether the posts ids left were matched by similarity
    left: tuple[int, int] = (0, 0)  # posts ids left unpaired, before and after
    warnings: list[str] = field(default_factory=list)
    recased: list[Pair] = field(default_factory=list)  # ids alike but for letter case

    @cached_property
    def renamed(self) -> list[Pair]:
        """The pairs whose ids differ, by after id."""
        return sorted([*self.recased, *self.similar], key=lambda p: p.after)

    @cached_property
    def pairs(self) -> list[Pair]:
        by_id = [Pair(i, i, BY_ID, 1.0) for i in self.shared]
        return sorted([*by_id, *self.renamed], key=lambda p: p.after)

    @cached_property
    def after_of(self) -> dict[str, str]:
        return {**{i: i for i in self.shared}, **{p.before: p.after for p in self.renamed}}

    @cached_property
    def renames(self) -> dict[str, str]:
        """Before id -> after id, for the pairs whose ids differ."""
        return {p.before: p.after for p in self.renamed}

    def within(self, before: Collection[str], after: Collection[str]) -> Matching:
        """The matching of part of the structures: the pairs with a post in
        `before` (ids before) or `after` (ids after)."""

        def part(pairs: list[Pair]) -> list[Pair]:
            return [p for p in pairs if p.before in before or p.after in after]

        similar, recased = part(self.similar), part(self.recased)
        shared = frozenset(i for i in self.shared if i in before or i in after)
        # Of the posts ids did not pair, those in the part.
        recased_before = {p.before for p in self.recased}
        left_before = sum(1 for i in before if i not in shared and i not in recased_before)
        paired_after = {p.after for p in self.recased} | self.shared
        left_after = sum(1 for i in after if i not in paired_after)
        return Matching(
            shared,
            similar,
            self.by_similarity,
            (left_before, left_after),
            recased=recased,
        )

    def summary(self) -> str | None:
        """What matching did besides ids, in one sentence; None for ids alone."""
        said = []
        if self.recased:
            n = len(self.recased)
            said.append(f"paired {n:,} post{'s' if n != 1 else ''} whose ids differ only in case")
        if self.by_similarity:
            pairs, left = len(self.similar), max(self.left)
            if not pairs:
                said.append(f"paired none of the {left:,} posts ids left by similarity")
            else:
                said.append(
                    f"paired {pairs:,} of {left:,} posts not paired by id, by "
                    f"{_agreements(self.similar)} (each marked with its score)"
                )
        return "; ".join(said) or None


def _agreements(pairs: list[Pair]) -> str:
    """What most of the pairs agreed on, as a list in words."""
    counts = Counter(k for p in pairs for k in p.by.split(", "))
    common = [AGREEMENT[k] for k in AGREEMENT if counts[k] * 2 >= len(pairs)]
    if not common:
        return "similarity"
    return common[0] if len(common) == 1 else ", ".join(common[:-1]) + " and " + common[-1]


def match(before: Structure, after: Structure, how: How = How.AUTO) -> Matching:
    """Pair the posts of `before` with those of `after` (see the module's docstring)."""
    ids_before = {p.id for p in before.posts}
    ids_after = {p.id for p in after.posts}
    shared = ids_before & ids_after
    recased = _recased(ids_before - shared, ids_after - shared)
    left_before = ids_before - shared - {p.before for p in recased}
    left_after = ids_after - shared - {p.after for p in recased}
    smaller = min(len(ids_before), len(ids_after))
    paired = len(shared) + len(recased)
    few = bool(smaller) and paired < smaller * FEW_SHARED
    if how is How.ID or (how is How.AUTO and not few):
        warnings = renumbered(paired, smaller) if how is How.ID else []
        return Matching(frozenset(shared), [], False, warnings=warnings, recased=recased)
    from orgchart.compare.similarity import similar

    fixed = {i: i for i in shared} | {p.before: p.after for p in recased}
    found = similar(before.posts, after.posts, fixed, left_before, left_after)
    pairs = [Pair(p.before, p.after, ", ".join(p.agreed), p.score) for p in found]
    return Matching(
        frozenset(shared), pairs, True, (len(left_before), len(left_after)), recased=recased
    )


def _recased(before: set[str], after: set[str]) -> list[Pair]:
    """Ids left unpaired that differ only in letter case, one on each side."""
    old: dict[str, list[str]] = {}
    new: dict[str, list[str]] = {}
    for post_id in before:
        old.setdefault(post_id.casefold(), []).append(post_id)
    for post_id in after:
        new.setdefault(post_id.casefold(), []).append(post_id)
    return sorted(
        (
            Pair(old[key][0], new[key][0], BY_CASE, 1.0)
            for key in old.keys() & new.keys()
            if len(old[key]) == len(new[key]) == 1
        ),
        key=lambda p: p.after,
    )


def renamed(structure: Structure, renames: dict[str, str]) -> Structure:
    """`structure` with each post renamed (before id -> after id) under its id in the other."""
    if not renames:
        return structure
    posts = [
        post.model_copy(
            update={
                "id": renames.get(post.id, post.id),
                "reports_to": renames.get(post.reports_to, post.reports_to)
                if post.reports_to is not None
                else None,
                "dotted_to": [renames.get(d, d) for d in post.dotted_to],
            }
        )
        for post in structure.posts
    ]
    return structure.model_copy(update={"posts": posts})


def renumbered(shared: int, smaller: int) -> list[str]:
    """The warning for two structures that share few ids, given how many they
    share and the smaller one's number of posts; none when they share enough."""
    if not smaller or shared >= smaller * FEW_SHARED:
        return []
    return [
        f"the structures share only {shared:,} of {smaller:,} post ids: were the posts "
        "renumbered? --match similar pairs the rest by title, grade and manager"
    ]
