"""Pairing by similarity: the posts their ids did not pair, matched on what
they are and where they sit.

A candidate pair (compare.blocking finds them) is scored on its title (case,
spacing and punctuation folded; rarer words weigh more), grade, unit, pay
band, FTE, holder, and structure: whether their managers are matched to each
other, and how alike their teams are (reports matched within the pair, or of
the same titles, grades and FTE). A pair must clear the bar (THRESHOLD), and
its titles must be alike, or its teams, or one person hold both at one
grade, or both be top posts; a group of staff is paired only with a group
of the same grade and title. The pairs are the best assignment of the
candidates that clear the bar, solved exactly (scipy's linear_sum_assignment)
on each connected block.

The matching is worked out again, round after round, until it settles: pairs
made in one round let the next pair the posts below them (and the managers
above), and their scores rise as more of their surroundings match. Ids are
sorted first, so the result does not depend on the order of the files.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from orgchart.compare.blocking import TOP, Side, candidates

if TYPE_CHECKING:
    from orgchart.model import Post

# What each agreement is worth; a pair scores their weighted sum, 0 to 1.
WEIGHTS = {
    "title": 0.28,
    "manager": 0.20,
    "team": 0.15,
    "grade": 0.10,
    "holder": 0.10,
    "unit": 0.06,
    "pay": 0.06,
    "fte": 0.05,
}
# A pair below this score stays a post removed and a post added.
THRESHOLD = 0.55
# ... and so does one whose titles are not alike, unless its teams are.
ALIKE = 0.5
# Added to a pair's margin over the bar, so that a pair just on it still counts.
MARGIN = 0.01
# Rounds of matching, each building on the last; most settle in a few.
MAX_ROUNDS = 12
# No information either way: half marks.
UNKNOWN = 0.5


@dataclass(frozen=True)
class Scored:
    before: str
    after: str
    score: float
    agreed: tuple[str, ...]  # the WEIGHTS keys that agreed


class _Scorer:
    def __init__(self, before: Side, after: Side) -> None:
        self.b, self.a = before, after
        # Rarer words weigh more: "finance" tells posts apart, "head" hardly.
        documents = Counter(w for side in (before, after) for words in side.words for w in words)
        total = len(before.ids) + len(after.ids)
        self.weight = {w: math.log(1 + total / n) for w, n in documents.items()}

    def title(self, i: int, j: int) -> float:
        if self.b.title[i] == self.a.title[j]:
            return 1.0
        x, y = self.b.words[i], self.a.words[j]
        shared = sum(self.weight[w] for w in x & y)
        if not shared:
            return 0.0
        whole = sum(self.weight[w] for w in x) + sum(self.weight[w] for w in y)
        return 0.9 * 2 * shared / whole  # alike, never the same

    def fixed(self, i: int, j: int) -> _Fixed:
        """What a pair's score owes to the posts themselves, worked out once."""
        b, a = self.b, self.a
        found = {
            "title": self.title(i, j),
            "grade": _same(b.grade[i], a.grade[j]),
            "unit": _same(b.unit[i], a.unit[j]),
            "pay": _pay(b.pay[i], a.pay[j]),
            "fte": min(b.fte[i], a.fte[j]) / max(b.fte[i], a.fte[j]),
            # The same person in both: a post retitled in a restructure (the
            # name itself is never shown, only that the holder agreed).
            "holder": 1.0 if b.holder[i] is not None and b.holder[i] == a.holder[j] else UNKNOWN,
        }
        mine, theirs = b.reports[i], a.reports[j]
        if not mine and not theirs:
            team = UNKNOWN
        elif not mine or not theirs:
            team = 0.0
        else:
            team = _alike(b.team[i], a.team[j])
        if (b.group[i] or a.group[j]) and (found["grade"] == 0.0 or found["title"] < 1):
            # Staff in a group are known by their manager, grade and title:
            # a group of another grade or title is other staff.
            found["title"] = 0.0
        return _Fixed(
            sum(WEIGHTS[k] * v for k, v in found.items()),
            found["title"],
            found["holder"] == 1.0 and found["grade"] == 1.0,
            team,
            tuple(k for k, v in found.items() if v >= 0.9),
        )

    def score(
        self, i: int, j: int, fixed: _Fixed, to_after: list[int]
    ) -> tuple[float, tuple[str, ...]]:
        """A pair's score as things stand: the fixed part, and whether its
        managers, and how many of its reports, are matched to each other."""
        b, a = self.b, self.a
        up_b, up_a = b.manager[i], a.manager[j]
        top = up_b == up_a == TOP
        manager = top or (up_b != TOP and to_after[up_b] == up_a)
        team = fixed.team
        mine = b.reports[i]
        if mine and a.reports[j] and team < 1:
            kept = sum(1 for r in mine if to_after[r] != TOP and a.manager[to_after[r]] == j)
            team = max(team, kept / max(len(mine), len(a.reports[j])))
        # Posts not alike in title are not paired, unless their teams are, or
        # one person holds both at one grade, or both are at the top: one
        # organisation's head, however retitled.
        if fixed.title < ALIKE and not (team >= ALIKE and mine) and not fixed.person and not top:
            return 0.0, ()
        score = fixed.score + WEIGHTS["manager"] * manager + WEIGHTS["team"] * team
        agreed = [
            *fixed.agreed,
            *(["manager"] if manager else []),
            *(["team"] if team >= 0.9 and mine else []),
        ]
        return score, tuple(k for k in WEIGHTS if k in agreed)


