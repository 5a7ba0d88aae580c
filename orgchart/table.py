"""The structure as columns: one array per field, for HR exports of a million posts.

A per-post object costs microseconds a post in Python; a column costs
nanoseconds. Commands that only count, sum and join (span, layers, cost,
validate, diff) work on this table when the file is a plain HR export (see
orgchart.read.columnar); everything else works on model.Structure. The two
must give the same figures: tests compare them on the same files.

Part of the foundation: it holds the columns and the reporting lines as
arrays (each post's manager, its layer), and must not import any stage.
polars and numpy are imported by the modules that need a table, never by
the command line's start-up.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np
import polars as pl

from orgchart.errors import Issue
from orgchart.fields import POST_FIELDS, Status

# The columns of `Table.frame`, with their types. `row` is the file's row of
# the post, the header being row 1, as a spreadsheet counts.
SCHEMA: dict[str, Any] = {
    "row": pl.Int64,
    "id": pl.String,
    "title": pl.String,
    "grade": pl.String,
    "fte": pl.Float64,
    "count": pl.Int64,
    "reports_to": pl.String,
    "unit": pl.String,
    "status": pl.String,
    "cost": pl.Float64,
    "pay_min": pl.Float64,
    "pay_max": pl.Float64,
    "assistant": pl.Boolean,
    "holder": pl.String,
    "notes": pl.String,
}
NO_MANAGER = -1
# Fields of a post a table never holds: always at the model's defaults.
NOT_HELD = frozenset({"dotted_to", "funding", "start_date", "end_date", "junior"})


@dataclass(frozen=True)
class PostRow:
    """A post of a table, with model.Post's fields (fields.PostFields): made
    from cells the table's checks have passed, without the model, which a
    diff of exports would import only to list the posts it adds and removes."""

    id: str
    title: str
    grade: str | None = None
    fte: float | None = None
    count: int = 1
    reports_to: str | None = None
    assistant: bool = False
    status: Status = Status.FILLED
    cost: float | None = None
    pay_min: float | None = None
    pay_max: float | None = None
    unit: str | None = None
    holder: str | None = None
    notes: str | None = None
    funding: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    end_date: dt.date | None = None

    @property
    def total_fte(self) -> float:
        return self.fte if self.fte is not None else float(self.count)

    def record(self) -> dict[str, Any]:
        """As model.post_record: id and title, then the fields not at their
        default, in the order of the model's fields."""
        record: dict[str, Any] = {"id": self.id, "title": self.title}
        for name in POST_FIELDS[2:]:
            if name in NOT_HELD:
                continue
            value = getattr(self, name)
            if value != DEFAULTS.get(name):
                record[name] = value.value if isinstance(value, Status) else value
        return record


# The model's defaults of the fields a table holds.
DEFAULTS: dict[str, Any] = {"count": 1, "assistant": False, "status": Status.FILLED}


