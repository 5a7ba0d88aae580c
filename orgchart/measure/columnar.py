"""Spans, layers and cost on columns (orgchart.table): the same rows as
measure.metrics gives from the graph, computed on whole arrays.

Counts and sums are per column (numpy's bincount, polars' group-by); only
the rows a report shows are made one by one.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from orgchart.check.columnar import CheckedTable
from orgchart.measure import GroupBy
from orgchart.measure.metrics import (
    DEFAULT_BANDS,
    NO_KEY,
    CostLine,
    CostSummary,
    LayerRow,
    LayersSummary,
    SpanRow,
    band_for,
    summary_of_layers,
)
from orgchart.money import CORE_FUNDING, total
from orgchart.table import NO_MANAGER, Table

# Values handed to money.total at a time.
SLICE = 1 << 16


def _below(table: Table) -> np.ndarray[Any, Any]:
    """Posts below each post (a group of count N counts N): each layer's
    totals added to its managers, deepest layer first."""
    parent, layer, counts = table.parent, table.layer, table.counts
    below = np.zeros(len(table), dtype=np.int64)
    order = np.argsort(-layer, kind="stable")
    deepest_first = layer[order]
    starts = np.flatnonzero(np.diff(deepest_first, prepend=deepest_first[0] + 1))
    for start, end in zip(starts.tolist(), [*starts[1:].tolist(), len(order)], strict=True):
        rows = order[start:end]
        rows = rows[parent[rows] != NO_MANAGER]
        np.add.at(below, parent[rows], below[rows] + counts[rows])
    return below


def direct_reports(table: Table) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Each post's span and its reports' FTE, as metrics.direct_reports: posts
    reporting to it in line, a group of N counting N, assistants not counted."""
    counted = (table.parent != NO_MANAGER) & ~table.column("assistant")
    managers = table.parent[counted]
    reports = np.bincount(managers, weights=table.counts[counted], minlength=len(table))
    fte = np.bincount(managers, weights=table.total_fte[counted], minlength=len(table))
    return reports.astype(np.int64), fte


def span_rows(checked: CheckedTable, bands: Sequence[float] | None = None) -> list[SpanRow]:
    """As metrics.span_rows: one row per manager, by layer then id."""
    table = checked.table
    bounds = tuple(bands or DEFAULT_BANDS)
    direct, direct_fte = direct_reports(table)
    managers = (
        table.frame.select("id", "title", "grade", "unit")
        .with_columns(
            layer=pl.Series(table.layer),
            direct=pl.Series(direct),
            direct_fte=pl.Series(direct_fte),
            manager_fte=pl.Series(table.total_fte),
            below=pl.Series(_below(table)),
        )
        .filter(pl.col("direct") > 0)
        .sort("layer", "id")
    )
    rows = []
    for post, title, grade, unit, layer, reports, fte, own, below in managers.iter_rows():
        per_fte = reports / own
        rows.append(
            SpanRow(
                id=post,
                title=title,
                grade=grade,
                unit=unit,
                layer=layer,
                direct_reports=reports,
                direct_fte=round(fte, 6),
                manager_fte=own,
                reports_per_manager_fte=round(per_fte, 6),
                total_reports=below,
                band=band_for(per_fte, bounds),
            )
        )
    return rows


def _total(values: np.ndarray[Any, Any]) -> float:
    """money.total of a column, fed to it a slice at a time: a million Python
    floats at once would take 32 MB."""
    slices = (values[i : i + SLICE].tolist() for i in range(0, len(values), SLICE))
    return total(itertools.chain.from_iterable(slices))


