"""Blocking for matching by similarity: each structure's posts as matching
compares them (Side), and the candidate pairs worth scoring, so that the
work grows with the posts, not their square.

Candidates are posts under managers already matched to each other (and the
top posts); posts that may be one post wherever it moved (one title of the
same words on each side, one holder on each side, managers sharing a word
few titles have); posts of one title the rounds left unpaired, as many on
each side and each side's under one manager (a team's managers moved
together); and the heads of teams already matched. A group of posts
(staff known only by their manager, grade and title) is found only under
managers matched to each other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from orgchart.text import folded

if TYPE_CHECKING:
    from orgchart.model import Post

# Words that say nothing about which post it is.
STOP_WORDS = frozenset({"and", "of", "the", "for", "to", "in", "a", "an", "on", "at", "with"})
# A title, holder or word held by at most this many posts on each side is
# looked for across managers (titles and holders one a side; managers' words five).
FEW = 5
TOP = -1


class Side:
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
        # Groups: entries of several posts, and junior staff (an organogram's,
        # under a senior post), known only by manager, grade and title.
        self.group = [p.count > 1 or p.junior for p in ordered]
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


def candidates(
    b: Side, a: Side, free_b: list[int], free_a: list[int], to_after: list[int]
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
    paired = set(to_after)
    keys_b = _keys(b, free_b)
    keys_a = _keys(a, free_a)
    for found, mine in keys_b.items():
        theirs = keys_a.get(found, [])
        few = FEW if found[0] == "word" else 1
        if len(mine) <= few and len(theirs) <= few:
            yield from ((i, j) for i in mine for j in theirs)
        elif found[0] == "title":
            # Posts of one title the rounds so far left unpaired, as many on
            # each side, each side's under one manager: a team's managers
            # moved together. Which goes with which is the assignment's.
            left_b = [i for i in mine if to_after[i] == TOP]
            left_a = [j for j in theirs if j not in paired]
            one = len({b.manager[i] for i in left_b}) == len({a.manager[j] for j in left_a}) == 1
            if one and 1 < len(left_b) == len(left_a) <= FEW:
                yield from ((i, j) for i in left_b for j in left_a)
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


def _keys(side: Side, free: list[int]) -> dict[tuple[str, ...], list[int]]:
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


def _block(b: Side, a: Side, mine: list[int], theirs: list[int]) -> Iterator[tuple[int, int]]:
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
