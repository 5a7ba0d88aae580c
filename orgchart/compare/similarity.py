"""Pairing by similarity: the posts their ids did not pair, matched on what
they are and where they sit.

A candidate pair is scored on its title (case, spacing and punctuation
folded; rarer words weigh more), grade, unit, pay band, FTE, and structure:
whether their managers are matched to each other, and how many of their
reports are. Candidates are blocked, so the work grows with the posts, not
their square: posts under managers already matched to each other; top posts;
posts whose title is one of a kind on each side (a post that moved); and the
managers of reports already matched (a team's head, whatever its title).
The pairs are the best assignment of the candidates that clear the bar,
solved exactly (scipy's linear_sum_assignment) on each connected block.

The matching is worked out again, round after round, until it settles: pairs
made in one round let the next pair the posts below them (and the managers
above), and their scores rise as more of their surroundings match. Ids are
sorted first, so the result does not depend on the order of the files.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from orgchart.text import folded

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
THRESHOLD = 0.6
# ... and so does one whose titles are not alike, unless its teams are.
ALIKE = 0.5
# Added to a pair's margin over the bar, so that a pair just on it still counts.
MARGIN = 0.01
# Words that say nothing about which post it is.
STOP_WORDS = frozenset({"and", "of", "the", "for", "to", "in", "a", "an", "on", "at", "with"})
# Rounds of matching, each building on the last; most settle in a few.
MAX_ROUNDS = 12
# A title held by at most this many managers on each side is looked for
# across managers.
FEW = 5
# No information either way: half marks.
UNKNOWN = 0.5
TOP = -1


@dataclass(frozen=True)
class Scored:
    before: str
    after: str
    score: float
    agreed: tuple[str, ...]  # the WEIGHTS keys that agreed


class _Side:
    """One structure's posts in id order, with what matching compares of each."""

    def __init__(self, posts: Collection[Post]) -> None:
        ordered = sorted(posts, key=lambda p: p.id)
        self.ids = [p.id for p in ordered]
        self.index = {post_id: i for i, post_id in enumerate(self.ids)}
        self.title = [folded(p.title) for p in ordered]
        self.words = [frozenset(t.split()) - STOP_WORDS for t in self.title]
        self.grade = [folded(p.grade) if p.grade else None for p in ordered]
        self.unit = [folded(p.unit) if p.unit else None for p in ordered]
        self.pay = [
            (p.pay_min + p.pay_max) / 2 if p.pay_min is not None and p.pay_max is not None else None
            for p in ordered
        ]
        self.fte = [p.total_fte for p in ordered]
        # Groups: entries of several posts, and posts named after their
        # manager (`<manager>/<grade>/<title>`, an organogram's junior staff),
        # known only by manager, grade and title.
        self.group = [
            p.count > 1 or (p.reports_to is not None and p.id.startswith(f"{p.reports_to}/"))
            for p in ordered
        ]
        self.holder = [_name(p.holder) for p in ordered]
        self.manager = [
            self.index.get(p.reports_to, TOP) if p.reports_to is not None else TOP for p in ordered
        ]
        self.reports: list[list[int]] = [[] for _ in ordered]
        for i, manager in enumerate(self.manager):
            if manager != TOP:
                self.reports[manager].append(i)
        # Words few single posts' titles have: "pensions" in five, not "director".
        used = Counter(w for i, words in enumerate(self.words) if not self.group[i] for w in words)
        self.rare = {w: n <= FEW for w, n in used.items()}
        # Each manager's team by its reports' titles, grades and FTE: two
        # managers alike in all else are told apart by whom they manage.
        # (title, grade) -> FTE in hundredths
        self.team: list[Counter[tuple[str, str | None]]] = [Counter() for _ in ordered]
        for i, manager in enumerate(self.manager):
            if manager != TOP:
                self.team[manager][self.title[i], self.grade[i]] += round(self.fte[i] * 100)


class _Scorer:
    def __init__(self, before: _Side, after: _Side) -> None:
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
            x, y = b.team[i], a.team[j]
            team = sum((x & y).values()) / max(x.total(), y.total())
        if (b.group[i] or a.group[j]) and found["grade"] == 0.0:
            found["title"] = 0.0  # a group of another grade is other staff
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