@dataclass(frozen=True)
class Table:
    """Posts as columns, in file order; `name` is the structure's name."""

    file: str
    name: str
    frame: pl.DataFrame
    read: tuple[Issue, ...] = ()  # what the reader warned of: columns it did not read

    def __len__(self) -> int:
        return self.frame.height

    def column(self, name: str) -> np.ndarray[Any, Any]:
        return self.frame.get_column(name).to_numpy()

    def ids_at(self, rows: list[int] | np.ndarray[Any, Any]) -> list[str]:
        """The ids of some posts, by row index: a million ids as Python text would take 70 MB."""
        found: list[str] = self.frame.get_column("id").gather(rows).to_list()
        return found

    @cached_property
    def counts(self) -> np.ndarray[Any, Any]:
        return self.column("count")

    @cached_property
    def total_fte(self) -> np.ndarray[Any, Any]:
        """Each entry's FTE: its own, else its count (1.0 a post), as Post.total_fte."""
        fte = self.frame.get_column("fte")
        return fte.fill_null(self.frame.get_column("count").cast(pl.Float64)).to_numpy()

    @cached_property
    def by_id(self) -> tuple[np.ndarray[Any, Any], pl.Series]:
        """Row indices in id order, and the ids in that order: looking an id up
        by bisection takes less memory than a hash join, and finds repeats."""
        ids = self.frame.get_column("id")
        order = self.frame.select(pl.arg_sort_by("id", maintain_order=True)).to_series()
        return order.to_numpy().astype(np.int64), ids.gather(order)

    @cached_property
    def unique(self) -> bool:
        """No id is repeated."""
        ordered = self.by_id[1]
        n = len(ordered)
        return n < 2 or not bool((ordered.slice(1) == ordered.slice(0, n - 1)).any())

    def search(self, ids: pl.Series) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """For each id, how many of this table's ids sort before it, and whether
        the next one is it (a missing id is never found)."""
        order, ordered = self.by_id
        n = len(order)
        if n == 0:
            return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
        at = ordered.search_sorted(ids, side="left").to_numpy().astype(np.int64)
        hit = (ordered.gather(np.minimum(at, n - 1)) == ids).fill_null(False).to_numpy()
        return at, hit

    def rows_of(self, ids: pl.Series) -> np.ndarray[Any, Any]:
        """The row of each id, NO_MANAGER for a missing id or one not here.

        Of a repeated id, the first row is the one found, as the row-by-row checks find it."""
        at, hit = self.search(ids)
        order = np.append(self.by_id[0], NO_MANAGER)  # where no id is, `at` is past the end
        found: np.ndarray[Any, Any] = np.where(hit, order[at], NO_MANAGER)
        return found

    @cached_property
    def parent(self) -> np.ndarray[Any, Any]:
        """Each post's manager as a row index, NO_MANAGER for a top post or an unknown one."""
        return self.rows_of(self.frame.get_column("reports_to"))

    @cached_property
    def layer(self) -> np.ndarray[Any, Any]:
        """Each post's layer (a top post is 1); 0 for a post in or under a reporting cycle.

        Pointer jumping: each round doubles how far every post has looked up
        its chain of managers, so a chain of a million posts takes 20 rounds,
        not a million."""
        parent = self.parent
        n = len(parent)
        rows = np.arange(n)
        top = parent == NO_MANAGER
        jump = np.where(top, rows, parent)
        depth = np.where(top, 0, 1).astype(np.int64)
        for _ in range(max(1, math.ceil(math.log2(n + 1))) + 1):
            depth = depth + depth[jump]
            jump = jump[jump]
        reached = top[jump]
        return np.where(reached, depth + 1, 0)

    @cached_property
    def subtrees(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Each post's place in a depth-first walk of the reporting lines (a
        manager before its reports, each before the next report's), and how
        many posts its subtree holds, itself included: post d is below post a
        when a's place < d's place < a's place + a's subtree. Worked out a
        layer at a time, sizes from the bottom and places from the top.
        (The checks leave no cycles: every post has a layer.)"""
        parent, layer = self.parent, self.layer
        n = len(parent)
        by_layer = np.argsort(layer, kind="stable")
        bounds = np.searchsorted(layer[by_layer], np.arange(int(layer.max(initial=0)) + 2))
        size = np.ones(n, dtype=np.int64)
        for depth in range(len(bounds) - 2, 1, -1):
            rows = by_layer[bounds[depth] : bounds[depth + 1]]
            np.add.at(size, parent[rows], size[rows])
        place = np.zeros(n, dtype=np.int64)
        for depth in range(1, len(bounds) - 1):
            rows = by_layer[bounds[depth] : bounds[depth + 1]]
            above = parent[rows]
            order = np.argsort(above, kind="stable")
            rows, above = rows[order], above[order]
            sizes = size[rows]
            ends = np.cumsum(sizes)
            # The sizes of the earlier reports of the same manager.
            first = np.r_[True, above[1:] != above[:-1]]
            earlier = ends - sizes - np.maximum.accumulate(np.where(first, ends - sizes, 0))
            base = np.where(above == NO_MANAGER, 0, place[above] + 1)
            place[rows] = base + earlier
        return place, size
