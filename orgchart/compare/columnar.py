"""The diff of two tables (orgchart.table): the same Diff as compare.diff gives
from two graphs, found on whole arrays of rows.

Only the plain case is done here: the whole structures, no grouping, no
part-year, posts matched by id (How.ID, or How.AUTO where the two share at
least half their ids). For the rest (a renumbered export is matched by
similarity), and for trees more than MAX_LAYERS deep, `diff` returns None
and the caller diffs the graphs. What counts as a change is compare.changes'.

Posts are paired by bisection on each table's ids in order (Table.by_id,
which the checks have already made), not by a hash join: it is faster, and
each post's manager is then compared as a row, not as text.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import polars as pl

from orgchart.check.columnar import CheckedTable
from orgchart.compare.changes import retyped, uniform
from orgchart.compare.diff import COSTED
from orgchart.compare.matching import FEW_SHARED, How, renumbered
from orgchart.compare.result import (
    COMPARED,
    Change,
    Diff,
    Move,
    Summary,
    Tally,
    as_printed,
    delta,
)
from orgchart.compare.tablespans import span_changes
from orgchart.fields import PostFields, Status
from orgchart.measure.columnar import cost_summary, costs_of
from orgchart.money import cost_of
from orgchart.table import NO_MANAGER, SCHEMA, PostRow, Table

# Who moved with a post is found by looking up every post's managers, one
# layer at a time: deeper trees are left to the graphs.
MAX_LAYERS = 64
# Fields a table holds that the diff compares; the others are at their defaults.
HELD = [f for f in COMPARED if f in SCHEMA]
Rows = np.ndarray[Any, Any]


@dataclass(frozen=True)
class Pairs:
    """Every id of either table, in id order, as its row in each: NO_MANAGER
    where the id is not in that table."""

    old: Rows
    new: Rows

    @cached_property
    def kept(self) -> tuple[Rows, Rows]:
        """The rows, before and after, of the posts in both, in id order."""
        both = (self.old != NO_MANAGER) & (self.new != NO_MANAGER)
        return self.old[both], self.new[both]

    @cached_property
    def gone(self) -> Rows:
        rows: Rows = self.old[self.new == NO_MANAGER]
        return rows

    @cached_property
    def come(self) -> Rows:
        rows: Rows = self.new[self.old == NO_MANAGER]
        return rows


def diff(
    before: CheckedTable,
    after: CheckedTable,
    *,
    how: How = How.AUTO,
    ignore: Collection[str] = (),
    strict: bool = False,
) -> Diff | None:
    """As compare.diff.diff(before, after, match=how, ignore=ignore, strict=strict),
    but for `titles`, which holds only the posts the diff names; None where it
    must be that."""
    old, new = before.table, after.table
    if how not in (How.AUTO, How.ID) or max(old.layer.max(), new.layer.max()) > MAX_LAYERS:
        return None
    pairs = pair(old, new)
    at_old, at_new = pairs.kept
    smaller = min(len(old), len(new))
    if how is How.AUTO and smaller and len(at_old) < smaller * FEW_SHARED:
        return None  # renumbered: matched by similarity, on the graphs
    gone, come = pairs.gone, pairs.come
    if _recased(old.ids_at(gone), new.ids_at(come)):
        return None  # ids that differ only in letter case: paired, on the graphs
    moving = _moving(old, new, pairs)
    went, carried = _went_with(old, new, pairs, moving)
    moved = _moved(old, new, pairs, moving, went)
    changed, skipped, touched, costed = _changed(
        old, new, at_old, at_new, frozenset(ignore), strict
    )
    spans = span_changes(old, new, pairs, moving)
    added, removed = _posts(new, come), _posts(old, gone)
    total_old, total_new = cost_summary(before).total, cost_summary(after).total
    units = tuple(
        set(t.frame.get_column("unit").drop_nulls().unique().to_list()) for t in (old, new)
    )
    return Diff(
        added=added,
        removed=removed,
        moved=moved,
        changed=changed,
        spans=spans,
        summary=Summary(
            as_printed(total_old), as_printed(total_new), delta(total_old, total_new, "total")
        ),
        # The titles of the posts the diff names: a million posts' would take
        # a second and 100 MB, for labels no report of this diff shows.
        titles=_titles(old, new, pairs, moving, touched),
        source_ends={},
        matched=[],
        warnings=renumbered(len(at_old), smaller) if how is How.ID else [],
        uniform=uniform(changed, (units[0], units[1])),
        tally=_tally(new, pairs, moving, went, carried, touched, added, removed),
        effects=_effects(old, new, pairs, costed, added, removed),
        retyped=skipped,
    )


def _recased(gone: list[str], come: list[str]) -> bool:
    """Whether a post removed and a post added have ids alike but for case."""
    return bool({i.casefold() for i in gone} & {i.casefold() for i in come})


def _tally(
    new: Table,
    pairs: Pairs,
    moving: Rows,
    went: Rows,
    carried: Rows,
    touched: Rows,
    added: list[PostFields],
    removed: list[PostFields],
) -> Tally:
    """As compare.diff.tally: each post touched counted once (as it is after)."""
    at_old, at_new = pairs.kept
    others = touched & ~moving & ~carried[at_old]
    return Tally(
        created=sum(p.count for p in added),
        created_fte=sum(p.total_fte for p in added),
        deleted=sum(p.count for p in removed),
        deleted_fte=sum(p.total_fte for p in removed),
        moved=int(new.counts[at_new[moving]].sum()),
        carried=int(went[at_old[moving]].sum()),
        changed=int(new.counts[at_new[others]].sum()),
    )


def _effects(
    old: Table,
    new: Table,
    pairs: Pairs,
    costed: Rows,
    added: list[PostFields],
    removed: list[PostFields],
) -> dict[str, float]:
    """As compare.diff: each post's effect on the annual cost, zero ones left out."""
    effects = {p.id: cost_of(p, {}).value or 0.0 for p in added}
    effects.update({p.id: -(cost_of(p, {}).value or 0.0) for p in removed})
    at_old, at_new = pairs.kept
    rows_old, rows_new = at_old[costed], at_new[costed]
    change = costs_of(new, rows_new) - costs_of(old, rows_old)
    known = ~np.isnan(change)
    effects.update(zip(old.ids_at(rows_old[known]), change[known].tolist(), strict=True))
    return {k: round(v, 2) for k, v in effects.items() if v}


