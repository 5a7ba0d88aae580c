"""The whole-structure checks on columns (orgchart.table), for the fast way in.

Errors are only found here, not described: a table with a repeated id, an
unknown manager, a post reporting to itself, a cycle or no top post gives
None, and the caller checks the file row by row, which names each problem
exactly. Warnings are given here, in the words of check.lines, check.posts
and check.costs, for what a plain HR export can hold (no funding, no dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from orgchart.check.costs import LISTED_IN_SUMMARY as COSTS_LISTED
from orgchart.check.lines import LISTED_IN_SUMMARY as TOPS_LISTED
from orgchart.errors import Issue
from orgchart.fields import Status
from orgchart.table import NO_MANAGER, Table


@dataclass(frozen=True)
class CheckedTable:
    """A table with no errors, and its warnings in the order `validate` gives them."""

    table: Table
    warnings: list[Issue]

    @property
    def posts(self) -> int:
        return int(self.table.counts.sum())


def check_table(table: Table) -> CheckedTable | None:
    """The table's warnings, or None when it has an error."""
    frame = table.frame
    parent = table.parent
    manager = frame.get_column("reports_to")
    if not table.unique:
        return None
    unknown = manager.is_not_null().to_numpy() & (parent == NO_MANAGER)
    if unknown.any() or (table.layer == 0).any():
        return None  # an unknown manager, or a cycle (a post reporting to itself is one)
    found: list[tuple[int | None, str, str | None]] = []
    tops = np.flatnonzero(parent == NO_MANAGER)
    found += _tops(table, tops)
    found += _posts(table)
    found += _costs(table)
    rows = frame.get_column("row")
    warnings = [
        *table.read,
        *(
            Issue(table.file, int(rows[i]) if i is not None else None, "warning", message, post)
            for i, message, post in found
        ),
    ]
    warnings.sort(key=Issue.by_line)
    return CheckedTable(table, warnings)


def _tops(table: Table, tops: np.ndarray[Any, Any]) -> list[tuple[int | None, str, str | None]]:
    if len(tops) <= 1:
        return []
    names = ", ".join(table.ids_at(tops[:TOPS_LISTED]))
    more = f" and {len(tops) - TOPS_LISTED} more" if len(tops) > TOPS_LISTED else ""
    return [(int(tops[1]), f"{len(tops)} top posts (no reports_to): {names}{more}", None)]


def _posts(table: Table) -> list[tuple[int | None, str, str | None]]:
    parent = table.parent
    is_manager = np.zeros(len(table), dtype=bool)
    is_manager[parent[parent != NO_MANAGER]] = True
    vacant = (table.frame.get_column("status") == Status.VACANT.value).to_numpy()
    lone = table.column("assistant") & (parent == NO_MANAGER)
    found: list[tuple[int | None, str, str | None]] = []
    rows = np.flatnonzero(vacant & is_manager)
    for i, post in zip(rows.tolist(), table.ids_at(rows), strict=True):
        found.append((i, f"post {post!r} is vacant but has reports", post))
    rows = np.flatnonzero(lone)
    for i, post in zip(rows.tolist(), table.ids_at(rows), strict=True):
        found.append((i, f"post {post!r} is an assistant with no manager to sit beside", post))
    return found


def _costs(table: Table) -> list[tuple[int | None, str, str | None]]:
    """Posts with no pay disclosed; an HR export has no grades table to cost them from."""
    frame = table.frame
    banded = frame.get_column("pay_min").is_not_null() & frame.get_column("pay_max").is_not_null()
    missing = np.flatnonzero((frame.get_column("cost").is_null() & ~banded).to_numpy())
    if len(missing) == 0 or len(missing) == len(table):
        return []
    if len(missing) == 1:
        post = table.ids_at(missing)[0]
        return [(int(missing[0]), f"post {post!r} has no cost: no cost or pay band is given", post)]
    listed = ", ".join(table.ids_at(missing[:COSTS_LISTED]))
    extra = len(missing) - COSTS_LISTED
    more = f" and {extra} more" if extra > 0 else ""
    what = "post(s) have no pay disclosed (no cost or pay band)"
    return [(None, f"{len(missing)} {what}: {listed}{more}; cost totals leave them out", None)]
