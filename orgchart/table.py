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

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import polars as pl

from orgchart.errors import Issue

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