def pair(old: Table, new: Table) -> Pairs:
    """The ids of both tables merged in order: each new id is looked up among
    the old ones, and the ids found in old only fill the places left."""
    order_old, order_new = old.by_id[0], new.by_id[0]
    n_old, n_new = len(order_old), len(order_new)
    # at[j]: how many old ids sort before new id j; found[j]: whether the next one is it.
    at, found = old.search(new.by_id[1])
    # A new id's place: the old ids before it, and the new ones not already counted.
    shared_before = np.cumsum(found) - found
    place = at + np.arange(n_new) - shared_before
    size = n_old + n_new - int(found.sum())
    only_new = np.zeros(size, dtype=bool)
    only_new[place[~found]] = True
    rows_old = np.full(size, NO_MANAGER, dtype=np.int64)
    rows_old[~only_new] = order_old
    rows_new = np.full(size, NO_MANAGER, dtype=np.int64)
    rows_new[place] = order_new
    return Pairs(rows_old, rows_new)


def _titles(old: Table, new: Table, pairs: Pairs, moving: Rows, touched: Rows) -> dict[str, str]:
    """The titles of the posts the diff names by id (moved, their managers,
    changed), each after, else before: gathered by row, not looked for."""
    at_old, at_new = pairs.kept
    managers_old = old.parent[at_old[moving]]
    managers_old = managers_old[managers_old != NO_MANAGER]
    also_new = _new_of_old(old, pairs)[managers_old]
    managers_new = new.parent[at_new[moving]]
    rows_new = np.concatenate(
        [
            at_new[moving | touched],
            managers_new[managers_new != NO_MANAGER],
            also_new[also_new != NO_MANAGER],
        ]
    )
    rows_old = managers_old[also_new == NO_MANAGER]
    titles: dict[str, str] = {}
    for table, rows in ((old, rows_old), (new, rows_new)):
        rows = np.unique(rows)
        found = table.frame.get_column("title").gather(rows).to_list()
        titles.update(zip(table.ids_at(rows), found, strict=True))
    return titles


# A PostRow's fields, in its order, as a table holds them.
ROW_FIELDS = [f for f in PostRow.__dataclass_fields__ if f in SCHEMA]


def _posts(table: Table, rows: Rows) -> list[PostFields]:
    """The posts of some rows, from their cells (the checks passed them)."""
    picked = table.frame.select(ROW_FIELDS)[rows]
    posts: list[PostFields] = []
    for cells in picked.iter_rows():
        values = dict(zip(ROW_FIELDS, cells, strict=True))
        status = values.pop("status")
        posts.append(
            PostRow(
                **{k: v for k, v in values.items() if v is not None},
                status=Status(status) if status is not None else Status.FILLED,
            )
        )
    return posts


def _new_of_old(old: Table, pairs: Pairs) -> Rows:
    """Each post's row after, by its row before; NO_MANAGER for a post gone,
    and one more place at the end, for NO_MANAGER itself."""
    at_old, at_new = pairs.kept
    found = np.full(len(old) + 1, NO_MANAGER, dtype=np.int64)
    found[at_old] = at_new
    return found


