"""The managers whose reports changed, for the diff of two tables
(compare.columnar): the spans before and after, found on whole arrays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from orgchart.compare.result import SpanChange
from orgchart.measure.columnar import direct_reports
from orgchart.measure.metrics import DEFAULT_BANDS, band_for
from orgchart.table import NO_MANAGER, Table

if TYPE_CHECKING:
    from orgchart.compare.columnar import Pairs

Rows = np.ndarray[Any, Any]


def span_changes(old: Table, new: Table, pairs: Pairs, moved: Rows) -> list[SpanChange]:
    """Managers whose reports changed, or whose span did (a group that grew).

    A manager's reports changed when a post reporting to it went, came, or
    moved: its rows' managers before and after are marked."""
    at_old, at_new = pairs.kept
    lost = np.zeros(len(old) + 1, dtype=bool)  # the last place is NO_MANAGER's
    lost[old.parent[pairs.gone]] = True
    lost[old.parent[at_old[moved]]] = True
    gained = np.zeros(len(new) + 1, dtype=bool)
    gained[new.parent[pairs.come]] = True
    gained[new.parent[at_new[moved]]] = True
    span_old, span_new = direct_reports(old)[0], direct_reports(new)[0]
    in_old, in_new = pairs.old != NO_MANAGER, pairs.new != NO_MANAGER
    before = np.where(in_old, np.append(span_old, 0)[pairs.old], 0)
    after = np.where(in_new, np.append(span_new, 0)[pairs.new], 0)
    reports_changed = (in_old & lost[pairs.old]) | (in_new & gained[pairs.new])
    span_changed = (before != after) | (in_old != in_new)
    shown = (reports_changed | span_changed) & ((before > 0) | (after > 0))
    rows_old, rows_new = pairs.old[shown], pairs.new[shown]
    # Each manager's id and title after, else before; and its FTE on each side.
    ids = _either(rows_old, rows_new, old, new, "id")
    titles = _either(rows_old, rows_new, old, new, "title")
    fte_old = np.append(old.total_fte, 0.0)[rows_old]
    fte_new = np.append(new.total_fte, 0.0)[rows_new]
    out = []
    for post, title, has_old, has_new, n_old, n_new, own_old, own_new in zip(
        ids,
        titles,
        (rows_old != NO_MANAGER).tolist(),
        (rows_new != NO_MANAGER).tolist(),
        before[shown].tolist(),
        after[shown].tolist(),
        fte_old.tolist(),
        fte_new.tolist(),
        strict=True,
    ):
        span_before, span_after = (n_old if has_old else None), (n_new if has_new else None)
        out.append(
            SpanChange(
                post,
                title,
                span_before,
                span_after,
                band_for(n_old / own_old, DEFAULT_BANDS) if span_before else None,
                band_for(n_new / own_new, DEFAULT_BANDS) if span_after else None,
            )
        )
    return out


def _either(rows_old: Rows, rows_new: Rows, old: Table, new: Table, name: str) -> list[Any]:
    """A column's values after, where the post is there after, else before."""
    there = rows_new != NO_MANAGER
    after = new.frame.get_column(name).gather(np.where(there, rows_new, 0))
    before = old.frame.get_column(name).gather(np.where(there, 0, rows_old))
    return after.zip_with(pl.Series(there), before).to_list()