@dataclass(frozen=True)
class _Fixed:
    score: float  # the weighted sum of the agreements that do not change
    title: float
    person: bool  # the same holder, at the same grade
    team: float  # alike by titles and FTE
    agreed: tuple[str, ...]


def _alike(x: Counter[tuple[str, str | None]], y: Counter[tuple[str, str | None]]) -> float:
    """How alike two teams are, by the kinds of post in them (title and
    grade) and by their FTE, half each: a team that gained a large group is
    still mostly the same kinds of post, and two teams of the same kinds are
    told apart by their sizes."""
    kinds = len(x.keys() & y.keys()) / max(len(x), len(y))
    sizes = sum((x & y).values()) / max(x.total(), y.total())
    return (kinds + sizes) / 2


def _same(x: str | None, y: str | None) -> float:
    if x is None or y is None:
        return UNKNOWN if x is y else 0.0
    return 1.0 if x == y else 0.0


def _pay(x: float | None, y: float | None) -> float:
    """Within 10% counts (an uplift); past it, nothing."""
    if x is None or y is None:
        return UNKNOWN if x is y else 0.0
    if max(x, y) == 0:
        return 1.0
    return max(0.0, 1 - abs(x - y) / max(x, y) / 0.1)


def similar(
    before: Collection[Post],
    after: Collection[Post],
    fixed: dict[str, str],
    left_before: Collection[str],
    left_after: Collection[str],
) -> list[Scored]:
    """Pairs of the posts `left_before` x `left_after` (ids), with `fixed`
    (before id -> after id: the pairs by id) taken as given."""
    b, a = Side(before), Side(after)
    scorer = _Scorer(b, a)
    free_b = sorted(b.index[i] for i in left_before)
    free_a = sorted(a.index[i] for i in left_after)
    anchored = [TOP] * len(b.ids)
    for old, new in fixed.items():
        anchored[b.index[old]] = a.index[new]
    to_after = list(anchored)
    found: Found = {}
    known: dict[tuple[int, int], _Fixed] = {}
    for _ in range(MAX_ROUNDS):
        edges: dict[tuple[int, int], tuple[float, tuple[str, ...]]] = {}
        # A candidate once found stays one (scored afresh each round), so
        # that a pair is never lost for having been made: the rounds settle.
        for i, j in [*known, *candidates(b, a, free_b, free_a, to_after)]:
            if (i, j) not in edges:
                alike = known.get((i, j))
                if alike is None:
                    alike = known[i, j] = scorer.fixed(i, j)
                edges[i, j] = scorer.score(i, j, alike, to_after)
        now = _assign({e: s for e, s in edges.items() if s[0] >= THRESHOLD})
        if {i: p[0] for i, p in now.items()} == {i: p[0] for i, p in found.items()}:
            found = now
            break
        found = now
        to_after = list(anchored)
        for i, (j, _, _) in found.items():
            to_after[i] = j
    return sorted(
        (Scored(b.ids[i], a.ids[j], round(s, 3), agreed) for i, (j, s, agreed) in found.items()),
        key=lambda p: p.after,
    )


Found = dict[int, tuple[int, float, tuple[str, ...]]]


def _assign(kept: dict[tuple[int, int], tuple[float, tuple[str, ...]]]) -> Found:
    """The best pairs of the candidates that cleared the bar: each connected
    block solved exactly (scipy's linear_sum_assignment, imported only when
    there is one to solve: half a second)."""
    if not kept:
        return {}
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    now: Found = {}
    for block in _blocks(list(kept)):
        if len(block) == 1:
            chosen = block
        else:
            rows = sorted({i for i, _ in block})
            cols = sorted({j for _, j in block})
            where_i = {i: n for n, i in enumerate(rows)}
            where_j = {j: n for n, j in enumerate(cols)}
            # The margin over the bar, squared: one sure pair outweighs two
            # doubtful ones, so a post removed does not pull a chain of near
            # misses into pairs.
            gain = np.zeros((len(rows), len(cols)))
            for i, j in block:
                gain[where_i[i], where_j[j]] = (kept[i, j][0] - THRESHOLD + MARGIN) ** 2
            picked_rows, picked_cols = linear_sum_assignment(gain, maximize=True)
            chosen = [
                (rows[r], cols[c])
                for r, c in zip(picked_rows.tolist(), picked_cols.tolist(), strict=True)
                if gain[r, c] > 0
            ]
        for i, j in chosen:
            now[i] = (j, *kept[i, j])
    return now


def _blocks(edges: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The edges (before i, after j) in connected blocks, each in order."""
    import numpy as np
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    pairs = np.array(sorted(edges), dtype=np.int64)
    rows, cols = pairs[:, 0], pairs[:, 1]
    offset = int(rows.max()) + 1
    size = offset + int(cols.max()) + 1
    graph = coo_array((np.ones(len(pairs)), (rows, cols + offset)), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    block = label[rows]
    order = np.argsort(block, kind="stable")
    ends = np.flatnonzero(np.diff(block[order])) + 1
    listed = pairs[order].tolist()
    return [
        [(i, j) for i, j in listed[start:end]]
        for start, end in zip([0, *ends.tolist()], [*ends.tolist(), len(listed)], strict=True)
    ]