def _moving(old: Table, new: Table, pairs: Pairs) -> Rows:
    """Of the posts in both, whether each has another manager after: the
    manager before, as a row after, is not the manager after."""
    at_old, at_new = pairs.kept
    above = old.parent[at_old]
    there = _new_of_old(old, pairs)[above]  # NO_MANAGER for none, or for one gone
    gone = (above != NO_MANAGER) & (there == NO_MANAGER)
    moving: Rows = (there != new.parent[at_new]) | gone
    return moving


def _moved(old: Table, new: Table, pairs: Pairs, moving: Rows, went: Rows) -> list[Move]:
    at_old, at_new = pairs.kept
    rows_old, rows_new = at_old[moving], at_new[moving]
    return [
        Move(post, before, after, int(n))
        for post, before, after, n in zip(
            old.ids_at(rows_old),
            old.frame.get_column("reports_to").gather(rows_old).to_list(),
            new.frame.get_column("reports_to").gather(rows_new).to_list(),
            went[rows_old].tolist(),
            strict=True,
        )
    ]


def _went_with(old: Table, new: Table, pairs: Pairs, moving: Rows) -> tuple[Rows, Rows]:
    """For each post before (by row), the posts below it before and after (a group of
    k counts k, or fewer where it shrank), where it moved: those that went with it;
    and whether each post before went with a post that moved.

    A post d went with a post a when d is below a both before and after. The
    posts below a moved post before are a run of the depth-first walk
    (Table.subtrees): each is looked up after, all runs at once."""
    at_old, at_new = pairs.kept
    went = np.zeros(len(old), dtype=np.int64)
    carried = np.zeros(len(old), dtype=bool)
    movers_old, movers_new = at_old[moving], at_new[moving]
    place_old, size_old = old.subtrees
    place_new, size_new = new.subtrees
    walk = np.empty(len(old), dtype=np.int64)
    walk[place_old] = np.arange(len(old))
    lengths = size_old[movers_old] - 1
    owner = np.repeat(np.arange(len(movers_old)), lengths)
    step = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    below = walk[np.repeat(place_old[movers_old] + 1, lengths) + step]
    below_new = _new_of_old(old, pairs)[below]
    kept = below_new != NO_MANAGER
    owner, below, below_new = owner[kept], below[kept], below_new[kept]
    top = movers_new[owner]
    inside = (place_new[below_new] > place_new[top]) & (
        place_new[below_new] < place_new[top] + size_new[top]
    )
    owner, below, below_new = owner[inside], below[inside], below_new[inside]
    # A group that also changed size went with only the posts it kept.
    weight = np.minimum(old.counts[below], new.counts[below_new])
    went[movers_old] = np.bincount(owner, weights=weight, minlength=len(movers_old))
    carried[below] = True
    return went, carried


def _changed(
    old: Table, new: Table, at_old: Rows, at_new: Rows, ignore: frozenset[str], strict: bool
) -> tuple[list[Change], int, Rows, Rows]:
    """The changes of the posts in both, in id order; how many differences
    only of case, spacing or punctuation were left out (changes.retyped); and,
    of the posts in both (at_old, at_new), which changed, and which changed
    what they cost."""
    found: list[tuple[str, int, str, Any, Any]] = []
    skipped = 0
    touched = np.zeros(len(at_old), dtype=bool)
    costed = np.zeros(len(at_old), dtype=bool)
    for name in HELD:
        if name in ignore or (_never_given(old, name) and _never_given(new, name)):
            continue  # a column neither export has: nothing to gather
        if name == "fte":
            a, b = pl.Series(old.total_fte[at_old]), pl.Series(new.total_fte[at_new])
        else:
            a = old.frame.get_column(name).gather(at_old)
            b = new.frame.get_column(name).gather(at_new)
        differ = a.ne_missing(b)
        where = np.flatnonzero(differ.to_numpy())
        for at, post, x, y in zip(
            where.tolist(),
            old.ids_at(at_old[where]),
            a.filter(differ).to_list(),
            b.filter(differ).to_list(),
            strict=True,
        ):
            if not strict and retyped(name, x, y):
                skipped += 1
                continue
            found.append((post, COMPARED.index(name), name, x, y))
            touched[at] = True
            costed[at] |= name in COSTED
    found.sort(key=lambda c: (c[0], c[1]))
    return [Change(post, name, x, y) for post, _, name, x, y in found], skipped, touched, costed


def _never_given(table: Table, name: str) -> bool:
    column = table.frame.get_column(name)
    return column.null_count() == len(column)
