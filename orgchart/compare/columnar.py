"""The diff of two tables (orgchart.table): the same Diff as compare.diff gives
from two graphs, found with joins on whole columns.

Only the plain case is done here: the whole structures, no grouping, no
part-year, no pairing of renumbered posts. For the rest, and for trees more
than MAX_LAYERS deep, `diff` returns None and the caller diffs the graphs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from orgchart.check.columnar import CheckedTable
from orgchart.compare.diff import COMPARED, Change, Diff, Move, SpanChange, Summary, _delta
from orgchart.compare.matching import renumbered
from orgchart.measure.columnar import cost_summary, direct_reports
from orgchart.measure.metrics import DEFAULT_BANDS, band_for
from orgchart.model import Post
from orgchart.table import NO_MANAGER, SCHEMA, Table

# Who moved with a post is found by looking up every post's managers, one
# layer at a time: deeper trees are left to the graphs.
MAX_LAYERS = 64
# Fields a table holds that the diff compares; the others are at their defaults.
HELD = [f for f in COMPARED if f in SCHEMA]


def diff(before: CheckedTable, after: CheckedTable) -> Diff | None:
    """As compare.diff.diff(before, after) with no options, but for `titles`,
    which holds only the posts the diff names; None where it must be that."""
    old, new = before.table, after.table
    if max(old.layer.max(), new.layer.max()) > MAX_LAYERS:
        return None
    pairs = _pairs(old, new)
    kept = pairs.drop_nulls()
    gone = pairs.filter(pl.col("new").is_null()).get_column("old").to_list()
    come = pairs.filter(pl.col("old").is_null()).get_column("new").to_list()
    if any("/" in i for i in (*old.ids_at(gone), *new.ids_at(come))):
        return None  # a group named after its manager may be one that moved: see matching
    warnings = renumbered(kept.height, min(len(old), len(new)))
    moved = _moved(old, new, kept)
    changed = _changed(old, new, kept)
    spans = _spans(old, new, pairs)
    added, removed = _posts(new, come), _posts(old, gone)
    named = {m.id for m in moved} | {m.before for m in moved} | {m.after for m in moved}
    named |= {c.id for c in changed} | {s.id for s in spans}
    named |= {p.id for p in added} | {p.id for p in removed}
    total_old, total_new = cost_summary(before).total, cost_summary(after).total
    return Diff(
        added=added,
        removed=removed,
        moved=moved,
        changed=changed,
        spans=spans,
        summary=Summary(total_old, total_new, _delta(total_old, total_new, "total")),
        # The titles of the posts the diff names: a million posts' would take
        # a second and 100 MB, for labels no report of this diff shows.
        titles=_titles(old, new, {i for i in named if i is not None}),
        source_ends={},
        matched=[],
        warnings=warnings,
    )


def _titles(old: Table, new: Table, ids: set[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for table in (old, new):
        found = table.frame.filter(pl.col("id").is_in(sorted(ids))).select("id", "title")
        titles.update(found.iter_rows())
    return titles


def _pairs(old: Table, new: Table) -> pl.DataFrame:
    """Every id of either table with its row in each (null where it is not there), by id."""
    rows = pl.int_range(pl.len(), dtype=pl.Int64)
    return (
        old.frame.select("id", rows.alias("old"))
        .join(new.frame.select("id", rows.alias("new")), on="id", how="full", coalesce=True)
        .sort("id")
    )


def _posts(table: Table, rows: list[int]) -> list[Post]:
    """Posts as the row reader makes them, from their cells (a diff adds or removes few)."""
    picked = table.frame.select(pl.exclude("row"))[rows].sort("id")
    return [
        Post.model_validate({k: v for k, v in record.items() if v is not None})
        for record in picked.iter_rows(named=True)
    ]


def _moved(old: Table, new: Table, kept: pl.DataFrame) -> list[Move]:
    at_old = kept.get_column("old").to_numpy()
    at_new = kept.get_column("new").to_numpy()
    manager_old = old.frame.get_column("reports_to").gather(at_old)
    manager_new = new.frame.get_column("reports_to").gather(at_new)
    changed = manager_old.ne_missing(manager_new).to_numpy()
    went = _went_with(old, new, kept)
    ids = kept.get_column("id").filter(changed).to_list()
    return [
        Move(post, before, after, int(n))
        for post, before, after, n in zip(
            ids,
            manager_old.filter(changed).to_list(),
            manager_new.filter(changed).to_list(),
            went[at_old[changed]].tolist(),
            strict=True,
        )
    ]


def _went_with(old: Table, new: Table, kept: pl.DataFrame) -> np.ndarray[Any, Any]:
    """For each post before (by row), the posts below it before and after (a group of
    k counts k, or fewer where it shrank): those that went with it if it moved.

    A post d went with a post a when a is d's manager, or its manager's, and so
    on, both before and after. Each post's managers before are looked up one
    layer at a time; that one is d's manager after too when it is d's ancestor
    at its own layer after."""
    at_old = kept.get_column("old").to_numpy()
    at_new = kept.get_column("new").to_numpy()
    new_of_old = np.full(len(old), NO_MANAGER, dtype=np.int64)
    new_of_old[at_old] = at_new
    # ancestor[d, k]: post d's manager at layer k + 1 after, or NO_MANAGER.
    layer_new = new.layer
    depth = int(layer_new.max())
    ancestor = np.full((len(new), depth), NO_MANAGER, dtype=np.int64)
    here = np.arange(len(new))
    rows = here.copy()
    while len(rows):
        ancestor[rows, layer_new[here] - 1] = here
        up = new.parent[here]
        keep = up != NO_MANAGER
        rows, here = rows[keep], up[keep]
    weight = np.zeros(len(old), dtype=np.int64)
    weight[at_old] = np.minimum(old.counts[at_old], new.counts[at_new])
    went = np.zeros(len(old), dtype=np.int64)
    d = at_old
    above = old.parent[d]
    while len(d):
        keep = above != NO_MANAGER
        d, above = d[keep], above[keep]
        there = new_of_old[above]  # the manager's row after, or NO_MANAGER
        d_new = new_of_old[d]
        known = there != NO_MANAGER
        same = np.zeros(len(d), dtype=bool)
        same[known] = ancestor[d_new[known], layer_new[there[known]] - 1] == there[known]
        np.add.at(went, above[same], weight[d[same]])
        above = old.parent[above]
    return went


def _changed(old: Table, new: Table, kept: pl.DataFrame) -> list[Change]:
    at_old = kept.get_column("old").to_numpy()
    at_new = kept.get_column("new").to_numpy()
    ids = kept.get_column("id")
    found: list[tuple[str, int, str, Any, Any]] = []
    for name in HELD:
        if name == "fte":
            a, b = pl.Series(old.total_fte[at_old]), pl.Series(new.total_fte[at_new])
        else:
            a = old.frame.get_column(name).gather(at_old)
            b = new.frame.get_column(name).gather(at_new)
        differ = a.ne_missing(b)
        for post, x, y in zip(
            ids.filter(differ).to_list(),
            a.filter(differ).to_list(),
            b.filter(differ).to_list(),
            strict=True,
        ):
            found.append((post, COMPARED.index(name), name, x, y))
    found.sort(key=lambda c: (c[0], c[1]))
    return [Change(post, name, x, y) for post, _, name, x, y in found]


def _spans(old: Table, new: Table, pairs: pl.DataFrame) -> list[SpanChange]:
    """Managers whose reports changed, or whose span did (a group that grew)."""
    edges_old = old.frame.select("id", "reports_to").drop_nulls()
    edges_new = new.frame.select("id", "reports_to").drop_nulls()
    differ = pl.concat(
        [
            edges_old.join(edges_new, on=["id", "reports_to"], how="anti"),
            edges_new.join(edges_old, on=["id", "reports_to"], how="anti"),
        ]
    ).get_column("reports_to")
    span_old, span_new = direct_reports(old)[0], direct_reports(new)[0]
    frame = pairs.with_columns(
        before=pl.col("old").map_batches(lambda s: _take(s, span_old), return_dtype=pl.Int64),
        after=pl.col("new").map_batches(lambda s: _take(s, span_new), return_dtype=pl.Int64),
    ).filter(
        (pl.col("id").is_in(differ.implode()) | pl.col("before").ne_missing(pl.col("after")))
        & ((pl.col("before").fill_null(0) > 0) | (pl.col("after").fill_null(0) > 0))
    )
    at_old, at_new = frame.get_column("old"), frame.get_column("new")
    there = at_new.is_not_null()
    # Each manager's title after, else before; and its FTE on each side.
    titles = _take(at_new, new.frame.get_column("title")).zip_with(
        there, _take(at_old, old.frame.get_column("title"))
    )
    fte_old, fte_new = _take(at_old, old.total_fte), _take(at_new, new.total_fte)
    out = []
    for post, title, before, after, own_old, own_new in zip(
        *(c.to_list() for c in (frame.get_column("id"), titles, frame.get_column("before"))),
        *(c.to_list() for c in (frame.get_column("after"), fte_old, fte_new)),
        strict=True,
    ):
        out.append(
            SpanChange(
                post,
                title,
                before,
                after,
                band_for(before / own_old, DEFAULT_BANDS) if before else None,
                band_for(after / own_new, DEFAULT_BANDS) if after else None,
            )
        )
    return out


def _take(rows: pl.Series, values: np.ndarray[Any, Any] | pl.Series) -> pl.Series:
    """values[rows], null where rows is null."""
    at = rows.fill_null(0)
    if isinstance(values, pl.Series):
        return values.gather(at).set(rows.is_null(), None)
    return pl.Series(values[at.to_numpy()]).set(rows.is_null(), None)