def _sums(keys: pl.Series, columns: Sequence[np.ndarray[Any, Any]]) -> dict[Any, list[float]]:
    """Each key's exact sums of `columns` (money.total; numpy's own sum for
    whole numbers): the rows sorted by key, then summed a run of equal keys at a time."""
    order = keys.arg_sort().to_numpy()
    runs = keys.gather(order).rle()
    values = runs.struct.field("value").to_list()
    ends = np.cumsum(runs.struct.field("len").to_numpy()).tolist()
    ordered = [column[order] for column in columns]
    out: dict[Any, list[float]] = {}
    for value, start, end in zip(values, [0, *ends], ends, strict=False):
        run = [column[start:end] for column in ordered]
        out[value] = [float(r.sum()) if r.dtype.kind == "i" else _total(r) for r in run]
    return out


def layers_summary(checked: CheckedTable, bands: Sequence[float] | None = None) -> LayersSummary:
    """As metrics.layers_summary."""
    table = checked.table
    sums = _sums(pl.Series(table.layer), (table.counts, table.total_fte))
    rows = [LayerRow(k, int(sums[k][0]), round(sums[k][1], 6)) for k in sorted(sums)]
    # Each manager's span and band, as span_rows finds them, without its row.
    direct = direct_reports(table)[0]
    managers = direct > 0
    per_fte = direct[managers] / table.total_fte[managers]
    bounds = tuple(bands or DEFAULT_BANDS)
    labels = [band_for(x, bounds) for x in per_fte.tolist()]
    return summary_of_layers(rows, direct[managers].tolist(), labels)


def costs_of(table: Table, rows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Some posts' annual cost, by row, as cost_summary costs them: the post's
    cost, else its pay band's midpoint x FTE; NaN for neither."""
    frame = table.frame

    def column(name: str) -> np.ndarray[Any, Any]:
        return frame.get_column(name).gather(rows).cast(pl.Float64).fill_null(np.nan).to_numpy()

    cost, low, high = column("cost"), column("pay_min"), column("pay_max")
    banded = (low + high) / 2 * table.total_fte[rows]
    found: np.ndarray[Any, Any] = np.where(np.isnan(cost), banded, cost)
    return found


def cost_summary(checked: CheckedTable, by: GroupBy | None = None) -> CostSummary:
    """As metrics.cost_summary, for a table (no grades table, no funding shares)."""
    table = checked.table
    frame = table.frame
    banded = pl.col("pay_min").is_not_null() & pl.col("pay_max").is_not_null()
    midpoint = (pl.col("pay_min") + pl.col("pay_max")) / 2 * pl.Series(table.total_fte)
    key: pl.Expr
    if by is None:
        key = pl.lit("")
    elif by is GroupBy.FUNDING:
        key = pl.lit(CORE_FUNDING)  # no funding column: the core budget pays for all
    else:
        key = pl.col(str(by)).fill_null(NO_KEY)
    costs = frame.select(
        pl.col("id"),
        key.alias("key"),
        pl.when(pl.col("cost").is_not_null())
        .then(pl.col("cost"))
        .when(banded)
        .then(midpoint)
        .alias("value"),
        (pl.col("cost").is_null() & banded).alias("estimated"),
    )
    value = costs.get_column("value")
    disclosed = value.drop_nulls().to_numpy()
    every = CostLine(
        "total",
        int(table.counts.sum()),
        round(_total(table.total_fte), 6),
        round(_total(disclosed), 2),
    )
    groups = []
    undisclosed = []
    if by is not None:
        keys = costs.get_column("key")
        sums = _sums(keys, (table.counts, table.total_fte))
        money = _sums(keys.filter(value.is_not_null()), (disclosed,))
        for name in sorted(sums):
            posts, fte = sums[name]
            cost = money.get(name, [0.0])[0]
            groups.append(CostLine(name, int(posts), round(fte, 6), round(cost, 2)))
            if name not in money:
                undisclosed.append(name)
    return CostSummary(
        total=every,
        groups=groups,
        uncosted=sorted(costs.filter(value.is_null()).get_column("id").to_list()),
        estimated=sorted(costs.filter(pl.col("estimated")).get_column("id").to_list()),
        undisclosed=undisclosed,
    )