def _name(holder: str | None) -> str | None:
    """A holder's name as matching compares it; None where the file says no
    name ("N/D", "vacant"): a word of two letters or more is a name's."""
    if holder is None:
        return None
    name = folded(holder)
    if name in {"vacant", "not disclosed", "eliminated"} or not any(
        len(w) > 1 for w in name.split()
    ):
        return None
    return name


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
    b, a = _Side(before), _Side(after)
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
        for i, j in _candidates(b, a, free_b, free_a, to_after):
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


def _candidates(
    b: _Side, a: _Side, free_b: list[int], free_a: list[int], to_after: list[int]
) -> Iterator[tuple[int, int]]:
    """The pairs worth scoring: blocks of posts that may be one post."""
    # Under managers matched to each other (or both at the top).
    under_b: dict[int, list[int]] = {}
    for i in free_b:
        manager = b.manager[i]
        key = TOP if manager == TOP else to_after[manager]
        if manager == TOP or key != TOP:
            under_b.setdefault(key, []).append(i)
    under_a: dict[int, list[int]] = {}
    for j in free_a:
        under_a.setdefault(a.manager[j], []).append(j)
    for key, mine in under_b.items():
        theirs = under_a.get(key)
        if theirs:
            yield from _block(b, a, mine, theirs)
    # Posts that may be one post wherever it moved: one title of these words
    # on each side, or one holder on each side; managers sharing a word few
    # titles have (their teams then tell). Not groups of posts: staff known
    # only by their manager, grade and title are, under another manager,
    # other staff.
    keys_b = _keys(b, free_b)
    keys_a = _keys(a, free_a)
    for found, mine in keys_b.items():
        theirs = keys_a.get(found, [])
        few = FEW if found[0] == "word" else 1
        if len(mine) <= few and len(theirs) <= few:
            yield from ((i, j) for i in mine for j in theirs)
    # Managers of the same title, a few on each side: a team that moved
    # under a title others share (the teams then tell them apart).
    heads_b: dict[str, list[int]] = {}
    for i in free_b:
        if b.reports[i]:
            heads_b.setdefault(b.title[i], []).append(i)
    heads_a: dict[str, list[int]] = {}
    for j in free_a:
        if a.reports[j]:
            heads_a.setdefault(a.title[j], []).append(j)
    for title, mine in heads_b.items():
        theirs = heads_a.get(title, [])
        if len(mine) <= FEW and len(theirs) <= FEW:
            yield from ((i, j) for i in mine for j in theirs)
    # The head of a team already matched, wherever the team went, whatever its title.
    free = set(free_a)
    for i in free_b:
        for r in b.reports[i]:
            j = to_after[r]
            if j != TOP and a.manager[j] in free:
                yield i, a.manager[j]


def _keys(side: _Side, free: list[int]) -> dict[tuple[str, ...], list[int]]:
    """The single posts of `free` by what may find them across managers:
    their title's words, their holder, and a manager's rarer title words."""
    keys: dict[tuple[str, ...], list[int]] = {}
    for i in free:
        if side.group[i]:
            continue
        words = side.words[i]
        keys.setdefault(("title", *sorted(words)), []).append(i)
        for word in words if side.reports[i] else ():
            if side.rare[word]:
                keys.setdefault(("word", word), []).append(i)
        holder = side.holder[i]
        if holder is not None:
            keys.setdefault(("holder", holder), []).append(i)
    return keys


def _block(b: _Side, a: _Side, mine: list[int], theirs: list[int]) -> Iterator[tuple[int, int]]:
    """The pairs of a block that could clear the bar: the same title; else
    titles sharing a word; and two managers (whose teams may be alike)."""
    if len(mine) == 1 and len(theirs) == 1:
        yield mine[0], theirs[0]
        return
    by_title: dict[str, list[int]] = {}
    by_word: dict[str, list[int]] = {}
    for j in theirs:
        by_title.setdefault(a.title[j], []).append(j)
        for w in a.words[j] or {a.title[j]}:
            by_word.setdefault(w, []).append(j)
    heads = [j for j in theirs if a.reports[j]]
    for i in mine:
        same = by_title.get(b.title[i])
        if same:
            # Most posts keep their title: a look at the others would find
            # only worse pairs, and cost most of the time.
            yield from ((i, j) for j in same)
            if not b.reports[i]:
                continue
        seen: set[int] = set(same or ())
        for w in () if same else b.words[i] or {b.title[i]}:
            for j in by_word.get(w, ()):
                if j not in seen:
                    seen.add(j)
                    yield i, j
        if b.reports[i]:
            yield from ((i, j) for j in heads if j not in seen)


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
